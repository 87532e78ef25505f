/**
 * Lays a ReportModel out in a Google Doc as Nghị định 30/2020/NĐ-CP (Phụ lục I) requires:
 * A4 portrait, margins top/bottom 20 mm, left 30 mm, right 15 mm; Times New Roman, black;
 * the header as a borderless 2×2 table (organ name | Quốc hiệu and tiêu ngữ, then
 * "Số: …" | place and date) so that "Số" and the date stay on one line; "BÁO CÁO" and the
 * subtitle centred and bold; the body justified at 14 pt with a 1.27 cm first-line indent and
 * 6 pt after each paragraph; the task tables; then Nơi nhận beside the signature in a second
 * borderless table.
 *
 * Remote calls: every DocumentApp call is a round trip, so the layout makes a number of calls
 * that grows with the sections of the report, never with its tasks:
 * - each table is added in ONE appendTable(cells) call, then styled as a whole
 *   (Table.editAsText() for font and size, the header row's editAsText() for bold, and one
 *   setColumnWidth per column); the header row's cells are centred one by one (a fixed number);
 *   body cells keep the default left alignment, which suits narrow columns better than justify;
 * - consecutive list lines ("- …", one per overdue or not-started task) become ONE paragraph
 *   whose lines are separated by line breaks, left-aligned (Word would stretch a justified line
 *   that ends in a line break).
 *
 * Short rules: DocumentApp has no paragraph borders and no drawings, and its horizontal rule
 * always spans the whole cell, while the decree wants a rule 1/3–1/2 as wide as the organ's
 * name and one exactly as wide as "Độc lập - Tự do - Hạnh phúc". Underlining the text would
 * make the organ's rule as wide as the name and cut through descenders. So each rule is its
 * own centred paragraph of underscores at 8 pt: in Times New Roman "_" is 0.5 em wide and the
 * glyphs join into one solid line, so its length is set by the count (estimated from Times
 * New Roman Bold's advance widths), and Google Docs, Word, LibreOffice and a PDF export all
 * draw it the same. At 8 pt the rule's line is short, so it sits just under the text.
 *
 * The chart: under the table of figures by channel, a bar chart of the same figures (Charts
 * service, no spreadsheet involved: nothing to write or clean up) as an inline PNG in its own
 * centred paragraph, CHART_WIDTH_PT wide. It costs a fixed number of DocumentApp calls, and
 * Charts calls that grow with the channels of the settings, never with the tasks.
 *
 * Page numbers: the decree wants them centred in the top margin from page 2 on, but
 * DocumentApp has no method that inserts a page-number field (a header can only hold text,
 * which would print the same number on every page), and the Docs API's batchUpdate has no
 * request inserting one either (AutoText PAGE_NUMBER is read-only there; updateDocumentStyle's
 * useFirstPageHeaderFooter only gives an empty first-page header). So the Doc laid out here is a
 * copy of a template carrying the field (src/server/driveFiles.ts newReportDoc): this layout
 * fills the body only and never touches the header, the footer or the first-page setting.
 */
import type { ReportBlock, ReportModel } from '../core/report';
import { stripDiacritics } from '../core/text';

export type Document = GoogleAppsScript.Document.Document;
type Body = GoogleAppsScript.Document.Body;
type Paragraph = GoogleAppsScript.Document.Paragraph;
type Table = GoogleAppsScript.Document.Table;

const MM = 72 / 25.4;

/** A4 portrait and the decree's margins, in points. */
export const PAGE = {
  width: 595.28,
  height: 841.89,
  marginTop: 20 * MM,
  marginBottom: 20 * MM,
  marginLeft: 30 * MM,
  marginRight: 15 * MM,
} as const;

export const TEXT_WIDTH = PAGE.width - PAGE.marginLeft - PAGE.marginRight;

export const FONT = 'Times New Roman';
export const BLACK = '#000000';

