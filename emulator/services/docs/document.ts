/**
 * DocumentApp over the model of model.ts, following developers.google.com/apps-script/reference/document:
 *
 * - A new Doc is a Drive file in the root folder; its body holds one empty paragraph; the page
 *   is US Letter (612 × 792 pt) with 72 pt margins; text is Arial 11 with line spacing 1.15.
 * - Paragraphs may not contain "\n": it becomes a line break "\r" (the reference says so).
 * - A table appended at the end of a body, cell, header or footer is followed by an empty
 *   paragraph, as Docs keeps one there; appendTable() with no argument makes a table with no rows.
 * - A new table cell holds one empty paragraph, so cell.appendParagraph() adds a second one.
 * - Text appended or inserted takes the formatting of the character before it (of the paragraph
 *   mark when the paragraph is empty): reset bold/italic explicitly where it should stop.
 * - appendTable(cells) builds the whole table in one counted call.
 * - TableCell.setWidth sets the width of the cell's column (the reference says so).
 * - NORMAL paragraphs report the named style's values for unset paragraph attributes (LEFT,
 *   line spacing 1.15, 0 pt indents and spacing); headings report null; unset text attributes
 *   read null.
 * - After saveAndClose() the Document object and its elements throw; the .docx is written then
 *   (asynchronously: the runner awaits flushDocuments after each execution).
 *
 * - Inline images: Body/HeaderSection/FooterSection/TableCell.appendImage and insertImage put the
 *   image in a new paragraph; Paragraph.appendInlineImage and insertInlineImage put it in the
 *   paragraph. Docs takes PNG, JPEG and GIF images (read from the bytes, not the blob's type) of
 *   at most 50 MB and 25 megapixels. A new image has its pixel size; InlineImage.getWidth/setWidth
 *   and getHeight/setHeight are in pixels (96 to the inch), and setting one does not change the
 *   other. Assumption: Docs does not shrink a large image to the page on insertion.
 *
 * Not emulated: positioned images, drawings, footnotes, bookmarks, named ranges, tabs, findText,
 * page numbers (Apps Script cannot insert them either). Document.getAs('application/pdf'), like
 * Drive's File.getAs, renders the PDF with LibreOffice after the execution (drive.ts, pdf.ts).
 */
import type { Env } from '../../core/env';
import { raw, registerService } from '../../core/calls';
import { enumOf, exception, invalidArgument, wrap, type SelfAware } from '../base';
import { emulatorError } from '../eml';
import {
  ALIGNMENTS,
  DEFAULT_BORDER_COLOR,
  DEFAULT_BORDER_WIDTH,
  DEFAULT_CELL_PADDING,
  DEFAULT_LINE_SPACING,
  GLYPHS,
  HEADINGS,
  LIST_INDENT_STEP,
  VERTICAL_ALIGNMENTS,
  IMAGE_TYPES,
  blocksText,
  cloneNode,
  columnCount,
  deleteFromNodes,
  ensureTrailingParagraph,
  findParent,
  imagesOf,
  insertIntoNodes,
  isAttached,
  lastTextNode,
  newCell,
  newParagraph,
  newSection,
  newTable,
  newTextNode,
  paragraphSafe,
  paragraphText,
  paragraphsOf,
  patchStyle,
  rowText,
  setParagraphText,
  styleAt,
  styleRange,
  tableText,
  tablesOf,
  textNodeText,
  textNodesOf,
  TEXT_STYLE_KEYS,
  type AlignmentName,
  type BlockNode,
  type CellNode,
  type ContainerNode,
  type DocModel,
  type GlyphName,
  type HeadingName,
  type ImageNode,
  type ImageType,
  type InlineNode,
  type ModelNode,
  type ParagraphNode,
  type ParagraphStyle,
  type RowNode,
  type SectionNode,
  type TableNode,
  type TextNode,
  type TextStyle,
  type TextStyleKey,
  type TextStylePatch,
  type VerticalAlignmentName,
} from './model';
import { createDocumentFile, documentRecord, pdfExportBlob, renameFile, scheduleDocumentWrite, type FileRec } from './drive';
import { documentToHtml } from './html';
import { blobData, createBlob } from '../utilities';

export { flushDocuments, listDocuments } from './drive';

registerService('DocumentApp', [
  'DocumentApp',
  'Document',
  'Body',
  'HeaderSection',
  'FooterSection',
  'Paragraph',
  'ListItem',
  'Text',
  'Table',
  'TableRow',
  'TableCell',
  'HorizontalRule',
  'PageBreak',
  'InlineImage',
]);

// ---------------------------------------------------------------------------------------
// Enums (each value is its own name, as the other fakes' enums)

export const ParagraphHeading = enumOf(HEADINGS);
export const HorizontalAlignment = enumOf(ALIGNMENTS);
export const VerticalAlignment = enumOf(VERTICAL_ALIGNMENTS);
export const GlyphType = enumOf(GLYPHS);
export const TextAlignment = enumOf(['NORMAL', 'SUPERSCRIPT', 'SUBSCRIPT'] as const);
export const Attribute = enumOf([
  'BACKGROUND_COLOR', 'BOLD', 'BORDER_COLOR', 'BORDER_WIDTH', 'CODE', 'FONT_FAMILY', 'FONT_SIZE',
  'FOREGROUND_COLOR', 'HEADING', 'HEIGHT', 'HORIZONTAL_ALIGNMENT', 'INDENT_END', 'INDENT_FIRST_LINE',
  'INDENT_START', 'ITALIC', 'GLYPH_TYPE', 'LEFT_TO_RIGHT', 'LINE_SPACING', 'LINK_URL', 'LIST_ID',
  'MARGIN_BOTTOM', 'MARGIN_LEFT', 'MARGIN_RIGHT', 'MARGIN_TOP', 'NESTING_LEVEL', 'MINIMUM_HEIGHT',
  'PADDING_BOTTOM', 'PADDING_LEFT', 'PADDING_RIGHT', 'PADDING_TOP', 'PAGE_HEIGHT', 'PAGE_WIDTH',
  'SPACING_AFTER', 'SPACING_BEFORE', 'STRIKETHROUGH', 'UNDERLINE', 'VERTICAL_ALIGNMENT', 'WIDTH',
] as const);
export const ElementType = enumOf([
  'BODY_SECTION', 'COMMENT_SECTION', 'DATE', 'DOCUMENT', 'EQUATION', 'EQUATION_FUNCTION',
  'EQUATION_FUNCTION_ARGUMENT_SEPARATOR', 'EQUATION_SYMBOL', 'FOOTER_SECTION', 'FOOTNOTE',
  'FOOTNOTE_SECTION', 'HEADER_SECTION', 'HORIZONTAL_RULE', 'INLINE_DRAWING', 'INLINE_IMAGE',
  'LIST_ITEM', 'PAGE_BREAK', 'PARAGRAPH', 'PERSON', 'RICH_LINK', 'TABLE', 'TABLE_CELL',
  'TABLE_OF_CONTENTS', 'TABLE_ROW', 'TEXT', 'UNSUPPORTED',
] as const);
/** Deprecated in Apps Script but still accepted: setFontFamily(FontFamily.X) sets the font's name. */
const FONT_FAMILY_NAMES: Record<string, string> = {
  AMARANTH: 'Amaranth', ARIAL: 'Arial', ARIAL_BLACK: 'Arial Black', ARIAL_NARROW: 'Arial Narrow', ARVO: 'Arvo',
  CALIBRI: 'Calibri', CAMBRIA: 'Cambria', COMIC_SANS_MS: 'Comic Sans MS', CONSOLAS: 'Consolas', CORSIVA: 'Corsiva',
  COURIER_NEW: 'Courier New', DANCING_SCRIPT: 'Dancing Script', DROID_SANS: 'Droid Sans', DROID_SERIF: 'Droid Serif',
  GARAMOND: 'Garamond', GEORGIA: 'Georgia', GLORIA_HALLELUJAH: 'Gloria Hallelujah', GREAT_VIBES: 'Great Vibes',
  LOBSTER: 'Lobster', MERRIWEATHER: 'Merriweather', PACIFICO: 'Pacifico', PHILOSOPHER: 'Philosopher',
  POIRET_ONE: 'Poiret One', QUATTROCENTO: 'Quattrocento', ROBOTO: 'Roboto', SHADOWS_INTO_LIGHT: 'Shadows Into Light',
  SYNCOPATE: 'Syncopate', TAHOMA: 'Tahoma', TIMES_NEW_ROMAN: 'Times New Roman', TREBUCHET_MS: 'Trebuchet MS',
  UBUNTU: 'Ubuntu', VERDANA: 'Verdana',
};
export const FontFamily = enumOf(Object.keys(FONT_FAMILY_NAMES) as (keyof typeof FONT_FAMILY_NAMES & string)[]);

/** What Apps Script throws when a closed document is used. */
export const CLOSED_MESSAGE = 'Document is closed, its contents cannot be updated.';
export const MISSING_MESSAGE = "Document is missing (perhaps it was deleted, or you don't have read access?)";
const LAST_PARAGRAPH_MESSAGE = "Can't remove the last paragraph in a document section.";

// ---------------------------------------------------------------------------------------
// Argument checks

function num(v: unknown, name: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isFinite(n)) throw invalidArgument(name);
  return n;
}

function nonNegative(v: unknown, name: string): number {
  const n = num(v, name);
  if (n < 0) throw invalidArgument(name);
  return n;
}

function int(v: unknown, name: string): number {
  return Math.trunc(num(v, name));
}

function oneOf<T extends string>(v: unknown, names: readonly T[], name: string): T {
  if (typeof v === 'string' && (names as readonly string[]).includes(v)) return v as T;
  throw invalidArgument(name);
}

