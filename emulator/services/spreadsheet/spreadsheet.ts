/**
 * SpreadsheetApp of the emulator: the bound spreadsheet (`env.workbook`) seen through the
 * classes of Apps Script's Spreadsheet service. Each fake implements a Pick of the real
 * interface (so signatures follow @types/google-apps-script) and each instance is instrumented:
 * every call is counted as "Range.getValues" etc. and injected faults fire.
 *
 * Behaviour follows Google's reference and Sheets' observable behaviour; where the reference is
 * silent the assumption is written beside the code. Notably:
 * - strings written by setValue/setValues/appendRow are read as if typed (see
 *   format.parseUserEntered), unless the cell's number format is plain text "@";
 * - a write that breaks a "reject input" validation (setAllowInvalid(false)) throws Sheets'
 *   error; with the default (allowInvalid true) it is written. Sheets reports it when the
 *   batched write reaches the sheet; the emulator throws at the call (stricter, never looser),
 *   and checks every cell of a setValues before writing any.
 *   Evidence: scripts' execution logs quote "The data you entered in cell M2 violates the data
 *   validation rules set on this cell. Please enter one of the following values: …". A list
 *   value must match an item exactly (case included): stricter than Sheets if Sheets ignores case.
 * - a string of more than 50,000 characters throws Sheets' "Your input contains more than the
 *   maximum of 50000 characters in a single cell." (nothing of the batch is written);
 * - getRange outside the grid throws "The coordinates of the range are outside the dimensions
 *   of the sheet." (setValues never grows a sheet); appendRow grows a full sheet by a row.
 * - a Date written to a cell with the automatic format gets the locale's date-time format
 *   (vi_VN: dd/MM/yyyy HH:mm:ss; assumption: Sheets shows script-written dates with time);
 *   text typed as a date gets the locale's date format (vi_VN: dd/MM/yyyy).
 * - getA1Notation of a whole-column range ("A:A") reads "A1:A1000" (Sheets keeps "A:A").
 * - charts (newChart, insertChart, getCharts, updateChart, removeChart) are in charts.ts.
 */
import type { Env } from '../../core/env';
import { raw, registerService } from '../../core/calls';
import { isValidAddress } from '../address';
import { enumOf, exception, wrap, type SelfAware } from '../base';
import { createUi } from '../ui';
import {
  a1Of,
  EvalContext,
  Formula,
  gridOfA1,
  parseA1,
  shiftFormula,
  validationChoices,
  type CellContent,
  type CellMeta,
  type CellValue,
  type CriteriaType,
  blocksOverlap,
  mergeInside,
  type GridRef,
  type Merge,
  type SheetModel,
  type ValidationRule,
  type WrapName,
  type Workbook,
} from './model';
import { AUTOMATIC_FORMAT, displayValue, isDate, isTimeZone, localeInfo, parseUserEntered, TEXT_FORMAT } from './format';
import { insertChart, newChartBuilder, removeChart, sheetCharts, updateChart, type RangeHooks } from './charts';

registerService('SpreadsheetApp', ['SpreadsheetApp', 'Spreadsheet', 'Sheet', 'Range', 'DataValidation', 'DataValidationBuilder']);

type GRange = GoogleAppsScript.Spreadsheet.Range;
type GSheet = GoogleAppsScript.Spreadsheet.Sheet;
type GSpreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type GDataValidation = GoogleAppsScript.Spreadsheet.DataValidation;
type GDataValidationBuilder = GoogleAppsScript.Spreadsheet.DataValidationBuilder;

export const WrapStrategy = enumOf(['WRAP', 'OVERFLOW', 'CLIP'] as const);
export const BorderStyle = enumOf(['DOTTED', 'DASHED', 'SOLID', 'SOLID_MEDIUM', 'SOLID_THICK', 'DOUBLE'] as const);
export const Dimension = enumOf(['COLUMNS', 'ROWS'] as const);
export const ProtectionType = enumOf(['RANGE', 'SHEET'] as const);
export const SheetType = enumOf(['GRID', 'OBJECT'] as const);
export const DataValidationCriteria = enumOf([
  'DATE_AFTER',
  'DATE_BEFORE',
  'DATE_BETWEEN',
  'DATE_EQUAL_TO',
  'DATE_IS_VALID_DATE',
  'DATE_NOT_BETWEEN',
  'DATE_ON_OR_AFTER',
  'DATE_ON_OR_BEFORE',
  'NUMBER_BETWEEN',
  'NUMBER_EQUAL_TO',
  'NUMBER_GREATER_THAN',
  'NUMBER_GREATER_THAN_OR_EQUAL_TO',
  'NUMBER_LESS_THAN',
  'NUMBER_LESS_THAN_OR_EQUAL_TO',
  'NUMBER_NOT_BETWEEN',
  'NUMBER_NOT_EQUAL_TO',
  'TEXT_CONTAINS',
  'TEXT_DOES_NOT_CONTAIN',
  'TEXT_EQUAL_TO',
  'TEXT_IS_VALID_EMAIL',
  'TEXT_IS_VALID_URL',
  'VALUE_IN_LIST',
  'VALUE_IN_RANGE',
  'CUSTOM_FORMULA',
  'CHECKBOX',
] as const satisfies readonly CriteriaType[]);

/** Apps Script's messages, as its exceptions carry them. */
export const MESSAGES = {
  rowsMismatch: (data: number, range: number) =>
    `The number of rows in the data does not match the number of rows in the range. The data has ${data} but the range has ${range}.`,
  columnsMismatch: (data: number, range: number) =>
    `The number of columns in the data does not match the number of columns in the range. The data has ${data} but the range has ${range}.`,
  rowsAtLeastOne: 'The number of rows in the range must be at least 1.',
  columnsAtLeastOne: 'The number of columns in the range must be at least 1.',
  startRowTooSmall: 'The starting row of the range is too small.',
  startColumnTooSmall: 'The starting column of the range is too small.',
  outsideSheet: 'The coordinates of the range are outside the dimensions of the sheet.',
  rangeNotFound: 'Range not found',
  cellOutOfRange: 'Cell reference out of range',
  rowsOutOfBounds: 'Those rows are out of bounds.',
  mergeStraddles: 'You must select all cells in a merged range to merge or unmerge them.',
  mergeFrozen: "You can't merge frozen and non-frozen rows.",
  columnsOutOfBounds: 'Those columns are out of bounds.',
  deleteAllRows: 'Sorry, it is not possible to delete all non-frozen rows.',
  deleteAllColumns: 'Sorry, it is not possible to delete all non-frozen columns.',
  sheetExists: (name: string) => `A sheet with the name "${name}" already exists. Please enter another name.`,
  removeAllSheets: "You can't remove all the sheets in a document.",
  hideAllSheets: "You can't hide all the sheets in a document.",
  cellTooLong: 'Your input contains more than the maximum of 50000 characters in a single cell.',
  validation: (a1: string, choices: string[] | null) =>
    `The data you entered in cell ${a1} violates the data validation rules set on this cell.` +
    (choices ? ` Please enter one of the following values: ${choices.join(', ')}.` : ''),
};

/**
 * Sheets holds at most 50,000 characters in a cell; a longer string written by a script throws
 * (observed Apps Script error, quoted in MESSAGES.cellTooLong) and, as the whole batch is checked
 * before anything is written, nothing of that setValues is written.
 */
export const MAX_CELL_CHARS = 50000;

const fail = (message: string): never => {
  throw exception(message);
};

const NAMED_COLORS: Record<string, string> = {
  black: '#000000',
  white: '#ffffff',
  red: '#ff0000',
  green: '#008000',
  blue: '#0000ff',
  yellow: '#ffff00',
  orange: '#ffa500',
  purple: '#800080',
  gray: '#808080',
  grey: '#808080',
  silver: '#c0c0c0',
  cyan: '#00ffff',
  magenta: '#ff00ff',
  lime: '#00ff00',
  navy: '#000080',
  maroon: '#800000',
};

/** A CSS colour as Apps Script gives it back: lower-case "#rrggbb"; null/"" resets. */
function normalizeColor(color: string | null | undefined): string | undefined {
  if (color === null || color === undefined || color === '') return undefined;
  const s = String(color).trim().toLowerCase();
  if (NAMED_COLORS[s]) return NAMED_COLORS[s];
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(s);
  if (short) return `#${short[1]}${short[1]}${short[2]}${short[2]}${short[3]}${short[3]}`;
  return s;
}

function checkShape(values: unknown, numRows: number, numColumns: number): asserts values is unknown[][] {
  if (!Array.isArray(values)) fail(MESSAGES.rowsMismatch(0, numRows));
  const rows = values as unknown[];
  if (rows.length !== numRows) fail(MESSAGES.rowsMismatch(rows.length, numRows));
  for (const row of rows) {
    const len = Array.isArray(row) ? row.length : 0;
    if (len !== numColumns) fail(MESSAGES.columnsMismatch(len, numColumns));
  }
}

