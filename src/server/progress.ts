/**
 * Recording progress: the one path by which every channel (sidebar, web form, email reply)
 * writes an entry. Under the script lock it validates, refuses nothing twice (a repeated
 * submissionId returns the first result), appends one row to "Tiến độ" and updates the task's
 * status, percent and last update in "Kế hoạch". Its Spreadsheet calls do not grow with the
 * size of the log: it reads the log's header and its submissionId column only. Several entries
 * at once (recordProgressMany: the email replies of one run) share one lock and one read.
 */
import { OPTIONAL_PROGRESS_COLUMNS, PLAN_COLUMNS, PROGRESS_COLUMNS, SHEETS, findColumns } from '../core/schema';
import { SOURCE_LABELS } from '../core/logWords';
import { validateProgress, errorSummary } from '../core/progress';
import { STATUSES, type Person, type ProgressInput, type ProgressSource, type Task } from '../core/types';
import { readText } from '../core/cells';
import { formatDmy, vnDateOf, vnDateTime } from '../core/dates';
import { readPeople, readPlan } from '../core/plan';
import { resolveUnits } from '../core/people';
import { clean } from '../core/text';
import type { ProgressFormData, SubmitResult } from '../shared/rpc';
import { activeSpreadsheet, dateCell, ensureRows, readSheet, textCell, UserError, withScriptLock, writeColumns, type Sheet, type Spreadsheet } from './sheets';
import { settingsFromValues } from './settings';
import { readPlanSheet } from './plan';
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

/**
 * A workbook never set up gets its sheets. A plan sheet missing beside an existing log was
 * renamed or deleted: reading the plan refuses then (a new empty plan would hide it).
 */
function ensureProgressSheets(ss: Spreadsheet): void {
  if (!ss.getSheetByName(SHEETS.progress)) setupWorkbookCore();
}

/** One entry to record: what was sent, where from, and who sent it. */
export interface ProgressSubmission {
  raw: unknown;
  source: ProgressSource;
  /** The sidebar's user, the signed link's assignee, the reply's sender. */
  reporter: string;
  /**
   * Refuse unless `reporter` is, now, a lead or coordinator of the task (a signed link names a
   * person: one removed from "Cán bộ" or from the task since the link was sent may not use it).
   */
  assigned?: boolean;
}

/**
 * Records one entry. `reporter` is who sent it (the sidebar's user, the signed link's
 * assignee, the reply's sender); `source` where it came from.
 */
export function recordProgress(raw: unknown, source: ProgressSource, reporter: string, assigned = false): SubmitResult {
  return recordProgressMany([{ raw, source, reporter, assigned }])[0];
}

/** What a task row of "Kế hoạch" is set to: the latest entry's status, percent and time. */
interface PlanUpdate {
  status: unknown;
  percent: unknown;
  at: unknown;
}

/** The task codes of "Kế hoạch" by row (the row below the header first), as they are now: getLastRow + one read. */
function readPlanCodes(planSheet: Sheet, codeColumn: number, headerRow: number): string[] {
  const last = planSheet.getLastRow();
  if (last <= headerRow) return [];
  return planSheet
    .getRange(headerRow + 1, codeColumn + 1, last - headerRow, 1)
    .getValues()
    .map((r) => readText(r[0]).toUpperCase());
}

/**
 * The codes of "Kế hoạch" below the header and, when the sheet has the column, each row's "last
 * update" as a time (null when not a date), from one read spanning both columns (the same one
 * call as readPlanCodes).
 */
function readPlanCheck(planSheet: Sheet, codeColumn: number, stampColumn: number | undefined, headerRow: number): { codes: string[]; stamps: (number | null)[] } {
  if (stampColumn === undefined) {
    const codes = readPlanCodes(planSheet, codeColumn, headerRow);
    return { codes, stamps: codes.map(() => null) };
  }
  const last = planSheet.getLastRow();
  if (last <= headerRow) return { codes: [], stamps: [] };
  const first = Math.min(codeColumn, stampColumn);
  const values = planSheet.getRange(headerRow + 1, first + 1, last - headerRow, Math.abs(stampColumn - codeColumn) + 1).getValues();
  return {
    codes: values.map((r) => readText(r[codeColumn - first]).toUpperCase()),
    stamps: values.map((r) => {
      const v = r[stampColumn - first];
      return v instanceof Date ? v.getTime() : null;
    }),
  };
}

