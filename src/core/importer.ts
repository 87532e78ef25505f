/**
 * Importing a plan's appendix table (Phụ lục) pasted from Word, Google Docs or a sheet:
 * clipboard text to rows, rows to tasks, tasks to what changes in "Kế hoạch".
 */
import { PLAN_COLUMNS } from './schema';
import { clean, matchKey } from './text';
import { hasHtmlTable, parseHtmlTables } from './clipboardHtml';

/** One task of a pasted appendix table, cells as text (NFC, line breaks joined). */
export interface ImportedTask {
  /** STT as shown; empty when the table has none. */
  stt: string;
  /** Nhiệm vụ cụ thể. */
  task: string;
  /** Sản phẩm/kết quả. */
  product: string;
  /** Cán bộ, công chức chủ trì. */
  leadText: string;
  /** Cán bộ, công chức phối hợp. */
  coordinatorText: string;
  /** Thời gian thực hiện. */
  timeframeText: string;
  /** The group heading above the task ("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"), or "". */
  section: string;
  /** 1-based row of the pasted table where the task starts. */
  sourceRow: number;
}

/**
 * Parses what a table copied from Word, Google Docs, Sheets or Excel puts on the clipboard
 * as text/plain: cells separated by tabs, rows by line breaks (\r\n, \n or \r); a cell that
 * holds a line break, a tab or starts with a quote is wrapped in double quotes, with ""
 * for a quote. A quote that does not open such a cell (text that merely starts with one)
 * is kept as typed. A trailing line break adds no row; rows are padded with "" to the
 * width of the widest one.
 */
