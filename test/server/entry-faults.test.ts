/**
 * Issue 13, findings 1, 3 and 12 (second message): an entry's log row and its task's row in
 * "Kế hoạch" stay consistent whatever service call fails, whatever a person does to the plan
 * between two calls, and whatever other execution runs meanwhile (on the built bundle).
 */
import { radioEntry, seededAs } from '../support/progress';
import { rows, run } from '../support/sheets';
import { PLAN_COLUMNS, PROGRESS_COLUMNS, SHEETS } from '../../src/core/schema';

const seeded = () => seededAs();
const entry = (over: Record<string, unknown> = {}) => radioEntry({ status: 'Hoàn thành', percent: 100, ...over });

type Row = Record<string, unknown>;
const byCode = (plan: Row[]) => new Map(plan.map((r) => [String(r[PLAN_COLUMNS.code]), r]));

/** Every task but `sent` has the status and percent it had before. */
function expectOthersUnchanged(before: Map<string, Row>, after: Map<string, Row>, sent: string): void {
  for (const [code, row] of before) {
    if (code === sent) continue;
    expect({ code, status: after.get(code)![PLAN_COLUMNS.status], percent: after.get(code)![PLAN_COLUMNS.percent] }).toEqual({
      code,
      status: row[PLAN_COLUMNS.status],
      percent: row[PLAN_COLUMNS.percent],
    });
  }
}

/** Sorts "Kế hoạch" as a person would (rows move with everything in them): codes descending. */
const SORT_PLAN = `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('${SHEETS.plan}');
  const v = s.getDataRange().getValues(); const head = v.shift(); const c = head.indexOf('${PLAN_COLUMNS.code}');
  v.sort((a, b) => String(b[c]).localeCompare(String(a[c])));
  s.getRange(2, 1, v.length, head.length).setValues(v);`;

/** Sorts "Kế hoạch" by code ascending (the seed's order). */
const SORT_PLAN_BY_CODE = SORT_PLAN.replace('String(b[c]).localeCompare(String(a[c]))', 'String(a[c]).localeCompare(String(b[c]))');

/** Gives each task of "Kế hoạch" its own percent (5, 10, 15…), so that values on a wrong row show. */
const DISTINCT_PERCENTS = `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('${SHEETS.plan}');
  const v = s.getDataRange().getValues(); const c = v[0].indexOf('${PLAN_COLUMNS.percent}');
  for (let r = 1; r < v.length; r++) if (v[r][0]) s.getRange(r + 1, c + 1).setValue(r * 5);`;

/** Inserts an empty row above the first task, as a person would. */
const INSERT_ROW = `SpreadsheetApp.getActiveSpreadsheet().getSheetByName('${SHEETS.plan}').insertRowBefore(2);`;

function submit(sandbox: ReturnType<typeof seeded>['sandbox'], e: Record<string, unknown>): { ok: boolean; message: string; duplicate?: boolean } {
  try {
    return sandbox.call('submitProgress', [e]) as { ok: boolean; message: string };
  } catch (err) {
    return { ok: false, message: (err as Error).message };
  }
}

/** How many service calls an entry makes (for walking every boundary). */
function callsOfOneEntry(): number {
  const { env, sandbox } = seeded();
  const start = env.calls.sequence;
  submit(sandbox, entry());
  return env.calls.sequence - start;
}

