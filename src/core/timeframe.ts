/**
 * The timeframe engine: reads the plan's free-text "Thời gian thực hiện" into a window,
 * a deadline and a recurrence, relative to the plan year.
 *
 * The text is reduced to tokens (no diacritics, lower case, dashes unified, NFKC so that
 * "Ⅳ" reads as "IV") and matched against a small grammar, form by form. Anything that does
 * not match a form completely is refused with a Vietnamese message that quotes the text:
 * the engine never guesses. Values that look like a form but cannot exist (quý V, tháng 13,
 * 31/02, a range that ends before it starts) are refused with the reason.
 */
import { clean, stripDiacritics } from './text';
import { endOfMonth, formatDmy, isIsoDate, isoDate, isValidDate } from './dates';
import type { DateWindow, IsoDate, Recurrence, Timeframe, TimeframeResult } from './types';

/** Forms the parser reads, shown in error messages and in the UI help. Each one parses. */
export const TIMEFRAME_EXAMPLES: string[] = [
  'Thường xuyên',
  'Hằng tháng',
  'Hằng quý',
  'Trong năm',
  'Quý IV',
  'Quý I, II',
  '6 tháng đầu năm',
  'Tháng 6',
  'Từ tháng 3 đến tháng 5',
  'Trước ngày 30/6',
  'Từ ngày 01/3 đến ngày 31/5',
  'Trước 10 giờ ngày 20/2',
  'Trong ngày 20/2',
  'Tháng 10 hằng năm',
  'Theo chỉ đạo',
];

/** The staff override, when it is a real date, wins over the computed deadline. */
export function effectiveDeadline(computed: IsoDate | null, override: IsoDate | null): IsoDate | null {
  if (isIsoDate(override)) return override;
  return computed;
}

/**
 * Reads "Thời gian thực hiện". Forms without a year are read in `planYear`; a written year
 * is read as written, even when it is not the plan year (validation flags that elsewhere).
 * Throws only on a `planYear` that is not a year (a programming error, not user text).
 */
export function parseTimeframe(text: string, planYear: number): TimeframeResult {
  if (!Number.isInteger(planYear) || planYear < MIN_YEAR || planYear > MAX_YEAR) {
    throw new RangeError(`parseTimeframe: planYear must be a year, got ${String(planYear)}`);
  }
  const shown = clean(text);
  if (shown === '') {
    return { ok: false, text: shown, message: `Chưa ghi thời gian thực hiện. ${advice(planYear)}` };
  }
  const tokens = tokenize(shown);
  try {
    for (const form of FORMS) {
      const read = form(new Cursor(tokens), planYear);
      if (read) return { ok: true, timeframe: { text: shown, ...read } };
    }
    return refuse(shown, planYear, null);
  } catch (e) {
    if (e instanceof Refusal) return { ...refuse(shown, planYear, e.reason), ...(e.readings ? { readings: e.readings } : {}) };
    throw e;
  }
}

// ---------------------------------------------------------------------------------------
// Messages

const QUOTE_MAX = 80;

function advice(planYear: number): string {
  return (
    `Các cách ghi đọc được: ${TIMEFRAME_EXAMPLES.map((e) => `“${e}”`).join(', ')}. ` +
    `Có thể ghi kèm năm, ví dụ “Quý IV/${planYear}”, “Trước ngày 30/6/${planYear}”.`
  );
}

function refuse(shown: string, planYear: number, reason: string | null): TimeframeResult {
  const quoted = shown.length > QUOTE_MAX ? `${shown.slice(0, QUOTE_MAX - 1)}…` : shown;
  const why = reason ? `: ${reason}` : '';
  return {
    ok: false,
    text: shown,
    message: `Không đọc được thời gian thực hiện “${quoted}”${why}. ${advice(planYear)}`,
  };
}

/** A form was recognised but its values cannot be (quý V, 31/02…): refuse with the reason. */
class Refusal extends Error {
  constructor(
    readonly reason: string,
    readonly readings?: string[],
  ) {
    super(reason);
  }
}

// ---------------------------------------------------------------------------------------
// Tokens

