/**
 * The emulator's model of a Google Doc: plain JSON (it is saved in state.json with the Drive
 * index), with the structure Apps Script's Document service exposes:
 *
 *   document ─ body / header / footer sections ─ paragraphs, list items, tables
 *   table ─ rows ─ cells ─ paragraphs (a new cell holds one empty paragraph, as in Docs)
 *   paragraph ─ text elements (each a list of character runs), horizontal rules, page breaks,
 *               inline images
 *
 * Units are Apps Script's: points for lengths, a multiplier for line spacing, "#rrggbb" colors.
 * An unset attribute is absent (inherited from the named style); the defaults below are those
 * of a new Google Doc (US Letter, 72 pt margins, Arial 11, line spacing 1.15).
 *
 * Pure: no Node modules, no Apps Script objects. document.ts wraps it in the Apps Script API,
 * docx.ts and html.ts render it.
 */

export const HEADINGS = ['NORMAL', 'HEADING1', 'HEADING2', 'HEADING3', 'HEADING4', 'HEADING5', 'HEADING6', 'TITLE', 'SUBTITLE'] as const;
export type HeadingName = (typeof HEADINGS)[number];

export const ALIGNMENTS = ['LEFT', 'CENTER', 'RIGHT', 'JUSTIFY'] as const;
export type AlignmentName = (typeof ALIGNMENTS)[number];

export const VERTICAL_ALIGNMENTS = ['BOTTOM', 'CENTER', 'TOP'] as const;
export type VerticalAlignmentName = (typeof VERTICAL_ALIGNMENTS)[number];

export const GLYPHS = ['BULLET', 'HOLLOW_BULLET', 'SQUARE_BULLET', 'NUMBER', 'LATIN_UPPER', 'LATIN_LOWER', 'ROMAN_UPPER', 'ROMAN_LOWER'] as const;
export type GlyphName = (typeof GLYPHS)[number];

/** A new Google Doc's page: US Letter portrait, 1 inch margins. */
export const DEFAULT_PAGE: PageSetup = Object.freeze({
  width: 612,
  height: 792,
  marginTop: 72,
  marginBottom: 72,
  marginLeft: 72,
  marginRight: 72,
});
/** Distance of the header and footer from the page edge in a new Doc. */
export const HEADER_FOOTER_MARGIN = 36;
/** The NORMAL_TEXT named style of a new Doc. */
export const DEFAULT_FONT_FAMILY = 'Arial';
export const DEFAULT_FONT_SIZE = 11;
export const DEFAULT_LINE_SPACING = 1.15;
/** A new table: 1 pt black borders, 5 pt cell padding. */
export const DEFAULT_BORDER_WIDTH = 1;
export const DEFAULT_BORDER_COLOR = '#000000';
export const DEFAULT_CELL_PADDING = 5;
/** Indents Docs gives a new list item at nesting level n: first line 18 + 36n, text 36 + 36n. */
export const LIST_INDENT_STEP = 36;

/** Character formatting. Absent = inherited. */
export interface TextStyle {
  bold?: boolean;
  italic?: boolean;
  underline?: boolean;
  strikethrough?: boolean;
  fontFamily?: string;
  fontSize?: number;
  /** "#rrggbb" */
  foregroundColor?: string;
  backgroundColor?: string;
  linkUrl?: string;
}

export type TextStyleKey = keyof TextStyle;
export const TEXT_STYLE_KEYS: readonly TextStyleKey[] = [
  'bold',
  'italic',
  'underline',
  'strikethrough',
  'fontFamily',
  'fontSize',
  'foregroundColor',
  'backgroundColor',
  'linkUrl',
];

/** A change of character formatting: null removes the attribute. */
export type TextStylePatch = { [K in TextStyleKey]?: TextStyle[K] | null };

export interface Run {
  text: string;
  style: TextStyle;
  /** A page-number field (Docs' AutoText PAGE_NUMBER, Word's PAGE): `text` is what it shows on the first page. */
  field?: 'PAGE_NUMBER';
}

