/**
 * Workloads for `npm run bench`, generated straight into the emulator's workbook model (no
 * service calls, so a 100,000-row log takes a fraction of a second), and the accounting the
 * bench compares each operation with: which service calls are data reads, writes and sends,
 * and the fewest of each an operation could need on a given workload.
 *
 * A workload is what the product would hold after a year of use:
 * - "Cài đặt": the default settings, with a real office email;
 * - "Cán bộ": one row per unit, real-looking addresses (not on reserved domains);
 * - "Kế hoạch": the tasks, with the columns setup computes (window, deadline) filled in;
 * - "Tiến độ": the progress log, spread evenly over the year before the benchmark's day;
 * - "Nhật ký nhắc việc": what a year of daily reminder runs would have logged, simulated with
 *   the product's own planner (src/core/reminders.ts) day by day, so the benchmark's run
 *   sends only what is new that day;
 * - "Báo cáo": three reports already made (Quý I, 6 tháng, 9 tháng).
 *
 * The benchmark's day is the busiest day of that simulated year (the most reminder emails),
 * so "the daily reminder run on a busy day" is the heaviest run the workload produces.
 */
import { Workbook, createWorkbook, type CellContent, type SheetModel } from '../emulator/services/spreadsheet/model';
import { emptyState, type EmulatorState } from '../emulator/core/env';
import {
  PEOPLE_COLUMNS,
  PLAN_COLUMNS,
  PROGRESS_COLUMNS,
  REMINDER_COLUMNS,
  REPORT_COLUMNS,
  SETTINGS_COLUMNS,
  SETTING_DEFS,
  SHEETS,
  findColumns,
} from '../src/core/schema';
import { SEED_PEOPLE, SEED_TASKS } from '../src/core/seed';
import { taskCode } from '../src/core/importer';
import { parseTimeframe } from '../src/core/timeframe';
import { resolveUnits } from '../src/core/people';
import { readPlan } from '../src/core/plan';
import { parseSettings } from '../src/core/settings';
import { planReminders, type PlannedEmail } from '../src/core/reminders';
import { addDays, daysBetween, vnStartOf } from '../src/core/dates';
import { reportCalendar } from '../src/core/periods';
import type { IsoDate, Person, ProgressEntry, Settings, Task } from '../src/core/types';

// ---------------------------------------------------------------------------------------------
// Specs

export interface WorkloadSpec {
  /** Short name used on the command line and in the output: seed, 10x, 100x, stress. */
  name: string;
  /** What it stands for, in the output. */
  label: string;
  tasks: number;
  /** Rows of "Tiến độ". */
  entries: number;
}

/**
 * The seed plan (xã Tân Việt's 8 tasks, a year of weekly entries), ten and a hundred times
 * that (ten communes; a district's worth), and a stress case far past one commune: what a
 * province-wide copy would hold.
 */
export const WORKLOADS: WorkloadSpec[] = [
  { name: 'seed', label: 'kế hoạch mẫu (8 nhiệm vụ, 1 năm báo cáo hằng tuần)', tasks: 8, entries: 8 * 52 },
  { name: '10x', label: '10 × kế hoạch mẫu', tasks: 80, entries: 80 * 52 },
  { name: '100x', label: '100 × kế hoạch mẫu', tasks: 800, entries: 800 * 52 },
  { name: 'stress', label: 'stress: 1.000 nhiệm vụ, 100.000 dòng tiến độ', tasks: 1000, entries: 100000 },
];

export function workloadSpec(name: string): WorkloadSpec {
  const spec = WORKLOADS.find((w) => w.name === name);
  if (!spec) throw new Error(`Unknown workload "${name}"; one of: ${WORKLOADS.map((w) => w.name).join(', ')}`);
  return spec;
}

/** The plan year of every workload, and the first day of its progress log. */
export const PLAN_YEAR = 2024;
const YEAR_START: IsoDate = '2024-01-02';
/** The simulated year of reminder runs ends here (the report year's cut-off is 14/12). */
const YEAR_END: IsoDate = '2024-12-31';

/** The office (and script owner): a Workspace address, so the 1,500-recipient quota applies. */
export const OWNER = 'vanphong@tanviet.gov.vn';
export const MAIL_DOMAIN = 'tanviet.gov.vn';
/** Workspace's daily recipients; the consumer limit (100) is reported against as well. */
export const WORKSPACE_RECIPIENTS = 1500;
export const CONSUMER_RECIPIENTS = 100;

