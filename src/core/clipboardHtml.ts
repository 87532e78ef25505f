/**
 * Reading the tables of the HTML that Word, Google Docs, Google Sheets and LibreOffice put on
 * the clipboard (the text/html flavour), without a DOM: Apps Script's server has none, and
 * XmlService refuses HTML as it is written (unclosed <p>, <br>, Word's <o:p>, conditional
 * comments). A small tolerant tokenizer is enough for tables: rows, cells, rowspan/colspan,
 * and paragraphs and line breaks inside a cell.
 */

/** One table as a grid: every row as wide as the table, spans resolved. */
export interface HtmlTable {
  rows: string[][];
  /** copied[r][c]: the cell is the lower part of a cell spanning rows, its text repeated. */
  copied: boolean[][];
}

const NAMED: Record<string, string> = {
  nbsp: ' ',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  ndash: '–',
  mdash: '—',
  hellip: '…',
  ldquo: '“',
  rdquo: '”',
  lsquo: '‘',
  rsquo: '’',
  laquo: '«',
  raquo: '»',
  bull: '•',
  middot: '·',
  shy: '',
  zwnj: '',
  zwj: '',
};

/** Decodes character references: named ones HTML writers use, decimal and hex. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});?/g, (all: string, ref: string) => {
    if (ref[0] === '#') {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff) return all;
      return code === 0xa0 ? ' ' : String.fromCodePoint(code);
    }
    const named = NAMED[ref.toLowerCase()];
    return named === undefined ? all : named;
  });
}

/** Elements that end a line of text inside a cell. */
const BLOCK = new Set(['p', 'div', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'blockquote', 'pre', 'section', 'article', 'dd', 'dt']);
/** Elements whose content is never text of the page. */
const SKIP = new Set(['style', 'script', 'head', 'title', 'xml', 'template', 'noscript']);

