/**
 * The benchmark's workloads and accounting (bench/workloads.ts, bench/run.ts), checked on the
 * small scales only. No timings are asserted: this proves the generator builds what it says
 * (a plan the product reads without errors, a year of entries before the benchmark's day, the
 * reminder log a year of daily runs would leave) and that the "fewest calls" the bench compares
 * with are counted right, against an independent count on the built bundle.
 */
import { readPlan } from '../../src/core/plan';
import { emailProblem } from '../../src/core/people';
import { planReminders } from '../../src/core/reminders';
import { addDays } from '../../src/core/dates';
import { PLAN_COLUMNS, PROGRESS_COLUMNS, REMINDER_COLUMNS, findColumns } from '../../src/core/schema';
import type { ProgressEntry } from '../../src/core/types';
import { Env } from '../../emulator/core/env';
import { Sandbox } from '../../emulator/sandbox';
import { sentMail, setMailQuota } from '../../emulator/services/mail';
import { bundle } from '../support/sandbox';
import {
  WORKLOADS,
  busiestDay,
  callKind,
  cloneWorkload,
  dataCalls,
  fewestCalls,
  generateWorkload,
  reminderDays,
  workloadSpec,
  type Workload,
} from '../../bench/workloads';
import { OPERATIONS, runOperation } from '../../bench/run';

const seed = generateWorkload(workloadSpec('seed'));
const tenfold = generateWorkload(workloadSpec('10x'));

function entriesOf(w: Workload): ProgressEntry[] {
  const c = findColumns(w.values.progress[0], PROGRESS_COLUMNS).index;
  return w.values.progress.slice(1).map((r) => ({
    at: '',
    taskCode: String(r[c.taskCode!]),
    reporter: '',
    status: 'Đang thực hiện',
    percent: 0,
    channel: '',
    quantity: 0,
    note: '',
    evidenceUrl: '',
    reportDate: new Date((r[c.reportDate!] as Date).getTime() + 7 * 3600000).toISOString().slice(0, 10),
    source: 'sidebar',
    submissionId: '',
  }));
}

