/**
 * Contract tests of the emulator's SpreadsheetApp: each test is named after the documented
 * (or observed) Apps Script / Google Sheets behaviour it pins down.
 */
import { Env } from '../../emulator/core/env';
import { createWorkbook, sheetNames, sheetSnapshot, type Workbook } from '../../emulator/services/spreadsheet/model';
import { createSpreadsheetApp } from '../../emulator/services/spreadsheet/spreadsheet';
import { cellText } from '../../src/core/text';

const NOW = '2024-03-08T09:00:00+07:00';
/** 08/03/2024 00:00 in Vietnam. */
const MARCH_8_VN = new Date('2024-03-08T00:00:00+07:00');

function setup(context: Env['context'] = 'ui'): {
  env: Env;
  wb: Workbook;
  app: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  ss: GoogleAppsScript.Spreadsheet.Spreadsheet;
  sheet: GoogleAppsScript.Spreadsheet.Sheet;
} {
  const wb = createWorkbook('Theo dõi kế hoạch CCHC');
  const env = new Env(wb, { now: NOW });
  env.context = context;
  const app = createSpreadsheetApp(env);
  const ss = app.getActiveSpreadsheet();
  return { env, wb, app, ss, sheet: ss.getActiveSheet() };
}

describe('Spreadsheet and sheets', () => {
  test('a new spreadsheet has one sheet of 1000 rows x 26 columns, named as Sheets names it in vi_VN', () => {
    const { ss, sheet, wb } = setup();
    expect(ss.getSheets()).toHaveLength(1);
    expect(sheet.getName()).toBe('Trang tính1');
    expect(sheet.getMaxRows()).toBe(1000);
    expect(sheet.getMaxColumns()).toBe(26);
    expect(ss.getSpreadsheetTimeZone()).toBe('Asia/Ho_Chi_Minh');
    expect(ss.getSpreadsheetLocale()).toBe('vi_VN');
    expect(ss.getName()).toBe('Theo dõi kế hoạch CCHC');
    expect(ss.getUrl()).toBe(`https://docs.google.com/spreadsheets/d/${ss.getId()}/edit`);
    expect(sheetNames(wb)).toEqual(['Trang tính1']);
  });

  test('insertSheet(name, index) places the sheet at the 0-based index and makes it active', () => {
    const { ss } = setup();
    ss.insertSheet('Cán bộ');
    const plan = ss.insertSheet('Kế hoạch', 0);
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['Kế hoạch', 'Trang tính1', 'Cán bộ']);
    expect(plan.getIndex()).toBe(1);
    expect(ss.getActiveSheet().getName()).toBe('Kế hoạch');
    expect(ss.insertSheet().getName()).toBe('Trang tính4');
  });

  test('a sheet name already taken (in any case) is refused with Sheets\' message', () => {
    const { ss } = setup();
    ss.insertSheet('Kế hoạch');
    expect(() => ss.insertSheet('kế hoạch')).toThrow('A sheet with the name "kế hoạch" already exists. Please enter another name.');
    expect(() => ss.getSheets()[0].setName('Kế hoạch')).toThrow('already exists');
  });

  test('getSheetByName returns null for a missing sheet; getRangeByName returns null for a missing name', () => {
    const { ss, sheet } = setup();
    expect(ss.getSheetByName('Không có')).toBeNull();
    expect(ss.getRangeByName('KhongCo')).toBeNull();
    ss.setNamedRange('Statuses', sheet.getRange('A1:A3'));
    expect(ss.getRangeByName('Statuses')?.getA1Notation()).toBe('A1:A3');
  });

  test('deleteSheet cannot remove the last sheet; hideSheet cannot hide the last visible one', () => {
    const { ss, sheet } = setup();
    expect(() => ss.deleteSheet(sheet)).toThrow("You can't remove all the sheets in a document.");
    expect(() => sheet.hideSheet()).toThrow("You can't hide all the sheets in a document.");
    const other = ss.insertSheet('Tổng hợp');
    sheet.hideSheet();
    expect(sheet.isSheetHidden()).toBe(true);
    ss.deleteSheet(other);
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['Trang tính1']);
  });

  test('Spreadsheet.getRange reads A1 notation with a quoted Vietnamese sheet name', () => {
    const { ss } = setup();
    const plan = ss.insertSheet('Kế hoạch');
    plan.getRange('B2').setValue('NV01');
    const r = ss.getRange("'Kế hoạch'!A1:B2");
    expect(r.getSheet().getName()).toBe('Kế hoạch');
    expect(r.getValues()).toEqual([
      ['', ''],
      ['', 'NV01'],
    ]);
    expect(() => ss.getRange("'Không có'!A1")).toThrow('Range not found');
  });

  test('frozen rows, column widths (default 100 px), tab colour and sheet id are kept', () => {
    const { sheet } = setup();
    expect(sheet.getFrozenRows()).toBe(0);
    sheet.setFrozenRows(1);
    sheet.setFrozenColumns(2);
    expect(sheet.getFrozenRows()).toBe(1);
    expect(sheet.getFrozenColumns()).toBe(2);
    expect(sheet.getColumnWidth(3)).toBe(100);
    sheet.setColumnWidth(3, 250).setColumnWidths(4, 2, 60);
    expect([3, 4, 5, 6].map((c) => sheet.getColumnWidth(c))).toEqual([250, 60, 60, 100]);
    sheet.setTabColor('RED');
    expect(sheet.getTabColor()).toBe('#ff0000');
    expect(sheet.getSheetId()).toBe(0);
  });

  test('autoResizeColumns widens a column to fit its longest text', () => {
    const { sheet } = setup();
    sheet.getRange('A1:A2').setValues([['Mã'], ['Cán bộ, công chức chủ trì và phối hợp thực hiện']]);
    sheet.autoResizeColumns(1, 1);
    expect(sheet.getColumnWidth(1)).toBeGreaterThan(200);
  });
});