/** A CSS hex color, normalised to "#rrggbb"; null clears. */
function color(v: unknown, name = 'color'): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  const long = /^#([0-9a-f]{6})$/i.exec(s);
  if (long) return `#${long[1].toLowerCase()}`;
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(s);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`.toLowerCase();
  throw invalidArgument(name);
}

function fontFamily(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  const s = String(v).trim();
  if (!s) throw invalidArgument('fontFamilyName');
  return FONT_FAMILY_NAMES[s] ?? s;
}

function text(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

// ---------------------------------------------------------------------------------------
// Attributes (Attribute enum keys) to and from the model

interface AttributeSet {
  text: TextStylePatch;
  para: { [K in keyof ParagraphStyle]?: ParagraphStyle[K] | null };
  heading?: HeadingName;
  glyph?: GlyphName;
  nesting?: number;
  page: Partial<Record<'width' | 'height' | 'marginTop' | 'marginBottom' | 'marginLeft' | 'marginRight', number>>;
  borderWidth?: number;
  borderColor?: string | null;
  padding: Partial<Record<'paddingTop' | 'paddingBottom' | 'paddingLeft' | 'paddingRight', number>>;
  verticalAlignment?: VerticalAlignmentName;
  width?: number;
  minimumHeight?: number;
}

function readAttributes(attributes: unknown): AttributeSet {
  if (attributes === null || typeof attributes !== 'object') throw invalidArgument('attributes');
  const out: AttributeSet = { text: {}, para: {}, page: {}, padding: {} };
  for (const [key, value] of Object.entries(attributes as Record<string, unknown>)) {
    const clear = value === null || value === undefined;
    switch (key) {
      case 'BOLD':
      case 'ITALIC':
      case 'UNDERLINE':
      case 'STRIKETHROUGH': {
        const k = key === 'BOLD' ? 'bold' : key === 'ITALIC' ? 'italic' : key === 'UNDERLINE' ? 'underline' : 'strikethrough';
        out.text[k] = clear ? null : Boolean(value);
        break;
      }
      case 'FONT_FAMILY':
        out.text.fontFamily = fontFamily(value);
        break;
      case 'FONT_SIZE':
        out.text.fontSize = clear ? null : nonNegative(value, 'FONT_SIZE');
        break;
      case 'FOREGROUND_COLOR':
        out.text.foregroundColor = color(value, 'FOREGROUND_COLOR');
        break;
      case 'BACKGROUND_COLOR':
        out.text.backgroundColor = color(value, 'BACKGROUND_COLOR');
        break;
      case 'LINK_URL':
        out.text.linkUrl = clear ? null : String(value);
        break;
      case 'HORIZONTAL_ALIGNMENT':
        out.para.alignment = clear ? null : oneOf(value, ALIGNMENTS, 'HORIZONTAL_ALIGNMENT');
        break;
      case 'INDENT_START':
        out.para.indentStart = clear ? null : num(value, key);
        break;
      case 'INDENT_END':
        out.para.indentEnd = clear ? null : num(value, key);
        break;
      case 'INDENT_FIRST_LINE':
        out.para.indentFirstLine = clear ? null : num(value, key);
        break;
      case 'SPACING_BEFORE':
        out.para.spacingBefore = clear ? null : nonNegative(value, key);
        break;
      case 'SPACING_AFTER':
        out.para.spacingAfter = clear ? null : nonNegative(value, key);
        break;
      case 'LINE_SPACING':
        out.para.lineSpacing = clear ? null : nonNegative(value, key);
        break;
      case 'LEFT_TO_RIGHT':
        out.para.leftToRight = clear ? null : Boolean(value);
        break;
      case 'HEADING':
        if (!clear) out.heading = oneOf(value, HEADINGS, key);
        break;
      case 'GLYPH_TYPE':
        if (!clear) out.glyph = oneOf(value, GLYPHS, key);
        break;
      case 'NESTING_LEVEL':
        if (!clear) out.nesting = Math.max(0, Math.min(8, int(value, key)));
        break;
      case 'PAGE_WIDTH':
        if (!clear) out.page.width = nonNegative(value, key);
        break;
      case 'PAGE_HEIGHT':
        if (!clear) out.page.height = nonNegative(value, key);
        break;
      case 'MARGIN_TOP':
        if (!clear) out.page.marginTop = nonNegative(value, key);
        break;
      case 'MARGIN_BOTTOM':
        if (!clear) out.page.marginBottom = nonNegative(value, key);
        break;
      case 'MARGIN_LEFT':
        if (!clear) out.page.marginLeft = nonNegative(value, key);
        break;
      case 'MARGIN_RIGHT':
        if (!clear) out.page.marginRight = nonNegative(value, key);
        break;
      case 'BORDER_WIDTH':
        if (!clear) out.borderWidth = nonNegative(value, key);
        break;
      case 'BORDER_COLOR':
        out.borderColor = color(value, key);
        break;
      case 'PADDING_TOP':
      case 'PADDING_BOTTOM':
      case 'PADDING_LEFT':
      case 'PADDING_RIGHT': {
        const k = key === 'PADDING_TOP' ? 'paddingTop' : key === 'PADDING_BOTTOM' ? 'paddingBottom' : key === 'PADDING_LEFT' ? 'paddingLeft' : 'paddingRight';
        if (!clear) out.padding[k] = nonNegative(value, key);
        break;
      }
      case 'VERTICAL_ALIGNMENT':
        if (!clear) out.verticalAlignment = oneOf(value, VERTICAL_ALIGNMENTS, key);
        break;
      case 'WIDTH':
        if (!clear) out.width = nonNegative(value, key);
        break;
      case 'MINIMUM_HEIGHT':
        if (!clear) out.minimumHeight = nonNegative(value, key);
        break;
      default:
        break; // unknown keys and attributes of no element here (CODE, HEIGHT, LIST_ID) are ignored
    }
  }
  return out;
}

const TEXT_ATTRIBUTE: Record<TextStyleKey, string> = {
  bold: 'BOLD',
  italic: 'ITALIC',
  underline: 'UNDERLINE',
  strikethrough: 'STRIKETHROUGH',
  fontFamily: 'FONT_FAMILY',
  fontSize: 'FONT_SIZE',
  foregroundColor: 'FOREGROUND_COLOR',
  backgroundColor: 'BACKGROUND_COLOR',
  linkUrl: 'LINK_URL',
};

/** One value per text attribute across styles: the common value, or null when mixed or unset. */
function commonTextAttributes(styles: TextStyle[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of TEXT_STYLE_KEYS) {
    const values = new Set(styles.map((s) => s[k]));
    const v = values.size === 1 ? [...values][0] : undefined;
    out[TEXT_ATTRIBUTE[k]] = v === undefined ? null : v;
  }
  return out;
}

function runStyles(paragraphs: ParagraphNode[]): TextStyle[] {
  const styles: TextStyle[] = [];
  for (const p of paragraphs) for (const t of textNodesOf(p)) for (const r of t.runs) if (r.text) styles.push(r.style);
  return styles;
}

/** Applies a text formatting change to whole paragraphs: their runs and their marks. */
function styleParagraphs(paragraphs: ParagraphNode[], patch: TextStylePatch): void {
  if (Object.keys(patch).length === 0) return;
  for (const p of paragraphs) {
    const nodes = textNodesOf(p);
    const len = nodes.reduce((n, t) => n + textNodeText(t).length, 0);
    styleRange(nodes, 0, len, patch);
    p.mark = patchStyle(p.mark, patch);
  }
}

function applyParagraphAttributes(p: ParagraphNode, a: AttributeSet): void {
  for (const [k, v] of Object.entries(a.para)) {
    const key = k as keyof ParagraphStyle;
    if (v === null || v === undefined) delete p.style[key];
    else (p.style as Record<string, unknown>)[key] = v;
  }
  if (a.heading) p.heading = a.heading;
  if (p.list) {
    if (a.glyph) p.list.glyphType = a.glyph;
    if (a.nesting !== undefined) p.list.nestingLevel = a.nesting;
  }
}

// ---------------------------------------------------------------------------------------
// Sessions: one per Document object (create / openById)

class Session {
  closed = false;
  private readonly cache = new WeakMap<object, unknown>();

  constructor(
    readonly env: Env,
    readonly fileId: string,
  ) {}

  rec(): FileRec {
    const rec = documentRecord(this.env, this.fileId);
    if (!rec) throw exception(MISSING_MESSAGE);
    return rec;
  }

  doc(): DocModel {
    return this.rec().doc as DocModel;
  }

  /** Marks a change: the .docx is rewritten at the next save or flush. */
  touch(): void {
    const rec = this.rec();
    (rec.doc as DocModel).rev++;
    rec.updated = this.env.clock.now();
  }

  check(): void {
    if (this.closed) throw exception(CLOSED_MESSAGE);
  }

  /** The (cached) Apps Script object of a model node. */
  wrap(node: ModelNode): unknown {
    const hit = this.cache.get(node);
    if (hit) return hit;
    let obj: ElementBase;
    let cls: string;
    switch (node.kind) {
      case 'body':
        [obj, cls] = [new FakeBody(this, node), 'Body'];
        break;
      case 'header':
        [obj, cls] = [new FakeHeaderSection(this, node), 'HeaderSection'];
        break;
      case 'footer':
        [obj, cls] = [new FakeFooterSection(this, node), 'FooterSection'];
        break;
      case 'paragraph':
        [obj, cls] = node.list ? [new FakeListItem(this, node), 'ListItem'] : [new FakeParagraph(this, node), 'Paragraph'];
        break;
      case 'table':
        [obj, cls] = [new FakeTable(this, node), 'Table'];
        break;
      case 'row':
        [obj, cls] = [new FakeTableRow(this, node), 'TableRow'];
        break;
      case 'cell':
        [obj, cls] = [new FakeTableCell(this, node), 'TableCell'];
        break;
      case 'text':
        [obj, cls] = [new FakeText(this, node, null), 'Text'];
        break;
      case 'hr':
        [obj, cls] = [new FakeHorizontalRule(this, node), 'HorizontalRule'];
        break;
      case 'pagebreak':
        [obj, cls] = [new FakePageBreak(this, node), 'PageBreak'];
        break;
      case 'image':
        [obj, cls] = [new FakeInlineImage(this, node), 'InlineImage'];
        break;
      default:
        throw emulatorError('unknown document node');
    }
    const proxy = this.object(obj, cls);
    this.cache.set(node, proxy);
    return proxy;
  }

  /** Guards an object against use after saveAndClose, then instruments it. */
  object<T extends SelfAware & object>(obj: T, cls: string, allowClosed: ReadonlySet<string> = NONE): T {
    const check = () => this.check();
    const guarded = new Proxy(obj, {
      get(target, prop, receiver) {
        const v = Reflect.get(target, prop, receiver);
        if (typeof v !== 'function' || typeof prop !== 'string' || prop.startsWith('_') || prop === 'constructor' || allowClosed.has(prop)) return v;
        return function (this: unknown, ...args: unknown[]) {
          check();
          return (v as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    });
    return wrap(guarded, cls, this.env);
  }
}

const NONE: ReadonlySet<string> = new Set();

/** The model node behind an element object of this emulator, or null. */
function nodeOf(obj: unknown): ModelNode | null {
  if (!obj || typeof obj !== 'object') return null;
  const r = raw(obj as object) as { _node?: ModelNode };
  return r && typeof r === 'object' && r._node && typeof r._node === 'object' ? r._node : null;
}

function kidsOf(node: ModelNode): ModelNode[] | null {
  switch (node.kind) {
    case 'body':
    case 'header':
    case 'footer':
    case 'cell':
    case 'paragraph':
      return node.children;
    case 'table':
      return node.rows;
    case 'row':
      return node.cells;
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------
// Elements

abstract class ElementBase implements SelfAware {
  _self: unknown = this;

  constructor(
    readonly _s: Session,
    readonly _node: ModelNode,
  ) {}

  abstract getType(): GoogleAppsScript.Document.ElementType;

  protected _out<T>(): T {
    return this._self as T;
  }

  protected _touch(): void {
    this._s.touch();
  }

  protected _wrap<T>(node: ModelNode): T {
    return this._s.wrap(node) as T;
  }

  protected _parentInfo(): { parent: ModelNode; index: number } | null {
    return findParent(this._s.doc(), this._node);
  }

  getParent(): GoogleAppsScript.Document.ContainerElement {
    const f = this._parentInfo();
    return (f ? this._wrap(f.parent) : null) as GoogleAppsScript.Document.ContainerElement;
  }

  getNextSibling(): GoogleAppsScript.Document.Element {
    const f = this._parentInfo();
    const next = f ? kidsOf(f.parent)?.[f.index + 1] : undefined;
    return (next ? this._wrap(next) : null) as GoogleAppsScript.Document.Element;
  }

  getPreviousSibling(): GoogleAppsScript.Document.Element {
    const f = this._parentInfo();
    const prev = f && f.index > 0 ? kidsOf(f.parent)?.[f.index - 1] : undefined;
    return (prev ? this._wrap(prev) : null) as GoogleAppsScript.Document.Element;
  }

  /** Detaches the element. The last paragraph of a body, cell, header or footer cannot go. */
  removeFromParent(): unknown {
    const f = this._parentInfo();
    if (!f) return this._self;
    const kids = kidsOf(f.parent) as ModelNode[];
    if (f.parent.kind === 'body' || f.parent.kind === 'header' || f.parent.kind === 'footer' || f.parent.kind === 'cell') {
      const rest = kids.filter((_, i) => i !== f.index);
      if (rest.length === 0 || rest[rest.length - 1].kind !== 'paragraph') throw exception(LAST_PARAGRAPH_MESSAGE);
    }
    kids.splice(f.index, 1);
    this._touch();
    return this._self;
  }

  /** A detached deep copy, to append or insert elsewhere. */
  copy(): unknown {
    return this._wrap(cloneNode(this._node));
  }

  isAtDocumentEnd(): boolean {
    const doc = this._s.doc();
    let node: ModelNode = this._node;
    for (;;) {
      const f = findParent(doc, node);
      if (!f) return false;
      const kids = kidsOf(f.parent) as ModelNode[];
      if (f.index !== kids.length - 1) return false;
      if (f.parent === doc.body) return true;
      node = f.parent;
    }
  }

  private _as<T>(type: string, name: string): T {
    const actual = this.getType() as unknown as string;
    if (actual !== type) throw exception(`The element is not a ${name}: it is ${actual}.`);
    return this._self as T;
  }

  asBody(): GoogleAppsScript.Document.Body {
    return this._as('BODY_SECTION', 'Body');
  }
  asHeaderSection(): GoogleAppsScript.Document.HeaderSection {
    return this._as('HEADER_SECTION', 'HeaderSection');
  }
  asFooterSection(): GoogleAppsScript.Document.FooterSection {
    return this._as('FOOTER_SECTION', 'FooterSection');
  }
  asParagraph(): GoogleAppsScript.Document.Paragraph {
    return this._as('PARAGRAPH', 'Paragraph');
  }
  asListItem(): GoogleAppsScript.Document.ListItem {
    return this._as('LIST_ITEM', 'ListItem');
  }
  asTable(): GoogleAppsScript.Document.Table {
    return this._as('TABLE', 'Table');
  }
  asTableRow(): GoogleAppsScript.Document.TableRow {
    return this._as('TABLE_ROW', 'TableRow');
  }
  asTableCell(): GoogleAppsScript.Document.TableCell {
    return this._as('TABLE_CELL', 'TableCell');
  }
  asText(): GoogleAppsScript.Document.Text {
    return this._as('TEXT', 'Text');
  }
  asHorizontalRule(): GoogleAppsScript.Document.HorizontalRule {
    return this._as('HORIZONTAL_RULE', 'HorizontalRule');
  }
  asPageBreak(): GoogleAppsScript.Document.PageBreak {
    return this._as('PAGE_BREAK', 'PageBreak');
  }
  asInlineImage(): GoogleAppsScript.Document.InlineImage {
    return this._as('INLINE_IMAGE', 'InlineImage');
  }
}

// ---------------------------------------------------------------------------------------
// Images

/** Docs' limits for an inserted image. */
export const IMAGE_MAX_BYTES = 50 * 1024 * 1024;
export const IMAGE_MAX_PIXELS = 25_000_000;

/** The format and pixel size of PNG, JPEG or GIF bytes, or null for anything else. */
export function imageInfo(bytes: Uint8Array): { contentType: ImageType; width: number; height: number } | null {
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (b.length >= 24 && b.readUInt32BE(0) === 0x89504e47 && b.readUInt32BE(4) === 0x0d0a1a0a && b.toString('latin1', 12, 16) === 'IHDR') {
    return { contentType: 'image/png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (b.length >= 10 && /^GIF8[79]a$/.test(b.toString('latin1', 0, 6))) {
    return { contentType: 'image/gif', width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  }
  if (b.length >= 4 && b[0] === 0xff && b[1] === 0xd8) {
    // Walk the segments to the first start-of-frame marker (SOF0–SOF15 but DHT, JPG, DAC).
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1];
      if (marker === 0xff) {
        i++;
        continue;
      }
      const length = b.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { contentType: 'image/jpeg', width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
      }
      i += 2 + length;
    }
  }
  return null;
}

/** An image given to appendImage & co: a BlobSource, or a detached InlineImage (a copy()). */
function imageArg(session: Session, arg: unknown): ImageNode {
  if (arg && typeof arg === 'object' && nodeOf(arg)) return detachedNode(session, arg, ['image'], 'InlineImage');
  const blob = blobData(arg);
  if (blob.bytes.length > IMAGE_MAX_BYTES) throw exception('The image is too large: Docs takes images of at most 50 MB.');
  const info = imageInfo(blob.bytes);
  // The emulator's wording: Docs refuses such data, its message is not in the reference.
  if (!info || !(IMAGE_TYPES as readonly string[]).includes(info.contentType)) throw exception('Invalid image data: Docs takes PNG, JPEG or GIF images.');
  if (info.width < 1 || info.height < 1 || info.width * info.height > IMAGE_MAX_PIXELS) throw exception('The image is too large: Docs takes images of at most 25 megapixels.');
  return { kind: 'image', contentType: info.contentType, data: blob.bytes.toString('base64'), width: info.width, height: info.height };
}

/** A detached node given to append/insert: a copy() made by this emulator. */
function detachedNode<K extends ModelNode['kind']>(session: Session, obj: unknown, kinds: K[], what: string): Extract<ModelNode, { kind: K }> {
  const node = nodeOf(obj);
  if (!node || !(kinds as string[]).includes(node.kind)) throw exception(`The parameters (${what}) don't match the method signature.`);
  if (isAttached(session.doc(), node)) throw exception('Element must be detached.');
  return node as Extract<ModelNode, { kind: K }>;
}