type Tok = { kind: 'num' | 'word' | 'punct'; s: string };

const DASHES = /[\u2010-\u2015\u2212\ufe58\ufe63\uff0d]/g;
const LEADING_JUNK = new Set(['-', '+', '*', '•', '.', ',', ';', ':']);
const TRAILING_JUNK = new Set(['.', ',', ';', ':', '!']);

function tokenize(shown: string): Tok[] {
  const key = stripDiacritics(shown.normalize('NFKC')).toLowerCase().replace(DASHES, '-');
  const toks: Tok[] = [];
  for (const m of key.matchAll(/(\d+)|([a-z]+)|(\S)/g)) {
    if (m[1]) toks.push({ kind: 'num', s: m[1] });
    else if (m[2]) toks.push({ kind: 'word', s: m[2] });
    else if (m[3] === '&') toks.push({ kind: 'word', s: 'va' });
    else toks.push({ kind: 'punct', s: m[3] });
  }
  while (toks.length && toks[0].kind === 'punct' && LEADING_JUNK.has(toks[0].s)) toks.shift();
  while (toks.length && toks[toks.length - 1].kind === 'punct' && TRAILING_JUNK.has(toks[toks.length - 1].s)) toks.pop();
  return toks;
}

class Cursor {
  i = 0;
  constructor(readonly toks: Tok[]) {}

  peek(k = 0): Tok | undefined {
    return this.toks[this.i + k];
  }

  done(): boolean {
    return this.i >= this.toks.length;
  }

  /** Consumes the words `ws` in sequence, or nothing. */
  words(...ws: string[]): boolean {
    for (let k = 0; k < ws.length; k++) {
      const t = this.peek(k);
      if (!t || t.kind !== 'word' || t.s !== ws[k]) return false;
    }
    this.i += ws.length;
    return true;
  }

  /** Consumes one of the given words, returning it, or null. */
  oneOf(ws: readonly string[]): string | null {
    const t = this.peek();
    if (t && t.kind === 'word' && ws.includes(t.s)) {
      this.i++;
      return t.s;
    }
    return null;
  }

  punct(p: string): boolean {
    const t = this.peek();
    if (t && t.kind === 'punct' && t.s === p) {
      this.i++;
      return true;
    }
    return false;
  }

  /** Consumes a number of at most `maxDigits` digits. */
  num(maxDigits = 2): number | null {
    const t = this.peek();
    if (t && t.kind === 'num' && t.s.length <= maxDigits) {
      this.i++;
      return Number(t.s);
    }
    return null;
  }

  /** Consumes a four-digit year; refuses one outside the plausible range. */
  year(): number | null {
    const t = this.peek();
    if (!t || t.kind !== 'num' || t.s.length !== 4) return null;
    this.i++;
    const y = Number(t.s);
    if (y < MIN_YEAR || y > MAX_YEAR) throw new Refusal(`năm ${t.s} không hợp lệ`);
    return y;
  }

  /** Runs `read`; when it returns null, puts the cursor back. */
  attempt<T>(read: () => T | null): T | null {
    const save = this.i;
    const r = read();
    if (r === null) this.i = save;
    return r;
  }
}

const MIN_YEAR = 1900;
const MAX_YEAR = 2199;

// ---------------------------------------------------------------------------------------
// Result helpers

type Read = Omit<Timeframe, 'text'>;

function yearWindow(y: number): DateWindow {
  return { from: isoDate(y, 1, 1), to: isoDate(y, 12, 31) };
}

/** A hard deadline: the window runs from the plan year's start (or the deadline year's, if earlier). */
function deadlineRead(deadline: IsoDate, planYear: number): Read {
  const y = Number(deadline.slice(0, 4));
  const from = isoDate(Math.min(y, planYear), 1, 1);
  return { window: { from, to: deadline }, deadline, recurring: false, recurrence: 'none' };
}

// ---------------------------------------------------------------------------------------
// Periods: quarters, months, halves and days, alone, in lists and in ranges

type Item =
  | { kind: 'quarter'; n: number; year: number | null }
  | { kind: 'month'; n: number; year: number | null }
  | { kind: 'half'; n: 1 | 2; year: number | null }
  | { kind: 'date'; day: number; month: number; year: number | null };