describe('Reading values', () => {
  test('empty cells read as "" and getValues is rectangular', () => {
    const { sheet } = setup();
    sheet.getRange('B2').setValue('x');
    const v = sheet.getRange('A1:C3').getValues();
    expect(v).toEqual([
      ['', '', ''],
      ['', 'x', ''],
      ['', '', ''],
    ]);
    expect(sheet.getRange('Z1000').getValue()).toBe('');
  });

  test('getValues returns numbers as numbers, booleans as booleans and date cells as Date objects', () => {
    const { sheet } = setup();
    sheet.getRange('A1:C1').setValues([[42, true, MARCH_8_VN]]);
    const [[n, b, d]] = sheet.getRange('A1:C1').getValues();
    expect(n).toBe(42);
    expect(b).toBe(true);
    expect(d).toBeInstanceOf(Date);
    expect((d as Date).getTime()).toBe(MARCH_8_VN.getTime());
  });

  test('getValues returns a fresh copy: changing the array or its Dates changes nothing in the sheet', () => {
    const { sheet } = setup();
    sheet.getRange('A1:B1').setValues([['a', MARCH_8_VN]]);
    const v = sheet.getRange('A1:B1').getValues();
    v[0][0] = 'changed';
    (v[0][1] as Date).setFullYear(2000);
    const again = sheet.getRange('A1:B1').getValues();
    expect(again[0][0]).toBe('a');
    expect((again[0][1] as Date).getTime()).toBe(MARCH_8_VN.getTime());
    expect(again).not.toBe(v);
  });

  test('getValue/getDisplayValue/getFormula read the top-left cell of a range', () => {
    const { sheet } = setup();
    sheet.getRange('A1:B2').setValues([
      ['=2*3', 'b'],
      ['c', 'd'],
    ]);
    const r = sheet.getRange('A1:B2');
    expect(r.getValue()).toBe(6);
    expect(r.getDisplayValue()).toBe('6');
    expect(r.getFormula()).toBe('=2*3');
  });

  test('reading 100,000 rows with one getValues returns every row', () => {
    const { sheet } = setup();
    const n = 100000;
    sheet.insertRowsAfter(1000, n - 1000);
    const rows = Array.from({ length: n }, (_, i) => [`NV${i + 1}`, i + 1, 'Hoàn thành']);
    sheet.getRange(1, 1, n, 3).setValues(rows);
    const v = sheet.getRange(1, 1, n, 3).getValues();
    expect(v).toHaveLength(n);
    expect(v[n - 1]).toEqual([`NV${n}`, n, 'Hoàn thành']);
    expect(sheet.getLastRow()).toBe(n);
  });
});

