/**
 * The in-memory bound spreadsheet of the emulator: a workbook of sheets, each a grid of cells
 * with Sheets' content (values, formulas, notes) and formats (background, font, number format,
 * alignment, wrap, data validation), plus sheet properties (frozen rows, column widths, size,
 * tab colour, hidden).
 *
 * Storage: each sheet keeps its contents in dense row arrays (`rows[r][c]`, 0-based, holes for
 * empty cells) and its formats in a parallel sparse structure created only for cells that have
 * one, so a 100,000-row sheet reads in one linear pass.
 *
 * Formulas: the emulator cannot evaluate Sheets' whole formula language. It evaluates, at read
 * time, what the product's sheets use: literals, arithmetic (+ - * / ^ %), & and comparisons,
 * references to cells and ranges (also on other sheets, whole columns "A:A"), and the functions
 * listed in FUNCTIONS below. Any other function gives "#NAME?" (what Sheets shows for an unknown
 * function), a formula that does not parse gives "#ERROR!" (Sheets' "Formula parse error"),
 * a circular reference "#REF!", as Apps Script's getValue returns such errors as strings.
 * So a value starting with "=" never comes back from getValues as if it were text.
 * Limits: references in formulas are not rewritten when rows/columns are inserted or deleted or
 * a sheet is renamed (Sheets rewrites them); formula text is stored as written (Sheets
 * upper-cases function names).
 */
import { randomBytes, randomInt } from 'node:crypto';
import {
  AUTOMATIC_FORMAT,
  displayValue,
  fromWallClock,
  instantOfSerial,
  isDate,
  isDateFormat,
  isNumericFormat,
  localeInfo,
  serialOf,
  wallClock,
  type Scalar,
} from './format';

export type CellValue = string | number | boolean | Date;

/** A formula as written, with its leading "=". */
export class Formula {
  constructor(readonly text: string) {}
}

export type CellContent = CellValue | Formula;

/** Names of SpreadsheetApp.DataValidationCriteria. */
export type CriteriaType =
  | 'DATE_AFTER'
  | 'DATE_BEFORE'
  | 'DATE_BETWEEN'
  | 'DATE_EQUAL_TO'
  | 'DATE_IS_VALID_DATE'
  | 'DATE_NOT_BETWEEN'
  | 'DATE_ON_OR_AFTER'
  | 'DATE_ON_OR_BEFORE'
  | 'NUMBER_BETWEEN'
  | 'NUMBER_EQUAL_TO'
  | 'NUMBER_GREATER_THAN'
  | 'NUMBER_GREATER_THAN_OR_EQUAL_TO'
  | 'NUMBER_LESS_THAN'
  | 'NUMBER_LESS_THAN_OR_EQUAL_TO'
  | 'NUMBER_NOT_BETWEEN'
  | 'NUMBER_NOT_EQUAL_TO'
  | 'TEXT_CONTAINS'
  | 'TEXT_DOES_NOT_CONTAIN'
  | 'TEXT_EQUAL_TO'
  | 'TEXT_IS_VALID_EMAIL'
  | 'TEXT_IS_VALID_URL'
  | 'VALUE_IN_LIST'
  | 'VALUE_IN_RANGE'
  | 'CUSTOM_FORMULA'
  | 'CHECKBOX';

/** A rectangle of one sheet, 1-based. */
export interface GridRef {
  sheet: SheetModel;
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

/**
 * A data-validation rule. `args` are the criteria values as Apps Script's getCriteriaValues
 * gives them, except that a range is a GridRef: VALUE_IN_LIST: [string[], showDropdown];
 * VALUE_IN_RANGE: [GridRef, showDropdown]; NUMBER_BETWEEN: [min, max]; CHECKBOX: [] or
 * [checked] or [checked, unchecked]…
 */
export interface ValidationRule {
  readonly criteria: CriteriaType;
  readonly args: readonly unknown[];
  /** true: a warning only (Sheets' default for new rules); false: "Reject input". */
  readonly allowInvalid: boolean;
  readonly helpText: string | null;
}

export type WrapName = 'WRAP' | 'OVERFLOW' | 'CLIP';

/** Everything of a cell besides its content. Format fields are all but note and validation. */
export interface CellMeta {
  note?: string;
  background?: string;
  bold?: boolean;
  italic?: boolean;
  fontColor?: string;
  fontSize?: number;
  numberFormat?: string;
  hAlign?: string;
  vAlign?: string;
  wrap?: WrapName;
  validation?: ValidationRule;
}

const FORMAT_KEYS = ['background', 'bold', 'italic', 'fontColor', 'fontSize', 'numberFormat', 'hAlign', 'vAlign', 'wrap'] as const;

function isMetaEmpty(m: CellMeta): boolean {
  for (const k in m) if ((m as Record<string, unknown>)[k] !== undefined) return false;
  return true;
}

/** Formats (and validation) a new row or column takes from its neighbour, without the note. */
function inheritedMeta(m: CellMeta | undefined): CellMeta | undefined {
  if (!m) return undefined;
  const out: CellMeta = {};
  for (const k of FORMAT_KEYS) if (m[k] !== undefined) (out as Record<string, unknown>)[k] = m[k];
  if (m.validation) out.validation = m.validation;
  return isMetaEmpty(out) ? undefined : out;
}

export const DEFAULT_COLUMN_WIDTH = 100;
export const DEFAULT_ROW_HEIGHT = 21;

// ---------------------------------------------------------------------------------------------
// A1 notation
// ---------------------------------------------------------------------------------------------

/** 1 → "A", 27 → "AA". */
export function columnLetters(column: number): string {
  let s = '';
  let n = column;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** "A" → 1, "aa" → 27. */
export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** "B3" for (3, 2); "B3:C4" for a larger rectangle. */
export function a1Of(row: number, column: number, numRows = 1, numColumns = 1): string {
  const first = `${columnLetters(column)}${row}`;
  if (numRows === 1 && numColumns === 1) return first;
  return `${first}:${columnLetters(column + numColumns - 1)}${row + numRows - 1}`;
}

/** A sheet name as A1 notation needs it: quoted when not a plain word. */
export function quoteSheetName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

export interface A1Parts {
  sheetName: string | null;
  /** 1-based; null for an open side ("A:A" has no rows, "2:2" no columns). */
  row1: number | null;
  col1: number | null;
  row2: number | null;
  col2: number | null;
}

const A1_END = /^\$?([A-Za-z]{1,3})?\$?(\d+)?$/;

/** Parses "A1", "A1:B2", "A:C", "2:5", "A2:C", with an optional "Sheet!" or "'Kế hoạch'!". */
export function parseA1(text: string): A1Parts | null {
  let s = text.trim();
  let sheetName: string | null = null;
  const quoted = /^'((?:[^']|'')+)'!(.*)$/s.exec(s);
  if (quoted) {
    sheetName = quoted[1].replace(/''/g, "'");
    s = quoted[2];
  } else {
    const bang = s.lastIndexOf('!');
    if (bang >= 0) {
      sheetName = s.slice(0, bang);
      s = s.slice(bang + 1);
    }
  }
  const [a, b, extra] = s.split(':');
  if (extra !== undefined || !a) return null;
  const m1 = A1_END.exec(a);
  if (!m1 || (!m1[1] && !m1[2])) return null;
  const r1 = m1[2] ? Number(m1[2]) : null;
  const c1 = m1[1] ? columnNumber(m1[1]) : null;
  if (b === undefined) {
    if (r1 === null || c1 === null) return null;
    return { sheetName, row1: r1, col1: c1, row2: r1, col2: c1 };
  }
  const m2 = A1_END.exec(b);
  if (!m2 || (!m2[1] && !m2[2])) return null;
  const r2 = m2[2] ? Number(m2[2]) : null;
  const c2 = m2[1] ? columnNumber(m2[1]) : null;
  if ((c1 === null) !== (c2 === null) && !(r1 !== null && c1 !== null)) return null;
  if (r1 === 0 || r2 === 0) return null;
  return { sheetName, row1: r1, col1: c1, row2: r2, col2: c2 };
}