const ROMAN: Record<string, number> = {
  i: 1, ii: 2, iii: 3, iv: 4, v: 5, vi: 6, vii: 7, viii: 8, ix: 9, x: 10, xi: 11, xii: 12,
};

/** "/2024", "năm 2024", ", năm 2024", "- năm 2024". */
function yearSuffix(c: Cursor): number | null {
  return c.attempt(() => {
    if (c.punct('/')) return c.year();
    if (!c.punct(',')) c.punct('-');
    return c.words('nam') ? c.year() : null;
  });
}

/** A quarter number after "quý": I–IV or 1–4. Anything else numeric-looking is refused. */
function quarterAfterKeyword(c: Cursor): number | null {
  const t = c.peek();
  if (!t) return null;
  let n: number | undefined;
  if (t.kind === 'word' && t.s in ROMAN) n = ROMAN[t.s];
  else if (t.kind === 'num' && t.s.length <= 2) n = Number(t.s);
  else return null;
  c.i++;
  if (n < 1 || n > 4) {
    throw new Refusal(`không có quý ${t.s.toUpperCase()} (một năm chỉ có quý I, II, III, IV)`);
  }
  return n;
}

/** A quarter number continuing a list ("Quý I, II"): only I–IV or 1–4 are taken. */
function quarterContinued(c: Cursor): number | null {
  const t = c.peek();
  if (!t) return null;
  const n = t.kind === 'word' ? ROMAN[t.s] : t.kind === 'num' && t.s.length <= 2 ? Number(t.s) : undefined;
  if (n === undefined || n < 1 || n > 4) return null;
  c.i++;
  return n;
}

function monthNumber(c: Cursor): number | null {
  const n = c.num(2);
  if (n === null) return null;
  if (n < 1 || n > 12) throw new Refusal(`không có tháng ${n} (tháng chỉ từ 1 đến 12)`);
  return n;
}

/** "6 tháng đầu năm 2024", "Sáu tháng cuối năm", "nửa đầu năm". */
function half(c: Cursor): Item | null {
  return c.attempt<Item>(() => {
    const six = c.peek();
    const isSix = (six?.kind === 'num' && Number(six.s) === 6 && six.s.length <= 2) || (six?.kind === 'word' && six.s === 'sau');
    if (isSix) {
      c.i++;
      if (!c.words('thang')) return null;
    } else if (!c.words('nua')) {
      return null;
    }
    const which = c.oneOf(['dau', 'cuoi']);
    if (!which) return null;
    const year = c.words('nam') ? (c.year() ?? yearSuffix(c)) : yearSuffix(c);
    return { kind: 'half', n: which === 'dau' ? 1 : 2, year };
  });
}

/** "30/6/2024", "30-6-2024", "30.6", "ngày 30/6", "30 tháng 6 năm 2024". */
function dateItem(c: Cursor): Item | null {
  return c.attempt<Item>(() => {
    c.words('ngay');
    const day = c.num(2);
    if (day === null) return null;
    const sep = c.peek();
    if (sep?.kind === 'punct' && ['/', '.', '-'].includes(sep.s)) {
      const m = c.peek(1);
      if (m?.kind !== 'num' || m.s.length > 2) return null;
      c.i += 2;
      let year: number | null = null;
      const sep2 = c.peek();
      const y = c.peek(1);
      if (sep2?.kind === 'punct' && sep2.s === sep.s && y?.kind === 'num') {
        if (y.s.length === 4) {
          c.i++;
          year = c.year();
        } else if (y.s.length === 2) {
          c.i += 2;
          year = 2000 + Number(y.s);
        } else {
          return null;
        }
      }
      return { kind: 'date', day, month: Number(m.s), year };
    }
    if (c.words('thang')) {
      const month = c.num(2);
      if (month === null) return null;
      return { kind: 'date', day, month, year: yearSuffix(c) };
    }
    return null;
  });
}

