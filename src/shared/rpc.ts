/**
 * The contract between client pages and the server: every function a page may call through
 * google.script.run, with its argument and result types. The server implements it
 * (src/server/rpc.ts `satisfies ServerFunctions`) and the client calls it through the typed
 * promise wrapper (src/client/lib/server.ts). Only JSON-safe data crosses: no Date, no function.
 */
import type { IsoDate, ProgressInput, Status, WindowRule } from '../core/types';
import type { NarrativeKey } from '../core/report';

export interface ImportPreviewTask {
  code: string;
  stt: string;
  /** The group heading above the task, or "". */
  section: string;
  task: string;
  leadText: string;
  timeframeText: string;
  /** dd/mm/yyyy or "" (recurring, on demand or unreadable). */
  deadline: string;
  /** Why the timeframe cannot be read, or "". */
  timeframeProblem: string;
}

export interface ImportPreview {
  toAdd: ImportPreviewTask[];
  toUpdate: { code: string; fields: string[] }[];
  unchanged: number;
  problems: string[];
  /** False when the table holds no task to import: the import button stays disabled. */
  importable: boolean;
  /**
   * Unit phrases of the lead and coordinator cells the directory does not hold: bodies outside
   * the commune (kept as written, never reminded) and unknown phrases, with a near miss
   * ("Có phải là …?") the clerk may confirm. `rows`: rows of the pasted table naming it.
   */
  units: { phrase: string; kind: 'outside' | 'unknown'; suggestion: string; rows: number[] }[];
  /** How many seeded sample tasks (untouched) the workbook holds and may replace; 0 when none. */
  sample: number;
}

/**
 * What the import box sends: the pasted text, or both flavours of the clipboard, with the
 * suggestions the clerk confirmed and whether to replace the sample tasks.
 */
export type ImportInput =
  | string
  | {
      html?: string;
      text?: string;
      /** A table read from a Google Doc (readPlanDocument), merged cells expanded. */
      table?: DocTableGrid;
      aliases?: { phrase: string; unit: string }[];
      replaceSample?: boolean;
    };

/** A table's grid as the import reads it: every row as wide as the table, spans resolved. */
export interface DocTableGrid {
  rows: string[][];
  /** copied[r][c]: the lower part of a cell spanning rows, its text repeated. */
  copied: boolean[][];
}

/** "Nhập kế hoạch từ Google Docs": the tables of the Doc, read in one pass. */
export interface PlanDocument {
  /** The Doc's name. */
  name: string;
  tables: (DocTableGrid & {
    /** The first rows' texts, to tell the tables apart. */
    caption: string;
    /** The import recognises its header (it looks like the appendix). */
    recognised: boolean;
    /** Tasks the import reads from it. */
    tasks: number;
  })[];
  /** Index of the table that looks like the appendix (recognised, most tasks), or -1. */
  suggested: number;
}

export interface ImportResult {
  added: number;
  updated: number;
  unchanged: number;
  problems: string[];
  codes: string[];
  preview?: ImportPreview;
  /** Confirmed phrases added to units' other names in "Cán bộ". */
  aliasesAdded?: number;
  /** Sample tasks replaced by the plan (0 when kept). */
  sampleReplaced?: number;
}

export interface ProgressTaskOption {
  code: string;
  stt: string;
  /** The task's group ("Nhóm"), or "". */
  section: string;
  task: string;
  leads: string;
  status: Status;
  percent: number;
  /** dd/mm/yyyy hh:mm or "". */
  lastUpdate: string;
  /** dd/mm/yyyy or "". */
  deadline: string;
  /** Is the current user one of its leads or coordinators? */
  mine: boolean;
}

export interface ProgressFormData {
  tasks: ProgressTaskOption[];
  statuses: Status[];
  channels: string[];
  /** Channels whose entries carry "Số người tham dự" (settings: "Hình thức ghi số người tham dự"). */
  attendance: string[];
  /** The user's email when Apps Script knows it, else "". */
  user: string;
  today: IsoDate;
  planYear: number;
}

export type ProgressField = keyof Omit<ProgressInput, 'submissionId'> | 'form';

export type SubmitResult =
  | { ok: true; taskId: string; task: string; message: string; duplicate: boolean }
  | { ok: false; errors: Partial<Record<ProgressField, string>>; message: string };

