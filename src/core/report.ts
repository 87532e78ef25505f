/**
 * The periodic report ("BÁO CÁO Kết quả thực hiện công tác tuyên truyền cải cách hành chính …")
 * as plain data: header strings per Nghị định 30/2020, the body as an ordered list of headings,
 * paragraphs and tables, the signature and "Nơi nhận". A document adapter lays it out.
 *
 * The model carries raw user text; escaping belongs to the renderer. User text is only ever
 * concatenated (never used as a pattern or a replacement string), so HTML, quotes, "$&" or
 * formula-looking text pass through unchanged.
 */
import type { DateWindow, IsoDate, ProgressEntry, Settings, Status, Task } from './types';
import { addDays, formatDecreeDate, formatDmy, isIsoDate } from './dates';
import { clean, formatNumber, matchKey } from './text';
import { channelName, channelSentence } from './channelWording';
import { cycleOn, periodPhrase, type ReportPeriod } from './periods';

export interface ReportInput {
  settings: Settings;
  tasks: Task[];
  entries: ProgressEntry[];
  period: ReportPeriod;
  /** The report's number this year (1, 2, …). */
  number: number;
  /** The date on the report. */
  issuedOn: IsoDate;
  /** The office's own text; empty or missing → prefilled from the data. */
  narrative?: Partial<Record<NarrativeKey, string>>;
  /** Reports already made (the "Báo cáo" log): late entries of their periods are named as such. */
  reported?: LoggedReport[];
  /** Adds the appendix of dated entries ("Phụ lục: Chi tiết kết quả cập nhật"). */
  appendix?: boolean;
  /** Set when this report replaces or supplements one already made for the same period. */
  replaces?: { numberText: string; date: IsoDate } | null;
}

/** A report of the log: its number, its data window and when it was made. */
export interface LoggedReport {
  numberText: string;
  period: string;
  from: IsoDate;
  to: IsoDate;
  /** When it was made (an instant, ISO). */
  at: string;
}

export type NarrativeKey = 'direction' | 'strengths' | 'weaknesses' | 'causes' | 'nextSteps' | 'proposals';

/** The parts the office writes itself: prefilled as a starting text, highlighted until edited. */
export const OFFICE_KEYS: readonly NarrativeKey[] = ['causes', 'proposals'];

export interface ChannelFigure {
  channel: string;
  /** Đơn vị tính ("chuyên mục"), "" when the settings give none. */
  unit: string;
  quantity: number;
  entries: number;
  /** Lượt người tham dự (hội nghị), summed over entries that give it. */
  participants: number;
}

/**
 * The one status category of a task at a report's cut-off, used by every section:
 * hoàn thành; đang thực hiện; quá hạn (deadline before the cut-off, not done); chưa triển khai
 * (its window has started, nothing done); chưa đến thời hạn (its window has not started, or an
 * on-demand task with nothing to do yet).
 */
export type TaskCategory = 'done' | 'inProgress' | 'overdue' | 'notStarted' | 'notDue';

export const CATEGORY_ORDER: readonly TaskCategory[] = ['done', 'inProgress', 'overdue', 'notStarted', 'notDue'];
export const CATEGORY_LABELS: Record<TaskCategory, string> = {
  done: 'hoàn thành',
  inProgress: 'đang thực hiện',
  overdue: 'quá hạn',
  notStarted: 'chưa triển khai',
  notDue: 'chưa đến thời hạn',
};

export interface TaskResult {
  code: string;
  stt: string;
  task: string;
  leads: string;
  /** The plan's section ("Nhóm"), "" when the plan has none. */
  section: string;
  /** What was done in the window, summed up: quantities per channel with units, the latest note. */
  done: string;
  /** The entries of the window, oldest first (for the appendix). */
  entries: ProgressEntry[];
  /** As of the window's end. */
  status: Status;
  percent: number;
  category: TaskCategory;
  overdue: boolean;
  notStarted: boolean;
  recurring: boolean;
  /** The task's deadline, if any (for the overdue list). */
  deadline: IsoDate | null;
}

export interface LateEntry {
  entry: ProgressEntry;
  task: string;
  /** The report that was already made for the entry's date. */
  report: LoggedReport;
}

export interface ReportFigures {
  window: DateWindow;
  channels: ChannelFigure[];
  /** Sum over channels: only for the chart's scale, never printed (units differ). */
  totalQuantity: number;
  tasks: TaskResult[];
  overdue: TaskResult[];
  notStarted: TaskResult[];
  counts: Record<TaskCategory, number>;
  done: number;
  inProgress: number;
  /** Entries dated in an already-reported period and recorded after that report. */
  late: LateEntry[];
}

export type ReportBlock =
  | { type: 'heading'; level: 1 | 2; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'table'; header: string[]; rows: string[][]; widths: number[]; groupRows?: number[] };