describe('generated workloads', () => {
  test('the four scales are the seed plan, 10×, 100× and 1,000 tasks with 100,000 progress rows', () => {
    expect(WORKLOADS.map((w) => [w.name, w.tasks, w.entries])).toEqual([
      ['seed', 8, 416],
      ['10x', 80, 4160],
      ['100x', 800, 41600],
      ['stress', 1000, 100000],
    ]);
  });

  test.each([
    ['seed', seed],
    ['10x', tenfold],
  ])('%s: the product reads the plan without problems, every lead resolves, every address is real', (_, w) => {
    const read = readPlan(w.values.plan, w.values.people, w.settings);
    expect(read.problems).toEqual([]);
    expect(read.tasks).toHaveLength(w.spec.tasks);
    for (const t of read.tasks) expect(t.leads.length).toBeGreaterThan(0);
    for (const p of read.people) expect(emailProblem(p.email)).toBeNull();
    expect(emailProblem(w.settings.officeEmail)).toBeNull();
  });

  test('the progress log has the spec\'s rows, all dated before the benchmark\'s day, every task reported', () => {
    for (const w of [seed, tenfold]) {
      const entries = entriesOf(w);
      expect(entries).toHaveLength(w.spec.entries);
      expect(entries.every((e) => e.reportDate >= '2024-01-02' && e.reportDate < w.day)).toBe(true);
      expect(new Set(entries.map((e) => e.taskCode)).size).toBe(w.spec.tasks);
    }
  });

  test('the seed\'s busy day is 17/12/2024: d-14 of the three tasks due 31/12, one email to each lead', () => {
    expect(seed.day).toBe('2024-12-17');
    expect(seed.emails.map((e) => e.items.map((i) => `${i.taskCode} ${i.occasion}`))).toEqual([['NV06 d-14:2024-12-31'], ['NV08 d-14:2024-12-31'], ['NV07 d-14:2024-12-31']]);
  });

  test('the reminder log is what daily runs up to the day leave, and no earlier day was busier', () => {
    const w = tenfold;
    const entries = entriesOf(w).sort((a, b) => (a.reportDate < b.reportDate ? -1 : a.reportDate > b.reportDate ? 1 : 0));
    const sent = new Set<string>();
    let rows = 0;
    let known = 0;
    let busiest = 0;
    // Every day of the year up to the benchmark's day (the generator plans only reminderDays).
    for (let d = '2024-01-02'; d < w.day; d = addDays(d, 1)) {
      while (known < entries.length && entries[known].reportDate < d) known++;
      const emails = planReminders({ tasks: w.tasks, entries: entries.slice(0, known), settings: w.settings, sentKeys: sent, today: d });
      busiest = Math.max(busiest, emails.length);
      for (const e of emails) {
        for (const i of e.items) sent.add(i.key);
        rows++;
      }
    }
    expect(w.values.reminders.length - 1).toBe(rows);
    const [head, ...logRows] = w.values.reminders;
    const tasksAt = head.indexOf(REMINDER_COLUMNS.tasks);
    const recipientAt = head.indexOf(REMINDER_COLUMNS.recipient);
    const logged = new Set(logRows.flatMap((r) => String(r[tasksAt]).split('\n').map((line) => `${line.split(': ')[1]}|${line.split(': ')[0]}|${String(r[recipientAt])}`)));
    expect(logged).toEqual(sent);
    const today = planReminders({ tasks: w.tasks, entries, settings: w.settings, sentKeys: sent, today: w.day });
    expect(today).toEqual(w.emails);
    expect(w.emails.length).toBeGreaterThan(busiest);
  });

  test('busiestDay over reminderDays picks the same day from a fraction of the year', () => {
    const w = tenfold;
    expect(busiestDay(w.tasks, entriesOf(w), w.settings).day).toBe(w.day);
    const days = reminderDays(w.tasks, w.settings, '2024-12-31');
    expect(days).toContain(w.day);
    expect(days.length).toBeLessThan(120);
  });

  test('a copy for one run shares nothing that a run could change', () => {
    const copy = cloneWorkload(seed);
    const plan = copy.workbook.sheet('Kế hoạch')!;
    const statusAt = plan.rows[0].indexOf(PLAN_COLUMNS.status);
    expect(statusAt).toBeGreaterThan(0);
    plan.rows[1][statusAt] = 'Hoàn thành';
    copy.state.documentProperties.x = 'y';
    expect(seed.workbook.sheet('Kế hoạch')!.rows[1][statusAt]).toBe('Đang thực hiện');
    expect(seed.state.documentProperties.x).toBeUndefined();
  });
});

