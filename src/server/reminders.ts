/**
 * Sending the reminders: the day's run (`runHourly()`, the hourly time-driven trigger, from the
 * configured hour until the day's run completes; `runDailyReminders()` at once) reads the plan, the directory, the settings, the progress log and the reminder log once each, plans
 * with the pure planner, and sends one digest per address through MailApp.
 *
 * Idempotency ("nothing twice for the same task, person and occasion, however often the job
 * runs"): every email is recorded in "Nhật ký nhắc việc" with the item keys it carried, and the
 * next run plans against those keys. The row of an email that went out is written right after
 * its send (one getRange + one setValues), not at the end of the run: an execution that dies
 * half-way (timeout, a service error that escapes) then leaves every sent email logged, and
 * a rerun sends only the rest. Rows of emails that were not sent (skipped, deferred, failed)
 * cannot cause a duplicate, so they are written together at the end in one setValues. If the
 * sheet itself fails right after a send, the run stops sending and keeps that email's row in
 * this spreadsheet's properties (a journal) until a later run writes it to the log.
 *
 * Placeholder addresses (the seed's example.invalid, other reserved domains: RFC 2606/6761)
 * are never mailed: such a digest is logged once as "Bỏ qua: …" with what to fix, counted as
 * skipped, and the office summary lists the task as "chưa có người nhận". Once the address is
 * corrected, the next run sends to it (the log keys carry the address).
 */
import { OPTIONAL_REMINDER_COLUMNS, REMINDER_COLUMNS, SHEETS, findColumns, PROGRESS_COLUMNS } from '../core/schema';
import { describeLogRow, REPLY_LOG_PREFIX } from '../core/logWords';
import type { IsoDate, ProgressEntry, Settings, Task } from '../core/types';
import { planReminders, officeName, type PlannedEmail } from '../core/reminders';
import { composeReminder, type ComposeContext, type ComposedEmail } from '../core/emails';
import { makeToken } from '../core/tokens';
import { emailProblem } from '../core/people';
import { readPeople } from '../core/plan';
import { cellDate, cellMultiline, isDateValue, readText } from '../core/cells';
import { CONFIRM_LOG_PREFIX, foldConfirmRow, type ConfirmState } from '../core/confirmations';
import { addDays, vnDateOf, vnStartOf } from '../core/dates';
import { clean } from '../core/text';
import { journalValues, utf8Length, type JournalRow } from '../core/journal';
import { activeSpreadsheet, readSheet, textCell, UserError, withScriptLock, type Sheet, type Spreadsheet } from './sheets';
import { loadPlan } from './plan';
import { readSettings } from './settings';
import { setupWorkbookCore } from './setup';
import { linkSecret, requireSignedIn, signerFor } from './secret';
import { requireTriggerOrUser } from './access';
import { menuAction } from './ui';
import { SCOPES, checkTriggerConsent, noticeText, requireConsent } from './consent';
import { HAS_EMAIL_REPLIES, HAS_WEB_APP, HOURLY_HANDLER, rememberSpreadsheet, scheduleTriggers, spreadsheetLock, spreadsheetProperties, triggersHere } from './target';
import { answerFormLinker, ensureAnswerForm, retryPendingAnswers } from './answerForm';

export const DAILY_HANDLER = 'runDailyReminders';
export const REPLIES_HANDLER = 'processReplies';
export const TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** What one run did, counted in emails (digests), not in tasks. */
export interface ReminderRunResult {
  sent: number;
  deferred: number;
  failed: number;
  skipped: number;
}

/** "Kết quả" values: the first word says whether the email's items count as done. */
export const RESULT_SENT = 'Đã gửi';
export const RESULT_SKIPPED = 'Bỏ qua';
export const RESULT_DEFERRED = 'Chưa gửi';
export const RESULT_FAILED = 'Lỗi';

/** Keys in "Khóa" of the rows that record processed email replies (see replies.ts). */
export const REPLY_KEY_PREFIX = REPLY_LOG_PREFIX;

/** Stop sending (and defer the rest) after this long: an execution is killed at 6 minutes. */
const TIME_BUDGET_MS = 4.5 * 60 * 1000;
/** How long the run waits for the script lock before leaving the work to the run holding it. */
const LOCK_WAIT_MS = 30000;

// ---------------------------------------------------------------------------------------------
// The reminder log

export interface ReminderLog {
  sheet: Sheet;
  /** 0-based column of each known header. */
  index: Record<Exclude<keyof typeof REMINDER_COLUMNS, 'content'>, number> & { content?: number };
  width: number;
  /** The last row with content (the header is row 1). */
  lastRow: number;
  /** The sheet's size in rows: a write past it must first add rows. */
  maxRows: number;
  /** Item keys (`${occasion}|${task}|${email}`) of emails sent or deliberately skipped. */
  doneKeys: Set<string>;
  /** Gmail message ids of replies already handled. */
  replyIds: Set<string>;
  /** `key\ntasks` of each row of an email sent or skipped (writing a journal row twice is skipped). */
  rowIds: Set<string>;
  /** Addresses MailApp refused ("Invalid email: …" in a "Lỗi" row), with the row's time. */
  refused: Set<string>;
  /** The confirmations owed to senders of email replies, by message id (src/core/confirmations.ts). */
  confirmations: Map<string, ConfirmState>;
}

/** One line of "Nhiệm vụ" per item: "NV03: d-7:2024-03-15". */
export function itemLine(taskCode: string, occasion: string): string {
  return `${taskCode}: ${occasion}`;
}

function isDone(result: string): boolean {
  return result.startsWith(RESULT_SENT) || result.startsWith(RESULT_SKIPPED);
}