/** The rectangle of parsed A1 notation on a sheet (open sides run to the sheet's edge). */
export function gridOfA1(parts: A1Parts, sheet: SheetModel): GridRef {
  const r1 = parts.row1 ?? 1;
  const c1 = parts.col1 ?? 1;
  const r2 = parts.row2 ?? (parts.row1 !== null && parts.col2 === null ? parts.row1 : sheet.maxRows);
  const c2 = parts.col2 ?? (parts.col1 !== null && parts.row2 === null ? parts.col1 : sheet.maxColumns);
  const top = Math.min(r1, r2);
  const left = Math.min(c1, c2);
  return { sheet, row: top, column: left, numRows: Math.abs(r2 - r1) + 1, numColumns: Math.abs(c2 - c1) + 1 };
}

// ---------------------------------------------------------------------------------------------
// Sheet
// ---------------------------------------------------------------------------------------------

/** A merged block of cells, 1-based. */
export interface Merge {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

/** Is `inner` wholly inside `outer`? */
export function mergeInside(inner: Merge, outer: Merge): boolean {
  return (
    inner.row >= outer.row &&
    inner.column >= outer.column &&
    inner.row + inner.numRows <= outer.row + outer.numRows &&
    inner.column + inner.numColumns <= outer.column + outer.numColumns
  );
}

/** Do two blocks share a cell? */
export function blocksOverlap(a: Merge, b: Merge): boolean {
  return a.row < b.row + b.numRows && b.row < a.row + a.numRows && a.column < b.column + b.numColumns && b.column < a.column + a.numColumns;
}

export class SheetModel {
  /** Contents, 0-based rows of 0-based cells; undefined = empty. */
  rows: (CellContent | undefined)[][] = [];
  /** Notes, formats and validations, same indexing, created only where needed. */
  meta: ((CellMeta | undefined)[] | undefined)[] = [];
  maxRows = 1000;
  maxColumns = 26;
  frozenRows = 0;
  frozenColumns = 0;
  /** px by 0-based column; undefined = default (100 px). */
  columnWidths: (number | undefined)[] = [];
  /** px by 0-based row; undefined = default (21 px). */
  rowHeights: (number | undefined)[] = [];
  tabColor: string | null = null;
  hidden = false;
  /**
   * Merged blocks (1-based, never overlapping, each at least two cells). Sheets keeps a
   * merge's value in its top-left cell only: the other cells it covers are always empty here
   * (merging drops their values; writes to them are dropped, see setContent).
   */
  merges: Merge[] = [];
  private extentCache: { version: number; lastRow: number; lastColumn: number } | null = null;

  constructor(
    readonly book: Workbook,
    public name: string,
    public id: number,
  ) {}

  /** Marks the workbook changed (invalidates cached extents). */
  touch(): void {
    this.book.version++;
  }

  content(row: number, column: number): CellContent | undefined {
    const r = this.rows[row - 1];
    return r === undefined ? undefined : r[column - 1];
  }

  /** The merge covering a cell, or undefined. */
  mergeAt(row: number, column: number): Merge | undefined {
    for (const m of this.merges) {
      if (row >= m.row && row < m.row + m.numRows && column >= m.column && column < m.column + m.numColumns) return m;
    }
    return undefined;
  }

  /** Is the cell covered by a merge without being its top-left cell? */
  hiddenByMerge(row: number, column: number): boolean {
    if (!this.merges.length) return false;
    const m = this.mergeAt(row, column);
    return m !== undefined && (m.row !== row || m.column !== column);
  }

  /**
   * Sets a cell's content; "" and undefined empty it. A cell hidden by a merge keeps no value:
   * what is written there is dropped (emulator assumption, see mergeCells).
   */
  setContent(row: number, column: number, value: CellContent | undefined): void {
    const empty = value === undefined || value === '';
    if (!empty && this.hiddenByMerge(row, column)) return;
    let r = this.rows[row - 1];
    if (r === undefined) {
      if (empty) return;
      r = this.rows[row - 1] = [];
    }
    r[column - 1] = empty ? undefined : value;
    this.touch();
  }

  cellMeta(row: number, column: number): CellMeta | undefined {
    const r = this.meta[row - 1];
    return r === undefined ? undefined : r[column - 1];
  }

  /** The cell's meta, created when missing. */
  editMeta(row: number, column: number): CellMeta {
    let r = this.meta[row - 1];
    if (r === undefined) r = this.meta[row - 1] = [];
    let m = r[column - 1];
    if (m === undefined) m = r[column - 1] = {};
    this.touch();
    return m;
  }

  /** Changes one meta field of a cell; undefined removes it. */
  setMeta<K extends keyof CellMeta>(row: number, column: number, key: K, value: CellMeta[K] | undefined): void {
    if (value === undefined) {
      const m = this.cellMeta(row, column);
      if (!m || m[key] === undefined) return;
      delete m[key];
      if (isMetaEmpty(m)) (this.meta[row - 1] as (CellMeta | undefined)[])[column - 1] = undefined;
      this.touch();
      return;
    }
    this.editMeta(row, column)[key] = value;
  }

  /** Removes the format fields of a cell (not its note or validation). */
  clearFormats(row: number, column: number): void {
    const m = this.cellMeta(row, column);
    if (!m) return;
    for (const k of FORMAT_KEYS) delete m[k];
    if (isMetaEmpty(m)) (this.meta[row - 1] as (CellMeta | undefined)[])[column - 1] = undefined;
    this.touch();
  }

