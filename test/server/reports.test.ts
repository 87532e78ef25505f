/**
 * Periodic reports on the built bundle: generateReport / previewReport, the numbering from the
 * "Báo cáo" log, the Drive folder, the windows of every period kind under both rules, the
 * figures adding up, and the calls made as the data grows.
 */
import { loadSandbox } from '../support/sandbox';
import { planRow as testPlanRow, progressRow } from '../support/rows';
import { appendRows, rows, run, setSetting, values } from '../support/sheets';
import { REPORT_COLUMNS, SHEETS } from '../../src/core/schema';
import { createDriveApp, createUserFolder, deleteForever, driveState } from '../../emulator/services/docs/drive';
import { blocksText, type DocModel, type ParagraphNode } from '../../emulator/services/docs/model';
import { holdLockElsewhere } from '../../emulator/services/lock';
import type { Env } from '../../emulator/core/env';
import type { Sandbox } from '../../emulator/sandbox';
import type { ReportPreview, ReportResult } from '../../src/shared/rpc';

const NOW = '2024-03-15T09:00:00+07:00';

function seeded(now = NOW) {
  const t = loadSandbox({ now });
  t.sandbox.call('setupWorkbook');
  return t;
}



/** A test task (support/rows.ts planRow) with its timeframe and lead. */
const planRow = (n: number, timeframe: string, lead = 'Công chức Tư pháp - Hộ tịch') => testPlanRow(n, { timeframe, lead });

/** Appends many rows, growing the sheet first as a person would (a new sheet has 1,000 rows). */
function appendMany(sandbox: Sandbox, sheet: string, data: unknown[][]): void {
  run(
    sandbox,
    `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(args.sheet);
     const need = s.getLastRow() + args.rows - s.getMaxRows();
     if (need > 0) s.insertRowsAfter(s.getMaxRows(), need);`,
    { sheet, rows: data.length },
  );
  appendRows(sandbox, sheet, data);
}


function generate(sandbox: Sandbox, spec: unknown): ReportResult {
  return sandbox.call('generateReport', [spec]) as ReportResult;
}

function preview(sandbox: Sandbox, spec: unknown): ReportPreview {
  return sandbox.call('previewReport', [spec]) as ReportPreview;
}

function docOf(env: Env, id: string): DocModel {
  const rec = driveState(env).files[id];
  if (!rec?.doc) throw new Error(`no document ${id}`);
  return rec.doc;
}

function docText(env: Env, id: string): string {
  return blocksText(docOf(env, id).body.children);
}

function bodyParagraphs(doc: DocModel): string[] {
  return doc.body.children.filter((b): b is ParagraphNode => b.kind === 'paragraph').map((p) => p.children.map((c) => (c.kind === 'text' ? c.runs.map((r) => r.text).join('') : '')).join(''));
}

function expectThrows(fn: () => unknown, pattern: RegExp): void {
  let error: unknown = null;
  try {
    fn();
  } catch (e) {
    error = e;
  }
  expect(error).not.toBeNull();
  expect(String((error as Error).message)).toMatch(pattern);
}

function documentCount(env: Env): number {
  return Object.values(driveState(env).files).filter((f) => f.doc).length;
}