/**
 * Timeframes of the replicated plan (10× and up), in the forms the domain brief lists. On the
 * busiest day several kinds of reminder fall together (d-14, d-7, d-1, the first overdue week
 * and the office's summary before the year report); recurring and on-demand tasks add reading
 * work but no deadline.
 */
const MIXED_TIMEFRAMES = [
  'Thường xuyên',
  'Hằng tháng',
  'Quý IV/2024',
  'Trước ngày 14/12/2024',
  'Trước ngày 08/12/2024',
  'Tháng 11/2024',
  'Trước ngày 21/12/2024',
  'Theo chỉ đạo',
];

const CHANNELS = ['Tin bài trên trang TTĐT', 'Phát thanh', 'Hội nghị', 'Pano, áp phích, băng rôn', 'Niêm yết TTHC', 'Mạng xã hội'];
const SOURCES = ['sidebar', 'web', 'email'];

// ---------------------------------------------------------------------------------------------
// The values of each sheet

export interface WorkloadValues {
  settings: unknown[][];
  people: unknown[][];
  plan: unknown[][];
  progress: unknown[][];
  reminders: unknown[][];
  reports: unknown[][];
}

function header(columns: Record<string, string>): string[] {
  return Object.values(columns);
}

function row<K extends string>(columns: Record<K, string>, values: Partial<Record<K, unknown>>): unknown[] {
  return (Object.keys(columns) as K[]).map((k) => (values[k] === undefined ? '' : values[k]));
}

function date(iso: IsoDate, hour = 0, minute = 0): Date {
  return new Date(vnStartOf(iso) + (hour * 60 + minute) * 60000);
}

/** A mailbox name from a unit: ASCII, dots. */
function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
}

interface PlanTask {
  stt: string;
  task: string;
  product: string;
  lead: string;
  coordinator: string;
  timeframe: string;
}

/**
 * The directory and the tasks. The seed workload is the seed plan as printed, with real
 * addresses in place of the placeholders. Larger ones repeat it once per "commune" j: each
 * repetition has its own eight units ("Công chức Tư pháp - Hộ tịch 12") and its tasks name
 * them, so every lead resolves to one person and the reminders go to as many addresses as a
 * province's communes would have.
 */
function directoryAndTasks(spec: WorkloadSpec): { people: Person[]; tasks: PlanTask[] } {
  if (spec.name === 'seed' || spec.tasks <= SEED_TASKS.length) {
    const people = SEED_PEOPLE.map((p) => ({ ...p, email: `${slug(p.unit)}@${MAIL_DOMAIN}` }));
    const tasks = SEED_TASKS.slice(0, spec.tasks).map((t) => ({
      stt: t.stt,
      task: t.task,
      product: t.product,
      lead: t.leadText,
      coordinator: t.coordinatorText,
      timeframe: t.timeframeText,
    }));
    return { people, tasks };
  }
  const copies = Math.ceil(spec.tasks / SEED_TASKS.length);
  // Which seed units lead each seed task (task 4 has two).
  const leadUnits = SEED_TASKS.map((t) => resolveUnits(t.leadText, SEED_PEOPLE).people.map((p) => SEED_PEOPLE.indexOf(p)));
  const people: Person[] = [];
  const tasks: PlanTask[] = [];
  for (let j = 1; j <= copies; j++) {
    SEED_PEOPLE.forEach((p, u) => {
      people.push({
        unit: `${p.unit} ${j}`,
        name: `Cán bộ ${u + 1}.${j}`,
        email: `${slug(p.unit)}.${j}@${MAIL_DOMAIN}`,
        aliases: [],
        row: people.length + 2,
      });
    });
    SEED_TASKS.forEach((t, s) => {
      if (tasks.length >= spec.tasks) return;
      const n = tasks.length + 1;
      tasks.push({
        stt: String(n),
        task: `${t.task} (cụm ${j})`,
        product: t.product,
        lead: leadUnits[s].map((u) => `${SEED_PEOPLE[u].unit} ${j}`).join(', '),
        coordinator: t.coordinatorText,
        timeframe: MIXED_TIMEFRAMES[(s + j) % MIXED_TIMEFRAMES.length],
      });
    });
  }
  return { people, tasks };
}

