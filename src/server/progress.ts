/**
 * Recording progress: the one path by which every channel (sidebar, web form, email reply)
 * writes an entry. Under the script lock it validates, refuses nothing twice (a repeated
 * submissionId returns the first result), appends one row to "Tiến độ" and updates the task's
 * status, percent and last update in "Kế hoạch". Its Spreadsheet calls do not grow with the
 * size of the log: it reads the log's header and its submissionId column only. Several entries
 * at once (recordProgressMany: the email replies of one run) share one lock and one read.
 */
import { PLAN_COLUMNS, PROGRESS_COLUMNS, SHEETS, findColumns } from '../core/schema';
import { validateProgress, errorSummary } from '../core/progress';
import { STATUSES, type ProgressInput, type ProgressSource, type Task } from '../core/types';
import { readText } from '../core/cells';
import { formatDmy, vnDateOf, vnDateTime } from '../core/dates';
import { readPlan } from '../core/plan';
import type { ProgressFormData, SubmitResult } from '../shared/rpc';
import { activeSpreadsheet, dateCell, ensureRows, readSheet, textCell, UserError, withScriptLock, writeColumns, type Sheet, type Spreadsheet } from './sheets';
import { settingsFromValues } from './settings';
import { setupWorkbookCore } from './setup';

function todayIso(): string {
  return vnDateOf(Date.now());
}

/** The progress log's header and the column of submission ids, without reading the rest. */
function readLogIds(sheet: Sheet): { header: unknown[]; ids: string[]; lastRow: number } {
  const lastRow = sheet.getLastRow();
  const lastColumn = Math.max(sheet.getLastColumn(), 1);
  if (lastRow < 1) return { header: [], ids: [], lastRow: 0 };
  const header = sheet.getRange(1, 1, 1, lastColumn).getValues()[0];
  const { index } = findColumns(header, PROGRESS_COLUMNS);
  if (index.submissionId === undefined || lastRow < 2) return { header, ids: [], lastRow };
  const ids = sheet
    .getRange(2, index.submissionId + 1, lastRow - 1, 1)
    .getValues()
    .map((r) => readText(r[0]));
  return { header, ids, lastRow };
}

function ensureProgressSheets(ss: Spreadsheet): void {
  if (!ss.getSheetByName(SHEETS.progress) || !ss.getSheetByName(SHEETS.plan)) setupWorkbookCore();
}

/** One entry to record: what was sent, where from, and who sent it. */
export interface ProgressSubmission {
  raw: unknown;
  source: ProgressSource;
  /** The sidebar's user, the signed link's assignee, the reply's sender. */
  reporter: string;
}

/**
 * Records one entry. `reporter` is who sent it (the sidebar's user, the signed link's
 * assignee, the reply's sender); `source` where it came from.
 */
export function recordProgress(raw: unknown, source: ProgressSource, reporter: string): SubmitResult {
  return recordProgressMany([{ raw, source, reporter }])[0];
}

/**
 * Records several entries (the lines of the email replies of one run) as recordProgress does
 * each, in order, under one script lock: the settings, the plan and the log's ids are read
 * once, the new log rows are written in one block, and each task changed gets one write.
 * One result per submission, in order; a refused entry does not stop the others.
 */