/** Sizes in points (the decree's ranges in comments). */
export const SIZE = {
  organ: 13, // 12–13, bold, capitals
  nation: 12, // 12–13, bold, capitals (13 pt hardly fits the right column)
  motto: 13, // 13–14, bold
  number: 13, // 13
  placeDate: 13, // 13–14, italic
  title: 14, // 13–14, bold
  subtitle: 14, // 13–14, bold
  body: 14, // 13–14
  table: 12,
  recipientsLabel: 12, // 12, bold italic
  recipients: 11, // 11
  signature: 13, // 13–14, bold
  signer: 14, // 13–14, bold
  rule: 8,
} as const;

/** First-line indent of body paragraphs: 1.27 cm. */
export const FIRST_LINE_INDENT = 36;
export const SPACING_AFTER = 6;
export const LINE_SPACING = 1.15;

/** Widths of the header table's columns (points): the right one must hold the national title. */
export const HEADER_COLUMNS = [180, TEXT_WIDTH - 180];
/** Widths of the Nơi nhận | signature table. */
export const SIGNATURE_COLUMNS = [TEXT_WIDTH * 0.45, TEXT_WIDTH * 0.55];
/** Room left for the signature and the seal above the signer's name. */
const SIGNING_SPACE = 72;

/** The chart's width on the page: 15 cm, within the 16.5 cm of text width. */
export const CHART_WIDTH_PT = 150 * MM;
/** Docs sizes images in pixels, 96 to the inch (1 px = 0.75 pt). */
const PX_PER_PT = 4 / 3;
/** The chart as drawn: wide enough to stay sharp at CHART_WIDTH_PT (about 170 dpi). */
const CHART_IMAGE_WIDTH = 1000;
/** The header of the figures-by-channel table (core/report.ts): the chart goes under that table. */
export const CHANNEL_TABLE_HEADER = 'Hình thức tuyên truyền';

// ---------------------------------------------------------------------------------------------
// The chart

export interface ReportChart {
  blob: GoogleAppsScript.Base.Blob;
  /** Pixel size of the image, for its height on the page. */
  width: number;
  height: number;
}

/**
 * The figures by channel as a bar chart (PNG), or null when nothing was counted in the window
 * (an empty chart says nothing the table does not). One bar per channel of the table, in its
 * order; the title names the period.
 */
export function channelChart(model: ReportModel, periodLabel: string): ReportChart | null {
  const f = model.figures;
  if (!f.channels.length || f.totalQuantity <= 0) return null;
  const C = Charts;
  let table = C.newDataTable().addColumn(C.ColumnType.STRING, CHANNEL_TABLE_HEADER).addColumn(C.ColumnType.NUMBER, 'Số lượng');
  for (const c of f.channels) table = table.addRow([c.channel, c.quantity]);
  const height = Math.max(400, 140 + 56 * f.channels.length);
  const chart = C.newBarChart()
    .setDataTable(table)
    .setTitle(`Kết quả tuyên truyền theo hình thức, ${periodLabel}`)
    .setLegendPosition(C.Position.NONE)
    .setColors(['#4285f4'])
    .setDimensions(CHART_IMAGE_WIDTH, height)
    .build();
  return { blob: chart.getAs('image/png'), width: CHART_IMAGE_WIDTH, height };
}

/** The chart in its own centred paragraph, CHART_WIDTH_PT wide: five DocumentApp calls. */
function chartParagraph(body: Body, chart: ReportChart): void {
  const p = styled(body.appendParagraph(''), LOOKS.chart);
  const image = p.appendInlineImage(chart.blob);
  const width = Math.round(CHART_WIDTH_PT * PX_PER_PT);
  image.setWidth(width);
  image.setHeight(Math.round((width * chart.height) / chart.width));
}

// ---------------------------------------------------------------------------------------------
// Text widths

// Advance widths of Times New Roman Bold (1/1000 em; the metrics of Adobe's Times-Bold).
const UPPER_BOLD = [722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667, 722, 722, 1000, 722, 722, 667];
const LOWER_BOLD = [500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722, 500, 500, 444];
const OTHER_BOLD: Record<string, number> = { ' ': 250, '-': 333, ',': 250, '.': 250, ':': 333, '/': 278, '(': 333, ')': 333, _: 500 };

