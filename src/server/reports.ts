/**
 * Periodic reports: "Tạo báo cáo định kỳ" previews the figures of a period, then makes the
 * report as a Google Doc laid out per Nghị định 30/2020 (docLayout.ts), numbered
 * "Số: NN/BC-UBND" from the "Báo cáo" log, made in the Drive folder named in the settings (with
 * its PDF beside it: driveFiles.ts, the Drive API under the drive.file scope) and logged in one row.
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
import { NARRATIVE_KEYS, OFFICE_KEYS, buildReport, countsSentence, formatReportNumber, narrativeDefaults, reportFigures, statusText, type LoggedReport, type NarrativeKey } from '../core/report';
import { parseReportPeriod, periodPhrase, reportCalendar, type ReportPeriod } from '../core/periods';
import { PROGRESS_COLUMNS, REPORT_COLUMNS, SHEETS, findColumns } from '../core/schema';
import { parseSource } from '../core/logWords';
import { STATUSES, type IsoDate, type ProgressEntry, type Settings, type Status, type Task, type WindowRule } from '../core/types';
import { cellDate, cellInstant, cellMultiline, cellNumber, readText } from '../core/cells';
import { dateParts, formatDmy, parseDmy, vnDateOf } from '../core/dates';
import { clean, formatNumber, matchKey } from '../core/text';
import type { ReportOptions, ReportPreview, ReportResult, ReportSpec } from '../shared/rpc';
import { REPORT_SCOPES, requireConsent } from './consent';
import { activeSpreadsheet, dateCell, readSheet, textCell, UserError, withScriptLock, type Sheet, type Spreadsheet } from './sheets';
import { loadPlan } from './plan';
import { readSettings } from './settings';
import { setupWorkbookCore } from './setup';
import { channelChart, keepTableRows, layoutReport, type ReportChart } from './docLayout';
import { menuAction } from './ui';
import { spreadsheetProperties } from './target';
import { newReportDoc, reportFolderId, saveFileIn } from './driveFiles';


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
      // "Số người tham dự" (hội nghị): absent in a log laid out before it existed.
      ...(index.participants === undefined ? {} : { participants: Math.max(0, cellNumber(cell(row, 'participants')) ?? 0) }),
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
  again: boolean;
  appendix: boolean;
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
  const flag = (v: unknown, what: string): boolean => {
    if (v === undefined || v === null) return false;
    if (typeof v !== 'boolean') throw new UserError(`"${what}" phải là true hoặc false.`);
    return v;
  };
  return { period: parsed.period, narrative, issuedOn, again: flag(spec.again, 'again'), appendix: flag(spec.appendix, 'appendix') };
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
  /** The reports made (not the numbers logged as not made), oldest first. */
  reports: LoggedReport[];
}

/** Columns a log written before them may lack: written when present, never required. */
const OPTIONAL_LOG_COLUMNS: (keyof typeof REPORT_COLUMNS)[] = ['kind', 'pdf'];
/** The start of the "Liên kết" cell of a number that was given but whose report was not made. */
const NOT_MADE = 'Không tạo được';

function readLog(values: unknown[][]): LogInfo {
  const header = values[0] ?? [];
  const { index, missing: all } = findColumns(header, REPORT_COLUMNS);
  const missing = all.filter((k) => !OPTIONAL_LOG_COLUMNS.includes(k));
  if (missing.length) {
    throw new UserError(`Trang "${SHEETS.reports}" thiếu cột: ${missing.map((k) => REPORT_COLUMNS[k]).join(', ')}. Chạy "Thiết lập bảng theo dõi" rồi tạo lại báo cáo.`);
  }
  const highest = new Map<number, number>();
  const reports: LoggedReport[] = [];
  for (const row of values.slice(1)) {
    const n = numberInCell(row[index.number!]);
    if (n === null) continue;
    const y = cellNumber(row[index.year!]);
    const created = cellDate(row[index.createdAt!]);
    const year = y !== null && Number.isInteger(y) ? y : created ? dateParts(created).year : null;
    if (year === null) continue;
    highest.set(year, Math.max(highest.get(year) ?? 0, n));
    const url = readText(row[index.url!]);
    const from = cellDate(row[index.from!]);
    const to = cellDate(row[index.to!]);
    const at = cellInstant(row[index.createdAt!]);
    if (!url || url.startsWith(NOT_MADE) || !from || !to || !at) continue;
    reports.push({ numberText: formatReportNumber(n), period: readText(row[index.period!]), from, to, at });
  }
  reports.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  return { header, index, highest, reports };
}

