/**
 * Faults after the effect (emulator/core/calls.ts `when: 'after'`), found by the sweep with
 * `--after-share` (docs/faults.md): a write that landed although its call threw must not be
 * written a second time. On the built bundle.
 */
import { attempt, expectDueSentOnce, expectDueSentOnceAfter, mailingWorkbook, runDaily } from '../support/mailing';
import type { Sandbox } from '../../emulator/sandbox';
import { radioEntry, seededAs } from '../support/progress';
import { rows } from '../support/sheets';
import { PLAN_COLUMNS, SHEETS } from '../../src/core/schema';

const DAY = '2024-03-08T07:00:00+07:00';
const OWNER = 'vanphong.tanviet@gmail.com';
const TIMEOUT = 'Service Spreadsheets timed out while accessing document with id 1cchcTrackerSweep.';

describe('the daily run when a write of the reminder log lands and throws', () => {
  test("an email's log row is appended although appendRow threw: it is not appended again", () => {
    const { env, sandbox } = mailingWorkbook(DAY, OWNER);
    expectDueSentOnceAfter(env, sandbox, [{ method: 'Sheet.appendRow', nth: 1, when: 'after', message: TIMEOUT }]);
  });

  test('appendRow lands and throws twice in a row: the row is written once, the email sent once', () => {
    const { env, sandbox } = mailingWorkbook(DAY, OWNER);
    expectDueSentOnceAfter(env, sandbox, [{ method: 'Sheet.appendRow', nth: 1, times: 2, when: 'after', message: TIMEOUT }]);
  });

  test('appendRow lands and throws, and reading the log back fails twice: the row goes to the journal, and the end of the run does not write it again', () => {
    const { env, sandbox } = mailingWorkbook(DAY, OWNER);
    env.faults.add({ method: 'Sheet.appendRow', nth: 1, when: 'after', message: TIMEOUT });
    // After that first append, the next two reads of where the log ends fail (before the effect).
    let appended = false;
    let lastRowFaults = 2;
    env.beforeCall = (name) => {
      if (name === 'Sheet.appendRow') appended = true;
      else if (appended && lastRowFaults > 0 && name === 'Sheet.getLastRow') {
        lastRowFaults--;
        throw new Error(TIMEOUT);
      }
    };
    attempt(() => runDaily(sandbox));
    env.beforeCall = null;
    env.faults.clear();
    expect(lastRowFaults).toBe(0);
    runDaily(sandbox);
    runDaily(sandbox);
    expectDueSentOnce(env, sandbox);
  });

  test('the journal holds the row twice (its first setProperties stored it and threw) and writing it fails at first: the row is written once', () => {
    const { env, sandbox } = mailingWorkbook(DAY, OWNER);
    env.faults.add({ method: 'Sheet.appendRow', nth: 1, times: 2, message: TIMEOUT });
    env.faults.add({ method: 'Properties.setProperties', nth: 1, when: 'after', message: 'Unexpected error while getting the method or property setProperties on object PropertiesService.Properties.' });
    // The end of the run cannot write the journal's row either: both copies stay for the next run.
    env.faults.add({ method: 'Range.setValues', nth: 1, message: TIMEOUT });
    attempt(() => runDaily(sandbox));
    env.faults.clear();
    expect(Object.keys(env.state.documentProperties).filter((k) => k.startsWith('cchc.reminderJournal'))).toHaveLength(2);
    runDaily(sandbox);
    runDaily(sandbox);
    expectDueSentOnce(env, sandbox);
  });
});

describe('an entry whose row in "Tiến độ" landed although appendRow threw', () => {
  function submit(sandbox: Sandbox, e: Record<string, unknown>): { ok: boolean; message: string; duplicate?: boolean } {
    try {
      return sandbox.call('submitProgress', [e]) as { ok: boolean; message: string; duplicate?: boolean };
    } catch (err) {
      return { ok: false, message: (err as Error).message };
    }
  }
  const planRow = (sandbox: Sandbox) => rows(sandbox, SHEETS.plan).find((r) => r[PLAN_COLUMNS.code] === 'NV03')!;

  test('recorded at the same moment as the task\'s previous entry: sending it again sets the task from it', () => {
    // Add-on seed 4 (5 %, every fault after the effect): two answers recorded by one run at the
    // same instant; the second's row landed and its appendRow threw, and its retry left the plan
    // at the first one's status because the plan's time equalled the entry's.
    const { env, sandbox } = seededAs();
    expect(submit(sandbox, radioEntry({ status: 'Hoàn thành', percent: 100, submissionId: 'sub-a-000001' })).ok).toBe(true);
    env.faults.add({ method: 'Sheet.appendRow', when: 'after', message: TIMEOUT });
    expect(submit(sandbox, radioEntry({ status: 'Đang thực hiện', percent: 90, submissionId: 'sub-b-000002' })).ok).toBe(false);
    expect(rows(sandbox, SHEETS.progress)).toHaveLength(2);
    expect(planRow(sandbox)[PLAN_COLUMNS.percent]).toBe(100);
    // The person sends it again (same submission): it is found logged, and the task follows it.
    expect(submit(sandbox, radioEntry({ status: 'Đang thực hiện', percent: 90, submissionId: 'sub-b-000002' }))).toMatchObject({ ok: true, duplicate: true });
    expect(rows(sandbox, SHEETS.progress)).toHaveLength(2);
    expect([planRow(sandbox)[PLAN_COLUMNS.status], planRow(sandbox)[PLAN_COLUMNS.percent]]).toEqual(['Đang thực hiện', 90]);
  });
});