/** One period; `prev` lets a list continue without repeating the unit ("Quý I, II", "Tháng 3 - 5"). */
function item(c: Cursor, prev: Item | null): Item | null {
  return c.attempt<Item>(() => {
    if (c.oneOf(['quy', 'q'])) {
      const n = quarterAfterKeyword(c);
      return n === null ? null : { kind: 'quarter', n, year: yearSuffix(c) };
    }
    if (c.oneOf(['thang', 't'])) {
      const n = monthNumber(c);
      return n === null ? null : { kind: 'month', n, year: yearSuffix(c) };
    }
    const h = half(c);
    if (h) return h;
    const d = dateItem(c);
    if (d) return d;
    if (prev?.kind === 'quarter') {
      const n = quarterContinued(c);
      return n === null ? null : { kind: 'quarter', n, year: yearSuffix(c) };
    }
    if (prev?.kind === 'month' && c.peek()?.kind === 'num') {
      const n = monthNumber(c);
      return n === null ? null : { kind: 'month', n, year: yearSuffix(c) };
    }
    return null;
  });
}

/** Between the periods of a list or range: "-", "đến (hết)", "tới", ",", "và", ";". */
function connector(c: Cursor): boolean {
  if (c.punct('-') || c.punct(',') || c.punct(';') || c.punct('+')) {
    c.words('va');
    return true;
  }
  if (c.oneOf(['den', 'toi'])) {
    c.words('het');
    return true;
  }
  return c.oneOf(['va']) !== null;
}

function itemList(c: Cursor): Item[] | null {
  const first = item(c, null);
  if (!first) return null;
  const items = [first];
  for (;;) {
    const next = c.attempt(() => (connector(c) ? item(c, items[items.length - 1]) : null));
    if (!next) return items;
    items.push(next);
  }
}

/**
 * Gives each period its year: a period without one takes the year of the nearest later
 * period that has one ("Quý I, II/2024"), else of the nearest earlier one, else the plan year.
 */
function resolveYears(items: Item[], planYear: number): number[] {
  const years: (number | null)[] = items.map((it) => it.year);
  let later: number | null = null;
  for (let k = years.length - 1; k >= 0; k--) {
    if (years[k] === null) years[k] = later;
    else later = years[k];
  }
  let earlier: number | null = null;
  return years.map((y, k) => {
    if (items[k].year !== null) earlier = items[k].year;
    return y ?? earlier ?? planYear;
  });
}

function bounds(it: Item, y: number): DateWindow {
  switch (it.kind) {
    case 'quarter':
      return { from: isoDate(y, it.n * 3 - 2, 1), to: endOfMonth(y, it.n * 3) };
    case 'month':
      return { from: isoDate(y, it.n, 1), to: endOfMonth(y, it.n) };
    case 'half':
      return it.n === 1 ? { from: isoDate(y, 1, 1), to: isoDate(y, 6, 30) } : { from: isoDate(y, 7, 1), to: isoDate(y, 12, 31) };
    case 'date': {
      if (!isValidDate(y, it.month, it.day)) {
        const dd = String(it.day).padStart(2, '0');
        const mm = String(it.month).padStart(2, '0');
        throw new Refusal(`ngày ${dd}/${mm}/${y} không có thật`);
      }
      const d = isoDate(y, it.month, it.day);
      return { from: d, to: d };
    }
  }
}

/** The window from the first period's start to the last's end; periods must go forward. */
function spanOf(items: Item[], planYear: number): DateWindow {
  const years = resolveYears(items, planYear);
  const windows = items.map((it, k) => bounds(it, years[k]));
  for (let k = 1; k < windows.length; k++) {
    const prev = windows[k - 1];
    const cur = windows[k];
    if (cur.from < prev.from || cur.to < prev.to) {
      throw new Refusal(
        `thời gian kết thúc (${formatDmy(cur.to)}) trước thời gian bắt đầu (${formatDmy(prev.from)})`,
      );
    }
  }
  return { from: windows[0].from, to: windows[windows.length - 1].to };
}

// ---------------------------------------------------------------------------------------
// Forms, tried in order. Each reads the whole text or returns null.

type Form = (c: Cursor, planYear: number) => Read | null;

