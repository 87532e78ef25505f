/** "Thiết lập bảng theo dõi" on the built bundle: creates, seeds, repairs, never loses data. */
import { loadSandbox } from '../support/sandbox';
import { backgrounds, notes, rows, run, setCells, values } from '../support/sheets';
import { SHEETS, PLAN_COLUMNS, SETTING_DEFS } from '../../src/core/schema';
import { SEED_TASKS } from '../../src/core/seed';

function setup() {
  const t = loadSandbox({ now: '2024-02-01T08:00:00+07:00' });
  const result = t.sandbox.call('setupWorkbook') as Record<string, unknown>;
  return { ...t, result };
}

describe('setupWorkbook', () => {
  test('on an empty workbook creates the sheets with Vietnamese headers and seeds the 2024 plan verbatim', () => {
    const { sandbox, env, result } = setup();
    expect(result.created).toEqual(expect.arrayContaining([SHEETS.plan, SHEETS.people, SHEETS.progress, SHEETS.settings]));
    const plan = rows(sandbox, SHEETS.plan);
    expect(plan).toHaveLength(8);
    expect(plan.map((r) => r[PLAN_COLUMNS.code])).toEqual(['NV01', 'NV02', 'NV03', 'NV04', 'NV05', 'NV06', 'NV07', 'NV08']);
    SEED_TASKS.forEach((t, i) => {
      expect(plan[i][PLAN_COLUMNS.task]).toBe(t.task);
      expect(plan[i][PLAN_COLUMNS.lead]).toBe(t.leadText);
      expect(plan[i][PLAN_COLUMNS.timeframe]).toBe(t.timeframeText);
      expect(plan[i][PLAN_COLUMNS.status]).toBe('Chưa thực hiện');
    });
    // Quý IV/2024: window and deadline computed as date cells (midnight in Vietnam).
    expect(plan[6][PLAN_COLUMNS.from]).toBe('2024-09-30T17:00:00.000Z');
    expect(plan[6][PLAN_COLUMNS.to]).toBe('2024-12-30T17:00:00.000Z');
    expect(plan[6][PLAN_COLUMNS.deadline]).toBe('2024-12-30T17:00:00.000Z');
    // "Thường xuyên": no deadline.
    expect(plan[0][PLAN_COLUMNS.deadline]).toBe('');
    expect(rows(sandbox, SHEETS.people).length).toBeGreaterThanOrEqual(8);
    const settings = rows(sandbox, SHEETS.settings);
    expect(settings.map((r) => r['Mục cài đặt'])).toEqual(SETTING_DEFS.map((d) => d.label));
    expect(values(sandbox, SHEETS.progress)![0]).toContain('Mã lần gửi');
    expect(env.ui.some((e) => e.kind === 'toast' && /8 nhiệm vụ/.test(e.message ?? ''))).toBe(true);
  });

  test('settings keep what people type: "14, 7, 1" stays text, not a number or a date', () => {
    const { sandbox } = setup();
    const offsets = rows(sandbox, SHEETS.settings).find((r) => r['Mục cài đặt'] === 'Nhắc trước hạn (ngày)');
    expect(offsets?.['Giá trị']).toBe('14, 7, 1');
  });

  test('running it twice changes nothing', () => {
    const { sandbox } = setup();
    const before = Object.values(SHEETS).map((s) => values(sandbox, s));
    const again = sandbox.call('setupWorkbook') as Record<string, unknown>;
    expect(again).toMatchObject({ created: [], headersAdded: [], settingsAdded: 0, tasksSeeded: 0, peopleSeeded: 0, codesAssigned: 0, computedUpdated: 0 });
    expect(Object.values(SHEETS).map((s) => values(sandbox, s))).toEqual(before);
  });

  test('repairs a sheet whose columns were reordered, renamed in case and spacing, extended and cut, keeping every value', () => {
    const { sandbox } = setup();
    // Staff move "Mã" to the end, retype a header in lower case with extra spaces, add a column
    // of their own (with a formula), and delete the "Tiến độ (%)" column entirely.
    run(
      sandbox,
      `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Kế hoạch');
       const v = s.getDataRange().getValues();
       const h = v[0];
       const drop = h.indexOf('Tiến độ (%)');
       const order = h.map((_, i) => i).filter((i) => i !== drop && i !== 0).concat([0]);
       const out = v.map((r, ri) => order.map((i) => r[i]).concat([ri === 0 ? 'Ghi chú riêng' : 'ghi chú ' + ri]));
       out[0] = out[0].map((x) => x === 'Nhiệm vụ cụ thể' ? '  nhiệm vụ   CỤ THỂ ' : x);
       s.clear();
       s.getRange(1, 1, s.getMaxRows(), s.getMaxColumns()).clearDataValidations(); // dragging columns moves their rules too
       s.getRange(1, 1, out.length, out[0].length).setValues(out);
       s.getRange(2, out[0].length).setFormula('=LEN("abc")');`,
    );
    const result = sandbox.call('setupWorkbook') as { headersAdded: string[] };
    expect(result.headersAdded).toEqual([`${SHEETS.plan}: ${PLAN_COLUMNS.percent}`]);
    const v = values(sandbox, SHEETS.plan)!;
    const header = v[0];
    // The deleted column comes back beside its neighbours (after "Trạng thái"), the user's own column stays last.
    expect(header[header.indexOf(PLAN_COLUMNS.status) + 1]).toBe(PLAN_COLUMNS.percent);
    expect(header[header.length - 1]).toBe('Ghi chú riêng');
    expect(header).toContain('  nhiệm vụ   CỤ THỂ ');
    const codeCol = header.indexOf('Mã');
    expect(v.slice(1).map((r) => r[codeCol])).toEqual(['NV01', 'NV02', 'NV03', 'NV04', 'NV05', 'NV06', 'NV07', 'NV08']);
    const formula = run(sandbox, `return SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Kế hoạch').getRange(2, ${header.indexOf('Ghi chú riêng') + 1}).getFormula();`);
    expect(formula).toBe('=LEN("abc")');
    // The plan still reads: validation finds the 8 tasks through the moved and retyped headers.
    const check = sandbox.call('validatePlan') as { tasks: { code: string; task: string }[] };
    expect(check.tasks.map((t) => t.code)).toHaveLength(8);
    expect(check.tasks[0].task).toBe(SEED_TASKS[0].task);
  });

  test('an older workbook (no "Nhóm", a title above the header, notes and marks in cells): "Nhóm" is inserted beside Mã and STT, nothing typed moves out of its row or column', () => {
    const { sandbox } = setup();
    // The plan as an earlier version left it: no "Nhóm" column; the office then put the plan's
    // title (merged across) and a blank row above the header, added a column of its own, a note
    // on a task and a yellow mark on a timeframe.
    run(
      sandbox,
      `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Kế hoạch');
       s.deleteColumn(s.getRange(1, 1, 1, s.getLastColumn()).getValues()[0].indexOf('Nhóm') + 1);
       const last = s.getLastColumn();
       s.getRange(1, last + 1).setValue('Ghi chú riêng');
       s.getRange(3, last + 1).setValue('đã gửi huyện');
       s.insertRowsBefore(1, 2);
       s.getRange(1, 1).setValue('KẾ HOẠCH TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NĂM 2024');
       s.getRange(1, 1, 1, 6).merge();
       const h = s.getRange(3, 1, 1, s.getLastColumn()).getValues()[0];
       s.getRange(5, h.indexOf('Nhiệm vụ cụ thể') + 1).setNote('Phối hợp với Hội Phụ nữ');
       s.getRange(6, h.indexOf('Thời gian thực hiện') + 1).setBackground('#ffff00');`,
    );
    const before = values(sandbox, SHEETS.plan)!;
    const byHeader = (v: unknown[][]) => v.slice(3).map((r) => Object.fromEntries((v[2] as string[]).map((h, i) => [h, r[i]]).filter(([h]) => h !== PLAN_COLUMNS.section)));

    const result = sandbox.call('setupWorkbook') as { headersAdded: string[]; codesAssigned: number };
    expect(result.headersAdded).toEqual([`${SHEETS.plan}: ${PLAN_COLUMNS.section}`]);
    expect(result.codesAssigned).toBe(0);
    const after = values(sandbox, SHEETS.plan)!;
    // The title rows are untouched; the header stays on row 3 with "Nhóm" between "Mã" and "STT".
    expect(after[0][0]).toBe('KẾ HOẠCH TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NĂM 2024');
    expect(after[0]).not.toContain(PLAN_COLUMNS.section);
    expect(after[1].every((c) => c === '')).toBe(true);
    const header = after[2] as string[];
    expect(header.slice(0, 4)).toEqual([PLAN_COLUMNS.code, PLAN_COLUMNS.section, PLAN_COLUMNS.stt, PLAN_COLUMNS.task]);
    expect(header[header.length - 1]).toBe('Ghi chú riêng');
    expect(header.filter((h) => h === PLAN_COLUMNS.section)).toHaveLength(1);
    // Every task keeps every value under the same header, in the same row; "Nhóm" is empty.
    expect(byHeader(after)).toEqual(byHeader(before));
    expect(after.slice(3).map((r) => r[1])).toEqual(after.slice(3).map(() => ''));
    // The note and the mark moved with their cells.
    const n = notes(sandbox, SHEETS.plan);
    const b = backgrounds(sandbox, SHEETS.plan);
    expect(n[4][header.indexOf(PLAN_COLUMNS.task)]).toBe('Phối hợp với Hội Phụ nữ');
    expect(b[5][header.indexOf(PLAN_COLUMNS.timeframe)]).toBe('#ffff00');
    // The header row is the frozen, bold one; the plan reads; a second run changes nothing.
    expect(run(sandbox, `return SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Kế hoạch').getFrozenRows();`)).toBe(3);
    const check = sandbox.call('validatePlan') as { tasks: { code: string; section: string }[] };
    expect(check.tasks.map((t) => t.code)).toEqual(['NV01', 'NV02', 'NV03', 'NV04', 'NV05', 'NV06', 'NV07', 'NV08']);
    const again = sandbox.call('setupWorkbook') as Record<string, unknown>;
    expect(again).toMatchObject({ headersAdded: [], codesAssigned: 0, computedUpdated: 0 });
    expect(values(sandbox, SHEETS.plan)).toEqual(after);
  });

  test('a task typed without a code gets the next code, and a deleted code is never given again', () => {
    const { sandbox } = setup();
    run(sandbox, `SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Kế hoạch').deleteRows(9, 1);`); // NV08 deleted
    setCells(sandbox, SHEETS.plan, [
      [9, PLAN_COLUMNS.task, 'Tổ chức hội nghị tuyên truyền CCHC'],
      [9, PLAN_COLUMNS.timeframe, 'Quý II/2024'],
    ]);
    const result = sandbox.call('setupWorkbook') as { codesAssigned: number };
    expect(result.codesAssigned).toBe(1);
    const plan = rows(sandbox, SHEETS.plan);
    expect(plan[7][PLAN_COLUMNS.code]).toBe('NV09');
    expect(plan[7][PLAN_COLUMNS.deadline]).toBe('2024-06-29T17:00:00.000Z');
    expect(plan[7][PLAN_COLUMNS.status]).toBe('Chưa thực hiện');
  });

  test('a workbook that already has a plan is not seeded, even on first setup', () => {
    const { sandbox } = loadSandbox();
    run(
      sandbox,
      `const s = SpreadsheetApp.getActiveSpreadsheet().insertSheet('Kế hoạch');
       s.getRange(1, 1, 2, 2).setValues([['Nhiệm vụ cụ thể', 'Thời gian thực hiện'], ['Việc của xã', 'Quý I/2024']]);`,
    );
    const result = sandbox.call('setupWorkbook') as { tasksSeeded: number };
    expect(result.tasksSeeded).toBe(0);
    const plan = rows(sandbox, SHEETS.plan);
    expect(plan).toHaveLength(1);
    expect(plan[0][PLAN_COLUMNS.task]).toBe('Việc của xã');
    expect(plan[0][PLAN_COLUMNS.code]).toBe('NV01');
  });

  test('a failure half-way is shown to the user in Vietnamese and does not throw', () => {
    const { sandbox, env } = loadSandbox();
    env.faults.add({ method: 'Range.setValues', nth: 3, message: 'Service Spreadsheets timed out while accessing document' });
    expect(sandbox.call('setupWorkbook')).toBeNull();
    const alert = env.ui.find((e) => e.kind === 'alert');
    expect(alert?.message).toMatch(/Đã xảy ra lỗi: Service Spreadsheets timed out/);
    expect(alert?.message).toMatch(/không bị xóa/);
    // Running it again completes the repair.
    const again = sandbox.call('setupWorkbook') as { tasksSeeded: number } | null;
    expect(again).not.toBeNull();
    expect(rows(sandbox, SHEETS.plan)).toHaveLength(8);
  });
});
