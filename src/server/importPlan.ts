/**
 * Importing a plan's appendix table (pasted from Word or Google Docs, or given as rows):
 * new tasks are appended with new codes, changed cells of known tasks are updated, and the
 * same table imported twice adds nothing.
 */
import { PEOPLE_COLUMNS, PLAN_COLUMNS, SHEETS, findColumns } from '../core/schema';
import { readPeople } from '../core/plan';
import { resolveUnits } from '../core/people';
import { SEED_TASKS } from '../core/seed';
import { clean, matchKey } from '../core/text';
import { STATUSES } from '../core/types';
import { planImport, readClipboard, readPlanTable, type ClipboardInput, type ImportedTask } from '../core/importer';
import { parseTimeframe } from '../core/timeframe';
import { readText } from '../core/cells';
import { formatDmy } from '../core/dates';
import type { ImportPreview, ImportResult } from '../shared/rpc';
import { activeSpreadsheet, dateCell, ensureRows, readSheet, textCell, UserError, withScriptLock, writeColumns, type Spreadsheet } from './sheets';
import { lastTaskCode, rememberTaskCode, setupWorkbookCore } from './setup';
import { settingsFromValues } from './settings';
import { readPlanSheet } from './plan';

const FIELD_COLUMN: Record<keyof Omit<ImportedTask, 'sourceRow'>, keyof typeof PLAN_COLUMNS> = {
  stt: 'stt',
  task: 'task',
  product: 'product',
  leadText: 'lead',
  coordinatorText: 'coordinator',
  timeframeText: 'timeframe',
  section: 'section',
};

const MAX_ROWS = 2000;

function toRows(input: unknown): string[][] {
  if (!Array.isArray(input)) throw new UserError('Dữ liệu nhập không phải là một bảng (danh sách các dòng).');
  if (input.length > MAX_ROWS) throw new UserError(`Bảng quá lớn: tối đa ${MAX_ROWS} dòng mỗi lần nhập.`);
  return input.map((row) => (Array.isArray(row) ? row.map((c) => (c === null || c === undefined ? '' : String(c))) : [String(row ?? '')]));
}

type Read = { tasks: ImportedTask[]; problems: string[] };

/** Options of an import sent with the paste. */
interface ImportOptions {
  /** Phrases the clerk confirmed in the preview ("Có phải là …?"): added to the unit's other names. */
  aliases?: { phrase: string; unit: string }[];
  /** Replace the seeded sample tasks (offered only while they are all there is, untouched). */
  replaceSample?: boolean;
}

/**
 * Are the data rows of "Kế hoạch" exactly the seeded sample, untouched (no status, no progress,
 * no row logged in "Tiến độ")? Then the first real plan may replace them.
 */
function onlySample(ss: Spreadsheet, values: unknown[][], index: Partial<Record<keyof typeof PLAN_COLUMNS, number>>): number {
  const rows = values.slice(1).filter((r) => r.some((v) => readText(v) !== ''));
  if (!rows.length || rows.length !== SEED_TASKS.length || index.task === undefined) return 0;
  const seeded = new Set(SEED_TASKS.map((t) => matchKey(t.task)));
  const task = index.task;
  const at = (r: unknown[], k: keyof typeof PLAN_COLUMNS) => (index[k] === undefined ? '' : readText(r[index[k]!]));
  const untouched = rows.every((r) => {
    const status = at(r, 'status');
    const percent = at(r, 'percent');
    const last = at(r, 'lastUpdate');
    return seeded.has(matchKey(r[task])) && (status === '' || status === STATUSES[0]) && (percent === '' || percent === '0') && last === '';
  });
  if (!untouched) return 0;
  const progress = ss.getSheetByName(SHEETS.progress);
  return progress && progress.getLastRow() > 1 ? 0 : rows.length;
}

