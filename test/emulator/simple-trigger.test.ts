/**
 * A simple trigger's execution (AuthMode.LIMITED): services that need the user's authorisation
 * refuse with Apps Script's "You do not have permission to call X" message, while the bound
 * spreadsheet, properties and the lock keep working (developers.google.com/apps-script/guides/triggers
 * #restrictions). Sandbox.call hands an event's Range through as the live Range object.
 */
import { Env } from '../../emulator/core/env';
import { createWorkbook } from '../../emulator/services/spreadsheet/model';
import { Sandbox } from '../../emulator/sandbox';
import { loadSandbox } from '../support/sandbox';

const SCRIPT = `
function attempt(e) {
  const out = {};
  const tries = {
    mail: () => MailApp.sendEmail('a@example.com', 'S', 'B'),
    quota: () => MailApp.getRemainingDailyQuota(),
    trigger: () => ScriptApp.newTrigger('f').timeBased().everyDays(1).create(),
    triggers: () => ScriptApp.getProjectTriggers(),
    drive: () => DriveApp.getRootFolder(),
    doc: () => DocumentApp.create('X'),
    gmail: () => GmailApp.search('is:unread'),
    openById: () => SpreadsheetApp.openById('abc'),
    sheet: () => SpreadsheetApp.getActiveSpreadsheet().getSheets().length,
    props: () => { PropertiesService.getDocumentProperties().setProperty('k', 'v'); return PropertiesService.getDocumentProperties().getProperty('k'); },
    lock: () => { const l = LockService.getScriptLock(); l.waitLock(1000); l.releaseLock(); return 'ok'; },
    authEnum: () => String(ScriptApp.AuthMode.LIMITED),
  };
  for (const k of Object.keys(tries)) {
    try { const v = tries[k](); out[k] = { ok: true, value: typeof v === 'object' ? 'object' : v }; }
    catch (err) { out[k] = { ok: false, message: err.message, text: String(err), isError: err instanceof Error }; }
  }
  return out;
}
function describeEvent(e) {
  return { a1: e.range.getA1Notation(), sheet: e.range.getSheet().getName(), value: e.value, authMode: String(e.authMode), source: e.source.getName() };
}
`;

function make() {
  const workbook = createWorkbook('Bảng thử');
  const env = new Env(workbook, { now: '2024-03-08T09:00:00+07:00' });
  const sandbox = new Sandbox(env, SCRIPT);
  sandbox.evaluate(`SpreadsheetApp.getActiveSpreadsheet().insertSheet('Kế hoạch')`);
  return { env, sandbox };
}

type Outcome = Record<string, { ok: boolean; value?: unknown; message?: string; text?: string; isError?: boolean }>;

describe('simple-trigger execution (AuthMode.LIMITED)', () => {
  test('authorised services refuse with Apps Script\'s permission message; the bound sheet, properties and lock work', () => {
    const { env, sandbox } = make();
    const out = sandbox.call('attempt', [{}], { context: 'ui', authMode: 'LIMITED' }) as Outcome;
    const refused: [string, string, string][] = [
      ['mail', 'MailApp.sendEmail', 'https://www.googleapis.com/auth/script.send_mail'],
      ['quota', 'MailApp.getRemainingDailyQuota', 'https://www.googleapis.com/auth/script.send_mail'],
      ['trigger', 'ScriptApp.newTrigger', 'https://www.googleapis.com/auth/script.scriptapp'],
      ['triggers', 'ScriptApp.getProjectTriggers', 'https://www.googleapis.com/auth/script.scriptapp'],
      ['drive', 'DriveApp.getRootFolder', 'https://www.googleapis.com/auth/drive'],
      ['doc', 'DocumentApp.create', 'https://www.googleapis.com/auth/documents'],
      ['gmail', 'GmailApp.search', 'https://mail.google.com/'],
      ['openById', 'SpreadsheetApp.openById', 'https://www.googleapis.com/auth/spreadsheets'],
    ];
    for (const [key, call, scope] of refused) {
      expect(out[key]).toEqual({
        ok: false,
        message: `You do not have permission to call ${call}. Required permissions: ${scope}`,
        text: `Exception: You do not have permission to call ${call}. Required permissions: ${scope}`,
        isError: true,
      });
    }
    expect(out.sheet).toEqual({ ok: true, value: 2 }); // the new workbook's first sheet and "Kế hoạch"
    expect(out.props).toEqual({ ok: true, value: 'v' });
    expect(out.lock).toEqual({ ok: true, value: 'ok' });
    expect(out.authEnum).toEqual({ ok: true, value: 'LIMITED' });
    // Nothing was sent, no trigger was created.
    expect(env.state.triggers).toEqual([]);
    expect(env.authMode).toBe('FULL');
  });

  test('the same calls run in a full-authorisation execution, before and after a limited one', () => {
    const { env, sandbox } = make();
    sandbox.call('attempt', [{}], { authMode: 'LIMITED' });
    const out = sandbox.call('attempt', [{}], { context: 'ui' }) as Outcome;
    expect(out.trigger.ok).toBe(true);
    expect(out.doc.ok).toBe(true);
    expect(out.drive.ok).toBe(true);
    expect(out.quota.ok).toBe(true);
    expect(env.state.triggers).toHaveLength(1);
  });

  test('an edit event\'s Range crosses Sandbox.call as the live Range object', () => {
    const { sandbox } = make();
    const range = sandbox.evaluate(`SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Kế hoạch').getRange(3, 2, 2, 1)`);
    const source = sandbox.evaluate('SpreadsheetApp.getActiveSpreadsheet()');
    const out = sandbox.call('describeEvent', [{ authMode: 'LIMITED', range, source, value: 'x' }], { authMode: 'LIMITED' });
    expect(out).toEqual({ a1: 'B3:B4', sheet: 'Kế hoạch', value: 'x', authMode: 'LIMITED', source: 'Bảng thử' });
  });
});

describe('Session in a simple trigger (AuthMode.LIMITED)', () => {
  test('the active user is blank for a consumer account other than the owner, known for the owner and within a Workspace domain', () => {
    const probe = (user: string, owner: string, authMode: 'LIMITED' | 'FULL') => {
      const { sandbox } = loadSandbox({ owner, user });
      sandbox.evaluate('globalThis.__who = function () { return Session.getActiveUser().getEmail(); }');
      return sandbox.call('__who', [], { authMode });
    };
    expect(probe('canbo@gmail.com', 'vanphong@gmail.com', 'LIMITED')).toBe('');
    expect(probe('vanphong@gmail.com', 'vanphong@gmail.com', 'LIMITED')).toBe('vanphong@gmail.com');
    expect(probe('canbo@tanviet.gov.vn', 'vanphong@tanviet.gov.vn', 'LIMITED')).toBe('canbo@tanviet.gov.vn');
    expect(probe('canbo@gmail.com', 'vanphong@gmail.com', 'FULL')).toBe('canbo@gmail.com');
  });
});
