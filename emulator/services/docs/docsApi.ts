/**
 * The Docs advanced service (`Docs`, Google Docs API v1), as far as the project uses it:
 * `Docs.Documents.get(id)` returning the body's structural elements with their indexes
 * (paragraphs' text runs and page-number AutoText, tables' rows and cells with their content and
 * spans), the default header and footer and the document style's first-page setting, and
 * `Docs.Documents.batchUpdate({requests}, id)` with `pinTableHeaderRows` (the header row repeats
 * on every page) and `updateTableRowStyle` with `preventOverflow` (a row never splits across
 * pages): the two table properties DocumentApp has no method for. The `.docx` the emulator
 * writes carries them (`w:tblHeader`, `w:cantSplit`). Both manifests enable the service
 * (appsscript.json `dependencies.enabledAdvancedServices`), so the sandbox always has it.
 *
 * Indexes follow the Docs API's structure: the body opens with a section break ending at 1; a
 * paragraph takes its text's UTF-16 length plus its newline, an inline image or page break one;
 * a table takes one at its start, one per row, one per cell, its cells' content, and one at its
 * end. Reference: developers.google.com/docs/api/concepts/structure and the batchUpdate requests
 * PinTableHeaderRowsRequest and UpdateTableRowStyleRequest.
 */
import type { Env } from '../../core/env';
import { registerService } from '../../core/calls';
import { exception, wrap, type SelfAware } from '../base';
import { driveState, scheduleDocumentWrite } from './drive';
import type { BlockNode, DocModel, ParagraphNode, TableNode } from './model';

registerService('Docs', ['Docs', 'Documents']);

interface Located {
  startIndex: number;
  endIndex: number;
  table?: TableNode;
}

/** An AutoText element (a page number) takes one index, whatever it shows. */
function runLength(r: { text: string; field?: string }): number {
  return r.field ? 1 : r.text.length;
}

function paragraphLength(p: ParagraphNode): number {
  let n = 0;
  for (const c of p.children) n += c.kind === 'text' ? c.runs.reduce((s, r) => s + runLength(r), 0) : 1;
  return n + 1;
}

/** The blocks of a container from `start`, with their indexes; the position after them. */
function locate(blocks: BlockNode[], start: number, out: Located[] | null): number {
  let pos = start;
  for (const b of blocks) {
    const from = pos;
    if (b.kind === 'paragraph') pos += paragraphLength(b);
    else {
      pos += 1;
      for (const row of b.rows) {
        pos += 1;
        for (const cell of row.cells) pos = locate(cell.children, pos + 1, null);
      }
      pos += 1;
    }
    out?.push({ startIndex: from, endIndex: pos, ...(b.kind === 'table' ? { table: b } : {}) });
  }
  return pos;
}

const NAMED_STYLE: Record<string, string> = {
  NORMAL: 'NORMAL_TEXT',
  TITLE: 'TITLE',
  SUBTITLE: 'SUBTITLE',
  HEADING1: 'HEADING_1',
  HEADING2: 'HEADING_2',
  HEADING3: 'HEADING_3',
  HEADING4: 'HEADING_4',
  HEADING5: 'HEADING_5',
  HEADING6: 'HEADING_6',
};

/**
 * The body's structural elements as documents.get returns them (Document > Body > content:
 * paragraphs with their text runs, tables with tableRows > tableCells > content and the cell's
 * tableCellStyle), with the same indexes as `locate`. A paragraph's last run ends with its "\n";
 * a line break inside a paragraph is "\u000b" (vertical tab) in the API's text. Merged cells: the
 * head carries rowSpan/columnSpan; the cells it covers keep the emulator's 0 (see docxReader.ts;
 * the reference says only that the spans are read-only). Reference:
 * developers.google.com/docs/api/reference/rest/v1/documents (StructuralElement, Table, TableCell).
 */
function structure(blocks: BlockNode[], start: number): { content: unknown[]; end: number } {
  const content: unknown[] = [];
  let pos = start;
  for (const b of blocks) {
    const from = pos;
    if (b.kind === 'paragraph') {
      const elements: Record<string, unknown>[] = [];
      let at = pos;
      for (const c of b.children) {
        if (c.kind === 'text') {
          for (const r of c.runs) {
            if (r.field) {
              // A page-number field: ParagraphElement.autoText, type PAGE_NUMBER (read-only in the API).
              elements.push({ startIndex: at, endIndex: at + 1, autoText: { type: r.field, textStyle: {} } });
              at += 1;
              continue;
            }
            const text = r.text.replace(/\r/g, '\u000b');
            elements.push({ startIndex: at, endIndex: at + text.length, textRun: { content: text, textStyle: { ...(r.style.bold ? { bold: true } : {}), ...(r.style.italic ? { italic: true } : {}) } } });
            at += text.length;
          }
        } else {
          const kind = c.kind === 'pagebreak' ? { pageBreak: {} } : c.kind === 'hr' ? { horizontalRule: {} } : { inlineObjectElement: {} };
          elements.push({ startIndex: at, endIndex: at + 1, ...kind });
          at += 1;
        }
      }
      const last = elements[elements.length - 1] as { endIndex: number; textRun?: { content: string } } | undefined;
      if (last?.textRun) {
        last.textRun.content += '\n';
        last.endIndex += 1;
      } else elements.push({ startIndex: at, endIndex: at + 1, textRun: { content: '\n', textStyle: {} } });
      pos += paragraphLength(b);
      content.push({ startIndex: from, endIndex: pos, paragraph: { elements, paragraphStyle: { namedStyleType: NAMED_STYLE[b.heading] ?? 'NORMAL_TEXT' } } });
    } else {
      pos += 1;
      const tableRows = b.rows.map((row) => {
        const rowStart = pos;
        pos += 1;
        const tableCells = row.cells.map((cell) => {
          const cellStart = pos;
          const inner = structure(cell.children, pos + 1);
          pos = inner.end;
          return { startIndex: cellStart, endIndex: pos, content: inner.content, tableCellStyle: { rowSpan: cell.rowSpan ?? 1, columnSpan: cell.colSpan ?? 1 } };
        });
        return { startIndex: rowStart, endIndex: pos, tableCells };
      });
      pos += 1;
      content.push({ startIndex: from, endIndex: pos, table: { rows: b.rows.length, columns: b.rows[0]?.cells.length ?? 0, tableRows } });
    }
  }
  return { content, end: pos };
}

