/**
 * Issue 13's fault sweep: a simulated year of the seed plan (xã Tân Việt 2024, real addresses)
 * on the built bundle in the emulator, with a random 2 % of service calls failing as Apps
 * Script's fail (emulator/core/calls.ts Faults.random), and checks that nothing is lost, sent
 * twice, duplicated, misplaced or left stale.
 *
 * What happens each simulated day, on the emulator's clock (Asia/Ho_Chi_Minh):
 * - the reminders' hourly trigger, every hour (both builds: from "Giờ gửi nhắc việc", 07:00, it
 *   runs the day's reminders, and again each hour until that day's run completes);
 * - the hourly reply reader (bound build, "Nhận trả lời qua email" = Có), 08:00–22:00;
 * - people answering reminders the day they get them (09:00–17:00): through their link (the web
 *   form: the page is opened, then sent; on an error they press "Gửi" again with the same page,
 *   a few times, then again an hour later) or by replying to the email (bound build); on the
 *   add-on, through the pre-filled Google Form (sent again when the confirmation says "Chưa ghi");
 * - the office entering progress through the sidebar now and then (retried like the web form);
 * - the office sorting "Kế hoạch", inserting and removing an empty row or typing a note between
 *   two service calls of an execution (no lock, as a person's edit in the Sheet), and, with
 *   `interleave`, another execution (a daily run, a reply run, an entry) started between two
 *   calls of a running one, so the two overlap with the real lock between them.
 *
 * The ground truth is the simulation's own: what each person submitted and was told, and what
 * the reminder rules owe each day, computed with the pure planner (src/core/reminders.ts) from
 * the plan as imported and the entries the simulation made (not from the product's reminder log).
 */
import { Env } from '../emulator/core/env';
import { Sandbox } from '../emulator/sandbox';
import { DIST, ROOT, readBundle } from '../emulator/project';
import { createWorkbook, type SheetModel } from '../emulator/services/spreadsheet/model';
import { sentMail, type SentMail } from '../emulator/services/mail';
import { addInboxMessage } from '../emulator/services/gmail';
import { followLink } from '../emulator/respondent';
import { AddonInstallations } from '../emulator/addon';
import { readPlan } from '../src/core/plan';
import { parseSettings } from '../src/core/settings';
import { REAL_ADDRESSES } from '../test/support/addresses';
import { generator } from '../test/support/random';
import { planReminders, type PlannedEmail } from '../src/core/reminders';
import type { ProgressEntry, Task } from '../src/core/types';
import path from 'node:path';

export const OWNER = 'vanphong.tanviet@gmail.com';
const WEBAPP_URL = 'http://localhost:8080/exec';
/** The seed units' real addresses, as the tests type them in "Cán bộ". */
export const ADDRESSES: Record<string, string> = REAL_ADDRESSES;
/** Tasks with deadlines during the year, added to the seed plan (as the office would import them). */
const EXTRA_TASKS = [
  ['STT', 'Nhiệm vụ cụ thể', 'Sản phẩm/kết quả', 'Cán bộ, công chức chủ trì', 'Cán bộ, công chức phối hợp', 'Thời gian thực hiện'],
  ['9', 'Tổ chức hội nghị tuyên truyền cải cách hành chính', 'Hội nghị', 'Công chức Tư pháp', 'Đài truyền thanh xã', 'Trước ngày 30/6/2024'],
  ['10', 'Treo pano tuyên truyền cải cách hành chính', 'Pano', 'Công chức Văn hóa - Thông tin', '', 'Tháng 9/2024'],
  ['11', 'Phát động cuộc thi tìm hiểu về cải cách hành chính', 'Cuộc thi', 'Văn phòng HĐND&UBND xã', 'Đài truyền thanh xã', 'Trước ngày 15/4/2024'],
  ['12', 'Tổng kết công tác tuyên truyền CCHC 6 tháng', 'Báo cáo', 'Bộ phận Một cửa UBND xã', 'Công chức Tư pháp', 'Trước ngày 20/7/2024'],
];

const HOURS_8_22 = Array.from({ length: 15 }, (_, i) => 8 + i);

export interface SweepOptions {
  /** Seed of the simulation's generator (what people do, which calls fail, where edits fall). */
  seed: number;
  target?: 'bound' | 'addon';
  /** Probability that a service call fails. Default 0.02. */
  faultRate?: number;
  /**
   * The share of those faults, 0..1, that strike after the call took effect (a write that
   * landed, an email that left, and then the error: emulator/core/calls.ts afterShare).
   * Default 0: every fault strikes before the effect.
   */
  afterShare?: number;
  /** First and last simulated day (Vietnam dates). Default the plan year 2024. */
  from?: string;
  to?: string;
  /** Start another execution between two calls of a running one now and then. */
  interleave?: boolean;
  /** Probability, at each boundary between two calls, of an office edit in "Kế hoạch". Default 0.002. */
  editRate?: number;
  /** Hours (Vietnam) at which the hourly reply reader runs; default every hour 08–22. */
  replyHours?: number[];
  /** Where the built bundle is; default dist/ (bound) or dist-addon/ (add-on). */
  dist?: string;
}

