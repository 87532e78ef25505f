/**
 * The workbook as a real .xlsx: what a script put in the spreadsheet survives save → load, and
 * the file holds real date cells, numbers, formulas and validations for LibreOffice or Sheets.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { Env } from '../../emulator/core/env';
import { createWorkbook, type Workbook } from '../../emulator/services/spreadsheet/model';
import { createSpreadsheetApp } from '../../emulator/services/spreadsheet/spreadsheet';
import { loadWorkbookXlsx, saveWorkbookXlsx } from '../../emulator/services/spreadsheet/xlsx';

const STATUSES = ['Chưa thực hiện', 'Đang thực hiện', 'Hoàn thành'];
const CHANNELS = ['Tin bài trên trang TTĐT', 'Pano, áp phích, băng rôn', 'Khác'];
const MARCH_8_VN = new Date('2024-03-08T00:00:00+07:00');
/** Composed (NFC) Vietnamese; the decomposed form would differ byte for byte. */
const VIETNAMESE = 'Tuyên truyền cải cách hành chính: Văn phòng HĐND&UBND xã, Đài truyền thanh, Bộ phận Một cửa'.normalize('NFC');

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xlsx-test-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function app(wb: Workbook): GoogleAppsScript.Spreadsheet.SpreadsheetApp {
  return createSpreadsheetApp(new Env(wb, { now: '2024-03-08T09:00:00+07:00' }));
}

/** A workbook as the product builds it, through SpreadsheetApp. */
function buildWorkbook(): Workbook {
  const wb = createWorkbook('Theo dõi kế hoạch CCHC');
  const sa = app(wb);
  const ss = sa.getActiveSpreadsheet();
  const plan = ss.getActiveSheet().setName('Kế hoạch');
  plan.getRange('A1:F1').setValues([['Mã', 'Nhiệm vụ cụ thể', 'Thời hạn', 'Trạng thái', 'Tiến độ (%)', 'Hình thức']]);
  plan.getRange('A1:F1').setFontWeight('bold').setBackground('#d9ead3').setWrap(true).setHorizontalAlignment('center');
  plan.setFrozenRows(1);
  plan.setColumnWidth(2, 320).setColumnWidth(3, 110).setColumnWidth(20, 45);
  plan.getRange('A2:F3').setValues([
    ['NV01', VIETNAMESE, MARCH_8_VN, 'Hoàn thành', 1, 'Khác'],
    ['NV02', 'Niêm yết TTHC', new Date('2024-12-31T00:00:00+07:00'), 'Đang thực hiện', 0.4, 'Pano, áp phích, băng rôn'],
  ]);
  plan.getRange('C2:C3').setNumberFormat('dd/MM/yyyy');
  plan.getRange('E2:E3').setNumberFormat('0%');
  plan.getRange('B2').setNote('Ghi chú: theo Kế hoạch số 18/KH-UBND');
  plan.getRange('D2:D100').setDataValidation(sa.newDataValidation().requireValueInList(STATUSES).setAllowInvalid(false).build());
  plan.getRange('F2:F100').setDataValidation(sa.newDataValidation().requireValueInList(CHANNELS).setHelpText('Chọn hình thức').build());
  plan.getRange('E2:E100').setDataValidation(sa.newDataValidation().requireNumberBetween(0, 1).setAllowInvalid(false).build());
  plan.getRange('G2').setValue('=COUNTIF(D2:D100,"Hoàn thành")');
  plan.getRange('H2').setValue("'=không phải công thức");
  plan.getRange('I2').setValue(new Date('2024-03-08T14:30:00+07:00'));

  const log = ss.insertSheet('Tiến độ');
  log.getRange('A1:C1').setValues([['Thời điểm ghi', 'Mã nhiệm vụ', 'Số lượng']]);
  const rows = Array.from({ length: 2000 }, (_, i) => [new Date(Date.UTC(2024, 0, 1, 1, 0, 0) + i * 3600000), `NV${String((i % 60) + 1).padStart(2, '0')}`, i]);
  log.insertRowsAfter(1000, 1001);
  log.getRange(2, 1, 2000, 3).setValues(rows);
  log.getRange(2, 1, 2000, 1).setNumberFormat('dd/mm/yyyy hh:mm');

  const people = ss.insertSheet('Cán bộ');
  people.getRange('A1:B3').setValues([
    ['Họ và tên', 'Email'],
    ['Nguyễn Văn A', 'a@example.com'],
    ['Trần Thị B', 'b@example.com'],
  ]);
  people.getRange('C2').setDataValidation(sa.newDataValidation().requireValueInRange(people.getRange('A2:A3')).build());
  people.getRange('D2').setDataValidation(sa.newDataValidation().requireTextIsEmail().setAllowInvalid(false).build());
  people.setTabColor('#ff9900');
  people.hideSheet();
  ss.setNamedRange('DanhSachCanBo', people.getRange('A2:A3'));

  ss.insertSheet('Trống');
  return wb;
}