/** Body, HeaderSection, FooterSection and TableCell: containers of paragraphs and tables. */
abstract class ContainerBase<Self> extends ElementBase {
  protected _container(): ContainerNode {
    return this._node as ContainerNode;
  }

  protected _children(): BlockNode[] {
    return this._container().children;
  }

  /** Text formatting new paragraphs get (Body.setAttributes sets it). */
  protected _newStyle(): TextStyle {
    return { ...this._s.doc().body.defaultStyle };
  }

  protected _index(childIndex: unknown, insert: boolean): number {
    const i = int(childIndex, 'childIndex');
    const n = this._children().length;
    if (i < 0 || (insert ? i > n : i >= n)) {
      throw exception(insert ? `Child index (${i}) must be less than or equal to the number of child elements (${n}).` : `Child index (${i}) must be less than the number of child elements (${n}).`);
    }
    return i;
  }

  protected _insertBlock(index: number, block: BlockNode): void {
    const kids = this._children();
    kids.splice(index, 0, block);
    if (block.kind === 'table' && index === kids.length - 1) ensureTrailingParagraph(kids, this._newStyle());
    this._touch();
  }

  private _paragraphArg(arg: unknown): ParagraphNode {
    if (arg !== null && typeof arg === 'object') {
      const p = detachedNode(this._s, arg, ['paragraph'], 'Paragraph');
      if (p.list) throw exception("The parameters (ListItem) don't match the method signature.");
      return p;
    }
    return newParagraph(text(arg), this._newStyle());
  }

  private _listItemArg(arg: unknown, index: number): ParagraphNode {
    if (arg !== null && typeof arg === 'object') {
      const p = detachedNode(this._s, arg, ['paragraph'], 'ListItem');
      if (!p.list) throw exception("The parameters (Paragraph) don't match the method signature.");
      return p;
    }
    const p = newParagraph(text(arg), this._newStyle());
    const prev = this._children()[index - 1];
    if (prev && prev.kind === 'paragraph' && prev.list) p.list = { ...prev.list };
    else {
      const doc = this._s.doc();
      doc.listSeq++;
      p.list = { listId: `kix.${doc.listSeq}`, nestingLevel: 0, glyphType: 'BULLET' };
    }
    return p;
  }

  private _tableArg(arg: unknown): TableNode {
    if (arg === undefined || arg === null) return newTable([], this._newStyle());
    if (Array.isArray(arg)) {
      if (!arg.every((r) => Array.isArray(r))) throw exception("The parameters (String[]) don't match the method signature.");
      return newTable(arg.map((r: unknown[]) => r.map((c) => text(c))), this._newStyle());
    }
    return detachedNode(this._s, arg, ['table'], 'Table');
  }

  appendParagraph(paragraph: unknown): GoogleAppsScript.Document.Paragraph {
    const p = this._paragraphArg(paragraph);
    this._insertBlock(this._children().length, p);
    return this._wrap(p);
  }

  insertParagraph(childIndex: unknown, paragraph: unknown): GoogleAppsScript.Document.Paragraph {
    const i = this._index(childIndex, true);
    const p = this._paragraphArg(paragraph);
    this._insertBlock(i, p);
    return this._wrap(p);
  }

  appendListItem(listItem: unknown): GoogleAppsScript.Document.ListItem {
    const p = this._listItemArg(listItem, this._children().length);
    this._insertBlock(this._children().length, p);
    return this._wrap(p);
  }

  insertListItem(childIndex: unknown, listItem: unknown): GoogleAppsScript.Document.ListItem {
    const i = this._index(childIndex, true);
    const p = this._listItemArg(listItem, i);
    this._insertBlock(i, p);
    return this._wrap(p);
  }

  /** One counted call, however many cells: the table is built inside the emulator. */
  appendTable(cells?: unknown): GoogleAppsScript.Document.Table {
    const t = this._tableArg(cells);
    this._insertBlock(this._children().length, t);
    return this._wrap(t);
  }

  insertTable(childIndex: unknown, cells?: unknown): GoogleAppsScript.Document.Table {
    const i = this._index(childIndex, true);
    const t = this._tableArg(cells);
    this._insertBlock(i, t);
    return this._wrap(t);
  }

  /** A new paragraph holding a horizontal rule; returns the rule. */
  appendHorizontalRule(): GoogleAppsScript.Document.HorizontalRule {
    const p = newParagraph('', this._newStyle());
    const hr: InlineNode = { kind: 'hr' };
    p.children.push(hr);
    this._insertBlock(this._children().length, p);
    return this._wrap(hr);
  }

  insertHorizontalRule(childIndex: unknown): GoogleAppsScript.Document.HorizontalRule {
    const i = this._index(childIndex, true);
    const p = newParagraph('', this._newStyle());
    const hr: InlineNode = { kind: 'hr' };
    p.children.push(hr);
    this._insertBlock(i, p);
    return this._wrap(hr);
  }

  /** A new paragraph holding the image (a Blob, or a copy of an InlineImage); returns the image. */
  appendImage(image: unknown): GoogleAppsScript.Document.InlineImage {
    return this._imageAt(this._children().length, image);
  }

  insertImage(childIndex: unknown, image: unknown): GoogleAppsScript.Document.InlineImage {
    return this._imageAt(this._index(childIndex, true), image);
  }

  private _imageAt(index: number, image: unknown): GoogleAppsScript.Document.InlineImage {
    const node = imageArg(this._s, image);
    const p = newParagraph('', this._newStyle());
    p.children.push(node);
    this._insertBlock(index, p);
    return this._wrap(node);
  }

  /** Every inline image of the container, those in tables too. */
  getImages(): GoogleAppsScript.Document.InlineImage[] {
    return imagesOf(this._container()).map((n) => this._wrap<GoogleAppsScript.Document.InlineImage>(n));
  }

  getChild(childIndex: unknown): GoogleAppsScript.Document.Element {
    return this._wrap(this._children()[this._index(childIndex, false)]);
  }

  getChildIndex(child: unknown): GoogleAppsScript.Integer {
    const node = nodeOf(child);
    const i = node ? this._children().indexOf(node as BlockNode) : -1;
    if (i < 0) throw exception('Element is not a child of this element.');
    return i;
  }

  getNumChildren(): GoogleAppsScript.Integer {
    return this._children().length;
  }

  /** Every paragraph and list item of the container, those in tables too. */
  getParagraphs(): GoogleAppsScript.Document.Paragraph[] {
    return paragraphsOf(this._container()).map((p) => this._wrap<GoogleAppsScript.Document.Paragraph>(p));
  }

  getListItems(): GoogleAppsScript.Document.ListItem[] {
    return paragraphsOf(this._container())
      .filter((p) => p.list)
      .map((p) => this._wrap<GoogleAppsScript.Document.ListItem>(p));
  }

  getTables(): GoogleAppsScript.Document.Table[] {
    return tablesOf(this._children()).map((t) => this._wrap<GoogleAppsScript.Document.Table>(t));
  }

  getText(): string {
    return blocksText(this._children());
  }

  /** Replaces the content with one paragraph holding `text`. */
  setText(value: unknown): Self {
    const kids = this._children();
    const first = kids.find((k): k is ParagraphNode => k.kind === 'paragraph');
    const p = newParagraph(text(value), first ? (styleAt(textNodesOf(first), 0) ?? first.mark) : this._newStyle());
    if (first) {
      p.heading = first.heading;
      p.style = { ...first.style };
    }
    kids.splice(0, kids.length, p);
    this._touch();
    return this._self as Self;
  }

  /** Removes everything; one empty paragraph remains, as in Docs. */
  clear(): Self {
    const kids = this._children();
    kids.splice(0, kids.length, newParagraph('', this._newStyle()));
    this._touch();
    return this._self as Self;
  }

  removeChild(child: unknown): Self {
    const node = nodeOf(child);
    if (!node || !this._children().includes(node as BlockNode)) throw exception('Element is not a child of this element.');
    (raw(child as object) as ElementBase).removeFromParent();
    return this._self as Self;
  }

  editAsText(): GoogleAppsScript.Document.Text {
    return textView(this._s, this._node);
  }

  replaceText(searchPattern: unknown, replacement: unknown): GoogleAppsScript.Document.Element {
    if (replaceInParagraphs(paragraphsOf(this._container()), searchPattern, replacement)) this._touch();
    return this._self as GoogleAppsScript.Document.Element;
  }

  getAttributes(): Record<string, unknown> {
    return commonTextAttributes(runStyles(paragraphsOf(this._container())));
  }

  /** Text attributes apply to all the text; other attributes to the element itself. */
  setAttributes(attributes: unknown): Self {
    const a = readAttributes(attributes);
    styleParagraphs(paragraphsOf(this._container()), a.text);
    this._applyOwn(a);
    this._touch();
    return this._self as Self;
  }

  protected _applyOwn(_a: AttributeSet): void {}
}

abstract class SectionBase<Self> extends ContainerBase<Self> {
  protected _section(): SectionNode {
    return this._node as SectionNode;
  }

  protected override _newStyle(): TextStyle {
    return { ...this._s.doc().body.defaultStyle, ...this._section().defaultStyle };
  }

  override getParent(): GoogleAppsScript.Document.ContainerElement {
    return null as unknown as GoogleAppsScript.Document.ContainerElement;
  }

  override removeFromParent(): unknown {
    throw exception('The body of a document cannot be removed.');
  }

  /** Text attributes also become what new paragraphs of the section get. */
  protected override _applyOwn(a: AttributeSet): void {
    const s = this._section();
    s.defaultStyle = patchStyle(s.defaultStyle, a.text);
  }
}