describe('generateReport', () => {
  test('makes the Doc in the report folder, named after its number and period, and logs it in one row', () => {
    const { env, sandbox } = seeded();
    const r = generate(sandbox, { period: 'Quý I/2024' });
    expect(r).toMatchObject({ number: '01/BC-UBND', sequence: 1, from: '2023-12-15', to: '2024-03-14', name: '01-BC-UBND Báo cáo tuyên truyền CCHC Quý I-2024', folder: 'Báo cáo CCHC' });
    expect(r.url).toBe(`https://docs.google.com/document/d/${r.documentId}/edit`);

    const st = driveState(env);
    const file = st.files[r.documentId];
    expect(file.name).toBe('01-BC-UBND Báo cáo tuyên truyền CCHC Quý I-2024');
    const folder = st.folders[file.parents[0]];
    expect(folder.name).toBe('Báo cáo CCHC');
    expect(folder.parents).toEqual([st.rootId]);

    const log = rows(sandbox, SHEETS.reports);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({
      [REPORT_COLUMNS.number]: '01/BC-UBND',
      [REPORT_COLUMNS.year]: 2024,
      [REPORT_COLUMNS.period]: 'Quý I/2024',
      [REPORT_COLUMNS.from]: '2023-12-14T17:00:00.000Z',
      [REPORT_COLUMNS.to]: '2024-03-13T17:00:00.000Z',
      [REPORT_COLUMNS.createdAt]: '2024-03-15T02:00:00.000Z',
      [REPORT_COLUMNS.createdBy]: 'vanphong.tanviet@gmail.com',
      [REPORT_COLUMNS.url]: r.url,
    });

    const text = docText(env, r.documentId);
    expect(text).toContain('Số: 01/BC-UBND');
    expect(text).toContain('Tân Việt, ngày 15 tháng 3 năm 2024');
    expect(text).toContain('Kết quả thực hiện công tác tuyên truyền cải cách hành chính Quý I năm 2024');
  });

  test('the report folder: made by the script at the first report and found by its stored id after; the office\'s own folder of that name is out of drive.file\'s reach', () => {
    const { env, sandbox } = seeded();
    // A folder the office made by hand in Drive: drive.file cannot see it, so the script makes its own.
    const theirs = createUserFolder(env, 'Báo cáo CCHC');
    const a = generate(sandbox, { period: 'Quý I/2024' });
    const st = driveState(env);
    const folderId = st.files[a.documentId].parents[0];
    expect(folderId).not.toBe(theirs.id);
    expect(st.folders[folderId]).toMatchObject({ name: 'Báo cáo CCHC', parents: [st.rootId] });
    env.calls.reset();
    const b = generate(sandbox, { period: '6 tháng đầu năm 2024' });
    expect(st.files[b.documentId].parents).toEqual([folderId]);
    // The folder and the report template found by their ids (one call each), the template copied
    // into the folder, the PDF made in it: four Drive calls, none of DriveApp.
    expect(env.calls.byService().Drive).toBe(4);
    expect(env.calls.count('Drive.Files.get')).toBe(2);
    expect(env.calls.count('Drive.Files.copy')).toBe(1);
    expect(env.calls.total('DriveApp')).toBe(0);
    expect(Object.values(st.folders).filter((f) => f.name === 'Báo cáo CCHC')).toHaveLength(2);

    setSetting(sandbox, 'Thư mục lưu báo cáo', 'Báo cáo năm 2024');
    const c = generate(sandbox, { period: 'Quý I/2024', again: true });
    expect(c.folder).toBe('Báo cáo năm 2024');
    expect(driveState(env).folders[driveState(env).files[c.documentId].parents[0]].name).toBe('Báo cáo năm 2024');
  });

  test('a folder the office trashed or deleted is made again, with a line in the log, never an error', () => {
    const { env, sandbox } = seeded();
    const a = generate(sandbox, { period: 'Quý I/2024' });
    const first = driveState(env).files[a.documentId].parents[0];
    createDriveApp(env).getFolderById(first).setTrashed(true);
    const b = generate(sandbox, { period: '6 tháng đầu năm 2024' });
    const second = driveState(env).files[b.documentId].parents[0];
    expect(second).not.toBe(first);
    expect(driveState(env).folders[second]).toMatchObject({ name: 'Báo cáo CCHC', trashed: false });
    expect(env.logs.some((l) => l.message.includes('Thư mục báo cáo "Báo cáo CCHC" đã bị chuyển vào thùng rác: tạo lại thư mục mới.'))).toBe(true);
    deleteForever(env, second);
    const c = generate(sandbox, { period: '9 tháng đầu năm 2024' });
    const third = driveState(env).files[c.documentId].parents[0];
    expect([first, second]).not.toContain(third);
    expect(env.logs.some((l) => l.message.includes('Thư mục báo cáo "Báo cáo CCHC" không còn trên Drive: tạo lại thư mục mới.'))).toBe(true);
    expect(rows(sandbox, SHEETS.reports).map((r) => r[REPORT_COLUMNS.url])).toEqual([a.url, b.url, c.url]);
  });

  test('a workbook from before the stored id finds the folder the script made then (by name, among its own), skipping a trashed one', () => {
    const { env, sandbox } = seeded();
    // What the DriveApp version of the script made: the script's own folders.
    const DriveApp = createDriveApp(env);
    DriveApp.createFolder('Báo cáo CCHC').setTrashed(true);
    const live = DriveApp.createFolder('Báo cáo CCHC');
    const a = generate(sandbox, { period: 'Quý I/2024' });
    expect(driveState(env).files[a.documentId].parents).toEqual([live.getId()]);
  });

  test('a bad period is refused in Vietnamese and creates nothing, uses no number', () => {
    const { env, sandbox } = seeded();
    const before = values(sandbox, SHEETS.reports);
    expectThrows(() => generate(sandbox, { period: 'Quý V/2024' }), /một năm chỉ có Quý I, Quý II, Quý III và Quý IV/);
    expectThrows(() => generate(sandbox, { period: 'Quý I' }), /thiếu năm/);
    expectThrows(() => generate(sandbox, { period: '14/03/2024 - 15/12/2023' }), /bị ngược/);
    expectThrows(() => generate(sandbox, { period: '' }), /Chưa nhập kỳ báo cáo/);
    expectThrows(() => generate(sandbox, null), /Chưa chọn kỳ báo cáo/);
    expectThrows(() => generate(sandbox, { period: 'Quý I/2024', issuedOn: '31/02/2024' }), /Ngày ban hành "31\/02\/2024" không phải ngày hợp lệ/);
    expect(documentCount(env)).toBe(0);
    expect(values(sandbox, SHEETS.reports)).toEqual(before);
    expect(generate(sandbox, { period: 'Quý I/2024' }).number).toBe('01/BC-UBND');
  });

  test('a bad period on a new workbook does not even set it up', () => {
    const { env, sandbox } = loadSandbox({ now: NOW });
    expectThrows(() => generate(sandbox, { period: 'Quý 7/2024' }), /Quý I, Quý II, Quý III và Quý IV/);
    expect(values(sandbox, SHEETS.reports)).toBeNull();
    expect(documentCount(env)).toBe(0);
    // A good one sets the workbook up and makes the report.
    expect(generate(sandbox, { period: 'Quý I/2024' }).number).toBe('01/BC-UBND');
    expect(rows(sandbox, SHEETS.reports)).toHaveLength(1);
  });
});

