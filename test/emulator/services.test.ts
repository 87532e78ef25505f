import { Env, emptyState } from '../../emulator/core/env';
import { createPropertiesService } from '../../emulator/services/properties';
import { createCacheService } from '../../emulator/services/cache';
import { createLockService, holdLockElsewhere } from '../../emulator/services/lock';
import { createSession } from '../../emulator/services/session';
import { createScriptApp, type ScriptTriggerRecord } from '../../emulator/services/script';
import { createUi } from '../../emulator/services/ui';
import { createHtmlService } from '../../emulator/services/html';
import { createLogger, createConsole } from '../../emulator/services/base';
import { createContentService, textOutputInfo } from '../../emulator/services/content';

const OWNER = 'vanphong.tanviet@gmail.com';
/** Apps Script's message for a value or store over the Properties limits (observed text). */
const PROPERTY_QUOTA = 'You have exceeded the property storage quota. Please remove some properties and try again.';
const NOW = '2024-03-08T09:00:00+07:00';

function makeEnv(options: { user?: string; now?: string } = {}): Env {
  return new Env({} as never, { now: options.now ?? NOW, owner: OWNER, user: options.user ?? OWNER, state: emptyState() });
}

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an exception');
}

describe('PropertiesService', () => {
  test('a missing property is null, values come back as strings, and the store persists in env.state', () => {
    const env = makeEnv();
    const props = createPropertiesService(env).getScriptProperties();
    expect(props.getProperty('THIEU')).toBeNull();
    props.setProperty('SO_NGAY', 5 as unknown as string);
    expect(props.getProperty('SO_NGAY')).toBe('5');
    expect(env.state.scriptProperties).toEqual({ SO_NGAY: '5' });
    // A new PropertiesService over the same env sees the same store.
    expect(createPropertiesService(env).getScriptProperties().getProperty('SO_NGAY')).toBe('5');
  });

  test('user properties belong to the user running the script; document properties are shared', () => {
    const env = makeEnv({ user: 'a@gmail.com' });
    const service = createPropertiesService(env);
    service.getUserProperties().setProperty('THEME', 'sáng');
    service.getDocumentProperties().setProperty('NAM', '2024');
    env.user = 'b@gmail.com';
    expect(service.getUserProperties().getProperty('THEME')).toBeNull();
    expect(service.getDocumentProperties().getProperty('NAM')).toBe('2024');
    env.user = 'a@gmail.com';
    expect(service.getUserProperties().getProperty('THEME')).toBe('sáng');
    expect(env.state.userProperties['a@gmail.com']).toEqual({ THEME: 'sáng' });
  });

  test('setProperties adds to the store, or replaces it with deleteAllOthers; getProperties is a copy', () => {
    const props = createPropertiesService(makeEnv()).getScriptProperties();
    props.setProperty('A', '1');
    props.setProperties({ B: '2', C: 3 as unknown as string });
    expect(props.getProperties()).toEqual({ A: '1', B: '2', C: '3' });
    props.setProperties({ D: '4' }, true);
    expect(props.getProperties()).toEqual({ D: '4' });
    const copy = props.getProperties();
    copy.D = 'changed';
    copy.E = '5';
    expect(props.getProperties()).toEqual({ D: '4' });
  });

  test('deleteProperty, deleteAllProperties and getKeys; setters chain', () => {
    const props = createPropertiesService(makeEnv()).getScriptProperties();
    props.setProperty('A', '1').setProperty('B', '2').setProperty('C', '3');
    expect(props.getKeys().sort()).toEqual(['A', 'B', 'C']);
    props.deleteProperty('B');
    expect(props.getKeys().sort()).toEqual(['A', 'C']);
    props.deleteAllProperties();
    expect(props.getKeys()).toEqual([]);
    expect(props.getProperty('A')).toBeNull();
  });

  test('a value over 9 KB throws the storage-quota error and is not stored', () => {
    const props = createPropertiesService(makeEnv()).getScriptProperties();
    props.setProperty('OK', 'x'.repeat(9 * 1024));
    const e = thrown(() => props.setProperty('BIG', 'x'.repeat(9 * 1024 + 1)));
    expect(e.message).toBe(PROPERTY_QUOTA);
    expect(String(e)).toBe(`Exception: ${PROPERTY_QUOTA}`);
    expect(props.getProperty('BIG')).toBeNull();
    // Bytes count, not characters: 3,100 Vietnamese "ệ" are 9,300 bytes in UTF-8.
    expect(() => props.setProperty('VI', 'ệ'.repeat(3100))).toThrow(PROPERTY_QUOTA);
  });

  test('a store over 500 KB throws; the write that would overflow leaves the store unchanged', () => {
    const props = createPropertiesService(makeEnv()).getScriptProperties();
    let n = 0;
    expect(() => {
      for (;;) props.setProperty(`K${n++}`, 'y'.repeat(9000));
    }).toThrow(PROPERTY_QUOTA);
    // 56 values of ~9 KB fit in 500 KB, the 57th does not.
    expect(props.getKeys()).toHaveLength(56);
    expect(() => props.setProperties({ X: 'z'.repeat(9000) })).toThrow(PROPERTY_QUOTA);
    expect(props.getProperty('X')).toBeNull();
    // Replacing a value counts its new size only.
    props.setProperty('K0', 'small');
    expect(props.getProperty('K0')).toBe('small');
  });

  test('calls are counted per method and grouped under PropertiesService', () => {
    const env = makeEnv();
    const props = createPropertiesService(env).getScriptProperties();
    props.setProperty('A', '1').getProperty('A');
    expect(env.calls.count('PropertiesService.getScriptProperties')).toBe(1);
    expect(env.calls.count('Properties.setProperty')).toBe(1);
    expect(env.calls.count('Properties.getProperty')).toBe(1);
    expect(env.calls.byService().PropertiesService).toBe(3);
  });
});