describe('finding 1: the plan follows the log whatever call fails', () => {
  test('the plan write fails after the log row: the retry (same submission) repairs the task', () => {
    const { env, sandbox } = seeded();
    env.faults.add({ method: 'Range.setValues', nth: 1 });
    const first = submit(sandbox, entry());
    expect(first.ok).toBe(false);
    expect(rows(sandbox, SHEETS.progress)).toHaveLength(1);
    expect(byCode(rows(sandbox, SHEETS.plan)).get('NV03')![PLAN_COLUMNS.status]).toBe('Chưa thực hiện');
    const retry = submit(sandbox, entry());
    expect(retry).toMatchObject({ ok: true, duplicate: true });
    expect(rows(sandbox, SHEETS.progress)).toHaveLength(1);
    const task = byCode(rows(sandbox, SHEETS.plan)).get('NV03')!;
    expect(task[PLAN_COLUMNS.status]).toBe('Hoàn thành');
    expect(task[PLAN_COLUMNS.percent]).toBe(100);
    expect(task[PLAN_COLUMNS.lastUpdate]).toBe('2024-03-08T02:30:00.000Z');
  });

  test('a fault at any one call of an entry, then the retry: one log row and the task as sent', () => {
    const total = callsOfOneEntry();
    expect(total).toBeGreaterThan(10);
    for (let k = 1; k <= total; k++) {
      const { env, sandbox } = seeded();
      const target = env.calls.sequence + k;
      let fired = false;
      env.beforeCall = (_name, seq) => {
        if (seq === target && !fired) {
          fired = true;
          throw new Error('Service error (fault at call ' + k + ')');
        }
      };
      submit(sandbox, entry());
      env.beforeCall = null;
      expect(submit(sandbox, entry()).ok).toBe(true);
      const log = rows(sandbox, SHEETS.progress);
      expect({ k, rows: log.length }).toEqual({ k, rows: 1 });
      const task = byCode(rows(sandbox, SHEETS.plan)).get('NV03')!;
      expect({ k, status: task[PLAN_COLUMNS.status], percent: task[PLAN_COLUMNS.percent] }).toEqual({ k, status: 'Hoàn thành', percent: 100 });
    }
  });

  test('a retry does not undo a later entry of the same task', () => {
    const { sandbox, env } = seeded();
    submit(sandbox, entry({ status: 'Đang thực hiện', percent: 40, submissionId: 'sub-aaaa-0001' }));
    env.clock.advance(60_000);
    submit(sandbox, entry({ submissionId: 'sub-bbbb-0002' }));
    env.clock.advance(60_000);
    expect(submit(sandbox, entry({ status: 'Đang thực hiện', percent: 40, submissionId: 'sub-aaaa-0001' })).ok).toBe(true);
    const task = byCode(rows(sandbox, SHEETS.plan)).get('NV03')!;
    expect(task[PLAN_COLUMNS.status]).toBe('Hoàn thành');
  });
});

