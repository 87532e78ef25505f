/**
 * Consent: Google lets a user grant some of the script's permissions and not others (granular
 * OAuth consent: developers.google.com/apps-script/concepts/scopes#handle-granular). Before an
 * action that needs a permission, the product asks ScriptApp.getAuthorizationInfo(FULL, scopes)
 * which of them the user granted, and tells the user in Vietnamese which permission (quyền) to
 * grant and how, instead of failing half-way (one "Lỗi" row per recipient).
 *
 * A time-driven run missing a permission stops at once with one row in "Nhật ký nhắc việc" and
 * leaves a notice that onOpen shows the office the next time the sheet is opened.
 */
import { SHEETS } from '../core/schema';
import { vnDateOf } from '../core/dates';
import { UserError } from './sheets';
import { SHEET_SCOPE, spreadsheetProperties } from './target';

const AUTH = 'https://www.googleapis.com/auth/';

export const SCOPES = {
  sendMail: `${AUTH}script.send_mail`,
  gmail: 'https://mail.google.com/',
  documents: `${AUTH}documents`,
  driveFile: `${AUTH}drive.file`,
  triggers: `${AUTH}script.scriptapp`,
  sheet: SHEET_SCOPE,
} as const;

/** How Google's consent screen words each permission, in Vietnamese, as the user will see it. */
const SCOPE_WORDS: Record<string, string> = {
  [SCOPES.sendMail]: '"Gửi email thay mặt bạn" (để gửi thư nhắc việc)',
  [SCOPES.gmail]: '"Đọc, soạn, gửi và xóa vĩnh viễn tất cả email của bạn trong Gmail" (để đọc thư trả lời nhắc việc)',
  [SCOPES.documents]: '"Xem, chỉnh sửa, tạo và xóa tất cả tài liệu trên Google Tài liệu của bạn" (để viết báo cáo và đọc kế hoạch từ Google Docs)',
  [SCOPES.driveFile]: '"Xem, chỉnh sửa, tạo và xóa chỉ những tệp cụ thể trên Google Drive mà bạn dùng với ứng dụng này" (để lưu báo cáo vào thư mục)',
  [SCOPES.triggers]: '"Cho phép ứng dụng này chạy khi bạn không có mặt" (để tự động gửi nhắc việc mỗi ngày)',
  [SCOPES.sheet]: '"Xem và quản lý bảng tính mà ứng dụng này được cài đặt" (để đọc, ghi bảng theo dõi)',
};

export function scopeWords(scope: string): string {
  return SCOPE_WORDS[scope] ?? scope;
}

/**
 * What making a report needs: the Doc (DocumentApp), and the folder, the Doc and its PDF in Drive
 * (the Drive API under drive.file: only the files the script made; see driveFiles.ts).
 */
export const REPORT_SCOPES: string[] = [SCOPES.documents, SCOPES.driveFile];

/** The scopes of `scopes` the current user has not granted (granular consent). */
export function missingScopes(scopes: string[]): string[] {
  const info = ScriptApp.getAuthorizationInfo(ScriptApp.AuthMode.FULL, scopes);
  const granted = info.getAuthorizedScopes();
  // Older runtimes answer null for the list: fall back on the overall status.
  if (!granted) return String(info.getAuthorizationStatus()) === String(ScriptApp.AuthorizationStatus.REQUIRED) ? scopes : [];
  return scopes.filter((s) => !granted.includes(s));
}

/** What to tell a user who lacks `missing` before `action`. */
export function consentMessage(action: string, missing: string[]): string {
  return [
    `Chưa ${action} được: tài khoản của anh/chị chưa cấp cho "Theo dõi CCHC" ${missing.length > 1 ? 'các quyền' : 'quyền'}:`,
    ...missing.map((s) => `• ${scopeWords(s)}`),
    'Cách cấp quyền: chọn lại mục này trong menu "Theo dõi CCHC" (hoặc mở "Tiện ích mở rộng" > "Apps Script" và bấm "Chạy" một lần); khi Google hiện màn hình cấp quyền, đánh dấu vào ô của quyền trên rồi bấm "Tiếp tục".',
    'Nếu Google không hỏi lại: vào myaccount.google.com/connections, chọn "Theo dõi CCHC", bấm "Xóa mọi kết nối" rồi chạy lại để cấp quyền từ đầu.',
  ].join('\n');
}

/** Throws a UserError that says which permission to grant when the user lacks one of `scopes`. */
export function requireConsent(action: string, scopes: string[]): void {
  const missing = missingScopes(scopes);
  if (missing.length) throw new UserError(consentMessage(action, missing));
}

// ---------------------------------------------------------------------------------------------
// Time-driven runs

const NOTICE_PROPERTY = 'cchc.consentNotice';

export interface ConsentNotice {
  /** The handler that stopped ("runDailyReminders"). */
  handler: string;
  missing: string[];
  /** YYYY-MM-DD (Vietnam) of the run. */
  day: string;
  /** The account whose trigger it is. */
  account: string;
}

/** The Vietnamese text of a notice (log row and the office's message). */
export function noticeText(n: ConsentNotice, what: string): string {
  return `Không ${what}: tài khoản ${n.account || 'cài nhắc việc tự động'} chưa cấp ${n.missing.map(scopeWords).join('; ')}. Người đã bật nhắc việc tự động hãy mở bảng tính, chọn "Bật/tắt nhắc việc tự động" hai lần (tắt rồi bật lại) và cấp đủ quyền khi Google hỏi.`;
}

export function readConsentNotice(): ConsentNotice | null {
  const raw = spreadsheetProperties().getProperty(NOTICE_PROPERTY);
  if (!raw) return null;
  try {
    return JSON.parse(raw) as ConsentNotice;
  } catch {
    return null;
  }
}

export function clearConsentNotice(): void {
  spreadsheetProperties().deleteProperty(NOTICE_PROPERTY);
}

/**
 * For a time-driven handler: when a scope it needs is not granted, records the notice and returns
 * it (the caller writes its one log row and stops); a notice already recorded for the same day,
 * handler and scopes returns null as well as `logged: true`, so that an hourly run does not write
 * a row every hour. Returns { notice: null } when everything is granted (and clears an old notice
 * of this handler).
 */
export function checkTriggerConsent(handler: string, scopes: string[]): { notice: ConsentNotice | null; alreadyLogged: boolean } {
  const missing = missingScopes(scopes);
  const previous = readConsentNotice();
  if (!missing.length) {
    if (previous && previous.handler === handler) clearConsentNotice();
    return { notice: null, alreadyLogged: false };
  }
  const notice: ConsentNotice = { handler, missing, day: vnDateOf(Date.now()), account: Session.getEffectiveUser().getEmail() };
  const same = !!previous && previous.handler === handler && previous.day === notice.day && previous.missing.join() === missing.join();
  if (!same) spreadsheetProperties().setProperty(NOTICE_PROPERTY, JSON.stringify(notice));
  console.error(`${handler}: stopped, scopes not granted: ${missing.join(', ')}`);
  return { notice, alreadyLogged: same };
}

/** The office's message on opening the sheet, or "" when there is nothing to say. */
export function consentNoticeForOffice(): string {
  const n = readConsentNotice();
  if (!n) return '';
  const what = n.handler === 'processReplies' ? 'đọc được thư trả lời nhắc việc' : 'gửi được thư nhắc việc';
  return `${noticeText(n, what)} (lần chạy ngày ${n.day.slice(8, 10)}/${n.day.slice(5, 7)}/${n.day.slice(0, 4)}; xem trang "${SHEETS.reminders}").`;
}