  private extent(): { lastRow: number; lastColumn: number } {
    if (this.extentCache && this.extentCache.version === this.book.version) return this.extentCache;
    let lastRow = 0;
    let lastColumn = 0;
    for (let i = this.rows.length - 1; i >= 0; i--) {
      const r = this.rows[i];
      if (r === undefined) continue;
      for (let j = r.length - 1; j >= 0; j--) {
        if (r[j] !== undefined) {
          if (lastRow === 0) lastRow = i + 1;
          if (j + 1 > lastColumn) lastColumn = j + 1;
          break;
        }
      }
    }
    this.extentCache = { version: this.book.version, lastRow, lastColumn };
    return this.extentCache;
  }

  /** The last row with a value or formula, 0 when none (notes and formats do not count). */
  lastRow(): number {
    return this.extent().lastRow;
  }

  /** The last column with a value or formula, 0 when none. */
  lastColumn(): number {
    return this.extent().lastColumn;
  }

  columnWidth(column: number): number {
    return this.columnWidths[column - 1] ?? DEFAULT_COLUMN_WIDTH;
  }

  /**
   * Inserts `count` empty rows so that the first new one is row `at`. They take the formats and
   * validations of row `inheritFrom` (as Sheets' new rows take their neighbour's formatting).
   */
  insertRows(at: number, count: number, inheritFrom: number | null): void {
    const src = inheritFrom !== null ? this.meta[inheritFrom - 1] : undefined;
    const newMeta = () => (src ? src.map(inheritedMeta) : undefined);
    if (this.rows.length >= at) this.rows.splice(at - 1, 0, ...new Array<(CellContent | undefined)[]>(count));
    if (this.meta.length >= at || src) {
      while (this.meta.length < at - 1) this.meta.push(undefined);
      this.meta.splice(at - 1, 0, ...Array.from({ length: count }, newMeta));
    }
    if (this.rowHeights.length >= at) this.rowHeights.splice(at - 1, 0, ...new Array<number | undefined>(count));
    this.shiftMerges('row', at, count);
    this.maxRows += count;
    this.touch();
  }

  deleteRows(at: number, count: number): void {
    this.rows.splice(at - 1, count);
    this.meta.splice(at - 1, count);
    this.rowHeights.splice(at - 1, count);
    this.shiftMerges('row', at, -count);
    this.maxRows -= count;
    if (this.frozenRows > this.maxRows) this.frozenRows = this.maxRows;
    this.touch();
  }

  insertColumns(at: number, count: number, inheritFrom: number | null): void {
    const holes = new Array<undefined>(count);
    for (const r of this.rows) if (r && r.length >= at) r.splice(at - 1, 0, ...holes);
    for (const r of this.meta) {
      if (!r) continue;
      const src = inheritFrom !== null ? r[inheritFrom - 1] : undefined;
      if (r.length < at - 1 && !src) continue;
      while (r.length < at - 1) r.push(undefined);
      r.splice(at - 1, 0, ...Array.from({ length: count }, () => inheritedMeta(src)));
    }
    if (this.columnWidths.length >= at) this.columnWidths.splice(at - 1, 0, ...new Array<number | undefined>(count));
    this.shiftMerges('column', at, count);
    this.maxColumns += count;
    this.touch();
  }

  deleteColumns(at: number, count: number): void {
    for (const r of this.rows) if (r) r.splice(at - 1, count);
    for (const r of this.meta) if (r) r.splice(at - 1, count);
    this.columnWidths.splice(at - 1, count);
    this.shiftMerges('column', at, -count);
    this.maxColumns -= count;
    if (this.frozenColumns > this.maxColumns) this.frozenColumns = this.maxColumns;
    this.touch();
  }

  /**
   * Merges a block: the values of every cell but the top-left are dropped (Sheets' "Merging
   * cells will only preserve the top-leftmost value"), merges wholly inside the block are
   * replaced. The caller has checked that no merge straddles the block's edge.
   */
  addMerge(m: Merge): void {
    this.merges = this.merges.filter((x) => !mergeInside(x, m));
    for (let r = m.row; r < m.row + m.numRows; r++) {
      for (let c = m.column; c < m.column + m.numColumns; c++) if (r !== m.row || c !== m.column) this.setContent(r, c, undefined);
    }
    if (m.numRows * m.numColumns > 1) this.merges.push({ ...m });
    this.touch();
  }

  /** Rows inserted or deleted (count < 0) at `at`: merges below move, merges across grow or shrink. */
  private shiftMerges(axis: 'row' | 'column', at: number, count: number): void {
    if (!this.merges.length) return;
    const size = axis === 'row' ? 'numRows' : 'numColumns';
    const out: Merge[] = [];
    for (const m of this.merges) {
      const start = m[axis];
      const end = start + m[size] - 1;
      const next = { ...m };
      if (count > 0) {
        if (at <= start) next[axis] = start + count;
        else if (at <= end) next[size] = m[size] + count;
      } else {
        const delFirst = at;
        const delLast = at - count - 1;
        const before = Math.max(0, Math.min(end, delFirst - 1) - start + 1);
        const after = Math.max(0, end - Math.max(start, delLast + 1) + 1);
        next[size] = before + after;
        next[axis] = start < delFirst ? start : Math.max(delFirst, start + count);
        if (next[size] === 0) continue;
      }
      if (next.numRows * next.numColumns > 1) out.push(next);
    }
    this.merges = out;
  }

