/**
 * The emulated workbook as a real .xlsx file (exceljs), the file a person opens in LibreOffice
 * or imports into Google Sheets: dates as date cells showing the wall-clock time of the
 * workbook's time zone, numbers as numbers, formulas as formulas (with their computed result
 * cached), notes, fills, fonts, alignment and wrap, number formats, frozen panes, column widths,
 * row heights, tab colours, hidden sheets, merged cells, list validations and named ranges.
 *
 * What .xlsx cannot hold natively travels in the workbook's "description" property as JSON:
 * the spreadsheet id, time zone and locale, each sheet's id and grid size (Sheets' 1000 × 26),
 * the exact spelling of number formats, validation rules other than lists, ranges and
 * numbers, and embedded charts (charts.ts; no real xlsx chart is written). A list whose items do not fit Excel's inline form (a comma or quote in an item, or
 * over 255 characters) is written to a very hidden sheet and referenced from there.
 * Not kept: borders (not modelled), the CLIP wrap strategy (xlsx has wrap on/off only).
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import {
  blocksOverlap,
  columnLetters,
  EvalContext,
  Formula,
  parseA1,
  gridOfA1,
  quoteSheetName,
  Workbook,
  type CellMeta,
  type CriteriaType,
  type GridRef,
  type SheetModel,
  type ValidationRule,
} from './model';
import { fromWallClock, isDate, isDateFormat, localeInfo, tzOffset } from './format';
import { restoreCharts, storeCharts, type StoredChart } from './charts';

const META_PREFIX = 'cchc-emulator:';
const LISTS_SHEET = '__emulator_lists';
/** Excel column width units (characters) from px and back (Calibri 11: 7 px a char + 5 px). */
const pxToChars = (px: number) => Math.round(((px - 5) / 7) * 100) / 100;
const charsToPx = (w: number) => Math.round(w * 7 + 5);

interface StoredRule {
  criteria: CriteriaType;
  args: unknown[];
  allowInvalid: boolean;
  helpText: string | null;
  /** A1 ranges of the sheet the rule is on. */
  ranges: string[];
}

interface StoredSheet {
  id: number;
  maxRows: number;
  maxColumns: number;
  rules?: StoredRule[];
}

interface StoredMeta {
  v: 1;
  name: string;
  id: string;
  timeZone: string;
  locale: string;
  active: string | null;
  sheets: Record<string, StoredSheet>;
  namedRanges: Record<string, string>;
  /** The number format as written to the file → as the script set it. */
  formats: Record<string, string>;
  /** Embedded charts by sheet name (charts.ts): the emulator's description, not an xlsx chart. */
  charts?: Record<string, StoredChart[]>;
}

/** A Date whose UTC fields are the wall clock of `ms` in `tz` (what exceljs writes as a serial). */
function wallDate(ms: number, tz: string): Date {
  return new Date(ms + tzOffset(tz, ms));
}

/** The instant of a Date read by exceljs (its UTC fields are the wall clock in `tz`). */
function instantOfWall(d: Date, tz: string): Date {
  return new Date(
    fromWallClock(tz, d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()),
  );
}

/** Excel's spelling of a Sheets date format: lower-case codes, AM/PM kept. */
function excelFormat(format: string): string {
  if (!isDateFormat(format)) return format;
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i];
    if (ch === '"') {
      const end = format.indexOf('"', i + 1);
      const stop = end < 0 ? format.length : end + 1;
      out += format.slice(i, stop);
      i = stop - 1;
    } else if (ch === '\\') {
      out += ch + (format[i + 1] ?? '');
      i++;
    } else if (/^am\/pm/i.test(format.slice(i))) {
      out += 'AM/PM';
      i += 4;
    } else {
      out += /[DMYHS]/.test(ch) ? ch.toLowerCase() : ch;
    }
  }
  return out;
}

/** exceljs keeps a sheet's validations here (not in its typings). */
function dataValidations(ws: ExcelJS.Worksheet): {
  model: Record<string, ExcelJS.DataValidation | undefined>;
  add(address: string, dv: ExcelJS.DataValidation): void;
} {
  return (ws as unknown as { dataValidations: ReturnType<typeof dataValidations> }).dataValidations;
}

const argb = (hex: string) => `FF${hex.replace('#', '').toUpperCase()}`;
const hexOf = (color: Partial<ExcelJS.Color> | undefined): string | undefined => {
  const a = color?.argb;
  if (!a || a.length < 6) return undefined;
  return `#${a.slice(-6).toLowerCase()}`;
};

