/**
 * Filling in "Địa chỉ web app" the first time the web app is opened from its /exec address:
 * there ScriptApp.getService().getUrl() is the deployment's own address (in the editor and in
 * triggers it is the /dev one, which only editors can open: core/webAppAddress.ts).
 */
import { SETTINGS_COLUMNS, SETTING_DEFS, SHEETS, findColumns } from '../core/schema';
import { matchKey, clean } from '../core/text';
import { parseWebAppAddress } from '../core/webAppAddress';
import { appendLogRows, logRow, readReminderLog } from './reminders';
import { activeSpreadsheet, readSheet, textCell } from './sheets';

const LABEL = SETTING_DEFS.find((d) => d.key === 'webAppUrl')!.label;

/** The log row's key: one per address filled in. */
export const WEBAPP_LOG_PREFIX = 'webapp|';

/**
 * When the web app runs at an /exec address and the setting is empty, writes the (public form of
 * the) address into it and says so in "Nhật ký nhắc việc". Never throws: the visitor's page
 * matters more. Returns the address written, or "".
 */
export function rememberWebAppAddress(): string {
  try {
    const served = parseWebAppAddress(ScriptApp.getService().getUrl());
    if (!served.ok) return '';
    const ss = activeSpreadsheet();
    const sheet = ss.getSheetByName(SHEETS.settings);
    const values = readSheet(sheet);
    if (!sheet || !values.length) return '';
    const { index } = findColumns(values[0], SETTINGS_COLUMNS);
    const labelCol = index.label ?? 0;
    const valueCol = index.value ?? 1;
    const r = values.findIndex((row, i) => i > 0 && matchKey(row[labelCol]) === matchKey(LABEL));
    if (r < 1 || clean(values[r][valueCol])) return '';
    sheet.getRange(r + 1, valueCol + 1).setValue(textCell(served.url));
    console.log(`doGet: "${LABEL}" was empty; filled in with ${served.url}`);
    try {
      if (ss.getSheetByName(SHEETS.reminders)) {
        const log = readReminderLog(ss);
        const now = new Date();
        appendLogRows(log, [
          logRow(log, now, `${WEBAPP_LOG_PREFIX}${served.url}`, '', '', `Đã điền "${LABEL}" ở trang "${SHEETS.settings}": ${served.url} (địa chỉ của biểu mẫu vừa được mở). Từ nay thư nhắc việc có đường dẫn tới địa chỉ này.`),
        ]);
      }
    } catch (e) {
      console.warn(`doGet: could not log the web-app address: ${e instanceof Error ? e.message : String(e)}`);
    }
    return served.url;
  } catch (e) {
    console.warn(`doGet: could not fill in "${LABEL}": ${e instanceof Error ? e.message : String(e)}`);
    return '';
  }
}