describe('Writing values and range bounds', () => {
  test('setValues throws Apps Script\'s message when the row count does not match', () => {
    const { sheet } = setup();
    expect(() => sheet.getRange(1, 1, 3, 2).setValues([[1, 2], [3, 4]])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 2 but the range has 3.',
    );
  });

  test('setValues throws Apps Script\'s message when a row\'s column count does not match', () => {
    const { sheet } = setup();
    expect(() => sheet.getRange(1, 1, 2, 3).setValues([[1, 2, 3], [4, 5]])).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 2 but the range has 3.',
    );
    expect(sheet.getLastRow()).toBe(0);
  });

  test('errors are Apps Script exceptions: String(e) starts with "Exception: "', () => {
    const { sheet } = setup();
    try {
      sheet.getRange(0, 1);
      throw new Error('no error');
    } catch (e) {
      expect(String(e)).toBe('Exception: The starting row of the range is too small.');
    }
  });

  test('getRange with 0 rows or columns, or starting before row/column 1, throws like Apps Script', () => {
    const { sheet } = setup();
    expect(() => sheet.getRange(1, 1, 0, 3)).toThrow('The number of rows in the range must be at least 1.');
    expect(() => sheet.getRange(1, 1, 3, 0)).toThrow('The number of columns in the range must be at least 1.');
    expect(() => sheet.getRange(0, 1)).toThrow('The starting row of the range is too small.');
    expect(() => sheet.getRange(1, 0)).toThrow('The starting column of the range is too small.');
  });

  test('a range beyond the grid throws "The coordinates of the range are outside the dimensions of the sheet."', () => {
    const { sheet } = setup();
    expect(() => sheet.getRange(1001, 1)).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
    expect(() => sheet.getRange(999, 1, 3, 1)).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
    expect(() => sheet.getRange(1, 27)).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
    expect(() => sheet.getRange('A1001')).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
    sheet.insertRowsAfter(1000, 5);
    expect(sheet.getMaxRows()).toBe(1005);
    expect(() => sheet.getRange(1005, 1).setValue('ok')).not.toThrow();
  });

  test('appendRow writes below the last row with content and grows a full sheet by a row', () => {
    const { sheet } = setup();
    sheet.getRange('A1:B1').setValues([['Mã', 'Nhiệm vụ']]);
    sheet.getRange('C5').setNote('chỉ là ghi chú');
    sheet.appendRow(['NV01', 'Tuyên truyền']);
    expect(sheet.getRange('A2:B2').getValues()).toEqual([['NV01', 'Tuyên truyền']]);
    sheet.getRange('A1000').setValue('cuối');
    sheet.appendRow(['sau cùng']);
    expect(sheet.getMaxRows()).toBe(1001);
    expect(sheet.getRange('A1001').getValue()).toBe('sau cùng');
  });

  test('getLastRow and getLastColumn are 0 on an empty sheet', () => {
    const { sheet } = setup();
    expect(sheet.getLastRow()).toBe(0);
    expect(sheet.getLastColumn()).toBe(0);
    expect(sheet.getDataRange().getA1Notation()).toBe('A1');
  });

  test('getLastRow/getLastColumn count values and formulas, not notes, backgrounds or validations', () => {
    const { app, sheet } = setup();
    sheet.getRange('B3').setValue('x');
    sheet.getRange('A10').setNote('note');
    sheet.getRange('H12').setBackground('#ff0000');
    sheet.getRange('J20').setDataValidation(app.newDataValidation().requireValueInList(['a']).build());
    expect(sheet.getLastRow()).toBe(3);
    expect(sheet.getLastColumn()).toBe(2);
    sheet.getRange('D7').setFormula('=1+1');
    expect(sheet.getLastRow()).toBe(7);
    expect(sheet.getLastColumn()).toBe(4);
    sheet.getRange('D7').clearContent();
    expect(sheet.getLastRow()).toBe(3);
    expect(sheet.getDataRange().getA1Notation()).toBe('A1:B3');
  });

  test('setValue on a multi-cell range writes the value to every cell', () => {
    const { sheet } = setup();
    sheet.getRange('A1:B2').setValue('Chưa thực hiện');
    expect(sheet.getRange('A1:B2').getValues()).toEqual([
      ['Chưa thực hiện', 'Chưa thực hiện'],
      ['Chưa thực hiện', 'Chưa thực hiện'],
    ]);
  });

  // Sheets holds at most 50,000 characters in a cell; Apps Script refuses a longer string with
  // "Your input contains more than the maximum of 50000 characters in a single cell." (observed:
  // the reference pages of Range.setValue/setValues are silent on the limit).
  test('a string of more than 50,000 characters is refused with Sheets\' error and nothing of the write is made', () => {
    const { sheet } = setup();
    const limit = 'x'.repeat(50000);
    sheet.getRange('A1').setValue(limit);
    expect((sheet.getRange('A1').getValue() as string).length).toBe(50000);
    const tooLong = `${limit}y`;
    expect(() => sheet.getRange('A2:B2').setValues([['ngắn', tooLong]])).toThrow('Your input contains more than the maximum of 50000 characters in a single cell.');
    expect(sheet.getRange('A2').getValue()).toBe('');
    expect(() => sheet.getRange('A3').setValue(tooLong)).toThrow('Your input contains more than the maximum of 50000 characters in a single cell.');
    sheet.getRange('A1000').setValue('cuối');
    expect(() => sheet.appendRow(['ngắn', tooLong])).toThrow('Your input contains more than the maximum of 50000 characters in a single cell.');
    expect(sheet.getMaxRows()).toBe(1000);
    expect(sheet.getLastRow()).toBe(1000);
  });

  test('null and undefined written by setValues empty the cell', () => {
    const { sheet } = setup();
    sheet.getRange('A1:B1').setValues([['x', 'y']]);
    sheet.getRange('A1:B1').setValues([[null, undefined]]);
    expect(sheet.getLastRow()).toBe(0);
  });
});

