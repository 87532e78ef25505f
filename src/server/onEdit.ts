/**
 * The simple trigger `onEdit(e)`: when staff type in "Kế hoạch", the computed columns of the
 * rows they edited ("Từ ngày", "Đến ngày", "Thời hạn (tự tính)") follow "Thời gian thực hiện"
 * at once, a new task gets the next code, and an empty status/progress gets its default.
 *
 * Apps Script runs it in AuthMode.LIMITED (developers.google.com/apps-script/guides/triggers):
 * only the bound spreadsheet, document properties and the lock are used here, never a service
 * that needs authorisation; it must finish within 30 seconds; an error would only reach the
 * execution log, so none is thrown at the person typing.
 *
 * Calls: an edit on another sheet costs 2 calls (Range.getSheet, Sheet.getName); on the header
 * row 3; elsewhere in "Kế hoạch" a constant number whatever the number of tasks (one read of
 * the header, the merges the edited rows touch (one call, plus one per merge), one read of the
 * edited rows' block, one setValues per contiguous run of changed
 * columns, the timeframe cells' notes and colours in one read and one write each).
 */
import { PLAN_COLUMNS, SHEETS, findColumns } from '../core/schema';
import { readText } from '../core/cells';
import { highestTaskCode, lastTaskCode, refreshPlanRows, rememberTaskCode } from './setup';
import { readSettings } from './settings';
import { markedCell } from './validate';
import { withScriptLock, writeColumns, type Sheet } from './sheets';
import { mergedBlocks } from './plan';
import { fillMergedRows } from '../core/plan';

/** Simple triggers must end within 30 s: wait for the lock at most this long. */
const LOCK_WAIT_MS = 10000;

export interface EditResult {
  /** First and last sheet row recomputed. */
  firstRow: number;
  lastRow: number;
  codes: number;
  computed: number;
}

/** The simple trigger. Never throws: an error is logged (console.error → execution log). */
export function onEdit(e?: GoogleAppsScript.Events.SheetsOnEdit): void {
  try {
    updateEditedRows(e);
  } catch (err) {
    console.error(`onEdit: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  }
}

/** The work of onEdit; null when the edit does not concern the computed columns. */
export function updateEditedRows(e?: GoogleAppsScript.Events.SheetsOnEdit): EditResult | null {
  const range = e?.range;
  if (!range) return null;
  const sheet = range.getSheet();
  if (sheet.getName() !== SHEETS.plan) return null;
  const lastRow = range.getLastRow();
  if (lastRow < 2) return null; // the header row only
  const firstRow = Math.max(range.getRow(), 2);
  const firstCol = range.getColumn();
  const lastCol = range.getLastColumn();
  const width = sheet.getLastColumn();
  if (width < 1) return null;
  const header = sheet.getRange(1, 1, 1, width).getValues()[0];
  const { index } = findColumns(header, PLAN_COLUMNS);
  // Columns are found by header: staff may have moved them.
  const touches = (c: number | undefined) => c !== undefined && c + 1 >= firstCol && c + 1 <= lastCol;
  const timeframeTouched = touches(index.timeframe);
  if (!timeframeTouched && !touches(index.task)) return null;

  const { settings } = readSettings(e?.source ?? sheet.getParent());
  return withScriptLock(() => {
    // A cell merged over several task rows (one timeframe for two tasks) counts for every row it
    // covers: the block grows to the merges it touches (one getMergedRanges, one call per merge).
    const merges = mergedBlocks(sheet.getRange(firstRow, 1, lastRow - firstRow + 1, width));
    const top = Math.max(2, Math.min(firstRow, ...merges.map((m) => m.row)));
    const bottom = Math.max(lastRow, ...merges.map((m) => m.row + m.numRows - 1));
    // Read under the lock: what the block holds now, not before another writer finished.
    const block = sheet.getRange(top, 1, bottom - top + 1, width).getValues();
    fillMergedRows(block, merges, top);
    const next = nextCodeNumber(sheet, block, index.code, index.task);
    const refreshed = refreshPlanRows(header, block, settings.planYear, next);
    if (refreshed.columns.size) writeColumns(sheet, top, refreshed.columns);
    if (refreshed.codes) rememberTaskCode(refreshed.next - 1);
    if (timeframeTouched) markTimeframes(sheet, top, index.timeframe! + 1, refreshed.timeframeProblems);
    return { firstRow: top, lastRow: bottom, codes: refreshed.codes, computed: refreshed.computed };
  }, LOCK_WAIT_MS);
}

/**
 * The next unused code number, read only when a row of the block needs a code: codes are never
 * reused, so it is above both the highest code ever given and every code now in the sheet
 * (one read of the code column).
 */
function nextCodeNumber(sheet: Sheet, block: unknown[][], code: number | undefined, task: number | undefined): number {
  if (code === undefined || task === undefined) return 1;
  const needed = block.some((r) => readText(r[task]) !== '' && readText(r[code]) === '');
  if (!needed) return 1;
  const last = sheet.getLastRow();
  const codes = last >= 2 ? sheet.getRange(2, code + 1, last - 1, 1).getValues().map((r) => r[0]) : [];
  return Math.max(lastTaskCode(), highestTaskCode(codes)) + 1;
}

/**
 * Marks the unreadable timeframes of the block as "Kiểm tra kế hoạch" does (our note and the
 * error colour), and removes our mark from those now readable; the user's notes stay.
 */
function markTimeframes(sheet: Sheet, firstRow: number, column: number, problems: (string | null)[]): void {
  const range = sheet.getRange(firstRow, column, problems.length, 1);
  const notes = range.getNotes();
  const backgrounds = range.getBackgrounds();
  let changed = false;
  problems.forEach((message, i) => {
    const next = markedCell(notes[i][0], backgrounds[i][0], message ? [{ message, severity: 'error' }] : []);
    if (next.note !== notes[i][0] || next.background !== backgrounds[i][0]) {
      notes[i][0] = next.note;
      backgrounds[i][0] = next.background;
      changed = true;
    }
  });
  if (!changed) return;
  range.setNotes(notes);
  range.setBackgrounds(backgrounds);
}
