/**
 * "Cập nhật trang Tổng hợp": the "Tổng hợp" sheet, rebuilt from the data each time:
 * 1. tasks by status (as in "Kế hoạch" now, with those overdue);
 * 2. tasks by lead (a task with two leads counts for each);
 * 3. figures by channel for each quarter of the plan year and the year (windows per the
 *    settings' rule, so the quarters add up to the year).
 *
 * Written as one block: one setValues, one setFontWeights and one setBackgrounds, whatever
 * the number of tasks, leads or channels.
 *
 * Beside section 3, ONE chart of the figures by channel: a bar chart of the channels with the
 * four quarters stacked, so each bar is the channel's year. The sheet's chart is found by its
 * title and updated (modify → updateChart), so re-running keeps one chart; a duplicate left by
 * an earlier run is removed; charts the office added with another title are left alone.
 * Sheet.clear() keeps charts, as in Sheets. With no channel in the settings, there is no chart.
 */
import { SHEETS } from '../core/schema';
import { STATUSES, type ProgressEntry, type Settings, type Status, type Task } from '../core/types';
import { reportFigures } from '../core/report';
import { periodWindow } from '../core/periods';
import { formatDmy, vnDateOf, vnDateTime } from '../core/dates';
import { clean, matchKey } from '../core/text';
import { activeSpreadsheet, readSheet, textCell, withScriptLock, type Sheet } from './sheets';
import { loadPlan } from './plan';
import { readProgressEntries } from './reports';
import { menuAction } from './ui';

const WIDTH = 6;
const TITLE_BACKGROUND = '#ffffff';
const SECTION_BACKGROUND = '#d9ead3';
const HEADER_BACKGROUND = '#f3f3f3';
const TOTAL_BACKGROUND = '#fff2cc';
const OVERDUE = 'Quá hạn';
/** The dashboard chart's title starts with this; it is how a refresh finds its chart again. */
export const CHART_TITLE = 'Kết quả tuyên truyền theo hình thức';
/** Quarter colours of the chart (Sheets' first four series colours). */
const QUARTER_COLORS = ['#4285f4', '#ea4335', '#fbbc04', '#34a853'];
/** Chart size in pixels: a bar per channel. */
const CHART_WIDTH = 640;
const chartHeight = (channels: number) => Math.max(300, 120 + 36 * channels);

type Kind = 'title' | 'note' | 'section' | 'header' | 'data' | 'total' | 'blank';

export interface DashboardBlock {
  values: (string | number)[][];
  weights: ('bold' | 'normal')[][];
  backgrounds: string[][];
  leads: number;
  channels: number;
  /** Rows (1-based) of section 3's header and its last channel, for the chart; null without channels. */
  chartRows: { header: number; last: number } | null;
}

export interface DashboardSummary {
  tasks: number;
  leads: number;
  channels: number;
  rows: number;
}

function isOverdue(t: Task, today: string): boolean {
  return t.recurrence !== 'on-demand' && !!t.deadline && t.deadline < today && t.status !== 'Hoàn thành';
}

/** The leads of a task as units: resolved people's units, else the text as typed. */
function leadsOf(t: Task): string[] {
  const units = t.leads.map((a) => clean(a.unit) || clean(a.name)).filter(Boolean);
  if (units.length) return [...new Set(units)];
  const text = clean(t.leadText);
  return [text || '(Chưa ghi đơn vị chủ trì)'];
}

