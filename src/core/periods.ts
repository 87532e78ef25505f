/**
 * Reporting periods: the data windows of the quarterly, 6-month, 9-month and yearly CCHC
 * reports, under Nghị định 09/2019/NĐ-CP (15/12 of the previous year → 14th of the period's
 * last month) or calendar periods, and the reading of a period as the office types it.
 */
import type { DateWindow, IsoDate, WindowRule } from './types';
import { addDays, dateParts, endOfMonth, formatDmy, isoDate, parseDmy, romanQuarter } from './dates';
import { clean, stripDiacritics } from './text';

export type PeriodKind = 'q1' | 'q2' | 'q3' | 'q4' | 'h1' | 'h2' | 'm9' | 'year' | 'custom';

export interface ReportPeriod {
  kind: PeriodKind;
  year: number;
  label: string;
  window: DateWindow;
}

/**
 * The four quarterly reporting cycles of a year: each quarter's (non-cumulative) data window,
 * its cut-off (= window.to) and the report's due date (cut-off + dueDays).
 */
export interface ReportCycle {
  quarter: 1 | 2 | 3 | 4;
  year: number;
  /** "Quý I/2024" */
  label: string;
  window: DateWindow;
  cutoff: IsoDate;
  due: IsoDate;
  /** The cumulative report due at that cut-off: Quý I, 6 tháng, 9 tháng, Năm. */
  report: ReportPeriod;
}

type FixedKind = Exclude<PeriodKind, 'custom'>;

/** First and last month of each period (calendar months of the period's year). */
const SPAN: Record<FixedKind, [number, number]> = {
  q1: [1, 3],
  q2: [4, 6],
  q3: [7, 9],
  q4: [10, 12],
  h1: [1, 6],
  h2: [7, 12],
  m9: [1, 9],
  year: [1, 12],
};

const QUARTER_KINDS: FixedKind[] = ['q1', 'q2', 'q3', 'q4'];
const CUMULATIVE_KINDS: FixedKind[] = ['q1', 'h1', 'm9', 'year'];

/**
 * The data window of a period. Under 'nd09' a period runs from the 15th of the month before
 * its first month (15/12 of the previous year for Quý I) to the 14th of its last month;
 * under 'calendar' from the 1st of its first month to the end of its last month.
 */
export function periodWindow(kind: FixedKind, year: number, rule: WindowRule): DateWindow {
  const span = SPAN[kind];
  if (!span) throw new Error(`Unknown period kind: ${String(kind)}`);
  const [first, last] = span;
  if (rule === 'calendar') {
    return { from: isoDate(year, first, 1), to: endOfMonth(year, last) };
  }
  const from = first === 1 ? isoDate(year - 1, 12, 15) : isoDate(year, first - 1, 15);
  return { from, to: isoDate(year, last, 14) };
}

/** "Quý I/2024", "6 tháng đầu năm 2024", "6 tháng cuối năm 2024", "9 tháng năm 2024", "Năm 2024". */
export function periodLabel(kind: FixedKind, year: number): string {
  switch (kind) {
    case 'q1':
    case 'q2':
    case 'q3':
    case 'q4':
      return `Quý ${romanQuarter(Number(kind[1]))}/${year}`;
    case 'h1':
      return `6 tháng đầu năm ${year}`;
    case 'h2':
      return `6 tháng cuối năm ${year}`;
    case 'm9':
      return `9 tháng năm ${year}`;
    case 'year':
      return `Năm ${year}`;
    default:
      throw new Error(`Unknown period kind: ${String(kind)}`);
  }
}

/** The label of a custom range: "Từ ngày 15/12/2023 đến ngày 14/03/2024". */
export function customLabel(window: DateWindow): string {
  return `Từ ngày ${formatDmy(window.from)} đến ngày ${formatDmy(window.to)}`;
}

/**
 * The period as it reads inside a sentence or a subtitle: "Quý I năm 2024",
 * "6 tháng đầu năm 2024", "9 tháng năm 2024", "năm 2024", "từ ngày 15/12/2023 đến ngày 14/03/2024".
 */
export function periodPhrase(period: ReportPeriod): string {
  switch (period.kind) {
    case 'q1':
    case 'q2':
    case 'q3':
    case 'q4':
      return `Quý ${romanQuarter(Number(period.kind[1]))} năm ${period.year}`;
    case 'year':
      return `năm ${period.year}`;
    case 'custom':
      return `từ ngày ${formatDmy(period.window.from)} đến ngày ${formatDmy(period.window.to)}`;
    default:
      return periodLabel(period.kind, period.year);
  }
}

/** A fixed period of a year, with its label and window. */
export function reportPeriod(kind: FixedKind, year: number, rule: WindowRule): ReportPeriod {
  return { kind, year, label: periodLabel(kind, year), window: periodWindow(kind, year, rule) };
}

/** The four quarterly cycles of `year`, in order. */
export function reportCalendar(year: number, rule: WindowRule, dueDays: number): ReportCycle[] {
  return QUARTER_KINDS.map((kind, i) => {
    const window = periodWindow(kind, year, rule);
    return {
      quarter: (i + 1) as 1 | 2 | 3 | 4,
      year,
      label: periodLabel(kind, year),
      window,
      cutoff: window.to,
      due: addDays(window.to, dueDays),
      report: reportPeriod(CUMULATIVE_KINDS[i], year, rule),
    };
  });
}

