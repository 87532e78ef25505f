/** "Kiểm tra kế hoạch" on the built bundle: problems found, marked in the sheet, and cleared. */
import { loadSandbox } from '../support/sandbox';
import { js, SET_SETTING } from '../support/script';
import { appendRows, backgrounds, notes, run, setCells, values } from '../support/sheets';
import { PEOPLE_COLUMNS, PLAN_COLUMNS, SHEETS } from '../../src/core/schema';

interface Result {
  tasks: { code: string; stt: string; task: string; leads: { email: string; unit: string }[]; coordinators: unknown[]; window: { from: string; to: string } | null; deadline: string | null; recurring: boolean }[];
  problems: { sheet: string; row: number; column: string; message: string; severity: string }[];
}

function seeded() {
  const t = loadSandbox({ now: '2024-02-01T08:00:00+07:00' });
  t.sandbox.call('setupWorkbook');
  t.env.ui.length = 0;
  return t;
}

function col(sandbox: ReturnType<typeof seeded>['sandbox'], sheet: string, header: string): number {
  return values(sandbox, sheet)![0].indexOf(header);
}

/** Gives every unit of the seeded directory a real-looking email. */
function fixEmails(sandbox: ReturnType<typeof seeded>['sandbox']) {
  const n = values(sandbox, SHEETS.people)!.length - 1;
  setCells(
    sandbox,
    SHEETS.people,
    Array.from({ length: n }, (_, i) => [i + 2, PEOPLE_COLUMNS.email, `canbo${i + 1}@tanviet.gov.vn`] as [number, string, unknown]),
  );
}