export interface ReportModel {
  /** "05-BC-UBND Báo cáo tuyên truyền CCHC Quý I-2024" (no "/"). */
  fileName: string;
  /** "Số: 05/BC-UBND" */
  numberText: string;
  /** "ỦY BAN NHÂN DÂN" */
  organParent: string;
  /** "XÃ TÂN VIỆT" */
  organ: string;
  nation: string;
  motto: string;
  /** "Tân Việt, ngày 05 tháng 3 năm 2024" */
  placeDate: string;
  title: string;
  subtitle: string;
  blocks: ReportBlock[];
  /** As printed: "- Phòng Nội vụ huyện Thanh Hà;" …, last "- Lưu: VT, VP." */
  recipients: string[];
  signature: { authority: string; title: string; name: string };
  figures: ReportFigures;
  /** The appendix laid out on its own page after the signature, when the office asked for it. */
  appendix: ReportBlock[];
}

export const NATION = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';
export const ORGAN_PARENT = 'ỦY BAN NHÂN DÂN';
const ORGAN_PARENT_TEXT = 'Ủy ban nhân dân';
const SUBJECT = 'Kết quả thực hiện công tác tuyên truyền cải cách hành chính';
const ARCHIVE = 'Lưu: VT, VP.';
const NO_CHANNEL = 'Không ghi hình thức';
/** The day communes stopped reporting to a district (two-tier local government). */
export const TWO_TIER_FROM = '2025-07-01';
export const APPENDIX_TITLE = 'Phụ lục: Chi tiết kết quả cập nhật';
export const LATE_TITLE = 'Số liệu bổ sung kỳ trước';

/** "05/BC-UBND": numbers below 10 take a leading zero (Nghị định 30/2020). */
export function formatReportNumber(n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new Error(`Report number must be a positive integer: ${n}`);
  return `${String(n).padStart(2, '0')}/BC-UBND`;
}

// ---------------------------------------------------------------------------------------------
// Figures

function entryTime(e: ProgressEntry): number {
  const t = Date.parse(e.at);
  return Number.isNaN(t) ? 0 : t;
}

/** Later work date first wins; on the same date, the later recorded entry wins. */
function isLater(a: ProgressEntry, b: ProgressEntry): boolean {
  if (a.reportDate !== b.reportDate) return a.reportDate > b.reportDate;
  return entryTime(a) >= entryTime(b);
}

function byDate(a: ProgressEntry, b: ProgressEntry): number {
  return a.reportDate === b.reportDate ? entryTime(a) - entryTime(b) : a.reportDate < b.reportDate ? -1 : 1;
}

function codeKey(code: string): string {
  return clean(code).toUpperCase();
}