export function parseClipboardTable(text: string, options: { pad?: boolean } = {}): string[][] {
  const s = String(text ?? '').replace(/^\uFEFF/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  const n = s.length;
  const isEnd = (k: number) => k >= n || s[k] === '\t' || s[k] === '\n' || s[k] === '\r';

  while (i <= n) {
    // One field starts at i.
    let value = '';
    let quoted = false;
    if (s[i] === '"') {
      let k = i + 1;
      let buf = '';
      let closed = false;
      while (k < n) {
        if (s[k] === '"') {
          if (s[k + 1] === '"') {
            buf += '"';
            k += 2;
            continue;
          }
          closed = true;
          k++;
          break;
        }
        buf += s[k];
        k++;
      }
      if (closed && isEnd(k)) {
        value = buf;
        i = k;
        quoted = true;
      }
    }
    if (!quoted) {
      let k = i;
      while (!isEnd(k)) k++;
      value = s.slice(i, k);
      i = k;
    }
    row.push(value);
    // i is now at a delimiter or the end.
    if (i >= n) {
      rows.push(row);
      break;
    }
    if (s[i] === '\t') {
      i++;
      if (i === n) {
        row.push('');
        rows.push(row);
        break;
      }
      continue;
    }
    // A line break: \r\n, \n or \r.
    i += s[i] === '\r' && s[i + 1] === '\n' ? 2 : 1;
    rows.push(row);
    row = [];
    if (i >= n) break;
  }
  // A lone empty field left by an empty text is no row.
  if (rows.length === 1 && rows[0].length === 1 && rows[0][0] === '') return [];
  if (options.pad === false) return rows;
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  return rows.map((r) => (r.length < width ? r.concat(new Array<string>(width - r.length).fill('')) : r));
}

type Column = 'stt' | 'task' | 'product' | 'lead' | 'coordinator' | 'timeframe' | 'note';

const COLUMN_ORDER: Exclude<Column, 'note'>[] = ['stt', 'task', 'product', 'lead', 'coordinator', 'timeframe'];

const COLUMN_LABEL: Record<Exclude<Column, 'note'>, string> = {
  stt: PLAN_COLUMNS.stt,
  task: PLAN_COLUMNS.task,
  product: PLAN_COLUMNS.product,
  lead: PLAN_COLUMNS.lead,
  coordinator: PLAN_COLUMNS.coordinator,
  timeframe: PLAN_COLUMNS.timeframe,
};

/**
 * Which column a header cell names, loosely; null for anything else (or a data cell).
 * The variants are those real appendices use: TT/STT/Số TT; Nội dung (nhiệm vụ, công việc)/
 * Nhiệm vụ (cụ thể); Sản phẩm (đầu ra)/Kết quả; Đơn vị/Cơ quan/Cán bộ (chủ trì/thực hiện/
 * phụ trách); (Đơn vị/Cơ quan) phối hợp; Thời gian (thực hiện/hoàn thành)/Thời hạn/Tiến độ;
 * Ghi chú.
 */
function headerKind(cell: string): Column | null {
  const key = matchKey(cell);
  if (!key || key.split(' ').length > 10) return null;
  if (/^(s ?tt|tt|so tt|so thu tu)$/.test(key)) return 'stt';
  if (/^ghi chu\b/.test(key)) return 'note';
  if (key.includes('phoi hop')) return 'coordinator';
  if (key.includes('chu tri')) return 'lead';
  if (/\bthoi (gian|han)\b/.test(key) || /^tien do\b/.test(key)) return 'timeframe';
  if (/\b(san pham|ket qua)\b/.test(key)) return 'product';
  if (/^(don vi|co quan|can bo|bo phan|nguoi)\b/.test(key) && /\b(thuc hien|phu trach|chiu trach nhiem|tham muu)\b/.test(key)) return 'lead';
  if (/^(don vi|co quan|can bo cong chuc|can bo|nguoi phu trach)$/.test(key)) return 'lead';
  if (/\bnhiem vu\b/.test(key) || /^noi dung\b/.test(key) || /^(cong viec|ten nhiem vu)\b/.test(key)) return 'task';
  return null;
}

export type ColumnIndex = Partial<Record<Column, number>>;

function recognise(cells: string[]): ColumnIndex {
  const index: ColumnIndex = {};
  cells.forEach((cell, i) => {
    const kind = headerKind(cell);
    if (kind && index[kind] === undefined) index[kind] = i;
  });
  return index;
}

const count = (index: ColumnIndex) => Object.keys(index).filter((k) => k !== 'note').length;
const isHeader = (index: ColumnIndex) => index.task !== undefined && count(index) >= 3;

/** A row that could be the lower half of a two-row header: short cells only. */
function headerLike(cells: string[]): boolean {
  return cells.some((c) => clean(c) !== '') && cells.every((c) => matchKey(c).split(' ').length <= 6) && !isNumberingRow(cells);
}

/** Header found at `row`, spanning one or two rows. */
function headerAt(rows: string[][], row: number): { index: ColumnIndex; height: number } | null {
  const single = recognise(rows[row]);
  const next = rows[row + 1];
  // The upper row of a two-row header names some columns already (STT, Nội dung…): a title
  // line above the header does not.
  if (next && count(single) >= 2 && headerLike(next)) {
    const width = Math.max(rows[row].length, next.length);
    const joined: string[] = [];
    for (let c = 0; c < width; c++) {
      const top = clean(rows[row][c] ?? '');
      const bottom = clean(next[c] ?? '');
      // A cell spanning both rows (rowspan) reads the same in both: count it once.
      joined.push(matchKey(top) === matchKey(bottom) ? top : `${top} ${bottom}`);
    }
    const double = recognise(joined);
    if (isHeader(double) && count(double) > count(single)) return { index: double, height: 2 };
  }
  return isHeader(single) ? { index: single, height: 1 } : null;
}

/** "1 2 3 4 5 6" or "(1) (2) …": the column-numbering row under many official headers. */
function isNumberingRow(cells: string[]): boolean {
  const filled = cells.map(clean).filter((c) => c !== '');
  return filled.length >= 3 && filled.every((c) => /^\(?\d{1,2}\)?\.?$/.test(c));
}

/** "I", "II.", "IV)", "A", "B.": how group headings are numbered (never a task's 1, 2, 3). */
const SECTION_NUMBER = /^(?:[IVXLC]{1,6}|[A-ZĐ])[.):]?$/;
/** A heading written in one cell: "I. CÔNG TÁC CHỈ ĐẠO", "Phần II - Tuyên truyền…", "A) …". */
const SECTION_TEXT = /^(?:(?:[IVXLC]{1,6}|[A-ZĐ])\s*[.):\-–]|(?:phần|nhóm|mục|phụ lục)\s+[\dIVXLCA-Z]+\b)/iu;

function isUpperCaseText(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, '');
  return letters.length >= 4 && letters === letters.toLocaleUpperCase('vi') && letters !== letters.toLocaleLowerCase('vi');
}

/**
 * The group heading a row holds, or null when it is no heading: a Roman numeral or capital
 * letter in the STT cell ("I" with "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH" beside it), or one text
 * alone on the row (in the STT cell, or spread across the row as a merged cell or repeated
 * in each cell) that is numbered like a heading or written in capitals.
 */
