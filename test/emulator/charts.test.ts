/**
 * Charts as Google's reference describes them: Sheet.newChart() and its EmbeddedChartBuilder,
 * insertChart / getCharts / updateChart / removeChart, the Charts service's DataTable and bar and
 * column charts, and the PNG the emulator draws for getAs('image/png') (read back here with an
 * independent decoder), and charts surviving the workbook's .xlsx.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { Env } from '../../emulator/core/env';
import { createWorkbook, type Workbook } from '../../emulator/services/spreadsheet/model';
import { createSpreadsheetApp } from '../../emulator/services/spreadsheet/spreadsheet';
import { createCharts } from '../../emulator/services/spreadsheet/charts';
import { loadWorkbookXlsx, saveWorkbookXlsx } from '../../emulator/services/spreadsheet/xlsx';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** Enum values as a script passes them (the emulator's enums are their names). */
const E = <T>(name: string): T => name as unknown as T;
const BAR = E<GoogleAppsScript.Charts.ChartType>('BAR');
const COLUMN = E<GoogleAppsScript.Charts.ChartType>('COLUMN');

function setup(wb: Workbook = createWorkbook('Theo dõi')) {
  const env = new Env(wb, { now: '2024-03-08T09:00:00+07:00' });
  const ss = createSpreadsheetApp(env).getActiveSpreadsheet();
  return { env, wb, ss, Charts: createCharts(env) };
}

/** A small table of figures by channel and quarter. */
function figures(sheet: Sheet, q1 = [3, 1, 0]): void {
  sheet.getRange('A1:C4').setValues([
    ['Hình thức', 'Quý I', 'Quý II'],
    ['Phát thanh', q1[0], 4],
    ['Tin bài', q1[1], 2],
    ['Hội nghị', q1[2], 1],
  ]);
}

interface Picture {
  width: number;
  height: number;
  pixel: (x: number, y: number) => string;
  /** Pixels of that colour. */
  count: (hex: string) => number;
  /** The longest horizontal run of that colour's pixels in one row. */
  longestRow: (hex: string) => number;
}

/** A PNG read back: its size and its RGB pixels (8-bit RGB, any filter type). */
function decodePng(bytes: Uint8Array): Picture {
  const b = Buffer.from(bytes);
  expect([...b.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let at = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (at < b.length) {
    const len = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    const data = b.subarray(at + 8, at + 8 + len);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9]]).toEqual([8, 2]); // 8-bit RGB
    }
    if (type === 'IDAT') idat.push(Buffer.from(data));
    at += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 3;
  const px = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i];
      const left = i >= 3 ? px[y * stride + i - 3] : 0;
      const up = y > 0 ? px[(y - 1) * stride + i] : 0;
      const ul = y > 0 && i >= 3 ? px[(y - 1) * stride + i - 3] : 0;
      let pred = 0;
      if (filter === 1) pred = left;
      else if (filter === 2) pred = up;
      else if (filter === 3) pred = (left + up) >> 1;
      else if (filter === 4) {
        const p = left + up - ul;
        pred = Math.abs(p - left) <= Math.abs(p - up) && Math.abs(p - left) <= Math.abs(p - ul) ? left : Math.abs(p - up) <= Math.abs(p - ul) ? up : ul;
      }
      px[y * stride + i] = (x + pred) & 0xff;
    }
  }
  const pixel = (x: number, y: number) => `#${px.subarray((y * width + x) * 3, (y * width + x) * 3 + 3).toString('hex')}`;
  const rgb = (hex: string) => [1, 3, 5].map((k) => parseInt(hex.slice(k, k + 2), 16));
  const is = (i: number, [r, g, bl]: number[]) => px[i] === r && px[i + 1] === g && px[i + 2] === bl;
  const count = (hex: string) => {
    const c = rgb(hex);
    let n = 0;
    for (let i = 0; i < px.length; i += 3) if (is(i, c)) n++;
    return n;
  };
  const longestRow = (hex: string) => {
    const c = rgb(hex);
    let best = 0;
    for (let y = 0; y < height; y++) {
      let n = 0;
      for (let x = 0; x < width; x++) if (is((y * width + x) * 3, c)) n++;
      best = Math.max(best, n);
    }
    return best;
  };
  return { width, height, pixel, count, longestRow };
}