/** Does a value satisfy a rule (for "reject input" rules)? Formulas and blanks always pass. */
function satisfies(book: Workbook, rule: ValidationRule, v: CellValue): boolean {
  const a = rule.args;
  const num = typeof v === 'number' ? v : null;
  const text = typeof v === 'string' ? v : displayValue(v, undefined, book.locale, book.timeZone);
  const day = (d: unknown) => (isDate(d) ? Math.floor(d.getTime() / 86400000) : NaN);
  switch (rule.criteria) {
    case 'VALUE_IN_LIST':
      return (a[0] as unknown[]).some((x) => String(x) === text);
    case 'VALUE_IN_RANGE':
      return (validationChoices(book, rule) ?? []).includes(text);
    case 'NUMBER_BETWEEN':
      return num !== null && num >= Number(a[0]) && num <= Number(a[1]);
    case 'NUMBER_NOT_BETWEEN':
      return num !== null && (num < Number(a[0]) || num > Number(a[1]));
    case 'NUMBER_EQUAL_TO':
      return num === Number(a[0]);
    case 'NUMBER_NOT_EQUAL_TO':
      return num !== null && num !== Number(a[0]);
    case 'NUMBER_GREATER_THAN':
      return num !== null && num > Number(a[0]);
    case 'NUMBER_GREATER_THAN_OR_EQUAL_TO':
      return num !== null && num >= Number(a[0]);
    case 'NUMBER_LESS_THAN':
      return num !== null && num < Number(a[0]);
    case 'NUMBER_LESS_THAN_OR_EQUAL_TO':
      return num !== null && num <= Number(a[0]);
    case 'TEXT_CONTAINS':
      return text.includes(String(a[0]));
    case 'TEXT_DOES_NOT_CONTAIN':
      return !text.includes(String(a[0]));
    case 'TEXT_EQUAL_TO':
      return text === String(a[0]);
    case 'TEXT_IS_VALID_EMAIL':
      return typeof v === 'string' && isValidAddress(v.trim());
    case 'TEXT_IS_VALID_URL':
      return typeof v === 'string' && /^https?:\/\/\S+$/i.test(v);
    case 'CHECKBOX':
      if (a.length === 0) return typeof v === 'boolean';
      return a.some((x) => x === v || String(x) === text);
    case 'DATE_IS_VALID_DATE':
      return isDate(v);
    case 'DATE_AFTER':
      return day(v) > day(a[0]);
    case 'DATE_BEFORE':
      return day(v) < day(a[0]);
    case 'DATE_EQUAL_TO':
      return day(v) === day(a[0]);
    case 'DATE_ON_OR_AFTER':
      return day(v) >= day(a[0]);
    case 'DATE_ON_OR_BEFORE':
      return day(v) <= day(a[0]);
    case 'DATE_BETWEEN':
      return day(v) >= day(a[0]) && day(v) <= day(a[1]);
    case 'DATE_NOT_BETWEEN':
      return day(v) < day(a[0]) || day(v) > day(a[1]);
    case 'CUSTOM_FORMULA':
      return true;
  }
}

/** A content to write, with the number format Sheets applies on entry. */
interface Prepared {
  content: CellContent | undefined;
  format?: string;
}

// ---------------------------------------------------------------------------------------------
// DataValidation and its builder
// ---------------------------------------------------------------------------------------------

type DataValidationMethods = 'copy' | 'getAllowInvalid' | 'getCriteriaType' | 'getCriteriaValues' | 'getHelpText';

class FakeDataValidation implements Pick<GDataValidation, DataValidationMethods>, SelfAware {
  _self: unknown = this;

  constructor(
    private readonly _env: Env,
    readonly _rule: ValidationRule,
  ) {}

  copy(): GDataValidationBuilder {
    return newBuilder(this._env, this._rule);
  }

  getAllowInvalid(): boolean {
    return this._rule.allowInvalid;
  }

  getCriteriaType(): GoogleAppsScript.Spreadsheet.DataValidationCriteria {
    return this._rule.criteria as unknown as GoogleAppsScript.Spreadsheet.DataValidationCriteria;
  }

  getCriteriaValues(): unknown[] {
    return criteriaValuesOut(this._env, this._rule.args);
  }

  getHelpText(): string {
    return this._rule.helpText as string;
  }
}

/** Criteria values as a script sees them: GridRefs become Ranges, lists are copies. */
function criteriaValuesOut(env: Env, args: readonly unknown[]): unknown[] {
  return args.map((x) => {
    if (Array.isArray(x)) return x.slice();
    if (x && typeof x === 'object' && 'sheet' in (x as object)) {
      const g = x as GridRef;
      return newRange(env, g.sheet, g.row, g.column, g.numRows, g.numColumns);
    }
    return isDate(x) ? new Date(x.getTime()) : x;
  });
}

function gridOfRangeArg(range: unknown): GridRef {
  const r = raw(range as object) as unknown;
  if (!(r instanceof FakeRange)) return fail('Invalid argument: range');
  return { sheet: r._sheet, row: r._row, column: r._col, numRows: r._nr, numColumns: r._nc };
}

type BuilderMethods =
  | 'build'
  | 'copy'
  | 'getAllowInvalid'
  | 'getCriteriaType'
  | 'getCriteriaValues'
  | 'getHelpText'
  | 'requireCheckbox'
  | 'requireDate'
  | 'requireDateAfter'
  | 'requireDateBefore'
  | 'requireDateBetween'
  | 'requireDateOnOrAfter'
  | 'requireDateOnOrBefore'
  | 'requireNumberBetween'
  | 'requireNumberNotBetween'
  | 'requireNumberEqualTo'
  | 'requireNumberGreaterThan'
  | 'requireNumberGreaterThanOrEqualTo'
  | 'requireNumberLessThan'
  | 'requireNumberLessThanOrEqualTo'
  | 'requireTextContains'
  | 'requireTextEqualTo'
  | 'requireTextIsEmail'
  | 'requireTextIsUrl'
  | 'requireValueInList'
  | 'requireValueInRange'
  | 'setAllowInvalid'
  | 'setHelpText'
  | 'withCriteria';

class FakeDataValidationBuilder implements Pick<GDataValidationBuilder, BuilderMethods>, SelfAware {
  _self: unknown = this;
  _criteria: CriteriaType | null = null;
  _args: unknown[] = [];
  _allowInvalid = true;
  _helpText: string | null = null;

  constructor(private readonly _env: Env) {}

  private _set(criteria: CriteriaType, args: unknown[]): GDataValidationBuilder {
    this._criteria = criteria;
    this._args = args;
    return this._self as GDataValidationBuilder;
  }

  build(): GDataValidation {
    if (!this._criteria) return fail('You must specify a criteria type for a data validation rule.');
    const rule: ValidationRule = {
      criteria: this._criteria,
      args: Object.freeze(this._args.slice()),
      allowInvalid: this._allowInvalid,
      helpText: this._helpText,
    };
    return wrap(new FakeDataValidation(this._env, rule), 'DataValidation', this._env) as unknown as GDataValidation;
  }

  copy(): GDataValidationBuilder {
    return newBuilder(this._env, {
      criteria: this._criteria as CriteriaType,
      args: this._args,
      allowInvalid: this._allowInvalid,
      helpText: this._helpText,
    });
  }

  getAllowInvalid(): boolean {
    return this._allowInvalid;
  }

  getCriteriaType(): GoogleAppsScript.Spreadsheet.DataValidationCriteria {
    return this._criteria as unknown as GoogleAppsScript.Spreadsheet.DataValidationCriteria;
  }

  getCriteriaValues(): unknown[] {
    return criteriaValuesOut(this._env, this._args);
  }

  getHelpText(): string | null {
    return this._helpText;
  }

  requireCheckbox(...values: unknown[]): GDataValidationBuilder {
    return this._set('CHECKBOX', values.slice(0, 2));
  }

  requireDate(): GDataValidationBuilder {
    return this._set('DATE_IS_VALID_DATE', []);
  }

  requireDateAfter(date: GoogleAppsScript.Base.Date): GDataValidationBuilder {
    return this._set('DATE_AFTER', [date]);
  }

  requireDateBefore(date: GoogleAppsScript.Base.Date): GDataValidationBuilder {
    return this._set('DATE_BEFORE', [date]);
  }

  requireDateBetween(start: GoogleAppsScript.Base.Date, end: GoogleAppsScript.Base.Date): GDataValidationBuilder {
    return this._set('DATE_BETWEEN', [start, end]);
  }

  requireDateOnOrAfter(date: GoogleAppsScript.Base.Date): GDataValidationBuilder {
    return this._set('DATE_ON_OR_AFTER', [date]);
  }

  requireDateOnOrBefore(date: GoogleAppsScript.Base.Date): GDataValidationBuilder {
    return this._set('DATE_ON_OR_BEFORE', [date]);
  }