describe('finding 3: rows are located by code when written', () => {
  test('a sort before the write, then the check after it fails: no other task keeps the values, and the retry sets the task', () => {
    const { env, sandbox } = seeded();
    const before = byCode(rows(sandbox, SHEETS.plan));
    let phase: 'write' | 'sorting' | 'check' | 'done' = 'write';
    env.beforeCall = (name) => {
      if (phase === 'write' && name === 'Range.setValues') {
        phase = 'sorting';
        run(sandbox, SORT_PLAN);
        phase = 'check';
      } else if (phase === 'check' && name === 'Range.getValues') {
        phase = 'done';
        throw new Error('Service Spreadsheets failed while accessing document');
      }
    };
    expect(submit(sandbox, entry()).ok).toBe(false);
    env.beforeCall = null;
    expect(phase).toBe('done');
    // The values written on the row NV03 had before the sort went back to the task now there.
    const after = byCode(rows(sandbox, SHEETS.plan));
    expectOthersUnchanged(before, after, 'NV03');
    const retry = submit(sandbox, entry());
    expect(retry).toMatchObject({ ok: true, duplicate: true });
    expect(byCode(rows(sandbox, SHEETS.plan)).get('NV03')![PLAN_COLUMNS.status]).toBe('Hoàn thành');
  });

  /**
   * An entry for NV03 with two office edits inside it: a sort just before the plan's write, then
   * `second` just before the first call named `at` after it. NV03 ends done, every other task
   * with its own values.
   */
  function twoEditsInOneEntry(at: string, second: string): void {
    const { env, sandbox } = seeded();
    run(sandbox, DISTINCT_PERCENTS);
    const before = byCode(rows(sandbox, SHEETS.plan));
    expect(new Set([...before.values()].map((r) => r[PLAN_COLUMNS.percent])).size).toBe(before.size);
    let phase: 'write' | 'check' | 'done' = 'write';
    env.beforeCall = (name) => {
      if (phase === 'write' && name === 'Range.setValues') {
        phase = 'check';
        run(sandbox, SORT_PLAN);
      } else if (phase === 'check' && name === at) {
        phase = 'done';
        run(sandbox, second);
      }
    };
    expect(submit(sandbox, entry()).ok).toBe(true);
    env.beforeCall = null;
    expect(phase).toBe('done');
    const after = byCode(rows(sandbox, SHEETS.plan));
    expect(after.get('NV03')![PLAN_COLUMNS.status]).toBe('Hoàn thành');
    expectOthersUnchanged(before, after, 'NV03');
  }

  test('a sort before the write, then a row inserted before the values go back: every other task keeps its own values', () => {
    // Add-on seed 2 of the 2 % sweep (fifth round): two office edits in one entry. The first
    // write landed on another task's row (a sort); a row inserted after the check moved that
    // task before its own values were put back, so they went to a third task's row.
    twoEditsInOneEntry('console.warn', INSERT_ROW);
  });

  test('a sort before the write, then another between the write and its check: the task that got the values gets its own back', () => {
    // Add-on seed 2 of the 2 % sweep (fifth round): the write landed on another task's row and
    // a second sort moved that row away before the check, which read only the codes and found
    // the entry's task where it had written (the rows were back in place).
    twoEditsInOneEntry('Sheet.getLastRow', SORT_PLAN_BY_CODE);
  });

  test('a person sorts "Kế hoạch" while the entry is written: the status lands on the task sent', () => {
    const { env, sandbox } = seeded();
    const before = byCode(rows(sandbox, SHEETS.plan));
    let done = false;
    env.beforeCall = (name) => {
      if (!done && name === 'Range.setValues') {
        done = true;
        run(sandbox, SORT_PLAN);
      }
    };
    expect(submit(sandbox, entry()).ok).toBe(true);
    env.beforeCall = null;
    expect(done).toBe(true);
    const after = byCode(rows(sandbox, SHEETS.plan));
    expect(after.get('NV03')![PLAN_COLUMNS.status]).toBe('Hoàn thành');
    expectOthersUnchanged(before, after, 'NV03');
  });

  test.each([
    ['a sort', SORT_PLAN],
    ['an inserted row', INSERT_ROW],
  ])('%s at every call boundary of an entry misplaces nothing', (_what, edit) => {
    const total = callsOfOneEntry();
    for (let k = 1; k <= total + 1; k++) {
      const { env, sandbox } = seeded();
      const before = byCode(rows(sandbox, SHEETS.plan));
      const target = env.calls.sequence + k;
      env.beforeCall = (_name, seq) => {
        if (seq === target) run(sandbox, edit);
      };
      const r = submit(sandbox, entry());
      env.beforeCall = null;
      if (!r.ok) expect(submit(sandbox, entry()).ok).toBe(true);
      expect(rows(sandbox, SHEETS.progress)).toHaveLength(1);
      const after = byCode(rows(sandbox, SHEETS.plan).filter((row) => row[PLAN_COLUMNS.code]));
      for (const [code, row] of before) {
        const want = code === 'NV03' ? ['Hoàn thành', 100] : [row[PLAN_COLUMNS.status], row[PLAN_COLUMNS.percent]];
        expect({ k, code, got: [after.get(code)![PLAN_COLUMNS.status], after.get(code)![PLAN_COLUMNS.percent]] }).toEqual({ k, code, got: want });
      }
    }
  });

  test('two executions overlapping at every call boundary: both entries recorded once, each on its task', () => {
    const total = callsOfOneEntry();
    for (let k = 1; k <= total + 1; k++) {
      const { env, sandbox } = seeded();
      const target = env.calls.sequence + k;
      let other: { ok: boolean; message: string } | null = null;
      env.beforeCall = (_name, seq) => {
        if (seq === target) other = submit(sandbox, entry({ taskId: 'NV05', status: 'Đang thực hiện', percent: 30, submissionId: 'sub-other' }));
      };
      const mine = submit(sandbox, entry());
      env.beforeCall = null;
      if (!mine.ok) expect(submit(sandbox, entry()).ok).toBe(true);
      if (!other || !(other as { ok: boolean }).ok) {
        if (other) expect((other as { message: string }).message).toMatch(/Bảng tính đang bận/);
        expect(submit(sandbox, entry({ taskId: 'NV05', status: 'Đang thực hiện', percent: 30, submissionId: 'sub-other' })).ok).toBe(true);
      }
      const log = rows(sandbox, SHEETS.progress);
      expect({ k, ids: log.map((r) => r[PROGRESS_COLUMNS.submissionId]).sort() }).toEqual({ k, ids: ['sub-0001-abcdef', 'sub-other'] });
      const plan = byCode(rows(sandbox, SHEETS.plan));
      expect(plan.get('NV03')![PLAN_COLUMNS.status]).toBe('Hoàn thành');
      expect(plan.get('NV05')![PLAN_COLUMNS.percent]).toBe(30);
    }
  });
});

describe('finding 12: a submission id used for another task', () => {
  test('is refused for the new task, which gets nothing recorded', () => {
    const { sandbox } = seeded();
    expect(submit(sandbox, entry()).ok).toBe(true);
    const r = submit(sandbox, entry({ taskId: 'NV05', percent: 50, status: 'Đang thực hiện' }));
    expect(r.ok).toBe(false);
    expect(r.message).toMatch(/đã được dùng cho nhiệm vụ NV03; chưa ghi gì cho NV05/);
    expect(r.message).not.toMatch(/Đã ghi tiến độ cho NV05/);
    expect(rows(sandbox, SHEETS.progress)).toHaveLength(1);
    expect(byCode(rows(sandbox, SHEETS.plan)).get('NV05')![PLAN_COLUMNS.percent]).toBe(0);
  });
});