describe('CacheService', () => {
  test('get returns null for a missing key; entries expire after 600 s by default on the emulator clock', () => {
    const env = makeEnv();
    const cache = createCacheService(env).getScriptCache();
    expect(cache.get('k')).toBeNull();
    cache.put('k', 'v');
    env.clock.advance(599_000);
    expect(cache.get('k')).toBe('v');
    env.clock.advance(1_000);
    expect(cache.get('k')).toBeNull();
  });

  test('an explicit expiration is honoured and capped at 21,600 s', () => {
    const env = makeEnv();
    const cache = createCacheService(env).getScriptCache();
    cache.put('short', 'v', 20);
    cache.put('long', 'v', 99_999);
    env.clock.advance(20_000);
    expect(cache.get('short')).toBeNull();
    env.clock.advance(21_600_000 - 20_000 - 1);
    expect(cache.get('long')).toBe('v');
    env.clock.advance(1);
    expect(cache.get('long')).toBeNull();
    expect(() => cache.put('k', 'v', 'abc' as unknown as number)).toThrow("Cannot convert 'abc' to int.");
  });

  test('values are stored as strings; getAll leaves out missing keys; putAll, remove, removeAll', () => {
    const env = makeEnv();
    const cache = createCacheService(env).getScriptCache();
    cache.put('n', 42 as unknown as string);
    expect(cache.get('n')).toBe('42');
    cache.putAll({ a: '1', b: '2' }, 60);
    expect(cache.getAll(['a', 'b', 'missing'])).toEqual({ a: '1', b: '2' });
    cache.remove('a');
    expect(cache.get('a')).toBeNull();
    cache.removeAll(['b', 'n']);
    expect(cache.getAll(['b', 'n'])).toEqual({});
    env.clock.advance(61_000);
  });

  test('keys over 250 characters and values over 100 KB throw Apps Script errors', () => {
    const cache = createCacheService(makeEnv()).getScriptCache();
    cache.put('k'.repeat(250), 'ok');
    expect(() => cache.put('k'.repeat(251), 'x')).toThrow('Argument too large: key');
    cache.put('max', 'v'.repeat(100 * 1024));
    expect(() => cache.put('big', 'v'.repeat(100 * 1024 + 1))).toThrow('Argument too large: value');
    expect(cache.get('big')).toBeNull();
    // putAll writes nothing when one value is too large.
    expect(() => cache.putAll({ small: 'x', big: 'v'.repeat(100 * 1024 + 1) })).toThrow('Argument too large: value');
    expect(cache.get('small')).toBeNull();
  });

  test('script, user and document caches are separate; the document cache is null in a web app', () => {
    const env = makeEnv({ user: 'a@gmail.com' });
    const service = createCacheService(env);
    service.getScriptCache().put('k', 'script');
    service.getUserCache().put('k', 'user a');
    service.getDocumentCache()!.put('k', 'document');
    expect(service.getScriptCache().get('k')).toBe('script');
    expect(service.getDocumentCache()!.get('k')).toBe('document');
    env.user = 'b@gmail.com';
    expect(service.getUserCache().get('k')).toBeNull();
    env.context = 'webapp';
    expect(service.getDocumentCache()).toBeNull();
  });

  test('above 1,000 items the cache keeps the 900 farthest from expiring', () => {
    const cache = createCacheService(makeEnv()).getScriptCache();
    const values: Record<string, string> = {};
    for (let i = 0; i < 1000; i++) values[`k${i}`] = String(i);
    cache.putAll(values, 100);
    expect(Object.keys(cache.getAll(Object.keys(values)))).toHaveLength(1000);
    // The 1,001st item: the one expiring last is among the 900 kept.
    cache.put('late', 'x', 200);
    const kept = cache.getAll([...Object.keys(values), 'late']);
    expect(Object.keys(kept)).toHaveLength(900);
    expect(kept.late).toBe('x');
  });
});

