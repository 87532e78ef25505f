/**
 * "Kiểm tra hệ thống" (systemCheck) on the built bundle in the sandbox: what it reports on a
 * fresh setup and after the office has done its part, its scratch sheet (always deleted, also
 * when a service fails mid-check), the Spreadsheet behaviour probes, time zones, triggers, the
 * web app, the mail quota, and that it never throws and never changes user data.
 */
import { loadSandbox } from '../support/sandbox';
import { js, SET_CELL, READ_SHEET, TEST_WEBAPP_URL } from '../support/script';
import { setMailQuota } from '../../emulator/services/mail';
import type { Env } from '../../emulator/core/env';
import type { Sandbox } from '../../emulator/sandbox';
import { REAL_ADDRESSES } from '../support/addresses';

const NOW = '2024-03-08T09:00:00+07:00';
const OWNER = 'vanphong.tanviet@gmail.com';

const REAL = REAL_ADDRESSES;

interface Check {
  name: string;
  ok: boolean;
  message: string;
}

interface Result {
  ok: boolean;
  checks: Check[];
}

function fresh(now = NOW): { env: Env; sandbox: Sandbox } {
  const { env, sandbox } = loadSandbox({ now, owner: OWNER, user: OWNER });
  sandbox.call('setupWorkbook');
  env.ui.length = 0;
  return { env, sandbox };
}