function safeNumber(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

/** Text with its line breaks kept, each line cleaned. */
function multiline(text: unknown): string {
  return String(text ?? '')
    .normalize('NFC')
    .split(/\r\n|\r|\n/)
    .map((l) => clean(l))
    .filter(Boolean)
    .join('\n');
}

/** The unit of a channel from the settings ("" when none is set). */
export function unitOf(channel: string, units: Settings['channelUnits'] | undefined): string {
  const key = matchKey(channel);
  return (units ?? []).find((u) => matchKey(u.channel) === key)?.unit ?? '';
}

/** "12 chuyên mục", "5 hội nghị với 250 lượt người tham dự", "3" without a unit. */
export function amountText(quantity: number, unit: string, participants = 0): string {
  let text = unit ? `${formatNumber(quantity)} ${unit}` : formatNumber(quantity);
  if (participants > 0) text += ` với ${formatNumber(participants)} lượt người tham dự`;
  return text;
}

function leadsOf(task: Task): string {
  // The directory's names when the plan's text was matched, else the text as written.
  const units = unitsOf(task.leads.map((a) => clean(a.unit) || clean(a.name)));
  if (units.length) return units.join(', ');
  return clean(task.leadText);
}

/**
 * The units responsible for some tasks, each once: a task led by several units lists them
 * all, and a unit leading several tasks (or written with other case, spacing or "&"/"và") is
 * named once, as first written.
 */
export function unitsOf(leads: string[]): string[] {
  const seen = new Map<string, string>();
  for (const text of leads) {
    for (const part of text.split(/\s*[,;]\s*/)) {
      const unit = clean(part);
      if (unit && !seen.has(matchKey(unit))) seen.set(matchKey(unit), unit);
    }
  }
  return [...seen.values()];
}

function sectionOf(task: Task): string {
  return clean(task.section ?? '');
}

/** What a task did in the window: one line per channel with its unit, then the latest note. */
function doneSummary(list: ProgressEntry[], units: Settings['channelUnits'], channels: string[]): string {
  if (!list.length) return '';
  // In the settings' channel order, under the settings' spelling; other channels after them.
  const perChannel = new Map<string, { label: string; quantity: number; participants: number }>();
  for (const name of channels) if (clean(name)) perChannel.set(matchKey(name), { label: clean(name), quantity: 0, participants: 0 });
  for (const e of list) {
    const q = safeNumber(e.quantity);
    if (q <= 0) continue;
    const label = clean(e.channel) || NO_CHANNEL;
    const key = matchKey(label);
    const c = perChannel.get(key) ?? { label, quantity: 0, participants: 0 };
    c.quantity += q;
    c.participants += safeNumber(e.participants);
    perChannel.set(key, c);
  }
  const lines = Array.from(perChannel.values())
    .filter((c) => c.quantity > 0)
    .map((c) => `- ${upperFirst(channelSentence(c.label === NO_CHANNEL ? '' : c.label, c.quantity, unitOf(c.label, units), c.participants))}.`);
  const withNote = list.filter((e) => clean(e.note)).sort(byDate);
  const last = withNote[withNote.length - 1];
  if (last) lines.push(`${multiline(last.note)} (${formatDmy(last.reportDate)})`);
  else if (!lines.length) lines.push(`Cập nhật tình trạng ngày ${formatDmy(list[list.length - 1].reportDate)}.`);
  return lines.join('\n');
}

function categoryOf(task: Task, status: Status, window: DateWindow): TaskCategory {
  if (status === 'Hoàn thành') return 'done';
  const onDemand = task.recurrence === 'on-demand';
  if (!onDemand && task.deadline && task.deadline < window.to) return 'overdue';
  if (status === 'Đang thực hiện') return 'inProgress';
  if (onDemand) return 'notDue';
  if (task.window && task.window.from > window.to) return 'notDue';
  return 'notStarted';
}

/**
 * Counts per window: an entry counts when its reportDate lies in the window, so quarter
 * figures add up to the 6-month and year figures. A task's status is its latest entry's status
 * up to the window's end (or "Chưa thực hiện"), and its category (TaskCategory) follows from it
 * and its dates: one category per task, the same in every section.
 */
export function reportFigures(
  tasks: Task[],
  entries: ProgressEntry[],
  window: DateWindow,
  channels: string[],
  units: Settings['channelUnits'] = [],
  reported: LoggedReport[] = [],
): ReportFigures {
  const valid = entries.filter((e) => isIsoDate(e.reportDate));
  const inWindow = valid.filter((e) => window.from <= e.reportDate && e.reportDate <= window.to);

  // Channels: the settings' list in order (zeros included), then any other channel met.
  const figures: ChannelFigure[] = [];
  const byKey = new Map<string, ChannelFigure>();
  for (const name of channels) {
    const label = clean(name);
    const key = matchKey(label);
    if (!label || byKey.has(key)) continue;
    const f = { channel: label, unit: unitOf(label, units), quantity: 0, entries: 0, participants: 0 };
    byKey.set(key, f);
    figures.push(f);
  }
  for (const e of inWindow) {
    const label = clean(e.channel);
    const quantity = safeNumber(e.quantity);
    if (!label && quantity <= 0) continue; // a status-only update: no product to count
    const key = label ? matchKey(label) : `\u0000${NO_CHANNEL}`;
    let f = byKey.get(key);
    if (!f) {
      f = { channel: label || NO_CHANNEL, unit: label ? unitOf(label, units) : '', quantity: 0, entries: 0, participants: 0 };
      byKey.set(key, f);
      figures.push(f);
    }
    f.quantity += quantity;
    f.entries += 1;
    f.participants += safeNumber(e.participants);
  }
  const totalQuantity = figures.reduce((sum, f) => sum + f.quantity, 0);

  const upToEnd = new Map<string, ProgressEntry>();
  const windowEntries = new Map<string, ProgressEntry[]>();
  for (const e of valid) {
    if (e.reportDate > window.to) continue;
    const key = codeKey(e.taskCode);
    const latest = upToEnd.get(key);
    if (!latest || isLater(e, latest)) upToEnd.set(key, e);
    if (e.reportDate >= window.from) {
      const list = windowEntries.get(key) ?? [];
      list.push(e);
      windowEntries.set(key, list);
    }
  }

  const results: TaskResult[] = tasks.map((task) => {
    const key = codeKey(task.code);
    const latest = upToEnd.get(key);
    const status: Status = latest ? latest.status : 'Chưa thực hiện';
    const percent = latest ? safeNumber(latest.percent) : 0;
    const list = (windowEntries.get(key) ?? []).slice().sort(byDate);
    const onDemand = task.recurrence === 'on-demand';
    const category = categoryOf(task, status, window);
    return {
      code: task.code,
      stt: clean(task.stt),
      task: clean(task.task),
      leads: leadsOf(task),
      section: sectionOf(task),
      done: doneSummary(list, units, channels),
      entries: list,
      status,
      percent,
      category,
      overdue: category === 'overdue',
      notStarted: category === 'notStarted',
      recurring: task.recurring && !onDemand,
      deadline: onDemand ? null : task.deadline,
    };
  });

  const counts = Object.fromEntries(CATEGORY_ORDER.map((c) => [c, results.filter((r) => r.category === c).length])) as Record<TaskCategory, number>;

  // Late entries: dated inside a report already made (up to this window's end), recorded after
  // it, and not yet named by a later report made before this one.
  const names = new Map(tasks.map((t) => [codeKey(t.code), clean(t.task) || t.code]));
  const late: LateEntry[] = [];
  for (const e of valid) {
    if (e.reportDate > window.to) continue;
    const at = entryTime(e);
    const covering = reported.filter((r) => r.from <= e.reportDate && e.reportDate <= r.to && Date.parse(r.at) < at);
    if (!covering.length) continue;
    const pickedUp = reported.some((r) => Date.parse(r.at) > at && r.to < window.to);
    if (pickedUp) continue;
    covering.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
    late.push({ entry: e, task: names.get(codeKey(e.taskCode)) ?? e.taskCode, report: covering[0] });
  }
  late.sort((a, b) => byDate(a.entry, b.entry));

  return {
    window: { from: window.from, to: window.to },
    channels: figures,
    totalQuantity,
    tasks: results,
    overdue: results.filter((r) => r.overdue),
    notStarted: results.filter((r) => r.notStarted),
    counts,
    done: counts.done,
    inProgress: counts.inProgress,
    late,
  };
}

/** "5 nhiệm vụ hoàn thành, 1 nhiệm vụ quá hạn, …": the non-zero categories in order. */
export function countsSentence(counts: Record<TaskCategory, number>): string {
  const parts = CATEGORY_ORDER.filter((c) => counts[c] > 0).map((c) => `${formatNumber(counts[c])} nhiệm vụ ${CATEGORY_LABELS[c]}`);
  return parts.length ? parts.join(', ') : 'chưa có nhiệm vụ nào';
}

// ---------------------------------------------------------------------------------------------
// Names

const UNIT_PREFIXES: [string, string][] = [
  ['thi tran', 'thị trấn'],
  ['dac khu', 'đặc khu'],
  ['phuong', 'phường'],
  ['xa', 'xã'],
];

/** The commune as a unit: "xã Tân Việt" from "Tân Việt" or "xã Tân Việt"; keeps "phường …", "thị trấn …". */
export function unitName(commune: string): { unit: string; place: string; kind: string } {
  const text = clean(commune);
  const words = text.split(' ');
  for (const [key, kind] of UNIT_PREFIXES) {
    const n = key.split(' ').length;
    if (words.length > n && matchKey(words.slice(0, n).join(' ')) === key) {
      const place = words.slice(n).join(' ');
      return { unit: `${kind} ${place}`, place, kind };
    }
  }
  return { unit: `xã ${text}`, place: text, kind: 'xã' };
}

/** Capitals with Vietnamese letters: "xã Tân Việt" → "XÃ TÂN VIỆT". */
export function upperVi(text: string): string {
  return clean(text).toUpperCase().normalize('NFC');
}

/**
 * Who receives the report: the settings' list when filled, else chosen by the plan's date
 * (until 30/6/2025 a commune reported to its district's Phòng Nội vụ; from 1/7/2025, with no
 * district level, to the province's Sở Nội vụ), then the commune's own leaders.
 */
export function recipientsFor(settings: Settings): string[] {
  const own = (settings.recipients ?? []).map((r) => clean(r)).filter(Boolean);
  if (own.length) return own;
  return [superiorBody(settings), 'TT Đảng ủy, HĐND xã', 'Lãnh đạo UBND xã'];
}

/** The body the report is sent to (the first recipient), as named in a sentence. */
export function superiorBody(settings: Settings): string {
  const own = (settings.recipients ?? []).map((r) => clean(r)).filter(Boolean);
  if (own.length) return own[0];
  const date = settings.planDate && isIsoDate(settings.planDate) ? settings.planDate : `${settings.planYear}-01-01`;
  const district = clean(settings.district ?? '');
  if (date < TWO_TIER_FROM && district) return `Phòng Nội vụ huyện ${district}`;
  const province = clean(settings.province).replace(/^tỉnh\s+/i, '');
  return province ? `Sở Nội vụ tỉnh ${province}` : 'Sở Nội vụ tỉnh';
}

function recipientLines(recipients: string[]): string[] {
  const lines: string[] = [];
  for (const r of recipients) {
    const text = clean(r)
      .replace(/^[-–—+•*\s]+/, '')
      .replace(/[;.,\s]+$/, '');
    if (!text || /^luu\b/.test(matchKey(text))) continue; // the archive line is added last
    lines.push(`- ${text};`);
  }
  lines.push(`- ${ARCHIVE}`);
  return lines;
}

function signatureOf(settings: Settings): ReportModel['signature'] {
  const name = clean(settings.chairmanName);
  if (settings.signerMode === 'KT') {
    return { authority: 'KT. CHỦ TỊCH', title: 'PHÓ CHỦ TỊCH', name };
  }
  const title = upperVi(settings.signerTitle) || 'CHỦ TỊCH';
  return { authority: `TM. ${ORGAN_PARENT}`, title, name };
}

// ---------------------------------------------------------------------------------------------
// Text made from the data

function count(n: number, noun: string): string {
  return `${formatNumber(n)} ${noun}`;
}

function taskRef(r: TaskResult): string {
  const name = r.task || r.code;
  return r.leads ? `${name} (chủ trì: ${r.leads})` : name;
}

/** "Kế hoạch số 12/KH-UBND ngày 26 tháng 01 năm 2024[ của Ủy ban nhân dân xã Tân Việt] về …"; unknown parts left out. */
function planReference(settings: Settings, unit: string, withIssuer: boolean): string {
  const number = clean(settings.planNumber);
  const date = settings.planDate && isIsoDate(settings.planDate) ? settings.planDate : null;
  let about = clean(settings.planTitle);
  const words = about.split(' ');
  if (words.length >= 2 && matchKey(`${words[0]} ${words[1]}`) === 'ke hoach') about = words.slice(2).join(' ');
  if (about && !/^ve\b/.test(matchKey(about))) about = `về ${about}`;
  let ref = 'Kế hoạch';
  if (number) ref += ` số ${number}`;
  if (date) ref += ` ${formatDecreeDate(date)}`;
  if (withIssuer) ref += ` của ${ORGAN_PARENT_TEXT} ${unit}`;
  if (about) ref += ` ${about}`;
  else ref += ` về tuyên truyền cải cách hành chính năm ${settings.planYear}`;
  return ref;
}

function channelLines(f: ReportFigures): string[] {
  return f.channels.filter((c) => c.quantity > 0).map((c) => `- ${upperFirst(resultOf(c))};`);
}

/** A channel's figure as the office writes it: "đăng 30 tin, bài trên Trang thông tin điện tử". */
function resultOf(c: ChannelFigure): string {
  return channelSentence(c.channel === NO_CHANNEL ? '' : c.channel, c.quantity, c.unit, c.participants);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function windowPhrase(w: DateWindow): string {
  return `từ ngày ${formatDmy(w.from)} đến ngày ${formatDmy(w.to)}`;
}

/** The task table's "Tình trạng": the category, its percent or deadline. */
export function statusText(r: TaskResult): string {
  let s = upperFirst(CATEGORY_LABELS[r.category]);
  if ((r.category === 'inProgress' || r.category === 'overdue') && r.percent > 0 && r.status !== 'Chưa thực hiện') s += ` (${formatNumber(r.percent)}%)`;
  if (r.category === 'overdue' && r.deadline) s += `; hạn ${formatDmy(r.deadline)}`;
  return s;
}

function deadlineRef(r: TaskResult): string {
  return `${r.task || r.code}${r.deadline ? ` (hạn ${formatDmy(r.deadline)})` : ''}`;
}

interface Prefill {
  direction: string;
  strengths: string;
  weaknesses: string;
  causes: string;
  nextSteps: string;
  proposals: string;
}

function prefill(input: ReportInput, f: ReportFigures, unit: string, kind: string): Prefill {
  const reference = planReference(input.settings, unit, false);
  const total = f.tasks.length;

  const direction =
    `${ORGAN_PARENT_TEXT} ${unit} đã ban hành ${reference}, giao ${count(total, 'nhiệm vụ')} cụ thể cho các cán bộ, công chức chủ trì và phối hợp thực hiện. ` +
    `Văn phòng HĐND&UBND ${kind} thường xuyên theo dõi, đôn đốc và tổng hợp kết quả thực hiện trên bảng theo dõi tiến độ.`;

  const used = f.channels.filter((c) => c.quantity > 0);
  let strengths = `Đến ngày ${formatDmy(f.window.to)}, ${f.done > 0 ? `đã hoàn thành ${formatNumber(f.done)}/${formatNumber(total)} nhiệm vụ của Kế hoạch` : 'chưa có nhiệm vụ nào của Kế hoạch hoàn thành'}`;
  strengths += f.inProgress > 0 ? `; ${count(f.inProgress, 'nhiệm vụ')} đang thực hiện đúng tiến độ.` : '.';
  if (used.length > 0) {
    strengths += ` Công tác tuyên truyền được thực hiện qua ${count(used.length, 'hình thức')}: ${used.map(resultOf).join('; ')}.`;
  }

  // Tồn tại, hạn chế: what the data shows is lacking, with the units responsible.
  const weak: string[] = [];
  if (f.overdue.length > 0) {
    weak.push(`Còn ${count(f.overdue.length, 'nhiệm vụ')} đã quá thời hạn nhưng chưa hoàn thành, thuộc trách nhiệm của ${unitsOf(f.overdue.map((r) => r.leads || r.task)).join('; ')}.`);
  }
  if (f.notStarted.length > 0) {
    weak.push(`${count(f.notStarted.length, 'nhiệm vụ')} đã đến thời gian thực hiện nhưng chưa triển khai (${f.notStarted.map((r) => r.leads || r.task).join('; ')}).`);
  }
  const silent = f.tasks.filter((r) => r.entries.length === 0 && r.category !== 'done' && r.category !== 'notDue' && (r.recurring || r.category === 'inProgress'));
  if (silent.length > 0) {
    weak.push(`${count(silent.length, 'nhiệm vụ')} không có kết quả cập nhật trong kỳ: ${silent.map((r) => r.task || r.code).join('; ')}.`);
  }
  const empty = f.channels.filter((c) => c.quantity <= 0 && matchKey(c.channel) !== 'khac');
  if (empty.length > 0 && used.length > 0) {
    weak.push(`Chưa có sản phẩm tuyên truyền theo hình thức: ${empty.map((c) => channelName(c.channel)).join('; ')}.`);
  }
  if (used.length === 0) weak.push('Trong kỳ chưa ghi nhận sản phẩm tuyên truyền nào.');
  const weaknesses = weak.length > 0 ? weak.join('\n') : 'Các nhiệm vụ đến hạn đều đã được triển khai; không có nhiệm vụ quá hạn.';

  // Nguyên nhân: the office's to write; the starting text names what the data points at.
  const lagging = unitsOf([...f.overdue, ...f.notStarted].map((r) => r.leads).filter(Boolean));
  const causes =
    lagging.length > 0
      ? `Nguyên nhân chủ quan: ${lagging.join('; ')} chưa bố trí thời gian triển khai và chưa cập nhật kết quả kịp thời. Nguyên nhân khách quan: [Văn phòng ghi rõ, ví dụ khối lượng công việc chuyên môn lớn, kinh phí tuyên truyền còn hạn chế].`
      : 'Nguyên nhân của các hạn chế: [Văn phòng ghi rõ nguyên nhân chủ quan và khách quan].';

  // IV: the unfinished tasks due in the next period, the recurring ones, and the overdue ones.
  const rule = input.settings.windowRule;
  const next = cycleOn(addDays(f.window.to, 1), rule, input.settings.reportDueDays).window;
  const open = f.tasks.filter((r) => r.category !== 'done');
  const overdue = open.filter((r) => r.category === 'overdue');
  const dueNext = open.filter((r) => !r.recurring && r.category !== 'overdue' && r.deadline && next.from <= r.deadline && r.deadline <= next.to);
  const recurring = f.tasks.filter((r) => r.recurring && r.category !== 'done');
  const steps: string[] = [];
  if (overdue.length > 0) steps.push(`Khẩn trương hoàn thành ${count(overdue.length, 'nhiệm vụ')} đã quá hạn: ${overdue.map(deadlineRef).join('; ')}.`);
  if (dueNext.length > 0) steps.push(`Hoàn thành các nhiệm vụ có thời hạn trong kỳ tới (${windowPhrase(next)}): ${dueNext.map(deadlineRef).join('; ')}.`);
  if (recurring.length > 0) steps.push(`Duy trì thực hiện thường xuyên: ${recurring.map((r) => r.task || r.code).join('; ')}.`);
  if (steps.length === 0) steps.push('Duy trì kết quả đã đạt được, tiếp tục tuyên truyền cải cách hành chính bằng các hình thức phù hợp.');

  // Đề xuất, kiến nghị: addressed to the body the report goes to; the office completes it.
  const body = superiorBody(input.settings);
  const proposalParts: string[] = [];
  if (empty.length > 0 && used.length > 0) proposalParts.push(`hỗ trợ tài liệu, nội dung tuyên truyền để xã thực hiện các hình thức chưa có sản phẩm (${empty.map((c) => channelName(c.channel)).join('; ')})`);
  proposalParts.push('[Văn phòng ghi rõ nội dung đề nghị: tập huấn, kinh phí, tài liệu…]');
  const proposals = `Đề nghị ${body} ${proposalParts.join('; ')}.`;

  return { direction, strengths, weaknesses, causes, nextSteps: steps.join('\n'), proposals };
}

/** Splits text into paragraphs on line breaks; blank lines dropped. */
function paragraphs(text: string): ReportBlock[] {
  return String(text)
    .normalize('NFC')
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/[\s\u00a0]+/g, ' ').trim())
    .filter(Boolean)
    .map((line) => ({ type: 'paragraph', text: line }) as ReportBlock);
}