describe('Strings are read as if a person typed them (vi_VN)', () => {
  const typed = (text: string) => {
    const { sheet } = setup();
    const r = sheet.getRange('A1').setValue(text);
    return { value: r.getValue(), display: r.getDisplayValue(), formula: r.getFormula(), format: r.getNumberFormat() };
  };

  test('"123" becomes the number 123', () => {
    expect(typed('123').value).toBe(123);
  });

  test('the decimal separator is the comma: "1,5" is 1.5 and "1.234,5" is 1234.5 (with grouping applied)', () => {
    expect(typed('1,5').value).toBe(1.5);
    const grouped = typed('1.234,5');
    expect(grouped.value).toBe(1234.5);
    expect(grouped.display).toBe('1.234,5');
    expect(typed('-2.000').value).toBe(-2000);
  });

  test('"1.5" is not a number in vi_VN (the dot only groups thousands) and stays text', () => {
    expect(typed('1.5').value).toBe('1.5');
  });

  test('"50%" becomes 0.5 shown as 50%', () => {
    const t = typed('50%');
    expect(t.value).toBe(0.5);
    expect(t.display).toBe('50%');
  });

  test('"0912345678" loses its leading zero, as in Sheets', () => {
    expect(typed('0912345678').value).toBe(912345678);
  });

  test('"TRUE" and "false" become booleans', () => {
    expect(typed('TRUE').value).toBe(true);
    expect(typed('false').value).toBe(false);
  });

  test('"08/03/2024" is 8 March 2024 (dd/MM/yyyy) at midnight in Asia/Ho_Chi_Minh, shown as typed', () => {
    const t = typed('08/03/2024');
    expect(t.value).toEqual(MARCH_8_VN);
    expect(t.display).toBe('08/03/2024');
    expect(t.format).toBe('dd/MM/yyyy');
    expect(typed('8/3/2024').value).toEqual(MARCH_8_VN);
    expect(typed('2024-03-08').value).toEqual(MARCH_8_VN);
  });

  test('a date with a time and a time alone are parsed; 31/02/2024 is not a date', () => {
    expect(typed('08/03/2024 14:30').value).toEqual(new Date('2024-03-08T14:30:00+07:00'));
    const time = typed('14:30:15');
    expect(time.value).toBeInstanceOf(Date);
    expect(time.display).toBe('14:30:15');
    expect(typed('31/02/2024').value).toBe('31/02/2024');
  });

  test('"dd/MM" without a year is a date in the current year', () => {
    expect(typed('15/10').value).toEqual(new Date('2024-10-15T00:00:00+07:00'));
  });

  test('other text is kept exactly, spaces included', () => {
    expect(typed('  Quý IV/2024 ').value).toBe('  Quý IV/2024 ');
    expect(typed('Thường xuyên').value).toBe('Thường xuyên');
  });

  test('a leading apostrophe keeps the rest as text and is not part of the value', () => {
    const t = typed("'=1+2");
    expect(t.value).toBe('=1+2');
    expect(t.formula).toBe('');
    expect(typed("'0912345678").value).toBe('0912345678');
  });

  test('"=…" becomes a formula: getFormula gives it, getValues gives its result, never the text', () => {
    const t = typed('=1+2');
    expect(t.formula).toBe('=1+2');
    expect(t.value).toBe(3);
  });

  test('text starting with "-" or "+" that is not a number is read as a formula and shows #ERROR!; cellText() prevents it', () => {
    const dash = typed('- Sở Nội vụ tỉnh;');
    expect(dash.formula).toBe('=- Sở Nội vụ tỉnh;');
    expect(dash.value).toBe('#ERROR!');
    const safe = typed(cellText('- Sở Nội vụ tỉnh;'));
    expect(safe.value).toBe('- Sở Nội vụ tỉnh;');
    expect(safe.formula).toBe('');
    expect(typed('-5').value).toBe(-5);
  });

  test('in a cell formatted as plain text ("@") strings are kept as written', () => {
    const { sheet } = setup();
    const r = sheet.getRange('A1:A3').setNumberFormat('@');
    r.setValues([['0912345678'], ['=1+2'], ['08/03/2024']]);
    expect(r.getValues()).toEqual([['0912345678'], ['=1+2'], ['08/03/2024']]);
    expect(r.getFormulas()).toEqual([[''], [''], ['']]);
  });

  test('appendRow parses strings the same way', () => {
    const { sheet } = setup();
    sheet.appendRow(['NV01', '15/03/2024', '75', "'=x"]);
    expect(sheet.getRange('A1:D1').getValues()).toEqual([['NV01', new Date('2024-03-15T00:00:00+07:00'), 75, '=x']]);
  });
});

