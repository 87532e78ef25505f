/** Importing a plan's appendix table into the sheet, on the built bundle. */
import fs from 'node:fs';
import path from 'node:path';
import { loadSandbox } from '../support/sandbox';
import { Workbook } from '../../emulator/services/spreadsheet/model';
import { appendRows, backgrounds, notes, rows, run, values } from '../support/sheets';
import { PLAN_COLUMNS, SHEETS } from '../../src/core/schema';

const HEADER = ['STT', 'Nhiệm vụ cụ thể', 'Sản phẩm/kết quả', 'Cán bộ, công chức chủ trì', 'Cán bộ, công chức phối hợp', 'Thời gian thực hiện'];
const TABLE = [
  HEADER,
  ['1', 'Tuyên truyền phòng cháy chữa cháy\ntrong khu dân cư', 'Tin bài', 'Đài truyền thanh xã', 'Các cán bộ, công chức liên quan', 'Quý II/2024'],
  ['2', '=HYPERLINK("http://x")', 'Pano', 'Công chức Văn hóa - Thông tin', '', 'Tháng 6/2024'],
  ['3', 'Hội nghị <b>tập huấn</b>', 'Hội nghị', 'Công chức Tư pháp', '', 'Khi nào xong'],
];

function seeded() {
  const t = loadSandbox({ now: '2024-02-01T08:00:00+07:00' });
  t.sandbox.call('setupWorkbook');
  return t;
}

