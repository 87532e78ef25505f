/**
 * `npm run bench [-- --json] [--only seed,10x] [--ops submitProgress,…] [--runs N]`
 *
 * Runs the product's main operations on the built bundle (dist/Code.js) in the emulator's
 * sandbox, on generated workloads (bench/workloads.ts), and prints for each:
 * - the service calls it made, by service (env.calls after a reset);
 * - its data calls (reads, writes, sends, documents) against the fewest it could need;
 * - its compute time in the sandbox: the median of several runs, each on a fresh copy of the
 *   workload and a freshly loaded bundle (as every Apps Script execution starts), split into
 *   time inside the emulator's service fakes and time in the product's own code;
 * - its memory: heapUsed and rss growth, see `measureMemory`.
 * It also prints the size of dist/Code.js and of each page, and the time to load the bundle
 * into a fresh sandbox (Apps Script loads the whole project at every execution).
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { Env } from '../emulator/core/env';
import { Sandbox } from '../emulator/sandbox';
import { DIST, readBundle } from '../emulator/project';
import { setMailQuota } from '../emulator/services/mail';
import { createWorkbook } from '../emulator/services/spreadsheet/model';
import { SHEETS } from '../src/core/schema';
import {
  CONSUMER_RECIPIENTS,
  WORKLOADS,
  WORKSPACE_RECIPIENTS,
  cloneWorkload,
  dataCalls,
  expectedRecipients,
  fewestCalls,
  generateWorkload,
  workloadSpec,
  type DataCalls,
  type Fewest,
  type OperationName,
  type Workload,
} from './workloads';

// ---------------------------------------------------------------------------------------------
// Options

interface Options {
  json: boolean;
  only: string[];
  ops: OperationName[];
  runs: number | null;
  /** Another build to measure (e.g. a minified copy of dist/); default dist/. */
  dist: string;
}

export const OPERATIONS: OperationName[] = ['getProgressFormData', 'submitProgress', 'validatePlan', 'runDailyReminders', 'generateReport'];

const OP_LABELS: Record<OperationName, string> = {
  getProgressFormData: 'Dữ liệu thanh bên (getProgressFormData)',
  submitProgress: 'Ghi một lần báo cáo (submitProgress)',
  validatePlan: 'Kiểm tra kế hoạch (validatePlan)',
  runDailyReminders: 'Nhắc việc hằng ngày (runDailyReminders)',
  generateReport: 'Báo cáo năm (generateReport "Năm 2024")',
};