/** What a sweep did and what it found: every invariant's count must be 0. */
export interface SweepFigures {
  seed: number;
  target: 'bound' | 'addon';
  days: number;
  executions: number;
  failedExecutions: number;
  calls: number;
  faultsInjected: number;
  /** Of those, the faults that struck after the call took effect (options.afterShare). */
  faultsAfterEffect: number;
  edits: number;
  interleaved: number;
  reminderEmails: number;
  itemsOwed: number;
  itemsSent: number;
  /** Items sent that the rules did not owe at that moment (a task's answer not yet recorded): not an error. */
  itemsNotOwed: number;
  /** Hourly runs that tried the day's reminders again after an earlier run of that day did not complete. */
  dayRetries: number;
  entriesSubmitted: number;
  entriesConfirmed: number;
  submitRetries: number;
  byChannel: Record<string, number>;
  /** Email replies delivered to the office's inbox, and the confirmations their senders got. */
  repliesSent: number;
  replyConfirmations: number;
  /** Confirmations the product gave up (a run stopped between claiming and recording them). */
  replyConfirmationsGivenUp: number;
  /**
   * Emails that left although their MailApp.sendEmail threw (a fault after the effect): the
   * product cannot know they left (MailApp has no idempotency key and returns nothing), so it
   * sends them again rather than lose them (docs/faults.md).
   */
  sendsThatThrewAfterLeaving: number;
  /**
   * The second sends those caused, counted apart from the invariants (never silently): a
   * reminder item sent again because the email that carried it threw after it left, and a reply
   * confirmation sent again for the same reason. Every other second send is a violation.
   */
  reminderItemsResentAfterLostSend: number;
  replyConfirmationsResentAfterLostSend: number;
  invariants: {
    reminderItemsLost: number;
    reminderItemsSentTwice: number;
    reminderLogRowsDuplicated: number;
    progressRowsDuplicated: number;
    entriesLost: number;
    entriesDuplicated: number;
    /** Rows an execution that completed left stale (not already stale when it started). */
    stalePlanRowsAfterExecution: number;
    stalePlanRowsAtEnd: number;
    /** A status or percent written on an empty row, or a task's row gone. */
    misplacedPlanRows: number;
    /**
     * Triggers listed beyond those installed when the reminders were switched on, the most seen at
     * once (each counts toward the 20 triggers a user may have; no run should create one).
     */
    triggersAdded: number;
    /** A sender who got more confirmations than the replies they sent (counted per sender). */
    replyConfirmationsSentTwice: number;
    /** A reply (to be answered: a sender in "Cán bộ" naming a task) whose sender got no confirmation. */
    replyConfirmationsLost: number;
    /**
     * Executions that ended in (or logged) a programming error (TypeError, ReferenceError,
     * RangeError) instead of a service's error or the product's own message.
     */
    programErrors: number;
  };
  /** Rows left stale by an execution that ended in an error (its own write failed), repaired later. */
  staleAfterFailedExecution: number;
  /** What broke, one line each (for the test's failure message). */
  violations: string[];
}

// ---------------------------------------------------------------------------------------------
// Helpers

/** A programming error's name, as an error's "name: message" or a logged text carries it. */
const PROGRAM_ERROR = /\b(TypeError|ReferenceError|RangeError)\b|Cannot read propert/;

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86400000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

const at = (day: string, hour: number, minute = 0) => Date.parse(`${day}T${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}:00+07:00`);

/** A sheet's values as getValues gives them ('' for empty), read from the model (no service call). */
const valueCache = new WeakMap<Env, Map<string, { version: number; values: unknown[][] }>>();
function sheetValues(env: Env, name: string): unknown[][] {
  let cache = valueCache.get(env);
  if (!cache) valueCache.set(env, (cache = new Map()));
  const hit = cache.get(name);
  if (hit && hit.version === env.workbook.version) return hit.values;
  const values = readValues(env, name);
  cache.set(name, { version: env.workbook.version, values });
  return values;
}

function readValues(env: Env, name: string): unknown[][] {
  const sheet: SheetModel | undefined = env.workbook.sheet(name);
  if (!sheet) return [];
  const rows = sheet.lastRow();
  const cols = sheet.lastColumn();
  const out: unknown[][] = [];
  for (let r = 1; r <= rows; r++) {
    const row: unknown[] = [];
    for (let c = 1; c <= cols; c++) {
      const v = env.workbook.value(sheet, r, c);
      row.push(v === undefined || v === null ? '' : v);
    }
    out.push(row);
  }
  return out;
}

function byHeader(values: unknown[][]): { header: string[]; rows: Record<string, unknown>[] } {
  const header = (values[0] ?? []).map((h) => String(h));
  return { header, rows: values.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]]))) };
}

/** The plan's header row (the first with "Mã"), its rows keyed by header. */
function planRows(env: Env): Record<string, unknown>[] {
  const values = sheetValues(env, 'Kế hoạch');
  const h = values.findIndex((r) => r.includes('Mã') && r.includes('Nhiệm vụ cụ thể'));
  return byHeader(values.slice(Math.max(0, h))).rows;
}

const text = (v: unknown) => (v === undefined || v === null ? '' : v instanceof Date ? v.toISOString() : String(v)).trim();

// ---------------------------------------------------------------------------------------------
// The simulation

/** One entry a person means to make (a logical entry: retries of it are the same entry). */
interface Intent {
  n: number;
  channel: 'sidebar' | 'web' | 'email' | 'form';
  who: string;
  taskId: string;
  status: string;
  percent: number;
  note: string;
  reportDate: string;
  /** The submission as first made (web form page, sidebar): retries send it unchanged. */
  confirmed: boolean;
  /** Told explicitly that nothing was recorded (and gave up): may be missing from "Tiến độ". */
  refused: boolean;
  attempts: number;
}

interface Pending {
  at: number;
  run: () => void;
  label: string;
}

/**
 * Runs the sweep. Async only because a received email is parsed by the emulator's mail parser;
 * everything else is synchronous and deterministic for a seed.
 */
