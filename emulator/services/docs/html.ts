/**
 * An HTML preview of a Doc for the local playground: one page sized as the Doc's page, margins
 * as padding, the header and footer in the top and bottom margins, fonts, sizes, bold/italic/
 * underline, colors, alignment, indents, spacing, tables with their column widths and borders
 * (none when the border width is 0), list items with their bullets or numbers, inline images as
 * data: URLs.
 *
 * Faithful enough to check a layout by eye; the .docx (docx.ts) is the real output. Every piece of
 * text is escaped; style values come only from validated numbers, colors and font names.
 */
import { escapeHtml } from '../../core/text';
import {
  DEFAULT_BORDER_COLOR,
  DEFAULT_BORDER_WIDTH,
  DEFAULT_CELL_PADDING,
  DEFAULT_FONT_FAMILY,
  DEFAULT_FONT_SIZE,
  DEFAULT_LINE_SPACING,
  HEADER_FOOTER_MARGIN,
  HEADING_STYLES,
  IMAGE_TYPES,
  LIST_INDENT_STEP,
  listLabels,
  resolvedColumnWidths,
  textWidth,
  type BlockNode,
  type DocModel,
  type ImageNode,
  type ParagraphNode,
  type TableNode,
  type TextStyle,
} from './model';

/** CSS line-height of single spacing for the fonts Docs uses (its "1.0" is the font's own height). */
const SINGLE_LINE = 1.15;

function pt(n: number): string {
  return `${Math.round(n * 100) / 100}pt`;
}

function cssColor(c: string | undefined): string | null {
  return c && /^#[0-9a-f]{6}$/i.test(c) ? c : null;
}

/** A font family as a quoted CSS value, keeping only characters font names use. */
function cssFont(family: string): string {
  const clean = family.replace(/[^\p{L}\p{N} _-]/gu, '').trim() || DEFAULT_FONT_FAMILY;
  return `'${clean}', ${/times|serif|georgia|garamond|cambria/i.test(clean) ? 'serif' : 'sans-serif'}`;
}

function textCss(s: TextStyle): string {
  const out: string[] = [];
  if (s.fontFamily) out.push(`font-family:${cssFont(s.fontFamily)}`);
  if (s.fontSize) out.push(`font-size:${pt(s.fontSize)}`);
  if (s.bold !== undefined) out.push(`font-weight:${s.bold ? 'bold' : 'normal'}`);
  if (s.italic !== undefined) out.push(`font-style:${s.italic ? 'italic' : 'normal'}`);
  const deco = [s.underline ? 'underline' : '', s.strikethrough ? 'line-through' : ''].filter(Boolean);
  if (deco.length) out.push(`text-decoration:${deco.join(' ')}`);
  else if (s.underline === false || s.strikethrough === false) out.push('text-decoration:none');
  const fg = cssColor(s.foregroundColor);
  if (fg) out.push(`color:${fg}`);
  const bg = cssColor(s.backgroundColor);
  if (bg) out.push(`background-color:${bg}`);
  return out.join(';');
}

/** Text with Docs' line breaks ("\r") as <br> and tabs kept. */
function textHtml(text: string): string {
  return text
    .split(/\r\n|\r|\n|\u000b/)
    .map((line) => escapeHtml(line).replace(/\t/g, '<span class="tab">\t</span>'))
    .join('<br>');
}

/** An inline image as a data: URL, at its size in the Doc (pixels: CSS pixels are 96 to the inch too). */
function imageHtml(img: ImageNode): string {
  if (!(IMAGE_TYPES as readonly string[]).includes(img.contentType) || !/^[A-Za-z0-9+/]*={0,2}$/.test(img.data)) return '';
  const alt = img.altDescription || img.altTitle || '';
  const tag = `<img src="data:${img.contentType};base64,${img.data}" alt="${escapeHtml(alt)}" style="width:${Math.round(img.width)}px;height:${Math.round(img.height)}px;vertical-align:bottom">`;
  const link = img.linkUrl && /^(https?:|mailto:)/i.test(img.linkUrl) ? img.linkUrl : null;
  return link ? `<a href="${escapeHtml(link)}">${tag}</a>` : tag;
}