describe('EmbeddedChartBuilder', () => {
  test('collects ranges (once each), type, options and position; build() makes a chart not yet on the sheet', () => {
    const { ss } = setup();
    const sheet = ss.getActiveSheet();
    figures(sheet);
    const builder = sheet
      .newChart()
      .setChartType(BAR)
      .addRange(sheet.getRange('A1:B4'))
      .addRange(sheet.getRange('A1:B4'))
      .addRange(sheet.getRange('C1:C4'))
      .setOption('title', 'Kết quả theo hình thức')
      .setOption('legend', { position: 'bottom' })
      .setPosition(5, 6, 10, 20);
    expect(builder.getRanges().map((r) => r.getA1Notation())).toEqual(['A1:B4', 'C1:C4']);
    expect(String(builder.getChartType())).toBe('BAR');
    const c = builder.getContainer();
    expect([c.getAnchorRow(), c.getAnchorColumn(), c.getOffsetX(), c.getOffsetY()]).toEqual([5, 6, 10, 20]);
    builder.removeRange(sheet.getRange('C1:C4'));
    expect(builder.getRanges().map((r) => r.getA1Notation())).toEqual(['A1:B4']);

    const chart = builder.build();
    expect(chart.getChartId()).toBeNull();
    expect(sheet.getCharts()).toHaveLength(0);
    expect(chart.getOptions().get('title')).toBe('Kết quả theo hình thức');
    expect(chart.getOptions().get('legend.position')).toBe('bottom');
    expect(chart.getOptions().get('colors')).toBeNull();
    expect(chart.getRanges()[0].getValues()[1]).toEqual(['Phát thanh', 3]);
    expect(builder.clearRanges().getRanges()).toEqual([]);
  });

  test('refuses what Sheets refuses: a position outside the grid, a type that is not a ChartType, a range that is not one', () => {
    const { ss } = setup();
    const sheet = ss.getActiveSheet();
    const builder = sheet.newChart();
    expect(() => builder.setPosition(0, 1, 0, 0)).toThrow('Invalid argument: anchorRowPos');
    expect(() => builder.setChartType(E('DONUT'))).toThrow('Invalid argument: type');
    expect(() => builder.addRange('A1:B2' as unknown as GoogleAppsScript.Spreadsheet.Range)).toThrow('Invalid argument: range');
    expect(() => builder.build()).toThrow(/set a chart type/);
  });
});

describe('Sheet.insertChart / getCharts / updateChart / removeChart', () => {
  test('insert gives ids, modify + updateChart changes the chart in place, removeChart removes it', () => {
    const { env, ss } = setup();
    const sheet = ss.getActiveSheet();
    figures(sheet);
    const make = (title: string) => sheet.newChart().setChartType(COLUMN).addRange(sheet.getRange('A1:C4')).setOption('title', title).build();
    sheet.insertChart(make('Một'));
    sheet.insertChart(make('Hai'));
    const [one, two] = sheet.getCharts();
    expect(typeof one.getChartId()).toBe('number');
    expect(one.getChartId()).not.toBe(two.getChartId());
    expect([one, two].map((c) => c.getOptions().get('title'))).toEqual(['Một', 'Hai']);

    // A builder's changes reach the sheet only through updateChart.
    const changed = two.modify().setChartType(BAR).setOption('title', 'Hai (sửa)').setPosition(3, 4, 0, 0).build();
    expect(sheet.getCharts()[1].getOptions().get('title')).toBe('Hai');
    expect(changed.getChartId()).toBe(two.getChartId());
    sheet.updateChart(changed);
    const after = sheet.getCharts();
    expect(after).toHaveLength(2);
    expect(after[1].getChartId()).toBe(two.getChartId());
    expect(after[1].getOptions().get('title')).toBe('Hai (sửa)');
    expect(after[1].getContainerInfo().getAnchorRow()).toBe(3);
    expect(after[1].modify().getChartType()).toBe('BAR');

    sheet.removeChart(after[0]);
    expect(sheet.getCharts().map((c) => c.getChartId())).toEqual([two.getChartId()]);
    expect(() => sheet.updateChart(make('Chưa chèn'))).toThrow(/not on this sheet/);
    expect(env.calls.count('Sheet.insertChart')).toBe(2);
    expect(env.calls.count('Sheet.updateChart')).toBe(2);
    expect(env.calls.total('SpreadsheetApp')).toBeGreaterThan(env.calls.count('Sheet.insertChart') + env.calls.count('EmbeddedChartBuilder.build'));
  });

  test('charts belong to their sheet and are counted as SpreadsheetApp calls', () => {
    const { env, ss } = setup();
    const a = ss.getActiveSheet();
    const b = ss.insertSheet('Tổng hợp');
    figures(a);
    b.insertChart(b.newChart().setChartType(BAR).addRange(a.getRange('A1:B4')).build());
    expect(a.getCharts()).toHaveLength(0);
    expect(b.getCharts()).toHaveLength(1);
    expect(b.getCharts()[0].getRanges()[0].getSheet().getName()).toBe(a.getName());
    env.calls.reset();
    b.getCharts()[0].getChartId();
    expect(env.calls.byService()).toEqual({ SpreadsheetApp: 2 });
  });
});

