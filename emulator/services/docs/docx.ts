/**
 * Writes the emulator's model of a Google Doc as a real .docx with the `docx` package, so that a
 * person opening it in Word, LibreOffice or Google Docs sees what the Doc would show: page size
 * and margins, fonts and sizes per run, bold/italic/underline, alignment, indents, spacing and
 * line spacing, tables with their column widths and border widths (0 = no borders), cell padding,
 * list items, inline images (in word/media/, at their size in the Doc), header and footer.
 *
 * Points become twips (×20) and font sizes half-points (×2). Unset attributes are written as the
 * document defaults of a new Google Doc (Arial 11, line spacing 1.15, no paragraph spacing), so a
 * paragraph shows the same whether an attribute was set or inherited.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  ExternalHyperlink,
  Footer,
  Header,
  HeightRule,
  ImageRun,
  LevelFormat,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  UnderlineType,
  VerticalAlignTable,
  WidthType,
  type IBorderOptions,
  type ILevelsOptions,
  type IParagraphOptions,
  type IRunOptions,
  type IParagraphStyleOptions,
  type ParagraphChild,
} from 'docx';
import {
  DEFAULT_BORDER_COLOR,
  DEFAULT_BORDER_WIDTH,
  DEFAULT_CELL_PADDING,
  DEFAULT_FONT_FAMILY,
  DEFAULT_FONT_SIZE,
  DEFAULT_LINE_SPACING,
  HEADER_FOOTER_MARGIN,
  HEADING_STYLES,
  LIST_INDENT_STEP,
  resolvedColumnWidths,
  textWidth,
  type BlockNode,
  type CellNode,
  type DocModel,
  type GlyphName,
  type HeadingName,
  type ImageNode,
  type ParagraphNode,
  type TableNode,
  type TextStyle,
} from './model';

/** Points to twentieths of a point (twips), the unit of most OOXML lengths. */
export function twips(points: number): number {
  return Math.round(points * 20);
}

/** "#Aa00ff" to "AA00FF"; null for anything that is not a 6-digit hex color. */
function hexColor(color: string | undefined): string | null {
  if (!color) return null;
  const m = /^#?([0-9a-f]{6})$/i.exec(color.trim());
  return m ? m[1].toUpperCase() : null;
}

const SAFE_LINK = /^(https?:|mailto:)/i;

function runProps(style: TextStyle): IRunOptions {
  const color = hexColor(style.foregroundColor);
  const background = hexColor(style.backgroundColor);
  return {
    ...(style.bold !== undefined ? { bold: style.bold } : {}),
    ...(style.italic !== undefined ? { italics: style.italic } : {}),
    ...(style.underline !== undefined ? { underline: { type: style.underline ? UnderlineType.SINGLE : UnderlineType.NONE } } : {}),
    ...(style.strikethrough !== undefined ? { strike: style.strikethrough } : {}),
    ...(style.fontFamily ? { font: style.fontFamily } : {}),
    ...(style.fontSize ? { size: Math.round(style.fontSize * 2) } : {}),
    ...(color ? { color } : {}),
    ...(background ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: background } } : {}),
  };
}

/** One run of the model as docx runs: "\r" (a line break in Docs) becomes w:br, "\t" w:tab. */
function textRuns(text: string, style: TextStyle): TextRun[] {
  const props = runProps(style);
  return text.split(/\r\n|\r|\n|\u000b/).map((line, i) => {
    const children: (string | Tab)[] = [];
    line.split('\t').forEach((piece, j) => {
      if (j > 0) children.push(new Tab());
      if (piece) children.push(piece);
    });
    return new TextRun({ ...props, ...(i > 0 ? { break: 1 } : {}), children });
  });
}

const IMAGE_FORMAT = { 'image/png': 'png', 'image/jpeg': 'jpg', 'image/gif': 'gif' } as const;

/**
 * An inline image as a w:drawing in word/media/: the docx package sizes it in pixels at 96 to
 * the inch, the unit of InlineImage.setWidth, so the picture has the Doc's size on the page.
 */
function imageRun(img: ImageNode): ImageRun {
  const alt = img.altTitle || img.altDescription;
  return new ImageRun({
    type: IMAGE_FORMAT[img.contentType],
    data: Buffer.from(img.data, 'base64'),
    transformation: { width: Math.max(1, img.width), height: Math.max(1, img.height) },
    ...(alt ? { altText: { name: img.altTitle ?? '', title: img.altTitle ?? '', description: img.altDescription ?? '' } } : {}),
  });
}