describe('Formulas', () => {
  test('the emulator evaluates references, arithmetic and the common functions across sheets', () => {
    const { ss } = setup();
    const plan = ss.insertSheet('Kế hoạch');
    plan.getRange('A1:B4').setValues([
      ['Trạng thái', 'Tiến độ'],
      ['Hoàn thành', 100],
      ['Đang thực hiện', 40],
      ['hoàn thành', 100],
    ]);
    const sum = ss.insertSheet('Tổng hợp');
    sum.getRange('A1:A6').setFormulas([
      ["=COUNTIF('Kế hoạch'!A:A,\"Hoàn thành\")"],
      ["=SUM('Kế hoạch'!B2:B4)/COUNTA('Kế hoạch'!B2:B4)"],
      ['=IF(A1>1,"nhiều","ít")&" việc"'],
      ['=ROUND(2/3*100,1)'],
      ['=1/0'],
      ['=A1+A2'],
    ]);
    expect(sum.getRange('A1:A6').getValues()).toEqual([[2], [80], ['nhiều việc'], [66.7], ['#DIV/0!'], [82]]);
    plan.getRange('B3').setValue(70);
    expect(sum.getRange('A2').getValue()).toBe(90);
  });

  test('a function the emulator does not know gives #NAME?, a formula that does not parse #ERROR!, a cycle #REF!', () => {
    const { sheet } = setup();
    sheet.getRange('A1:A3').setFormulas([['=VLOOKUP(1,B:C,2,FALSE)'], ['=1+'], ['=A3+1']]);
    expect(sheet.getRange('A1:A3').getValues()).toEqual([['#NAME?'], ['#ERROR!'], ['#REF!']]);
    expect(sheet.getRange('A1').getFormula()).toBe('=VLOOKUP(1,B:C,2,FALSE)');
  });

  test('setFormula on a range moves relative references for each cell, as filling does', () => {
    const { sheet } = setup();
    sheet.getRange('A1:A3').setValues([[1], [2], [3]]);
    sheet.getRange('B1:B3').setFormula('=A1*10+$A$1');
    expect(sheet.getRange('B1:B3').getFormulas()).toEqual([['=A1*10+$A$1'], ['=A2*10+$A$1'], ['=A3*10+$A$1']]);
    expect(sheet.getRange('B1:B3').getValues()).toEqual([[11], [21], [31]]);
  });

  test('TODAY() follows the emulator clock in the spreadsheet time zone', () => {
    const { sheet } = setup();
    sheet.getRange('A1').setFormula('=TODAY()');
    expect(sheet.getRange('A1').getValue()).toEqual(MARCH_8_VN);
  });
});

describe('Dates and display values', () => {
  test('a Date written is stored as an instant: getValues gives back an equal Date', () => {
    const { sheet } = setup();
    const at = new Date('2024-03-08T14:45:30.250+07:00');
    sheet.getRange('A1').setValue(at);
    const back = sheet.getRange('A1').getValue() as Date;
    expect(back).not.toBe(at);
    expect(back.getTime()).toBe(at.getTime());
  });

  test('a Date written to an unformatted cell shows date and time in the vi_VN default, in Asia/Ho_Chi_Minh', () => {
    const { sheet } = setup();
    sheet.getRange('A1').setValue(MARCH_8_VN);
    expect(sheet.getRange('A1').getDisplayValue()).toBe('08/03/2024 00:00:00');
  });

  test.each([
    ['dd/MM/yyyy', MARCH_8_VN, '08/03/2024'],
    ['dd/mm/yyyy', MARCH_8_VN, '08/03/2024'],
    ['dd/mm/yyyy hh:mm', new Date('2024-03-08T07:05:00+07:00'), '08/03/2024 07:05'],
    ['HH:mm:ss', new Date('2024-03-08T16:04:09+07:00'), '16:04:09'],
    ['d/m/yyyy', new Date('2024-01-05T00:00:00+07:00'), '5/1/2024'],
    ['0', 1234.5, '1235'],
    ['0.00', 1234.5, '1234,50'],
    ['0%', 0.256, '26%'],
    ['0.0%', 0.256, '25,6%'],
    ['#,##0', 1234567.8, '1.234.568'],
    ['#,##0.00', -1234.5, '-1.234,50'],
    ['@', 'Hoàn thành', 'Hoàn thành'],
    ['0.###############', 1234.5, '1234,5'],
    ['0.###############', 0.1 + 0.2, '0,3'],
  ] as [string, unknown, string][])('format %s shows %p as %s', (format, value, shown) => {
    const { sheet } = setup();
    const r = sheet.getRange('A1').setNumberFormat(format).setValue(value);
    expect(r.getDisplayValue()).toBe(shown);
    expect(r.getNumberFormat()).toBe(format);
  });

  test('a cell with no number format reports "0.###############" (automatic) and shows booleans as TRUE/FALSE', () => {
    const { sheet } = setup();
    sheet.getRange('A1:B1').setValues([[3, false]]);
    expect(sheet.getRange('A1').getNumberFormat()).toBe('0.###############');
    expect(sheet.getRange('A1:B1').getDisplayValues()).toEqual([['3', 'FALSE']]);
  });

  test('a number in a date-formatted cell reads as a Date; a date in a number-formatted cell as its serial number', () => {
    const { sheet } = setup();
    sheet.getRange('A1').setNumberFormat('dd/MM/yyyy').setValue(45359);
    expect(sheet.getRange('A1').getValue()).toEqual(MARCH_8_VN);
    sheet.getRange('B1').setValue(MARCH_8_VN).setNumberFormat('0');
    expect(sheet.getRange('B1').getValue()).toBe(45359);
    expect(sheet.getRange('A1:B1').getValues()).toEqual([[MARCH_8_VN, 45359]]);
  });

  test('getDisplayValues uses the spreadsheet time zone; changing it keeps wall-clock dates, as Sheets stores serials', () => {
    const { ss, sheet } = setup();
    sheet.getRange('A1').setNumberFormat('dd/MM/yyyy HH:mm').setValue(new Date('2024-03-08T07:30:00+07:00'));
    ss.setSpreadsheetTimeZone('Europe/London');
    expect(sheet.getRange('A1').getDisplayValue()).toBe('08/03/2024 07:30');
    expect(sheet.getRange('A1').getValue()).toEqual(new Date('2024-03-08T07:30:00Z'));
    expect(() => ss.setSpreadsheetTimeZone('Mars/Olympus')).toThrow('Invalid argument');
  });
});