describe('the PNG of a chart', () => {
  test('is a PNG of the chart size, drawn from the current cell values', () => {
    const { ss } = setup();
    const sheet = ss.getActiveSheet();
    figures(sheet, [2, 1, 0]);
    sheet.insertChart(
      sheet
        .newChart()
        .setChartType(COLUMN)
        .addRange(sheet.getRange('A1:B4'))
        .setOption('width', 640)
        .setOption('height', 300)
        .setOption('colors', ['#4285f4'])
        .setOption('vAxis', { viewWindow: { min: 0, max: 10 } })
        .build(),
    );
    const blob = sheet.getCharts()[0].getAs('image/png');
    expect(blob.getContentType()).toBe('image/png');
    const small = decodePng(Uint8Array.from(blob.getBytes(), (x) => x & 0xff));
    expect([small.width, small.height]).toEqual([640, 300]);
    expect(small.pixel(0, 0)).toBe('#ffffff');
    const blueSmall = small.count('#4285f4');
    expect(blueSmall).toBeGreaterThan(100);

    // The chart is live: new values in the cells, longer bars in the next image (2 + 1 → 8 + 1).
    sheet.getRange('B2').setValue(8);
    const big = decodePng(Uint8Array.from(sheet.getCharts()[0].getBlob().getBytes(), (x) => x & 0xff));
    expect(big.count('#4285f4') / blueSmall).toBeCloseTo(3, 0);
    expect(() => sheet.getCharts()[0].getAs('application/pdf')).toThrow(/image\/png/);
  });

  test('stacked bars end where the sum of their series ends; grouped bars where the largest one does', () => {
    const { ss } = setup();
    const sheet = ss.getActiveSheet();
    sheet.getRange('A1:C2').setValues([
      ['Hình thức', 'Quý I', 'Quý II'],
      ['Phát thanh', 5, 5],
    ]);
    const draw = (stacked: boolean) => {
      const chart = sheet
        .newChart()
        .setChartType(BAR)
        .addRange(sheet.getRange('A1:C2'))
        .setOption('isStacked', stacked)
        .setOption('colors', ['#ff0000', '#0000ff'])
        .setOption('hAxis', { viewWindow: { min: 0, max: 10 } })
        .setOption('legend', 'none')
        .build();
      return decodePng(Uint8Array.from(chart.getAs('image/png').getBytes(), (x) => x & 0xff));
    };
    const stacked = draw(true);
    const grouped = draw(false);
    // 5 + 5 on a 0–10 axis: stacked, the two segments fill the axis; grouped, each bar fills half of it.
    const plot = stacked.longestRow('#ff0000') + stacked.longestRow('#0000ff');
    expect(Math.abs(stacked.longestRow('#ff0000') - stacked.longestRow('#0000ff'))).toBeLessThanOrEqual(2);
    expect(Math.abs(grouped.longestRow('#ff0000') - plot / 2)).toBeLessThanOrEqual(2);
    expect(Math.abs(grouped.longestRow('#0000ff') - plot / 2)).toBeLessThanOrEqual(2);
    // Grouped bars are thinner: each series gets half the group's height.
    expect(grouped.count('#ff0000')).toBeLessThan(stacked.count('#ff0000') * 0.7);
  });
});

