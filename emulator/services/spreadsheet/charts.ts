/**
 * Charts of the emulator, after developers.google.com/apps-script/reference/spreadsheet/embedded-chart
 * and /reference/charts:
 *
 * - Sheets' embedded charts: Sheet.newChart() gives an EmbeddedChartBuilder; build() gives an
 *   EmbeddedChart that is not on the sheet yet (getChartId() null) until Sheet.insertChart(chart)
 *   gives it an id unique in the spreadsheet. Sheet.getCharts() returns snapshots; a snapshot's
 *   modify() gives a builder whose build() keeps the id, so Sheet.updateChart(chart) replaces
 *   the chart of that id and Sheet.removeChart(chart) removes it. addRange() ignores a range
 *   already added (reference). The charts live on the sheet's model (`SheetModel.charts`) and
 *   travel in the .xlsx's emulator metadata (xlsx.ts calls storeCharts/restoreCharts).
 * - The Charts service: Charts.newDataTable() → DataTableBuilder → DataTable, and
 *   Charts.newBarChart()/newColumnChart() → builder → Chart. Other chart builders are not emulated.
 * - EmbeddedChart.getAs('image/png') / getBlob() and Chart.getAs('image/png') / getBlob() give a
 *   real PNG drawn by the small renderer below from the chart's current data.
 *
 * What the emulator draws, and what Google draws: Google renders the chart with its title, axis
 * titles, category labels, tick labels and legend texts, in Arial (a font with Vietnamese
 * glyphs). The emulator draws the plot area, the gridlines and axes, the bars (stacked or
 * grouped, each series in its colour), and its texts with a real text renderer (Skia, through
 * the @napi-rs/canvas package) in Liberation Sans, the free font with Arial's metrics
 * (Debian's fonts-liberation2): the title (bold, top left), the category labels (left of
 * horizontal bars, below columns; a label too long for its room is cut with "…"), the value
 * axis' tick labels ("1.250", "2,5" as vi_VN writes numbers), the legend (a swatch and the
 * series name per series) and the axis titles (hAxis.title, vAxis.title). Sizes and places
 * follow Google's layout only roughly. BAR charts are drawn as horizontal bars; every other type
 * (COLUMN, LINE, PIE…) is drawn as vertical columns, so the image shows the data but not the look
 * of those types. Options read: width, height (px; default 600 × 371, Sheets' default chart size,
 * assumed for the Charts service too), title, isStacked, colors, series.N.color, legend /
 * legend.position ("none" hides it), backgroundColor, hAxis/vAxis.viewWindow.min/max,
 * hAxis/vAxis.title. Hidden rows and columns are not modelled.
 *
 * Limits: chart ranges are not moved when rows or columns are inserted or deleted (Sheets moves
 * them), charts are not copied with insertSheet({template}), and the .xlsx holds no real chart
 * (only the emulator's description of it), so Excel or LibreOffice open the file without it.
 * Where the reference is silent, the assumptions are marked "assumption" below.
 */
import { deflateSync } from 'node:zlib';
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { randomInt } from 'node:crypto';
import type { Env } from '../../core/env';
import { raw, registerService } from '../../core/calls';
import { enumOf, exception, invalidArgument, isDate, wrap, type SelfAware } from '../base';
import { emulatorError } from '../eml';
import { createBlob } from '../utilities';
import { columnLetters, EvalContext, gridOfA1, parseA1, quoteSheetName, type GridRef, type SheetModel, type Workbook } from './model';

registerService('SpreadsheetApp', ['EmbeddedChart', 'EmbeddedChartBuilder', 'ContainerInfo']);
registerService('Charts', ['Charts', 'ChartOptions', 'DataTableBuilder', 'DataTable', 'BarChartBuilder', 'ColumnChartBuilder', 'Chart']);

// ---------------------------------------------------------------------------------------------
// Enums (each value is its own name, as the other fakes' enums)

export const ChartType = enumOf([
  'TIMELINE', 'AREA', 'BAR', 'BUBBLE', 'CANDLESTICK', 'COLUMN', 'COMBO', 'GAUGE', 'GEO', 'HISTOGRAM', 'RADAR',
  'LINE', 'ORG', 'PIE', 'SCATTER', 'SPARKLINE', 'STEPPED_AREA', 'TABLE', 'TREEMAP', 'WATERFALL',
] as const);
export type ChartTypeName = keyof typeof ChartType;
export const ChartMergeStrategy = enumOf(['MERGE_COLUMNS', 'MERGE_ROWS'] as const);
export type MergeName = keyof typeof ChartMergeStrategy;
export const ChartHiddenDimensionStrategy = enumOf(['IGNORE_BOTH', 'IGNORE_ROWS', 'IGNORE_COLUMNS', 'SHOW_BOTH'] as const);
export type HiddenName = keyof typeof ChartHiddenDimensionStrategy;
export const ColumnType = enumOf(['DATE', 'NUMBER', 'STRING'] as const);
type ColumnTypeName = keyof typeof ColumnType;
export const Position = enumOf(['TOP', 'RIGHT', 'BOTTOM', 'NONE'] as const);
export const CurveStyle = enumOf(['NORMAL', 'SMOOTH'] as const);
export const PointStyle = enumOf(['NONE', 'TINY', 'MEDIUM', 'LARGE', 'HUGE'] as const);

/** Sheets' default size of a new chart, in pixels. */
export const DEFAULT_CHART_WIDTH = 600;
export const DEFAULT_CHART_HEIGHT = 371;

// ---------------------------------------------------------------------------------------------
// The model

/** An embedded chart as the sheet keeps it. */
export interface ChartSpec {
  /** Unique in the spreadsheet once inserted; null for a chart built but not inserted. */
  id: number | null;
  type: ChartTypeName | null;
  ranges: GridRef[];
  /** As given to setOption (JSON values), keyed by the option's name ("title", "legend.position"). */
  options: Record<string, unknown>;
  position: { row: number; column: number; offsetX: number; offsetY: number };
  /** -1: detected from the data (assumption: Sheets' default when setNumHeaders is not called). */
  numHeaders: number;
  transpose: boolean;
  merge: MergeName;
  hidden: HiddenName;
}

declare module './model' {
  interface SheetModel {
    /** The charts embedded in the sheet (Sheet.insertChart), in insertion order. */
    charts?: ChartSpec[];
  }
}

function jsonCopy<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

function copySpec(s: ChartSpec): ChartSpec {
  return { ...s, ranges: s.ranges.map((g) => ({ ...g })), options: jsonCopy(s.options), position: { ...s.position } };
}

function newSpec(): ChartSpec {
  return {
    id: null,
    type: null,
    ranges: [],
    options: {},
    // Assumption: a chart inserted without setPosition sits at A1.
    position: { row: 1, column: 1, offsetX: 0, offsetY: 0 },
    numHeaders: -1,
    transpose: false,
    merge: 'MERGE_COLUMNS',
    hidden: 'IGNORE_BOTH',
  };
}