  requireNumberBetween(start: number, end: number): GDataValidationBuilder {
    return this._set('NUMBER_BETWEEN', [start, end]);
  }

  requireNumberNotBetween(start: number, end: number): GDataValidationBuilder {
    return this._set('NUMBER_NOT_BETWEEN', [start, end]);
  }

  requireNumberEqualTo(n: number): GDataValidationBuilder {
    return this._set('NUMBER_EQUAL_TO', [n]);
  }

  requireNumberGreaterThan(n: number): GDataValidationBuilder {
    return this._set('NUMBER_GREATER_THAN', [n]);
  }

  requireNumberGreaterThanOrEqualTo(n: number): GDataValidationBuilder {
    return this._set('NUMBER_GREATER_THAN_OR_EQUAL_TO', [n]);
  }

  requireNumberLessThan(n: number): GDataValidationBuilder {
    return this._set('NUMBER_LESS_THAN', [n]);
  }

  requireNumberLessThanOrEqualTo(n: number): GDataValidationBuilder {
    return this._set('NUMBER_LESS_THAN_OR_EQUAL_TO', [n]);
  }

  requireTextContains(text: string): GDataValidationBuilder {
    return this._set('TEXT_CONTAINS', [text]);
  }

  requireTextEqualTo(text: string): GDataValidationBuilder {
    return this._set('TEXT_EQUAL_TO', [text]);
  }

  requireTextIsEmail(): GDataValidationBuilder {
    return this._set('TEXT_IS_VALID_EMAIL', []);
  }

  requireTextIsUrl(): GDataValidationBuilder {
    return this._set('TEXT_IS_VALID_URL', []);
  }

  requireValueInList(values: string[], showDropdown?: boolean): GDataValidationBuilder {
    if (!Array.isArray(values)) return fail('Invalid argument: values');
    return this._set('VALUE_IN_LIST', [values.map((v) => String(v)), showDropdown ?? true]);
  }

  requireValueInRange(range: GRange, showDropdown?: boolean): GDataValidationBuilder {
    return this._set('VALUE_IN_RANGE', [gridOfRangeArg(range), showDropdown ?? true]);
  }

  setAllowInvalid(allowInvalidData: boolean): GDataValidationBuilder {
    this._allowInvalid = !!allowInvalidData;
    return this._self as GDataValidationBuilder;
  }

  setHelpText(helpText: string): GDataValidationBuilder {
    this._helpText = helpText === null || helpText === undefined ? null : String(helpText);
    return this._self as GDataValidationBuilder;
  }

  withCriteria(criteria: GoogleAppsScript.Spreadsheet.DataValidationCriteria, args: unknown[]): GDataValidationBuilder {
    const name = String(criteria) as CriteriaType;
    if (!(name in DataValidationCriteria)) return fail('Invalid argument: criteria');
    const converted = (args ?? []).map((x) => {
      const r = x && typeof x === 'object' ? (raw(x as object) as unknown) : null;
      return r instanceof FakeRange ? gridOfRangeArg(x) : x;
    });
    return this._set(name, converted);
  }
}

function newBuilder(env: Env, from?: ValidationRule): GDataValidationBuilder {
  const b = new FakeDataValidationBuilder(env);
  if (from) {
    b._criteria = from.criteria;
    b._args = from.args.slice();
    b._allowInvalid = from.allowInvalid;
    b._helpText = from.helpText;
  }
  return wrap(b, 'DataValidationBuilder', env) as unknown as GDataValidationBuilder;
}

function ruleOf(rule: unknown): ValidationRule | undefined {
  if (rule === null || rule === undefined) return undefined;
  const r = raw(rule as object) as unknown;
  if (!(r instanceof FakeDataValidation)) return fail('Invalid argument: rule');
  return r._rule;
}

// ---------------------------------------------------------------------------------------------
// Range
// ---------------------------------------------------------------------------------------------

type RangeMethods =
  | 'activate'
  | 'clear'
  | 'clearContent'
  | 'clearDataValidations'
  | 'clearFormat'
  | 'clearNote'
  | 'getA1Notation'
  | 'getBackground'
  | 'getBackgrounds'
  | 'getCell'
  | 'getColumn'
  | 'getDataValidation'
  | 'getDataValidations'
  | 'getDisplayValue'
  | 'getDisplayValues'
  | 'getFontColor'
  | 'getFontColors'
  | 'getFontSize'
  | 'getFontSizes'
  | 'getFontStyle'
  | 'getFontStyles'
  | 'getFontWeight'
  | 'getFontWeights'
  | 'getFormula'
  | 'getFormulas'
  | 'getGridId'
  | 'getHeight'
  | 'getHorizontalAlignment'
  | 'getHorizontalAlignments'
  | 'getLastColumn'
  | 'getLastRow'
  | 'getNote'
  | 'getNotes'
  | 'getNumColumns'
  | 'getNumRows'
  | 'getNumberFormat'
  | 'getNumberFormats'
  | 'getRow'
  | 'getRowIndex'
  | 'getSheet'
  | 'getValue'
  | 'getValues'
  | 'getVerticalAlignment'
  | 'getVerticalAlignments'
  | 'getWidth'
  | 'getWrap'
  | 'getWrapStrategies'
  | 'getWrapStrategy'
  | 'getWraps'
  | 'isBlank'
  | 'isPartOfMerge'
  | 'getMergedRanges'
  | 'merge'
  | 'mergeAcross'
  | 'mergeVertically'
  | 'breakApart'
  | 'offset'
  | 'setBackground'
  | 'setBackgroundRGB'
  | 'setBackgrounds'
  | 'setBorder'
  | 'setDataValidation'
  | 'setDataValidations'
  | 'setFontColor'
  | 'setFontColors'
  | 'setFontSize'
  | 'setFontSizes'
  | 'setFontStyle'
  | 'setFontStyles'
  | 'setFontWeight'
  | 'setFontWeights'
  | 'setFormula'
  | 'setFormulas'
  | 'setHorizontalAlignment'
  | 'setHorizontalAlignments'
  | 'setNote'
  | 'setNotes'
  | 'setNumberFormat'
  | 'setNumberFormats'
  | 'setValue'
  | 'setValues'
  | 'setVerticalAlignment'
  | 'setVerticalAlignments'
  | 'setWrap'
  | 'setWrapStrategies'
  | 'setWrapStrategy'
  | 'setWraps';

export function newRange(env: Env, sheet: SheetModel, row: number, col: number, numRows = 1, numCols = 1): GRange {
  if (numRows < 1) fail(MESSAGES.rowsAtLeastOne);
  if (numCols < 1) fail(MESSAGES.columnsAtLeastOne);
  if (row < 1) fail(MESSAGES.startRowTooSmall);
  if (col < 1) fail(MESSAGES.startColumnTooSmall);
  if (row + numRows - 1 > sheet.maxRows || col + numCols - 1 > sheet.maxColumns) fail(MESSAGES.outsideSheet);
  return wrap(new FakeRange(env, sheet, row, col, numRows, numCols), 'Range', env) as unknown as GRange;
}

function toInt(n: unknown, name: string): number {
  const v = Number(n);
  if (!Number.isFinite(v)) return fail(`Invalid argument: ${name}`);
  return Math.trunc(v);
}

class FakeRange implements Pick<GRange, RangeMethods>, SelfAware {
  _self: unknown = this;

  constructor(
    readonly _env: Env,
    readonly _sheet: SheetModel,
    readonly _row: number,
    readonly _col: number,
    readonly _nr: number,
    readonly _nc: number,
  ) {}

  private get _book(): Workbook {
    return this._sheet.book;
  }

  private get _me(): GRange {
    return this._self as GRange;
  }

  /** A 2D array of fn(row, column) over the range. */
  private _grid<T>(fn: (r: number, c: number) => T): T[][] {
    const out: T[][] = new Array(this._nr);
    for (let i = 0; i < this._nr; i++) {
      const line: T[] = new Array(this._nc);
      for (let j = 0; j < this._nc; j++) line[j] = fn(this._row + i, this._col + j);
      out[i] = line;
    }
    return out;
  }

  private _each(fn: (r: number, c: number, i: number, j: number) => void): void {
    for (let i = 0; i < this._nr; i++) for (let j = 0; j < this._nc; j++) fn(this._row + i, this._col + j, i, j);
  }

  private _meta<K extends keyof CellMeta>(r: number, c: number, key: K): CellMeta[K] | undefined {
    return this._sheet.cellMeta(r, c)?.[key];
  }

