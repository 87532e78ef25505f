/**
 * Snippets of Apps Script code run inside the sandbox by tests, with JSON arguments and a JSON
 * result (Dates as ISO strings), so tests see plain data.
 */
import type { Sandbox } from '../../emulator/sandbox';

/** Runs `fn` (the source of a function) in the sandbox with JSON arguments; returns its JSON result. */
export function js<T>(sandbox: Sandbox, fn: string, ...args: unknown[]): T {
  const out = sandbox.evaluate(`JSON.stringify((${fn})(...${JSON.stringify(args)}))`) as string;
  return out === undefined ? (undefined as T) : (JSON.parse(out) as T);
}

/** (sheetName, keyHeader, keyValue, header, value): sets one cell of the row whose key column matches. */
export const SET_CELL = `function (sheetName, keyHeader, keyValue, header, value) {
  var sh = SpreadsheetApp.getActive().getSheetByName(sheetName);
  var v = sh.getDataRange().getValues();
  var k = v[0].indexOf(keyHeader), c = v[0].indexOf(header);
  for (var r = 1; r < v.length; r++) if (String(v[r][k]) === keyValue) { sh.getRange(r + 1, c + 1).setValue(value); return r + 1; }
  throw new Error('no row ' + keyValue);
}`;

/** (name): every value of a sheet, Dates as ISO strings; [] when the sheet does not exist. */
export const READ_SHEET = `function (name) {
  var sh = SpreadsheetApp.getActive().getSheetByName(name);
  return sh ? sh.getDataRange().getValues().map(function (r) { return r.map(function (c) { return c instanceof Date ? c.toISOString() : c; }); }) : [];
}`;

/** (name): the formulas of a sheet's data range. */
export const FORMULAS = `function (name) { return SpreadsheetApp.getActive().getSheetByName(name).getDataRange().getFormulas(); }`;

/** (label, value): sets the value of one "Cài đặt" row, found by its label. */
export const SET_SETTING = `function (label, value) {
  var sh = SpreadsheetApp.getActive().getSheetByName('Cài đặt');
  var v = sh.getDataRange().getValues();
  for (var r = 1; r < v.length; r++) if (String(v[r][0]) === label) { sh.getRange(r + 1, 2).setValue(value); return r + 1; }
  throw new Error('no setting ' + label);
}`;

/** The playground's and the test env's deployed web-app address (Env's default). */
export const TEST_WEBAPP_URL = 'http://localhost:8080/exec';