export function chartsOf(sheet: SheetModel): ChartSpec[] {
  if (!sheet.charts) sheet.charts = [];
  return sheet.charts;
}

function newChartId(book: Workbook): number {
  const used = new Set(book.sheets.flatMap((s) => (s.charts ?? []).map((c) => c.id)));
  let id = randomInt(1, 2147483647);
  while (used.has(id)) id = randomInt(1, 2147483647);
  return id;
}

const sameGrid = (a: GridRef, b: GridRef) =>
  a.sheet === b.sheet && a.row === b.row && a.column === b.column && a.numRows === b.numRows && a.numColumns === b.numColumns;

/** A1 notation with the sheet, as stored in the .xlsx metadata: "'Tổng hợp'!$A$20:$E$27". */
export function absoluteA1(g: GridRef): string {
  const c1 = columnLetters(g.column);
  const c2 = columnLetters(g.column + g.numColumns - 1);
  return `${quoteSheetName(g.sheet.name)}!$${c1}$${g.row}:$${c2}$${g.row + g.numRows - 1}`;
}

// ---------------------------------------------------------------------------------------------
// Persistence in the .xlsx metadata

export interface StoredChart {
  id: number | null;
  type: ChartTypeName | null;
  ranges: string[];
  options: Record<string, unknown>;
  position: ChartSpec['position'];
  numHeaders: number;
  transpose: boolean;
  merge: MergeName;
  hidden: HiddenName;
}

/** The charts of every sheet, by sheet name; undefined when there are none. */
export function storeCharts(wb: Workbook): Record<string, StoredChart[]> | undefined {
  const out: Record<string, StoredChart[]> = {};
  for (const sheet of wb.sheets) {
    const charts = sheet.charts ?? [];
    if (!charts.length) continue;
    out[sheet.name] = charts.map((c) => ({
      ...copySpec(c),
      // A range on a sheet that was deleted is dropped (Sheets shows #REF! there).
      ranges: c.ranges.filter((g) => wb.sheets.includes(g.sheet)).map(absoluteA1),
    }));
  }
  return Object.keys(out).length ? out : undefined;
}