function settingsValues(): unknown[][] {
  const values: unknown[][] = [header(SETTINGS_COLUMNS)];
  for (const d of SETTING_DEFS) {
    const value = d.key === 'officeEmail' ? OWNER : d.defaultText;
    values.push(row(SETTINGS_COLUMNS, { label: d.label, value, help: d.help }));
  }
  return values;
}

/** Reads the generated settings as the product does (so the simulation uses the same values). */
export function parsedSettings(values: unknown[][]): Settings {
  return parseSettings(values.slice(1).map((r, i) => ({ label: r[0], value: r[1], row: i + 2 }))).settings;
}

/**
 * The progress log: `spec.entries` rows, round-robin over the tasks, dated evenly from
 * 2 January to the day before `until`. Every entry says "Đang thực hiện", so no task is done.
 */
function progressValues(spec: WorkloadSpec, tasks: PlanTask[], people: Person[], until: IsoDate): unknown[][] {
  const values: unknown[][] = [header(PROGRESS_COLUMNS)];
  const span = Math.max(1, daysBetween(YEAR_START, until) - 1);
  const perTask = Math.ceil(spec.entries / tasks.length);
  const leadEmail = tasks.map((t) => {
    const p = resolveUnits(t.lead, people).people[0];
    return p ? p.email : OWNER;
  });
  for (let i = 0; i < spec.entries; i++) {
    const t = i % tasks.length;
    const k = Math.floor(i / tasks.length);
    const day = addDays(YEAR_START, Math.floor((k * span) / perTask));
    const channel = CHANNELS[i % CHANNELS.length];
    values.push(
      row(PROGRESS_COLUMNS, {
        at: date(day, 16, i % 60),
        taskCode: taskCode(t + 1),
        reporter: leadEmail[t],
        status: 'Đang thực hiện',
        percent: Math.min(95, 5 + Math.floor((90 * k) / perTask)),
        channel,
        quantity: 1 + (i % 4),
        note: `Đã thực hiện ${1 + (i % 4)} ${channel.toLowerCase()} về cải cách hành chính, lần ${k + 1}`,
        evidenceUrl: i % 5 === 0 ? `https://tanviet.gov.vn/tin-bai/${i + 1}` : '',
        reportDate: date(day),
        source: SOURCES[i % SOURCES.length],
        submissionId: `gen-${String(i + 1).padStart(6, '0')}`,
      }),
    );
  }
  return values;
}

function planValues(tasks: PlanTask[], settings: Settings, lastEntry: Map<string, Date>): unknown[][] {
  const values: unknown[][] = [header(PLAN_COLUMNS)];
  tasks.forEach((t, i) => {
    const code = taskCode(i + 1);
    const tf = parseTimeframe(t.timeframe, settings.planYear);
    const window = tf.ok ? tf.timeframe.window : null;
    const deadline = tf.ok ? tf.timeframe.deadline : null;
    values.push(
      row(PLAN_COLUMNS, {
        code,
        stt: Number(t.stt),
        task: t.task,
        product: t.product,
        lead: t.lead,
        coordinator: t.coordinator,
        timeframe: t.timeframe,
        from: window ? date(window.from) : '',
        to: window ? date(window.to) : '',
        deadline: deadline ? date(deadline) : '',
        status: 'Đang thực hiện',
        percent: 50,
        lastUpdate: lastEntry.get(code) ?? '',
      }),
    );
  });
  return values;
}

function peopleValues(people: Person[]): unknown[][] {
  return [header(PEOPLE_COLUMNS), ...people.map((p) => row(PEOPLE_COLUMNS, { unit: p.unit, name: p.name, email: p.email, aliases: p.aliases.join('; ') }))];
}