describe('validatePlan', () => {
  test('returns the 8 seeded tasks with their windows, and flags every placeholder email', () => {
    const { sandbox } = seeded();
    const r = sandbox.call('validatePlan') as Result;
    expect(r.tasks.map((t) => t.code)).toEqual(['NV01', 'NV02', 'NV03', 'NV04', 'NV05', 'NV06', 'NV07', 'NV08']);
    expect(r.tasks[0]).toMatchObject({ window: { from: '2024-01-01', to: '2024-12-31' }, deadline: null, recurring: true });
    expect(r.tasks[5]).toMatchObject({ window: { from: '2024-01-01', to: '2024-12-31' }, deadline: '2024-12-31', recurring: false });
    expect(r.tasks[6]).toMatchObject({ window: { from: '2024-10-01', to: '2024-12-31' }, deadline: '2024-12-31' });
    // Task 4 has two leads, resolved to the directory's people with their emails.
    expect(r.tasks[3].leads.map((l) => l.unit)).toEqual(['Văn phòng HĐND&UBND xã', 'Đài truyền thanh xã']);
    const emailProblems = r.problems.filter((p) => p.sheet === SHEETS.people && p.column === PEOPLE_COLUMNS.email);
    expect(emailProblems.length).toBe(values(sandbox, SHEETS.people)!.length - 1);
    expect(emailProblems[0].message).toMatch(/Email mẫu/);
    // No problem on the plan itself: every unit resolves, every timeframe reads.
    expect(r.problems.filter((p) => p.sheet === SHEETS.plan)).toEqual([]);
  });

  test('marks problems with a note and a colour, shows a summary dialog, and clears marks that no longer apply', () => {
    const { sandbox, env } = seeded();
    setCells(sandbox, SHEETS.plan, [
      [3, PLAN_COLUMNS.timeframe, 'Khi nào rảnh'],
      [4, PLAN_COLUMNS.lead, 'Ban Chỉ huy quân sự xã'],
    ]);
    // A note of the user's own on another cell, which validation must never touch.
    run(sandbox, `SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Kế hoạch').getRange(5, 3).setNote('ghi chú của chị Lan');`);
    const r = sandbox.call('validatePlan') as Result;
    const tf = r.problems.find((p) => p.row === 3 && p.column === PLAN_COLUMNS.timeframe);
    expect(tf?.message).toMatch(/Khi nào rảnh/);
    const lead = r.problems.find((p) => p.row === 4 && p.column === PLAN_COLUMNS.lead);
    expect(lead?.message).toMatch(/"Ban Chỉ huy quân sự xã" không khớp/);

    const tfCol = col(sandbox, SHEETS.plan, PLAN_COLUMNS.timeframe);
    let n = notes(sandbox, SHEETS.plan);
    let bg = backgrounds(sandbox, SHEETS.plan);
    expect(n[2][tfCol]).toMatch(/^⚠ Kiểm tra kế hoạch: .*Khi nào rảnh/s);
    expect(bg[2][tfCol]).toBe('#f4cccc');
    expect(n[4][2]).toBe('ghi chú của chị Lan');
    const dialog = env.ui.find((e) => e.kind === 'dialog');
    expect(dialog?.title).toMatch(/Kiểm tra kế hoạch: \d+ lỗi/);
    expect(dialog?.html).toContain('Khi nào rảnh');

    setCells(sandbox, SHEETS.plan, [
      [3, PLAN_COLUMNS.timeframe, 'Quý II/2024'],
      [4, PLAN_COLUMNS.lead, 'Đài truyền thanh xã'],
    ]);
    fixEmails(sandbox);
    // Still flagged in "Cài đặt": the sample office email and the empty web-app address.
    const settings = (sandbox.call('validatePlan') as Result).problems;
    expect(settings.map((p) => [p.sheet, p.severity])).toEqual([
      [SHEETS.settings, 'warning'],
      [SHEETS.settings, 'warning'],
    ]);
    expect(settings.map((p) => p.message).join('\n')).toMatch(/Email Văn phòng: email mẫu/);
    expect(settings.map((p) => p.message).join('\n')).toMatch(/Chưa điền "Địa chỉ web app"/);
    js(sandbox, SET_SETTING, 'Email Văn phòng', 'vanphong.tanviet@gmail.com');
    js(sandbox, SET_SETTING, 'Địa chỉ web app', 'https://script.google.com/macros/s/AKfycbx1234567890abcdefghij/exec');
    const again = sandbox.call('validatePlan') as Result;
    expect(again.problems).toEqual([]);
    n = notes(sandbox, SHEETS.plan);
    bg = backgrounds(sandbox, SHEETS.plan);
    expect(n.flat().filter((x) => x.startsWith('⚠'))).toEqual([]);
    expect(bg.flat().filter((x) => x === '#f4cccc' || x === '#fff2cc')).toEqual([]);
    expect(n[4][2]).toBe('ghi chú của chị Lan');
    expect(notes(sandbox, SHEETS.people).flat().filter((x) => x.startsWith('⚠'))).toEqual([]);
  });

  test('reports duplicate codes, empty tasks, malformed emails and deadlines outside the plan year', () => {
    const { sandbox } = seeded();
    setCells(sandbox, SHEETS.plan, [
      [3, PLAN_COLUMNS.code, 'NV01'],
      [5, PLAN_COLUMNS.task, ''],
      [6, PLAN_COLUMNS.timeframe, 'Trước ngày 30/6/2025'],
      [7, PLAN_COLUMNS.deadlineOverride, 'ngày mai'],
    ]);
    setCells(sandbox, SHEETS.people, [[2, PEOPLE_COLUMNS.email, 'vanphong@tanviet']]);
    const r = sandbox.call('validatePlan') as Result;
    const msg = (row: number, column: string) => r.problems.filter((p) => p.row === row && p.column === column).map((p) => p.message).join(' | ');
    expect(msg(3, PLAN_COLUMNS.code)).toMatch(/trùng với dòng 2/);
    expect(msg(5, PLAN_COLUMNS.task)).toMatch(/Chưa ghi nội dung nhiệm vụ/);
    expect(msg(6, PLAN_COLUMNS.timeframe)).toMatch(/30\/06\/2025 nằm ngoài năm kế hoạch 2024/);
    expect(msg(7, PLAN_COLUMNS.deadlineOverride)).toMatch(/"ngày mai" không phải một ngày/);
    expect(r.problems.find((p) => p.sheet === SHEETS.people && p.row === 2)?.message).toMatch(/không hợp lệ|không đúng/i);
  });

  test('the staff deadline override wins over the computed deadline', () => {
    const { sandbox } = seeded();
    run(sandbox, `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Kế hoạch'); const h = s.getRange(1,1,1,s.getLastColumn()).getValues()[0]; s.getRange(8, h.indexOf('${PLAN_COLUMNS.deadlineOverride}') + 1).setValue(new Date(Date.UTC(2024, 10, 14, 17)));`);
    const r = sandbox.call('validatePlan') as Result;
    expect(r.tasks[6].deadline).toBe('2024-11-15');
  });

  test('plan text with HTML is shown as text in the summary dialog', () => {
    const { sandbox, env } = seeded();
    setCells(sandbox, SHEETS.plan, [[2, PLAN_COLUMNS.timeframe, '<img src=x onerror=alert(1)>']]);
    sandbox.call('validatePlan');
    const html = env.ui.find((e) => e.kind === 'dialog')?.html ?? '';
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  test('makes the same number of Spreadsheet calls at 10 and at 1,000 tasks', () => {
    const count = (n: number) => {
      const { sandbox, env } = seeded();
      fixEmails(sandbox);
      const width = values(sandbox, SHEETS.plan)![0].length;
      const header = values(sandbox, SHEETS.plan)![0];
      const extra = Array.from({ length: n - 8 }, (_, i) => {
        const row = new Array(width).fill('');
        row[header.indexOf(PLAN_COLUMNS.code)] = `NV${String(i + 9).padStart(2, '0')}`;
        row[header.indexOf(PLAN_COLUMNS.task)] = `Nhiệm vụ số ${i + 9}`;
        row[header.indexOf(PLAN_COLUMNS.lead)] = 'Công chức Tư pháp';
        row[header.indexOf(PLAN_COLUMNS.timeframe)] = i % 2 ? 'Quý III/2024' : 'Chưa rõ'; // half of them problems
        row[header.indexOf(PLAN_COLUMNS.status)] = 'Chưa thực hiện';
        row[header.indexOf(PLAN_COLUMNS.percent)] = 0;
        return row;
      });
      appendRows(sandbox, SHEETS.plan, extra);
      env.calls.reset();
      const r = sandbox.call('validatePlan') as Result;
      expect(r.tasks).toHaveLength(n);
      return { spreadsheet: env.calls.total('SpreadsheetApp'), byMethod: env.calls.byMethod() };
    };
    const small = count(10);
    const large = count(1000);
    expect(large.spreadsheet).toBe(small.spreadsheet);
    // The three sheets once each, and the plan's code column just before and just after its
    // marks are written (so that the marks follow the codes if rows move meanwhile).
    expect(large.byMethod['Range.getValues']).toBe(5);
  });
});

describe('validatePlan flags the web-app address', () => {
  test.each([
    ['https://script.google.com/macros/s/AKfycbx1234567890abcdefghij/dev', /bản thử nghiệm https:\/\/script\.google\.com\/macros\/s\/AKfycbx1234567890abcdefghij\/dev/],
    ['script.google.com/macros/s/abc', /không phải một địa chỉ web/],
    ['https://docs.google.com/spreadsheets/d/1abc/edit', /không phải địa chỉ ứng dụng web của Apps Script/],
  ])('%s is an error that says what to fix', (address, message) => {
    const { sandbox } = loadSandbox({ now: '2024-03-08T09:00:00+07:00' });
    sandbox.call('setupWorkbook');
    js(sandbox, SET_SETTING, 'Địa chỉ web app', address);
    const r = sandbox.call('validatePlan') as Result;
    const p = r.problems.find((x) => x.sheet === SHEETS.settings && x.message.includes('Địa chỉ web app'));
    expect(p?.severity).toBe('error');
    expect(p?.message).toMatch(message);
    expect(p?.message).toMatch(/Quản lý bản triển khai/);
  });
});