/** The last report made for `period` (same label, or the same dates), if any. */
function reportFor(log: LogInfo, period: ReportPeriod): LoggedReport | null {
  const key = matchKey(period.label);
  const found = log.reports.filter((r) => matchKey(r.period) === key || (r.from === period.window.from && r.to === period.window.to));
  return found.length ? found[found.length - 1] : null;
}

function existingMessage(r: LoggedReport, period: ReportPeriod): string {
  return (
    `Đã có báo cáo số ${r.numberText} ngày ${formatDmy(vnDateOf(Date.parse(r.at)))} cho kỳ ${period.label}. ` +
    'Mỗi kỳ chỉ lập một báo cáo; nếu cần báo cáo thay thế hoặc bổ sung, chọn "Lập báo cáo thay thế, bổ sung" (số mới, ghi rõ thay thế báo cáo trước).'
  );
}

function storedSequence(year: number): number {
  const n = Number(spreadsheetProperties().getProperty(`${SEQUENCE_PROPERTY}${year}`));
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/**
 * Allocates the next number of `year`; call under the script lock. A period that already has a
 * report is refused (nothing allocated) unless `again`; then the report it replaces is returned.
 */
function allocateNumber(sheet: Sheet, year: number, period: ReportPeriod, again: boolean): { sequence: number; log: LogInfo; replaces: LoggedReport | null } {
  const log = readLog(readSheet(sheet));
  const replaces = reportFor(log, period);
  if (replaces && !again) throw new UserError(existingMessage(replaces, period));
  const sequence = Math.max(log.highest.get(year) ?? 0, storedSequence(year)) + 1;
  spreadsheetProperties().setProperty(`${SEQUENCE_PROPERTY}${year}`, String(sequence));
  return { sequence, log, replaces };
}

interface LogRow {
  numberText: string;
  year: number;
  period: string;
  from: IsoDate;
  to: IsoDate;
  by: string;
  url: string;
  /** "Lần đầu" or "Thay thế, bổ sung Báo cáo số 04/BC-UBND". */
  kind: string;
  pdf?: string;
}

const FIRST = 'Lần đầu';

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
  if (log.index.pdf !== undefined) put('pdf', textCell(r.pdf ?? ''));
  if (log.index.kind !== undefined) put('kind', textCell(r.kind));
  else if (r.kind !== FIRST) put('period', textCell(`${r.period} (${r.kind})`));
  sheet.getRange(sheet.getLastRow() + 1, 1, 1, row.length).setValues([row]);
}

function currentUser(): string {
  return Session.getActiveUser().getEmail() || Session.getEffectiveUser().getEmail() || '';
}

// ---------------------------------------------------------------------------------------------
// Entry points

/** The log's reports, or none when the log cannot be read (the preview says why). */
function loggedReports(ss: Spreadsheet, problems: string[] | null): LogInfo | null {
  const sheet = ss.getSheetByName(SHEETS.reports);
  if (!sheet) return null;
  try {
    return readLog(readSheet(sheet));
  } catch (e) {
    if (!(e instanceof UserError)) throw e;
    problems?.push(e.message);
    return null;
  }
}

/**
 * The period the dialog suggests: the cumulative report (Quý I, 6 tháng, 9 tháng, Năm) whose
 * cut-off most recently passed, when it has no report yet; otherwise the next one due.
 * On 20/06/2024 that is "6 tháng đầu năm 2024"; on 20/12/2024, "Năm 2024".
 */
