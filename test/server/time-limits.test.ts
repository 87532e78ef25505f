/**
 * Issue 10 §5 (on the built bundle): the product inside Apps Script's execution time limits, on
 * the emulator's clock with a realistic latency per service call (test/support/latency.ts), at a
 * scale where doing everything in one execution would pass 6 minutes: the busiest day of a plan
 * a hundred times the seed's (800 tasks, about 300 reminder emails at 1.5 s each), every
 * recipient answering by email, the year report and a 600-row import. Each run either finishes
 * inside the limit or stops early on its own and leaves the rest to the next run; nothing is
 * lost, nothing is sent or recorded twice.
 */
import { loadSandbox } from '../support/sandbox';
import { REALISTIC_LATENCY } from '../support/latency';
import { js, READ_SHEET, SET_SETTING } from '../support/script';
import { reminderLogRows } from '../support/sheets';
import { cloneWorkload, generateWorkload, type Workload } from '../../bench/workloads';
import { sentMail, setMailQuota } from '../../emulator/services/mail';
import { addInboxMessage } from '../../emulator/services/gmail';
import { EXECUTION_LIMITS, type Env } from '../../emulator/core/env';
import type { Sandbox } from '../../emulator/sandbox';

jest.setTimeout(600_000);

const w: Workload = generateWorkload({ name: 'time-limits', label: '800 nhiệm vụ', tasks: 800, entries: 1600 });
const MINUTE = 60_000;

interface RunResult {
  sent: number;
  deferred: number;
  failed: number;
  skipped: number;
}

/** Runs a handler as its trigger would; returns its result and how long it ran on the clock. */
function timed<T>(env: Env, sandbox: Sandbox, name: string, args: unknown[] = [], context: 'trigger' | 'ui' = 'trigger'): { result: T; ms: number } {
  const t0 = env.clock.advanced;
  const result = sandbox.call(name, args, { context }) as T;
  return { result, ms: env.clock.advanced - t0 };
}


/** The busiest day's reminders, sent by the hourly trigger's runs, an hour apart, until the day is done. */
function sendTheDay() {
  const { workbook, state } = cloneWorkload(w);
  const { env, sandbox } = loadSandbox({ workbook, state, now: w.now, owner: w.owner, latency: REALISTIC_LATENCY });
  setMailQuota(env, 1500, 1500); // a Workspace account
  const runs: { result: RunResult; ms: number }[] = [];
  runs.push(timed<RunResult>(env, sandbox, 'runHourly'));
  for (let i = 0; i < 5 && runs[runs.length - 1].result.deferred; i++) {
    env.clock.advance(60 * MINUTE);
    runs.push(timed<RunResult>(env, sandbox, 'runHourly'));
  }
  // The next hour's run finds the day done.
  env.clock.advance(60 * MINUTE);
  expect(sandbox.call('runHourly', [], { context: 'trigger' })).toMatchObject({ sent: 0, waiting: 'done' });
  return { env, sandbox, runs };
}

describe('the daily reminders with more emails than 6 minutes can send', () => {
  test('each run stops sending before the limit and defers the rest; the retries send them, each email once', () => {
    const planned = new Set(w.emails.map((e) => e.to));
    // One run sending everything would take this long: more than 6 minutes.
    expect(w.emails.length * REALISTIC_LATENCY['MailApp.sendEmail']).toBeGreaterThan(EXECUTION_LIMITS.script);
    const { env, sandbox, runs } = sendTheDay();
    for (const r of runs) expect(r.ms).toBeLessThan(EXECUTION_LIMITS.script);
    expect(runs.length).toBeGreaterThan(1);
    expect(runs[0].result.deferred).toBeGreaterThan(0);
    expect(runs[runs.length - 1].result.deferred).toBe(0);
    expect(runs.reduce((n, r) => n + r.result.sent, 0)).toBe(w.emails.length);
    // Every planned recipient got exactly one email.
    const to = sentMail(env).map((m) => m.to[0].toLowerCase());
    expect(new Set(to)).toEqual(planned);
    expect(to).toHaveLength(planned.size);
    // The log says what was deferred and when it was sent.
    const log = reminderLogRows(sandbox).filter((r) => r.key.startsWith(w.day));
    expect(log.filter((r) => r.result.startsWith('Chưa gửi') && /hết thời gian chạy/.test(r.result)).length).toBe(runs[0].result.deferred + runs.slice(1, -1).reduce((n, r) => n + r.result.deferred, 0));
    expect(log.filter((r) => r.result.startsWith('Đã gửi'))).toHaveLength(w.emails.length);
    process.stdout.write(`time limits: ${w.emails.length} reminders sent in ${runs.length} runs of ${runs.map((r) => `${Math.round(r.ms / 1000)} s (${r.result.sent} sent)`).join(', ')}\n`);
  });
});

