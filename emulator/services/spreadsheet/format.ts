/**
 * Number formats, display values, time zones and "user entered" parsing for the emulated
 * spreadsheet, following Google Sheets' observable behaviour in a spreadsheet's locale.
 *
 * Sheets stores a date as a serial number (days since 30 Dec 1899, wall clock in the
 * spreadsheet's time zone) plus a date number format; Apps Script converts it to a Date
 * instant with the spreadsheet's time zone. The emulator stores the instant and converts with
 * the same rule, using the IANA zone data of Node's Intl (so historical offsets such as
 * Asia/Ho_Chi_Minh's local mean time in 1899 come out as Sheets gives them for time-only cells).
 */

/** What Apps Script's Range.getNumberFormat() returns for a cell with the automatic format. */
export const AUTOMATIC_FORMAT = '0.###############';
/** Sheets' plain-text number format: whatever is written is kept as text. */
export const TEXT_FORMAT = '@';

export interface LocaleInfo {
  decimal: string;
  group: string;
  /** Dates typed as d/m/y (true) or m/d/y (false). */
  dayFirst: boolean;
  dateFormat: string;
  dateTimeFormat: string;
  timeFormat: string;
  monthsLong: string[];
  monthsShort: string[];
  daysLong: string[];
  daysShort: string[];
  am: string;
  pm: string;
  /** Default name of a new sheet, followed by its number: "Trang tính1". */
  sheetPrefix: string;
  /** Default name of a new spreadsheet. */
  untitled: string;
}

const EN_MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const EN_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

const VI: LocaleInfo = {
  decimal: ',',
  group: '.',
  dayFirst: true,
  dateFormat: 'dd/MM/yyyy',
  dateTimeFormat: 'dd/MM/yyyy HH:mm:ss',
  timeFormat: 'HH:mm:ss',
  monthsLong: Array.from({ length: 12 }, (_, i) => `tháng ${i + 1}`),
  monthsShort: Array.from({ length: 12 }, (_, i) => `thg ${i + 1}`),
  daysLong: ['Chủ Nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'],
  daysShort: ['CN', 'Th 2', 'Th 3', 'Th 4', 'Th 5', 'Th 6', 'Th 7'],
  am: 'SA',
  pm: 'CH',
  sheetPrefix: 'Trang tính',
  untitled: 'Bảng tính không có tiêu đề',
};

const EN_US: LocaleInfo = {
  decimal: '.',
  group: ',',
  dayFirst: false,
  dateFormat: 'M/d/yyyy',
  dateTimeFormat: 'M/d/yyyy H:mm:ss',
  timeFormat: 'h:mm:ss am/pm',
  monthsLong: EN_MONTHS,
  monthsShort: EN_MONTHS.map((m) => m.slice(0, 3)),
  daysLong: EN_DAYS,
  daysShort: EN_DAYS.map((d) => d.slice(0, 3)),
  am: 'AM',
  pm: 'PM',
  sheetPrefix: 'Sheet',
  untitled: 'Untitled spreadsheet',
};

/** Languages whose locales write 1.234,5 (decimal comma). */
const DECIMAL_COMMA = new Set(['vi', 'de', 'fr', 'es', 'it', 'pt', 'ru', 'id', 'nl', 'tr', 'pl', 'cs', 'da', 'sv', 'nb', 'fi', 'uk', 'ro', 'hu', 'el']);

/** Separators, date order and names of a spreadsheet locale ("vi_VN", "en_US"…). */
export function localeInfo(locale: string): LocaleInfo {
  const lang = locale.split(/[_-]/)[0].toLowerCase();
  if (lang === 'vi') return VI;
  if (locale === 'en_US' || locale === 'en' || locale === 'en_PH') return EN_US;
  const comma = DECIMAL_COMMA.has(lang);
  return {
    ...EN_US,
    decimal: comma ? ',' : '.',
    group: comma ? '.' : ',',
    dayFirst: true,
    dateFormat: 'dd/MM/yyyy',
    dateTimeFormat: 'dd/MM/yyyy HH:mm:ss',
    timeFormat: 'HH:mm:ss',
  };
}