  /** Reads a value the script writes, as Sheets would store it in cell (r, c). */
  private _prepare(v: unknown, r: number, c: number, now: number): Prepared {
    if (v === null || v === undefined || v === '') return { content: undefined };
    if (isDate(v)) {
      const t = v.getTime();
      if (Number.isNaN(t)) return { content: 'Invalid Date' };
      return { content: new Date(t), format: localeInfo(this._book.locale).dateTimeFormat };
    }
    if (typeof v === 'number') return { content: Number.isFinite(v) ? v : String(v) };
    if (typeof v === 'boolean') return { content: v };
    const text = typeof v === 'string' ? v : String(v);
    if (text.length > MAX_CELL_CHARS) fail(MESSAGES.cellTooLong);
    if (this._meta(r, c, 'numberFormat') === TEXT_FORMAT) return { content: text };
    const e = parseUserEntered(text, this._book.locale, this._book.timeZone, now);
    if (e.kind === 'formula') return { content: new Formula(e.formula) };
    return { content: e.value === '' ? undefined : e.value, format: e.format };
  }

  /** Checks "reject input" validations, then writes every prepared cell. */
  private _write(prepared: Prepared[][]): void {
    const book = this._book;
    this._each((r, c, i, j) => {
      const rule = this._meta(r, c, 'validation');
      const content = prepared[i][j].content;
      if (!rule || rule.allowInvalid || content === undefined || content instanceof Formula) return;
      if (!satisfies(book, rule, content)) {
        const choices = rule.criteria === 'VALUE_IN_LIST' || rule.criteria === 'VALUE_IN_RANGE' ? validationChoices(book, rule) : null;
        fail(MESSAGES.validation(a1Of(r, c), choices));
      }
    });
    this._each((r, c, i, j) => {
      const p = prepared[i][j];
      this._sheet.setContent(r, c, p.content);
      if (p.format && this._meta(r, c, 'numberFormat') === undefined) this._sheet.setMeta(r, c, 'numberFormat', p.format);
    });
  }

  private _formula(text: string, i: number, j: number): string {
    return shiftFormula(text, i, j);
  }

  activate(): GRange {
    this._book.active = this._sheet;
    return this._me;
  }

  clear(options?: { commentsOnly?: boolean; contentsOnly?: boolean; formatOnly?: boolean; validationsOnly?: boolean; skipFilteredRows?: boolean }): GRange {
    // By default everything is cleared (Range.clear(options) reference); options narrow it.
    const o = options ?? {};
    const any = o.commentsOnly || o.contentsOnly || o.formatOnly || o.validationsOnly;
    this._each((r, c) => {
      if (!any || o.contentsOnly) this._sheet.setContent(r, c, undefined);
      if (!any || o.formatOnly) this._sheet.clearFormats(r, c);
      if (!any || o.commentsOnly) this._sheet.setMeta(r, c, 'note', undefined);
      if (!any || o.validationsOnly) this._sheet.setMeta(r, c, 'validation', undefined);
    });
    return this._me;
  }

  clearContent(): GRange {
    this._each((r, c) => this._sheet.setContent(r, c, undefined));
    return this._me;
  }

  clearDataValidations(): GRange {
    this._each((r, c) => this._sheet.setMeta(r, c, 'validation', undefined));
    return this._me;
  }

  clearFormat(): GRange {
    this._each((r, c) => this._sheet.clearFormats(r, c));
    return this._me;
  }

  clearNote(): GRange {
    this._each((r, c) => this._sheet.setMeta(r, c, 'note', undefined));
    return this._me;
  }

  getA1Notation(): string {
    return a1Of(this._row, this._col, this._nr, this._nc);
  }

  getBackground(): string {
    return this.getBackgrounds()[0][0];
  }

  getBackgrounds(): string[][] {
    return this._grid((r, c) => this._meta(r, c, 'background') ?? '#ffffff');
  }

  getCell(row: number, column: number): GRange {
    if (row < 1 || column < 1 || row > this._nr || column > this._nc) fail(MESSAGES.cellOutOfRange);
    return newRange(this._env, this._sheet, this._row + row - 1, this._col + column - 1);
  }

  getColumn(): number {
    return this._col;
  }

  getDataValidation(): GDataValidation | null {
    return this.getDataValidations()[0][0];
  }

  getDataValidations(): (GDataValidation | null)[][] {
    return this._grid((r, c) => {
      const rule = this._meta(r, c, 'validation');
      return rule ? (wrap(new FakeDataValidation(this._env, rule), 'DataValidation', this._env) as unknown as GDataValidation) : null;
    });
  }

  getDisplayValue(): string {
    return this._book.display(this._sheet, this._row, this._col);
  }

  getDisplayValues(): string[][] {
    const ctx = new EvalContext();
    return this._grid((r, c) => this._book.display(this._sheet, r, c, ctx));
  }

  getFontColor(): string {
    return this.getFontColors()[0][0];
  }

  getFontColors(): string[][] {
    return this._grid((r, c) => this._meta(r, c, 'fontColor') ?? '#000000');
  }

  getFontSize(): number {
    return this.getFontSizes()[0][0];
  }

  getFontSizes(): number[][] {
    return this._grid((r, c) => this._meta(r, c, 'fontSize') ?? 10);
  }

  getFontStyle(): GoogleAppsScript.Spreadsheet.FontStyle {
    return this.getFontStyles()[0][0];
  }

  getFontStyles(): GoogleAppsScript.Spreadsheet.FontStyle[][] {
    return this._grid((r, c) => (this._meta(r, c, 'italic') ? 'italic' : 'normal'));
  }

  getFontWeight(): GoogleAppsScript.Spreadsheet.FontWeight {
    return this.getFontWeights()[0][0];
  }

  getFontWeights(): GoogleAppsScript.Spreadsheet.FontWeight[][] {
    return this._grid((r, c) => (this._meta(r, c, 'bold') ? 'bold' : 'normal'));
  }

  getFormula(): string {
    return this.getFormulas()[0][0];
  }

  getFormulas(): string[][] {
    return this._grid((r, c) => {
      const content = this._sheet.content(r, c);
      return content instanceof Formula ? content.text : '';
    });
  }

  getGridId(): number {
    return this._sheet.id;
  }

  getHeight(): number {
    return this._nr;
  }

  getHorizontalAlignment(): string {
    return this.getHorizontalAlignments()[0][0];
  }

  getHorizontalAlignments(): string[][] {
    return this._grid((r, c) => this._meta(r, c, 'hAlign') ?? 'general');
  }

  getLastColumn(): number {
    return this._col + this._nc - 1;
  }

  getLastRow(): number {
    return this._row + this._nr - 1;
  }

  getNote(): string {
    return this.getNotes()[0][0];
  }

  getNotes(): string[][] {
    return this._grid((r, c) => this._meta(r, c, 'note') ?? '');
  }

  getNumColumns(): number {
    return this._nc;
  }

  getNumRows(): number {
    return this._nr;
  }

  getNumberFormat(): string {
    return this.getNumberFormats()[0][0];
  }

  getNumberFormats(): string[][] {
    return this._grid((r, c) => this._meta(r, c, 'numberFormat') ?? AUTOMATIC_FORMAT);
  }

  getRow(): number {
    return this._row;
  }

  getRowIndex(): number {
    return this._row;
  }

  getSheet(): GSheet {
    return newSheet(this._env, this._sheet);
  }

  getValue(): CellValue {
    return this._book.value(this._sheet, this._row, this._col);
  }

  getValues(): CellValue[][] {
    const ctx = new EvalContext();
    const book = this._book;
    const sheet = this._sheet;
    const out: CellValue[][] = new Array(this._nr);
    for (let i = 0; i < this._nr; i++) {
      const line: CellValue[] = new Array(this._nc);
      const row = sheet.rows[this._row - 1 + i];
      const metaRow = sheet.meta[this._row - 1 + i];
      for (let j = 0; j < this._nc; j++) {
        const v = row === undefined ? undefined : row[this._col - 1 + j];
        if (v === undefined) line[j] = '';
        else if (typeof v !== 'object' || (metaRow === undefined && !(v instanceof Formula))) line[j] = isDate(v) ? new Date(v.getTime()) : v;
        else line[j] = book.value(sheet, this._row + i, this._col + j, ctx);
      }
      out[i] = line;
    }
    // Numbers in date-formatted cells (and dates in number-formatted ones) need the format.
    for (let i = 0; i < this._nr; i++) {
      const metaRow = sheet.meta[this._row - 1 + i];
      if (metaRow === undefined) continue;
      for (let j = 0; j < this._nc; j++) {
        if (metaRow[this._col - 1 + j]?.numberFormat && typeof out[i][j] === 'number') {
          out[i][j] = book.value(sheet, this._row + i, this._col + j, ctx);
        }
      }
    }
    return out;
  }

  getVerticalAlignment(): string {
    return this.getVerticalAlignments()[0][0];
  }

  getVerticalAlignments(): string[][] {
    return this._grid((r, c) => this._meta(r, c, 'vAlign') ?? 'bottom');
  }

  getWidth(): number {
    return this._nc;
  }

  getWrap(): boolean {
    return this.getWraps()[0][0];
  }