describe('LockService', () => {
  test('a free lock is acquired by tryLock and waitLock; hasLock and releaseLock', () => {
    const locks = createLockService(makeEnv());
    const lock = locks.getScriptLock();
    expect(lock.hasLock()).toBe(false);
    expect(lock.tryLock(1000)).toBe(true);
    expect(lock.hasLock()).toBe(true);
    lock.releaseLock();
    expect(lock.hasLock()).toBe(false);
    lock.waitLock(1000);
    expect(lock.hasLock()).toBe(true);
    // Releasing a lock not held has no effect.
    const other = locks.getUserLock();
    expect(() => other.releaseLock()).not.toThrow();
  });

  test('while held elsewhere, tryLock waits out its timeout and returns false', () => {
    const env = makeEnv();
    holdLockElsewhere(env, 'script', true);
    const lock = createLockService(env).getScriptLock();
    const before = env.clock.now();
    expect(lock.tryLock(5000)).toBe(false);
    expect(env.clock.now() - before).toBe(5000);
    expect(lock.hasLock()).toBe(false);
    holdLockElsewhere(env, 'script', false);
    expect(lock.tryLock(5000)).toBe(true);
  });

  test("while held elsewhere, waitLock throws Apps Script's timeout after the timeout", () => {
    const env = makeEnv();
    holdLockElsewhere(env, 'document', true);
    const lock = createLockService(env).getDocumentLock();
    const before = env.clock.now();
    const e = thrown(() => lock.waitLock(30000));
    expect(e.message).toBe('Lock timeout: another process was holding the lock for too long.');
    expect(e.message).toBe('Lock timeout: another process was holding the lock for too long.');
    expect(env.clock.now() - before).toBe(30000);
    // Other kinds of lock are not affected.
    expect(createLockService(env).getScriptLock().tryLock(0)).toBe(true);
  });

  test("a user lock held elsewhere blocks only that user's lock", () => {
    const env = makeEnv({ user: 'a@gmail.com' });
    holdLockElsewhere(env, 'user', true);
    expect(createLockService(env).getUserLock().tryLock(10)).toBe(false);
    env.user = 'b@gmail.com';
    expect(createLockService(env).getUserLock().tryLock(10)).toBe(true);
  });

  test('getDocumentLock is null in a web app', () => {
    const env = makeEnv();
    env.context = 'webapp';
    expect(createLockService(env).getDocumentLock()).toBeNull();
    expect(createLockService(env).getScriptLock()).not.toBeNull();
  });

  test('a fault injected on Lock.waitLock fires through the instrumented lock', () => {
    const env = makeEnv();
    env.faults.add({ method: 'Lock.waitLock', message: 'Lock timeout: another process was holding the lock for too long.' });
    const lock = createLockService(env).getScriptLock();
    expect(() => lock.waitLock(1000)).toThrow('Lock timeout');
    lock.waitLock(1000);
    expect(lock.hasLock()).toBe(true);
    expect(env.calls.count('Lock.waitLock')).toBe(2);
    expect(env.calls.byService().LockService).toBe(4);
  });
});

