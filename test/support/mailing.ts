/**
 * A workbook ready to send reminders, as the daily-run tests need it: set up, the seed units given
 * their real addresses, the office's address and the web-app address filled in; and the daily run
 * called as its trigger calls it.
 */
import { loadSandbox } from './sandbox';
import { js, READ_SHEET, SET_CELL, SET_SETTING, TEST_WEBAPP_URL } from './script';
import { sentMail } from '../../emulator/services/mail';
import { REAL_ADDRESSES } from './addresses';
import type { Env } from '../../emulator/core/env';
import type { FaultSpec } from '../../emulator/core/calls';
import type { Sandbox } from '../../emulator/sandbox';

/** The seed's units whose reminders are due on 8 March 2024 (the day these tests run). */
export const DUE_ON_8_MARCH = ['chutich.tanviet@gmail.com', 'dai.tanviet@gmail.com', 'motcua.tanviet@gmail.com', 'tuphap.tanviet@gmail.com', 'vanphong.tanviet@gmail.com'];

export function mailingWorkbook(now: string, owner: string): { env: Env; sandbox: Sandbox } {
  const { env, sandbox } = loadSandbox({ now, owner });
  sandbox.call('setupWorkbook');
  for (const [unit, email] of Object.entries(REAL_ADDRESSES)) js(sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', unit, 'Email', email);
  js(sandbox, SET_SETTING, 'Email Văn phòng', owner);
  js(sandbox, SET_SETTING, 'Địa chỉ web app', TEST_WEBAPP_URL);
  env.ui.length = 0;
  return { env, sandbox };
}

export type DailyRun = { sent: number; deferred: number; failed: number; skipped: number };

/** runDailyReminders as its time-driven trigger runs it. */
export const runDaily = (sandbox: Sandbox, event: unknown[] = []): DailyRun => sandbox.call('runDailyReminders', event, { context: 'trigger' }) as DailyRun;

export type HourlyRun = DailyRun & { waiting?: 'done' | 'early' | 'no-plan' | 'no-spreadsheet' };

/**
 * The reminders' hourly trigger as Apps Script fires it (its own trigger's id in the event); the
 * trigger must be installed (toggleReminders). At the clock's present time: move it first.
 */
export function runHourlyTrigger(env: Env, sandbox: Sandbox): HourlyRun {
  const hourly = env.state.triggers.find((t) => t.handler === 'runHourly');
  if (!hourly) throw new Error('no runHourly trigger installed');
  return sandbox.call('runHourly', [{ authMode: 'FULL', triggerUid: hourly.id }], { context: 'trigger' }) as HourlyRun;
}

/** What `fn` returned, or what it threw. */
export function attempt(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (e) {
    return e;
  }
}

/** "Đã gửi" rows of the reminder log, as "key tasks". */
export function sentRows(sandbox: Sandbox): string[] {
  const v = js<unknown[][]>(sandbox, READ_SHEET, 'Nhật ký nhắc việc');
  const h = v[0] as string[];
  return v
    .slice(1)
    .filter((r) => String(r[h.indexOf('Kết quả')]).startsWith('Đã gửi'))
    .map((r) => `${r[h.indexOf('Khóa')]} ${r[h.indexOf('Nhiệm vụ')]}`);
}

/** Each reminder due on 8 March went out once, and its "Đã gửi" row is in the log once. */
export function expectDueSentOnce(env: Env, sandbox: Sandbox): void {
  const rows = sentRows(sandbox);
  expect(rows).toHaveLength(new Set(rows).size);
  expect(rows).toHaveLength(DUE_ON_8_MARCH.length);
  expect(sentMail(env).map((m) => m.to[0]).sort()).toEqual(DUE_ON_8_MARCH);
}

/**
 * The day's run on 8 March with these faults, then two runs without: each reminder due went out
 * once and is logged once (the workbook of mailingWorkbook).
 */
export function expectDueSentOnceAfter(env: Env, sandbox: Sandbox, faults: FaultSpec[]): void {
  for (const f of faults) env.faults.add(f);
  attempt(() => runDaily(sandbox));
  env.faults.clear();
  runDaily(sandbox);
  runDaily(sandbox);
  expectDueSentOnce(env, sandbox);
}
