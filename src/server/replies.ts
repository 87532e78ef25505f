/**
 * Progress sent by replying to a reminder: `processReplies()` (an hourly trigger, on only
 * when "Nhận trả lời qua email" is "Có", because it needs the Gmail scope) reads the replies,
 * keeps the text above the quoted reminder, and records lines like
 * "NV03: Hoàn thành 100%, 4 tin bài trên trang TTĐT" through recordProgress's path (source
 * "email"): recordProgressMany, once per run, so that the sheets are read once however many
 * replies came in. The threads' messages come in one GmailApp call and the processed label
 * goes on in one call; each message's log row is written, all in one block, before any answer
 * is sent.
 *
 * - A message is read only when it answers a reminder this script sent, from that reminder's
 *   recipient: its In-Reply-To/References name the Message-ID of a message of this account, in
 *   the same Gmail thread, whose To or Cc holds the reply's From. A From header alone proves
 *   nothing (anyone can write one); the Message-ID of a reminder is known only to the mailboxes
 *   it went to, and each person gets a reminder of their own (src/server/reminders.ts). Any other
 *   message is logged as refused, recorded nowhere and never answered.
 * - Only a line from the address the directory gives that task's lead or coordinator is
 *   applied; any other is logged for the office in "Nhật ký nhắc việc" and not applied.
 * - Each handled message is logged there under `reply|<Gmail message id>`; that log, not the
 *   label, is what says a message was handled. Gmail labels belong to messages: labelling a
 *   thread marks the messages it has now, so a later reply in the same thread arrives
 *   unlabelled and the thread is found again; its older messages are then skipped by id.
 * - A submissionId derived from the message id and the line (`mail-<id>-<n>`) makes
 *   re-processing idempotent even if a run dies between recording and logging.
 * - The sender gets a short answer saying what was recorded and what was not, when the
 *   sender is in the directory and the message named a task (never to automatic replies, so
 *   two robots cannot answer each other forever).
 */
import { requireTriggerOrUser } from './access';
import { SHEETS } from '../core/schema';
import type { ProgressInput, Task } from '../core/types';
import { addressesIn, extractReplyText, parseReply, referencedIds, replyOrigin } from '../core/replies';
import { officeName, usableEmail } from '../core/reminders';
import { emailProblem } from '../core/people';
import { vnDateOf } from '../core/dates';
import { clean, escapeHtml, stripDiacritics } from '../core/text';
import { activeSpreadsheet, UserError, withScriptLock } from './sheets';
import { loadPlan } from './plan';
import { recordProgressLocked } from './progress';
import type { SubmitResult } from '../shared/rpc';
import { setupWorkbookCore } from './setup';
import { readSettings } from './settings';
import { appendLogRows, logRow, readReminderLog, REPLY_KEY_PREFIX, RESULT_FAILED, stopForConsent, type ReminderLog } from './reminders';
import { SCOPES } from './consent';
import {
  confirmAction,
  confirmationBodies,
  confirmationText,
  CONFIRM_CLAIMED,
  CONFIRM_GIVEN_UP,
  CONFIRM_LOG_PREFIX,
  CONFIRM_OWED,
  CONFIRM_RELEASED,
  CONFIRM_SENT,
  failedRelease,
  MAX_SEND_FAILURES,
  foldConfirmRow,
  type Confirmation,
  type ConfirmState,
} from '../core/confirmations';
import { spreadsheetProperties } from './target';

/**
 * The Gmail label put on handled threads. ASCII on purpose: Gmail's label: search with
 * Vietnamese letters ("Đã xử lý") is not reliable, and a label the search misses would make
 * every run read every reply again.
 */
export const PROCESSED_LABEL = 'CCHC/Da xu ly';
/** The same label as Gmail search spells it ("/" and spaces become "-"). */
const PROCESSED_SEARCH = 'cchc-da-xu-ly';
/** Threads asked for per GmailApp.search call; the run pages through all of them. */
const PAGE_THREADS = 100;
/** Replies older than this are not looked at (their links and periods are over anyway). */
const SEARCH_DAYS = 30;

