/**
 * The Vietnamese menu. Built in every AuthMode and reads no sheet data (outside AuthMode.NONE, one
 * property: the notice of a time-driven run stopped for a missing permission). In the
 * add-on it is the add-on's menu (src/server/target.ts), and in AuthMode.NONE (the add-on is
 * installed but not yet used in this document: nothing of the document may be read) it offers
 * only the start and the help: choosing "Bắt đầu" enables the add-on in the document and sets
 * the workbook up; the next onOpen builds the full menu.
 */
import { IS_ADDON, newMenu } from './target';
import { consentNoticeForOffice } from './consent';

export const MENU_TITLE = 'Theo dõi CCHC';

/** Menu items in order: [caption, function name] or null for a separator. Every item works. */
export const MENU_ITEMS: ([string, string] | null)[] = [
  ['Cập nhật tiến độ', 'showProgressSidebar'],
  ['Kiểm tra kế hoạch', 'validatePlan'],
  null,
  ['Tạo báo cáo định kỳ', 'showReportDialog'],
  ['Cập nhật trang Tổng hợp', 'refreshDashboard'],
  null,
  ['Gửi nhắc việc hôm nay', 'sendRemindersNow'],
  ['Bật/tắt nhắc việc tự động', 'toggleReminders'],
  ['Đổi khóa bảo mật đường dẫn', 'rotateLinkSecret'],
  null,
  ['Nhập kế hoạch từ văn bản', 'showImportDialog'],
  ['Nhập kế hoạch từ Google Docs', 'showImportDocDialog'],
  ['Thiết lập bảng theo dõi', 'setupWorkbook'],
  ['Kiểm tra hệ thống', 'systemCheck'],
  null,
  ['Hướng dẫn sử dụng', 'showHelp'],
];

/** The add-on's menu before it is used in the document (AuthMode.NONE). */
export const MENU_ITEMS_NONE: ([string, string] | null)[] = [
  ['Bắt đầu: thiết lập bảng theo dõi', 'setupWorkbook'],
  ['Hướng dẫn sử dụng', 'showHelp'],
];

export function onOpen(e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  const authMode = e && typeof e === 'object' ? String((e as { authMode?: unknown }).authMode ?? '') : '';
  const items = IS_ADDON && authMode === 'NONE' ? MENU_ITEMS_NONE : MENU_ITEMS;
  const menu = newMenu(SpreadsheetApp.getUi(), MENU_TITLE);
  for (const item of items) {
    if (item) menu.addItem(item[0], item[1]);
    else menu.addSeparator();
  }
  menu.addToUi();
  // A time-driven run that stopped for a missing permission (consent.ts) is told to the office
  // here. Not in AuthMode.NONE, where properties cannot be read.
  if (authMode === 'NONE') return;
  try {
    const notice = consentNoticeForOffice();
    if (notice) SpreadsheetApp.getActiveSpreadsheet().toast(notice, 'Nhắc việc tự động đã dừng', -1);
  } catch (err) {
    console.warn(`onOpen: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** An add-on's onInstall runs in AuthMode.FULL: it builds the menu as onOpen does. */
export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e as unknown as GoogleAppsScript.Events.SheetsOnOpen);
}

/** What each menu item does, in a line or two, as "Hướng dẫn sử dụng" shows it. */
export const MENU_HELP: Record<string, string> = {
  showProgressSidebar: 'mở thanh bên để ghi kết quả thực hiện một nhiệm vụ (trạng thái, tiến độ %, hình thức, số lượng, minh chứng).',
  validatePlan: 'đánh dấu các ô cần sửa ở trang Kế hoạch (thời gian chưa đọc được, đơn vị chưa có trong trang Cán bộ, email mẫu) và ghi chú cách sửa.',
  showReportDialog: 'lập báo cáo quý, 6 tháng, năm thành văn bản Google Docs đúng thể thức, có xem trước và sửa phần nhận xét.',
  refreshDashboard: 'tạo lại trang Tổng hợp (số nhiệm vụ theo trạng thái, theo đơn vị, biểu đồ).',
  sendRemindersNow: 'gửi ngay các thư nhắc việc đến hạn hôm nay (không gửi lại thư đã gửi).',
  toggleReminders: 'bật hoặc tắt việc tự gửi nhắc việc mỗi ngày và tự đọc thư trả lời mỗi giờ.',
  rotateLinkSecret: 'làm mọi đường dẫn cập nhật tiến độ đã gửi hết hiệu lực (khi nghi bị lộ); thư sau mang đường dẫn mới.',
  showImportDialog: 'dán bảng phụ lục kế hoạch từ Word/Google Docs để thêm hoặc cập nhật nhiệm vụ, có xem trước.',
  showImportDocDialog: 'dán địa chỉ văn bản kế hoạch trên Google Docs (tệp Word đã mở bằng Google Tài liệu); chọn bảng phụ lục (bảng giống phụ lục được chọn sẵn), xem trước rồi nhập như khi dán bảng.',
  setupWorkbook: 'tạo hoặc sửa các trang Kế hoạch, Cán bộ, Tiến độ, Cài đặt, Nhật ký nhắc việc, Báo cáo (không xóa dữ liệu đã có); trang Tổng hợp có khi chọn "Cập nhật trang Tổng hợp".',
  systemCheck: 'kiểm tra các trang, cài đặt, quyền gửi thư và trình kích hoạt, nói rõ việc cần làm.',
  showHelp: 'bảng này.',
};

/** Where the office's own installation and use guide is (docs/cai-dat.md of the project). */
export const OFFICE_GUIDE = 'tài liệu "Hướng dẫn cài đặt và sử dụng cho Văn phòng" (docs/cai-dat.md trong bộ mã của dự án, người cài đặt gửi kèm)';

export function helpText(): string {
  const lines = ['Bảng tính này theo dõi kế hoạch tuyên truyền cải cách hành chính của xã. Các mục của menu "' + MENU_TITLE + '":', ''];
  for (const item of MENU_ITEMS) {
    if (item) lines.push(`• "${item[0]}": ${MENU_HELP[item[1]] ?? ''}`);
  }
  lines.push(
    '',
    'Ngày tháng ghi theo dạng ngày/tháng/năm (ví dụ 30/06/2024). Mỗi việc ghi vào bảng đều giữ nguyên dữ liệu đã có.',
    `Xem thêm: ${OFFICE_GUIDE}.`,
  );
  return lines.join('\n');
}

export function showHelp(): void {
  const ui = SpreadsheetApp.getUi();
  ui.alert('Hướng dẫn sử dụng', helpText(), ui.ButtonSet.OK);
}