async function roundTrip(wb: Workbook, name: string): Promise<{ wb: Workbook; ss: GoogleAppsScript.Spreadsheet.Spreadsheet; file: string }> {
  const file = path.join(dir, name);
  await saveWorkbookXlsx(wb, file);
  const loaded = await loadWorkbookXlsx(file);
  return { wb: loaded, ss: app(loaded).getActiveSpreadsheet(), file };
}

describe('save → load keeps what the script wrote', () => {
  let original: Workbook;
  let ss: GoogleAppsScript.Spreadsheet.Spreadsheet;
  let loaded: Workbook;
  let file: string;

  beforeAll(async () => {
    original = buildWorkbook();
    ({ ss, wb: loaded, file } = await roundTrip(original, 'cchc.xlsx'));
  });

  test('the spreadsheet keeps its name, id, time zone, locale and sheets in order (hidden ones too)', () => {
    expect(ss.getName()).toBe('Theo dõi kế hoạch CCHC');
    expect(ss.getId()).toBe(original.id);
    expect(ss.getSpreadsheetTimeZone()).toBe('Asia/Ho_Chi_Minh');
    expect(ss.getSpreadsheetLocale()).toBe('vi_VN');
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['Kế hoạch', 'Tiến độ', 'Cán bộ', 'Trống']);
    expect(ss.getSheetByName('Cán bộ')!.isSheetHidden()).toBe(true);
    expect(ss.getSheetByName('Cán bộ')!.getTabColor()).toBe('#ff9900');
    expect(ss.getSheets().map((s) => s.getSheetId())).toEqual(original.sheets.map((s) => s.id));
  });

  test('values: dates as equal Dates, numbers as numbers, NFC Vietnamese text intact, apostrophe text as text', () => {
    const plan = ss.getSheetByName('Kế hoạch')!;
    const v = plan.getRange('A2:I2').getValues();
    expect(v[0][0]).toBe('NV01');
    expect(v[0][1]).toBe(VIETNAMESE);
    expect((v[0][1] as string).normalize('NFC')).toBe(v[0][1]);
    expect(v[0][2]).toEqual(MARCH_8_VN);
    expect(v[0][3]).toBe('Hoàn thành');
    expect(v[0][4]).toBe(1);
    expect(v[0][7]).toBe('=không phải công thức');
    expect(v[0][8]).toEqual(new Date('2024-03-08T14:30:00+07:00'));
    expect(plan.getRange('A3:F3').getDisplayValues()).toEqual([['NV02', 'Niêm yết TTHC', '31/12/2024', 'Đang thực hiện', '40%', 'Pano, áp phích, băng rôn']]);
  });

  test('formulas stay formulas and are evaluated again', () => {
    const plan = ss.getSheetByName('Kế hoạch')!;
    expect(plan.getRange('G2').getFormula()).toBe('=COUNTIF(D2:D100,"Hoàn thành")');
    expect(plan.getRange('G2').getValue()).toBe(1);
    expect(plan.getRange('H2').getFormula()).toBe('');
  });

  test('notes, backgrounds, bold, alignment, wrap and number formats survive', () => {
    const plan = ss.getSheetByName('Kế hoạch')!;
    expect(plan.getRange('B2').getNote()).toBe('Ghi chú: theo Kế hoạch số 18/KH-UBND');
    expect(plan.getRange('A1:B1').getBackgrounds()).toEqual([['#d9ead3', '#d9ead3']]);
    expect(plan.getRange('A1').getFontWeight()).toBe('bold');
    expect(plan.getRange('A2').getFontWeight()).toBe('normal');
    expect(plan.getRange('A1').getHorizontalAlignment()).toBe('center');
    expect(plan.getRange('A1').getWrap()).toBe(true);
    expect(plan.getRange('A2').getWrap()).toBe(false);
    expect(plan.getRange('C2').getNumberFormat()).toBe('dd/MM/yyyy');
    expect(plan.getRange('E2').getNumberFormat()).toBe('0%');
    expect(ss.getSheetByName('Tiến độ')!.getRange('A2').getNumberFormat()).toBe('dd/mm/yyyy hh:mm');
  });

  test('frozen rows, column widths and the grid size survive', () => {
    const plan = ss.getSheetByName('Kế hoạch')!;
    expect(plan.getFrozenRows()).toBe(1);
    expect(plan.getColumnWidth(2)).toBe(320);
    expect(plan.getColumnWidth(3)).toBe(110);
    expect(plan.getColumnWidth(4)).toBe(100);
    expect(plan.getColumnWidth(20)).toBe(45);
    expect(plan.getMaxRows()).toBe(1000);
    expect(plan.getMaxColumns()).toBe(26);
    expect(ss.getSheetByName('Tiến độ')!.getMaxRows()).toBe(2001);
  });

  test('list validations keep their items, reject/warn setting and help text, including items with commas', () => {
    const plan = ss.getSheetByName('Kế hoạch')!;
    const status = plan.getRange('D50').getDataValidation()!;
    expect(status.getCriteriaValues()).toEqual([STATUSES, true]);
    expect(status.getAllowInvalid()).toBe(false);
    const channel = plan.getRange('F100').getDataValidation()!;
    expect(channel.getCriteriaValues()).toEqual([CHANNELS, true]);
    expect(channel.getAllowInvalid()).toBe(true);
    expect(channel.getHelpText()).toBe('Chọn hình thức');
    expect(plan.getRange('D101').getDataValidation()).toBeNull();
    expect(() => plan.getRange('D5').setValue('Xong')).toThrow('violates the data validation rules');
  });

  test('number, range and e-mail validations survive too', () => {
    const plan = ss.getSheetByName('Kế hoạch')!;
    const pct = plan.getRange('E7').getDataValidation()!;
    expect(pct.getCriteriaType()).toBe('NUMBER_BETWEEN');
    expect(pct.getCriteriaValues()).toEqual([0, 1]);
    const people = ss.getSheetByName('Cán bộ')!;
    const byRange = people.getRange('C2').getDataValidation()!;
    expect(byRange.getCriteriaType()).toBe('VALUE_IN_RANGE');
    expect((byRange.getCriteriaValues()[0] as GoogleAppsScript.Spreadsheet.Range).getA1Notation()).toBe('A2:A3');
    expect(people.getRange('D2').getDataValidation()!.getCriteriaType()).toBe('TEXT_IS_VALID_EMAIL');
    expect(() => people.getRange('D2').setValue('không phải email')).toThrow('violates the data validation rules');
  });

  test('a 2,000-row sheet comes back whole', () => {
    const log = ss.getSheetByName('Tiến độ')!;
    expect(log.getLastRow()).toBe(2001);
    const v = log.getRange(2, 1, 2000, 3).getValues();
    expect(v[0]).toEqual([new Date(Date.UTC(2024, 0, 1, 1)), 'NV01', 0]);
    expect(v[1999]).toEqual([new Date(Date.UTC(2024, 0, 1, 1) + 1999 * 3600000), 'NV20', 1999]);
    expect(log.getRange('A2').getDisplayValue()).toBe('01/01/2024 08:00');
  });

  test('an empty sheet stays an empty sheet', () => {
    const empty = ss.getSheetByName('Trống')!;
    expect(empty.getLastRow()).toBe(0);
    expect(empty.getLastColumn()).toBe(0);
    expect(empty.getMaxRows()).toBe(1000);
  });

  test('named ranges survive', () => {
    expect(ss.getRangeByName('DanhSachCanBo')!.getValues()).toEqual([['Nguyễn Văn A'], ['Trần Thị B']]);
  });

  test('loading twice gives the same workbook (save is stable)', async () => {
    const again = await roundTrip(loaded, 'again.xlsx');
    const a = app(loaded).getActiveSpreadsheet().getSheetByName('Kế hoạch')!.getRange('A1:I3');
    const b = again.ss.getSheetByName('Kế hoạch')!.getRange('A1:I3');
    expect(b.getValues()).toEqual(a.getValues());
    expect(b.getDisplayValues()).toEqual(a.getDisplayValues());
    expect(b.getFormulas()).toEqual(a.getFormulas());
  });

  test('in the file, dates are date cells showing the Vietnam wall clock, numbers are numbers, formulas are formulas', async () => {
    const x = new ExcelJS.Workbook();
    await x.xlsx.readFile(file);
    const ws = x.getWorksheet('Kế hoạch')!;
    // exceljs reads a date cell as a Date whose UTC fields are what the cell shows.
    expect(ws.getCell('C2').value).toEqual(new Date(Date.UTC(2024, 2, 8)));
    expect(ws.getCell('C2').numFmt).toBe('dd/mm/yyyy');
    expect(ws.getCell('I2').value).toEqual(new Date(Date.UTC(2024, 2, 8, 14, 30)));
    expect(ws.getCell('I2').numFmt).toBe('dd/mm/yyyy hh:mm:ss');
    expect(ws.getCell('E3').value).toBe(0.4);
    expect(ws.getCell('G2').formula).toBe('COUNTIF(D2:D100,"Hoàn thành")');
    expect(ws.getCell('G2').result).toBe(1);
    expect(ws.getCell('B2').value).toBe(VIETNAMESE);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(ws.getCell('D2').dataValidation).toMatchObject({ type: 'list', formulae: [`"${STATUSES.join(',')}"`], errorStyle: 'stop' });
    expect(x.getWorksheet('Cán bộ')!.state).toBe('hidden');
  });
});

