/**
 * "Thiết lập bảng theo dõi": creates or repairs the workbook's sheets, never deleting user
 * data. Missing sheets are created, missing headers are added after the last column (user
 * columns and their order are kept), settings rows that are missing are added with their
 * defaults, tasks without a code get the next code, and the computed columns are refreshed.
 * On a new workbook it seeds xã Tân Việt's 2024 plan. Running it twice changes nothing.
 */
import {
  PEOPLE_COLUMNS,
  PLAN_COLUMNS,
  PROGRESS_COLUMNS,
  REMINDER_COLUMNS,
  REPORT_COLUMNS,
  SETTINGS_COLUMNS,
  SETTING_DEFS,
  SHEETS,
  findColumns,
} from '../core/schema';
import { STATUSES, type Settings } from '../core/types';
import { SEED_PEOPLE, SEED_TASKS } from '../core/seed';
import { parseTaskCode, taskCode } from '../core/importer';
import { parseTimeframe } from '../core/timeframe';
import { cellMultiline, readText } from '../core/cells';
import { describeLogRow, parseSource, SOURCE_LABELS } from '../core/logWords';
import { matchKey } from '../core/text';
import { activeSpreadsheet, dateCell, readSheet, textCell, withScriptLock, writeColumns, type Sheet, type Spreadsheet } from './sheets';
import { readSettings } from './settings';
import { mergedBlocks } from './plan';
import { fillMergedRows, findPlanHeader, planSectionHeading } from '../core/plan';
import { spreadsheetProperties } from './target';

const CODE_PROPERTY = 'cchc.lastTaskCode';
const SEEDED_PROPERTY = 'cchc.seeded';
const HEADER_BACKGROUND = '#d9ead3';
/** Font colour of the id columns: readable when needed, out of the way otherwise. */
const ID_COLOR = '#888888';

interface SheetSpec {
  name: string;
  columns: Record<string, string>;
  /** Widths in pixels by column key. */
  widths: Record<string, number>;
  dateKeys?: string[];
  dateTimeKeys?: string[];
  wrapKeys?: string[];
  /** Machine ids kept for the runs: narrow, grey, at the end. */
  idKeys?: string[];
  /**
   * Known columns are laid out in `columns` order: on an older sheet whose known columns are in
   * another order, they are moved (within the positions they already hold, so the user's own
   * columns stay where they are), rows kept.
   */
  reorder?: boolean;
  /** Brings older rows to the current words (one column write per changed column). */
  migrate?: (header: unknown[], data: unknown[][]) => Map<number, unknown[]>;
  /**
   * The sheet's header may sit below title rows (the plan: found as the plan reader finds it), and
   * a missing column is inserted beside the known columns it belongs with (a new sheet column, so
   * every cell the user typed, noted or coloured moves along with its row and keeps its place in
   * the table), not appended at the far right.
   */
  planLike?: boolean;
}

const SPECS: SheetSpec[] = [
  {
    name: SHEETS.plan,
    columns: PLAN_COLUMNS,
    widths: { code: 70, section: 160, stt: 45, task: 320, product: 200, lead: 180, coordinator: 180, timeframe: 130, from: 90, to: 90, deadline: 110, deadlineOverride: 110, status: 125, percent: 80, lastUpdate: 130 },
    dateKeys: ['from', 'to', 'deadline', 'deadlineOverride'],
    dateTimeKeys: ['lastUpdate'],
    wrapKeys: ['section', 'task', 'product', 'lead', 'coordinator', 'timeframe'],
    planLike: true,
  },
  {
    name: SHEETS.people,
    columns: PEOPLE_COLUMNS,
    widths: { unit: 240, name: 180, email: 240, aliases: 320 },
    wrapKeys: ['unit', 'aliases'],
  },
  {
    name: SHEETS.progress,
    columns: PROGRESS_COLUMNS,
    widths: { at: 130, taskCode: 90, reporter: 200, status: 120, percent: 80, channel: 170, quantity: 70, participants: 90, note: 320, evidenceUrl: 200, reportDate: 100, source: 95, submissionId: 90 },
    dateKeys: ['reportDate'],
    dateTimeKeys: ['at'],
    wrapKeys: ['note'],
    idKeys: ['submissionId'],
    // "Số người tham dự" (added later, or by the office itself) moves beside "Số lượng".
    reorder: true,
    migrate: migrateProgressSources,
  },
  {
    name: SHEETS.settings,
    columns: SETTINGS_COLUMNS,
    widths: { label: 260, value: 320, help: 480 },
    wrapKeys: ['value', 'help'],
  },
  {
    name: SHEETS.reminders,
    columns: REMINDER_COLUMNS,
    widths: { at: 130, recipient: 220, content: 340, result: 280, tasks: 110, key: 90 },
    dateTimeKeys: ['at'],
    wrapKeys: ['content', 'result'],
    idKeys: ['tasks', 'key'],
    reorder: true,
    migrate: migrateReminderContent,
  },
  {
    name: SHEETS.reports,
    columns: REPORT_COLUMNS,
    widths: { number: 60, year: 60, period: 180, from: 90, to: 90, createdAt: 130, createdBy: 200, url: 320 },
    dateKeys: ['from', 'to'],
    dateTimeKeys: ['createdAt'],
  },
];

