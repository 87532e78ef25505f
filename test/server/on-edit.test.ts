/**
 * onEdit on the built bundle, run as Apps Script runs a simple trigger (AuthMode.LIMITED, the
 * event's Range): staff typing in "Kế hoạch" see the computed columns follow at once.
 */
import { loadSandbox } from '../support/sandbox';
import { appendRows, backgrounds, notes, rows, run, values } from '../support/sheets';
import { PLAN_COLUMNS, SHEETS } from '../../src/core/schema';
import { ERROR_COLOUR, NOTE_MARK } from '../../src/server/validate';
import type { Sandbox } from '../../emulator/sandbox';
import type { Env } from '../../emulator/core/env';

type T = { env: Env; sandbox: Sandbox };

function seeded(): T {
  const t = loadSandbox({ now: '2024-02-01T08:00:00+07:00' });
  t.sandbox.call('setupWorkbook');
  return t;
}

/** 1-based column of a header in a sheet. */
function col(sandbox: Sandbox, sheet: string, header: string): number {
  const c = (values(sandbox, sheet)![0] as string[]).indexOf(header);
  if (c < 0) throw new Error(`no column ${header}`);
  return c + 1;
}

/**
 * A person types (or pastes) `data` at (row, column) of `sheet`; then Apps Script runs the
 * simple trigger with the edit's event. The call log is reset first, so it holds onEdit's calls.
 */
function edit(t: T, sheet: string, row: number, column: number, data: unknown[][]): Calls {
  const range = run(
    t.sandbox,
    `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(args.sheet);
     const need = args.row + args.data.length - 1;
     if (need > s.getMaxRows()) s.insertRowsAfter(s.getMaxRows(), need - s.getMaxRows());
     const r = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(args.sheet).getRange(args.row, args.column, args.data.length, args.data[0].length);
     r.setValues(args.data);
     return r;`,
    { sheet, row, column, data },
  );
  const event: Record<string, unknown> = {
    authMode: 'LIMITED',
    range,
    source: t.sandbox.evaluate('SpreadsheetApp.getActiveSpreadsheet()'),
    user: t.sandbox.evaluate('Session.getActiveUser()'),
  };
  if (data.length === 1 && data[0].length === 1 && data[0][0] !== '') event.value = String(data[0][0]);
  t.env.calls.reset();
  t.env.logs.length = 0;
  t.sandbox.call('onEdit', [event], { context: 'ui', authMode: 'LIMITED' });
  const byMethod = t.env.calls.byMethod();
  return { total: t.env.calls.total('SpreadsheetApp'), count: (m: string) => byMethod[m] ?? 0, byMethod };
}

/** The service calls onEdit made. */
interface Calls {
  total: number;
  count(method: string): number;
  byMethod: Record<string, number>;
}

function errorsLogged(env: Env): string[] {
  return env.logs.filter((l) => l.level === 'error').map((l) => l.message);
}

const H = PLAN_COLUMNS;

