/**
 * Importing a plan's appendix table (Phụ lục) pasted from Word, Google Docs or a sheet:
 * clipboard text to rows, rows to tasks, tasks to what changes in "Kế hoạch".
 */
import { PLAN_COLUMNS } from './schema';
import { clean, matchKey } from './text';

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
export function parseClipboardTable(text: string): string[][] {
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
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  return rows.map((r) => (r.length < width ? r.concat(new Array<string>(width - r.length).fill('')) : r));
}

type Column = 'stt' | 'task' | 'product' | 'lead' | 'coordinator' | 'timeframe';

const COLUMN_ORDER: Column[] = ['stt', 'task', 'product', 'lead', 'coordinator', 'timeframe'];

const COLUMN_LABEL: Record<Column, string> = {
  stt: PLAN_COLUMNS.stt,
  task: PLAN_COLUMNS.task,
  product: PLAN_COLUMNS.product,
  lead: PLAN_COLUMNS.lead,
  coordinator: PLAN_COLUMNS.coordinator,
  timeframe: PLAN_COLUMNS.timeframe,
};

/** Which column a header cell names, loosely; null for anything else (or a data cell). */
function headerKind(cell: string): Column | null {
  const key = matchKey(cell);
  if (!key || key.split(' ').length > 8) return null;
  if (/^(s ?tt|tt|so tt|so thu tu)$/.test(key)) return 'stt';
  if (key.includes('chu tri')) return 'lead';
  if (key.includes('phoi hop')) return 'coordinator';
  if (/\bthoi (gian|han)\b/.test(key)) return 'timeframe';
  if (/\b(san pham|ket qua)\b/.test(key)) return 'product';
  if (/\bnhiem vu\b/.test(key) || /^noi dung\b/.test(key)) return 'task';
  return null;
}

type ColumnIndex = Partial<Record<Column, number>>;

function recognise(cells: string[]): ColumnIndex {
  const index: ColumnIndex = {};
  cells.forEach((cell, i) => {
    const kind = headerKind(cell);
    if (kind && index[kind] === undefined) index[kind] = i;
  });
  return index;
}

const count = (index: ColumnIndex) => Object.keys(index).length;
const isHeader = (index: ColumnIndex) => index.task !== undefined && count(index) >= 3;

/** A row that could be the lower half of a two-row header: short cells only. */
function headerLike(cells: string[]): boolean {
  return cells.some((c) => clean(c) !== '') && cells.every((c) => matchKey(c).split(' ').length <= 4);
}

/** Header found at `row`, spanning one or two rows. */
function headerAt(rows: string[][], row: number): { index: ColumnIndex; height: number } | null {
  const single = recognise(rows[row]);
  const next = rows[row + 1];
  if (next && headerLike(next)) {
    const width = Math.max(rows[row].length, next.length);
    const joined: string[] = [];
    for (let c = 0; c < width; c++) joined.push(`${rows[row][c] ?? ''} ${next[c] ?? ''}`);
    const double = recognise(joined);
    if (isHeader(double) && count(double) > count(single)) return { index: double, height: 2 };
  }
  return isHeader(single) ? { index: single, height: 1 } : null;
}

/** "1 2 3 4 5 6" or "(1) (2) …": the column-numbering row under many official headers. */
function isNumberingRow(cells: string[]): boolean {
  const filled = cells.map(clean).filter((c) => c !== '');
  return filled.length >= 3 && filled.every((c) => /^\(?\d{1,2}\)?$/.test(c));
}

function rowName(sourceRow: number, stt: string): string {
  return stt ? `Dòng ${sourceRow} (STT ${stt})` : `Dòng ${sourceRow}`;
}

/**
 * Reads the rows of a pasted appendix table into tasks. The header row is found by its
 * texts (loosely, in any order, possibly over two rows such as "Cán bộ, công chức" above
 * "chủ trì" / "phối hợp"); rows above it (titles) are ignored, repeated headers and a
 * column-numbering row are skipped. When the table has an STT column, a row with an empty
 * STT following a numbered task is the rest of that task broken across a page, and its
 * cells are appended to the task's. Problems are Vietnamese sentences naming the row.
 */