/** Each code's sheet row; `codes` starts at the row below the header (`headerRow`). */
function rowsByCode(codes: string[], headerRow: number): Map<string, number> {
  const out = new Map<string, number>();
  codes.forEach((code, i) => {
    if (code && !out.has(code)) out.set(code, headerRow + 1 + i);
  });
  return out;
}

/**
 * Above this many task rows, the rows are written as one block (the columns' current values read
 * first, under the lock) instead of one setValues per row: each Sheets write takes a few hundred
 * ms, and a run recording hundreds of email replies would otherwise pass the 6-minute limit.
 */
const ROW_WRITES_MAX = 10;

/** Writes cells of several rows (row → column index → [value]): per row when few, else as one block. */
function writeRows(sheet: Sheet, writes: [number, Map<number, unknown[]>][]): void {
  if (writes.length <= ROW_WRITES_MAX) {
    for (const [row, columns] of writes) writeColumns(sheet, row, columns);
    return;
  }
  const rowsOf = writes.map(([r]) => r);
  const colsOf = [...new Set(writes.flatMap(([, c]) => [...c.keys()]))];
  const first = Math.min(...rowsOf);
  const c0 = Math.min(...colsOf);
  const block = sheet.getRange(first, c0 + 1, Math.max(...rowsOf) - first + 1, Math.max(...colsOf) - c0 + 1).getValues();
  for (const [row, columns] of writes) for (const [c, [v]] of columns) block[row - first][c - c0] = v;
  writeColumns(sheet, first, new Map(colsOf.map((c) => [c, block.map((r) => r[c - c0])])));
}

/** Written at most this many times when people keep moving rows meanwhile; then refused. */
const PLAN_WRITE_ATTEMPTS = 3;

/**
 * Sets each task's status, percent and last update in "Kế hoạch", located by its code: a
 * person may sort the sheet or insert rows at any moment (their edits take no lock), so after
 * writing, the codes are read again; a row that no longer holds the code written for it got
 * another task's values, which are put back (from `planValues`, the read under the lock), and
 * the task is written again at its new row. Throws (a UserError) if the rows still move after a
 * few attempts: the entry is in "Tiến độ" and sending it again repairs the plan.
 */
