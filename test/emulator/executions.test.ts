/**
 * Overlapping executions and edits between calls: the emulator runs one thing at a time, but a
 * test can run a whole other execution, or a person's edit, at any boundary between two service
 * calls of an execution (env.beforeCall). Locks belong to executions, so the second execution
 * finds the first one's lock held.
 */
import { Env } from '../../emulator/core/env';
import { createWorkbook } from '../../emulator/services/spreadsheet/model';
import { Sandbox } from '../../emulator/sandbox';
import { lockHolder } from '../../emulator/services/lock';

/** A tiny script: a counter in a cell, incremented with or without the script lock. */
const SCRIPT = `
function sheet() { return SpreadsheetApp.getActiveSpreadsheet().getSheetByName('C') || SpreadsheetApp.getActiveSpreadsheet().insertSheet('C'); }
function incrementLocked() {
  var lock = LockService.getScriptLock();
  if (!lock.tryLock(10000)) return 'busy';
  try { var r = sheet().getRange(1, 1); var n = Number(r.getValue()) || 0; r.setValue(n + 1); return 'done'; }
  finally { lock.releaseLock(); }
}
function incrementUnlocked() { var r = sheet().getRange(1, 1); var n = Number(r.getValue()) || 0; r.setValue(n + 1); return 'done'; }
function holdAndForget() { LockService.getScriptLock().waitLock(1000); return 'held'; }
function hasLockNow() { var l = LockService.getScriptLock(); return l.tryLock(0); }
function value() { return sheet().getRange(1, 1).getValue(); }
`;

function setup(): { env: Env; sandbox: Sandbox } {
  const env = new Env(createWorkbook('T'), { now: '2024-03-08T09:00:00+07:00' });
  return { env, sandbox: new Sandbox(env, SCRIPT) };
}

describe('overlapping executions', () => {
  test('an execution run between two calls of another finds the lock held and waits out its timeout', () => {
    const { env, sandbox } = setup();
    sandbox.call('value');
    const outcomes: unknown[] = [];
    const before = env.clock.now();
    env.beforeCall = (name) => {
      if (name === 'Range.setValue') outcomes.push(sandbox.call('incrementLocked'));
    };
    expect(sandbox.call('incrementLocked')).toBe('done');
    env.beforeCall = null;
    expect(outcomes).toEqual(['busy']);
    expect(env.clock.now() - before).toBe(10000);
    expect(sandbox.call('value')).toBe(1);
  });

  test('without the lock the same interleaving loses an update (the hazard the lock prevents)', () => {
    const { env, sandbox } = setup();
    sandbox.call('value');
    env.beforeCall = (name) => {
      if (name === 'Range.setValue') sandbox.call('incrementUnlocked');
    };
    sandbox.call('incrementUnlocked');
    env.beforeCall = null;
    expect(sandbox.call('value')).toBe(1);
  });

  test("an execution's locks end with it; the hook runs once per boundary and not for its own calls", () => {
    const { env, sandbox } = setup();
    sandbox.call('value');
    expect(sandbox.call('holdAndForget')).toBe('held');
    expect(lockHolder(env, 'script')).toBeUndefined();
    expect(sandbox.call('hasLockNow')).toBe(true);
    const seen: [string, number][] = [];
    env.beforeCall = (name, seq) => {
      seen.push([name, seq]);
      sandbox.evaluate(`SpreadsheetApp.getActiveSpreadsheet().getSheetByName('C').getRange(2, 1).setValue('edit')`);
    };
    const start = env.calls.sequence;
    sandbox.call('value');
    env.beforeCall = null;
    expect(seen.map(([n]) => n)).toEqual(['SpreadsheetApp.getActiveSpreadsheet', 'Spreadsheet.getSheetByName', 'Sheet.getRange', 'Range.getValue']);
    // Each boundary's position counts the calls the edits made too.
    expect(seen[0][1]).toBe(start + 1);
    expect(seen[1][1]).toBeGreaterThan(seen[0][1] + 1);
  });

  test('a person’s edit between two calls is seen by the later call', () => {
    const { env, sandbox } = setup();
    sandbox.call('value');
    env.beforeCall = (name) => {
      if (name === 'Range.getValue') sandbox.evaluate(`SpreadsheetApp.getActiveSpreadsheet().getSheetByName('C').getRange(1, 1).setValue(41)`);
    };
    expect(sandbox.call('value')).toBe(41);
  });
});