export function suggestedPeriod(today: IsoDate, rule: WindowRule, dueDays: number, reported: LoggedReport[]): { kind: string; year: number } {
  const year = dateParts(today).year;
  const cycles = [year - 1, year, year + 1].flatMap((y) => reportCalendar(y, rule, dueDays));
  const passed = cycles.filter((c) => c.cutoff < today);
  const last = passed[passed.length - 1];
  const has = (p: ReportPeriod) => reported.some((r) => matchKey(r.period) === matchKey(p.label) || (r.from === p.window.from && r.to === p.window.to));
  if (last && !has(last.report)) return { kind: last.report.kind, year: last.report.year };
  const next = cycles.find((c) => c.cutoff >= today) ?? cycles[cycles.length - 1];
  return { kind: next.report.kind, year: next.report.year };
}

/** What the dialog starts from: today, the rule, and the period to report. */
export function reportOptions(): ReportOptions {
  const ss = activeSpreadsheet();
  const { settings } = readSettings(ss);
  const today = todayIso();
  const log = loggedReports(ss, null);
  const suggested = suggestedPeriod(today, settings.windowRule, settings.reportDueDays, log?.reports ?? []);
  return { today, planYear: settings.planYear, rule: settings.windowRule, ruleLabel: RULE_LABELS[settings.windowRule], suggested, folder: settings.reportFolder };
}

/** The figures and prefilled texts of a report, without writing anything. */
export function previewReport(raw: unknown): ReportPreview {
  const ss = activeSpreadsheet();
  const data = loadData(ss);
  const spec = readSpec(raw, data.settings.windowRule, todayIso());
  const { period, issuedOn } = spec;
  const log = loggedReports(ss, data.problems);
  const reported = log?.reports ?? [];
  const figures = reportFigures(data.tasks, data.entries, period.window, data.settings.channels, data.settings.channelUnits, reported);
  const input = { settings: data.settings, tasks: data.tasks, entries: data.entries, period, number: 1, issuedOn, reported };
  const year = dateParts(issuedOn).year;
  const next = Math.max(storedSequence(year), log?.highest.get(year) ?? 0);
  const existing = log ? reportFor(log, period) : null;
  if (existing) data.problems.unshift(existingMessage(existing, period));
  const outsidePlanYear = period.year !== data.settings.planYear && !(period.kind === 'custom' && period.window.from <= `${data.settings.planYear}-12-31` && period.window.to >= `${data.settings.planYear}-01-01`);
  if (outsidePlanYear) {
    data.problems.unshift(
      `Kỳ ${period.label} nằm ngoài năm kế hoạch ${data.settings.planYear} (mục "Năm kế hoạch" trong "${SHEETS.settings}"): kiểm tra lại trước khi tạo, vì mỗi báo cáo tạo ra sẽ dùng một số.`,
    );
  }
  if (!clean(data.settings.planNumber)) {
    data.problems.push(`Chưa điền "Số kế hoạch" trong "${SHEETS.settings}": phần mở đầu báo cáo sẽ không dẫn được số của Kế hoạch.`);
  }
  if (issuedOn < period.window.to) {
    data.problems.push(
      `Ngày báo cáo ${formatDmy(issuedOn)} trước ngày chốt số liệu ${formatDmy(period.window.to)}: số liệu đến ngày chốt có thể chưa đầy đủ.`,
    );
  }
  const c = figures.counts;
  return {
    period: period.label,
    phrase: periodPhrase(period),
    from: period.window.from,
    to: period.window.to,
    rule: data.settings.windowRule,
    ruleLabel: RULE_LABELS[data.settings.windowRule],
    issuedOn,
    nextNumber: formatReportNumber(next + 1),
    channels: figures.channels.map((ch) => ({ channel: ch.channel, unit: ch.unit, quantity: ch.quantity, participants: ch.participants })),
    tasks: figures.tasks.map((r) => ({ stt: r.stt, task: r.task, leads: r.leads, status: r.status, statusText: statusText(r), done: r.done, overdue: r.overdue, notStarted: r.notStarted })),
    counts: { total: figures.tasks.length, done: c.done, inProgress: c.inProgress, overdue: c.overdue, notStarted: c.notStarted, notDue: c.notDue },
    countsText: countsSentence(c),
    existing: existing ? { number: existing.numberText, date: vnDateOf(Date.parse(existing.at)) } : null,
    outsidePlanYear,
    officeKeys: [...OFFICE_KEYS],
    narrative: narrativeDefaults(input),
    sections: NARRATIVE_KEYS.map((key) => ({ key, title: NARRATIVE_TITLES[key] })),
    problems: data.problems.slice(0, MAX_PROBLEMS),
  };
}

