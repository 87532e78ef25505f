/**
 * Who is reminded of what, today. Pure planning: the adapter reads the sheet, passes the keys of
 * reminders already sent (the "Nhật ký nhắc việc" log), sends what is planned and logs its keys.
 *
 * Every reminder item has a stable key `${occasion}|${taskCode}|${email}`, so a run that is
 * repeated sends nothing twice and a run that was missed is caught up by the next one (the
 * latest occasion that has come due is sent, once).
 *
 * Each person gets a digest of their own, never a copy of someone else's: a task's coordinators
 * get its deadline reminders in their own digest (items keyed with their own address), so the
 * links in it are signed for them and what they answer is recorded as theirs.
 */
import type { DateWindow, IsoDate, ProgressEntry, Settings, Task } from './types';
import { addDays, dateParts, daysBetween, isIsoDate } from './dates';
import { clean, isEmail } from './text';
import { inWindow, reportCalendar, type ReportCycle } from './periods';
import { emailProblem } from './people';

export type ReminderReason = 'before-deadline' | 'overdue' | 'period-progress' | 'office-summary';

/** Why a task is in the office's summary. */
export type OfficeIssue = 'no-report' | 'overdue' | 'no-recipient';

export interface ReminderItem {
  /** `${occasion}|${taskCode}|${email}`: never sent twice. */
  key: string;
  taskCode: string;
  /** `d-14:2024-12-31`, `overdue-w1:2024-12-31`, `period:Quý I/2024`, `office:Quý I/2024`. */
  occasion: string;
  reason: ReminderReason;
  /** Days from today to the deadline (negative when overdue), or to the cut-off for period items. */
  daysLeft: number | null;
  /** The task's deadline, or null (recurring tasks). */
  deadline: IsoDate | null;
  /** Office summary only: what is wrong with the task. */
  issues?: OfficeIssue[];
  /** Set when the recipient coordinates the task (absent: the recipient leads it). */
  role?: 'coordinator';
}

export interface PlannedEmail {
  /** `${today}|${to}`: one digest per address and day. */
  key: string;
  /** Lower-case address. */
  to: string;
  name: string;
  kind: 'assignee' | 'office';
  items: ReminderItem[];
  /** The reporting cycle the email is about (period reminders, office summary). */
  cycle?: { label: string; cutoff: IsoDate; due: IsoDate };
}

export interface ReminderInput {
  tasks: Task[];
  entries: ProgressEntry[];
  settings: Settings;
  /** Keys of items already sent. */
  sentKeys: ReadonlySet<string>;
  today: IsoDate;
}

/** The address to send to (trimmed, lower case), or null when it is empty or malformed. */
export function usableEmail(email: string): string | null {
  const e = clean(email).toLowerCase();
  return e && isEmail(e) ? e : null;
}

/**
 * The name a greeting uses: the person's name, else the unit. A "name" wholly in parentheses,
 * like the seed's "(chưa cập nhật)", is a note to the office, not a name.
 */
export function greetingName(person: { name: string; unit: string; email: string }): string {
  const name = clean(person.name);
  if (name && !/^\(.*\)$/.test(name)) return name;
  return clean(person.unit) || clean(person.email).toLowerCase();
}

/** The office's name as a greeting uses it. */
export function officeName(settings: Settings): string {
  return `Văn phòng HĐND&UBND xã ${clean(settings.commune)}`.trim();
}

const REASON_ORDER: Record<ReminderReason, number> = {
  overdue: 0,
  'before-deadline': 1,
  'period-progress': 2,
  'office-summary': 3,
};

