/** Reads "Cài đặt" with one getValues and hands the rows to the pure settings parser. */
import { SETTINGS_COLUMNS, SHEETS, findColumns } from '../core/schema';
import { parseSettings } from '../core/settings';
import type { Problem, Settings } from '../core/types';
import { readSheet, type Spreadsheet } from './sheets';
import { HAS_WEB_APP } from './target';

const WEB_APP_LABEL = '"Địa chỉ web app"';

/** The add-on has no web app (src/server/target.ts): "Địa chỉ web app" is not its business. */
function withoutWebApp(parsed: { settings: Settings; problems: Problem[] }): { settings: Settings; problems: Problem[] } {
  if (HAS_WEB_APP) return parsed;
  return { settings: { ...parsed.settings, webAppUrl: '' }, problems: parsed.problems.filter((p) => !p.message.includes(WEB_APP_LABEL) && !p.message.startsWith('Địa chỉ web app')) };
}

export function settingsFromValues(values: unknown[][]): { settings: Settings; problems: Problem[] } {
  if (!values.length) {
    const parsed = parseSettings([]);
    return {
      settings: parsed.settings,
      problems: [{ sheet: SHEETS.settings, row: 0, column: '', message: 'Chưa có trang "Cài đặt": đang dùng các giá trị mặc định. Chạy "Thiết lập bảng theo dõi".', severity: 'warning' }],
    };
  }
  const { index } = findColumns(values[0], SETTINGS_COLUMNS);
  const label = index.label ?? 0;
  const value = index.value ?? 1;
  return withoutWebApp(parseSettings(values.slice(1).map((r, i) => ({ label: r[label], value: r[value], row: i + 2 }))));
}

export function readSettings(ss: Spreadsheet): { settings: Settings; problems: Problem[] } {
  return settingsFromValues(readSheet(ss.getSheetByName(SHEETS.settings)));
}