describe('Session', () => {
  // developers.google.com/apps-script/reference/base/session#getEffectiveUser(): "If the script
  // is a web app set to 'execute as me' (the developer), this returns the developer's user
  // account. [...] In most other scenarios, this returns the same account as getActiveUser()."
  test('an editor running the script from the Sheet is both the active and the effective user; time zone and locale', () => {
    const env = makeEnv({ user: 'congchuc.tuphap@gmail.com' });
    const session = createSession(env);
    expect(session.getActiveUser().getEmail()).toBe('congchuc.tuphap@gmail.com');
    expect(session.getEffectiveUser().getEmail()).toBe('congchuc.tuphap@gmail.com');
    expect(session.getScriptTimeZone()).toBe('Asia/Ho_Chi_Minh');
    expect(session.getActiveUserLocale()).toBe('vi');
  });

  test('in the web app (executing as the owner) an anonymous visitor has an empty email and the script runs as the owner', () => {
    const env = makeEnv({ user: '' });
    env.context = 'webapp';
    expect(createSession(env).getActiveUser().getEmail()).toBe('');
    expect(createSession(env).getEffectiveUser().getEmail()).toBe(OWNER);
    env.user = 'congchuc.tuphap@gmail.com';
    expect(createSession(env).getActiveUser().getEmail()).toBe('congchuc.tuphap@gmail.com');
    expect(createSession(env).getEffectiveUser().getEmail()).toBe(OWNER);
  });

  test('the temporary active-user key is stable for a user and differs between users', () => {
    const env = makeEnv({ user: 'a@gmail.com' });
    const k1 = createSession(env).getTemporaryActiveUserKey();
    expect(createSession(env).getTemporaryActiveUserKey()).toBe(k1);
    expect(k1).not.toContain('a@gmail.com');
    env.user = 'b@gmail.com';
    expect(createSession(env).getTemporaryActiveUserKey()).not.toBe(k1);
  });
});