describe('the Charts service', () => {
  test('a DataTable and a bar chart give a PNG of setDimensions, with the options as set', () => {
    const { env, Charts } = setup();
    const table = Charts.newDataTable()
      .addColumn(Charts.ColumnType.STRING, 'Hình thức')
      .addColumn(Charts.ColumnType.NUMBER, 'Số lượng')
      .addRow(['Phát thanh', 7])
      .addRow(['Tin bài', 3]);
    const chart = Charts.newBarChart().setDataTable(table).setTitle('Kết quả').setLegendPosition(Charts.Position.NONE).setColors(['#34a853']).setDimensions(800, 420).build();
    expect(chart.getOptions().get('title')).toBe('Kết quả');
    expect(chart.getOptions().get('legend.position')).toBe('none');
    const img = decodePng(Uint8Array.from(chart.getAs('image/png').getBytes(), (x) => x & 0xff));
    expect([img.width, img.height]).toEqual([800, 420]);
    expect(img.count('#34a853')).toBeGreaterThan(1000);
    expect(() => Charts.newDataTable().addColumn(Charts.ColumnType.NUMBER, 'x').addRow(['bảy'])).toThrow('Invalid argument: values');
    expect(() => Charts.newColumnChart().build()).toThrow(/data table/);
    expect(env.calls.count('DataTableBuilder.addRow')).toBe(3);
    expect(env.calls.total('Charts')).toBeGreaterThan(10);
  });
});

describe('persistence', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'charts-test-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('charts survive the .xlsx save and load: id, type, ranges, options, position, image', async () => {
    const { wb, ss } = setup();
    const data = ss.insertSheet('Tổng hợp');
    figures(data);
    const other = ss.insertSheet('Biểu đồ');
    other.insertChart(
      other
        .newChart()
        .setChartType(BAR)
        .addRange(data.getRange('A1:C4'))
        .setNumHeaders(1)
        .setOption('title', 'Kết quả, năm 2024')
        .setOption('isStacked', true)
        .setOption('colors', ['#4285f4', '#ea4335'])
        .setPosition(2, 8, 5, 6)
        .build(),
    );
    const before = other.getCharts()[0];
    const png = Buffer.from(Uint8Array.from(before.getBlob().getBytes(), (x) => x & 0xff));
    const file = path.join(dir, 'workbook.xlsx');
    await saveWorkbookXlsx(wb, file);

    const loaded = setup(await loadWorkbookXlsx(file));
    const sheet = loaded.ss.getSheetByName('Biểu đồ')!;
    const [chart] = sheet.getCharts();
    expect(chart.getChartId()).toBe(before.getChartId());
    expect(String(chart.modify().getChartType())).toBe('BAR');
    expect(chart.getRanges().map((r) => `${r.getSheet().getName()}!${r.getA1Notation()}`)).toEqual(['Tổng hợp!A1:C4']);
    expect(chart.getOptions().get('title')).toBe('Kết quả, năm 2024');
    expect(chart.getOptions().get('colors')).toEqual(['#4285f4', '#ea4335']);
    expect(chart.getNumHeaders()).toBe(1);
    const c = chart.getContainerInfo();
    expect([c.getAnchorRow(), c.getAnchorColumn(), c.getOffsetX(), c.getOffsetY()]).toEqual([2, 8, 5, 6]);
    expect(Buffer.from(Uint8Array.from(chart.getBlob().getBytes(), (x) => x & 0xff)).equals(png)).toBe(true);
    expect(loaded.ss.getSheetByName('Tổng hợp')!.getCharts()).toHaveLength(0);
  });
});
