/**
 * dist-addon/ run as an installed Editor add-on (EnvOptions.addon): the add-on menu and its
 * AuthMode.NONE form, one hourly trigger per document that runs the day's reminders once at the
 * configured hour (opening the spreadsheet by its stored id: a time-driven add-on run has no
 * active spreadsheet), and a bundle and manifest without Gmail or restricted scopes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadSandbox, bundle, DIST_DIRS } from '../support/sandbox';
import { js, SET_CELL } from '../support/script';
import { sentMail } from '../../emulator/services/mail';
import { faultAtCall } from '../support/faultAt';

const OWNER = 'vanphong.tanviet@gmail.com';

function installed(now = '2024-03-08T05:30:00+07:00') {
  const t = loadSandbox({ target: 'addon', addon: true, now, owner: OWNER, user: OWNER, webAppUrl: null });
  t.sandbox.call('onInstall', [{ authMode: 'FULL' }]);
  t.sandbox.call('setupWorkbook');
  js(t.sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', 'Đài truyền thanh xã', 'Email', 'dai.tanviet@gmail.com');
  js(t.sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', 'Công chức Tư pháp - Hộ tịch', 'Email', 'tuphap.tanviet@gmail.com');
  return t;
}

describe('the add-on menu', () => {
  test('in AuthMode.NONE offers only the start and the help, and touches nothing of the document', () => {
    const { sandbox, env } = loadSandbox({ target: 'addon', addon: true });
    sandbox.call('onOpen', [{ authMode: 'NONE' }], { authMode: 'NONE' });
    const menus = env.ui.filter((e) => e.kind === 'menu');
    expect(menus).toHaveLength(1);
    expect(menus[0].menu!.caption).toBe(''); // the add-on's menu: Google names it after the add-on
    expect(menus[0].menu!.items.map((i) => ('functionName' in i ? i.functionName : '-'))).toEqual(['setupWorkbook', 'showHelp']);
    expect(Object.keys(env.calls.byMethod()).filter((m) => !/^(SpreadsheetApp\.getUi|Ui\.|Menu\.)/.test(m))).toEqual([]);
  });

  test('once installed (onInstall, AuthMode.FULL) and on every later open it is the full menu, under Extensions', () => {
    const { sandbox, env } = loadSandbox({ target: 'addon', addon: true });
    sandbox.call('onInstall', [{ authMode: 'FULL' }]);
    sandbox.call('onOpen', [{ authMode: 'LIMITED' }], { authMode: 'LIMITED' });
    const menus = env.ui.filter((e) => e.kind === 'menu');
    expect(menus).toHaveLength(2);
    for (const m of menus) {
      expect(m.menu!.caption).toBe('');
      const fns = m.menu!.items.filter((i) => 'functionName' in i).map((i) => (i as { functionName: string }).functionName);
      expect(fns).toEqual(expect.arrayContaining(['showProgressSidebar', 'toggleReminders', 'showReportDialog', 'setupWorkbook']));
      for (const fn of fns) expect(sandbox.has(fn)).toBe(true);
    }
  });

  test('an item chosen from the NONE menu runs with full authorisation and sets the sheet up', () => {
    const { sandbox, env } = loadSandbox({ target: 'addon', addon: true });
    sandbox.call('setupWorkbook');
    expect(env.workbook.sheet('Kế hoạch')).toBeDefined();
  });
});

describe('reminders in the add-on', () => {
  test('turning them on makes one hourly trigger and one form-submit trigger in this document, and never a per-minute one', () => {
    const { sandbox, env } = installed();
    sandbox.call('toggleReminders');
    const mine = env.state.triggers;
    expect(mine.map((t) => [t.handler, t.eventType, t.everyHours ?? null]).sort()).toEqual([
      ['onAnswerSubmit', 'ON_FORM_SUBMIT', null],
      ['runHourly', 'CLOCK', 1],
    ]);
    for (const t of mine) expect(t.documentId).toBe(env.workbook.id);
    // Off then on: still one of each type (the add-on limit), the answer form's trigger kept.
    sandbox.call('toggleReminders');
    expect(env.state.triggers.map((t) => t.handler)).toEqual(['onAnswerSubmit']);
    sandbox.call('toggleReminders');
    expect(env.state.triggers.map((t) => t.handler).sort()).toEqual(['onAnswerSubmit', 'runHourly']);
  });

  test('the hourly trigger sends the day\'s reminders once, from the configured hour, without an active spreadsheet', () => {
    const { sandbox, env } = installed();
    sandbox.call('toggleReminders');
    const hourly = env.state.triggers.find((t) => t.handler === 'runHourly')!;
    const tick = (at: string) => {
      env.clock.set(at);
      return sandbox.call('runHourly', [{ authMode: 'FULL', triggerUid: hourly.id }], { context: 'trigger' }) as { sent: number };
    };
    expect(tick('2024-03-08T06:05:00+07:00').sent).toBe(0); // before 7:00 (Giờ gửi nhắc việc)
    expect(sentMail(env)).toHaveLength(0);
    const at7 = tick('2024-03-08T07:05:00+07:00');
    expect(at7.sent).toBeGreaterThan(0);
    const reads = env.calls.count('SpreadsheetApp.openById');
    expect(reads).toBeGreaterThan(0); // opened by its stored id: no active spreadsheet in this run
    const afterFirst = sentMail(env).length;
    expect(tick('2024-03-08T08:05:00+07:00').sent).toBe(0);
    expect(tick('2024-03-08T23:05:00+07:00').sent).toBe(0);
    expect(sentMail(env)).toHaveLength(afterFirst);
    // Links in the add-on's reminders open the answer form, never a web app, and ask for no reply.
    for (const m of sentMail(env)) {
      expect(m.body).not.toMatch(/\/exec\?t=/);
      expect(m.body).not.toMatch(/trả lời thư này/i);
    }
    expect(sentMail(env).some((m) => /docs\.google\.com\/forms\/d\/e\/.+viewform\?usp=pp_url/.test(m.body))).toBe(true);
  });

  test('the runner-side trigger limits: a second hourly trigger in the same document is refused, minutes are refused', () => {
    const { sandbox } = installed();
    sandbox.call('toggleReminders');
    expect(() => sandbox.evaluate(`ScriptApp.newTrigger('runHourly').timeBased().everyHours(1).create()`)).toThrow(/one of each type/);
    expect(() => sandbox.evaluate(`ScriptApp.newTrigger('x').timeBased().everyMinutes(30).create()`)).toThrow(/once per hour|one of each type/);
  });
});

describe('the hourly run when the spreadsheet cannot be opened (issue 13: a TypeError once ended it under faults)', () => {
  const PROGRAM_ERROR = /TypeError|ReferenceError|RangeError|Cannot read propert/;
  function on() {
    const t = installed();
    t.sandbox.call('toggleReminders');
    const hourly = t.env.state.triggers.find((x) => x.handler === 'runHourly')!;
    const tick = (at: string) => {
      t.env.clock.set(at);
      return t.sandbox.call('runHourly', [{ authMode: 'FULL', triggerUid: hourly.id }], { context: 'trigger' }) as { sent: number };
    };
    return { ...t, tick };
  }
  const errors = (env: { logs: { level: string; message: string }[] }) => env.logs.filter((l) => l.level === 'error').map((l) => l.message);

  test('openById failing: the run ends with why, in Vietnamese, and the next hour sends the day\'s reminders once', () => {
    const { env, tick } = on();
    env.faults.add({ method: 'SpreadsheetApp.openById', message: 'Unexpected error while getting the method or property openById on object SpreadsheetApp.' });
    expect(tick('2024-03-08T07:05:00+07:00')).toMatchObject({ sent: 0 });
    expect(errors(env)).toEqual([expect.stringMatching(/^runHourly: Không mở được bảng tính theo dõi \([^)]+\): Unexpected error .*Lần chạy sau sẽ thử lại/)]);
    expect(sentMail(env)).toHaveLength(0);
    const next = tick('2024-03-08T08:05:00+07:00');
    expect(next.sent).toBeGreaterThan(0);
    expect(tick('2024-03-08T09:05:00+07:00').sent).toBe(0);
    expect(sentMail(env)).toHaveLength(next.sent);
  });

  test('no stored spreadsheet id, or one that opens nothing: the log says what to do; turning reminders off and on again mends it', () => {
    const { env, sandbox, tick } = on();
    delete env.state.documentProperties['cchc.spreadsheetId'];
    expect(tick('2024-03-08T07:05:00+07:00')).toMatchObject({ sent: 0 });
    env.state.documentProperties['cchc.spreadsheetId'] = '1ThisSpreadsheetWasDeleted';
    expect(tick('2024-03-08T08:05:00+07:00')).toMatchObject({ sent: 0 });
    const logged = errors(env);
    expect(logged).toHaveLength(2);
    expect(logged[0]).toMatch(/Không mở được bảng tính theo dõi: chưa lưu mã bảng tính\. .*"Bật\/tắt nhắc việc tự động" hai lần/);
    expect(logged[1]).toMatch(/Không mở được bảng tính theo dõi \(1ThisSpreadsheetWasDeleted\): Unexpected error/);
    for (const m of logged) expect(m).not.toMatch(PROGRAM_ERROR);
    expect(sentMail(env)).toHaveLength(0);
    sandbox.call('toggleReminders');
    sandbox.call('toggleReminders');
    const hourly = env.state.triggers.find((x) => x.handler === 'runHourly')!;
    env.clock.set('2024-03-08T09:05:00+07:00');
    expect((sandbox.call('runHourly', [{ authMode: 'FULL', triggerUid: hourly.id }], { context: 'trigger' }) as { sent: number }).sent).toBeGreaterThan(0);
  });

  test('a fault at any one call of the hourly run ends it with a service\'s error or its own message, never a programming error; the next hour completes the day, each reminder once', () => {
    const calls = (() => {
      const { env, tick } = on();
      const start = env.calls.sequence;
      tick('2024-03-08T07:05:00+07:00');
      return { total: env.calls.sequence - start, sent: sentMail(env).length };
    })();
    expect(calls.total).toBeGreaterThan(30);
    for (let k = 1; k <= calls.total; k++) {
      const { env, tick } = on();
      faultAtCall(env, k);
      let ended = '';
      try {
        tick('2024-03-08T07:05:00+07:00');
      } catch (e) {
        ended = `${(e as Error).name}: ${(e as Error).message}`;
      }
      env.beforeCall = null;
      expect({ k, ended: PROGRAM_ERROR.test(ended) ? ended : '', logged: env.logs.filter((l) => PROGRAM_ERROR.test(l.message)).map((l) => l.message) }).toEqual({ k, ended: '', logged: [] });
      tick('2024-03-08T08:05:00+07:00');
      tick('2024-03-08T09:05:00+07:00');
      const to = sentMail(env).map((m) => m.to[0]);
      expect({ k, sent: to.length, distinct: new Set(to).size }).toEqual({ k, sent: calls.sent, distinct: calls.sent });
    }
  });
});

describe('settings in the add-on', () => {
  test('"Địa chỉ web app" is not the add-on\'s business: Kiểm tra kế hoạch does not ask for it, the bound script does', () => {
    const messages = (target: 'addon' | 'bound') => {
      const { sandbox } = loadSandbox({ target, addon: target === 'addon', webAppUrl: null });
      sandbox.call('setupWorkbook');
      const r = sandbox.call('validatePlan') as { problems: { message: string }[] };
      return r.problems.map((p) => p.message).join('\n');
    };
    expect(messages('addon')).not.toMatch(/Địa chỉ web app/);
    expect(messages('bound')).toMatch(/Chưa điền "Địa chỉ web app": đường dẫn "Cập nhật tiến độ" trong thư nhắc việc mở biểu mẫu Google/);
  });
});

describe('the add-on build', () => {
  test('carries no Gmail code and asks for no restricted scope', () => {
    const { code } = bundle('addon');
    expect(code).not.toMatch(/GmailApp/);
    const manifest = JSON.parse(fs.readFileSync(path.join(DIST_DIRS.addon, 'appsscript.json'), 'utf8')) as { oauthScopes: string[]; webapp?: unknown };
    expect(manifest.oauthScopes).not.toContain('https://mail.google.com/');
    expect(manifest.oauthScopes).not.toContain('https://www.googleapis.com/auth/drive');
    expect(manifest.oauthScopes.filter((s) => /gmail/.test(s))).toEqual([]);
    expect(manifest.webapp).toBeUndefined();
    expect(manifest.oauthScopes).toEqual(expect.arrayContaining(['https://www.googleapis.com/auth/forms', 'https://www.googleapis.com/auth/script.scriptapp']));
  });

  test('processReplies is off in the add-on and says so', () => {
    const { sandbox, env } = installed();
    const r = sandbox.call('processReplies') as { enabled: boolean };
    expect(r.enabled).toBe(false);
    expect(env.logs.map((l) => l.message).join('\n')).toMatch(/not part of the add-on/);
  });
});