describe('ScriptApp', () => {
  test('a daily time-driven trigger is stored in env.state with its schedule and owner', () => {
    const env = makeEnv();
    const app = createScriptApp(env);
    const t = app.newTrigger('guiNhacViec').timeBased().everyDays(1).atHour(7).nearMinute(30).inTimezone('Asia/Ho_Chi_Minh').create();
    expect(t.getHandlerFunction()).toBe('guiNhacViec');
    expect(String(t.getEventType())).toBe('CLOCK');
    expect(t.getEventType() == app.EventType.CLOCK).toBe(true);
    expect(String(t.getTriggerSource())).toBe('CLOCK');
    const rec = env.state.triggers[0] as ScriptTriggerRecord;
    expect(rec).toMatchObject({ id: t.getUniqueId(), handler: 'guiNhacViec', eventType: 'CLOCK', everyDays: 1, atHour: 7, nearMinute: 30, timeZone: 'Asia/Ho_Chi_Minh', owner: OWNER });
  });

  test('everyHours and everyMinutes; everyMinutes takes only 1, 5, 10, 15 or 30', () => {
    const env = makeEnv();
    const app = createScriptApp(env);
    app.newTrigger('a').timeBased().everyHours(6).create();
    app.newTrigger('b').timeBased().everyMinutes(15).create();
    expect(env.state.triggers.map((t) => [t.handler, t.everyHours, (t as ScriptTriggerRecord).everyMinutes])).toEqual([
      ['a', 6, undefined],
      ['b', undefined, 15],
    ]);
    for (const n of [2, 7, 20, 60]) expect(() => app.newTrigger('c').timeBased().everyMinutes(n)).toThrow(/Invalid argument/);
    expect(() => app.newTrigger('c').timeBased().everyHours(5)).toThrow(/Invalid argument/);
    expect(() => app.newTrigger('c').timeBased().atHour(24)).toThrow(/Invalid argument/);
    expect(env.state.triggers).toHaveLength(2);
  });

  test('a time-driven trigger needs a schedule, and atHour needs a daily or weekly one', () => {
    const app = createScriptApp(makeEnv());
    expect(() => app.newTrigger('x').timeBased().create()).toThrow();
    expect(() => app.newTrigger('x').timeBased().everyHours(1).atHour(7).create()).toThrow();
  });

  test('spreadsheet triggers record their event and the spreadsheet id', () => {
    const env = makeEnv();
    const app = createScriptApp(env);
    const ss = { getId: () => 'sheet-123' } as unknown as GoogleAppsScript.Spreadsheet.Spreadsheet;
    const t = app.newTrigger('khiMo').forSpreadsheet(ss).onOpen().create();
    const u = app.newTrigger('khiSua').forSpreadsheet('sheet-123').onEdit().create();
    app.newTrigger('khiDoi').forSpreadsheet('sheet-123').onChange().create();
    app.newTrigger('khiGui').forSpreadsheet('sheet-123').onFormSubmit().create();
    expect(String(t.getEventType())).toBe('ON_OPEN');
    expect(String(u.getEventType())).toBe('ON_EDIT');
    expect(String(t.getTriggerSource())).toBe('SPREADSHEETS');
    expect(t.getTriggerSourceId()).toBe('sheet-123');
    expect(env.state.triggers.map((r) => r.eventType)).toEqual(['ON_OPEN', 'ON_EDIT', 'ON_CHANGE', 'ON_FORM_SUBMIT']);
    expect(() => app.newTrigger('x').forSpreadsheet('sheet-123').create()).toThrow();
    expect(app.getUserTriggers(ss)).toHaveLength(4);
  });

  test("getProjectTriggers lists the current user's triggers; deleteTrigger removes one", () => {
    const env = makeEnv({ user: 'a@gmail.com' });
    const app = createScriptApp(env);
    const t1 = app.newTrigger('one').timeBased().everyDays(1).create();
    app.newTrigger('two').timeBased().everyDays(1).create();
    env.user = 'b@gmail.com';
    app.newTrigger('three').timeBased().everyDays(1).create();
    expect(app.getProjectTriggers().map((t) => t.getHandlerFunction())).toEqual(['three']);
    env.user = 'a@gmail.com';
    const mine = app.getProjectTriggers();
    expect(mine.map((t) => t.getHandlerFunction())).toEqual(['one', 'two']);
    expect(new Set(mine.map((t) => t.getUniqueId())).size).toBe(2);
    app.deleteTrigger(mine.find((t) => t.getUniqueId() === t1.getUniqueId())!);
    expect(app.getProjectTriggers().map((t) => t.getHandlerFunction())).toEqual(['two']);
    expect(env.state.triggers.map((t) => t.handler)).toEqual(['two', 'three']);
  });

  test("the 21st trigger of a user throws Apps Script's message; other users are not limited by it", () => {
    const env = makeEnv({ user: 'a@gmail.com' });
    const app = createScriptApp(env);
    for (let i = 0; i < 20; i++) app.newTrigger(`f${i}`).timeBased().everyHours(1).create();
    const e = thrown(() => app.newTrigger('f20').timeBased().everyHours(1).create());
    expect(e.message).toBe('This script has too many triggers. Triggers must be deleted from the script before more can be added.');
    expect(e.message).toMatch(/^This script has too many triggers/);
    expect(env.state.triggers).toHaveLength(20);
    env.user = 'b@gmail.com';
    app.newTrigger('g').timeBased().everyHours(1).create();
    expect(env.state.triggers).toHaveLength(21);
  });

  test('service URL, script id, OAuth token and enums', () => {
    const env = makeEnv();
    env.webAppUrl = 'http://localhost:9999/exec';
    const app = createScriptApp(env);
    // From the editor, a menu or a trigger: the head deployment's /dev address; in the web app: /exec.
    expect(app.getService().getUrl()).toBe('http://localhost:9999/dev');
    env.context = 'webapp';
    expect(app.getService().getUrl()).toBe('http://localhost:9999/exec');
    expect(app.getService().isEnabled()).toBe(true);
    expect(app.getScriptId()).toMatch(/^\S{20,}$/);
    expect(app.getOAuthToken()).toBe(app.getOAuthToken());
    expect(Object.keys(app.AuthMode).sort()).toEqual(['CUSTOM_FUNCTION', 'FULL', 'LIMITED', 'NONE']);
    expect(String(app.WeekDay.MONDAY)).toBe('MONDAY');
    expect(String(app.TriggerSource.SPREADSHEETS)).toBe('SPREADSHEETS');
    expect(() => app.requireAllScopes(app.AuthMode.FULL)).not.toThrow();
  });

  // developers.google.com/apps-script/reference/script/service#getUrl(): "Returns the URL of the
  // web app, if it has been deployed; otherwise returns null."
  test('a project without a web-app deployment has no service URL: getUrl() is null, isEnabled() false', () => {
    for (const none of [null, '']) {
      const env = makeEnv();
      env.webAppUrl = none;
      const service = createScriptApp(env).getService();
      expect(service.getUrl()).toBeNull();
      expect(service.isEnabled()).toBe(false);
    }
    expect(new Env({} as never, { webAppUrl: null }).webAppUrl).toBeNull();
  });
});

