/**
 * Reads a Word file (.docx, WordprocessingML) into the emulator's Doc model: what Drive does when
 * a .docx is uploaded with conversion to a Google Doc (Drive.Files.create with the Google Docs
 * MIME type, or "Open with Google Docs"), so DocumentApp sees it as Google's converted Doc.
 *
 * Synchronous (fflate's unzipSync, saxes): conversion happens inside a script's service call,
 * and scripts are synchronous.
 *
 * What is read: the body's paragraphs (runs with bold/italic/underline/strike, font, size, color,
 * links, tabs, line breaks as "\r", page breaks), headings (by the paragraph style's name, as
 * Docs maps Word's "heading 1"… and "Title"/"Subtitle"), alignment, list items (glyph from
 * numbering.xml), tables with the column grid, shading, vertical alignment, header rows,
 * "can't split" rows and merged cells, the page size and margins, and the default header and
 * footer.
 *
 * Merged cells. Docs keeps a table's full grid: a merged range is one head cell carrying the span
 * and the cells it covers are still there, so every row has as many cells as the table has
 * columns. Google's reference for TableCell.getColSpan / getRowSpan
 * (developers.google.com/apps-script/reference/document/table-cell#getColSpan()) says
 * "Non-merged cells have a col span of 1" (row span likewise); it does not say what a covered cell
 * returns. Scripts reading merged Docs tables (and the Docs API's TableCellStyle, where the spans
 * are read-only) see 0 there, which is what the emulator gives: colSpan and rowSpan 0 on every
 * covered cell, the spans on the head, and the covered cells' own content (Word leaves them empty).
 *
 * Open for more: `readHeaderFooter` takes the reference type, so the first-page header/footer
 * (w:titlePg) and fields (PAGE) can be added where the runs are read (`readRun`).
 */
import { strFromU8, unzipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import {
  DEFAULT_PAGE,
  ensureTrailingParagraph,
  newDocModel,
  newParagraph,
  normalizeRuns,
  type AlignmentName,
  type BlockNode,
  type CellNode,
  type DocModel,
  type GlyphName,
  type HeadingName,
  type InlineNode,
  type ParagraphNode,
  type RowNode,
  type SectionNode,
  type TableNode,
  type TextStyle,
} from './model';

export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** An XML element with its local name (prefix dropped) and attributes by local name. */
export interface XmlEl {
  name: string;
  attrs: Record<string, string>;
  children: (XmlEl | string)[];
}

function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i >= 0 ? qname.slice(i + 1) : qname;
}

/** Parses an XML part into a tree. */
export function parseXml(xml: string): XmlEl {
  const parser = new SaxesParser({ xmlns: false });
  const root: XmlEl = { name: '#root', attrs: {}, children: [] };
  const stack: XmlEl[] = [root];
  parser.on('opentag', (tag) => {
    const attrs: Record<string, string> = {};
    for (const [k, v] of Object.entries(tag.attributes)) attrs[localName(k)] = String(v);
    const el: XmlEl = { name: localName(tag.name), attrs, children: [] };
    stack[stack.length - 1].children.push(el);
    stack.push(el);
  });
  parser.on('closetag', () => {
    stack.pop();
  });
  parser.on('text', (t) => {
    stack[stack.length - 1].children.push(t);
  });
  parser.on('cdata', (t) => {
    stack[stack.length - 1].children.push(t);
  });
  parser.write(xml).close();
  const top = root.children.find((c): c is XmlEl => typeof c !== 'string');
  if (!top) throw new Error('empty XML part');
  return top;
}

function kids(el: XmlEl | undefined, name?: string): XmlEl[] {
  if (!el) return [];
  return el.children.filter((c): c is XmlEl => typeof c !== 'string' && (name === undefined || c.name === name));
}

function kid(el: XmlEl | undefined, name: string): XmlEl | undefined {
  return el ? kids(el, name)[0] : undefined;
}

function textOf(el: XmlEl): string {
  return el.children.map((c) => (typeof c === 'string' ? c : textOf(c))).join('');
}