function parseArgs(argv: string[]): Options {
  const o: Options = { json: false, only: WORKLOADS.map((w) => w.name), ops: OPERATIONS, runs: null, dist: DIST };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = a.includes('=') ? a.slice(a.indexOf('=') + 1) : argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--json') o.json = true;
    else if (a.startsWith('--only')) o.only = value().split(',').map((s) => workloadSpec(s.trim()).name);
    else if (a.startsWith('--ops')) {
      o.ops = value()
        .split(',')
        .map((s) => {
          const op = s.trim() as OperationName;
          if (!OPERATIONS.includes(op)) throw new Error(`Unknown operation "${s}"; one of: ${OPERATIONS.join(', ')}`);
          return op;
        });
    } else if (a.startsWith('--runs')) o.runs = Math.max(1, Number(value()) || 1);
    else if (a.startsWith('--dist')) o.dist = path.resolve(value());
    else throw new Error(`Unknown option ${a}. Usage: npm run bench -- [--json] [--only seed,10x,100x,stress] [--ops name,…] [--runs N] [--dist folder]`);
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Measuring

const now = () => process.hrtime.bigint();
const ms = (ns: bigint) => Number(ns) / 1e6;

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** A full garbage collection, so heap figures start from live data only. */
const gc: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

/**
 * Splits a run's time into the emulator's and the product's: each counted service call is
 * timed from its record (before the fake runs) to the conversion of its result into the
 * sandbox (or of its error), outermost calls only. The fakes' work, including copying values
 * between the two realms, is "emulator"; the rest of the run is the product's own code.
 */
function timeServiceCalls(env: Env): { emulatorNs: () => bigint } {
  const calls = env.calls;
  const record = calls.record.bind(calls);
  let depth = 0;
  let started = 0n;
  let total = 0n;
  calls.record = (name: string) => {
    if (depth === 0) started = now();
    depth++;
    record(name);
  };
  const end = () => {
    if (depth === 0) return;
    depth--;
    if (depth === 0) total += now() - started;
  };
  const bridge = env.bridge!;
  env.bridge = {
    toHost: bridge.toHost,
    toSandbox: (v) => {
      const out = bridge.toSandbox(v);
      end();
      return out;
    },
    error: (e) => {
      const out = bridge.error(e);
      end();
      return out;
    },
  };
  return { emulatorNs: () => total };
}

interface Loaded {
  env: Env;
  sandbox: Sandbox;
}

function load(w: Workload, code: string, files: Record<string, string>): Loaded {
  const { workbook, state } = cloneWorkload(w);
  const env = new Env(workbook, { now: w.now, owner: w.owner, user: w.owner, state });
  env.files = files;
  setMailQuota(env, WORKSPACE_RECIPIENTS, WORKSPACE_RECIPIENTS);
  const sandbox = new Sandbox(env, code);
  env.calls.reset();
  return { env, sandbox };
}

interface Call {
  args: unknown[];
  context: Env['context'];
}

function callFor(op: OperationName, w: Workload, run: number): Call {
  switch (op) {
    case 'getProgressFormData':
      return { args: [], context: 'ui' };
    case 'submitProgress':
      return {
        args: [
          {
            taskId: 'NV01',
            status: 'Đang thực hiện',
            percent: 60,
            channel: 'Phát thanh',
            quantity: 2,
            note: 'Phát 2 chuyên mục CCHC trên đài truyền thanh',
            evidenceUrl: '',
            reportDate: w.day,
            submissionId: `bench-run-${String(run + 1).padStart(4, '0')}`,
          },
        ],
        context: 'ui',
      };
    case 'validatePlan':
      return { args: [], context: 'ui' };
    case 'runDailyReminders':
      return { args: [], context: 'trigger' };
    case 'generateReport':
      return { args: [{ period: 'Năm 2024' }], context: 'ui' };
  }
}

/** What the run returned that the accounting needs, and a one-line summary of it. */
function outcomeOf(op: OperationName, result: unknown, w: Workload): { problemSheets?: number; planMarked?: boolean; summary: string; ok: boolean } {
  const r = result as Record<string, unknown> | null;
  switch (op) {
    case 'getProgressFormData': {
      const tasks = (r?.tasks as unknown[] | undefined)?.length ?? 0;
      return { summary: `${tasks} nhiệm vụ`, ok: tasks === w.tasks.length };
    }
    case 'submitProgress':
      return { summary: String(r?.message ?? ''), ok: r?.ok === true && r?.duplicate === false };
    case 'validatePlan': {
      const problems = (r?.problems as { sheet: string; row: number; column: string }[] | undefined) ?? [];
      const marked = new Set(problems.filter((p) => p.row >= 1 && p.column && (p.sheet === SHEETS.plan || p.sheet === SHEETS.people)).map((p) => p.sheet));
      return { problemSheets: marked.size, planMarked: marked.has(SHEETS.plan), summary: `${problems.length} vấn đề`, ok: r !== null };
    }
    case 'runDailyReminders': {
      const sent = Number(r?.sent ?? -1);
      return { summary: `gửi ${sent}, hoãn ${String(r?.deferred)}, lỗi ${String(r?.failed)}, bỏ qua ${String(r?.skipped)}`, ok: sent === w.emails.length };
    }
    case 'generateReport':
      return { summary: `số ${String(r?.number ?? '?')}`, ok: typeof r?.documentId === 'string' };
  }
}

interface Memory {
  /** Highest heapUsed seen at a service call, minus heapUsed after a full GC before the run (MB). */
  peakHeapMb: number;
  /** heapUsed after the run (before GC) minus before (MB). */
  heapAfterMb: number;
  /** rss after the run minus before (MB): memory the process took from the system. */
  rssMb: number;
}

/**
 * One extra, untimed run that samples heapUsed at every service call (the product's code runs
 * between calls, so the highest sample is close to the true peak, and never above it). The
 * figures include the emulator's copies: a getValues of 100,000 rows exists once in the
 * emulator's realm and once in the sandbox's, where Apps Script keeps one.
 */
function measureMemory(op: OperationName, w: Workload, code: string, files: Record<string, string>): Memory {
  const { env, sandbox } = load(w, code, files);
  const call = callFor(op, w, 999);
  const record = env.calls.record.bind(env.calls);
  gc();
  const before = process.memoryUsage();
  let peak = before.heapUsed;
  env.calls.record = (name: string) => {
    const h = process.memoryUsage().heapUsed;
    if (h > peak) peak = h;
    record(name);
  };
  sandbox.call(op, call.args, { context: call.context });
  const after = process.memoryUsage();
  if (after.heapUsed > peak) peak = after.heapUsed;
  const mb = (n: number) => Math.round((n / 1048576) * 10) / 10;
  return { peakHeapMb: mb(peak - before.heapUsed), heapAfterMb: mb(after.heapUsed - before.heapUsed), rssMb: mb(after.rss - before.rss) };
}

export interface OpResult {
  op: OperationName;
  label: string;
  runs: number;
  byService: Record<string, number>;
  byMethod: Record<string, number>;
  data: DataCalls & { other: number };
  fewest: Fewest;
  atFewest: boolean;
  /** Same calls on every run (they must not depend on timing). */
  stable: boolean;
  medianMs: number;
  medianEmulatorMs: number;
  medianScriptMs: number;
  timesMs: number[];
  memory: Memory;
  outcome: string;
  outcomeOk: boolean;
}

export function runOperation(op: OperationName, w: Workload, code: string, files: Record<string, string>, runs: number): OpResult {
  const times: number[] = [];
  const emulator: number[] = [];
  let first: Record<string, number> | null = null;
  let byService: Record<string, number> = {};
  let stable = true;
  let outcome = { summary: '', ok: false, problemSheets: undefined as number | undefined, planMarked: undefined as boolean | undefined };
  for (let r = 0; r < runs; r++) {
    const { env, sandbox } = load(w, code, files);
    const call = callFor(op, w, r);
    const timer = timeServiceCalls(env);
    gc();
    const t0 = now();
    const result = sandbox.call(op, call.args, { context: call.context });
    const elapsed = now() - t0;
    times.push(ms(elapsed));
    emulator.push(ms(timer.emulatorNs()));
    const byMethod = env.calls.byMethod();
    if (first === null) {
      first = byMethod;
      byService = env.calls.byService();
      const o = outcomeOf(op, result, w);
      outcome = { summary: o.summary, ok: o.ok, problemSheets: o.problemSheets, planMarked: o.planMarked };
    } else if (JSON.stringify(first) !== JSON.stringify(byMethod)) {
      stable = false;
    }
  }
  const data = dataCalls(first ?? {});
  const fewest = fewestCalls(op, w, { problemSheets: outcome.problemSheets, planMarked: outcome.planMarked });
  const atFewest = data.reads === fewest.reads && data.writes === fewest.writes && data.sends === fewest.sends && data.creates === fewest.creates;
  const memory = measureMemory(op, w, code, files);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    op,
    label: OP_LABELS[op],
    runs,
    byService,
    byMethod: first ?? {},
    data,
    fewest,
    atFewest,
    stable,
    medianMs: round(median(times)),
    medianEmulatorMs: round(median(emulator)),
    medianScriptMs: round(median(times.map((t, i) => t - emulator[i]))),
    timesMs: times.map(round),
    memory,
    outcome: outcome.summary,
    outcomeOk: outcome.ok,
  };
}