/** The narrative parts in the order the report prints them. */
export const NARRATIVE_KEYS: readonly NarrativeKey[] = ['direction', 'strengths', 'weaknesses', 'causes', 'nextSteps', 'proposals'];

/** Text still to be written by the office: the "[…]" placeholders of the starting texts. */
export function unwrittenParts(text: string): string[] {
  return Array.from(String(text).matchAll(/\[[^\]\n]{3,}\]/g), (m) => m[0]);
}

function figuresOf(input: ReportInput): ReportFigures {
  return reportFigures(input.tasks, input.entries, input.period.window, input.settings.channels, input.settings.channelUnits, input.reported ?? []);
}

/**
 * The narrative parts as prefilled from the data (the text buildReport uses when the office
 * gives none), for the report dialog to show and let the office edit. `narrative` is ignored.
 */
export function narrativeDefaults(input: ReportInput): Record<NarrativeKey, string> {
  const { unit, kind } = unitName(input.settings.commune);
  return { ...prefill(input, figuresOf(input), unit, kind) };
}

/** The task table: one row per task; a plan with sections gets a row per section, numbered I, II… */
function taskTable(tasks: TaskResult[]): Extract<ReportBlock, { type: 'table' }> {
  const rows: string[][] = [];
  const groupRows: number[] = [];
  const hasSections = tasks.some((t) => t.section);
  const sections: string[] = [];
  for (const t of tasks) if (!sections.includes(t.section)) sections.push(t.section);
  const ordered = hasSections ? sections.flatMap((s) => tasks.filter((t) => t.section === s)) : tasks;
  let current: string | null = null;
  let n = 0;
  for (const r of ordered) {
    if (hasSections && r.section !== current) {
      current = r.section;
      n++;
      groupRows.push(rows.length + 1);
      rows.push([romanNumeral(n), current || 'Nhiệm vụ khác', '', '', '']);
    }
    rows.push([r.stt || String(rows.length + 1), r.task, r.leads, r.done || 'Chưa có kết quả trong kỳ.', statusText(r)]);
  }
  return { type: 'table', header: ['STT', 'Nhiệm vụ', 'Chủ trì', 'Kết quả thực hiện trong kỳ', 'Tình trạng'], rows, widths: [7, 30, 18, 29, 16], ...(groupRows.length ? { groupRows } : {}) };
}

