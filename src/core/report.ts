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
}

export type NarrativeKey = 'direction' | 'strengths' | 'weaknesses' | 'causes' | 'nextSteps' | 'proposals';

export interface ChannelFigure {
  channel: string;
  quantity: number;
  entries: number;
}

export interface TaskResult {
  code: string;
  stt: string;
  task: string;
  leads: string;
  /** What was done in the window: one line per entry, "dd/mm/yyyy: note (channel: quantity)". */
  done: string;
  /** As of the window's end. */
  status: Status;
  percent: number;
  overdue: boolean;
  notStarted: boolean;
  /** The task's deadline, if any (for the overdue list). */
  deadline: IsoDate | null;
}

export interface ReportFigures {
  window: DateWindow;
  channels: ChannelFigure[];
  totalQuantity: number;
  tasks: TaskResult[];
  overdue: TaskResult[];
  notStarted: TaskResult[];
  done: number;
  inProgress: number;
}

export type ReportBlock =
  | { type: 'heading'; level: 1 | 2; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'table'; header: string[]; rows: string[][]; widths: number[] };

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
  /** As printed: "- Sở Nội vụ tỉnh;" …, last "- Lưu: VT, VP." */
  recipients: string[];
  signature: { authority: string; title: string; name: string };
  figures: ReportFigures;
}

export const NATION = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const MOTTO = 'Độc lập - Tự do - Hạnh phúc';
export const ORGAN_PARENT = 'ỦY BAN NHÂN DÂN';
const ORGAN_PARENT_TEXT = 'Ủy ban nhân dân';
const SUBJECT = 'Kết quả thực hiện công tác tuyên truyền cải cách hành chính';
const ARCHIVE = 'Lưu: VT, VP.';
const NO_CHANNEL = 'Không ghi hình thức';

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

function codeKey(code: string): string {
  return clean(code).toUpperCase();
}