// ---------------------------------------------------------------------------------------------
// The bundle

interface BundleInfo {
  dist: string;
  codeKb: number;
  pagesKb: Record<string, number>;
  /** First load in this process (V8's compile cache is cold for this source), ms. */
  firstLoadMs: number;
  /** Median of later loads, ms. */
  loadMs: number;
  /** Median time to set up an empty sandbox (context, clock, fakes) without the bundle, ms. */
  emptySandboxMs: number;
}

function measureBundle(dist: string, code: string, files: Record<string, string>): BundleInfo {
  const kb = (file: string) => Math.round((fs.statSync(path.join(dist, file)).size / 1024) * 10) / 10;
  const pagesKb: Record<string, number> = {};
  for (const name of Object.keys(files).sort()) pagesKb[`${name}.html`] = kb(`${name}.html`);
  const time = (source: string) => {
    const env = new Env(createWorkbook(), { now: '2024-12-07T07:00:00+07:00' });
    env.files = files;
    const t0 = now();
    new Sandbox(env, source);
    return ms(now() - t0);
  };
  const firstLoadMs = time(code);
  const loads: number[] = [];
  const empty: number[] = [];
  for (let i = 0; i < 15; i++) {
    loads.push(time(code));
    empty.push(time(''));
  }
  const round = (x: number) => Math.round(x * 10) / 10;
  return { dist: path.relative(process.cwd(), dist) || '.', codeKb: kb('Code.js'), pagesKb, firstLoadMs: round(firstLoadMs), loadMs: round(median(loads)), emptySandboxMs: round(median(empty)) };
}

// ---------------------------------------------------------------------------------------------
// Output

interface ScaleResult {
  workload: string;
  label: string;
  day: string;
  generateMs: number;
  rows: Record<string, number>;
  reminderEmails: number;
  reminderRecipients: number;
  operations: OpResult[];
}

function pad(s: string, n: number): string {
  return s.length >= n ? s : s + ' '.repeat(n - s.length);
}

function lpad(s: string, n: number): string {
  return s.length >= n ? s : ' '.repeat(n - s.length) + s;
}