type BodyMethods =
  | 'appendParagraph' | 'insertParagraph' | 'appendListItem' | 'insertListItem' | 'appendTable' | 'insertTable'
  | 'appendHorizontalRule' | 'insertHorizontalRule' | 'appendPageBreak' | 'insertPageBreak' | 'getChild'
  | 'getChildIndex' | 'getNumChildren' | 'getParagraphs' | 'getListItems' | 'getTables' | 'getText' | 'setText'
  | 'clear' | 'removeChild' | 'editAsText' | 'replaceText' | 'getAttributes' | 'setAttributes' | 'getType'
  | 'getParent' | 'setMarginTop' | 'setMarginBottom' | 'setMarginLeft' | 'setMarginRight' | 'getMarginTop'
  | 'getMarginBottom' | 'getMarginLeft' | 'getMarginRight' | 'setPageWidth' | 'setPageHeight' | 'getPageWidth'
  | 'getPageHeight' | 'asBody' | 'asParagraph' | 'asTable' | 'asText' | 'asListItem' | 'appendImage' | 'insertImage'
  | 'getImages';

class FakeBody extends SectionBase<GoogleAppsScript.Document.Body> implements Pick<GoogleAppsScript.Document.Body, BodyMethods> {
  getType(): GoogleAppsScript.Document.ElementType {
    return ElementType.BODY_SECTION as unknown as GoogleAppsScript.Document.ElementType;
  }

  private _page(key: keyof DocModel['page'], value: unknown, name: string): GoogleAppsScript.Document.Body {
    this._s.doc().page[key] = nonNegative(value, name);
    this._touch();
    return this._out();
  }

  setMarginTop(marginTop: number): GoogleAppsScript.Document.Body {
    return this._page('marginTop', marginTop, 'marginTop');
  }
  setMarginBottom(marginBottom: number): GoogleAppsScript.Document.Body {
    return this._page('marginBottom', marginBottom, 'marginBottom');
  }
  setMarginLeft(marginLeft: number): GoogleAppsScript.Document.Body {
    return this._page('marginLeft', marginLeft, 'marginLeft');
  }
  setMarginRight(marginRight: number): GoogleAppsScript.Document.Body {
    return this._page('marginRight', marginRight, 'marginRight');
  }
  setPageWidth(pageWidth: number): GoogleAppsScript.Document.Body {
    return this._page('width', pageWidth, 'pageWidth');
  }
  setPageHeight(pageHeight: number): GoogleAppsScript.Document.Body {
    return this._page('height', pageHeight, 'pageHeight');
  }
  getMarginTop(): number {
    return this._s.doc().page.marginTop;
  }
  getMarginBottom(): number {
    return this._s.doc().page.marginBottom;
  }
  getMarginLeft(): number {
    return this._s.doc().page.marginLeft;
  }
  getMarginRight(): number {
    return this._s.doc().page.marginRight;
  }
  getPageWidth(): number {
    return this._s.doc().page.width;
  }
  getPageHeight(): number {
    return this._s.doc().page.height;
  }

  /** Page breaks go in a new paragraph of the body. */
  appendPageBreak(pageBreak?: unknown): GoogleAppsScript.Document.PageBreak {
    return this._pageBreakAt(this._children().length, pageBreak);
  }

  insertPageBreak(childIndex: unknown, pageBreak?: unknown): GoogleAppsScript.Document.PageBreak {
    return this._pageBreakAt(this._index(childIndex, true), pageBreak);
  }

  private _pageBreakAt(index: number, pageBreak: unknown): GoogleAppsScript.Document.PageBreak {
    const pb = pageBreak === undefined || pageBreak === null ? ({ kind: 'pagebreak' } as InlineNode) : detachedNode(this._s, pageBreak, ['pagebreak'], 'PageBreak');
    const p = newParagraph('', this._newStyle());
    p.children.push(pb);
    this._insertBlock(index, p);
    return this._wrap(pb);
  }

  override getAttributes(): Record<string, unknown> {
    const page = this._s.doc().page;
    return {
      ...super.getAttributes(),
      MARGIN_TOP: page.marginTop,
      MARGIN_BOTTOM: page.marginBottom,
      MARGIN_LEFT: page.marginLeft,
      MARGIN_RIGHT: page.marginRight,
      PAGE_WIDTH: page.width,
      PAGE_HEIGHT: page.height,
    };
  }

  protected override _applyOwn(a: AttributeSet): void {
    super._applyOwn(a);
    Object.assign(this._s.doc().page, a.page);
  }
}

type SectionMethods =
  | 'appendParagraph' | 'insertParagraph' | 'appendListItem' | 'insertListItem' | 'appendTable' | 'insertTable'
  | 'appendHorizontalRule' | 'insertHorizontalRule' | 'getChild' | 'getChildIndex' | 'getNumChildren'
  | 'getParagraphs' | 'getListItems' | 'getTables' | 'getText' | 'setText' | 'clear' | 'removeChild'
  | 'editAsText' | 'replaceText' | 'getAttributes' | 'setAttributes' | 'getType' | 'getParent' | 'appendImage'
  | 'insertImage' | 'getImages';

class FakeHeaderSection extends SectionBase<GoogleAppsScript.Document.HeaderSection> implements Pick<GoogleAppsScript.Document.HeaderSection, SectionMethods> {
  getType(): GoogleAppsScript.Document.ElementType {
    return ElementType.HEADER_SECTION as unknown as GoogleAppsScript.Document.ElementType;
  }
}

class FakeFooterSection extends SectionBase<GoogleAppsScript.Document.FooterSection> implements Pick<GoogleAppsScript.Document.FooterSection, SectionMethods> {
  getType(): GoogleAppsScript.Document.ElementType {
    return ElementType.FOOTER_SECTION as unknown as GoogleAppsScript.Document.ElementType;
  }
}

type CellMethods =
  | 'appendParagraph' | 'insertParagraph' | 'appendListItem' | 'insertListItem' | 'appendTable' | 'insertTable'
  | 'appendHorizontalRule' | 'insertHorizontalRule' | 'getChild' | 'getChildIndex' | 'getNumChildren' | 'getText'
  | 'setText' | 'clear' | 'removeChild' | 'editAsText' | 'replaceText' | 'getAttributes' | 'setAttributes'
  | 'getType' | 'getParent' | 'getParentRow' | 'getParentTable' | 'getPaddingTop' | 'getPaddingBottom'
  | 'getPaddingLeft' | 'getPaddingRight' | 'setPaddingTop' | 'setPaddingBottom' | 'setPaddingLeft' | 'setPaddingRight'
  | 'getVerticalAlignment' | 'setVerticalAlignment' | 'getWidth' | 'setWidth' | 'getBackgroundColor'
  | 'setBackgroundColor' | 'getColSpan' | 'getRowSpan' | 'getNextSibling' | 'getPreviousSibling' | 'removeFromParent'
  | 'appendImage' | 'insertImage';

class FakeTableCell extends ContainerBase<GoogleAppsScript.Document.TableCell> implements Pick<GoogleAppsScript.Document.TableCell, CellMethods> {
  private _cell(): CellNode {
    return this._node as CellNode;
  }

  getType(): GoogleAppsScript.Document.ElementType {
    return ElementType.TABLE_CELL as unknown as GoogleAppsScript.Document.ElementType;
  }

  private _where(): { table: TableNode; row: RowNode; column: number } {
    const doc = this._s.doc();
    const r = findParent(doc, this._node);
    if (!r) throw exception('The table cell is not in a table.');
    const t = findParent(doc, r.parent);
    if (!t) throw exception('The table cell is not in a table.');
    return { table: t.parent as TableNode, row: r.parent as RowNode, column: r.index };
  }

  getParentRow(): GoogleAppsScript.Document.TableRow {
    return this._wrap(this._where().row);
  }

  getParentTable(): GoogleAppsScript.Document.Table {
    return this._wrap(this._where().table);
  }

  /** Replaces the content with one paragraph; returns the cell. */
  override setText(value: unknown): GoogleAppsScript.Document.TableCell {
    return super.setText(value);
  }

  override removeFromParent(): GoogleAppsScript.Document.TableCell {
    const { row, column } = this._where();
    row.cells.splice(column, 1);
    this._touch();
    return this._out();
  }

  private _padding(key: 'paddingTop' | 'paddingBottom' | 'paddingLeft' | 'paddingRight', value: unknown): GoogleAppsScript.Document.TableCell {
    this._cell()[key] = nonNegative(value, key);
    this._touch();
    return this._out();
  }

  getPaddingTop(): number {
    return this._cell().paddingTop ?? DEFAULT_CELL_PADDING;
  }
  getPaddingBottom(): number {
    return this._cell().paddingBottom ?? DEFAULT_CELL_PADDING;
  }
  getPaddingLeft(): number {
    return this._cell().paddingLeft ?? DEFAULT_CELL_PADDING;
  }
  getPaddingRight(): number {
    return this._cell().paddingRight ?? DEFAULT_CELL_PADDING;
  }
  setPaddingTop(paddingTop: number): GoogleAppsScript.Document.TableCell {
    return this._padding('paddingTop', paddingTop);
  }
  setPaddingBottom(paddingBottom: number): GoogleAppsScript.Document.TableCell {
    return this._padding('paddingBottom', paddingBottom);
  }
  setPaddingLeft(paddingLeft: number): GoogleAppsScript.Document.TableCell {
    return this._padding('paddingLeft', paddingLeft);
  }
  setPaddingRight(paddingRight: number): GoogleAppsScript.Document.TableCell {
    return this._padding('paddingRight', paddingRight);
  }

  getVerticalAlignment(): GoogleAppsScript.Document.VerticalAlignment {
    return (this._cell().verticalAlignment ?? null) as unknown as GoogleAppsScript.Document.VerticalAlignment;
  }

  setVerticalAlignment(alignment: GoogleAppsScript.Document.VerticalAlignment): GoogleAppsScript.Document.TableCell {
    this._cell().verticalAlignment = oneOf(alignment, VERTICAL_ALIGNMENTS, 'alignment');
    this._touch();
    return this._out();
  }

  /** The width of the cell's column (null until set), as the reference says. */
  getWidth(): number {
    const { table, column } = this._where();
    return table.columnWidths[column] ?? (null as unknown as number);
  }

  /** Sets the width of the column containing the cell, in points. */
  setWidth(width: number): GoogleAppsScript.Document.TableCell {
    const { table, column } = this._where();
    while (table.columnWidths.length <= column) table.columnWidths.push(null);
    table.columnWidths[column] = nonNegative(width, 'width');
    this._touch();
    return this._out();
  }

  getBackgroundColor(): string {
    return this._cell().backgroundColor ?? (null as unknown as string);
  }

  setBackgroundColor(value: string): GoogleAppsScript.Document.TableCell {
    const c = color(value);
    if (c) this._cell().backgroundColor = c;
    else delete this._cell().backgroundColor;
    this._touch();
    return this._out();
  }

  /** 1 for a cell not merged; the span on the head of a merged range, 0 on a cell it covers (docxReader.ts). */
  getColSpan(): GoogleAppsScript.Integer {
    return this._cell().colSpan ?? 1;
  }

  getRowSpan(): GoogleAppsScript.Integer {
    return this._cell().rowSpan ?? 1;
  }

  override getAttributes(): Record<string, unknown> {
    const c = this._cell();
    return {
      ...super.getAttributes(),
      BACKGROUND_COLOR: c.backgroundColor ?? null,
      PADDING_TOP: this.getPaddingTop(),
      PADDING_BOTTOM: this.getPaddingBottom(),
      PADDING_LEFT: this.getPaddingLeft(),
      PADDING_RIGHT: this.getPaddingRight(),
      VERTICAL_ALIGNMENT: c.verticalAlignment ?? null,
      WIDTH: findParent(this._s.doc(), this._node) ? this.getWidth() : null,
    };
  }

  /** BACKGROUND_COLOR is the cell's shading here; text attributes go to the cell's text. */
  override setAttributes(attributes: unknown): GoogleAppsScript.Document.TableCell {
    const a = readAttributes(attributes);
    const bg = a.text.backgroundColor;
    delete a.text.backgroundColor;
    styleParagraphs(paragraphsOf(this._cell()), a.text);
    const c = this._cell();
    if (bg !== undefined) {
      if (bg === null) delete c.backgroundColor;
      else c.backgroundColor = bg;
    }
    Object.assign(c, a.padding);
    if (a.verticalAlignment) c.verticalAlignment = a.verticalAlignment;
    if (a.width !== undefined && findParent(this._s.doc(), this._node)) this.setWidth(a.width);
    this._touch();
    return this._out();
  }
}

// ---------------------------------------------------------------------------------------
// Paragraph and ListItem