function writePlanUpdates(planSheet: Sheet, headerRow: number, planValues: unknown[][], planIndex: Partial<Record<keyof typeof PLAN_COLUMNS, number>>, rowOfCode: Map<string, number>, updates: Map<string, PlanUpdate>): void {
  if (!updates.size) return;
  const codeColumn = planIndex.code!;
  const cells = (values: unknown[] | PlanUpdate, fromRow: boolean): Map<number, unknown[]> => {
    const columns = new Map<number, unknown[]>();
    const get = (k: 'status' | 'percent' | 'lastUpdate') =>
      fromRow ? (values as unknown[])[planIndex[k]!] : (values as PlanUpdate)[k === 'lastUpdate' ? 'at' : k];
    for (const k of ['status', 'percent', 'lastUpdate'] as const) if (planIndex[k] !== undefined) columns.set(planIndex[k]!, [get(k)]);
    return columns;
  };
  const original = new Map<string, unknown[]>();
  planValues.slice(1).forEach((r) => {
    const code = readText(r[codeColumn]).toUpperCase();
    if (code && !original.has(code)) original.set(code, r);
  });
  /** Best effort after a failure: each written row now holding another task gets that task's values. */
  const putBackMoved = (written: Map<number, string>): void => {
    try {
      const now = readPlanCodes(planSheet, codeColumn, headerRow);
      const back: [number, Map<number, unknown[]>][] = [];
      for (const [row, code] of written) {
        const there = now[row - headerRow - 1] ?? '';
        if (there === code) continue;
        const update = updates.get(there);
        if (update) back.push([row, cells(update, false)]);
        else if (original.has(there)) back.push([row, cells(original.get(there)!, true)]);
        else if (!there) back.push([row, new Map([...cells({ status: '', percent: '', at: '' }, false).keys()].map((c) => [c, ['']]))]);
      }
      if (back.length) writeRows(planSheet, back);
    } catch (again) {
      console.warn(`recordProgress: "${SHEETS.plan}" could not be checked after a failed write: ${String(again)}`);
    }
  };
  let rows = rowOfCode;
  const blank = () => new Map([...cells({ status: '', percent: '', at: '' }, false).keys()].map((c) => [c, ['']]));
  /**
   * Tasks whose row got values meant for another task: their own values go back at their row as
   * last read, and that write is checked like the task's own (a person may move the rows again
   * before it lands); a task stays here until its values are seen back on its row.
   */
  const victims = new Set<string>();
  /** Rows holding no task now (a person inserted one where the task was) that got values: cleared. */
  let emptied: number[] = [];
  for (let attempt = 0; attempt < PLAN_WRITE_ATTEMPTS; attempt++) {
    const written = new Map<number, string>();
    const writes: [number, Map<number, unknown[]>][] = [];
    for (const row of emptied) writes.push([row, blank()]);
    for (const code of [...victims]) {
      const row = rows.get(code);
      if (row === undefined || updates.has(code) || !original.has(code)) {
        victims.delete(code);
        continue;
      }
      writes.push([row, cells(original.get(code)!, true)]);
      written.set(row, code);
    }
    for (const [code, update] of updates) {
      const row = rows.get(code);
      if (row === undefined) continue; // the task's row was deleted meanwhile: nothing to update
      writes.push([row, cells(update, false)]);
      written.set(row, code);
    }
    let now: string[];
    let stamps: (number | null)[];
    try {
      writeRows(planSheet, writes);
      ({ codes: now, stamps } = readPlanCheck(planSheet, codeColumn, planIndex.lastUpdate, headerRow));
    } catch (e) {
      // A write or the check after it failed: rows may have moved before the write (a sort), so
      // what was written may sit on another task's row. Check once more and put those rows
      // right before giving up; this task itself is repaired when the entry is sent again.
      putBackMoved(written);
      throw e;
    }
    emptied = [];
    const moved: number[] = [];
    for (const [row, code] of written) {
      const there = now[row - headerRow - 1] ?? '';
      if (there === code) {
        victims.delete(code);
        continue;
      }
      moved.push(row);
      if (!there) emptied.push(row);
      else victims.add(there);
    }
    // The rows moved between the write and the check (a sort): the values went with the row they
    // landed on, which the codes alone no longer show. A row carrying an update's time that is
    // not its task's (nor had it before, as read under the lock) got another task's values.
    const stamped = new Set([...updates.values()].map((u) => (u.at instanceof Date ? u.at.getTime() : NaN)));
    stamps.forEach((t, i) => {
      if (t === null || !stamped.has(t)) return;
      const code = now[i];
      const row = headerRow + 1 + i;
      if (code && updates.has(code)) return;
      if (!code) {
        if (!emptied.includes(row)) {
          emptied.push(row);
          moved.push(row);
        }
        return;
      }
      const had = planIndex.lastUpdate === undefined ? undefined : original.get(code)?.[planIndex.lastUpdate];
      if (had instanceof Date && had.getTime() === t) return;
      if (!victims.has(code)) moved.push(row);
      victims.add(code);
    });
    if (!moved.length && !victims.size) return;
    console.warn(`recordProgress: "${SHEETS.plan}" changed while writing (rows ${moved.join(', ')}); writing again by code.`);
    rows = rowsByCode(now, headerRow);
  }
  throw new UserError(`Trang "${SHEETS.plan}" đang được sắp xếp hoặc sửa nên chưa cập nhật được trạng thái nhiệm vụ (tiến độ đã được ghi vào trang "${SHEETS.progress}"). Vui lòng gửi lại sau ít phút.`);
}

/**
 * Records several entries (the lines of the email replies of one run) as recordProgress does
 * each, in order, under one script lock: the settings, the plan and the log's ids are read
 * once, the new log rows are written in one block, and each task changed gets one write.
 * One result per submission, in order; a refused entry does not stop the others.
 *
 * The log row is written first, then the plan. If the plan's write fails (or the execution
 * dies) after the log row was written, sending the same entry again (same submissionId) finds
 * it logged and repairs the plan from it: the task follows its latest logged entry unless the
 * plan was updated after that entry.
 */
export function recordProgressMany(items: ProgressSubmission[]): SubmitResult[] {
  if (!items.length) return [];
  const ss = activeSpreadsheet();
  ensureProgressSheets(ss);
  return withScriptLock(() => recordProgressLocked(ss, items));
}