describe('Ui', () => {
  test('a menu with items, a separator and a submenu is recorded by addToUi', () => {
    const env = makeEnv();
    const ui = createUi(env);
    const sub = ui.createMenu('Báo cáo').addItem('Quý I', 'baoCaoQuy1');
    ui.createMenu('CCHC').addItem('Nhập tiến độ', 'moNhapTienDo').addSeparator().addSubMenu(sub).addToUi();
    expect(env.ui).toHaveLength(1);
    expect(env.ui[0].kind).toBe('menu');
    expect(env.ui[0].menu).toEqual({
      caption: 'CCHC',
      items: [{ caption: 'Nhập tiến độ', functionName: 'moNhapTienDo' }, { separator: true }, { caption: 'Báo cáo', items: [{ caption: 'Quý I', functionName: 'baoCaoQuy1' }] }],
    });
  });

  test('alerts answer OK, or YES for YES_NO, unless an answer is queued; each is recorded', () => {
    const env = makeEnv();
    const ui = createUi(env);
    expect(String(ui.alert('Đã lưu.'))).toBe('OK');
    expect(String(ui.alert('Xóa dòng này?', ui.ButtonSet.YES_NO))).toBe('YES');
    env.uiAnswers.push({ button: 'NO' });
    const answer = ui.alert('Xác nhận', 'Gửi email nhắc việc?', ui.ButtonSet.YES_NO);
    expect(answer == ui.Button.NO).toBe(true);
    expect(env.ui).toEqual([
      { kind: 'alert', title: '', message: 'Đã lưu.', answer: 'OK' },
      { kind: 'alert', title: '', message: 'Xóa dòng này?', answer: 'YES' },
      { kind: 'alert', title: 'Xác nhận', message: 'Gửi email nhắc việc?', answer: 'NO' },
    ]);
    // An answer that the dialog does not offer is a mistake in the test setup.
    env.uiAnswers.push({ button: 'YES' });
    expect(() => ui.alert('Chỉ có OK')).toThrow(/not a button/);
  });

  test('prompt returns the queued text and button', () => {
    const env = makeEnv();
    const ui = createUi(env);
    env.uiAnswers.push({ button: 'OK', text: 'Quý I' });
    const r = ui.prompt('Kỳ báo cáo', 'Nhập kỳ:', ui.ButtonSet.OK_CANCEL);
    expect(r.getResponseText()).toBe('Quý I');
    expect(String(r.getSelectedButton())).toBe('OK');
    const d = ui.prompt('Tên?');
    expect(d.getResponseText()).toBe('');
    expect(String(d.getSelectedButton())).toBe('OK');
    expect(env.ui.map((e) => [e.kind, e.title, e.message, e.answer])).toEqual([
      ['prompt', 'Kỳ báo cáo', 'Nhập kỳ:', 'OK'],
      ['prompt', '', 'Tên?', 'OK'],
    ]);
  });

  test('sidebars and dialogs record their HTML, title and size', () => {
    const env = makeEnv();
    const ui = createUi(env);
    const html = createHtmlService(env);
    ui.showSidebar(html.createHtmlOutput('<p>Tiến độ</p>').setTitle('Nhập tiến độ'));
    ui.showModalDialog(html.createHtmlOutput('<p>Xong</p>').setWidth(400).setHeight(200), 'Kết quả');
    ui.showModelessDialog(html.createHtmlOutput('<p>Đang chạy</p>'), 'Chờ');
    expect(env.ui).toEqual([
      { kind: 'sidebar', title: 'Nhập tiến độ', html: '<p>Tiến độ</p>', width: 300 },
      { kind: 'dialog', title: 'Kết quả', html: '<p>Xong</p>', width: 400, height: 200 },
      { kind: 'modelessDialog', title: 'Chờ', html: '<p>Đang chạy</p>' },
    ]);
  });

  test('there is no Ui in a time-driven trigger or a web app', () => {
    const env = makeEnv();
    env.context = 'trigger';
    expect(() => createUi(env)).toThrow('Cannot call SpreadsheetApp.getUi() from this context.');
    env.context = 'webapp';
    expect(() => createUi(env)).toThrow('Cannot call SpreadsheetApp.getUi() from this context.');
  });
});