/** The dashboard as rows (pure: the data and "today" in, the block out). */
export function dashboardBlock(settings: Settings, tasks: Task[], entries: ProgressEntry[], now: number): DashboardBlock {
  const today = vnDateOf(now);
  const rows: { kind: Kind; cells: (string | number)[] }[] = [];
  const add = (kind: Kind, ...cells: (string | number)[]) => rows.push({ kind, cells });
  const year = settings.planYear;
  const stamp = vnDateTime(now);

  add('title', `TỔNG HỢP THỰC HIỆN KẾ HOẠCH TUYÊN TRUYỀN CCHC NĂM ${year}`);
  add('note', `Cập nhật lúc ${stamp.slice(11, 16)} ngày ${formatDmy(today)}. Trang này được tạo lại mỗi lần chọn "Cập nhật trang Tổng hợp": không ghi dữ liệu vào đây.`);
  add('blank');

  // 1. By status.
  add('section', '1. Nhiệm vụ theo trạng thái');
  add('header', 'Trạng thái', 'Số nhiệm vụ');
  const byStatus = new Map<Status, number>(STATUSES.map((s) => [s, 0]));
  for (const t of tasks) byStatus.set(t.status, (byStatus.get(t.status) ?? 0) + 1);
  for (const s of STATUSES) add('data', s, byStatus.get(s) ?? 0);
  add('data', `${OVERDUE} (chưa hoàn thành, đã qua thời hạn)`, tasks.filter((t) => isOverdue(t, today)).length);
  add('total', 'Tổng cộng', tasks.length);
  add('blank');

  // 2. By lead.
  add('section', '2. Nhiệm vụ theo đơn vị, cán bộ chủ trì');
  add('header', 'Đơn vị/cán bộ chủ trì', 'Tổng số', ...STATUSES, OVERDUE);
  const leads = new Map<string, { name: string; counts: number[] }>();
  for (const t of tasks) {
    for (const name of leadsOf(t)) {
      const key = matchKey(name);
      let l = leads.get(key);
      if (!l) leads.set(key, (l = { name, counts: [0, 0, 0, 0, 0] }));
      l.counts[0]++;
      l.counts[1 + STATUSES.indexOf(t.status)]++;
      if (isOverdue(t, today)) l.counts[4]++;
    }
  }
  const leadRows = [...leads.values()].sort((a, b) => b.counts[0] - a.counts[0] || a.name.localeCompare(b.name, 'vi'));
  if (!leadRows.length) add('data', 'Chưa có nhiệm vụ nào.');
  for (const l of leadRows) add('data', textCell(l.name), ...l.counts);
  add('blank');

  // 3. By channel, per quarter and for the year.
  const quarters = (['q1', 'q2', 'q3', 'q4'] as const).map((k) => periodWindow(k, year, settings.windowRule));
  const yearWindow = periodWindow('year', year, settings.windowRule);
  const perQuarter = quarters.map((w) => reportFigures(tasks, entries, w, settings.channels, settings.channelUnits));
  const forYear = reportFigures(tasks, entries, yearWindow, settings.channels, settings.channelUnits);
  add('section', `3. Kết quả tuyên truyền theo hình thức, năm ${year}`);
  add(
    'note',
    `Số liệu ${settings.windowRule === 'nd09' ? 'theo Nghị định 09/2019' : 'theo quý dương lịch'}: ` +
      quarters.map((w, i) => `Quý ${['I', 'II', 'III', 'IV'][i]} từ ${formatDmy(w.from)} đến ${formatDmy(w.to)}`).join('; ') +
      '.',
  );
  const chartHeader = rows.length + 1;
  add('header', 'Hình thức', 'Quý I', 'Quý II', 'Quý III', 'Quý IV', 'Cả năm');
  const quantity = (f: ReturnType<typeof reportFigures>, channel: string) => f.channels.find((c) => matchKey(c.channel) === matchKey(channel))?.quantity ?? 0;
  // Each channel with its unit; channels of different units are never added up.
  for (const c of forYear.channels) {
    add('data', textCell(c.unit ? `${c.channel} (${c.unit})` : c.channel), ...perQuarter.map((f) => quantity(f, c.channel)), c.quantity);
  }

  const pad = (cells: (string | number)[]) => [...cells, ...new Array(Math.max(0, WIDTH - cells.length)).fill('')].slice(0, WIDTH);
  const background = (k: Kind) => (k === 'section' ? SECTION_BACKGROUND : k === 'header' ? HEADER_BACKGROUND : k === 'total' ? TOTAL_BACKGROUND : TITLE_BACKGROUND);
  const weight = (k: Kind): 'bold' | 'normal' => (k === 'title' || k === 'section' || k === 'header' || k === 'total' ? 'bold' : 'normal');
  return {
    values: rows.map((r) => pad(r.cells)),
    weights: rows.map((r) => new Array<'bold' | 'normal'>(WIDTH).fill(weight(r.kind))),
    backgrounds: rows.map((r) => new Array<string>(WIDTH).fill(background(r.kind))),
    leads: leadRows.length,
    channels: forYear.channels.length,
    chartRows: forYear.channels.length ? { header: chartHeader, last: chartHeader + forYear.channels.length } : null,
  };
}