  getWrapStrategies(): GoogleAppsScript.Spreadsheet.WrapStrategy[][] {
    return this._grid((r, c) => (this._meta(r, c, 'wrap') ?? 'OVERFLOW') as unknown as GoogleAppsScript.Spreadsheet.WrapStrategy);
  }

  getWrapStrategy(): GoogleAppsScript.Spreadsheet.WrapStrategy {
    return this.getWrapStrategies()[0][0];
  }

  getWraps(): boolean[][] {
    return this._grid((r, c) => this._meta(r, c, 'wrap') === 'WRAP');
  }

  private get _block(): Merge {
    return { row: this._row, column: this._col, numRows: this._nr, numColumns: this._nc };
  }

  /**
   * Merges need every merge they touch to lie wholly inside the block (Sheets refuses
   * otherwise, with MESSAGES.mergeStraddles), and the block not to cross the frozen rows' edge.
   */
  private _checkMergeable(blocks: Merge[]): void {
    for (const m of this._sheet.merges) {
      if (blocksOverlap(m, this._block) && !blocks.some((b) => mergeInside(m, b))) fail(MESSAGES.mergeStraddles);
    }
    const frozen = this._sheet.frozenRows;
    for (const b of blocks) if (b.numRows > 1 && frozen > 0 && b.row <= frozen && b.row + b.numRows - 1 > frozen) fail(MESSAGES.mergeFrozen);
  }

  private _mergeBlocks(blocks: Merge[]): GRange {
    this._checkMergeable(blocks);
    for (const b of blocks) this._sheet.addMerge(b);
    return this._me;
  }

  /** Merges the range into one block: only the top-left value is kept. */
  merge(): GRange {
    return this._mergeBlocks([this._block]);
  }

  /** Merges each row of the range across its columns. */
  mergeAcross(): GRange {
    return this._mergeBlocks(Array.from({ length: this._nr }, (_, i) => ({ row: this._row + i, column: this._col, numRows: 1, numColumns: this._nc })));
  }

  /** Merges each column of the range down its rows. */
  mergeVertically(): GRange {
    return this._mergeBlocks(Array.from({ length: this._nc }, (_, j) => ({ row: this._row, column: this._col + j, numRows: this._nr, numColumns: 1 })));
  }

  /**
   * Breaks apart every merge inside the range (Format > Merge cells > Unmerge): the top-left
   * value stays where it was, the other cells are empty. A merge only partly inside the range
   * is refused as merging is (MESSAGES.mergeStraddles).
   */
  breakApart(): GRange {
    const block = this._block;
    const touched = this._sheet.merges.filter((m) => blocksOverlap(m, block));
    if (touched.some((m) => !mergeInside(m, block))) fail(MESSAGES.mergeStraddles);
    if (touched.length) {
      this._sheet.merges = this._sheet.merges.filter((m) => !touched.includes(m));
      this._sheet.touch();
    }
    return this._me;
  }

  /** Reference: "Returns true if the cells in the current range overlap any merged cells." */
  isPartOfMerge(): boolean {
    const block = this._block;
    return this._sheet.merges.some((m) => blocksOverlap(m, block));
  }

  /**
   * Reference: "Returns an array of Range objects representing merged cells that either are
   * fully within the current range, or contain at least one cell in the current range." In
   * sheet order (top to bottom, then left to right): an emulator choice, the reference gives none.
   */
  getMergedRanges(): GRange[] {
    const block = this._block;
    return this._sheet.merges
      .filter((m) => blocksOverlap(m, block))
      .sort((a, b) => a.row - b.row || a.column - b.column)
      .map((m) => newRange(this._env, this._sheet, m.row, m.column, m.numRows, m.numColumns));
  }

  isBlank(): boolean {
    for (let i = 0; i < this._nr; i++) for (let j = 0; j < this._nc; j++) if (this._sheet.content(this._row + i, this._col + j) !== undefined) return false;
    return true;
  }

  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): GRange {
    return newRange(
      this._env,
      this._sheet,
      this._row + toInt(rowOffset, 'rowOffset'),
      this._col + toInt(columnOffset, 'columnOffset'),
      numRows === undefined ? this._nr : toInt(numRows, 'numRows'),
      numColumns === undefined ? this._nc : toInt(numColumns, 'numColumns'),
    );
  }

  private _setAll<K extends keyof CellMeta>(key: K, value: CellMeta[K] | undefined): GRange {
    this._each((r, c) => this._sheet.setMeta(r, c, key, value));
    return this._me;
  }

  private _setEach<K extends keyof CellMeta, T>(key: K, values: T[][], map: (v: T) => CellMeta[K] | undefined): GRange {
    checkShape(values, this._nr, this._nc);
    this._each((r, c, i, j) => this._sheet.setMeta(r, c, key, map(values[i][j])));
    return this._me;
  }

  setBackground(color: string | null): GRange {
    return this._setAll('background', normalizeColor(color));
  }

  setBackgroundRGB(red: number, green: number, blue: number): GRange {
    const hex = (n: number) => Math.max(0, Math.min(255, Math.trunc(n))).toString(16).padStart(2, '0');
    return this._setAll('background', `#${hex(red)}${hex(green)}${hex(blue)}`);
  }

  setBackgrounds(color: (string | null)[][]): GRange {
    return this._setEach('background', color, normalizeColor);
  }

  /** Borders are not modelled: the call is counted and the range returned. */
  setBorder(): GRange {
    return this._me;
  }

  setDataValidation(rule: GDataValidation | null): GRange {
    return this._setAll('validation', ruleOf(rule));
  }

  setDataValidations(rules: (GDataValidation | null)[][]): GRange {
    return this._setEach('validation', rules, ruleOf);
  }

  setFontColor(color: string | null): GRange {
    return this._setAll('fontColor', normalizeColor(color));
  }

  setFontColors(colors: unknown[][]): GRange {
    return this._setEach('fontColor', colors, (c) => normalizeColor(c as string | null));
  }

  setFontSize(size: number): GRange {
    return this._setAll('fontSize', size === 10 ? undefined : toInt(size, 'size'));
  }

  setFontSizes(sizes: number[][]): GRange {
    return this._setEach('fontSize', sizes, (s) => (s === 10 || s === null ? undefined : toInt(s, 'size')));
  }

  setFontStyle(fontStyle: string | null): GRange {
    return this._setAll('italic', fontStyle === 'italic' ? true : undefined);
  }

  setFontStyles(fontStyles: (string | null)[][]): GRange {
    return this._setEach('italic', fontStyles, (s) => (s === 'italic' ? true : undefined));
  }

  setFontWeight(fontWeight: string | null): GRange {
    return this._setAll('bold', fontWeight === 'bold' ? true : undefined);
  }

  setFontWeights(fontWeights: (string | null)[][]): GRange {
    return this._setEach('bold', fontWeights, (w) => (w === 'bold' ? true : undefined));
  }

  setFormula(formula: string): GRange {
    const f = String(formula);
    const now = this._book.now();
    const prepared = this._grid((r, c) => {
      if (!f.startsWith('=')) return this._prepare(f, r, c, now);
      return { content: new Formula(this._formula(f, r - this._row, c - this._col)) } as Prepared;
    });
    this._write(prepared);
    return this._me;
  }

  setFormulas(formulas: string[][]): GRange {
    checkShape(formulas, this._nr, this._nc);
    const now = this._book.now();
    const prepared = this._grid((r, c) => {
      const f = formulas[r - this._row][c - this._col];
      const text = f === null || f === undefined ? '' : String(f);
      return text.startsWith('=') && text.length > 1 ? ({ content: new Formula(text) } as Prepared) : this._prepare(text, r, c, now);
    });
    this._write(prepared);
    return this._me;
  }

  setHorizontalAlignment(alignment: string | null): GRange {
    return this._setAll('hAlign', alignment === null || alignment === 'normal' || alignment === 'general' ? undefined : String(alignment));
  }

  setHorizontalAlignments(alignments: (string | null)[][]): GRange {
    return this._setEach('hAlign', alignments, (a) => (a === null || a === 'normal' || a === 'general' ? undefined : String(a)));
  }

  setNote(note: string | null): GRange {
    return this._setAll('note', note === null || note === undefined || note === '' ? undefined : String(note));
  }

  setNotes(notes: (string | null)[][]): GRange {
    return this._setEach('note', notes, (n) => (n === null || n === undefined || n === '' ? undefined : String(n)));
  }

  setNumberFormat(numberFormat: string): GRange {
    return this._setAll('numberFormat', numberFormat === AUTOMATIC_FORMAT ? undefined : String(numberFormat));
  }

  setNumberFormats(numberFormats: string[][]): GRange {
    return this._setEach('numberFormat', numberFormats, (f) => (f === AUTOMATIC_FORMAT || f === null ? undefined : String(f)));
  }

  setValue(value: unknown): GRange {
    const now = this._book.now();
    const prepared = this._grid((r, c) => {
      const p = this._prepare(value, r, c, now);
      if (p.content instanceof Formula) return { content: new Formula(this._formula(p.content.text, r - this._row, c - this._col)) };
      return p;
    });
    this._write(prepared);
    return this._me;
  }

  setValues(values: unknown[][]): GRange {
    checkShape(values, this._nr, this._nc);
    const now = this._book.now();
    const prepared: Prepared[][] = new Array(this._nr);
    for (let i = 0; i < this._nr; i++) {
      const src = values[i];
      const line: Prepared[] = new Array(this._nc);
      for (let j = 0; j < this._nc; j++) line[j] = this._prepare(src[j], this._row + i, this._col + j, now);
      prepared[i] = line;
    }
    this._write(prepared);
    return this._me;
  }

  setVerticalAlignment(alignment: string | null): GRange {
    return this._setAll('vAlign', alignment === null || alignment === 'bottom' ? undefined : String(alignment));
  }

  setVerticalAlignments(alignments: (string | null)[][]): GRange {
    return this._setEach('vAlign', alignments, (a) => (a === null || a === 'bottom' ? undefined : String(a)));
  }

  setWrap(isWrapEnabled: boolean): GRange {
    return this._setAll('wrap', isWrapEnabled ? 'WRAP' : undefined);
  }

  setWrapStrategies(strategies: unknown[][]): GRange {
    return this._setEach('wrap', strategies, wrapName);
  }

  setWrapStrategy(strategy: unknown): GRange {
    return this._setAll('wrap', wrapName(strategy));
  }

  setWraps(isWrapEnabled: boolean[][]): GRange {
    return this._setEach('wrap', isWrapEnabled, (w) => (w ? 'WRAP' : undefined));
  }
}