interface Ctx {
  labels: Map<ParagraphNode, string>;
}

function paragraphHtml(p: ParagraphNode, ctx: Ctx): string {
  const s = p.style;
  const css: string[] = [];
  const heading = p.heading !== 'NORMAL' ? HEADING_STYLES[p.heading] : null;
  if (heading) {
    css.push(`font-size:${pt(heading.size)}`);
    if (heading.color) css.push(`color:${heading.color}`);
    if (heading.italic) css.push('font-style:italic');
  }
  css.push(textCss(p.mark));
  const align = s.alignment === 'JUSTIFY' ? 'justify' : s.alignment ? s.alignment.toLowerCase() : null;
  if (align) css.push(`text-align:${align}`);
  const listStart = p.list ? LIST_INDENT_STEP * (Math.max(0, Math.min(8, p.list.nestingLevel)) + 1) : 0;
  const start = s.indentStart ?? listStart;
  const first = s.indentFirstLine ?? (p.list ? listStart - LIST_INDENT_STEP / 2 : start);
  if (start) css.push(`margin-left:${pt(start)}`);
  if (s.indentEnd) css.push(`margin-right:${pt(s.indentEnd)}`);
  if (first !== start) css.push(`text-indent:${pt(first - start)}`);
  const before = s.spacingBefore ?? heading?.before ?? 0;
  const after = s.spacingAfter ?? heading?.after ?? 0;
  if (before) css.push(`margin-top:${pt(before)}`);
  if (after) css.push(`margin-bottom:${pt(after)}`);
  if (s.lineSpacing !== undefined) css.push(`line-height:${Math.round(s.lineSpacing * SINGLE_LINE * 1000) / 1000}`);
  if (s.leftToRight === false) css.push('direction:rtl');

  let inner = '';
  let rules = '';
  const label = ctx.labels.get(p);
  if (label) inner += `<span class="glyph">${escapeHtml(label)}</span>`;
  for (const c of p.children) {
    if (c.kind === 'hr') {
      rules += '<hr>';
      continue;
    }
    if (c.kind === 'pagebreak') {
      inner += '<span class="pagebreak" title="Ngắt trang"></span>';
      continue;
    }
    if (c.kind === 'image') {
      inner += imageHtml(c);
      continue;
    }
    for (const r of c.runs) {
      if (!r.text) continue;
      const span = `<span style="${escapeHtml(textCss(r.style))}">${textHtml(r.text)}</span>`;
      const link = r.style.linkUrl && /^(https?:|mailto:)/i.test(r.style.linkUrl) ? r.style.linkUrl : null;
      inner += link ? `<a href="${escapeHtml(link)}">${span}</a>` : span;
    }
  }
  if (!inner) inner = '<br>';
  const tag = heading ? `h${/\d$/.test(p.heading) ? p.heading.slice(-1) : '1'}` : 'div';
  return `<${tag} class="p" style="${escapeHtml(css.filter(Boolean).join(';'))}">${inner}${rules}</${tag}>`;
}