type ParagraphMethods =
  | 'getText' | 'setText' | 'appendText' | 'insertText' | 'getNumChildren' | 'getChild' | 'getChildIndex' | 'clear'
  | 'editAsText' | 'getHeading' | 'setHeading' | 'getAlignment' | 'setAlignment' | 'getIndentStart' | 'setIndentStart'
  | 'getIndentEnd' | 'setIndentEnd' | 'getIndentFirstLine' | 'setIndentFirstLine' | 'getSpacingBefore'
  | 'setSpacingBefore' | 'getSpacingAfter' | 'setSpacingAfter' | 'getLineSpacing' | 'setLineSpacing'
  | 'isLeftToRight' | 'setLeftToRight' | 'getAttributes' | 'setAttributes' | 'appendHorizontalRule'
  | 'insertHorizontalRule' | 'appendPageBreak' | 'insertPageBreak' | 'getLinkUrl' | 'setLinkUrl' | 'replaceText'
  | 'removeChild' | 'getType' | 'getParent' | 'getNextSibling' | 'getPreviousSibling' | 'removeFromParent' | 'copy'
  | 'isAtDocumentEnd' | 'appendInlineImage' | 'insertInlineImage';

class FakeParagraph extends ElementBase implements Pick<GoogleAppsScript.Document.Paragraph, Exclude<ParagraphMethods, 'copy' | 'removeFromParent'>> {
  protected _p(): ParagraphNode {
    return this._node as ParagraphNode;
  }

  getType(): GoogleAppsScript.Document.ElementType {
    return ElementType.PARAGRAPH as unknown as GoogleAppsScript.Document.ElementType;
  }

  getText(): string {
    return paragraphText(this._p());
  }

  /** Replaces the text, keeping the formatting of the first character. */
  setText(value: string): void {
    setParagraphText(this._p(), text(value));
    this._touch();
  }

  /** A new Text element at the end, formatted as the character before it. */
  appendText(value: unknown): GoogleAppsScript.Document.Text {
    const p = this._p();
    const s = typeof value === 'object' && value !== null ? detachedNode(this._s, value, ['text'], 'Text') : null;
    const node = s ?? newTextNode(text(value), styleAt(textNodesOf(p), Infinity) ?? p.mark);
    p.children.push(node);
    this._touch();
    return this._wrap(node);
  }

  insertText(childIndex: unknown, value: unknown): GoogleAppsScript.Document.Text {
    const p = this._p();
    const i = int(childIndex, 'childIndex');
    if (i < 0 || i > p.children.length) throw exception(`Child index (${i}) must be less than or equal to the number of child elements (${p.children.length}).`);
    const before = textNodesOf({ ...p, children: p.children.slice(0, i) });
    const node = newTextNode(text(value), styleAt(before, Infinity) ?? styleAt(textNodesOf(p), 0) ?? p.mark);
    p.children.splice(i, 0, node);
    this._touch();
    return this._wrap(node);
  }

  getNumChildren(): GoogleAppsScript.Integer {
    return this._p().children.length;
  }

  getChild(childIndex: unknown): GoogleAppsScript.Document.Element {
    const kids = this._p().children;
    const i = int(childIndex, 'childIndex');
    if (i < 0 || i >= kids.length) throw exception(`Child index (${i}) must be less than the number of child elements (${kids.length}).`);
    return this._wrap(kids[i]);
  }

  getChildIndex(child: unknown): GoogleAppsScript.Integer {
    const node = nodeOf(child);
    const i = node ? this._p().children.indexOf(node as InlineNode) : -1;
    if (i < 0) throw exception('Element is not a child of this element.');
    return i;
  }

  removeChild(child: unknown): GoogleAppsScript.Document.Paragraph {
    const node = nodeOf(child);
    const i = node ? this._p().children.indexOf(node as InlineNode) : -1;
    if (i < 0) throw exception('Element is not a child of this element.');
    this._p().children.splice(i, 1);
    this._touch();
    return this._out();
  }

  clear(): GoogleAppsScript.Document.Paragraph {
    this._p().children = [];
    this._touch();
    return this._out();
  }

  editAsText(): GoogleAppsScript.Document.Text {
    return textView(this._s, this._node);
  }

  getHeading(): GoogleAppsScript.Document.ParagraphHeading {
    return this._p().heading as unknown as GoogleAppsScript.Document.ParagraphHeading;
  }

  setHeading(heading: GoogleAppsScript.Document.ParagraphHeading): GoogleAppsScript.Document.Paragraph {
    this._p().heading = oneOf(heading, HEADINGS, 'heading');
    this._touch();
    return this._out();
  }

  /** A paragraph attribute, or the NORMAL style's value when unset (null for headings). */
  protected _get<K extends keyof ParagraphStyle>(key: K): ParagraphStyle[K] | null {
    const p = this._p();
    const v = p.style[key];
    if (v !== undefined) return v;
    if (p.list && (key === 'indentStart' || key === 'indentFirstLine')) {
      const start = LIST_INDENT_STEP * (p.list.nestingLevel + 1);
      return (key === 'indentStart' ? start : start - LIST_INDENT_STEP / 2) as ParagraphStyle[K];
    }
    if (p.heading !== 'NORMAL') return null;
    const normal: ParagraphStyle = { alignment: 'LEFT', lineSpacing: DEFAULT_LINE_SPACING, indentStart: 0, indentEnd: 0, indentFirstLine: 0, spacingBefore: 0, spacingAfter: 0, leftToRight: true };
    return normal[key] ?? null;
  }

  protected _set<K extends keyof ParagraphStyle>(key: K, value: ParagraphStyle[K]): GoogleAppsScript.Document.Paragraph {
    this._p().style[key] = value;
    this._touch();
    return this._out();
  }

  getAlignment(): GoogleAppsScript.Document.HorizontalAlignment {
    return this._get('alignment') as unknown as GoogleAppsScript.Document.HorizontalAlignment;
  }
  setAlignment(alignment: GoogleAppsScript.Document.HorizontalAlignment): GoogleAppsScript.Document.Paragraph {
    return this._set('alignment', oneOf(alignment, ALIGNMENTS, 'alignment') as AlignmentName);
  }
  getIndentStart(): number {
    return this._get('indentStart') as number;
  }
  setIndentStart(indentStart: number): GoogleAppsScript.Document.Paragraph {
    return this._set('indentStart', num(indentStart, 'indentStart'));
  }
  getIndentEnd(): number {
    return this._get('indentEnd') as number;
  }
  setIndentEnd(indentEnd: number): GoogleAppsScript.Document.Paragraph {
    return this._set('indentEnd', num(indentEnd, 'indentEnd'));
  }
  getIndentFirstLine(): number {
    return this._get('indentFirstLine') as number;
  }
  /** Where the first line starts, in points from the margin (Docs does not add indentStart). */
  setIndentFirstLine(indentFirstLine: number): GoogleAppsScript.Document.Paragraph {
    return this._set('indentFirstLine', num(indentFirstLine, 'indentFirstLine'));
  }
  getSpacingBefore(): number {
    return this._get('spacingBefore') as number;
  }
  setSpacingBefore(spacingBefore: number): GoogleAppsScript.Document.Paragraph {
    return this._set('spacingBefore', nonNegative(spacingBefore, 'spacingBefore'));
  }
  getSpacingAfter(): number {
    return this._get('spacingAfter') as number;
  }
  setSpacingAfter(spacingAfter: number): GoogleAppsScript.Document.Paragraph {
    return this._set('spacingAfter', nonNegative(spacingAfter, 'spacingAfter'));
  }
  getLineSpacing(): number {
    return this._get('lineSpacing') as number;
  }
  /** A multiplier: 1 single, 1.15 Docs' default, 1.5, 2. */
  setLineSpacing(multiplier: number): GoogleAppsScript.Document.Paragraph {
    return this._set('lineSpacing', nonNegative(multiplier, 'multiplier'));
  }
  isLeftToRight(): boolean {
    return this._get('leftToRight') as boolean;
  }
  setLeftToRight(leftToRight: boolean): GoogleAppsScript.Document.Paragraph {
    return this._set('leftToRight', Boolean(leftToRight));
  }

  getLinkUrl(): string {
    return commonTextAttributes(runStyles([this._p()])).LINK_URL as string;
  }

  setLinkUrl(url: string): GoogleAppsScript.Document.Paragraph {
    styleParagraphs([this._p()], { linkUrl: url === null || url === undefined ? null : String(url) });
    this._touch();
    return this._out();
  }

  getAttributes(): Record<string, unknown> {
    const p = this._p();
    return {
      ...commonTextAttributes(runStyles([p])),
      HEADING: p.heading,
      HORIZONTAL_ALIGNMENT: this._get('alignment'),
      INDENT_START: this._get('indentStart'),
      INDENT_END: this._get('indentEnd'),
      INDENT_FIRST_LINE: this._get('indentFirstLine'),
      SPACING_BEFORE: this._get('spacingBefore'),
      SPACING_AFTER: this._get('spacingAfter'),
      LINE_SPACING: this._get('lineSpacing'),
      LEFT_TO_RIGHT: this._get('leftToRight'),
    };
  }

  /** Paragraph attributes to the paragraph; text attributes to all its text and its mark. */
  setAttributes(attributes: unknown): GoogleAppsScript.Document.Paragraph {
    const a = readAttributes(attributes);
    styleParagraphs([this._p()], a.text);
    applyParagraphAttributes(this._p(), a);
    this._touch();
    return this._out();
  }

  appendHorizontalRule(): GoogleAppsScript.Document.HorizontalRule {
    const hr: InlineNode = { kind: 'hr' };
    this._p().children.push(hr);
    this._touch();
    return this._wrap(hr);
  }

  insertHorizontalRule(childIndex: unknown): GoogleAppsScript.Document.HorizontalRule {
    const kids = this._p().children;
    const i = int(childIndex, 'childIndex');
    if (i < 0 || i > kids.length) throw exception(`Child index (${i}) must be less than or equal to the number of child elements (${kids.length}).`);
    const hr: InlineNode = { kind: 'hr' };
    kids.splice(i, 0, hr);
    this._touch();
    return this._wrap(hr);
  }

  private _checkPageBreakAllowed(): void {
    const doc = this._s.doc();
    let node: ModelNode = this._node;
    for (let f = findParent(doc, node); f; f = findParent(doc, node)) {
      if (f.parent.kind === 'cell' || f.parent.kind === 'header' || f.parent.kind === 'footer') {
        throw exception('PageBreak elements cannot be inserted in a table, header or footer.');
      }
      node = f.parent;
    }
  }

  appendPageBreak(pageBreak?: unknown): GoogleAppsScript.Document.PageBreak {
    this._checkPageBreakAllowed();
    const pb = pageBreak === undefined || pageBreak === null ? ({ kind: 'pagebreak' } as InlineNode) : detachedNode(this._s, pageBreak, ['pagebreak'], 'PageBreak');
    this._p().children.push(pb);
    this._touch();
    return this._wrap(pb);
  }

  insertPageBreak(childIndex: unknown, pageBreak?: unknown): GoogleAppsScript.Document.PageBreak {
    this._checkPageBreakAllowed();
    const kids = this._p().children;
    const i = int(childIndex, 'childIndex');
    if (i < 0 || i > kids.length) throw exception(`Child index (${i}) must be less than or equal to the number of child elements (${kids.length}).`);
    const pb = pageBreak === undefined || pageBreak === null ? ({ kind: 'pagebreak' } as InlineNode) : detachedNode(this._s, pageBreak, ['pagebreak'], 'PageBreak');
    kids.splice(i, 0, pb);
    this._touch();
    return this._wrap(pb);
  }

  replaceText(searchPattern: unknown, replacement: unknown): GoogleAppsScript.Document.Element {
    if (replaceInParagraphs([this._p()], searchPattern, replacement)) this._touch();
    return this._out();
  }

  /** The image (a Blob, or a copy of an InlineImage) at the end of the paragraph. */
  appendInlineImage(image: unknown): GoogleAppsScript.Document.InlineImage {
    const node = imageArg(this._s, image);
    this._p().children.push(node);
    this._touch();
    return this._wrap(node);
  }

  insertInlineImage(childIndex: unknown, image: unknown): GoogleAppsScript.Document.InlineImage {
    const kids = this._p().children;
    const i = int(childIndex, 'childIndex');
    if (i < 0 || i > kids.length) throw exception(`Child index (${i}) must be less than or equal to the number of child elements (${kids.length}).`);
    const node = imageArg(this._s, image);
    kids.splice(i, 0, node);
    this._touch();
    return this._wrap(node);
  }
}

type ListItemMethods = 'getListId' | 'setListId' | 'getNestingLevel' | 'setNestingLevel' | 'getGlyphType' | 'setGlyphType';

class FakeListItem extends FakeParagraph implements Pick<GoogleAppsScript.Document.ListItem, ListItemMethods> {
  override getType(): GoogleAppsScript.Document.ElementType {
    return ElementType.LIST_ITEM as unknown as GoogleAppsScript.Document.ElementType;
  }

