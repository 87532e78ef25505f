/**
 * Reading cell values as getValues returns them: strings, numbers, booleans, Date objects
 * (for date cells), and "" for empty cells.
 */
import type { IsoDate } from './types';
import { parseDmy, vnDateOf } from './dates';
import { clean } from './text';

/** Is this a Date (from any realm: the sandbox's or Node's)? */
export function isDateValue(v: unknown): v is Date {
  // Most cells are strings and numbers: answer those without boxing them (bench/run.ts).
  if (typeof v !== 'object' || v === null) return false;
  return Object.prototype.toString.call(v) === '[object Date]' && !Number.isNaN((v as Date).getTime());
}

/** A date cell (a Date at midnight in Vietnam) or a typed date text, as an ISO date; else null. */
export function cellDate(v: unknown): IsoDate | null {
  if (isDateValue(v)) return vnDateOf(v.getTime());
  if (typeof v === 'string') return parseDmy(clean(v));
  return null;
}

/** Text of a cell: NFC, trimmed, spaces collapsed; numbers as typed ("1"), dates as dd/mm/yyyy. */
export function readText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (isDateValue(v)) {
    const d = vnDateOf(v.getTime());
    return `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;
  }
  return clean(v);
}

/** Text of a cell keeping its line breaks (for long texts): NFC, lines trimmed. */
export function cellMultiline(v: unknown): string {
  if (typeof v !== 'string') return readText(v);
  // One line with nothing to collapse or trim (most notes): only NFC (bench/run.ts).
  if (!/[\r\n\t\u00a0]| {2}|^\s|\s$/.test(v)) return v.normalize('NFC');
  return v
    .normalize('NFC')
    .split(/\r?\n/)
    .map((l) => l.replace(/[\t \u00a0]+/g, ' ').trim())
    .join('\n')
    .trim();
}

/** A percentage cell: 0.5 formatted as 50% reads 50 only when the caller says the cell is a fraction. */
export function cellNumber(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const t = clean(v).replace(/%$/, '').replace(/\s/g, '').replace(',', '.');
    if (t === '') return null;
    const n = Number(t);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** An instant cell (date-time) as an ISO string, or null. */
export function cellInstant(v: unknown): string | null {
  if (isDateValue(v)) return v.toISOString();
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v.trim()) && !Number.isNaN(Date.parse(v.trim()))) return v.trim();
  return null;
}