/** "Theo chỉ đạo", "Khi có văn bản mới", "Theo yêu cầu", "Đột xuất"… */
function onDemandPhrase(c: Cursor): boolean {
  return (
    c.words('theo', 'chi', 'dao') ||
    c.words('theo', 'su', 'chi', 'dao') ||
    c.words('theo', 'yeu', 'cau') ||
    c.words('theo', 'de', 'nghi') ||
    c.words('theo', 'huong', 'dan') ||
    c.words('theo', 'van', 'ban') ||
    c.words('theo', 'thong', 'bao') ||
    c.words('khi', 'co') ||
    c.words('khi', 'duoc') ||
    c.words('khi', 'phat', 'sinh') ||
    c.words('khi', 'can') ||
    c.words('dot', 'xuat')
  );
}

const UNIT_WORDS = ['ngay', 'tuan', 'thang', 'quy', 'nam'];

/**
 * The rest of an on-demand text ("… của UBND huyện") may say who or what, never when: it must
 * not carry a number (except a document's "số …") nor a recurrence, so no date is dropped.
 */
function onDemandTail(c: Cursor): boolean {
  const rest = c.toks.slice(c.i);
  for (let k = 0; k < rest.length; k++) {
    const t = rest[k];
    const prev = rest[k - 1];
    const next = rest[k + 1];
    if (t.kind === 'num' && !(prev?.kind === 'word' && prev.s === 'so')) return false;
    if (t.kind !== 'word' || !next || next.kind !== 'word') continue;
    const pair = `${t.s} ${next.s}`;
    if (pair === 'thuong xuyen' || pair === 'lien tuc' || pair === 'dinh ky') return false;
    if ((t.s === 'hang' || t.s === 'moi') && UNIT_WORDS.includes(next.s)) return false;
    if (t.s === 'quy' && next.s in ROMAN) return false;
  }
  c.i = c.toks.length;
  return true;
}

const onDemand: Form = (c) => {
  if (!onDemandPhrase(c) || !onDemandTail(c)) return null;
  return { window: null, deadline: null, recurring: false, recurrence: 'on-demand' };
};

const RANK: Record<Recurrence, number> = { continuous: 4, monthly: 3, quarterly: 2, periodic: 1, none: 0, 'on-demand': 0, yearly: 0 };

/** A unit of recurrence: "tháng", "quý", "năm", "6 tháng", "một năm"… */
function recurrenceUnit(c: Cursor): Recurrence | null {
  // "năm 2024" is the year the recurrence runs in, not "every year".
  if (c.peek()?.kind === 'word' && c.peek()?.s === 'nam' && c.peek(1)?.kind === 'num') return null;
  const u = c.oneOf(UNIT_WORDS);
  if (u === 'ngay' || u === 'tuan') return 'continuous';
  if (u === 'thang') return 'monthly';
  if (u === 'quy') return 'quarterly';
  if (u === 'nam') return 'periodic';
  return c.attempt<Recurrence>(() => {
    const t = c.peek();
    const six = (t?.kind === 'num' && Number(t.s) === 6 && t.s.length <= 2) || (t?.kind === 'word' && t.s === 'sau');
    if (six) {
      c.i++;
      return c.words('thang') ? 'periodic' : null;
    }
    if (c.words('mot', 'nam') || c.words('nua', 'nam')) return 'periodic';
    if (c.words('mot', 'quy')) return 'quarterly';
    if (c.words('mot', 'thang')) return 'monthly';
    return null;
  });
}

/** One recurrence term; a bare unit ("tháng" in "hàng tuần, tháng, năm") only after a first term. */
function recurrenceTerm(c: Cursor, first: boolean): Recurrence | null {
  return c.attempt<Recurrence>(() => {
    if (c.words('thuong', 'xuyen') || c.words('lien', 'tuc')) return 'continuous';
    if (c.words('dinh', 'ky')) {
      c.oneOf(['hang', 'moi']);
      return recurrenceUnit(c) ?? 'periodic';
    }
    if (c.oneOf(['hang', 'moi', 'theo'])) return recurrenceUnit(c);
    return first ? null : recurrenceUnit(c);
  });
}