function wrapName(strategy: unknown): WrapName | undefined {
  const s = String(strategy);
  if (s === 'WRAP' || s === 'CLIP') return s;
  if (s === 'OVERFLOW') return undefined;
  return fail('Invalid argument: strategy');
}

// ---------------------------------------------------------------------------------------------
// Sheet
// ---------------------------------------------------------------------------------------------

type SheetMethods =
  | 'activate'
  | 'appendRow'
  | 'autoResizeColumn'
  | 'autoResizeColumns'
  | 'clear'
  | 'clearContents'
  | 'clearFormats'
  | 'clearNotes'
  | 'deleteColumn'
  | 'deleteColumns'
  | 'deleteRow'
  | 'deleteRows'
  | 'getCharts'
  | 'getColumnWidth'
  | 'getDataRange'
  | 'getFrozenColumns'
  | 'getFrozenRows'
  | 'getIndex'
  | 'getLastColumn'
  | 'getLastRow'
  | 'getMaxColumns'
  | 'getMaxRows'
  | 'getName'
  | 'getParent'
  | 'getRange'
  | 'getRowHeight'
  | 'getSheetId'
  | 'getSheetName'
  | 'getSheetValues'
  | 'getTabColor'
  | 'getType'
  | 'hideSheet'
  | 'insertChart'
  | 'insertColumnAfter'
  | 'insertColumnBefore'
  | 'insertColumnsAfter'
  | 'insertColumnsBefore'
  | 'insertRowAfter'
  | 'insertRowBefore'
  | 'insertRowsAfter'
  | 'insertRowsBefore'
  | 'isSheetHidden'
  | 'newChart'
  | 'removeChart'
  | 'setColumnWidth'
  | 'setColumnWidths'
  | 'setFrozenColumns'
  | 'setFrozenRows'
  | 'setName'
  | 'setRowHeight'
  | 'setRowHeights'
  | 'setTabColor'
  | 'showSheet'
  | 'updateChart';

/** How charts (charts.ts) reach Ranges: out as instrumented Range objects, in as rectangles. */
function chartHooks(env: Env): RangeHooks {
  return {
    toRange: (g) => newRange(env, g.sheet, g.row, g.column, g.numRows, g.numColumns),
    toGrid: (range) => gridOfRangeArg(range),
  };
}

function newSheet(env: Env, sheet: SheetModel): GSheet {
  return wrap(new FakeSheet(env, sheet), 'Sheet', env) as unknown as GSheet;
}

function checkSheetName(book: Workbook, name: unknown, except?: SheetModel): string {
  const n = String(name ?? '');
  if (!n.trim()) return fail('Invalid argument: name');
  const other = book.sheet(n);
  if (other && other !== except) fail(MESSAGES.sheetExists(n));
  return n;
}

class FakeSheet implements Pick<GSheet, SheetMethods>, SelfAware {
  _self: unknown = this;

  constructor(
    readonly _env: Env,
    readonly _sheet: SheetModel,
  ) {}

  private get _me(): GSheet {
    return this._self as GSheet;
  }

  private get _book(): Workbook {
    return this._sheet.book;
  }

  private _range(row: number, col: number, nr = 1, nc = 1): FakeRange {
    return raw(newRange(this._env, this._sheet, row, col, nr, nc) as unknown as FakeRange);
  }

  activate(): GSheet {
    this._book.active = this._sheet;
    return this._me;
  }

  /** Writes after the last row with content; the sheet grows when it is full (reference). */
  appendRow(rowContents: unknown[]): GSheet {
    if (!Array.isArray(rowContents)) return fail('Invalid argument: rowContents');
    // Checked before the sheet grows: a refused append leaves the sheet as it was.
    if (rowContents.some((v) => typeof v === 'string' && v.length > MAX_CELL_CHARS)) fail(MESSAGES.cellTooLong);
    const s = this._sheet;
    const row = s.lastRow() + 1;
    if (row > s.maxRows) s.insertRows(s.maxRows + 1, row - s.maxRows, null);
    if (rowContents.length > s.maxColumns) s.insertColumns(s.maxColumns + 1, rowContents.length - s.maxColumns, null);
    if (rowContents.length === 0) return this._me;
    this._range(row, 1, 1, rowContents.length).setValues([rowContents]);
    return this._me;
  }

  autoResizeColumn(columnPosition: number): GSheet {
    return this.autoResizeColumns(columnPosition, 1);
  }

  /**
   * Fits columns to their content. Sheets measures rendered text; the emulator estimates
   * 7 px a character (8 bold) plus 10 px padding, the longest line of each cell.
   */
  autoResizeColumns(startColumn: number, numColumns: number): GSheet {
    const book = this._book;
    const s = this._sheet;
    const ctx = new EvalContext();
    for (let c = startColumn; c < startColumn + numColumns; c++) {
      let width = 0;
      for (let r = 1; r <= s.lastRow(); r++) {
        if (s.content(r, c) === undefined) continue;
        const text = book.display(s, r, c, ctx);
        const longest = Math.max(...text.split('\n').map((l) => l.length));
        width = Math.max(width, longest * (s.cellMeta(r, c)?.bold ? 8 : 7) + 10);
      }
      if (width > 0) s.columnWidths[c - 1] = width;
    }
    s.touch();
    return this._me;
  }

  clear(options?: { formatOnly?: boolean; contentsOnly?: boolean }): GSheet {
    const o = options ?? {};
    const both = !o.formatOnly && !o.contentsOnly;
    if (both || o.contentsOnly) this.clearContents();
    if (both || o.formatOnly) this.clearFormats();
    return this._me;
  }

  clearContents(): GSheet {
    this._sheet.rows = [];
    this._sheet.touch();
    return this._me;
  }

  clearFormats(): GSheet {
    for (const [r, c] of [...this._sheet.metaCells()]) this._sheet.clearFormats(r, c);
    return this._me;
  }

  clearNotes(): GSheet {
    for (const [r, c] of [...this._sheet.metaCells()]) this._sheet.setMeta(r, c, 'note', undefined);
    return this._me;
  }

  deleteColumn(columnPosition: number): GSheet {
    this.deleteColumns(columnPosition, 1);
    return this._me;
  }

  deleteColumns(columnPosition: number, howMany: number): void {
    const s = this._sheet;
    if (columnPosition < 1 || howMany < 1 || columnPosition + howMany - 1 > s.maxColumns) fail(MESSAGES.columnsOutOfBounds);
    if (s.maxColumns - howMany <= s.frozenColumns) fail(MESSAGES.deleteAllColumns);
    s.deleteColumns(columnPosition, howMany);
  }

  deleteRow(rowPosition: number): GSheet {
    this.deleteRows(rowPosition, 1);
    return this._me;
  }

  deleteRows(rowPosition: number, howMany: number): void {
    const s = this._sheet;
    if (rowPosition < 1 || howMany < 1 || rowPosition + howMany - 1 > s.maxRows) fail(MESSAGES.rowsOutOfBounds);
    if (s.maxRows - howMany <= s.frozenRows) fail(MESSAGES.deleteAllRows);
    s.deleteRows(rowPosition, howMany);
  }

  /** The charts of the sheet (snapshots: change one with modify() and updateChart). */
  getCharts(): GoogleAppsScript.Spreadsheet.EmbeddedChart[] {
    return sheetCharts(this._env, chartHooks(this._env), this._sheet);
  }

