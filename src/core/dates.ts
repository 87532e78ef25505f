/**
 * Calendar dates as plain `YYYY-MM-DD` strings, computed in UTC arithmetic so that the
 * result never depends on the machine's time zone. Instants are converted to dates in
 * Asia/Ho_Chi_Minh (UTC+7, no daylight saving).
 */
import type { IsoDate } from './types';

/** Asia/Ho_Chi_Minh's offset from UTC, in minutes. Vietnam has no daylight saving. */
export const VN_OFFSET_MINUTES = 7 * 60;

const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Parts of an ISO date; throws on a malformed one. */
export function dateParts(date: IsoDate): { year: number; month: number; day: number } {
  const m = ISO_RE.exec(date);
  if (!m) throw new Error(`Not an ISO date: ${date}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

export function isValidDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  // Every month has 28 days: only later days need the calendar (bench/run.ts).
  return day <= 28 || day <= daysInMonth(year, month);
}

export function isIsoDate(text: unknown): text is IsoDate {
  if (typeof text !== 'string') return false;
  const m = ISO_RE.exec(text);
  return !!m && isValidDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function endOfMonth(year: number, month: number): IsoDate {
  return isoDate(year, month, daysInMonth(year, month));
}

function toUtcMs(date: IsoDate): number {
  const { year, month, day } = dateParts(date);
  return Date.UTC(year, month - 1, day);
}

function fromUtcMs(ms: number): IsoDate {
  const d = new Date(ms);
  return isoDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtcMs(toUtcMs(date) + days * 86400000);
}

/** Whole days from `a` to `b` (b - a). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtcMs(b) - toUtcMs(a)) / 86400000);
}

/** ISO weekday, 1 = Monday … 7 = Sunday. */
export function weekday(date: IsoDate): number {
  const d = new Date(toUtcMs(date)).getUTCDay();
  return d === 0 ? 7 : d;
}

/** The calendar date in Vietnam at an instant (ms since epoch). */
export function vnDateOf(ms: number): IsoDate {
  return fromUtcMs(ms + VN_OFFSET_MINUTES * 60000 - (((ms + VN_OFFSET_MINUTES * 60000) % 86400000) + 86400000) % 86400000);
}

/** The hour (0–23) in Vietnam at an instant. */
export function vnHourOf(ms: number): number {
  return new Date(ms + VN_OFFSET_MINUTES * 60000).getUTCHours();
}

/** An instant as ISO 8601 in Vietnam's offset: `2024-03-08T07:00:00+07:00`. */
export function vnDateTime(ms: number): string {
  const d = new Date(ms + VN_OFFSET_MINUTES * 60000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}+07:00`;
}

/** The instant at which a Vietnam calendar date starts. */
export function vnStartOf(date: IsoDate): number {
  return toUtcMs(date) - VN_OFFSET_MINUTES * 60000;
}

/** `dd/mm/yyyy`, as Vietnamese officials write dates in tables. */
export function formatDmy(date: IsoDate): string {
  if (!ISO_RE.test(date)) throw new Error(`Not an ISO date: ${date}`);
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

/**
 * The date line of an administrative document (Nghị định 30/2020, Phụ lục I): days below 10
 * and months 1 and 2 take a leading zero: "ngày 05 tháng 3 năm 2024", "ngày 15 tháng 01 năm 2024".
 */
export function formatDecreeDate(date: IsoDate): string {
  const { year, month, day } = dateParts(date);
  const dd = String(day).padStart(2, '0');
  const mm = month <= 2 ? String(month).padStart(2, '0') : String(month);
  return `ngày ${dd} tháng ${mm} năm ${year}`;
}

/**
 * Reads a date as people type it: `dd/mm/yyyy`, `d/m/yyyy`, `dd-mm-yyyy`, `dd.mm.yyyy`, or ISO.
 * A two-digit year is read as 20yy. Returns null when it is not a real date.
 */
export function parseDmy(text: string): IsoDate | null {
  const t = text.trim();
  if (isIsoDate(t)) return t;
  const m = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})$/.exec(t);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  let year = Number(m[3]);
  if (m[3].length === 2) year += 2000;
  return isValidDate(year, month, day) ? isoDate(year, month, day) : null;
}

const ROMAN = ['', 'I', 'II', 'III', 'IV'];

/** Quarter 1–4 in Roman numerals, as Vietnamese documents write them. */
export function romanQuarter(q: number): string {
  if (q < 1 || q > 4 || !Number.isInteger(q)) throw new Error(`Not a quarter: ${q}`);
  return ROMAN[q];
}

export function quarterOf(date: IsoDate): number {
  return Math.floor((dateParts(date).month - 1) / 3) + 1;
}

export function minDate(a: IsoDate, b: IsoDate): IsoDate {
  return a <= b ? a : b;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a >= b ? a : b;
}