/** The width of a line of Times New Roman Bold at `size` pt (Vietnamese letters as their base letter). */
export function boldTextWidth(text: string, size: number): number {
  let units = 0;
  for (const ch of stripDiacritics(text.normalize('NFC'))) {
    const c = ch.charCodeAt(0);
    if (c >= 65 && c <= 90) units += UPPER_BOLD[c - 65];
    else if (c >= 97 && c <= 122) units += LOWER_BOLD[c - 97];
    else if (c >= 48 && c <= 57) units += 500;
    else units += OTHER_BOLD[ch] ?? 500;
  }
  return (units / 1000) * size;
}

/** A rule of `width` points: underscores at SIZE.rule pt ("_" is 0.5 em). */
export function ruleText(width: number): string {
  return '_'.repeat(Math.max(4, Math.round(width / (SIZE.rule * 0.5))));
}

// ---------------------------------------------------------------------------------------------
// Attributes

interface Look {
  size: number;
  bold?: boolean;
  italic?: boolean;
  align?: 'LEFT' | 'CENTER' | 'JUSTIFY' | 'RIGHT';
  indentFirstLine?: number;
  indentStart?: number;
  before?: number;
  after?: number;
  lineSpacing?: number;
}

/** One setAttributes map: paragraph and text attributes together, so each paragraph costs one call. */
function attributes(look: Look): Record<string, unknown> {
  const A = DocumentApp.Attribute;
  const H = DocumentApp.HorizontalAlignment;
  const align = look.align ?? 'LEFT';
  return {
    [A.FONT_FAMILY]: FONT,
    [A.FONT_SIZE]: look.size,
    [A.BOLD]: !!look.bold,
    [A.ITALIC]: !!look.italic,
    [A.UNDERLINE]: false,
    [A.FOREGROUND_COLOR]: BLACK,
    [A.HORIZONTAL_ALIGNMENT]: align === 'CENTER' ? H.CENTER : align === 'JUSTIFY' ? H.JUSTIFY : align === 'RIGHT' ? H.RIGHT : H.LEFT,
    [A.INDENT_FIRST_LINE]: look.indentFirstLine ?? 0,
    [A.INDENT_START]: look.indentStart ?? 0,
    [A.INDENT_END]: 0,
    [A.SPACING_BEFORE]: look.before ?? 0,
    [A.SPACING_AFTER]: look.after ?? 0,
    [A.LINE_SPACING]: look.lineSpacing ?? 1,
  };
}

const LOOKS = {
  organ: { size: SIZE.organ, bold: true, align: 'CENTER' },
  nation: { size: SIZE.nation, bold: true, align: 'CENTER' },
  motto: { size: SIZE.motto, bold: true, align: 'CENTER' },
  rule: { size: SIZE.rule, bold: false, align: 'CENTER' },
  number: { size: SIZE.number, align: 'CENTER', before: 6 },
  placeDate: { size: SIZE.placeDate, italic: true, align: 'CENTER', before: 6 },
  spacer: { size: SIZE.body },
  title: { size: SIZE.title, bold: true, align: 'CENTER', before: 6 },
  subtitle: { size: SIZE.subtitle, bold: true, align: 'CENTER' },
  subtitleRule: { size: SIZE.rule, align: 'CENTER', after: 12 },
  paragraph: { size: SIZE.body, align: 'JUSTIFY', indentFirstLine: FIRST_LINE_INDENT, after: SPACING_AFTER, lineSpacing: LINE_SPACING },
  list: { size: SIZE.body, align: 'LEFT', indentFirstLine: FIRST_LINE_INDENT, indentStart: FIRST_LINE_INDENT, after: SPACING_AFTER, lineSpacing: LINE_SPACING },
  heading1: { size: SIZE.body, bold: true, align: 'JUSTIFY', indentFirstLine: FIRST_LINE_INDENT, before: 6, after: SPACING_AFTER, lineSpacing: LINE_SPACING },
  heading2: { size: SIZE.body, bold: true, align: 'JUSTIFY', indentFirstLine: FIRST_LINE_INDENT, after: SPACING_AFTER, lineSpacing: LINE_SPACING },
  tableHeader: { size: SIZE.table, bold: true, align: 'CENTER' },
  recipientsLabel: { size: SIZE.recipientsLabel, bold: true, italic: true },
  recipients: { size: SIZE.recipients },
  signature: { size: SIZE.signature, bold: true, align: 'CENTER' },
  signer: { size: SIZE.signer, bold: true, align: 'CENTER', before: SIGNING_SPACE },
  chart: { size: SIZE.body, align: 'CENTER', after: SPACING_AFTER },
  appendixNote: { size: SIZE.body, italic: true, align: 'CENTER', after: 12 },
} satisfies Record<string, Look>;

