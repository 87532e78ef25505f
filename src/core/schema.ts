/**
 * The workbook's layout: sheet names, column headers and settings, in Vietnamese as users
 * see them. Columns are always found by header (see `findColumns`), never by position:
 * staff may reorder them, change a header's case or spacing, or add columns of their own.
 */
import type { Settings } from './types';
import { matchKey } from './text';

export const SHEETS = {
  plan: 'Kế hoạch',
  people: 'Cán bộ',
  progress: 'Tiến độ',
  settings: 'Cài đặt',
  reminders: 'Nhật ký nhắc việc',
  reports: 'Báo cáo',
  dashboard: 'Tổng hợp',
} as const;

/** Columns of "Kế hoạch", in the order setup creates them. */
export const PLAN_COLUMNS = {
  code: 'Mã',
  section: 'Nhóm',
  stt: 'STT',
  task: 'Nhiệm vụ cụ thể',
  product: 'Sản phẩm/kết quả',
  lead: 'Cán bộ, công chức chủ trì',
  coordinator: 'Cán bộ, công chức phối hợp',
  timeframe: 'Thời gian thực hiện',
  from: 'Từ ngày',
  to: 'Đến ngày',
  deadline: 'Thời hạn (tự tính)',
  deadlineOverride: 'Thời hạn điều chỉnh',
  status: 'Trạng thái',
  percent: 'Tiến độ (%)',
  lastUpdate: 'Cập nhật gần nhất',
} as const;

/** Columns of "Cán bộ". */
export const PEOPLE_COLUMNS = {
  unit: 'Đơn vị/chức danh',
  name: 'Họ và tên',
  email: 'Email',
  aliases: 'Tên gọi khác',
} as const;

/**
 * Columns of the append-only "Tiến độ" log. "Nguồn" holds words (SOURCE_LABELS in logWords.ts:
 * "Thanh bên", "Biểu mẫu", "Thư trả lời"); the submission id is the narrow last column.
 */
export const PROGRESS_COLUMNS = {
  at: 'Thời điểm ghi',
  taskCode: 'Mã nhiệm vụ',
  reporter: 'Người báo cáo',
  status: 'Trạng thái',
  percent: 'Tiến độ (%)',
  channel: 'Hình thức',
  quantity: 'Số lượng',
  participants: 'Số người tham dự',
  note: 'Nội dung thực hiện',
  evidenceUrl: 'Minh chứng',
  reportDate: 'Ngày thực hiện',
  source: 'Nguồn',
  submissionId: 'Mã lần gửi',
} as const;

/** Progress-log columns a sheet may lack and still be read and written (added by the next setup). */
export const OPTIONAL_PROGRESS_COLUMNS: (keyof typeof PROGRESS_COLUMNS)[] = ['participants'];

/**
 * Columns of "Nhật ký nhắc việc", in the order setup lays them out (and moves an older sheet's
 * columns to): what people read first, the machine keys last in narrow columns. "Nội dung" is
 * the row in words ("NV09: Nhắc trước hạn 1 ngày, hạn 30/06/2024"); "Nhiệm vụ" holds one
 * `NV09: d-1:2024-06-30` per line and "Khóa" the digest or reply key: both are what the runs
 * read back, so they stay as written. A sheet without "Nội dung" is still read (older layout).
 */
export const REMINDER_COLUMNS = {
  at: 'Thời điểm',
  recipient: 'Người nhận',
  content: 'Nội dung',
  result: 'Kết quả',
  tasks: 'Nhiệm vụ',
  key: 'Khóa',
} as const;

/** Reminder-log columns a sheet may lack and still be read (added by the next setup). */
export const OPTIONAL_REMINDER_COLUMNS: (keyof typeof REMINDER_COLUMNS)[] = ['content'];

/** Columns of "Báo cáo", the report log. */
export const REPORT_COLUMNS = {
  number: 'Số',
  year: 'Năm',
  period: 'Kỳ báo cáo',
  from: 'Từ ngày',
  to: 'Đến ngày',
  createdAt: 'Thời điểm tạo',
  createdBy: 'Người tạo',
  url: 'Liên kết',
  kind: 'Loại báo cáo',
  pdf: 'Bản PDF',
} as const;

