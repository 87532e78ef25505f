/** Recording progress through submitProgress (the sidebar's path), on the built bundle. */
import { RADIO_USER, radioEntry, seededAs } from '../support/progress';
import { appendRows, rows, run, values } from '../support/sheets';
import { PLAN_COLUMNS, PROGRESS_COLUMNS, SHEETS } from '../../src/core/schema';
import { holdLockElsewhere } from '../../emulator/services/lock';

const USER = RADIO_USER;
const seeded = () => seededAs();
const entry = (over: Record<string, unknown> = {}) => radioEntry({ evidenceUrl: 'https://drive.google.com/file/d/abc/view', ...over });

describe('submitProgress', () => {
  test('appends one row to "Tiến độ" and updates the task\'s status, percent and last update', () => {
    const { sandbox } = seeded();
    const r = sandbox.call('submitProgress', [entry()]) as { ok: boolean; message: string; task: string };
    expect(r.ok).toBe(true);
    expect(r.message).toMatch(/NV03/);
    expect(r.task).toMatch(/chuyên mục CCHC trên đài truyền thanh/);
    const log = rows(sandbox, SHEETS.progress);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      [PROGRESS_COLUMNS.at]: '2024-03-08T02:30:00.000Z',
      [PROGRESS_COLUMNS.taskCode]: 'NV03',
      [PROGRESS_COLUMNS.reporter]: USER,
      [PROGRESS_COLUMNS.status]: 'Đang thực hiện',
      [PROGRESS_COLUMNS.percent]: 40,
      [PROGRESS_COLUMNS.channel]: 'Phát thanh',
      [PROGRESS_COLUMNS.quantity]: 4,
      [PROGRESS_COLUMNS.note]: 'Phát 4 chuyên mục CCHC trên đài truyền thanh',
      [PROGRESS_COLUMNS.evidenceUrl]: 'https://drive.google.com/file/d/abc/view',
      [PROGRESS_COLUMNS.reportDate]: '2024-03-04T17:00:00.000Z',
      [PROGRESS_COLUMNS.source]: 'Thanh bên',
      [PROGRESS_COLUMNS.submissionId]: 'sub-0001-abcdef',
    });
    const task = rows(sandbox, SHEETS.plan)[2];
    expect(task[PLAN_COLUMNS.status]).toBe('Đang thực hiện');
    expect(task[PLAN_COLUMNS.percent]).toBe(40);
    expect(task[PLAN_COLUMNS.lastUpdate]).toBe('2024-03-08T02:30:00.000Z');
  });

  test('invalid input gets field-by-field Vietnamese errors and writes nothing', () => {
    const { sandbox } = seeded();
    const before = values(sandbox, SHEETS.plan);
    const r = sandbox.call('submitProgress', [entry({ taskId: 'NV99', percent: 150, quantity: -1, note: '  ', evidenceUrl: 'javascript:alert(1)', reportDate: '2024-03-09' })]) as {
      ok: boolean;
      errors: Record<string, string>;
    };
    expect(r.ok).toBe(false);
    expect(r.errors.taskId).toMatch(/Không có nhiệm vụ mã "NV99"/);
    expect(r.errors.percent).toMatch(/từ 0 đến 100/);
    expect(r.errors.quantity).toMatch(/Số lượng/);
    expect(r.errors.note).toMatch(/Ghi nội dung/);
    expect(r.errors.evidenceUrl).toMatch(/http/);
    expect(r.errors.reportDate).toMatch(/không được sau hôm nay \(08\/03\/2024\)/);
    expect(rows(sandbox, SHEETS.progress)).toHaveLength(0);
    expect(values(sandbox, SHEETS.plan)).toEqual(before);
  });

  test('a repeated submissionId (a retry after a timeout) records nothing twice and answers as the first time', () => {
    const { sandbox } = seeded();
    const first = sandbox.call('submitProgress', [entry()]) as { ok: boolean; duplicate: boolean };
    const second = sandbox.call('submitProgress', [entry()]) as { ok: boolean; duplicate: boolean; message: string };
    expect(first).toMatchObject({ ok: true, duplicate: false });
    expect(second).toMatchObject({ ok: true, duplicate: true });
    expect(rows(sandbox, SHEETS.progress)).toHaveLength(1);
  });

  test('formula and HTML text are stored as the text typed', () => {
    const { sandbox } = seeded();
    const note = '=IMPORTXML("http://evil.example/x","//a")';
    sandbox.call('submitProgress', [entry({ note, channel: 'Khác', submissionId: 'sub-formula-1' })]);
    sandbox.call('submitProgress', [entry({ note: '+84 912 345 678', submissionId: 'sub-formula-2' })]);
    sandbox.call('submitProgress', [entry({ note: '<script>alert(1)</script>', submissionId: 'sub-html-3' })]);
    const log = rows(sandbox, SHEETS.progress);
    expect(log.map((r) => r[PROGRESS_COLUMNS.note])).toEqual([note, '+84 912 345 678', '<script>alert(1)</script>']);
    const formulas = run(sandbox, `return SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Tiến độ').getDataRange().getFormulas();`) as string[][];
    expect(formulas.flat().filter(Boolean)).toEqual([]);
  });

  test('"Hoàn thành" needs 100%, and the task follows the latest entry', () => {
    const { sandbox } = seeded();
    const bad = sandbox.call('submitProgress', [entry({ status: 'Hoàn thành', percent: 90 })]) as { ok: boolean; errors: Record<string, string> };
    expect(bad.errors.percent).toMatch(/100%/);
    sandbox.call('submitProgress', [entry({ status: 'Hoàn thành', percent: 100, submissionId: 'sub-done-001' })]);
    expect(rows(sandbox, SHEETS.plan)[2][PLAN_COLUMNS.status]).toBe('Hoàn thành');
  });

  test('when another execution holds the lock too long, the user gets a clear message and nothing is written', () => {
    const { sandbox, env } = seeded();
    holdLockElsewhere(env, 'script', true);
    expect(() => sandbox.call('submitProgress', [entry()])).toThrow(/Bảng tính đang bận/);
    holdLockElsewhere(env, 'script', false);
    expect(rows(sandbox, SHEETS.progress)).toHaveLength(0);
  });

  test('makes the same number of Spreadsheet calls with 10 or 10,000 rows in the log', () => {
    const count = (n: number) => {
      const { sandbox, env } = seeded();
      const width = values(sandbox, SHEETS.progress)![0].length;
      const filler = Array.from({ length: n }, (_, i) => {
        const row = new Array(width).fill('');
        row[0] = new Date(Date.UTC(2024, 0, 1));
        row[1] = 'NV01';
        row[width - 1] = `old-${i}`;
        return row;
      });
      appendRows(sandbox, SHEETS.progress, filler);
      env.calls.reset();
      const r = sandbox.call('submitProgress', [entry()]) as { ok: boolean };
      expect(r.ok).toBe(true);
      return env.calls.byMethod();
    };
    const small = count(10);
    const large = count(10000);
    expect(large).toEqual(small);
  });
});