function tableHtml(t: TableNode, available: number, ctx: Ctx): string {
  const widths = resolvedColumnWidths(t, available);
  const bw = t.borderWidth ?? DEFAULT_BORDER_WIDTH;
  const bc = cssColor(t.borderColor) ?? DEFAULT_BORDER_COLOR;
  const border = bw > 0 ? `${pt(bw)} solid ${bc}` : 'none';
  const cols = widths.map((w) => `<col style="width:${pt(w)}">`).join('');
  const rows = t.rows
    .map((r) => {
      const cells = r.cells
        .map((c, i) => {
          if (c.colSpan === 0 || c.rowSpan === 0) return '';
          const span = Math.max(1, c.colSpan ?? 1);
          const spans = `${span > 1 ? ` colspan="${span}"` : ''}${(c.rowSpan ?? 1) > 1 ? ` rowspan="${c.rowSpan}"` : ''}`;
          const pad = [c.paddingTop, c.paddingRight, c.paddingBottom, c.paddingLeft].map((v) => pt(v ?? DEFAULT_CELL_PADDING)).join(' ');
          const css = [`border:${border}`, `padding:${pad}`, `vertical-align:${(c.verticalAlignment ?? 'TOP').toLowerCase() === 'center' ? 'middle' : (c.verticalAlignment ?? 'TOP').toLowerCase()}`];
          const bg = cssColor(c.backgroundColor);
          if (bg) css.push(`background-color:${bg}`);
          const cellWidth = widths.slice(i, i + span).reduce((s, w) => s + w, 0);
          const inner = Math.max(0, cellWidth - (c.paddingLeft ?? DEFAULT_CELL_PADDING) - (c.paddingRight ?? DEFAULT_CELL_PADDING));
          return `<td${spans} style="${escapeHtml(css.join(';'))}">${blocksHtml(c.children, inner, ctx)}</td>`;
        })
        .join('');
      const height = r.minimumHeight ? ` style="height:${pt(r.minimumHeight)}"` : '';
      return `<tr${height}>${cells}</tr>`;
    })
    .join('');
  const total = widths.reduce((s, w) => s + w, 0);
  return `<table class="${bw > 0 ? 'bordered' : 'borderless'}" style="width:${pt(total)}"><colgroup>${cols}</colgroup><tbody>${rows}</tbody></table>`;
}

function blocksHtml(blocks: BlockNode[], available: number, ctx: Ctx): string {
  return blocks.map((b) => (b.kind === 'paragraph' ? paragraphHtml(b, ctx) : tableHtml(b, available, ctx))).join('\n');
}

/** A self-contained HTML page previewing the Doc. */
export function documentToHtml(doc: DocModel): string {
  const ctx: Ctx = { labels: listLabels(doc) };
  const page = doc.page;
  const width = textWidth(page);
  // The preview is one sheet from the first page on: a Doc with a different first page shows that
  // page's own header and footer there, which are empty (a page number starts on page 2).
  const first = !!doc.firstPageHeaderFooter;
  const header = doc.header && !first
    ? `<header class="doc-header" style="top:${pt(page.marginHeader ?? HEADER_FOOTER_MARGIN)};left:${pt(page.marginLeft)};right:${pt(page.marginRight)}">${blocksHtml(doc.header.children, width, ctx)}</header>`
    : '';
  const footer = doc.footer && !first
    ? `<footer class="doc-footer" style="bottom:${pt(page.marginFooter ?? HEADER_FOOTER_MARGIN)};left:${pt(page.marginLeft)};right:${pt(page.marginRight)}">${blocksHtml(doc.footer.children, width, ctx)}</footer>`
    : '';
  const body = blocksHtml(doc.body.children, width, ctx);
  return `<!doctype html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>${escapeHtml(doc.name)}</title>
<style>
  body { background: #e8eaed; margin: 0; padding: 24px 0; }
  .page { position: relative; box-sizing: border-box; margin: 0 auto; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.25);
    width: ${pt(page.width)}; min-height: ${pt(page.height)};
    padding: ${pt(page.marginTop)} ${pt(page.marginRight)} ${pt(page.marginBottom)} ${pt(page.marginLeft)};
    font-family: ${cssFont(DEFAULT_FONT_FAMILY)}; font-size: ${pt(DEFAULT_FONT_SIZE)}; line-height: ${DEFAULT_LINE_SPACING * SINGLE_LINE}; color: #000; }
  .p { margin: 0; font-weight: normal; font-size: inherit; }
  h1.p, h2.p, h3.p, h4.p, h5.p, h6.p { font-weight: normal; }
  .glyph { display: inline-block; min-width: ${pt(LIST_INDENT_STEP / 2)}; text-indent: 0; }
  .tab { white-space: pre; }
  hr { border: 0; border-top: 1px solid #a0a0a0; margin: 4pt 0; }
  .pagebreak { display: block; border-top: 1px dashed #9aa0a6; margin: 8pt 0; }
  table { border-collapse: collapse; table-layout: fixed; }
  .doc-header, .doc-footer { position: absolute; }
</style>
</head>
<body>
<div class="page">
${header}
<main>
${body}
</main>
${footer}
</div>
</body>
</html>
`;
}