/** recordProgressMany's work, for a caller that already holds the lock (the reply reader). */
export function recordProgressLocked(ss: Spreadsheet, items: ProgressSubmission[]): SubmitResult[] {
  if (!items.length) return [];
  {
    const settings = settingsFromValues(readSheet(ss.getSheetByName(SHEETS.settings))).settings;
    const plan = readPlanSheet(ss);
    if (plan.problem) throw new UserError(plan.problem);
    const planSheet = plan.sheet!;
    const { values: planValues, headerRow } = plan;
    const { index: planIndex } = findColumns(planValues[0], PLAN_COLUMNS);
    const rowOfCode = rowsByCode(planValues.slice(1).map((r) => readText(r[planIndex.code!]).toUpperCase()), headerRow);
    const context = { codes: new Set(rowOfCode.keys()), channels: settings.channels, today: todayIso(), planYear: settings.planYear, attendance: settings.attendanceChannels };

    const log = ss.getSheetByName(SHEETS.progress)!;
    const { header, ids: logged, lastRow } = readLogIds(log);
    const found = findColumns(header, PROGRESS_COLUMNS);
    const { index } = found;
    const missing = found.missing.filter((k) => !OPTIONAL_PROGRESS_COLUMNS.includes(k));
    /** Each logged submission id's row in "Tiến độ" (the first, if an id repeats). */
    const rowOfId = new Map<string, number>();
    logged.forEach((id, i) => {
      if (id && !rowOfId.has(id)) rowOfId.set(id, i + 2);
    });
    const ids = new Set(logged);
    const now = new Date();
    const rows: unknown[][] = [];
    /** Each task's latest entry of this batch: the task follows it. */
    const latest = new Map<string, PlanUpdate>();
    /** Entries sent again that were logged by an earlier execution: their task may need repair. */
    const resent: { code: string; logRow: number; result: number }[] = [];

    let people: Person[] | null = null;
    const results = items.map(({ raw, source, reporter, assigned }, n): SubmitResult => {
      const checked = validateProgress(raw, context);
      if (!checked.ok) return { ok: false, errors: checked.errors, message: errorSummary(checked.errors) };
      if (assigned) {
        people ??= readPeople(readSheet(ss.getSheetByName(SHEETS.people))).people;
        const planRow = planValues[rowOfCode.get(checked.value.taskId)! - headerRow];
        const text = (k: 'lead' | 'coordinator') => (planIndex[k] === undefined ? '' : readText(planRow[planIndex[k]!]));
        const emails = [...resolveUnits(text('lead'), people).people, ...resolveUnits(text('coordinator'), people).people].map((p) => clean(p.email).toLowerCase());
        if (!emails.includes(clean(reporter).toLowerCase())) {
          const message = `Đường dẫn này được gửi cho ${reporter}, nay không còn là cán bộ chủ trì hoặc phối hợp nhiệm vụ ${checked.value.taskId} (theo trang "${SHEETS.plan}" và "${SHEETS.people}"). Không có thông tin nào được ghi; vui lòng liên hệ Văn phòng HĐND&UBND xã.`;
          return { ok: false, errors: { form: message }, message };
        }
      }
      if (missing.length) throw new UserError(`Trang "Tiến độ" thiếu cột: ${missing.map((k) => PROGRESS_COLUMNS[k]).join(', ')}. Chạy "Thiết lập bảng theo dõi".`);
      const entry: ProgressInput = checked.value;
      const taskRow = rowOfCode.get(entry.taskId)!;
      const taskText = planIndex.task === undefined ? '' : readText(planValues[taskRow - headerRow][planIndex.task]);
      if (ids.has(entry.submissionId)) {
        const logRow = rowOfId.get(entry.submissionId);
        if (logRow !== undefined) resent.push({ code: entry.taskId, logRow, result: n });
        return { ok: true, taskId: entry.taskId, task: taskText, message: `Đã ghi tiến độ cho ${entry.taskId} trước đó (lần gửi này đã được nhận).`, duplicate: true };
      }
      ids.add(entry.submissionId);
      if (entry.participants != null && index.participants === undefined) {
        // A log laid out before "Số người tham dự" existed: the column is added (setup moves it into place).
        index.participants = header.length;
        header.push(PROGRESS_COLUMNS.participants);
        log.getRange(1, header.length).setValue(PROGRESS_COLUMNS.participants);
        rows.forEach((r) => r.push(''));
      }

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
      if (index.participants !== undefined) put('participants', entry.participants ?? '');
      put('note', textCell(entry.note));
      put('evidenceUrl', textCell(entry.evidenceUrl));
      put('reportDate', dateCell(entry.reportDate));
      put('source', SOURCE_LABELS[source]);
      put('submissionId', textCell(entry.submissionId));
      rows.push(row);
      latest.set(entry.taskId, { status: entry.status, percent: entry.percent, at: now });
      return { ok: true, taskId: entry.taskId, task: taskText, message: `Đã ghi tiến độ cho ${entry.taskId}: ${entry.status}, ${entry.percent}%.`, duplicate: false };
    });

    if (resent.length) repairFromLog(log, header, lastRow, headerRow, planValues, planIndex, rowOfCode, resent, results, latest);

    if (rows.length === 1) {
      // appendRow grows the grid when it is full; one call whatever the log's size.
      log.appendRow(rows[0]);
    } else if (rows.length > 1) {
      const first = lastRow + 1;
      ensureRows(log, first + rows.length - 1);
      log.getRange(first, 1, rows.length, header.length).setValues(rows);
    }

    // Each task follows its latest entry, written where its code is now.
    writePlanUpdates(planSheet, headerRow, planValues, planIndex, rowOfCode, latest);
    return results;
  }
}