// ---------------------------------------------------------------------------------------------
// Pieces

/** The signature block's capitals: for KT a People's Committee signs in three lines. */
export function signatureLines(model: ReportModel): string[] {
  const { authority, title } = model.signature;
  if (/^KT\./.test(authority)) return [`TM. ${model.organParent}`, authority, title];
  return [authority, title];
}

/** Blocks as laid out: runs of list lines ("- …") joined into one block. */
export type LaidBlock = ReportBlock | { type: 'list'; lines: string[] };

export function groupBlocks(blocks: ReportBlock[]): LaidBlock[] {
  const out: LaidBlock[] = [];
  for (const b of blocks) {
    if (b.type === 'paragraph' && /^-\s/.test(b.text)) {
      const last = out[out.length - 1];
      if (last && last.type === 'list') last.lines.push(b.text);
      else out.push({ type: 'list', lines: [b.text] });
    } else out.push(b);
  }
  return out;
}

function styled(p: Paragraph, look: Look): Paragraph {
  p.setAttributes(attributes(look));
  return p;
}

/** A column must hold "STT" in bold at the table's size, with the cell's padding. */
export const MIN_COLUMN = 36;

/** Widths in points from the model's relative widths, filling the text width, none below MIN_COLUMN. */
export function columnWidths(relative: number[]): number[] {
  const n = relative.length;
  const fixed = new Array<boolean>(n).fill(false);
  let widths: number[] = [];
  for (let pass = 0; pass <= n; pass++) {
    const free = TEXT_WIDTH - fixed.filter(Boolean).length * MIN_COLUMN;
    const total = relative.reduce((s, w, i) => s + (fixed[i] ? 0 : Math.max(0, w)), 0) || 1;
    widths = relative.map((w, i) => (fixed[i] ? MIN_COLUMN : (Math.max(0, w) / total) * free));
    const small = widths.findIndex((w, i) => !fixed[i] && w < MIN_COLUMN);
    if (small < 0) break;
    fixed[small] = true;
  }
  return widths.map((w) => Math.round(w * 100) / 100);
}

function headerTable(body: Body, model: ReportModel): void {
  // Rules: under the organ's name, 40% of its longer line; under the motto, as wide as it.
  const organWidth = Math.max(boldTextWidth(model.organParent, SIZE.organ), boldTextWidth(model.organ, SIZE.organ));
  const table = body.insertTable(0, [
    [model.organParent, model.nation],
    [model.numberText, model.placeDate],
  ]);
  table.setBorderWidth(0);
  HEADER_COLUMNS.forEach((w, i) => table.setColumnWidth(i, w));

  const left = table.getCell(0, 0);
  styled(left.getChild(0).asParagraph(), LOOKS.organ);
  styled(left.appendParagraph(model.organ), LOOKS.organ);
  styled(left.appendParagraph(ruleText(organWidth * 0.4)), LOOKS.rule);

  const right = table.getCell(0, 1);
  styled(right.getChild(0).asParagraph(), LOOKS.nation);
  styled(right.appendParagraph(model.motto), LOOKS.motto);
  styled(right.appendParagraph(ruleText(boldTextWidth(model.motto, SIZE.motto))), LOOKS.rule);

  styled(table.getCell(1, 0).getChild(0).asParagraph(), LOOKS.number);
  styled(table.getCell(1, 1).getChild(0).asParagraph(), LOOKS.placeDate);
}