function plan(read: Read, options: ImportOptions = {}) {
  const ss = activeSpreadsheet();
  const settings = settingsFromValues(readSheet(ss.getSheetByName(SHEETS.settings))).settings;
  // The plan's header may sit below title rows; values start at it (readPlanSheet, as every reader).
  const { sheet, values, headerRow } = readPlanSheet(ss);
  const { index } = findColumns(values[0] ?? [], PLAN_COLUMNS);
  const sample = onlySample(ss, values, index);
  const replacing = sample > 0 && !!options.replaceSample;
  const existing = (replacing ? [] : values.slice(1)).map((r) => {
    const get = (k: keyof typeof PLAN_COLUMNS) => (index[k] === undefined ? undefined : readText(r[index[k]!]));
    return { code: get('code') ?? '', task: get('task') ?? '', stt: get('stt'), product: get('product'), leadText: get('lead'), coordinatorText: get('coordinator'), timeframeText: get('timeframe'), section: get('section') };
  });
  const change = planImport(existing.filter((e) => e.task), read.tasks, lastTaskCode() + 1);
  const people = readPeople(readSheet(ss.getSheetByName(SHEETS.people))).people;
  return { ss, settings, sheet, values, headerRow, index, existing, read, change, sample, replacing, people };
}

/** The units the table names, as the directory reads them: outside bodies, near misses, unknowns. */
function unitsOf(p: ReturnType<typeof plan>): ImportPreview['units'] {
  const byPhrase = new Map<string, ImportPreview['units'][number]>();
  for (const t of p.read.tasks) {
    for (const cell of [t.leadText, t.coordinatorText]) {
      const r = resolveUnits(cell, p.people);
      const note = (phrase: string, kind: 'outside' | 'unknown', suggestion: string) => {
        const key = `${kind}|${matchKey(phrase)}`;
        const entry = byPhrase.get(key) ?? { phrase, kind, suggestion, rows: [] };
        if (!entry.rows.includes(t.sourceRow)) entry.rows.push(t.sourceRow);
        byPhrase.set(key, entry);
      };
      for (const o of r.outside) note(o, 'outside', '');
      for (const u of r.unmatched) note(u, 'unknown', r.suggestions.find((x) => x.phrase === u)?.unit ?? '');
    }
  }
  return [...byPhrase.values()];
}

function previewOf(p: ReturnType<typeof plan>): ImportPreview {
  const describe = (t: ImportedTask & { code: string }) => {
    const tf = parseTimeframe(t.timeframeText, p.settings.planYear);
    return {
      code: t.code,
      stt: t.stt,
      section: t.section,
      task: t.task,
      leadText: t.leadText,
      timeframeText: t.timeframeText,
      deadline: tf.ok && tf.timeframe.deadline ? formatDmy(tf.timeframe.deadline) : '',
      timeframeProblem: tf.ok ? '' : tf.message,
    };
  };
  return {
    toAdd: p.change.toAdd.map(describe),
    toUpdate: p.change.toUpdate.map((u) => ({ code: u.code, fields: Object.keys(u.changes).map((f) => PLAN_COLUMNS[FIELD_COLUMN[f as keyof typeof FIELD_COLUMN]]) })),
    unchanged: p.change.unchanged,
    problems: p.read.problems,
    importable: p.read.tasks.length > 0,
    units: unitsOf(p),
    sample: p.sample,
  };
}

/** What importing these rows would do, without writing. */
export function previewImportRows(input: unknown): ImportPreview {
  return previewOf(plan(readPlanTable(toRows(input))));
}

const NOTHING_PASTED = 'Chưa dán bảng nào. Hãy sao chép bảng phụ lục trong Word hoặc Google Docs rồi dán vào ô.';
const MAX_PASTE = 2_000_000;

/**
 * The import box's input: the pasted text, or `{ html, text }` with both flavours of the
 * clipboard (the HTML is read when it holds a table).
 */
function clipboardOf(input: unknown): ClipboardInput & ImportOptions {
  if (typeof input === 'string') {
    if (!input.trim()) throw new UserError(NOTHING_PASTED);
    if (input.length > MAX_PASTE) throw new UserError('Nội dung dán quá lớn. Hãy chỉ chọn bảng phụ lục.');
    return input;
  }
  if (input && typeof input === 'object' && !Array.isArray(input)) {
    const { html, text } = input as { html?: unknown; text?: unknown };
    const h = typeof html === 'string' ? html : '';
    const t = typeof text === 'string' ? text : '';
    if (!h.trim() && !t.trim()) throw new UserError(NOTHING_PASTED);
    if (h.length + t.length > MAX_PASTE * 2) throw new UserError('Nội dung dán quá lớn. Hãy chỉ chọn bảng phụ lục.');
    return { html: h, text: t, ...choicesOf(input) };
  }
  throw new UserError(NOTHING_PASTED);
}

