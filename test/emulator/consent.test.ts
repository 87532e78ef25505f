/**
 * Granular consent: each user has granted some of the manifest's scopes; calls that need a scope
 * the execution's user has not granted fail as Apps Script fails them, and ScriptApp answers
 * getAuthorizationInfo / requireScopes as its reference says
 * (developers.google.com/apps-script/reference/script/authorization-info, script-app#requireScopes).
 */
import { loadSandbox } from '../support/sandbox';
import { parseArgs } from '../../emulator/runner';

const SEND = 'https://www.googleapis.com/auth/script.send_mail';
const DOCS = 'https://www.googleapis.com/auth/documents';
const OWNER = 'vanphong.tanviet@gmail.com';

function probe(sandbox: ReturnType<typeof loadSandbox>['sandbox'], body: string, context: 'ui' | 'trigger' | 'webapp' = 'ui', user?: string): unknown {
  sandbox.evaluate(`globalThis.__probe = function () { ${body} }`);
  return sandbox.call('__probe', [], { context, user });
}

describe('granted scopes', () => {
  test('with every scope granted: NOT_REQUIRED, no URL, the asked scopes authorised, requireScopes passes', () => {
    const { sandbox, env } = loadSandbox({ owner: OWNER, user: OWNER });
    expect(env.manifestScopes).toContain(SEND);
    const out = probe(
      sandbox,
      `var i = ScriptApp.getAuthorizationInfo(ScriptApp.AuthMode.FULL, ['${SEND}', '${DOCS}']);
       ScriptApp.requireScopes(ScriptApp.AuthMode.FULL, ['${SEND}']);
       ScriptApp.requireAllScopes(ScriptApp.AuthMode.FULL);
       return [String(i.getAuthorizationStatus()), i.getAuthorizationUrl(), i.getAuthorizedScopes()];`,
    );
    expect(out).toEqual(['NOT_REQUIRED', null, [SEND, DOCS]]);
  });

  test('a user who unticked "send mail": MailApp refuses, AuthorizationInfo says so, requireScopes ends the execution', () => {
    const { sandbox, env } = loadSandbox({ owner: OWNER, user: OWNER });
    env.setDeniedScopes(OWNER, [SEND]);
    expect(() => probe(sandbox, `MailApp.sendEmail('a@gmail.com', 's', 'b');`)).toThrow(`You do not have permission to call MailApp.sendEmail. Required permissions: ${SEND}`);
    expect(() => probe(sandbox, `return MailApp.getRemainingDailyQuota();`)).toThrow(/Required permissions: .*script\.send_mail/);
    const info = probe(sandbox, `var i = ScriptApp.getAuthorizationInfo(ScriptApp.AuthMode.FULL, ['${SEND}', '${DOCS}']); return [String(i.getAuthorizationStatus()), i.getAuthorizationUrl(), i.getAuthorizedScopes()];`) as [string, string, string[]];
    expect(info[0]).toBe('REQUIRED');
    expect(info[1]).toMatch(/^https:\/\/script\.google\.com\/macros\/d\/.+\/authorize$/);
    expect(info[2]).toEqual([DOCS]);
    expect(() => probe(sandbox, `ScriptApp.requireScopes(ScriptApp.AuthMode.FULL, ['${SEND}']);`)).toThrow('Authorization is required to perform that action.');
    expect(env.ui.some((e) => e.title === 'Authorization required')).toBe(true);
    // Nothing else is refused.
    expect(probe(sandbox, `return SpreadsheetApp.getActiveSpreadsheet().getName();`)).toBe('Theo dõi kế hoạch CCHC');
  });

  test('consent is per user: a trigger runs with its creator\'s grants, the web app with the owner\'s', () => {
    const { sandbox, env } = loadSandbox({ owner: OWNER, user: OWNER });
    env.setDeniedScopes('other@gmail.com', [SEND]);
    expect(probe(sandbox, `return MailApp.getRemainingDailyQuota();`, 'ui', OWNER)).toBeGreaterThan(0);
    expect(() => probe(sandbox, `return MailApp.getRemainingDailyQuota();`, 'ui', 'other@gmail.com')).toThrow(/permission/);
    expect(probe(sandbox, `return MailApp.getRemainingDailyQuota();`, 'webapp', 'other@gmail.com')).toBeGreaterThan(0);
    env.setDeniedScopes(OWNER, [SEND]);
    expect(() => probe(sandbox, `return MailApp.getRemainingDailyQuota();`, 'trigger', OWNER)).toThrow(/permission/);
  });

  test('a scope the manifest does not list is never granted: DriveApp needs the full Drive scope', () => {
    const { sandbox, env } = loadSandbox({ owner: OWNER, user: OWNER });
    env.manifestScopes = (env.manifestScopes ?? []).filter((s) => s !== 'https://www.googleapis.com/auth/drive');
    expect(() => probe(sandbox, `DriveApp.createFolder('x');`)).toThrow('You do not have permission to call DriveApp.createFolder. Required permissions: https://www.googleapis.com/auth/drive');
  });

  test('FormApp.create and openById need the forms scope (the FormApp reference lists only it); both manifests ask for it', () => {
    for (const target of ['bound', 'addon'] as const) {
      const { sandbox, env } = loadSandbox({ owner: OWNER, user: OWNER, target });
      expect(env.manifestScopes).toContain('https://www.googleapis.com/auth/forms');
      expect(typeof probe(sandbox, `return FormApp.create('Cập nhật tiến độ').getId();`)).toBe('string');
      env.setDeniedScopes(OWNER, ['https://www.googleapis.com/auth/forms']);
      expect(() => probe(sandbox, `FormApp.create('x');`)).toThrow('You do not have permission to call FormApp.create. Required permissions: https://www.googleapis.com/auth/forms');
      expect(() => probe(sandbox, `FormApp.openById('abc');`)).toThrow('Required permissions: https://www.googleapis.com/auth/forms');
    }
  });

  test('the runner\'s --deny-scope takes short and full scope names, repeatable', () => {
    expect(parseArgs(['runDailyReminders', '--deny-scope', 'script.send_mail', '--deny-scope', 'https://mail.google.com/']).denyScopes).toEqual([SEND, 'https://mail.google.com/']);
  });

  test('deniedForRun refuses for whoever runs', () => {
    const { sandbox, env } = loadSandbox({ owner: OWNER, user: OWNER });
    env.deniedForRun.add(DOCS);
    expect(() => probe(sandbox, `DocumentApp.create('x');`)).toThrow(`Required permissions: ${DOCS}`);
  });
});
