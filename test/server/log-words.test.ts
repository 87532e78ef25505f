/**
 * The log sheets in the office's words: "Nguồn" of "Tiến độ", "Nội dung" of "Nhật ký nhắc việc",
 * ids at the end; an older workbook is brought to this layout by setup without losing a row.
 * Also setup's tidying of a new spreadsheet (empty default sheet removed, "Kế hoạch" first).
 */
import { loadSandbox } from '../support/sandbox';
import { rows, run, values } from '../support/sheets';
import { js, SET_CELL } from '../support/script';
import { sentMail } from '../../emulator/services/mail';
import { PROGRESS_COLUMNS, REMINDER_COLUMNS, SHEETS } from '../../src/core/schema';
import type { Sandbox } from '../../emulator/sandbox';

const OWNER = 'vanphong.tanviet@gmail.com';

function sheetNames(sandbox: Sandbox): string[] {
  return run(sandbox, `return SpreadsheetApp.getActiveSpreadsheet().getSheets().map((s) => s.getName());`) as string[];
}

function realAddresses(sandbox: Sandbox): void {
  js(sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', 'Công chức Văn hóa - Thông tin', 'Email', 'vanhoa.tanviet@gmail.com');
  js(sandbox, SET_CELL, 'Cài đặt', 'Mục cài đặt', 'Email Văn phòng', 'Giá trị', OWNER);
}

describe('setup on a new spreadsheet', () => {
  test('removes the empty "Trang tính1" and puts "Kế hoạch" first', () => {
    const { sandbox } = loadSandbox({ owner: OWNER });
    expect(sheetNames(sandbox)).toEqual(['Trang tính1']);
    const r = sandbox.call('setupWorkbook') as { removed: string[] };
    expect(r.removed).toEqual(['Trang tính1']);
    const names = sheetNames(sandbox);
    expect(names[0]).toBe(SHEETS.plan);
    expect(names).not.toContain('Trang tính1');
    expect(names).toHaveLength(Object.values(SHEETS).length - 1); // "Tổng hợp" comes with the first report
  });

  test('keeps a default sheet that has something in it, and an office\'s own sheet order on later runs', () => {
    const { sandbox } = loadSandbox({ owner: OWNER });
    run(sandbox, `SpreadsheetApp.getActiveSpreadsheet().getSheets()[0].getRange('B3').setValue('danh sách cũ');`);
    sandbox.call('setupWorkbook');
    expect(sheetNames(sandbox)).toContain('Trang tính1');
    expect(sheetNames(sandbox)[0]).toBe(SHEETS.plan);
    // The office moves "Cán bộ" first: a later setup leaves it there.
    run(sandbox, `const ss = SpreadsheetApp.getActiveSpreadsheet(); ss.setActiveSheet(ss.getSheetByName('Cán bộ')); ss.moveActiveSheet(1);`);
    sandbox.call('setupWorkbook');
    expect(sheetNames(sandbox)[0]).toBe(SHEETS.people);
  });
});

describe('the log sheets in words', () => {
  test('"Nguồn" says Thanh bên / Biểu mẫu; the submission id is the last column', () => {
    const { sandbox } = loadSandbox({ owner: OWNER, now: '2024-03-08T09:00:00+07:00' });
    sandbox.call('setupWorkbook');
    const r = sandbox.call('submitProgress', [
      { taskId: 'NV03', status: 'Đang thực hiện', percent: 40, channel: 'Phát thanh', quantity: 2, note: 'Phát 2 chuyên mục', evidenceUrl: '', reportDate: '2024-03-07', submissionId: 'sub-0001-abcdef' },
    ]) as { ok: boolean };
    expect(r.ok).toBe(true);
    const header = values(sandbox, SHEETS.progress)![0];
    expect(header[header.length - 1]).toBe(PROGRESS_COLUMNS.submissionId);
    expect(rows(sandbox, SHEETS.progress)[0][PROGRESS_COLUMNS.source]).toBe('Thanh bên');
  });

  test('the reminder log reads first the time, recipient and "Nội dung" in words; the keys come last', () => {
    // 30/12/2024, 07:00: NV06 (Văn hóa - Thông tin, hạn 31/12/2024) is one day from its deadline.
    const { sandbox } = loadSandbox({ owner: OWNER, now: '2024-12-30T07:00:00+07:00' });
    sandbox.call('setupWorkbook');
    realAddresses(sandbox);
    sandbox.call('runDailyReminders', [], { context: 'trigger' });
    const header = values(sandbox, SHEETS.reminders)![0];
    expect(header).toEqual([REMINDER_COLUMNS.at, REMINDER_COLUMNS.recipient, REMINDER_COLUMNS.content, REMINDER_COLUMNS.result, REMINDER_COLUMNS.tasks, REMINDER_COLUMNS.key]);
    const log = rows(sandbox, SHEETS.reminders);
    const vanhoa = log.find((r) => r[REMINDER_COLUMNS.recipient] === 'vanhoa.tanviet@gmail.com');
    expect(vanhoa?.[REMINDER_COLUMNS.content]).toBe('NV06: Nhắc trước hạn 1 ngày, hạn 31/12/2024');
    expect(vanhoa?.[REMINDER_COLUMNS.tasks]).toBe('NV06: d-1:2024-12-31');
    expect(String(vanhoa?.[REMINDER_COLUMNS.result])).toMatch(/^Đã gửi/);
  });

  test('the office summary and period reminders in words', () => {
    const { sandbox } = loadSandbox({ owner: OWNER, now: '2024-03-08T07:00:00+07:00' });
    sandbox.call('setupWorkbook');
    realAddresses(sandbox);
    sandbox.call('runDailyReminders', [], { context: 'trigger' });
    const content = rows(sandbox, SHEETS.reminders).map((r) => String(r[REMINDER_COLUMNS.content]));
    expect(content.join('\n')).toMatch(/^Tổng hợp gửi Văn phòng kỳ Quý I\/2024: NV\d\d(, NV\d\d)*$/m);
    expect(content.join('\n')).toMatch(/^NV\d\d(, NV\d\d)*: Nhắc báo cáo tiến độ kỳ Quý I\/2024$/m);
  });

  test('an older workbook (keys first, "Nguồn" as codes) is brought to the new layout by setup, every row kept, nothing sent twice', () => {
    const { env, sandbox } = loadSandbox({ owner: OWNER, now: '2024-12-30T07:00:00+07:00' });
    sandbox.call('setupWorkbook');
    realAddresses(sandbox);
    // The layout of the first version, with an office's own column "Ghi chú" at the end.
    run(
      sandbox,
      `const ss = SpreadsheetApp.getActiveSpreadsheet();
       const log = ss.getSheetByName('Nhật ký nhắc việc');
       log.clear();
       log.getRange(1, 1, 3, 6).setValues([
         ['Khóa', 'Thời điểm', 'Người nhận', 'Nhiệm vụ', 'Kết quả', 'Ghi chú'],
         ['2024-12-30|vanhoa.tanviet@gmail.com', new Date('2024-12-30T00:00:00Z'), 'vanhoa.tanviet@gmail.com', 'NV06: d-1:2024-12-31', 'Đã gửi', 'đã gọi điện'],
         ['reply|18f2a', new Date('2024-12-30T02:00:00Z'), 'vanhoa.tanviet@gmail.com', 'NV06', 'Đã ghi 1 dòng tiến độ', ''],
       ]);
       const p = ss.getSheetByName('Tiến độ');
       const h = p.getRange(1, 1, 1, p.getLastColumn()).getValues()[0];
       const row = (src, id) => h.map((x) => ({ 'Thời điểm ghi': new Date('2024-06-20T03:00:00Z'), 'Mã nhiệm vụ': 'NV03', 'Người báo cáo': 'dai@x.vn', 'Trạng thái': 'Đang thực hiện', 'Tiến độ (%)': 30, 'Ngày thực hiện': new Date('2024-06-19T17:00:00Z'), 'Nguồn': src, 'Mã lần gửi': id })[x] ?? '');
       p.getRange(2, 1, 3, h.length).setValues([row('sidebar', 'a1'), row('web', 'a2'), row('email', 'a3')]);`,
    );
    const r = sandbox.call('setupWorkbook') as { headersAdded: string[]; rowsMigrated: string[] };
    expect(r.headersAdded).toEqual([`${SHEETS.reminders}: ${REMINDER_COLUMNS.content}`]);
    expect(r.rowsMigrated).toEqual([`${SHEETS.progress}: 3`, `${SHEETS.reminders}: 2`]);
    const header = values(sandbox, SHEETS.reminders)![0];
    // Known columns in the new order within the positions they held; the office's column stays where it was.
    expect(header).toEqual(['Thời điểm', 'Người nhận', 'Nội dung', 'Kết quả', 'Nhiệm vụ', 'Ghi chú', 'Khóa']);
    const log = rows(sandbox, SHEETS.reminders);
    expect(log).toHaveLength(2);
    expect(log[0]).toMatchObject({
      'Thời điểm': '2024-12-30T00:00:00.000Z',
      'Nội dung': 'NV06: Nhắc trước hạn 1 ngày, hạn 31/12/2024',
      'Kết quả': 'Đã gửi',
      'Nhiệm vụ': 'NV06: d-1:2024-12-31',
      'Ghi chú': 'đã gọi điện',
      Khóa: '2024-12-30|vanhoa.tanviet@gmail.com',
    });
    expect(log[1]['Nội dung']).toBe('Thư trả lời nhắc việc: NV06');
    expect(rows(sandbox, SHEETS.progress).map((x) => [x['Nguồn'], x['Mã lần gửi']])).toEqual([
      ['Thanh bên', 'a1'],
      ['Biểu mẫu', 'a2'],
      ['Thư trả lời', 'a3'],
    ]);
    // Setup again changes nothing.
    const before = [values(sandbox, SHEETS.reminders), values(sandbox, SHEETS.progress)];
    expect((sandbox.call('setupWorkbook') as { rowsMigrated: string[] }).rowsMigrated).toEqual([]);
    expect([values(sandbox, SHEETS.reminders), values(sandbox, SHEETS.progress)]).toEqual(before);
    // The moved log still tells the daily run what went out: NV06's d-1 reminder is not sent again.
    sandbox.call('runDailyReminders', [], { context: 'trigger' });
    expect(sentMail(env).filter((m) => m.to.includes('vanhoa.tanviet@gmail.com'))).toEqual([]);
    // …while the same run without the old rows would have sent it (the check above can fail).
    run(sandbox, `const l = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Nhật ký nhắc việc'); l.getRange(2, 1, l.getLastRow() - 1, l.getLastColumn()).clearContent();`);
    sandbox.call('runDailyReminders', [], { context: 'trigger' });
    expect(sentMail(env).filter((m) => m.to.includes('vanhoa.tanviet@gmail.com'))).toHaveLength(1);
  });
});