describe('onEdit: the computed columns follow what staff type in "Kế hoạch"', () => {
  test('a new timeframe updates that row\'s window and deadline; other rows and columns are untouched', () => {
    const t = seeded();
    const before = values(t.sandbox, SHEETS.plan)!;
    const calls = edit(t, SHEETS.plan, 2, col(t.sandbox, SHEETS.plan, H.timeframe), [['Quý III/2024']]);
    expect(errorsLogged(t.env)).toEqual([]);
    const after = values(t.sandbox, SHEETS.plan)!;
    const header = after[0] as string[];
    const at = (r: number, h: string) => after[r][header.indexOf(h)];
    expect(at(1, H.timeframe)).toBe('Quý III/2024');
    expect(at(1, H.from)).toBe('2024-06-30T17:00:00.000Z'); // 01/07/2024 in Vietnam
    expect(at(1, H.to)).toBe('2024-09-29T17:00:00.000Z'); // 30/09/2024
    expect(at(1, H.deadline)).toBe('2024-09-29T17:00:00.000Z');
    // Row 2 before: "Thường xuyên" (no deadline); everything else of the row is as it was.
    expect(before[1][header.indexOf(H.deadline)]).toBe('');
    const changed = new Set<string>([H.timeframe, H.from, H.to, H.deadline]);
    header.forEach((h, c) => {
      if (!changed.has(h)) expect([h, after[1][c]]).toEqual([h, before[1][c]]);
    });
    expect(after.slice(2)).toEqual(before.slice(2));
    // Writes: the three adjacent computed columns in one setValues.
    expect(calls.count('Range.setValues')).toBe(1);
  });

  test('an edit recomputes only the edited row, even when other rows are out of date', () => {
    const t = seeded();
    const tfCol = col(t.sandbox, SHEETS.plan, H.timeframe);
    const codeCol = col(t.sandbox, SHEETS.plan, H.code);
    // Changes that fired no edit event (another script, the API): row 6 gets a new and row 7 an
    // unreadable timeframe, row 8 loses its code. They stay as they are until "Thiết lập" runs.
    run(
      t.sandbox,
      `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Kế hoạch');
       s.getRange(6, args.tf).setValue('Quý I/2024');
       s.getRange(7, args.tf).setValue('khi nào rảnh');
       s.getRange(8, args.code).setValue('');`,
      { tf: tfCol, code: codeCol },
    );
    const before = values(t.sandbox, SHEETS.plan)!;
    const notesBefore = notes(t.sandbox, SHEETS.plan);
    const backgroundsBefore = backgrounds(t.sandbox, SHEETS.plan);
    edit(t, SHEETS.plan, 2, tfCol, [['Quý III/2024']]);
    expect(errorsLogged(t.env)).toEqual([]);
    const after = values(t.sandbox, SHEETS.plan)!;
    const header = after[0] as string[];
    expect(after[1][header.indexOf(H.deadline)]).toBe('2024-09-29T17:00:00.000Z');
    expect(after.slice(2)).toEqual(before.slice(2));
    expect(notes(t.sandbox, SHEETS.plan).slice(2)).toEqual(notesBefore.slice(2));
    expect(backgrounds(t.sandbox, SHEETS.plan).slice(2)).toEqual(backgroundsBefore.slice(2));
  });

  test('an unreadable timeframe clears the computed cells and marks the cell; a readable one removes the mark, not the user\'s note', () => {
    const t = seeded();
    const tfCol = col(t.sandbox, SHEETS.plan, H.timeframe);
    // Row 8 is "Quý IV/2024" in the seed; the office has its own note on the cell.
    run(t.sandbox, `SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Kế hoạch').getRange(8, args).setNote('Hỏi lại anh Nam');`, tfCol);
    edit(t, SHEETS.plan, 8, tfCol, [['khi nào rảnh thì làm']]);
    expect(errorsLogged(t.env)).toEqual([]);
    let plan = rows(t.sandbox, SHEETS.plan);
    expect([plan[6][H.from], plan[6][H.to], plan[6][H.deadline]]).toEqual(['', '', '']);
    let n = notes(t.sandbox, SHEETS.plan)[7][tfCol - 1];
    expect(n.startsWith(NOTE_MARK)).toBe(true);
    expect(n).toContain('khi nào rảnh thì làm');
    expect(n).toContain('Hỏi lại anh Nam');
    expect(backgrounds(t.sandbox, SHEETS.plan)[7][tfCol - 1]).toBe(ERROR_COLOUR);

    edit(t, SHEETS.plan, 8, tfCol, [['Trước ngày 15/11/2024']]);
    plan = rows(t.sandbox, SHEETS.plan);
    expect(plan[6][H.deadline]).toBe('2024-11-14T17:00:00.000Z');
    n = notes(t.sandbox, SHEETS.plan)[7][tfCol - 1];
    expect(n).toBe('Hỏi lại anh Nam');
    expect(backgrounds(t.sandbox, SHEETS.plan)[7][tfCol - 1]).toBe('#ffffff');
  });

  test('a pasted block of several rows updates exactly those rows', () => {
    const t = seeded();
    const before = values(t.sandbox, SHEETS.plan)!;
    const calls = edit(t, SHEETS.plan, 3, col(t.sandbox, SHEETS.plan, H.timeframe), [['Tháng 6/2024'], ['6 tháng cuối năm'], ['Quý I/2024']]);
    expect(errorsLogged(t.env)).toEqual([]);
    const plan = rows(t.sandbox, SHEETS.plan);
    expect([plan[1][H.from], plan[1][H.deadline]]).toEqual(['2024-05-31T17:00:00.000Z', '2024-06-29T17:00:00.000Z']);
    expect([plan[2][H.from], plan[2][H.deadline]]).toEqual(['2024-06-30T17:00:00.000Z', '2024-12-30T17:00:00.000Z']);
    expect([plan[3][H.from], plan[3][H.deadline]]).toEqual(['2023-12-31T17:00:00.000Z', '2024-03-30T17:00:00.000Z']);
    const after = values(t.sandbox, SHEETS.plan)!;
    expect(after.slice(5)).toEqual(before.slice(5));
    expect(after[1]).toEqual(before[1]);
    // One read each: the header, "Cài đặt" (plan year), the pasted rows.
    expect(calls.count('Range.getValues')).toBe(3);
    expect(calls.count('Range.setValues')).toBe(1);
  });

  test('a task typed on a new row gets the next code, "Chưa thực hiện" and 0%; codes are never reused', () => {
    const t = seeded();
    const taskCol = col(t.sandbox, SHEETS.plan, H.task);
    edit(t, SHEETS.plan, 10, taskCol, [['Tuyên truyền trên Zalo xã']]);
    expect(errorsLogged(t.env)).toEqual([]);
    let plan = rows(t.sandbox, SHEETS.plan);
    expect(plan[8]).toMatchObject({ [H.code]: 'NV09', [H.task]: 'Tuyên truyền trên Zalo xã', [H.status]: 'Chưa thực hiện', [H.percent]: 0 });
    // Staff delete that row's content, then type another task further down: NV09 is not given again.
    run(t.sandbox, `SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Kế hoạch').getRange(10, 1, 1, SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Kế hoạch').getLastColumn()).clearContent();`);
    edit(t, SHEETS.plan, 11, taskCol, [['Hội nghị đối thoại']]);
    plan = rows(t.sandbox, SHEETS.plan);
    expect(plan[9][H.code]).toBe('NV10');
    // A timeframe typed next on that row fills its deadline and keeps its code.
    edit(t, SHEETS.plan, 11, col(t.sandbox, SHEETS.plan, H.timeframe), [['Quý III/2024']]);
    plan = rows(t.sandbox, SHEETS.plan);
    expect(plan[9]).toMatchObject({ [H.code]: 'NV10', [H.deadline]: '2024-09-29T17:00:00.000Z' });
  });

  test('edits on another sheet, another column or the header row change nothing, with one or two calls for another sheet', () => {
    const t = seeded();
    const tfCol = col(t.sandbox, SHEETS.plan, H.timeframe);
    // A timeframe changed without the trigger (as by a script): its deadline is stale.
    run(t.sandbox, `SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Kế hoạch').getRange(2, args).setValue('Quý II/2024');`, tfCol);
    const plan = values(t.sandbox, SHEETS.plan)!;
    const snapshot = () => [SHEETS.plan, SHEETS.people, SHEETS.settings].map((s) => values(t.sandbox, s));
    const expected = snapshot();

    let calls = edit(t, SHEETS.people, 2, 2, [['Nguyễn Văn A']]);
    expected[1]![1][1] = 'Nguyễn Văn A';
    expect(snapshot()).toEqual(expected);
    expect(calls.total).toBeLessThanOrEqual(2);

    calls = edit(t, SHEETS.plan, 2, col(t.sandbox, SHEETS.plan, H.product), [['Tin bài mới']]);
    expected[0]![1][col(t.sandbox, SHEETS.plan, H.product) - 1] = 'Tin bài mới';
    expect(snapshot()).toEqual(expected);
    expect(calls.count('Range.setValues')).toBe(0);
    expect(calls.count('Range.setNotes')).toBe(0);
    expect(calls.count('LockService.getScriptLock')).toBe(0);

    calls = edit(t, SHEETS.plan, 1, tfCol, [[H.timeframe]]);
    expect(snapshot()).toEqual(expected);
    expect(calls.total).toBeLessThanOrEqual(3);
    // "Từ ngày" of row 2 is still the stale one (all-year "Thường xuyên"), not 01/04/2024 of "Quý II/2024".
    expect(values(t.sandbox, SHEETS.plan)![1][tfCol]).toBe(plan[1][tfCol]);
    expect(plan[1][tfCol]).not.toBe('2024-03-31T17:00:00.000Z');
    expect(errorsLogged(t.env)).toEqual([]);
  });

  test('an error inside onEdit goes to the log, never to the person typing', () => {
    const t = seeded();
    const tfCol = col(t.sandbox, SHEETS.plan, H.timeframe);
    t.env.faults.add({ method: 'Range.getValues', times: Infinity, message: 'Service Spreadsheets failed' });
    expect(() => edit(t, SHEETS.plan, 2, tfCol, [['Quý III/2024']])).not.toThrow();
    t.env.faults.clear();
    expect(errorsLogged(t.env).join('\n')).toMatch(/Service Spreadsheets failed/);
  });

  test('calls do not grow with the number of tasks (10 vs 1,000)', () => {
    const measure = (n: number) => {
      const t = loadSandbox({ now: '2024-02-01T08:00:00+07:00' });
      t.sandbox.call('setupWorkbook');
      const width = (values(t.sandbox, SHEETS.plan)![0] as string[]).length;
      const header = values(t.sandbox, SHEETS.plan)![0] as string[];
      const extra = Array.from({ length: n - 8 }, (_, i) => {
        const r = new Array(width).fill('');
        r[header.indexOf(H.code)] = `NV${String(i + 9).padStart(2, '0')}`;
        r[header.indexOf(H.task)] = `Nhiệm vụ ${i + 9}`;
        r[header.indexOf(H.timeframe)] = 'Quý II/2024';
        return r;
      });
      appendRows(t.sandbox, SHEETS.plan, extra);
      const tf = header.indexOf(H.timeframe) + 1;
      const task = header.indexOf(H.task) + 1;
      const c1 = edit(t, SHEETS.plan, 5, tf, [['Quý III/2024']]);
      const timeframeEdit = { total: c1.total, byMethod: c1.byMethod };
      expect(rows(t.sandbox, SHEETS.plan)[3][H.deadline]).toBe('2024-09-29T17:00:00.000Z');
      const c2 = edit(t, SHEETS.plan, n + 2, task, [['Nhiệm vụ mới']]);
      const newTask = { total: c2.total, byMethod: c2.byMethod };
      expect(rows(t.sandbox, SHEETS.plan)[n][H.code]).toBe(`NV${String(n + 1).padStart(2, '0')}`);
      expect(errorsLogged(t.env)).toEqual([]);
      return { timeframeEdit, newTask };
    };
    const small = measure(10);
    const large = measure(1000);
    expect(large).toEqual(small);
    // Printed for the report: what one edit costs.
    process.stdout.write(`onEdit calls: timeframe edit ${small.timeframeEdit.total} SpreadsheetApp calls, new task ${small.newTask.total}\n`);
  });
});
