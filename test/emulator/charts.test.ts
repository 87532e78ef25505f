/**
 * Charts as Google's reference describes them: Sheet.newChart() and its EmbeddedChartBuilder,
 * insertChart / getCharts / updateChart / removeChart, the Charts service's DataTable and bar and
 * column charts, and the PNG the emulator draws for getAs('image/png') (read back here with an
 * independent decoder), and charts surviving the workbook's .xlsx.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Env } from '../../emulator/core/env';
import { createWorkbook, type Workbook } from '../../emulator/services/spreadsheet/model';
import { createSpreadsheetApp } from '../../emulator/services/spreadsheet/spreadsheet';
import { createCharts } from '../../emulator/services/spreadsheet/charts';
import { decodePng, findText } from '../support/png';
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

describe('the texts of a chart, drawn by a real text renderer', () => {
  const LABEL = '#444444';

  test('title, channel labels (Vietnamese), tick labels and legend names are in the image where Google puts them', () => {
    const { ss } = setup();
    const sheet = ss.getActiveSheet();
    sheet.getRange('A1:C5').setValues([
      ['Hình thức', 'Quý I', 'Quý II'],
      ['Tin bài trên trang TTĐT', 3, 4],
      ['Phát thanh', 12, 10],
      ['Hội nghị', 1, 2],
      ['Pano, áp phích, băng rôn', 4, 0],
    ]);
    const chart = sheet
      .newChart()
      .setChartType(BAR)
      .addRange(sheet.getRange('A1:C5'))
      .setOption('title', 'Kết quả tuyên truyền theo hình thức, năm 2024')
      .setOption('isStacked', true)
      .setOption('colors', ['#4285f4', '#ea4335'])
      .setOption('width', 900)
      .setOption('height', 360)
      .build();
    const pic = decodePng(Uint8Array.from(chart.getAs('image/png').getBytes(), (x) => x & 0xff));
    // The labels' size is found once (any from 10 to 28 px would do), then every text is looked for at it.
    const size = findText(pic, 'Phát thanh', LABEL)[0]?.size;
    expect(size).toBeDefined();
    const one = (text: string, hex = LABEL, bold = false) => {
      const at = findText(pic, text, hex, { bold, size: bold ? undefined : size });
      expect({ text, found: at.length }).toEqual({ text, found: 1 });
      return at[0];
    };
    // The bars: the first blue pixel of the plot.
    let plotLeft = pic.width;
    for (let y = 0; y < pic.height; y++) for (let x = 0; x < pic.width; x++) if (pic.pixel(x, y) === '#4285f4') plotLeft = Math.min(plotLeft, x);
    const titles = findText(pic, 'Kết quả tuyên truyền theo hình thức, năm 2024', '#000000', { bold: true, rows: [0, 40] });
    expect(titles).toHaveLength(1);
    const title = titles[0];
    const channels = ['Tin bài trên trang TTĐT', 'Phát thanh', 'Hội nghị', 'Pano, áp phích, băng rôn'].map((c) => one(c));
    // Channel labels: right-aligned just left of the bars, one under the other in the sheet's order, under the title.
    for (const c of channels) expect(plotLeft - (c.x + c.width)).toBeGreaterThanOrEqual(0);
    for (const c of channels) expect(plotLeft - (c.x + c.width)).toBeLessThan(16);
    expect(channels.map((c) => c.y)).toEqual([...channels.map((c) => c.y)].sort((a, b) => a - b));
    expect(channels[0].y).toBeGreaterThan(title.y);
    // The value axis' ticks under the plot (0 … 30), the legend's series names right of it.
    const twenty = one('20');
    expect(twenty.y).toBeGreaterThan(channels[3].y + 10);
    expect(twenty.x).toBeGreaterThan(plotLeft);
    const q2 = one('Quý II');
    // "Quý I" is also the start of "Quý II": the other place is its own legend line.
    const q1s = findText(pic, 'Quý I', LABEL, { size }).filter((f) => f.y !== q2.y);
    expect(q1s).toHaveLength(1);
    const q1 = q1s[0];
    expect(q1.x).toBeGreaterThan(plotLeft + 400);
    expect(q2.y).toBeGreaterThan(q1.y);
    // What is not written is not found: the search can fail (no diacritics, another word).
    expect(findText(pic, 'Hoi nghi', LABEL, { size })).toEqual([]);
    expect(findText(pic, 'Hội nghị', LABEL, { size: size! + 1 })).toEqual([]);
    expect(findText(pic, 'Quý III', LABEL, { size })).toEqual([]);
  });

  test('a label too long for its room is cut with "…"; axis titles are written, the vertical one upwards', () => {
    const { ss } = setup();
    const sheet = ss.getActiveSheet();
    sheet.getRange('A1:B3').setValues([
      ['Hình thức', 'Số lượng'],
      ['Tuyên truyền trên hệ thống loa truyền thanh của các thôn, tổ dân phố trên địa bàn xã', 5],
      ['Hội nghị', 2],
    ]);
    const chart = sheet
      .newChart()
      .setChartType(COLUMN)
      .addRange(sheet.getRange('A1:B3'))
      .setOption('legend', 'none')
      .setOption('hAxis', { title: 'Hình thức' })
      .setOption('vAxis', { title: 'Số sản phẩm' })
      .build();
    const pic = decodePng(Uint8Array.from(chart.getAs('image/png').getBytes(), (x) => x & 0xff));
    const found = findText(pic, 'Hội nghị', LABEL);
    expect(found).toHaveLength(1);
    const size = found[0].size;
    expect(findText(pic, 'Hình thức', LABEL, { size })).toHaveLength(1);
    const channel = 'Tuyên truyền trên hệ thống loa truyền thanh của các thôn, tổ dân phố trên địa bàn xã';
    expect(findText(pic, channel, LABEL, { size })).toEqual([]);
    // The cut label starts like the channel and ends with "…": the longest such start found, far shorter than the whole.
    // The cut label (on the row of the other labels) is a start of the channel's name ending with "…", far shorter than the whole.
    const cut = [...channel].map((_, n) => `${channel.slice(0, n).trimEnd()}…`).filter((t) => findText(pic, t, LABEL, { size, y: found[0].y }).length === 1);
    expect(cut).toHaveLength(1);
    expect(cut[0].length).toBeLessThan(channel.length / 2);
    expect(cut[0]).toMatch(/^Tuyên truyền .*…$/);
    // "Số sản phẩm" is not written across; written upwards it is a column of ink at the far left.
    expect(findText(pic, 'Số sản phẩm', LABEL)).toEqual([]);
    let inkLeft = 0;
    for (let y = 0; y < pic.height; y++) for (let x = 0; x < 30; x++) if (pic.pixel(x, y) !== '#ffffff') inkLeft++;
    expect(inkLeft).toBeGreaterThan(100);
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