describe('accounting', () => {
  test('calls are classed as reads, writes, sends, documents or other', () => {
    expect(callKind('Range.getValues')).toBe('read');
    expect(callKind('Range.getNotes')).toBe('read');
    expect(callKind('Range.getBackgrounds')).toBe('read');
    expect(callKind('Range.setValues')).toBe('write');
    expect(callKind('Sheet.appendRow')).toBe('write');
    expect(callKind('Range.setNotes')).toBe('write');
    expect(callKind('MailApp.sendEmail')).toBe('send');
    expect(callKind('DocumentApp.create')).toBe('create');
    expect(callKind('Drive.Files.copy')).toBe('create');
    for (const m of ['Sheet.getRange', 'Spreadsheet.getSheetByName', 'Sheet.getDataRange', 'MailApp.getRemainingDailyQuota', 'Lock.waitLock']) expect(callKind(m)).toBe('other');
    expect(dataCalls({ 'Range.getValues': 3, 'Range.setValues': 2, 'Sheet.appendRow': 1, 'MailApp.sendEmail': 4, 'Sheet.getRange': 7 })).toEqual({ reads: 3, writes: 3, sends: 4, creates: 0, other: 7 });
  });

  test('the fewest calls follow from what each operation touches', () => {
    expect(fewestCalls('getProgressFormData', seed)).toMatchObject({ reads: 3, writes: 0, sends: 0, creates: 0 });
    expect(fewestCalls('submitProgress', seed)).toMatchObject({ reads: 5, writes: 2, sends: 0 });
    expect(fewestCalls('validatePlan', seed, { problemSheets: 0 })).toMatchObject({ reads: 8, writes: 0 });
    expect(fewestCalls('validatePlan', seed, { problemSheets: 2, planMarked: true })).toMatchObject({ reads: 9, writes: 4 });
    expect(fewestCalls('runDailyReminders', tenfold)).toMatchObject({ reads: 5, sends: tenfold.emails.length, writes: tenfold.emails.length });
    expect(fewestCalls('generateReport', tenfold)).toMatchObject({ reads: 5, writes: 1, creates: 1 });
  });

  test('on the seed workload every operation runs at its fewest calls, counted independently', () => {
    const { code, files } = bundle();
    for (const op of OPERATIONS) {
      const r = runOperation(op, seed, code, files, 1);
      expect({ op, outcomeOk: r.outcomeOk, atFewest: r.atFewest, stable: r.stable }).toEqual({ op, outcomeOk: true, atFewest: true, stable: true });
      // The bench's reads and writes are the emulator's own counts of those methods.
      const m = r.byMethod;
      const n = (k: string) => m[k] ?? 0;
      expect(r.data.reads).toBe(n('Range.getValues') + n('Range.getNotes') + n('Range.getBackgrounds'));
      expect(r.data.writes).toBe(n('Range.setValues') + n('Sheet.appendRow') + n('Range.setNotes') + n('Range.setBackgrounds'));
      expect(r.memory.peakHeapMb).toBeGreaterThanOrEqual(0);
    }
  });

  test('the hourly trigger\'s runs with nothing to do make the same calls on a plan ten times as large, and read no sheet once the day is done', () => {
    const { code, files } = bundle();
    const idle = (w: Workload) => {
      const { workbook, state } = cloneWorkload(w);
      const env = new Env(workbook, { now: w.now, owner: w.owner, user: w.owner, state });
      env.files = files;
      setMailQuota(env, 1500, 1500);
      const sandbox = new Sandbox(env, code);
      const hourly = () => sandbox.call('runHourly', [], { context: 'trigger' }) as { sent: number; waiting?: string };
      env.clock.advance(-60 * 60 * 1000);
      env.calls.reset();
      expect(hourly()).toMatchObject({ sent: 0, waiting: 'early' });
      const early = env.calls.byMethod();
      env.clock.advance(60 * 60 * 1000);
      expect(hourly().sent).toBe(w.emails.length);
      env.clock.advance(60 * 60 * 1000);
      env.calls.reset();
      expect(hourly()).toMatchObject({ sent: 0, waiting: 'done' });
      return { early, done: env.calls.byMethod() };
    };
    const small = idle(seed);
    const large = idle(tenfold);
    expect(large).toEqual(small);
    expect(dataCalls(small.early).reads).toBe(1);
    expect(dataCalls(small.done)).toMatchObject({ reads: 0, writes: 0, sends: 0 });
    expect(Object.values(small.done).reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(12);
  });

  test('the daily run sends what the planner says is due, one email per recipient', () => {
    const { code, files } = bundle();
    const { workbook, state } = cloneWorkload(seed);
    const env = new Env(workbook, { now: seed.now, owner: seed.owner, user: seed.owner, state });
    env.files = files;
    setMailQuota(env, 1500, 1500);
    const sandbox = new Sandbox(env, code);
    env.calls.reset();
    sandbox.call('runDailyReminders', [], { context: 'trigger' });
    const mails = sentMail(env);
    expect(mails.map((m) => m.to[0])).toEqual(seed.emails.map((e) => e.to));
    expect(dataCalls(env.calls.byMethod()).sends).toBe(fewestCalls('runDailyReminders', seed).sends);
  });
});
