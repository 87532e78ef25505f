/**
 * Merged cells, as Sheets keeps them: the value lives in the top-left cell, every other cell of
 * the merge reads "" (values, display values, formulas), writes there are dropped, merges
 * follow inserted and deleted rows, and survive the workbook's .xlsx save and load, including a
 * file made elsewhere (a plan pasted from Word with a timeframe over two task rows and a group
 * heading across the table).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { Env } from '../../emulator/core/env';
import { createWorkbook, type Workbook } from '../../emulator/services/spreadsheet/model';
import { createSpreadsheetApp } from '../../emulator/services/spreadsheet/spreadsheet';
import { loadWorkbookXlsx, saveWorkbookXlsx } from '../../emulator/services/spreadsheet/xlsx';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'merges-test-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function sheetOf(wb: Workbook = createWorkbook('Kế hoạch CCHC')) {
  const env = new Env(wb, { now: '2024-03-08T09:00:00+07:00' });
  const sheet = createSpreadsheetApp(env).getActiveSpreadsheet().getActiveSheet();
  return { env, sheet, wb };
}

const a1s = (ranges: GoogleAppsScript.Spreadsheet.Range[]) => ranges.map((r) => r.getA1Notation());

describe('merging', () => {
  test('merge keeps only the top-left value; the other cells read "" in every getter', () => {
    const { sheet } = sheetOf();
    sheet.getRange('A1:C2').setValues([
      ['Quý I/2024', 'x', '=1+1'],
      ['y', 5, 'z'],
    ]);
    sheet.getRange('A1:B2').merge();
    const r = sheet.getRange('A1:C2');
    expect(r.getValues()).toEqual([
      ['Quý I/2024', '', 2],
      ['', '', 'z'],
    ]);
    expect(r.getDisplayValues()).toEqual([
      ['Quý I/2024', '', '2'],
      ['', '', 'z'],
    ]);
    expect(r.getFormulas()).toEqual([
      ['', '', '=1+1'],
      ['', '', ''],
    ]);
    expect(sheet.getRange('B2').getValue()).toBe('');
    expect(a1s(sheet.getRange('A1:D5').getMergedRanges())).toEqual(['A1:B2']);
  });

  test('a formula in the top-left cell stays; the value of a merged cell is its top-left value', () => {
    const { sheet } = sheetOf();
    sheet.getRange('A1').setFormula('=2*3');
    sheet.getRange('A1:A3').mergeVertically();
    expect(sheet.getRange('A1:A3').getValues()).toEqual([[6], [''], ['']]);
    expect(sheet.getRange('A1').getFormula()).toBe('=2*3');
  });

  test('mergeAcross merges each row, mergeVertically each column', () => {
    const { sheet } = sheetOf();
    sheet.getRange('A1:C2').mergeAcross();
    sheet.getRange('E1:F3').mergeVertically();
    expect(a1s(sheet.getDataRange().getSheet().getRange('A1:H10').getMergedRanges())).toEqual(['A1:C1', 'E1:E3', 'F1:F3', 'A2:C2']);
  });

  test('isPartOfMerge is true when the range overlaps a merge; getMergedRanges lists merges touching the range', () => {
    const { sheet } = sheetOf();
    sheet.getRange('B2:B4').merge();
    expect(sheet.getRange('B3').isPartOfMerge()).toBe(true);
    expect(sheet.getRange('A1:C2').isPartOfMerge()).toBe(true);
    expect(sheet.getRange('C3').isPartOfMerge()).toBe(false);
    expect(a1s(sheet.getRange('B4').getMergedRanges())).toEqual(['B2:B4']);
    expect(sheet.getRange('A1:A9').getMergedRanges()).toEqual([]);
  });

  test('writing into a merge: the top-left cell takes its value, values for the hidden cells are dropped', () => {
    const { sheet } = sheetOf();
    sheet.getRange('A1:A2').merge();
    sheet.getRange('A1:B2').setValues([
      ['Tháng 6/2024', 'NV01'],
      ['Tháng 7/2024', 'NV02'],
    ]);
    expect(sheet.getRange('A1:B2').getValues()).toEqual([
      ['Tháng 6/2024', 'NV01'],
      ['', 'NV02'],
    ]);
    sheet.getRange('A2').setValue('khác');
    expect(sheet.getRange('A1:A2').getValues()).toEqual([['Tháng 6/2024'], ['']]);
    sheet.appendRow(['dòng mới']);
    expect(sheet.getLastRow()).toBe(3);
  });

  test('a merge partly inside the range is refused, as Sheets refuses it', () => {
    const { sheet } = sheetOf();
    sheet.getRange('A1:B2').merge();
    expect(() => sheet.getRange('B1:C1').merge()).toThrow('You must select all cells in a merged range to merge or unmerge them.');
    expect(() => sheet.getRange('A2:A3').breakApart()).toThrow('You must select all cells in a merged range to merge or unmerge them.');
    // A merge wholly inside a larger one is replaced by it.
    sheet.getRange('A1:C3').merge();
    expect(a1s(sheet.getRange('A1:Z9').getMergedRanges())).toEqual(['A1:C3']);
  });

  test('rows cannot be merged across the frozen rows', () => {
    const { sheet } = sheetOf();
    sheet.setFrozenRows(1);
    expect(() => sheet.getRange('A1:A2').merge()).toThrow("You can't merge frozen and non-frozen rows.");
    sheet.getRange('A1:C1').merge();
    expect(sheet.getRange('B1').isPartOfMerge()).toBe(true);
  });

  test('breakApart leaves the value in the top-left cell and empty cells beside it', () => {
    const { sheet } = sheetOf();
    sheet.getRange('A1').setValue('Thường xuyên');
    sheet.getRange('A1:A3').merge();
    sheet.getRange('A1:A3').breakApart();
    expect(sheet.getRange('A1:A3').isPartOfMerge()).toBe(false);
    expect(sheet.getRange('A1:A3').getValues()).toEqual([['Thường xuyên'], [''], ['']]);
    sheet.getRange('A2').setValue('Quý II');
    expect(sheet.getRange('A2').getValue()).toBe('Quý II');
  });

  test('merges follow inserted and deleted rows and columns', () => {
    const { sheet } = sheetOf();
    sheet.getRange('B3:B5').merge();
    sheet.insertRowsBefore(2, 2); // above: moves down
    expect(a1s(sheet.getRange('A1:Z20').getMergedRanges())).toEqual(['B5:B7']);
    sheet.insertRowAfter(5); // inside: grows
    expect(a1s(sheet.getRange('A1:Z20').getMergedRanges())).toEqual(['B5:B8']);
    sheet.deleteRows(7, 2); // its last two rows: shrinks
    expect(a1s(sheet.getRange('A1:Z20').getMergedRanges())).toEqual(['B5:B6']);
    sheet.insertColumnBefore(1);
    expect(a1s(sheet.getRange('A1:Z20').getMergedRanges())).toEqual(['C5:C6']);
    sheet.deleteRow(6); // one cell left: no merge any more
    expect(sheet.getRange('A1:Z20').getMergedRanges()).toEqual([]);
  });

  test('each merge call is counted as a Spreadsheet service call', () => {
    const { env, sheet } = sheetOf();
    env.calls.reset();
    sheet.getRange('A1:A2').merge();
    sheet.getRange('A1:C9').getMergedRanges();
    expect(env.calls.count('Range.merge')).toBe(1);
    expect(env.calls.count('Range.getMergedRanges')).toBe(1);
  });
});

describe('merges in the .xlsx', () => {
  test('merges made through SpreadsheetApp survive save and load, with their values', async () => {
    const { sheet, wb } = sheetOf();
    sheet.getRange('A1:C3').setValues([
      ['I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', '', ''],
      ['Xây dựng kế hoạch', 'Quý I/2024', 'Văn phòng'],
      ['Ban hành văn bản', '', 'Văn phòng'],
    ]);
    sheet.getRange('A1:C1').merge();
    sheet.getRange('B2:B3').merge();
    const file = path.join(dir, 'made.xlsx');
    await saveWorkbookXlsx(wb, file);
    const back = sheetOf(await loadWorkbookXlsx(file)).sheet;
    expect(a1s(back.getRange('A1:Z9').getMergedRanges())).toEqual(['A1:C1', 'B2:B3']);
    expect(back.getRange('A1:C3').getValues()).toEqual([
      ['I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', '', ''],
      ['Xây dựng kế hoạch', 'Quý I/2024', 'Văn phòng'],
      ['Ban hành văn bản', '', 'Văn phòng'],
    ]);
  });

  test('a workbook where an office merged cells loads with its merges; hidden cells read ""', async () => {
    // Made by another program (as when a table from Word is pasted into Excel): the file
    // lists its merges.
    const x = new ExcelJS.Workbook();
    const ws = x.addWorksheet('Kế hoạch');
    ws.addRow(['STT', 'Nhiệm vụ cụ thể', 'Thời gian thực hiện']);
    ws.addRow(['I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH']);
    ws.addRow([1, 'Xây dựng kế hoạch tuyên truyền', 'Quý I/2024']);
    ws.addRow([2, 'Ban hành văn bản hướng dẫn', '']);
    ws.mergeCells('A2:C2');
    ws.mergeCells('C3:C4');
    const file = path.join(dir, 'office.xlsx');
    await x.xlsx.writeFile(file);
    const { sheet } = sheetOf(await loadWorkbookXlsx(file));
    expect(a1s(sheet.getDataRange().getMergedRanges())).toEqual(['A2:C2', 'C3:C4']);
    expect(sheet.getDataRange().getValues()).toEqual([
      ['STT', 'Nhiệm vụ cụ thể', 'Thời gian thực hiện'],
      ['I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', '', ''],
      [1, 'Xây dựng kế hoạch tuyên truyền', 'Quý I/2024'],
      [2, 'Ban hành văn bản hướng dẫn', ''],
    ]);
  });
});