  /** Every cell's meta, with 1-based coordinates. */
  *metaCells(): Generator<[number, number, CellMeta]> {
    for (let i = 0; i < this.meta.length; i++) {
      const r = this.meta[i];
      if (!r) continue;
      for (let j = 0; j < r.length; j++) {
        const m = r[j];
        if (m) yield [i + 1, j + 1, m];
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Workbook
// ---------------------------------------------------------------------------------------------

export interface WorkbookOptions {
  id?: string;
  timeZone?: string;
  locale?: string;
  /** Create no first sheet (loaders add their own). */
  empty?: boolean;
}

function newSpreadsheetId(): string {
  return randomBytes(33).toString('base64url').slice(0, 44);
}

export class Workbook {
  name: string;
  readonly id: string;
  timeZone: string;
  locale: string;
  sheets: SheetModel[] = [];
  /** The active sheet (SpreadsheetApp.getActiveSheet); null: the first one. */
  active: SheetModel | null = null;
  namedRanges = new Map<string, GridRef>();
  /** Bumped on every change. */
  version = 0;
  /** The clock for TODAY()/NOW() and dates typed without a year; the emulator sets its own. */
  now: () => number = () => Date.now();

  constructor(name: string, options: WorkbookOptions = {}) {
    this.name = name;
    this.id = options.id ?? newSpreadsheetId();
    this.timeZone = options.timeZone ?? 'Asia/Ho_Chi_Minh';
    this.locale = options.locale ?? 'vi_VN';
    if (!options.empty) this.addSheet(undefined, undefined, 0);
  }

  get url(): string {
    return `https://docs.google.com/spreadsheets/d/${this.id}/edit`;
  }

  /**
   * The sheet of that name, or undefined. Sheets refuses two names that differ only in case; the
   * getSheetByName reference is silent on case. Assumption: an exact match first, else a match
   * ignoring case (what scripts observe); code should pass the exact name either way.
   */
  sheet(name: string): SheetModel | undefined {
    const exact = this.sheets.find((s) => s.name === name);
    if (exact) return exact;
    const lower = name.toLowerCase();
    return this.sheets.find((s) => s.name.toLowerCase() === lower);
  }

  sheetById(id: number): SheetModel | undefined {
    return this.sheets.find((s) => s.id === id);
  }

  /** The default name of the next new sheet: "Trang tính2"… in vi_VN, "Sheet2"… in en_US. */
  nextSheetName(): string {
    const prefix = localeInfo(this.locale).sheetPrefix;
    for (let n = this.sheets.length + 1; ; n++) {
      const name = `${prefix}${n}`;
      if (!this.sheet(name)) return name;
    }
  }

  /** Adds a sheet (1000 × 26, like a new Google sheet) at a 0-based index (default: last). */
  addSheet(name?: string, index?: number, id?: number): SheetModel {
    const sheetName = name ?? this.nextSheetName();
    let sheetId = id ?? randomInt(1, 2147483647);
    while (this.sheetById(sheetId)) sheetId = randomInt(1, 2147483647);
    const s = new SheetModel(this, sheetName, sheetId);
    const at = index === undefined ? this.sheets.length : Math.max(0, Math.min(index, this.sheets.length));
    this.sheets.splice(at, 0, s);
    this.version++;
    return s;
  }

  removeSheet(sheet: SheetModel): void {
    const i = this.sheets.indexOf(sheet);
    if (i < 0) return;
    this.sheets.splice(i, 1);
    if (this.active === sheet) this.active = null;
    for (const [name, ref] of this.namedRanges) if (ref.sheet === sheet) this.namedRanges.delete(name);
    this.version++;
  }

  activeSheet(): SheetModel {
    if (this.active && this.sheets.includes(this.active)) return this.active;
    return this.sheets.find((s) => !s.hidden) ?? this.sheets[0];
  }

  /**
   * Changes the time zone as Sheets does: cells keep their wall-clock date and time (Sheets
   * stores serial numbers), so the instants of date cells move.
   */
  setTimeZone(tz: string): void {
    const old = this.timeZone;
    if (old === tz) return;
    for (const s of this.sheets) {
      for (const r of s.rows) {
        if (!r) continue;
        for (let j = 0; j < r.length; j++) {
          const v = r[j];
          if (v !== undefined && isDate(v)) {
            const w = wallClock(v.getTime(), old);
            r[j] = new Date(fromWallClock(tz, w.year, w.month, w.day, w.hour, w.minute, w.second, w.millisecond));
          }
        }
      }
    }
    this.timeZone = tz;
    this.version++;
  }

  /**
   * A cell's value as Range.getValue gives it: formulas evaluated, "" for empty, and typed by
   * the number format as Sheets does (a number in a date-formatted cell is a Date; a date in a
   * cell formatted as a number is its serial number). Dates are fresh objects.
   */
  value(sheet: SheetModel, row: number, column: number, ctx: EvalContext = new EvalContext()): CellValue {
    const content = sheet.content(row, column);
    if (content === undefined) return '';
    let v: CellValue;
    if (content instanceof Formula) {
      const r = evaluateCell(this, sheet, row, column, content, ctx);
      v = r instanceof FormulaError ? r.code : r;
    } else {
      v = content;
    }
    const fmt = sheet.cellMeta(row, column)?.numberFormat;
    if (fmt) {
      if (typeof v === 'number' && isDateFormat(fmt)) return new Date(instantOfSerial(v, this.timeZone));
      if (isDate(v) && isNumericFormat(fmt)) return serialOf(v.getTime(), this.timeZone);
    }
    return isDate(v) ? new Date(v.getTime()) : v;
  }

  /** A cell's display value (Range.getDisplayValue). */
  display(sheet: SheetModel, row: number, column: number, ctx: EvalContext = new EvalContext()): string {
    const v = this.value(sheet, row, column, ctx);
    return displayValue(v, sheet.cellMeta(row, column)?.numberFormat, this.locale, this.timeZone);
  }
}

export function createWorkbook(name?: string): Workbook {
  return new Workbook(name ?? localeInfo('vi_VN').untitled);
}

export function sheetNames(wb: Workbook): string[] {
  return wb.sheets.map((s) => s.name);
}

export interface SnapshotCell {
  /** The display value. */
  value: string;
  /** The value; Dates as ISO strings. */
  raw?: string | number | boolean;
  formula?: string;
  note?: string;
  background?: string;
  bold?: boolean;
  /** The choices of a list validation. */
  validation?: string[];
}

export interface SheetSnapshot {
  name: string;
  frozenRows: number;
  columnWidths: number[];
  rows: SnapshotCell[][];
}

/** The used range of a sheet, as the playground page shows it. */
export function sheetSnapshot(wb: Workbook, sheetName: string): SheetSnapshot {
  const sheet = wb.sheet(sheetName);
  if (!sheet) throw new Error(`No sheet named "${sheetName}"`);
  const ctx = new EvalContext();
  const lastRow = sheet.lastRow();
  const lastColumn = sheet.lastColumn();
  const rows: SnapshotCell[][] = [];
  for (let r = 1; r <= lastRow; r++) {
    const line: SnapshotCell[] = [];
    for (let c = 1; c <= lastColumn; c++) {
      const v = wb.value(sheet, r, c, ctx);
      const cell: SnapshotCell = {
        value: displayValue(v, sheet.cellMeta(r, c)?.numberFormat, wb.locale, wb.timeZone),
      };
      if (v !== '') cell.raw = isDate(v) ? v.toISOString() : v;
      const content = sheet.content(r, c);
      if (content instanceof Formula) cell.formula = content.text;
      const m = sheet.cellMeta(r, c);
      if (m?.note) cell.note = m.note;
      if (m?.background) cell.background = m.background;
      if (m?.bold) cell.bold = true;
      const list = m?.validation ? validationChoices(wb, m.validation, ctx) : null;
      if (list) cell.validation = list;
      line.push(cell);
    }
    rows.push(line);
  }
  return {
    name: sheet.name,
    frozenRows: sheet.frozenRows,
    columnWidths: Array.from({ length: lastColumn }, (_, i) => sheet.columnWidth(i + 1)),
    rows,
  };
}

/** The choices of a list or range validation, as text; null for other rules. */
export function validationChoices(wb: Workbook, rule: ValidationRule, ctx: EvalContext = new EvalContext()): string[] | null {
  if (rule.criteria === 'VALUE_IN_LIST') return (rule.args[0] as unknown[]).map((x) => String(x));
  if (rule.criteria === 'VALUE_IN_RANGE') {
    const ref = rule.args[0] as GridRef | null;
    if (!ref || !wb.sheets.includes(ref.sheet)) return [];
    const out: string[] = [];
    for (let i = 0; i < ref.numRows; i++) {
      for (let j = 0; j < ref.numColumns; j++) {
        const d = wb.display(ref.sheet, ref.row + i, ref.column + j, ctx);
        if (d !== '') out.push(d);
      }
    }
    return out;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Formulas
// ---------------------------------------------------------------------------------------------

export class FormulaError {
  constructor(readonly code: string) {}
}

/** Memo and cycle guard for one read operation. */
export class EvalContext {
  readonly memo = new Map<string, Scalar | FormulaError>();
  readonly stack = new Set<string>();
}

type Node =
  | { k: 'num'; v: number }
  | { k: 'str'; v: string }
  | { k: 'bool'; v: boolean }
  | { k: 'err'; v: string }
  | { k: 'ref'; sheet: string | null; a1: A1Parts }
  | { k: 'name'; name: string }
  | { k: 'fn'; name: string; args: Node[] }
  | { k: 'un'; op: string; x: Node }
  | { k: 'bin'; op: string; a: Node; b: Node }
  | { k: 'pct'; x: Node };

class ParseError extends Error {}

const REF_BODY = /^(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d*)?|\$?[A-Za-z]{1,3}:\$?[A-Za-z]{1,3}|\$?\d+:\$?\d+)(?![A-Za-z0-9_(])/;

class Parser {
  private i = 0;
  constructor(private readonly s: string) {}

  parse(): Node {
    const n = this.comparison();
    this.ws();
    if (this.i < this.s.length) throw new ParseError(`Unexpected "${this.s.slice(this.i)}"`);
    return n;
  }

  private ws(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i])) this.i++;
  }

  private peek(str: string): boolean {
    this.ws();
    return this.s.startsWith(str, this.i);
  }

  private eat(str: string): boolean {
    if (this.peek(str)) {
      this.i += str.length;
      return true;
    }
    return false;
  }

  private comparison(): Node {
    let a = this.concat();
    for (;;) {
      const op = ['<>', '<=', '>=', '=', '<', '>'].find((o) => this.peek(o));
      if (!op) return a;
      this.i += op.length;
      a = { k: 'bin', op, a, b: this.concat() };
    }
  }

  private concat(): Node {
    let a = this.additive();
    while (this.eat('&')) a = { k: 'bin', op: '&', a, b: this.additive() };
    return a;
  }

  private additive(): Node {
    let a = this.term();
    for (;;) {
      if (this.eat('+')) a = { k: 'bin', op: '+', a, b: this.term() };
      else if (this.eat('-')) a = { k: 'bin', op: '-', a, b: this.term() };
      else return a;
    }
  }

  private term(): Node {
    let a = this.power();
    for (;;) {
      if (this.eat('*')) a = { k: 'bin', op: '*', a, b: this.power() };
      else if (this.eat('/')) a = { k: 'bin', op: '/', a, b: this.power() };
      else return a;
    }
  }

  private power(): Node {
    let a = this.unary();
    while (this.eat('^')) a = { k: 'bin', op: '^', a, b: this.unary() };
    return a;
  }

  private unary(): Node {
    if (this.eat('-')) return { k: 'un', op: '-', x: this.unary() };
    if (this.eat('+')) return this.unary();
    let x = this.primary();
    while (this.eat('%')) x = { k: 'pct', x };
    return x;
  }

  private primary(): Node {
    this.ws();
    const s = this.s;
    const rest = s.slice(this.i);
    if (rest.startsWith('(')) {
      this.i++;
      const n = this.comparison();
      if (!this.eat(')')) throw new ParseError('Missing )');
      return n;
    }
    if (rest.startsWith('"')) {
      let j = this.i + 1;
      let v = '';
      for (;;) {
        if (j >= s.length) throw new ParseError('Unterminated string');
        if (s[j] === '"') {
          if (s[j + 1] === '"') {
            v += '"';
            j += 2;
            continue;
          }
          break;
        }
        v += s[j++];
      }
      this.i = j + 1;
      return { k: 'str', v };
    }
    const err = /^#(?:N\/A|REF!|NAME\?|DIV\/0!|VALUE!|NUM!|NULL!|ERROR!)/.exec(rest);
    if (err) {
      this.i += err[0].length;
      return { k: 'err', v: err[0] };
    }
    // Sheet-qualified reference: 'Kế hoạch'!A1 or Sheet1!A1:B2
    const quoted = /^'((?:[^']|'')+)'!/.exec(rest);
    const bare = /^([\p{L}_][\p{L}\p{N}_.]*)!/u.exec(rest);
    const prefix = quoted ?? bare;
    if (prefix) {
      const body = REF_BODY.exec(rest.slice(prefix[0].length));
      if (!body) throw new ParseError('Bad reference');
      this.i += prefix[0].length + body[0].length;
      const sheet = quoted ? quoted[1].replace(/''/g, "'") : prefix[1];
      const a1 = parseA1(body[0]);
      if (!a1) throw new ParseError('Bad reference');
      return { k: 'ref', sheet, a1 };
    }
    const ref = REF_BODY.exec(rest);
    if (ref) {
      const a1 = parseA1(ref[0]);
      if (a1) {
        this.i += ref[0].length;
        return { k: 'ref', sheet: null, a1 };
      }
    }
    const num = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(rest);
    if (num) {
      this.i += num[0].length;
      return { k: 'num', v: Number(num[0]) };
    }
    const ident = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(rest);
    if (ident) {
      this.i += ident[0].length;
      const name = ident[0];
      if (this.eat('(')) {
        const args: Node[] = [];
        if (!this.eat(')')) {
          for (;;) {
            this.ws();
            if (this.peek(',') || this.peek(';') || this.peek(')')) args.push({ k: 'str', v: '' });
            else args.push(this.comparison());
            if (this.eat(',') || this.eat(';')) continue;
            if (this.eat(')')) break;
            throw new ParseError('Expected , or )');
          }
        }
        return { k: 'fn', name: name.toUpperCase(), args };
      }
      if (/^true$/i.test(name)) return { k: 'bool', v: true };
      if (/^false$/i.test(name)) return { k: 'bool', v: false };
      return { k: 'name', name };
    }
    throw new ParseError(`Unexpected "${rest}"`);
  }
}

const parseCache = new Map<string, Node | ParseError>();

function parseFormula(text: string): Node | ParseError {
  let n = parseCache.get(text);
  if (!n) {
    try {
      n = new Parser(text.replace(/^=/, '')).parse();
    } catch (e) {
      n = e instanceof ParseError ? e : new ParseError(String(e));
    }
    if (parseCache.size > 10000) parseCache.clear();
    parseCache.set(text, n);
  }
  return n;
}

/**
 * Moves the relative references of a formula by (dRows, dColumns), as Sheets does when one
 * formula is set on many cells or filled. "$" parts stay.
 */
export function shiftFormula(text: string, dRows: number, dColumns: number): string {
  if (dRows === 0 && dColumns === 0) return text;
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      const stop = end < 0 ? text.length : end + 1;
      out += text.slice(i, stop);
      i = stop;
      continue;
    }
    const prev = i > 0 ? text[i - 1] : '';
    const m = /^(\$?)([A-Za-z]{1,3})(\$?)(\d+)(?![A-Za-z0-9_(])/.exec(text.slice(i));
    if (m && !/[A-Za-z0-9_.$]/.test(prev)) {
      const col = m[1] ? columnNumber(m[2]) : columnNumber(m[2]) + dColumns;
      const row = m[3] ? Number(m[4]) : Number(m[4]) + dRows;
      out += col < 1 || row < 1 ? '#REF!' : `${m[1]}${columnLetters(col)}${m[3]}${row}`;
      i += m[0].length;
      continue;
    }
    out += ch;
    i++;
  }
  return out;
}