/** "NV2" < "NV10" < "NV100"; plain code-unit order otherwise (no locale: same result everywhere). */
function byCode(a: string, b: string): number {
  const ma = /^(.*?)(\d+)$/.exec(a);
  const mb = /^(.*?)(\d+)$/.exec(b);
  if (ma && mb && ma[1] === mb[1] && Number(ma[2]) !== Number(mb[2])) return Number(ma[2]) - Number(mb[2]);
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareItems(a: ReminderItem, b: ReminderItem): number {
  if (a.deadline !== b.deadline) {
    if (a.deadline === null) return 1;
    if (b.deadline === null) return -1;
    return a.deadline < b.deadline ? -1 : 1;
  }
  return byCode(a.taskCode, b.taskCode) || REASON_ORDER[a.reason] - REASON_ORDER[b.reason] || byCode(a.occasion, b.occasion);
}

interface Occasion {
  occasion: string;
  reason: ReminderReason;
  daysLeft: number | null;
  deadline: IsoDate | null;
  cycle?: ReportCycle;
  /** Whether the task's coordinators are reminded too (each in their own digest). */
  coordinators: boolean;
}

/**
 * The deadline occasion due today, if any: the latest offset reached before the deadline
 * (so a missed d-7 is sent as d-7 on d-5), or the latest weekly overdue occasion (days 1, 8, 15…).
 */
function deadlineOccasion(deadline: IsoDate, today: IsoDate, offsets: number[]): Occasion | null {
  const left = daysBetween(today, deadline);
  if (left >= 0) {
    const reached = offsets.filter((o) => o >= left);
    if (reached.length === 0) return null;
    const offset = Math.min(...reached);
    return { occasion: `d-${offset}:${deadline}`, reason: 'before-deadline', daysLeft: left, deadline, coordinators: true };
  }
  const week = Math.floor((-left - 1) / 7) + 1;
  return { occasion: `overdue-w${week}:${deadline}`, reason: 'overdue', daysLeft: left, deadline, coordinators: true };
}

/** The span in which a task is worked on: its window, else up to its deadline; null = unbounded. */
function overlaps(task: Task, window: DateWindow): boolean {
  if (task.window) return task.window.from <= window.to && task.window.to >= window.from;
  if (task.deadline && isIsoDate(task.deadline)) return task.deadline >= window.from;
  return true;
}

/** The cycles of the years around today, in date order. */
function cyclesAround(today: IsoDate, settings: Settings): ReportCycle[] {
  const { year } = dateParts(today);
  const out: ReportCycle[] = [];
  for (const y of [year - 1, year, year + 1]) out.push(...reportCalendar(y, settings.windowRule, settings.reportDueDays));
  return out;
}

function codeKey(code: string): string {
  return clean(code).toUpperCase();
}

/** Plans today's reminder emails: one digest per address, items deduplicated against `sentKeys`. */
export function planReminders(input: ReminderInput): PlannedEmail[] {
  const { tasks, entries, settings, sentKeys, today } = input;
  const offsets = [...new Set((settings.reminderOffsets ?? []).filter((o) => Number.isInteger(o) && o >= 0))];
  const lead = Math.max(0, Math.floor(settings.periodReminderDays ?? 0));
  const cycles = cyclesAround(today, settings);
  const periodCycles = cycles.filter((c) => addDays(c.cutoff, -lead) <= today && today <= c.cutoff);
  const officeCycles = cycles.filter((c) => addDays(c.cutoff, -lead) <= today && today <= c.due);

  const reportDates = new Map<string, IsoDate[]>();
  for (const e of entries) {
    if (!isIsoDate(e.reportDate)) continue;
    const k = codeKey(e.taskCode);
    const list = reportDates.get(k) ?? [];
    list.push(e.reportDate);
    reportDates.set(k, list);
  }
  const hasEntry = (task: Task, window: DateWindow) =>
    (reportDates.get(codeKey(task.code)) ?? []).some((d) => inWindow(d, window));

  interface Draft {
    to: string;
    name: string;
    kind: 'assignee' | 'office';
    items: ReminderItem[];
    cycle?: ReportCycle;
  }
  const drafts = new Map<string, Draft>();
  const draftFor = (to: string, name: string): Draft => {
    let d = drafts.get(to);
    if (!d) {
      d = { to, name, kind: 'assignee', items: [] };
      drafts.set(to, d);
    }
    return d;
  };

  const active = tasks.filter((t) => t.status !== 'Hoàn thành' && t.recurrence !== 'on-demand');

  for (const task of active) {
    const occasions: Occasion[] = [];
    if (task.deadline && isIsoDate(task.deadline)) {
      const occ = deadlineOccasion(task.deadline, today, offsets);
      if (occ) occasions.push(occ);
    }
    if (task.recurring) {
      for (const cycle of periodCycles) {
        if (!overlaps(task, cycle.window) || hasEntry(task, cycle.window)) continue;
        occasions.push({
          occasion: `period:${cycle.label}`,
          reason: 'period-progress',
          daysLeft: daysBetween(today, cycle.cutoff),
          deadline: null,
          cycle,
          coordinators: false,
        });
      }
    }
    if (occasions.length === 0) continue;

    // Leads first: a person who both leads and coordinates the task gets it once, as lead.
    const seen = new Set<string>();
    const people = [...task.leads.map((p) => ({ p, lead: true })), ...task.coordinators.map((p) => ({ p, lead: false }))];
    for (const { p: person, lead } of people) {
      const to = usableEmail(person.email);
      if (!to || seen.has(to)) continue;
      seen.add(to);
      for (const occ of occasions) {
        if (!lead && !occ.coordinators) continue;
        const key = `${occ.occasion}|${task.code}|${to}`;
        if (sentKeys.has(key)) continue;
        const draft = draftFor(to, greetingName(person));
        const item: ReminderItem = {
          key,
          taskCode: task.code,
          occasion: occ.occasion,
          reason: occ.reason,
          daysLeft: occ.daysLeft,
          deadline: occ.deadline,
        };
        if (!lead) item.role = 'coordinator';
        draft.items.push(item);
        if (occ.cycle && !draft.cycle) draft.cycle = occ.cycle;
      }
    }
  }

  const office = usableEmail(settings.officeEmail);
  if (office) {
    for (const cycle of officeCycles) {
      const prefix = `office:${cycle.label}|`;
      const suffix = `|${office}`;
      // One summary per cycle: once any item of it went out, the cycle is done.
      const alreadySent = [...sentKeys].some((k) => k.startsWith(prefix) && k.endsWith(suffix));
      if (alreadySent) continue;
      const items: ReminderItem[] = [];
      for (const task of active) {
        const issues: OfficeIssue[] = [];
        if (overlaps(task, cycle.window) && !hasEntry(task, cycle.window)) issues.push('no-report');
        if (task.deadline && isIsoDate(task.deadline) && task.deadline < today) issues.push('overdue');
        // A placeholder (example.invalid) is planned, then skipped by the sender: nobody gets it.
        if (!task.leads.some((p) => usableEmail(p.email) && !emailProblem(p.email))) issues.push('no-recipient');
        if (issues.length === 0) continue;
        const key = `office:${cycle.label}|${task.code}|${office}`;
        if (sentKeys.has(key)) continue;
        const deadline = task.deadline && isIsoDate(task.deadline) ? task.deadline : null;
        items.push({
          key,
          taskCode: task.code,
          occasion: `office:${cycle.label}`,
          reason: 'office-summary',
          daysLeft: deadline ? daysBetween(today, deadline) : null,
          deadline,
          issues,
        });
      }
      if (items.length === 0) continue;
      const draft = draftFor(office, officeName(settings));
      draft.kind = 'office';
      draft.name = officeName(settings);
      draft.cycle = cycle;
      draft.items.push(...items);
    }
  }

  return [...drafts.values()]
    .filter((d) => d.items.length > 0)
    .sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : 0))
    .map((d) => {
      const email: PlannedEmail = {
        key: `${today}|${d.to}`,
        to: d.to,
        name: d.name,
        kind: d.kind,
        items: d.items.sort(compareItems),
      };
      if (d.cycle) email.cycle = { label: d.cycle.label, cutoff: d.cycle.cutoff, due: d.cycle.due };
      return email;
    });
}