function reportValues(): unknown[][] {
  const made: [string, string, IsoDate, IsoDate, IsoDate][] = [
    ['01/BC-UBND', 'Quý I/2024', '2023-12-15', '2024-03-14', '2024-03-18'],
    ['02/BC-UBND', '6 tháng đầu năm 2024', '2023-12-15', '2024-06-14', '2024-06-18'],
    ['03/BC-UBND', '9 tháng năm 2024', '2023-12-15', '2024-09-14', '2024-09-18'],
  ];
  return [
    header(REPORT_COLUMNS),
    ...made.map(([number, period, from, to, at]) =>
      row(REPORT_COLUMNS, {
        number,
        year: PLAN_YEAR,
        period,
        from: date(from),
        to: date(to),
        createdAt: date(at, 9),
        createdBy: OWNER,
        url: `https://docs.google.com/document/d/bench-${number.slice(0, 2)}/edit`,
      }),
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// A year of daily reminder runs

/** The entries as the planner sees them (task code and date of the work). */
function entriesOf(progress: unknown[][]): ProgressEntry[] {
  const c = findColumns(progress[0], PROGRESS_COLUMNS).index;
  return progress.slice(1).map((r) => {
    const reportDate = r[c.reportDate!] as Date;
    return {
      at: '',
      taskCode: String(r[c.taskCode!]),
      reporter: String(r[c.reporter!]),
      status: 'Đang thực hiện',
      percent: 0,
      channel: String(r[c.channel!]),
      quantity: 0,
      note: '',
      evidenceUrl: '',
      reportDate: new Date(reportDate.getTime() + 7 * 3600000).toISOString().slice(0, 10),
      source: 'sidebar',
      submissionId: String(r[c.submissionId!]),
    };
  });
}

/**
 * The days on which a daily run can send something new, from 2 January to `last`: the first
 * day (it catches up on whatever is already due), each deadline's reminder days (d-14, d-7,
 * d-1…) and overdue weeks (the day after, then weekly), and the first day of each reporting
 * cycle's reminder window. On any other day the planner finds only keys already sent: a
 * recurring task's missing report or the office's summary is planned on the window's first
 * day or not at all (entries only ever add), a task becomes overdue on a day listed here.
 * Planning only these days gives the same log as planning every day, in a sixth of the time.
 */
export function reminderDays(tasks: Task[], settings: Settings, last: IsoDate): IsoDate[] {
  const days = new Set<IsoDate>([YEAR_START]);
  for (const t of tasks) {
    if (!t.deadline || t.recurrence === 'on-demand') continue;
    for (const o of settings.reminderOffsets) days.add(addDays(t.deadline, -o));
    for (let d = addDays(t.deadline, 1); d <= last; d = addDays(d, 7)) days.add(d);
  }
  for (const y of [PLAN_YEAR - 1, PLAN_YEAR, PLAN_YEAR + 1]) {
    for (const c of reportCalendar(y, settings.windowRule, settings.reportDueDays)) days.add(addDays(c.cutoff, -settings.periodReminderDays));
  }
  return [...days].filter((d) => d >= YEAR_START && d <= last).sort();
}

function byDate(entries: ProgressEntry[]): ProgressEntry[] {
  return entries.slice().sort((a, b) => (a.reportDate < b.reportDate ? -1 : a.reportDate > b.reportDate ? 1 : 0));
}

/** Recipients of a planned email: one (each person gets a digest of their own, no copies). */
export function recipientsOf(email: PlannedEmail): number {
  return email.to ? 1 : 0;
}

export interface BusyDay {
  day: IsoDate;
  emails: PlannedEmail[];
  /** Log rows of every run before `day`, as the product writes them. */
  history: unknown[][];
}

/**
 * Runs the planner for every day of the plan year, logging each day's emails as sent (as
 * runDailyReminders does: one row per email, its items one per line as "NV03: d-7:2024-03-15").
 * Returns the day with the most emails, the emails due that day, and the log before it.
 */
export function busiestDay(tasks: Task[], entries: ProgressEntry[], settings: Settings): BusyDay {
  const sent = new Set<string>();
  const history: unknown[][] = [];
  let best: BusyDay = { day: YEAR_START, emails: [], history: [] };
  let bestRecipients = -1;
  const sorted = byDate(entries);
  let known = 0;
  for (const day of reminderDays(tasks, settings, YEAR_END)) {
    while (known < sorted.length && sorted[known].reportDate < day) known++;
    const emails = planReminders({ tasks, entries: sorted.slice(0, known), settings, sentKeys: sent, today: day });
    const recipients = emails.reduce((n, e) => n + recipientsOf(e), 0);
    if (recipients > bestRecipients) {
      bestRecipients = recipients;
      best = { day, emails, history: history.slice() };
    }
    for (const e of emails) {
      for (const item of e.items) sent.add(item.key);
      history.push(
        row(REMINDER_COLUMNS, {
          key: e.key,
          at: date(day, settings.reminderHour, 5),
          recipient: e.to,
          tasks: e.items.map((i) => `${i.taskCode}: ${i.occasion}`).join('\n'),
          result: 'Đã gửi',
        }),
      );
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// The workbook

export interface Workload {
  spec: WorkloadSpec;
  workbook: Workbook;
  state: EmulatorState;
  /** The benchmark's "today": the busiest reminder day of the simulated year. */
  day: IsoDate;
  /** "now" for every operation: the day at the reminder hour. */
  now: string;
  owner: string;
  values: WorkloadValues;
  tasks: Task[];
  people: Person[];
  settings: Settings;
  /** What the planner says the daily run must send on `day`. */
  emails: PlannedEmail[];
}

/** Puts values into a new sheet of the model: rows as given, the grid at least 1000 × 26. */
function putSheet(wb: Workbook, name: string, values: unknown[][]): SheetModel {
  const sheet = wb.addSheet(name);
  sheet.rows = values.map((r) => r.map((v) => (v === '' || v === null || v === undefined ? undefined : (v as CellContent))));
  sheet.maxRows = Math.max(1000, values.length);
  sheet.maxColumns = Math.max(26, ...values.map((r) => r.length));
  sheet.frozenRows = 1;
  sheet.touch();
  return sheet;
}

/** Builds a workload. Deterministic: the same spec gives the same workbook. */
export function generateWorkload(spec: WorkloadSpec): Workload {
  const { people, tasks: planTasks } = directoryAndTasks(spec);
  const settingsRows = settingsValues();
  const settings = parsedSettings(settingsRows);
  const peopleRows = peopleValues(people);

  // The plan is read once without entries to find the busy day, then the log is dated up to it.
  const draftPlan = planValues(planTasks, settings, new Map());
  const draft = readPlan(draftPlan, peopleRows, settings);
  const allEntries = progressValues(spec, planTasks, people, YEAR_END);
  const busy = busiestDay(draft.tasks, entriesOf(allEntries), settings);

  const progressRows = progressValues(spec, planTasks, people, busy.day);
  const lastEntry = new Map<string, Date>();
  const pc = findColumns(progressRows[0], PROGRESS_COLUMNS).index;
  for (const r of progressRows.slice(1)) lastEntry.set(String(r[pc.taskCode!]), r[pc.at!] as Date);
  const planRows = planValues(planTasks, settings, lastEntry);
  const read = readPlan(planRows, peopleRows, settings);
  // The log as it stands the morning of the busy day (the simulation above used the full
  // year's entries only to choose the day; replan that day against the entries before it).
  const final = busiestDayReplay(read.tasks, entriesOf(progressRows), settings, busy.day);

  const values: WorkloadValues = {
    settings: settingsRows,
    people: peopleRows,
    plan: planRows,
    progress: progressRows,
    reminders: [header(REMINDER_COLUMNS), ...final.history],
    reports: reportValues(),
  };
  const workbook = createWorkbook('Theo dõi kế hoạch CCHC');
  putSheet(workbook, SHEETS.plan, values.plan);
  putSheet(workbook, SHEETS.people, values.people);
  putSheet(workbook, SHEETS.progress, values.progress);
  putSheet(workbook, SHEETS.settings, values.settings);
  putSheet(workbook, SHEETS.reminders, values.reminders);
  putSheet(workbook, SHEETS.reports, values.reports);

  const state = emptyState();
  state.documentProperties['cchc.seeded'] = '1';
  state.documentProperties['cchc.lastTaskCode'] = String(planTasks.length);
  state.documentProperties[`cchc.reportSeq.${PLAN_YEAR}`] = '3';
  return {
    spec,
    workbook,
    state,
    day: busy.day,
    now: `${busy.day}T${String(settings.reminderHour).padStart(2, '0')}:00:00+07:00`,
    owner: OWNER,
    values,
    tasks: read.tasks,
    people: read.people,
    settings,
    emails: final.emails,
  };
}

/** The log and emails of one day, replaying the year up to it with the final entries. */
function busiestDayReplay(tasks: Task[], entries: ProgressEntry[], settings: Settings, day: IsoDate): BusyDay {
  const sent = new Set<string>();
  const history: unknown[][] = [];
  const sorted = byDate(entries);
  let known = 0;
  for (const d of reminderDays(tasks, settings, addDays(day, -1))) {
    while (known < sorted.length && sorted[known].reportDate < d) known++;
    const emails = planReminders({ tasks, entries: sorted.slice(0, known), settings, sentKeys: sent, today: d });
    for (const e of emails) {
      for (const item of e.items) sent.add(item.key);
      history.push(
        row(REMINDER_COLUMNS, {
          key: e.key,
          at: date(d, settings.reminderHour, 5),
          recipient: e.to,
          tasks: e.items.map((i) => `${i.taskCode}: ${i.occasion}`).join('\n'),
          result: 'Đã gửi',
        }),
      );
    }
  }
  const emails = planReminders({ tasks, entries, settings, sentKeys: sent, today: day });
  return { day, emails, history };
}

/**
 * A copy of a workload's workbook and state for one run: every run starts from the same data,
 * as every Apps Script execution starts from what the Sheet holds (the daily run is idempotent,
 * so a second run on the same data would send nothing). Rows are copied; cell values are shared
 * (the model never changes a stored value in place).
 */
export function cloneWorkload(w: Workload): { workbook: Workbook; state: EmulatorState } {
  const workbook = createWorkbook(w.workbook.name);
  workbook.removeSheet(workbook.sheets[0]);
  for (const s of w.workbook.sheets) {
    const copy = workbook.addSheet(s.name);
    copy.rows = s.rows.map((r) => (r ? r.slice() : r));
    copy.meta = s.meta.map((r) => (r ? r.map((m) => (m ? { ...m } : m)) : r));
    copy.maxRows = s.maxRows;
    copy.maxColumns = s.maxColumns;
    copy.frozenRows = s.frozenRows;
    copy.touch();
  }
  return { workbook, state: JSON.parse(JSON.stringify(w.state)) as EmulatorState };
}

// ---------------------------------------------------------------------------------------------
// Accounting: data calls and the fewest an operation could need

export type CallKind = 'read' | 'write' | 'send' | 'create' | 'other';

/**
 * What a counted call does. Reads: every call that fetches cell data (values, notes,
 * backgrounds…) of a range. Writes: every call that stores cell data or appends a row.
 * Sends: an email. Creates: a report's Google Doc. Everything else (getting a sheet or a range, the
 * lock, properties, sizes) is "other": cheap bookkeeping whose count must not grow with data.
 */
export function callKind(method: string): CallKind {
  if (/^Range\.get(Values|DisplayValues|Formulas|FormulasR1C1|Notes|Backgrounds|FontWeights|RichTextValues|DataValidations|NumberFormats|Value|DisplayValue|Formula|Note|Background)$/.test(method)) return 'read';
  if (/^Range\.(set(Values|Value|Formulas|Formula|Notes|Note|Backgrounds|Background|RichTextValues|DataValidations|DataValidation)|clearContent|clear)$/.test(method)) return 'write';
  if (method === 'Sheet.appendRow') return 'write';
  if (method === 'MailApp.sendEmail' || method === 'GmailApp.sendEmail' || method === 'GmailMessage.reply' || method === 'GmailThread.reply') return 'send';
  // A report's Doc: a copy of the report template (Drive.Files.copy), or a blank Doc. The
  // template's one-time upload (Drive.Files.create, like the folder and the PDF) is "other".
  if (method === 'DocumentApp.create' || method === 'Drive.Files.copy') return 'create';
  return 'other';
}

export interface DataCalls {
  reads: number;
  writes: number;
  sends: number;
  creates: number;
}

export function dataCalls(byMethod: Record<string, number>): DataCalls & { other: number } {
  const out = { reads: 0, writes: 0, sends: 0, creates: 0, other: 0 };
  for (const [method, n] of Object.entries(byMethod)) {
    const k = callKind(method);
    if (k === 'read') out.reads += n;
    else if (k === 'write') out.writes += n;
    else if (k === 'send') out.sends += n;
    else if (k === 'create') out.creates += n;
    else out.other += n;
  }
  return out;
}

export type OperationName = 'getProgressFormData' | 'submitProgress' | 'validatePlan' | 'runDailyReminders' | 'generateReport';

export interface Fewest extends DataCalls {
  /** How it was counted, sheet by sheet. */
  why: string[];
}

/**
 * The fewest data calls each operation could make on a workload, from what it must touch:
 * one read per sheet (and per kind of cell data) it uses, one write per contiguous block it
 * changes, one send per email due, one document per report.
 *
 * Two departures from the bare rule, both requirements rather than choices:
 * - submitProgress reads the progress log's header and its "Mã lần gửi" column (2 reads), not
 *   the whole log: Apps Script has no call returning two disjoint ranges' values, and the
 *   whole log would be 12 × 100,000 cells per entry. It also reads the plan's "Mã" column
 *   again after writing the task's row, and validatePlan after reading the notes (and after
 *   writing them): a person may sort or insert rows meanwhile, and each write must stay on its
 *   task's code (issue 13).
 * - runDailyReminders writes each sent email's log row right after its send (one write per
 *   email sent), so that an execution killed at the 6-minute limit never sends an email twice;
 *   rows of emails not sent (placeholder addresses, quota) go in one block at the end.
 *
 * `problemSheets` (validatePlan): how many of "Kế hoạch" and "Cán bộ" have marks to write,
 * known from the problems the operation returns (0 on a clean plan: nothing changes).
 */
export function fewestCalls(op: OperationName, w: Workload, outcome: { problemSheets?: number; planMarked?: boolean } = {}): Fewest {
  switch (op) {
    case 'getProgressFormData':
      return { reads: 3, writes: 0, sends: 0, creates: 0, why: ['đọc Cài đặt, Kế hoạch, Cán bộ (3)'] };
    case 'submitProgress':
      return {
        reads: 5,
        writes: 2,
        sends: 0,
        creates: 0,
        why: [
          'đọc Cài đặt, Kế hoạch (2)',
          'đọc tiêu đề + cột "Mã lần gửi" của Tiến độ (2)',
          'thêm 1 dòng Tiến độ (1)',
          'cập nhật Trạng thái, Tiến độ (%), Cập nhật gần nhất: 3 cột liền nhau (1)',
          'đọc lại cột "Mã" của Kế hoạch sau khi ghi: người dùng có thể vừa sắp xếp (1)',
        ],
      };
    case 'validatePlan': {
      const marked = outcome.problemSheets ?? 0;
      const codeReads = 1 + (outcome.planMarked ? 1 : 0);
      return {
        reads: 3 + 4 + codeReads,
        writes: 2 * marked,
        sends: 0,
        creates: 0,
        why: [
          'đọc Cài đặt, Kế hoạch, Cán bộ (3)',
          'đọc ghi chú + màu nền của Kế hoạch, Cán bộ (4)',
          `đọc cột "Mã" của Kế hoạch sau khi đọc ghi chú${outcome.planMarked ? ' và sau khi ghi' : ''}: ghi chú đi theo mã nhiệm vụ khi có người chèn hoặc sắp xếp dòng (${codeReads})`,
          `ghi ghi chú + màu nền của trang có lỗi (${2 * marked})`,
        ],
      };
    }
    case 'runDailyReminders': {
      const sendable = w.emails.length;
      return {
        reads: 5,
        writes: sendable,
        sends: sendable,
        creates: 0,
        why: ['đọc Cài đặt, Kế hoạch, Cán bộ, Tiến độ, Nhật ký nhắc việc (5)', `gửi ${sendable} thư (1 thư/người nhận)`, `ghi nhật ký ngay sau mỗi thư (${sendable})`],
      };
    }
    case 'generateReport':
      return {
        reads: 5,
        writes: 1,
        sends: 0,
        creates: 1,
        why: ['đọc Cài đặt, Kế hoạch, Cán bộ, Tiến độ, Báo cáo (5)', 'tạo 1 văn bản', 'ghi 1 dòng Báo cáo (1)'],
      };
  }
}

/** Total recipients (To + CC) of the emails due on the workload's day. */
export function expectedRecipients(w: Workload): number {
  return w.emails.reduce((n, e) => n + recipientsOf(e), 0);
}