describe('text Sheets would read as a number, a date or TRUE/FALSE (setValues parses strings as if typed)', () => {
  test('is stored exactly as typed in "Tiến độ"', () => {
    const { sandbox } = seeded();
    const notes = ['15/3', '0912345678', '1,5', '1.234', '50%', 'TRUE', "'trích dẫn", '8:30', '2024-03-05'];
    notes.forEach((note, i) => {
      const r = sandbox.call('submitProgress', [entry({ note, submissionId: `sub-note-${i}-abcdef` })]) as { ok: boolean };
      expect(r.ok).toBe(true);
    });
    expect(rows(sandbox, SHEETS.progress).map((r) => r[PROGRESS_COLUMNS.note])).toEqual(notes);
  });

  test('a digits-only submission id with a leading zero still stops a retry from recording twice', () => {
    const { sandbox } = seeded();
    const first = sandbox.call('submitProgress', [entry({ submissionId: '0012345678' })]) as { ok: boolean; duplicate: boolean };
    const retry = sandbox.call('submitProgress', [entry({ submissionId: '0012345678' })]) as { ok: boolean; duplicate: boolean };
    expect(first).toMatchObject({ ok: true, duplicate: false });
    expect(retry).toMatchObject({ ok: true, duplicate: true });
    expect(rows(sandbox, SHEETS.progress)).toHaveLength(1);
    expect(rows(sandbox, SHEETS.progress)[0][PROGRESS_COLUMNS.submissionId]).toBe('0012345678');
  });
});

describe('getProgressFormData', () => {
  test('gives the sidebar the tasks, the choices and the user, with "my tasks" from the directory', () => {
    const { sandbox } = seeded();
    run(sandbox, `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Cán bộ'); const v = s.getDataRange().getValues(); const e = v[0].indexOf('Email'); const u = v[0].indexOf('Đơn vị/chức danh'); for (let i = 1; i < v.length; i++) if (v[i][u] === 'Đài truyền thanh xã') s.getRange(i + 1, e + 1).setValue(args);`, USER);
    const data = sandbox.call('getProgressFormData') as { tasks: { code: string; mine: boolean }[]; channels: string[]; statuses: string[]; user: string; today: string; planYear: number };
    expect(data.tasks).toHaveLength(8);
    expect(data.tasks.filter((t) => t.mine).map((t) => t.code)).toEqual(['NV03', 'NV04']);
    expect(data.statuses).toEqual(['Chưa thực hiện', 'Đang thực hiện', 'Hoàn thành']);
    expect(data.channels).toContain('Tin bài trên trang TTĐT');
    expect(data).toMatchObject({ user: USER, today: '2024-03-08', planYear: 2024 });
  });

  test('opening the sidebar serves the inlined page with no external script or stylesheet', () => {
    const { sandbox, env } = seeded();
    sandbox.call('showProgressSidebar');
    const sidebar = env.ui.find((e) => e.kind === 'sidebar');
    expect(sidebar?.title).toBe('Cập nhật tiến độ');
    const html = sidebar?.html ?? '';
    expect(html).toContain('Ghi tiến độ');
    // Nothing is fetched from the network: no external script, stylesheet, image, font or import.
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|<img[^>]+src=|url\(\s*['"]?https?:|@import/i);
    expect(Buffer.byteLength(html)).toBeLessThan(100 * 1024);
  });
});