export interface SetupResult {
  created: string[];
  headersAdded: string[];
  settingsAdded: number;
  tasksSeeded: number;
  peopleSeeded: number;
  codesAssigned: number;
  computedUpdated: number;
  /** Log sheets brought to the current layout or words ("Tiến độ: 12"). */
  rowsMigrated: string[];
  /** Empty default sheets removed ("Trang tính1"). */
  removed: string[];
}

/** "Nguồn" written as codes by older versions (`sidebar`, `web`, `email`) → the words. */
function migrateProgressSources(header: unknown[], data: unknown[][]): Map<number, unknown[]> {
  const c = findColumns(header, PROGRESS_COLUMNS).index.source;
  const out = new Map<number, unknown[]>();
  if (c === undefined) return out;
  let changed = false;
  const column = data.map((row) => {
    const source = parseSource(row[c]);
    if (source && readText(row[c]) !== SOURCE_LABELS[source]) {
      changed = true;
      return SOURCE_LABELS[source];
    }
    return row[c] ?? '';
  });
  if (changed) out.set(c, column);
  return out;
}

/** "Nội dung" of reminder-log rows that have none (rows written before the column existed). */
function migrateReminderContent(header: unknown[], data: unknown[][]): Map<number, unknown[]> {
  const { index } = findColumns(header, REMINDER_COLUMNS);
  const out = new Map<number, unknown[]>();
  if (index.content === undefined || index.key === undefined || index.tasks === undefined) return out;
  let changed = false;
  const column = data.map((row) => {
    const current = row[index.content!] ?? '';
    const key = readText(row[index.key!]);
    if (readText(current) !== '' || !key) return current;
    changed = true;
    return textCell(describeLogRow(key, cellMultiline(row[index.tasks!])));
  });
  if (changed) out.set(index.content, column);
  return out;
}

/** A value read by getValues, to write back unchanged (text never taken as a formula). */
function rewriteValue(v: unknown): unknown {
  return typeof v === 'string' ? textCell(v) : v ?? '';
}

/**
 * Moves the known columns into `spec.columns` order within the positions they hold (header
 * row included), one setValues per contiguous run of moved columns. Returns whether anything
 * moved; `values` is updated in place.
 */
function reorderColumns(sheet: Sheet, spec: SheetSpec, values: unknown[][]): boolean {
  const { index } = findColumns(values[0], spec.columns);
  const keys = Object.keys(spec.columns).filter((k) => (index as Record<string, number | undefined>)[k] !== undefined);
  const from = keys.map((k) => (index as Record<string, number>)[k]);
  const slots = [...from].sort((a, b) => a - b);
  const columns = new Map<number, unknown[]>();
  keys.forEach((_, i) => {
    if (slots[i] !== from[i]) columns.set(slots[i], values.map((row) => rewriteValue(row[from[i]])));
  });
  if (!columns.size) return false;
  writeColumns(sheet, 1, columns);
  for (const [c, column] of columns) values.forEach((row, r) => (row[c] = column[r]));
  return true;
}