/** The cycle whose data window contains `date` (under nd09, 20/12/2024 belongs to Quý I/2025). */
export function cycleOn(date: IsoDate, rule: WindowRule, dueDays: number): ReportCycle {
  const { year } = dateParts(date);
  for (const y of [year, year + 1]) {
    for (const cycle of reportCalendar(y, rule, dueDays)) {
      if (cycle.window.from <= date && date <= cycle.window.to) return cycle;
    }
  }
  // Unreachable: the quarters of `year` and `year + 1` cover every date of `year`.
  throw new Error(`No reporting cycle contains ${date}`);
}

const EXAMPLES =
  'Ví dụ: "Quý I/2024", "6 tháng đầu năm 2024", "6 tháng cuối năm 2024", "9 tháng năm 2024", "Năm 2024" hoặc khoảng ngày "15/12/2023 - 14/03/2024".';

const MIN_YEAR = 2000;
const MAX_YEAR = 2100;

const DATE_PART = String.raw`(\d{1,2}\s*[/.-]\s*\d{1,2}\s*[/.-]\s*\d{2,4})`;
const RANGE_RE = new RegExp(
  String.raw`^(?:tu\s+)?(?:ngay\s+)?${DATE_PART}\s*(?:-|–|—|~|den\s+(?:het\s+)?(?:ngay\s+)?|toi\s+(?:ngay\s+)?)\s*${DATE_PART}$`,
);
const QUARTER_NUMERALS: Record<string, 1 | 2 | 3 | 4> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

type ParseResult = { ok: true; period: ReportPeriod } | { ok: false; message: string };

function fail(message: string): ParseResult {
  return { ok: false, message };
}

/**
 * Reads what the office types or picks: "Quý I/2024", "Quý 1 năm 2024", "quy iv/2024",
 * "6 tháng đầu năm 2024", "6 tháng năm 2024", "6 tháng cuối năm 2024", "9 tháng năm 2024",
 * "Năm 2024", "15/12/2023 - 14/03/2024" (custom range), with or without diacritics, any case,
 * NFC or NFD. Errors are Vietnamese sentences with examples.
 */
export function parseReportPeriod(text: string, rule: WindowRule): ParseResult {
  const shown = clean(text);
  if (!shown) return fail(`Chưa nhập kỳ báo cáo. ${EXAMPLES}`);
  // Lower case without diacritics; "/" and "," read as spaces except inside a date range.
  const plain = stripDiacritics(shown).toLowerCase().replace(/\s+/g, ' ').trim();

  const range = RANGE_RE.exec(plain);
  if (range) {
    const from = parseDmy(range[1].replace(/\s+/g, ''));
    const to = parseDmy(range[2].replace(/\s+/g, ''));
    if (!from) return fail(`Ngày bắt đầu "${range[1]}" không phải ngày có thật. ${EXAMPLES}`);
    if (!to) return fail(`Ngày kết thúc "${range[2]}" không phải ngày có thật. ${EXAMPLES}`);
    if (from > to) {
      return fail(
        `Khoảng ngày "${shown}" bị ngược: ngày bắt đầu ${formatDmy(from)} sau ngày kết thúc ${formatDmy(to)}. Hãy ghi ngày bắt đầu trước, ví dụ: "15/12/2023 - 14/03/2024".`,
      );
    }
    const year = dateParts(to).year;
    const window = { from, to };
    return { ok: true, period: { kind: 'custom', year, label: customLabel(window), window } };
  }

  const words = plain
    .replace(/[/,.:;()–—-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

  const yearMatch = /(?:^|\s)(\d{4})$/.exec(words);
  const head = yearMatch ? words.slice(0, yearMatch.index).trim() : words;
  const year = yearMatch ? Number(yearMatch[1]) : null;

  const kind = periodKindOf(head);
  if (kind === 'bad-quarter') {
    return fail(`Kỳ báo cáo "${shown}" không đúng: một năm chỉ có Quý I, Quý II, Quý III và Quý IV. ${EXAMPLES}`);
  }
  if (kind === null) return fail(`Không đọc được kỳ báo cáo "${shown}". ${EXAMPLES}`);
  if (year === null) return fail(`Kỳ báo cáo "${shown}" thiếu năm. ${EXAMPLES}`);
  if (year < MIN_YEAR || year > MAX_YEAR) {
    return fail(`Năm ${year} trong kỳ báo cáo "${shown}" không hợp lệ (phải từ ${MIN_YEAR} đến ${MAX_YEAR}). ${EXAMPLES}`);
  }
  return { ok: true, period: reportPeriod(kind, year, rule) };
}

/** The kind named by the words before the year ("quy iv", "6 thang dau nam", "nam"…). */
function periodKindOf(head: string): FixedKind | 'bad-quarter' | null {
  if (!head) return null;
  const h = ` ${head}`.replace(/\snam$/, '').trim();
  const quarter = /^(?:quy|q)\s*([ivx]+|\d+)$/.exec(h);
  if (quarter) {
    const q = QUARTER_NUMERALS[quarter[1]];
    return q ? QUARTER_KINDS[q - 1] : 'bad-quarter';
  }
  if (/^6 thang(?: dau(?: nam)?)?$/.test(h)) return 'h1';
  if (/^6 thang cuoi(?: nam)?$/.test(h)) return 'h2';
  if (/^9 thang(?: dau(?: nam)?)?$/.test(h)) return 'm9';
  if (h === '' || h === 'ca') return 'year';
  return null;
}

/** True when a date lies in a window (both ends included). */
export function inWindow(date: IsoDate, window: DateWindow): boolean {
  return window.from <= date && date <= window.to;
}
