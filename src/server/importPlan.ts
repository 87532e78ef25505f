/**
 * Importing a plan's appendix table (pasted from Word or Google Docs, or given as rows):
 * new tasks are appended with new codes, changed cells of known tasks are updated, and the
 * same table imported twice adds nothing.
 */
import { PLAN_COLUMNS, SHEETS, findColumns } from '../core/schema';
import { STATUSES } from '../core/types';
import { parseClipboardTable, planImport, readPlanTable, type ImportedTask } from '../core/importer';
import { parseTimeframe } from '../core/timeframe';
import { readText } from '../core/cells';
import { formatDmy } from '../core/dates';
import type { ImportPreview, ImportResult } from '../shared/rpc';
import { activeSpreadsheet, dateCell, ensureRows, readSheet, textCell, UserError, withScriptLock, writeColumns } from './sheets';
import { lastTaskCode, rememberTaskCode, setupWorkbookCore } from './setup';
import { settingsFromValues } from './settings';

const FIELD_COLUMN: Record<keyof Omit<ImportedTask, 'sourceRow'>, keyof typeof PLAN_COLUMNS> = {
  stt: 'stt',
  task: 'task',
  product: 'product',
  leadText: 'lead',
  coordinatorText: 'coordinator',
  timeframeText: 'timeframe',
};

const MAX_ROWS = 2000;

function toRows(input: unknown): string[][] {
  if (!Array.isArray(input)) throw new UserError('Dữ liệu nhập không phải là một bảng (danh sách các dòng).');
  if (input.length > MAX_ROWS) throw new UserError(`Bảng quá lớn: tối đa ${MAX_ROWS} dòng mỗi lần nhập.`);
  return input.map((row) => (Array.isArray(row) ? row.map((c) => (c === null || c === undefined ? '' : String(c))) : [String(row ?? '')]));
}

function plan(rows: string[][]) {
  const ss = activeSpreadsheet();
  const settings = settingsFromValues(readSheet(ss.getSheetByName(SHEETS.settings))).settings;
  const sheet = ss.getSheetByName(SHEETS.plan);
  const values = readSheet(sheet);
  const { index } = findColumns(values[0] ?? [], PLAN_COLUMNS);
  const existing = values.slice(1).map((r) => {
    const get = (k: keyof typeof PLAN_COLUMNS) => (index[k] === undefined ? undefined : readText(r[index[k]!]));
    return { code: get('code') ?? '', task: get('task') ?? '', stt: get('stt'), product: get('product'), leadText: get('lead'), coordinatorText: get('coordinator'), timeframeText: get('timeframe') };
  });
  const read = readPlanTable(rows);
  const change = planImport(existing.filter((e) => e.task), read.tasks, lastTaskCode() + 1);
  return { ss, settings, sheet, values, index, existing, read, change };
}

function previewOf(p: ReturnType<typeof plan>): ImportPreview {
  const describe = (t: ImportedTask & { code: string }) => {
    const tf = parseTimeframe(t.timeframeText, p.settings.planYear);
    return {
      code: t.code,
      stt: t.stt,
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
  };
}

/** What importing these rows would do, without writing. */
export function previewImportRows(input: unknown): ImportPreview {
  return previewOf(plan(toRows(input)));
}

/** What importing pasted text would do, without writing. */
export function previewImportText(text: unknown): ImportPreview {
  if (typeof text !== 'string' || !text.trim()) throw new UserError('Chưa dán bảng nào. Hãy sao chép bảng phụ lục trong Word hoặc Google Docs rồi dán vào ô.');
  return previewImportRows(parseClipboardTable(text));
}

/** Imports rows (header included); returns what it did. */
export function importRows(input: unknown, options: { dryRun?: boolean } = {}): ImportResult {
  const rows = toRows(input);
  if (options?.dryRun) {
    const preview = previewImportRows(rows);
    return { added: 0, updated: 0, unchanged: preview.unchanged, problems: preview.problems, codes: [], preview };
  }
  // Set up first, outside the lock: setupWorkbookCore takes the script lock itself, and an
  // inner releaseLock() may end the outer section's protection (one lock per execution).
  if (!activeSpreadsheet().getSheetByName(SHEETS.plan)) setupWorkbookCore();
  return withScriptLock(() => {
    const p = plan(rows);
    const { sheet, values, index, change } = p;
    if (!sheet) throw new UserError('Không tìm thấy trang "Kế hoạch". Chạy "Thiết lập bảng theo dõi" trước.');
    const width = values[0].length;
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
      writeColumns(sheet, 2, columns);
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
      ensureRows(sheet, values.length + rows.length);
      sheet.getRange(values.length + 1, 1, rows.length, width).setValues(rows);
      const highest = Math.max(...change.toAdd.map((t) => Number(t.code.replace(/\D/g, ''))));
      rememberTaskCode(highest);
    }
    return {
      added: change.toAdd.length,
      updated: change.toUpdate.length,
      unchanged: change.unchanged,
      problems: p.read.problems,
      codes: change.toAdd.map((t) => t.code),
    };
  });
}

export function importText(text: unknown): ImportResult {
  if (typeof text !== 'string' || !text.trim()) throw new UserError('Chưa dán bảng nào. Hãy sao chép bảng phụ lục trong Word hoặc Google Docs rồi dán vào ô.');
  return importRows(parseClipboardTable(text));
}