describe('numbering', () => {
  test('one number per period: a second report for it is refused, naming the first, unless asked as a replacement, which the log and the report say', () => {
    const { env, sandbox } = seeded();
    const a = generate(sandbox, { period: 'Quý I/2024' });
    const docs = documentCount(env);
    expectThrows(() => generate(sandbox, { period: 'quy i/2024' }), /^Đã có báo cáo số 01\/BC-UBND ngày 15\/03\/2024 cho kỳ Quý I\/2024\./);
    expectThrows(() => generate(sandbox, { period: '15/12/2023 - 14/03/2024' }), /Đã có báo cáo số 01\/BC-UBND ngày 15\/03\/2024/);
    expect(documentCount(env)).toBe(docs);
    expect(rows(sandbox, SHEETS.reports)).toHaveLength(1);
    expect(preview(sandbox, { period: 'Quý I/2024' })).toMatchObject({ existing: { number: '01/BC-UBND', date: '2024-03-15' }, nextNumber: '02/BC-UBND' });
    // Another period is not affected.
    expect(generate(sandbox, { period: '6 tháng đầu năm 2024' }).number).toBe('02/BC-UBND');
    const b = generate(sandbox, { period: 'Quý I/2024', again: true });
    expect([a.number, b.number]).toEqual(['01/BC-UBND', '03/BC-UBND']);
    expect(a.documentId).not.toBe(b.documentId);
    expect(driveState(env).files[b.documentId].name).toBe('03-BC-UBND Báo cáo tuyên truyền CCHC Quý I-2024');
    expect(rows(sandbox, SHEETS.reports).map((r) => [r[REPORT_COLUMNS.number], r[REPORT_COLUMNS.kind]])).toEqual([
      ['01/BC-UBND', 'Lần đầu'],
      ['02/BC-UBND', 'Lần đầu'],
      ['03/BC-UBND', 'Thay thế, bổ sung Báo cáo số 01/BC-UBND'],
    ]);
    expect(docText(env, b.documentId)).toContain('báo cáo này thay thế, bổ sung Báo cáo số 01/BC-UBND ngày 15/03/2024 như sau:');
    // The next replacement replaces the latest one.
    expectThrows(() => generate(sandbox, { period: 'Quý I/2024', again: 'yes' }), /"again" phải là true hoặc false/);
    expect(generate(sandbox, { period: 'Quý I/2024', again: true }).number).toBe('04/BC-UBND');
    expect(rows(sandbox, SHEETS.reports).pop()![REPORT_COLUMNS.kind]).toBe('Thay thế, bổ sung Báo cáo số 03/BC-UBND');
  });

  test('the Docs API failing costs the report nothing (its rows may then split across pages)', () => {
    const { env, sandbox } = seeded();
    env.faults.add({ method: 'Documents.batchUpdate', message: 'Docs API unavailable' });
    const r = generate(sandbox, { period: 'Quý I/2024' });
    expect(r.number).toBe('01/BC-UBND');
    expect(rows(sandbox, SHEETS.reports)[0][REPORT_COLUMNS.url]).toBe(r.url);
    expect(env.logs.some((l) => /table rows not kept whole: .*Docs API unavailable/.test(l.message))).toBe(true);
  });

  test('a number given but not made does not count as the period\'s report', () => {
    const { env, sandbox } = seeded();
    env.faults.add({ method: 'DocumentApp.openById', nth: 1, message: 'Service unavailable: Documents' }); // opening the copied template
    expectThrows(() => generate(sandbox, { period: 'Quý I/2024' }), /Chưa tạo xong báo cáo số 01\/BC-UBND/);
    expect(generate(sandbox, { period: 'Quý I/2024' }).number).toBe('02/BC-UBND');
  });

  test.each([
    ['the report folder was stored', 2],
    ['the report template was stored', 3],
    ['the report was made and logged', 4],
  ])('releasing the lock failing after %s is not a failure (no "Không tạo được" row)', (_what, nth) => {
    const { env, sandbox } = seeded();
    // releaseLock calls at a workbook's first report: 1 after the number, 2 after the folder's id
    // was stored, 3 after the template's, 4 after the log row.
    env.faults.add({ method: 'Lock.releaseLock', nth, message: 'Lock service failed' });
    const r = generate(sandbox, { period: 'Quý I/2024' });
    expect(r.number).toBe('01/BC-UBND');
    const log = rows(sandbox, SHEETS.reports);
    expect(log).toHaveLength(1);
    expect(log[0][REPORT_COLUMNS.url]).toBe(r.url);
    expect(docText(env, r.documentId)).toContain('Số: 01/BC-UBND');
    // The fault did fire, and the executions log says so.
    expect(env.logs.filter((l) => l.level === 'warn' && l.message.includes('Lock service failed'))).toHaveLength(1);
  });

  test('restarts on 1 January: one counter per year of the report date', () => {
    const { env, sandbox } = seeded('2024-12-20T09:00:00+07:00');
    expect(generate(sandbox, { period: 'Năm 2024' }).number).toBe('01/BC-UBND');
    expect(generate(sandbox, { period: 'Năm 2024', again: true }).number).toBe('02/BC-UBND');
    env.clock.set('2025-01-03T08:00:00+07:00');
    const next = generate(sandbox, { period: 'Năm 2024', again: true });
    expect(next.number).toBe('01/BC-UBND');
    expect(docText(env, next.documentId)).toContain('Tân Việt, ngày 03 tháng 01 năm 2025');
    // The date on the report decides the year, not the clock.
    expect(generate(sandbox, { period: 'Năm 2024', issuedOn: '2024-12-31', again: true }).number).toBe('03/BC-UBND');
    expect(generate(sandbox, { period: 'Năm 2024', again: true }).number).toBe('02/BC-UBND');
    expect(rows(sandbox, SHEETS.reports).map((r) => `${r[REPORT_COLUMNS.year]}:${r[REPORT_COLUMNS.number]}`)).toEqual([
      '2024:01/BC-UBND',
      '2024:02/BC-UBND',
      '2025:01/BC-UBND',
      '2024:03/BC-UBND',
      '2025:02/BC-UBND',
    ]);
  });

  test('a failure after the number was taken never gives that number again', () => {
    const { env, sandbox } = seeded();
    env.faults.add({ method: 'DocumentApp.openById', nth: 1, message: 'Service unavailable: Documents' }); // opening the copied template
    expectThrows(() => generate(sandbox, { period: 'Quý I/2024' }), /Chưa tạo xong báo cáo số 01\/BC-UBND: Service unavailable: Documents[\s\S]*sẽ không dùng lại/);
    const log = rows(sandbox, SHEETS.reports);
    expect(log).toHaveLength(1);
    expect(log[0][REPORT_COLUMNS.number]).toBe('01/BC-UBND');
    expect(String(log[0][REPORT_COLUMNS.url])).toMatch(/^Không tạo được: Service unavailable/);
    expect(generate(sandbox, { period: 'Quý I/2024' }).number).toBe('02/BC-UBND');
  });

  test('the number stays used even when the log cannot be written at all', () => {
    const { env, sandbox } = seeded();
    // The log row and the "not made" row both fail: only the document properties remember.
    env.faults.add({ method: 'Range.setValues', times: 2, message: 'Service Spreadsheets failed' });
    expectThrows(() => generate(sandbox, { period: 'Quý I/2024' }), /01\/BC-UBND[\s\S]*Tài liệu đã tạo: https:\/\/docs\.google\.com/);
    expect(rows(sandbox, SHEETS.reports)).toHaveLength(0);
    expect(generate(sandbox, { period: 'Quý I/2024' }).number).toBe('02/BC-UBND');
  });

  test('numbers already in the log (typed by the office) are never given again', () => {
    const { sandbox } = seeded();
    appendRows(sandbox, SHEETS.reports, [['07/BC-UBND', 2024, 'Quý IV/2023', '', '', '', 'vanphong', 'giấy'], ['12/BC-UBND', 2023, 'Năm 2023', '', '', '', '', '']]);
    expect(generate(sandbox, { period: 'Quý I/2024' }).number).toBe('08/BC-UBND');
  });

  test('is taken under the script lock: when another execution holds it, nothing is made', () => {
    const { env, sandbox } = seeded();
    holdLockElsewhere(env, 'script', true);
    expectThrows(() => generate(sandbox, { period: 'Quý I/2024' }), /Bảng tính đang bận/);
    holdLockElsewhere(env, 'script', false);
    expect(documentCount(env)).toBe(0);
    expect(generate(sandbox, { period: 'Quý I/2024' }).number).toBe('01/BC-UBND');
  });
});

