/**
 * The chart of the figures by channel, on the built bundle: one chart on "Tổng hợp" however
 * often it is refreshed, over the channel rows of section 3; and the report's chart, an image
 * under the table of figures by channel, written into the .docx, with calls that do not grow
 * with the tasks.
 */
import JSZip from 'jszip';
import { inflateSync } from 'node:zlib';
import { loadSandbox } from '../support/sandbox';
import { decodePng, findText } from '../support/png';
import { planRow as testPlanRow, progressRow } from '../support/rows';
import { appendRows, run, values } from '../support/sheets';
import { SHEETS } from '../../src/core/schema';
import { driveState } from '../../emulator/services/docs/drive';
import { documentToDocx } from '../../emulator/services/docs/docx';
import { paragraphText, type DocModel, type ImageNode, type ParagraphNode, type TableNode } from '../../emulator/services/docs/model';
import type { ChartSpec } from '../../emulator/services/spreadsheet/charts';
import type { Env } from '../../emulator/core/env';
import type { Sandbox } from '../../emulator/sandbox';
import type { ReportResult } from '../../src/shared/rpc';

const TITLE = 'Kết quả tuyên truyền theo hình thức';


/** A test task (support/rows.ts planRow) led by `lead`, due in February or in Quý IV. */
const planRow = (n: number, lead: string) => testPlanRow(n, { lead, timeframe: n % 2 ? 'Trước ngày 15/02/2024' : 'Quý IV/2024' });

function seeded(now = '2024-10-02T09:00:00+07:00') {
  const t = loadSandbox({ now });
  t.sandbox.call('setupWorkbook');
  appendRows(t.sandbox, SHEETS.progress, [
    progressRow('NV03', '2024-01-05', 'Phát thanh', 3),
    progressRow('NV03', '2024-05-05', 'Phát thanh', 4),
    progressRow('NV04', '2024-02-20', 'Tin bài trên trang TTĐT', 5),
  ]);
  return t;
}

function chartsOn(env: Env, sheet: string): ChartSpec[] {
  return env.workbook.sheet(sheet)?.charts ?? [];
}

/** The values of a chart's range, read through the API as a script would. */
function chartData(sandbox: Sandbox): { titles: string[]; a1: string[]; data: unknown[][] } {
  return JSON.parse(
    JSON.stringify(
      run(
        sandbox,
        `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Tổng hợp');
         const charts = s.getCharts();
         return { titles: charts.map((c) => c.getOptions().get('title')), a1: charts.map((c) => c.getRanges()[0].getA1Notation()), data: charts.length ? charts[0].getRanges()[0].getValues() : [] };`,
      ),
    ),
  );
}