/**
 * Inserts the missing columns of a plan-like sheet beside the known ones, each before the first
 * known column that follows it in `spec.columns` order (else after the last known column): a new
 * sheet column per header, so nothing the user typed is rewritten. `values` (from the header
 * row) is updated in place. Returns false when no known column is there to go beside.
 */
function insertMissingColumns(sheet: Sheet, spec: SheetSpec, values: unknown[][], headerRow: number, missing: string[]): boolean {
  const keys = Object.keys(spec.columns);
  if (!Object.keys(findColumns(values[0], spec.columns).index).length) return false;
  for (const key of keys) {
    if (!missing.includes(key)) continue;
    const index = findColumns(values[0], spec.columns).index as Record<string, number | undefined>;
    const after = keys.slice(keys.indexOf(key) + 1).map((k) => index[k]).find((c) => c !== undefined);
    const before = keys.slice(0, keys.indexOf(key)).map((k) => index[k]).filter((c): c is number => c !== undefined);
    const at = after ?? (before.length ? Math.max(...before) + 1 : values[0].length);
    const max = sheet.getMaxColumns();
    if (at < max) sheet.insertColumnBefore(at + 1);
    else sheet.insertColumnsAfter(max, at + 1 - max);
    sheet.getRange(headerRow, at + 1).setValue(spec.columns[key]);
    values.forEach((row, r) => row.splice(at, 0, r === 0 ? spec.columns[key] : ''));
  }
  return true;
}

/**
 * Ensures the sheet exists and has every header; returns it, its values from the header row on
 * after repair, and the sheet row of the header.
 */
function ensureSheet(ss: Spreadsheet, spec: SheetSpec, result: SetupResult): { sheet: Sheet; values: unknown[][]; created: boolean; headerRow: number } {
  let sheet = ss.getSheetByName(spec.name);
  let created = false;
  if (!sheet) {
    sheet = ss.insertSheet(spec.name);
    created = true;
    result.created.push(spec.name);
  }
  const all = created ? [] : readSheet(sheet);
  // The plan's header may sit below title rows: found as the plan reader finds it.
  const at = spec.planLike && all.length ? Math.max(0, findPlanHeader(all)) : 0;
  const headerRow = at + 1;
  const values = all.slice(at);
  const header = values[0] ?? [];
  const { missing } = findColumns(header, spec.columns);
  const width0 = header.length;
  for (const row of values) while (row.length < width0) row.push('');
  if (missing.length && spec.planLike && !created && values.length && insertMissingColumns(sheet, spec, values, headerRow, missing)) {
    result.headersAdded.push(...missing.map((k) => `${spec.name}: ${spec.columns[k]}`));
  } else if (missing.length) {
    // Append missing headers after the last used header cell: nothing of the user's moves.
    let last = header.length;
    while (last > 0 && readText(header[last - 1]) === '') last--;
    const names = missing.map((k) => spec.columns[k]);
    sheet.getRange(headerRow, last + 1, 1, names.length).setValues([names]);
    if (!created) result.headersAdded.push(...names.map((n) => `${spec.name}: ${n}`));
    const newHeader = header.slice(0, last).concat(names);
    if (values.length) values[0] = newHeader;
    else values.push(newHeader);
  }
  const width = values[0].length;
  for (const row of values) while (row.length < width) row.push('');
  const moved = !created && spec.reorder ? reorderColumns(sheet, spec, values) : false;
  let migrated = moved;
  if (!created && spec.migrate && values.length > 1) {
    const columns = spec.migrate(values[0], values.slice(1));
    if (columns.size) {
      writeColumns(sheet, 2, columns);
      for (const [c, column] of columns) values.slice(1).forEach((row, r) => (row[c] = column[r]));
      migrated = true;
    }
  }
  if (migrated && values.length > 1) result.rowsMigrated.push(`${spec.name}: ${values.length - 1}`);
  if (missing.length || moved) formatSheet(sheet, spec, values[0], headerRow);
  return { sheet, values, created, headerRow };
}