describe('every recipient answers by email', () => {
  test('processReplies records every answer inside the limit; the senders not answered before the limit are answered by the next runs, each exactly once', async () => {
    const { env, sandbox } = sendTheDay();
    js(sandbox, SET_SETTING, 'Nhận trả lời qua email', 'Có');
    // Everyone but the office (its summary goes to its own mailbox) answers.
    const reminders = sentMail(env).filter((m) => m.to[0].toLowerCase() !== w.owner.toLowerCase());
    env.clock.advance(30 * MINUTE);
    for (const m of reminders) {
      const planned = w.emails.find((e) => e.to === m.to[0].toLowerCase())!;
      const code = planned.items[0].taskCode;
      await addInboxMessage(env, { from: m.to[0], to: w.owner, subject: `Re: ${m.subject}`, text: `${code}: Đang thực hiện 50%, 1 tin bài trên trang TTĐT`, inReplyTo: m.messageId });
    }
    const sentBefore = sentMail(env).length;
    type Replies = { messages: number; applied: number; failed: number; postponed?: number; unanswered?: number; confirmed?: number };
    const first = timed<Replies>(env, sandbox, 'processReplies');
    expect(first.ms).toBeLessThan(EXECUTION_LIMITS.script);
    // More confirmations than one run can send: the first run stops answering before the limit.
    expect(first.result.unanswered).toBeGreaterThan(0);
    // The hourly runs after it: each inside the limit, until nothing is left to send.
    const later: { result: Replies; ms: number }[] = [];
    for (let i = 0; i < 6 && (later.length ? later[later.length - 1].result.unanswered : first.result.unanswered); i++) {
      env.clock.advance(60 * MINUTE);
      later.push(timed<Replies>(env, sandbox, 'processReplies'));
    }
    for (const r of later) expect(r.ms).toBeLessThan(EXECUTION_LIMITS.script);
    expect(later[later.length - 1].result.unanswered ?? 0).toBe(0);
    env.clock.advance(60 * MINUTE);
    const last = timed<Replies>(env, sandbox, 'processReplies');
    // Every reply handled once over the runs; nothing found again afterwards.
    expect(first.result.messages + later.reduce((n, r) => n + r.result.messages, 0)).toBe(reminders.length);
    expect(last.result.messages).toBe(0);
    expect(first.result.failed).toBe(0);
    const progress = js<unknown[][]>(sandbox, READ_SHEET, 'Tiến độ');
    const h = progress[0] as string[];
    const fromReplies = progress.slice(1).filter((r) => String(r[h.indexOf('Nguồn')]) === 'Thư trả lời');
    expect(fromReplies).toHaveLength(reminders.length);
    // Every sender confirmed exactly once, counted in the sent mail per recipient.
    const confirmations = sentMail(env).slice(sentBefore);
    const perSender = new Map<string, number>();
    for (const m of confirmations) perSender.set(m.to[0].toLowerCase(), (perSender.get(m.to[0].toLowerCase()) ?? 0) + 1);
    expect([...perSender.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(perSender.keys())).toEqual(new Set(reminders.map((m) => m.to[0].toLowerCase())));
    expect(confirmations.every((m) => m.subject.startsWith('Re: ') && m.body.includes('Đã ghi vào bảng theo dõi:'))).toBe(true);
    expect([first, ...later, last].reduce((n, r) => n + (r.result.confirmed ?? 0), 0)).toBe(reminders.length);
    process.stdout.write(
      `time limits: ${reminders.length} replies: run 1 ${Math.round(first.ms / 1000)} s (${first.result.messages} read, ${first.result.postponed ?? 0} threads postponed, ${first.result.confirmed ?? 0} confirmed, ${first.result.unanswered ?? 0} left), ` +
        later.map((r, i) => `run ${i + 2} ${Math.round(r.ms / 1000)} s (${r.result.messages} read, ${r.result.confirmed ?? 0} confirmed, ${r.result.unanswered ?? 0} left)`).join(', ') +
        `; ${perSender.size} senders confirmed once each\n`,
    );
  });
});

describe('the year report and a large import', () => {
  test('the year report of 800 tasks and the import of a 600-row table finish well inside the limit', () => {
    const { workbook, state } = cloneWorkload(w);
    const { env, sandbox } = loadSandbox({ workbook, state, now: '2024-12-20T09:00:00+07:00', owner: w.owner, latency: REALISTIC_LATENCY });
    const report = timed<{ number: string }>(env, sandbox, 'generateReport', [{ period: 'Năm 2024', again: true }], 'ui');
    expect(report.result.number).toMatch(/\/BC-UBND$/);
    expect(report.ms).toBeLessThan(EXECUTION_LIMITS.script / 4);

    const lines = ['STT\tNhiệm vụ cụ thể\tSản phẩm/kết quả\tCán bộ, công chức chủ trì\tCán bộ, công chức phối hợp\tThời gian thực hiện'];
    for (let i = 1; i <= 600; i++) lines.push(`${i}\tTuyên truyền nội dung số ${i} về cải cách hành chính\tTin bài\tVăn phòng HĐND&UBND xã\t\tQuý ${['I', 'II', 'III', 'IV'][i % 4]}/2024`);
    const imported = timed<{ added: number }>(env, sandbox, 'importPlanText', [lines.join('\n')], 'ui');
    expect(imported.result.added).toBe(600);
    expect(imported.ms).toBeLessThan(EXECUTION_LIMITS.script / 4);
    process.stdout.write(`time limits: year report of 800 tasks ${Math.round(report.ms / 1000)} s, import of 600 rows ${Math.round(imported.ms / 1000)} s\n`);
  });
});