describe('importPlanRows', () => {
  test('adds the tasks with new codes after the seeded ones, and a second import adds nothing', () => {
    const { sandbox } = seeded();
    const first = sandbox.call('importPlanRows', [TABLE]) as { added: number; updated: number; codes: string[]; problems: string[] };
    expect(first).toMatchObject({ added: 3, updated: 0, codes: ['NV09', 'NV10', 'NV11'] });
    const plan = rows(sandbox, SHEETS.plan);
    expect(plan).toHaveLength(11);
    expect(plan[8][PLAN_COLUMNS.task]).toBe('Tuyên truyền phòng cháy chữa cháy trong khu dân cư');
    expect(plan[8][PLAN_COLUMNS.deadline]).toBe('2024-06-29T17:00:00.000Z');
    // Formula-looking text is kept as the text typed, never evaluated.
    expect(plan[9][PLAN_COLUMNS.task]).toBe('=HYPERLINK("http://x")');
    const formula = run(sandbox, `var sh = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Kế hoạch'); var c = sh.getRange(1, 1, 1, sh.getLastColumn()).getValues()[0].indexOf('${PLAN_COLUMNS.task}') + 1; return sh.getRange(11, c).getFormula() + '|' + sh.getRange(11, c).getValue();`);
    expect(formula).toBe('|=HYPERLINK("http://x")');
    expect(plan[10][PLAN_COLUMNS.task]).toBe('Hội nghị <b>tập huấn</b>');

    const second = sandbox.call('importPlanRows', [TABLE]) as { added: number; updated: number; unchanged: number };
    expect(second).toMatchObject({ added: 0, updated: 0, unchanged: 3 });
    expect(rows(sandbox, SHEETS.plan)).toHaveLength(11);
  });

  test('a plan sheet with the plan\'s title above its header: new tasks go below the last task, under their own headers; a change updates the right row', () => {
    const { sandbox } = seeded();
    run(sandbox, `var sh = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Kế hoạch'); sh.insertRowsBefore(1, 2); sh.getRange(1, 1).setValue('KẾ HOẠCH TUYÊN TRUYỀN CCHC NĂM 2024');`);
    const first = sandbox.call('importPlanRows', [TABLE]) as { added: number; codes: string[] };
    expect(first).toMatchObject({ added: 3, codes: ['NV09', 'NV10', 'NV11'] });
    const v = values(sandbox, SHEETS.plan)!;
    expect(v[0][0]).toBe('KẾ HOẠCH TUYÊN TRUYỀN CCHC NĂM 2024');
    const header = v[2] as string[];
    const at = (k: keyof typeof PLAN_COLUMNS) => header.indexOf(PLAN_COLUMNS[k]);
    expect(v.slice(3).map((r) => r[at('code')])).toEqual(['NV01', 'NV02', 'NV03', 'NV04', 'NV05', 'NV06', 'NV07', 'NV08', 'NV09', 'NV10', 'NV11']);
    expect(v[11][at('task')]).toBe('Tuyên truyền phòng cháy chữa cháy trong khu dân cư');
    expect(v[11][at('timeframe')]).toBe('Quý II/2024');
    const changed = TABLE.map((r) => [...r]);
    changed[1][5] = 'Quý III/2024';
    expect(sandbox.call('importPlanRows', [changed])).toMatchObject({ added: 0, updated: 1 });
    const after = values(sandbox, SHEETS.plan)!;
    expect(after[11][at('timeframe')]).toBe('Quý III/2024');
    expect(after[0][0]).toBe('KẾ HOẠCH TUYÊN TRUYỀN CCHC NĂM 2024');
    expect(after.slice(0, 3)).toEqual(v.slice(0, 3));
  });

  test('a changed cell of a known task is an update, not a new task', () => {
    const { sandbox } = seeded();
    sandbox.call('importPlanRows', [TABLE]);
    const changed = TABLE.map((r) => [...r]);
    changed[1][5] = 'Quý III/2024';
    const r = sandbox.call('importPlanRows', [changed]) as { added: number; updated: number };
    expect(r).toMatchObject({ added: 0, updated: 1 });
    const plan = rows(sandbox, SHEETS.plan);
    expect(plan[8][PLAN_COLUMNS.timeframe]).toBe('Quý III/2024');
    expect(plan[8][PLAN_COLUMNS.code]).toBe('NV09');
  });

  test('a deleted task\'s code is never given to a new task (its progress rows still name it)', () => {
    const { sandbox } = seeded();
    expect((sandbox.call('importPlanRows', [TABLE]) as { codes: string[] }).codes).toEqual(['NV09', 'NV10', 'NV11']);
    // The office deletes the last imported task (NV11, sheet row 12) and the seeded NV08 (row 9).
    run(sandbox, `var sh = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Kế hoạch'); sh.deleteRow(12); sh.deleteRow(9);`);
    expect(rows(sandbox, SHEETS.plan).map((r) => r[PLAN_COLUMNS.code])).not.toContain('NV11');
    const added = [HEADER, ['1', 'Nhiệm vụ bổ sung sau khi xóa', 'Tin bài', 'Đài truyền thanh xã', '', 'Quý III/2024']];
    const preview = sandbox.call('importPlanRows', [added, { dryRun: true }]) as { preview: { toAdd: { code: string }[] } };
    expect(preview.preview.toAdd.map((t) => t.code)).toEqual(['NV12']);
    const r = sandbox.call('importPlanRows', [added]) as { added: number; codes: string[] };
    expect(r).toMatchObject({ added: 1, codes: ['NV12'] });
    const codes = rows(sandbox, SHEETS.plan).map((x) => x[PLAN_COLUMNS.code]);
    expect(codes.filter((c) => c === 'NV12')).toHaveLength(1);
    expect(codes).not.toContain('NV11');
    expect(codes).not.toContain('NV08');
  });

  test('dryRun only previews; an unreadable timeframe shows in the preview', () => {
    const { sandbox } = seeded();
    const r = sandbox.call('importPlanRows', [TABLE, { dryRun: true }]) as { added: number; preview: { toAdd: { code: string; timeframeProblem: string }[] } };
    expect(r.added).toBe(0);
    expect(r.preview.toAdd.map((t) => t.code)).toEqual(['NV09', 'NV10', 'NV11']);
    expect(r.preview.toAdd[2].timeframeProblem).toMatch(/Khi nào xong/);
    expect(rows(sandbox, SHEETS.plan)).toHaveLength(8);
  });

  test('pasted text from Word (tab-separated, quoted multi-line cells) goes through the dialog functions', () => {
    const { sandbox } = seeded();
    const text = TABLE.map((r) => r.map((c) => (/[\n\t"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join('\t')).join('\r\n');
    const preview = sandbox.call('previewImport', [text]) as { toAdd: unknown[] };
    expect(preview.toAdd).toHaveLength(3);
    const done = sandbox.call('importPlanText', [text]) as { added: number };
    expect(done.added).toBe(3);
  });

  test('a paste without a header row is refused with a Vietnamese explanation, and nothing is written', () => {
    const { sandbox } = seeded();
    const preview = sandbox.call('importPlanRows', [TABLE.slice(1), { dryRun: true }]) as { preview: { importable: boolean; problems: string[] } };
    expect(preview.preview.importable).toBe(false);
    expect(preview.preview.problems.join(' ')).toMatch(/tiêu đề/i);
    // The menu function refuses (an alert) instead of answering "0 tasks added".
    expect(sandbox.call('importPlanRows', [TABLE.slice(1)])).toBeNull();
    expect(rows(sandbox, SHEETS.plan)).toHaveLength(8);
    expect(() => sandbox.call('previewImport', [''])).toThrow(/Chưa dán bảng nào/);
    expect(() => sandbox.call('previewImport', [{ html: '', text: '  ' }])).toThrow(/Chưa dán bảng nào/);
  });
});

describe('cells of an imported table are kept as typed, whatever the spreadsheet\'s locale', () => {
  test('a date-like "Thời gian thực hiện" in an en_US spreadsheet gives the deadline the text says', () => {
    const workbook = new Workbook('Theo dõi kế hoạch CCHC', { locale: 'en_US' });
    const { sandbox } = loadSandbox({ now: '2024-02-01T08:00:00+07:00', workbook });
    sandbox.call('setupWorkbook');
    sandbox.call('importPlanRows', [[HEADER, ['9', 'Niêm yết TTHC mới', '01', 'Bộ phận Một cửa UBND xã', '', '05/03/2024']]]);
    const plan = rows(sandbox, SHEETS.plan);
    const added = plan[plan.length - 1];
    expect(added[PLAN_COLUMNS.timeframe]).toBe('05/03/2024');
    expect(added[PLAN_COLUMNS.product]).toBe('01');
    const checked = sandbox.call('validatePlan') as { tasks: { code: string; deadline: string | null }[] };
    expect(checked.tasks.find((t) => t.code === 'NV09')?.deadline).toBe('2024-03-05');
  });
});

describe('import of garbage: nothing importable, no import', () => {
  test.each([
    ['a letter, not a table', 'Kính gửi: UBND xã Tân Việt\r\nV/v báo cáo kết quả CCHC quý I\r\n'],
    ['a header and nothing else', 'STT\tNhiệm vụ cụ thể\tSản phẩm/kết quả\tCán bộ, công chức chủ trì\tCán bộ, công chức phối hợp\tThời gian thực hiện\r\n'],
    ['numbers from a spreadsheet', '12\t13\t14\r\n15\t16\t17\r\n'],
  ])('%s: the preview says why and importPlanText refuses with the same words', (_name, text) => {
    const { sandbox } = seeded();
    const preview = sandbox.call('previewImport', [text]) as { importable: boolean; problems: string[]; toAdd: unknown[] };
    expect(preview.importable).toBe(false);
    expect(preview.toAdd).toEqual([]);
    expect(preview.problems.length).toBeGreaterThan(0);
    let message = '';
    try {
      sandbox.call('importPlanText', [text]);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(preview.problems[0]);
    expect(message).not.toMatch(/Đã thêm/);
    expect(rows(sandbox, SHEETS.plan)).toHaveLength(8);
  });
});

describe('the clipboard HTML through previewImport / importPlanText', () => {
  const html = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'clipboard', 'word-appendix.html'), 'utf8');
  /** Word's text/plain for that table: merged cells collapsed and paragraphs unquoted, so useless. */
  const text = 'PHỤ LỤC\r\nTT\tNội dung nhiệm vụ\tSản phẩm đầu ra\tĐơn vị thực hiện\tThời gian hoàn thành\tGhi chú\r\n\t\t\tChủ trì\tPhối hợp\t\t\r\n';

  test('Word\'s table with headings, merged cells and paragraphs: sections land in "Nhóm"', () => {
    const { sandbox } = seeded();
    const preview = sandbox.call('previewImport', [{ html, text }]) as { importable: boolean; toAdd: { code: string; stt: string; deadline: string; timeframeProblem: string }[] };
    expect(preview.importable).toBe(true);
    // The timeframes as the plan writes them are read (the plan year is 2024 here).
    expect(preview.toAdd.map((t) => [t.deadline, t.timeframeProblem])).toEqual([
      ['20/02/2025', ''],
      ['', ''],
      ['', ''],
      ['31/03/2024', ''],
    ]);
    expect(preview.toAdd.map((t) => [t.code, t.stt])).toEqual([
      ['NV09', '1'],
      ['NV10', '2'],
      ['NV11', '3'],
      ['NV12', '1'],
    ]);
    const done = sandbox.call('importPlanText', [{ html, text }]) as { added: number; codes: string[] };
    expect(done).toMatchObject({ added: 4, codes: ['NV09', 'NV10', 'NV11', 'NV12'] });
    const plan = rows(sandbox, SHEETS.plan);
    expect(plan.slice(8).map((r) => [r[PLAN_COLUMNS.code], r[PLAN_COLUMNS.section], r[PLAN_COLUMNS.timeframe]])).toEqual([
      ['NV09', 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', 'Trước 10 giờ ngày 20/02/2025'],
      ['NV10', 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', 'Thường xuyên'],
      ['NV11', 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', 'Thường xuyên'],
      ['NV12', 'II. TUYÊN TRUYỀN VỀ CẢI CÁCH THỦ TỤC HÀNH CHÍNH', 'Quý I hằng năm'],
    ]);
    // The cell's paragraphs stay lines of the sheet's cell.
    expect(plan[9][PLAN_COLUMNS.task]).toBe('Tuyên truyền kết quả cải cách hành chính trên:\n- Hệ thống truyền thanh xã;\n- Trang thông tin điện tử xã');
    // validatePlan returns each task's section; the same paste again adds nothing.
    const checked = sandbox.call('validatePlan') as { tasks: { code: string; section: string }[] };
    expect(checked.tasks.filter((t) => t.code >= 'NV09').map((t) => t.section)).toEqual([
      'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH',
      'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH',
      'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH',
      'II. TUYÊN TRUYỀN VỀ CẢI CÁCH THỦ TỤC HÀNH CHÍNH',
    ]);
    expect(sandbox.call('importPlanText', [{ html, text }])).toMatchObject({ added: 0, updated: 0, unchanged: 4 });
  });
});

describe('people in an imported plan: never a task for the wrong person', () => {
  const TSV = (rows: string[][]) => rows.map((r) => r.join('\t')).join('\r\n') + '\r\n';
  const PLAN = TSV([
    HEADER,
    ['1', 'Phổ biến Luật Đất đai năm 2024', 'Hội nghị', 'Công chức Văn hóa', 'Phòng Tư pháp huyện', 'Tháng 5/2024'],
    ['2', 'Báo cáo kết quả tuyên truyền CCHC', 'Báo cáo', 'Văn phòng HĐND&UBND xã', 'Bộ Nội vụ; Sở Thông tin và Truyền thông', 'Tháng 11/2024'],
  ]);

  test('outside bodies are shown in the preview and the sheet, kept as written, and no commune official is assigned (so reminded) for them', () => {
    const { sandbox } = seeded();
    const preview = sandbox.call('previewImport', [PLAN]) as { units: { phrase: string; kind: string; suggestion: string; rows: number[] }[] };
    expect(preview.units).toEqual([
      { phrase: 'Công chức Văn hóa', kind: 'unknown', suggestion: 'Công chức Văn hóa - Thông tin', rows: [2] },
      { phrase: 'Phòng Tư pháp huyện', kind: 'outside', suggestion: '', rows: [2] },
      { phrase: 'Bộ Nội vụ', kind: 'outside', suggestion: '', rows: [3] },
      { phrase: 'Sở Thông tin và Truyền thông', kind: 'outside', suggestion: '', rows: [3] },
    ]);
    sandbox.call('importPlanText', [PLAN]);
    const checked = sandbox.call('validatePlan') as { tasks: { code: string; coordinatorText: string; coordinators: { unit: string }[]; leads: { unit: string }[]; outside: string[] }[]; problems: { sheet: string; row: number; column: string; message: string; severity: string }[] };
    const nv09 = checked.tasks.find((t) => t.code === 'NV09')!;
    const nv10 = checked.tasks.find((t) => t.code === 'NV10')!;
    // Not the commune's Tư pháp official, not Văn phòng Đảng ủy - Nội vụ: nobody of the commune.
    expect(nv09.coordinators).toEqual([]);
    expect(nv09.outside).toEqual(['Phòng Tư pháp huyện']);
    expect(nv10.coordinators).toEqual([]);
    expect(nv10.outside).toEqual(['Bộ Nội vụ', 'Sở Thông tin và Truyền thông']);
    expect(nv10.coordinatorText).toBe('Bộ Nội vụ; Sở Thông tin và Truyền thông');
    // Outside bodies are no problem; the near miss is one, with the suggestion.
    expect(checked.problems.filter((p) => p.sheet === SHEETS.plan && (p.row === 10 || p.row === 11)).map((p) => [p.column, p.message])).toEqual([
      [PLAN_COLUMNS.lead, 'NV09: "Công chức Văn hóa" không khớp với đơn vị nào trong trang "Cán bộ". Có phải là "Công chức Văn hóa - Thông tin"? Nếu đúng, thêm "Công chức Văn hóa" vào cột "Tên gọi khác" của đơn vị đó.'],
    ]);
    // The sheet shows them as outside bodies (a note and a blue cell).
    const header = (values(sandbox, SHEETS.plan) ?? [])[0] as string[];
    const c = header.indexOf(PLAN_COLUMNS.coordinator);
    expect(notes(sandbox, SHEETS.plan)[10][c]).toBe('⚠ Kiểm tra kế hoạch: Cơ quan ngoài xã (ghi nguyên văn, không gửi nhắc việc): Bộ Nội vụ; Sở Thông tin và Truyền thông.');
    expect(backgrounds(sandbox, SHEETS.plan)[10][c]).toBe('#cfe2f3');
  });

  test('a suggestion confirmed in the preview becomes an other name of the unit in "Cán bộ"', () => {
    const { sandbox } = seeded();
    const done = sandbox.call('importPlanText', [{ text: PLAN, aliases: [{ phrase: 'Công chức Văn hóa', unit: 'Công chức Văn hóa - Thông tin' }] }]) as { added: number; aliasesAdded: number };
    expect(done).toMatchObject({ added: 2, aliasesAdded: 1 });
    const people = rows(sandbox, SHEETS.people);
    const culture = people.find((p) => p['Đơn vị/chức danh'] === 'Công chức Văn hóa - Thông tin')!;
    expect(culture['Tên gọi khác']).toBe('Công chức Văn hóa - Thông tin TDTT; Công chức Văn hóa - Xã hội; Văn hóa - Thông tin; Công chức Văn hóa');
    const checked = sandbox.call('validatePlan') as { tasks: { code: string; leads: { unit: string }[] }[] };
    expect(checked.tasks.find((t) => t.code === 'NV09')!.leads.map((l) => l.unit)).toEqual(['Công chức Văn hóa - Thông tin']);
    // A unit that is not in the directory is refused, and nothing is written.
    expect(() => sandbox.call('importPlanText', [{ text: PLAN, aliases: [{ phrase: 'Công an xã', unit: 'Công an xã' }] }])).toThrow(/Không có đơn vị "Công an xã"/);
  });
});

describe('the sample plan', () => {
  const PLAN = [HEADER, ['1', 'Tuyên truyền Luật Đất đai năm 2024', 'Hội nghị', 'Công chức Tư pháp', '', 'Quý II/2024']].map((r) => r.join('\t')).join('\r\n');

  test('the first real plan may replace the untouched seeded tasks; codes are still never reused', () => {
    const { sandbox } = seeded();
    const preview = sandbox.call('previewImport', [PLAN]) as { sample: number };
    expect(preview.sample).toBe(8);
    const done = sandbox.call('importPlanText', [{ text: PLAN, replaceSample: true }]) as { added: number; codes: string[]; sampleReplaced: number };
    expect(done).toMatchObject({ added: 1, codes: ['NV09'], sampleReplaced: 8 });
    const plan = rows(sandbox, SHEETS.plan);
    expect(plan.map((r) => [r[PLAN_COLUMNS.code], r[PLAN_COLUMNS.task]])).toEqual([['NV09', 'Tuyên truyền Luật Đất đai năm 2024']]);
    // Now there is no sample left to offer.
    expect((sandbox.call('previewImport', [PLAN]) as { sample: number }).sample).toBe(0);
  });

  test('not offered once a sample task has progress, and the sample is kept unless asked', () => {
    const { sandbox } = seeded();
    appendRows(sandbox, SHEETS.progress, [['2024-02-01 08:00', 'NV01', 'a@b.vn', 'Đang thực hiện', 10, 'Khác', 1, 'Đã làm', '', '2024-02-01', 'Thanh bên', 'id-1']]);
    expect((sandbox.call('previewImport', [PLAN]) as { sample: number }).sample).toBe(0);
    // Asking anyway replaces nothing.
    expect(sandbox.call('importPlanText', [{ text: PLAN, replaceSample: true }])).toMatchObject({ added: 1, sampleReplaced: 0 });
    expect(rows(sandbox, SHEETS.plan)).toHaveLength(9);
  });
});

test('an ambiguous timeframe in a pasted table is flagged in the preview with both readings', () => {
  const { sandbox } = seeded();
  const text = [HEADER, ['1', 'Tổng kết công tác tuyên truyền CCHC', 'Báo cáo', 'Văn phòng HĐND&UBND xã', '', 'Trước tháng 10/2024']].map((r) => r.join('\t')).join('\r\n');
  const preview = sandbox.call('previewImport', [text]) as { toAdd: { timeframeProblem: string }[] };
  expect(preview.toAdd[0].timeframeProblem).toContain('“Trước ngày 30/09/2024” hoặc “Đến hết tháng 10/2024”');
});
