/**
 * Issue 13's closing figures, on the built bundles: a simulated year of the seed plan with a
 * random 2 % of service calls failing (bench/sweep.ts has the simulation and its ground truth),
 * the office editing "Kế hoạch" between calls, people retrying their entries, and a second
 * execution started between two calls of a running one now and then. Every invariant must hold:
 * no reminder item lost or sent twice, no log row or entry lost or duplicated, no stale or
 * misplaced plan row, no trigger added by a run, every email reply confirmed exactly once, no
 * execution ending in a programming error (TypeError…). `npm run bench:faults` runs more seeds.
 */
import { sweep, describeFigures, type SweepFigures } from '../../bench/sweep';

// A simulated year is ~20 s of CPU per build; a loaded two-core machine needs more.
jest.setTimeout(300000);

function expectClean(f: SweepFigures): void {
  // The figures, for the log of a failing run.
  const summary = describeFigures(f);
  expect({ summary, violations: f.violations }).toEqual({ summary, violations: [] });
  for (const [name, count] of Object.entries(f.invariants)) expect({ name, count }).toEqual({ name, count: 0 });
  // The year was a real test: faults fired at about 2 % of the calls, reminders went out, people answered.
  expect(f.faultsInjected / f.calls).toBeGreaterThan(0.012);
  expect(f.faultsInjected / f.calls).toBeLessThan(0.03);
  expect(f.failedExecutions).toBeGreaterThan(500);
  expect(f.reminderEmails).toBeGreaterThan(20);
  expect(f.itemsOwed).toBeGreaterThan(15);
  expect(f.entriesSubmitted).toBeGreaterThan(15);
  expect(f.submitRetries).toBeGreaterThan(0);
  expect(f.edits).toBeGreaterThan(0);
  expect(f.interleaved).toBeGreaterThan(50);
}

describe('a year with 2 % of service calls failing (issue 13)', () => {
  test('bound script: the hourly trigger, web form, email replies, sidebar', async () => {
    // Seed 2: since a failed appendRow of the reminder log is read back before it is tried again
    // (faults after the effect, docs/faults.md), seed 1's year takes another course with only two
    // email replies (every invariant 0); seed 2's has six, above the threshold below.
    const f = await sweep({ seed: 2, target: 'bound', interleave: true, replyHours: [8, 10, 12, 14, 16, 18, 20, 22] });
    expectClean(f);
    // Days whose run did not complete were tried again the same day.
    expect(f.dayRetries).toBeGreaterThan(20);
    expect(Object.keys(f.byChannel).sort()).toEqual(['email', 'sidebar', 'web']);
    // Email replies were answered: one confirmation each (the invariants above say none twice, none lost).
    expect(f.repliesSent).toBeGreaterThan(3);
    expect(f.replyConfirmations).toBe(f.repliesSent);
  });

  test('add-on: the hourly trigger, the answer Google Form, sidebar', async () => {
    const f = await sweep({ seed: 1, target: 'addon', interleave: true });
    expectClean(f);
    expect(Object.keys(f.byChannel).sort()).toEqual(['form', 'sidebar']);
  });
});