function isDashboardChart(chart: GoogleAppsScript.Spreadsheet.EmbeddedChart): boolean {
  const title = chart.getOptions().get('title');
  return typeof title === 'string' && title.startsWith(CHART_TITLE);
}

/**
 * Inserts or updates the one chart of the figures by channel: channels (column A) by quarter
 * (B–E, stacked: the bar is the year), anchored right of the table at section 3's title row.
 * A fixed number of calls: getCharts, then per chart on the sheet getOptions and get.
 */
export function placeDashboardChart(sheet: Sheet, block: DashboardBlock, year: number): void {
  const ours = sheet.getCharts().filter(isDashboardChart);
  const rows = block.chartRows;
  if (!rows) {
    for (const c of ours) sheet.removeChart(c);
    return;
  }
  const [current, ...extra] = ours;
  const channels = rows.last - rows.header;
  const builder = (current ? current.modify().clearRanges() : sheet.newChart())
    .setChartType(Charts.ChartType.BAR)
    .addRange(sheet.getRange(rows.header, 1, channels + 1, 5))
    .setNumHeaders(1)
    .setPosition(Math.max(1, rows.header - 2), WIDTH + 2, 0, 0)
    .setOption('title', `${CHART_TITLE}, năm ${year}`)
    .setOption('isStacked', true)
    .setOption('legend', { position: 'right' })
    .setOption('colors', QUARTER_COLORS)
    .setOption('width', CHART_WIDTH)
    .setOption('height', chartHeight(channels));
  if (current) sheet.updateChart(builder.build());
  else sheet.insertChart(builder.build());
  for (const c of extra) sheet.removeChart(c);
}

/** Rebuilds "Tổng hợp" (created when missing). */
export function refreshDashboardCore(): DashboardSummary {
  const ss = activeSpreadsheet();
  const plan = loadPlan(ss);
  const { entries } = readProgressEntries(readSheet(ss.getSheetByName(SHEETS.progress)));
  const tasks = plan.tasks.filter((t) => t.code || t.task);
  const block = dashboardBlock(plan.settings, tasks, entries, Date.now());
  return withScriptLock(() => {
    let sheet = ss.getSheetByName(SHEETS.dashboard);
    if (!sheet) {
      sheet = ss.insertSheet(SHEETS.dashboard);
      sheet.setColumnWidths(1, 1, 320);
      sheet.setColumnWidths(2, WIDTH - 1, 110);
    }
    sheet.clear();
    const range = sheet.getRange(1, 1, block.values.length, WIDTH);
    range.setValues(block.values);
    range.setFontWeights(block.weights);
    range.setBackgrounds(block.backgrounds);
    placeDashboardChart(sheet, block, plan.settings.planYear);
    return { tasks: tasks.length, leads: block.leads, channels: block.channels, rows: block.values.length };
  });
}

/** "Cập nhật trang Tổng hợp". */
export function refreshDashboard(): DashboardSummary | null {
  return menuAction('refreshDashboard', () => {
    const summary = refreshDashboardCore();
    SpreadsheetApp.getActiveSpreadsheet().toast(`Đã cập nhật trang "${SHEETS.dashboard}": ${summary.tasks} nhiệm vụ, ${summary.leads} đơn vị chủ trì.`, 'Tổng hợp', 5);
    return summary;
  });
}