export function sectionOf(row: string[], index: ColumnIndex): string | null {
  const filled = row.map(clean).filter((c) => c !== '');
  if (!filled.length) return null;
  const stt = index.stt === undefined ? '' : clean(row[index.stt] ?? '');
  if (stt && SECTION_NUMBER.test(stt)) {
    const rest = [...new Set(row.map(clean).filter((c, i) => c !== '' && i !== index.stt))];
    const title = rest[0] ?? '';
    const at = (col: Column) => (index[col] === undefined ? '' : clean(row[index[col]!] ?? ''));
    // A numbered row with a timeframe or a lead of its own is a task numbered oddly, not a heading.
    if (rest.length > 1 && (at('timeframe') || at('lead'))) return null;
    if (!title) return stt.replace(/[.):]$/, '');
    return `${stt.replace(/[.):]$/, '')}. ${title}`;
  }
  const distinct = [...new Set(filled.map((c) => matchKey(c)))];
  if (distinct.length !== 1) return null;
  const text = filled[0];
  if (/^\(?\d{1,3}[.)]?$/.test(text)) return null;
  if (filled.length >= 2 && matchKey(text).split(' ').length >= 2) return text;
  if (SECTION_TEXT.test(text) || (isUpperCaseText(text) && matchKey(text).split(' ').length >= 2)) return text;
  return null;
}

function rowName(sourceRow: number, stt: string): string {
  return stt ? `Dòng ${sourceRow} (STT ${stt})` : `Dòng ${sourceRow}`;
}

/** How the rows of a table were read, for what `readPlanTable` may check. */
export interface TableSource {
  /**
   * The rows come from the clipboard's plain text, unpadded: a row with fewer or more cells
   * than the header is a cell holding line breaks that the text did not quote (Word's text
   * does not), and is glued back or reported, never read as tasks.
   */
  plainText?: boolean;
  /** copied[r][c]: the cell is the lower part of a cell spanning rows (rowspan), repeated. */
  copied?: boolean[][];
  /**
   * Line breaks in cells are paragraphs (the clipboard's HTML, a Google Doc): kept in the task,
   * product and unit cells. Otherwise they are wrapped lines (a PDF's text) and become spaces.
   */
  paragraphs?: boolean;
}

const LINE_FIELDS = new Set<Column>(['task', 'product', 'lead', 'coordinator']);

/** A cell's text: its paragraphs cleaned, kept on their own lines where they mean something. */
function cellText(raw: string | undefined, col: Column, paragraphs: boolean): string {
  if (!paragraphs) return clean(raw ?? '');
  const lines = String(raw ?? '')
    .split(/\r\n|\n|\r/)
    .map(clean)
    .filter((l) => l !== '');
  return lines.join(LINE_FIELDS.has(col) ? '\n' : ' ');
}

/**
 * Glues back rows of plain text that a multi-paragraph cell broke apart: consecutive rows
 * each narrower than the header whose cells add up to the header's width once the broken
 * cell counts once. Returns the rows and the 0-based index of the rows that were glued.
 */
function glueBrokenRows(rows: string[][], from: number, width: number, keep: (r: number) => boolean): { rows: string[][]; source: number[]; glued: Set<number>; bad: Set<number> } {
  const out: string[][] = rows.slice(0, from);
  const source: number[] = out.map((_, i) => i);
  const glued = new Set<number>();
  const bad = new Set<number>();
  for (let r = from; r < rows.length; r++) {
    const row = rows[r];
    const trimmed = trimTrailing(row);
    if ((row.length >= width && trimmed.length <= width) || keep(r)) {
      out.push(row.length > width ? row.slice(0, width) : row.concat(new Array<string>(Math.max(0, width - row.length)).fill('')));
      source.push(r);
      continue;
    }
    if (row.length < width) {
      // Try to complete this row with the next ones.
      let cells = row.slice();
      let k = r + 1;
      while (cells.length < width && k < rows.length && rows[k].length < width && !keep(k)) {
        const next = rows[k];
        cells = cells.slice(0, -1).concat([`${cells[cells.length - 1]}\n${next[0] ?? ''}`], next.slice(1));
        k++;
      }
      if (cells.length === width && k > r + 1) {
        out.push(cells);
        source.push(r);
        glued.add(out.length - 1);
        r = k - 1;
        continue;
      }
    }
    bad.add(r);
  }
  return { rows: out, source, glued, bad };
}