/** Reads "Nhật ký nhắc việc" once (one getDataRange + one getValues). */
export function readReminderLog(ss: Spreadsheet): ReminderLog {
  const sheet = ss.getSheetByName(SHEETS.reminders);
  if (!sheet) throw new UserError(`Chưa có trang "${SHEETS.reminders}". Chạy "Thiết lập bảng theo dõi".`);
  const values = readSheet(sheet);
  const header = values[0] ?? [];
  const { index, missing: absent } = findColumns(header, REMINDER_COLUMNS);
  const missing = absent.filter((k) => !OPTIONAL_REMINDER_COLUMNS.includes(k));
  if (missing.length) {
    throw new UserError(`Trang "${SHEETS.reminders}" thiếu cột: ${missing.map((k) => REMINDER_COLUMNS[k]).join(', ')}. Chạy "Thiết lập bảng theo dõi".`);
  }
  const idx = index as ReminderLog['index'];
  const doneKeys = new Set<string>();
  const replyIds = new Set<string>();
  const rowIds = new Set<string>();
  const refused = new Set<string>();
  const confirmations = new Map<string, ConfirmState>();
  for (const row of values.slice(1)) {
    const key = readText(row[idx.key]);
    if (!key) continue;
    if (key.startsWith(CONFIRM_LOG_PREFIX)) {
      const at = row[idx.at];
      foldConfirmRow(confirmations, key.slice(CONFIRM_LOG_PREFIX.length), isDateValue(at) ? at.getTime() : 0, readText(row[idx.recipient]), readText(row[idx.tasks]), cellMultiline(row[idx.result]));
      continue;
    }
    const result = readText(row[idx.result]);
    const invalid = result.startsWith(RESULT_FAILED) ? /Invalid email: ([^\s,;<>]+?)\.?(?:\s|$)/i.exec(result) : null;
    if (invalid) refused.add(invalid[1].toLowerCase());
    if (key.startsWith(REPLY_KEY_PREFIX)) {
      if (!result.startsWith(RESULT_FAILED)) replyIds.add(key.slice(REPLY_KEY_PREFIX.length));
      continue;
    }
    if (!isDone(result)) continue;
    const tasks = cellMultiline(row[idx.tasks]);
    rowIds.add(`${key}\n${tasks}`);
    addItemKeys(doneKeys, readText(row[idx.recipient]), tasks, result);
  }
  return { sheet, index: idx, width: Math.max(header.length, 1), lastRow: values.length, maxRows: sheet.getMaxRows(), doneKeys, replyIds, rowIds, refused, confirmations };
}

/** A log row laid out by header (user columns stay empty); text through the formula guard. */
export function logRow(log: ReminderLog, at: Date, key: string, recipient: string, tasks: string, result: string): unknown[] {
  const row: unknown[] = new Array(log.width).fill('');
  row[log.index.key] = textCell(key);
  row[log.index.at] = at;
  row[log.index.recipient] = textCell(recipient);
  row[log.index.tasks] = textCell(tasks);
  row[log.index.result] = textCell(result);
  if (log.index.content !== undefined) row[log.index.content] = textCell(describeLogRow(key, tasks));
  return row;
}

/**
 * The `key\ntasks` ids of the rows of emails sent or skipped below row `after` (rows other
 * executions appended meanwhile, or a row whose write threw although it landed: a service can
 * fail after the effect), added to `log.rowIds`; `log.lastRow` follows the sheet. One
 * getLastRow, and one getRange + getValues when there are such rows. Only after a failure.
 */
function readLogTail(log: ReminderLog, after: number): Set<string> {
  const ids = new Set<string>();
  const last = log.sheet.getLastRow();
  if (last > after) {
    for (const row of log.sheet.getRange(after + 1, 1, last - after, log.width).getValues()) {
      const key = readText(row[log.index.key]);
      if (!key || !isDone(readText(row[log.index.result]))) continue;
      ids.add(`${key}\n${cellMultiline(row[log.index.tasks])}`);
    }
  }
  for (const id of ids) log.rowIds.add(id);
  log.lastRow = Math.max(log.lastRow, last);
  return ids;
}

/** Rows added at a time when the log sheet is full (rarely: one call per this many emails). */
const GROW_ROWS = 1000;

/** Appends rows after the log's last row in one setValues; advances `log.lastRow`. */
export function appendLogRows(log: ReminderLog, rows: unknown[][]): void {
  if (!rows.length) return;
  if (log.lastRow + rows.length > log.maxRows) {
    const add = Math.max(GROW_ROWS, log.lastRow + rows.length - log.maxRows);
    log.sheet.insertRowsAfter(log.maxRows, add);
    log.maxRows += add;
  }
  log.sheet.getRange(log.lastRow + 1, 1, rows.length, log.width).setValues(rows);
  log.lastRow += rows.length;
}

// ---------------------------------------------------------------------------------------------
// The progress log, as the planner needs it