function attribute(attrs: string, name: string): string | null {
  const m = new RegExp(`(?:^|\\s)${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attrs);
  return m ? (m[1] ?? m[2] ?? m[3] ?? '') : null;
}

function span(attrs: string, name: string): number {
  const v = attribute(attrs, name);
  const n = v === null ? 1 : parseInt(v, 10);
  // HTML: rowspan 0 means "to the end of the section"; treat it as 1 here (rare in pastes).
  return Number.isFinite(n) && n >= 1 ? Math.min(n, 1000) : 1;
}

interface RawCell {
  text: string;
  rowspan: number;
  colspan: number;
}

/**
 * The top-level tables of an HTML fragment, in document order. A table nested inside a cell
 * becomes text of that cell. Text is decoded, white space collapsed as a browser does (the
 * line breaks Word writes inside its long source lines are spaces), paragraphs and <br>
 * are line breaks ("\n"); cells spanning rows repeat their text in the rows below, marked in
 * `copied`; cells spanning columns leave the other columns empty.
 */
export function parseHtmlTables(html: string): HtmlTable[] {
  const src = String(html ?? '');
  const tables: RawCell[][][] = [];
  let depth = 0;
  let rows: RawCell[][] | null = null;
  let row: RawCell[] | null = null;
  let cell: RawCell | null = null;
  let skipping: string | null = null;
  let pre = 0;

  const text = (t: string) => {
    if (!cell) return;
    cell.text += pre > 0 ? t : t.replace(/[\s\u00a0]+/g, ' ');
  };
  const lineBreak = () => {
    if (cell) cell.text += '\n';
  };
  const closeCell = () => {
    if (cell && row) row.push(cell);
    cell = null;
  };
  const closeRow = () => {
    closeCell();
    if (row && rows) rows.push(row);
    row = null;
  };

  const token = /<!--[\s\S]*?(?:-->|$)|<!\[[\s\S]*?\]>|<![^>]*>|<\?[^>]*>|<(\/?)([a-zA-Z][\w:.-]*)((?:"[^"]*"|'[^']*'|[^'">])*)>|([^<]+)|</g;
  let m: RegExpExecArray | null;
  while ((m = token.exec(src)) !== null) {
    if (m[4] !== undefined || m[0] === '<') {
      if (!skipping) text(decodeEntities(m[4] ?? '<'));
      continue;
    }
    if (m[2] === undefined) continue; // comment, conditional comment, doctype
    const closing = m[1] === '/';
    const name = m[2].toLowerCase();
    const attrs = m[3] ?? '';
    if (skipping) {
      if (closing && name === skipping) skipping = null;
      continue;
    }
    if (SKIP.has(name)) {
      if (!closing && !/\/\s*$/.test(attrs)) skipping = name;
      continue;
    }
    if (name === 'table') {
      if (!closing) {
        depth++;
        if (depth === 1) rows = [];
        else lineBreak();
      } else if (depth > 0) {
        depth--;
        if (depth === 0 && rows) {
          closeRow();
          tables.push(rows);
          rows = null;
        } else lineBreak();
      }
      continue;
    }
    if (depth !== 1) {
      // Inside a nested table: its rows and cells are lines of the outer cell.
      if (depth > 1 && (name === 'tr' || name === 'td' || name === 'th') && closing) lineBreak();
      else if (name === 'br' || (BLOCK.has(name) && (closing || name !== 'p'))) lineBreak();
      else if (name === 'p' && !closing) lineBreak();
      continue;
    }
    if (name === 'tr') {
      closeRow();
      if (!closing) row = [];
      continue;
    }
    if (name === 'td' || name === 'th') {
      closeCell();
      if (!closing) {
        if (!row) row = [];
        cell = { text: '', rowspan: span(attrs, 'rowspan'), colspan: span(attrs, 'colspan') };
      }
      continue;
    }
    if (name === 'br') {
      lineBreak();
      continue;
    }
    if (name === 'pre') pre += closing ? -1 : 1;
    if (BLOCK.has(name)) lineBreak();
  }
  if (rows) {
    closeRow();
    tables.push(rows);
  }
  return tables.map(toGrid);
}

function cellLines(text: string): string {
  return text
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0\u200b]+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');
}

/** Places the cells on a grid as a browser does, resolving rowspan and colspan. */
function toGrid(raw: RawCell[][]): HtmlTable {
  const grid: (string | undefined)[][] = [];
  const copied: boolean[][] = [];
  raw.forEach((cells, r) => {
    grid[r] = grid[r] ?? [];
    copied[r] = copied[r] ?? [];
    let c = 0;
    for (const cell of cells) {
      while (grid[r][c] !== undefined) c++;
      const value = cellLines(cell.text);
      // A rowspan never reaches past the table's last row.
      const down = Math.min(cell.rowspan, raw.length - r);
      for (let dr = 0; dr < down; dr++) {
        grid[r + dr] = grid[r + dr] ?? [];
        copied[r + dr] = copied[r + dr] ?? [];
        for (let dc = 0; dc < cell.colspan; dc++) {
          grid[r + dr][c + dc] = dc === 0 ? value : '';
          copied[r + dr][c + dc] = dr > 0 && dc === 0 && value !== '';
        }
      }
      c += cell.colspan;
    }
  });
  const width = grid.reduce((w, r) => Math.max(w, r.length), 0);
  return {
    rows: grid.map((r) => Array.from({ length: width }, (_, c) => r[c] ?? '')),
    copied: copied.map((r) => Array.from({ length: width }, (_, c) => !!r[c])),
  };
}

/** A cell of a Google Doc's table (Docs API TableCell: its content's text, tableCellStyle columnSpan/rowSpan). */
export interface DocCell {
  /** Paragraphs joined by "\n", line breaks inside a paragraph "\r". */
  text: string;
  colSpan: number;
  rowSpan: number;
}

/**
 * A Google Doc's table as the grid the HTML import builds: Docs keeps every cell of a merged
 * range (the head carries the spans, the cells it covers are still there, their own spans
 * ignored), so the covered cells are left out and the head's spans placed as a rowspan/colspan would be: the head's text
 * repeated in the rows below (marked copied), the other columns empty.
 */
export function docTableGrid(cells: DocCell[][]): HtmlTable {
  const covered = new Set<string>();
  const raw = cells.map((row, r) => {
    const out: RawCell[] = [];
    row.forEach((c, k) => {
      if (covered.has(`${r},${k}`)) return;
      const colspan = Math.max(1, Math.min(1000, Math.floor(c.colSpan) || 1));
      const rowspan = Math.max(1, Math.min(cells.length - r, Math.floor(c.rowSpan) || 1));
      for (let dr = 0; dr < rowspan; dr++) for (let dc = 0; dc < colspan; dc++) if (dr || dc) covered.add(`${r + dr},${k + dc}`);
      out.push({ text: String(c.text ?? '').replace(/\r\n?/g, '\n'), rowspan, colspan });
    });
    return out;
  });
  return toGrid(raw);
}

/** Does the HTML hold a table at all? */
export function hasHtmlTable(html: unknown): boolean {
  return typeof html === 'string' && /<table[\s>]/i.test(html);
}