/** What the report dialog asks for: `generateReport(spec)` and `previewReport(spec)`. */
export interface ReportSpec {
  /** "Quý I/2024", "6 tháng đầu năm 2024", "9 tháng năm 2024", "Năm 2024" or "15/12/2023 - 14/03/2024". */
  period: string;
  /** The office's own text per part; a missing or blank part is prefilled from the data. */
  narrative?: Partial<Record<NarrativeKey, string>>;
  /** The date on the report, `YYYY-MM-DD`; default today (Vietnam). */
  issuedOn?: IsoDate;
  /** A replacement or supplementary report for a period that already has one. */
  again?: boolean;
  /** Adds the appendix of dated entries ("Phụ lục: Chi tiết kết quả cập nhật"). */
  appendix?: boolean;
}

/** What the report dialog starts from. */
export interface ReportOptions {
  today: IsoDate;
  planYear: number;
  rule: WindowRule;
  /** "Nghị định 09/2019 (từ ngày 15 tháng trước kỳ đến ngày 14 tháng cuối kỳ)" or "Quý dương lịch". */
  ruleLabel: string;
  /** The period whose cut-off most recently passed and that has no report yet (else the next one): its kind ("q1", "h1", "m9", "year"…) and year. */
  suggested: { kind: string; year: number };
  /** The folder on Drive where reports go. */
  folder: string;
}

export interface ReportPreviewTask {
  stt: string;
  task: string;
  leads: string;
  status: Status;
  /** "Hoàn thành", "Quá hạn; hạn 30/06/2024"…: the category as the report prints it. */
  statusText: string;
  /** What was done in the window, summed up (one line per channel, then the latest note). */
  done: string;
  overdue: boolean;
  notStarted: boolean;
}

/** The figures of a report before it is made (nothing is written). */
export interface ReportPreview {
  /** "Quý I/2024" */
  period: string;
  /** "Quý I năm 2024": how the subtitle names it. */
  phrase: string;
  from: IsoDate;
  to: IsoDate;
  rule: WindowRule;
  ruleLabel: string;
  issuedOn: IsoDate;
  /** The number the report would get if made now, "05/BC-UBND". */
  nextNumber: string;
  channels: { channel: string; unit: string; quantity: number; participants: number }[];
  tasks: ReportPreviewTask[];
  /** One category per task (core/report.ts TaskCategory): they add up to total. */
  counts: { total: number; done: number; inProgress: number; overdue: number; notStarted: number; notDue: number };
  /** The sentence the report prints for the counts. */
  countsText: string;
  /** The report already made for this period, if any: a new one needs `again`. */
  existing: { number: string; date: IsoDate } | null;
  /** The period lies outside the plan year. */
  outsidePlanYear: boolean;
  /** The parts the office is to write itself (highlighted until edited). */
  officeKeys: NarrativeKey[];
  /** The narrative parts as prefilled from the data, for the office to edit. */
  narrative: Record<NarrativeKey, string>;
  /** The narrative parts' titles, in report order. */
  sections: { key: NarrativeKey; title: string }[];
  /** Problems in the sheets the office should know about (settings, plan). */
  problems: string[];
}

export interface ReportResult {
  documentId: string;
  url: string;
  /** "05/BC-UBND" */
  number: string;
  /** 5 */
  sequence: number;
  from: IsoDate;
  to: IsoDate;
  /** The Doc's name, "05-BC-UBND Báo cáo tuyên truyền CCHC Quý I-2024". */
  name: string;
  /** The PDF saved beside the Doc, or "" when Drive could not convert it (the Doc is made either way). */
  pdfUrl: string;
  /** The Drive folder it is in. */
  folder: string;
}

export interface ServerFunctions {
  previewImport(input: ImportInput): ImportPreview;
  importPlanText(input: ImportInput): ImportResult;
  /** Opens a Google Doc by its address (or id) and reads its tables. */
  readPlanDocument(address: string): PlanDocument;
  getProgressFormData(): ProgressFormData;
  submitProgress(entry: ProgressInput): SubmitResult;
  getReportOptions(): ReportOptions;
  previewReport(spec: ReportSpec): ReportPreview;
  generateReport(spec: ReportSpec): ReportResult;
  /** The web form behind a reminder's link: the signed token, then the entry (source "web"). */
  submitAnswer(token: string, entry: ProgressInput): SubmitResult;
}
