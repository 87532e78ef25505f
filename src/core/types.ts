/**
 * Domain types shared by the pure core, the server adapters and the client pages.
 * Plain data only: no Apps Script types, no Date objects crossing module boundaries
 * (dates are ISO strings, `YYYY-MM-DD`; instants are ISO date-times with offset).
 */

/** A calendar date, `YYYY-MM-DD`, in Asia/Ho_Chi_Minh. */
export type IsoDate = string;

/** An instant, ISO 8601 with offset, e.g. `2024-03-08T07:00:00+07:00`. */
export type IsoDateTime = string;

export interface DateWindow {
  from: IsoDate;
  to: IsoDate;
}

/** The three statuses of a task, exactly as shown in the sheet's dropdown. */
export const STATUSES = ['Chưa thực hiện', 'Đang thực hiện', 'Hoàn thành'] as const;
export type Status = (typeof STATUSES)[number];

/**
 * How a timeframe recurs.
 * - `none`: one window or one deadline.
 * - `continuous`: "Thường xuyên", "Liên tục": progress due every reporting period.
 * - `monthly`, `quarterly`, `periodic`: "Hằng tháng", "Hàng quý", "Định kỳ".
 * - `on-demand`: "Theo chỉ đạo", "Khi có văn bản mới": no date, never overdue.
 * - `yearly`: "Tháng 10 hằng năm", "Quý I hằng năm": done once a year at that time; read in the
 *   plan year as a window with its deadline (not `recurring`: no progress due every period).
 */
export type Recurrence = 'none' | 'continuous' | 'monthly' | 'quarterly' | 'periodic' | 'on-demand' | 'yearly';

/** What the timeframe engine reads out of "Thời gian thực hiện". */
export interface Timeframe {
  /** The text as given (trimmed). */
  text: string;
  /** The period in which the task is done; null for on-demand. Recurring tasks span the plan year. */
  window: DateWindow | null;
  /** The date by which the task must be done; null for recurring and on-demand tasks. */
  deadline: IsoDate | null;
  /** True when progress is due every reporting period (continuous, monthly, quarterly, periodic). */
  recurring: boolean;
  recurrence: Recurrence;
}

export type TimeframeResult =
  | { ok: true; timeframe: Timeframe }
  /** `readings`: when the text can be read two ways ("trước tháng 10/2024"), each reading, never guessed. */
  | { ok: false; text: string; message: string; readings?: string[] };

/** One person of the directory ("Cán bộ" sheet). */
export interface Person {
  /** Đơn vị/chức danh, e.g. "Công chức Tư pháp - Hộ tịch". */
  unit: string;
  /** Họ và tên. */
  name: string;
  /** Email as typed (trimmed); may be invalid: validation reports it. */
  email: string;
  /** Tên gọi khác: other names of the unit, split on ";". */
  aliases: string[];
  /** 1-based sheet row, for problems. */
  row: number;
}

/** A person resolved for a task, with the plain data the UI and emails need. */
export interface Assignee {
  unit: string;
  name: string;
  email: string;
}

/** One task of the plan's appendix, as read from "Kế hoạch" and resolved. */
export interface Task {
  /** Stable task code, "NV01"… never reused. */
  code: string;
  /** STT as shown (may be empty or text). */
  stt: string;
  /**
   * "Nhóm": the group heading of the plan's appendix the task sits under
   * ("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH"), as written; "" when the plan has no groups.
   */
  section: string;
  /** Nhiệm vụ cụ thể. */
  task: string;
  /** Sản phẩm/kết quả. */
  product: string;
  /** Cán bộ, công chức chủ trì: the text as in the sheet. */
  leadText: string;
  /** Cán bộ, công chức phối hợp: the text as in the sheet. */
  coordinatorText: string;
  /** Thời gian thực hiện: the text as in the sheet. */
  timeframeText: string;
  leads: Assignee[];
  coordinators: Assignee[];
  /**
   * Bodies of other levels the lead or coordinator cell names ("Phòng Tư pháp huyện",
   * "Sở Thông tin và Truyền thông"), as written: shown, never reminded.
   */
  outside: string[];
  window: DateWindow | null;
  /** Effective deadline: the staff override when set, else the computed one. */
  deadline: IsoDate | null;
  recurring: boolean;
  recurrence: Recurrence;
  status: Status;
  /** 0..100 */
  percent: number;
  /** Last update as an ISO date-time, or null. */
  lastUpdate: IsoDateTime | null;
  /** 1-based sheet row in "Kế hoạch". */
  row: number;
}