describe('Formats and notes', () => {
  test('backgrounds, font weight and colour, alignment and wrap read back as Apps Script gives them', () => {
    const { app, sheet } = setup();
    const r = sheet.getRange('A1:B1');
    expect(r.getBackground()).toBe('#ffffff');
    expect(r.getFontWeight()).toBe('normal');
    r.setBackground('#D9EAD3').setFontWeight('bold').setFontColor('#c00').setHorizontalAlignment('center').setWrap(true);
    expect(r.getBackgrounds()).toEqual([['#d9ead3', '#d9ead3']]);
    expect(r.getFontWeights()).toEqual([['bold', 'bold']]);
    expect(r.getFontColor()).toBe('#cc0000');
    expect(r.getHorizontalAlignment()).toBe('center');
    expect(r.getWrap()).toBe(true);
    expect(r.getWrapStrategy()).toBe(app.WrapStrategy.WRAP);
    r.setWrapStrategy(app.WrapStrategy.CLIP);
    expect(r.getWraps()).toEqual([[false, false]]);
    r.setBackground(null);
    expect(r.getBackground()).toBe('#ffffff');
  });

  test('setBackgrounds and setNotes check the size of the data like setValues', () => {
    const { sheet } = setup();
    expect(() => sheet.getRange('A1:A2').setBackgrounds([['#ff0000']])).toThrow('The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.');
    sheet.getRange('A1:B1').setNotes([['một', '']]);
    expect(sheet.getRange('A1:B1').getNotes()).toEqual([['một', '']]);
  });

  test('clearContent keeps formats and notes; clear() removes contents, formats, notes and validations', () => {
    const { app, sheet } = setup();
    const r = sheet.getRange('A1');
    r.setValue('x').setBackground('#ff0000').setNote('n').setDataValidation(app.newDataValidation().requireValueInList(['x']).build());
    r.clearContent();
    expect(r.getValue()).toBe('');
    expect(r.getBackground()).toBe('#ff0000');
    expect(r.getNote()).toBe('n');
    r.setValue('x').clear();
    expect([r.getValue(), r.getBackground(), r.getNote(), r.getDataValidation()]).toEqual(['', '#ffffff', '', null]);
  });

  test('clear({ contentsOnly: true }) and clearFormat touch only what they name', () => {
    const { sheet } = setup();
    const r = sheet.getRange('A1').setValue(5).setFontWeight('bold');
    r.clear({ contentsOnly: true });
    expect([r.getValue(), r.getFontWeight()]).toEqual(['', 'bold']);
    r.setValue(5).clearFormat();
    expect([r.getValue(), r.getFontWeight()]).toEqual([5, 'normal']);
  });

  test('rows inserted after a row take its formats and validation but not its values or notes', () => {
    const { app, sheet } = setup();
    const rule = app.newDataValidation().requireValueInList(['Có', 'Không']).build();
    sheet.getRange('A2:B2').setValues([['x', 'Có']]).setBackground('#fff2cc').setNote('n');
    sheet.getRange('B2').setDataValidation(rule);
    sheet.insertRowsAfter(2, 2);
    expect(sheet.getMaxRows()).toBe(1002);
    expect(sheet.getRange('A3:B4').getValues()).toEqual([
      ['', ''],
      ['', ''],
    ]);
    expect(sheet.getRange('A3').getBackground()).toBe('#fff2cc');
    expect(sheet.getRange('A3').getNote()).toBe('');
    expect(sheet.getRange('B4').getDataValidation()?.getCriteriaValues()).toEqual([['Có', 'Không'], true]);
  });

  test('deleteRows shifts the rows below up; deleting every non-frozen row is refused', () => {
    const { sheet } = setup();
    sheet.getRange('A1:A4').setValues([[1], [2], [3], [4]]);
    sheet.deleteRows(2, 2);
    expect(sheet.getRange('A1:A2').getValues()).toEqual([[1], [4]]);
    expect(sheet.getMaxRows()).toBe(998);
    sheet.setFrozenRows(1);
    expect(() => sheet.deleteRows(2, 997)).toThrow('Sorry, it is not possible to delete all non-frozen rows.');
    expect(() => sheet.deleteRows(990, 20)).toThrow('Those rows are out of bounds.');
  });

  test('insertColumnsAfter and deleteColumns move contents sideways', () => {
    const { sheet } = setup();
    sheet.getRange('A1:C1').setValues([['a', 'b', 'c']]);
    sheet.insertColumnsAfter(1, 2);
    expect(sheet.getRange('A1:E1').getValues()).toEqual([['a', '', '', 'b', 'c']]);
    expect(sheet.getMaxColumns()).toBe(28);
    sheet.deleteColumns(2, 2);
    expect(sheet.getRange('A1:C1').getValues()).toEqual([['a', 'b', 'c']]);
  });
});