describe('Logger and console', () => {
  test('Logger.log formats %s and %d, shows objects Java-style, and getLog/clear work on its own lines', () => {
    const env = makeEnv();
    const logger = createLogger(env);
    logger.log('Đã gửi %s email cho %d người', 'ba', 3).log({ ky: 'Quý I' }).log(['a', 1]);
    expect(env.logs.map((l) => l.message)).toEqual(['Đã gửi ba email cho 3 người', '{ky=Quý I}', '[a, 1]']);
    const lines = logger.getLog().trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toBe('[24-03-08 09:00:00:000 ICT] Đã gửi ba email cho 3 người');
    createConsole(env).log('không vào getLog');
    expect(logger.getLog().trimEnd().split('\n')).toHaveLength(3);
    logger.clear();
    expect(logger.getLog()).toBe('');
    expect(env.logs).toHaveLength(4);
  });

  test('console levels go to env.logs', () => {
    const env = makeEnv();
    const c = createConsole(env);
    c.log('a %s', 'b');
    c.info('i');
    c.warn('w');
    c.error('e', { x: 1 });
    (c as unknown as { debug: (s: string) => void }).debug('d');
    expect(env.logs).toEqual([
      { level: 'info', message: 'a b' },
      { level: 'info', message: 'i' },
      { level: 'warn', message: 'w' },
      { level: 'error', message: 'e { x: 1 }' },
      { level: 'debug', message: 'd' },
    ]);
    c.time('job');
    env.clock.advance(1234);
    c.timeEnd('job');
    expect(env.logs.at(-1)).toEqual({ level: 'info', message: 'job: 1234ms' });
  });
});

describe('ContentService', () => {
  test('a text output with a MIME type, appended content and a download name', () => {
    const env = makeEnv();
    const cs = createContentService(env);
    const out = cs.createTextOutput();
    expect(out.getContent()).toBe('');
    expect(String(out.getMimeType())).toBe('TEXT');
    expect(out.getFileName()).toBeNull();
    out.setContent('{"ok":').append('true}').setMimeType(cs.MimeType.JSON);
    expect(out.getContent()).toBe('{"ok":true}');
    expect(out.getMimeType() == cs.MimeType.JSON).toBe(true);
    out.downloadAsFile('ketqua.json');
    expect(out.getFileName()).toBe('ketqua.json');
    expect(textOutputInfo(out)).toEqual({ content: '{"ok":true}', contentType: 'application/json', mimeType: 'JSON', fileName: 'ketqua.json' });
    expect(cs.createTextOutput('a,b').setMimeType(cs.MimeType.CSV).clear().getContent()).toBe('');
    expect(Object.keys(cs.MimeType)).toEqual(expect.arrayContaining(['TEXT', 'JSON', 'CSV', 'JAVASCRIPT', 'XML', 'RSS', 'ATOM', 'ICAL', 'VCARD']));
  });
});