/** "trong năm 2024", "cả năm", "năm 2024" after a recurrence. */
function yearPhrase(c: Cursor, requirePrefix: boolean): { year: number | null } | null {
  return c.attempt(() => {
    const prefixed =
      c.words('trong', 'ca') || c.words('trong', 'suot') || c.words('den', 'het') ||
      c.oneOf(['trong', 'ca', 'suot', 'het']) !== null;
    if (!c.words('nam')) return null;
    const year = c.year() ?? yearSuffix(c);
    if (!prefixed && year === null && requirePrefix) return null;
    return { year };
  });
}

const recurring: Form = (c, planYear) => {
  let best: Recurrence | null = null;
  for (;;) {
    const term = c.attempt(() => {
      if (best !== null && !(c.punct(',') || c.punct(';') || c.punct('-') || c.punct('/'))) {
        c.oneOf(['va', 'hoac']);
      }
      return recurrenceTerm(c, best === null);
    });
    if (!term) break;
    if (best === null || RANK[term] > RANK[best]) best = term;
  }
  if (best === null) return null;
  const year = c.attempt(() => {
    if (!c.punct(',')) c.punct('-');
    return yearPhrase(c, false);
  });
  if (!c.done()) {
    // "Thường xuyên và khi có yêu cầu": the recurrence is the obligation, the rest adds to it.
    const tail = c.attempt(() => {
      if (!(c.punct(',') || c.punct(';') || c.punct('-'))) c.oneOf(['va', 'hoac']);
      return onDemandPhrase(c) && onDemandTail(c) ? true : null;
    });
    if (!tail) return null;
  }
  return { window: yearWindow(year?.year ?? planYear), deadline: null, recurring: true, recurrence: best };
};

/** "Trong năm 2024", "Năm 2024", "Cả năm", "Đến hết năm 2024", "Năm 2024 - 2025". */
const wholeYear: Form = (c, planYear) => {
  c.words('hoan', 'thanh');
  const first = yearPhrase(c, true);
  if (!first) return null;
  const from = first.year ?? planYear;
  let to = from;
  const last = c.attempt(() => {
    if (!(c.punct('-') || c.oneOf(['den', 'toi']))) return null;
    c.words('het');
    c.words('nam');
    return c.year();
  });
  if (last !== null) {
    if (last < from) throw new Refusal(`năm kết thúc (${last}) trước năm bắt đầu (${from})`);
    to = last;
  }
  if (!c.done()) return null;
  return { window: { from: isoDate(from, 1, 1), to: isoDate(to, 12, 31) }, deadline: isoDate(to, 12, 31), recurring: false, recurrence: 'none' };
};

/**
 * Deadlines: "Trước ngày 30/6/2024", "Chậm nhất ngày 15/12", "Hạn: 30/6/2024", "Đến ngày 30/6".
 * "Chậm nhất", "Hạn" and "Đến hết" also take a period: "Đến hết quý II" is due at its end.
 */
/** A time of day before the date: "10 giờ", "7h00 sáng", "17 giờ 30 phút", "8:30": read, then left aside. */
function timeOfDay(c: Cursor): boolean {
  return (
    c.attempt(() => {
      const h = c.num(2);
      if (h === null || h > 24) return null;
      if (!(c.words('gio') || c.oneOf(['h', 'g']) || c.punct(':'))) return null;
      const m = c.num(2);
      if (m !== null && m > 59) return null;
      c.words('phut');
      c.oneOf(['sang', 'trua', 'chieu', 'toi', 'dem']);
      c.punct(',');
      return true;
    }) !== null
  );
}