function trimTrailing(row: string[]): string[] {
  let n = row.length;
  while (n > 0 && clean(row[n - 1]) === '') n--;
  return row.slice(0, n);
}

/**
 * Reads the rows of a pasted appendix table into tasks. The header row is found by its
 * texts (loosely, in any order, possibly over two rows such as "Đơn vị thực hiện" above
 * "Chủ trì" / "Phối hợp"); rows above it (titles) are ignored, repeated headers and a
 * column-numbering row ("(1) (2) (3)") are skipped. Group heading rows ("I. CÔNG TÁC CHỈ ĐẠO,
 * ĐIỀU HÀNH") become the `section` of the tasks below them. When the table has an STT column,
 * a row with an empty STT following a numbered task is the rest of that task broken across
 * a page, and its cells are appended to the task's; so is a row whose task cell is the lower
 * part of a cell spanning rows. Problems are Vietnamese sentences naming the row.
 */
export function readPlanTable(input: string[][], source: TableSource = {}): { tasks: ImportedTask[]; problems: string[] } {
  const tasks: ImportedTask[] = [];
  const problems: string[] = [];
  let rows = input;
  if (!rows.some((r) => r.some((c) => clean(c) !== ''))) {
    return { tasks, problems: ['Bảng trống: chưa có dòng nào được dán.'] };
  }

  let start = -1;
  let header: { index: ColumnIndex; height: number } | null = null;
  for (let r = 0; r < rows.length && !header; r++) {
    header = headerAt(rows, r);
    if (header) start = r;
  }
  if (!header) {
    const names = COLUMN_ORDER.map((c) => `“${COLUMN_LABEL[c]}”`).join(', ');
    problems.push(`Không tìm thấy dòng tiêu đề của bảng. Hãy sao chép cả dòng tiêu đề, gồm các cột ${names}.`);
    return { tasks, problems };
  }
  const index = header.index;
  for (const col of COLUMN_ORDER) {
    if (col !== 'stt' && col !== 'task' && index[col] === undefined) {
      problems.push(`Không thấy cột “${COLUMN_LABEL[col]}” trong bảng; các nhiệm vụ được nhập với ô này để trống.`);
    }
  }
  const hasStt = index.stt !== undefined;
  let copied = source.copied;
  /** Sheet row (1-based, as pasted) of each row read. */
  let sourceOf = (r: number) => r + 1;

  if (source.plainText) {
    const width = trimTrailing(rows[start]).length > 0 ? Math.max(...rows.slice(start, start + header.height).map((r) => r.length)) : 0;
    const dataFrom = start + header.height;
    const keep = (r: number) => {
      const row = rows[r];
      return headerAt(rows, r) !== null || isNumberingRow(row) || sectionOf(row, index) !== null || row.every((c) => clean(c) === '');
    };
    const fixed = glueBrokenRows(rows, dataFrom, width, keep);
    for (const i of fixed.glued) {
      problems.push(`Dòng ${fixed.source[i] + 1}: một ô có nhiều đoạn (xuống dòng) bị tách khi dán dạng văn bản thường; đã ghép lại, hãy kiểm tra. Dán trực tiếp từ Word hoặc Google Docs (Ctrl+V) để giữ nguyên bảng.`);
    }
    for (const r of fixed.bad) {
      problems.push(`Dòng ${r + 1}: có ${rows[r].length} ô trong khi bảng có ${width} cột, dòng này không được nhập. Có thể một ô có nhiều đoạn (xuống dòng): hãy dán trực tiếp từ Word hoặc Google Docs (Ctrl+V), hoặc sửa dòng này sau khi nhập.`);
    }
    const src = fixed.source;
    rows = fixed.rows;
    sourceOf = (r: number) => src[r] + 1;
    copied = undefined;
  }

  const cell = (row: string[], col: Column): string => {
    const i = index[col];
    return i === undefined ? '' : cellText(row[i], col, !!source.paragraphs);
  };
  const isCopied = (r: number, col: Column) => {
    const i = index[col];
    return i !== undefined && !!copied?.[r]?.[i];
  };

  const seen = new Map<string, number>();
  const sttSeen = new Map<string, { row: number; section: string }>();
  const repeatedStt: string[] = [];
  let section = '';
  let last: ImportedTask | null = null;
  const keyOf = (t: { section: string; task: string }) => `${matchKey(t.section)}|${matchKey(t.task)}`;
  for (let r = start + header.height; r < rows.length; r++) {
    const row = rows[r];
    const sourceRow = sourceOf(r);
    const repeated = headerAt(rows, r);
    if (repeated) {
      r += repeated.height - 1;
      continue;
    }
    if (isNumberingRow(row)) continue;
    const heading = sectionOf(row, index);
    if (heading !== null) {
      section = heading;
      last = null;
      continue;
    }
    const values = {
      stt: cell(row, 'stt'),
      task: cell(row, 'task'),
      product: cell(row, 'product'),
      leadText: cell(row, 'lead'),
      coordinatorText: cell(row, 'coordinator'),
      timeframeText: cell(row, 'timeframe'),
    };
    if (Object.values(values).every((v) => v === '')) continue;

    const spannedTask = isCopied(r, 'task');
    if (last && (spannedTask || (hasStt && values.stt === '' && last.stt !== ''))) {
      // The rest of the previous task: broken across a page, or a task cell spanning rows.
      const prev: ImportedTask = last;
      const join = (a: string, b: string, sep: string) => (a && b ? (matchKey(a).endsWith(matchKey(b)) ? a : `${a}${sep}${b}`) : a || b);
      const before = keyOf(prev);
      const fresh = (col: Column, v: string) => (isCopied(r, col) ? '' : v);
      if (!spannedTask) prev.task = join(prev.task, values.task, ' ');
      prev.product = join(prev.product, fresh('product', values.product), spannedTask ? '\n' : ' ');
      prev.leadText = join(prev.leadText, fresh('lead', values.leadText), spannedTask ? '\n' : ' ');
      prev.coordinatorText = join(prev.coordinatorText, fresh('coordinator', values.coordinatorText), spannedTask ? '\n' : ' ');
      prev.timeframeText = join(prev.timeframeText, fresh('timeframe', values.timeframeText), spannedTask ? '; ' : ' ');
      if (seen.get(before) === prev.sourceRow) seen.delete(before);
      seen.set(keyOf(prev), prev.sourceRow);
      continue;
    }

    if (values.task === '') {
      problems.push(`${rowName(sourceRow, values.stt)}: chưa có nội dung ở cột “${COLUMN_LABEL.task}”, dòng này không được nhập.`);
      last = null;
      continue;
    }
    const key = keyOf({ section, task: values.task });
    const dup = seen.get(key);
    if (dup !== undefined) {
      problems.push(`${rowName(sourceRow, values.stt)}: nhiệm vụ trùng với dòng ${dup}, dòng này không được nhập.`);
      last = null;
      continue;
    }
    if (values.stt) {
      const before = sttSeen.get(matchKey(values.stt));
      if (before && !repeatedStt.includes(values.stt)) {
        repeatedStt.push(values.stt);
        problems.push(
          before.section !== section
            ? `${rowName(sourceRow, values.stt)}: số thứ tự ${values.stt} lặp lại (đã có ở dòng ${before.row}, nhóm “${before.section || 'không có nhóm'}”). Các nhiệm vụ được giữ riêng theo nhóm “${section || 'không có nhóm'}”; mỗi nhiệm vụ có mã riêng.`
            : `${rowName(sourceRow, values.stt)}: số thứ tự ${values.stt} lặp lại (đã có ở dòng ${before.row}) trong cùng nhóm. Hãy kiểm tra bảng; mỗi nhiệm vụ vẫn có mã riêng.`,
        );
      } else if (!before) sttSeen.set(matchKey(values.stt), { row: sourceRow, section });
    }
    const task: ImportedTask = { ...values, section, sourceRow };
    seen.set(key, sourceRow);
    tasks.push(task);
    last = task;
  }
  if (tasks.length === 0 && problems.length === 0) {
    problems.push('Bảng chỉ có dòng tiêu đề, chưa có nhiệm vụ nào.');
  }
  return { tasks, problems };
}