// ---------------------------------------------------------------------------------------------
// Time zones
// ---------------------------------------------------------------------------------------------

const dtfCache = new Map<string, Intl.DateTimeFormat>();
const offsetCache = new Map<string, number>();

function dtf(tz: string): Intl.DateTimeFormat {
  let f = dtfCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
    dtfCache.set(tz, f);
  }
  return f;
}

/** Is this an IANA time zone Node knows? */
export function isTimeZone(tz: string): boolean {
  try {
    dtf(tz);
    return true;
  } catch {
    return false;
  }
}

/** The zone's offset from UTC at an instant, in ms (wall clock = instant + offset). */
export function tzOffset(tz: string, ms: number): number {
  const bucket = Math.floor(ms / 900000);
  const key = `${tz}|${bucket}`;
  const cached = offsetCache.get(key);
  if (cached !== undefined) return cached;
  const at = bucket * 900000;
  const parts = dtf(tz).formatToParts(new Date(at));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  let year = get('year');
  if (parts.find((p) => p.type === 'era')?.value === 'BC') year = 1 - year;
  const wall = Date.UTC(year, get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  const offset = wall - at;
  if (offsetCache.size > 50000) offsetCache.clear();
  offsetCache.set(key, offset);
  return offset;
}

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 0 = Sunday. */
  weekday: number;
}

/** The wall clock in a zone at an instant. */
export function wallClock(ms: number, tz: string): WallClock {
  const d = new Date(ms + tzOffset(tz, ms));
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
    weekday: d.getUTCDay(),
  };
}

/** The instant at which a zone's wall clock shows the given time. */
export function fromWallClock(tz: string, year: number, month: number, day: number, hour = 0, minute = 0, second = 0, ms = 0): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  let t = wall - tzOffset(tz, wall);
  t = wall - tzOffset(tz, t);
  return t;
}

const SERIAL_EPOCH = Date.UTC(1899, 11, 30);

/** A Sheets serial number (days since 30/12/1899 on the zone's wall clock) of an instant. */
export function serialOf(ms: number, tz: string): number {
  return (ms + tzOffset(tz, ms) - SERIAL_EPOCH) / 86400000;
}

/** The instant of a Sheets serial number in a zone. */
export function instantOfSerial(serial: number, tz: string): number {
  const wall = Math.round(SERIAL_EPOCH + serial * 86400000);
  let t = wall - tzOffset(tz, wall);
  t = wall - tzOffset(tz, t);
  return t;
}

/** Is this value a Date (from any realm)? */
export function isDate(v: unknown): v is Date {
  return v instanceof Date || Object.prototype.toString.call(v) === '[object Date]';
}

// ---------------------------------------------------------------------------------------------
// Number formats
// ---------------------------------------------------------------------------------------------

/** Splits a format into its ";" sections, ignoring ";" in quotes and after a backslash. */
function splitSections(format: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === '"') quoted = !quoted;
    if (ch === '\\' && !quoted && i + 1 < format.length) {
      cur += ch + format[++i];
      continue;
    }
    if (ch === ';' && !quoted) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur);
  return out;
}

/** The format with quoted text, escapes and [bracketed] parts removed, lower-cased. */
function bareFormat(section: string): string {
  return section
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '')
    .replace(/\[(?!h\]|hh\]|m\]|mm\]|s\]|ss\])[^\]]*\]/gi, '')
    .toLowerCase();
}

const dateFormatCache = new Map<string, boolean>();

/** Does this number format show dates or times (dd/MM/yyyy, HH:mm…)? */
export function isDateFormat(format: string | undefined | null): boolean {
  if (!format) return false;
  let r = dateFormatCache.get(format);
  if (r === undefined) {
    const bare = bareFormat(splitSections(format)[0]);
    r = bare !== 'general' && /[dyhs]|m|am\/pm|a\/p/.test(bare.replace(/e[+-]/g, ''));
    dateFormatCache.set(format, r);
  }
  return r;
}