export async function sweep(options: SweepOptions): Promise<SweepFigures> {
  const target = options.target ?? 'bound';
  const rate = options.faultRate ?? 0.02;
  const afterShare = options.afterShare ?? 0;
  const editRate = options.editRate ?? 0.002;
  const random = generator(options.seed);
  const faultRandom = generator(options.seed ^ 0x9e3779b9);
  const from = options.from ?? '2024-01-02';
  const to = options.to ?? '2024-12-31';
  const dist = options.dist ?? (target === 'addon' ? path.join(ROOT, 'dist-addon') : DIST);
  const bundle = readBundle(dist);

  let env: Env;
  let host: AddonInstallations | null = null;
  if (target === 'addon') {
    host = new AddonInstallations();
    env = host.open({ name: 'Theo dõi CCHC xã Tân Việt', owner: OWNER, user: OWNER, now: `${from}T05:00:00+07:00`, webAppUrl: null });
  } else {
    env = new Env(createWorkbook('Theo dõi kế hoạch CCHC'), { now: `${from}T05:00:00+07:00`, owner: OWNER });
  }
  env.files = bundle.files;
  env.manifestScopes = bundle.scopes;
  const sandbox = new Sandbox(env, bundle.code);
  const evalJs = (fn: string, ...args: unknown[]) => sandbox.evaluate(`(${fn})(...${JSON.stringify(args)})`);
  const SET = `function (sheet, keyHeader, key, header, value) {
    var sh = SpreadsheetApp.getActive().getSheetByName(sheet); var v = sh.getDataRange().getValues();
    var k = v[0].indexOf(keyHeader), c = v[0].indexOf(header);
    for (var r = 1; r < v.length; r++) if (String(v[r][k]) === key) { sh.getRange(r + 1, c + 1).setValue(value); return; }
    throw new Error('no row ' + key); }`;

  // --- Setup, without faults (the office's first day).
  if (target === 'addon') sandbox.call('onInstall', [{ authMode: 'FULL' }]);
  sandbox.call('setupWorkbook');
  for (const [unit, email] of Object.entries(ADDRESSES)) evalJs(SET, 'Cán bộ', 'Đơn vị/chức danh', unit, 'Email', email);
  evalJs(SET, 'Cài đặt', 'Mục cài đặt', 'Email Văn phòng', 'Giá trị', OWNER);
  if (target === 'bound') {
    evalJs(SET, 'Cài đặt', 'Mục cài đặt', 'Địa chỉ web app', 'Giá trị', WEBAPP_URL);
    evalJs(SET, 'Cài đặt', 'Mục cài đặt', 'Nhận trả lời qua email', 'Giá trị', 'Có');
  }
  sandbox.call('importPlanRows', [EXTRA_TASKS]);
  sandbox.call('toggleReminders');

  // The oracle's tasks: the plan as imported, read with the pure reader (no service call).
  const settingsValues = sheetValues(env, 'Cài đặt');
  const settings = parseSettings(settingsValues.slice(1).map((r, i) => ({ label: r[0], value: r[1], row: i + 2 }))).settings;
  if (target === 'addon') settings.webAppUrl = '';
  const baseTasks: Task[] = readPlan(sheetValues(env, 'Kế hoạch'), sheetValues(env, 'Cán bộ'), settings).tasks.filter((t) => t.code);
  const codes = baseTasks.map((t) => t.code);

  const figures: SweepFigures = {
    seed: options.seed,
    target,
    days: 0,
    executions: 0,
    failedExecutions: 0,
    calls: 0,
    faultsInjected: 0,
    faultsAfterEffect: 0,
    sendsThatThrewAfterLeaving: 0,
    reminderItemsResentAfterLostSend: 0,
    replyConfirmationsResentAfterLostSend: 0,
    edits: 0,
    interleaved: 0,
    reminderEmails: 0,
    itemsOwed: 0,
    itemsSent: 0,
    itemsNotOwed: 0,
    dayRetries: 0,
    entriesSubmitted: 0,
    entriesConfirmed: 0,
    submitRetries: 0,
    byChannel: {},
    repliesSent: 0,
    replyConfirmations: 0,
    replyConfirmationsGivenUp: 0,
    invariants: {
      reminderItemsLost: 0,
      reminderItemsSentTwice: 0,
      reminderLogRowsDuplicated: 0,
      progressRowsDuplicated: 0,
      entriesLost: 0,
      entriesDuplicated: 0,
      stalePlanRowsAfterExecution: 0,
      stalePlanRowsAtEnd: 0,
      misplacedPlanRows: 0,
      triggersAdded: 0,
      replyConfirmationsSentTwice: 0,
      replyConfirmationsLost: 0,
      programErrors: 0,
    },
    staleAfterFailedExecution: 0,
    violations: [],
  };
  const violation = (what: string) => {
    if (figures.violations.length < 50) figures.violations.push(what);
  };

  // --- Ground truth of entries
  const intents: Intent[] = [];
  /** The entry a note of "Tiến độ" belongs to (its "Đợt <seed>-<n>" marker; a reply's note may carry more words). */
  const intentOf = (note: unknown): Intent | undefined => {
    const m = /Đợt (\d+)-(\d+):/.exec(text(note));
    return m && Number(m[1]) === options.seed ? intents[Number(m[2]) - 1] : undefined;
  };
  const newIntent = (channel: Intent['channel'], who: string, taskId: string, day: string): Intent => {
    // Recurring tasks ("Thường xuyên") go on all year; a task with a deadline gets done some day.
    const done = !baseTasks.find((t) => t.code === taskId)?.recurring && random() < 0.3;
    const intent: Intent = {
      n: intents.length + 1,
      channel,
      who,
      taskId,
      status: done ? 'Hoàn thành' : 'Đang thực hiện',
      percent: done ? 100 : 10 + Math.floor(random() * 9) * 10,
      note: `Đợt ${options.seed}-${intents.length + 1}: đã thực hiện`,
      reportDate: day,
      confirmed: false,
      refused: false,
      attempts: 0,
    };
    intents.push(intent);
    figures.entriesSubmitted++;
    figures.byChannel[channel] = (figures.byChannel[channel] ?? 0) + 1;
    return intent;
  };

  // --- Executions: faults on while the product runs, edits and interleaving between its calls.
  let depth = 0;
  const queue: Pending[] = [];
  let blankRows = 0;
  /**
   * A person's edit of "Kế hoạch" in the Sheet's own editor: made on the emulator's model (no
   * service call, no script scope), rows moving with everything in them as a sort moves them.
   */
  const edit = () => {
    const sheet = env.workbook.sheet('Kế hoạch');
    if (!sheet) return;
    const r = random();
    const last = sheet.lastRow();
    if (r < 0.45 && last > 2) {
      // Sort the rows below the header by a column, ascending or descending.
      const values = sheetValues(env, 'Kế hoạch');
      const column = [0, 2, 3, 12, 13][Math.floor(random() * 5)];
      const sign = random() < 0.5 ? 1 : -1;
      const order = values
        .slice(1)
        .map((row, i) => ({ key: String(row[column] instanceof Date ? (row[column] as Date).toISOString() : row[column]), i: i + 1 }))
        .sort((a, b) => sign * a.key.localeCompare(b.key, 'vi', { numeric: true }) || a.i - b.i)
        .map((x) => x.i);
      const rows = order.map((i) => sheet.rows[i]);
      const meta = order.map((i) => sheet.meta[i]);
      order.forEach((_, k) => {
        sheet.rows[k + 1] = rows[k];
        if (sheet.meta.length > k + 1 || meta[k]) sheet.meta[k + 1] = meta[k];
      });
      sheet.touch();
    } else if (r < 0.65 && blankRows < 2) {
      sheet.insertRows(2 + Math.floor(random() * Math.max(1, last - 1)), 1, null);
      blankRows++;
    } else if (r < 0.8 && blankRows > 0) {
      const values = sheetValues(env, 'Kế hoạch');
      const blank = values.findIndex((row, i) => i > 0 && row.every((c) => c === ''));
      if (blank > 0) {
        sheet.deleteRows(blank + 1, 1);
        blankRows--;
      }
    } else {
      // A note typed in "Ghi chú" (or the last column) of a task row.
      const values = sheetValues(env, 'Kế hoạch');
      const header = values[0].map(String);
      const c = header.indexOf('Ghi chú') >= 0 ? header.indexOf('Ghi chú') : header.length - 1;
      const rows = values.map((row, i) => (i > 0 && row[0] ? i : -1)).filter((i) => i > 0);
      if (rows.length) sheet.setContent(rows[Math.floor(random() * rows.length)] + 1, c + 1, `Ghi chú ${figures.edits}`);
    }
    figures.edits++;
  };
  const trace: string[] = [];
  const stats: Record<string, { n: number; calls: number }> = {};
  if (process.env.SWEEP_DEBUG) (globalThis as Record<string, unknown>).sweepStats = stats;
  const hook = (name: string) => {
    if (process.env.SWEEP_DEBUG) trace.push(name);
    const r = random();
    if (r < editRate) {
      if (process.env.SWEEP_DEBUG) trace.push('EDIT');
      env.faults.paused = true;
      try {
        edit();
      } catch (e) {
        violation(`the simulation's edit failed: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        env.faults.paused = false;
      }
    } else if (options.interleave && r < editRate + 0.004) {
      // Another execution between two calls of this one: a daily run, a reply run, or the next
      // thing people were about to do.
      figures.interleaved++;
      const k = random();
      const next = k >= 0.6 ? queue.shift() : undefined;
      if (next) next.run();
      else if (k < 0.3 || target === 'addon') dailyRun('interleaved');
      else replyRun();
    }
  };

  /** Runs one execution of the product; returns its result, or the error it ended with. */
  const execute = (name: string, args: unknown[], run: { context?: 'ui' | 'trigger' | 'webapp'; user?: string }): { ok: true; value: unknown } | { ok: false; error: string } => {
    depth++;
    figures.executions++;
    if (depth === 1) trace.length = 0;
    const staleBefore = depth === 1 ? new Set(staleRows()) : null;
    const logsBefore = env.logs.length;
    let failed = false;
    let threw = false;
    const start = env.calls.sequence;
    const faultsBefore = env.faults.injected.length;
    const outer = env.beforeCall;
    env.faults.random({ rate, random: faultRandom, afterShare });
    if (depth === 1) env.beforeCall = hook;
    try {
      const value = sandbox.call(name, args, run);
      // A run that caught its own failure (a reply or an email it will try again) is not complete.
      if (value && typeof value === 'object' && (Number((value as { failed?: unknown }).failed) > 0 || (value as { ok?: unknown }).ok === false)) failed = true;
      return { ok: true, value };
    } catch (e) {
      figures.failedExecutions++;
      failed = true;
      threw = true;
      // An error of the sandbox's realm is not an instance of this realm's Error: read its name.
      const error = `${(e as { name?: string })?.name ?? ''}: ${(e as { message?: string })?.message ?? String(e)}`;
      if (PROGRAM_ERROR.test(error)) {
        figures.invariants.programErrors++;
        violation(`${new Date(env.clock.now()).toISOString()} ${name} ended in ${error}`);
      }
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    } finally {
      // An execution that caught a failure of its own and logged it (console.error) did not complete.
      if (env.logs.slice(logsBefore).some((l) => l.level === 'error')) {
        if (!threw) figures.failedExecutions++;
        failed = true;
      }
      // (Counted once, by the outermost execution: its logs hold those of executions run inside it.)
      for (const l of depth === 1 ? env.logs.slice(logsBefore) : []) {
        if (!PROGRAM_ERROR.test(l.message)) continue;
        figures.invariants.programErrors++;
        violation(`${new Date(env.clock.now()).toISOString()} ${name} logged ${l.message.slice(0, 200)}`);
      }
      if (depth === 1) {
        env.faults.random(null);
        env.beforeCall = outer;
      }
      figures.calls += depth === 1 ? env.calls.sequence - start : 0;
      if (process.env.SWEEP_DEBUG) {
        const st = (stats[name] ??= { n: 0, calls: 0 });
        st.n++;
        st.calls += env.calls.sequence - start;
      }
      void faultsBefore;
      depth--;
      if (depth === 0) afterExecution(name, staleBefore!, failed);
    }
  };

  // --- Checks after every execution: the plan follows "Tiến độ".
  const staleRows = (): string[] => {
    const { rows: log } = byHeader(sheetValues(env, 'Tiến độ'));
    const latest = new Map<string, Record<string, unknown>>();
    for (const row of log) latest.set(text(row['Mã nhiệm vụ']).toUpperCase(), row);
    const out: string[] = [];
    const seen = new Set<string>();
    for (const row of planRows(env)) {
      const code = text(row['Mã']).toUpperCase();
      if (!code) {
        if (text(row['Trạng thái']) || text(row['Tiến độ (%)'])) out.push(`an empty row holds a status (${text(row['Trạng thái'])} ${text(row['Tiến độ (%)'])})`);
        continue;
      }
      seen.add(code);
      const entry = latest.get(code);
      const want = entry ? [text(entry['Trạng thái']), Number(entry['Tiến độ (%)'])] : ['Chưa thực hiện', 0];
      const got = [text(row['Trạng thái']), Number(row['Tiến độ (%)'])];
      if (got[0] !== want[0] || got[1] !== want[1]) out.push(`${code} is ${got.join(' ')}%, "Tiến độ" says ${want.join(' ')}%`);
    }
    for (const c of codes) if (!seen.has(c)) out.push(`${c} is missing from "Kế hoạch"`);
    return out;
  };
  const installed = new Set(env.state.triggers.map((t) => t.id));
  let maxAdded = 0;
  const afterExecution = (name: string, before: Set<string>, failed: boolean) => {
    maxAdded = Math.max(maxAdded, env.state.triggers.filter((t) => !installed.has(t.id)).length);
    const stale = staleRows().filter((s) => !before.has(s));
    if (!stale.length) return;
    if (stale.some((s) => s.includes('empty row') || s.includes('missing'))) {
      figures.invariants.misplacedPlanRows += stale.length;
      violation(`${new Date(env.clock.now()).toISOString()} after ${name}: ${stale.join('; ')}`);
    } else if (failed) {
      figures.staleAfterFailedExecution += stale.length;
    } else {
      figures.invariants.stalePlanRowsAfterExecution += stale.length;
      violation(`${new Date(env.clock.now()).toISOString()} after ${name}: ${stale.join('; ')}`);
    }
    if (process.env.SWEEP_DEBUG) console.log(trace.join(' '), env.faults.injected.slice(-3));
  };

  // --- The product's executions
  const clockTriggers = () => env.state.triggers.filter((t) => t.eventType === 'CLOCK');
  /**
   * The hourly runs of one day from "Giờ gửi nhắc việc" until one finds the day done: those
   * beyond the first tried an incomplete day again (counted when the day changes).
   */
  const today = { day: '', runs: 0, done: false };
  const dailyRun = (why: string) => {
    const t = (host ? host.triggersOf(env) : clockTriggers()).find((x) => x.handler === 'runHourly');
    const r = execute(t ? t.handler : 'runHourly', [{ authMode: 'FULL', triggerUid: t?.id }], { context: 'trigger' });
    const vn = new Date(env.clock.now() + 7 * 3600000);
    const day = vn.toISOString().slice(0, 10);
    if (day !== today.day) Object.assign(today, { day, runs: 0, done: false });
    if (r.ok && (r.value as { waiting?: unknown } | null)?.waiting === 'done') {
      if (!today.done) figures.dayRetries += Math.max(0, today.runs - 1);
      today.done = true;
    } else if (!today.done && vn.getUTCHours() >= settings.reminderHour) today.runs++;
    if (process.env.SWEEP_DEBUG) console.log(new Date(env.clock.now()).toISOString(), why, t?.handler, JSON.stringify(r));
  };
  const replyRun = () => {
    const t = clockTriggers().find((x) => x.handler === 'processReplies');
    execute('processReplies', [{ authMode: 'FULL', triggerUid: t?.id }], { context: 'trigger' });
  };

  /** A submission through a page that keeps its submission id (sidebar, web form): pressed again on an error. */
  const submitWithRetries = (intent: Intent, send: () => { ok: boolean; message: string } | null, day: string, laterTries = 3) => {
    for (let i = 0; i < 3; i++) {
      intent.attempts++;
      if (intent.attempts > 1) figures.submitRetries++;
      const r = send();
      if (r && r.ok) {
        intent.confirmed = true;
        figures.entriesConfirmed++;
        return;
      }
      if (r && !/bận|lỗi|thử lại|error|sorry|timed out|Unexpected|Service/i.test(r.message)) {
        // Refused for what it says (validation): the person gives up, nothing should be recorded.
        intent.refused = true;
        violation(`entry ${intent.n} (${intent.channel} ${intent.taskId}) refused: ${r.message}`);
        return;
      }
    }
    if (laterTries > 0) queue.push({ at: env.clock.now() + 3600000, label: `retry ${intent.n}`, run: () => submitWithRetries(intent, send, day, laterTries - 1) });
  };

  const officeEntry = (day: string) => {
    const open = baseTasks.filter((t) => !doneTasks.has(t.code));
    if (!open.length) return;
    const task = open[Math.floor(random() * open.length)];
    const intent = newIntent('sidebar', OWNER, task.code, day);
    const entry = { taskId: intent.taskId, status: intent.status, percent: intent.percent, channel: '', quantity: 0, note: intent.note, evidenceUrl: '', reportDate: day, submissionId: `side-${options.seed}-${intent.n}-abcdef` };
    submitWithRetries(
      intent,
      () => {
        const r = execute('submitProgress', [entry], { context: 'ui', user: OWNER });
        return r.ok ? (r.value as { ok: boolean; message: string }) : { ok: false, message: r.error };
      },
      day,
    );
  };

  /** The web form: open the link (reloaded if the page fails), then send it, pressing "Gửi" again on an error. */
  const answerByLink = (intent: Intent, url: string, day: string) => {
    let page: { token: string; entry: Record<string, unknown> } | null = null;
    for (let i = 0; i < 4 && !page; i++) {
      const r = execute('doGet', [webEvent(url)], { context: 'webapp' });
      if (!r.ok) continue;
      const html = String((r.value as { getContent?: () => string })?.getContent?.() ?? '');
      const token = /id="token"[^>]*value="([^"]*)"/.exec(html)?.[1] ?? '';
      const submissionId = /id="submissionId"[^>]*value="([^"]*)"/.exec(html)?.[1] ?? '';
      if (token && submissionId) page = { token, entry: { taskId: intent.taskId, submissionId } };
    }
    if (!page) {
      queue.push({ at: env.clock.now() + 3600000, label: `reopen ${intent.n}`, run: () => answerByLink(intent, url, day) });
      return;
    }
    const entry = { ...page.entry, status: intent.status, percent: String(intent.percent), channel: '', quantity: '0', note: intent.note, evidenceUrl: '', reportDate: day };
    submitWithRetries(
      intent,
      () => {
        const r = execute('submitAnswer', [page!.token, entry], { context: 'webapp' });
        return r.ok ? (r.value as { ok: boolean; message: string }) : { ok: false, message: r.error };
      },
      day,
    );
  };

  /** The add-on's Google Form: one response per sending; the confirmation email says what happened. */
  const answerByForm = (intent: Intent, url: string, day: string) => {
    intent.attempts++;
    if (intent.attempts > 1) figures.submitRetries++;
    const mailsBefore = sentMail(env).length;
    const before = new Set(staleRows());
    const failedBefore = env.logs.length;
    depth++;
    // As execute(): inside another execution (interleaved), the outer one's faults and hook stay on.
    const outer = env.beforeCall;
    env.faults.random({ rate, random: faultRandom, afterShare });
    if (depth === 1) env.beforeCall = hook;
    try {
      followLink(sandbox, url, { status: intent.status, percent: intent.percent, channel: '', quantity: 0, note: intent.note, reportDate: day });
    } finally {
      if (depth === 1) {
        env.faults.random(null);
        env.beforeCall = outer;
      }
      depth--;
    }
    figures.executions++;
    const failed = env.logs.slice(failedBefore).some((l) => l.level === 'error');
    if (failed) figures.failedExecutions++;
    for (const l of depth === 0 ? env.logs.slice(failedBefore) : []) {
      if (!PROGRAM_ERROR.test(l.message)) continue;
      figures.invariants.programErrors++;
      violation(`${new Date(env.clock.now()).toISOString()} onAnswerSubmit logged ${l.message.slice(0, 200)}`);
    }
    afterExecution('onAnswerSubmit', before, failed);
    const told = sentMail(env)
      .slice(mailsBefore)
      .filter((m) => m.to[0] === intent.who && m.subject.includes(intent.taskId));
    if (told.some((m) => m.subject.startsWith('Đã ghi'))) {
      intent.confirmed = true;
      figures.entriesConfirmed++;
    } else if (told.some((m) => m.subject.startsWith('Chưa ghi')) && intent.attempts < 4) {
      queue.push({ at: env.clock.now() + 3600000, label: `form again ${intent.n}`, run: () => answerByForm(intent, url, day) });
    }
  };

  /** Replies each person sent (each names one task: it is owed one confirmation). */
  const repliesBy = new Map<string, number>();
  const answerByEmail = (intent: Intent, mail: SentMail) => async () => {
    figures.repliesSent++;
    repliesBy.set(intent.who, (repliesBy.get(intent.who) ?? 0) + 1);
    await addInboxMessage(env, {
      from: intent.who,
      to: OWNER,
      subject: `Re: ${mail.subject}`,
      text: `${intent.taskId}: ${intent.status} ${intent.percent}%, ${intent.note}\n\nVào ${new Date(mail.at).toUTCString()}, Văn phòng đã viết:\n> ...`,
      inReplyTo: mail.messageId,
    });
  };

  const webEvent = (url: string) => {
    const u = new URL(url);
    const parameter: Record<string, string> = {};
    const parameters: Record<string, string[]> = {};
    for (const [k, v] of u.searchParams) {
      parameter[k] ??= v;
      (parameters[k] ??= []).push(v);
    }
    return { parameter, parameters, queryString: u.search.slice(1) };
  };

  // --- Reminders: what the rules owe (the oracle) and what went out.
  const doneTasks = new Set<string>();
  /** The entries recorded now, as the simulation made them (found in "Tiến độ" by their note). */
  const truth = (): { entries: ProgressEntry[]; status: Map<string, string> } => {
    const { rows } = byHeader(sheetValues(env, 'Tiến độ'));
    const entries: ProgressEntry[] = [];
    const status = new Map<string, string>();
    for (const row of rows) {
      const intent = intentOf(row['Nội dung thực hiện']);
      if (!intent) continue;
      entries.push({ at: '', taskCode: intent.taskId, reporter: intent.who, status: intent.status as ProgressEntry['status'], percent: intent.percent, channel: '', quantity: 0, note: '', evidenceUrl: '', reportDate: intent.reportDate, source: 'sidebar', submissionId: '' });
      status.set(intent.taskId, intent.status);
    }
    return { entries, status };
  };
  let owedCache = { version: -1, day: '', emails: [] as PlannedEmail[] };
  const owed = (day: string): PlannedEmail[] => {
    if (owedCache.version === env.workbook.version && owedCache.day === day) return owedCache.emails;
    const { entries, status } = truth();
    const tasks = baseTasks.map((t) => ({ ...t, status: (status.get(t.code) ?? t.status) as Task['status'] }));
    owedCache = { version: env.workbook.version, day, emails: planReminders({ tasks, entries, settings, sentKeys: new Set(), today: day }) };
    return owedCache.emails;
  };
  const itemKeys = (emails: PlannedEmail[]) => new Set(emails.flatMap((e) => e.items.map((i) => (i.occasion.startsWith('office:') ? `office|${i.occasion}|${e.to}` : i.key))));
  /** Item key → days it was owed all day (in the morning and in the evening). */
  const owedDays = new Map<string, string[]>();
  /** Item key → how many emails carried it. */
  const sentCount = new Map<string, number>();
  const sentFirst = new Map<string, string>();
  /**
   * Emails in the outbox whose MailApp.sendEmail threw after they left (a fault after the
   * effect), and how many such emails carried each reminder item.
   */
  const leftButThrew = new Set<SentMail>();
  const lostSendsOf = new Map<string, number>();
  env.faults.onAfterEffect = (method) => {
    if (method !== 'MailApp.sendEmail') return;
    const out = sentMail(env);
    leftButThrew.add(out[out.length - 1]);
  };

  /** The items an email carried: its task blocks matched against what the rules owed at sending. */
  const attribute = (mail: SentMail, owing: PlannedEmail[]) => {
    const to = mail.to[0];
    const mine = owing.find((e) => e.to === to);
    const office = mail.subject.includes('Tổng hợp');
    const keys: string[] = [];
    if (office) {
      // The office's summary, with the office's own items (when it leads tasks) among its blocks.
      const label = /Quý [IV]+\/\d{4}|6 tháng|9 tháng|Năm \d{4}/.exec(mail.subject)?.[0] ?? mail.subject;
      keys.push(`office|office:${label}|${to}`);
    }
    const blocks = mail.body.split(/\n(?=\d+\. NV\d+ – )/).slice(1);
    for (const block of blocks) {
      const code = /^\d+\. (NV\d+) – /.exec(block)![1];
      const items = (mine?.items ?? []).filter((i) => i.taskCode === code && !i.occasion.startsWith('office:'));
      const matched = items.filter((i) =>
        i.occasion.startsWith('period:') ? block.includes(`chưa có báo cáo ${i.occasion.slice(7)}`) : /còn \d+ ngày|quá hạn|hôm nay/.test(block),
      );
      if (!matched.length) {
        if (!office) figures.itemsNotOwed++;
        continue;
      }
      // A summary lists the office's own tasks among the tasks it flags (an overdue one reads
      // "quá hạn" either way): an own item already sent is taken as flagged, not sent again.
      keys.push(...matched.filter((i) => !office || !sentCount.has(i.key)).map((i) => i.key));
    }
    return keys;
  };

  // --- The year
  const reminderSubject = /^\[CCHC xã/;
  let seen = sentMail(env).length;
  const collect = (owing: PlannedEmail[], day: string, respond: boolean) => {
    const mails = sentMail(env).slice(seen);
    seen = sentMail(env).length;
    for (const mail of mails) {
      if (!reminderSubject.test(mail.subject) || mail.subject.startsWith('[CCHC xã Tân Việt] Nhắc việc hôm nay chưa gửi')) continue;
      figures.reminderEmails++;
      if (process.env.SWEEP_DEBUG) console.log('MAIL', mail.at, mail.to[0], mail.subject, JSON.stringify(attribute(mail, owing)), JSON.stringify(owing.find((e) => e.to === mail.to[0])?.items.map((i) => i.key)));
      for (const key of attribute(mail, owing)) {
        sentCount.set(key, (sentCount.get(key) ?? 0) + 1);
        if (leftButThrew.has(mail)) lostSendsOf.set(key, (lostSendsOf.get(key) ?? 0) + 1);
        if (!sentFirst.has(key)) sentFirst.set(key, day);
        figures.itemsSent++;
      }
      if (!respond || mail.subject.includes('Tổng hợp')) continue;
      // People answer some of the tasks of the email they got, later that day.
      const who = mail.to[0];
      for (const block of mail.body.split(/\n(?=\d+\. NV\d+ – )/).slice(1)) {
        const code = /^\d+\. (NV\d+) – /.exec(block)![1];
        if (random() > 0.5 || doneTasks.has(code)) continue;
        const link = /Cập nhật tiến độ: (\S+)/.exec(block)?.[1];
        const when = at(day, 9 + Math.floor(random() * 8), Math.floor(random() * 60));
        if (target === 'bound' && who !== OWNER && random() < 0.35) {
          const intent = newIntent('email', who, code, day);
          pendingReplies.push({ at: when, send: answerByEmail(intent, mail) });
        } else if (link) {
          const intent = newIntent(target === 'addon' ? 'form' : 'web', who, code, day);
          queue.push({ at: when, label: `answer ${intent.n}`, run: () => (target === 'addon' ? answerByForm(intent, link, day) : answerByLink(intent, link, day)) });
        }
      }
    }
  };
  const pendingReplies: { at: number; send: () => Promise<void> }[] = [];

  for (const day of days(from, to)) {
    figures.days++;
    const morning = itemKeys(owed(day));
    for (let hour = 0; hour < 24; hour++) {
      const now = at(day, hour);
      env.clock.set(now);
      // Time-driven runs first (they start on the hour).
      {
        const owing = owed(day);
        dailyRun('hourly');
        collect(owing, day, true);
      }
      if (target === 'bound' && (options.replyHours ?? HOURS_8_22).includes(hour)) {
        for (const r of pendingReplies.filter((p) => p.at <= now)) await r.send();
        pendingReplies.splice(0, pendingReplies.length, ...pendingReplies.filter((p) => p.at > now));
        const owing = owed(day);
        replyRun();
        collect(owing, day, false);
      }
      // What people do within the hour, in time order.
      if (hour === 10 && random() < 0.04) {
        env.clock.set(at(day, 10, 30));
        officeEntry(day);
      }
      queue.sort((a, b) => a.at - b.at);
      while (queue.length && queue[0].at < now + 3600000) {
        const next = queue.shift()!;
        env.clock.set(Math.max(next.at, env.clock.now()));
        const owing = owed(day);
        next.run();
        collect(owing, day, false);
      }
      for (const s of truth().status) if (s[1] === 'Hoàn thành') doneTasks.add(s[0]);
    }
    const evening = itemKeys(owed(day));
    for (const k of morning) if (evening.has(k)) owedDays.set(k, [...(owedDays.get(k) ?? []), day]);
  }
  // Replies still in the inbox and queued answers: one more day to handle them.
  const last = days(from, to).slice(-1)[0];
  for (const r of pendingReplies) await r.send();
  for (let h = 0; h < 6; h++) {
    env.clock.set(at(last, 23) + h * 3600000);
    if (target === 'bound') replyRun();
    while (queue.length) queue.shift()!.run();
  }

  // --- Reminder invariants
  const officeCycles = new Set<string>();
  for (const [key, ds] of owedDays) {
    if (key.startsWith('office|')) {
      officeCycles.add(key);
      continue;
    }
    figures.itemsOwed++;
    const first = sentFirst.get(key);
    if (!first || first > ds[ds.length - 1]) {
      figures.invariants.reminderItemsLost++;
      violation(`reminder item ${key} owed on ${ds.join(', ')} never sent${first ? ` before ${first}` : ''}`);
    }
  }
  for (const key of officeCycles) {
    figures.itemsOwed++;
    if (!sentCount.has(key)) {
      figures.invariants.reminderItemsLost++;
      violation(`office summary ${key} never sent`);
    }
  }
  for (const [key, n] of sentCount) {
    // Excluded from the invariant, and counted apart: each second send that follows an email
    // whose MailApp.sendEmail threw after it left (the product cannot know it left, and sends
    // again rather than lose the reminder). Any other second send is a violation.
    const excused = Math.min(n - 1, lostSendsOf.get(key) ?? 0);
    figures.reminderItemsResentAfterLostSend += excused;
    if (n - 1 - excused > 0) {
      figures.invariants.reminderItemsSentTwice += n - 1 - excused;
      violation(`reminder item ${key} sent ${n} times${excused ? ` (${excused} after a send that threw once the email had left)` : ''}`);
    }
  }
  // The reminder log: no row twice (an email's row, a reply's row).
  const reminderLog = byHeader(sheetValues(env, 'Nhật ký nhắc việc')).rows;
  const rowKeys = new Map<string, number>();
  for (const r of reminderLog) {
    const result = text(r['Kết quả']);
    const key = text(r['Khóa']);
    // A confirmation's rows are its states (claimed, sent…): counted below from the outbox.
    if (!key || key.startsWith('confirm|') || result.startsWith('Lỗi') || result.startsWith('Chưa gửi')) continue;
    if (result.startsWith('Không gửi thư xác nhận')) figures.replyConfirmationsGivenUp++;
    const k = key.startsWith('reply|') ? key : `${key}\n${text(r['Nhiệm vụ'])}`;
    rowKeys.set(k, (rowKeys.get(k) ?? 0) + 1);
  }
  for (const [k, n] of rowKeys) {
    if (n > 1) {
      figures.invariants.reminderLogRowsDuplicated += n - 1;
      violation(`"Nhật ký nhắc việc" row ${k.replace('\n', ' ')} written ${n} times`);
    }
  }
  // Every email reply answered by exactly one confirmation (counted per sender in the outbox).
  const confirmationsTo = new Map<string, number>();
  /** Confirmations whose send threw after they left, per sender (sent again: see above). */
  const confirmationsLeftButThrew = new Map<string, number>();
  for (const m of sentMail(env)) {
    if (!m.subject.startsWith('Re: ') || !m.body.startsWith('Hệ thống đã đọc thư trả lời')) continue;
    figures.replyConfirmations++;
    confirmationsTo.set(m.to[0], (confirmationsTo.get(m.to[0]) ?? 0) + 1);
    if (leftButThrew.has(m)) confirmationsLeftButThrew.set(m.to[0], (confirmationsLeftButThrew.get(m.to[0]) ?? 0) + 1);
  }
  for (const who of new Set([...repliesBy.keys(), ...confirmationsTo.keys()])) {
    const owed = repliesBy.get(who) ?? 0;
    let got = confirmationsTo.get(who) ?? 0;
    // As for reminders: a confirmation sent again after its first send threw once it had left
    // is counted apart, not as a violation (at most one per such send).
    const excused = Math.max(0, Math.min(got - owed, confirmationsLeftButThrew.get(who) ?? 0));
    figures.replyConfirmationsResentAfterLostSend += excused;
    got -= excused;
    if (got > owed) {
      figures.invariants.replyConfirmationsSentTwice += got - owed;
      violation(`${who} sent ${owed} replies and got ${got} confirmations`);
    } else if (got < owed) {
      figures.invariants.replyConfirmationsLost += owed - got;
      violation(`${who} sent ${owed} replies and got ${got} confirmations`);
    }
  }
  // "Tiến độ": no submission id twice, every entry once.
  const progress = byHeader(sheetValues(env, 'Tiến độ')).rows;
  const ids = new Map<string, number>();
  const notes = new Map<string, number>();
  for (const r of progress) {
    const id = text(r['Mã lần gửi']);
    ids.set(id, (ids.get(id) ?? 0) + 1);
    const intent = intentOf(r['Nội dung thực hiện']);
    if (intent) notes.set(intent.note, (notes.get(intent.note) ?? 0) + 1);
  }
  for (const [id, n] of ids) {
    if (n > 1) {
      figures.invariants.progressRowsDuplicated += n - 1;
      violation(`"Tiến độ" submission ${id} recorded ${n} times`);
    }
  }
  for (const intent of intents) {
    const n = notes.get(intent.note) ?? 0;
    if (n > 1) {
      figures.invariants.entriesDuplicated += n - 1;
      violation(`entry ${intent.n} (${intent.channel} ${intent.taskId}) recorded ${n} times`);
    } else if (n === 0 && (intent.confirmed || (!intent.refused && intent.channel === 'email'))) {
      figures.invariants.entriesLost++;
      violation(`entry ${intent.n} (${intent.channel} ${intent.taskId} of ${intent.reportDate}, ${intent.confirmed ? 'confirmed' : 'sent'}) not in "Tiến độ"`);
    } else if (n === 0 && !intent.refused) {
      figures.invariants.entriesLost++;
      violation(`entry ${intent.n} (${intent.channel} ${intent.taskId} of ${intent.reportDate}) never confirmed after ${intent.attempts} tries, not in "Tiến độ"`);
    }
  }
  figures.invariants.triggersAdded = maxAdded;
  if (maxAdded) violation(`${maxAdded} triggers were listed beyond those installed`);
  const stale = staleRows();
  figures.invariants.stalePlanRowsAtEnd = stale.length;
  for (const s of stale) violation(`at the end: ${s}`);
  figures.faultsInjected = env.faults.injected.length;
  figures.faultsAfterEffect = env.faults.injected.filter((f) => f.when === 'after').length;
  figures.sendsThatThrewAfterLeaving = leftButThrew.size;
  env.faults.onAfterEffect = null;
  return figures;
}

/** The figures as lines of text (the bench and the docs). */
export function describeFigures(f: SweepFigures): string {
  const inv = Object.entries(f.invariants)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return [
    `seed ${f.seed} (${f.target}): ${f.days} days, ${f.executions} executions (${f.failedExecutions} ended in or logged an error), ${f.calls} service calls, ${f.faultsInjected} faults injected (${f.faultsAfterEffect} after the effect), ${f.edits} edits, ${f.interleaved} interleaved executions`,
    `  plan rows left stale by a failed execution (then repaired): ${f.staleAfterFailedExecution}`,
    `  reminders: ${f.reminderEmails} emails, ${f.itemsOwed} items owed, ${f.itemsSent} items sent (${f.itemsNotOwed} not owed at sending), ${f.dayRetries} hourly runs that tried an incomplete day again`,
    `  email replies: ${f.repliesSent} sent, ${f.replyConfirmations} confirmations (${f.replyConfirmationsGivenUp} given up)`,
    `  entries: ${f.entriesSubmitted} submitted (${Object.entries(f.byChannel).map(([k, v]) => `${k} ${v}`).join(', ')}), ${f.entriesConfirmed} confirmed, ${f.submitRetries} retries`,
    `  faults after the effect: ${f.faultsAfterEffect}; ${f.sendsThatThrewAfterLeaving} emails left although their send threw, so sent again: ${f.reminderItemsResentAfterLostSend} reminder items, ${f.replyConfirmationsResentAfterLostSend} reply confirmations (not prevented, counted apart from the invariants)`,
    `  invariants: ${inv}`,
  ].join('\n');
}