/**
 * Entries sent again whose first sending was logged: a submission id logged for another task
 * is refused (nothing was recorded for this one); for the others, when the logged entry is its
 * task's latest and the plan was not updated since (the plan's write of that sending failed),
 * the task is set from it. Reads the log's task codes (one read), and each such row.
 */
function repairFromLog(
  log: Sheet,
  header: unknown[],
  lastRow: number,
  headerRow: number,
  planValues: unknown[][],
  planIndex: Partial<Record<keyof typeof PLAN_COLUMNS, number>>,
  rowOfCode: Map<string, number>,
  resent: { code: string; logRow: number; result: number }[],
  results: SubmitResult[],
  latest: Map<string, PlanUpdate>,
): void {
  const { index } = findColumns(header, PROGRESS_COLUMNS);
  if (index.taskCode === undefined || lastRow < 2) return;
  const codes = log
    .getRange(2, index.taskCode + 1, lastRow - 1, 1)
    .getValues()
    .map((r) => readText(r[0]).toUpperCase());
  const lastRowOf = new Map<string, number>();
  codes.forEach((c, i) => lastRowOf.set(c, i + 2));
  for (const { code, logRow, result } of resent) {
    const loggedFor = codes[logRow - 2];
    if (loggedFor !== code) {
      const message = `Mã lần gửi này đã được dùng cho nhiệm vụ ${loggedFor || 'khác'}; chưa ghi gì cho ${code}. Vui lòng tải lại trang rồi gửi lại.`;
      results[result] = { ok: false, errors: { form: message }, message };
      continue;
    }
    if (latest.has(code) || lastRowOf.get(code) !== logRow) continue;
    const row = log.getRange(logRow, 1, 1, header.length).getValues()[0];
    const at = index.at === undefined ? '' : row[index.at];
    const taskRow = rowOfCode.get(code);
    if (taskRow === undefined) continue;
    const planRow = planValues[taskRow - headerRow];
    const planned = planIndex.lastUpdate === undefined ? null : planRow[planIndex.lastUpdate];
    const loggedAt = at instanceof Date ? at.getTime() : NaN;
    const plannedAt = planned instanceof Date ? planned.getTime() : NaN;
    // Only a plan updated strictly after the entry was logged is newer: at the same instant
    // (two entries of one run, the second's row landed although its write threw) this row,
    // the task's last in the log, is the later one.
    if (!Number.isNaN(plannedAt) && !Number.isNaN(loggedAt) && plannedAt > loggedAt) continue;
    const status = index.status === undefined ? '' : row[index.status];
    const percent = index.percent === undefined ? '' : row[index.percent];
    const same =
      planIndex.status !== undefined && planIndex.percent !== undefined && readText(planRow[planIndex.status]) === readText(status) && Number(planRow[planIndex.percent]) === Number(percent);
    if (same && !Number.isNaN(plannedAt)) continue;
    latest.set(code, { status, percent, at: at instanceof Date ? at : new Date() });
  }
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
  const plan = readPlanSheet(ss);
  if (plan.problem) throw new UserError(plan.problem);
  const read = readPlan(plan.values, readSheet(ss.getSheetByName(SHEETS.people)), settingsRead.settings, plan.headerRow);
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
    attendance: settingsRead.settings.attendanceChannels,
    user,
    today: todayIso(),
    planYear: settingsRead.settings.planYear,
  };
}