describe('periods and windows', () => {
  const CASES: [string, string, string, string, string, string][] = [
    // text, nd09 from, to, calendar from, to, phrase in the subtitle
    ['Quý I/2024', '2023-12-15', '2024-03-14', '2024-01-01', '2024-03-31', 'Quý I năm 2024'],
    ['Quý II/2024', '2024-03-15', '2024-06-14', '2024-04-01', '2024-06-30', 'Quý II năm 2024'],
    ['Quý III/2024', '2024-06-15', '2024-09-14', '2024-07-01', '2024-09-30', 'Quý III năm 2024'],
    ['Quý IV/2024', '2024-09-15', '2024-12-14', '2024-10-01', '2024-12-31', 'Quý IV năm 2024'],
    ['6 tháng đầu năm 2024', '2023-12-15', '2024-06-14', '2024-01-01', '2024-06-30', '6 tháng đầu năm 2024'],
    ['6 tháng cuối năm 2024', '2024-06-15', '2024-12-14', '2024-07-01', '2024-12-31', '6 tháng cuối năm 2024'],
    ['9 tháng năm 2024', '2023-12-15', '2024-09-14', '2024-01-01', '2024-09-30', '9 tháng năm 2024'],
    ['Năm 2024', '2023-12-15', '2024-12-14', '2024-01-01', '2024-12-31', 'năm 2024'],
  ];
  const dmy = (iso: string) => `${iso.slice(8)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

  test.each(['nd09', 'calendar'] as const)('every period kind gets its window under the %s rule, in the result, the log and the Doc', (rule) => {
    const { env, sandbox } = seeded('2025-01-10T09:00:00+07:00');
    if (rule === 'calendar') setSetting(sandbox, 'Cách tính kỳ báo cáo', 'Lịch');
    for (const [text, nFrom, nTo, cFrom, cTo, phrase] of CASES) {
      const [from, to] = rule === 'nd09' ? [nFrom, nTo] : [cFrom, cTo];
      const r = generate(sandbox, { period: text });
      expect([text, r.from, r.to]).toEqual([text, from, to]);
      const doc = docText(env, r.documentId);
      expect(doc).toContain(`Kết quả thực hiện công tác tuyên truyền cải cách hành chính ${phrase}`);
      expect(doc).toContain(`(số liệu từ ngày ${dmy(from)} đến ngày ${dmy(to)})`);
      const p = preview(sandbox, { period: text });
      expect([p.from, p.to, p.rule]).toEqual([from, to, rule]);
    }
    const custom = generate(sandbox, { period: '01/02/2024 - 29/02/2024' });
    expect([custom.from, custom.to]).toEqual(['2024-02-01', '2024-02-29']);
    expect(docText(env, custom.documentId)).toContain('Kết quả thực hiện công tác tuyên truyền cải cách hành chính từ ngày 01/02/2024 đến ngày 29/02/2024');
    const log = rows(sandbox, SHEETS.reports);
    expect(log).toHaveLength(CASES.length + 1);
    expect(log[log.length - 1][REPORT_COLUMNS.period]).toBe('Từ ngày 01/02/2024 đến ngày 29/02/2024');
  });

  test('periods are read as the office types them: no diacritics, any case', () => {
    const { sandbox } = seeded();
    expect(preview(sandbox, { period: 'quy 2 nam 2024' }).period).toBe('Quý II/2024');
    expect(preview(sandbox, { period: '6 THÁNG 2024' }).period).toBe('6 tháng đầu năm 2024');
    expect(preview(sandbox, { period: 'Qu\u0079\u0301 IV/2024' }).period).toBe('Quý IV/2024'); // NFD
  });
});

describe('figures', () => {
  /** Entries at the windows' edges, under both rules, on two channels and one status-only. */
  const ENTRIES: [string, string, string, number][] = [
    ['NV04', '2023-12-14', 'Tin bài trên trang TTĐT', 100], // before every 2024 window
    ['NV04', '2023-12-15', 'Tin bài trên trang TTĐT', 1], // nd09 Q1 only
    ['NV03', '2024-01-02', 'Phát thanh', 2],
    ['NV04', '2024-03-14', 'Tin bài trên trang TTĐT', 4], // nd09 Q1, calendar Q1
    ['NV04', '2024-03-20', 'Tin bài trên trang TTĐT', 8], // nd09 Q2, calendar Q1
    ['NV03', '2024-06-14', 'Phát thanh', 16],
    ['NV03', '2024-06-15', 'Phát thanh', 32], // nd09 Q3, calendar Q2
    ['NV04', '2024-09-30', 'Tin bài trên trang TTĐT', 64], // nd09 Q4, calendar Q3
    ['NV03', '2024-12-14', 'Phát thanh', 128],
    ['NV03', '2024-12-20', 'Phát thanh', 256], // nd09: next year's Q1; calendar Q4
    ['NV05', '2024-02-01', '', 0], // a status update: no product
  ];

  function withEntries(rule: 'nd09' | 'calendar') {
    const t = seeded('2025-01-10T09:00:00+07:00');
    if (rule === 'calendar') setSetting(t.sandbox, 'Cách tính kỳ báo cáo', 'Lịch');
    appendRows(t.sandbox, SHEETS.progress, ENTRIES.map(([code, date, channel, q]) => progressRow(code, date, channel, q)));
    return t;
  }

  const totals = (p: ReportPreview) => Object.fromEntries(p.channels.filter((c) => c.quantity).map((c) => [c.channel, c.quantity]));

  test.each(['nd09', 'calendar'] as const)('quarters add up to 6 and 9 months and the year (%s)', (rule) => {
    const { sandbox } = withEntries(rule);
    const sumOf = (p: ReportPreview) => p.channels.reduce((s, c) => s + c.quantity, 0);
    const q = ['Quý I/2024', 'Quý II/2024', 'Quý III/2024', 'Quý IV/2024'].map((period) => sumOf(preview(sandbox, { period })));
    const h1 = sumOf(preview(sandbox, { period: '6 tháng đầu năm 2024' }));
    const h2 = sumOf(preview(sandbox, { period: '6 tháng cuối năm 2024' }));
    const m9 = sumOf(preview(sandbox, { period: '9 tháng năm 2024' }));
    const year = sumOf(preview(sandbox, { period: 'Năm 2024' }));
    expect(h1).toBe(q[0] + q[1]);
    expect(h2).toBe(q[2] + q[3]);
    expect(m9).toBe(q[0] + q[1] + q[2]);
    expect(year).toBe(q[0] + q[1] + q[2] + q[3]);
    if (rule === 'nd09') {
      expect(q).toEqual([1 + 2 + 4, 8 + 16, 32, 64 + 128]);
    } else {
      expect(q).toEqual([2 + 4 + 8, 16 + 32, 64, 128 + 256]);
    }
    // Per channel too.
    const byChannel = ['Quý I/2024', 'Quý II/2024', 'Quý III/2024', 'Quý IV/2024'].map((period) => totals(preview(sandbox, { period })));
    const yearByChannel = totals(preview(sandbox, { period: 'Năm 2024' }));
    for (const channel of Object.keys(yearByChannel)) {
      expect(byChannel.reduce((s, t) => s + (t[channel] ?? 0), 0)).toBe(yearByChannel[channel]);
    }
  });

  test('the preview shows the figures, the tasks and prefilled texts without writing anything', () => {
    const { env, sandbox } = withEntries('nd09');
    const before = values(sandbox, SHEETS.reports);
    env.calls.reset();
    const p = preview(sandbox, { period: 'Quý I/2024', issuedOn: '2024-03-18' });
    expect(env.calls.count('Range.setValues') + env.calls.count('Range.setValue')).toBe(0);
    expect(env.calls.total('DocumentApp') + env.calls.total('DriveApp')).toBe(0);
    expect(values(sandbox, SHEETS.reports)).toEqual(before);
    expect(p).toMatchObject({ period: 'Quý I/2024', from: '2023-12-15', to: '2024-03-14', issuedOn: '2024-03-18', nextNumber: '01/BC-UBND', existing: null, outsidePlanYear: false });
    expect(p.channels.find((c) => c.channel === 'Tin bài trên trang TTĐT')).toEqual({ channel: 'Tin bài trên trang TTĐT', unit: 'tin, bài', quantity: 5, participants: 0 });
    expect(p.channels.find((c) => c.channel === 'Phát thanh')).toEqual({ channel: 'Phát thanh', unit: 'chuyên mục', quantity: 2, participants: 0 });
    expect(p.tasks).toHaveLength(8);
    expect(p.tasks[3].done).toMatch(/^- Đăng 5 tin, bài trên Trang thông tin điện tử\.\nGhi nhận \d+ \(14\/03\/2024\)$/);
    expect(p.sections.map((s) => s.key)).toEqual(['direction', 'strengths', 'weaknesses', 'causes', 'nextSteps', 'proposals']);
    expect(p.officeKeys).toEqual(['causes', 'proposals']);
    // The counts add up, and say what the report says.
    const c = p.counts;
    expect(c.done + c.inProgress + c.overdue + c.notStarted + c.notDue).toBe(c.total);
    expect(p.countsText).toBe(
      (['done', 'inProgress', 'overdue', 'notStarted', 'notDue'] as const)
        .filter((k) => c[k] > 0)
        .map((k) => `${c[k]} nhiệm vụ ${{ done: 'hoàn thành', inProgress: 'đang thực hiện', overdue: 'quá hạn', notStarted: 'chưa triển khai', notDue: 'chưa đến thời hạn' }[k]}`)
        .join(', '),
    );
    expect(p.narrative.strengths).toMatch(/^Đến ngày 14\/03\/2024, /);
    // What the preview promises is what generateReport gives.
    expect(generate(sandbox, { period: 'Quý I/2024', issuedOn: '2024-03-18' }).number).toBe(p.nextNumber);
    expect(preview(sandbox, { period: 'Quý I/2024', issuedOn: '2024-03-18' }).nextNumber).toBe('02/BC-UBND');
  });

  test('a progress row without a readable date is reported, not counted', () => {
    const { sandbox } = seeded();
    appendRows(sandbox, SHEETS.progress, [progressRow('NV03', '2024-03-01', 'Phát thanh', 3), progressRow('NV03', '2024-03-02', 'Phát thanh', 5, { reportDate: 'hôm qua', at: '' })]);
    const p = preview(sandbox, { period: 'Quý I/2024' });
    expect(p.channels.find((c) => c.channel === 'Phát thanh')?.quantity).toBe(3);
    expect(p.problems.join('\n')).toMatch(/1 dòng ở trang "Tiến độ" không có ngày thực hiện đọc được \(dòng 3\)/);
  });
});

describe('user text', () => {
  test('the office\'s text and the plan\'s text reach the Doc as plain text, as written', () => {
    const { env, sandbox } = seeded();
    run(sandbox, `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Kế hoạch'); s.getRange(2, s.getRange(1, 1, 1, s.getLastColumn()).getValues()[0].indexOf('Nhiệm vụ cụ thể') + 1).setValue(args);`, "<b>Tuyên truyền</b> & \"CCHC\" '$&");
    const narrative = {
      direction: '=HYPERLINK("http://evil.example","bấm")\n<script>alert(1)</script> & &amp;',
      proposals: '+84 912 345 678; @mention; -giảm thủ tục',
    };
    const r = generate(sandbox, { period: 'Quý I/2024', narrative });
    const doc = docOf(env, r.documentId);
    const paragraphs = bodyParagraphs(doc);
    expect(paragraphs).toContain('=HYPERLINK("http://evil.example","bấm")');
    expect(paragraphs).toContain('<script>alert(1)</script> & &amp;');
    expect(paragraphs).toContain('+84 912 345 678; @mention; -giảm thủ tục');
    expect(blocksText(doc.body.children)).toContain("<b>Tuyên truyền</b> & \"CCHC\" '$&");
    // Parts not given are prefilled from the data.
    expect(paragraphs.some((p) => p.startsWith('Đến ngày 14/03/2024, '))).toBe(true);
  });

  test('refuses narrative parts that are not text or too long', () => {
    const { env, sandbox } = seeded();
    expectThrows(() => generate(sandbox, { period: 'Quý I/2024', narrative: { direction: 42 } }), /Công tác chỉ đạo, điều hành" phải là văn bản/);
    expectThrows(() => generate(sandbox, { period: 'Quý I/2024', narrative: { causes: 'x'.repeat(20001) } }), /quá dài \(tối đa 20\.000 ký tự\)/);
    expect(documentCount(env)).toBe(0);
  });
});

