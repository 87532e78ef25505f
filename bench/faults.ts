/**
 * `npm run bench:faults [-- --seeds 1-10] [--target bound,addon] [--no-interleave] [--rate 0.02] [--after-share 0.3] [--json]`
 *
 * Issue 13's fault sweep (bench/sweep.ts) over many seeds: each seed is one simulated year of the
 * seed plan with a random share of service calls failing. Prints each run's figures and the
 * totals; `--after-share` makes that share of the faults strike after the call took effect (the
 * write landed, the email left, then the error; default 0). Exits with 1 when any invariant broke (the violations are printed).
 */
import { sweep, describeFigures, type SweepFigures } from './sweep';

function seedsOf(text: string): number[] {
  const out: number[] = [];
  for (const part of text.split(',')) {
    const [a, b] = part.split('-').map(Number);
    for (let s = a; s <= (Number.isFinite(b) ? b : a); s++) out.push(s);
  }
  return out;
}

async function main(argv: string[]): Promise<number> {
  const arg = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
  };
  const seeds = seedsOf(arg('seeds', '1-5'));
  const targets = arg('target', 'bound,addon').split(',') as ('bound' | 'addon')[];
  const rate = Number(arg('rate', '0.02'));
  const afterShare = Number(arg('after-share', '0'));
  if (!(afterShare >= 0 && afterShare <= 1)) throw new Error(`--after-share must be between 0 and 1, not ${arg('after-share', '')}`);
  const interleave = !argv.includes('--no-interleave');
  const json = argv.includes('--json');
  const all: SweepFigures[] = [];
  for (const target of targets) {
    for (const seed of seeds) {
      const started = Date.now();
      const f = await sweep({ seed, target, faultRate: rate, afterShare, interleave });
      all.push(f);
      if (!json) {
        console.log(`${describeFigures(f)}\n  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
        for (const v of f.violations) console.log(`  ! ${v}`);
      }
    }
  }
  const sum = (k: keyof SweepFigures) => all.reduce((n, f) => n + (f[k] as number), 0);
  const invariants: Record<string, number> = {};
  for (const f of all) for (const [k, v] of Object.entries(f.invariants)) invariants[k] = (invariants[k] ?? 0) + v;
  const totals = {
    runs: all.length,
    years: all.length,
    seeds,
    targets,
    executions: sum('executions'),
    failedExecutions: sum('failedExecutions'),
    calls: sum('calls'),
    faultsInjected: sum('faultsInjected'),
    faultsAfterEffect: sum('faultsAfterEffect'),
    sendsThatThrewAfterLeaving: sum('sendsThatThrewAfterLeaving'),
    reminderItemsResentAfterLostSend: sum('reminderItemsResentAfterLostSend'),
    replyConfirmationsResentAfterLostSend: sum('replyConfirmationsResentAfterLostSend'),
    afterShare,
    edits: sum('edits'),
    interleaved: sum('interleaved'),
    reminderEmails: sum('reminderEmails'),
    itemsOwed: sum('itemsOwed'),
    itemsSent: sum('itemsSent'),
    dayRetries: sum('dayRetries'),
    entriesSubmitted: sum('entriesSubmitted'),
    entriesConfirmed: sum('entriesConfirmed'),
    submitRetries: sum('submitRetries'),
    repliesSent: sum('repliesSent'),
    replyConfirmations: sum('replyConfirmations'),
    replyConfirmationsGivenUp: sum('replyConfirmationsGivenUp'),
    staleAfterFailedExecution: sum('staleAfterFailedExecution'),
    invariants,
  };
  if (json) console.log(JSON.stringify({ totals, runs: all }, null, 2));
  else {
    console.log(`\nTotal: ${totals.runs} simulated years (seeds ${seeds.join(', ')}; ${targets.join(' + ')}), ${totals.executions} executions (${totals.failedExecutions} ended in or logged an error), ${totals.calls} service calls, ${totals.faultsInjected} faults injected (${((100 * totals.faultsInjected) / totals.calls).toFixed(2)} %; ${totals.faultsAfterEffect} after the effect), ${totals.edits} edits, ${totals.interleaved} interleaved executions`);
    console.log(`  ${totals.reminderEmails} reminder emails, ${totals.itemsOwed} items owed, ${totals.itemsSent} sent, ${totals.dayRetries} hourly runs that tried an incomplete day again; ${totals.repliesSent} email replies, ${totals.replyConfirmations} confirmations (${totals.replyConfirmationsGivenUp} given up); ${totals.entriesSubmitted} entries (${totals.entriesConfirmed} confirmed, ${totals.submitRetries} retries); ${totals.staleAfterFailedExecution} plan rows left stale by a failed execution, then repaired`);
    if (afterShare > 0) console.log(`  ${totals.sendsThatThrewAfterLeaving} emails left although their send threw; sent again (not prevented, counted apart from the invariants): ${totals.reminderItemsResentAfterLostSend} reminder items, ${totals.replyConfirmationsResentAfterLostSend} reply confirmations`);
    console.log(`  invariants: ${Object.entries(invariants).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  }
  return Object.values(invariants).some((v) => v > 0) ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(2);
  },
);