  getColumnWidth(columnPosition: number): number {
    return this._sheet.columnWidth(columnPosition);
  }

  getDataRange(): GRange {
    const s = this._sheet;
    return newRange(this._env, s, 1, 1, Math.max(1, s.lastRow()), Math.max(1, s.lastColumn()));
  }

  getFrozenColumns(): number {
    return this._sheet.frozenColumns;
  }

  getFrozenRows(): number {
    return this._sheet.frozenRows;
  }

  getIndex(): number {
    return this._book.sheets.indexOf(this._sheet) + 1;
  }

  getLastColumn(): number {
    return this._sheet.lastColumn();
  }

  getLastRow(): number {
    return this._sheet.lastRow();
  }

  getMaxColumns(): number {
    return this._sheet.maxColumns;
  }

  getMaxRows(): number {
    return this._sheet.maxRows;
  }

  getName(): string {
    return this._sheet.name;
  }

  getParent(): GSpreadsheet {
    return newSpreadsheet(this._env, this._book);
  }

  getRange(a: number | string, column?: number, numRows?: number, numColumns?: number): GRange {
    if (typeof a === 'string') return rangeOfA1(this._env, this._book, a, this._sheet);
    return newRange(
      this._env,
      this._sheet,
      toInt(a, 'row'),
      toInt(column, 'column'),
      numRows === undefined ? 1 : toInt(numRows, 'numRows'),
      numColumns === undefined ? 1 : toInt(numColumns, 'numColumns'),
    );
  }

  getRowHeight(rowPosition: number): number {
    return this._sheet.rowHeights[rowPosition - 1] ?? 21;
  }

  getSheetId(): number {
    return this._sheet.id;
  }

  getSheetName(): string {
    return this._sheet.name;
  }

  getSheetValues(startRow: number, startColumn: number, numRows: number, numColumns: number): CellValue[][] {
    const s = this._sheet;
    // -1 reads to the end of the data (reference: "numRows: ... -1 for all rows").
    const nr = numRows === -1 ? Math.max(1, s.lastRow() - startRow + 1) : numRows;
    const nc = numColumns === -1 ? Math.max(1, s.lastColumn() - startColumn + 1) : numColumns;
    return this._range(startRow, startColumn, nr, nc).getValues();
  }

  getTabColor(): string | null {
    return this._sheet.tabColor;
  }

  getType(): GoogleAppsScript.Spreadsheet.SheetType {
    return SheetType.GRID as unknown as GoogleAppsScript.Spreadsheet.SheetType;
  }

  hideSheet(): GSheet {
    const visible = this._book.sheets.filter((s) => !s.hidden);
    if (!this._sheet.hidden && visible.length <= 1) fail(MESSAGES.hideAllSheets);
    this._sheet.hidden = true;
    this._sheet.touch();
    return this._me;
  }

  /** Puts a built chart on the sheet; it gets its id (getChartId) here. */
  insertChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    insertChart(this._sheet, chart);
  }

  insertColumnAfter(afterPosition: number): GSheet {
    return this.insertColumnsAfter(afterPosition, 1);
  }

  insertColumnBefore(beforePosition: number): GSheet {
    return this.insertColumnsBefore(beforePosition, 1);
  }

  insertColumnsAfter(afterPosition: number, howMany: number): GSheet {
    const s = this._sheet;
    if (afterPosition < 1 || afterPosition > s.maxColumns || howMany < 1) fail(MESSAGES.columnsOutOfBounds);
    s.insertColumns(afterPosition + 1, howMany, afterPosition);
    return this._me;
  }

  insertColumnsBefore(beforePosition: number, howMany: number): GSheet {
    const s = this._sheet;
    if (beforePosition < 1 || beforePosition > s.maxColumns || howMany < 1) fail(MESSAGES.columnsOutOfBounds);
    s.insertColumns(beforePosition, howMany, beforePosition);
    return this._me;
  }

  insertRowAfter(afterPosition: number): GSheet {
    return this.insertRowsAfter(afterPosition, 1);
  }

  insertRowBefore(beforePosition: number): GSheet {
    return this.insertRowsBefore(beforePosition, 1);
  }

  /** New rows take the formats and validations of the row above, as in Sheets. */
  insertRowsAfter(afterPosition: number, howMany: number): GSheet {
    const s = this._sheet;
    if (afterPosition < 1 || afterPosition > s.maxRows || howMany < 1) fail(MESSAGES.rowsOutOfBounds);
    s.insertRows(afterPosition + 1, howMany, afterPosition);
    return this._me;
  }

  insertRowsBefore(beforePosition: number, howMany: number): GSheet {
    const s = this._sheet;
    if (beforePosition < 1 || beforePosition > s.maxRows || howMany < 1) fail(MESSAGES.rowsOutOfBounds);
    s.insertRows(beforePosition, howMany, beforePosition);
    return this._me;
  }

  isSheetHidden(): boolean {
    return this._sheet.hidden;
  }

  newChart(): GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder {
    return newChartBuilder(this._env, chartHooks(this._env));
  }

  removeChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    removeChart(this._sheet, chart);
  }

  setColumnWidth(columnPosition: number, width: number): GSheet {
    return this.setColumnWidths(columnPosition, 1, width);
  }

  setColumnWidths(startColumn: number, numColumns: number, width: number): GSheet {
    const s = this._sheet;
    if (startColumn < 1 || startColumn + numColumns - 1 > s.maxColumns) fail(MESSAGES.columnsOutOfBounds);
    for (let c = startColumn; c < startColumn + numColumns; c++) s.columnWidths[c - 1] = toInt(width, 'width');
    s.touch();
    return this._me;
  }

  setFrozenColumns(columns: number): void {
    const n = toInt(columns, 'columns');
    if (n < 0 || n > this._sheet.maxColumns) fail('Invalid argument: columns');
    this._sheet.frozenColumns = n;
    this._sheet.touch();
  }

  setFrozenRows(rows: number): void {
    const n = toInt(rows, 'rows');
    if (n < 0 || n > this._sheet.maxRows) fail('Invalid argument: rows');
    this._sheet.frozenRows = n;
    this._sheet.touch();
  }

  setName(name: string): GSheet {
    this._sheet.name = checkSheetName(this._book, name, this._sheet);
    this._sheet.touch();
    return this._me;
  }

  setRowHeight(rowPosition: number, height: number): GSheet {
    return this.setRowHeights(rowPosition, 1, height);
  }

  setRowHeights(startRow: number, numRows: number, height: number): GSheet {
    for (let r = startRow; r < startRow + numRows; r++) this._sheet.rowHeights[r - 1] = toInt(height, 'height');
    this._sheet.touch();
    return this._me;
  }

  setTabColor(color: string | null): GSheet {
    this._sheet.tabColor = normalizeColor(color) ?? null;
    this._sheet.touch();
    return this._me;
  }

  showSheet(): GSheet {
    this._sheet.hidden = false;
    this._sheet.touch();
    return this._me;
  }

  /** Replaces the chart of the same id (a chart from getCharts()[i].modify()…build()). */
  updateChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): void {
    updateChart(this._sheet, chart);
  }
}

/** The Range of A1 notation, on `defaultSheet` unless it names its sheet. */
function rangeOfA1(env: Env, book: Workbook, a1: string, defaultSheet: SheetModel): GRange {
  const parts = parseA1(String(a1));
  if (!parts) return fail(MESSAGES.rangeNotFound);
  const sheet = parts.sheetName === null ? defaultSheet : book.sheet(parts.sheetName);
  if (!sheet) return fail(MESSAGES.rangeNotFound);
  const g = gridOfA1(parts, sheet);
  return newRange(env, sheet, g.row, g.column, g.numRows, g.numColumns);
}

// ---------------------------------------------------------------------------------------------
// Spreadsheet
// ---------------------------------------------------------------------------------------------

type SpreadsheetMethods =
  | 'deleteSheet'
  | 'getActiveSheet'
  | 'getId'
  | 'getName'
  | 'getNumSheets'
  | 'getRange'
  | 'getRangeByName'
  | 'getSheetById'
  | 'getSheetByName'
  | 'getSheets'
  | 'getSpreadsheetLocale'
  | 'getSpreadsheetTimeZone'
  | 'getUrl'
  | 'insertSheet'
  | 'moveActiveSheet'
  | 'removeNamedRange'
  | 'rename'
  | 'setActiveSheet'
  | 'setNamedRange'
  | 'setSpreadsheetLocale'
  | 'setSpreadsheetTimeZone'
  | 'toast';

function newSpreadsheet(env: Env, book: Workbook): GSpreadsheet {
  return wrap(new FakeSpreadsheet(env, book), 'Spreadsheet', env) as unknown as GSpreadsheet;
}

function sheetOf(sheet: unknown): SheetModel {
  const r = raw((sheet ?? {}) as object) as unknown;
  if (!(r instanceof FakeSheet)) return fail('Invalid argument: sheet');
  return r._sheet;
}