describe('calls as the data grows', () => {
  /** A workbook with `tasks` tasks (half overdue, none started) and `logRows` progress rows. */
  function workbook(tasks: number, logRows: number) {
    const t = seeded();
    const plan: unknown[][] = [];
    for (let n = 9; n <= tasks; n++) plan.push(planRow(n, n % 2 ? 'Trước ngày 15/02/2024' : 'Quý IV/2024'));
    appendMany(t.sandbox, SHEETS.plan, plan);
    const log: unknown[][] = [];
    for (let i = 0; i < logRows; i++) {
      const n = 1 + (i % 8);
      log.push(progressRow(`NV0${n}`, `2024-0${1 + (i % 3)}-${String(1 + (i % 28)).padStart(2, '0')}`, i % 2 ? 'Phát thanh' : 'Hội nghị', 1 + (i % 3)));
    }
    appendMany(t.sandbox, SHEETS.progress, log);
    // A first report creates the folder: measure the second.
    generate(t.sandbox, { period: 'Quý I/2024' });
    t.env.calls.reset();
    const r = generate(t.sandbox, { period: 'Quý I/2024', again: true });
    const d = docOf(t.env, r.documentId);
    const taskTable = d.body.children.filter((b) => b.kind === 'table')[1];
    return {
      spreadsheet: t.env.calls.total('SpreadsheetApp'),
      getValues: t.env.calls.count('Range.getValues'),
      setValues: t.env.calls.count('Range.setValues'),
      document: t.env.calls.total('DocumentApp'),
      drive: t.env.calls.total('DriveApp'),
      rows: taskTable.kind === 'table' ? taskTable.rows.length : 0,
      overdue: blocksText(d.body.children).split(/[\n\r]/).filter((l) => /^- Nhiệm vụ thử số \d+ \(chủ trì: .*\): hạn 15\/02\/2024/.test(l)).length,
    };
  }

  test('the same Spreadsheet, DocumentApp and Drive calls at 10 tasks and at 1,000 tasks with 10,000 log rows', () => {
    const small = workbook(10, 20);
    const large = workbook(1000, 10000);
    expect(small.rows).toBe(11);
    expect(large.rows).toBe(1001);
    expect(large.overdue).toBe(496); // every odd task from NV09 on: the list grows, the calls do not
    expect(large.spreadsheet).toBe(small.spreadsheet);
    expect(large.getValues).toBe(small.getValues);
    expect(large.setValues).toBe(1);
    expect(small.setValues).toBe(1);
    expect(large.document).toBe(small.document);
    expect(large.drive).toBe(small.drive);
  });
});

