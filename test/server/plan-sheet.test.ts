/**
 * Issue 13, findings 2 and 4 (on the built bundle): the plan is read even below a title row,
 * an unreadable or renamed plan makes every operation that needs it refuse with a message
 * saying what is wrong, and "Kiểm tra kế hoạch" runs under the lock with its marks and the
 * user's own notes following each task's code while people insert or sort rows.
 */
import { loadSandbox } from '../support/sandbox';
import { notes, rows, run, values } from '../support/sheets';
import { PLAN_COLUMNS, SHEETS } from '../../src/core/schema';
import { holdLockElsewhere } from '../../emulator/services/lock';
import type { Sandbox } from '../../emulator/sandbox';

const USER = 'daitruyenthanh.tanviet@gmail.com';

function seeded() {
  const t = loadSandbox({ now: '2024-03-08T09:30:00+07:00', user: USER });
  t.sandbox.call('setupWorkbook');
  t.env.ui.length = 0;
  return t;
}

function attempt(sandbox: Sandbox, name: string, args: unknown[] = []): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: sandbox.call(name, args) };
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
}

const ENTRY = {
  taskId: 'NV03',
  status: 'Đang thực hiện',
  percent: 40,
  channel: 'Phát thanh',
  quantity: 4,
  note: 'Phát 4 chuyên mục',
  evidenceUrl: '',
  reportDate: '2024-03-05',
  submissionId: 'sub-plan-0001',
};

describe('finding 2: the plan sheet as offices really lay it out', () => {
  test('a title row above the header: the tasks are read, previewed and updated on their own rows', () => {
    const { sandbox } = seeded();
    run(sandbox, `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('${SHEETS.plan}'); s.insertRowBefore(1); s.getRange(1, 1).setValue('KẾ HOẠCH TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NĂM 2024');`);
    const checked = sandbox.call('validatePlan') as { tasks: { code: string }[] };
    expect(checked.tasks.map((t) => t.code)).toEqual(['NV01', 'NV02', 'NV03', 'NV04', 'NV05', 'NV06', 'NV07', 'NV08']);
    const preview = sandbox.call('previewReport', [{ period: 'Quý I/2024' }]) as { counts: { total: number }; problems: string[] };
    expect(preview.counts.total).toBe(8);
    expect((sandbox.call('getProgressFormData') as { tasks: unknown[] }).tasks).toHaveLength(8);
    expect((sandbox.call('submitProgress', [ENTRY]) as { ok: boolean }).ok).toBe(true);
    const v = values(sandbox, SHEETS.plan)!;
    const header = v[1];
    const nv03 = v.find((r) => r[header.indexOf(PLAN_COLUMNS.code)] === 'NV03')!;
    expect(nv03[header.indexOf(PLAN_COLUMNS.percent)]).toBe(40);
    expect(v[0][0]).toBe('KẾ HOẠCH TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH NĂM 2024');
    expect(v.filter((r) => r[header.indexOf(PLAN_COLUMNS.percent)] === 40)).toHaveLength(1);
  });

  test('a renamed plan sheet: report, preview, entry and form data refuse, saying what to fix; no report number is used', () => {
    const { sandbox } = seeded();
    run(sandbox, `SpreadsheetApp.getActiveSpreadsheet().getSheetByName('${SHEETS.plan}').setName('KH 2024');`);
    for (const [name, args] of [
      ['previewReport', [{ period: 'Quý I/2024' }]],
      ['generateReport', [{ period: 'Quý I/2024' }]],
      ['submitProgress', [ENTRY]],
      ['getProgressFormData', []],
    ] as [string, unknown[]][]) {
      const r = attempt(sandbox, name, args);
      expect({ name, ok: r.ok }).toEqual({ name, ok: false });
      expect((r as { message: string }).message).toMatch(/Không tìm thấy trang "Kế hoạch" \(trang có thể đã bị đổi tên hoặc bị xóa\)/);
    }
    expect(rows(sandbox, SHEETS.reports)).toHaveLength(0);
    expect(rows(sandbox, SHEETS.progress)).toHaveLength(0);
    // Nothing made a new, empty plan in its place.
    expect(values(sandbox, SHEETS.plan)).toBeNull();
  });

  test('a header that cannot be recognised: the report refuses and names the columns it looks for', () => {
    const { sandbox } = seeded();
    run(sandbox, `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('${SHEETS.plan}'); const h = s.getRange(1, 1, 1, s.getLastColumn()).getValues()[0];
      s.getRange(1, h.indexOf('${PLAN_COLUMNS.code}') + 1).setValue('Ký hiệu'); s.getRange(1, h.indexOf('${PLAN_COLUMNS.task}') + 1).setValue('Nội dung');`);
    const r = attempt(sandbox, 'generateReport', [{ period: 'Quý I/2024' }]);
    expect(r.ok).toBe(false);
    expect((r as { message: string }).message).toMatch(/không thấy dòng tiêu đề có cột "Mã" và cột "Nhiệm vụ cụ thể"/);
    expect(rows(sandbox, SHEETS.reports)).toHaveLength(0);
  });
});