type Val = Scalar | FormulaError;

interface RangeVal {
  grid: GridRef;
}

type Arg = Val | RangeVal;

function isRange(a: Arg): a is RangeVal {
  return typeof a === 'object' && a !== null && 'grid' in a;
}

function evaluateCell(book: Workbook, sheet: SheetModel, row: number, column: number, f: Formula, ctx: EvalContext): Val {
  const key = `${sheet.id}:${row}:${column}`;
  const memo = ctx.memo.get(key);
  if (memo !== undefined) return memo;
  if (ctx.stack.has(key)) return new FormulaError('#REF!');
  ctx.stack.add(key);
  let v: Val;
  try {
    const node = parseFormula(f.text);
    if (node instanceof ParseError) v = new FormulaError('#ERROR!');
    else {
      const r = new Evaluator(book, sheet, ctx).eval(node);
      v = isRange(r) ? new Evaluator(book, sheet, ctx).topLeft(r) : r;
    }
  } finally {
    ctx.stack.delete(key);
  }
  ctx.memo.set(key, v);
  return v;
}

const NUM_TEXT = /^\s*[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\s*$/;

class Evaluator {
  constructor(
    private readonly book: Workbook,
    private readonly sheet: SheetModel,
    private readonly ctx: EvalContext,
  ) {}

  eval(n: Node): Arg {
    switch (n.k) {
      case 'num':
      case 'str':
      case 'bool':
        return n.v;
      case 'err':
        return new FormulaError(n.v);
      case 'ref':
        return this.ref(n.sheet, n.a1);
      case 'name': {
        const named = this.book.namedRanges.get(n.name);
        return named ? { grid: named } : new FormulaError('#NAME?');
      }
      case 'pct': {
        const x = this.num(this.scalar(this.eval(n.x)));
        return x instanceof FormulaError ? x : x / 100;
      }
      case 'un': {
        const x = this.num(this.scalar(this.eval(n.x)));
        return x instanceof FormulaError ? x : -x;
      }
      case 'bin':
        return this.binary(n.op, this.scalar(this.eval(n.a)), this.scalar(this.eval(n.b)));
      case 'fn':
        return this.call(n.name, n.args);
    }
  }

  private ref(sheetName: string | null, a1: A1Parts): Arg {
    const sheet = sheetName === null ? this.sheet : this.book.sheet(sheetName);
    if (!sheet) return new FormulaError('#REF!');
    const grid = gridOfA1(a1, sheet);
    if (grid.row + grid.numRows - 1 > sheet.maxRows || grid.column + grid.numColumns - 1 > sheet.maxColumns) {
      return new FormulaError('#REF!');
    }
    if (grid.numRows === 1 && grid.numColumns === 1) return this.cell(sheet, grid.row, grid.column);
    return { grid };
  }

  private cell(sheet: SheetModel, row: number, column: number): Val {
    const content = sheet.content(row, column);
    if (content === undefined) return '';
    if (content instanceof Formula) return evaluateCell(this.book, sheet, row, column, content, this.ctx);
    return content;
  }

  topLeft(r: RangeVal): Val {
    return this.cell(r.grid.sheet, r.grid.row, r.grid.column);
  }

  private scalar(a: Arg): Val {
    return isRange(a) ? this.topLeft(a) : a;
  }

  /** Values of the arguments, ranges flattened (limited to the sheet's used rows). */
  private values(args: Arg[]): { v: Val; fromRange: boolean }[] {
    const out: { v: Val; fromRange: boolean }[] = [];
    for (const a of args) {
      if (!isRange(a)) {
        out.push({ v: a, fromRange: false });
        continue;
      }
      const g = a.grid;
      const lastRow = Math.min(g.row + g.numRows - 1, Math.max(g.sheet.lastRow(), g.row));
      const lastCol = Math.min(g.column + g.numColumns - 1, Math.max(g.sheet.lastColumn(), g.column));
      for (let r = g.row; r <= lastRow; r++) {
        for (let c = g.column; c <= lastCol; c++) out.push({ v: this.cell(g.sheet, r, c), fromRange: true });
      }
      // Rows beyond the used range are empty cells, which count for COUNTBLANK.
      const emptyRows = g.row + g.numRows - 1 - lastRow;
      const emptyCols = g.column + g.numColumns - 1 - lastCol;
      const blanks = emptyRows * g.numColumns + emptyCols * (lastRow - g.row + 1);
      for (let k = 0; k < Math.min(blanks, 1_000_000); k++) out.push({ v: '', fromRange: true });
    }
    return out;
  }

  num(v: Val): number | FormulaError {
    if (v instanceof FormulaError) return v;
    if (typeof v === 'number') return v;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (isDate(v)) return serialOf(v.getTime(), this.book.timeZone);
    if (v === '') return 0;
    if (NUM_TEXT.test(v)) return Number(v);
    return new FormulaError('#VALUE!');
  }

  text(v: Val): string | FormulaError {
    if (v instanceof FormulaError) return v;
    if (typeof v === 'string') return v;
    if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
    if (isDate(v)) return displayValue(serialOf(v.getTime(), this.book.timeZone), undefined, this.book.locale, this.book.timeZone);
    return displayValue(v, undefined, this.book.locale, this.book.timeZone);
  }

  private bool(v: Val): boolean | FormulaError {
    if (v instanceof FormulaError) return v;
    if (typeof v === 'boolean') return v;
    if (typeof v === 'string') {
      if (/^true$/i.test(v)) return true;
      if (/^false$/i.test(v) || v === '') return false;
      return new FormulaError('#VALUE!');
    }
    const n = this.num(v);
    return n instanceof FormulaError ? n : n !== 0;
  }

  /** Sheets' ordering: numbers < text < booleans; text compares without case. */
  private compare(a: Val, b: Val): number {
    const rank = (v: Val) => (typeof v === 'boolean' ? 2 : typeof v === 'string' && v !== '' ? 1 : 0);
    const ra = a === '' ? rank(b) : rank(a);
    const rb = b === '' ? rank(a) : rank(b);
    if (ra !== rb) return ra - rb;
    if (ra === 1) {
      const x = String(a).toLowerCase();
      const y = String(b).toLowerCase();
      return x < y ? -1 : x > y ? 1 : 0;
    }
    if (ra === 2) return Number(a === true) - Number(b === true);
    const x = this.num(a) as number;
    const y = this.num(b) as number;
    return x < y ? -1 : x > y ? 1 : 0;
  }

  private binary(op: string, a: Val, b: Val): Val {
    if (a instanceof FormulaError) return a;
    if (b instanceof FormulaError) return b;
    if (op === '&') {
      const x = this.text(a);
      const y = this.text(b);
      if (x instanceof FormulaError) return x;
      if (y instanceof FormulaError) return y;
      return x + y;
    }
    if (['=', '<>', '<', '>', '<=', '>='].includes(op)) {
      const c = this.compare(a, b);
      return op === '=' ? c === 0 : op === '<>' ? c !== 0 : op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
    }
    const x = this.num(a);
    const y = this.num(b);
    if (x instanceof FormulaError) return x;
    if (y instanceof FormulaError) return y;
    switch (op) {
      case '+':
        return x + y;
      case '-':
        return x - y;
      case '*':
        return x * y;
      case '/':
        return y === 0 ? new FormulaError('#DIV/0!') : x / y;
      case '^':
        return Math.pow(x, y);
    }
    return new FormulaError('#ERROR!');
  }

  private criterion(crit: Val): (v: Val) => boolean {
    if (typeof crit === 'number' || typeof crit === 'boolean') return (v) => this.compare(v, crit) === 0 && v !== '';
    const s = crit instanceof FormulaError ? crit.code : isDate(crit) ? String(this.num(crit)) : crit;
    const m = /^(<=|>=|<>|<|>|=)?(.*)$/s.exec(s) as RegExpExecArray;
    const op = m[1] ?? '=';
    const operand = m[2];
    const numeric = NUM_TEXT.test(operand) ? Number(operand) : null;
    if (numeric !== null) {
      return (v) => {
        if (v === '' || typeof v === 'boolean' || v instanceof FormulaError) return op === '<>';
        const n = this.num(v);
        if (n instanceof FormulaError) return op === '<>';
        const c = n < numeric ? -1 : n > numeric ? 1 : 0;
        return op === '=' ? c === 0 : op === '<>' ? c !== 0 : op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
      };
    }
    if (op === '=' || op === '<>') {
      const pattern = new RegExp(
        `^${operand
          .toLowerCase()
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/~\*/g, '\u0001')
          .replace(/~\?/g, '\u0002')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')
          .replace(/\u0001/g, '\\*')
          .replace(/\u0002/g, '\\?')}$`,
        's',
      );
      const test = (v: Val) => {
        const t = v instanceof FormulaError ? v.code : (this.text(v) as string);
        if (operand === '') return v === '';
        return typeof v === 'string' && pattern.test(t.toLowerCase());
      };
      return op === '=' ? test : (v) => !test(v);
    }
    return (v) => {
      if (typeof v !== 'string' || v === '') return false;
      const c = this.compare(v, operand);
      return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
    };
  }

  private cells(a: Arg): Val[] {
    return this.values([a]).map((x) => x.v);
  }

  private call(name: string, argNodes: Node[]): Arg {
    const lazy = ['IF', 'IFERROR', 'IFNA'];
    if (lazy.includes(name)) {
      if (name === 'IF') {
        if (argNodes.length < 2 || argNodes.length > 3) return new FormulaError('#N/A');
        const c = this.bool(this.scalar(this.eval(argNodes[0])));
        if (c instanceof FormulaError) return c;
        if (c) return this.eval(argNodes[1]);
        return argNodes[2] ? this.eval(argNodes[2]) : false;
      }
      const v = this.scalar(this.eval(argNodes[0]));
      if (v instanceof FormulaError && (name === 'IFERROR' || v.code === '#N/A')) return argNodes[1] ? this.eval(argNodes[1]) : '';
      return v;
    }
    const fn = FUNCTIONS[name];
    if (!fn) return new FormulaError('#NAME?');
    const args = argNodes.map((a) => this.eval(a));
    return fn.call(this, args);
  }

  // Helpers used by FUNCTIONS
  numbersOf(args: Arg[]): number[] | FormulaError {
    const out: number[] = [];
    for (const { v, fromRange } of this.values(args)) {
      if (v instanceof FormulaError) return v;
      if (fromRange) {
        if (typeof v === 'number') out.push(v);
        else if (isDate(v)) out.push(this.num(v) as number);
      } else {
        const n = this.num(v);
        if (n instanceof FormulaError) return n;
        out.push(n);
      }
    }
    return out;
  }

  flat(args: Arg[]): { v: Val; fromRange: boolean }[] {
    return this.values(args);
  }

  countIfs(pairs: Arg[], sumRange: Arg | null): number | FormulaError {
    if (pairs.length % 2 !== 0 || pairs.length === 0) return new FormulaError('#N/A');
    const columns: Val[][] = [];
    const tests: ((v: Val) => boolean)[] = [];
    for (let k = 0; k < pairs.length; k += 2) {
      columns.push(this.cells(pairs[k]));
      tests.push(this.criterion(this.scalar(pairs[k + 1])));
    }
    const sums = sumRange ? this.cells(sumRange) : null;
    let total = 0;
    for (let i = 0; i < columns[0].length; i++) {
      if (!tests.every((t, k) => t(columns[k][i] ?? ''))) continue;
      if (sums) {
        const v = sums[i];
        if (typeof v === 'number') total += v;
      } else total++;
    }
    return total;
  }

  today(withTime: boolean): Date {
    const now = this.book.now();
    if (withTime) return new Date(now);
    const w = wallClock(now, this.book.timeZone);
    return new Date(fromWallClock(this.book.timeZone, w.year, w.month, w.day));
  }

  get timeZone(): string {
    return this.book.timeZone;
  }

  get locale(): string {
    return this.book.locale;
  }

  scalarOf(a: Arg): Val {
    return this.scalar(a);
  }
}

type Fn = (this: Evaluator, args: Arg[]) => Arg;

function numFn(f: (nums: number[]) => Val): Fn {
  return function (args) {
    const nums = this.numbersOf(args);
    return nums instanceof FormulaError ? nums : f(nums);
  };
}

function unaryNum(f: (x: number, digits: number) => Val): Fn {
  return function (args) {
    const x = this.num(this.scalarOf(args[0] ?? ''));
    const d = this.num(this.scalarOf(args[1] ?? 0));
    if (x instanceof FormulaError) return x;
    if (d instanceof FormulaError) return d;
    return f(x, d);
  };
}

function textFn(f: (s: string) => Val): Fn {
  return function (args) {
    const s = this.text(this.scalarOf(args[0] ?? ''));
    return s instanceof FormulaError ? s : f(s);
  };
}

/** The functions the emulator evaluates; any other gives "#NAME?". */
const FUNCTIONS: Record<string, Fn> = {
  SUM: numFn((n) => n.reduce((a, b) => a + b, 0)),
  AVERAGE: numFn((n) => (n.length ? n.reduce((a, b) => a + b, 0) / n.length : new FormulaError('#DIV/0!'))),
  MIN: numFn((n) => (n.length ? Math.min(...n) : 0)),
  MAX: numFn((n) => (n.length ? Math.max(...n) : 0)),
  COUNT(args) {
    return this.flat(args).filter(({ v }) => typeof v === 'number' || isDate(v)).length;
  },
  COUNTA(args) {
    return this.flat(args).filter(({ v }) => v !== '').length;
  },
  COUNTBLANK(args) {
    return this.flat(args).filter(({ v }) => v === '').length;
  },
  COUNTIF(args) {
    return this.countIfs(args.slice(0, 2), null);
  },
  COUNTIFS(args) {
    return this.countIfs(args, null);
  },
  SUMIF(args) {
    return this.countIfs(args.slice(0, 2), args[2] ?? args[0]);
  },
  SUMIFS(args) {
    return this.countIfs(args.slice(1), args[0]);
  },
  AND(args) {
    let r = true;
    for (const { v } of this.flat(args)) {
      if (v instanceof FormulaError) return v;
      if (v === '') continue;
      if (typeof v === 'string') continue;
      r = r && (typeof v === 'boolean' ? v : this.num(v) !== 0);
    }
    return r;
  },
  OR(args) {
    let r = false;
    for (const { v } of this.flat(args)) {
      if (v instanceof FormulaError) return v;
      if (v === '' || typeof v === 'string') continue;
      r = r || (typeof v === 'boolean' ? v : this.num(v) !== 0);
    }
    return r;
  },
  NOT(args) {
    const v = this.scalarOf(args[0] ?? false);
    if (v instanceof FormulaError) return v;
    if (typeof v === 'boolean') return !v;
    const n = this.num(v);
    return n instanceof FormulaError ? n : n === 0;
  },
  ROUND: unaryNum((x, d) => {
    const f = Math.pow(10, Math.trunc(d));
    return (Math.sign(x) * Math.round(Math.abs(x) * f + 1e-9)) / f;
  }),
  INT: unaryNum((x) => Math.floor(x)),
  ABS: unaryNum((x) => Math.abs(x)),
  LEN: textFn((s) => s.length),
  TRIM: textFn((s) => s.replace(/ +/g, ' ').trim()),
  UPPER: textFn((s) => s.toUpperCase()),
  LOWER: textFn((s) => s.toLowerCase()),
  CONCATENATE(args) {
    let out = '';
    for (const { v } of this.flat(args)) {
      const t = this.text(v);
      if (t instanceof FormulaError) return t;
      out += t;
    }
    return out;
  },
  CONCAT(args) {
    return FUNCTIONS.CONCATENATE.call(this, args);
  },
  TEXTJOIN(args) {
    const sep = this.text(this.scalarOf(args[0] ?? ''));
    const skip = this.scalarOf(args[1] ?? true);
    if (sep instanceof FormulaError) return sep;
    const parts: string[] = [];
    for (const { v } of this.flat(args.slice(2))) {
      if (v instanceof FormulaError) return v;
      if (v === '' && skip === true) continue;
      parts.push(this.text(v) as string);
    }
    return parts.join(sep);
  },
  TEXT(args) {
    const v = this.scalarOf(args[0] ?? '');
    const f = this.text(this.scalarOf(args[1] ?? ''));
    if (v instanceof FormulaError) return v;
    if (f instanceof FormulaError) return f;
    const n = typeof v === 'string' ? v : this.num(v);
    if (n instanceof FormulaError) return n;
    return displayValue(n, f, this.locale, this.timeZone);
  },
  HYPERLINK(args) {
    const label = this.scalarOf(args[1] ?? args[0] ?? '');
    return label;
  },
  ISBLANK(args) {
    return this.scalarOf(args[0] ?? '') === '';
  },
  ISNUMBER(args) {
    return typeof this.scalarOf(args[0] ?? '') === 'number';
  },
  ISTEXT(args) {
    const v = this.scalarOf(args[0] ?? '');
    return typeof v === 'string' && v !== '';
  },
  ISERROR(args) {
    return this.scalarOf(args[0] ?? '') instanceof FormulaError;
  },
  TODAY() {
    return this.today(false);
  },
  NOW() {
    return this.today(true);
  },
  DATE(args) {
    const [y, m, d] = [0, 1, 2].map((k) => this.num(this.scalarOf(args[k] ?? 0)));
    if (y instanceof FormulaError) return y;
    if (m instanceof FormulaError) return m;
    if (d instanceof FormulaError) return d;
    const base = Date.UTC(Math.trunc(y) < 1900 ? Math.trunc(y) + 1900 : Math.trunc(y), Math.trunc(m) - 1, Math.trunc(d));
    const b = new Date(base);
    return new Date(fromWallClock(this.timeZone, b.getUTCFullYear(), b.getUTCMonth() + 1, b.getUTCDate()));
  },
  YEAR: dateField((w) => w.year),
  MONTH: dateField((w) => w.month),
  DAY: dateField((w) => w.day),
};

function dateField(f: (w: ReturnType<typeof wallClock>) => number): Fn {
  return function (args) {
    const n = this.num(this.scalarOf(args[0] ?? ''));
    if (n instanceof FormulaError) return n;
    return f(wallClock(instantOfSerial(n, this.timeZone), this.timeZone));
  };
}

/** The names of the functions the emulator evaluates. */
export const SUPPORTED_FUNCTIONS = Object.keys(FUNCTIONS).concat(['IF', 'IFERROR', 'IFNA']).sort();

export { AUTOMATIC_FORMAT };
