/**
 * Apps Script's execution time limits on the emulator's clock: 6 minutes for an execution,
 * 30 seconds for a simple trigger (onOpen/onEdit) and a custom function, measured from the
 * execution's start on the clock that sleeps, lock waits and the opt-in per-call latency move.
 * Past the limit the execution ends with "Exceeded maximum execution time", whatever the script
 * does with the error, and its locks are released.
 */
import { Env } from '../../emulator/core/env';
import { createWorkbook } from '../../emulator/services/spreadsheet/model';
import { Sandbox } from '../../emulator/sandbox';
import { sentMail, setMailQuota } from '../../emulator/services/mail';

const SCRIPT = `
function sendMany(n) {
  for (let i = 0; i < n; i++) MailApp.sendEmail('canbo' + i + '@example.com', 'Nhắc việc', 'Nội dung');
  return n;
}
function sendCatching(n) {
  let errors = 0;
  for (let i = 0; i < n; i++) {
    try { MailApp.sendEmail('canbo' + i + '@example.com', 'Nhắc việc', 'Nội dung'); } catch (e) { errors++; }
  }
  return errors;
}
function sleepFor(ms) { Utilities.sleep(ms); return 'done'; }
function sleepTimes(n, ms) { for (let i = 0; i < n; i++) Utilities.sleep(ms); return 'done'; }
function onEdit(e) { Utilities.sleep(e.ms); SpreadsheetApp.getActiveSpreadsheet().getActiveSheet().getRange(1, 1).setValue('sửa'); }
function onOpen() { Utilities.sleep(31000); }
function lockAndSleep(n, ms) { LockService.getScriptLock().waitLock(1000); for (let i = 0; i < n; i++) Utilities.sleep(ms); }
function elapsedAfter(ms) { const t = Date.now(); Utilities.sleep(ms); return Date.now() - t; }
`;

function setup(latency?: Record<string, number>) {
  const env = new Env(createWorkbook('Kiểm thử'), { now: '2024-03-08T07:00:00+07:00', latency });
  setMailQuota(env, 1500, 1500);
  const sandbox = new Sandbox(env, SCRIPT);
  return { env, sandbox };
}

describe('execution time limits', () => {
  test('without a latency model calls take no time: a long run of calls is never stopped', () => {
    const { env, sandbox } = setup();
    expect(sandbox.call('sendMany', [1000])).toBe(1000);
    expect(sentMail(env)).toHaveLength(1000);
    expect(env.clock.now()).toBe(Date.parse('2024-03-08T07:00:00+07:00'));
  });

  test('with 1.2 s per email an execution is ended past 6 minutes with Apps Script\'s error', () => {
    const { env, sandbox } = setup({ 'MailApp.sendEmail': 1200 });
    expect(() => sandbox.call('sendMany', [400])).toThrow('Exceeded maximum execution time');
    // 300 emails take exactly 6 minutes; the 301st is the call during which the limit passes:
    // it took effect (the script never learnt so), nothing after it did.
    expect(sentMail(env)).toHaveLength(301);
    // The next execution starts afresh.
    expect(sandbox.call('sendMany', [10])).toBe(10);
  });

  test('a script that catches the error is still ended: every later call fails, then the execution does', () => {
    const { env, sandbox } = setup({ 'MailApp.sendEmail': 1200 });
    expect(() => sandbox.call('sendCatching', [400])).toThrow('Exceeded maximum execution time');
    expect(sentMail(env)).toHaveLength(301);
  });

  test('latency may be given per service and as a default; the clock moves by it', () => {
    const { env, sandbox } = setup({ MailApp: 500, default: 100 });
    expect(sandbox.call('elapsedAfter', [1000])).toBe(1100); // the sleep's own call takes 100 ms more
    sandbox.call('sendMany', [2]);
    expect(env.clock.now()).toBe(Date.parse('2024-03-08T07:00:00+07:00') + 1100 + 1000);
  });

  test('sleeping past 6 minutes ends the execution; 6 minutes exactly do not', () => {
    const { sandbox } = setup();
    // Utilities.sleep waits at most 5 minutes a call.
    expect(sandbox.call('sleepTimes', [2, 3 * 60 * 1000])).toBe('done');
    expect(() => sandbox.call('sleepTimes', [3, 2 * 60 * 1000 + 1])).toThrow('Exceeded maximum execution time');
  });

  test('a simple trigger has 30 seconds; the same function as an installable trigger has 6 minutes', () => {
    const { env, sandbox } = setup();
    const sheet = () => env.workbook.activeSheet();
    expect(() => sandbox.call('onEdit', [{ ms: 31000 }], { context: 'ui', authMode: 'LIMITED' })).toThrow('Exceeded maximum execution time');
    expect(sheet().content(1, 1)).toBeUndefined();
    sandbox.call('onEdit', [{ ms: 29000 }], { context: 'ui', authMode: 'LIMITED' });
    expect(sheet().content(1, 1)).toBe('sửa');
    expect(() => sandbox.call('onOpen', [], { context: 'ui', authMode: 'LIMITED' })).toThrow('Exceeded maximum execution time');
    sandbox.call('onEdit', [{ ms: 120000 }], { context: 'trigger' });
  });

  test('a custom function has 30 seconds', () => {
    const { sandbox } = setup();
    expect(() => sandbox.call('sleepFor', [30001], { kind: 'customFunction' })).toThrow('Exceeded maximum execution time');
    expect(sandbox.call('sleepFor', [30000], { kind: 'customFunction' })).toBe('done');
  });

  test('an execution ended by the limit releases its locks', () => {
    const { env, sandbox } = setup();
    expect(() => sandbox.call('lockAndSleep', [2, 4 * 60 * 1000])).toThrow('Exceeded maximum execution time');
    expect(env.locks.size).toBe(0);
  });

  test('time spent by another execution run between two calls is not counted for the first', () => {
    const { env, sandbox } = setup({ 'MailApp.sendEmail': 1000 });
    let once = false;
    env.beforeCall = (name) => {
      if (once || name !== 'MailApp.sendEmail') return;
      once = true;
      sandbox.call('sleepFor', [5 * 60 * 1000]);
    };
    // 200 s of sending, with a 5-minute execution run meanwhile: neither is past its limit.
    expect(sandbox.call('sendMany', [200])).toBe(200);
    expect(env.executionElapsed()).toBe(0);
  });
});