/** What the import box sends: the pasted text, or both flavours of the clipboard. */
export type ClipboardInput = string | { html?: string; text?: string };

/**
 * Reads what was pasted: the clipboard's HTML when it holds a table (the table whose header
 * is found; when several are, the one giving most tasks), else its plain text, where rows
 * with the wrong number of cells are glued back or reported.
 */
export function readClipboard(input: ClipboardInput): { tasks: ImportedTask[]; problems: string[]; from: 'html' | 'text' } {
  const html = typeof input === 'string' ? '' : String(input?.html ?? '');
  const text = typeof input === 'string' ? input : String(input?.text ?? '');
  if (hasHtmlTable(html)) {
    let best: { tasks: ImportedTask[]; problems: string[] } | null = null;
    let bestHeaderless: { tasks: ImportedTask[]; problems: string[] } | null = null;
    for (const table of parseHtmlTables(html)) {
      const read = readPlanTable(table.rows, { copied: table.copied, paragraphs: true });
      const headerless = read.tasks.length === 0 && read.problems.some((p) => p.startsWith('Không tìm thấy dòng tiêu đề') || p.startsWith('Bảng trống'));
      if (headerless) bestHeaderless = bestHeaderless ?? read;
      else if (!best || read.tasks.length > best.tasks.length) best = read;
    }
    if (best) return { ...best, from: 'html' };
    if (!text.trim() && bestHeaderless) return { ...bestHeaderless, from: 'html' };
  }
  return { ...readPlanTable(parseClipboardTable(text, { pad: false }), { plainText: true }), from: 'text' };
}