function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function dataText(d: DataCalls): string {
  return `r${d.reads} w${d.writes} s${d.sends}${d.creates ? ` d${d.creates}` : ''}`;
}

function printScale(s: ScaleResult): void {
  const out = process.stdout;
  out.write(`\n== ${s.workload}: ${s.label}\n`);
  out.write(
    `   ngày chạy ${s.day}; dòng: ${Object.entries(s.rows)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ')}; tạo dữ liệu ${fmt(Math.round(s.generateMs))} ms\n`,
  );
  out.write(`   thư nhắc việc đến hạn: ${s.reminderEmails} thư, ${s.reminderRecipients} người nhận\n`);
  out.write(
    `   ${pad('operation', 20)} ${lpad('median', 9)} ${lpad('script', 8)} ${lpad('emul.', 8)} ${lpad('heap↑', 7)} ${lpad('rss↑', 6)}  ${pad('data calls', 16)} ${pad('fewest', 16)} ok  calls by service\n`,
  );
  for (const r of s.operations) {
    const services = Object.entries(r.byService)
      .sort((a, b) => b[1] - a[1])
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    out.write(
      `   ${pad(r.op, 20)} ${lpad(r.medianMs.toFixed(1), 7)}ms ${lpad(r.medianScriptMs.toFixed(1), 8)} ${lpad(r.medianEmulatorMs.toFixed(1), 8)} ${lpad(r.memory.peakHeapMb.toFixed(1), 7)} ${lpad(r.memory.rssMb.toFixed(0), 6)}  ${pad(dataText(r.data), 16)} ${pad(dataText(r.fewest), 16)} ${r.atFewest ? '✓ ' : '✗ '}  ${services}\n`,
    );
    if (!r.outcomeOk || !r.stable) out.write(`      ! ${!r.outcomeOk ? `kết quả không như dự kiến: ${r.outcome}` : ''}${!r.stable ? ' số lần gọi khác nhau giữa các lần chạy' : ''}\n`);
  }
}

function printBundle(b: BundleInfo): void {
  const out = process.stdout;
  out.write(`Bundle: ${b.dist}/Code.js ${b.codeKb} KB; pages: ${Object.entries(b.pagesKb).map(([k, v]) => `${k} ${v} KB`).join(', ')}\n`);
  out.write(
    `Load into a fresh sandbox: first ${b.firstLoadMs} ms, then median ${b.loadMs} ms (of which ${b.emptySandboxMs} ms is the empty sandbox: context, clock, fakes)\n`,
  );
}

function printLegend(): void {
  process.stdout.write(
    [
      '',
      'median: sandbox time of the operation (ms, median of the runs); script: the product\'s own code; emul.: inside the emulator\'s fakes.',
      'heap↑: peak heapUsed above a post-GC baseline, sampled at each service call (MB, emulator copies included); rss↑: process rss growth (MB).',
      'data calls / fewest: r reads (getValues, getNotes…), w writes (setValues, appendRow…), s emails sent, d documents created.',
      '',
    ].join('\n'),
  );
}

// ---------------------------------------------------------------------------------------------

function main(): void {
  const options = parseArgs(process.argv.slice(2));
  const { code, files } = readBundle(options.dist);
  const bundle = measureBundle(options.dist, code, files);
  if (!options.json) {
    printBundle(bundle);
    printLegend();
  }
  const scales: ScaleResult[] = [];
  for (const name of options.only) {
    const spec = workloadSpec(name);
    const t0 = now();
    const w = generateWorkload(spec);
    const generateMs = ms(now() - t0);
    const runs = options.runs ?? (spec.entries >= 50000 ? 3 : 5);
    const operations = options.ops.map((op) => runOperation(op, w, code, files, runs));
    const scale: ScaleResult = {
      workload: spec.name,
      label: spec.label,
      day: w.day,
      generateMs,
      rows: {
        [SHEETS.plan]: w.values.plan.length - 1,
        [SHEETS.people]: w.values.people.length - 1,
        [SHEETS.progress]: w.values.progress.length - 1,
        [SHEETS.reminders]: w.values.reminders.length - 1,
      },
      reminderEmails: w.emails.length,
      reminderRecipients: expectedRecipients(w),
      operations,
    };
    scales.push(scale);
    if (!options.json) printScale(scale);
  }
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          node: process.version,
          limits: { executionSeconds: 360, triggerMinutesPerDay: { consumer: 90, workspace: 360 }, recipientsPerDay: { consumer: CONSUMER_RECIPIENTS, workspace: WORKSPACE_RECIPIENTS }, docsPerDay: { consumer: 250 } },
          bundle,
          scales,
        },
        null,
        2,
      )}\n`,
    );
  }
}

// Run as a script (npm run bench), not when a test imports the functions above.
if (require.main === module) main();
