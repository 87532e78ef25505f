/**
 * Periodic reports: "Tạo báo cáo định kỳ" previews the figures of a period, then makes the
 * report as a Google Doc laid out per Nghị định 30/2020 (docLayout.ts), numbered
 * "Số: NN/BC-UBND" from the "Báo cáo" log, moved into the Drive folder named in the settings
 * and logged in one row.
 *
 * Numbering: one counter per year of the report's date, allocated under the script lock. The
 * last number given is kept in the document properties as well as in the log, so a number is
 * never given twice, even when the report failed after its number was allocated (that number
 * is logged as not made) or when rows of the log are deleted.
 *
 * Spreadsheet calls do not grow with the data: the settings, plan, people, progress log and
 * report log are each read with one getValues; the log row is written with one setValues.
 * The chart of the figures by channel is drawn with the Charts service from the figures
 * themselves (docLayout.ts channelChart): no scratch sheet, no spreadsheet call.
 */
import { NARRATIVE_KEYS, buildReport, formatReportNumber, narrativeDefaults, reportFigures, type NarrativeKey } from '../core/report';
import { parseReportPeriod, periodPhrase, reportCalendar, type ReportPeriod } from '../core/periods';
import { PROGRESS_COLUMNS, REPORT_COLUMNS, SHEETS, findColumns } from '../core/schema';
import { parseSource } from '../core/logWords';
import { STATUSES, type IsoDate, type ProgressEntry, type Settings, type Status, type Task, type WindowRule } from '../core/types';
import { cellDate, cellInstant, cellMultiline, cellNumber, readText } from '../core/cells';
import { dateParts, formatDmy, parseDmy, vnDateOf } from '../core/dates';
import { clean, formatNumber, matchKey } from '../core/text';
import type { ReportOptions, ReportPreview, ReportResult, ReportSpec } from '../shared/rpc';
import { activeSpreadsheet, dateCell, readSheet, textCell, UserError, withScriptLock, type Sheet, type Spreadsheet } from './sheets';
import { loadPlan } from './plan';
import { readSettings } from './settings';
import { setupWorkbookCore } from './setup';
import { channelChart, layoutReport, type ReportChart } from './docLayout';
import { menuAction } from './ui';
import { spreadsheetProperties } from './target';

/** Document property holding the last report number given in a year: `cchc.reportSeq.2024`. */
export const SEQUENCE_PROPERTY = 'cchc.reportSeq.';
const MAX_NARRATIVE = 20000;
const MAX_PROBLEMS = 20;

export const NARRATIVE_TITLES: Record<NarrativeKey, string> = {
  direction: 'I. Công tác chỉ đạo, điều hành',
  strengths: 'III.1. Ưu điểm',
  weaknesses: 'III.2. Tồn tại, hạn chế',
  causes: 'III.3. Nguyên nhân',
  nextSteps: 'IV. Phương hướng, nhiệm vụ kỳ tới',
  proposals: 'V. Đề xuất, kiến nghị',
};

const RULE_LABELS: Record<WindowRule, string> = {
  nd09: 'Nghị định 09/2019 (số liệu từ ngày 15 tháng trước kỳ đến ngày 14 tháng cuối kỳ)',
  calendar: 'Quý dương lịch (số liệu từ ngày đầu đến ngày cuối của kỳ)',
};

function todayIso(): IsoDate {
  return vnDateOf(Date.now());
}

// ---------------------------------------------------------------------------------------------
// The progress log

/**
 * Entries of "Tiến độ" (values as read by one getValues, header first). A row without a task
 * code is skipped silently (an empty row); a row whose date cannot be read is skipped and
 * reported, never counted in a wrong period.
 */