describe('writing the file', () => {
  test('another time zone and locale are kept, and dates are written in that zone\'s wall clock', async () => {
    const wb = createWorkbook('London');
    const ss = app(wb).getActiveSpreadsheet();
    ss.setSpreadsheetTimeZone('Europe/London');
    ss.setSpreadsheetLocale('en_US');
    const at = new Date('2024-07-01T09:15:00Z');
    ss.getActiveSheet().getRange('A1').setValue(at).setNumberFormat('dd/MM/yyyy HH:mm');
    const { ss: back, file } = await roundTrip(wb, 'london.xlsx');
    expect(back.getSpreadsheetTimeZone()).toBe('Europe/London');
    expect(back.getSpreadsheetLocale()).toBe('en_US');
    expect(back.getActiveSheet().getRange('A1').getValue()).toEqual(at);
    expect(back.getActiveSheet().getRange('A1').getDisplayValue()).toBe('01/07/2024 10:15');
    const x = new ExcelJS.Workbook();
    await x.xlsx.readFile(file);
    expect(x.worksheets[0].getCell('A1').value).toEqual(new Date(Date.UTC(2024, 6, 1, 10, 15)));
  });

  test('a save replaces the file atomically and leaves no temporary file behind', async () => {
    const file = path.join(dir, 'atomic', 'workbook.xlsx');
    const wb = createWorkbook('A');
    app(wb).getActiveSheet().getRange('A1').setValue('một');
    await saveWorkbookXlsx(wb, file);
    app(wb).getActiveSheet().getRange('A1').setValue('hai');
    await saveWorkbookXlsx(wb, file);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['workbook.xlsx']);
    const loaded = await loadWorkbookXlsx(file);
    expect(app(loaded).getActiveSheet().getRange('A1').getValue()).toBe('hai');
  });

  test('a failed save leaves the previous file untouched', async () => {
    const file = path.join(dir, 'keep', 'workbook.xlsx');
    const wb = createWorkbook('B');
    app(wb).getActiveSheet().getRange('A1').setValue('cũ');
    await saveWorkbookXlsx(wb, file);
    const before = fs.readFileSync(file);
    // A sheet name Excel refuses makes exceljs throw while writing.
    wb.sheets[0].name = 'tên/không hợp lệ?';
    await expect(saveWorkbookXlsx(wb, file)).rejects.toThrow();
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['workbook.xlsx']);
  });

  test('a workbook from elsewhere (no emulator metadata) loads with Vietnam defaults and its date cells as instants', async () => {
    const file = path.join(dir, 'foreign.xlsx');
    const x = new ExcelJS.Workbook();
    const ws = x.addWorksheet('Dữ liệu');
    ws.getCell('A1').value = 'Ngày';
    ws.getCell('A2').value = new Date(Date.UTC(2024, 2, 8));
    ws.getCell('A2').numFmt = 'dd/mm/yyyy';
    ws.getCell('B2').value = 12.5;
    ws.getCell('C2').dataValidation = { type: 'list', formulae: ['"Có,Không"'], showErrorMessage: true, errorStyle: 'stop' };
    await x.xlsx.writeFile(file);
    const wb = await loadWorkbookXlsx(file);
    const sheet = app(wb).getActiveSpreadsheet().getSheetByName('Dữ liệu')!;
    expect(wb.timeZone).toBe('Asia/Ho_Chi_Minh');
    expect(sheet.getRange('A2').getValue()).toEqual(MARCH_8_VN);
    expect(sheet.getRange('A2:B2').getDisplayValues()).toEqual([['08/03/2024', '12,5']]);
    expect(sheet.getRange('C2').getDataValidation()!.getCriteriaValues()).toEqual([['Có', 'Không'], true]);
    expect(sheet.getMaxRows()).toBe(1000);
  });
});