describe('the chart on "Tổng hợp"', () => {
  test('one bar chart of the channels by quarter, beside section 3, however often the page is refreshed', () => {
    const { env, sandbox } = seeded();
    sandbox.call('refreshDashboard');
    const first = chartsOn(env, SHEETS.dashboard);
    expect(first).toHaveLength(1);
    const id = first[0].id;
    sandbox.call('refreshDashboard');
    const charts = chartsOn(env, SHEETS.dashboard);
    expect(charts).toHaveLength(1);
    expect(charts[0].id).toBe(id); // updated in place, not replaced
    expect(charts[0]).toMatchObject({ type: 'BAR', numHeaders: 1, options: { title: `${TITLE}, năm 2024`, isStacked: true } });

    // Its range is the header and the channel rows of section 3, channel and the four quarters.
    const v = values(sandbox, SHEETS.dashboard)!;
    const header = v.findIndex((r) => r[0] === 'Hình thức' && r[1] === 'Quý I') + 1;
    // The channel rows end at the first empty row (no total: channels have different units).
    const end = v.findIndex((r, i) => i >= header && r[0] === '');
    const last = end < 0 ? v.length : end;
    const { titles, a1, data } = chartData(sandbox);
    expect(titles).toEqual([`${TITLE}, năm 2024`]);
    expect(a1).toEqual([`A${header}:E${last}`]);
    expect(data[0]).toEqual(['Hình thức', 'Quý I', 'Quý II', 'Quý III', 'Quý IV']);
    expect(data.find((r) => r[0] === 'Phát thanh (chuyên mục)')).toEqual(['Phát thanh (chuyên mục)', 3, 4, 0, 0]);
    expect(data.find((r) => r[0] === 'Tin bài trên trang TTĐT (tin, bài)')).toEqual(['Tin bài trên trang TTĐT (tin, bài)', 5, 0, 0, 0]);
    expect(charts[0].position).toMatchObject({ row: header - 2, column: 8 });
  });

  test('follows section 3 when the table grows, removes a duplicate of itself, keeps the office\'s own charts', () => {
    const { env, sandbox } = seeded();
    sandbox.call('refreshDashboard');
    const headerRow = () => values(sandbox, SHEETS.dashboard)!.findIndex((r) => r[0] === 'Hình thức' && r[1] === 'Quý I') + 1;
    const before = headerRow();
    // The office adds its own chart; an interrupted run once left a second copy of ours.
    run(
      sandbox,
      `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Tổng hợp');
       s.insertChart(s.newChart().setChartType(Charts.ChartType.PIE).addRange(s.getRange('A5:B8')).setOption('title', 'Biểu đồ của văn phòng').build());
       s.insertChart(s.getCharts()[0].modify().build());`,
    );
    expect(chartsOn(env, SHEETS.dashboard)).toHaveLength(3);
    appendRows(sandbox, SHEETS.plan, [planRow(9, 'Tổ công tác số 1'), planRow(10, 'Tổ công tác số 2')]);
    sandbox.call('refreshDashboard');
    const charts = chartsOn(env, SHEETS.dashboard);
    expect(charts.map((c) => c.options.title).sort()).toEqual(['Biểu đồ của văn phòng', `${TITLE}, năm 2024`]);
    const ours = charts.find((c) => c.options.title === `${TITLE}, năm 2024`)!;
    const header = headerRow();
    expect(header).toBe(before + 2); // two more leads in section 2
    expect(ours.ranges[0]).toMatchObject({ row: header, column: 1, numColumns: 5 });
    expect(ours.position.row).toBe(header - 2);
  });

  test('the same calls whatever the size of the plan', () => {
    const count = (tasks: number) => {
      const { env, sandbox } = seeded();
      appendRows(sandbox, SHEETS.plan, Array.from({ length: tasks - 8 }, (_, i) => planRow(9 + i, `Tổ công tác số ${i}`)));
      sandbox.call('refreshDashboard');
      env.calls.reset();
      sandbox.call('refreshDashboard');
      return { spreadsheet: env.calls.total('SpreadsheetApp'), charts: env.calls.total('Charts'), updates: env.calls.count('Sheet.updateChart') };
    };
    const small = count(10);
    const large = count(400);
    expect(large).toEqual(small);
    expect(small.updates).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// The report

function reportDoc(env: Env, r: ReportResult): DocModel {
  const doc = driveState(env).files[r.documentId]?.doc;
  if (!doc) throw new Error('no document');
  return doc;
}

function imagesIn(doc: DocModel): { image: ImageNode; index: number }[] {
  const out: { image: ImageNode; index: number }[] = [];
  doc.body.children.forEach((b, index) => {
    if (b.kind === 'paragraph') for (const c of b.children) if (c.kind === 'image') out.push({ image: c, index });
  });
  return out;
}

describe('the chart in the report', () => {
  test('a PNG under the table of figures by channel, 15 cm wide, centred, in the .docx as word/media/*.png', async () => {
    const { env, sandbox } = seeded('2024-03-15T09:00:00+07:00');
    const r = sandbox.call('generateReport', [{ period: 'Quý I/2024' }]) as ReportResult;
    const doc = reportDoc(env, r);
    const images = imagesIn(doc);
    expect(images).toHaveLength(1);
    const { image, index } = images[0];
    // The channel table, Docs' paragraph after it, then the chart's paragraph.
    const table = doc.body.children[index - 2] as TableNode;
    expect(table.kind).toBe('table');
    expect(paragraphText(table.rows[0].cells[1].children[0] as ParagraphNode)).toBe('Hình thức tuyên truyền');
    const holder = doc.body.children[index] as ParagraphNode;
    expect(holder.style.alignment).toBe('CENTER');
    expect(image.contentType).toBe('image/png');
    expect(image.width).toBe(567); // 15 cm at 96 px to the inch
    expect(image.width * 0.75).toBeLessThanOrEqual(doc.page.width - doc.page.marginLeft - doc.page.marginRight);

    // The image is a real PNG whose IHDR gives its size, in proportion to the page size.
    const bytes = Buffer.from(image.data, 'base64');
    expect([...bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const [w, h] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
    expect(image.height).toBe(Math.round((567 * h) / w));
    expect(inflateSync(bytes.subarray(41, 41 + bytes.readUInt32BE(33))).length).toBe((w * 3 + 1) * h);
    // Its texts as the office reads them: the title naming the period, each channel's name beside its bar.
    const pic = decodePng(bytes);
    expect(findText(pic, 'Kết quả tuyên truyền theo hình thức, Quý I/2024', '#000000', { bold: true, rows: [0, 60] })).toHaveLength(1);
    const label = findText(pic, 'Phát thanh', '#444444');
    expect(label).toHaveLength(1);
    expect(findText(pic, 'Tin bài trên trang TTĐT', '#444444', { size: label[0].size })).toHaveLength(1);
    expect(findText(pic, 'Hội nghị', '#444444', { size: label[0].size })).toHaveLength(1);
    expect(findText(pic, 'Hội thảo', '#444444', { size: label[0].size })).toHaveLength(0);

    const zip = await JSZip.loadAsync(await documentToDocx(doc));
    const media = Object.keys(zip.files).filter((f) => /^word\/media\/.+\.png$/.test(f));
    expect(media).toHaveLength(1);
    expect((await zip.file(media[0])!.async('nodebuffer')).equals(bytes)).toBe(true);
  });

  test('no chart when nothing was counted in the window; a chart that fails does not cost the report', () => {
    const { env, sandbox } = seeded('2024-03-15T09:00:00+07:00');
    const empty = sandbox.call('generateReport', [{ period: 'Quý III/2024' }]) as ReportResult;
    expect(imagesIn(reportDoc(env, empty))).toHaveLength(0);

    env.faults.add({ method: 'BarChartBuilder.build' });
    const r = sandbox.call('generateReport', [{ period: 'Quý I/2024' }]) as ReportResult;
    expect(r.number).toBe('02/BC-UBND');
    expect(imagesIn(reportDoc(env, r))).toHaveLength(0);
    expect(env.logs.some((l) => /chart not drawn/.test(l.message))).toBe(true);
    const again = sandbox.call('generateReport', [{ period: 'Quý I/2024', again: true }]) as ReportResult;
    expect(imagesIn(reportDoc(env, again))).toHaveLength(1);
  });

  test('DocumentApp, Charts and Spreadsheet calls of a report do not grow with the tasks', () => {
    const measure = (tasks: number, logRows: number) => {
      const { env, sandbox } = seeded('2024-03-15T09:00:00+07:00');
      appendRows(sandbox, SHEETS.plan, Array.from({ length: tasks - 8 }, (_, i) => planRow(9 + i, 'Công chức Tư pháp - Hộ tịch')));
      appendRows(
        sandbox,
        SHEETS.progress,
        Array.from({ length: logRows }, (_, i) => progressRow(`NV0${1 + (i % 8)}`, `2024-0${1 + (i % 2)}-${String(1 + (i % 28)).padStart(2, '0')}`, i % 2 ? 'Phát thanh' : 'Hội nghị', 1 + (i % 3))),
      );
      sandbox.call('generateReport', [{ period: 'Quý I/2024' }]); // creates the folder
      env.calls.reset();
      const r = sandbox.call('generateReport', [{ period: 'Quý I/2024', again: true }]) as ReportResult;
      return {
        images: imagesIn(reportDoc(env, r)).length,
        document: env.calls.total('DocumentApp'),
        charts: env.calls.total('Charts'),
        spreadsheet: env.calls.total('SpreadsheetApp'),
        appendInlineImage: env.calls.count('Paragraph.appendInlineImage'),
      };
    };
    const small = measure(10, 20);
    const large = measure(500, 3000);
    expect(small.images).toBe(1);
    expect(large).toEqual(small);
    expect(small.appendInlineImage).toBe(1);
  });
});