function dataTable(body: Body, header: string[], rows: string[][], widths: number[], groupRows: number[] = []): Table {
  const table = body.appendTable([header, ...rows]);
  table.setBorderWidth(1);
  table.setBorderColor(BLACK);
  columnWidths(widths).forEach((w, i) => table.setColumnWidth(i, w));
  // All the table's text at once (a new table's text may take the formatting around it).
  const A = DocumentApp.Attribute;
  table.editAsText().setAttributes({
    [A.FONT_FAMILY]: FONT,
    [A.FONT_SIZE]: SIZE.table,
    [A.FOREGROUND_COLOR]: BLACK,
    [A.BOLD]: false,
    [A.ITALIC]: false,
    [A.UNDERLINE]: false,
  });
  const headerRow = table.getRow(0);
  headerRow.editAsText().setBold(true);
  for (let c = 0; c < header.length; c++) styled(headerRow.getCell(c).getChild(0).asParagraph(), LOOKS.tableHeader);
  // Section rows ("I", "Nhóm …") in bold: one call per section, not per task.
  for (const r of groupRows) table.getRow(r).editAsText().setBold(true);
  return table;
}

function signatureTable(body: Body, model: ReportModel): void {
  const table = body.appendTable([['Nơi nhận:', signatureLines(model).join('\n')]]);
  table.setBorderWidth(0);
  SIGNATURE_COLUMNS.forEach((w, i) => table.setColumnWidth(i, w));
  const left = table.getCell(0, 0);
  styled(left.getChild(0).asParagraph(), LOOKS.recipientsLabel);
  styled(left.appendParagraph(model.recipients.join('\n')), LOOKS.recipients);
  const right = table.getCell(0, 1);
  styled(right.getChild(0).asParagraph(), LOOKS.signature);
  styled(right.appendParagraph(model.signature.name), LOOKS.signer);
}

/**
 * Docs keeps a paragraph after a table that ends the body (appendTable adds an empty one), and
 * the next appendParagraph goes after it: it is the blank line after the table, in the body's
 * font. When there is none, one is added.
 */
function afterTable(body: Body): void {
  const last = body.getChild(body.getNumChildren() - 1);
  if (last.getType() === DocumentApp.ElementType.PARAGRAPH) styled(last.asParagraph(), LOOKS.spacer);
  else styled(body.appendParagraph(''), LOOKS.spacer);
}

/**
 * Lays the report out in `doc`, a new Doc or a copy of the report template (its body holds one
 * empty paragraph; its header, left as it is, holds the page number). Returns the
 * number of tables and paragraphs appended, for the record.
 */
export function layoutReport(doc: Document, model: ReportModel, chart: ReportChart | null = null): { tables: number; paragraphs: number; dataTables: number[] } {
  const body = doc.getBody();
  body.setPageWidth(PAGE.width);
  body.setPageHeight(PAGE.height);
  body.setMarginTop(PAGE.marginTop);
  body.setMarginBottom(PAGE.marginBottom);
  body.setMarginLeft(PAGE.marginLeft);
  body.setMarginRight(PAGE.marginRight);

  let tables = 0;
  let paragraphs = 0;
  /** The bordered tables (their order among the body's tables): their header row repeats. */
  const dataTables: number[] = [];
  const para = (text: string, look: Look) => {
    paragraphs++;
    return styled(body.appendParagraph(text), look);
  };

  // The header table goes before the new Doc's empty paragraph, which stays as the blank line
  // between the header and the title.
  headerTable(body, model);
  tables++;
  styled(body.getChild(1).asParagraph(), LOOKS.spacer);

  para(model.title, LOOKS.title);
  para(model.subtitle, LOOKS.subtitle);
  para(ruleText(Math.min(TEXT_WIDTH, boldTextWidth(model.subtitle, SIZE.subtitle)) / 3), LOOKS.subtitleRule);

  for (const block of groupBlocks(model.blocks)) {
    switch (block.type) {
      case 'heading':
        para(block.text, block.level === 1 ? LOOKS.heading1 : LOOKS.heading2);
        break;
      case 'paragraph':
        para(block.text, LOOKS.paragraph);
        break;
      case 'list':
        para(block.lines.join('\n'), LOOKS.list);
        break;
      case 'table':
        dataTable(body, block.header, block.rows, block.widths, block.groupRows);
        dataTables.push(tables);
        tables++;
        afterTable(body);
        if (chart && block.header.includes(CHANNEL_TABLE_HEADER)) {
          chartParagraph(body, chart);
          paragraphs++;
        }
        break;
      default:
        break;
    }
  }

  signatureTable(body, model);
  tables++;
  afterTable(body);

  // The appendix, on a page of its own after the signature.
  if (model.appendix.length) {
    body.appendPageBreak();
    for (const block of model.appendix) {
      if (block.type === 'heading') para(block.text, LOOKS.title);
      else if (block.type === 'paragraph') para(block.text, LOOKS.appendixNote);
      else {
        dataTable(body, block.header, block.rows, block.widths, block.groupRows);
        dataTables.push(tables);
        tables++;
        afterTable(body);
      }
    }
  }
  return { tables, paragraphs, dataTables };
}