/** Entries of "Tiến độ" (the planner uses the task code and the date of the work). */
export function readEntries(values: unknown[][]): ProgressEntry[] {
  if (values.length < 2) return [];
  const { index } = findColumns(values[0], PROGRESS_COLUMNS);
  if (index.taskCode === undefined || index.reportDate === undefined) return [];
  const out: ProgressEntry[] = [];
  for (const row of values.slice(1)) {
    const taskCode = readText(row[index.taskCode]).toUpperCase();
    const reportDate = cellDate(row[index.reportDate]);
    if (!taskCode || !reportDate) continue;
    const text = (k: keyof typeof PROGRESS_COLUMNS) => (index[k] === undefined ? '' : readText(row[index[k]!]));
    out.push({
      at: '',
      taskCode,
      reporter: text('reporter'),
      status: 'Đang thực hiện',
      percent: 0,
      channel: text('channel'),
      quantity: 0,
      note: '',
      evidenceUrl: '',
      reportDate,
      source: 'sidebar',
      submissionId: text('submissionId'),
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The run

/**
 * The web form's address the links use: "Địa chỉ web app" of "Cài đặt" (core/webAppAddress.ts),
 * in the bound script only (src/server/target.ts). "" without one: the links then open the
 * answer form (src/server/answerForm.ts).
 */
function webFormUrl(settings: Settings): string {
  return HAS_WEB_APP ? settings.webAppUrl : '';
}

function tasksLine(email: PlannedEmail): string {
  return email.items.map((i) => itemLine(i.taskCode, i.occasion)).join('\n');
}

function message(e: unknown): string {
  return clean(e instanceof Error ? e.message : String(e)).slice(0, 300);
}

function skipReason(email: PlannedEmail, problem: string): string {
  const where = email.kind === 'office' ? `mục "Email Văn phòng" ở trang "${SHEETS.settings}"` : `trang "${SHEETS.people}"`;
  return `${RESULT_SKIPPED}: ${email.to} – ${problem}. Sửa email ở ${where}; nhắc việc sẽ được gửi ở lần chạy sau.`;
}

/**
 * Sent emails whose log row could not be written (the sheet failed right after the send):
 * kept in this spreadsheet's properties (src/server/target.ts), counted as sent by the next
 * run, and written to the log by it. One property per row (`cchc.reminderJournal.<id>`), each
 * under Apps Script's 9 KB a value: a row whose items would not fit is split into rows of
 * fewer items (every item stays: the items are what stops a second send). A run stops sending
 * at its first journal row, so the journal grows by at most one email's rows per run. Writing
 * them to the log is idempotent: a row already in the log (same key and items) is not written
 * again, so a journal whose clearing failed never duplicates a log row.
 */
const JOURNAL_PROPERTY = 'cchc.reminderJournal';
function readJournal(): JournalRow[] {
  const all = spreadsheetProperties().getProperties();
  const rows: JournalRow[] = [];
  for (const name of Object.keys(all).sort()) {
    if (name !== JOURNAL_PROPERTY && !name.startsWith(`${JOURNAL_PROPERTY}.`)) continue;
    try {
      const parsed = JSON.parse(all[name]) as unknown;
      // The single property of earlier versions held an array of rows.
      for (const r of (Array.isArray(parsed) ? parsed : [parsed]) as JournalRow[]) rows.push({ ...r, property: name });
    } catch {
      // An unreadable value: left for the office to see, not a reason to stop the run.
    }
  }
  return rows;
}

/** Keeps a row in the journal (throws if even the properties fail); the rows as stored. */
function journalise(row: JournalRow): JournalRow[] {
  const values = journalValues(row);
  const id = `${JOURNAL_PROPERTY}.${Date.now()}.${Utilities.getUuid().slice(0, 8)}`;
  const props: Record<string, string> = {};
  values.forEach((v, i) => (props[`${id}.${i}`] = v));
  spreadsheetProperties().setProperties(props);
  return values.map((v, i) => ({ ...(JSON.parse(v) as JournalRow), property: `${id}.${i}` }));
}

/**
 * Writes the journal's rows that the log does not hold yet (by key and items), then clears the
 * journal. Under the lock. A failure leaves the journal for the next run.
 */
function flushJournal(log: ReminderLog, journal: JournalRow[]): void {
  if (!journal.length) return;
  // One row per id, also when the journal holds a row twice (its first setProperties stored
  // the row and threw, so it was kept a second time under another name).
  const missing = journal.filter((j, i) => !log.rowIds.has(`${j.key}\n${j.tasks}`) && journal.findIndex((k) => k.key === j.key && k.tasks === j.tasks) === i);
  appendLogRows(
    log,
    missing.map((j) => logRow(log, new Date(j.at), j.key, j.recipient, j.tasks, j.result)),
  );
  for (const j of missing) log.rowIds.add(`${j.key}\n${j.tasks}`);
  const props = spreadsheetProperties();
  for (const name of new Set(journal.map((j) => j.property).filter((n): n is string => !!n))) props.deleteProperty(name);
}

/**
 * Adds the item keys of a logged email ("Nhiệm vụ" lines) to `keys`: for its recipient and,
 * for a row of a version that copied coordinators ("Đã gửi (CC: a, b; …)"), for each of them:
 * they had that reminder, so their own digest does not bring it again.
 */
function addItemKeys(keys: Set<string>, recipient: string, tasks: string, result = ''): void {
  const cc = /\bCC: ([^;)]*)/.exec(result);
  const people = [recipient, ...(cc ? cc[1].split(',') : [])].map((p) => clean(p).toLowerCase()).filter(Boolean);
  for (const line of tasks.split('\n')) {
    const m = /^(.+?): (.+)$/.exec(line.trim());
    if (m) for (const p of people) keys.add(`${m[2]}|${m[1]}|${p}`);
  }
}

/** MailApp refuses bodies over 200 KB; a digest is cut to fit well below that. */
const MAX_BODY_BYTES = 190 * 1024;


/**
 * The email as composed, cut to its first tasks when its body would be too large (hundreds of
 * tasks due at once). Only the items of the tasks it shows are logged: an assignee's other
 * items are planned again by the next run; the office's summary says to open the sheet.
 */
function composeFitting(email: PlannedEmail, ctx: ComposeContext): { email: PlannedEmail; composed: ComposedEmail; shown: number; total: number } {
  const codes = [...new Set(email.items.map((i) => i.taskCode))];
  let composed = composeReminder(email, ctx);
  let size = Math.max(utf8Length(composed.htmlBody), utf8Length(composed.body));
  let fitted = email;
  let keep = codes.length;
  while (size > MAX_BODY_BYTES && keep > 1) {
    keep = Math.max(1, Math.min(keep - 1, Math.floor((keep * MAX_BODY_BYTES * 0.95) / size)));
    const kept = new Set(codes.slice(0, keep));
    fitted = { ...email, items: email.items.filter((i) => kept.has(i.taskCode)) };
    composed = composeReminder(fitted, ctx);
    size = Math.max(utf8Length(composed.htmlBody), utf8Length(composed.body));
  }
  return { email: fitted, composed, shown: keep, total: codes.length };
}

interface RunContext {
  now: Date;
  today: IsoDate;
  settings: Settings;
  tasks: Task[];
}

function sendAll(ctx: RunContext, log: ReminderLog, planned: PlannedEmail[], started: number): ReminderRunResult {
  const result: ReminderRunResult = { sent: 0, deferred: 0, failed: 0, skipped: 0 };
  const { settings, now, today } = ctx;
  // Only the address in "Cài đặt" (see core/webAppAddress.ts): ScriptApp.getService().getUrl()
  // in a trigger gives the /dev address, which assignees cannot open. Without it, the links
  // open the answer form (src/server/answerForm.ts) pre-filled.
  const url = webFormUrl(settings);
  const formLink = url || !planned.length ? null : answerFormLinker(settings);
  const secret = planned.length ? linkSecret(true) : null;
  // Valid to the end of the linkDays-th day after today (Vietnam time), as the form says.
  const exp = Math.floor(vnStartOf(addDays(today, settings.linkDays + 1)) / 1000);
  const tokens = new Map<string, string>();
  const link = (taskCode: string, to: string) => {
    if ((!url && !formLink) || !secret) return '';
    const k = `${taskCode}|${to}`;
    if (!tokens.has(k)) tokens.set(k, makeToken({ email: to, task: taskCode, exp }, signerFor(secret)));
    if (!url) return formLink!(taskCode, tokens.get(k)!);
    return `${url}${url.includes('?') ? '&' : '?'}t=${tokens.get(k)}`;
  };
  const composeCtx: ComposeContext = { settings, tasks: new Map(ctx.tasks.map((t) => [t.code, t])), link, today };
  const sender = officeName(settings);
  const office = clean(settings.officeEmail).toLowerCase();
  const replyTo = !settings.repliesEnabled && office && !emailProblem(office) ? office : '';

  /** Rows of the emails not sent: they cannot cause a duplicate, so they are written at the end. */
  const later: unknown[][] = [];
  /** Rows of sent emails the sheet refused, kept in the journal: tried again at the end. */
  const kept: JournalRow[] = [];
  // The quota is read once and counted down: the run holds the sending lease (see
  // runReminders), so only its own reminders use it meanwhile; MailApp gets one call per email.
  let quota = planned.some((d) => !emailProblem(d.to)) ? MailApp.getRemainingDailyQuota() : 0;
  let logBroken = false;

  try {
    for (const digest of planned) {
      const refusedTo = log.refused.has(digest.to.toLowerCase());
      const problem = emailProblem(digest.to) || (refusedTo ? 'Gmail/MailApp đã từ chối địa chỉ này ở lần gửi trước ("Invalid email"), nên không thử lại cho đến khi email được sửa' : '');
      const row = (email: PlannedEmail, text: string) => logRow(log, now, email.key, email.to, tasksLine(email), text);
      if (problem) {
        result.skipped++;
        later.push(row(digest, skipReason(digest, problem)));
        continue;
      }
      if (logBroken || Date.now() - started > TIME_BUDGET_MS) {
        result.deferred++;
        later.push(row(digest, `${RESULT_DEFERRED}: lần chạy này dừng sớm (${logBroken ? 'không ghi được nhật ký' : 'hết thời gian chạy'}); sẽ gửi ở lần chạy sau.`));
        continue;
      }
      let email = digest; // the digest as sent (cut when too long)
      let resultText: string;
      try {
        const fitted = composeFitting(digest, composeCtx);
        email = fitted.email;
        if (quota < 1) {
          result.deferred++;
          later.push(row(digest, `${RESULT_DEFERRED}: hết hạn mức gửi thư trong ngày (còn ${Math.max(0, quota)}, cần 1); sẽ gửi ở lần chạy sau.`));
          continue;
        }
        const options: GoogleAppsScript.Mail.MailAdvancedParameters = {
          to: email.to,
          subject: fitted.composed.subject,
          body: fitted.composed.body,
          htmlBody: fitted.composed.htmlBody,
          name: sender,
        };
        if (replyTo && replyTo !== email.to) options.replyTo = replyTo;
        MailApp.sendEmail(options);
        quota -= 1;
        result.sent++;
        const notes = [
          fitted.shown < fitted.total
            ? `thư quá dài: có ${fitted.shown}/${fitted.total} nhiệm vụ${email.kind === 'office' ? ', xem đủ trong bảng tính' : ', phần còn lại gửi ở lần sau'}`
            : '',
        ].filter(Boolean);
        resultText = notes.length ? `${RESULT_SENT} (${notes.join('; ')})` : RESULT_SENT;
      } catch (e) {
        result.failed++;
        console.error(`runDailyReminders: sending to ${digest.to} failed: ${message(e)}`);
        later.push(row(digest, `${RESULT_FAILED}: ${message(e)}. Sẽ thử lại ở lần chạy sau.`));
        continue;
      }
      // Logged at once (under the lock, appended where the log ends now: other executions
      // write it too), so that a run that dies after this point has recorded this email.
      // The sheet and the properties fail now and then for a moment: each is tried twice, so
      // that an email sent is almost never left unlogged (it would be sent again).
      // An appendRow that threw may have written the row all the same (the service failed
      // after the effect): the rows below where the log ended are read back before it is
      // appended again or kept in the journal.
      let appended = false;
      const logged = row(email, resultText);
      const id = `${email.key}\n${tasksLine(email)}`;
      const before = log.lastRow;
      let failure: unknown = null;
      for (let attempt = 0; attempt < 2 && !appended; attempt++) {
        try {
          withScriptLock(() => {
            if (attempt > 0 && readLogTail(log, before).has(id)) {
              appended = true;
              return;
            }
            log.sheet.appendRow(logged);
            appended = true;
            log.lastRow++;
            log.rowIds.add(`${email.key}\n${tasksLine(email)}`);
          }, LOCK_WAIT_MS);
        } catch (e) {
          // The row is in the log when only releasing the lock failed: nothing to keep.
          failure = e;
        }
      }
      if (!appended) {
        try {
          appended = readLogTail(log, before).has(id);
        } catch {
          // Unknown: the journal below keeps the row; writing it later skips it if it landed.
        }
      }
      if (!appended) {
        console.error(`runDailyReminders: logging the email to ${email.to} failed: ${message(failure)}`);
        logBroken = true;
        // The sheet failed: keep the row where the next run finds it (throws if even that fails twice).
        const entry = { key: email.key, at: now.toISOString(), recipient: email.to, tasks: tasksLine(email), result: resultText };
        try {
          kept.push(...journalise(entry));
        } catch {
          kept.push(...journalise(entry));
        }
      }
    }
  } finally {
    // Also when something above threw: the rows of the emails not sent, in one block (and the
    // journal's, if the sheet works again; otherwise the next run writes them).
    if (later.length || kept.length) {
      withScriptLock(() => {
        const from = log.lastRow;
        log.lastRow = log.sheet.getLastRow();
        log.maxRows = log.sheet.getMaxRows();
        try {
          // A row kept in the journal may have landed all the same (its appendRow threw after
          // the effect, and reading it back failed too): read the rows added since.
          if (kept.length) readLogTail(log, from);
          flushJournal(log, kept);
        } catch (e) {
          console.error(`runDailyReminders: the journal stays for the next run: ${message(e)}`);
        }
        appendLogRows(log, later);
      }, LOCK_WAIT_MS);
    }
  }
  return result;
}

/** What a run sends, read and planned under the lock (with the journal flushed to the log). */
function prepare(ss: Spreadsheet): { ctx: RunContext; log: ReminderLog; planned: PlannedEmail[] } {
  const now = new Date();
  const today = vnDateOf(now.getTime());
  const plan = loadPlan(ss);
  // The add-on has no email replies: its reminders never ask for one.
  if (!HAS_EMAIL_REPLIES) plan.settings.repliesEnabled = false;
  const entries = readEntries(readSheet(ss.getSheetByName(SHEETS.progress)));
  const log = readReminderLog(ss);
  const journal = readJournal();
  for (const j of journal) if (isDone(j.result)) addItemKeys(log.doneKeys, j.recipient, j.tasks, j.result);
  try {
    flushJournal(log, journal);
  } catch (e) {
    console.error(`runDailyReminders: the journal could not be written to the log: ${message(e)}`);
  }
  const tasks = plan.tasks.filter((t) => t.code);
  const planned = planReminders({ tasks, entries, settings: plan.settings, sentKeys: log.doneKeys, today });
  return { ctx: { now, today, settings: plan.settings, tasks }, log, planned };
}

function quietly(what: string, fn: () => void): void {
  try {
    fn();
  } catch (e) {
    console.error(`runDailyReminders: ${what}: ${message(e)}`);
  }
}

/** The day (Vietnam) whose run completed, in this spreadsheet's properties (runHourly). */
const LAST_DAILY_PROPERTY = 'cchc.lastDailyRun';

/** A time-driven run's outcome; `waiting` says why it did not try today's reminders. */
export interface DayRunResult extends ReminderRunResult {
  /**
   * 'done': today's run completed earlier; 'early': before "Giờ gửi nhắc việc"; 'no-plan': the
   * workbook has no plan yet; 'no-spreadsheet': the add-on's run could not open its spreadsheet.
   */
  waiting?: 'done' | 'early' | 'no-plan' | 'no-spreadsheet';
}

/**
 * Set when the last runReminders did not try the day: another execution was sending, or the
 * trigger's owner had not granted sending mail (once granted, the next hour sends the day).
 */
let lastRunIncomplete = false;

/**
 * Today's run. It completed when nothing was deferred or failed, no other execution was
 * sending and sending mail was allowed: the day is then marked done. Otherwise the next hourly run tries again (it sends
 * only what this one did not: the keys in the log).
 */
function runDay(today: IsoDate): ReminderRunResult {
  const result = runReminders(false);
  if (!lastRunIncomplete && !result.deferred && !result.failed) spreadsheetProperties().setProperty(LAST_DAILY_PROPERTY, today);
  return result;
}

/**
 * The reminders' one time-driven trigger, every hour, in both targets (src/server/target.ts):
 * from the configured hour on, runs the day's reminders, and again each hour until that day's
 * run completes (a run that failed, deferred or failed emails, or found another execution
 * sending). The day's run never sends twice what it sent, so a retry sends only the rest; and
 * a run that fails does not leave the day's reminders to the next morning, as the bound
 * script's daily trigger with one-off retries could (docs/faults.md).
 */
export function runHourly(e?: unknown): DayRunResult {
  requireTriggerOrUser(e);
  const none: ReminderRunResult = { sent: 0, deferred: 0, failed: 0, skipped: 0 };
  let ss: Spreadsheet;
  try {
    ss = activeSpreadsheet();
  } catch (e) {
    // No spreadsheet this hour (src/server/target.ts says why, in Vietnamese): logged; the next
    // hour tries again (the day's run is not marked done).
    console.error(`runHourly: ${message(e)}`);
    return { ...none, waiting: 'no-spreadsheet' };
  }
  if (!ss.getSheetByName(SHEETS.plan)) return { ...none, waiting: 'no-plan' };
  quietly('recording the answers left pending', () => retryPendingAnswers(ss));
  const now = Date.now();
  const today = vnDateOf(now);
  if (spreadsheetProperties().getProperty(LAST_DAILY_PROPERTY) === today) return { ...none, waiting: 'done' };
  const hour = new Date(now + 7 * 3600000).getUTCHours();
  if (hour < readSettings(ss).settings.reminderHour) return { ...none, waiting: 'early' };
  return runDay(today);
}

/** Properties of the daily trigger and one-off retries of versions before the hourly trigger. */
const LEGACY_PROPERTIES = ['cchc.reminderRetry', 'cchc.dailyTrigger'];

/**
 * Today's reminders now, whatever the hour (`npm run local`, and the handler of the daily
 * trigger and one-off retries that versions before the hourly trigger installed). A run started
 * by such a trigger first moves this spreadsheet to the hourly trigger: it creates it (unless
 * there is one) and then removes every trigger of this handler, so from then on a failed day is
 * retried each hour. A failure there is logged and leaves the old trigger to try again tomorrow.
 */
export function runDailyReminders(e?: unknown): ReminderRunResult {
  requireTriggerOrUser(e);
  quietly('moving to the hourly trigger', () => replaceDailyTrigger(e));
  quietly('recording the answers left pending', () => retryPendingAnswers(activeSpreadsheet()));
  return runDay(vnDateOf(Date.now()));
}

function replaceDailyTrigger(e: unknown): void {
  const uid = e && typeof e === 'object' ? String((e as { triggerUid?: unknown }).triggerUid ?? '') : '';
  if (!uid) return;
  const ss = activeSpreadsheet();
  withScriptLock(() => {
    const mine = triggersHere(ss);
    if (!mine.some((t) => t.getUniqueId() === uid && t.getHandlerFunction() === DAILY_HANDLER)) return;
    if (!mine.some((t) => t.getHandlerFunction() === HOURLY_HANDLER)) ScriptApp.newTrigger(HOURLY_HANDLER).timeBased().everyHours(1).create();
    for (const t of mine) if (t.getHandlerFunction() === DAILY_HANDLER) ScriptApp.deleteTrigger(t);
    const props = spreadsheetProperties();
    for (const key of LEGACY_PROPERTIES) if (props.getProperty(key) !== null) props.deleteProperty(key);
    console.log('runDailyReminders: the daily trigger was replaced by the hourly one (runHourly).');
  }, LOCK_WAIT_MS);
}

/** Thrown to the menu when another execution is sending: "nothing to send" would be untrue. */
const BUSY_MESSAGE = 'Một lần gửi nhắc việc khác (tự động hoặc của người khác) đang chạy. Vui lòng đợi vài phút rồi xem trang "Nhật ký nhắc việc" hoặc chọn lại "Gửi nhắc việc hôm nay".';

/**
 * The sending lease: the time (ms) until which one run may send. Taken and given back under the
 * lock; the lock itself is held only while reading and writing the sheets, not for the minutes
 * of sending, so the sidebar, onEdit and the answer form are not refused meanwhile, and a
 * second run started meanwhile finds the lease and sends nothing (the keys in the log stop a
 * later run from sending again). A run killed before giving it back leaves a lease that ends
 * with the execution time limit.
 */
const LEASE_PROPERTY = 'cchc.reminderRun';
const LEASE_MS = 6.5 * 60 * 1000;

/** What the office is told when the plan cannot be read (once a day), in this property. */
const PROBLEM_PROPERTY = 'cchc.reminderProblem';


/**
 * The plan (or a sheet the run needs) cannot be read: nothing can be sent. Said once a day in
 * "Nhật ký nhắc việc" and by email to the office (when its address is usable), and thrown.
 */
function reportProblem(ss: Spreadsheet, problem: string, today: IsoDate): void {
  const props = spreadsheetProperties();
  const said = `${today}|${problem}`;
  if (props.getProperty(PROBLEM_PROPERTY) === said) return;
  const text = `${RESULT_FAILED}: chưa gửi được nhắc việc hôm nay. ${problem}`;
  try {
    const log = readReminderLog(ss);
    withScriptLock(() => {
      log.sheet.appendRow(logRow(log, new Date(), `problem|${today}`, '', '', text));
    }, LOCK_WAIT_MS);
  } catch (e) {
    console.error(`runDailyReminders: could not log the problem: ${message(e)}`);
  }
  try {
    const { settings } = readSettings(ss);
    const office = clean(settings.officeEmail).toLowerCase();
    if (office && !emailProblem(office) && MailApp.getRemainingDailyQuota() > 0) {
      MailApp.sendEmail(office, `[${officeName(settings)}] Nhắc việc hôm nay chưa gửi được`, `${text}\n\nSau khi sửa, chọn "Gửi nhắc việc hôm nay" trong menu Theo dõi CCHC (hoặc chờ lần chạy tự động sau).`, { name: officeName(settings) });
    }
  } catch (e) {
    console.error(`runDailyReminders: could not tell the office: ${message(e)}`);
  }
  props.setProperty(PROBLEM_PROPERTY, said);
}

/** The run; `fromMenu`: another run sending is an error to show, not a silent "nothing sent". */
function runReminders(fromMenu: boolean): ReminderRunResult {
  const started = Date.now();
  const none: ReminderRunResult = { sent: 0, deferred: 0, failed: 0, skipped: 0 };
  lastRunIncomplete = false;
  const ss = activeSpreadsheet();
  if (!ss.getSheetByName(SHEETS.plan) && !ss.getSheetByName(SHEETS.progress)) {
    console.warn('runDailyReminders: the workbook has no plan yet ("Thiết lập bảng theo dõi" was not run); nothing to do.');
    return none;
  }
  if (!ss.getSheetByName(SHEETS.reminders)) setupWorkbookCore();
  if (stopForConsent(ss, DAILY_HANDLER, [SCOPES.sendMail], fromMenu, 'gửi thư nhắc việc')) {
    lastRunIncomplete = true;
    return none;
  }
  const props = spreadsheetProperties();
  let prepared: ReturnType<typeof prepare>;
  try {
    prepared = withScriptLock(() => {
      if (Number(props.getProperty(LEASE_PROPERTY)) > Date.now()) throw new UserError(BUSY_MESSAGE);
      props.setProperty(LEASE_PROPERTY, String(started + LEASE_MS));
      try {
        return prepare(ss);
      } catch (e) {
        props.deleteProperty(LEASE_PROPERTY);
        throw e;
      }
    }, LOCK_WAIT_MS);
  } catch (e) {
    const busy = e instanceof UserError && (e.message === BUSY_MESSAGE || e.message.startsWith('Bảng tính đang bận'));
    if (busy) {
      lastRunIncomplete = true;
      console.warn('runDailyReminders: another run is sending (or holds the lock); nothing sent by this one.');
      if (fromMenu) throw new UserError(BUSY_MESSAGE);
      return none;
    }
    if (e instanceof UserError) reportProblem(ss, e.message, vnDateOf(started));
    throw e;
  }
  let result = none;
  try {
    if (prepared.planned.length) result = sendAll(prepared.ctx, prepared.log, prepared.planned, started);
  } finally {
    try {
      props.deleteProperty(LEASE_PROPERTY);
    } catch (e) {
      console.error(`runDailyReminders: the sending lease could not be given back (it ends by itself): ${message(e)}`);
    }
  }
  console.log(`runDailyReminders ${vnDateOf(Date.now())}: ${JSON.stringify(result)}`);
  return result;
}

/** Key prefix of the log row a time-driven run writes when a permission is missing. */
export const CONSENT_KEY_PREFIX = 'consent|';

/**
 * Before a run that needs `scopes`: from the menu, a missing permission is a UserError saying
 * which quyền to grant; from a trigger, the run stops at once with ONE row in the reminder log
 * (once a day per handler) and a notice for the office's next opening of the sheet. Returns true
 * when the run must stop.
 */
export function stopForConsent(ss: Spreadsheet, handler: string, scopes: string[], fromMenu: boolean, what: string): boolean {
  if (fromMenu) {
    requireConsent(what, scopes);
    return false;
  }
  const { notice, alreadyLogged } = checkTriggerConsent(handler, scopes);
  if (!notice) return false;
  if (!alreadyLogged && ss.getSheetByName(SHEETS.reminders)) {
    const lock = spreadsheetLock();
    if (lock.tryLock(LOCK_WAIT_MS)) {
      try {
        const log = readReminderLog(ss);
        appendLogRows(log, [logRow(log, new Date(), `${CONSENT_KEY_PREFIX}${notice.day}|${handler}`, notice.account, '', `${RESULT_FAILED}: ${noticeText(notice, `${what} được`)}`)]);
      } finally {
        lock.releaseLock();
      }
    }
  }
  return true;
}

/** The run's outcome in Vietnamese. */
export function describeRun(r: ReminderRunResult): string {
  const lines: string[] = [];
  if (!r.sent && !r.deferred && !r.failed && !r.skipped) return 'Hôm nay không có nhắc việc nào cần gửi (hoặc đã gửi hết ở lần chạy trước).';
  lines.push(`Đã gửi ${r.sent} thư nhắc việc.`);
  if (r.skipped) lines.push(`${r.skipped} thư không gửi vì email là email mẫu hoặc không hợp lệ: sửa ở trang "${SHEETS.people}" (hoặc "Email Văn phòng" ở trang "${SHEETS.settings}").`);
  if (r.deferred) lines.push(`${r.deferred} thư chưa gửi (hết hạn mức gửi thư trong ngày hoặc hết thời gian chạy): sẽ gửi ở lần chạy sau.`);
  if (r.failed) lines.push(`${r.failed} thư gửi không được: sẽ thử lại ở lần chạy sau.`);
  lines.push(`Chi tiết từng thư ở trang "${SHEETS.reminders}".`);
  return lines.join('\n');
}

/** Menu "Gửi nhắc việc hôm nay": the daily run, now, with its outcome shown. */
export function sendRemindersNow(): ReminderRunResult | null {
  return menuAction('sendRemindersNow', () => {
    requireSignedIn();
    const result = runReminders(true);
    const ui = SpreadsheetApp.getUi();
    ui.alert('Gửi nhắc việc', describeRun(result), ui.ButtonSet.OK);
    return result;
  });
}

// ---------------------------------------------------------------------------------------------
// Triggers

export interface TriggerState {
  daily: boolean;
  replies: boolean;
  hour: number;
  /** The answer form's address when the reminders link to it (no web app). */
  answerForm?: string;
}

/** This user's reminder triggers in this spreadsheet (never another spreadsheet's: src/server/target.ts). */
function ourTriggers(): GoogleAppsScript.Script.Trigger[] {
  return triggersHere(activeSpreadsheet()).filter((t) => [DAILY_HANDLER, REPLIES_HANDLER, HOURLY_HANDLER].includes(t.getHandlerFunction()));
}

/**
 * Installs the hourly reminder trigger (it sends the day's reminders from the settings' hour,
 * Asia/Ho_Chi_Minh, read on every run) and, in the bound script, the hourly reply reader. Replaces the current user's own triggers
 * for these handlers, so installing twice leaves one of each.
 */
export function installTriggers(): TriggerState {
  requireSignedIn();
  const ss = activeSpreadsheet();
  const { settings } = readSettings(ss);
  // The hourly reply reader is installed whatever "Nhận trả lời qua email" says and reads the
  // setting on every run: switching it to "Có" or "Không" takes effect within the hour, without
  // turning the reminders off and on (a run with it off reads one sheet and stops).
  const replies = HAS_EMAIL_REPLIES && settings.repliesEnabled;
  requireConsent('bật nhắc việc tự động', replies ? [SCOPES.triggers, SCOPES.sendMail, SCOPES.gmail] : [SCOPES.triggers, SCOPES.sendMail]);
  // Without a web app the reminders link to the answer form: make it (and its trigger) first.
  const answerForm = webFormUrl(settings) ? '' : ensureAnswerForm(ss, settings);
  return withScriptLock(() => {
    rememberSpreadsheet(ss);
    for (const t of ourTriggers()) ScriptApp.deleteTrigger(t);
    scheduleTriggers(REPLIES_HANDLER, HAS_EMAIL_REPLIES);
    return { daily: true, replies, hour: settings.reminderHour, answerForm };
  });
}

/**
 * Removes the current user's reminder and reply triggers in this spreadsheet; returns how many.
 * The answer form's submit trigger stays: answers to reminders already sent are still recorded.
 */
export function removeTriggers(): number {
  requireSignedIn();
  return withScriptLock(() => {
    const ours = ourTriggers();
    for (const t of ours) ScriptApp.deleteTrigger(t);
    return ours.length;
  });
}

/** Menu "Bật/tắt nhắc việc tự động". */
export function toggleReminders(): TriggerState | null {
  return menuAction('toggleReminders', () => {
    requireSignedIn();
    requireConsent('bật/tắt nhắc việc tự động', [SCOPES.triggers]);
    const ui = SpreadsheetApp.getUi();
    const on = ourTriggers().some((t) => [DAILY_HANDLER, HOURLY_HANDLER].includes(t.getHandlerFunction()));
    if (on) {
      removeTriggers();
      ui.alert(
        'Đã tắt nhắc việc tự động',
        'Hệ thống không còn tự gửi thư nhắc việc và không còn tự đọc thư trả lời.\nChọn lại mục "Bật/tắt nhắc việc tự động" để bật.',
        ui.ButtonSet.OK,
      );
      return { daily: false, replies: false, hour: -1 };
    }
    const state = installTriggers();
    const ss = activeSpreadsheet();
    const people = readPeople(readSheet(ss.getSheetByName(SHEETS.people))).people;
    const unusable = people.filter((p) => emailProblem(p.email)).length;
    const me = Session.getEffectiveUser().getEmail();
    const lines = [
      `Hệ thống sẽ gửi thư nhắc việc mỗi ngày trong khoảng ${state.hour} giờ đến ${state.hour + 1} giờ (giờ Việt Nam)${me ? `, từ tài khoản ${me}` : ''}.`,
    ];
    if (state.answerForm) {
      lines.push(`Cán bộ cập nhật tiến độ qua biểu mẫu Google (đường dẫn trong thư nhắc việc, không cần tài khoản Google); câu trả lời được ghi vào trang "Tiến độ", kết quả ghi ở cột "Kết quả xử lý" của trang câu trả lời biểu mẫu.`);
    }
    if (HAS_EMAIL_REPLIES) {
      lines.push(
        state.replies
          ? 'Thư trả lời nhắc việc được đọc mỗi giờ và ghi vào trang "Tiến độ".'
          : 'Chưa đọc thư trả lời: mục "Nhận trả lời qua email" ở trang "Cài đặt" đang là "Không". Chọn "Có" ở đó là có hiệu lực trong vòng một giờ, không cần tắt rồi bật lại.',
      );
    }
    if (unusable) lines.push(`Lưu ý: ${unusable} cán bộ ở trang "${SHEETS.people}" chưa có email thật (email mẫu hoặc không hợp lệ) nên sẽ không nhận được nhắc việc.`);
    lines.push('Muốn đổi giờ gửi, sửa "Giờ gửi nhắc việc" ở trang "Cài đặt": có hiệu lực từ lần gửi tiếp theo, không cần tắt rồi bật lại. Nếu một lần gửi bị lỗi, hệ thống tự thử lại sau mỗi giờ trong ngày, không gửi trùng thư đã gửi.');
    ui.alert('Đã bật nhắc việc tự động', lines.join('\n'), ui.ButtonSet.OK);
    return state;
  });
}