export interface ReplyRunResult {
  enabled: boolean;
  /** Messages handled this run. */
  messages: number;
  /** Entries recorded (or found already recorded). */
  applied: number;
  /** Lines not applied: the sender is not the task's lead or coordinator. */
  notApplied: number;
  /** Lines that could not be read or were refused by validation. */
  problems: number;
  /** Messages that failed and will be retried. */
  failed: number;
  /** Messages refused: they answer no reminder this script sent to their sender. */
  refused: number;
  /**
   * Threads left for the next run (the run stops reading before Apps Script's 6-minute limit);
   * absent when none.
   */
  postponed?: number;
  /**
   * Confirmations left for a later run (no time or quota left, or the send failed; what the
   * senders sent is recorded); absent when none.
   */
  unanswered?: number;
  /** Confirmations sent this run (to this run's senders and to earlier runs' left over); absent when none. */
  confirmed?: number;
}

/**
 * An execution is ended at 6 minutes ("Exceeded maximum execution time"): the run reads new
 * messages for at most READ_BUDGET_MS from its start (the threads not read stay unlabelled for
 * the next hourly run) and answers senders until ANSWER_BUDGET_MS, leaving time to label.
 */
const READ_BUDGET_MS = 3 * 60 * 1000;
const ANSWER_BUDGET_MS = 4.5 * 60 * 1000;

/** "Tên <a@b.vn>" → "a@b.vn", lower case. */
export function senderAddress(from: string): string {
  const m = /<([^<>]*)>\s*$/.exec(from);
  return clean(m ? m[1] : from).toLowerCase();
}

function isAutomatic(message: GoogleAppsScript.Gmail.GmailMessage, from: string): boolean {
  const auto = clean(message.getHeader('Auto-Submitted')).toLowerCase();
  if (auto && auto !== 'no') return true;
  return /^(mailer-daemon|postmaster|no-?reply|do-?not-?reply)@/i.test(from);
}

function allowedFor(task: Task): Set<string> {
  const out = new Set<string>();
  for (const p of [...task.leads, ...task.coordinators]) {
    const e = usableEmail(p.email);
    if (e) out.add(e);
  }
  return out;
}

interface Handled {
  /** Why the message is not read at all (it answers no reminder sent to its sender), or null. */
  refused?: string;
  applied: string[];
  notApplied: string[];
  problems: string[];
  codes: string[];
  error: string | null;
}

/** A message read: what it asks to record (applied in one batch for the whole run). */
interface Read {
  handled: Handled;
  entries: ProgressInput[];
}

function readMessage(
  message: GoogleAppsScript.Gmail.GmailMessage,
  from: string,
  text: string,
  ctx: { tasks: Map<string, Task>; channels: string[]; attendance: string[]; codes: string[]; currentPercent: Record<string, number>; today: string },
): Read {
  const out: Handled = { applied: [], notApplied: [], problems: [], codes: [], error: null };
  const entries: ProgressInput[] = [];
  const day = vnDateOf(message.getDate().getTime());
  const parsed = parseReply(text, {
    taskCodes: ctx.codes,
    channels: ctx.channels,
    // The date of the work is the day the reply was written (never after today).
    today: day < ctx.today ? day : ctx.today,
    currentPercent: ctx.currentPercent,
    attendance: ctx.attendance,
  });
  out.problems.push(...parsed.problems);
  const id = message.getId();
  parsed.inputs.forEach((input, i) => {
    out.codes.push(input.taskId);
    const task = ctx.tasks.get(input.taskId.toUpperCase());
    if (!task || !allowedFor(task).has(from)) {
      out.notApplied.push(`${input.taskId}: ${from} không phải email của cán bộ chủ trì hoặc phối hợp nhiệm vụ này trong trang "${SHEETS.people}" ("${clean(input.note)}")`);
      return;
    }
    entries.push({ ...input, submissionId: `mail-${id}-${i + 1}` });
  });
  return { handled: out, entries };
}