export function readProgressEntries(values: unknown[][]): { entries: ProgressEntry[]; problems: string[] } {
  const entries: ProgressEntry[] = [];
  const problems: string[] = [];
  if (values.length < 2) return { entries, problems };
  const { index } = findColumns(values[0], PROGRESS_COLUMNS);
  if (index.taskCode === undefined) {
    problems.push(`Trang "${SHEETS.progress}" thiếu cột "${PROGRESS_COLUMNS.taskCode}": chưa đọc được kết quả thực hiện. Chạy "Thiết lập bảng theo dõi".`);
    return { entries, problems };
  }
  const cell = (row: unknown[], key: keyof typeof PROGRESS_COLUMNS): unknown => (index[key] === undefined ? '' : row[index[key]!]);
  const undated: number[] = [];
  values.slice(1).forEach((row, i) => {
    const taskCode = readText(cell(row, 'taskCode')).toUpperCase();
    if (!taskCode) return;
    const at = cellInstant(cell(row, 'at'));
    const reportDate = cellDate(cell(row, 'reportDate')) ?? (at ? vnDateOf(Date.parse(at)) : null);
    if (!reportDate) {
      undated.push(i + 2);
      return;
    }
    const statusKey = matchKey(cell(row, 'status'));
    const status: Status = STATUSES.find((s) => matchKey(s) === statusKey) ?? 'Đang thực hiện';
    entries.push({
      at: at ?? `${reportDate}T00:00:00+07:00`,
      taskCode,
      reporter: readText(cell(row, 'reporter')),
      status,
      percent: Math.max(0, Math.min(100, cellNumber(cell(row, 'percent')) ?? 0)),
      channel: readText(cell(row, 'channel')),
      quantity: Math.max(0, cellNumber(cell(row, 'quantity')) ?? 0),
      note: cellMultiline(cell(row, 'note')),
      evidenceUrl: readText(cell(row, 'evidenceUrl')),
      reportDate,
      source: parseSource(cell(row, 'source')) ?? 'sidebar',
      submissionId: readText(cell(row, 'submissionId')),
    });
  });
  if (undated.length) {
    const rows = undated.length > 10 ? `${undated.slice(0, 10).join(', ')}…` : undated.join(', ');
    problems.push(`${undated.length} dòng ở trang "${SHEETS.progress}" không có ngày thực hiện đọc được (dòng ${rows}): chưa được tính vào báo cáo.`);
  }
  return { entries, problems };
}

// ---------------------------------------------------------------------------------------------
// What the office asked for

interface Spec {
  period: ReportPeriod;
  narrative: Partial<Record<NarrativeKey, string>>;
  issuedOn: IsoDate;
}

/** Reads and checks the dialog's (or the runner's) spec; every problem is a Vietnamese UserError. */
export function readSpec(raw: unknown, rule: WindowRule, today: IsoDate): Spec {
  const spec = (typeof raw === 'string' ? { period: raw } : raw) as Partial<ReportSpec> | null;
  if (!spec || typeof spec !== 'object' || Array.isArray(spec)) {
    throw new UserError('Chưa chọn kỳ báo cáo. Ví dụ: "Quý I/2024", "6 tháng đầu năm 2024", "Năm 2024".');
  }
  const parsed = parseReportPeriod(typeof spec.period === 'string' ? spec.period : '', rule);
  if (!parsed.ok) throw new UserError(parsed.message);

  let issuedOn = today;
  if (spec.issuedOn !== undefined && spec.issuedOn !== null && clean(spec.issuedOn) !== '') {
    const d = typeof spec.issuedOn === 'string' ? parseDmy(clean(spec.issuedOn)) : null;
    if (!d) throw new UserError(`Ngày ban hành "${clean(spec.issuedOn)}" không phải ngày hợp lệ (dd/mm/yyyy).`);
    issuedOn = d;
  }

  const narrative: Partial<Record<NarrativeKey, string>> = {};
  if (spec.narrative !== undefined && spec.narrative !== null) {
    if (typeof spec.narrative !== 'object' || Array.isArray(spec.narrative)) throw new UserError('Phần nội dung báo cáo gửi lên không đúng dạng.');
    for (const key of NARRATIVE_KEYS) {
      const text = (spec.narrative as Record<string, unknown>)[key];
      if (text === undefined || text === null) continue;
      if (typeof text !== 'string') throw new UserError(`Mục "${NARRATIVE_TITLES[key]}" phải là văn bản.`);
      if (text.length > MAX_NARRATIVE) throw new UserError(`Mục "${NARRATIVE_TITLES[key]}" quá dài (tối đa ${formatNumber(MAX_NARRATIVE)} ký tự).`);
      narrative[key] = text;
    }
  }
  return { period: parsed.period, narrative, issuedOn };
}