/** Header style, frozen row, widths, wrapping and date formats: applied when headers change. */
function formatSheet(sheet: Sheet, spec: SheetSpec, header: unknown[], headerRow = 1): void {
  const { index } = findColumns(header, spec.columns);
  const width = header.length;
  sheet.setFrozenRows(headerRow);
  sheet.getRange(headerRow, 1, 1, width).setFontWeight('bold').setBackground(HEADER_BACKGROUND).setWrap(true).setVerticalAlignment('middle');
  const first = headerRow + 1;
  const dataRows = Math.max(sheet.getMaxRows() - headerRow, 1);
  for (const [key, px] of Object.entries(spec.widths)) {
    const c = (index as Record<string, number | undefined>)[key];
    if (c === undefined) continue;
    sheet.setColumnWidth(c + 1, px);
    const col = sheet.getRange(first, c + 1, dataRows, 1);
    if (spec.wrapKeys?.includes(key)) col.setWrap(true);
    if (spec.dateKeys?.includes(key)) col.setNumberFormat('dd/mm/yyyy');
    if (spec.dateTimeKeys?.includes(key)) col.setNumberFormat('dd/mm/yyyy hh:mm');
    if (spec.idKeys?.includes(key)) col.setFontColor(ID_COLOR);
    col.setVerticalAlignment('top');
  }
  if (spec.name === SHEETS.plan) {
    const status = (index as Record<string, number | undefined>).status;
    if (status !== undefined) {
      const rule = SpreadsheetApp.newDataValidation()
        .requireValueInList([...STATUSES], true)
        .setAllowInvalid(false)
        .setHelpText('Chọn một trạng thái trong danh sách.')
        .build();
      sheet.getRange(first, status + 1, dataRows, 1).setDataValidation(rule);
    }
    const percent = (index as Record<string, number | undefined>).percent;
    if (percent !== undefined) {
      const rule = SpreadsheetApp.newDataValidation().requireNumberBetween(0, 100).setAllowInvalid(false).setHelpText('Tiến độ từ 0 đến 100 (%).').build();
      sheet.getRange(first, percent + 1, dataRows, 1).setDataValidation(rule);
    }
    const code = (index as Record<string, number | undefined>).code;
    if (code !== undefined) sheet.getRange(first, code + 1, dataRows, 1).setNumberFormat('@');
  }
}

function seedPlan(sheet: Sheet, header: unknown[], headerRow = 1): number {
  const { index } = findColumns(header, PLAN_COLUMNS);
  const rows = SEED_TASKS.map((t, i) => {
    const row: unknown[] = new Array(header.length).fill('');
    const set = (k: keyof typeof PLAN_COLUMNS, v: unknown) => {
      if (index[k] !== undefined) row[index[k]!] = v;
    };
    set('code', taskCode(i + 1));
    set('stt', t.stt);
    set('task', textCell(t.task));
    set('product', textCell(t.product));
    set('lead', textCell(t.leadText));
    set('coordinator', textCell(t.coordinatorText));
    set('timeframe', textCell(t.timeframeText));
    set('status', STATUSES[0]);
    set('percent', 0);
    return row;
  });
  sheet.getRange(headerRow + 1, 1, rows.length, header.length).setValues(rows);
  return rows.length;
}

function seedPeople(sheet: Sheet, header: unknown[]): number {
  const { index } = findColumns(header, PEOPLE_COLUMNS);
  const rows = SEED_PEOPLE.map((p) => {
    const row: unknown[] = new Array(header.length).fill('');
    if (index.unit !== undefined) row[index.unit] = p.unit;
    if (index.name !== undefined) row[index.name] = p.name;
    if (index.email !== undefined) row[index.email] = p.email;
    if (index.aliases !== undefined) row[index.aliases] = p.aliases.join('; ');
    return row;
  });
  sheet.getRange(2, 1, rows.length, header.length).setValues(rows);
  return rows.length;
}

