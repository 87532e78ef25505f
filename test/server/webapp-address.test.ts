/**
 * "Địa chỉ web app": reminders link only to the address in Cài đặt, never to what getUrl() gives
 * a trigger (the /dev address only editors can open); opening the web app at /exec fills an empty
 * setting in.
 */
import { loadSandbox } from '../support/sandbox';
import { js, SET_CELL, SET_SETTING, READ_SHEET } from '../support/script';
import { sentMail } from '../../emulator/services/mail';
import type { Sandbox } from '../../emulator/sandbox';

const DAY = '2024-03-08T07:00:00+07:00';
const PUBLIC = 'https://script.google.com/macros/s/AKfycbx1234567890abcdefghij/exec';
const DOMAIN = 'https://script.google.com/a/macros/tanviet.gov.vn/s/AKfycbx1234567890abcdefghij/exec';

function fresh(webAppUrl: string | null = 'http://localhost:8080/exec') {
  const t = loadSandbox({ now: DAY, webAppUrl });
  t.sandbox.call('setupWorkbook');
  js(t.sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', 'Đài truyền thanh xã', 'Email', 'dai.tanviet@gmail.com');
  js(t.sandbox, SET_SETTING, 'Email Văn phòng', 'vanphong.tanviet@gmail.com');
  return t;
}

function setting(sandbox: Sandbox): unknown {
  return js<unknown[][]>(sandbox, READ_SHEET, 'Cài đặt').find((r) => r[0] === 'Địa chỉ web app')?.[1];
}

function daiMail(env: ReturnType<typeof fresh>['env']) {
  return sentMail(env).filter((m) => m.to[0] === 'dai.tanviet@gmail.com').pop()!;
}

describe('links in reminders', () => {
  test('with the setting empty, a deployed project\'s trigger run sends reminders without links (not the /dev address), with the reply instructions', () => {
    const { env, sandbox } = fresh();
    sandbox.call('runDailyReminders', [], { context: 'trigger' });
    const mail = daiMail(env);
    expect(mail).toBeDefined();
    expect(mail.body).not.toMatch(/\/dev|\/exec|Cập nhật tiến độ: http/);
    expect(mail.htmlBody).not.toMatch(/href="http[^"]*(\/dev|\/exec)/);
    expect(mail.body).toMatch(/Vui lòng trả lời thư này \(thư trả lời được gửi tới Văn phòng\), mỗi dòng một nhiệm vụ, ví dụ: NV03:/);
    expect(mail.replyTo).toBe('vanphong.tanviet@gmail.com');
  });

  test('a /dev address in the setting gives no links either', () => {
    const { env, sandbox } = fresh();
    js(sandbox, SET_SETTING, 'Địa chỉ web app', 'https://script.google.com/macros/s/AKfycbx1234567890abcdefghij/dev');
    sandbox.call('runDailyReminders', [], { context: 'trigger' });
    expect(daiMail(env).body).not.toMatch(/\/dev\?t=|\/exec\?t=/);
  });

  test('a Workspace domain address links in its public form, whatever getUrl() says', () => {
    const { env, sandbox } = fresh();
    js(sandbox, SET_SETTING, 'Địa chỉ web app', DOMAIN);
    sandbox.call('runDailyReminders', [], { context: 'trigger' });
    const mail = daiMail(env);
    const links = [...mail.htmlBody!.matchAll(/href="([^"]+\?t=[^"]+)"/g)].map((m) => m[1]);
    expect(links).toHaveLength(2);
    for (const l of links) expect(l.startsWith(`${PUBLIC}?t=`)).toBe(true);
    expect(env.calls.count('Service.getUrl')).toBe(0);
  });
});

describe('opening the web app at /exec', () => {
  test('fills an empty setting in, says so in the log, and the next reminders carry links to it', () => {
    const { env, sandbox } = fresh();
    expect(setting(sandbox)).toBe('');
    sandbox.call('doGet', [{ parameter: {}, parameters: {} }], { context: 'webapp' });
    expect(setting(sandbox)).toBe('http://localhost:8080/exec');
    const log = js<unknown[][]>(sandbox, READ_SHEET, 'Nhật ký nhắc việc');
    expect(log.map((r) => r.join(' ')).join('\n')).toMatch(/Đã điền "Địa chỉ web app" ở trang "Cài đặt": http:\/\/localhost:8080\/exec/);
    // A second visit changes nothing.
    env.calls.reset();
    sandbox.call('doGet', [{ parameter: {}, parameters: {} }], { context: 'webapp' });
    expect(env.calls.count('Range.setValue') + env.calls.count('Range.setValues')).toBe(0);

    sandbox.call('runDailyReminders', [], { context: 'trigger' });
    expect(daiMail(env).body).toContain('Cập nhật tiến độ: http://localhost:8080/exec?t=');
  });

  test('never overwrites an address the office typed, and a /dev visit fills nothing', () => {
    const { sandbox } = fresh();
    js(sandbox, SET_SETTING, 'Địa chỉ web app', PUBLIC);
    sandbox.call('doGet', [{ parameter: {}, parameters: {} }], { context: 'webapp' });
    expect(setting(sandbox)).toBe(PUBLIC);

    const other = fresh('https://script.google.com/macros/s/AKfycbx1234567890abcdefghij/exec');
    // The editor (ui context) sees the /dev address: nothing to fill from there.
    other.sandbox.call('doGet', [{ parameter: {}, parameters: {} }], { context: 'ui' });
    expect(setting(other.sandbox)).toBe('');
  });
});