/**
 * Makes the report: checks the spec (a bad period creates nothing and uses no number), refuses
 * a period that already has a report unless `again` (a replacement or supplementary report,
 * logged as such), takes the next number under the script lock, copies the report template (page numbers) into the report
 * folder, lays it out, saves its PDF beside it and logs it. When anything fails after the number was taken
 * and before the report was logged, the number stays used (and is logged as not made when the
 * log can be written) and the error says so. Once the report is logged it is made: a failure
 * after that (releasing the lock) is written to the executions log, not shown as a failure.
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
  // Before a number is taken: a missing permission makes nothing and uses no number.
  requireConsent('tạo báo cáo', REPORT_SCOPES);
  const year = dateParts(issuedOn).year;
  const logSheet = ss.getSheetByName(SHEETS.reports)!;
  const { sequence, log, replaces } = withScriptLock(() => allocateNumber(logSheet, year, period, spec.again));
  const numberText = formatReportNumber(sequence);
  const by = currentUser();
  const kind = replaces ? `Thay thế, bổ sung Báo cáo số ${replaces.numberText}` : FIRST;
  const logRow = { numberText, year, period: period.label, from: period.window.from, to: period.window.to, by, kind };

  let url = '';
  let logged = false;
  let result: ReportResult;
  try {
    const model = buildReport({
      settings: data.settings,
      tasks: data.tasks,
      entries: data.entries,
      period,
      number: sequence,
      issuedOn,
      narrative: spec.narrative,
      reported: log.reports,
      appendix: spec.appendix,
      replaces: replaces ? { numberText: replaces.numberText, date: vnDateOf(Date.parse(replaces.at)) } : null,
    });
    const chart = reportChart(model, period.label);
    // The folder first (driveFiles.ts: the Drive API under drive.file), then the Doc: a copy of
    // the report template made in the folder, whose header numbers the pages from page 2.
    const folderId = reportFolderId(data.settings.reportFolder);
    const documentId = newReportDoc(folderId, model.fileName);
    const doc = DocumentApp.openById(documentId);
    url = doc.getUrl();
    const { dataTables } = layoutReport(doc, model, chart);
    doc.saveAndClose();
    try {
      keepTableRows(documentId, dataTables);
    } catch (e) {
      // The report reads the same; only page breaks inside rows and the repeated header are lost.
      console.error(`generateReport ${numberText}: table rows not kept whole: ${e instanceof Error ? e.message : String(e)}`);
    }
    // The PDF beside the Doc: the Doc as saved (with its kept rows), exported by Docs; a failed
    // conversion costs the report nothing.
    let pdfUrl = '';
    try {
      pdfUrl = saveFileIn(folderId, `${model.fileName}.pdf`, DocumentApp.openById(documentId).getAs('application/pdf'), 'application/pdf');
    } catch (e) {
      console.error(`generateReport ${numberText}: no PDF: ${e instanceof Error ? e.message : String(e)}`);
    }
    result = { documentId, url, pdfUrl, number: numberText, sequence, from: period.window.from, to: period.window.to, name: model.fileName, folder: data.settings.reportFolder };
    withScriptLock(() => {
      appendLog(logSheet, log, { ...logRow, url, pdf: pdfUrl || 'Chưa tạo được bản PDF: mở báo cáo, chọn Tệp → Tải xuống → PDF.' });
      logged = true;
    });
    return result;
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    if (logged) {
      // The report is made and logged: only the lock's release failed. Not a failure for the office.
      console.warn(`generateReport ${numberText}: made and logged; afterwards: ${reason}`);
      return result!;
    }
    console.error(`generateReport ${numberText}: ${e instanceof Error ? (e.stack ?? reason) : reason}`);
    try {
      withScriptLock(() => appendLog(logSheet, log, { ...logRow, url: `${NOT_MADE}: ${reason}${url ? ` (tài liệu: ${url})` : ''}` }));
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
