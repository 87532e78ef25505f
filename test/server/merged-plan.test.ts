/**
 * Issue 10 §5 (on the built bundle): a plan whose office merged cells, as people do when they
 * paste from Word: one "Thời gian thực hiện" merged over two task rows, and a group heading
 * merged across the table. Sheets reads "" in every cell of a merge but the top-left; the plan
 * reader treats a cell merged down several rows as holding its value in each of them (one more
 * call for the merges, whatever the number of rows), reads the heading row as the section of the
 * tasks below it, and setup, onEdit and "Kiểm tra kế hoạch" lose nothing under the merges.
 */
import { loadSandbox } from '../support/sandbox';
import { appendRows, notes, rows, run, values } from '../support/sheets';
import { PLAN_COLUMNS, SHEETS } from '../../src/core/schema';
import type { Sandbox } from '../../emulator/sandbox';

const H = PLAN_COLUMNS;
const HEADING = 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH';

interface Task {
  code: string;
  section: string;
  timeframeText: string;
  deadline: string | null;
  window: { from: string; to: string } | null;
  row: number;
}

function col(sandbox: Sandbox, header: string): number {
  const c = (values(sandbox, SHEETS.plan)![0] as string[]).indexOf(header);
  if (c < 0) throw new Error(`no column ${header}`);
  return c + 1;
}

/**
 * The seeded plan laid out as an office pasted it: a heading row above NV01 merged from "STT"
 * to "Thời gian thực hiện", and NV01's timeframe merged over NV02's row (NV02's own text is
 * dropped by the merge, as Sheets drops it).
 */
function officePlan(extraTasks = 0) {
  const t = loadSandbox({ now: '2024-03-08T09:30:00+07:00' });
  t.sandbox.call('setupWorkbook');
  if (extraTasks) {
    const header = values(t.sandbox, SHEETS.plan)![0] as string[];
    appendRows(
      t.sandbox,
      SHEETS.plan,
      Array.from({ length: extraTasks }, (_, i) => {
        const r: unknown[] = header.map(() => '');
        r[header.indexOf(H.code)] = `NV${String(i + 9).padStart(3, '0')}`;
        r[header.indexOf(H.task)] = `Nhiệm vụ thêm ${i + 9}`;
        r[header.indexOf(H.lead)] = 'Công chức Văn hóa - Xã hội';
        r[header.indexOf(H.timeframe)] = 'Quý III/2024';
        return r;
      }),
    );
  }
  const stt = col(t.sandbox, H.stt);
  const tf = col(t.sandbox, H.timeframe);
  run(
    t.sandbox,
    `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('${SHEETS.plan}');
     s.insertRowBefore(2);
     s.getRange(2, args.stt).setValue(args.heading);
     s.getRange(2, args.stt, 1, args.tf - args.stt + 1).merge();
     s.getRange(3, args.tf).setValue('Quý II/2024');
     s.getRange(3, args.tf, 2, 1).merge();`,
    { stt, tf, heading: HEADING },
  );
  t.env.ui.length = 0;
  return { ...t, stt, tf };
}