/** Adds the settings rows that are missing (matched by label); existing values are kept. */
function repairSettings(sheet: Sheet, values: unknown[][]): number {
  const header = values[0];
  const { index } = findColumns(header, SETTINGS_COLUMNS);
  const present = new Set(values.slice(1).map((r) => matchKey(r[index.label!])));
  const missing = SETTING_DEFS.filter((d) => !present.has(matchKey(d.label)));
  if (!missing.length) return 0;
  let last = values.length;
  while (last > 1 && values[last - 1].every((v) => readText(v) === '')) last--;
  const rows = missing.map((d) => {
    const row: unknown[] = new Array(header.length).fill('');
    row[index.label!] = d.label;
    row[index.value!] = d.defaultText;
    row[index.help!] = d.help;
    return row;
  });
  const range = sheet.getRange(last + 1, 1, rows.length, header.length);
  // Values are kept as typed text ("14, 7, 1" must not become a number or a date).
  range.setNumberFormat('@');
  range.setValues(rows);
  return rows.length;
}

/** Settings chosen from a list: [key, values, whether another value is refused]. */
const SETTING_CHOICES: [keyof Settings, string[], boolean][] = [
  ['repliesEnabled', ['Có', 'Không'], true],
  ['signerMode', ['TM', 'KT'], false],
  ['windowRule', ['ND09', 'Lịch'], false],
];

/**
 * A dropdown on the value cell of each setting chosen from a list ("Nhận trả lời qua email":
 * Có/Không). One read of the sheet, one call per rule.
 */
function settingDropdowns(sheet: Sheet): void {
  const values = readSheet(sheet);
  const { index } = findColumns(values[0] ?? [], SETTINGS_COLUMNS);
  if (index.label === undefined || index.value === undefined) return;
  for (const [key, list, strict] of SETTING_CHOICES) {
    const def = SETTING_DEFS.find((d) => d.key === key);
    const r = def ? values.findIndex((row, i) => i > 0 && matchKey(row[index.label!]) === matchKey(def.label)) : -1;
    if (r < 1) continue;
    const rule = SpreadsheetApp.newDataValidation()
      .requireValueInList(list, true)
      .setAllowInvalid(!strict)
      .setHelpText(`Chọn ${list.map((v) => `"${v}"`).join(' hoặc ')}.`)
      .build();
    sheet.getRange(r + 1, index.value + 1).setDataValidation(rule);
  }
}

/** What `refreshPlanRows` would change in a block of plan rows. */
export interface PlanRowsRefresh {
  /** Changed columns only: 0-based column index → that column's values for every row of the block. */
  columns: Map<number, unknown[]>;
  codes: number;
  computed: number;
  /** The next unused code number after the codes given here. */
  next: number;
  /** Per row of the block: why its timeframe is unreadable, or null (readable, or no task). */
  timeframeProblems: (string | null)[];
}

/**
 * The computed columns of a block of plan rows (pure: no Apps Script call). For every row with
 * a task: a code when it has none (numbered from `next`), "Từ ngày", "Đến ngày" and "Thời hạn
 * (tự tính)" from "Thời gian thực hiện" (cleared when unreadable), and the default status and
 * progress where empty. Rows without a task are left as they are. Used by setup and by onEdit.
 */