/** The clerk's choices sent with the table: confirmed suggestions, replacing the sample. */
function choicesOf(input: object): ImportOptions {
  const { aliases, replaceSample } = input as { aliases?: unknown; replaceSample?: unknown };
  const confirmed = Array.isArray(aliases)
    ? aliases
        .filter((a): a is { phrase: string; unit: string } => !!a && typeof a === 'object' && typeof (a as { phrase?: unknown }).phrase === 'string' && typeof (a as { unit?: unknown }).unit === 'string')
        .slice(0, 200)
    : [];
  return { aliases: confirmed, replaceSample: replaceSample === true };
}

/**
 * A table read from a Google Doc (importDoc.ts), sent back by the dialog with the clerk's choices:
 * `{ table: { rows, copied }, aliases, replaceSample }`. Null when the input is not one.
 */
function docTableOf(input: unknown): (Read & { options: ImportOptions }) | null {
  const table = input && typeof input === 'object' && !Array.isArray(input) ? (input as { table?: unknown }).table : undefined;
  if (!table || typeof table !== 'object') return null;
  const { rows, copied } = table as { rows?: unknown; copied?: unknown };
  const grid = toRows(rows);
  const marks = Array.isArray(copied) ? copied.map((r) => (Array.isArray(r) ? r.map((c) => c === true) : [])) : undefined;
  const read = readPlanTable(grid, { copied: marks, paragraphs: true });
  return { ...read, options: choicesOf(input as object) };
}

function readInput(input: unknown): Read & { options: ImportOptions } {
  const fromDoc = docTableOf(input);
  if (fromDoc) return fromDoc;
  const given = clipboardOf(input);
  const read = readClipboard(given);
  const options = typeof given === 'string' ? {} : { aliases: given.aliases, replaceSample: given.replaceSample };
  return { tasks: read.tasks, problems: read.problems, options };
}

/** What importing pasted text (or `{ html, text }`) would do, without writing. */
export function previewImportText(input: unknown): ImportPreview {
  const read = readInput(input);
  return previewOf(plan(read, read.options));
}

/** Imports rows (header included); returns what it did. */
export function importRows(input: unknown, options: { dryRun?: boolean } = {}): ImportResult {
  const read = readPlanTable(toRows(input));
  if (options?.dryRun) {
    const preview = previewOf(plan(read));
    return { added: 0, updated: 0, unchanged: preview.unchanged, problems: preview.problems, codes: [], preview };
  }
  return importRead(read);
}