/** An on/off property (w:b, w:i…): present means on unless val is false/0/off. */
function onOff(el: XmlEl | undefined): boolean | undefined {
  if (!el) return undefined;
  const v = el.attrs.val;
  return !(v === '0' || v === 'false' || v === 'off');
}

function num(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

/** Twentieths of a point (twips) to points. */
function pt(twips: string | undefined): number | undefined {
  const n = num(twips);
  return n === undefined ? undefined : n / 20;
}

interface Styles {
  /** Paragraph style id → heading it maps to. */
  headings: Map<string, HeadingName>;
}

interface Numbering {
  /** numId → glyph per level. */
  glyphs: Map<string, GlyphName[]>;
}

/** What a reading needs besides the part being read. */
interface ReadContext {
  files: Record<string, Uint8Array>;
  styles: Styles;
  numbering: Numbering;
  /** Relationship id → target, of the part being read. */
  rels: Map<string, { target: string; external: boolean }>;
}

function part(files: Record<string, Uint8Array>, name: string): string | null {
  const bytes = files[name];
  return bytes ? strFromU8(bytes) : null;
}

function readRels(files: Record<string, Uint8Array>, partName: string): Map<string, { target: string; external: boolean }> {
  const slash = partName.lastIndexOf('/');
  const relsName = `${partName.slice(0, slash + 1)}_rels/${partName.slice(slash + 1)}.rels`;
  const xml = part(files, relsName);
  const out = new Map<string, { target: string; external: boolean }>();
  if (!xml) return out;
  for (const r of kids(parseXml(xml), 'Relationship')) {
    out.set(r.attrs.Id ?? r.attrs.id ?? '', { target: r.attrs.Target ?? '', external: r.attrs.TargetMode === 'External' });
  }
  return out;
}

/** A target relative to word/ made a part name. */
function partName(target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const segs = ['word'];
  for (const s of target.split('/')) {
    if (s === '..') segs.pop();
    else if (s && s !== '.') segs.push(s);
  }
  return segs.join('/');
}

const HEADING_BY_NAME: Record<string, HeadingName> = {
  title: 'TITLE',
  subtitle: 'SUBTITLE',
  'heading 1': 'HEADING1',
  'heading 2': 'HEADING2',
  'heading 3': 'HEADING3',
  'heading 4': 'HEADING4',
  'heading 5': 'HEADING5',
  'heading 6': 'HEADING6',
};

function readStyles(files: Record<string, Uint8Array>): Styles {
  const headings = new Map<string, HeadingName>();
  const xml = part(files, 'word/styles.xml');
  if (xml) {
    for (const s of kids(parseXml(xml), 'style')) {
      if (s.attrs.type !== 'paragraph') continue;
      const name = (kid(s, 'name')?.attrs.val ?? '').toLowerCase();
      const h = HEADING_BY_NAME[name];
      if (h && s.attrs.styleId) headings.set(s.attrs.styleId, h);
    }
  }
  return { headings };
}

const GLYPH_BY_FORMAT: Record<string, GlyphName> = {
  bullet: 'BULLET',
  decimal: 'NUMBER',
  lowerLetter: 'LATIN_LOWER',
  upperLetter: 'LATIN_UPPER',
  lowerRoman: 'ROMAN_LOWER',
  upperRoman: 'ROMAN_UPPER',
};

function readNumbering(files: Record<string, Uint8Array>): Numbering {
  const glyphs = new Map<string, GlyphName[]>();
  const xml = part(files, 'word/numbering.xml');
  if (!xml) return { glyphs };
  const root = parseXml(xml);
  const abstract = new Map<string, GlyphName[]>();
  for (const a of kids(root, 'abstractNum')) {
    const levels: GlyphName[] = [];
    for (const l of kids(a, 'lvl')) levels[Number(l.attrs.ilvl ?? 0)] = GLYPH_BY_FORMAT[kid(l, 'numFmt')?.attrs.val ?? ''] ?? 'NUMBER';
    abstract.set(a.attrs.abstractNumId ?? '', levels);
  }
  for (const n of kids(root, 'num')) glyphs.set(n.attrs.numId ?? '', abstract.get(kid(n, 'abstractNumId')?.attrs.val ?? '') ?? []);
  return { glyphs };
}

function runStyle(rPr: XmlEl | undefined): TextStyle {
  const s: TextStyle = {};
  if (!rPr) return s;
  const b = onOff(kid(rPr, 'b'));
  if (b !== undefined) s.bold = b;
  const i = onOff(kid(rPr, 'i'));
  if (i !== undefined) s.italic = i;
  const u = kid(rPr, 'u');
  if (u) s.underline = u.attrs.val !== 'none';
  const strike = onOff(kid(rPr, 'strike'));
  if (strike !== undefined) s.strikethrough = strike;
  const font = kid(rPr, 'rFonts');
  const family = font?.attrs.ascii ?? font?.attrs.hAnsi;
  if (family) s.fontFamily = family;
  const sz = num(kid(rPr, 'sz')?.attrs.val);
  if (sz !== undefined) s.fontSize = sz / 2;
  const color = kid(rPr, 'color')?.attrs.val;
  if (color && /^[0-9a-f]{6}$/i.test(color)) s.foregroundColor = `#${color.toLowerCase()}`;
  const shade = kid(rPr, 'shd')?.attrs.fill;
  if (shade && /^[0-9a-f]{6}$/i.test(shade)) s.backgroundColor = `#${shade.toLowerCase()}`;
  return s;
}

/** Collects a paragraph's inline content: runs (in text nodes), page breaks. */
class InlineCollector {
  readonly out: InlineNode[] = [];
  /** Inside a complex field's instructions (between begin and separate): not shown. */
  private inInstructions = 0;
  /** The current complex field's instructions, and whether its result is a page number. */
  private instructions = '';
  private pageField = false;
  private pageShown = false;

  private text(t: string, style: TextStyle, field?: 'PAGE_NUMBER'): void {
    if (!t) return;
    let last = this.out[this.out.length - 1];
    if (!last || last.kind !== 'text') {
      last = { kind: 'text', runs: [] };
      this.out.push(last);
    }
    last.runs.push({ text: t, style: { ...style }, ...(field ? { field } : {}) });
  }

  /** The children of a paragraph or of an element that holds runs (hyperlink, ins, smartTag…). */
  content(el: XmlEl, ctx: ReadContext, link?: string): void {
    for (const c of kids(el)) {
      switch (c.name) {
        case 'r':
          this.readRun(c, link);
          break;
        case 'hyperlink': {
          const rel = c.attrs.id ? ctx.rels.get(c.attrs.id) : undefined;
          this.content(c, ctx, rel?.external ? rel.target : link);
          break;
        }
        case 'fldSimple':
          // A simple field: PAGE keeps its result as the page-number AutoText Docs makes of it.
          if (isPageInstruction(c.attrs.instr ?? '')) {
            this.pageField = true;
            this.pageShown = false;
            this.content(c, ctx, link);
            if (!this.pageShown) this.text('1', {}, 'PAGE_NUMBER');
            this.pageField = false;
          } else this.content(c, ctx, link);
          break;
        case 'ins':
        case 'smartTag':
        case 'customXml':
        case 'bdo':
        case 'dir':
          this.content(c, ctx, link);
          break;
        case 'sdt':
          this.content(kid(c, 'sdtContent') ?? c, ctx, link);
          break;
        default:
          break; // w:del, bookmarks, proofing marks, comments: nothing shown
      }
    }
  }

  /** One w:r. Fields: the instructions are skipped and the result shown, as Docs shows a field. */
  readRun(r: XmlEl, link?: string): void {
    const style = runStyle(kid(r, 'rPr'));
    if (link) style.linkUrl = link;
    for (const c of kids(r)) {
      switch (c.name) {
        case 'fldChar': {
          const t = c.attrs.fldCharType;
          if (t === 'begin') {
            this.inInstructions++;
            this.instructions = '';
          } else if (t === 'separate' && this.inInstructions > 0) {
            this.inInstructions--;
            this.pageField = isPageInstruction(this.instructions);
            this.pageShown = false;
          } else if (t === 'end') {
            const noResult = this.inInstructions > 0;
            if (noResult) this.inInstructions--;
            if ((noResult ? isPageInstruction(this.instructions) : this.pageField) && !this.pageShown) this.text('1', style, 'PAGE_NUMBER');
            this.pageField = false;
          }
          break;
        }
        case 'instrText':
          if (this.inInstructions) this.instructions += textOf(c);
          break;
        case 't':
          if (!this.inInstructions) {
            this.text(textOf(c), style, this.pageField ? 'PAGE_NUMBER' : undefined);
            if (this.pageField) this.pageShown = true;
          }
          break;
        case 'tab':
        case 'ptab':
          if (!this.inInstructions) this.text('\t', style);
          break;
        case 'br':
          if (c.attrs.type === 'page') this.out.push({ kind: 'pagebreak' });
          else this.text('\r', style); // a line break: "\r" in a Docs paragraph's text
          break;
        case 'cr':
          this.text('\r', style);
          break;
        case 'noBreakHyphen':
          this.text('\u2011', style);
          break;
        case 'sym': {
          const code = parseInt(c.attrs.char ?? '', 16);
          if (Number.isFinite(code)) this.text(String.fromCharCode(code), style);
          break;
        }
        default:
          break; // instrText, drawings, footnote references…
      }
    }
  }
}

/** A field instruction that gives the current page's number ("PAGE", "PAGE \\* Arabic \\* MERGEFORMAT"). */
function isPageInstruction(instr: string): boolean {
  return /^\s*PAGE(\s|\\|$)/i.test(instr);
}

const ALIGN: Record<string, AlignmentName> = { left: 'LEFT', start: 'LEFT', center: 'CENTER', right: 'RIGHT', end: 'RIGHT', both: 'JUSTIFY', distribute: 'JUSTIFY' };

function readParagraph(p: XmlEl, ctx: ReadContext): ParagraphNode {
  const pPr = kid(p, 'pPr');
  const node = newParagraph('', runStyle(kid(pPr, 'rPr')));
  const styleId = kid(pPr, 'pStyle')?.attrs.val;
  if (styleId) node.heading = ctx.styles.headings.get(styleId) ?? 'NORMAL';
  const jc = kid(pPr, 'jc')?.attrs.val;
  if (jc && ALIGN[jc]) node.style.alignment = ALIGN[jc];
  const spacing = kid(pPr, 'spacing');
  const before = pt(spacing?.attrs.before);
  if (before !== undefined) node.style.spacingBefore = before;
  const after = pt(spacing?.attrs.after);
  if (after !== undefined) node.style.spacingAfter = after;
  const ind = kid(pPr, 'ind');
  const start = pt(ind?.attrs.start ?? ind?.attrs.left);
  if (start !== undefined) node.style.indentStart = start;
  const end = pt(ind?.attrs.end ?? ind?.attrs.right);
  if (end !== undefined) node.style.indentEnd = end;
  const first = pt(ind?.attrs.firstLine);
  const hanging = pt(ind?.attrs.hanging);
  if (first !== undefined || hanging !== undefined) node.style.indentFirstLine = (start ?? 0) + (first ?? 0) - (hanging ?? 0);
  const numPr = kid(pPr, 'numPr');
  const numId = kid(numPr, 'numId')?.attrs.val;
  if (numId && numId !== '0') {
    const level = Number(kid(numPr, 'ilvl')?.attrs.val ?? 0);
    node.list = { listId: `kix.docx${numId}`, nestingLevel: level, glyphType: ctx.numbering.glyphs.get(numId)?.[level] ?? 'NUMBER' };
  }
  const inline = new InlineCollector();
  inline.content(p, ctx);
  node.children = inline.out;
  for (const c of node.children) if (c.kind === 'text') normalizeRuns(c);
  return node;
}

function readCell(tc: XmlEl, ctx: ReadContext): CellNode {
  const tcPr = kid(tc, 'tcPr');
  const cell: CellNode = { kind: 'cell', children: readBlocks(tc, ctx) };
  if (cell.children.length === 0) cell.children.push(newParagraph());
  ensureTrailingParagraph(cell.children);
  const fill = kid(tcPr, 'shd')?.attrs.fill;
  if (fill && /^[0-9a-f]{6}$/i.test(fill)) cell.backgroundColor = `#${fill.toLowerCase()}`;
  const v = kid(tcPr, 'vAlign')?.attrs.val;
  if (v === 'top') cell.verticalAlignment = 'TOP';
  else if (v === 'center') cell.verticalAlignment = 'CENTER';
  else if (v === 'bottom') cell.verticalAlignment = 'BOTTOM';
  return cell;
}

/**
 * A w:tbl as Docs holds it: a full grid (every row as wide as the table), merged ranges as a head
 * cell with colSpan/rowSpan and covered cells with spans 0 (see the file's comment).
 */
function readTable(tbl: XmlEl, ctx: ReadContext): TableNode {
  const grid = kids(kid(tbl, 'tblGrid'), 'gridCol').map((g) => pt(g.attrs.w) ?? null);
  const rows: RowNode[] = [];
  /** Per grid column: the head cell a vertical merge continues, while it lasts. */
  const openMerge: (CellNode | null)[] = [];
  let headerRows = 0;
  let countingHeader = true;
  for (const tr of kids(tbl, 'tr')) {
    const trPr = kid(tr, 'trPr');
    const row: RowNode = { kind: 'row', cells: [] };
    if (onOff(kid(trPr, 'cantSplit'))) row.cantSplit = true;
    const height = pt(kid(trPr, 'trHeight')?.attrs.val);
    if (height) row.minimumHeight = height;
    if (countingHeader && onOff(kid(trPr, 'tblHeader'))) headerRows++;
    else countingHeader = false;
    const before = num(kid(trPr, 'gridBefore')?.attrs.val) ?? 0;
    for (let i = 0; i < before; i++) row.cells.push({ kind: 'cell', children: [newParagraph()] });
    const tcs = kids(tr).flatMap((c) => (c.name === 'sdt' ? kids(kid(c, 'sdtContent'), 'tc') : c.name === 'tc' ? [c] : []));
    for (const tc of tcs) {
      const tcPr = kid(tc, 'tcPr');
      const span = Math.max(1, num(kid(tcPr, 'gridSpan')?.attrs.val) ?? 1);
      const vMerge = kid(tcPr, 'vMerge');
      const column = row.cells.length;
      const cell = readCell(tc, ctx);
      const head = vMerge && vMerge.attrs.val !== 'restart' ? openMerge[column] : null;
      if (head) {
        // A continuation of the merge above: covered, and the head spans one more row.
        head.rowSpan = (head.rowSpan ?? 1) + 1;
        cell.colSpan = 0;
        cell.rowSpan = 0;
      } else {
        if (span > 1) cell.colSpan = span;
        for (let k = 0; k < span; k++) openMerge[column + k] = vMerge ? cell : null;
      }
      row.cells.push(cell);
      for (let k = 1; k < span; k++) row.cells.push({ kind: 'cell', children: [newParagraph()], colSpan: 0, rowSpan: 0 });
    }
    rows.push(row);
  }
  const columns = Math.max(grid.length, ...rows.map((r) => r.cells.length));
  for (const r of rows) while (r.cells.length < columns) r.cells.push({ kind: 'cell', children: [newParagraph()] });
  const table: TableNode = { kind: 'table', rows, columnWidths: Array.from({ length: columns }, (_, i) => grid[i] ?? null) };
  if (headerRows) table.headerRows = headerRows;
  return table;
}

/** The block children of a body, cell, header or footer. */
function readBlocks(container: XmlEl, ctx: ReadContext): BlockNode[] {
  const out: BlockNode[] = [];
  for (const c of kids(container)) {
    if (c.name === 'p') out.push(readParagraph(c, ctx));
    else if (c.name === 'tbl') out.push(readTable(c, ctx));
    else if (c.name === 'sdt' || c.name === 'customXml') out.push(...readBlocks(kid(c, 'sdtContent') ?? c, ctx));
  }
  return out;
}

function section(kind: SectionNode['kind'], children: BlockNode[]): SectionNode {
  if (children.length === 0) children.push(newParagraph());
  ensureTrailingParagraph(children);
  return { kind, children, defaultStyle: {} };
}

/**
 * The header or footer a section property refers to for `type` ("default", "first", "even"), or
 * null when it has none.
 */
export function readHeaderFooter(kind: 'header' | 'footer', sectPr: XmlEl | undefined, type: string, ctx: ReadContext): SectionNode | null {
  const ref = kids(sectPr, `${kind}Reference`).find((r) => (r.attrs.type ?? 'default') === type);
  const target = ref?.attrs.id ? ctx.rels.get(ref.attrs.id) : undefined;
  if (!target || target.external) return null;
  const name = partName(target.target);
  const xml = part(ctx.files, name);
  if (!xml) return null;
  const inner: ReadContext = { ...ctx, rels: readRels(ctx.files, name) };
  return section(kind, readBlocks(parseXml(xml), inner));
}

/** Whether the bytes look like a .docx (a zip holding word/document.xml). */
export function isDocx(bytes: Uint8Array): boolean {
  if (bytes.length < 4 || bytes[0] !== 0x50 || bytes[1] !== 0x4b) return false;
  try {
    return Boolean(unzipSync(bytes, { filter: (f) => f.name === 'word/document.xml' })['word/document.xml']);
  } catch {
    return false;
  }
}

/**
 * Converts a .docx into a Doc model with that id and name. Throws an Error when the bytes are not
 * a Word document (Drive refuses such a conversion).
 */
export function docxToModel(bytes: Uint8Array, id: string, name: string): DocModel {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, { filter: (f) => f.name.endsWith('.xml') || f.name.endsWith('.rels') });
  } catch {
    throw new Error(`${name}: not a Word document (.docx)`);
  }
  const xml = part(files, 'word/document.xml');
  if (!xml) throw new Error(`${name}: not a Word document (.docx)`);
  const ctx: ReadContext = { files, styles: readStyles(files), numbering: readNumbering(files), rels: readRels(files, 'word/document.xml') };
  const root = parseXml(xml);
  const body = kid(root, 'body');
  const model = newDocModel(id, name);
  model.body = section('body', readBlocks(body ?? root, ctx));
  const sectPr = kid(body, 'sectPr');
  const size = kid(sectPr, 'pgSz');
  const margins = kid(sectPr, 'pgMar');
  model.page = {
    width: pt(size?.attrs.w) ?? DEFAULT_PAGE.width,
    height: pt(size?.attrs.h) ?? DEFAULT_PAGE.height,
    marginTop: pt(margins?.attrs.top) ?? DEFAULT_PAGE.marginTop,
    marginBottom: pt(margins?.attrs.bottom) ?? DEFAULT_PAGE.marginBottom,
    marginLeft: pt(margins?.attrs.left) ?? DEFAULT_PAGE.marginLeft,
    marginRight: pt(margins?.attrs.right) ?? DEFAULT_PAGE.marginRight,
    marginHeader: pt(margins?.attrs.header),
    marginFooter: pt(margins?.attrs.footer),
  };
  if (model.page.marginHeader === undefined) delete model.page.marginHeader;
  if (model.page.marginFooter === undefined) delete model.page.marginFooter;
  model.header = readHeaderFooter('header', sectPr, 'default', ctx);
  model.footer = readHeaderFooter('footer', sectPr, 'default', ctx);
  // w:titlePg: a different first page (its own header and footer, read as empty here).
  const titlePg = kid(sectPr, 'titlePg');
  if (titlePg && !['0', 'false', 'off'].includes(String(titlePg.attrs.val ?? 'true'))) model.firstPageHeaderFooter = true;
  return model;
}