/** A Text element: a stretch of characters in runs of equal formatting. */
export interface TextNode {
  kind: 'text';
  runs: Run[];
}

export interface HorizontalRuleNode {
  kind: 'hr';
}

export interface PageBreakNode {
  kind: 'pagebreak';
}

/** Image formats Docs takes (PNG, JPEG, GIF), by their MIME type. */
export const IMAGE_TYPES = ['image/png', 'image/jpeg', 'image/gif'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/**
 * An InlineImage: the image's bytes (base64, so the model stays JSON) and its size on the page
 * in pixels, the unit of InlineImage.getWidth/setWidth (Docs draws 96 px to the inch: 1 px = 0.75 pt).
 */
export interface ImageNode {
  kind: 'image';
  contentType: ImageType;
  data: string;
  width: number;
  height: number;
  altTitle?: string;
  altDescription?: string;
  linkUrl?: string;
}

export type InlineNode = TextNode | HorizontalRuleNode | PageBreakNode | ImageNode;

/** Paragraph formatting, in points (lineSpacing: a multiplier). Absent = inherited. */
export interface ParagraphStyle {
  alignment?: AlignmentName;
  indentStart?: number;
  indentEnd?: number;
  /** Where the first line starts, from the margin (not relative to indentStart), as in Docs. */
  indentFirstLine?: number;
  spacingBefore?: number;
  spacingAfter?: number;
  lineSpacing?: number;
  leftToRight?: boolean;
}

export interface ListInfo {
  listId: string;
  nestingLevel: number;
  glyphType: GlyphName;
}

export interface ParagraphNode {
  kind: 'paragraph';
  heading: HeadingName;
  style: ParagraphStyle;
  /** Formatting of the paragraph mark: what new text typed into an empty paragraph gets. */
  mark: TextStyle;
  children: InlineNode[];
  /** Present for list items. */
  list?: ListInfo;
}

export interface CellNode {
  kind: 'cell';
  children: BlockNode[];
  paddingTop?: number;
  paddingBottom?: number;
  paddingLeft?: number;
  paddingRight?: number;
  verticalAlignment?: VerticalAlignmentName;
  backgroundColor?: string;
  /**
   * Merged cells (a Doc converted from Word, or merged in Docs): the head of a merged range has
   * the spans, a cell it covers has 0 and 0; absent = 1. See docxReader.ts.
   */
  colSpan?: number;
  rowSpan?: number;
}

export interface RowNode {
  kind: 'row';
  cells: CellNode[];
  minimumHeight?: number;
  /** The row never splits across pages (Docs API TableRowStyle.preventOverflow). */
  cantSplit?: boolean;
}

export interface TableNode {
  kind: 'table';
  rows: RowNode[];
  borderWidth?: number;
  borderColor?: string;
  /** Points per column; null = unset (the columns share the available width). */
  columnWidths: (number | null)[];
  /** Rows repeated at the top of every page (Docs API pinTableHeaderRows). */
  headerRows?: number;
}

export type BlockNode = ParagraphNode | TableNode;

export type SectionKind = 'body' | 'header' | 'footer';

export interface SectionNode {
  kind: SectionKind;
  children: BlockNode[];
  /** Text formatting set with Body.setAttributes: new paragraphs get it. */
  defaultStyle: TextStyle;
}

export interface PageSetup {
  width: number;
  height: number;
  marginTop: number;
  marginBottom: number;
  marginLeft: number;
  marginRight: number;
  /**
   * Distance of the header from the page's top edge and of the footer from its bottom, in points
   * (Docs API DocumentStyle marginHeader / marginFooter; Word's w:pgMar w:header / w:footer).
   * Absent: Docs' default, HEADER_FOOTER_MARGIN.
   */
  marginHeader?: number;
  marginFooter?: number;
}

export interface DocModel {
  id: string;
  name: string;
  page: PageSetup;
  body: SectionNode;
  header: SectionNode | null;
  footer: SectionNode | null;
  /**
   * The first page has its own header and footer, empty (Docs API DocumentStyle
   * useFirstPageHeaderFooter; Word's w:titlePg): `header`/`footer` show from page 2 on.
   */
  firstPageHeaderFooter?: boolean;
  /** Next list id number (list ids look like "kix.1"). */
  listSeq: number;
  /** Bumped by every change; the .docx on disk is rewritten when it differs from the written one. */
  rev: number;
}

export type ContainerNode = SectionNode | CellNode;
export type ModelNode = SectionNode | BlockNode | RowNode | CellNode | InlineNode;

// ---------------------------------------------------------------------------------------
// Construction

/** Paragraphs may not contain "\n": Docs turns it into a line break ("\r"). */
export function paragraphSafe(text: string): string {
  return text.replace(/\r\n|\n/g, '\r');
}

export function newTextNode(text: string, style: TextStyle = {}): TextNode {
  return { kind: 'text', runs: text ? [{ text: paragraphSafe(text), style: { ...style } }] : [] };
}

export function newParagraph(text = '', style: TextStyle = {}): ParagraphNode {
  return {
    kind: 'paragraph',
    heading: 'NORMAL',
    style: {},
    mark: { ...style },
    children: text ? [newTextNode(text, style)] : [],
  };
}

export function newCell(text = '', style: TextStyle = {}): CellNode {
  return { kind: 'cell', children: [newParagraph(text, style)] };
}

/** A table from rows of strings; rows may have different lengths, as in Apps Script. */
export function newTable(cells: string[][] = [], style: TextStyle = {}): TableNode {
  const rows: RowNode[] = cells.map((r) => ({ kind: 'row', cells: r.map((c) => newCell(String(c ?? ''), style)) }));
  const columns = rows.reduce((n, r) => Math.max(n, r.cells.length), 0);
  return { kind: 'table', rows, columnWidths: new Array<number | null>(columns).fill(null) };
}

export function newSection(kind: SectionKind): SectionNode {
  return { kind, children: [newParagraph()], defaultStyle: {} };
}

export function newDocModel(id: string, name: string): DocModel {
  return {
    id,
    name,
    page: { ...DEFAULT_PAGE },
    body: newSection('body'),
    header: null,
    footer: null,
    listSeq: 0,
    rev: 1,
  };
}

/** A deep copy (the model is plain JSON). */
export function cloneNode<T>(node: T): T {
  return JSON.parse(JSON.stringify(node)) as T;
}

// ---------------------------------------------------------------------------------------
// Text

export function textNodeText(node: TextNode): string {
  return node.runs.map((r) => r.text).join('');
}

export function textNodesOf(p: ParagraphNode): TextNode[] {
  return p.children.filter((c): c is TextNode => c.kind === 'text');
}

export function paragraphText(p: ParagraphNode): string {
  return textNodesOf(p).map(textNodeText).join('');
}

export function cellContentText(cell: CellNode): string {
  return blocksText(cell.children);
}

export function rowText(row: RowNode): string {
  return row.cells.map(cellContentText).join('\n');
}

export function tableText(table: TableNode): string {
  return table.rows.map(rowText).join('\n');
}

export function blockText(block: BlockNode): string {
  return block.kind === 'paragraph' ? paragraphText(block) : tableText(block);
}

/** A container's text as Apps Script's getText gives it: children joined by "\n". */
export function blocksText(blocks: BlockNode[]): string {
  return blocks.map(blockText).join('\n');
}

export function sameStyle(a: TextStyle, b: TextStyle): boolean {
  for (const k of TEXT_STYLE_KEYS) if (a[k] !== b[k]) return false;
  return true;
}

export function patchStyle(style: TextStyle, patch: TextStylePatch): TextStyle {
  const out: Record<string, unknown> = { ...style };
  for (const [k, v] of Object.entries(patch)) {
    if (v === null || v === undefined) delete out[k];
    else out[k] = v;
  }
  return out as TextStyle;
}

/** Merges neighbouring runs of equal formatting and drops empty ones. */
export function normalizeRuns(node: TextNode): void {
  const out: Run[] = [];
  for (const r of node.runs) {
    if (!r.text) continue;
    const last = out[out.length - 1];
    // A page-number field stays a run of its own (it is not text to join).
    if (last && !last.field && !r.field && sameStyle(last.style, r.style)) last.text += r.text;
    else out.push({ text: r.text, style: { ...r.style }, ...(r.field ? { field: r.field } : {}) });
  }
  node.runs = out;
}

/** Splits the runs of `nodes` (read as one string) so that `offset` falls on a run boundary. */
function splitAt(nodes: TextNode[], offset: number): void {
  let pos = 0;
  for (const n of nodes) {
    for (let i = 0; i < n.runs.length; i++) {
      const r = n.runs[i];
      const end = pos + r.text.length;
      if (offset > pos && offset < end) {
        const cut = offset - pos;
        n.runs.splice(i, 1, { text: r.text.slice(0, cut), style: r.style }, { text: r.text.slice(cut), style: { ...r.style } });
        return;
      }
      pos = end;
    }
  }
}

/** Applies a formatting change to characters [start, endExclusive) of `nodes` read as one string. */
export function styleRange(nodes: TextNode[], start: number, endExclusive: number, patch: TextStylePatch): void {
  if (endExclusive <= start) return;
  splitAt(nodes, start);
  splitAt(nodes, endExclusive);
  let pos = 0;
  for (const n of nodes) {
    for (const r of n.runs) {
      const end = pos + r.text.length;
      if (pos >= start && end <= endExclusive) r.style = patchStyle(r.style, patch);
      pos = end;
    }
    normalizeRuns(n);
  }
}

/** The formatting of the character at `offset`; past the end, of the last character; null when there is none. */
export function styleAt(nodes: TextNode[], offset: number): TextStyle | null {
  let pos = 0;
  let last: TextStyle | null = null;
  for (const n of nodes) {
    for (const r of n.runs) {
      if (!r.text) continue;
      if (offset < pos + r.text.length) return r.style;
      pos += r.text.length;
      last = r.style;
    }
  }
  return last;
}

/**
 * Inserts text at `offset` of `nodes` read as one string. The new characters take the
 * formatting of the character before them (of the first one at offset 0), as typing does in
 * Docs; `fallback` when the text is empty.
 */
export function insertIntoNodes(nodes: TextNode[], offset: number, text: string, fallback: TextStyle): void {
  if (!text || nodes.length === 0) return;
  const style = { ...(styleAt(nodes, Math.max(0, offset - 1)) ?? fallback) };
  let pos = 0;
  for (const n of nodes) {
    const len = textNodeText(n).length;
    if (offset <= pos + len) {
      let local = offset - pos;
      for (let i = 0; i <= n.runs.length; i++) {
        const r = n.runs[i];
        if (!r) {
          n.runs.push({ text, style });
          break;
        }
        if (local <= r.text.length) {
          n.runs.splice(i, 1, { text: r.text.slice(0, local), style: r.style }, { text, style }, { text: r.text.slice(local), style: { ...r.style } });
          break;
        }
        local -= r.text.length;
      }
      normalizeRuns(n);
      return;
    }
    pos += len;
  }
  const last = nodes[nodes.length - 1];
  last.runs.push({ text, style });
  normalizeRuns(last);
}

/** Deletes characters [start, endExclusive) of `nodes` read as one string. */
export function deleteFromNodes(nodes: TextNode[], start: number, endExclusive: number): void {
  if (endExclusive <= start) return;
  splitAt(nodes, start);
  splitAt(nodes, endExclusive);
  let pos = 0;
  for (const n of nodes) {
    const keep: Run[] = [];
    for (const r of n.runs) {
      const end = pos + r.text.length;
      if (!(pos >= start && end <= endExclusive)) keep.push(r);
      pos = end;
    }
    n.runs = keep;
    normalizeRuns(n);
  }
}

/** The text element new text should go into: the paragraph's last child when it is text, else a new one. */
export function lastTextNode(p: ParagraphNode): TextNode {
  const last = p.children[p.children.length - 1];
  if (last && last.kind === 'text') return last;
  const node = newTextNode('');
  p.children.push(node);
  return node;
}

/** Replaces a paragraph's text, keeping the formatting of its first character (or of its mark). */
export function setParagraphText(p: ParagraphNode, text: string): void {
  const style = styleAt(textNodesOf(p), 0) ?? p.mark;
  p.children = text ? [newTextNode(text, style)] : [];
}

// ---------------------------------------------------------------------------------------
// Tree

export function forEachParagraph(blocks: BlockNode[], fn: (p: ParagraphNode) => void): void {
  for (const b of blocks) {
    if (b.kind === 'paragraph') fn(b);
    else for (const r of b.rows) for (const c of r.cells) forEachParagraph(c.children, fn);
  }
}

/** Paragraphs (list items included) of a subtree, in document order. */
export function paragraphsOf(node: ModelNode): ParagraphNode[] {
  const out: ParagraphNode[] = [];
  const add = (p: ParagraphNode) => out.push(p);
  switch (node.kind) {
    case 'paragraph':
      out.push(node);
      break;
    case 'table':
      forEachParagraph([node], add);
      break;
    case 'row':
      for (const c of node.cells) forEachParagraph(c.children, add);
      break;
    case 'cell':
    case 'body':
    case 'header':
    case 'footer':
      forEachParagraph(node.children, add);
      break;
    default:
      break;
  }
  return out;
}

/** The inline images of a subtree, in document order. */
export function imagesOf(node: ModelNode): ImageNode[] {
  return paragraphsOf(node).flatMap((p) => p.children.filter((c): c is ImageNode => c.kind === 'image'));
}

/** Points on the page of a length in Docs' pixels (96 to the inch). */
export function pxToPt(px: number): number {
  return px * 0.75;
}

export function tablesOf(blocks: BlockNode[]): TableNode[] {
  const out: TableNode[] = [];
  const walk = (bs: BlockNode[]) => {
    for (const b of bs) {
      if (b.kind !== 'table') continue;
      out.push(b);
      for (const r of b.rows) for (const c of r.cells) walk(c.children);
    }
  };
  walk(blocks);
  return out;
}

/** The node's parent and its index there, or null when the node is not in the document. */
export function findParent(doc: DocModel, target: ModelNode): { parent: ModelNode; index: number } | null {
  const sections = [doc.body, doc.header, doc.footer].filter((s): s is SectionNode => s !== null);
  const visit = (node: ModelNode): { parent: ModelNode; index: number } | null => {
    let kids: ModelNode[];
    switch (node.kind) {
      case 'body':
      case 'header':
      case 'footer':
      case 'cell':
        kids = node.children;
        break;
      case 'table':
        kids = node.rows;
        break;
      case 'row':
        kids = node.cells;
        break;
      case 'paragraph':
        kids = node.children;
        break;
      default:
        return null;
    }
    for (let i = 0; i < kids.length; i++) {
      if (kids[i] === target) return { parent: node, index: i };
      const found = visit(kids[i]);
      if (found) return found;
    }
    return null;
  };
  for (const s of sections) {
    const f = visit(s);
    if (f) return f;
  }
  return null;
}

export function isAttached(doc: DocModel, node: ModelNode): boolean {
  if (node === doc.body || node === doc.header || node === doc.footer) return true;
  return findParent(doc, node) !== null;
}

export function columnCount(table: TableNode): number {
  return table.rows.reduce((n, r) => Math.max(n, r.cells.length), table.columnWidths.length);
}

/** Docs keeps a paragraph after a table that ends its container (body, cell, header, footer). */
export function ensureTrailingParagraph(children: BlockNode[], style: TextStyle = {}): void {
  const last = children[children.length - 1];
  if (!last || last.kind === 'table') children.push(newParagraph('', style));
}

/** List item numbering: the label of each list item (bullet glyph or number), in document order. */
export function listLabels(doc: DocModel): Map<ParagraphNode, string> {
  const counters = new Map<string, number[]>();
  const labels = new Map<ParagraphNode, string>();
  const sections = [doc.header, doc.body, doc.footer].filter((s): s is SectionNode => s !== null);
  for (const s of sections) {
    forEachParagraph(s.children, (p) => {
      if (!p.list) return;
      const level = Math.max(0, Math.min(8, p.list.nestingLevel));
      const c = counters.get(p.list.listId) ?? new Array<number>(9).fill(0);
      c[level]++;
      for (let i = level + 1; i < 9; i++) c[i] = 0;
      counters.set(p.list.listId, c);
      labels.set(p, glyphLabel(p.list.glyphType, c[level]));
    });
  }
  return labels;
}

export function glyphLabel(glyph: GlyphName, n: number): string {
  switch (glyph) {
    case 'BULLET':
      return '●';
    case 'HOLLOW_BULLET':
      return '○';
    case 'SQUARE_BULLET':
      return '■';
    case 'NUMBER':
      return `${n}.`;
    case 'LATIN_UPPER':
      return `${latin(n).toUpperCase()}.`;
    case 'LATIN_LOWER':
      return `${latin(n)}.`;
    case 'ROMAN_UPPER':
      return `${roman(n)}.`;
    case 'ROMAN_LOWER':
      return `${roman(n).toLowerCase()}.`;
    default:
      return '●';
  }
}

function latin(n: number): string {
  let s = '';
  let x = n;
  while (x > 0) {
    x--;
    s = String.fromCharCode(97 + (x % 26)) + s;
    x = Math.floor(x / 26);
  }
  return s || 'a';
}

function roman(n: number): string {
  const table: [number, string][] = [
    [1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'],
    [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I'],
  ];
  let x = Math.max(1, Math.floor(n));
  let s = '';
  for (const [v, r] of table) {
    while (x >= v) {
      s += r;
      x -= v;
    }
  }
  return s;
}

/** Width available to content of a section: the page's text width. */
export function textWidth(page: PageSetup): number {
  return Math.max(0, page.width - page.marginLeft - page.marginRight);
}

/**
 * The column widths a table is laid out with, in points: set widths as set; unset ones share
 * what is left of `available` (Docs gives a new table the full text width, equal columns).
 */
export function resolvedColumnWidths(table: TableNode, available: number): number[] {
  const n = columnCount(table);
  if (n === 0) return [];
  const set = Array.from({ length: n }, (_, i) => table.columnWidths[i] ?? null);
  const fixed = set.reduce<number>((s, w) => s + (w ?? 0), 0);
  const unset = set.filter((w) => w === null).length;
  const share = unset ? Math.max(available - fixed, unset * 20) / unset : 0;
  return set.map((w) => (w === null ? share : w));
}

/** Named styles of a new Google Doc (size in points, spacing before/after in points). */
export const HEADING_STYLES: Record<Exclude<HeadingName, 'NORMAL'>, { size: number; before: number; after: number; color?: string; italic?: boolean }> = {
  TITLE: { size: 26, before: 0, after: 3 },
  SUBTITLE: { size: 15, before: 0, after: 16, color: '#666666' },
  HEADING1: { size: 20, before: 20, after: 6 },
  HEADING2: { size: 16, before: 18, after: 6 },
  HEADING3: { size: 14, before: 16, after: 4, color: '#434343' },
  HEADING4: { size: 12, before: 14, after: 4, color: '#666666' },
  HEADING5: { size: 11, before: 12, after: 4, color: '#666666' },
  HEADING6: { size: 11, before: 12, after: 4, color: '#666666', italic: true },
};