/** The slice of the Docs advanced service (Docs API v1) used here; enabled in the manifests. */
declare const Docs: {
  Documents: {
    get(
      documentId: string,
      options?: Record<string, unknown>,
    ): {
      body?: { content?: { startIndex?: number; table?: unknown }[] };
      documentStyle?: { defaultHeaderId?: string; useFirstPageHeaderFooter?: boolean };
      headers?: Record<string, { content?: { paragraph?: { elements?: { autoText?: { type?: string } }[] } }[] }>;
    };
    batchUpdate(resource: { requests: unknown[] }, documentId: string): unknown;
  };
};

/**
 * Table rows Google Docs keeps whole, and header rows it repeats on each page: DocumentApp has
 * no method for either (TableRow offers only its minimum height), the Docs API does
 * (batchUpdate: pinTableHeaderRows, and updateTableRowStyle with TableRowStyle.preventOverflow:
 * "Whether the row cannot overflow across page or column boundaries"). Two Docs API calls
 * whatever the size of the report: one get for the tables' start indexes, one batchUpdate.
 * Call after saveAndClose (the API sees the saved document).
 */
export function keepTableRows(documentId: string, dataTables: number[]): void {
  const content = Docs.Documents.get(documentId, { fields: 'body.content(startIndex,table(rows))' }).body?.content ?? [];
  const starts = content.filter((e) => e.table && typeof e.startIndex === 'number').map((e) => e.startIndex as number);
  const requests: unknown[] = [];
  starts.forEach((index, i) => {
    const tableStartLocation = { index };
    requests.push({ updateTableRowStyle: { tableStartLocation, tableRowStyle: { preventOverflow: true }, fields: 'preventOverflow' } });
    if (dataTables.includes(i)) requests.push({ pinTableHeaderRows: { tableStartLocation, pinnedHeaderRowsCount: 1 } });
  });
  if (requests.length) Docs.Documents.batchUpdate({ requests }, documentId);
}

/**
 * Does this Doc number its pages from page 2: a page-number AutoText in its default header and a
 * different first page? One Docs API call. What the system check asks of the uploaded template,
 * since the reference does not say that Drive's conversion keeps a Word PAGE field.
 */
export function numbersPagesFromTwo(documentId: string): boolean {
  const d = Docs.Documents.get(documentId, { fields: 'documentStyle(defaultHeaderId,useFirstPageHeaderFooter),headers' });
  const header = d.documentStyle?.defaultHeaderId ? d.headers?.[d.documentStyle.defaultHeaderId] : undefined;
  const field = (header?.content ?? []).some((e) => (e.paragraph?.elements ?? []).some((x) => x.autoText?.type === 'PAGE_NUMBER'));
  return field && !!d.documentStyle?.useFirstPageHeaderFooter;
}