describe('Data validation', () => {
  const statuses = ['Chưa thực hiện', 'Đang thực hiện', 'Hoàn thành'];

  test('a rule built with requireValueInList reports its criteria, values, help text, and allows invalid data by default', () => {
    const { app, sheet } = setup();
    const rule = app.newDataValidation().requireValueInList(statuses).setHelpText('Chọn trạng thái').build();
    sheet.getRange('C2:C10').setDataValidation(rule);
    const got = sheet.getRange('C5').getDataValidation();
    expect(got).not.toBeNull();
    expect(got!.getCriteriaType()).toBe(app.DataValidationCriteria.VALUE_IN_LIST);
    expect(got!.getCriteriaValues()).toEqual([statuses, true]);
    expect(got!.getAllowInvalid()).toBe(true);
    expect(got!.getHelpText()).toBe('Chọn trạng thái');
    expect(sheet.getRange('C1').getDataValidation()).toBeNull();
    const copy = got!.copy().setAllowInvalid(false).build();
    expect(copy.getAllowInvalid()).toBe(false);
    expect(copy.getCriteriaValues()).toEqual([statuses, true]);
  });

  test('with the default rule (show a warning) a script may write a value outside the list', () => {
    const { app, sheet } = setup();
    sheet.getRange('A1').setDataValidation(app.newDataValidation().requireValueInList(statuses).build());
    sheet.getRange('A1').setValue('Tạm dừng');
    expect(sheet.getRange('A1').getValue()).toBe('Tạm dừng');
  });

  test('with setAllowInvalid(false) a value outside the list is rejected with Sheets\' error, and nothing of the batch is written', () => {
    const { app, sheet } = setup();
    const rule = app.newDataValidation().requireValueInList(statuses).setAllowInvalid(false).build();
    sheet.getRange('B2:B3').setDataValidation(rule);
    expect(() => sheet.getRange('A2:B3').setValues([['NV01', 'Hoàn thành'], ['NV02', 'Xong']])).toThrow(
      'The data you entered in cell B3 violates the data validation rules set on this cell. Please enter one of the following values: Chưa thực hiện, Đang thực hiện, Hoàn thành.',
    );
    expect(sheet.getRange('A2:B3').getValues()).toEqual([
      ['', ''],
      ['', ''],
    ]);
    sheet.getRange('A2:B3').setValues([['NV01', 'Hoàn thành'], ['NV02', '']]);
    expect(sheet.getRange('B2').getValue()).toBe('Hoàn thành');
  });

  test('requireNumberBetween with reject input refuses numbers outside the bounds and text', () => {
    const { app, sheet } = setup();
    sheet.getRange('A1').setDataValidation(app.newDataValidation().requireNumberBetween(0, 100).setAllowInvalid(false).build());
    sheet.getRange('A1').setValue(100);
    expect(() => sheet.getRange('A1').setValue(101)).toThrow('violates the data validation rules');
    expect(() => sheet.getRange('A1').setValue('nhiều')).toThrow('violates the data validation rules');
    expect(sheet.getRange('A1').getValue()).toBe(100);
  });

  test('clearDataValidations removes the rule', () => {
    const { app, sheet } = setup();
    sheet.getRange('A1:A2').setDataValidation(app.newDataValidation().requireValueInList(['a']).setAllowInvalid(false).build());
    sheet.getRange('A1:A2').clearDataValidations();
    sheet.getRange('A1').setValue('b');
    expect(sheet.getRange('A1:A2').getDataValidations()).toEqual([[null], [null]]);
  });

  test('setDataValidations takes one rule per cell', () => {
    const { app, sheet } = setup();
    const a = app.newDataValidation().requireValueInList(['x']).build();
    sheet.getRange('A1:B1').setDataValidations([[a, null]]);
    expect(sheet.getRange('A1:B1').getDataValidations().map((row) => row.map((r) => r && r.getCriteriaType()))).toEqual([['VALUE_IN_LIST', null]]);
  });

  test('a list validation shows its choices in the playground snapshot', () => {
    const { app, sheet, wb } = setup();
    sheet.getRange('A1:B2').setValues([
      ['Mã', 'Trạng thái'],
      ['NV01', 'Hoàn thành'],
    ]);
    sheet.getRange('A1:B1').setFontWeight('bold').setBackground('#d9ead3');
    sheet.getRange('B2').setDataValidation(app.newDataValidation().requireValueInList(statuses).build()).setNote('cập nhật 08/03');
    sheet.setFrozenRows(1);
    const snap = sheetSnapshot(wb, sheet.getName());
    expect(snap.frozenRows).toBe(1);
    expect(snap.columnWidths).toEqual([100, 100]);
    expect(snap.rows[0][0]).toEqual({ value: 'Mã', raw: 'Mã', bold: true, background: '#d9ead3' });
    expect(snap.rows[1][1]).toEqual({ value: 'Hoàn thành', raw: 'Hoàn thành', note: 'cập nhật 08/03', validation: statuses });
  });
});