function modelOf(env: Env, id: unknown): DocModel {
  const rec = driveState(env).files[String(id)];
  if (!rec?.doc) throw exception(`Requested entity was not found.`);
  return rec.doc;
}

function tableAt(doc: DocModel, location: unknown, what: string): TableNode {
  const index = (location as { index?: unknown } | null)?.index;
  const found: Located[] = [];
  locate(doc.body.children, 1, found);
  const hit = found.find((l) => l.startIndex === index && l.table);
  if (!hit?.table) throw exception(`Invalid requests[${what}]: The provided table start location is invalid.`);
  return hit.table;
}

/** The ids Docs gives headers and footers look like "kix.xxxxxxxx"; the emulator has one of each. */
const HEADER_ID = 'kix.header0';
const FOOTER_ID = 'kix.footer0';

class FakeDocuments implements SelfAware {
  _self: unknown = this;
  constructor(private readonly _env: Env) {}

  /**
   * The document: its title, the body's content (`structure`), the default header and footer
   * (Document.headers / footers by id, their content indexed from 0) and the DocumentStyle's
   * defaultHeaderId, defaultFooterId and useFirstPageHeaderFooter (the first page's own empty
   * header is not listed: the emulator keeps no content for it). `_parameters` (fields…) are not
   * applied. Reference: developers.google.com/workspace/docs/api/reference/rest/v1/documents
   * (Document, DocumentStyle, Header).
   */
  get(documentId: string, _parameters?: unknown): unknown {
    const doc = modelOf(this._env, documentId);
    const content = [{ endIndex: 1, sectionBreak: {} }, ...structure(doc.body.children, 1).content];
    const out: Record<string, unknown> = { documentId: doc.id, title: doc.name, body: { content } };
    const style: Record<string, unknown> = { useFirstPageHeaderFooter: !!doc.firstPageHeaderFooter };
    if (doc.header) {
      style.defaultHeaderId = HEADER_ID;
      out.headers = { [HEADER_ID]: { headerId: HEADER_ID, content: structure(doc.header.children, 0).content } };
    }
    if (doc.footer) {
      style.defaultFooterId = FOOTER_ID;
      out.footers = { [FOOTER_ID]: { footerId: FOOTER_ID, content: structure(doc.footer.children, 0).content } };
    }
    out.documentStyle = style;
    return out;
  }

  batchUpdate(resource: { requests?: unknown[] }, documentId: string): unknown {
    const doc = modelOf(this._env, documentId);
    const requests = Array.isArray(resource?.requests) ? resource.requests : [];
    // All or nothing, as the API applies a batch: check every request before changing anything.
    const changes: (() => void)[] = requests.map((r, i) => {
      const req = r as Record<string, Record<string, unknown> | undefined>;
      if (req.pinTableHeaderRows) {
        const p = req.pinTableHeaderRows;
        const t = tableAt(doc, p.tableStartLocation, `${i}`);
        const n = Number(p.pinnedHeaderRowsCount ?? 0);
        if (!Number.isInteger(n) || n < 0 || n > t.rows.length) throw exception(`Invalid requests[${i}].pinTableHeaderRows: invalid pinnedHeaderRowsCount.`);
        return () => {
          t.headerRows = n;
        };
      }
      if (req.updateTableRowStyle) {
        const u = req.updateTableRowStyle;
        const t = tableAt(doc, u.tableStartLocation, `${i}`);
        const fields = String(u.fields ?? '').split(',').map((f) => f.trim());
        const style = (u.tableRowStyle ?? {}) as { preventOverflow?: boolean; minRowHeight?: { magnitude?: number } };
        if (!fields[0]) throw exception(`Invalid requests[${i}].updateTableRowStyle: At least one field must be specified.`);
        const rows = Array.isArray(u.rowIndices) && u.rowIndices.length ? u.rowIndices.map(Number) : t.rows.map((_, k) => k);
        return () => {
          for (const k of rows) {
            const row = t.rows[k];
            if (!row) continue;
            if (fields.includes('preventOverflow') || fields.includes('*')) row.cantSplit = !!style.preventOverflow;
            if (fields.includes('minRowHeight') || fields.includes('*')) row.minimumHeight = style.minRowHeight?.magnitude ?? 0;
          }
        };
      }
      throw exception(`Invalid requests[${i}]: the emulator's Docs service supports pinTableHeaderRows and updateTableRowStyle only.`);
    });
    for (const apply of changes) apply();
    doc.rev++;
    scheduleDocumentWrite(this._env, doc.id);
    return { documentId: doc.id, replies: requests.map(() => ({})), writeControl: { requiredRevisionId: String(doc.rev) } };
  }
}

class FakeDocs implements SelfAware {
  _self: unknown = this;
  readonly Documents: unknown;
  constructor(env: Env) {
    this.Documents = wrap(new FakeDocuments(env), 'Documents', env);
  }
}

export function createDocs(env: Env): unknown {
  return wrap(new FakeDocs(env), 'Docs', env);
}