function romanNumeral(n: number): string {
  const table: [number, string][] = [[10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  let rest = n;
  for (const [v, r] of table) while (rest >= v) { out += r; rest -= v; }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The model

export function buildReport(input: ReportInput): ReportModel {
  const { settings, period } = input;
  const { unit, place, kind } = unitName(settings.commune);
  const figures = figuresOf(input);
  const reference = planReference(settings, unit, true);
  const phrase = periodPhrase(period);
  const auto = prefill(input, figures, unit, kind);

  const narrative = (key: NarrativeKey): ReportBlock[] => {
    const own = input.narrative?.[key];
    const text = typeof own === 'string' && clean(own) ? own : auto[key];
    return paragraphs(text);
  };

  const blocks: ReportBlock[] = [];
  const replaces = input.replaces ? `; báo cáo này thay thế, bổ sung Báo cáo số ${input.replaces.numberText} ngày ${formatDmy(input.replaces.date)}` : '';
  blocks.push({
    type: 'paragraph',
    text:
      `Thực hiện ${reference}; ${ORGAN_PARENT_TEXT} ${unit} báo cáo ${lowerFirst(SUBJECT)} ${phrase}` +
      (period.kind === 'custom' ? '' : ` (số liệu ${windowPhrase(period.window)})`) +
      replaces +
      ' như sau:',
  });

  blocks.push({ type: 'heading', level: 1, text: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH' });
  blocks.push(...narrative('direction'));

  blocks.push({ type: 'heading', level: 1, text: 'II. KẾT QUẢ THỰC HIỆN' });
  blocks.push({ type: 'heading', level: 2, text: '1. Kết quả thực hiện các nhiệm vụ của Kế hoạch' });
  blocks.push({
    type: 'paragraph',
    text: `Kế hoạch có ${count(figures.tasks.length, 'nhiệm vụ')}; đến ngày ${formatDmy(period.window.to)}: ${countsSentence(figures.counts)}.`,
  });
  blocks.push(taskTable(figures.tasks));

  blocks.push({ type: 'heading', level: 2, text: '2. Kết quả tuyên truyền theo hình thức' });
  const lines = channelLines(figures);
  if (lines.length === 0) {
    blocks.push({ type: 'paragraph', text: `Trong kỳ báo cáo (${windowPhrase(period.window)}), chưa ghi nhận sản phẩm tuyên truyền nào theo các hình thức.` });
  } else {
    blocks.push({ type: 'paragraph', text: `Trong kỳ báo cáo (${windowPhrase(period.window)}), đã thực hiện:` });
    lines[lines.length - 1] = lines[lines.length - 1].replace(/;$/, '.');
    for (const l of lines) blocks.push({ type: 'paragraph', text: l });
  }
  // "Lượt người tham dự" only when entries give it (a "Số người tham dự" column in Tiến độ).
  const withPeople = figures.channels.some((c) => c.participants > 0);
  blocks.push({
    type: 'table',
    header: ['STT', 'Hình thức tuyên truyền', 'Đơn vị tính', 'Số lượng', ...(withPeople ? ['Lượt người tham dự'] : [])],
    rows: figures.channels.map((c, i) => [String(i + 1), c.channel, c.unit, formatNumber(c.quantity), ...(withPeople ? [c.participants > 0 ? formatNumber(c.participants) : ''] : [])]),
    widths: withPeople ? [8, 40, 20, 14, 18] : [8, 50, 24, 18],
  });
  if (figures.late.length > 0) {
    blocks.push({ type: 'paragraph', text: `${LATE_TITLE} (kết quả thuộc kỳ đã báo cáo, được cập nhật sau khi báo cáo đã ban hành):` });
    for (const l of figures.late) {
      const e = l.entry;
      const q = safeNumber(e.quantity);
      const what = q > 0 ? channelSentence(e.channel, q, unitOf(e.channel, settings.channelUnits), safeNumber(e.participants)) : `${e.status} (${formatNumber(safeNumber(e.percent))}%)`;
      const note = clean(e.note) ? `, ${clean(e.note)}` : '';
      const counted = e.reportDate >= period.window.from ? 'đã tính vào số liệu kỳ này' : 'chưa có trong số liệu trên';
      blocks.push({ type: 'paragraph', text: `- Ngày ${formatDmy(e.reportDate)}, ${l.task}: ${what}${note} (thuộc kỳ ${l.report.period}, cập nhật sau Báo cáo số ${l.report.numberText}; ${counted}).` });
    }
  }

  blocks.push({ type: 'heading', level: 2, text: '3. Nhiệm vụ quá hạn, chưa triển khai' });
  if (figures.overdue.length === 0 && figures.notStarted.length === 0) {
    blocks.push({ type: 'paragraph', text: 'Không có nhiệm vụ quá hạn hoặc chưa triển khai.' });
  } else {
    if (figures.overdue.length > 0) {
      blocks.push({ type: 'paragraph', text: `Nhiệm vụ quá hạn (${formatNumber(figures.overdue.length)}):` });
      for (const r of figures.overdue) {
        const state = r.status === 'Đang thực hiện' ? `đang thực hiện (${formatNumber(r.percent)}%)` : 'chưa triển khai';
        blocks.push({ type: 'paragraph', text: `- ${taskRef(r)}: hạn ${r.deadline ? formatDmy(r.deadline) : ''}, ${state}.` });
      }
    }
    if (figures.notStarted.length > 0) {
      blocks.push({ type: 'paragraph', text: `Nhiệm vụ chưa triển khai (${formatNumber(figures.notStarted.length)}):` });
      for (const r of figures.notStarted) blocks.push({ type: 'paragraph', text: `- ${taskRef(r)}.` });
    }
  }
  if (figures.counts.notDue > 0) {
    blocks.push({ type: 'paragraph', text: `${count(figures.counts.notDue, 'nhiệm vụ')} chưa đến thời hạn thực hiện.` });
  }

  blocks.push({ type: 'heading', level: 1, text: 'III. ĐÁNH GIÁ CHUNG' });
  blocks.push({ type: 'heading', level: 2, text: '1. Ưu điểm' });
  blocks.push(...narrative('strengths'));
  blocks.push({ type: 'heading', level: 2, text: '2. Tồn tại, hạn chế' });
  blocks.push(...narrative('weaknesses'));
  blocks.push({ type: 'heading', level: 2, text: '3. Nguyên nhân' });
  blocks.push(...narrative('causes'));

  blocks.push({ type: 'heading', level: 1, text: 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI' });
  blocks.push(...narrative('nextSteps'));

  blocks.push({ type: 'heading', level: 1, text: 'V. ĐỀ XUẤT, KIẾN NGHỊ' });
  blocks.push(...narrative('proposals'));

  blocks.push({
    type: 'paragraph',
    text: `Trên đây là báo cáo ${lowerFirst(SUBJECT)} ${phrase} của ${ORGAN_PARENT_TEXT} ${unit}./.`,
  });

  const numberText = formatReportNumber(input.number);
  return {
    fileName: `${numberText.replace(/\//g, '-')} Báo cáo tuyên truyền CCHC ${period.label.replace(/\//g, '-')}`,
    numberText: `Số: ${numberText}`,
    organParent: ORGAN_PARENT,
    organ: upperVi(unit),
    nation: NATION,
    motto: MOTTO,
    placeDate: `${place}, ${formatDecreeDate(input.issuedOn)}`,
    title: 'BÁO CÁO',
    subtitle: `${SUBJECT} ${phrase}`,
    blocks,
    recipients: recipientLines(recipientsFor(settings)),
    signature: signatureOf(settings),
    figures,
    appendix: input.appendix
      ? [
          { type: 'heading', level: 1, text: APPENDIX_TITLE.toUpperCase() },
          { type: 'paragraph', text: `(Kèm theo Báo cáo số ${numberText} ${formatDecreeDate(input.issuedOn)} của ${ORGAN_PARENT_TEXT} ${unit})` },
          figures.tasks.some((t) => t.entries.length) ? appendixTable(figures, settings.channelUnits) : { type: 'paragraph', text: 'Không có kết quả cập nhật trong kỳ.' },
        ]
      : [],
  };
}

/**
 * The appendix of dated entries, laid out after the signature when the office asks for it:
 * one row per entry of the window, oldest first.
 */
export function appendixTable(figures: ReportFigures, units: Settings['channelUnits']): Extract<ReportBlock, { type: 'table' }> {
  const all = figures.tasks.flatMap((r) => r.entries.map((e) => ({ r, e }))).sort((a, b) => byDate(a.e, b.e));
  const rows = all.map(({ r, e }, i) => {
    const q = safeNumber(e.quantity);
    return [
      String(i + 1),
      formatDmy(e.reportDate),
      r.task || r.code,
      q > 0 ? `${clean(e.channel) || NO_CHANNEL}: ${amountText(q, unitOf(e.channel, units), safeNumber(e.participants))}` : '',
      multiline(e.note) || `${e.status} (${formatNumber(safeNumber(e.percent))}%)`,
    ];
  });
  return { type: 'table', header: ['STT', 'Ngày', 'Nhiệm vụ', 'Số lượng', 'Nội dung'], rows, widths: [7, 14, 30, 19, 30] };
}