/** Records the entries of every message in one batch (one read of each sheet), the lock held. */
function recordAll(ss: GoogleAppsScript.Spreadsheet.Spreadsheet, reads: { read: Read; from: string }[]): void {
  const batch = reads.flatMap(({ read, from }) => read.entries.map((raw) => ({ raw, source: 'email' as const, reporter: from })));
  if (!batch.length) return;
  let results: SubmitResult[];
  try {
    results = recordProgressLocked(ss, batch);
  } catch (e) {
    const error = clean(e instanceof Error ? e.message : String(e)).slice(0, 300);
    for (const { read } of reads) if (read.entries.length) read.handled.error = error;
    return;
  }
  let k = 0;
  for (const { read } of reads) {
    for (const input of read.entries) {
      const res = results[k++];
      if (res.ok) read.handled.applied.push(`${input.taskId}: ${input.status}, ${input.percent}%${res.duplicate ? ' (đã ghi trước đó)' : ''}`);
      else read.handled.problems.push(`${input.taskId}: ${res.message} ${Object.values(res.errors).filter(Boolean).join(' ')}`.trim());
    }
  }
}

function resultText(h: Handled): string {
  if (h.refused) return `${REFUSED_PREFIX}: ${h.refused}`;
  if (h.error) return `${RESULT_FAILED}: ${h.error}. Sẽ đọc lại thư này ở lần chạy sau.`;
  const parts: string[] = [];
  if (h.applied.length) parts.push(`Đã ghi: ${h.applied.join('; ')}.`);
  if (h.notApplied.length) parts.push(`Không áp dụng: ${h.notApplied.join('; ')}.`);
  if (h.problems.length) parts.push(`Chưa đọc được: ${h.problems.join(' ')}`);
  return `Thư trả lời. ${parts.join(' ') || 'Không có nội dung cần ghi.'}`;
}

/** The short answer to a sender, as kept in the log until it is sent (src/core/confirmations.ts). */
function confirmationOf(subject: string, h: Handled): Confirmation {
  return {
    subject: clean(`Re: ${clean(subject).replace(/^((re|tl|trả lời|fwd?)\s*:\s*)+/i, '')}`).slice(0, 240),
    sections: [
      ['Đã ghi vào bảng theo dõi', h.applied],
      ['Không áp dụng', h.notApplied],
      ['Chưa đọc được', h.problems],
    ],
  };
}

/**
 * How long a confirmation claimed by a run ("Đang gửi thư xác nhận") is that run's: longer than
 * an execution can last (6 minutes). A claim older than this with no outcome belongs to a run
 * that was killed while sending: whether its email went is unknown, so it is given up.
 */
const CLAIM_LEASE_MS = 15 * 60 * 1000;
/** Properties holding the ids a run sent when it could not log them (see sendConfirmations). */
const CONFIRM_JOURNAL = 'cchc.replyConfirmJournal';

const BUSY = 'bảng tính đang bận (một lần ghi khác đang chạy)';

/**
 * Runs `fn` under the lock; null when the lock could not be had (nothing was done). When only
 * releasing the lock fails, `fn`'s work is done and its result stands (the lock ends with the
 * execution): the confirmations it claimed are still sent.
 */
function withLockOrNull<T>(fn: () => T): T | null {
  let out: { value: T } | null = null;
  try {
    return withScriptLock(() => (out = { value: fn() }).value);
  } catch (e) {
    if (out) return (out as { value: T }).value;
    if (e instanceof UserError && e.message.startsWith('Bảng tính đang bận')) return null;
    throw e;
  }
}

function emptyResult(enabled: boolean): ReplyRunResult {
  return { enabled, messages: 0, applied: 0, notApplied: 0, problems: 0, failed: 0, refused: 0 };
}

/** "Kết quả" of a refused message (final: never read again, unlike "Lỗi"). */
export const REFUSED_PREFIX = 'Thư trả lời bị từ chối';