describe('a plan with merged cells', () => {
  test('the emulator reads the merged cells as Sheets does: "" below and beside the top-left', () => {
    const { sandbox, tf } = officePlan();
    const v = values(sandbox, SHEETS.plan)!;
    expect(v[2][tf - 1]).toBe('Quý II/2024');
    expect(v[3][tf - 1]).toBe('');
    expect(v[1].filter((c) => c !== '')).toEqual([HEADING]);
  });

  test('a task under a merged timeframe gets that timeframe; the merged heading row is the section of the tasks below, not a task', () => {
    const { sandbox } = officePlan();
    const checked = sandbox.call('validatePlan') as { tasks: Task[]; problems: { sheet: string; row: number; message: string }[] };
    expect(checked.tasks.map((t) => t.code)).toEqual(['NV01', 'NV02', 'NV03', 'NV04', 'NV05', 'NV06', 'NV07', 'NV08']);
    const [nv01, nv02] = checked.tasks;
    expect(nv02.timeframeText).toBe('Quý II/2024');
    expect(nv02.window).toEqual(nv01.window);
    expect(nv02.deadline).toBe(nv01.deadline);
    expect(nv02.deadline).toBe('2024-06-30');
    expect(checked.tasks.every((t) => t.section === HEADING)).toBe(true);
    // Nothing about the heading row (row 2) and no "chưa ghi thời gian" for NV02.
    expect(checked.problems.filter((p) => p.sheet === SHEETS.plan && p.row === 2)).toEqual([]);
    expect(checked.problems.filter((p) => p.message.startsWith('NV02') && /thời gian/i.test(p.message))).toEqual([]);
    // The sidebar and the report see the same.
    const form = sandbox.call('getProgressFormData') as { tasks: { code: string; section?: string }[] };
    expect(form.tasks.map((t) => t.code)).toHaveLength(8);
    expect(form.tasks[0].section).toBe(HEADING);
  });

  test('reading the merges costs one getMergedRanges whatever the number of rows', () => {
    const measure = (extra: number) => {
      const { sandbox, env } = officePlan(extra);
      env.calls.reset();
      const data = sandbox.call('getProgressFormData') as { tasks: unknown[] };
      expect(data.tasks).toHaveLength(8 + extra);
      return { merged: env.calls.count('Range.getMergedRanges'), total: env.calls.total('SpreadsheetApp') };
    };
    const small = measure(0);
    const large = measure(400);
    expect(small.merged).toBe(1);
    expect(large).toEqual(small);
    // Against the same plan with nothing merged: one getMergedRanges and one getA1Notation per merge.
    const { sandbox, env } = officePlan();
    run(sandbox, `SpreadsheetApp.getActiveSpreadsheet().getSheetByName('${SHEETS.plan}').getDataRange().breakApart();`);
    env.calls.reset();
    sandbox.call('getProgressFormData');
    expect(small.total - env.calls.total('SpreadsheetApp')).toBe(2);
    process.stdout.write(`merged plan: ${small.total} SpreadsheetApp calls for the sidebar's data (2 merges), ${env.calls.total('SpreadsheetApp')} with none\n`);
  });

  test('setup gives the heading row no code and fills the computed columns of the task under the merge', () => {
    const { sandbox } = officePlan();
    sandbox.call('setupWorkbook');
    const r = rows(sandbox, SHEETS.plan);
    expect(r[0][H.code]).toBe('');
    expect(r[0][H.stt]).toBe(HEADING);
    expect(r[2][H.code]).toBe('NV02');
    expect(r[2][H.deadline]).toBe(r[1][H.deadline]);
    expect(r[2][H.from]).toBe(r[1][H.from]);
    expect(r[2][H.deadline]).toBe('2024-06-29T17:00:00.000Z');
  });

  test('onEdit: typing into the merged timeframe updates every task row it covers', () => {
    const { sandbox, env, tf } = officePlan();
    const range = run(sandbox, `const r = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('${SHEETS.plan}').getRange(3, args); r.setValue('Quý III/2024'); return r;`, tf);
    const event = { authMode: 'LIMITED', range, value: 'Quý III/2024', source: sandbox.evaluate('SpreadsheetApp.getActiveSpreadsheet()') };
    sandbox.call('onEdit', [event], { context: 'ui', authMode: 'LIMITED' });
    expect(env.logs.filter((l) => l.level === 'error')).toEqual([]);
    const r = rows(sandbox, SHEETS.plan);
    expect(r[1][H.deadline]).toBe('2024-09-29T17:00:00.000Z');
    expect(r[2][H.deadline]).toBe('2024-09-29T17:00:00.000Z');
    expect(r[2][H.code]).toBe('NV02');
  });

  test('"Kiểm tra kế hoạch" puts the marks of every task under a merged cell on its visible top-left cell', () => {
    const { sandbox, tf } = officePlan();
    run(sandbox, `SpreadsheetApp.getActiveSpreadsheet().getSheetByName('${SHEETS.plan}').getRange(3, args).setValue('khi nào xong');`, tf);
    sandbox.call('validatePlan');
    const n = notes(sandbox, SHEETS.plan);
    expect(n[2][tf - 1]).toContain('NV01');
    expect(n[2][tf - 1]).toContain('NV02');
    expect(n[3][tf - 1]).toBe('');
    // Nothing in the sheet was lost: the heading, the merged timeframe and both tasks are there.
    const v = values(sandbox, SHEETS.plan)!;
    expect(v[1].filter((c) => c !== '')).toEqual([HEADING]);
    expect(v[2][tf - 1]).toBe('khi nào xong');
    expect(v.filter((r) => r[col(sandbox, H.code) - 1] === 'NV02')).toHaveLength(1);
  });
});
