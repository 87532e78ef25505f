/**
 * The product checks consent before acting: a menu action says in Vietnamese which permission to
 * grant; a time-driven run missing one stops at once with one log row and a notice for the office.
 */
import { loadSandbox } from '../support/sandbox';
import { js, SET_CELL, SET_SETTING, READ_SHEET, TEST_WEBAPP_URL } from '../support/script';
import { sentMail } from '../../emulator/services/mail';

const OWNER = 'vanphong.tanviet@gmail.com';
const SEND = 'https://www.googleapis.com/auth/script.send_mail';
const DAY = '2024-03-08T07:00:00+07:00';

function fresh() {
  const t = loadSandbox({ now: DAY, owner: OWNER, user: OWNER });
  t.sandbox.call('setupWorkbook');
  js(t.sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', 'Đài truyền thanh xã', 'Email', 'dai.tanviet@gmail.com');
  js(t.sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', 'Công chức Tư pháp - Hộ tịch', 'Email', 'tuphap.tanviet@gmail.com');
  js(t.sandbox, SET_SETTING, 'Email Văn phòng', 'vanphong.tanviet@gmail.com');
  js(t.sandbox, SET_SETTING, 'Địa chỉ web app', TEST_WEBAPP_URL);
  t.env.ui.length = 0;
  return t;
}

function logResults(sandbox: ReturnType<typeof fresh>['sandbox']): string[] {
  const v = js<unknown[][]>(sandbox, READ_SHEET, 'Nhật ký nhắc việc');
  const c = (v[0] as string[]).indexOf('Kết quả');
  return v.slice(1).map((r) => String(r[c]));
}

describe('a daily trigger whose owner did not grant "send mail"', () => {
  test('stops at once with one clear log row (not one per recipient), tells the office on opening, and resumes once granted', () => {
    const { env, sandbox } = fresh();
    env.setDeniedScopes(OWNER, [SEND]);
    expect(sandbox.call('runDailyReminders', [], { context: 'trigger' })).toEqual({ sent: 0, deferred: 0, failed: 0, skipped: 0 });
    expect(sentMail(env)).toHaveLength(0);
    expect(env.calls.count('MailApp.sendEmail')).toBe(0);
    const rows = logResults(sandbox);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^Lỗi: Không gửi thư nhắc việc được: tài khoản vanphong\.tanviet@gmail\.com chưa cấp "Gửi email thay mặt bạn"/);
    expect(rows[0]).toMatch(/tắt rồi bật lại/);
    // The same day again (a retry): no second row.
    sandbox.call('runDailyReminders', [], { context: 'trigger' });
    expect(logResults(sandbox)).toHaveLength(1);

    // The office opens the sheet: a toast says what stopped and what to do.
    env.ui.length = 0;
    sandbox.call('onOpen', [{ authMode: 'LIMITED' }], { authMode: 'LIMITED' });
    const toast = env.ui.find((e) => e.kind === 'toast');
    expect(toast?.title).toBe('Nhắc việc tự động đã dừng');
    expect(toast?.message).toMatch(/Gửi email thay mặt bạn/);
    expect(toast?.message).toMatch(/08\/03\/2024/);

    // Granted again: the next run sends, and the notice is gone.
    env.setDeniedScopes(OWNER, []);
    const r = sandbox.call('runDailyReminders', [], { context: 'trigger' }) as { sent: number };
    expect(r.sent).toBeGreaterThan(0);
    env.ui.length = 0;
    sandbox.call('onOpen', [{ authMode: 'LIMITED' }], { authMode: 'LIMITED' });
    expect(env.ui.some((e) => e.kind === 'toast')).toBe(false);
  });
});

describe('the hourly trigger whose owner did not grant "send mail"', () => {
  test('a stopped run is not the day\'s: once granted, the next hour sends that day\'s reminders', () => {
    const { env, sandbox } = fresh();
    sandbox.call('toggleReminders');
    const hourly = env.state.triggers.find((t) => t.handler === 'runHourly')!;
    const tick = () => sandbox.call('runHourly', [{ authMode: 'FULL', triggerUid: hourly.id }], { context: 'trigger' }) as { sent: number; waiting?: string };
    env.setDeniedScopes(OWNER, [SEND]);
    expect(tick()).toEqual({ sent: 0, deferred: 0, failed: 0, skipped: 0 });
    expect(logResults(sandbox)).toHaveLength(1);
    // The office opens the sheet, turns the reminders off and on and grants it, the same morning.
    env.setDeniedScopes(OWNER, []);
    env.clock.advance(60 * 60 * 1000);
    expect(tick().sent).toBeGreaterThan(0);
    expect(sentMail(env).every((m) => m.at.startsWith('2024-03-08'))).toBe(true);
    env.clock.advance(60 * 60 * 1000);
    expect(tick()).toMatchObject({ sent: 0, waiting: 'done' });
  });
});

describe('menu actions check consent first', () => {
  test('"Gửi nhắc việc hôm nay" without "send mail": a Vietnamese alert naming the permission, nothing sent or logged', () => {
    const { env, sandbox } = fresh();
    env.setDeniedScopes(OWNER, [SEND]);
    expect(sandbox.call('sendRemindersNow')).toBeNull();
    const alert = env.ui.find((e) => e.kind === 'alert');
    expect(alert?.message).toMatch(/Chưa gửi thư nhắc việc được: tài khoản của anh\/chị chưa cấp cho "Theo dõi CCHC" quyền:\n• "Gửi email thay mặt bạn"/);
    expect(alert?.message).toMatch(/Cách cấp quyền/);
    expect(sentMail(env)).toHaveLength(0);
    expect(logResults(sandbox)).toHaveLength(0);
  });

  test('turning reminders on without "run when you are not present": no trigger, the alert says which quyền', () => {
    const { env, sandbox } = fresh();
    env.setDeniedScopes(OWNER, ['https://www.googleapis.com/auth/script.scriptapp']);
    sandbox.call('toggleReminders');
    expect(env.state.triggers).toHaveLength(0);
    expect(env.ui.find((e) => e.kind === 'alert')?.message).toMatch(/Chưa bật\/tắt nhắc việc tự động được.*\n• "Cho phép ứng dụng này chạy khi bạn không có mặt"/s);
  });

  test('turning reminders on with email replies needs the Gmail permission too', () => {
    const { env, sandbox } = fresh();
    js(sandbox, SET_SETTING, 'Nhận trả lời qua email', 'Có');
    env.setDeniedScopes(OWNER, ['https://mail.google.com/']);
    sandbox.call('toggleReminders');
    expect(env.state.triggers).toHaveLength(0);
    expect(env.ui.find((e) => e.kind === 'alert')?.message).toMatch(/Gmail/);
  });

  test('a report without the Docs permission makes nothing and uses no number', () => {
    const { env, sandbox } = fresh();
    env.setDeniedScopes(OWNER, ['https://www.googleapis.com/auth/documents']);
    expect(() => sandbox.call('generateReport', [{ period: 'Quý I/2024' }])).toThrow(/Chưa tạo báo cáo được: .*Google Tài liệu/s);
    const log = js<unknown[][]>(sandbox, READ_SHEET, 'Báo cáo');
    expect(log.length).toBeLessThanOrEqual(1);
  });
});