/** Subject tag of every email this script sends about the plan ("[CCHC xã Tân Việt] …"). */
const OUR_SUBJECT = /\[cchc xa /i;

function refusal(origin: 'unknown' | 'other-recipient', from: string): string {
  const how = 'Cán bộ hãy bấm "Trả lời" ngay trên thư nhắc việc mình nhận được (không gửi thư mới, không trả lời thư của người khác), hoặc dùng đường dẫn "Cập nhật tiến độ" trong thư.';
  return origin === 'other-recipient'
    ? `thư trả lời một thư nhắc việc gửi cho người khác, không phải cho ${from}; không ghi gì. ${how}`
    : `thư không trả lời thư nhắc việc nào hệ thống đã gửi cho ${from} (có thể là thư giả mạo địa chỉ người gửi); không ghi gì. ${how}`;
}

/**
 * 4. Sends the confirmations claimed under the lock, while time and quota last, then records in
 * one write (under the lock) which were sent ("Đã gửi thư xác nhận") and which are left for a
 * later run ("Chưa gửi thư xác nhận": no time left, or the send failed; given up after
 * MAX_SEND_FAILURES failures).
 *
 * What this guarantees: a confirmation is sent at most once. It is claimed in the log before it
 * is sent, and a claim with no outcome is never sent again (after CLAIM_LEASE_MS a later run
 * marks it "Không gửi thư xác nhận", for the office to see). When the log cannot be written twice
 * in a row after the sends, the ids sent go to this spreadsheet's properties (CONFIRM_JOURNAL,
 * chunks under the 9 KB a value), and the next run reads them back: the claim is then resolved,
 * the sent ones "Đã gửi", the others sent again. So every confirmation is sent exactly once unless
 * a run is killed while it sends (Apps Script ends executions at 6 minutes; the run stops sending
 * at ANSWER_BUDGET_MS to stay well inside) or both the log and the properties fail after the
 * sends: the confirmations that run claimed are then given up, never sent twice. The log takes the
 * same number of sheet calls however many confirmations a run sends.
 */
function sendConfirmations(
  toSend: { id: string; to: string; codes: string; confirmation: Confirmation }[],
  log: ReminderLog,
  started: number,
  quota: number,
  sender: string,
  result: ReplyRunResult,
  claimAt: number,
): void {
  if (!toSend.length) return;
  const rows: unknown[][] = [];
  const sentIds: string[] = [];
  const row = (c: (typeof toSend)[number], text: string) => rows.push(logRow(log, new Date(), `${CONFIRM_LOG_PREFIX}${c.id}`, c.to, c.codes, text));
  let sent = 0;
  try {
    for (const c of toSend) {
      if (Date.now() - started > ANSWER_BUDGET_MS || sent >= quota) {
        row(c, `${CONFIRM_RELEASED}: hết ${sent >= quota ? 'hạn mức gửi thư' : 'thời gian chạy'}; lần chạy sau sẽ gửi.`);
        continue;
      }
      try {
        const { body, html } = confirmationBodies(c.confirmation, escapeHtml);
        MailApp.sendEmail(c.to, c.confirmation.subject, body, { htmlBody: html, name: sender });
        sent++;
        sentIds.push(c.id);
        row(c, CONFIRM_SENT);
      } catch (e) {
        const error = e instanceof Error ? e.message : String(e);
        console.warn(`processReplies: could not answer ${c.to}: ${error}`);
        row(c, failedRelease(error));
      }
    }
  } finally {
    if (sent) result.confirmed = sent;
    if (rows.length > sent) result.unanswered = rows.length - sent;
    // Also when something above threw: what was sent is recorded (tried twice; the sheet fails
    // now and then for a moment).
    let appended = false;
    for (let attempt = 0; attempt < 2 && !appended; attempt++) {
      try {
        withScriptLock(() => {
          log.lastRow = log.sheet.getLastRow();
          log.maxRows = log.sheet.getMaxRows();
          appendLogRows(log, rows);
          appended = true;
        });
      } catch (e) {
        // Written when only releasing the lock failed: not written again.
        if (!appended) console.error(`processReplies: could not log ${rows.length} confirmation(s): ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    if (!appended) {
      const chunks: Record<string, string> = {};
      for (let i = 0; i === 0 || i < sentIds.length; i += 300) chunks[`${CONFIRM_JOURNAL}.${claimAt}.${i}`] = JSON.stringify({ at: claimAt, sent: sentIds.slice(i, i + 300) });
      try {
        spreadsheetProperties().setProperties(chunks);
      } catch (e) {
        console.error(`processReplies: the confirmations sent could not be recorded; they will not be sent again: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }
}

/**
 * Resolves, from the journal (see sendConfirmations), the claims of a run that could not log
 * their outcome: rows "Đã gửi" for the ids it sent, "Chưa gửi" for the others (sent again by
 * this run). Read only when a claim is open. Returns the journal's property names, deleted once
 * these rows are in the log.
 */
function resolveFromJournal(log: ReminderLog, now: Date, add: (c: ConfirmState, text: string) => void): string[] {
  const open = [...log.confirmations.values()].filter((c) => !c.done && c.claims > c.releases);
  if (!open.length) return [];
  const all = spreadsheetProperties().getProperties();
  const names = Object.keys(all).filter((n) => n.startsWith(`${CONFIRM_JOURNAL}.`));
  const sentBy = new Map<number, Set<string>>();
  for (const n of names) {
    try {
      const j = JSON.parse(all[n]) as { at: number; sent: string[] };
      if (!sentBy.has(j.at)) sentBy.set(j.at, new Set());
      for (const id of j.sent) sentBy.get(j.at)!.add(id);
    } catch {
      // An unreadable value: deleted with the others.
    }
  }
  for (const c of open) {
    // The claim rows' time, as the sheet gives it back (within a second).
    const at = [...sentBy.keys()].find((t) => Math.abs(t - c.claimedAt) < 1000);
    if (at === undefined) continue;
    const text = sentBy.get(at)!.has(c.id) ? CONFIRM_SENT : `${CONFIRM_RELEASED}: lần chạy trước chưa gửi; lần chạy sau sẽ gửi.`;
    add(c, text);
    foldConfirmRow(log.confirmations, c.id, now.getTime(), c.recipient, c.codes, text);
  }
  return names;
}

/** Reads and applies new replies to reminders. Safe to run any number of times. */
export function processReplies(e?: unknown): ReplyRunResult {
  const started = Date.now();
  requireTriggerOrUser(e);
  const ss = activeSpreadsheet();
  if (!ss.getSheetByName(SHEETS.plan)) return emptyResult(false);
  // The hourly reader runs whether or not replies are on (the setting takes effect without
  // reinstalling triggers): when off, it reads "Cài đặt" only and stops.
  if (!readSettings(ss).settings.repliesEnabled) {
    console.log('processReplies: off ("Nhận trả lời qua email" is "Không" in "Cài đặt").');
    return emptyResult(false);
  }
  const plan = loadPlan(ss);
  if (!plan.settings.repliesEnabled) {
    console.log('processReplies: off ("Nhận trả lời qua email" is "Không" in "Cài đặt").');
    return emptyResult(false);
  }
  if (!ss.getSheetByName(SHEETS.reminders)) setupWorkbookCore();
  if (stopForConsent(ss, 'processReplies', [SCOPES.gmail], false, 'đọc thư trả lời nhắc việc')) return emptyResult(true);
  const log: ReminderLog = readReminderLog(ss);
  const tasks = new Map(plan.tasks.filter((t) => t.code).map((t) => [t.code, t]));
  const ctx = {
    tasks,
    channels: plan.settings.channels,
    attendance: plan.settings.attendanceChannels,
    codes: [...tasks.keys()],
    currentPercent: Object.fromEntries([...tasks.values()].map((t) => [t.code, t.percent])),
    today: vnDateOf(Date.now()),
  };
  const directory = new Set(plan.people.map((p) => usableEmail(p.email)).filter((e): e is string => !!e && !emailProblem(e)));
  const me = clean(Session.getEffectiveUser().getEmail()).toLowerCase();
  const sender = officeName(plan.settings);
  const result = emptyResult(true);

  const label = GmailApp.getUserLabelByName(PROCESSED_LABEL) ?? GmailApp.createLabel(PROCESSED_LABEL);
  // Every unprocessed reply, page by page (no ceiling): the label is only added at the end, so
  // the pages do not shift while the run reads them.
  const query = `subject:CCHC -from:me -label:${PROCESSED_SEARCH} newer_than:${SEARCH_DAYS}d`;
  const threads: GoogleAppsScript.Gmail.GmailThread[] = [];
  for (;;) {
    const page = GmailApp.search(query, threads.length, PAGE_THREADS);
    threads.push(...page);
    if (page.length < PAGE_THREADS) break;
  }
  // The messages of every thread in one call, not one call per thread.
  const messagesOf = threads.length ? GmailApp.getMessagesForThreads(threads) : [];

  // 1. Read every new message of the run.
  let reads: { thread: number; message: GoogleAppsScript.Gmail.GmailMessage; id: string; from: string; subject: string; text: string; automatic: boolean; read: Read }[] = [];
  const relevant = new Array<boolean>(threads.length).fill(false);
  let postponed = 0;
  messagesOf.forEach((messages, t) => {
    if (Date.now() - started > READ_BUDGET_MS) {
      postponed++; // left unlabelled: the next run reads it
      return;
    }
    const own: GoogleAppsScript.Gmail.GmailMessage[] = [];
    const fresh: { message: GoogleAppsScript.Gmail.GmailMessage; id: string; from: string; subject: string }[] = [];
    for (const message of messages) {
      const id = message.getId();
      if (log.replyIds.has(id)) {
        relevant[t] = true;
        continue;
      }
      const from = senderAddress(message.getFrom());
      if (from === me) {
        own.push(message);
        continue;
      }
      // Only replies to our reminders: "Re: [CCHC xã Tân Việt] …".
      const subject = message.getSubject();
      if (!OUR_SUBJECT.test(stripDiacritics(subject))) continue;
      relevant[t] = true;
      fresh.push({ message, id, from, subject });
    }
    if (!fresh.length) return;
    // What this account sent in the thread: Message-ID → its recipients (read only for threads
    // with a new reply).
    const sent = new Map<string, string[]>();
    for (const m of own) {
      if (!OUR_SUBJECT.test(stripDiacritics(m.getSubject()))) continue;
      // Google does not say whether getHeader matches names without case; Gmail writes "Message-ID",
      // other software "Message-Id": the second spelling is asked only when the first gives nothing.
      const [mid] = referencedIds(m.getHeader('Message-ID') || m.getHeader('Message-Id'));
      if (mid) sent.set(mid, [...addressesIn(m.getTo()), ...addressesIn(m.getCc())]);
    }
    for (const { message, id, from, subject } of fresh) {
      const automatic = isAutomatic(message, from);
      const origin = automatic ? 'ok' : replyOrigin(from, referencedIds(message.getHeader('In-Reply-To'), message.getHeader('References')), sent);
      const text = automatic || origin !== 'ok' ? '' : extractReplyText(message.getPlainBody());
      const read: Read = automatic
        ? { handled: { applied: [], notApplied: [], problems: ['Thư tự động (trả lời vắng mặt, báo lỗi gửi thư…): bỏ qua.'], codes: [], error: null }, entries: [] }
        : origin !== 'ok'
          ? { handled: { refused: refusal(origin, from), applied: [], notApplied: [], problems: [], codes: [], error: null }, entries: [] }
          : readMessage(message, from, text, ctx);
      reads.push({ thread: t, message, id, from, subject, text, automatic, read });
    }
  });

  // A sender is answered when in the directory and the message named a task (never an automatic
  // reply: two robots would answer each other forever).
  const wantsAnswer = (r: (typeof reads)[number]) => !r.automatic && !r.read.handled.refused && directory.has(r.from) && /\bn\s*v\s*[-.]?\s*\d/i.test(stripDiacritics(r.text));
  const leftOver = [...log.confirmations.values()].some((c) => confirmAction(c, Date.now(), CLAIM_LEASE_MS) !== 'done');
  // The quota is read once (only when someone may be answered) and counted down.
  const quota = leftOver || reads.some(wantsAnswer) ? MailApp.getRemainingDailyQuota() : 0;

  // 2. Under the lock: the handled ids read again (another run may have handled some of these
  // messages since the log was read above), then what the rest ask recorded in one batch and
  // every message logged in one write. With them, in the same write, the confirmations this run
  // will send are claimed ("Đang gửi thư xác nhận"): earlier runs' left over first, then this
  // run's; those over the quota are kept as owed ("Chờ gửi").
  let toSend: { id: string; to: string; codes: string; confirmation: Confirmation }[] = [];
  let logNow: ReminderLog = log;
  let claimAt = 0;
  if (reads.length || leftOver) {
    const all = reads;
    const handledNow = withLockOrNull(() => {
      const fresh = readReminderLog(ss);
      const todo = reads.filter((r) => !fresh.replyIds.has(r.id));
      recordAll(ss, todo);
      const now = new Date();
      const rows = todo.map((r) => logRow(fresh, now, `${REPLY_KEY_PREFIX}${r.id}`, r.from, r.read.handled.codes.join(', '), resultText(r.read.handled)));
      const claimed: typeof toSend = [];
      const confirmRow = (id: string, to: string, codes: string, text: string) => rows.push(logRow(fresh, now, `${CONFIRM_LOG_PREFIX}${id}`, to, codes, text));
      const journal = resolveFromJournal(fresh, now, (c, text) => confirmRow(c.id, c.recipient, c.codes, text));
      for (const c of fresh.confirmations.values()) {
        const action = confirmAction(c, now.getTime(), CLAIM_LEASE_MS);
        if (action === 'lost') confirmRow(c.id, c.recipient, c.codes, `${CONFIRM_GIVEN_UP}: lần chạy gửi thư dừng giữa chừng, không rõ thư đã đi chưa; không gửi lại.`);
        else if (action === 'failed') confirmRow(c.id, c.recipient, c.codes, `${CONFIRM_GIVEN_UP}: gửi lỗi ${MAX_SEND_FAILURES} lần.`);
        else if (action === 'send' && claimed.length < quota) {
          confirmRow(c.id, c.recipient, c.codes, CONFIRM_CLAIMED);
          claimed.push({ id: c.id, to: c.recipient, codes: c.codes, confirmation: c.confirmation! });
        }
      }
      for (const r of todo) {
        if (r.read.handled.error || !wantsAnswer(r) || fresh.confirmations.has(r.id)) continue;
        const confirmation = confirmationOf(r.subject, r.read.handled);
        const codes = r.read.handled.codes.join(', ');
        if (claimed.length < quota) {
          confirmRow(r.id, r.from, codes, confirmationText(CONFIRM_CLAIMED, confirmation));
          claimed.push({ id: r.id, to: r.from, codes, confirmation });
        } else confirmRow(r.id, r.from, codes, confirmationText(`${CONFIRM_OWED}: hết hạn mức gửi thư trong ngày; lần chạy sau sẽ gửi.`, confirmation));
      }
      appendLogRows(fresh, rows);
      toSend = claimed;
      logNow = fresh;
      claimAt = now.getTime();
      // A journal left (deleting failed) is harmless: its claims are resolved now.
      try {
        for (const name of journal) spreadsheetProperties().deleteProperty(name);
      } catch {
        // Deleted by a later run.
      }
      return todo;
    });
    reads = handledNow ?? all.map((r) => ({ ...r, read: { ...r.read, handled: { ...r.read.handled, error: BUSY } } }));
  }

  // 3. Count what was handled, and label the threads whose messages were all handled.
  const failedThreads = new Set<number>();
  for (const r of reads) {
    const handled = r.read.handled;
    result.messages++;
    result.applied += handled.applied.length;
    result.notApplied += handled.notApplied.length;
    result.problems += handled.problems.length;
    if (handled.refused) result.refused++;
    if (handled.error) {
      result.failed++;
      failedThreads.add(r.thread);
      continue;
    }
    log.replyIds.add(r.id);
  }
  sendConfirmations(toSend, logNow, started, quota, sender, result, claimAt);
  // A thread with a failed message stays unlabelled, so the next run finds it again.
  const done = threads.filter((_, t) => relevant[t] && !failedThreads.has(t));
  // GmailLabel.addToThreads takes at most 100 threads per call.
  for (let i = 0; i < done.length; i += 100) label.addToThreads(done.slice(i, i + 100));
  if (postponed) result.postponed = postponed;
  if (postponed || result.unanswered) {
    console.warn(`processReplies: left for a later run: ${postponed} thread(s), ${result.unanswered ?? 0} confirmation(s).`);
  }
  console.log(`processReplies: ${JSON.stringify(result)}`);
  return result;
}
