/**
 * Thin adapters over SpreadsheetApp: read a sheet in one getValues, write contiguous blocks
 * in one setValues each. Everything else happens on plain arrays in src/core.
 */
import { findColumns } from '../core/schema';
import { vnStartOf } from '../core/dates';
import { cellText } from '../core/text';
import type { IsoDate } from '../core/types';
import { openSpreadsheet, spreadsheetLock } from './target';

export type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
export type Sheet = GoogleAppsScript.Spreadsheet.Sheet;
export type Range = GoogleAppsScript.Spreadsheet.Range;

/** The spreadsheet this run works on (src/server/target.ts: opened by its stored id where none is active). */
export function activeSpreadsheet(): Spreadsheet {
  return openSpreadsheet();
}

/** Every value of a sheet, header row first: one call for the range, one getValues. [] when empty. */
export function readSheet(sheet: Sheet | null): unknown[][] {
  if (!sheet) return [];
  const values = sheet.getDataRange().getValues();
  if (values.length === 1 && values[0].every((v) => v === '')) return [];
  return values;
}

/** Column positions (0-based) of known headers in a header row. */
export function columnIndex<K extends string>(header: unknown[], columns: Record<K, string>) {
  return findColumns(header, columns);
}

/** A Date for a calendar date: midnight in Vietnam, which Sheets shows as that date. */
export function dateCell(iso: IsoDate | null): Date | string {
  return iso ? new Date(vnStartOf(iso)) : '';
}

/** User text for a cell: never taken as a formula. */
export function textCell(text: unknown): string {
  return cellText(text);
}

/**
 * Writes columns of a block of rows, grouping adjacent columns so that each contiguous run is
 * one setValues. `columns` maps 0-based column index to that column's values (one per row).
 */
export function writeColumns(sheet: Sheet, firstRow: number, columns: Map<number, unknown[]>): number {
  const indexes = [...columns.keys()].sort((a, b) => a - b);
  let writes = 0;
  let i = 0;
  while (i < indexes.length) {
    let j = i;
    while (j + 1 < indexes.length && indexes[j + 1] === indexes[j] + 1) j++;
    const run = indexes.slice(i, j + 1);
    const rows = columns.get(run[0])!.length;
    if (rows > 0) {
      const block: unknown[][] = [];
      for (let r = 0; r < rows; r++) block.push(run.map((c) => columns.get(c)![r]));
      sheet.getRange(firstRow, run[0] + 1, rows, run.length).setValues(block);
      writes++;
    }
    i = j + 1;
  }
  return writes;
}

/**
 * Makes sure the sheet's grid reaches `lastRow`: Sheets refuses a range outside the grid
 * (getRange throws), so appending past the last row first grows the sheet. Constant calls.
 */
export function ensureRows(sheet: Sheet, lastRow: number): void {
  const max = sheet.getMaxRows();
  if (lastRow > max) sheet.insertRowsAfter(max, lastRow - max);
}

/** Runs `fn` holding this spreadsheet's lock (src/server/target.ts: the script lock in the bound script, the document lock in the add-on); sidebar, web app and triggers all write the sheet. */
export function withScriptLock<T>(fn: () => T, timeoutMs = 20000): T {
  const lock = spreadsheetLock();
  try {
    lock.waitLock(timeoutMs);
  } catch {
    throw new UserError('Bảng tính đang bận (một người khác hoặc nhắc việc tự động đang ghi). Vui lòng thử lại sau ít phút.');
  }
  try {
    return fn();
  } finally {
    lock.releaseLock();
  }
}

/** An error whose message is meant for the user, in Vietnamese. */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}