describe('the dialog', () => {
  test('"Tạo báo cáo định kỳ" opens the dialog, which starts from the report due next', () => {
    const { env, sandbox } = seeded();
    sandbox.call('showReportDialog');
    const dialog = env.ui.find((e) => e.kind === 'dialog');
    expect(dialog?.title).toBe('Tạo báo cáo định kỳ');
    expect(dialog?.html).toContain('Xem số liệu');
    expect(dialog?.html).toContain('Tạo báo cáo');
    const menu = (sandbox.call('onOpen', [{}]), env.ui.filter((e) => e.kind === 'menu').pop());
    const items = (menu?.menu?.items ?? []).flatMap((i) => ('functionName' in i ? [`${i.caption}:${i.functionName}`] : []));
    expect(items).toEqual(expect.arrayContaining(['Tạo báo cáo định kỳ:showReportDialog', 'Cập nhật trang Tổng hợp:refreshDashboard']));

    // The period whose cut-off most recently passed and that has no report yet.
    // 15/3: Quý I's data closed on 14/3.
    expect(sandbox.call('getReportOptions')).toMatchObject({ today: '2024-03-15', rule: 'nd09', suggested: { kind: 'q1', year: 2024 }, folder: 'Báo cáo CCHC' });
    env.clock.set('2024-03-25T09:00:00+07:00');
    expect(sandbox.call('getReportOptions')).toMatchObject({ suggested: { kind: 'q1', year: 2024 } });
    // Once Quý I is reported: the next one.
    generate(sandbox, { period: 'Quý I/2024' });
    expect(sandbox.call('getReportOptions')).toMatchObject({ suggested: { kind: 'h1', year: 2024 } });
    env.clock.set('2024-06-20T09:00:00+07:00');
    expect(sandbox.call('getReportOptions')).toMatchObject({ suggested: { kind: 'h1', year: 2024 } });
    env.clock.set('2024-12-20T09:00:00+07:00');
    expect(sandbox.call('getReportOptions')).toMatchObject({ suggested: { kind: 'year', year: 2024 } });
    env.clock.set('2024-12-28T09:00:00+07:00');
    expect(sandbox.call('getReportOptions')).toMatchObject({ suggested: { kind: 'year', year: 2024 } });
    generate(sandbox, { period: 'Năm 2024' });
    expect(sandbox.call('getReportOptions')).toMatchObject({ suggested: { kind: 'q1', year: 2025 } });
    // A period outside the plan year is warned about before it uses a number.
    const outside = preview(sandbox, { period: 'Quý I/2025' });
    expect(outside.outsidePlanYear).toBe(true);
    expect(outside.problems[0]).toMatch(/^Kỳ Quý I\/2025 nằm ngoài năm kế hoạch 2024/);
    expect(preview(sandbox, { period: 'Năm 2024' }).outsidePlanYear).toBe(false);
    setSetting(sandbox, 'Cách tính kỳ báo cáo', 'Lịch');
    // Calendar quarters: on 28/12 the year's data is still open; 9 months closed on 30/9.
    expect(sandbox.call('getReportOptions')).toMatchObject({ rule: 'calendar', suggested: { kind: 'm9', year: 2024 } });
  });
});