const ALIGN = {
  LEFT: AlignmentType.LEFT,
  CENTER: AlignmentType.CENTER,
  RIGHT: AlignmentType.RIGHT,
  JUSTIFY: AlignmentType.JUSTIFIED,
} as const;

const HEADING_STYLE_ID: Record<Exclude<HeadingName, 'NORMAL'>, string> = {
  TITLE: 'Title',
  SUBTITLE: 'Subtitle',
  HEADING1: 'Heading1',
  HEADING2: 'Heading2',
  HEADING3: 'Heading3',
  HEADING4: 'Heading4',
  HEADING5: 'Heading5',
  HEADING6: 'Heading6',
};

interface Context {
  /** Numbering instance of each list id, in order of first appearance. */
  lists: Map<string, number>;
  glyphs: Set<GlyphName>;
}

function paragraphOf(p: ParagraphNode, ctx: Context): Paragraph {
  const children: ParagraphChild[] = [];
  let rule = false;
  for (const c of p.children) {
    if (c.kind === 'hr') {
      rule = true;
      continue;
    }
    if (c.kind === 'pagebreak') {
      children.push(new PageBreak());
      continue;
    }
    if (c.kind === 'image') {
      const image = imageRun(c);
      if (c.linkUrl && SAFE_LINK.test(c.linkUrl)) children.push(new ExternalHyperlink({ link: c.linkUrl, children: [image] }));
      else children.push(image);
      continue;
    }
    for (const r of c.runs) {
      // A page-number field: Word's PAGE, shown per page by Word and LibreOffice.
      const runs = r.field === 'PAGE_NUMBER' ? [new TextRun({ ...runProps(r.style), children: [PageNumber.CURRENT] })] : textRuns(r.text, r.style);
      if (r.style.linkUrl && SAFE_LINK.test(r.style.linkUrl)) children.push(new ExternalHyperlink({ link: r.style.linkUrl, children: runs }));
      else children.push(...runs);
    }
  }
  const s = p.style;
  const listLevel = p.list ? Math.max(0, Math.min(8, p.list.nestingLevel)) : 0;
  const listStart = p.list ? LIST_INDENT_STEP * (listLevel + 1) : 0;
  const start = s.indentStart ?? (p.list ? listStart : undefined);
  const first = s.indentFirstLine ?? (p.list ? listStart - LIST_INDENT_STEP / 2 : undefined);
  const indent: Record<string, number> = {};
  if (start !== undefined) indent.left = twips(start);
  if (s.indentEnd !== undefined) indent.right = twips(s.indentEnd);
  if (first !== undefined) {
    const delta = first - (start ?? 0);
    if (delta >= 0) indent.firstLine = twips(delta);
    else indent.hanging = twips(-delta);
  }
  const spacing: Record<string, unknown> = {};
  if (s.spacingBefore !== undefined) spacing.before = twips(s.spacingBefore);
  if (s.spacingAfter !== undefined) spacing.after = twips(s.spacingAfter);
  if (s.lineSpacing !== undefined) {
    spacing.line = Math.round(s.lineSpacing * 240);
    spacing.lineRule = LineRuleType.AUTO;
  }
  let numbering: IParagraphOptions['numbering'];
  if (p.list) {
    if (!ctx.lists.has(p.list.listId)) ctx.lists.set(p.list.listId, ctx.lists.size + 1);
    ctx.glyphs.add(p.list.glyphType);
    numbering = { reference: `gas-${p.list.glyphType}`, level: listLevel, instance: ctx.lists.get(p.list.listId), custom: true };
  }
  const options: IParagraphOptions = {
    children,
    ...(p.heading !== 'NORMAL' ? { style: HEADING_STYLE_ID[p.heading] } : {}),
    ...(s.alignment ? { alignment: ALIGN[s.alignment] } : {}),
    ...(Object.keys(indent).length ? { indent } : {}),
    ...(Object.keys(spacing).length ? { spacing } : {}),
    ...(s.leftToRight === false ? { bidirectional: true } : {}),
    ...(numbering ? { numbering } : {}),
    ...(rule ? { border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: 'auto', space: 1 } } } : {}),
    run: runProps(p.mark),
  };
  return new Paragraph(options);
}