/** Columns of "Cài đặt": one setting per row. */
export const SETTINGS_COLUMNS = {
  label: 'Mục cài đặt',
  value: 'Giá trị',
  help: 'Giải thích',
} as const;

export interface SettingDef<K extends keyof Settings = keyof Settings> {
  key: K;
  /** The label in column "Mục cài đặt", matched loosely (case, diacritics, spacing). */
  label: string;
  /** What it means, in Vietnamese, shown in column "Giải thích". */
  help: string;
  /** The default value as written in the cell. */
  defaultText: string;
}

/**
 * Every setting, in sheet order. Values are stored as text or numbers as a person would
 * type them; `parseSettings` (settings.ts) turns them into `Settings` and reports problems.
 */
export const SETTING_DEFS: SettingDef[] = [
  { key: 'commune', label: 'Tên xã', help: 'Tên xã, không kèm chữ "xã", ví dụ: Tân Việt.', defaultText: 'Tân Việt' },
  { key: 'province', label: 'Tỉnh/thành phố', help: 'Tỉnh hoặc thành phố trực thuộc Trung ương.', defaultText: 'Hải Dương' },
  { key: 'planTitle', label: 'Tên kế hoạch', help: 'Trích yếu của kế hoạch đang theo dõi.', defaultText: 'Kế hoạch tuyên truyền công tác cải cách hành chính nhà nước xã Tân Việt năm 2024' },
  { key: 'planNumber', label: 'Số kế hoạch', help: 'Số và ký hiệu của kế hoạch, ví dụ: 12/KH-UBND.', defaultText: '' },
  { key: 'planDate', label: 'Ngày ban hành kế hoạch', help: 'Ngày ký kế hoạch (dd/mm/yyyy).', defaultText: '26/01/2024' },
  { key: 'planYear', label: 'Năm kế hoạch', help: 'Năm mà kế hoạch áp dụng; thời gian thực hiện không ghi năm được hiểu theo năm này.', defaultText: '2024' },
  { key: 'chairmanName', label: 'Người ký báo cáo', help: 'Họ và tên người ký, không kèm chức vụ.', defaultText: 'Vũ Xuân Hào' },
  { key: 'signerTitle', label: 'Chức vụ người ký', help: '"CHỦ TỊCH" hoặc "PHÓ CHỦ TỊCH".', defaultText: 'CHỦ TỊCH' },
  { key: 'signerMode', label: 'Thẩm quyền ký', help: '"TM" (Chủ tịch ký thay mặt UBND) hoặc "KT" (Phó Chủ tịch ký thay Chủ tịch).', defaultText: 'TM' },
  { key: 'officeEmail', label: 'Email Văn phòng', help: 'Email của Văn phòng HĐND&UBND xã, nhận bản tổng hợp trước mỗi kỳ báo cáo.', defaultText: 'vanphong@example.invalid' },
  { key: 'district', label: 'Huyện (trước 01/7/2025)', help: 'Huyện của xã khi kế hoạch ban hành trước ngày 01/7/2025 (báo cáo gửi Phòng Nội vụ huyện); để trống nếu không có.', defaultText: 'Thanh Hà' },
  { key: 'recipients', label: 'Nơi nhận báo cáo', help: 'Mỗi nơi nhận cách nhau bởi dấu ";", nơi nhận đầu tiên là cơ quan nhận báo cáo. Để trống: tự chọn theo ngày ban hành kế hoạch (trước 01/7/2025: Phòng Nội vụ huyện; từ 01/7/2025: Sở Nội vụ tỉnh). Dòng "Lưu: VT" được thêm tự động.', defaultText: '' },
  { key: 'reminderHour', label: 'Giờ gửi nhắc việc', help: 'Giờ trong ngày (0–23, giờ Việt Nam) bắt đầu gửi nhắc việc tự động; lần gửi bị lỗi tự thử lại sau mỗi giờ. Đổi giờ có hiệu lực từ lần gửi tiếp theo.', defaultText: '7' },
  { key: 'reminderOffsets', label: 'Nhắc trước hạn (ngày)', help: 'Số ngày trước thời hạn sẽ nhắc, cách nhau bởi dấu phẩy.', defaultText: '14, 7, 1' },
  { key: 'periodReminderDays', label: 'Nhắc trước kỳ báo cáo (ngày)', help: 'Số ngày trước ngày chốt số liệu mỗi kỳ để nhắc báo cáo tiến độ các nhiệm vụ thường xuyên.', defaultText: '7' },
  { key: 'windowRule', label: 'Cách tính kỳ báo cáo', help: '"ND09" (Nghị định 09/2019: từ ngày 15 tháng trước kỳ đến ngày 14 tháng cuối kỳ) hoặc "Lịch" (theo quý dương lịch).', defaultText: 'ND09' },
  { key: 'reportDueDays', label: 'Hạn nộp báo cáo (ngày sau chốt số liệu)', help: 'Số ngày sau ngày chốt số liệu phải gửi báo cáo.', defaultText: '5' },
  { key: 'reportFolder', label: 'Thư mục lưu báo cáo', help: 'Tên thư mục trên Google Drive để lưu báo cáo; tự tạo nếu chưa có.', defaultText: 'Báo cáo CCHC' },
  { key: 'channels', label: 'Hình thức tuyên truyền', help: 'Danh sách hình thức, cách nhau bởi dấu ";".', defaultText: 'Tin bài trên trang TTĐT; Phát thanh; Hội nghị; Pano, áp phích, băng rôn; Niêm yết TTHC; Mạng xã hội; Khác' },
  { key: 'channelUnits', label: 'Đơn vị tính theo hình thức', help: 'Đơn vị tính của mỗi hình thức, dạng "Hình thức: đơn vị", cách nhau bởi dấu ";". Báo cáo không cộng các hình thức khác đơn vị tính.', defaultText: 'Tin bài trên trang TTĐT: tin, bài; Phát thanh: chuyên mục; Hội nghị: hội nghị; Pano, áp phích, băng rôn: sản phẩm; Niêm yết TTHC: thủ tục; Mạng xã hội: bài viết; Khác: sản phẩm' },
  {
    key: 'attendanceChannels',
    label: 'Hình thức ghi số người tham dự',
    help: 'Các hình thức mà mỗi lần cập nhật ghi thêm số người tham dự (hội nghị, tập huấn, đối thoại…), cách nhau bởi dấu ";"; phải có trong "Hình thức tuyên truyền". Để trống nếu không ghi.',
    defaultText: 'Hội nghị',
  },
  { key: 'repliesEnabled', label: 'Nhận trả lời qua email', help: '"Có" để tự động đọc thư trả lời nhắc việc mỗi giờ (cần quyền Gmail), "Không" để tắt.', defaultText: 'Không' },
  { key: 'linkDays', label: 'Hiệu lực đường dẫn (ngày)', help: 'Số ngày đường dẫn cập nhật tiến độ trong thư nhắc việc còn dùng được.', defaultText: '30' },
  {
    key: 'webAppUrl',
    label: 'Địa chỉ web app',
    help: 'Địa chỉ ứng dụng web đã triển khai (Triển khai > Quản lý bản triển khai > URL ứng dụng web, kết thúc bằng /exec). Đường dẫn trong thư nhắc việc trỏ tới địa chỉ này; để trống thì được điền tự động khi biểu mẫu được mở lần đầu.',
    defaultText: '',
  },
];

export interface HeaderMatch<K extends string> {
  /** 0-based column index of each known header found. */
  index: Partial<Record<K, number>>;
  /** Known keys whose header is missing. */
  missing: K[];
}

/**
 * Finds columns by header text, loosely: case, diacritics, spacing and "&"/"và" do not matter.
 * `headerRow` is the sheet's first row as read by getValues.
 */
export function findColumns<K extends string>(headerRow: unknown[], columns: Record<K, string>): HeaderMatch<K> {
  const keys = headerRow.map((h) => matchKey(h));
  const index: Partial<Record<K, number>> = {};
  const missing: K[] = [];
  for (const key of Object.keys(columns) as K[]) {
    const i = keys.indexOf(matchKey(columns[key]));
    if (i >= 0) index[key] = i;
    else missing.push(key);
  }
  return { index, missing };
}
