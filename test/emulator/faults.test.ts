/**
 * Fault injection (emulator/core/calls.ts): faults before a call takes effect (the default) and,
 * opt-in, after it did (`when: 'after'`, `afterShare`), as a real service that fails on the way
 * back: the write landed, the email left, and the call still throws.
 */
import { Env, emptyState } from '../../emulator/core/env';
import { createWorkbook } from '../../emulator/services/spreadsheet/model';
import { createSpreadsheetApp } from '../../emulator/services/spreadsheet/spreadsheet';
import { createMailApp, sentMail } from '../../emulator/services/mail';
import { createPropertiesService } from '../../emulator/services/properties';
import { loadSandbox } from '../support/sandbox';
import { generator } from '../support/random';

const NOW = '2024-03-08T09:00:00+07:00';
const TIMEOUT = 'Service Spreadsheets timed out while accessing document with id 1cchcTrackerSweep.';

function sheetEnv() {
  const env = new Env(createWorkbook('Theo dõi kế hoạch CCHC'), { now: NOW });
  const sheet = createSpreadsheetApp(env).getActiveSpreadsheet().getActiveSheet();
  return { env, sheet };
}

describe('faults after the effect (FaultSpec.when)', () => {
  test("a setValues with when: 'after' writes the values, then throws", () => {
    const { env, sheet } = sheetEnv();
    env.faults.add({ method: 'Range.setValues', when: 'after', message: TIMEOUT });
    expect(() => sheet.getRange(1, 1, 1, 2).setValues([['NV01', 'Đang thực hiện']])).toThrow(TIMEOUT);
    expect(sheet.getRange(1, 1, 1, 2).getValues()).toEqual([['NV01', 'Đang thực hiện']]);
    expect(env.calls.count('Range.setValues')).toBe(1);
  });

  test("an appendRow with when: 'after' appends the row once, then throws", () => {
    const { env, sheet } = sheetEnv();
    env.faults.add({ method: 'Sheet.appendRow', when: 'after', message: TIMEOUT });
    expect(() => sheet.appendRow(['k1', 'a'])).toThrow(TIMEOUT);
    sheet.appendRow(['k2', 'b']);
    expect(sheet.getDataRange().getValues()).toEqual([
      ['k1', 'a'],
      ['k2', 'b'],
    ]);
  });

  test("a sendEmail with when: 'after' puts the email in the outbox, then throws", () => {
    const env = new Env(undefined as never, { now: NOW, owner: 'vanphong.tanviet@gmail.com' });
    const mail = createMailApp(env);
    env.faults.add({ method: 'MailApp.sendEmail', when: 'after', message: "We're sorry, a server error occurred." });
    // onAfterEffect is told once the email is in the outbox, before the call throws.
    const told: [string, number, number][] = [];
    env.faults.onAfterEffect = (method, sequence) => told.push([method, sequence, sentMail(env).length]);
    expect(() => mail.sendEmail('congchuc.tuphap@gmail.com', 'Nhắc việc CCHC', 'Kính gửi đồng chí')).toThrow('server error');
    expect(told).toEqual([['MailApp.sendEmail', env.calls.sequence, 1]]);
    expect(sentMail(env)).toHaveLength(1);
    expect(sentMail(env)[0]).toMatchObject({ to: ['congchuc.tuphap@gmail.com'], subject: 'Nhắc việc CCHC' });
  });

  test('the default (and before) throws before the effect: nothing written, nothing sent', () => {
    const { env, sheet } = sheetEnv();
    env.faults.add({ method: 'Range.setValues', message: TIMEOUT });
    env.faults.add({ method: 'Sheet.appendRow', when: 'before', message: TIMEOUT });
    expect(() => sheet.getRange(1, 1).setValues([[1]])).toThrow(TIMEOUT);
    expect(() => sheet.appendRow([2])).toThrow(TIMEOUT);
    expect(sheet.getLastRow()).toBe(0);
    const menv = new Env(undefined as never, { now: NOW, owner: 'vanphong.tanviet@gmail.com' });
    menv.faults.add({ method: 'MailApp.sendEmail' });
    expect(() => createMailApp(menv).sendEmail('a@gmail.com', 'S', 'B')).toThrow('fault injected by the emulator');
    expect(sentMail(menv)).toHaveLength(0);
  });

  test("in the sandbox, a setProperty with when: 'after' stores the value and throws the sandbox's Error", () => {
    const { env, sandbox } = loadSandbox();
    env.faults.add({ method: 'Properties.setProperty', when: 'after', message: 'Unexpected error while getting the method or property setProperty on object PropertiesService.Properties.' });
    const out = sandbox.evaluate(`(() => { try { PropertiesService.getScriptProperties().setProperty('k', 'v'); return 'ok'; } catch (e) { return [e instanceof Error, e.message]; } })()`);
    expect(out).toEqual([true, 'Unexpected error while getting the method or property setProperty on object PropertiesService.Properties.']);
    expect(env.state.scriptProperties).toEqual({ k: 'v' });
  });
});

describe('random faults after the effect (RandomFaultSpec.afterShare)', () => {
  /** Sets properties k0..k(n-1) with random faults; returns which threw and what was stored. */
  function run(afterShare: number | undefined, n = 400) {
    const env = new Env({} as never, { now: NOW, owner: 'vanphong.tanviet@gmail.com', state: emptyState() });
    const props = createPropertiesService(env).getScriptProperties();
    env.faults.random({ rate: 0.2, random: generator(7), ...(afterShare === undefined ? {} : { afterShare }) });
    const threw: string[] = [];
    for (let i = 0; i < n; i++) {
      try {
        props.setProperty(`k${i}`, 'v');
      } catch {
        threw.push(`k${i}`);
      }
    }
    env.faults.random(null);
    const stored = new Set(Object.keys(env.state.scriptProperties));
    return { threw, stored, injected: env.faults.injected };
  }

  test('default: every random fault strikes before (nothing stored for a call that threw), and the seed gives the same faults as afterShare 0', () => {
    const a = run(undefined);
    expect(a.threw.length).toBeGreaterThan(40);
    expect(a.threw.filter((k) => a.stored.has(k))).toEqual([]);
    expect(a.injected.every((f) => f.when === 'before')).toBe(true);
    expect(run(0).threw).toEqual(a.threw);
  });

  test('afterShare 0.5: about half the faults leave the value stored, and injected says which', () => {
    const r = run(0.5);
    const landed = r.threw.filter((k) => r.stored.has(k));
    const after = r.injected.filter((f) => f.when === 'after');
    expect(landed.length).toBe(after.length);
    expect(after.length).toBeGreaterThan(r.threw.length * 0.3);
    expect(after.length).toBeLessThan(r.threw.length * 0.7);
    // Calls that did not throw are stored too: only the 'before' faults lose a value.
    expect(400 - r.stored.size).toBe(r.threw.length - landed.length);
  });

  test('afterShare 1: every fault strikes after the effect; a Lock.waitLock fault is then a server error, not a timeout', () => {
    const r = run(1);
    expect(r.threw.length).toBeGreaterThan(40);
    expect(r.stored.size).toBe(400);
    const env = new Env({} as never, { now: NOW, owner: 'vanphong.tanviet@gmail.com', state: emptyState() });
    env.faults.random({ rate: 1, random: () => 0, afterShare: 1, applies: (m) => m === 'Lock.waitLock' });
    // (The message only: the lock's own fake needs an execution; the text is what matters here.)
    expect(env.faults.check('Lock.waitLock')?.message).toMatch(/server error/);
  });
});