function border(width: number, color: string): IBorderOptions {
  if (width <= 0) return { style: BorderStyle.NONE, size: 0, color: 'auto' };
  return { style: BorderStyle.SINGLE, size: Math.max(2, Math.min(96, Math.round(width * 8))), color: hexColor(color) ?? '000000' };
}

function cellOf(cell: CellNode, columnWidth: number, ctx: Context, columnSpan = 1, rowSpan = 1): TableCell {
  const width = columnWidth;
  const pad = {
    top: cell.paddingTop ?? DEFAULT_CELL_PADDING,
    bottom: cell.paddingBottom ?? DEFAULT_CELL_PADDING,
    left: cell.paddingLeft ?? DEFAULT_CELL_PADDING,
    right: cell.paddingRight ?? DEFAULT_CELL_PADDING,
  };
  const fill = hexColor(cell.backgroundColor);
  const valign = cell.verticalAlignment;
  return new TableCell({
    children: blocksOf(cell.children, Math.max(0, width - pad.left - pad.right), ctx),
    width: { size: twips(width), type: WidthType.DXA },
    margins: { marginUnitType: WidthType.DXA, top: twips(pad.top), bottom: twips(pad.bottom), left: twips(pad.left), right: twips(pad.right) },
    ...(valign ? { verticalAlign: valign === 'TOP' ? VerticalAlignTable.TOP : valign === 'CENTER' ? VerticalAlignTable.CENTER : VerticalAlignTable.BOTTOM } : {}),
    ...(fill ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill } } : {}),
    ...(columnSpan > 1 ? { columnSpan } : {}),
    ...(rowSpan > 1 ? { rowSpan } : {}),
  });
}

function tableOf(t: TableNode, available: number, ctx: Context): Table | null {
  const rows = t.rows.filter((r) => r.cells.length > 0);
  if (rows.length === 0) return null; // an empty table stub has nothing Word could show
  const widths = resolvedColumnWidths(t, available);
  const b = border(t.borderWidth ?? DEFAULT_BORDER_WIDTH, t.borderColor ?? DEFAULT_BORDER_COLOR);
  return new Table({
    rows: rows.map(
      (r, k) =>
        new TableRow({
          // A merged range: the head cell with its spans, the cells it covers left out (docx adds
          // the vertical continuations itself).
          children: r.cells.flatMap((c, i) => {
            if (c.colSpan === 0 || c.rowSpan === 0) return [];
            const span = Math.max(1, c.colSpan ?? 1);
            let width = 0;
            for (let k = 0; k < span; k++) width += widths[i + k] ?? widths[widths.length - 1] ?? available;
            return [cellOf(c, width, ctx, span, Math.max(1, c.rowSpan ?? 1))];
          }),
          ...(r.minimumHeight ? { height: { value: twips(r.minimumHeight), rule: HeightRule.ATLEAST } } : {}),
          ...(k < (t.headerRows ?? 0) ? { tableHeader: true } : {}),
          ...(r.cantSplit ? { cantSplit: true } : {}),
        }),
    ),
    columnWidths: widths.map(twips),
    width: { size: twips(widths.reduce((s, w) => s + w, 0)), type: WidthType.DXA },
    layout: TableLayoutType.FIXED,
    borders: { top: b, bottom: b, left: b, right: b, insideHorizontal: b, insideVertical: b },
  });
}

/** Blocks of a container; OOXML wants every body and cell to end with a paragraph. */
function blocksOf(blocks: BlockNode[], available: number, ctx: Context): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  for (const b of blocks) {
    if (b.kind === 'paragraph') out.push(paragraphOf(b, ctx));
    else {
      const t = tableOf(b, available, ctx);
      if (t) out.push(t);
    }
  }
  if (out.length === 0 || out[out.length - 1] instanceof Table) out.push(new Paragraph({}));
  return out;
}

const BULLETS = ['●', '○', '■'];