describe('finding 4: "Kiểm tra kế hoạch" under the lock, marks and notes by code', () => {
  /** NV02 gets a timeframe that cannot be read (an error mark) and NV05 a note of the user's own. */
  function withProblemAndNote() {
    const t = seeded();
    run(
      t.sandbox,
      `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('${SHEETS.plan}'); const v = s.getDataRange().getValues(); const h = v[0];
       const row = (code) => v.findIndex((r) => r[h.indexOf('${PLAN_COLUMNS.code}')] === code) + 1;
       s.getRange(row('NV02'), h.indexOf('${PLAN_COLUMNS.timeframe}') + 1).setValue('Khi nào xong');
       s.getRange(row('NV05'), h.indexOf('${PLAN_COLUMNS.task}') + 1).setNote('Ghi chú của chị Lan: hỏi lại Đài truyền thanh');`,
    );
    return t;
  }

  /** Each task's notes on the cells of its own row, by code. */
  function notesByCode(sandbox: Sandbox): Map<string, string[]> {
    const v = values(sandbox, SHEETS.plan)!;
    const n = notes(sandbox, SHEETS.plan);
    const c = v[0].indexOf(PLAN_COLUMNS.code);
    const out = new Map<string, string[]>();
    v.forEach((r, i) => {
      if (i > 0 && r[c]) out.set(String(r[c]), n[i]);
    });
    return out;
  }

  test('waits for the lock like every other writer', () => {
    const { sandbox, env } = withProblemAndNote();
    holdLockElsewhere(env, 'script', true);
    expect(sandbox.call('validatePlan')).toBeNull();
    holdLockElsewhere(env, 'script', false);
    expect(env.ui.find((e) => e.kind === 'alert')?.message).toMatch(/Bảng tính đang bận/);
  });

  test.each([
    ['a row inserted above the tasks', `SpreadsheetApp.getActiveSpreadsheet().getSheetByName('${SHEETS.plan}').insertRowBefore(2);`],
    [
      'the plan sorted by code, last first',
      `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('${SHEETS.plan}'); const r = s.getRange(2, 1, s.getLastRow() - 1, s.getLastColumn());
       const v = r.getValues(); const n = r.getNotes(); const c = s.getRange(1, 1, 1, s.getLastColumn()).getValues()[0].indexOf('${PLAN_COLUMNS.code}');
       const order = v.map((_, i) => i).sort((a, b) => String(v[b][c]).localeCompare(String(v[a][c])));
       r.setValues(order.map((i) => v[i])); r.setNotes(order.map((i) => n[i]));`,
    ],
  ])('%s at any call boundary: the mark stays on NV02, the user note on NV05', (_what, edit) => {
    const probe = withProblemAndNote();
    const start = probe.env.calls.sequence;
    probe.sandbox.call('validatePlan');
    const total = probe.env.calls.sequence - start;
    for (let k = 1; k <= total + 1; k++) {
      const { sandbox, env } = withProblemAndNote();
      const target = env.calls.sequence + k;
      env.beforeCall = (_name, seq) => {
        if (seq === target) run(sandbox, edit);
      };
      sandbox.call('validatePlan');
      env.beforeCall = null;
      const byCode = notesByCode(sandbox);
      const v = values(sandbox, SHEETS.plan)!;
      const tf = v[0].indexOf(PLAN_COLUMNS.timeframe);
      const task = v[0].indexOf(PLAN_COLUMNS.task);
      expect({ k, nv02: byCode.get('NV02')![tf] }).toEqual({ k, nv02: expect.stringMatching(/^⚠ Kiểm tra kế hoạch: NV02/) });
      expect({ k, nv05: byCode.get('NV05')![task] }).toEqual({ k, nv05: 'Ghi chú của chị Lan: hỏi lại Đài truyền thanh' });
      for (const [code, n] of byCode) {
        if (code === 'NV02') continue;
        expect({ k, code, marks: n.filter((x) => x.startsWith('⚠')).length }).toEqual({ k, code, marks: 0 });
        if (code !== 'NV05') expect({ k, code, notes: n.filter(Boolean) }).toEqual({ k, code, notes: [] });
      }
    }
  });
});
