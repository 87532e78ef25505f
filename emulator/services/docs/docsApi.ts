/**
 * The Docs advanced service (`Docs`, Google Docs API v1), as far as the project uses it:
 * `Docs.Documents.get(id)` returning the body's structural elements with their indexes, and
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

function paragraphLength(p: ParagraphNode): number {
  let n = 0;
  for (const c of p.children) n += c.kind === 'text' ? c.runs.reduce((s, r) => s + r.text.length, 0) : 1;
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

class FakeDocuments implements SelfAware {
  _self: unknown = this;
  constructor(private readonly _env: Env) {}

  get(documentId: string): unknown {
    const doc = modelOf(this._env, documentId);
    const located: Located[] = [];
    locate(doc.body.children, 1, located);
    const content = [
      { endIndex: 1, sectionBreak: {} },
      ...located.map((l) => ({ startIndex: l.startIndex, endIndex: l.endIndex, ...(l.table ? { table: { rows: l.table.rows.length, columns: l.table.rows[0]?.cells.length ?? 0 } } : { paragraph: {} }) })),
    ];
    return { documentId: doc.id, title: doc.name, body: { content } };
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