// ---------------------------------------------------------------------------------------------
// Data

interface ReportData {
  settings: Settings;
  tasks: Task[];
  entries: ProgressEntry[];
  problems: string[];
}

function loadData(ss: Spreadsheet): ReportData {
  const plan = loadPlan(ss);
  const progress = readProgressEntries(readSheet(ss.getSheetByName(SHEETS.progress)));
  const problems = [
    ...plan.problems.filter((p) => p.sheet === SHEETS.settings && p.severity === 'error').map((p) => p.message),
    ...progress.problems,
  ];
  return { settings: plan.settings, tasks: plan.tasks.filter((t) => t.code || t.task), entries: progress.entries, problems };
}

/** Runs "Thiết lập bảng theo dõi" when a sheet the report needs is missing (a new workbook). */
function ensureSheets(ss: Spreadsheet): boolean {
  const needed = [SHEETS.settings, SHEETS.plan, SHEETS.progress, SHEETS.reports];
  if (!needed.some((name) => !ss.getSheetByName(name))) return false;
  setupWorkbookCore();
  return true;
}

// ---------------------------------------------------------------------------------------------
// Numbering

/** The number in a "Số" cell: 5 from "05/BC-UBND", "Số: 05/BC-UBND" or 5. */
export function numberInCell(v: unknown): number | null {
  if (typeof v === 'number') return Number.isInteger(v) && v > 0 ? v : null;
  const m = /^(?:số\s*:?\s*)?0*(\d{1,6})(?=\s*\/|$)/i.exec(readText(v));
  return m ? Number(m[1]) : null;
}

interface LogInfo {
  header: unknown[];
  index: ReturnType<typeof findColumns<keyof typeof REPORT_COLUMNS>>['index'];
  /** The highest number logged per year. */
  highest: Map<number, number>;
}

function readLog(values: unknown[][]): LogInfo {
  const header = values[0] ?? [];
  const { index, missing } = findColumns(header, REPORT_COLUMNS);
  if (missing.length) {
    throw new UserError(`Trang "${SHEETS.reports}" thiếu cột: ${missing.map((k) => REPORT_COLUMNS[k]).join(', ')}. Chạy "Thiết lập bảng theo dõi" rồi tạo lại báo cáo.`);
  }
  const highest = new Map<number, number>();
  for (const row of values.slice(1)) {
    const n = numberInCell(row[index.number!]);
    if (n === null) continue;
    const y = cellNumber(row[index.year!]);
    const created = cellDate(row[index.createdAt!]);
    const year = y !== null && Number.isInteger(y) ? y : created ? dateParts(created).year : null;
    if (year === null) continue;
    highest.set(year, Math.max(highest.get(year) ?? 0, n));
  }
  return { header, index, highest };
}