/** Runs of equal rules: for each rule, rectangles per column ("C2:C40"). */
function ruleRanges(sheet: SheetModel): Map<ValidationRule, string[]> {
  const runs = new Map<ValidationRule, string[]>();
  const byColumn = new Map<number, [number, ValidationRule][]>();
  for (const [r, c, m] of sheet.metaCells()) {
    if (!m.validation) continue;
    let list = byColumn.get(c);
    if (!list) byColumn.set(c, (list = []));
    list.push([r, m.validation]);
  }
  for (const [c, list] of byColumn) {
    list.sort((a, b) => a[0] - b[0]);
    let start = 0;
    for (let k = 1; k <= list.length; k++) {
      if (k < list.length && list[k][1] === list[start][1] && list[k][0] === list[k - 1][0] + 1) continue;
      const rule = list[start][1];
      const first = list[start][0];
      const last = list[k - 1][0];
      const col = columnLetters(c);
      const a1 = first === last ? `${col}${first}` : `${col}${first}:${col}${last}`;
      let arr = runs.get(rule);
      if (!arr) runs.set(rule, (arr = []));
      arr.push(a1);
      start = k;
    }
  }
  return runs;
}

function absoluteRef(g: GridRef): string {
  const c1 = columnLetters(g.column);
  const c2 = columnLetters(g.column + g.numColumns - 1);
  return `${quoteSheetName(g.sheet.name)}!$${c1}$${g.row}:$${c2}$${g.row + g.numRows - 1}`;
}

function storeArg(x: unknown): unknown {
  if (isDate(x)) return { date: x.toISOString() };
  if (x && typeof x === 'object' && 'sheet' in (x as object)) return { range: absoluteRef(x as GridRef) };
  return x;
}

function restoreArg(wb: Workbook, x: unknown): unknown {
  if (x && typeof x === 'object' && 'date' in (x as object)) return new Date((x as { date: string }).date);
  if (x && typeof x === 'object' && 'range' in (x as object)) return gridOf(wb, (x as { range: string }).range);
  return x;
}

function gridOf(wb: Workbook, ref: string): GridRef | null {
  const parts = parseA1(ref.replace(/\$/g, ''));
  if (!parts || parts.sheetName === null) return null;
  const sheet = wb.sheet(parts.sheetName);
  return sheet ? gridOfA1(parts, sheet) : null;
}