function levelsOf(glyph: GlyphName): ILevelsOptions[] {
  return Array.from({ length: 9 }, (_, level) => {
    const bullet = glyph === 'BULLET' || glyph === 'HOLLOW_BULLET' || glyph === 'SQUARE_BULLET';
    const first = glyph === 'HOLLOW_BULLET' ? 1 : glyph === 'SQUARE_BULLET' ? 2 : 0;
    const format = bullet
      ? LevelFormat.BULLET
      : glyph === 'NUMBER'
        ? LevelFormat.DECIMAL
        : glyph === 'LATIN_UPPER'
          ? LevelFormat.UPPER_LETTER
          : glyph === 'LATIN_LOWER'
            ? LevelFormat.LOWER_LETTER
            : glyph === 'ROMAN_UPPER'
              ? LevelFormat.UPPER_ROMAN
              : LevelFormat.LOWER_ROMAN;
    const left = LIST_INDENT_STEP * (level + 1);
    return {
      level,
      format,
      text: bullet ? BULLETS[(first + level) % 3] : `%${level + 1}.`,
      alignment: AlignmentType.LEFT,
      style: { paragraph: { indent: { left: twips(left), hanging: twips(LIST_INDENT_STEP / 2) } } },
    };
  });
}

function headingStyles(): IParagraphStyleOptions[] {
  return (Object.keys(HEADING_STYLES) as (keyof typeof HEADING_STYLES)[]).map((h) => {
    const s = HEADING_STYLES[h];
    const color = hexColor(s.color);
    return {
      id: HEADING_STYLE_ID[h],
      name: HEADING_STYLE_ID[h] === 'Title' || HEADING_STYLE_ID[h] === 'Subtitle' ? HEADING_STYLE_ID[h] : `heading ${h.slice(-1)}`,
      basedOn: 'Normal',
      next: 'Normal',
      quickFormat: true,
      run: { size: s.size * 2, bold: false, ...(s.italic ? { italics: true } : {}), ...(color ? { color } : { color: '000000' }) },
      paragraph: {
        spacing: { before: twips(s.before), after: twips(s.after) },
        keepNext: true,
        keepLines: true,
        ...(h.startsWith('HEADING') ? { outlineLevel: Number(h.slice(-1)) - 1 } : {}),
      },
    };
  });
}

/** The .docx of a Doc. The model is read synchronously, before the first await. */
export async function documentToDocx(doc: DocModel): Promise<Buffer> {
  const ctx: Context = { lists: new Map(), glyphs: new Set() };
  const width = textWidth(doc.page);
  const body = blocksOf(doc.body.children, width, ctx);
  const header = doc.header ? new Header({ children: blocksOf(doc.header.children, width, ctx) }) : null;
  const footer = doc.footer ? new Footer({ children: blocksOf(doc.footer.children, width, ctx) }) : null;
  const file = new Document({
    title: doc.name,
    creator: 'cchc-tracker (trình giả lập Apps Script)',
    styles: {
      default: {
        document: {
          run: { font: DEFAULT_FONT_FAMILY, size: DEFAULT_FONT_SIZE * 2, language: { value: 'vi-VN' } },
          paragraph: { spacing: { before: 0, after: 0, line: Math.round(DEFAULT_LINE_SPACING * 240), lineRule: LineRuleType.AUTO } },
        },
      },
      paragraphStyles: headingStyles(),
    },
    numbering: { config: [...ctx.glyphs].map((g) => ({ reference: `gas-${g}`, levels: levelsOf(g) })) },
    sections: [
      {
        properties: {
          ...(doc.firstPageHeaderFooter ? { titlePage: true } : {}),
          page: {
            size: { width: twips(doc.page.width), height: twips(doc.page.height) },
            margin: {
              top: twips(doc.page.marginTop),
              bottom: twips(doc.page.marginBottom),
              left: twips(doc.page.marginLeft),
              right: twips(doc.page.marginRight),
              header: twips(doc.page.marginHeader ?? HEADER_FOOTER_MARGIN),
              footer: twips(doc.page.marginFooter ?? HEADER_FOOTER_MARGIN),
              gutter: 0,
            },
          },
        },
        ...(header ? { headers: { default: header, ...(doc.firstPageHeaderFooter ? { first: new Header({ children: [new Paragraph({})] }) } : {}) } } : {}),
        ...(footer ? { footers: { default: footer, ...(doc.firstPageHeaderFooter ? { first: new Footer({ children: [new Paragraph({})] }) } : {}) } } : {}),
        children: body,
      },
    ],
  });
  return Packer.toBuffer(file);
}