describe('"Tổng hợp"', () => {
  const dashboard = (sandbox: Sandbox) => (values(sandbox, SHEETS.dashboard) ?? []).map((r) => r.map((c) => (c === '' ? '' : c)));
  const rowOf = (v: unknown[][], first: string) => v.find((r) => r[0] === first);

  test('shows tasks by status and by lead, and figures by channel per quarter adding up to the year', () => {
    const { env, sandbox } = seeded('2024-10-02T09:00:00+07:00');
    appendRows(sandbox, SHEETS.progress, [
      progressRow('NV03', '2024-01-05', 'Phát thanh', 3),
      progressRow('NV03', '2024-05-05', 'Phát thanh', 4),
      progressRow('NV04', '2024-09-20', 'Tin bài trên trang TTĐT', 5),
    ]);
    run(sandbox, `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Kế hoạch'); const c = s.getRange(1, 1, 1, s.getLastColumn()).getValues()[0].indexOf('Trạng thái') + 1; s.getRange(4, c).setValue('Hoàn thành'); s.getRange(5, c).setValue('Đang thực hiện');`);
    const summary = sandbox.call('refreshDashboard') as { tasks: number };
    expect(summary.tasks).toBe(8);
    const v = dashboard(sandbox);
    expect(v[0][0]).toBe('TỔNG HỢP THỰC HIỆN KẾ HOẠCH TUYÊN TRUYỀN CCHC NĂM 2024');
    expect(rowOf(v, 'Hoàn thành')?.slice(0, 2)).toEqual(['Hoàn thành', 1]);
    expect(rowOf(v, 'Đang thực hiện')?.slice(0, 2)).toEqual(['Đang thực hiện', 1]);
    expect(rowOf(v, 'Chưa thực hiện')?.slice(0, 2)).toEqual(['Chưa thực hiện', 6]);
    // NV03 (done) and NV04 (in progress); columns: total, then STATUSES (not started, in progress, done), overdue.
    expect(rowOf(v, 'Đài truyền thanh xã')?.slice(0, 6)).toEqual(['Đài truyền thanh xã', 2, 0, 1, 1, 0]);
    // nd09: 5/1 in Quý I, 5/5 in Quý II, 20/9 in Quý IV (from 15/9).
    expect(rowOf(v, 'Phát thanh (chuyên mục)')).toEqual(['Phát thanh (chuyên mục)', 3, 4, 0, 0, 7]);
    expect(rowOf(v, 'Tin bài trên trang TTĐT (tin, bài)')).toEqual(['Tin bài trên trang TTĐT (tin, bài)', 0, 0, 0, 5, 5]);
    // Channels of different units are never added up.
    expect(v.some((r) => r[0] === 'Tổng cộng' && r[5] === 12)).toBe(false);
    expect(env.ui.some((e) => e.kind === 'toast' && /Đã cập nhật trang "Tổng hợp"/.test(String(e.message)))).toBe(true);

    // Rebuilt, not appended to: a second run gives the same sheet.
    sandbox.call('refreshDashboard');
    expect(dashboard(sandbox)).toEqual(v);
  });

  test('writes one block whatever the size of the plan and the log', () => {
    const count = (tasks: number, log: number) => {
      const { env, sandbox } = seeded();
      appendMany(sandbox, SHEETS.plan, Array.from({ length: tasks - 8 }, (_, i) => planRow(9 + i, 'Quý II/2024', i % 2 ? 'Đài truyền thanh xã' : `Tổ công tác số ${i}`)));
      appendMany(sandbox, SHEETS.progress, Array.from({ length: log }, (_, i) => progressRow(`NV0${1 + (i % 8)}`, '2024-02-01', 'Hội nghị', 1)));
      sandbox.call('refreshDashboard');
      env.calls.reset();
      sandbox.call('refreshDashboard');
      return { spreadsheet: env.calls.total('SpreadsheetApp'), setValues: env.calls.count('Range.setValues'), rows: (values(sandbox, SHEETS.dashboard) ?? []).length };
    };
    const small = count(10, 10);
    const large = count(1000, 10000);
    expect(large.rows).toBeGreaterThan(small.rows + 400); // one row per lead
    expect(large.spreadsheet).toBe(small.spreadsheet);
    expect(large.setValues).toBe(1);
  });
});