  private _list(): NonNullable<ParagraphNode['list']> {
    return this._p().list as NonNullable<ParagraphNode['list']>;
  }

  getListId(): string {
    return this._list().listId;
  }

  /** Joins the list of `listItem`. */
  setListId(listItem: GoogleAppsScript.Document.ListItem): GoogleAppsScript.Document.ListItem {
    const other = nodeOf(listItem);
    if (!other || other.kind !== 'paragraph' || !other.list) throw invalidArgument('listItem');
    this._list().listId = other.list.listId;
    this._touch();
    return this._out();
  }

  getNestingLevel(): GoogleAppsScript.Integer {
    return this._list().nestingLevel;
  }

  setNestingLevel(nestingLevel: GoogleAppsScript.Integer): GoogleAppsScript.Document.ListItem {
    this._list().nestingLevel = Math.max(0, Math.min(8, int(nestingLevel, 'nestingLevel')));
    this._touch();
    return this._out();
  }

  getGlyphType(): GoogleAppsScript.Document.GlyphType {
    return this._list().glyphType as unknown as GoogleAppsScript.Document.GlyphType;
  }

  setGlyphType(glyphType: GoogleAppsScript.Document.GlyphType): GoogleAppsScript.Document.ListItem {
    this._list().glyphType = oneOf(glyphType, GLYPHS, 'glyphType');
    this._touch();
    return this._out();
  }

  override getAttributes(): Record<string, unknown> {
    const l = this._list();
    return { ...super.getAttributes(), LIST_ID: l.listId, NESTING_LEVEL: l.nestingLevel, GLYPH_TYPE: l.glyphType };
  }
}

// ---------------------------------------------------------------------------------------
// Text

interface Unit {
  para: ParagraphNode;
  /** A Text element: only that node of the paragraph. */
  only?: TextNode;
}

function unitNodes(u: Unit): TextNode[] {
  return u.only ? [u.only] : textNodesOf(u.para);
}

function unitText(u: Unit): string {
  return unitNodes(u).map(textNodeText).join('');
}

type TextMethods =
  | 'getText' | 'setText' | 'appendText' | 'insertText' | 'deleteText' | 'editAsText' | 'getType' | 'getParent'
  | 'setBold' | 'setItalic' | 'setUnderline' | 'setStrikethrough' | 'setFontSize' | 'setFontFamily'
  | 'setForegroundColor' | 'setBackgroundColor' | 'setLinkUrl' | 'setAttributes' | 'getAttributes' | 'isBold'
  | 'isItalic' | 'isUnderline' | 'isStrikethrough' | 'getFontSize' | 'getFontFamily' | 'getForegroundColor'
  | 'getBackgroundColor' | 'getLinkUrl' | 'getTextAttributeIndices' | 'replaceText';

/**
 * Text: either a Text element of a paragraph (its node), or the editAsText() view of an element
 * (all the text of its paragraphs, joined by "\n" as getText joins them).
 */
class FakeText extends ElementBase implements Pick<GoogleAppsScript.Document.Text, TextMethods> {
  constructor(
    session: Session,
    node: ModelNode,
    /** For a view: the element it was made from; null for a Text element. */
    readonly _viewOf: ModelNode | null,
  ) {
    super(session, node);
  }

  getType(): GoogleAppsScript.Document.ElementType {
    return ElementType.TEXT as unknown as GoogleAppsScript.Document.ElementType;
  }

  private _units(): Unit[] {
    if (!this._viewOf) {
      const f = findParent(this._s.doc(), this._node);
      const para = f && f.parent.kind === 'paragraph' ? f.parent : ({ kind: 'paragraph', heading: 'NORMAL', style: {}, mark: {}, children: [this._node] } as ParagraphNode);
      return [{ para, only: this._node as TextNode }];
    }
    return paragraphsOf(this._viewOf).map((para) => ({ para }));
  }

  /** Each unit with its start offset in the joined text. */
  private _spans(): { u: Unit; start: number; end: number }[] {
    let pos = 0;
    return this._units().map((u) => {
      const len = unitText(u).length;
      const span = { u, start: pos, end: pos + len };
      pos += len + 1;
      return span;
    });
  }

  override getParent(): GoogleAppsScript.Document.ContainerElement {
    const f = findParent(this._s.doc(), this._viewOf ?? this._node);
    return (f ? this._wrap(f.parent) : null) as GoogleAppsScript.Document.ContainerElement;
  }

  override copy(): unknown {
    if (this._viewOf) throw emulatorError('copy() of an editAsText() view is not supported.');
    return super.copy();
  }

  getText(): string {
    return this._units().map(unitText).join('\n');
  }

  /** Validates [start, endInclusive] and returns [start, endExclusive). */
  private _range(start: unknown, endInclusive: unknown): [number, number] {
    const s = int(start, 'startOffset');
    const e = int(endInclusive, 'endOffsetInclusive');
    const len = this.getText().length;
    if (s < 0 || s > e) throw invalidArgument('startOffset');
    if (e >= len) throw exception(`Index (${e}) must be less than the content length (${len}).`);
    return [s, e + 1];
  }

  private _style(args: unknown[], patchOf: (v: unknown) => TextStylePatch): GoogleAppsScript.Document.Text {
    if (args.length >= 3) {
      const [s, e] = this._range(args[0], args[1]);
      const patch = patchOf(args[2]);
      for (const sp of this._spans()) {
        const a = Math.max(s, sp.start);
        const b = Math.min(e, sp.end);
        if (a < b) styleRange(unitNodes(sp.u), a - sp.start, b - sp.start, patch);
      }
    } else {
      const patch = patchOf(args[0]);
      const units = this._units();
      for (const u of units) {
        const nodes = unitNodes(u);
        styleRange(nodes, 0, nodes.reduce((n, t) => n + textNodeText(t).length, 0), patch);
      }
      // The whole text of a paragraph or container: its paragraphs' marks change too.
      if (this._viewOf) for (const u of units) u.para.mark = patchStyle(u.para.mark, patch);
    }
    this._touch();
    return this._out();
  }

  setBold(...args: unknown[]): GoogleAppsScript.Document.Text {
    return this._style(args, (v) => ({ bold: v === null || v === undefined ? null : Boolean(v) }));
  }
  setItalic(...args: unknown[]): GoogleAppsScript.Document.Text {
    return this._style(args, (v) => ({ italic: v === null || v === undefined ? null : Boolean(v) }));
  }
  setUnderline(...args: unknown[]): GoogleAppsScript.Document.Text {
    return this._style(args, (v) => ({ underline: v === null || v === undefined ? null : Boolean(v) }));
  }
  setStrikethrough(...args: unknown[]): GoogleAppsScript.Document.Text {
    return this._style(args, (v) => ({ strikethrough: v === null || v === undefined ? null : Boolean(v) }));
  }
  setFontSize(...args: unknown[]): GoogleAppsScript.Document.Text {
    return this._style(args, (v) => ({ fontSize: v === null || v === undefined ? null : nonNegative(v, 'size') }));
  }
  setFontFamily(...args: unknown[]): GoogleAppsScript.Document.Text {
    return this._style(args, (v) => ({ fontFamily: fontFamily(v) }));
  }
  setForegroundColor(...args: unknown[]): GoogleAppsScript.Document.Text {
    return this._style(args, (v) => ({ foregroundColor: color(v) }));
  }
  setBackgroundColor(...args: unknown[]): GoogleAppsScript.Document.Text {
    return this._style(args, (v) => ({ backgroundColor: color(v) }));
  }
  setLinkUrl(...args: unknown[]): GoogleAppsScript.Document.Text {
    return this._style(args, (v) => ({ linkUrl: v === null || v === undefined ? null : String(v) }));
  }
  setAttributes(...args: unknown[]): GoogleAppsScript.Document.Text {
    return this._style(args, (v) => readAttributes(v).text);
  }

  /** Formatting at an offset, or over the whole text (null where it varies). */
  private _styles(offset: unknown): TextStyle[] {
    if (offset === undefined || offset === null) return runStyles(this._units().map((u) => ({ ...u.para, children: unitNodes(u) })));
    const o = int(offset, 'offset');
    const len = this.getText().length;
    if (o < 0 || o >= len) throw exception(`Index (${o}) must be less than the content length (${len}).`);
    for (const sp of this._spans()) {
      if (o >= sp.start && o < sp.end) return [styleAt(unitNodes(sp.u), o - sp.start) ?? {}];
    }
    return [{}]; // the "\n" between paragraphs
  }

  getAttributes(offset?: unknown): Record<string, unknown> {
    return commonTextAttributes(this._styles(offset));
  }

  private _attr(offset: unknown, key: TextStyleKey): unknown {
    return commonTextAttributes(this._styles(offset))[TEXT_ATTRIBUTE[key]];
  }

  isBold(offset?: unknown): boolean {
    return this._attr(offset, 'bold') as boolean;
  }
  isItalic(offset?: unknown): boolean {
    return this._attr(offset, 'italic') as boolean;
  }
  isUnderline(offset?: unknown): boolean {
    return this._attr(offset, 'underline') as boolean;
  }
  isStrikethrough(offset?: unknown): boolean {
    return this._attr(offset, 'strikethrough') as boolean;
  }
  getFontSize(offset?: unknown): GoogleAppsScript.Integer {
    return this._attr(offset, 'fontSize') as number;
  }
  getFontFamily(offset?: unknown): string {
    return this._attr(offset, 'fontFamily') as string;
  }
  getForegroundColor(offset?: unknown): string {
    return this._attr(offset, 'foregroundColor') as string;
  }
  getBackgroundColor(offset?: unknown): string {
    return this._attr(offset, 'backgroundColor') as string;
  }
  getLinkUrl(offset?: unknown): string {
    return this._attr(offset, 'linkUrl') as string;
  }

  /** Offsets where the formatting changes (0 first). */
  getTextAttributeIndices(): GoogleAppsScript.Integer[] {
    const out: number[] = [];
    let prev: TextStyle | null = null;
    for (const sp of this._spans()) {
      let pos = sp.start;
      for (const t of unitNodes(sp.u)) {
        for (const r of t.runs) {
          if (!r.text) continue;
          if (!prev || JSON.stringify(prev) !== JSON.stringify(r.style)) out.push(pos);
          prev = r.style;
          pos += r.text.length;
        }
      }
    }
    if (out.length === 0 || out[0] !== 0) out.unshift(0);
    return out;
  }

  /** Appends at the end, formatted as the last character. */
  appendText(value: unknown): GoogleAppsScript.Document.Text {
    const units = this._units();
    const last = units[units.length - 1];
    if (!last) throw emulatorError('appendText on an element without paragraphs.');
    const nodes = unitNodes(last);
    const t = paragraphSafe(text(value));
    if (nodes.length === 0) {
      const node = lastTextNode(last.para);
      insertIntoNodes([node], 0, t, last.para.mark);
      if (!node.runs.length && t) node.runs.push({ text: t, style: { ...last.para.mark } });
    } else {
      const len = nodes.reduce((n, x) => n + textNodeText(x).length, 0);
      insertIntoNodes(nodes, len, t, last.para.mark);
    }
    this._touch();
    return this._out();
  }

  /** Inserts at an offset, formatted as the character before it. */
  insertText(offset: unknown, value: unknown): GoogleAppsScript.Document.Text {
    const o = int(offset, 'offset');
    const len = this.getText().length;
    if (o < 0 || o > len) throw exception(`Index (${o}) must be less than or equal to the content length (${len}).`);
    const t = paragraphSafe(text(value));
    for (const sp of this._spans()) {
      if (o >= sp.start && o <= sp.end) {
        const nodes = unitNodes(sp.u);
        if (nodes.length === 0) {
          const node = lastTextNode(sp.u.para);
          node.runs.push({ text: t, style: { ...sp.u.para.mark } });
        } else insertIntoNodes(nodes, o - sp.start, t, sp.u.para.mark);
        break;
      }
    }
    this._touch();
    return this._out();
  }

  /** Deletes characters; paragraphs themselves stay (their text may become empty). */
  deleteText(startOffset: unknown, endOffsetInclusive: unknown): GoogleAppsScript.Document.Text {
    const [s, e] = this._range(startOffset, endOffsetInclusive);
    for (const sp of this._spans()) {
      const a = Math.max(s, sp.start);
      const b = Math.min(e, sp.end);
      if (a < b) deleteFromNodes(unitNodes(sp.u), a - sp.start, b - sp.start);
    }
    this._touch();
    return this._out();
  }

