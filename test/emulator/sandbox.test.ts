import { loadSandbox } from '../support/sandbox';

describe('the sandbox runs the bundle as Apps Script would', () => {
  test("Node's globals are absent, Apps Script's services are present", () => {
    const { sandbox } = loadSandbox();
    for (const name of ['require', 'process', 'Buffer', 'setTimeout', 'setInterval', 'fetch', 'module', 'exports', '__dirname']) {
      expect(sandbox.evaluate(`typeof ${name}`)).toBe('undefined');
    }
    for (const name of ['SpreadsheetApp', 'PropertiesService', 'CacheService', 'LockService', 'Utilities', 'Session', 'ScriptApp', 'HtmlService', 'Logger', 'MailApp', 'DocumentApp', 'DriveApp']) {
      expect(sandbox.evaluate(`typeof ${name}`)).toBe('object');
    }
  });

  test('Date follows the emulator clock and dates from services are the sandbox realm Dates', () => {
    const { env, sandbox } = loadSandbox({ now: '2024-03-08T07:00:00+07:00' });
    expect(sandbox.evaluate('new Date().toISOString()')).toBe('2024-03-08T00:00:00.000Z');
    expect(sandbox.evaluate('Date.now()')).toBe(Date.parse('2024-03-08T00:00:00Z'));
    env.clock.set('2025-01-01T00:00:00Z');
    expect(sandbox.evaluate('new Date().getUTCFullYear()')).toBe(2025);
    sandbox.evaluate(`SpreadsheetApp.getActiveSpreadsheet().insertSheet('T').getRange(1, 1).setValue(new Date(Date.UTC(2024, 0, 2)))`);
    expect(sandbox.evaluate(`SpreadsheetApp.getActiveSpreadsheet().getSheetByName('T').getRange(1, 1).getValue() instanceof Date`)).toBe(true);
    expect(sandbox.evaluate(`Array.isArray(SpreadsheetApp.getActiveSpreadsheet().getSheetByName('T').getDataRange().getValues())`)).toBe(true);
    expect(sandbox.evaluate(`SpreadsheetApp.getActiveSpreadsheet().getSheetByName('T').getDataRange().getValues() instanceof Array`)).toBe(true);
  });

  test('errors thrown by services are Errors of the sandbox realm, with the service message', () => {
    const { sandbox } = loadSandbox();
    const out = sandbox.evaluate(`(() => { try { SpreadsheetApp.getActiveSpreadsheet().insertSheet('X').getRange(1, 1, 0, 1); return 'no error'; } catch (e) { return [e instanceof Error, e.message]; } })()`) as [boolean, string];
    expect(out[0]).toBe(true);
    expect(out[1]).toMatch(/number of rows/i);
  });

  test('the call counter counts every service call per method and per service', () => {
    const { env, sandbox } = loadSandbox();
    sandbox.evaluate(`(() => { const s = SpreadsheetApp.getActiveSpreadsheet().insertSheet('C'); s.getRange(1, 1, 1, 2).setValues([[1, 2]]); s.getRange(1, 1, 1, 2).getValues(); PropertiesService.getScriptProperties().getProperty('x'); })()`);
    expect(env.calls.count('Range.setValues')).toBe(1);
    expect(env.calls.count('Range.getValues')).toBe(1);
    expect(env.calls.count('Sheet.getRange')).toBe(2);
    expect(env.calls.count('Properties.getProperty')).toBe(1);
    expect(env.calls.byService().SpreadsheetApp).toBe(6);
    expect(env.calls.byService().PropertiesService).toBe(2);
    env.calls.reset();
    expect(env.calls.total()).toBe(0);
  });

  test('an injected fault surfaces as the given exception on the nth call only', () => {
    const { env, sandbox } = loadSandbox();
    env.faults.add({ method: 'Properties.setProperty', nth: 2, message: 'Service unavailable: Properties' });
    const run = () => sandbox.evaluate(`(() => { try { PropertiesService.getScriptProperties().setProperty('k', 'v'); return 'ok'; } catch (e) { return 'threw: ' + e.message; } })()`);
    expect(run()).toBe('ok');
    expect(run()).toBe('threw: Service unavailable: Properties');
    expect(run()).toBe('ok');
  });

  // developers.google.com/apps-script/reference/base/session#getEffectiveUser(): "If the script
  // is running under an installable trigger, this returns the account of the user who created the
  // trigger"; MailApp sends as that account.
  test('a run from an installable trigger runs as the user who created it, and its mail is from that user', () => {
    const { env, sandbox } = loadSandbox({ owner: 'vanphong.tanviet@gmail.com', user: 'vanphong.tanviet@gmail.com' });
    sandbox.evaluate(`globalThis.installWhoRuns = function () {
      return ScriptApp.newTrigger('whoRuns').timeBased().everyDays(1).atHour(7).create().getUniqueId();
    }`);
    sandbox.evaluate(`globalThis.whoRuns = function (e) {
      MailApp.sendEmail('lan.tuphap@gmail.com', 'Thử', 'Nội dung');
      return [Session.getActiveUser().getEmail(), Session.getEffectiveUser().getEmail(), ScriptApp.getProjectTriggers().length];
    }`);
    const uid = sandbox.call('installWhoRuns', [], { context: 'ui', user: 'congchuc.tuphap@gmail.com' });
    expect(sandbox.call('whoRuns', [{ triggerUid: uid }], { context: 'trigger' })).toEqual(['congchuc.tuphap@gmail.com', 'congchuc.tuphap@gmail.com', 1]);
    const sent = (env.state.services.mail as { sent: { from: string }[] }).sent;
    expect(sent[sent.length - 1].from).toBe('congchuc.tuphap@gmail.com');
    // Without a trigger's event the emulator runs it as the default user (the owner here).
    expect(sandbox.call('whoRuns', [], { context: 'trigger' })).toEqual(['vanphong.tanviet@gmail.com', 'vanphong.tanviet@gmail.com', 0]);
    expect(env.user).toBe('vanphong.tanviet@gmail.com');
  });

  test('calling a function that does not exist fails with Apps Script\'s message', () => {
    const { sandbox } = loadSandbox();
    expect(() => sandbox.call('noSuchFunction')).toThrow('Script function not found: noSuchFunction');
    expect(() => sandbox.call('constructor')).toThrow('Script function not found');
  });
});
