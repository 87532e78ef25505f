/**
 * runDailyReminders, the reminder log and the triggers, on the built bundle in the sandbox.
 * The seed's directory has placeholder addresses (example.invalid); most tests first give
 * people real addresses, as the office would.
 */
import { loadSandbox } from '../support/sandbox';
import { reminderLogRows } from '../support/sheets';
import { js, SET_CELL, READ_SHEET, FORMULAS, TEST_WEBAPP_URL } from '../support/script';
import { sentMail, setMailQuota } from '../../emulator/services/mail';
import { holdLockElsewhere } from '../../emulator/services/lock';
import type { Env } from '../../emulator/core/env';
import type { Sandbox } from '../../emulator/sandbox';
import { REAL_ADDRESSES } from '../support/addresses';

const DAY = '2024-03-08T07:00:00+07:00';
const OWNER = 'vanphong.tanviet@gmail.com';

const REAL = REAL_ADDRESSES;

function setEmail(sandbox: Sandbox, unit: string, email: string): void {
  js(sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', unit, 'Email', email);
}

function setSetting(sandbox: Sandbox, label: string, value: string): void {
  js(sandbox, SET_CELL, 'Cài đặt', 'Mục cài đặt', label, 'Giá trị', value);
}

function fresh(now = DAY, real = true): { env: Env; sandbox: Sandbox } {
  const { env, sandbox } = loadSandbox({ now, owner: OWNER });
  sandbox.call('setupWorkbook');
  if (real) {
    for (const [unit, email] of Object.entries(REAL)) setEmail(sandbox, unit, email);
    setSetting(sandbox, 'Email Văn phòng', 'vanphong.tanviet@gmail.com');
    setSetting(sandbox, 'Địa chỉ web app', TEST_WEBAPP_URL);
  }
  env.ui.length = 0;
  return { env, sandbox };
}

function run(sandbox: Sandbox): { sent: number; deferred: number; failed: number; skipped: number } {
  return sandbox.call('runDailyReminders', [], { context: 'trigger' }) as never;
}

const logRows = reminderLogRows;

/** Recipients of the emails sent, in order. */
const recipients = (env: Env) => sentMail(env).map((m) => m.to.join(','));

// On 8 March 2024 (ND09 cut-off of Quý I: 14 March, 7 days' notice) the seed's recurring tasks
// are due for Quý I and the office gets its summary.
const DUE_ON_8_MARCH = [
  'chutich.tanviet@gmail.com', // NV01
  'dai.tanviet@gmail.com', // NV03, NV04
  'motcua.tanviet@gmail.com', // NV02
  'tuphap.tanviet@gmail.com', // NV05
  'vanphong.tanviet@gmail.com', // NV04 (lead) and the office summary, in one digest
];

describe('runDailyReminders with the seed directory (placeholder addresses)', () => {
  test('sends nothing to example.invalid, logs each skipped digest once for the office, and sends once an address is fixed', () => {
    const { env, sandbox } = fresh(DAY, false);
    expect(run(sandbox)).toEqual({ sent: 0, deferred: 0, failed: 0, skipped: 5 });
    expect(sentMail(env)).toHaveLength(0);
    const rows = logRows(sandbox);
    expect(rows).toHaveLength(5);
    for (const r of rows) {
      expect(r.recipient).toMatch(/@example\.invalid$/);
      expect(r.result).toMatch(/^Bỏ qua: .*Email mẫu, cần thay bằng email thật/);
    }
    expect(rows.find((r) => r.recipient === 'vanphong@example.invalid')?.result).toContain('"Email Văn phòng" ở trang "Cài đặt"');
    expect(rows.find((r) => r.recipient === 'tuphap@example.invalid')?.result).toContain('trang "Cán bộ"');

    // Running again logs nothing more: the office sees each skip once.
    expect(run(sandbox)).toEqual({ sent: 0, deferred: 0, failed: 0, skipped: 0 });
    expect(logRows(sandbox)).toHaveLength(5);

    // The office fixes Tư pháp's address: the next run sends that person's reminder.
    setEmail(sandbox, 'Công chức Tư pháp - Hộ tịch', 'tuphap.tanviet@gmail.com');
    expect(run(sandbox)).toEqual({ sent: 1, deferred: 0, failed: 0, skipped: 0 });
    expect(recipients(env)).toEqual(['tuphap.tanviet@gmail.com']);
    expect(sentMail(env)[0].body).toContain('NV05');
    expect(sentMail(env)[0].body).toMatch(/^Kính gửi Công chức Tư pháp - Hộ tịch,/);
  });
  test('the office, with a real address, is told which tasks have nobody to remind', () => {
    const { env, sandbox } = fresh(DAY, false);
    setSetting(sandbox, 'Email Văn phòng', 'vanphong.tanviet@gmail.com');
    // Skipped: the five leads' digests (the office's own unit still has its placeholder).
    expect(run(sandbox)).toEqual({ sent: 1, deferred: 0, failed: 0, skipped: 5 });
    const office = sentMail(env)[0];
    expect(office.to).toEqual(['vanphong.tanviet@gmail.com']);
    expect(office.body).toMatch(/NV05 – [^\n]*\n[^\n]*chưa có báo cáo Quý I\/2024; chưa có người nhận/);
    expect(office.body).toContain('hãy bổ sung email của cán bộ chủ trì ở trang "Cán bộ"');
  });
});

describe('runDailyReminders with real addresses', () => {
  test('the office gets one summary per report cycle, even when a new problem appears the next day', () => {
    const { env, sandbox } = fresh();
    const OFFICE = 'baocao.tanviet@gmail.com';
    setSetting(sandbox, 'Email Văn phòng', OFFICE);
    run(sandbox);
    const toOffice = () => sentMail(env).filter((m) => m.to.includes(OFFICE));
    expect(toOffice()).toHaveLength(1);
    expect(toOffice()[0].subject).toMatch(/Quý I\/2024/);
    // A new problem: NV06's deadline, moved by the office to 8 March, is overdue on the 9th.
    js(sandbox, SET_CELL, 'Kế hoạch', 'Mã', 'NV06', 'Thời hạn điều chỉnh', '08/03/2024');
    env.clock.set('2024-03-09T07:00:00+07:00');
    run(sandbox);
    expect(toOffice()).toHaveLength(1);
    // The task's lead is told it is overdue: the run did send that day.
    expect(sentMail(env).some((m) => m.to.includes('vanhoa.tanviet@gmail.com') && /quá hạn/.test(m.body))).toBe(true);
  });

  test('sends one digest per address with links and a log row each; a second run the same day sends nothing', () => {
    const { env, sandbox } = fresh();
    expect(run(sandbox)).toEqual({ sent: 5, deferred: 0, failed: 0, skipped: 0 });
    expect(recipients(env).sort()).toEqual(DUE_ON_8_MARCH);
    expect(env.calls.count('MailApp.sendEmail')).toBe(5);

    const dai = sentMail(env).find((m) => m.to[0] === 'dai.tanviet@gmail.com')!;
    expect(dai.subject).toBe('[CCHC xã Tân Việt] 2 nhiệm vụ cần báo cáo tiến độ Quý I/2024, hạn 14/03/2024');
    expect(dai.name).toBe('Văn phòng HĐND&UBND xã Tân Việt');
    expect(dai.htmlBody).toContain('<table');
    // One signed link per task, to the web app.
    expect(dai.htmlBody!.match(/href="http:\/\/localhost:8080\/exec\?t=[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+"/g)).toHaveLength(2);
    expect(dai.body).toContain('Cập nhật tiến độ: http://localhost:8080/exec?t=');
    // Replies are off by default: answers go to the office's address.
    expect(dai.replyTo).toBe('vanphong.tanviet@gmail.com');

    const office = sentMail(env).find((m) => m.to[0] === 'vanphong.tanviet@gmail.com')!;
    // The office's own task (NV04) and the summary (every task without a Quý I report; NV07
    // only starts in Quý IV) come as one digest.
    expect(office.subject).toBe('[CCHC xã Tân Việt] Tổng hợp trước kỳ báo cáo Quý I/2024, hạn gửi báo cáo 19/03/2024: 7 nhiệm vụ cần đôn đốc');
    expect(office.body).not.toContain('NV07');

    const rows = logRows(sandbox);
    expect(rows.map((r) => r.recipient).sort()).toEqual(DUE_ON_8_MARCH);
    for (const r of rows) {
      expect(r.result).toBe('Đã gửi');
      expect(r.key).toBe(`2024-03-08|${r.recipient}`);
    }
    expect(rows.find((r) => r.recipient === 'dai.tanviet@gmail.com')!.tasks).toEqual(['NV03: period:Quý I/2024', 'NV04: period:Quý I/2024']);

    expect(run(sandbox)).toEqual({ sent: 0, deferred: 0, failed: 0, skipped: 0 });
    env.clock.set('2024-03-09T07:00:00+07:00');
    expect(run(sandbox)).toEqual({ sent: 0, deferred: 0, failed: 0, skipped: 0 });
    expect(sentMail(env)).toHaveLength(5);
    expect(logRows(sandbox)).toHaveLength(5);
  });

  test('a coordinator of a task with a deadline gets it in a digest of their own, not as a copy; a placeholder coordinator is skipped and logged', () => {
    const { env, sandbox } = fresh('2024-06-23T07:00:00+07:00');
    js(sandbox, SET_CELL, 'Kế hoạch', 'Mã', 'NV06', 'Thời gian thực hiện', 'Trước ngày 30/6/2024');
    js(sandbox, SET_CELL, 'Kế hoạch', 'Mã', 'NV06', 'Cán bộ, công chức phối hợp', 'Đài truyền thanh xã; Công chức Tài chính - Kế toán');
    setEmail(sandbox, 'Công chức Tài chính - Kế toán', 'ketoan@example.invalid');
    expect(run(sandbox).sent).toBeGreaterThan(0);
    const vanhoa = sentMail(env).find((m) => m.to[0] === 'vanhoa.tanviet@gmail.com')!;
    expect(vanhoa.subject).toBe('[CCHC xã Tân Việt] 1 nhiệm vụ cần cập nhật, hạn gần nhất 30/06/2024');
    expect(vanhoa.cc).toEqual([]);
    expect(vanhoa.body).toContain('còn 7 ngày');
    const dai = sentMail(env).find((m) => m.to[0] === 'dai.tanviet@gmail.com')!;
    expect(dai.body).toContain('còn 7 ngày; anh/chị phối hợp thực hiện');
    const rows = logRows(sandbox);
    expect(rows.find((r) => r.recipient === 'vanhoa.tanviet@gmail.com')).toMatchObject({ result: 'Đã gửi', tasks: ['NV06: d-7:2024-06-30'] });
    expect(rows.find((r) => r.recipient === 'dai.tanviet@gmail.com')).toMatchObject({ result: 'Đã gửi', tasks: ['NV06: d-7:2024-06-30'] });
    expect(rows.find((r) => r.recipient === 'ketoan@example.invalid')!.result).toMatch(/^Bỏ qua: ketoan@example\.invalid/);
  });

  test('checks the quota before each send: what it cannot cover waits for the next run', () => {
    const { env, sandbox } = fresh();
    setMailQuota(env, 2);
    expect(run(sandbox)).toEqual({ sent: 2, deferred: 3, failed: 0, skipped: 0 });
    // Read once and counted down under the lock: one MailApp call per recipient email, plus one.
    expect(env.calls.count('MailApp.getRemainingDailyQuota')).toBe(1);
    expect(env.calls.count('MailApp.sendEmail')).toBe(2);
    expect(env.calls.total('MailApp')).toBe(3);
    const deferred = logRows(sandbox).filter((r) => r.result.startsWith('Chưa gửi'));
    expect(deferred).toHaveLength(3);
    expect(deferred[0].result).toContain('hết hạn mức gửi thư trong ngày (còn 0, cần 1)');

    // The same day, still no quota: nothing is sent, nothing twice.
    expect(run(sandbox)).toEqual({ sent: 0, deferred: 3, failed: 0, skipped: 0 });
    // The quota is back 24 hours later: the deferred digests go out, once.
    env.clock.set('2024-03-09T07:00:00+07:00');
    expect(run(sandbox)).toEqual({ sent: 3, deferred: 0, failed: 0, skipped: 0 });
    expect(recipients(env).sort()).toEqual(DUE_ON_8_MARCH);
    expect(run(sandbox)).toEqual({ sent: 0, deferred: 0, failed: 0, skipped: 0 });
  });

  test('one failing send does not stop the others; the rerun sends only the failed one', () => {
    const { env, sandbox } = fresh();
    env.faults.add({ method: 'MailApp.sendEmail', nth: 3, message: 'Exception: Service error: Gmail' });
    expect(run(sandbox)).toEqual({ sent: 4, deferred: 0, failed: 1, skipped: 0 });
    const failed = logRows(sandbox).filter((r) => r.result.startsWith('Lỗi'));
    expect(failed).toHaveLength(1);
    expect(failed[0].result).toContain('Service error: Gmail');
    expect(run(sandbox)).toEqual({ sent: 1, deferred: 0, failed: 0, skipped: 0 });
    expect(recipients(env).sort()).toEqual(DUE_ON_8_MARCH);
    expect(recipients(env)[4]).toBe(failed[0].recipient);
  });

  test('a sheet error right after a send: the run stops sending, and no email goes out twice', () => {
    const { env, sandbox } = fresh();
    env.calls.reset();
    // Each sent email's row is appended (under the lock) right after its send; the run tries twice.
    env.faults.add({ method: 'Sheet.appendRow', nth: 1, times: 2 });
    expect(run(sandbox)).toEqual({ sent: 1, deferred: 4, failed: 0, skipped: 0 });
    expect(logRows(sandbox).filter((r) => r.result === 'Đã gửi')).toHaveLength(1);
    expect(run(sandbox)).toEqual({ sent: 4, deferred: 0, failed: 0, skipped: 0 });
    expect(recipients(env).sort()).toEqual(DUE_ON_8_MARCH);
  });

  test('the sheet failing for the rest of the run: the run dies, and the rerun still sends each email once', () => {
    const { env, sandbox } = fresh();
    env.faults.add({ method: 'Sheet.appendRow', nth: 1, times: Infinity });
    env.faults.add({ method: 'Range.setValues', nth: 1, times: Infinity });
    expect(() => run(sandbox)).toThrow();
    expect(sentMail(env)).toHaveLength(1);
    expect(logRows(sandbox)).toHaveLength(0);
    env.faults.clear();
    expect(run(sandbox)).toEqual({ sent: 4, deferred: 0, failed: 0, skipped: 0 });
    expect(recipients(env).sort()).toEqual(DUE_ON_8_MARCH);
    // The first email's row, kept aside while the sheet failed, is in the log now.
    const rows = logRows(sandbox);
    expect(rows.filter((r) => r.result === 'Đã gửi').map((r) => r.recipient).sort()).toEqual(DUE_ON_8_MARCH);
    expect(run(sandbox)).toEqual({ sent: 0, deferred: 0, failed: 0, skipped: 0 });
  });

  test('does nothing while another execution holds the script lock', () => {
    const { env, sandbox } = fresh();
    holdLockElsewhere(env, 'script', true);
    expect(run(sandbox)).toEqual({ sent: 0, deferred: 0, failed: 0, skipped: 0 });
    expect(sentMail(env)).toHaveLength(0);
    holdLockElsewhere(env, 'script', false);
    expect(run(sandbox).sent).toBe(5);
  });
});

describe('text from the sheet in emails and in the log', () => {
  test('HTML and formula text is escaped in the email and stays text in the log', () => {
    const { env, sandbox } = fresh();
    const evil = '<img src=x onerror=alert(1)> =HYPERLINK("http://evil.example","bấm")';
    js(sandbox, SET_CELL, 'Kế hoạch', 'Mã', 'NV05', 'Nhiệm vụ cụ thể', evil);
    js(sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', 'Công chức Tư pháp - Hộ tịch', 'Họ và tên', '<b onmouseover="x()">Lê</b>');
    // Typed with Sheets' text prefix: the cell holds the text "=1+2@…", which is a valid address.
    setEmail(sandbox, 'Công chức Tư pháp - Hộ tịch', "'=1+2@tanviet.gov.vn");
    setSetting(sandbox, 'Tên xã', '<i>Tân Việt</i>');
    expect(run(sandbox).failed).toBe(0);
    const mail = sentMail(env).find((m) => m.to[0] === '=1+2@tanviet.gov.vn')!;
    expect(mail).toBeDefined();
    expect(mail.htmlBody).not.toMatch(/<img|<b |<i>/);
    expect(mail.htmlBody).toContain('&lt;img src=x onerror=alert(1)&gt; =HYPERLINK(&quot;http://evil.example&quot;,&quot;bấm&quot;)');
    expect(mail.htmlBody).toContain('Kính gửi &lt;b onmouseover=&quot;x()&quot;&gt;Lê&lt;/b&gt;,');
    expect(mail.body).toContain(evil);
    expect(mail.subject).toContain('[CCHC xã <i>Tân Việt</i>]');

    const values = js<unknown[][]>(sandbox, READ_SHEET, 'Nhật ký nhắc việc');
    const formulas = js<string[][]>(sandbox, FORMULAS, 'Nhật ký nhắc việc');
    const r = values.findIndex((row) => row.includes('=1+2@tanviet.gov.vn'));
    expect(r).toBeGreaterThan(0);
    expect(values[r][values[0].indexOf('Khóa')]).toBe('2024-03-08|=1+2@tanviet.gov.vn');
    expect(formulas.flat().filter(Boolean)).toEqual([]);
  });
});

describe('Spreadsheet and MailApp calls', () => {
  const PLAN_HEADER = `function () { return SpreadsheetApp.getActive().getSheetByName('Kế hoạch').getDataRange().getValues()[0]; }`;
  const FILL = `function (plan, log) {
    var ss = SpreadsheetApp.getActive();
    var p = ss.getSheetByName('Kế hoạch');
    var rows = function (sh, n) { if (sh.getMaxRows() < n) sh.insertRowsAfter(sh.getMaxRows(), n - sh.getMaxRows()); };
    rows(p, plan.length + 1);
    // The log sheet as it would be after months of runs: full to the last row but a few.
    rows(ss.getSheetByName('Nhật ký nhắc việc'), log.length + 50);
    p.getRange(2, 1, p.getLastRow() - 1, p.getLastColumn()).clearContent();
    p.getRange(2, 1, plan.length, plan[0].length).setValues(plan);
    if (log.length) ss.getSheetByName('Nhật ký nhắc việc').getRange(2, 1, log.length, log[0].length).setValues(log);
  }`;

  /** n tasks: three due on 9 May 2024 (one per lead), the rest at the end of the year. */
  function workbook(n: number, logRowsCount: number, coordinator = ''): { env: Env; sandbox: Sandbox } {
    const { env, sandbox } = fresh('2024-05-02T07:00:00+07:00');
    const header = js<string[]>(sandbox, PLAN_HEADER);
    const leads = ['Công chức Tư pháp', 'Đài truyền thanh xã', 'Bộ phận Một cửa UBND xã'];
    const plan = Array.from({ length: n }, (_, i) => {
      const row: unknown[] = header.map(() => '');
      const set = (h: string, v: unknown) => (row[header.indexOf(h)] = v);
      set('Mã', `NV${String(i + 1).padStart(4, '0')}`);
      set('STT', i + 1);
      set('Nhiệm vụ cụ thể', `Nhiệm vụ tuyên truyền số ${i + 1} về cải cách hành chính`);
      set('Cán bộ, công chức chủ trì', leads[i % 3]);
      set('Cán bộ, công chức phối hợp', coordinator);
      set('Thời gian thực hiện', i < 3 ? 'Trước ngày 09/5/2024' : 'Trong năm 2024');
      set('Trạng thái', 'Đang thực hiện');
      set('Tiến độ (%)', 10);
      return row;
    });
    const log = Array.from({ length: logRowsCount }, (_, i) => [
      `2023-12-${String((i % 28) + 1).padStart(2, '0')}|nguoi${i}@tanviet.gov.vn`,
      '2023-12-01T00:00:00.000Z',
      `nguoi${i}@tanviet.gov.vn`,
      `NV${String((i % 900) + 1).padStart(4, '0')}: d-7:2023-12-31`,
      'Đã gửi',
    ]);
    js(sandbox, FILL, plan, log);
    env.calls.reset();
    return { env, sandbox };
  }

  test('are the same at 10 and at 1,000 tasks with 10,000 log rows; one sendEmail per digest', () => {
    const small = workbook(10, 0);
    expect(run(small.sandbox)).toEqual({ sent: 3, deferred: 0, failed: 0, skipped: 0 });
    const large = workbook(1000, 10000);
    expect(run(large.sandbox)).toEqual({ sent: 3, deferred: 0, failed: 0, skipped: 0 });

    const spreadsheet = (env: Env) => env.calls.total('SpreadsheetApp');
    expect(spreadsheet(large.env)).toBe(spreadsheet(small.env));
    expect(large.env.calls.count('Range.getValues')).toBe(small.env.calls.count('Range.getValues'));
    // Per run: one getValues per sheet read (settings, plan, people, progress, log) and one
    // appendRow per email sent (its log row, written right after the send).
    expect(large.env.calls.count('Range.getValues')).toBe(5);
    expect(large.env.calls.count('Sheet.appendRow')).toBe(3);
    expect(large.env.calls.count('Range.setValues')).toBe(0);
    expect(spreadsheet(large.env)).toBeLessThanOrEqual(25);
    for (const { env } of [small, large]) {
      expect(env.calls.count('MailApp.sendEmail')).toBe(3);
      expect(sentMail(env).map((m) => m.to[0]).sort()).toEqual(['dai.tanviet@gmail.com', 'motcua.tanviet@gmail.com', 'tuphap.tanviet@gmail.com']);
    }
  });

  test('issue 13 finding 9: with a coordinator on every task, one more digest (theirs) and the same calls at 10 and 1,000 tasks', () => {
    const small = workbook(10, 0, 'Công chức Văn hóa - Thông tin');
    expect(run(small.sandbox)).toEqual({ sent: 4, deferred: 0, failed: 0, skipped: 0 });
    const large = workbook(1000, 10000, 'Công chức Văn hóa - Thông tin');
    expect(run(large.sandbox)).toEqual({ sent: 4, deferred: 0, failed: 0, skipped: 0 });
    expect(large.env.calls.byMethod()).toEqual(small.env.calls.byMethod());
    expect(large.env.calls.count('Range.getValues')).toBe(5);
    for (const { env } of [small, large]) {
      // One sendEmail and one log row per person; nobody copied.
      expect(env.calls.count('MailApp.sendEmail')).toBe(4);
      expect(env.calls.count('Sheet.appendRow')).toBe(4);
      expect(sentMail(env).every((m) => m.cc.length === 0)).toBe(true);
      const vanhoa = sentMail(env).find((m) => m.to[0] === 'vanhoa.tanviet@gmail.com')!;
      expect(vanhoa.body.match(/^\d+\. NV\d{4} /gm)).toHaveLength(3);
    }
  });
});

describe('a digest too long for one email', () => {
  test('is cut to fit MailApp\'s body limit; the rest of an assignee\'s tasks follow on the next days, each once', () => {
    const { env, sandbox } = fresh();
    const header = js<string[]>(sandbox, `function () { return SpreadsheetApp.getActive().getSheetByName('Kế hoạch').getDataRange().getValues()[0]; }`);
    const plan = Array.from({ length: 600 }, (_, i) => {
      const row: unknown[] = header.map(() => '');
      const set = (h: string, v: unknown) => (row[header.indexOf(h)] = v);
      set('Mã', `NV${String(i + 1).padStart(3, '0')}`);
      set('Nhiệm vụ cụ thể', `Tuyên truyền thường xuyên về cải cách hành chính, nội dung số ${i + 1}`);
      set('Cán bộ, công chức chủ trì', 'Công chức Tư pháp');
      set('Thời gian thực hiện', 'Thường xuyên');
      set('Trạng thái', 'Chưa thực hiện');
      set('Tiến độ (%)', 0);
      return row;
    });
    js(
      sandbox,
      `function (plan) {
        var p = SpreadsheetApp.getActive().getSheetByName('Kế hoạch');
        p.getRange(2, 1, p.getLastRow() - 1, p.getLastColumn()).clearContent();
        p.getRange(2, 1, plan.length, plan[0].length).setValues(plan);
      }`,
      plan,
    );
    const sentCodes: string[] = [];
    for (const day of ['2024-03-08', '2024-03-09', '2024-03-10', '2024-03-11']) {
      env.clock.set(`${day}T07:00:00+07:00`);
      const before = sentMail(env).length;
      expect(run(sandbox).failed).toBe(0);
      for (const m of sentMail(env).slice(before)) {
        expect(Buffer.byteLength(m.htmlBody!, 'utf8')).toBeLessThan(200 * 1024);
        if (m.to[0] === 'tuphap.tanviet@gmail.com') sentCodes.push(...[...m.body.matchAll(/^\d+\. (NV\d+) /gm)].map((h) => h[1]));
      }
    }
    const first = logRows(sandbox).find((r) => r.recipient === 'tuphap.tanviet@gmail.com')!;
    expect(first.result).toMatch(/^Đã gửi \(thư quá dài: có \d+\/600 nhiệm vụ, phần còn lại gửi ở lần sau\)$/);
    expect(logRows(sandbox).find((r) => r.recipient === 'vanphong.tanviet@gmail.com')!.result).toMatch(/xem đủ trong bảng tính\)$/);
    expect(sentCodes).toHaveLength(600);
    expect(new Set(sentCodes).size).toBe(600);
  });
});

describe('a full log sheet', () => {
  test('grows when its last row is used, instead of failing the run', () => {
    const { env, sandbox } = fresh();
    const filled = js<number>(
      sandbox,
      `function () {
        var sh = SpreadsheetApp.getActive().getSheetByName('Nhật ký nhắc việc');
        var n = sh.getMaxRows() - 1, rows = [];
        for (var i = 0; i < n; i++) rows.push(['2023-01-01|a' + i + '@tanviet.gov.vn', '', 'a' + i + '@tanviet.gov.vn', 'NV01: d-1:2023-01-02', 'Đã gửi']);
        sh.getRange(2, 1, n, 5).setValues(rows);
        return sh.getMaxRows();
      }`,
    );
    expect(run(sandbox)).toEqual({ sent: 5, deferred: 0, failed: 0, skipped: 0 });
    expect(logRows(sandbox)).toHaveLength(filled - 1 + 5);
    expect(run(sandbox).sent).toBe(0);
    expect(sentMail(env)).toHaveLength(5);
  });
});

describe('triggers', () => {
  const TRIGGERS = `function () { return ScriptApp.getProjectTriggers().map(function (t) { return t.getHandlerFunction(); }).sort(); }`;

  test('installing twice leaves one hourly reminder trigger and one hourly reply reader (both read the settings each run)', () => {
    const { env, sandbox } = fresh();
    sandbox.call('installTriggers');
    sandbox.call('installTriggers');
    expect(js<string[]>(sandbox, TRIGGERS)).toEqual(['processReplies', 'runHourly']);
    expect(env.state.triggers.find((t) => t.handler === 'runHourly')).toMatchObject({ eventType: 'CLOCK', everyHours: 1 });

    setSetting(sandbox, 'Nhận trả lời qua email', 'Có');
    sandbox.call('installTriggers');
    sandbox.call('installTriggers');
    expect(js<string[]>(sandbox, TRIGGERS)).toEqual(['processReplies', 'runHourly']);
    expect(env.state.triggers.find((t) => t.handler === 'processReplies')).toMatchObject({ everyHours: 1 });

    expect(sandbox.call('removeTriggers')).toBe(2);
    expect(env.state.triggers).toEqual([]);
  });

  test('the daily trigger of an earlier version moves this sheet to the hourly trigger at its next run, and sends the day once', () => {
    const { env, sandbox } = fresh();
    // What versions before the hourly trigger installed: a daily trigger, a one-off retry, and their records.
    const [daily, retry] = js<string[]>(
      sandbox,
      `function () {
        var d = ScriptApp.newTrigger('runDailyReminders').timeBased().atHour(7).everyDays(1).inTimezone('Asia/Ho_Chi_Minh').create();
        var r = ScriptApp.newTrigger('runDailyReminders').timeBased().after(3600000).create();
        ScriptApp.newTrigger('processReplies').timeBased().everyHours(1).create();
        PropertiesService.getDocumentProperties().setProperties({ 'cchc.dailyTrigger': d.getUniqueId(), 'cchc.reminderRetry': r.getUniqueId() + '@1' });
        return [d.getUniqueId(), r.getUniqueId()]; }`,
    );
    expect(retry).not.toBe(daily);
    expect(sandbox.call('runDailyReminders', [{ authMode: 'FULL', triggerUid: daily }], { context: 'trigger' })).toMatchObject({ sent: DUE_ON_8_MARCH.length });
    expect(js<string[]>(sandbox, TRIGGERS)).toEqual(['processReplies', 'runHourly']);
    expect(Object.keys(env.state.documentProperties).filter((k) => ['cchc.dailyTrigger', 'cchc.reminderRetry'].includes(k))).toEqual([]);
    // The hourly trigger's next run finds the day done.
    env.clock.advance(60 * 60 * 1000);
    const hourly = env.state.triggers.find((t) => t.handler === 'runHourly')!;
    expect(sandbox.call('runHourly', [{ authMode: 'FULL', triggerUid: hourly.id }], { context: 'trigger' })).toMatchObject({ sent: 0, waiting: 'done' });
    expect(recipients(env).sort()).toEqual(DUE_ON_8_MARCH);
    // The menu item sees the reminders as on, and turns them off.
    sandbox.call('toggleReminders');
    expect(env.ui.find((e) => e.kind === 'alert')!.title).toBe('Đã tắt nhắc việc tự động');
  });

  test('an earlier version\'s daily trigger whose replacement fails keeps working and tries again at its next run', () => {
    const { env, sandbox } = fresh();
    const daily = js<string>(sandbox, `function () { return ScriptApp.newTrigger('runDailyReminders').timeBased().atHour(7).everyDays(1).create().getUniqueId(); }`);
    env.faults.add({ method: 'ClockTriggerBuilder.create', nth: 1 });
    expect(sandbox.call('runDailyReminders', [{ authMode: 'FULL', triggerUid: daily }], { context: 'trigger' })).toMatchObject({ sent: DUE_ON_8_MARCH.length });
    expect(js<string[]>(sandbox, TRIGGERS)).toEqual(['runDailyReminders']);
    env.clock.advance(24 * 60 * 60 * 1000);
    sandbox.call('runDailyReminders', [{ authMode: 'FULL', triggerUid: daily }], { context: 'trigger' });
    expect(js<string[]>(sandbox, TRIGGERS)).toEqual(['runHourly']);
  });

  test('the menu item toggles and says in Vietnamese what is now on', () => {
    const { env, sandbox } = fresh(DAY, false);
    sandbox.call('toggleReminders');
    // No web-app address: the answers come through the Google Form, whose submit trigger is made too.
    expect(env.state.triggers.map((t) => t.handler).sort()).toEqual(['onAnswerSubmit', 'processReplies', 'runHourly']);
    const on = env.ui.find((e) => e.kind === 'alert')!;
    expect(on.message).toContain('biểu mẫu Google');
    expect(on.title).toBe('Đã bật nhắc việc tự động');
    expect(on.message).toContain('mỗi ngày trong khoảng 7 giờ đến 8 giờ (giờ Việt Nam)');
    expect(on.message).toContain(`từ tài khoản ${OWNER}`);
    expect(on.message).toContain('Chưa đọc thư trả lời: mục "Nhận trả lời qua email" ở trang "Cài đặt" đang là "Không"');
    expect(on.message).toContain('8 cán bộ ở trang "Cán bộ" chưa có email thật');
    expect(on.message).toContain('sửa "Giờ gửi nhắc việc" ở trang "Cài đặt": có hiệu lực từ lần gửi tiếp theo, không cần tắt rồi bật lại');

    env.ui.length = 0;
    sandbox.call('toggleReminders');
    // Answers to reminders already sent are still recorded.
    expect(env.state.triggers.map((t) => t.handler)).toEqual(['onAnswerSubmit']);
    expect(env.ui.find((e) => e.kind === 'alert')!.title).toBe('Đã tắt nhắc việc tự động');
  });

  test('"Gửi nhắc việc hôm nay" runs the reminders now and tells the outcome', () => {
    const { env, sandbox } = fresh();
    sandbox.call('sendRemindersNow');
    expect(sentMail(env)).toHaveLength(5);
    const alert = env.ui.find((e) => e.kind === 'alert')!;
    expect(alert.message).toContain('Đã gửi 5 thư nhắc việc.');
    expect(alert.message).toContain('trang "Nhật ký nhắc việc"');
  });

  test('"Gửi nhắc việc hôm nay" while another run is sending says so, instead of "nothing to send"', () => {
    const { env, sandbox } = fresh();
    holdLockElsewhere(env, 'script', true);
    sandbox.call('sendRemindersNow');
    expect(sentMail(env)).toHaveLength(0);
    const alert = env.ui.find((e) => e.kind === 'alert')!;
    expect(alert.message).not.toMatch(/không có nhắc việc nào cần gửi/);
    expect(alert.message).toMatch(/đang chạy/);
    holdLockElsewhere(env, 'script', false);
  });

  test('the menu lists the reminder items', () => {
    const { env, sandbox } = fresh();
    sandbox.call('onOpen', [{ authMode: 'LIMITED' }]);
    const menu = env.ui.find((e) => e.kind === 'menu')!.menu!;
    const items = menu.items.filter((i): i is { caption: string; functionName: string } => 'functionName' in i);
    expect(items).toEqual(
      expect.arrayContaining([
        { caption: 'Bật/tắt nhắc việc tự động', functionName: 'toggleReminders' },
        { caption: 'Đổi khóa bảo mật đường dẫn', functionName: 'rotateLinkSecret' },
        { caption: 'Gửi nhắc việc hôm nay', functionName: 'sendRemindersNow' },
      ]),
    );
  });
});