function fixEmails(sandbox: Sandbox): void {
  for (const [unit, email] of Object.entries(REAL)) js(sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', unit, 'Email', email);
  js(sandbox, SET_CELL, 'Cài đặt', 'Mục cài đặt', 'Email Văn phòng', 'Giá trị', 'vanphong.tanviet@gmail.com');
  js(sandbox, SET_CELL, 'Cài đặt', 'Mục cài đặt', 'Địa chỉ web app', 'Giá trị', TEST_WEBAPP_URL);
}

function check(sandbox: Sandbox): Result {
  return sandbox.call('systemCheck') as Result;
}

function item(result: Result, name: string): Check {
  const found = result.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no check "${name}" in ${result.checks.map((c) => c.name).join(', ')}`);
  return found;
}

function sheetNames(sandbox: Sandbox): string[] {
  return js<string[]>(sandbox, `function () { return SpreadsheetApp.getActive().getSheets().map(function (s) { return s.getName(); }); }`);
}

/** Every value of every sheet, to prove the check changed nothing. */
function allValues(sandbox: Sandbox): Record<string, unknown[][]> {
  return Object.fromEntries(sheetNames(sandbox).map((n) => [n, js<unknown[][]>(sandbox, READ_SHEET, n)]));
}

const PROBE_NAMES = [
  'Bảng tính: Một trang mới chưa có dữ liệu được nhận là trống',
  'Bảng tính: Đọc một vùng ô: ô trống đọc ra rỗng, đủ hàng đủ cột',
  'Bảng tính: Ghi một ngày giờ rồi đọc lại được đúng thời điểm',
  'Bảng tính: Ghi sai kích thước vùng thì bị từ chối (không ghi lệch hàng)',
  "Bảng tính: Chữ bắt đầu bằng '= được giữ là chữ",
  'Bảng tính: Chữ bắt đầu bằng = thành công thức',
  'Bảng tính: Số và ngày gõ theo kiểu Việt Nam: "1.234" là 1234, "08/03/2024" là ngày 8 tháng 3',
  'Bảng tính: Ghi quá số hàng của trang thì bị từ chối',
];

describe('systemCheck on a fresh setup', () => {
  test('reports the placeholder emails and the missing triggers, and every sheet and header as present', () => {
    const { sandbox } = fresh();
    const r = check(sandbox);
    expect(r.ok).toBe(false);
    const emails = item(r, 'Email cán bộ');
    expect(emails.ok).toBe(false);
    expect(emails.message).toContain('Email mẫu');
    expect(emails.message).toContain('Đài truyền thanh xã');
    const settings = item(r, 'Cài đặt');
    expect(settings.ok).toBe(false);
    expect(settings.message).toContain('Email Văn phòng');
    const triggers = item(r, 'Nhắc việc tự động (trigger)');
    expect(triggers.ok).toBe(false);
    expect(triggers.message).toContain(`Tài khoản ${OWNER} chưa bật nhắc việc tự động`);
    for (const sheet of ['Kế hoạch', 'Cán bộ', 'Tiến độ', 'Cài đặt', 'Nhật ký nhắc việc', 'Báo cáo']) expect(item(r, `Trang "${sheet}"`).ok).toBe(true);
    expect(item(r, 'Đơn vị trong kế hoạch').ok).toBe(true);
    expect(item(r, 'Múi giờ').ok).toBe(true);
  });

  test('after the office fixes the emails and turns reminders on, those checks are OK and so is the whole', () => {
    const { env, sandbox } = fresh();
    fixEmails(sandbox);
    sandbox.call('installTriggers');
    env.ui.length = 0;
    const r = check(sandbox);
    expect(item(r, 'Email cán bộ')).toMatchObject({ ok: true });
    expect(item(r, 'Cài đặt')).toMatchObject({ ok: true });
    const triggers = item(r, 'Nhắc việc tự động (trigger)');
    expect(triggers.ok).toBe(true);
    expect(triggers.message).toContain(`Có 1 trigger nhắc việc, do tài khoản ${OWNER} cài: mỗi ngày từ 7 giờ`);
    expect(r.checks.filter((c) => !c.ok)).toEqual([]);
    expect(r.ok).toBe(true);
    const dialog = env.ui.find((u) => u.kind === 'dialog');
    expect(dialog?.title).toBe('Kiểm tra hệ thống: mọi thứ đều ổn');
  });

  test('two reminder triggers are reported as one too many', () => {
    const { sandbox } = fresh();
    fixEmails(sandbox);
    sandbox.call('installTriggers');
    js(sandbox, `function () { ScriptApp.newTrigger('runHourly').timeBased().everyHours(1).create(); }`);
    const triggers = item(check(sandbox), 'Nhắc việc tự động (trigger)');
    expect(triggers.ok).toBe(false);
    expect(triggers.message).toContain('có 2 trigger nhắc việc (cần đúng 1)');
  });

  test('the daily trigger of an earlier version: reminders are on, and the check says it moves to the hourly one by itself', () => {
    const { sandbox } = fresh();
    fixEmails(sandbox);
    sandbox.call('installTriggers');
    js(sandbox, `function () {
      ScriptApp.getProjectTriggers().forEach(function (t) { if (t.getHandlerFunction() === 'runHourly') ScriptApp.deleteTrigger(t); });
      ScriptApp.newTrigger('runDailyReminders').timeBased().everyDays(1).atHour(7).create(); }`);
    const triggers = item(check(sandbox), 'Nhắc việc tự động (trigger)');
    expect(triggers.ok).toBe(true);
    expect(triggers.message).toContain('được bật từ phiên bản cũ (trigger hằng ngày');
    expect(triggers.message).toContain('lần chạy tới sẽ tự chuyển sang trigger mỗi giờ');
  });

  test('shows the result in a dialog, with user text escaped', () => {
    const { env, sandbox } = fresh();
    js(sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', 'UBND xã', 'Email', '<img src=x onerror=alert(1)>');
    check(sandbox);
    const dialog = env.ui.find((u) => u.kind === 'dialog');
    expect(dialog?.title).toMatch(/^Kiểm tra hệ thống: \d+ mục cần sửa$/);
    expect(dialog?.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(dialog?.html).not.toContain('<img src=x');
  });
});

describe('the scratch sheet', () => {
  test('the Spreadsheet behaviour probes all pass on the emulator, and the scratch sheet is gone afterwards', () => {
    const { sandbox } = fresh();
    const before = sheetNames(sandbox);
    const data = allValues(sandbox);
    const r = check(sandbox);
    for (const name of PROBE_NAMES) expect(item(r, name)).toMatchObject({ ok: true, message: 'Đúng như bản chạy thử.' });
    expect(sheetNames(sandbox)).toEqual(before);
    expect(allValues(sandbox)).toEqual(data);
  });

  test('a service failing mid-check fails that probe, and the scratch sheet is still deleted', () => {
    const { env, sandbox } = fresh();
    const before = sheetNames(sandbox);
    // The first setValues is the probe writing into the scratch sheet.
    env.faults.add({ method: 'Range.setValues', nth: 1, times: 1 });
    env.faults.add({ method: 'Range.getFormulas', nth: 1, times: Infinity });
    const r = check(sandbox);
    const failed = r.checks.filter((c) => c.name.startsWith('Bảng tính:') && !c.ok);
    expect(failed.map((c) => c.name)).toEqual([PROBE_NAMES[1], PROBE_NAMES[4], PROBE_NAMES[5]]);
    expect(failed[0].message).toContain('Không kiểm tra được');
    expect(r.ok).toBe(false);
    expect(sheetNames(sandbox)).toEqual(before);
  });

  test('when the scratch sheet cannot be created or deleted, the check says so instead of throwing', () => {
    const { env, sandbox } = fresh();
    env.faults.add({ method: 'Spreadsheet.insertSheet', nth: 1 });
    const r1 = check(sandbox);
    expect(item(r1, 'Bảng tính: trang tạm để thử')).toMatchObject({ ok: false });
    expect(r1.checks.some((c) => PROBE_NAMES.includes(c.name))).toBe(false);

    env.faults.clear();
    env.faults.add({ method: 'Spreadsheet.deleteSheet', nth: 1 });
    const before = sheetNames(sandbox);
    const r2 = check(sandbox);
    const left = item(r2, 'Bảng tính: xóa trang tạm');
    expect(left.ok).toBe(false);
    expect(left.message).toContain('Hãy xóa trang này bằng tay');
    const extra = sheetNames(sandbox).filter((n) => !before.includes(n));
    expect(extra).toHaveLength(1);
    expect(left.message).toContain(extra[0]);
  });
});

describe('environment checks', () => {
  test('a spreadsheet time zone other than Asia/Ho_Chi_Minh is reported', () => {
    const { sandbox } = fresh();
    js(sandbox, `function () { SpreadsheetApp.getActive().setSpreadsheetTimeZone('Asia/Bangkok'); }`);
    const tz = item(check(sandbox), 'Múi giờ');
    expect(tz.ok).toBe(false);
    expect(tz.message).toContain('Múi giờ của bảng tính là "Asia/Bangkok"');
    expect(tz.message).not.toContain('dự án Apps Script');
  });

  test('a web app that is not deployed is reported', () => {
    const { env, sandbox } = fresh();
    env.webAppUrl = '';
    const web = item(check(sandbox), 'Ứng dụng web (đường dẫn trong thư nhắc việc)');
    expect(web.ok).toBe(false);
    expect(web.message).toContain('Chưa điền "Địa chỉ web app"');
    expect(web.message).toContain('dự án chưa có bản triển khai ứng dụng web');
  });

  test("the mail quota is compared with tomorrow's reminders (as the planner plans them)", () => {
    // 16/12: tomorrow is 14 days before 31/12, the deadline of three seed tasks with three leads.
    const { env, sandbox } = fresh('2024-12-16T09:00:00+07:00');
    fixEmails(sandbox);
    setMailQuota(env, 2);
    const low = item(check(sandbox), 'Hạn mức gửi thư');
    expect(low.ok).toBe(false);
    expect(low.message).toContain('Còn 2 người nhận');
    expect(low.message).toContain('Ngày mai (17/12/2024) dự kiến gửi 3 thư tới 3 người nhận');
    setMailQuota(env, 3);
    expect(item(check(sandbox), 'Hạn mức gửi thư').ok).toBe(true);
  });

  test('a visitor who is not signed in (the web app) gets no check and no scratch sheet', () => {
    const { env, sandbox } = fresh();
    env.calls.reset();
    const r = sandbox.call('systemCheck', [], { context: 'webapp', user: '' }) as Result;
    expect(r.ok).toBe(false);
    expect(r.checks).toHaveLength(1);
    expect(r.checks[0].message).toContain('chỉ dùng được từ menu');
    expect(env.calls.count('Spreadsheet.insertSheet')).toBe(0);
    expect(env.calls.count('Range.getValues')).toBe(0);
  });

  test('its Spreadsheet calls do not grow with the data', () => {
    const small = fresh();
    small.env.calls.reset();
    check(small.sandbox);
    const calls = small.env.calls.total('SpreadsheetApp');
    const reads = small.env.calls.count('Range.getValues');

    const big = fresh();
    const rows = Array.from({ length: 3000 }, (_, i) => [new Date('2024-02-01T10:00:00+07:00'), `NV0${1 + (i % 8)}`, OWNER, 'Đang thực hiện', 50, 'Phát thanh', 1, `ghi ${i}`, '', new Date('2024-02-01T00:00:00+07:00'), 'sidebar', `sub-${String(i).padStart(6, '0')}`]);
    js(big.sandbox, `function (rows) {
      var s = SpreadsheetApp.getActive().getSheetByName('Tiến độ');
      s.insertRowsAfter(s.getMaxRows(), rows.length);
      s.getRange(2, 1, rows.length, rows[0].length).setValues(rows.map(function (r) { return r.map(function (c, j) { return j === 0 || j === 9 ? new Date(c) : c; }); }));
    }`, rows);
    big.env.calls.reset();
    check(big.sandbox);
    expect(big.env.calls.total('SpreadsheetApp')).toBe(calls);
    expect(big.env.calls.count('Range.getValues')).toBe(reads);
  });
});

describe('what the office reads (issue 15, issue 10 §5)', () => {
  test('no check speaks of getLastRow(), getValues(), setValues() or getRange(); the NFC/NFD and consent lines are there', () => {
    const { sandbox } = fresh();
    const result = check(sandbox);
    const text = result.checks.map((c) => `${c.name} ${c.message}`).join('\n');
    expect(text).not.toMatch(/getLastRow|getValues|setValues|getRange/);
    expect(item(result, 'Chữ tiếng Việt có dấu (chuẩn hóa Unicode NFC/NFD)').ok).toBe(true);
    expect(item(result, 'Quyền đã cấp cho "Theo dõi CCHC"').ok).toBe(true);
  });

  test('a permission the account did not grant is named in Vietnamese', () => {
    const { env, sandbox } = fresh();
    env.setDeniedScopes(OWNER, ['https://www.googleapis.com/auth/script.send_mail']);
    const c = item(check(sandbox), 'Quyền đã cấp cho "Theo dõi CCHC"');
    expect(c.ok).toBe(false);
    expect(c.message).toMatch(/Gửi email thay mặt bạn/);
  });

  test('"Kế hoạch" is not OK while a unit of the plan is missing from "Cán bộ"', () => {
    const { sandbox } = fresh();
    js(sandbox, SET_CELL, 'Kế hoạch', 'Mã', 'NV03', 'Cán bộ, công chức chủ trì', 'Ban Chỉ huy quân sự xã');
    const r = check(sandbox);
    expect(item(r, 'Đơn vị trong kế hoạch').ok).toBe(false);
    expect(item(r, 'Kế hoạch').ok).toBe(false);
    expect(item(r, 'Kế hoạch').message).not.toMatch(/không có lỗi/);
  });

  test('the dialog makes only what needs fixing bold, as its summary says', () => {
    const { env, sandbox } = fresh();
    check(sandbox);
    const html = env.ui.find((e) => e.kind === 'dialog')!.html!;
    expect(html).toMatch(/in đậm/);
    expect(html).toMatch(/tr\.fail td \{ font-weight: bold; \}/);
    expect(html).not.toMatch(/td\.state \{[^}]*bold/);
    expect((html.match(/<tr class="fail">/g) ?? []).length).toBeGreaterThan(0);
    expect((html.match(/<tr class="pass">/g) ?? []).length).toBeGreaterThan(0);
  });
});