class FakeSpreadsheet implements Pick<GSpreadsheet, SpreadsheetMethods>, SelfAware {
  _self: unknown = this;

  constructor(
    readonly _env: Env,
    readonly _book: Workbook,
  ) {}

  deleteSheet(sheet: GSheet): void {
    const s = sheetOf(sheet);
    if (!this._book.sheets.includes(s)) return;
    if (this._book.sheets.length <= 1) fail(MESSAGES.removeAllSheets);
    this._book.removeSheet(s);
  }

  getActiveSheet(): GSheet {
    return newSheet(this._env, this._book.activeSheet());
  }

  getId(): string {
    return this._book.id;
  }

  getName(): string {
    return this._book.name;
  }

  getNumSheets(): number {
    return this._book.sheets.length;
  }

  getRange(a1Notation: string): GRange {
    return rangeOfA1(this._env, this._book, a1Notation, this._book.activeSheet());
  }

  getRangeByName(name: string): GRange | null {
    const g = this._book.namedRanges.get(String(name));
    if (!g || !this._book.sheets.includes(g.sheet)) return null;
    return newRange(this._env, g.sheet, g.row, g.column, g.numRows, g.numColumns);
  }

  getSheetById(id: number): GSheet | null {
    const s = this._book.sheetById(Number(id));
    return s ? newSheet(this._env, s) : null;
  }

  getSheetByName(name: string): GSheet | null {
    const s = this._book.sheet(String(name));
    return s ? newSheet(this._env, s) : null;
  }

  getSheets(): GSheet[] {
    return this._book.sheets.map((s) => newSheet(this._env, s));
  }

  getSpreadsheetLocale(): string {
    return this._book.locale;
  }

  getSpreadsheetTimeZone(): string {
    return this._book.timeZone;
  }

  getUrl(): string {
    return this._book.url;
  }

  /**
   * insertSheet(), (sheetIndex), (sheetName), (sheetName, sheetIndex), with optional
   * { template }. The index is 0-based; the new sheet becomes the active sheet (reference).
   */
  insertSheet(a?: unknown, b?: unknown, c?: unknown): GSheet {
    let name: string | undefined;
    let index: number | undefined;
    let options: { template?: GSheet } | undefined;
    const args = [a, b, c].filter((x) => x !== undefined);
    for (const x of args) {
      if (typeof x === 'string') name = x;
      else if (typeof x === 'number') index = x;
      else if (x && typeof x === 'object') options = x as { template?: GSheet };
    }
    const book = this._book;
    if (name !== undefined) checkSheetName(book, name);
    const s = book.addSheet(name, index);
    if (options?.template) {
      const t = sheetOf(options.template);
      s.rows = t.rows.map((r) => (r ? r.map((v) => (isDate(v) ? new Date(v.getTime()) : v)) : r));
      s.meta = t.meta.map((r) => (r ? r.map((m) => (m ? { ...m } : m)) : r));
      s.maxRows = t.maxRows;
      s.maxColumns = t.maxColumns;
      s.frozenRows = t.frozenRows;
      s.frozenColumns = t.frozenColumns;
      s.columnWidths = t.columnWidths.slice();
      s.rowHeights = t.rowHeights.slice();
    }
    book.active = s;
    return newSheet(this._env, s);
  }

  moveActiveSheet(pos: number): void {
    const book = this._book;
    const s = book.activeSheet();
    const to = toInt(pos, 'pos');
    if (to < 1 || to > book.sheets.length) fail('Invalid argument: pos');
    book.sheets.splice(book.sheets.indexOf(s), 1);
    book.sheets.splice(to - 1, 0, s);
    book.version++;
  }

  removeNamedRange(name: string): void {
    this._book.namedRanges.delete(String(name));
    this._book.version++;
  }

  rename(newName: string): void {
    this._book.name = String(newName);
    this._book.version++;
  }

  setActiveSheet(sheet: GSheet): GSheet {
    const s = sheetOf(sheet);
    this._book.active = s;
    return newSheet(this._env, s);
  }

  setNamedRange(name: string, range: GRange): void {
    const n = String(name);
    // Sheets: letters, digits and underscores, not starting with a digit, not a cell reference.
    if (!/^[\p{L}_][\p{L}\p{N}_]*$/u.test(n) || /^[A-Za-z]{1,3}\d+$/.test(n) || /^(true|false)$/i.test(n)) fail('Invalid argument: name');
    this._book.namedRanges.set(n, gridOfRangeArg(range));
    this._book.version++;
  }

  setSpreadsheetLocale(locale: string): void {
    this._book.locale = String(locale);
    this._book.version++;
  }

  setSpreadsheetTimeZone(timezone: string): void {
    const tz = String(timezone);
    if (!isTimeZone(tz)) fail('Invalid argument: timezone');
    this._book.setTimeZone(tz);
  }

  /**
   * Records the toast in `env.ui` (Apps Script shows it in the bottom corner of the Sheet) with
   * how long it stays: "If null, the toast defaults to 5 seconds; if negative, the toast remains
   * until dismissed" (developers.google.com/apps-script/reference/spreadsheet/spreadsheet#toast(String,String,Number)).
   */
  toast(msg: string, title?: string, timeoutSeconds?: number | null): void {
    const seconds = timeoutSeconds === undefined || timeoutSeconds === null || Number.isNaN(Number(timeoutSeconds)) ? 5 : Number(timeoutSeconds);
    this._env.ui.push({ kind: 'toast', message: String(msg), title: title === undefined || title === null ? undefined : String(title), seconds });
  }
}

// ---------------------------------------------------------------------------------------------
// SpreadsheetApp
// ---------------------------------------------------------------------------------------------

type AppMethods =
  | 'flush'
  | 'getActive'
  | 'getActiveRange'
  | 'getActiveSheet'
  | 'getActiveSpreadsheet'
  | 'getUi'
  | 'newDataValidation'
  | 'openById'
  | 'openByUrl'
  | 'setActiveSheet';

class FakeSpreadsheetApp implements Pick<GoogleAppsScript.Spreadsheet.SpreadsheetApp, AppMethods>, SelfAware {
  _self: unknown = this;
  readonly WrapStrategy = WrapStrategy;
  readonly BorderStyle = BorderStyle;
  readonly DataValidationCriteria = DataValidationCriteria;
  readonly Dimension = Dimension;
  readonly ProtectionType = ProtectionType;
  readonly SheetType = SheetType;

  constructor(private readonly _env: Env) {}

  /** The bound workbook, its clock following the emulator's. */
  private get _book(): Workbook {
    const book = this._env.workbook;
    book.now = () => this._env.clock.now();
    return book;
  }

  /** Writes are applied at once in the emulator: nothing to flush. */
  flush(): void {}

  /**
   * An add-on's time-driven run has no open document: getActive()/getActiveSpreadsheet() return
   * null ("Returns the currently active spreadsheet, or null if there is none"); the add-on opens
   * the spreadsheet by its id (developers.google.com/apps-script/reference/spreadsheet/spreadsheet-app).
   */
  private _noActive(): boolean {
    return this._env.addon && this._env.context === 'trigger' && this._env.triggerEventType === 'CLOCK';
  }

  getActive(): GSpreadsheet {
    if (this._noActive()) return null as unknown as GSpreadsheet;
    return newSpreadsheet(this._env, this._book);
  }

  getActiveRange(): GRange {
    return newRange(this._env, this._book.activeSheet(), 1, 1);
  }

  getActiveSheet(): GSheet {
    return newSheet(this._env, this._book.activeSheet());
  }

  getActiveSpreadsheet(): GSpreadsheet {
    if (this._noActive()) return null as unknown as GSpreadsheet;
    return newSpreadsheet(this._env, this._book);
  }

  getUi(): GoogleAppsScript.Base.Ui {
    return createUi(this._env);
  }

  newDataValidation(): GDataValidationBuilder {
    return newBuilder(this._env);
  }

  openById(id: string): GSpreadsheet {
    if (String(id) !== this._book.id) fail('Unexpected error while getting the method or property openById on object SpreadsheetApp.');
    return newSpreadsheet(this._env, this._book);
  }

  openByUrl(url: string): GSpreadsheet {
    const m = /\/spreadsheets\/d\/([^/?#]+)/.exec(String(url));
    if (!m || m[1] !== this._book.id) fail('Unexpected error while getting the method or property openByUrl on object SpreadsheetApp.');
    return newSpreadsheet(this._env, this._book);
  }

  setActiveSheet(sheet: GSheet): GSheet {
    const s = sheetOf(sheet);
    this._book.active = s;
    return newSheet(this._env, s);
  }
}

export function createSpreadsheetApp(env: Env): GoogleAppsScript.Spreadsheet.SpreadsheetApp {
  return wrap(new FakeSpreadsheetApp(env), 'SpreadsheetApp', env) as unknown as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
}