export function readPlanTable(rows: string[][]): { tasks: ImportedTask[]; problems: string[] } {
  const tasks: ImportedTask[] = [];
  const problems: string[] = [];
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
  const cell = (row: string[], col: Column): string => {
    const i = index[col];
    return i === undefined ? '' : clean(row[i] ?? '');
  };

  const seen = new Map<string, number>();
  let last: ImportedTask | null = null;
  for (let r = start + header.height; r < rows.length; r++) {
    const row = rows[r];
    const sourceRow = r + 1;
    const repeated = headerAt(rows, r);
    if (repeated) {
      r += repeated.height - 1;
      continue;
    }
    if (isNumberingRow(row)) continue;
    const values = {
      stt: cell(row, 'stt'),
      task: cell(row, 'task'),
      product: cell(row, 'product'),
      leadText: cell(row, 'lead'),
      coordinatorText: cell(row, 'coordinator'),
      timeframeText: cell(row, 'timeframe'),
    };
    if (Object.values(values).every((v) => v === '')) continue;

    if (hasStt && values.stt === '' && last && last.stt !== '') {
      // The rest of the previous task, broken across a page.
      const prev: ImportedTask = last;
      const join = (a: string, b: string) => (a && b ? `${a} ${b}` : a || b);
      const before = matchKey(prev.task);
      prev.task = join(prev.task, values.task);
      prev.product = join(prev.product, values.product);
      prev.leadText = join(prev.leadText, values.leadText);
      prev.coordinatorText = join(prev.coordinatorText, values.coordinatorText);
      prev.timeframeText = join(prev.timeframeText, values.timeframeText);
      if (seen.get(before) === prev.sourceRow) seen.delete(before);
      seen.set(matchKey(prev.task), prev.sourceRow);
      continue;
    }

    if (values.task === '') {
      problems.push(`${rowName(sourceRow, values.stt)}: chưa có nội dung ở cột “${COLUMN_LABEL.task}”, dòng này không được nhập.`);
      last = null;
      continue;
    }
    const key = matchKey(values.task);
    const dup = seen.get(key);
    if (dup !== undefined) {
      problems.push(`${rowName(sourceRow, values.stt)}: nhiệm vụ trùng với dòng ${dup}, dòng này không được nhập.`);
      last = null;
      continue;
    }
    const task: ImportedTask = { ...values, sourceRow };
    seen.set(key, sourceRow);
    tasks.push(task);
    last = task;
  }
  if (tasks.length === 0 && problems.length === 0) {
    problems.push('Bảng chỉ có dòng tiêu đề, chưa có nhiệm vụ nào.');
  }
  return { tasks, problems };
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
}

export interface ImportPlan {
  toAdd: (ImportedTask & { code: string })[];
  toUpdate: { code: string; changes: Partial<ImportedTask> }[];
  unchanged: number;
}

const COMPARED = ['task', 'stt', 'product', 'leadText', 'coordinatorText', 'timeframeText'] as const;

/**
 * What importing a table changes. A task already present (same task text by matchKey) is
 * never added again; when its cells differ (compared after NFC and space clean-up) the
 * differences are updates. New tasks get codes from `nextCodeNumber` on (the highest number
 * ever used + 1, which the caller keeps, since deleted codes are never reused), and never
 * below a code still present. A task named twice in `imported` counts once.
 */
export function planImport(existing: ExistingTask[], imported: ImportedTask[], nextCodeNumber: number): ImportPlan {
  const byKey = new Map<string, ExistingTask>();
  let next = Number.isInteger(nextCodeNumber) && nextCodeNumber >= 1 ? nextCodeNumber : 1;
  for (const e of existing) {
    const key = matchKey(e.task);
    if (key && !byKey.has(key)) byKey.set(key, e);
    const used = parseTaskCode(e.code);
    if (used !== null && used >= next) next = used + 1;
  }

  const plan: ImportPlan = { toAdd: [], toUpdate: [], unchanged: 0 };
  const done = new Set<string>();
  for (const t of imported) {
    const key = matchKey(t.task);
    if (!key || done.has(key)) continue;
    done.add(key);
    const current = byKey.get(key);
    if (!current) {
      plan.toAdd.push({ ...t, code: taskCode(next++) });
      continue;
    }
    const changes: Partial<ImportedTask> = {};
    for (const field of COMPARED) {
      const old = current[field];
      if (old === undefined) continue;
      const value = clean(t[field]);
      if (clean(old) !== value) changes[field] = value;
    }
    if (Object.keys(changes).length > 0) plan.toUpdate.push({ code: current.code, changes });
    else plan.unchanged++;
  }
  return plan;
}