  /** Replaces all the text, keeping the formatting of its first character. */
  setText(value: unknown): GoogleAppsScript.Document.Text {
    const t = text(value);
    if (!this._viewOf) {
      const node = this._node as TextNode;
      const style = styleAt([node], 0) ?? {};
      node.runs = t ? [{ text: paragraphSafe(t), style: { ...style } }] : [];
    } else if (this._viewOf.kind === 'paragraph') {
      setParagraphText(this._viewOf, t);
    } else if (this._viewOf.kind === 'body' || this._viewOf.kind === 'header' || this._viewOf.kind === 'footer' || this._viewOf.kind === 'cell') {
      (raw(this._wrap(this._viewOf) as object) as ContainerBase<unknown>).setText(t);
    } else {
      throw emulatorError(`Text.setText on the text of a ${this._viewOf.kind} is not supported.`);
    }
    this._touch();
    return this._out();
  }

  editAsText(): GoogleAppsScript.Document.Text {
    return this._out();
  }

  replaceText(searchPattern: unknown, replacement: unknown): GoogleAppsScript.Document.Element {
    const units = this._units();
    let changed = false;
    for (const u of units) changed = replaceInNodes(unitNodes(u), u.para.mark, searchPattern, replacement) || changed;
    if (changed) this._touch();
    return this._out();
  }
}

function textView(session: Session, of: ModelNode): GoogleAppsScript.Document.Text {
  return session.object(new FakeText(session, of, of), 'Text') as unknown as GoogleAppsScript.Document.Text;
}

/** Replaces every match of a regular expression in the runs of `nodes`; the replacement is literal. */
function replaceInNodes(nodes: TextNode[], mark: TextStyle, searchPattern: unknown, replacement: unknown): boolean {
  let re: RegExp;
  try {
    re = new RegExp(String(searchPattern), 'g');
  } catch {
    throw invalidArgument('searchPattern');
  }
  const rep = paragraphSafe(text(replacement));
  const full = nodes.map(textNodeText).join('');
  const matches = [...full.matchAll(re)].filter((m) => m[0].length > 0);
  for (const m of matches.reverse()) {
    const start = m.index ?? 0;
    const style = styleAt(nodes, start) ?? mark;
    deleteFromNodes(nodes, start, start + m[0].length);
    if (rep) {
      // insert with the matched text's formatting
      const before = styleAt(nodes, start - 1);
      insertIntoNodes(nodes, start, rep, style);
      if (before !== style) styleRange(nodes, start, start + rep.length, { ...style });
    }
  }
  return matches.length > 0;
}

function replaceInParagraphs(paragraphs: ParagraphNode[], searchPattern: unknown, replacement: unknown): boolean {
  let changed = false;
  for (const p of paragraphs) {
    const nodes = textNodesOf(p);
    if (nodes.length) changed = replaceInNodes(nodes, p.mark, searchPattern, replacement) || changed;
  }
  return changed;
}

// ---------------------------------------------------------------------------------------
// Tables

type TableMethods =
  | 'getNumRows' | 'getRow' | 'getCell' | 'appendTableRow' | 'insertTableRow' | 'removeRow' | 'getNumChildren'
  | 'getChild' | 'getChildIndex' | 'getText' | 'editAsText' | 'getBorderWidth' | 'setBorderWidth' | 'getBorderColor'
  | 'setBorderColor' | 'getColumnWidth' | 'setColumnWidth' | 'getAttributes' | 'setAttributes' | 'clear'
  | 'replaceText' | 'getType' | 'getParent' | 'getNextSibling' | 'getPreviousSibling' | 'isAtDocumentEnd';

class FakeTable extends ElementBase implements Pick<GoogleAppsScript.Document.Table, TableMethods> {
  private _t(): TableNode {
    return this._node as TableNode;
  }

  getType(): GoogleAppsScript.Document.ElementType {
    return ElementType.TABLE as unknown as GoogleAppsScript.Document.ElementType;
  }

  private _rowIndex(rowIndex: unknown, insert = false): number {
    const i = int(rowIndex, 'rowIndex');
    const n = this._t().rows.length;
    if (i < 0 || (insert ? i > n : i >= n)) throw exception(`Child index (${i}) must be less than${insert ? ' or equal to' : ''} the number of child elements (${n}).`);
    return i;
  }

  getNumRows(): GoogleAppsScript.Integer {
    return this._t().rows.length;
  }

  getRow(rowIndex: unknown): GoogleAppsScript.Document.TableRow {
    return this._wrap(this._t().rows[this._rowIndex(rowIndex)]);
  }

  getCell(rowIndex: unknown, cellIndex: unknown): GoogleAppsScript.Document.TableCell {
    const row = this._t().rows[this._rowIndex(rowIndex)];
    const c = int(cellIndex, 'cellIndex');
    if (c < 0 || c >= row.cells.length) throw exception(`Child index (${c}) must be less than the number of child elements (${row.cells.length}).`);
    return this._wrap(row.cells[c]);
  }

  private _rowArg(tableRow: unknown): RowNode {
    if (tableRow === undefined || tableRow === null) return { kind: 'row', cells: [] };
    return detachedNode(this._s, tableRow, ['row'], 'TableRow');
  }

  /** A new row with no cells (add them with appendTableCell), or the given detached row. */
  appendTableRow(tableRow?: unknown): GoogleAppsScript.Document.TableRow {
    const row = this._rowArg(tableRow);
    this._t().rows.push(row);
    this._touch();
    return this._wrap(row);
  }

  insertTableRow(childIndex: unknown, tableRow?: unknown): GoogleAppsScript.Document.TableRow {
    const i = this._rowIndex(childIndex, true);
    const row = this._rowArg(tableRow);
    this._t().rows.splice(i, 0, row);
    this._touch();
    return this._wrap(row);
  }

  removeRow(rowIndex: unknown): GoogleAppsScript.Document.TableRow {
    const i = this._rowIndex(rowIndex);
    const [row] = this._t().rows.splice(i, 1);
    this._touch();
    return this._wrap(row);
  }

  getNumChildren(): GoogleAppsScript.Integer {
    return this._t().rows.length;
  }

  getChild(childIndex: unknown): GoogleAppsScript.Document.Element {
    return this._wrap(this._t().rows[this._rowIndex(childIndex)]);
  }

  getChildIndex(child: unknown): GoogleAppsScript.Integer {
    const node = nodeOf(child);
    const i = node ? this._t().rows.indexOf(node as RowNode) : -1;
    if (i < 0) throw exception('Element is not a child of this element.');
    return i;
  }

  getText(): string {
    return tableText(this._t());
  }

  editAsText(): GoogleAppsScript.Document.Text {
    return textView(this._s, this._node);
  }

  getBorderWidth(): number {
    return this._t().borderWidth ?? DEFAULT_BORDER_WIDTH;
  }

  /** In points; 0 draws no borders (the borderless header table of a decree-style document). */
  setBorderWidth(width: number): GoogleAppsScript.Document.Table {
    this._t().borderWidth = nonNegative(width, 'width');
    this._touch();
    return this._out();
  }

  getBorderColor(): string {
    return this._t().borderColor ?? DEFAULT_BORDER_COLOR;
  }

  setBorderColor(value: string): GoogleAppsScript.Document.Table {
    const c = color(value);
    if (c) this._t().borderColor = c;
    else delete this._t().borderColor;
    this._touch();
    return this._out();
  }

  private _column(columnIndex: unknown): number {
    const c = int(columnIndex, 'columnIndex');
    const n = columnCount(this._t());
    if (c < 0 || c >= n) throw exception(`Column index (${c}) must be less than the number of columns (${n}).`);
    return c;
  }

  /** The column's width in points, or null when it was never set. */
  getColumnWidth(columnIndex: unknown): number {
    return this._t().columnWidths[this._column(columnIndex)] ?? (null as unknown as number);
  }

  setColumnWidth(columnIndex: unknown, width: unknown): GoogleAppsScript.Document.Table {
    const c = this._column(columnIndex);
    const widths = this._t().columnWidths;
    while (widths.length <= c) widths.push(null);
    widths[c] = nonNegative(width, 'width');
    this._touch();
    return this._out();
  }

  getAttributes(): Record<string, unknown> {
    return { ...commonTextAttributes(runStyles(paragraphsOf(this._t()))), BORDER_WIDTH: this.getBorderWidth(), BORDER_COLOR: this.getBorderColor() };
  }

  setAttributes(attributes: unknown): GoogleAppsScript.Document.Table {
    const a = readAttributes(attributes);
    styleParagraphs(paragraphsOf(this._t()), a.text);
    if (a.borderWidth !== undefined) this._t().borderWidth = a.borderWidth;
    if (a.borderColor !== undefined) {
      if (a.borderColor === null) delete this._t().borderColor;
      else this._t().borderColor = a.borderColor;
    }
    this._touch();
    return this._out();
  }

  clear(): GoogleAppsScript.Document.Table {
    this._t().rows = [];
    this._touch();
    return this._out();
  }

  replaceText(searchPattern: unknown, replacement: unknown): GoogleAppsScript.Document.Element {
    if (replaceInParagraphs(paragraphsOf(this._t()), searchPattern, replacement)) this._touch();
    return this._out();
  }
}

type RowMethods =
  | 'getCell' | 'getNumCells' | 'getNumChildren' | 'getChild' | 'getChildIndex' | 'appendTableCell' | 'insertTableCell'
  | 'removeCell' | 'getMinimumHeight' | 'setMinimumHeight' | 'getParentTable' | 'getText' | 'editAsText'
  | 'getAttributes' | 'setAttributes' | 'clear' | 'replaceText' | 'getType' | 'getParent' | 'getNextSibling'
  | 'getPreviousSibling';

class FakeTableRow extends ElementBase implements Pick<GoogleAppsScript.Document.TableRow, RowMethods> {
  private _r(): RowNode {
    return this._node as RowNode;
  }

  getType(): GoogleAppsScript.Document.ElementType {
    return ElementType.TABLE_ROW as unknown as GoogleAppsScript.Document.ElementType;
  }

  private _cellIndex(cellIndex: unknown, insert = false): number {
    const i = int(cellIndex, 'cellIndex');
    const n = this._r().cells.length;
    if (i < 0 || (insert ? i > n : i >= n)) throw exception(`Child index (${i}) must be less than${insert ? ' or equal to' : ''} the number of child elements (${n}).`);
    return i;
  }

  getCell(cellIndex: unknown): GoogleAppsScript.Document.TableCell {
    return this._wrap(this._r().cells[this._cellIndex(cellIndex)]);
  }

  getNumCells(): GoogleAppsScript.Integer {
    return this._r().cells.length;
  }

  getNumChildren(): GoogleAppsScript.Integer {
    return this._r().cells.length;
  }

  getChild(childIndex: unknown): GoogleAppsScript.Document.Element {
    return this._wrap(this._r().cells[this._cellIndex(childIndex)]);
  }

  getChildIndex(child: unknown): GoogleAppsScript.Integer {
    const node = nodeOf(child);
    const i = node ? this._r().cells.indexOf(node as CellNode) : -1;
    if (i < 0) throw exception('Element is not a child of this element.');
    return i;
  }

  private _cellArg(arg: unknown): CellNode {
    if (arg !== null && typeof arg === 'object') return detachedNode(this._s, arg, ['cell'], 'TableCell');
    return newCell(text(arg), { ...this._s.doc().body.defaultStyle });
  }

  private _fitColumns(): void {
    const f = findParent(this._s.doc(), this._node);
    if (f && f.parent.kind === 'table') {
      const t = f.parent;
      while (t.columnWidths.length < this._r().cells.length) t.columnWidths.push(null);
    }
  }

  /** A new cell holding one paragraph (with the text when given). */
  appendTableCell(textContentsOrCell?: unknown): GoogleAppsScript.Document.TableCell {
    const cell = this._cellArg(textContentsOrCell);
    this._r().cells.push(cell);
    this._fitColumns();
    this._touch();
    return this._wrap(cell);
  }

  insertTableCell(childIndex: unknown, textContentsOrCell?: unknown): GoogleAppsScript.Document.TableCell {
    const i = this._cellIndex(childIndex, true);
    const cell = this._cellArg(textContentsOrCell);
    this._r().cells.splice(i, 0, cell);
    this._fitColumns();
    this._touch();
    return this._wrap(cell);
  }

  removeCell(cellIndex: unknown): GoogleAppsScript.Document.TableCell {
    const i = this._cellIndex(cellIndex);
    const [cell] = this._r().cells.splice(i, 1);
    this._touch();
    return this._wrap(cell);
  }

  getMinimumHeight(): number {
    return this._r().minimumHeight ?? 0;
  }

  setMinimumHeight(minHeight: number): GoogleAppsScript.Document.TableRow {
    this._r().minimumHeight = nonNegative(minHeight, 'minHeight');
    this._touch();
    return this._out();
  }

  getParentTable(): GoogleAppsScript.Document.Table {
    return this.getParent() as unknown as GoogleAppsScript.Document.Table;
  }