/** Writes what was read; refuses a table with nothing importable, with the preview's words. */
function importRead(read: Read, options: ImportOptions = {}): ImportResult {
  if (read.tasks.length === 0) {
    throw new UserError(read.problems.length ? `Không nhập được: ${read.problems.join(' ')}` : 'Không nhập được: bảng không có nhiệm vụ nào.');
  }
  // Set up first, outside the lock: setupWorkbookCore takes the script lock itself, and an
  // inner releaseLock() may end the outer section's protection (one lock per execution).
  if (!activeSpreadsheet().getSheetByName(SHEETS.plan)) setupWorkbookCore();
  return withScriptLock(() => {
    const p = plan(read, options);
    const { sheet, index, change, headerRow } = p;
    if (!sheet || !p.values.length) throw new UserError('Không tìm thấy trang "Kế hoạch" hoặc trang đang trống. Chạy "Thiết lập bảng theo dõi" trước.');
    if (options.aliases?.length) addAliases(p.ss, options.aliases);
    let values = p.values;
    const width = values[0].length;
    if (p.replacing) {
      // The sample's rows give way to the plan: cleared, and the new tasks written below the header.
      sheet.getRange(headerRow + 1, 1, values.length - 1, width).clearContent();
      values = values.slice(0, 1);
    }
    // Updates: rewrite the changed columns of the data block, one setValues per contiguous run.
    if (change.toUpdate.length) {
      const rowOf = new Map<string, number>();
      values.slice(1).forEach((r, i) => {
        const code = index.code === undefined ? '' : readText(r[index.code]).toUpperCase();
        if (code && !rowOf.has(code)) rowOf.set(code, i);
      });
      const columns = new Map<number, unknown[]>();
      for (const u of change.toUpdate) {
        const i = rowOf.get(u.code.toUpperCase());
        if (i === undefined) continue;
        for (const [field, value] of Object.entries(u.changes)) {
          const c = index[FIELD_COLUMN[field as keyof typeof FIELD_COLUMN]];
          if (c === undefined) continue;
          if (!columns.has(c)) columns.set(c, values.slice(1).map((r) => r[c]));
          columns.get(c)![i] = textCell(value);
        }
      }
      writeColumns(sheet, headerRow + 1, columns);
    }
    // New tasks: appended after the last row in one setValues.
    if (change.toAdd.length) {
      const rows = change.toAdd.map((t) => {
        const row: unknown[] = new Array(width).fill('');
        const set = (k: keyof typeof PLAN_COLUMNS, v: unknown) => {
          if (index[k] !== undefined) row[index[k]!] = v;
        };
        set('code', t.code);
        for (const [field, key] of Object.entries(FIELD_COLUMN)) set(key, textCell(t[field as keyof typeof FIELD_COLUMN]));
        const tf = parseTimeframe(t.timeframeText, p.settings.planYear);
        if (tf.ok) {
          set('from', dateCell(tf.timeframe.window?.from ?? null));
          set('to', dateCell(tf.timeframe.window?.to ?? null));
          set('deadline', dateCell(tf.timeframe.deadline));
        }
        set('status', STATUSES[0]);
        set('percent', 0);
        return row;
      });
      ensureRows(sheet, headerRow - 1 + values.length + rows.length);
      sheet.getRange(headerRow + values.length, 1, rows.length, width).setValues(rows);
      const highest = Math.max(...change.toAdd.map((t) => Number(t.code.replace(/\D/g, ''))));
      rememberTaskCode(highest);
    }
    return {
      added: change.toAdd.length,
      updated: change.toUpdate.length,
      unchanged: change.unchanged,
      problems: p.read.problems,
      codes: change.toAdd.map((t) => t.code),
      aliasesAdded: options.aliases?.length ?? 0,
      sampleReplaced: p.replacing ? p.sample : 0,
    };
  });
}

/**
 * Adds the phrases the clerk confirmed to the "Tên gọi khác" of their unit in "Cán bộ" (its
 * first row), in one write of that column. A unit that is not in the directory is refused.
 */
function addAliases(ss: Spreadsheet, aliases: { phrase: string; unit: string }[]): void {
  const sheet = ss.getSheetByName(SHEETS.people);
  const values = readSheet(sheet);
  const { index } = findColumns(values[0] ?? [], PEOPLE_COLUMNS);
  if (!sheet || index.unit === undefined || index.aliases === undefined) throw new UserError('Không tìm thấy cột "Tên gọi khác" trong trang "Cán bộ". Chạy "Thiết lập bảng theo dõi" trước.');
  const column = values.slice(1).map((r) => r[index.aliases!]);
  for (const { phrase, unit } of aliases) {
    const i = values.slice(1).findIndex((r) => matchKey(r[index.unit!]) === matchKey(unit));
    if (i < 0) throw new UserError(`Không có đơn vị "${clean(unit)}" trong trang "Cán bộ".`);
    const current = readText(column[i]);
    const names = current.split(/[;\n]+/).map(clean).filter(Boolean);
    if (names.some((n) => matchKey(n) === matchKey(phrase)) || !matchKey(phrase)) continue;
    column[i] = textCell([...names, clean(phrase)].join('; '));
  }
  writeColumns(sheet, 2, new Map([[index.aliases, column]]));
}

/** Imports pasted text or `{ html, text }`. */
export function importText(input: unknown): ImportResult {
  const read = readInput(input);
  return importRead(read, read.options);
}