export function refreshPlanRows(header: unknown[], data: unknown[][], planYear: number, next: number): PlanRowsRefresh {
  const { index } = findColumns(header, PLAN_COLUMNS);
  let codes = 0;
  let computed = 0;
  const columns = new Map<number, unknown[]>();
  const timeframeProblems: (string | null)[] = data.map(() => null);
  const col = (key: keyof typeof PLAN_COLUMNS) => {
    const c = index[key];
    if (c === undefined) return null;
    if (!columns.has(c)) columns.set(c, data.map((r) => r[c] ?? ''));
    return columns.get(c)!;
  };
  const codeCol = col('code');
  const fromCol = col('from');
  const toCol = col('to');
  const deadlineCol = col('deadline');
  const statusCol = col('status');
  const percentCol = col('percent');
  const same = (a: unknown, b: unknown) => (a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b);
  const changed = new Set<number>();
  data.forEach((row, i) => {
    const hasTask = index.task !== undefined && readText(row[index.task]) !== '';
    // A group heading row ("I. CÔNG TÁC CHỈ ĐẠO…", often merged across) is no task: no code.
    if (!hasTask || planSectionHeading(row, index) !== null) return;
    // A duplicate code is left for validation to report; only empty codes get one.
    if (codeCol && readText(codeCol[i]) === '') {
      codeCol[i] = taskCode(next++);
      codes++;
      changed.add(index.code!);
    }
    const tf = index.timeframe === undefined ? null : parseTimeframe(readText(row[index.timeframe]), planYear);
    if (tf && !tf.ok) timeframeProblems[i] = tf.message;
    const window = tf && tf.ok ? tf.timeframe.window : null;
    const deadline = tf && tf.ok ? tf.timeframe.deadline : null;
    const want: [unknown[] | null, number | undefined, unknown][] = [
      [fromCol, index.from, dateCell(window?.from ?? null)],
      [toCol, index.to, dateCell(window?.to ?? null)],
      [deadlineCol, index.deadline, dateCell(deadline)],
    ];
    let rowChanged = false;
    for (const [colValues, c, v] of want) {
      if (!colValues || c === undefined) continue;
      if (!same(colValues[i], v)) {
        colValues[i] = v;
        changed.add(c);
        rowChanged = true;
      }
    }
    if (statusCol && readText(statusCol[i]) === '') {
      statusCol[i] = STATUSES[0];
      changed.add(index.status!);
    }
    if (percentCol && readText(percentCol[i]) === '') {
      percentCol[i] = 0;
      changed.add(index.percent!);
    }
    if (rowChanged) computed++;
  });
  for (const c of [...columns.keys()]) if (!changed.has(c)) columns.delete(c);
  return { columns, codes, computed, next, timeframeProblems };
}

/** The highest code number among these code cells (0 when none is a task code). */
export function highestTaskCode(codeCells: unknown[]): number {
  let max = 0;
  for (const v of codeCells) max = Math.max(max, parseTaskCode(readText(v)) ?? 0);
  return max;
}

/**
 * Codes for tasks that have none, and the computed window/deadline columns, written as
 * one block per contiguous run of columns.
 */
function refreshPlan(sheet: Sheet, values: unknown[][], planYear: number, lastCode: number, headerRow = 1): { codes: number; computed: number; lastCode: number } {
  const { index } = findColumns(values[0], PLAN_COLUMNS);
  const data = values.slice(1);
  const next = Math.max(lastCode, index.code === undefined ? 0 : highestTaskCode(data.map((r) => r[index.code!]))) + 1;
  const refreshed = refreshPlanRows(values[0], data, planYear, next);
  if (data.length && refreshed.columns.size) writeColumns(sheet, headerRow + 1, refreshed.columns);
  return { codes: refreshed.codes, computed: refreshed.computed, lastCode: refreshed.next - 1 };
}

/** The highest task code ever given in this spreadsheet (codes are never reused). */
export function lastTaskCode(): number {
  return Number(spreadsheetProperties().getProperty(CODE_PROPERTY) ?? 0) || 0;
}

export function rememberTaskCode(n: number): void {
  if (n > lastTaskCode()) spreadsheetProperties().setProperty(CODE_PROPERTY, String(n));
}