/** Is this a format that makes numbers of the cell's values (not automatic, text or date)? */
export function isNumericFormat(format: string | undefined | null): boolean {
  if (!format || format === AUTOMATIC_FORMAT || format === TEXT_FORMAT) return false;
  if (/^general$/i.test(format)) return false;
  return !isDateFormat(format) && /[0#?]/.test(bareFormat(splitSections(format)[0]));
}

/** Automatic display of a number: up to 15 significant digits, no grouping. */
function automaticNumber(n: number, loc: LocaleInfo): string {
  if (!Number.isFinite(n)) return '#NUM!';
  if (n === 0) return '0';
  const abs = Math.abs(n);
  let s: string;
  if (abs >= 1e15 || abs < 1e-10) {
    const [m, e] = n.toExponential(5).split('e');
    const mant = String(Number(m));
    const exp = Number(e);
    s = `${mant}E${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  } else {
    s = String(Number(n.toPrecision(15)));
    if (/e/.test(s)) s = n.toFixed(10).replace(/0+$/, '').replace(/\.$/, '');
    // Sheets shows at most 10 decimals in the automatic format.
    if (s.includes('.')) s = String(Number(Number(s).toFixed(10)));
  }
  return s.replace('.', loc.decimal);
}

interface NumberPattern {
  prefix: string;
  suffix: string;
  intMin: number;
  fracMin: number;
  fracMax: number;
  grouping: boolean;
  percent: number;
  scientific: { expDigits: number } | null;
  text: boolean;
}

const patternCache = new Map<string, NumberPattern>();

/** Reads one number-format section into prefix, digits and suffix. */
function parseNumberSection(section: string): NumberPattern {
  const cached = patternCache.get(section);
  if (cached) return cached;
  let prefix = '';
  let suffix = '';
  let core = '';
  let seenDigit = false;
  let percent = 0;
  let text = false;
  let scientific: { expDigits: number } | null = null;
  for (let i = 0; i < section.length; i++) {
    const ch = section[i];
    let lit = '';
    if (ch === '"') {
      const end = section.indexOf('"', i + 1);
      lit = section.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? section.length : end;
    } else if (ch === '\\') {
      lit = section[++i] ?? '';
    } else if (ch === '_') {
      lit = ' ';
      i++;
    } else if (ch === '*') {
      i++;
    } else if (ch === '[') {
      const end = section.indexOf(']', i);
      const inner = section.slice(i + 1, end < 0 ? undefined : end);
      const cur = /^\$([^-\]]*)/.exec(inner);
      if (cur) lit = cur[1];
      i = end < 0 ? section.length : end;
    } else if ('0#?'.includes(ch) || ((ch === '.' || ch === ',') && (seenDigit || /[0#?]/.test(section[i + 1] ?? '')))) {
      if (!scientific) {
        core += ch;
        seenDigit = true;
      }
      continue;
    } else if ((ch === 'E' || ch === 'e') && seenDigit && (section[i + 1] === '+' || section[i + 1] === '-')) {
      let j = i + 2;
      while ('0#'.includes(section[j] ?? 'x') && j < section.length) j++;
      scientific = { expDigits: Math.max(1, j - i - 2) };
      i = j - 1;
      continue;
    } else if (ch === '%') {
      percent++;
      lit = '%';
    } else if (ch === '@') {
      text = true;
      lit = '@';
    } else {
      lit = ch;
    }
    if (seenDigit) suffix += lit;
    else prefix += lit;
  }
  const [intPart, fracPart = ''] = core.split('.');
  const p: NumberPattern = {
    prefix,
    suffix,
    intMin: (intPart.match(/0/g) ?? []).length,
    fracMin: (fracPart.match(/0/g) ?? []).length,
    fracMax: (fracPart.match(/[0#?]/g) ?? []).length,
    grouping: /[0#?],[0#?]/.test(intPart),
    percent,
    scientific,
    text,
  };
  patternCache.set(section, p);
  return p;
}

function groupDigits(int: string, sep: string): string {
  let out = '';
  for (let i = 0; i < int.length; i++) {
    if (i > 0 && (int.length - i) % 3 === 0) out += sep;
    out += int[i];
  }
  return out;
}

function formatWithPattern(n: number, p: NumberPattern, loc: LocaleInfo, withSign: boolean): string {
  let x = Math.abs(n) * Math.pow(100, p.percent);
  if (p.scientific) {
    const [m, e] = x.toExponential(p.fracMax).split('e');
    let mant = m;
    if (mant.includes('.')) {
      const a = mant.split('.')[0];
      let b = mant.split('.')[1];
      while (b.length > p.fracMin && b.endsWith('0')) b = b.slice(0, -1);
      mant = b ? `${a}${loc.decimal}${b}` : a;
    }
    const exp = Number(e);
    const body = `${mant}E${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(p.scientific.expDigits, '0')}`;
    return `${withSign && n < 0 ? '-' : ''}${p.prefix}${body}${p.suffix}`;
  }
  x = Number(x.toFixed(Math.min(p.fracMax, 20)));
  let [int, frac = ''] = x.toFixed(Math.min(p.fracMax, 20)).split('.');
  while (frac.length > p.fracMin && frac.endsWith('0')) frac = frac.slice(0, -1);
  if (int === '0' && p.intMin === 0) int = '';
  int = int.padStart(p.intMin, '0');
  if (p.grouping) int = groupDigits(int, loc.group);
  const negative = withSign && n < 0 && (x !== 0 || frac !== '');
  return `${negative ? '-' : ''}${p.prefix}${int}${frac ? loc.decimal + frac : ''}${p.suffix}`;
}

// ---------------------------------------------------------------------------------------------
// Date formats
// ---------------------------------------------------------------------------------------------

type DateToken =
  | { t: 'lit'; v: string }
  | { t: 'y'; n: number }
  | { t: 'm'; n: number; minute?: boolean }
  | { t: 'd'; n: number }
  | { t: 'h'; n: number }
  | { t: 's'; n: number; frac: number }
  | { t: 'ampm'; short: boolean }
  | { t: 'elapsed'; unit: 'h' | 'm' | 's'; n: number };

const dateTokenCache = new Map<string, DateToken[]>();

function tokenizeDate(section: string): DateToken[] {
  const cached = dateTokenCache.get(section);
  if (cached) return cached;
  const out: DateToken[] = [];
  const lower = section.toLowerCase();
  for (let i = 0; i < section.length; ) {
    const ch = lower[i];
    const run = (c: string) => {
      let j = i;
      while (lower[j] === c) j++;
      return j - i;
    };
    if (section[i] === '"') {
      const end = section.indexOf('"', i + 1);
      out.push({ t: 'lit', v: section.slice(i + 1, end < 0 ? undefined : end) });
      i = end < 0 ? section.length : end + 1;
    } else if (section[i] === '\\') {
      out.push({ t: 'lit', v: section[i + 1] ?? '' });
      i += 2;
    } else if (ch === '[') {
      const end = section.indexOf(']', i);
      const inner = lower.slice(i + 1, end < 0 ? undefined : end);
      if (/^(h+|m+|s+)$/.test(inner)) out.push({ t: 'elapsed', unit: inner[0] as 'h' | 'm' | 's', n: inner.length });
      i = end < 0 ? section.length : end + 1;
    } else if (lower.startsWith('am/pm', i)) {
      out.push({ t: 'ampm', short: false });
      i += 5;
    } else if (lower.startsWith('a/p', i)) {
      out.push({ t: 'ampm', short: true });
      i += 3;
    } else if (ch === 'y' || ch === 'e') {
      const n = run(ch);
      out.push({ t: 'y', n: ch === 'e' ? 4 : n });
      i += n;
    } else if (ch === 'm' || ch === 'd' || ch === 'h') {
      const n = run(ch);
      out.push({ t: ch, n } as DateToken);
      i += n;
    } else if (ch === 's') {
      const n = run('s');
      i += n;
      let frac = 0;
      if (lower[i] === '.' && lower[i + 1] === '0') {
        i++;
        while (lower[i] === '0') {
          frac++;
          i++;
        }
      }
      out.push({ t: 's', n, frac });
    } else {
      const last = out[out.length - 1];
      if (last && last.t === 'lit') last.v += section[i];
      else out.push({ t: 'lit', v: section[i] });
      i++;
    }
  }
  // "m" is minutes right after an hour or right before a second, month otherwise.
  const fields = out.filter((t) => t.t !== 'lit');
  fields.forEach((tok, k) => {
    if (tok.t !== 'm' || tok.n > 2) return;
    const prev = fields[k - 1];
    const next = fields[k + 1];
    if ((prev && (prev.t === 'h' || (prev.t === 'elapsed' && prev.unit === 'h'))) || (next && next.t === 's')) tok.minute = true;
  });
  dateTokenCache.set(section, out);
  return out;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

function formatDateParts(w: WallClock, serial: number, section: string, loc: LocaleInfo): string {
  const tokens = tokenizeDate(section);
  const twelve = tokens.some((t) => t.t === 'ampm');
  let out = '';
  for (const tok of tokens) {
    switch (tok.t) {
      case 'lit':
        out += tok.v;
        break;
      case 'y':
        out += tok.n <= 2 ? pad(w.year % 100) : String(w.year);
        break;
      case 'm':
        if (tok.minute) out += tok.n === 1 ? String(w.minute) : pad(w.minute);
        else if (tok.n === 1) out += String(w.month);
        else if (tok.n === 2) out += pad(w.month);
        else if (tok.n === 3) out += loc.monthsShort[w.month - 1];
        else if (tok.n === 5) out += loc.monthsLong[w.month - 1][0];
        else out += loc.monthsLong[w.month - 1];
        break;
      case 'd':
        if (tok.n === 1) out += String(w.day);
        else if (tok.n === 2) out += pad(w.day);
        else if (tok.n === 3) out += loc.daysShort[w.weekday];
        else out += loc.daysLong[w.weekday];
        break;
      case 'h': {
        const h = twelve ? ((w.hour + 11) % 12) + 1 : w.hour;
        out += tok.n === 1 ? String(h) : pad(h);
        break;
      }
      case 's':
        out += tok.n === 1 ? String(w.second) : pad(w.second);
        if (tok.frac) out += loc.decimal + pad(w.millisecond, 3).slice(0, tok.frac).padEnd(tok.frac, '0');
        break;
      case 'ampm':
        out += tok.short ? (w.hour < 12 ? loc.am[0] : loc.pm[0]) : w.hour < 12 ? loc.am : loc.pm;
        break;
      case 'elapsed': {
        const total = Math.floor(serial * 86400 + 1e-6);
        const v = tok.unit === 'h' ? Math.floor(total / 3600) : tok.unit === 'm' ? Math.floor(total / 60) : total;
        out += pad(v, tok.n);
        break;
      }
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Display values
// ---------------------------------------------------------------------------------------------

export type Scalar = string | number | boolean | Date;

/**
 * What Range.getDisplayValue() shows for a value in a cell with this number format, in the
 * spreadsheet's locale and time zone. `format` undefined means the automatic format.
 */
export function displayValue(value: Scalar, format: string | undefined, locale: string, tz: string): string {
  if (value === '' || value === null || value === undefined) return '';
  const loc = localeInfo(locale);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  const fmt = format && format !== AUTOMATIC_FORMAT && !/^general$/i.test(format) ? format : undefined;
  if (typeof value === 'string') {
    if (!fmt) return value;
    const sections = splitSections(fmt);
    const textSection = sections.length >= 4 ? sections[3] : sections.find((s) => parseNumberSection(s).text);
    if (!textSection) return value;
    const p = parseNumberSection(textSection);
    return `${p.prefix}${p.suffix}`.replace('@', value);
  }
  if (isDate(value)) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) return '';
    const useFmt = fmt && isDateFormat(fmt) ? splitSections(fmt)[0] : fmt ? undefined : loc.dateTimeFormat;
    if (useFmt) return formatDateParts(wallClock(ms, tz), serialOf(ms, tz), useFmt, loc);
    return displayValue(serialOf(ms, tz), fmt, locale, tz);
  }
  const n = value;
  if (!fmt || fmt === TEXT_FORMAT) return automaticNumber(n, loc);
  if (isDateFormat(fmt)) {
    const ms = instantOfSerial(n, tz);
    return formatDateParts(wallClock(ms, tz), n, splitSections(fmt)[0], loc);
  }
  const sections = splitSections(fmt);
  if (sections.length === 1) return formatWithPattern(n, parseNumberSection(sections[0]), loc, true);
  if (n < 0) return formatWithPattern(n, parseNumberSection(sections[1]), loc, false);
  if (n === 0 && sections.length >= 3) return formatWithPattern(n, parseNumberSection(sections[2]), loc, false);
  return formatWithPattern(n, parseNumberSection(sections[0]), loc, true);
}

// ---------------------------------------------------------------------------------------------
// User-entered parsing
// ---------------------------------------------------------------------------------------------

export type Entered =
  | { kind: 'formula'; formula: string }
  | { kind: 'value'; value: Scalar; format?: string };

function twoDigitYear(y: number): number {
  // Sheets (like Excel): 00–29 are 2000–2029, 30–99 are 1930–1999.
  return y < 30 ? 2000 + y : 1900 + y;
}

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

const TIME_RE = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3}))?)?\s*(am|pm|sa|ch)?$/i;

function parseTime(text: string): { h: number; mi: number; s: number; ms: number; seconds: boolean } | null {
  const m = TIME_RE.exec(text);
  if (!m) return null;
  let h = Number(m[1]);
  const mi = Number(m[2]);
  const s = m[3] ? Number(m[3]) : 0;
  const ms = m[4] ? Number(m[4].padEnd(3, '0')) : 0;
  const ampm = m[5]?.toLowerCase();
  if (ampm) {
    if (h < 1 || h > 12) return null;
    if (ampm === 'pm' || ampm === 'ch') h = (h % 12) + 12;
    else h = h % 12;
  }
  if (h > 23 || mi > 59 || s > 59) return null;
  return { h, mi, s, ms, seconds: !!m[3] };
}

/** Escapes a string for use inside a RegExp. */
function reEscape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Reads a number as typed in the locale: "123", "1,5" / "1.5", "1.234,5" / "1,234.5", "50%",
 * "1,5E3". Returns the number and the format Sheets applies on entry (grouping, percent,
 * scientific), or null when the text is not a number in that locale.
 *
 * Assumption (documented, Sheets' reference is silent): in a decimal-comma locale such as
 * vi_VN, "1.5" is not a number (the dot only groups thousands, in threes), so it stays text;
 * "1.234" is 1234.
 */
export function parseLocaleNumber(text: string, loc: LocaleInfo): { value: number; format?: string } | null {
  const t = text.trim();
  if (!t || !/\d/.test(t)) return null;
  const d = reEscape(loc.decimal);
  const g = reEscape(loc.group);
  let body = t;
  let percent = false;
  if (body.endsWith('%')) {
    percent = true;
    body = body.slice(0, -1).trim();
  }
  const plain = new RegExp(`^[+-]?(?:\\d+(?:${d}\\d*)?|${d}\\d+)$`);
  const grouped = new RegExp(`^[+-]?\\d{1,3}(?:${g}\\d{3})+(?:${d}\\d*)?$`);
  const sci = new RegExp(`^[+-]?(?:\\d+(?:${d}\\d*)?|${d}\\d+)[eE][+-]?\\d+$`);
  let format: string | undefined;
  let normal: string;
  if (plain.test(body)) {
    normal = body.replace(loc.decimal, '.');
  } else if (grouped.test(body)) {
    normal = body.split(loc.group).join('').replace(loc.decimal, '.');
    const decimals = (normal.split('.')[1] ?? '').length;
    format = decimals > 0 ? `#,##0.${'0'.repeat(decimals)}` : '#,##0';
  } else if (!percent && sci.test(body)) {
    normal = body.replace(loc.decimal, '.');
    format = '0.00E+00';
  } else {
    return null;
  }
  let value = Number(normal);
  if (!Number.isFinite(value)) return null;
  if (percent) {
    const decimals = (normal.split('.')[1] ?? '').length;
    value = Number((value / 100).toPrecision(15));
    format = decimals > 0 ? '0.00%' : '0%';
  }
  return { value, format };
}

/**
 * Parses text as Sheets does when a person types it into a cell in the spreadsheet's locale
 * (Apps Script's setValue/setValues/appendRow behave so: "USER_ENTERED"):
 * - "'…": the rest is text; the apostrophe is not part of the value;
 * - "=…": a formula; "+…" / "-…" that is not a number: a formula too ("=" prefixed), as
 *   Sheets reads such input (so "- Sở Nội vụ;" shows #ERROR!, a known Sheets pitfall);
 * - TRUE / FALSE (any case): booleans;
 * - numbers in the locale (see parseLocaleNumber); "0912…" loses its leading zero as in Sheets;
 * - dates in the locale's order (vi_VN: dd/MM/yyyy, d/M/yy, dd-MM-yyyy), ISO yyyy-MM-dd,
 *   optionally followed by a time; dd/MM alone is a date in the current year; hh:mm[:ss] is a
 *   time (on 30/12/1899, as Sheets stores times);
 * - anything else is text, unchanged (not trimmed).
 * Dates and numbers come with the number format Sheets applies on entry.
 */
export function parseUserEntered(text: string, locale: string, tz: string, nowMs: number): Entered {
  if (text === '') return { kind: 'value', value: '' };
  if (text.startsWith("'")) return { kind: 'value', value: text.slice(1) };
  if (text.length > 1 && text.startsWith('=')) return { kind: 'formula', formula: text };
  // Fast path: text starting with a letter is text, but for TRUE/FALSE.
  if (text.charCodeAt(0) > 64 && text.length !== 4 && text.length !== 5) return { kind: 'value', value: text };
  const loc = localeInfo(locale);
  const t = text.trim();
  if (/^true$/i.test(t)) return { kind: 'value', value: true };
  if (/^false$/i.test(t)) return { kind: 'value', value: false };
  const num = parseLocaleNumber(t, loc);
  if (num) return { kind: 'value', value: num.value, format: num.format };
  if (text.length > 1 && (text.startsWith('+') || text.startsWith('-'))) return { kind: 'formula', formula: `=${text}` };
  const date = parseDateTime(t, loc, tz, nowMs);
  if (date) return { kind: 'value', value: date.value, format: date.format };
  return { kind: 'value', value: text };
}

function parseDateTime(t: string, loc: LocaleInfo, tz: string, nowMs: number): { value: Date; format: string } | null {
  const time = parseTime(t);
  if (time) {
    return {
      value: new Date(fromWallClock(tz, 1899, 12, 30, time.h, time.mi, time.s, time.ms)),
      format: loc.timeFormat,
    };
  }
  let y: number;
  let mo: number;
  let d: number;
  let rest: string;
  const iso = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[ T]+(.+))?$/.exec(t);
  const local = /^(\d{1,2})([/-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?:\s+(.+))?$/.exec(t);
  if (iso) {
    y = Number(iso[1]);
    mo = Number(iso[2]);
    d = Number(iso[3]);
    rest = iso[4] ?? '';
  } else if (local) {
    const a = Number(local[1]);
    const b = Number(local[3]);
    d = loc.dayFirst ? a : b;
    mo = loc.dayFirst ? b : a;
    if (local[4] === undefined) {
      // dd/MM without a year: the current year (Sheets' behaviour). Only with "/".
      if (local[2] !== '/' || local[5]) return null;
      y = wallClock(nowMs, tz).year;
    } else {
      y = local[4].length === 2 ? twoDigitYear(Number(local[4])) : Number(local[4]);
    }
    rest = local[5] ?? '';
  } else {
    return null;
  }
  if (!validYmd(y, mo, d)) return null;
  if (!rest) return { value: new Date(fromWallClock(tz, y, mo, d)), format: loc.dateFormat };
  const tm = parseTime(rest.trim());
  if (!tm) return null;
  return {
    value: new Date(fromWallClock(tz, y, mo, d, tm.h, tm.mi, tm.s, tm.ms)),
    format: tm.seconds ? loc.dateTimeFormat : loc.dateTimeFormat.replace(/:ss$/, ''),
  };
}