describe('Service accounting, toast, flush and Ui', () => {
  test('each call is counted as "Class.method" under the SpreadsheetApp service', () => {
    const { env, sheet } = setup();
    env.calls.reset();
    sheet.getRange('A1:B2').getValues();
    sheet.getRange('A1').setValue(1).setBackground('#ffffff');
    expect(env.calls.count('Sheet.getRange')).toBe(2);
    expect(env.calls.count('Range.getValues')).toBe(1);
    expect(env.calls.count('Range.setBackground')).toBe(1);
    expect(env.calls.total('SpreadsheetApp')).toBe(5);
  });

  test('an injected fault on Range.setValues throws and leaves the sheet unchanged', () => {
    const { env, sheet } = setup();
    env.faults.add({ method: 'Range.setValues', message: 'Service Spreadsheets failed while accessing document' });
    expect(() => sheet.getRange('A1').setValues([[1]])).toThrow('Service Spreadsheets failed');
    expect(sheet.getLastRow()).toBe(0);
    sheet.getRange('A1').setValues([[1]]);
    expect(sheet.getLastRow()).toBe(1);
  });

  test('toast(msg, title, seconds) is recorded in env.ui with how long it stays, and counted', () => {
    const { env, ss } = setup();
    ss.toast('Đã cập nhật tiến độ', 'CCHC', 12);
    ss.toast('Xong');
    ss.toast('Đọc kỹ', 'Lưu ý', -1);
    expect(env.ui).toEqual([
      { kind: 'toast', message: 'Đã cập nhật tiến độ', title: 'CCHC', seconds: 12 },
      { kind: 'toast', message: 'Xong', title: undefined, seconds: 5 },
      { kind: 'toast', message: 'Đọc kỹ', title: 'Lưu ý', seconds: -1 },
    ]);
    expect(env.calls.count('Spreadsheet.toast')).toBe(3);
  });

  test('flush exists and is counted', () => {
    const { env, app } = setup();
    app.flush();
    expect(env.calls.count('SpreadsheetApp.flush')).toBe(1);
  });

  test('getUi gives the Ui in the Sheet\'s UI and throws Apps Script\'s error from a trigger', () => {
    const ui = setup('ui');
    expect(typeof ui.app.getUi().createMenu).toBe('function');
    expect(ui.env.calls.count('SpreadsheetApp.getUi')).toBe(1);
    const trigger = setup('trigger');
    expect(() => trigger.app.getUi()).toThrow('Cannot call SpreadsheetApp.getUi() from this context.');
  });

  test('getActiveSheet follows activate() and setActiveSheet', () => {
    const { app, ss } = setup();
    const second = ss.insertSheet('Tiến độ');
    ss.getSheets()[0].activate();
    expect(app.getActiveSheet().getName()).toBe('Trang tính1');
    app.setActiveSheet(second);
    expect(ss.getActiveSheet().getName()).toBe('Tiến độ');
    expect(app.openById(ss.getId()).getName()).toBe(ss.getName());
  });
});