function storedSequence(year: number): number {
  const n = Number(spreadsheetProperties().getProperty(`${SEQUENCE_PROPERTY}${year}`));
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** Allocates the next number of `year`; call under the script lock. */
function allocateNumber(sheet: Sheet, year: number): { sequence: number; log: LogInfo } {
  const log = readLog(readSheet(sheet));
  const sequence = Math.max(log.highest.get(year) ?? 0, storedSequence(year)) + 1;
  spreadsheetProperties().setProperty(`${SEQUENCE_PROPERTY}${year}`, String(sequence));
  return { sequence, log };
}

interface LogRow {
  numberText: string;
  year: number;
  period: string;
  from: IsoDate;
  to: IsoDate;
  by: string;
  url: string;
}

/** Appends one row to the log, in one setValues; call under the script lock. */
function appendLog(sheet: Sheet, log: LogInfo, r: LogRow): void {
  const row: unknown[] = new Array(log.header.length).fill('');
  const put = (k: keyof typeof REPORT_COLUMNS, v: unknown) => {
    row[log.index[k]!] = v;
  };
  put('number', r.numberText);
  put('year', r.year);
  put('period', textCell(r.period));
  put('from', dateCell(r.from));
  put('to', dateCell(r.to));
  put('createdAt', new Date());
  put('createdBy', textCell(r.by));
  put('url', textCell(r.url));
  sheet.getRange(sheet.getLastRow() + 1, 1, 1, row.length).setValues([row]);
}

function currentUser(): string {
  return Session.getActiveUser().getEmail() || Session.getEffectiveUser().getEmail() || '';
}

// ---------------------------------------------------------------------------------------------
// Drive

/** The folder named in the settings: the first one not in the trash, else a new one in My Drive. */
function reportFolder(name: string): GoogleAppsScript.Drive.Folder {
  const folders = DriveApp.getFoldersByName(name);
  while (folders.hasNext()) {
    const f = folders.next();
    if (!f.isTrashed()) return f;
  }
  return DriveApp.createFolder(name);
}

// ---------------------------------------------------------------------------------------------
// Entry points

/** What the dialog starts from: today, the rule, and the report due next. */
export function reportOptions(): ReportOptions {
  const { settings } = readSettings(activeSpreadsheet());
  const today = todayIso();
  const year = dateParts(today).year;
  let suggested = { kind: 'q1', year };
  outer: for (const y of [year - 1, year, year + 1]) {
    for (const cycle of reportCalendar(y, settings.windowRule, settings.reportDueDays)) {
      if (cycle.due >= today) {
        suggested = { kind: cycle.report.kind, year: cycle.report.year };
        break outer;
      }
    }
  }
  return { today, planYear: settings.planYear, rule: settings.windowRule, ruleLabel: RULE_LABELS[settings.windowRule], suggested, folder: settings.reportFolder };
}

/** The figures and prefilled texts of a report, without writing anything. */
export function previewReport(raw: unknown): ReportPreview {
  const ss = activeSpreadsheet();
  const data = loadData(ss);
  const spec = readSpec(raw, data.settings.windowRule, todayIso());
  const { period, issuedOn } = spec;
  const figures = reportFigures(data.tasks, data.entries, period.window, data.settings.channels);
  const input = { settings: data.settings, tasks: data.tasks, entries: data.entries, period, number: 1, issuedOn };
  const logSheet = ss.getSheetByName(SHEETS.reports);
  const year = dateParts(issuedOn).year;
  let next = storedSequence(year);
  if (logSheet) {
    try {
      next = Math.max(next, readLog(readSheet(logSheet)).highest.get(year) ?? 0);
    } catch (e) {
      if (!(e instanceof UserError)) throw e;
      data.problems.push(e.message);
    }
  }
  if (issuedOn < period.window.to) {
    data.problems.push(
      `Ngày báo cáo ${formatDmy(issuedOn)} trước ngày chốt số liệu ${formatDmy(period.window.to)}: số liệu đến ngày chốt có thể chưa đầy đủ.`,
    );
  }
  const overdue = new Set(figures.overdue.map((r) => r.code));
  return {
    period: period.label,
    phrase: periodPhrase(period),
    from: period.window.from,
    to: period.window.to,
    rule: data.settings.windowRule,
    ruleLabel: RULE_LABELS[data.settings.windowRule],
    issuedOn,
    nextNumber: formatReportNumber(next + 1),
    channels: figures.channels.map((c) => ({ channel: c.channel, quantity: c.quantity, entries: c.entries })),
    totalQuantity: figures.totalQuantity,
    tasks: figures.tasks.map((r) => ({ stt: r.stt, task: r.task, leads: r.leads, status: r.status, done: r.done, overdue: overdue.has(r.code), notStarted: r.notStarted })),
    counts: {
      total: figures.tasks.length,
      done: figures.done,
      inProgress: figures.inProgress,
      notStarted: figures.tasks.filter((t) => t.status === 'Chưa thực hiện').length,
      overdue: figures.overdue.length,
    },
    narrative: narrativeDefaults(input),
    sections: NARRATIVE_KEYS.map((key) => ({ key, title: NARRATIVE_TITLES[key] })),
    problems: data.problems.slice(0, MAX_PROBLEMS),
  };
}

/**
 * Makes the report: checks the spec (a bad period creates nothing and uses no number), takes
 * the next number under the script lock, creates and lays out the Doc, moves it into the
 * report folder and logs it. When anything fails after the number was taken, the number stays
 * used (and is logged as not made when the log can be written) and the error says so.
 */
export function generateReport(raw: unknown): ReportResult {
  const ss = activeSpreadsheet();
  // The spec is checked first: a bad period changes nothing, not even a new workbook.
  let data = loadData(ss);
  let spec = readSpec(raw, data.settings.windowRule, todayIso());
  if (ensureSheets(ss)) {
    data = loadData(ss);
    spec = readSpec(raw, data.settings.windowRule, todayIso());
  }
  const { period, issuedOn } = spec;
  const year = dateParts(issuedOn).year;
  const logSheet = ss.getSheetByName(SHEETS.reports)!;
  const { sequence, log } = withScriptLock(() => allocateNumber(logSheet, year));
  const numberText = formatReportNumber(sequence);
  const by = currentUser();
  const logRow = { numberText, year, period: period.label, from: period.window.from, to: period.window.to, by };

  let url = '';
  try {
    const model = buildReport({ settings: data.settings, tasks: data.tasks, entries: data.entries, period, number: sequence, issuedOn, narrative: spec.narrative });
    const chart = reportChart(model, period.label);
    const doc = DocumentApp.create(model.fileName);
    const documentId = doc.getId();
    url = doc.getUrl();
    layoutReport(doc, model, chart);
    doc.saveAndClose();
    const folder = reportFolder(data.settings.reportFolder);
    DriveApp.getFileById(documentId).moveTo(folder);
    withScriptLock(() => appendLog(logSheet, log, { ...logRow, url }));
    return { documentId, url, number: numberText, sequence, from: period.window.from, to: period.window.to, name: model.fileName, folder: data.settings.reportFolder };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    console.error(`generateReport ${numberText}: ${e instanceof Error ? (e.stack ?? reason) : reason}`);
    try {
      withScriptLock(() => appendLog(logSheet, log, { ...logRow, url: `Không tạo được: ${reason}${url ? ` (tài liệu: ${url})` : ''}` }));
    } catch {
      // The number is kept in the document properties: it is not given again either way.
    }
    throw new UserError(
      `Chưa tạo xong báo cáo số ${numberText}: ${reason.replace(/^(Exception|Error):\s*/, '')}\n` +
        `Số ${numberText} đã được cấp nên sẽ không dùng lại; tạo lại báo cáo sẽ lấy số tiếp theo.` +
        (url ? ` Tài liệu đã tạo: ${url}` : ''),
    );
  }
}

/**
 * The chart of the figures by channel, or null. A chart that cannot be drawn (the Charts
 * service failing) must not cost the report its number: the report is made without it and the
 * failure is logged for the executions page.
 */
function reportChart(model: Parameters<typeof channelChart>[0], periodLabel: string): ReportChart | null {
  try {
    return channelChart(model, periodLabel);
  } catch (e) {
    console.error(`generateReport: chart not drawn: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

/** "Tạo báo cáo định kỳ": the report dialog. */
export function showReportDialog(): void {
  menuAction('showReportDialog', () => {
    const html = HtmlService.createHtmlOutputFromFile('Report').setWidth(900).setHeight(680);
    SpreadsheetApp.getUi().showModalDialog(html, 'Tạo báo cáo định kỳ');
  });
}