const deadlineForm: Form = (c, planYear) => {
  c.words('hoan', 'thanh');
  let periodAllowed: boolean;
  let before = false;
  if (c.words('tu', 'nay', 'den')) periodAllowed = c.words('het');
  else if (c.words('den', 'het')) periodAllowed = true;
  else if (c.words('cham', 'nhat') || c.words('muon', 'nhat')) periodAllowed = true;
  else if (c.words('han')) {
    if (!c.words('chot')) c.words('hoan', 'thanh');
    periodAllowed = true;
  } else {
    const word = c.oneOf(['truoc', 'den']);
    if (!word) return null;
    before = word === 'truoc';
    periodAllowed = false;
  }
  c.punct(':');
  c.words('la');
  if (periodAllowed) c.oneOf(['truoc', 'trong', 'vao', 'het']);
  timeOfDay(c);
  const date = dateItem(c);
  let deadline: IsoDate;
  if (date) {
    deadline = spanOf([date], planYear).to;
  } else if (before) {
    // "Trước tháng 10/2024": before October starts, or by its end? Both are written; ask.
    const period = item(c, null);
    if (!period || !c.done()) return null;
    const span = spanOf([period], planYear);
    const dayBefore = previousDay(span.from);
    const name = periodName(period, Number(span.to.slice(0, 4)));
    throw new Refusal(
      `có thể hiểu là trước khi ${name} bắt đầu (hạn ${formatDmy(dayBefore)}) hoặc đến hết ${name} (hạn ${formatDmy(span.to)}); hãy ghi rõ “Trước ngày ${formatDmy(dayBefore)}” hoặc “Đến hết ${name}”`,
      [`Trước ngày ${formatDmy(dayBefore)}`, `Đến hết ${name}`],
    );
  } else if (periodAllowed) {
    const period = item(c, null);
    if (!period) return null;
    deadline = spanOf([period], planYear).to;
  } else {
    return null;
  }
  if (!c.done()) return null;
  return deadlineRead(deadline, planYear);
};

/**
 * Periods: "Quý IV/2024", "Quý I, II/2024", "Tháng 3 - 5/2024", "6 tháng đầu năm",
 * "Từ ngày 01/3/2024 đến ngày 31/5/2024". A single day ("30/09/2024") is a deadline.
 */
const periods: Form = (c, planYear) => {
  c.words('hoan', 'thanh');
  const from = c.words('tu');
  // "Trong ngày 20/02/2025", "Vào ngày …": that one day is the window.
  const within = !from && c.oneOf(['trong', 'vao']) !== null;
  const items = itemList(c);
  if (!items || !c.done()) return null;
  if (from && items.length < 2) {
    throw new Refusal('chỉ có thời điểm bắt đầu, thiếu thời điểm kết thúc (ví dụ “Từ tháng 3 đến tháng 5”)');
  }
  const span = spanOf(items, planYear);
  if (items.length === 1 && items[0].kind === 'date') {
    return within ? { window: span, deadline: span.to, recurring: false, recurrence: 'none' } : deadlineRead(span.to, planYear);
  }
  return { window: span, deadline: span.to, recurring: false, recurrence: 'none' };
};

/**
 * Yearly tasks: "Tháng 10 hằng năm", "Ngày 10 tháng 10 hằng năm", "Quý I hằng năm", "Tháng 3
 * hàng năm". The period is read in the plan year (a written year is refused: it recurs).
 */
const yearly: Form = (c, planYear) => {
  c.oneOf(['trong', 'vao']);
  const it = item(c, null);
  if (!it || it.kind === 'half' || !c.oneOf(['hang', 'moi']) || !c.words('nam') || !c.done()) return null;
  if (it.year !== null) throw new Refusal('việc làm hằng năm không ghi kèm năm (ví dụ “Tháng 10 hằng năm”)');
  const span = spanOf([it], planYear);
  return { window: span, deadline: span.to, recurring: false, recurrence: 'yearly' };
};

function previousDay(iso: IsoDate): IsoDate {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function periodName(it: Item, year: number): string {
  switch (it.kind) {
    case 'quarter':
      return `quý ${['I', 'II', 'III', 'IV'][it.n - 1]}/${year}`;
    case 'month':
      return `tháng ${it.n}/${year}`;
    case 'half':
      return `6 tháng ${it.n === 1 ? 'đầu' : 'cuối'} năm ${year}`;
    default:
      return `ngày ${it.day}/${it.month}/${year}`;
  }
}

const FORMS: Form[] = [onDemand, recurring, wholeYear, deadlineForm, yearly, periods];