export async function saveWorkbookXlsx(wb: Workbook, file: string): Promise<void> {
  const x = new ExcelJS.Workbook();
  const tz = wb.timeZone;
  const loc = localeInfo(wb.locale);
  const ctx = new EvalContext();
  const meta: StoredMeta = {
    v: 1,
    name: wb.name,
    id: wb.id,
    timeZone: tz,
    locale: wb.locale,
    active: wb.active ? wb.active.name : null,
    sheets: {},
    namedRanges: {},
    formats: {},
  };
  x.title = wb.name;
  x.creator = 'cchc-tracker emulator';
  const lists: string[][] = [];
  const listRef = (items: string[]): string => {
    let k = lists.findIndex((l) => l.length === items.length && l.every((v, i) => v === items[i]));
    if (k < 0) k = lists.push(items) - 1;
    return `'${LISTS_SHEET}'!$${columnLetters(k + 1)}$1:$${columnLetters(k + 1)}$${Math.max(1, items.length)}`;
  };
  const fmtOut = (f: string): string => {
    const e = excelFormat(f);
    if (e !== f) meta.formats[e] = f;
    return e;
  };

  for (const sheet of wb.sheets) {
    const stored: StoredSheet = { id: sheet.id, maxRows: sheet.maxRows, maxColumns: sheet.maxColumns };
    meta.sheets[sheet.name] = stored;
    const ws = x.addWorksheet(sheet.name, {
      state: sheet.hidden ? 'hidden' : 'visible',
      properties: {
        defaultColWidth: pxToChars(100),
        ...(sheet.tabColor ? { tabColor: { argb: argb(sheet.tabColor) } } : {}),
      },
      views:
        sheet.frozenRows || sheet.frozenColumns
          ? [{ state: 'frozen', xSplit: sheet.frozenColumns, ySplit: sheet.frozenRows }]
          : [{ state: 'normal' }],
    });
    sheet.columnWidths.forEach((px, i) => {
      if (px !== undefined) ws.getColumn(i + 1).width = pxToChars(px);
    });
    sheet.rowHeights.forEach((px, i) => {
      if (px !== undefined) ws.getRow(i + 1).height = px * 0.75;
    });
    // Contents
    sheet.rows.forEach((row, i) => {
      if (!row) return;
      row.forEach((content, j) => {
        if (content === undefined) return;
        const cell = ws.getCell(i + 1, j + 1);
        if (content instanceof Formula) {
          const v = wb.value(sheet, i + 1, j + 1, ctx);
          const result =
            typeof v === 'string' && /^#(N\/A|REF!|NAME\?|DIV\/0!|VALUE!|NUM!|NULL!|ERROR!)$/.test(v)
              ? { error: (v === '#ERROR!' ? '#NAME?' : v) as ExcelJS.CellErrorValue['error'] }
              : isDate(v)
                ? wallDate(v.getTime(), tz)
                : v;
          cell.value = { formula: content.text.replace(/^=/, ''), result } as ExcelJS.CellFormulaValue;
        } else if (isDate(content)) {
          cell.value = wallDate(content.getTime(), tz);
          if (!sheet.cellMeta(i + 1, j + 1)?.numberFormat) cell.numFmt = fmtOut(loc.dateTimeFormat);
        } else {
          cell.value = content;
        }
      });
    });
    // Formats and notes
    for (const [r, c, m] of sheet.metaCells()) writeMeta(ws.getCell(r, c), m, fmtOut);
    // Merged cells (<mergeCells> in the sheet's XML), as Sheets exports them.
    for (const m of sheet.merges) ws.mergeCells(m.row, m.column, m.row + m.numRows - 1, m.column + m.numColumns - 1);
    // Validations
    const rules: StoredRule[] = [];
    for (const [rule, ranges] of ruleRanges(sheet)) {
      const dv = excelValidation(wb, rule, listRef);
      if (!dv) {
        rules.push({ criteria: rule.criteria, args: rule.args.map(storeArg), allowInvalid: rule.allowInvalid, helpText: rule.helpText, ranges });
        continue;
      }
      for (const a1 of ranges) dataValidations(ws).add(a1, dv);
    }
    if (rules.length) stored.rules = rules;
  }
  if (lists.length) {
    const ls = x.addWorksheet(LISTS_SHEET, { state: 'veryHidden' });
    lists.forEach((items, k) => items.forEach((v, i) => (ls.getCell(i + 1, k + 1).value = v)));
  }
  for (const [name, g] of wb.namedRanges) {
    if (!wb.sheets.includes(g.sheet)) continue;
    meta.namedRanges[name] = absoluteRef(g);
  }
  x.definedNames.model = Object.entries(meta.namedRanges).map(([name, ref]) => ({ name, ranges: [ref] }));
  const charts = storeCharts(wb);
  if (charts) meta.charts = charts;
  x.description = META_PREFIX + JSON.stringify(meta);

  const dir = path.dirname(file);
  await fs.promises.mkdir(dir, { recursive: true });
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await x.xlsx.writeFile(tmp);
    await fs.promises.rename(tmp, file);
  } catch (e) {
    await fs.promises.rm(tmp, { force: true });
    throw e;
  }
}

function writeMeta(cell: ExcelJS.Cell, m: CellMeta, fmtOut: (f: string) => string): void {
  if (m.note) cell.note = m.note;
  if (m.numberFormat) cell.numFmt = fmtOut(m.numberFormat);
  if (m.background) cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(m.background) } };
  if (m.bold || m.italic || m.fontColor || m.fontSize) {
    const font: Partial<ExcelJS.Font> = { name: 'Arial', size: m.fontSize ?? 10 };
    if (m.bold) font.bold = true;
    if (m.italic) font.italic = true;
    if (m.fontColor) font.color = { argb: argb(m.fontColor) };
    cell.font = font;
  }
  if (m.hAlign || m.vAlign || m.wrap === 'WRAP') {
    const a: Partial<ExcelJS.Alignment> = {};
    if (m.hAlign === 'left' || m.hAlign === 'center' || m.hAlign === 'right') a.horizontal = m.hAlign;
    if (m.vAlign === 'top' || m.vAlign === 'bottom') a.vertical = m.vAlign;
    if (m.vAlign === 'middle') a.vertical = 'middle';
    if (m.wrap === 'WRAP') a.wrapText = true;
    cell.alignment = a;
  }
}