/** Task code n: "NV01" … "NV99", "NV100". */
export function taskCode(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`Task number must be a positive integer: ${n}`);
  return `NV${String(n).padStart(2, '0')}`;
}

/** The number of a task code ("NV07" → 7, "nv 12" → 12), or null when it is not one. */
export function parseTaskCode(code: string): number | null {
  const m = /^NV\s*(\d+)$/i.exec(clean(code));
  if (!m) return null;
  const n = Number(m[1]);
  return n >= 1 && Number.isSafeInteger(n) ? n : null;
}

/** A task already in "Kế hoạch". Fields left undefined are not compared. */
export interface ExistingTask {
  code: string;
  task: string;
  stt?: string;
  product?: string;
  leadText?: string;
  coordinatorText?: string;
  timeframeText?: string;
  section?: string;
}

export interface ImportPlan {
  toAdd: (ImportedTask & { code: string })[];
  toUpdate: { code: string; changes: Partial<ImportedTask> }[];
  unchanged: number;
}

const COMPARED = ['task', 'stt', 'product', 'leadText', 'coordinatorText', 'timeframeText', 'section'] as const;

/**
 * What importing a table changes. A task already present (same task text by matchKey) is
 * never added again; when its cells differ (compared after NFC and space clean-up) the
 * differences are updates. New tasks get codes from `nextCodeNumber` on (the highest number
 * ever used + 1, which the caller keeps, since deleted codes are never reused), and never
 * below a code still present. A task named twice in `imported` counts once.
 */
export function planImport(existing: ExistingTask[], imported: ImportedTask[], nextCodeNumber: number): ImportPlan {
  // A task is known by its group and its text: "Tổ chức hội nghị" under two headings is two
  // tasks. A task of the sheet with no group yet is known by its text alone.
  const byKey = new Map<string, ExistingTask>();
  const byText = new Map<string, ExistingTask[]>();
  let next = Number.isInteger(nextCodeNumber) && nextCodeNumber >= 1 ? nextCodeNumber : 1;
  for (const e of existing) {
    const text = matchKey(e.task);
    const key = `${matchKey(e.section ?? '')}|${text}`;
    if (text && !byKey.has(key)) byKey.set(key, e);
    if (text) byText.set(text, [...(byText.get(text) ?? []), e]);
    const used = parseTaskCode(e.code);
    if (used !== null && used >= next) next = used + 1;
  }

  const plan: ImportPlan = { toAdd: [], toUpdate: [], unchanged: 0 };
  const done = new Set<string>();
  const taken = new Set<ExistingTask>();
  for (const t of imported) {
    const text = matchKey(t.task);
    const key = `${matchKey(t.section ?? '')}|${text}`;
    if (!text || done.has(key)) continue;
    done.add(key);
    let current = byKey.get(key);
    if (current && taken.has(current)) current = undefined;
    if (!current) {
      const same = (byText.get(text) ?? []).filter((e) => !taken.has(e) && !clean(e.section ?? ''));
      if (same.length) current = same[0];
    }
    if (!current) {
      plan.toAdd.push({ ...t, code: taskCode(next++) });
      continue;
    }
    taken.add(current);
    const changes: Partial<ImportedTask> = {};
    for (const field of COMPARED) {
      const old = current[field];
      if (old === undefined) continue;
      const value = clean(t[field] ?? '');
      if (clean(old) !== value) changes[field] = field === 'section' || field === 'stt' ? value : String(t[field] ?? '').trim();
    }
    if (Object.keys(changes).length > 0) plan.toUpdate.push({ code: current.code, changes });
    else plan.unchanged++;
  }
  return plan;
}
