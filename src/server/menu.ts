/**
 * The Vietnamese menu. Built in every AuthMode: in AuthMode.NONE (an add-on not yet used in
 * this document) it reads no properties and no sheet data, so it only adds items.
 */
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

export function onOpen(e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  const menu = SpreadsheetApp.getUi().createMenu(MENU_TITLE);
  for (const item of MENU_ITEMS) {
    if (item) menu.addItem(item[0], item[1]);
    else menu.addSeparator();
  }
  menu.addToUi();
  // A time-driven run that stopped for a missing permission (consent.ts) is told to the office
  // here. Not in AuthMode.NONE, where properties cannot be read.
  if (e && String(e.authMode) === 'NONE') return;
  try {
    const notice = consentNoticeForOffice();
    if (notice) SpreadsheetApp.getActiveSpreadsheet().toast(notice, 'Nhắc việc tự động đã dừng', -1);
  } catch (err) {
    console.warn(`onOpen: ${err instanceof Error ? err.message : String(err)}`);
  }
}

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