/** Puts stored charts back on the sheets of a loaded workbook (after all sheets exist). */
export function restoreCharts(wb: Workbook, stored: Record<string, StoredChart[]> | undefined): void {
  if (!stored) return;
  for (const [name, charts] of Object.entries(stored)) {
    const sheet = wb.sheet(name);
    if (!sheet || !Array.isArray(charts)) continue;
    sheet.charts = charts.map((c) => {
      const ranges: GridRef[] = [];
      for (const a1 of c.ranges ?? []) {
        const parts = parseA1(a1.replace(/\$/g, ''));
        const target = parts && parts.sheetName !== null ? wb.sheet(parts.sheetName) : undefined;
        if (parts && target) ranges.push(gridOfA1(parts, target));
      }
      return { ...newSpec(), ...c, ranges, options: c.options ?? {}, position: { ...newSpec().position, ...c.position } };
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Options

/** An option by name: the exact key, else a dotted path into object values ("legend.position"). */
export function optionValue(options: Record<string, unknown>, name: string): unknown {
  if (Object.prototype.hasOwnProperty.call(options, name)) return options[name];
  const parts = name.split('.');
  for (let i = parts.length - 1; i > 0; i--) {
    const head = parts.slice(0, i).join('.');
    if (!Object.prototype.hasOwnProperty.call(options, head)) continue;
    let v: unknown = options[head];
    for (const p of parts.slice(i)) {
      if (v === null || typeof v !== 'object') return undefined;
      v = (v as Record<string, unknown>)[p];
    }
    return v;
  }
  return undefined;
}

type GChartOptions = GoogleAppsScript.Charts.ChartOptions;

class FakeChartOptions implements Pick<GChartOptions, 'get'>, SelfAware {
  _self: unknown = this;
  constructor(private readonly _options: Record<string, unknown>) {}

  /** The option's value as set, or null when it was not set. */
  get(option: string): unknown {
    const v = optionValue(this._options, String(option));
    return v === undefined ? null : jsonCopy(v);
  }
}

function newChartOptions(env: Env, options: Record<string, unknown>): GChartOptions {
  return wrap(new FakeChartOptions(jsonCopy(options)), 'ChartOptions', env) as unknown as GChartOptions;
}

// ---------------------------------------------------------------------------------------------
// The renderer

type RGB = readonly [number, number, number];

/** Sheets' default series colours. */
export const DEFAULT_COLORS = ['#4285f4', '#ea4335', '#fbbc04', '#34a853', '#ff6d01', '#46bdc6', '#7baaf7', '#f07b72', '#fcd04f', '#71c287'];

const WHITE: RGB = [255, 255, 255];
const GRID: RGB = [0xcc, 0xcc, 0xcc];
const AXIS: RGB = [0x33, 0x33, 0x33];
const LABEL: RGB = [0x44, 0x44, 0x44];
const TITLE: RGB = [0x00, 0x00, 0x00];

function rgbOf(css: unknown): RGB | null {
  const s = typeof css === 'string' ? css.trim() : css && typeof css === 'object' ? String((css as { color?: unknown; fill?: unknown }).color ?? (css as { fill?: unknown }).fill ?? '') : '';
  const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(s);
  if (long) return [parseInt(long[1], 16), parseInt(long[2], 16), parseInt(long[3], 16)];
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(s);
  if (short) return [parseInt(short[1] + short[1], 16), parseInt(short[2] + short[2], 16), parseInt(short[3] + short[3], 16)];
  return null;
}

/** What the renderer draws. */
export interface ChartPicture {
  horizontal: boolean;
  categories: string[];
  series: { name: string; color: RGB; values: number[] }[];
  stacked: boolean;
  width: number;
  height: number;
  background: RGB;
  legend: 'top' | 'right' | 'bottom' | 'left' | 'none';
  /** The chart's title, "" for none. */
  title: string;
  /** Axis titles: along the categories and along the values, "" for none. */
  categoryTitle: string;
  valueTitle: string;
  min: number | null;
  max: number | null;
}

/** The free font with Arial's metrics (Google's charts write in Arial), with Vietnamese glyphs. */
export const CHART_FONT = 'Liberation Sans';

let measurer: SKRSContext2D | null = null;

/** The CSS font of a chart text. */
function fontOf(size: number, bold: boolean): string {
  return `${bold ? 'bold ' : ''}${size}px "${CHART_FONT}"`;
}

function textContext(): SKRSContext2D {
  if (!measurer) {
    // Skia finds the system's fonts; .ci/run installs fonts-liberation2.
    if (!GlobalFonts.has(CHART_FONT)) throw emulatorError(`The emulator draws chart texts in ${CHART_FONT}, which is not installed (Debian: apt-get install fonts-liberation2).`);
    measurer = createCanvas(1, 1).getContext('2d');
  }
  return measurer;
}

/** A text drawn alone: its coverage (0–255 per pixel), `ascent` pixels above the baseline. */
export interface TextMask {
  width: number;
  height: number;
  ascent: number;
  alpha: Uint8Array;
}

/** Width in pixels of `text` in the chart font. */
export function textWidth(text: string, size: number, bold = false): number {
  const ctx = textContext();
  ctx.font = fontOf(size, bold);
  return ctx.measureText(text).width;
}

/**
 * `text` rendered by Skia in the chart font at `size` px: what the chart blends onto its
 * pixels wherever it writes that text (tests render the same mask to find it in the image).
 */
export function textMask(text: string, size: number, bold = false): TextMask {
  const ctx = textContext();
  ctx.font = fontOf(size, bold);
  const m = ctx.measureText(text);
  const ascent = Math.ceil(Math.max(m.fontBoundingBoxAscent || 0, m.actualBoundingBoxAscent || 0, size * 0.9));
  const descent = Math.ceil(Math.max(m.fontBoundingBoxDescent || 0, m.actualBoundingBoxDescent || 0, size * 0.25));
  const width = Math.max(1, Math.ceil(m.width) + 2);
  const height = ascent + descent;
  const canvas = createCanvas(width, height);
  const c = canvas.getContext('2d');
  c.font = fontOf(size, bold);
  c.fillStyle = '#000000';
  c.textBaseline = 'alphabetic';
  c.fillText(text, 1, ascent);
  const rgba = c.getImageData(0, 0, width, height).data;
  const alpha = new Uint8Array(width * height);
  for (let i = 0; i < alpha.length; i++) alpha[i] = rgba[i * 4 + 3];
  return { width, height, ascent, alpha };
}

/** A mask turned a quarter left: the text reads upwards (a vertical axis' title). */
export function turnUp(m: TextMask): TextMask {
  const alpha = new Uint8Array(m.alpha.length);
  // Pixel (row r, column k) goes to (row width-1-k, column r).
  for (let r = 0; r < m.height; r++) for (let k = 0; k < m.width; k++) alpha[(m.width - 1 - k) * m.height + r] = m.alpha[r * m.width + k];
  return { width: m.height, height: m.width, ascent: m.ascent, alpha };
}

/** `text` cut with "…" to fit `room` pixels. */
function fitText(text: string, room: number, size: number, bold = false): string {
  if (textWidth(text, size, bold) <= room) return text;
  let n = text.length;
  while (n > 0 && textWidth(`${text.slice(0, n).trimEnd()}…`, size, bold) > room) n--;
  return n > 0 ? `${text.slice(0, n).trimEnd()}…` : '';
}

class Canvas {
  readonly px: Uint8Array;

  constructor(
    readonly w: number,
    readonly h: number,
    bg: RGB,
  ) {
    this.px = new Uint8Array(w * h * 3);
    this.rect(0, 0, w, h, bg);
  }

  rect(x: number, y: number, w: number, h: number, c: RGB): void {
    const x0 = Math.max(0, Math.round(x));
    const y0 = Math.max(0, Math.round(y));
    const x1 = Math.min(this.w, Math.round(x + w));
    const y1 = Math.min(this.h, Math.round(y + h));
    for (let yy = y0; yy < y1; yy++) {
      let i = (yy * this.w + x0) * 3;
      for (let xx = x0; xx < x1; xx++) {
        this.px[i++] = c[0];
        this.px[i++] = c[1];
        this.px[i++] = c[2];
      }
    }
  }

  /**
   * Writes `text` with its left edge at x and its top at y (whole pixels: the same text gives the
   * same pixels wherever it is written), blending the renderer's coverage with `c`.
   */
  text(x: number, y: number, s: string, c: RGB, size: number, bold = false, upwards = false): void {
    if (!s) return;
    const m = upwards ? turnUp(textMask(s, size, bold)) : textMask(s, size, bold);
    // Upwards, (x, y) is the start of the line: its left edge and the bottom of the text.
    const x0 = Math.round(x) - (upwards ? 0 : 1);
    const y0 = Math.round(y) - (upwards ? m.height - 1 : 0);
    for (let r = 0; r < m.height; r++) {
      const yy = y0 + r;
      if (yy < 0 || yy >= this.h) continue;
      for (let k = 0; k < m.width; k++) {
        const a = m.alpha[r * m.width + k];
        const xx = x0 + k;
        if (!a || xx < 0 || xx >= this.w) continue;
        const i = (yy * this.w + xx) * 3;
        for (let ch = 0; ch < 3; ch++) this.px[i + ch] = Math.round((this.px[i + ch] * (255 - a) + c[ch] * a) / 255);
      }
    }
  }

  png(): Buffer {
    const rowLen = this.w * 3 + 1;
    const rawData = Buffer.alloc(rowLen * this.h);
    for (let y = 0; y < this.h; y++) {
      rawData[y * rowLen] = 0; // filter: none
      Buffer.from(this.px.buffer, this.px.byteOffset + y * this.w * 3, this.w * 3).copy(rawData, y * rowLen + 1);
    }
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(this.w, 0);
    ihdr.writeUInt32BE(this.h, 4);
    ihdr[8] = 8; // bit depth
    ihdr[9] = 2; // colour type: RGB
    ihdr[10] = 0; // compression
    ihdr[11] = 0; // filter method
    ihdr[12] = 0; // no interlace
    return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(rawData)), chunk('IEND', Buffer.alloc(0))]);
  }
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Ticks at 1, 2, 2.5 or 5 × 10ⁿ covering [lo, hi]. */
function niceScale(lo: number, hi: number): { lo: number; hi: number; step: number } {
  if (hi - lo <= 0) hi = lo + 1;
  const rough = (hi - lo) / 5;
  const mag = Math.pow(10, Math.floor(Math.log10(rough)));
  const norm = rough / mag;
  const step = (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10) * mag;
  return { lo: Math.floor(lo / step + 1e-9) * step, hi: Math.ceil(hi / step - 1e-9) * step, step };
}

/** A tick label as vi_VN writes numbers: "1.250", "2,5". */
function tickText(v: number, step: number): string {
  let decimals = 0;
  while (decimals < 6 && Math.abs(step * 10 ** decimals - Math.round(step * 10 ** decimals)) > 1e-9) decimals++;
  const [int, frac] = Math.abs(v).toFixed(decimals).split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${v < 0 && Number(Math.abs(v).toFixed(decimals)) !== 0 ? '-' : ''}${grouped}${frac ? `,${frac}` : ''}`;
}

/** Draws a bar (horizontal) or column (vertical) chart as a PNG. */
export function renderChartPng(p: ChartPicture): Buffer {
  const w = Math.max(40, Math.min(4000, Math.round(p.width)));
  const h = Math.max(40, Math.min(4000, Math.round(p.height)));
  const cv = new Canvas(w, h, p.background);
  const pad = 12;
  const n = Math.max(1, p.categories.length);

  // Value range: stacked sums, or every value; always including 0.
  let lo = 0;
  let hi = 0;
  for (let i = 0; i < p.categories.length; i++) {
    if (p.stacked) {
      let pos = 0;
      let neg = 0;
      for (const s of p.series) {
        const v = s.values[i] ?? 0;
        if (v >= 0) pos += v;
        else neg += v;
      }
      hi = Math.max(hi, pos);
      lo = Math.min(lo, neg);
    } else {
      for (const s of p.series) {
        hi = Math.max(hi, s.values[i] ?? 0);
        lo = Math.min(lo, s.values[i] ?? 0);
      }
    }
  }
  const scale = niceScale(p.min ?? lo, p.max ?? hi);
  if (p.min !== null) scale.lo = p.min;
  if (p.max !== null && p.max > scale.lo) scale.hi = p.max;
  const ticks: number[] = [];
  for (let v = scale.lo; v <= scale.hi + scale.step * 1e-6; v += scale.step) ticks.push(Math.round(v / scale.step) * scale.step);
  const labels = ticks.map((t) => tickText(t, scale.step));
  // Texts grow with the picture, so they stay legible when a large image is shown small.
  const z = Math.max(1, Math.min(w / 500, h / 300));
  const size = Math.round(12 * z);
  const titleSize = Math.round(14 * z);
  const lineH = Math.ceil(size * 1.25);
  const labelW = Math.ceil(Math.max(...labels.map((l) => textWidth(l, size))));

  // Room: title on top, legend, axis titles, tick and category labels.
  let top = pad + (p.title ? Math.ceil(titleSize * 1.25) + 8 : 0);
  let right = w - pad;
  let bottom = h - pad;
  let left = pad;
  const legendItems = p.legend === 'none' ? [] : p.series;
  const swatch = Math.round(size * 0.9);
  const legendW = legendItems.length ? Math.min(Math.round(w * 0.3), Math.ceil(Math.max(...legendItems.map((s) => textWidth(s.name, size)))) + swatch + 6 + 16 + 4) : 0;
  if (legendItems.length) {
    if (p.legend === 'right') right -= legendW;
    else if (p.legend === 'left') left += legendW;
    else if (p.legend === 'top') top += lineH + 6;
    else bottom -= lineH + 6;
  }
  // Axis titles: vAxis' written upwards at the far left, hAxis' centred at the bottom.
  const vTitle = p.horizontal ? p.categoryTitle : p.valueTitle;
  const hTitle = p.horizontal ? p.valueTitle : p.categoryTitle;
  if (vTitle) left += lineH + 4;
  if (hTitle) bottom -= lineH + 4;
  let categoryRoom = 0;
  if (p.horizontal) {
    const widest = Math.ceil(Math.max(0, ...p.categories.map((c) => textWidth(c, size))));
    categoryRoom = Math.min(widest, Math.round(w * 0.3));
    left += categoryRoom + 8; // category labels
    bottom -= lineH + 6; // tick labels
    if (p.legend !== 'right' || !legendItems.length) right -= Math.ceil(labelW / 2); // the last tick label
  } else {
    left += labelW + 8; // tick labels
    bottom -= lineH + 6; // category labels
  }
  const plotW = Math.max(10, right - left);
  const plotH = Math.max(10, bottom - top);
  const span = scale.hi - scale.lo || 1;
  /** Pixel position of a value along the value axis. */
  const at = (v: number) => (p.horizontal ? left + ((v - scale.lo) / span) * plotW : bottom - ((v - scale.lo) / span) * plotH);
  /** Top of a text line whose middle is at y. */
  const middle = (y: number) => y - Math.round(lineH / 2) + Math.round((lineH - size * 1.15) / 2);

  if (p.title) cv.text(left, pad, fitText(p.title, w - left - pad, titleSize, true), TITLE, titleSize, true);

  // Gridlines and tick labels.
  ticks.forEach((t, k) => {
    const pos = Math.round(at(t));
    const tw = textWidth(labels[k], size);
    if (p.horizontal) {
      cv.rect(pos, top, 1, plotH, GRID);
      cv.text(pos - tw / 2, bottom + 6, labels[k], LABEL, size);
    } else {
      cv.rect(left, pos, plotW, 1, GRID);
      cv.text(left - 6 - tw, middle(pos), labels[k], LABEL, size);
    }
  });

  // Bars.
  const band = (p.horizontal ? plotH : plotW) / n;
  const group = band * 0.618; // Google Charts' default bar.groupWidth
  const zero = at(Math.min(Math.max(0, scale.lo), scale.hi));
  const bar = (i: number, slot: number, slots: number, from: number, to: number, c: RGB) => {
    const start = (p.horizontal ? top : left) + i * band + (band - group) / 2 + (slot * group) / slots;
    const size = Math.max(1, group / slots - (slots > 1 ? 1 : 0));
    const a = at(Math.min(Math.max(from, scale.lo), scale.hi));
    const b = at(Math.min(Math.max(to, scale.lo), scale.hi));
    if (p.horizontal) cv.rect(Math.min(a, b), start, Math.abs(b - a), size, c);
    else cv.rect(start, Math.min(a, b), size, Math.abs(b - a), c);
  };
  for (let i = 0; i < p.categories.length; i++) {
    if (p.stacked) {
      let pos = 0;
      let neg = 0;
      for (const s of p.series) {
        const v = s.values[i] ?? 0;
        if (v >= 0) bar(i, 0, 1, pos, (pos += v), s.color);
        else bar(i, 0, 1, neg, (neg += v), s.color);
      }
    } else {
      p.series.forEach((s, k) => bar(i, k, p.series.length, 0, s.values[i] ?? 0, s.color));
    }
  }

  // Category labels: right-aligned left of each bar, or centred below each column.
  p.categories.forEach((c, i) => {
    const centre = (p.horizontal ? top : left) + i * band + band / 2;
    if (p.horizontal) {
      const text = fitText(c, categoryRoom, size);
      cv.text(left - 8 - textWidth(text, size), middle(centre), text, LABEL, size);
    } else {
      const text = fitText(c, band - 4, size);
      cv.text(centre - textWidth(text, size) / 2, bottom + 6, text, LABEL, size);
    }
  });

  if (vTitle) {
    const text = fitText(vTitle, plotH, size);
    cv.text(pad, top + plotH / 2 + textWidth(text, size) / 2, text, LABEL, size, false, true);
  }
  if (hTitle) {
    const text = fitText(hTitle, plotW, size);
    cv.text(left + plotW / 2 - textWidth(text, size) / 2, bottom + lineH + 10, text, LABEL, size);
  }

  // Axes: the baseline at 0 and the category axis.
  if (p.horizontal) {
    cv.rect(Math.round(zero), top, 1, plotH, AXIS);
  } else {
    cv.rect(left, Math.round(zero), plotW, 1, AXIS);
  }

  // Legend: a swatch and the series' name per series.
  legendItems.forEach((s, k) => {
    let x: number;
    let y: number;
    if (p.legend === 'right' || p.legend === 'left') {
      x = p.legend === 'right' ? right + 16 : pad;
      y = top + k * (lineH + 6);
    } else {
      x = left + legendItems.slice(0, k).reduce((sum, o) => sum + swatch + 10 + Math.ceil(textWidth(o.name, size)) + 16, 0);
      y = p.legend === 'top' ? top - lineH - 6 : h - pad - lineH;
    }
    cv.rect(x, y + Math.round((lineH - swatch) / 2), swatch, swatch, s.color);
    const room = p.legend === 'right' ? w - pad - (x + swatch + 6) : p.legend === 'left' ? legendW - swatch - 16 : w - pad - (x + swatch + 6);
    cv.text(x + swatch + 6, middle(y + lineH / 2), fitText(s.name, room, size), LABEL, size);
  });
  return cv.png();
}

// ---------------------------------------------------------------------------------------------
// From a chart's data and options to a picture

interface ChartData {
  categories: string[];
  series: { name: string; values: number[] }[];
}

function legendOf(options: Record<string, unknown>, fallback: ChartPicture['legend']): ChartPicture['legend'] {
  const v = optionValue(options, 'legend.position') ?? (typeof options.legend === 'string' ? options.legend : undefined);
  const s = typeof v === 'string' ? v.toLowerCase() : '';
  return s === 'top' || s === 'right' || s === 'bottom' || s === 'left' || s === 'none' ? s : fallback;
}

function finite(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function pictureOf(type: ChartTypeName | null, data: ChartData, options: Record<string, unknown>): ChartPicture {
  const horizontal = type === 'BAR';
  const colors = Array.isArray(options.colors) ? options.colors : [];
  const series = data.series.map((s, k) => ({
    ...s,
    color: rgbOf(optionValue(options, `series.${k}.color`)) ?? rgbOf(colors[k]) ?? (rgbOf(DEFAULT_COLORS[k % DEFAULT_COLORS.length]) as RGB),
  }));
  const stacked = optionValue(options, 'isStacked');
  const axis = horizontal ? 'hAxis' : 'vAxis';
  return {
    horizontal,
    categories: data.categories,
    series,
    stacked: stacked === true || stacked === 'absolute' || stacked === 'percent' || stacked === 'relative',
    width: finite(options.width) ?? DEFAULT_CHART_WIDTH,
    height: finite(options.height) ?? DEFAULT_CHART_HEIGHT,
    background: rgbOf(options.backgroundColor) ?? WHITE,
    legend: legendOf(options, 'right'), // Google Charts' default position
    title: typeof options.title === 'string' ? options.title : '',
    categoryTitle: labelOf(optionValue(options, `${horizontal ? 'vAxis' : 'hAxis'}.title`)),
    valueTitle: labelOf(optionValue(options, `${axis}.title`)),
    min: finite(optionValue(options, `${axis}.viewWindow.min`)),
    max: finite(optionValue(options, `${axis}.viewWindow.max`)),
  };
}

const numberOf = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const labelOf = (v: unknown): string => (v === null || v === undefined ? '' : isDate(v) ? v.toISOString().slice(0, 10) : String(v));

/** The values of a chart's ranges merged into one table (formulas evaluated, trailing blank rows dropped). */
function tableOfSpec(spec: ChartSpec): unknown[][] {
  const ctx = new EvalContext();
  const blocks = spec.ranges.map((g) => {
    const book = g.sheet.book;
    if (!book.sheets.includes(g.sheet)) return [] as unknown[][];
    const lastRow = Math.min(g.row + g.numRows - 1, Math.max(g.sheet.lastRow(), g.row));
    const lastCol = Math.min(g.column + g.numColumns - 1, Math.max(g.sheet.lastColumn(), g.column));
    const out: unknown[][] = [];
    for (let r = g.row; r <= lastRow; r++) {
      const row: unknown[] = [];
      for (let c = g.column; c <= lastCol; c++) row.push(book.value(g.sheet, r, c, ctx));
      out.push(row);
    }
    return out;
  });
  let table: unknown[][] = [];
  if (spec.merge === 'MERGE_ROWS') table = blocks.flat();
  else {
    const rows = Math.max(0, ...blocks.map((b) => b.length));
    for (let r = 0; r < rows; r++) table.push(blocks.flatMap((b) => b[r] ?? new Array<unknown>(b[0]?.length ?? 0).fill('')));
  }
  if (spec.transpose) {
    const cols = Math.max(0, ...table.map((r) => r.length));
    table = Array.from({ length: cols }, (_, c) => table.map((r) => r[c] ?? ''));
  }
  while (table.length && table[table.length - 1].every((v) => v === '' || v === null || v === undefined)) table.pop();
  return table;
}

function dataOfTable(table: unknown[][], numHeaders: number): ChartData {
  const cols = Math.max(0, ...table.map((r) => r.length));
  const isText = (v: unknown) => typeof v === 'string' && v !== '';
  // Headers: as set, else one when the first row holds text above a series column (assumption).
  const headers = numHeaders >= 0 ? numHeaders : table.length > 1 && (table[0] ?? []).some((v, c) => c > 0 && isText(v)) ? 1 : 0;
  const body = table.slice(headers);
  // The first column is the categories when it holds text (assumption: Sheets' usual choice).
  const domain = cols > 1 && body.some((r) => r[0] !== '' && r[0] !== undefined && typeof r[0] !== 'number');
  const first = domain ? 1 : 0;
  const series: ChartData['series'] = [];
  for (let c = first; c < cols; c++) {
    const name = headers ? labelOf(table[headers - 1]?.[c]) : `Series ${c - first + 1}`;
    series.push({ name, values: body.map((r) => numberOf(r[c])) });
  }
  return { categories: body.map((r, i) => (domain ? labelOf(r[0]) : String(i + 1))), series };
}

function pngBlob(env: Env, contentType: string, png: () => Buffer, title: unknown): GoogleAppsScript.Base.Blob {
  const type = String(contentType);
  if (type !== 'image/png') {
    throw emulatorError(`getAs(${type}) is not supported by the emulator: it renders charts as "image/png" only.`);
  }
  // Assumption: the blob is named after the chart's title (the reference does not say).
  const name = `${typeof title === 'string' && title ? title : 'Chart'}.png`;
  return createBlob(env, png(), 'image/png', name);
}

// ---------------------------------------------------------------------------------------------
// EmbeddedChart, EmbeddedChartBuilder, ContainerInfo

type GRange = GoogleAppsScript.Spreadsheet.Range;
type GEmbeddedChart = GoogleAppsScript.Spreadsheet.EmbeddedChart;
type GEmbeddedChartBuilder = GoogleAppsScript.Spreadsheet.EmbeddedChartBuilder;
type GContainerInfo = GoogleAppsScript.Spreadsheet.ContainerInfo;

/** Ranges between the charts and spreadsheet.ts (which owns the Range fake). */
export interface RangeHooks {
  /** The Range object of a rectangle (instrumented). */
  toRange(g: GridRef): GRange;
  /** The rectangle of a Range argument; throws when it is not one of the emulator's Ranges. */
  toGrid(range: unknown): GridRef;
}

class FakeContainerInfo implements Pick<GContainerInfo, 'getAnchorColumn' | 'getAnchorRow' | 'getOffsetX' | 'getOffsetY'>, SelfAware {
  _self: unknown = this;
  constructor(private readonly _pos: ChartSpec['position']) {}
  getAnchorColumn(): number {
    return this._pos.column;
  }
  getAnchorRow(): number {
    return this._pos.row;
  }
  getOffsetX(): number {
    return this._pos.offsetX;
  }
  getOffsetY(): number {
    return this._pos.offsetY;
  }
}

function containerInfo(env: Env, pos: ChartSpec['position']): GContainerInfo {
  return wrap(new FakeContainerInfo({ ...pos }), 'ContainerInfo', env) as unknown as GContainerInfo;
}

/** The PNG of an embedded chart, drawn from the current values of its ranges. */
export function embeddedChartPng(spec: ChartSpec): Buffer {
  return renderChartPng(pictureOf(spec.type, dataOfTable(tableOfSpec(spec), spec.numHeaders), spec.options));
}

type EmbeddedChartMethods =
  | 'getAs'
  | 'getBlob'
  | 'getChartId'
  | 'getContainerInfo'
  | 'getHiddenDimensionStrategy'
  | 'getMergeStrategy'
  | 'getNumHeaders'
  | 'getOptions'
  | 'getRanges'
  | 'getTransposeRowsAndColumns'
  | 'modify';

/** A chart as a script holds it: a snapshot, changed only through modify() and Sheet.updateChart. */
export class FakeEmbeddedChart implements Pick<GEmbeddedChart, EmbeddedChartMethods>, SelfAware {
  _self: unknown = this;

  constructor(
    private readonly _env: Env,
    private readonly _hooks: RangeHooks,
    readonly _spec: ChartSpec,
  ) {}

  getAs(contentType: string): GoogleAppsScript.Base.Blob {
    return pngBlob(this._env, contentType, () => embeddedChartPng(this._spec), this._spec.options.title);
  }

  /** A PNG (assumption: what getBlob gives for a chart, as getAs('image/png')). */
  getBlob(): GoogleAppsScript.Base.Blob {
    return this.getAs('image/png');
  }

  /** Null until the chart is inserted in a sheet (reference). */
  getChartId(): number | null {
    return this._spec.id;
  }

  getContainerInfo(): GContainerInfo {
    return containerInfo(this._env, this._spec.position);
  }

  getHiddenDimensionStrategy(): GoogleAppsScript.Charts.ChartHiddenDimensionStrategy {
    return this._spec.hidden as unknown as GoogleAppsScript.Charts.ChartHiddenDimensionStrategy;
  }

  getMergeStrategy(): GoogleAppsScript.Charts.ChartMergeStrategy {
    return this._spec.merge as unknown as GoogleAppsScript.Charts.ChartMergeStrategy;
  }

  getNumHeaders(): number {
    return this._spec.numHeaders;
  }

  getOptions(): GChartOptions {
    return newChartOptions(this._env, this._spec.options);
  }

  getRanges(): GRange[] {
    return this._spec.ranges.map((g) => this._hooks.toRange(g));
  }

  getTransposeRowsAndColumns(): boolean {
    return this._spec.transpose;
  }

  modify(): GEmbeddedChartBuilder {
    return newEmbeddedChartBuilder(this._env, this._hooks, copySpec(this._spec));
  }
}

function newEmbeddedChart(env: Env, hooks: RangeHooks, spec: ChartSpec): GEmbeddedChart {
  return wrap(new FakeEmbeddedChart(env, hooks, copySpec(spec)), 'EmbeddedChart', env) as unknown as GEmbeddedChart;
}

type EmbeddedBuilderMethods =
  | 'addRange'
  | 'build'
  | 'clearRanges'
  | 'getChartType'
  | 'getContainer'
  | 'getRanges'
  | 'removeRange'
  | 'setChartType'
  | 'setHiddenDimensionStrategy'
  | 'setMergeStrategy'
  | 'setNumHeaders'
  | 'setOption'
  | 'setPosition'
  | 'setTransposeRowsAndColumns';

class FakeEmbeddedChartBuilder implements Pick<GEmbeddedChartBuilder, EmbeddedBuilderMethods>, SelfAware {
  _self: unknown = this;

  constructor(
    private readonly _env: Env,
    private readonly _hooks: RangeHooks,
    readonly _spec: ChartSpec,
  ) {}

  private _out(): GEmbeddedChartBuilder {
    return this._self as GEmbeddedChartBuilder;
  }

  /** A range already added is not added again (reference). */
  addRange(range: GRange): GEmbeddedChartBuilder {
    const g = this._hooks.toGrid(range);
    if (!this._spec.ranges.some((r) => sameGrid(r, g))) this._spec.ranges.push(g);
    return this._out();
  }

  /** The chart, not yet on a sheet: insertChart or updateChart puts it there (reference). */
  build(): GEmbeddedChart {
    // Stricter than Sheets may be: the emulator wants a type (the product always sets one).
    if (!this._spec.type) throw emulatorError('EmbeddedChartBuilder.build(): set a chart type first (setChartType(Charts.ChartType.X)).');
    return newEmbeddedChart(this._env, this._hooks, this._spec);
  }

  clearRanges(): GEmbeddedChartBuilder {
    this._spec.ranges = [];
    return this._out();
  }

  getChartType(): GoogleAppsScript.Charts.ChartType {
    return this._spec.type as unknown as GoogleAppsScript.Charts.ChartType;
  }

  getContainer(): GContainerInfo {
    return containerInfo(this._env, this._spec.position);
  }

  getRanges(): GRange[] {
    return this._spec.ranges.map((g) => this._hooks.toRange(g));
  }

  removeRange(range: GRange): GEmbeddedChartBuilder {
    const g = this._hooks.toGrid(range);
    this._spec.ranges = this._spec.ranges.filter((r) => !sameGrid(r, g));
    return this._out();
  }

  setChartType(type: GoogleAppsScript.Charts.ChartType): GEmbeddedChartBuilder {
    const t = String(type);
    if (!(t in ChartType)) throw invalidArgument('type');
    this._spec.type = t as ChartTypeName;
    return this._out();
  }

  setHiddenDimensionStrategy(strategy: GoogleAppsScript.Charts.ChartHiddenDimensionStrategy): GEmbeddedChartBuilder {
    const s = String(strategy);
    if (!(s in ChartHiddenDimensionStrategy)) throw invalidArgument('strategy');
    this._spec.hidden = s as HiddenName;
    return this._out();
  }

  setMergeStrategy(mergeStrategy: GoogleAppsScript.Charts.ChartMergeStrategy): GEmbeddedChartBuilder {
    const s = String(mergeStrategy);
    if (!(s in ChartMergeStrategy)) throw invalidArgument('mergeStrategy');
    this._spec.merge = s as MergeName;
    return this._out();
  }

  setNumHeaders(headers: number): GEmbeddedChartBuilder {
    const n = Number(headers);
    if (!Number.isInteger(n) || n < -1) throw invalidArgument('headers');
    this._spec.numHeaders = n;
    return this._out();
  }

  /** Gviz options by name ("title", "legend", "animation.duration"); kept as JSON. */
  setOption(option: string, value: unknown): GEmbeddedChartBuilder {
    const name = String(option ?? '');
    if (!name) throw invalidArgument('option');
    this._spec.options[name] = value === undefined ? null : jsonCopy(value);
    return this._out();
  }

  setPosition(anchorRowPos: number, anchorColPos: number, offsetX: number, offsetY: number): GEmbeddedChartBuilder {
    const [row, column, x, y] = [anchorRowPos, anchorColPos, offsetX, offsetY].map((v) => Math.trunc(Number(v)));
    if (!(row >= 1)) throw invalidArgument('anchorRowPos');
    if (!(column >= 1)) throw invalidArgument('anchorColPos');
    if (!Number.isFinite(x)) throw invalidArgument('offsetX');
    if (!Number.isFinite(y)) throw invalidArgument('offsetY');
    this._spec.position = { row, column, offsetX: x, offsetY: y };
    return this._out();
  }

  setTransposeRowsAndColumns(transpose: boolean): GEmbeddedChartBuilder {
    this._spec.transpose = Boolean(transpose);
    return this._out();
  }
}

function newEmbeddedChartBuilder(env: Env, hooks: RangeHooks, spec: ChartSpec): GEmbeddedChartBuilder {
  return wrap(new FakeEmbeddedChartBuilder(env, hooks, spec), 'EmbeddedChartBuilder', env) as unknown as GEmbeddedChartBuilder;
}

/** Sheet.newChart(). */
export function newChartBuilder(env: Env, hooks: RangeHooks): GEmbeddedChartBuilder {
  return newEmbeddedChartBuilder(env, hooks, newSpec());
}

function specOf(chart: unknown): ChartSpec {
  const r = chart && typeof chart === 'object' ? (raw(chart as object) as unknown) : null;
  if (!(r instanceof FakeEmbeddedChart)) throw invalidArgument('chart');
  return r._spec;
}

/** Sheet.getCharts(): snapshots of the sheet's charts. */
export function sheetCharts(env: Env, hooks: RangeHooks, sheet: SheetModel): GEmbeddedChart[] {
  return chartsOf(sheet).map((s) => newEmbeddedChart(env, hooks, s));
}

/** Sheet.insertChart(chart): a new chart with a new id (a chart already in the spreadsheet is copied). */
export function insertChart(sheet: SheetModel, chart: unknown): void {
  const spec = copySpec(specOf(chart));
  const taken = sheet.book.sheets.some((s) => (s.charts ?? []).some((c) => c.id === spec.id));
  if (spec.id === null || taken) spec.id = newChartId(sheet.book);
  chartsOf(sheet).push(spec);
  sheet.touch();
}

/** Sheet.updateChart(chart): the chart of the same id on this sheet takes the new definition. */
export function updateChart(sheet: SheetModel, chart: unknown): void {
  const spec = specOf(chart);
  const list = chartsOf(sheet);
  const i = spec.id === null ? -1 : list.findIndex((c) => c.id === spec.id);
  // The emulator's wording: the reference does not give Sheets' message for this case.
  if (i < 0) throw exception('The chart is not on this sheet: insert it with insertChart first.');
  list[i] = copySpec(spec);
  sheet.touch();
}

/** Sheet.removeChart(chart): removes the chart of that id from the sheet (nothing when it is not there). */
export function removeChart(sheet: SheetModel, chart: unknown): void {
  const spec = specOf(chart);
  const list = chartsOf(sheet);
  const i = spec.id === null ? -1 : list.findIndex((c) => c.id === spec.id);
  if (i < 0) return;
  list.splice(i, 1);
  sheet.touch();
}

// ---------------------------------------------------------------------------------------------
// The Charts service: DataTable and the bar and column chart builders

interface TableModel {
  columns: { type: ColumnTypeName; label: string }[];
  rows: unknown[][];
}

type GDataTable = GoogleAppsScript.Charts.DataTable;
type GDataTableBuilder = GoogleAppsScript.Charts.DataTableBuilder;

class FakeDataTable implements SelfAware {
  _self: unknown = this;
  constructor(readonly _table: TableModel) {}
}

class FakeDataTableBuilder implements Pick<GDataTableBuilder, 'addColumn' | 'addRow' | 'build' | 'setValue'>, SelfAware {
  _self: unknown = this;
  readonly _table: TableModel = { columns: [], rows: [] };

  constructor(private readonly _env: Env) {}

  private _out(): GDataTableBuilder {
    return this._self as GDataTableBuilder;
  }

  addColumn(type: GoogleAppsScript.Charts.ColumnType, label: string): GDataTableBuilder {
    const t = String(type);
    if (!(t in ColumnType)) throw invalidArgument('type');
    this._table.columns.push({ type: t as ColumnTypeName, label: label === null || label === undefined ? '' : String(label) });
    return this._out();
  }

  /** A row of values matching the columns' types (null for a missing value). */
  addRow(values: unknown[]): GDataTableBuilder {
    if (!Array.isArray(values) || values.length > this._table.columns.length) throw invalidArgument('values');
    values.forEach((v, c) => checkCell(this._table.columns[c].type, v));
    this._table.rows.push(values.map((v) => (isDate(v) ? new Date(v.getTime()) : v)));
    return this._out();
  }

  build(): GDataTable {
    const copy: TableModel = { columns: this._table.columns.map((c) => ({ ...c })), rows: this._table.rows.map((r) => r.slice()) };
    return wrap(new FakeDataTable(copy), 'DataTable', this._env) as unknown as GDataTable;
  }

  setValue(row: number, column: number, value: unknown): GDataTableBuilder {
    const r = Math.trunc(Number(row));
    const c = Math.trunc(Number(column));
    if (!(c >= 0 && c < this._table.columns.length)) throw invalidArgument('column');
    if (!(r >= 0)) throw invalidArgument('row');
    checkCell(this._table.columns[c].type, value);
    while (this._table.rows.length <= r) this._table.rows.push([]);
    this._table.rows[r][c] = value;
    return this._out();
  }
}

/** A value must suit its column: NUMBER a number, STRING a string, DATE a Date; null is a gap. */
function checkCell(type: ColumnTypeName, v: unknown): void {
  if (v === null || v === undefined) return;
  const ok = type === 'NUMBER' ? typeof v === 'number' : type === 'STRING' ? typeof v === 'string' : isDate(v);
  if (!ok) throw invalidArgument('values');
}

function tableModelOf(source: unknown): TableModel {
  const r = source && typeof source === 'object' ? (raw(source as object) as unknown) : null;
  if (r instanceof FakeDataTable) return r._table;
  if (r instanceof FakeDataTableBuilder) return { columns: r._table.columns.map((c) => ({ ...c })), rows: r._table.rows.map((x) => x.slice()) };
  throw emulatorError('setDataTable: the emulator takes a DataTable or DataTableBuilder from Charts.newDataTable() only.');
}

function dataOfModel(t: TableModel): ChartData {
  const domain = t.columns.length > 1 && t.columns[0].type !== 'NUMBER';
  const first = domain ? 1 : 0;
  const series: ChartData['series'] = [];
  for (let c = first; c < t.columns.length; c++) {
    if (t.columns[c].type !== 'NUMBER') continue;
    series.push({ name: t.columns[c].label, values: t.rows.map((r) => numberOf(r[c])) });
  }
  return { categories: t.rows.map((r, i) => (domain ? labelOf(r[0]) : String(i + 1))), series };
}

type GChart = GoogleAppsScript.Charts.Chart;

class FakeChart implements Pick<GChart, 'getAs' | 'getBlob' | 'getOptions'>, SelfAware {
  _self: unknown = this;
  constructor(
    private readonly _env: Env,
    readonly _type: ChartTypeName,
    readonly _table: TableModel,
    readonly _options: Record<string, unknown>,
  ) {}

  getAs(contentType: string): GoogleAppsScript.Base.Blob {
    return pngBlob(this._env, contentType, () => renderChartPng(pictureOf(this._type, dataOfModel(this._table), this._options)), this._options.title);
  }

  getBlob(): GoogleAppsScript.Base.Blob {
    return this.getAs('image/png');
  }

  getOptions(): GChartOptions {
    return newChartOptions(this._env, this._options);
  }
}

type ChartBuilderMethods =
  | 'build'
  | 'reverseCategories'
  | 'setBackgroundColor'
  | 'setColors'
  | 'setDataTable'
  | 'setDimensions'
  | 'setLegendPosition'
  | 'setOption'
  | 'setRange'
  | 'setStacked'
  | 'setTitle'
  | 'setXAxisTitle'
  | 'setYAxisTitle';

/** What BarChartBuilder and ColumnChartBuilder share; `B` is the builder's own type. */
abstract class ChartBuilderBase<B> implements SelfAware {
  _self: unknown = this;
  _table: TableModel | null = null;
  readonly _options: Record<string, unknown> = {};
  _reverse = false;

  constructor(
    protected readonly _env: Env,
    readonly _type: ChartTypeName,
  ) {}

  protected _out(): B {
    return this._self as B;
  }

  /** The value axis: horizontal for bars, vertical for columns. */
  protected abstract _valueAxis(): 'hAxis' | 'vAxis';

  build(): GChart {
    if (!this._table) throw exception('No data table was set for the chart.');
    const table = { columns: this._table.columns.map((c) => ({ ...c })), rows: (this._reverse ? this._table.rows.slice().reverse() : this._table.rows).map((r) => r.slice()) };
    return wrap(new FakeChart(this._env, this._type, table, jsonCopy(this._options)), 'Chart', this._env) as unknown as GChart;
  }

  reverseCategories(): B {
    this._reverse = true;
    return this._out();
  }

  setBackgroundColor(cssValue: string): B {
    this._options.backgroundColor = String(cssValue);
    return this._out();
  }

  setColors(cssValues: string[]): B {
    if (!Array.isArray(cssValues)) throw invalidArgument('cssValues');
    this._options.colors = cssValues.map(String);
    return this._out();
  }

  setDataTable(table: unknown): B {
    this._table = tableModelOf(table);
    return this._out();
  }

  setDimensions(width: number, height: number): B {
    const w = Math.trunc(Number(width));
    const h = Math.trunc(Number(height));
    if (!(w > 0)) throw invalidArgument('width');
    if (!(h > 0)) throw invalidArgument('height');
    this._options.width = w;
    this._options.height = h;
    return this._out();
  }

  setLegendPosition(position: GoogleAppsScript.Charts.Position): B {
    const p = String(position);
    if (!(p in Position)) throw invalidArgument('position');
    this._options.legend = { position: p.toLowerCase() };
    return this._out();
  }

  setOption(option: string, value: unknown): B {
    const name = String(option ?? '');
    if (!name) throw invalidArgument('option');
    this._options[name] = value === undefined ? null : jsonCopy(value);
    return this._out();
  }

  setRange(start: number, end: number): B {
    this._options[this._valueAxis()] = { viewWindow: { min: Number(start), max: Number(end) } };
    return this._out();
  }

  setStacked(): B {
    this._options.isStacked = true;
    return this._out();
  }

  setTitle(chartTitle: string): B {
    this._options.title = String(chartTitle);
    return this._out();
  }

  setXAxisTitle(title: string): B {
    this._options['hAxis.title'] = String(title);
    return this._out();
  }

  setYAxisTitle(title: string): B {
    this._options['vAxis.title'] = String(title);
    return this._out();
  }
}

class FakeBarChartBuilder extends ChartBuilderBase<GoogleAppsScript.Charts.BarChartBuilder> implements Pick<GoogleAppsScript.Charts.BarChartBuilder, ChartBuilderMethods> {
  protected _valueAxis(): 'hAxis' {
    return 'hAxis';
  }
}

class FakeColumnChartBuilder extends ChartBuilderBase<GoogleAppsScript.Charts.ColumnChartBuilder> implements Pick<GoogleAppsScript.Charts.ColumnChartBuilder, ChartBuilderMethods> {
  protected _valueAxis(): 'vAxis' {
    return 'vAxis';
  }
}

type ChartsMethods = 'newBarChart' | 'newColumnChart' | 'newDataTable';

class FakeCharts implements Pick<GoogleAppsScript.Charts.Charts, ChartsMethods>, SelfAware {
  _self: unknown = this;
  readonly ChartType = ChartType;
  readonly ChartMergeStrategy = ChartMergeStrategy;
  readonly ChartHiddenDimensionStrategy = ChartHiddenDimensionStrategy;
  readonly ColumnType = ColumnType;
  readonly CurveStyle = CurveStyle;
  readonly PointStyle = PointStyle;
  readonly Position = Position;

  constructor(private readonly _env: Env) {}

  newBarChart(): GoogleAppsScript.Charts.BarChartBuilder {
    return wrap(new FakeBarChartBuilder(this._env, 'BAR'), 'BarChartBuilder', this._env) as unknown as GoogleAppsScript.Charts.BarChartBuilder;
  }

  newColumnChart(): GoogleAppsScript.Charts.ColumnChartBuilder {
    return wrap(new FakeColumnChartBuilder(this._env, 'COLUMN'), 'ColumnChartBuilder', this._env) as unknown as GoogleAppsScript.Charts.ColumnChartBuilder;
  }

  newDataTable(): GDataTableBuilder {
    return wrap(new FakeDataTableBuilder(this._env), 'DataTableBuilder', this._env) as unknown as GDataTableBuilder;
  }
}

/** The Charts global. */
export function createCharts(env: Env): GoogleAppsScript.Charts.Charts {
  return wrap(new FakeCharts(env), 'Charts', env) as unknown as GoogleAppsScript.Charts.Charts;
}
