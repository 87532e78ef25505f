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

export function showHelp(): void {
  const ui = SpreadsheetApp.getUi();
  ui.alert(
    'Hướng dẫn sử dụng',
    [
      'Bảng tính này theo dõi kế hoạch tuyên truyền cải cách hành chính của xã.',
      '',
      '• "Thiết lập bảng theo dõi": tạo các trang Kế hoạch, Cán bộ, Tiến độ, Cài đặt.',
      '• "Kiểm tra kế hoạch": tìm các ô cần sửa (thời gian, đơn vị, email).',
      '• "Cập nhật tiến độ": ghi kết quả thực hiện một nhiệm vụ.',
      '• "Tạo báo cáo định kỳ": lập báo cáo quý, 6 tháng, năm.',
    ].join('\n'),
    ui.ButtonSet.OK,
  );
}