  getText(): string {
    return rowText(this._r());
  }

  editAsText(): GoogleAppsScript.Document.Text {
    return textView(this._s, this._node);
  }

  getAttributes(): Record<string, unknown> {
    return { ...commonTextAttributes(runStyles(paragraphsOf(this._r()))), MINIMUM_HEIGHT: this.getMinimumHeight() };
  }

  setAttributes(attributes: unknown): GoogleAppsScript.Document.TableRow {
    const a = readAttributes(attributes);
    styleParagraphs(paragraphsOf(this._r()), a.text);
    if (a.minimumHeight !== undefined) this._r().minimumHeight = a.minimumHeight;
    this._touch();
    return this._out();
  }

  /** Empties every cell (each keeps one empty paragraph). */
  clear(): GoogleAppsScript.Document.TableRow {
    for (const c of this._r().cells) c.children = [newParagraph('', { ...this._s.doc().body.defaultStyle })];
    this._touch();
    return this._out();
  }

  replaceText(searchPattern: unknown, replacement: unknown): GoogleAppsScript.Document.Element {
    if (replaceInParagraphs(paragraphsOf(this._r()), searchPattern, replacement)) this._touch();
    return this._out();
  }
}

class FakeHorizontalRule extends ElementBase implements Pick<GoogleAppsScript.Document.HorizontalRule, 'getType' | 'getParent' | 'getAttributes' | 'setAttributes'> {
  getType(): GoogleAppsScript.Document.ElementType {
    return ElementType.HORIZONTAL_RULE as unknown as GoogleAppsScript.Document.ElementType;
  }
  getAttributes(): Record<string, unknown> {
    return {};
  }
  setAttributes(_attributes: unknown): GoogleAppsScript.Document.HorizontalRule {
    return this._out();
  }
}

class FakePageBreak extends ElementBase implements Pick<GoogleAppsScript.Document.PageBreak, 'getType' | 'getParent' | 'getAttributes' | 'setAttributes'> {
  getType(): GoogleAppsScript.Document.ElementType {
    return ElementType.PAGE_BREAK as unknown as GoogleAppsScript.Document.ElementType;
  }
  getAttributes(): Record<string, unknown> {
    return {};
  }
  setAttributes(_attributes: unknown): GoogleAppsScript.Document.PageBreak {
    return this._out();
  }
}

type InlineImageMethods =
  | 'getAltDescription' | 'getAltTitle' | 'getAs' | 'getAttributes' | 'getBlob' | 'getHeight' | 'getLinkUrl' | 'getType'
  | 'getWidth' | 'getParent' | 'getNextSibling' | 'getPreviousSibling' | 'isAtDocumentEnd' | 'setAltDescription'
  | 'setAltTitle' | 'setAttributes' | 'setHeight' | 'setLinkUrl' | 'setWidth';

class FakeInlineImage extends ElementBase implements Pick<GoogleAppsScript.Document.InlineImage, InlineImageMethods> {
  private _img(): ImageNode {
    return this._node as ImageNode;
  }

  getType(): GoogleAppsScript.Document.ElementType {
    return ElementType.INLINE_IMAGE as unknown as GoogleAppsScript.Document.ElementType;
  }

  /** The image's bytes, as inserted. */
  getBlob(): GoogleAppsScript.Base.Blob {
    const img = this._img();
    return createBlob(this._s.env, Buffer.from(img.data, 'base64'), img.contentType, null);
  }

  /** Only the image's own type: the emulator converts nothing. */
  getAs(contentType: string): GoogleAppsScript.Base.Blob {
    const to = String(contentType);
    if (to !== this._img().contentType) throw emulatorError(`InlineImage.getAs(${to}): the emulator gives the image in its own type (${this._img().contentType}) only.`);
    return this.getBlob();
  }

  /** Width on the page, in pixels. */
  getWidth(): GoogleAppsScript.Integer {
    return this._img().width;
  }

  setWidth(width: GoogleAppsScript.Integer): GoogleAppsScript.Document.InlineImage {
    this._img().width = Math.trunc(nonNegative(width, 'width'));
    this._touch();
    return this._out();
  }

  /** Height on the page, in pixels. */
  getHeight(): GoogleAppsScript.Integer {
    return this._img().height;
  }

  setHeight(height: GoogleAppsScript.Integer): GoogleAppsScript.Document.InlineImage {
    this._img().height = Math.trunc(nonNegative(height, 'height'));
    this._touch();
    return this._out();
  }

  getAltTitle(): string {
    return this._img().altTitle ?? (null as unknown as string);
  }

  setAltTitle(title: string): GoogleAppsScript.Document.InlineImage {
    this._img().altTitle = text(title);
    this._touch();
    return this._out();
  }

  getAltDescription(): string {
    return this._img().altDescription ?? (null as unknown as string);
  }

  setAltDescription(description: string): GoogleAppsScript.Document.InlineImage {
    this._img().altDescription = text(description);
    this._touch();
    return this._out();
  }

  getLinkUrl(): string {
    return this._img().linkUrl ?? (null as unknown as string);
  }

  setLinkUrl(url: string): GoogleAppsScript.Document.InlineImage {
    if (url === null || url === undefined) delete this._img().linkUrl;
    else this._img().linkUrl = String(url);
    this._touch();
    return this._out();
  }

  getAttributes(): Record<string, unknown> {
    const img = this._img();
    return { WIDTH: img.width, HEIGHT: img.height, LINK_URL: img.linkUrl ?? null };
  }

  /** WIDTH, HEIGHT (pixels) and LINK_URL; other attributes do not apply to an image. */
  setAttributes(attributes: unknown): GoogleAppsScript.Document.InlineImage {
    if (attributes === null || typeof attributes !== 'object') throw invalidArgument('attributes');
    const a = attributes as Record<string, unknown>;
    const img = this._img();
    if (a.WIDTH !== undefined && a.WIDTH !== null) img.width = Math.trunc(nonNegative(a.WIDTH, 'WIDTH'));
    if (a.HEIGHT !== undefined && a.HEIGHT !== null) img.height = Math.trunc(nonNegative(a.HEIGHT, 'HEIGHT'));
    if (a.LINK_URL === null) delete img.linkUrl;
    else if (a.LINK_URL !== undefined) img.linkUrl = String(a.LINK_URL);
    this._touch();
    return this._out();
  }
}

// ---------------------------------------------------------------------------------------
// Document and DocumentApp

type DocumentMethods =
  | 'getId' | 'getName' | 'setName' | 'getUrl' | 'getBody' | 'addHeader' | 'getHeader' | 'addFooter' | 'getFooter'
  | 'saveAndClose' | 'getAs' | 'getBlob';

/** Usable after saveAndClose, as scripts do (`doc.saveAndClose(); return doc.getUrl();`). */
const DOCUMENT_AFTER_CLOSE: ReadonlySet<string> = new Set(['getId', 'getName', 'getUrl', 'getAs', 'getBlob']);

class FakeDocument implements Pick<GoogleAppsScript.Document.Document, DocumentMethods>, SelfAware {
  _self: unknown = this;
  constructor(readonly _s: Session) {}

  private _out(): GoogleAppsScript.Document.Document {
    return this._self as GoogleAppsScript.Document.Document;
  }

  getId(): string {
    return this._s.fileId;
  }

  getName(): string {
    return this._s.rec().name;
  }

  setName(name: string): GoogleAppsScript.Document.Document {
    renameFile(this._s.env, this._s.rec(), text(name));
    return this._out();
  }

  getUrl(): string {
    return `https://docs.google.com/document/d/${this._s.fileId}/edit`;
  }

  getBody(): GoogleAppsScript.Document.Body {
    return this._s.wrap(this._s.doc().body) as GoogleAppsScript.Document.Body;
  }

  addHeader(): GoogleAppsScript.Document.HeaderSection {
    const doc = this._s.doc();
    if (doc.header) throw exception('Document tab already contains a header.');
    doc.header = newSection('header');
    this._s.touch();
    return this._s.wrap(doc.header) as GoogleAppsScript.Document.HeaderSection;
  }

  /** The header section, or null when the document has none. */
  getHeader(): GoogleAppsScript.Document.HeaderSection {
    const h = this._s.doc().header;
    return (h ? this._s.wrap(h) : null) as GoogleAppsScript.Document.HeaderSection;
  }

  addFooter(): GoogleAppsScript.Document.FooterSection {
    const doc = this._s.doc();
    if (doc.footer) throw exception('Document tab already contains a footer.');
    doc.footer = newSection('footer');
    this._s.touch();
    return this._s.wrap(doc.footer) as GoogleAppsScript.Document.FooterSection;
  }

  getFooter(): GoogleAppsScript.Document.FooterSection {
    const f = this._s.doc().footer;
    return (f ? this._s.wrap(f) : null) as GoogleAppsScript.Document.FooterSection;
  }

  /** Saves (writes the .docx when the Env has a folder) and closes this Document object. */
  saveAndClose(): void {
    this._s.closed = true;
    scheduleDocumentWrite(this._s.env, this._s.fileId);
  }

  /**
   * 'application/pdf' only (BlobSource.getAs: "For most blobs, 'application/pdf' is the only
   * valid option"), named as the reference says: the part of the name after its last period is
   * taken for an extension and replaced ("ShoppingList.12.25.2014" becomes
   * "ShoppingList.12.25.pdf"). The PDF is of the document as saved, whenever it is exported,
   * and is rendered after the execution (drive.ts PdfExportBlob).
   */
  getAs(contentType: string): GoogleAppsScript.Base.Blob {
    if (String(contentType) !== 'application/pdf') {
      throw emulatorError(`Document.getAs(${String(contentType)}): the emulator converts a Doc to 'application/pdf' only; the .docx written under <dir>/drive/ shows the document.`);
    }
    const name = this._s.rec().name;
    const dot = name.lastIndexOf('.');
    return pdfExportBlob(this._s.env, `${dot > 0 ? name.slice(0, dot) : name}.pdf`, this._s.doc());
  }

  getBlob(): GoogleAppsScript.Base.Blob {
    throw emulatorError('Document.getBlob() (a PDF) is not supported by the emulator; the .docx written under <dir>/drive/ shows the document.');
  }
}

function openDocument(env: Env, id: string): GoogleAppsScript.Document.Document {
  const session = new Session(env, id);
  return session.object(new FakeDocument(session), 'Document', DOCUMENT_AFTER_CLOSE) as unknown as GoogleAppsScript.Document.Document;
}

type DocumentAppMethods = 'create' | 'openById' | 'openByUrl' | 'getActiveDocument';

class FakeDocumentApp implements Pick<GoogleAppsScript.Document.DocumentApp, DocumentAppMethods>, SelfAware {
  _self: unknown = this;
  readonly ParagraphHeading = ParagraphHeading;
  readonly HorizontalAlignment = HorizontalAlignment;
  readonly VerticalAlignment = VerticalAlignment;
  readonly Attribute = Attribute;
  readonly ElementType = ElementType;
  readonly GlyphType = GlyphType;
  readonly FontFamily = FontFamily;
  readonly TextAlignment = TextAlignment;

  constructor(private readonly _env: Env) {}

  /** A new Doc in the root folder of Drive (250 a day for a consumer account). */
  create(name: string): GoogleAppsScript.Document.Document {
    if (name === null || name === undefined || String(name) === '') throw invalidArgument('name');
    const rec = createDocumentFile(this._env, String(name));
    return openDocument(this._env, rec.id);
  }

  openById(id: string): GoogleAppsScript.Document.Document {
    if (!documentRecord(this._env, String(id))) throw exception(MISSING_MESSAGE);
    return openDocument(this._env, String(id));
  }

  openByUrl(url: string): GoogleAppsScript.Document.Document {
    const m = /\/document\/d\/([-\w]{10,})/.exec(String(url));
    if (!m) throw invalidArgument('url');
    return this.openById(m[1]);
  }

  /** Null: the project's script is bound to a spreadsheet, not to a document. */
  getActiveDocument(): GoogleAppsScript.Document.Document {
    return null as unknown as GoogleAppsScript.Document.Document;
  }
}

export function createDocumentApp(env: Env): GoogleAppsScript.Document.DocumentApp {
  return wrap(new FakeDocumentApp(env), 'DocumentApp', env) as unknown as GoogleAppsScript.Document.DocumentApp;
}

/** The model of a Doc (for tests and the playground), or null. */
export function documentModel(env: Env, id: string): DocModel | null {
  return documentRecord(env, id)?.doc ?? null;
}

/** The HTML preview of a Doc for the playground, or null when there is no such Doc. */
export function documentHtml(env: Env, id: string): string | null {
  const doc = documentModel(env, id);
  return doc ? documentToHtml(doc) : null;
}
