/**
 * State that belongs to a spreadsheet is the spreadsheet's (src/server/target.ts): in the Editor
 * add-on (dist-addon/) the link secret, the reminder journal, task codes and report numbers live
 * in Document Properties and writers take the document lock, so that another commune's
 * installation (which shares the add-on's Script Properties and script lock) is never read,
 * numbered or blocked. The bound script (dist/) keeps the script lock (its web app has no
 * document lock) and the same Document Properties.
 */
import { loadSandbox, type Target } from '../support/sandbox';
import { rows } from '../support/sheets';
import { RADIO_USER, radioEntry } from '../support/progress';
import { SHEETS } from '../../src/core/schema';
import { holdLockElsewhere } from '../../emulator/services/lock';

const USER = RADIO_USER;

const entry = (submissionId: string) => radioEntry({ submissionId });

function seeded(target: Target) {
  const t = loadSandbox({ target, now: '2024-03-08T09:30:00+07:00', user: USER });
  t.sandbox.call('setupWorkbook');
  return t;
}

describe.each(['bound', 'addon'] as Target[])('%s', (target) => {
  test('keeps the link secret, the codes and the report numbers in Document Properties, none in Script Properties', () => {
    const { sandbox, env } = seeded(target);
    sandbox.call('rotateLinkSecret');
    expect(env.state.documentProperties['cchc.linkSecret']).toMatch(/^[0-9a-f]{64}$/);
    expect(env.state.documentProperties['cchc.lastTaskCode']).toBeDefined();
    expect(env.state.scriptProperties).toEqual({});
  });
});

describe('the add-on', () => {
  test('is not blocked by another installation holding the shared script lock', () => {
    const { sandbox, env } = seeded('addon');
    holdLockElsewhere(env, 'script', true);
    const r = sandbox.call('submitProgress', [entry('sub-addon-0001')]) as { ok: boolean };
    expect(r.ok).toBe(true);
    expect(rows(sandbox, SHEETS.progress)).toHaveLength(1);
    expect(env.calls.count('LockService.getScriptLock')).toBe(0);
  });

  test('waits for this document\'s lock, and says the sheet is busy when another execution holds it', () => {
    const { sandbox, env } = seeded('addon');
    holdLockElsewhere(env, 'document', true);
    expect(() => sandbox.call('submitProgress', [entry('sub-addon-0002')])).toThrow(/Bảng tính đang bận/);
    holdLockElsewhere(env, 'document', false);
    expect(rows(sandbox, SHEETS.progress)).toHaveLength(0);
  });
});

describe('the bound script', () => {
  test('still serialises on the script lock (its web app has no document lock)', () => {
    const { sandbox, env } = seeded('bound');
    holdLockElsewhere(env, 'script', true);
    expect(() => sandbox.call('submitProgress', [entry('sub-bound-0001')])).toThrow(/Bảng tính đang bận/);
    expect(env.calls.count('LockService.getDocumentLock')).toBe(0);
  });
});