function safeNumber(n: unknown): number {
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

function entryLine(e: ProgressEntry): string {
  const note = clean(e.note);
  const quantity = safeNumber(e.quantity);
  const channel = clean(e.channel);
  const amount = quantity > 0 ? `${channel || NO_CHANNEL}: ${formatNumber(quantity)}` : '';
  let body: string;
  if (note && amount) body = `${note} (${amount})`;
  else if (note) body = note;
  else if (amount) body = amount;
  else body = `cập nhật trạng thái "${e.status}" (${formatNumber(safeNumber(e.percent))}%)`;
  return `${formatDmy(e.reportDate)}: ${body}`;
}

function leadsOf(task: Task): string {
  const text = clean(task.leadText);
  if (text) return text;
  return task.leads.map((a) => clean(a.unit) || clean(a.name)).filter(Boolean).join(', ');
}

/**
 * Counts per window: an entry counts when its reportDate lies in the window, so quarter
 * figures add up to the 6-month and year figures. A task's status is its latest entry's status
 * up to the window's end (or "Chưa thực hiện"). Overdue: a deadline before the window's end and
 * not "Hoàn thành" (on-demand tasks never). Not started: "Chưa thực hiện" at the window's end,
 * except on-demand tasks and tasks whose own window starts after the report's window.
 */
export function reportFigures(tasks: Task[], entries: ProgressEntry[], window: DateWindow, channels: string[]): ReportFigures {
  const valid = entries.filter((e) => isIsoDate(e.reportDate));
  const inWindow = valid.filter((e) => window.from <= e.reportDate && e.reportDate <= window.to);

  // Channels: the settings' list in order (zeros included), then any other channel met.
  const figures: ChannelFigure[] = [];
  const byKey = new Map<string, ChannelFigure>();
  for (const name of channels) {
    const label = clean(name);
    const key = matchKey(label);
    if (!label || byKey.has(key)) continue;
    const f = { channel: label, quantity: 0, entries: 0 };
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
      f = { channel: label || NO_CHANNEL, quantity: 0, entries: 0 };
      byKey.set(key, f);
      figures.push(f);
    }
    f.quantity += quantity;
    f.entries += 1;
  }
  const totalQuantity = figures.reduce((sum, f) => sum + f.quantity, 0);

  const upToEnd = new Map<string, ProgressEntry>();
  const doneLines = new Map<string, ProgressEntry[]>();
  for (const e of valid) {
    if (e.reportDate > window.to) continue;
    const key = codeKey(e.taskCode);
    const latest = upToEnd.get(key);
    if (!latest || isLater(e, latest)) upToEnd.set(key, e);
    if (e.reportDate >= window.from) {
      const list = doneLines.get(key) ?? [];
      list.push(e);
      doneLines.set(key, list);
    }
  }

  const results: TaskResult[] = tasks.map((task) => {
    const key = codeKey(task.code);
    const latest = upToEnd.get(key);
    const status: Status = latest ? latest.status : 'Chưa thực hiện';
    const percent = latest ? safeNumber(latest.percent) : 0;
    const lines = (doneLines.get(key) ?? [])
      .slice()
      .sort((a, b) => (a.reportDate === b.reportDate ? entryTime(a) - entryTime(b) : a.reportDate < b.reportDate ? -1 : 1))
      .map(entryLine);
    const onDemand = task.recurrence === 'on-demand';
    const overdue = !onDemand && !!task.deadline && task.deadline < window.to && status !== 'Hoàn thành';
    const notYetDue = !!task.window && task.window.from > window.to;
    const notStarted = status === 'Chưa thực hiện' && !onDemand && !notYetDue;
    return {
      code: task.code,
      stt: clean(task.stt),
      task: clean(task.task),
      leads: leadsOf(task),
      done: lines.join('\n'),
      status,
      percent,
      overdue,
      notStarted,
      deadline: onDemand ? null : task.deadline,
    };
  });

  return {
    window: { from: window.from, to: window.to },
    channels: figures,
    totalQuantity,
    tasks: results,
    overdue: results.filter((r) => r.overdue),
    notStarted: results.filter((r) => r.notStarted),
    done: results.filter((r) => r.status === 'Hoàn thành').length,
    inProgress: results.filter((r) => r.status === 'Đang thực hiện').length,
  };
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

function channelSentence(f: ReportFigures, phrase: string): string {
  const used = f.channels.filter((c) => c.quantity > 0);
  if (used.length === 0) return `Trong kỳ báo cáo (${phrase}), chưa ghi nhận sản phẩm tuyên truyền nào theo các hình thức.`;
  const list = used.map((c) => `${c.channel}: ${formatNumber(c.quantity)}`).join('; ');
  return `Trong kỳ báo cáo (${phrase}), đã thực hiện ${count(f.totalQuantity, 'sản phẩm tuyên truyền')}, gồm: ${list}.`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function windowPhrase(w: DateWindow): string {
  return `từ ngày ${formatDmy(w.from)} đến ngày ${formatDmy(w.to)}`;
}

function statusText(r: TaskResult): string {
  let s: string = r.status;
  if (r.status === 'Đang thực hiện' && r.percent > 0) s += ` (${formatNumber(r.percent)}%)`;
  if (r.overdue && r.deadline) s += `; quá hạn (hạn ${formatDmy(r.deadline)})`;
  return s;
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
  const started = f.tasks.filter((t) => t.status !== 'Chưa thực hiện').length;

  const direction =
    `${ORGAN_PARENT_TEXT} ${unit} đã ban hành ${reference}, giao ${count(total, 'nhiệm vụ')} cụ thể cho các cán bộ, công chức chủ trì và phối hợp thực hiện. ` +
    `Văn phòng HĐND&UBND ${kind} thường xuyên theo dõi, đôn đốc và tổng hợp kết quả thực hiện trên bảng theo dõi tiến độ.`;

  const usedChannels = f.channels.filter((c) => c.quantity > 0).length;
  let strengths = `Đến ngày ${formatDmy(f.window.to)}, đã triển khai ${formatNumber(started)}/${formatNumber(total)} nhiệm vụ của Kế hoạch, trong đó ${count(f.done, 'nhiệm vụ')} đã hoàn thành, ${count(f.inProgress, 'nhiệm vụ')} đang thực hiện.`;
  if (f.totalQuantity > 0) {
    strengths += ` Công tác tuyên truyền được thực hiện qua ${count(usedChannels, 'hình thức')} với ${count(f.totalQuantity, 'sản phẩm')} trong kỳ.`;
  }

  const weak: string[] = [];
  if (f.overdue.length > 0) {
    weak.push(
      `Có ${count(f.overdue.length, 'nhiệm vụ')} quá hạn nhưng chưa hoàn thành: ${f.overdue
        .map((r) => `${r.task || r.code} (hạn ${r.deadline ? formatDmy(r.deadline) : ''})`)
        .join('; ')}.`,
    );
  }
  const notStarted = f.notStarted.filter((r) => !r.overdue);
  if (notStarted.length > 0) {
    weak.push(`Còn ${count(notStarted.length, 'nhiệm vụ')} chưa triển khai: ${notStarted.map(taskRef).join('; ')}.`);
  }
  if (f.totalQuantity === 0) weak.push('Trong kỳ chưa ghi nhận sản phẩm tuyên truyền nào.');
  const weaknesses = weak.length > 0 ? weak.join('\n') : 'Không có nhiệm vụ quá hạn hoặc chưa triển khai.';

  const lagging = Array.from(new Set([...f.notStarted, ...f.overdue].map((r) => r.leads).filter(Boolean)));
  const causes =
    lagging.length > 0
      ? `Một số nhiệm vụ chưa được triển khai hoặc cập nhật kết quả kịp thời; các đơn vị, cán bộ, công chức chủ trì cần tập trung: ${lagging.join('; ')}.`
      : 'Các cán bộ, công chức chủ trì đã chủ động triển khai nhiệm vụ và cập nhật kết quả thực hiện kịp thời; công tác theo dõi, đôn đốc được thực hiện thường xuyên.';

  const rule = input.settings.windowRule;
  const next = cycleOn(addDays(f.window.to, 1), rule, input.settings.reportDueDays).window;
  const remaining = f.tasks.filter((t) => t.status !== 'Hoàn thành');
  const dueNext = input.tasks.filter(
    (t) => t.recurrence !== 'on-demand' && t.deadline && next.from <= t.deadline && t.deadline <= next.to,
  );
  const steps: string[] = [];
  if (remaining.length > 0) {
    steps.push(`Tiếp tục thực hiện ${count(remaining.length, 'nhiệm vụ')} chưa hoàn thành của Kế hoạch, trong đó các nhiệm vụ thường xuyên được duy trì trong suốt năm.`);
  } else {
    steps.push('Duy trì kết quả đã đạt được, tiếp tục tuyên truyền cải cách hành chính bằng các hình thức phù hợp.');
  }
  if (dueNext.length > 0) {
    steps.push(
      `Tập trung hoàn thành các nhiệm vụ có thời hạn trong kỳ tới (${windowPhrase(next)}): ${dueNext
        .map((t) => `${clean(t.task) || t.code} (hạn ${formatDmy(t.deadline as IsoDate)})`)
        .join('; ')}.`,
    );
  }
  if (f.overdue.length > 0 || f.notStarted.length > 0) {
    steps.push('Khẩn trương triển khai các nhiệm vụ chưa thực hiện và các nhiệm vụ quá hạn nêu tại mục III.');
  }

  const proposals =
    `Đề nghị cấp trên tiếp tục quan tâm tổ chức tập huấn, bồi dưỡng nghiệp vụ về công tác tuyên truyền cải cách hành chính cho cán bộ, công chức cấp xã.`;

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

/**
 * The narrative parts as prefilled from the data (the text buildReport uses when the office
 * gives none), for the report dialog to show and let the office edit. `narrative` is ignored.
 */
export function narrativeDefaults(input: ReportInput): Record<NarrativeKey, string> {
  const { unit, kind } = unitName(input.settings.commune);
  const figures = reportFigures(input.tasks, input.entries, input.period.window, input.settings.channels);
  return { ...prefill(input, figures, unit, kind) };
}

// ---------------------------------------------------------------------------------------------
// The model

export function buildReport(input: ReportInput): ReportModel {
  const { settings, period } = input;
  const { unit, place, kind } = unitName(settings.commune);
  const figures = reportFigures(input.tasks, input.entries, period.window, settings.channels);
  const reference = planReference(settings, unit, true);
  const phrase = periodPhrase(period);
  const auto = prefill(input, figures, unit, kind);

  const narrative = (key: NarrativeKey): ReportBlock[] => {
    const own = input.narrative?.[key];
    const text = typeof own === 'string' && clean(own) ? own : auto[key];
    return paragraphs(text);
  };

  const blocks: ReportBlock[] = [];
  blocks.push({
    type: 'paragraph',
    text:
      `Thực hiện ${reference}; ${ORGAN_PARENT_TEXT} ${unit} báo cáo ${lowerFirst(SUBJECT)} ${phrase}` +
      (period.kind === 'custom' ? '' : ` (số liệu ${windowPhrase(period.window)})`) +
      ' như sau:',
  });

  blocks.push({ type: 'heading', level: 1, text: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH' });
  blocks.push(...narrative('direction'));

  blocks.push({ type: 'heading', level: 1, text: 'II. KẾT QUẢ THỰC HIỆN' });
  blocks.push({ type: 'heading', level: 2, text: '1. Kết quả thực hiện các nhiệm vụ của Kế hoạch' });
  const notStartedCount = figures.tasks.filter((t) => t.status === 'Chưa thực hiện').length;
  blocks.push({
    type: 'paragraph',
    text: `Kế hoạch có ${count(figures.tasks.length, 'nhiệm vụ')}; đến ngày ${formatDmy(period.window.to)}: ${count(figures.done, 'nhiệm vụ')} hoàn thành, ${count(figures.inProgress, 'nhiệm vụ')} đang thực hiện, ${count(notStartedCount, 'nhiệm vụ')} chưa thực hiện.`,
  });
  blocks.push({
    type: 'table',
    header: ['STT', 'Nhiệm vụ', 'Chủ trì', 'Kết quả thực hiện trong kỳ', 'Tình trạng'],
    rows: figures.tasks.map((r, i) => [
      r.stt || String(i + 1),
      r.task,
      r.leads,
      r.done || 'Chưa có kết quả trong kỳ.',
      statusText(r),
    ]),
    widths: [6, 28, 18, 32, 16],
  });

  blocks.push({ type: 'heading', level: 2, text: '2. Kết quả tuyên truyền theo hình thức' });
  blocks.push({ type: 'paragraph', text: channelSentence(figures, windowPhrase(period.window)) });
  blocks.push({
    type: 'table',
    header: ['STT', 'Hình thức tuyên truyền', 'Số lượng', 'Số lần cập nhật'],
    rows: [
      ...figures.channels.map((c, i) => [String(i + 1), c.channel, formatNumber(c.quantity), formatNumber(c.entries)]),
      ['', 'Tổng cộng', formatNumber(figures.totalQuantity), formatNumber(figures.channels.reduce((s, c) => s + c.entries, 0))],
    ],
    widths: [8, 52, 20, 20],
  });

  blocks.push({ type: 'heading', level: 2, text: '3. Nhiệm vụ quá hạn, chưa triển khai' });
  if (figures.overdue.length === 0 && figures.notStarted.length === 0) {
    blocks.push({ type: 'paragraph', text: 'Không có nhiệm vụ quá hạn hoặc chưa triển khai.' });
  } else {
    if (figures.overdue.length > 0) {
      blocks.push({ type: 'paragraph', text: `Nhiệm vụ quá hạn chưa hoàn thành (${formatNumber(figures.overdue.length)}):` });
      for (const r of figures.overdue) {
        const state = r.status === 'Đang thực hiện' ? `đang thực hiện (${formatNumber(r.percent)}%)` : 'chưa thực hiện';
        blocks.push({ type: 'paragraph', text: `- ${taskRef(r)}: hạn ${r.deadline ? formatDmy(r.deadline) : ''}, ${state}.` });
      }
    }
    const notStarted = figures.notStarted.filter((r) => !r.overdue);
    if (notStarted.length > 0) {
      blocks.push({ type: 'paragraph', text: `Nhiệm vụ chưa triển khai (${formatNumber(notStarted.length)}):` });
      for (const r of notStarted) blocks.push({ type: 'paragraph', text: `- ${taskRef(r)}.` });
    }
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
    recipients: recipientLines(settings.recipients),
    signature: signatureOf(settings),
    figures,
  };
}