export function recordProgressMany(items: ProgressSubmission[]): SubmitResult[] {
  if (!items.length) return [];
  const ss = activeSpreadsheet();
  ensureProgressSheets(ss);
  return withScriptLock(() => {
    const settings = settingsFromValues(readSheet(ss.getSheetByName(SHEETS.settings))).settings;
    const planSheet = ss.getSheetByName(SHEETS.plan)!;
    const planValues = readSheet(planSheet);
    const { index: planIndex } = findColumns(planValues[0] ?? [], PLAN_COLUMNS);
    if (planIndex.code === undefined) throw new UserError('Trang "Kế hoạch" thiếu cột "Mã". Chạy "Thiết lập bảng theo dõi".');
    const rowOfCode = new Map<string, number>();
    planValues.slice(1).forEach((r, i) => {
      const code = readText(r[planIndex.code!]).toUpperCase();
      if (code && !rowOfCode.has(code)) rowOfCode.set(code, i + 2);
    });
    const context = { codes: new Set(rowOfCode.keys()), channels: settings.channels, today: todayIso(), planYear: settings.planYear };

    const log = ss.getSheetByName(SHEETS.progress)!;
    const { header, ids: logged, lastRow } = readLogIds(log);
    const { index, missing } = findColumns(header, PROGRESS_COLUMNS);
    const ids = new Set(logged);
    const now = new Date();
    const rows: unknown[][] = [];
    /** Each task's latest entry of this batch: the task follows it. */
    const latest = new Map<number, ProgressInput>();

    const results = items.map(({ raw, source, reporter }): SubmitResult => {
      const checked = validateProgress(raw, context);
      if (!checked.ok) return { ok: false, errors: checked.errors, message: errorSummary(checked.errors) };
      if (missing.length) throw new UserError(`Trang "Tiến độ" thiếu cột: ${missing.map((k) => PROGRESS_COLUMNS[k]).join(', ')}. Chạy "Thiết lập bảng theo dõi".`);
      const entry: ProgressInput = checked.value;
      const taskRow = rowOfCode.get(entry.taskId)!;
      const taskText = planIndex.task === undefined ? '' : readText(planValues[taskRow - 1][planIndex.task]);
      if (ids.has(entry.submissionId)) {
        return { ok: true, taskId: entry.taskId, task: taskText, message: `Đã ghi tiến độ cho ${entry.taskId} trước đó (lần gửi này đã được nhận).`, duplicate: true };
      }
      ids.add(entry.submissionId);

      const row: unknown[] = new Array(header.length).fill('');
      const put = (k: keyof typeof PROGRESS_COLUMNS, v: unknown) => {
        row[index[k]!] = v;
      };
      put('at', now);
      put('taskCode', entry.taskId);
      put('reporter', textCell(reporter));
      put('status', entry.status);
      put('percent', entry.percent);
      put('channel', textCell(entry.channel));
      put('quantity', entry.quantity);
      put('note', textCell(entry.note));
      put('evidenceUrl', textCell(entry.evidenceUrl));
      put('reportDate', dateCell(entry.reportDate));
      put('source', source);
      put('submissionId', textCell(entry.submissionId));
      rows.push(row);
      latest.set(taskRow, entry);
      return { ok: true, taskId: entry.taskId, task: taskText, message: `Đã ghi tiến độ cho ${entry.taskId}: ${entry.status}, ${entry.percent}%.`, duplicate: false };
    });

    if (rows.length === 1) {
      // appendRow grows the grid when it is full; one call whatever the log's size.
      log.appendRow(rows[0]);
    } else if (rows.length > 1) {
      const first = lastRow + 1;
      ensureRows(log, first + rows.length - 1);
      log.getRange(first, 1, rows.length, header.length).setValues(rows);
    }

    // Each task follows its latest entry.
    for (const [taskRow, entry] of latest) {
      const columns = new Map<number, unknown[]>();
      if (planIndex.status !== undefined) columns.set(planIndex.status, [entry.status]);
      if (planIndex.percent !== undefined) columns.set(planIndex.percent, [entry.percent]);
      if (planIndex.lastUpdate !== undefined) columns.set(planIndex.lastUpdate, [now]);
      writeColumns(planSheet, taskRow, columns);
    }
    return results;
  });
}

function shortText(text: string, max = 90): string {
  return text.length > max ? `${text.slice(0, max - 1).trimEnd()}…` : text;
}

function isMine(task: Task, email: string): boolean {
  if (!email) return false;
  const e = email.toLowerCase();
  return [...task.leads, ...task.coordinators].some((p) => p.email.toLowerCase() === e);
}

/** What the progress sidebar needs: the tasks, the choices and the user. */
export function progressFormData(): ProgressFormData {
  const ss = activeSpreadsheet();
  const settingsRead = settingsFromValues(readSheet(ss.getSheetByName(SHEETS.settings)));
  const read = readPlan(readSheet(ss.getSheetByName(SHEETS.plan)), readSheet(ss.getSheetByName(SHEETS.people)), settingsRead.settings);
  const user = Session.getActiveUser().getEmail() || '';
  return {
    tasks: read.tasks
      .filter((t) => t.code)
      .map((t) => ({
        code: t.code,
        stt: t.stt,
        section: t.section,
        task: shortText(t.task),
        leads: t.leadText,
        status: t.status,
        percent: t.percent,
        lastUpdate: t.lastUpdate ? `${formatDmy(vnDateOf(Date.parse(t.lastUpdate)))} ${vnDateTime(Date.parse(t.lastUpdate)).slice(11, 16)}` : '',
        deadline: t.deadline ? formatDmy(t.deadline) : '',
        mine: isMine(t, user),
      })),
    statuses: [...STATUSES],
    channels: settingsRead.settings.channels,
    user,
    today: todayIso(),
    planYear: settingsRead.settings.planYear,
  };
}