const NUMBER_OPERATORS: Partial<Record<CriteriaType, ExcelJS.DataValidationOperator>> = {
  NUMBER_BETWEEN: 'between',
  NUMBER_NOT_BETWEEN: 'notBetween',
  NUMBER_EQUAL_TO: 'equal',
  NUMBER_NOT_EQUAL_TO: 'notEqual',
  NUMBER_GREATER_THAN: 'greaterThan',
  NUMBER_GREATER_THAN_OR_EQUAL_TO: 'greaterThanOrEqual',
  NUMBER_LESS_THAN: 'lessThan',
  NUMBER_LESS_THAN_OR_EQUAL_TO: 'lessThanOrEqual',
};

/** The xlsx form of a rule, or null when xlsx has none (kept in the metadata instead). */
function excelValidation(wb: Workbook, rule: ValidationRule, listRef: (items: string[]) => string): ExcelJS.DataValidation | null {
  const common = {
    allowBlank: true,
    showErrorMessage: true,
    errorStyle: rule.allowInvalid ? 'warning' : 'stop',
    ...(rule.helpText ? { prompt: rule.helpText, showInputMessage: true } : {}),
  };
  if (rule.criteria === 'VALUE_IN_LIST') {
    const items = (rule.args[0] as unknown[]).map(String);
    const inline = items.join(',');
    const fits = items.every((v) => !/[",]/.test(v)) && inline.length <= 255;
    return { type: 'list', formulae: [fits ? `"${inline}"` : listRef(items)], ...common };
  }
  if (rule.criteria === 'VALUE_IN_RANGE') {
    const g = rule.args[0] as GridRef;
    if (!wb.sheets.includes(g.sheet)) return null;
    return { type: 'list', formulae: [absoluteRef(g)], ...common };
  }
  const op = NUMBER_OPERATORS[rule.criteria];
  if (op) return { type: 'decimal', operator: op, formulae: rule.args.slice(0, op.includes('etween') ? 2 : 1).map(Number), ...common };
  return null;
}

function ruleOfExcel(wb: Workbook, dv: ExcelJS.DataValidation, listsSheet: ExcelJS.Worksheet | undefined): ValidationRule | null {
  const allowInvalid = dv.showErrorMessage === false || (dv.errorStyle !== undefined && dv.errorStyle !== 'stop');
  const helpText = dv.prompt ? String(dv.prompt) : null;
  const f0 = dv.formulae?.[0];
  if (dv.type === 'list' && f0 !== undefined) {
    const s = String(f0);
    if (s.startsWith('"')) {
      const items = s.slice(1, s.endsWith('"') ? -1 : undefined).split(',');
      return { criteria: 'VALUE_IN_LIST', args: Object.freeze([items, true]), allowInvalid, helpText };
    }
    const parts = parseA1(s.replace(/\$/g, ''));
    if (!parts || parts.sheetName === null) return null;
    if (parts.sheetName === LISTS_SHEET && listsSheet) {
      const items: string[] = [];
      const r1 = parts.row1 ?? 1;
      const r2 = parts.row2 ?? r1;
      for (let r = r1; r <= r2; r++) {
        const v = listsSheet.getCell(r, parts.col1 ?? 1).value;
        if (v !== null && v !== undefined && v !== '') items.push(String(v));
      }
      return { criteria: 'VALUE_IN_LIST', args: Object.freeze([items, true]), allowInvalid, helpText };
    }
    const g = gridOf(wb, s);
    return g ? { criteria: 'VALUE_IN_RANGE', args: Object.freeze([g, true]), allowInvalid, helpText } : null;
  }
  if ((dv.type === 'decimal' || dv.type === 'whole') && dv.operator) {
    const criteria = (Object.keys(NUMBER_OPERATORS) as CriteriaType[]).find((k) => NUMBER_OPERATORS[k] === dv.operator);
    if (!criteria) return null;
    return { criteria, args: Object.freeze((dv.formulae ?? []).map(Number)), allowInvalid, helpText };
  }
  return null;
}

function parseMeta(description: string | undefined): StoredMeta | null {
  if (!description || !description.startsWith(META_PREFIX)) return null;
  try {
    const m = JSON.parse(description.slice(META_PREFIX.length)) as StoredMeta;
    return m && m.v === 1 ? m : null;
  } catch {
    return null;
  }
}

function textOf(value: ExcelJS.CellValue): string {
  if (value && typeof value === 'object' && 'richText' in value) return value.richText.map((t) => t.text).join('');
  if (value && typeof value === 'object' && 'text' in value) return String((value as { text: unknown }).text);
  return String(value ?? '');
}

export async function loadWorkbookXlsx(file: string): Promise<Workbook> {
  const x = new ExcelJS.Workbook();
  await x.xlsx.readFile(file);
  const meta = parseMeta(x.description);
  const tz = meta?.timeZone ?? 'Asia/Ho_Chi_Minh';
  const wb = new Workbook(meta?.name ?? x.title ?? path.basename(file, path.extname(file)), {
    id: meta?.id,
    timeZone: tz,
    locale: meta?.locale ?? 'vi_VN',
    empty: true,
  });
  const fmtIn = (f: string) => meta?.formats[f] ?? f;
  const listsSheet = x.worksheets.find((w) => w.name === LISTS_SHEET);
  const pending: [SheetModel, ExcelJS.Worksheet][] = [];

  for (const ws of x.worksheets) {
    if (ws.name === LISTS_SHEET) continue;
    const stored = meta?.sheets[ws.name];
    const sheet = wb.addSheet(ws.name, undefined, stored?.id ?? (wb.sheets.length === 0 ? 0 : undefined));
    sheet.hidden = ws.state === 'hidden' || ws.state === 'veryHidden';
    sheet.tabColor = hexOf(ws.properties.tabColor) ?? null;
    const view = ws.views?.[0] as Partial<ExcelJS.WorksheetViewFrozen> | undefined;
    if (view && view.state === 'frozen') {
      sheet.frozenRows = view.ySplit ?? 0;
      sheet.frozenColumns = view.xSplit ?? 0;
    }
    (ws.columns ?? []).forEach((col, i) => {
      const w = col?.width;
      if (w !== undefined && w !== null) sheet.columnWidths[(col.number ?? i + 1) - 1] = charsToPx(w);
    });
    let lastRow = 0;
    let lastCol = 0;
    ws.eachRow({ includeEmpty: false }, (row, r) => {
      if (row.height) sheet.rowHeights[r - 1] = Math.round(row.height / 0.75);
      row.eachCell({ includeEmpty: false }, (cell, c) => {
        // A cell hidden by a merge: ExcelJS answers its master's value; Sheets keeps it empty.
        if (cell.type === ExcelJS.ValueType.Merge) return;
        lastRow = Math.max(lastRow, r);
        lastCol = Math.max(lastCol, c);
        readCell(sheet, cell, r, c, tz, fmtIn);
      });
    });
    sheet.maxRows = Math.max(stored?.maxRows ?? 1000, lastRow, sheet.frozenRows + 1);
    sheet.maxColumns = Math.max(stored?.maxColumns ?? 26, lastCol, sheet.frozenColumns + 1);
    for (const ref of mergesOf(ws)) {
      const parts = parseA1(ref);
      if (!parts) continue;
      const g = gridOfA1(parts, sheet);
      if (g.row + g.numRows - 1 > sheet.maxRows) sheet.maxRows = g.row + g.numRows - 1;
      if (g.column + g.numColumns - 1 > sheet.maxColumns) sheet.maxColumns = g.column + g.numColumns - 1;
      const block = { row: g.row, column: g.column, numRows: g.numRows, numColumns: g.numColumns };
      // Overlapping merges cannot come from Sheets or Excel; keep the first if a file has them.
      if (sheet.merges.some((m) => blocksOverlap(m, block))) continue;
      sheet.addMerge(block);
    }
    pending.push([sheet, ws]);
  }
  if (wb.sheets.length === 0) wb.addSheet(undefined, undefined, 0);

  // Validations last: a range rule may point at a later sheet.
  for (const [sheet, ws] of pending) {
    const model = dataValidations(ws).model;
    const cache = new Map<string, ValidationRule | null>();
    for (const [address, dv] of Object.entries(model)) {
      if (!dv) continue;
      const key = JSON.stringify(dv);
      let rule = cache.get(key);
      if (rule === undefined) cache.set(key, (rule = ruleOfExcel(wb, dv, listsSheet)));
      if (!rule) continue;
      const parts = parseA1(address);
      if (!parts) continue;
      const g = gridOfA1(parts, sheet);
      for (let r = g.row; r < g.row + g.numRows; r++) for (let c = g.column; c < g.column + g.numColumns; c++) sheet.setMeta(r, c, 'validation', rule);
    }
    for (const sr of meta?.sheets[sheet.name]?.rules ?? []) {
      const args = sr.args.map((a) => restoreArg(wb, a));
      // A rule pointing at a range of a sheet that no longer exists is dropped.
      if (args.some((a) => a === null)) continue;
      const rule: ValidationRule = {
        criteria: sr.criteria,
        args: Object.freeze(args),
        allowInvalid: sr.allowInvalid,
        helpText: sr.helpText,
      };
      for (const a1 of sr.ranges) {
        const parts = parseA1(a1);
        if (!parts) continue;
        const g = gridOfA1(parts, sheet);
        for (let r = g.row; r < g.row + g.numRows; r++) for (let c = g.column; c < g.column + g.numColumns; c++) sheet.setMeta(r, c, 'validation', rule);
      }
    }
  }
  // Named ranges
  const names: Record<string, string> = meta?.namedRanges ?? {};
  if (!meta) for (const d of x.definedNames.model) if (d.ranges[0]) names[d.name] = d.ranges[0];
  for (const [name, ref] of Object.entries(names)) {
    const g = gridOf(wb, ref);
    if (g) wb.namedRanges.set(name, g);
  }
  restoreCharts(wb, meta?.charts);
  if (meta?.active) wb.active = wb.sheet(meta.active) ?? null;
  wb.version++;
  return wb;
}

/** The merged blocks of a worksheet as A1 ranges ("B3:B4"), as the file lists them. */
function mergesOf(ws: ExcelJS.Worksheet): string[] {
  const merges = (ws.model as { merges?: unknown }).merges;
  return Array.isArray(merges) ? merges.filter((m): m is string => typeof m === 'string') : [];
}

function readCell(sheet: SheetModel, cell: ExcelJS.Cell, r: number, c: number, tz: string, fmtIn: (f: string) => string): void {
  const v = cell.value;
  if (cell.type === ExcelJS.ValueType.Formula) {
    const f = cell.formula;
    if (f) sheet.setContent(r, c, new Formula(`=${f}`));
  } else if (v instanceof Date) {
    sheet.setContent(r, c, instantOfWall(v, tz));
  } else if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string') {
    sheet.setContent(r, c, v);
  } else if (v && typeof v === 'object' && 'error' in v) {
    sheet.setContent(r, c, String((v as ExcelJS.CellErrorValue).error));
  } else if (v !== null && v !== undefined) {
    sheet.setContent(r, c, textOf(v));
  }
  const note = cell.note;
  if (note) {
    const text = typeof note === 'string' ? note : (note.texts ?? []).map((t) => t.text).join('');
    if (text) sheet.setMeta(r, c, 'note', text);
  }
  const numFmt = cell.numFmt;
  if (numFmt && numFmt !== 'General') sheet.setMeta(r, c, 'numberFormat', fmtIn(numFmt));
  const fill = cell.fill as ExcelJS.FillPattern | undefined;
  if (fill && fill.type === 'pattern' && fill.pattern === 'solid') {
    const bg = hexOf(fill.fgColor);
    if (bg) sheet.setMeta(r, c, 'background', bg);
  }
  const font = cell.font;
  if (font) {
    if (font.bold) sheet.setMeta(r, c, 'bold', true);
    if (font.italic) sheet.setMeta(r, c, 'italic', true);
    const color = hexOf(font.color);
    if (color && color !== '#000000') sheet.setMeta(r, c, 'fontColor', color);
    if (font.size && font.size !== 10 && (font.name === 'Arial' || font.size !== 11)) sheet.setMeta(r, c, 'fontSize', font.size);
  }
  const a = cell.alignment;
  if (a) {
    if (a.horizontal === 'left' || a.horizontal === 'center' || a.horizontal === 'right') sheet.setMeta(r, c, 'hAlign', a.horizontal);
    if (a.vertical === 'top' || a.vertical === 'middle') sheet.setMeta(r, c, 'vAlign', a.vertical);
    if (a.wrapText) sheet.setMeta(r, c, 'wrap', 'WRAP');
  }
}