/** Repairs the workbook; returns what it did. Shows a summary when run from the menu. */
export function setupWorkbookCore(): SetupResult {
  return withScriptLock(() => {
    const ss = activeSpreadsheet();
    const result: SetupResult = { created: [], headersAdded: [], settingsAdded: 0, tasksSeeded: 0, peopleSeeded: 0, codesAssigned: 0, computedUpdated: 0, rowsMigrated: [], removed: [] };
    const props = spreadsheetProperties();
    const seeded = props.getProperty(SEEDED_PROPERTY) === '1';
    const sheets = new Map<string, { sheet: Sheet; values: unknown[][]; created: boolean; headerRow: number }>();
    for (const spec of SPECS) sheets.set(spec.name, ensureSheet(ss, spec, result));

    const settings = sheets.get(SHEETS.settings)!;
    result.settingsAdded = repairSettings(settings.sheet, settings.values);
    settingDropdowns(settings.sheet);

    const plan = sheets.get(SHEETS.plan)!;
    const people = sheets.get(SHEETS.people)!;
    if (!seeded) {
      // Only a new workbook is seeded: once seeded (or once it had data), never again.
      if (plan.values.length <= 1) {
        result.tasksSeeded = seedPlan(plan.sheet, plan.values[0], plan.headerRow);
        plan.values = readSheet(plan.sheet).slice(plan.headerRow - 1);
      }
      if (people.values.length <= 1) result.peopleSeeded = seedPeople(people.sheet, people.values[0]);
      props.setProperty(SEEDED_PROPERTY, '1');
    }
    const { settings: parsed } = readSettings(ss);
    // A timeframe merged over several task rows counts for each of them (one more call, plus one per merge).
    if (!plan.created && plan.values.length > 1) fillMergedRows(plan.values, mergedBlocks(plan.sheet.getDataRange()), plan.headerRow);
    const refreshed = refreshPlan(plan.sheet, plan.values, parsed.planYear, lastTaskCode(), plan.headerRow);
    result.codesAssigned = refreshed.codes;
    result.computedUpdated = refreshed.computed;
    rememberTaskCode(refreshed.lastCode);
    tidySheetOrder(ss, plan.sheet, plan.created, result);
    if (result.created.length) ss.setActiveSheet(plan.sheet);
    return result;
  });
}

/** The name Sheets gives a new spreadsheet's first sheet, in Vietnamese or English. */
const DEFAULT_SHEET = /^(trang tính|sheet)\s*1$/i;

/**
 * A new spreadsheet's empty "Trang tính1"/"Sheet1" is removed (one with anything in it is
 * kept), and "Kế hoạch" is put first when setup created it. Calls: getSheets, then for a default-named sheet its
 * size; moving only when "Kế hoạch" is not first.
 */
function tidySheetOrder(ss: Spreadsheet, plan: Sheet, planCreated: boolean, result: SetupResult): void {
  const ours = new Set<string>(Object.values(SHEETS));
  for (const sheet of ss.getSheets()) {
    const name = sheet.getName();
    if (ours.has(name) || !DEFAULT_SHEET.test(name.normalize('NFC').trim())) continue;
    if (sheet.getLastRow() === 0 && sheet.getLastColumn() === 0) {
      ss.deleteSheet(sheet);
      result.removed.push(name);
    }
  }
  // An office that reordered its sheets keeps its order: only a new workbook is arranged.
  if ((planCreated || result.removed.length) && plan.getIndex() !== 1) {
    ss.setActiveSheet(plan);
    ss.moveActiveSheet(1);
  }
}

export function describeSetup(r: SetupResult): string {
  const lines: string[] = [];
  if (r.created.length) lines.push(`Đã tạo trang: ${r.created.join(', ')}.`);
  if (r.removed.length) lines.push(`Đã xóa trang trống: ${r.removed.join(', ')}.`);
  if (r.headersAdded.length) lines.push(`Đã thêm cột: ${r.headersAdded.join('; ')}.`);
  if (r.settingsAdded) lines.push(`Đã thêm ${r.settingsAdded} mục cài đặt với giá trị mặc định.`);
  if (r.tasksSeeded) lines.push(`Đã nhập ${r.tasksSeeded} nhiệm vụ mẫu của kế hoạch xã Tân Việt năm 2024 (sửa lại theo kế hoạch của xã mình).`);
  if (r.peopleSeeded) lines.push(`Đã tạo danh sách ${r.peopleSeeded} đơn vị với email mẫu: hãy điền họ tên và email thật ở trang "Cán bộ".`);
  if (r.rowsMigrated.length) lines.push(`Đã cập nhật nhật ký theo cách ghi mới (giữ nguyên mọi dòng): ${r.rowsMigrated.map((m) => `${m} dòng`).join('; ')}.`);
  if (r.codesAssigned) lines.push(`Đã cấp mã cho ${r.codesAssigned} nhiệm vụ mới.`);
  if (r.computedUpdated) lines.push(`Đã tính lại thời hạn cho ${r.computedUpdated} nhiệm vụ.`);
  if (!lines.length) lines.push('Bảng theo dõi đã đầy đủ, không có gì cần thay đổi.');
  return lines.join('\n');
}