export type ProgressSource = 'sidebar' | 'web' | 'email' | 'form';

/** One row of the append-only "Tiến độ" log. */
export interface ProgressEntry {
  /** When it was recorded. */
  at: IsoDateTime;
  taskCode: string;
  reporter: string;
  status: Status;
  percent: number;
  /** Hình thức (channel), one of the settings' list. */
  channel: string;
  /** Số lượng: how many of the channel's product (tin bài, hội nghị…). */
  quantity: number;
  note: string;
  evidenceUrl: string;
  /** The date of the work (not of the entry). */
  reportDate: IsoDate;
  source: ProgressSource;
  submissionId: string;
  /** Số người tham dự (a hội nghị's participants), when given. */
  participants?: number;
}

/** A problem found in the sheet, shown to the office in Vietnamese. */
export interface Problem {
  /** Sheet name, e.g. "Kế hoạch". */
  sheet: string;
  /** 1-based row, or 0 when the problem is not about one row. */
  row: number;
  /** Column header as the user sees it, or "" when not about one column. */
  column: string;
  /** What is wrong and what to do, in Vietnamese. */
  message: string;
  /** error: must fix; warning: should look at. */
  severity: 'error' | 'warning';
}

/** Window rule for report periods: Nghị định 09/2019 (15→14) or calendar quarters. */
export type WindowRule = 'nd09' | 'calendar';

/** The settings of "Cài đặt", typed. Defaults live in schema.ts. */
export interface Settings {
  commune: string;
  province: string;
  planNumber: string;
  planDate: IsoDate | null;
  planYear: number;
  planTitle: string;
  chairmanName: string;
  /** "CHỦ TỊCH" or "PHÓ CHỦ TỊCH". */
  signerTitle: string;
  /** "TM." (on behalf of the committee, the chairman signs) or "KT." (the vice chairman signs for the chairman). */
  signerMode: 'TM' | 'KT';
  officeEmail: string;
  /** The district before 1/7/2025 ("Thanh Hà"), "" when none: the default recipient of older plans. */
  district: string;
  /** Nơi nhận entries (without "- " and ";"); empty: chosen by the plan's date (report.ts recipientsFor). */
  recipients: string[];
  /** 0..23, Asia/Ho_Chi_Minh. */
  reminderHour: number;
  /** Days before a deadline, e.g. [14, 7, 1]. */
  reminderOffsets: number[];
  /** Days before a report cut-off to ask for recurring tasks' progress. */
  periodReminderDays: number;
  windowRule: WindowRule;
  /** Days after the data window's end when the report is due. */
  reportDueDays: number;
  reportFolder: string;
  /** Hình thức choices for progress entries. */
  channels: string[];
  /** Đơn vị tính per channel ("Phát thanh" → "chuyên mục"), as set in "Cài đặt". */
  channelUnits: { channel: string; unit: string }[];
  /** Channels whose entries carry a number of participants ("Hội nghị"), as spelled in `channels`. */
  attendanceChannels: string[];
  /** Whether the hourly email-reply trigger is on (needs the Gmail scope). */
  repliesEnabled: boolean;
  /** How many days a link in a reminder stays valid. */
  linkDays: number;
  /**
   * The deployed web app's public …/exec address ("Địa chỉ web app"), the only address reminders
   * link to; "" when it is empty or unusable (see core/webAppAddress.ts).
   */
  webAppUrl: string;
}

/**
 * What a person submits for one task (sidebar, web form, email reply): the input of
 * `submitProgress`. Validated on the server whatever the client checked.
 */
export interface ProgressInput {
  /** The task code, "NV03". */
  taskId: string;
  status: Status;
  percent: number;
  channel: string;
  quantity: number;
  note: string;
  evidenceUrl: string;
  /** The date of the work, `YYYY-MM-DD`; default today. */
  reportDate: IsoDate;
  /** Số người tham dự, for a channel of `attendanceChannels` only; absent or null when not given. */
  participants?: number | null;
  /** A client-made id: a retry with the same id records nothing twice. */
  submissionId: string;
}
