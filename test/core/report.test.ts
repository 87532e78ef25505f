import { buildReport, formatReportNumber, reportFigures, type ReportBlock, type ReportInput, type ReportModel } from '../../src/core/report';
import { parseReportPeriod, periodWindow, reportCalendar, type ReportPeriod } from '../../src/core/periods';
import { addDays } from '../../src/core/dates';
import type { DateWindow, IsoDate, ProgressEntry, Recurrence, Settings, Status, Task, WindowRule } from '../../src/core/types';
import { testSettings } from '../support/fixtures';

const CHANNELS = ['Tin bài trên trang TTĐT', 'Phát thanh', 'Hội nghị', 'Pano, áp phích, băng rôn', 'Niêm yết TTHC', 'Mạng xã hội', 'Khác'];

function settings(over: Partial<Settings> = {}): Settings {
  return testSettings({ officeEmail: 'vanphong@example.invalid', channels: CHANNELS, ...over });
}

function task(code: string, name: string, over: Partial<Task> = {}): Task {
  const recurrence: Recurrence = over.recurrence ?? 'none';
  return {
    code,
    stt: String(Number(code.slice(2))),
    section: '',
    outside: [],
    task: name,
    product: '',
    leadText: 'Văn phòng HĐND&UBND xã',
    coordinatorText: 'Các cán bộ, công chức liên quan',
    timeframeText: '',
    leads: [],
    coordinators: [],
    window: null,
    deadline: null,
    recurring: recurrence !== 'none' && recurrence !== 'on-demand',
    recurrence,
    status: 'Chưa thực hiện',
    percent: 0,
    lastUpdate: null,
    row: Number(code.slice(2)) + 1,
    ...over,
  };
}

let serial = 0;
function entry(taskCode: string, reportDate: IsoDate, over: Partial<ProgressEntry> = {}): ProgressEntry {
  serial += 1;
  return {
    at: `${reportDate}T09:00:00+07:00`,
    taskCode,
    reporter: 'canbo@example.invalid',
    status: 'Đang thực hiện',
    percent: 50,
    channel: '',
    quantity: 0,
    note: '',
    evidenceUrl: '',
    reportDate,
    source: 'sidebar',
    submissionId: `s${serial}`,
    ...over,
  };
}

function period(text: string, rule: WindowRule = 'nd09'): ReportPeriod {
  const r = parseReportPeriod(text, rule);
  if (!r.ok) throw new Error(r.message);
  return r.period;
}

function input(over: Partial<ReportInput> = {}): ReportInput {
  return {
    settings: settings(),
    tasks: [task('NV01', 'Tăng cường tuyên truyền CCHC trong nội bộ UBND xã', { recurrence: 'continuous' })],
    entries: [],
    period: period('Quý I/2024'),
    number: 5,
    issuedOn: '2024-03-05',
    ...over,
  };
}

function texts(model: ReportModel): string[] {
  return model.blocks.flatMap((b) => (b.type === 'table' ? [...b.header, ...b.rows.flat()] : [b.text]));
}

/** The paragraphs between a heading and the next heading. */
function section(model: ReportModel, heading: string): string[] {
  const i = model.blocks.findIndex((b) => b.type === 'heading' && b.text === heading);
  if (i < 0) throw new Error(`No heading "${heading}"`);
  const out: string[] = [];
  for (const b of model.blocks.slice(i + 1)) {
    if (b.type === 'heading') break;
    if (b.type === 'paragraph') out.push(b.text);
  }
  return out;
}

function tables(model: ReportModel): Extract<ReportBlock, { type: 'table' }>[] {
  return model.blocks.filter((b): b is Extract<ReportBlock, { type: 'table' }> => b.type === 'table');
}

describe('formatReportNumber', () => {
  it('pads numbers below 10 with a zero', () => {
    expect(formatReportNumber(1)).toBe('01/BC-UBND');
    expect(formatReportNumber(5)).toBe('05/BC-UBND');
    expect(formatReportNumber(9)).toBe('09/BC-UBND');
    expect(formatReportNumber(10)).toBe('10/BC-UBND');
    expect(formatReportNumber(123)).toBe('123/BC-UBND');
  });

  it('refuses numbers that cannot be a report number', () => {
    expect(() => formatReportNumber(0)).toThrow();
    expect(() => formatReportNumber(-3)).toThrow();
    expect(() => formatReportNumber(2.5)).toThrow();
    expect(() => formatReportNumber(Number.NaN)).toThrow();
  });
});

describe('buildReport: header, signature, Nơi nhận, file name', () => {
  it('writes the decree header from the settings', () => {
    const m = buildReport(input());
    expect(m.organParent).toBe('ỦY BAN NHÂN DÂN');
    expect(m.organ).toBe('XÃ TÂN VIỆT');
    expect(m.nation).toBe('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(m.motto).toBe('Độc lập - Tự do - Hạnh phúc');
    expect(m.numberText).toBe('Số: 05/BC-UBND');
    expect(m.placeDate).toBe('Tân Việt, ngày 05 tháng 3 năm 2024');
    expect(m.title).toBe('BÁO CÁO');
    expect(m.subtitle).toBe('Kết quả thực hiện công tác tuyên truyền cải cách hành chính Quý I năm 2024');
  });

  it.each([
    ['xã Tân Việt', 'XÃ TÂN VIỆT', 'Tân Việt'],
    ['Xã Tân Việt', 'XÃ TÂN VIỆT', 'Tân Việt'],
    ['Tân Việt', 'XÃ TÂN VIỆT', 'Tân Việt'],
    ['  xa   Tân Việt ', 'XÃ TÂN VIỆT', 'Tân Việt'],
    ['xã Đắk Ơ', 'XÃ ĐẮK Ơ', 'Đắk Ơ'],
    ['phường Hồng Hà', 'PHƯỜNG HỒNG HÀ', 'Hồng Hà'],
    ['thị trấn Thanh Hà', 'THỊ TRẤN THANH HÀ', 'Thanh Hà'],
    ['Xã Tân Việt'.normalize('NFD'), 'XÃ TÂN VIỆT', 'Tân Việt'],
  ])('capitalises "%s" as "%s" and places the date in "%s"', (commune, organ, place) => {
    const m = buildReport(input({ settings: settings({ commune }) }));
    expect(m.organ).toBe(organ);
    expect(m.organ).toBe(m.organ.normalize('NFC'));
    expect(m.placeDate.startsWith(`${place}, ngày `)).toBe(true);
  });

  it.each([
    ['2024-01-15', 'ngày 15 tháng 01 năm 2024'],
    ['2024-02-03', 'ngày 03 tháng 02 năm 2024'],
    ['2024-03-05', 'ngày 05 tháng 3 năm 2024'],
    ['2024-10-09', 'ngày 09 tháng 10 năm 2024'],
    ['2024-12-20', 'ngày 20 tháng 12 năm 2024'],
  ])('pads the date line of %s as the decree wants', (issuedOn, text) => {
    expect(buildReport(input({ issuedOn })).placeDate).toBe(`Tân Việt, ${text}`);
  });

  it('signs on behalf of the committee (TM) or for the chairman (KT)', () => {
    expect(buildReport(input()).signature).toEqual({ authority: 'TM. ỦY BAN NHÂN DÂN', title: 'CHỦ TỊCH', name: 'Vũ Xuân Hào' });
    const kt = buildReport(input({ settings: settings({ signerMode: 'KT', signerTitle: 'Phó Chủ tịch', chairmanName: ' Nguyễn Văn An ' }) }));
    expect(kt.signature).toEqual({ authority: 'KT. CHỦ TỊCH', title: 'PHÓ CHỦ TỊCH', name: 'Nguyễn Văn An' });
    const lower = buildReport(input({ settings: settings({ signerTitle: 'chủ tịch' }) }));
    expect(lower.signature.title).toBe('CHỦ TỊCH');
  });

  it('prints Nơi nhận one per line with "- …;" and the archive line last', () => {
    const m = buildReport(input({ settings: settings({ recipients: ['Sở Nội vụ tỉnh', ' - TT Đảng ủy, HĐND xã; ', '', 'Lãnh đạo UBND xã.', 'Lưu: VT'] }) }));
    expect(m.recipients).toEqual(['- Sở Nội vụ tỉnh;', '- TT Đảng ủy, HĐND xã;', '- Lãnh đạo UBND xã;', '- Lưu: VT, VP.']);
  });

  it('sends a plan dated before 1/7/2025 to the district\'s Phòng Nội vụ, a later one to the province\'s Sở Nội vụ, unless Cài đặt names recipients', () => {
    const before = buildReport(input({ settings: settings({ recipients: [], planDate: '2024-01-26' }) }));
    expect(before.recipients).toEqual(['- Phòng Nội vụ huyện Thanh Hà;', '- TT Đảng ủy, HĐND xã;', '- Lãnh đạo UBND xã;', '- Lưu: VT, VP.']);
    const after = buildReport(input({ settings: settings({ recipients: [], planDate: '2025-08-01', planYear: 2025, province: 'Hải Phòng' }) }));
    expect(after.recipients[0]).toBe('- Sở Nội vụ tỉnh Hải Phòng;');
    // The proposals are addressed to the same body.
    expect(section(before, 'V. ĐỀ XUẤT, KIẾN NGHỊ')[0]).toMatch(/^Đề nghị Phòng Nội vụ huyện Thanh Hà /);
    expect(section(after, 'V. ĐỀ XUẤT, KIẾN NGHỊ')[0]).toMatch(/^Đề nghị Sở Nội vụ tỉnh Hải Phòng /);
    expect(texts(before).join('\n')).not.toContain('cấp trên');
  });

  it.each([
    ['Quý I/2024', 5, '05-BC-UBND Báo cáo tuyên truyền CCHC Quý I-2024'],
    ['6 tháng đầu năm 2024', 12, '12-BC-UBND Báo cáo tuyên truyền CCHC 6 tháng đầu năm 2024'],
    ['Năm 2024', 31, '31-BC-UBND Báo cáo tuyên truyền CCHC Năm 2024'],
    ['15/12/2023 - 14/03/2024', 2, '02-BC-UBND Báo cáo tuyên truyền CCHC Từ ngày 15-12-2023 đến ngày 14-03-2024'],
  ])('names the file for %s (no "/")', (text, number, fileName) => {
    const m = buildReport(input({ period: period(text), number }));
    expect(m.fileName).toBe(fileName);
    expect(m.fileName).not.toContain('/');
  });

  it('writes subtitles for the other periods', () => {
    expect(buildReport(input({ period: period('Năm 2024') })).subtitle).toBe('Kết quả thực hiện công tác tuyên truyền cải cách hành chính năm 2024');
    expect(buildReport(input({ period: period('9 tháng năm 2024') })).subtitle).toBe('Kết quả thực hiện công tác tuyên truyền cải cách hành chính 9 tháng năm 2024');
  });
});

describe('buildReport: body', () => {
  it('lays out the reference, sections I–V, the task table and the channel table in order', () => {
    const m = buildReport(input());
    expect(m.blocks[0].type).toBe('paragraph');
    const order = m.blocks
      .map((b) => (b.type === 'heading' && b.level === 1 ? b.text : b.type === 'table' ? `table:${b.header[1]}` : null))
      .filter(Boolean);
    expect(order).toEqual([
      'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH',
      'II. KẾT QUẢ THỰC HIỆN',
      'table:Nhiệm vụ',
      'table:Hình thức tuyên truyền',
      'III. ĐÁNH GIÁ CHUNG',
      'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI',
      'V. ĐỀ XUẤT, KIẾN NGHỊ',
    ]);
    const level2 = m.blocks.filter((b) => b.type === 'heading' && b.level === 2).map((b) => (b as { text: string }).text);
    expect(level2).toEqual(expect.arrayContaining(['1. Ưu điểm', '2. Tồn tại, hạn chế', '3. Nguyên nhân']));
    for (const t of tables(m)) {
      expect(t.widths).toHaveLength(t.header.length);
      for (const row of t.rows) expect(row).toHaveLength(t.header.length);
    }
  });

  it('cites the plan with its number, date and title', () => {
    const m = buildReport(input());
    expect(m.blocks[0]).toEqual({
      type: 'paragraph',
      text:
        'Thực hiện Kế hoạch số 12/KH-UBND ngày 26 tháng 01 năm 2024 của Ủy ban nhân dân xã Tân Việt về tuyên truyền công tác cải cách hành chính nhà nước xã Tân Việt năm 2024; ' +
        'Ủy ban nhân dân xã Tân Việt báo cáo kết quả thực hiện công tác tuyên truyền cải cách hành chính Quý I năm 2024 (số liệu từ ngày 15/12/2023 đến ngày 14/03/2024) như sau:',
    });
  });

  it('leaves out the parts of the reference that are not set', () => {
    const m = buildReport(input({ settings: settings({ planNumber: '', planDate: null, planTitle: '' }) }));
    const ref = (m.blocks[0] as { text: string }).text;
    expect(ref.startsWith('Thực hiện Kế hoạch của Ủy ban nhân dân xã Tân Việt về tuyên truyền cải cách hành chính năm 2024;')).toBe(true);
    expect(ref).not.toContain('Kế hoạch số');
    expect(ref).not.toContain('ngày 26');
    expect(ref).not.toMatch(/ {2}|undefined|null/);
    const noNumber = (buildReport(input({ settings: settings({ planNumber: '  ' }) })).blocks[0] as { text: string }).text;
    expect(noNumber.startsWith('Thực hiện Kế hoạch ngày 26 tháng 01 năm 2024 của Ủy ban nhân dân xã Tân Việt về tuyên truyền')).toBe(true);
  });

  it('prefills the narrative from the data, in Vietnamese number style', () => {
    const tasks = [
      task('NV01', 'Đăng tải tin bài trên trang TTĐT', { recurrence: 'continuous' }),
      task('NV02', 'Tuyên truyền về ứng dụng CNTT', { leadText: 'Công chức Văn hóa - Thông tin', deadline: '2024-12-31', window: { from: '2024-01-01', to: '2024-12-31' } }),
      task('NV03', 'Cử cán bộ tham gia tập huấn', { leadText: 'Văn phòng Đảng ủy', deadline: '2024-02-29' }),
    ];
    const entries = [
      entry('NV01', '2024-01-10', { channel: 'Tin bài trên trang TTĐT', quantity: 1200, note: 'Đăng tin' }),
      entry('NV01', '2024-02-10', { channel: 'Tin bài trên trang TTĐT', quantity: 34 }),
      entry('NV01', '2024-03-01', { channel: 'Phát thanh', quantity: 8 }),
    ];
    const m = buildReport(input({ tasks, entries }));
    const all = texts(m).join('\n');
    // Each channel with its unit; channels of different units are never added up.
    expect(section(m, '2. Kết quả tuyên truyền theo hình thức')).toEqual([
      'Trong kỳ báo cáo (từ ngày 15/12/2023 đến ngày 14/03/2024), đã thực hiện:',
      '- Đăng 1.234 tin, bài trên Trang thông tin điện tử;',
      '- Phát 8 chuyên mục trên hệ thống truyền thanh.',
    ]);
    expect(all).not.toMatch(/1\.242|sản phẩm tuyên truyền, gồm|Tổng cộng|Số lần cập nhật/);
    const channelTable = tables(m)[1];
    expect(channelTable.header).toEqual(['STT', 'Hình thức tuyên truyền', 'Đơn vị tính', 'Số lượng']);
    expect(channelTable.rows[0]).toEqual(['1', 'Tin bài trên trang TTĐT', 'tin, bài', '1.234']);
    expect(channelTable.rows[1]).toEqual(['2', 'Phát thanh', 'chuyên mục', '8']);
    expect(channelTable.rows).toHaveLength(CHANNELS.length);
    // One category per task, the same numbers in II.1, II.3 and III.
    expect(section(m, '1. Kết quả thực hiện các nhiệm vụ của Kế hoạch')[0]).toBe(
      'Kế hoạch có 3 nhiệm vụ; đến ngày 14/03/2024: 1 nhiệm vụ đang thực hiện, 1 nhiệm vụ quá hạn, 1 nhiệm vụ chưa triển khai.',
    );
    expect(section(m, '3. Nhiệm vụ quá hạn, chưa triển khai')).toEqual([
      'Nhiệm vụ quá hạn (1):',
      '- Cử cán bộ tham gia tập huấn (chủ trì: Văn phòng Đảng ủy): hạn 29/02/2024, chưa triển khai.',
      'Nhiệm vụ chưa triển khai (1):',
      '- Tuyên truyền về ứng dụng CNTT (chủ trì: Công chức Văn hóa - Thông tin).',
    ]);
    // Tồn tại, hạn chế: from the data, not a copy of II.3.
    const weak = section(m, '2. Tồn tại, hạn chế');
    expect(weak).toEqual([
      'Còn 1 nhiệm vụ đã quá thời hạn nhưng chưa hoàn thành, thuộc trách nhiệm của Văn phòng Đảng ủy.',
      '1 nhiệm vụ đã đến thời gian thực hiện nhưng chưa triển khai (Công chức Văn hóa - Thông tin).',
      'Chưa có sản phẩm tuyên truyền theo hình thức: hội nghị; pano, áp phích, băng rôn; niêm yết thủ tục hành chính; mạng xã hội.',
    ]);
    for (const line of section(m, '3. Nhiệm vụ quá hạn, chưa triển khai')) expect(weak).not.toContain(line);
    expect(section(m, '3. Nguyên nhân')[0]).toContain('Văn phòng Đảng ủy; Công chức Văn hóa - Thông tin');
    expect(section(m, '3. Nguyên nhân')[0]).toMatch(/\[Văn phòng ghi rõ/);
    expect(section(m, '1. Ưu điểm')[0]).toContain('chưa có nhiệm vụ nào của Kế hoạch hoàn thành; 1 nhiệm vụ đang thực hiện');
    // The strengths name each channel's result as II.2 does, separated by ";" since results hold commas.
    expect(section(m, '1. Ưu điểm')[0]).toContain(
      'Công tác tuyên truyền được thực hiện qua 2 hình thức: đăng 1.234 tin, bài trên Trang thông tin điện tử; phát 8 chuyên mục trên hệ thống truyền thanh.',
    );
    expect(section(m, 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH')[0]).toContain('giao 3 nhiệm vụ');
    // The proposals name the channels with nothing, abbreviations written out, ";" between them.
    expect(section(m, 'V. ĐỀ XUẤT, KIẾN NGHỊ')[0]).toContain(
      'hỗ trợ tài liệu, nội dung tuyên truyền để xã thực hiện các hình thức chưa có sản phẩm (hội nghị; pano, áp phích, băng rôn; niêm yết thủ tục hành chính; mạng xã hội); [Văn phòng ghi rõ',
    );
  });

  it('section IV names overdue tasks as overdue, the unfinished tasks due next period and the recurring ones, never a finished one', () => {
    const tasks = [
      task('NV01', 'Đăng tin thường xuyên', { recurrence: 'continuous', recurring: true }),
      task('NV02', 'Tọa đàm đã xong', { deadline: '2024-05-31', window: { from: '2024-04-01', to: '2024-05-31' } }),
      task('NV03', 'Pano tuyên truyền', { deadline: '2024-05-15', window: { from: '2024-04-01', to: '2024-05-15' } }),
      task('NV04', 'Hội nghị quý III', { deadline: '2024-09-10', window: { from: '2024-07-01', to: '2024-09-10' } }),
      task('NV05', 'Tập huấn trễ', { deadline: '2024-02-10', window: { from: '2024-01-01', to: '2024-02-10' } }),
    ];
    const entries = [entry('NV02', '2024-03-01', { status: 'Hoàn thành', percent: 100 })];
    const m = buildReport(input({ tasks, entries }));
    const iv = section(m, 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI');
    expect(iv).toEqual([
      'Khẩn trương hoàn thành 1 nhiệm vụ đã quá hạn: Tập huấn trễ (hạn 10/02/2024).',
      'Hoàn thành các nhiệm vụ có thời hạn trong kỳ tới (từ ngày 15/03/2024 đến ngày 14/06/2024): Pano tuyên truyền (hạn 15/05/2024).',
      'Duy trì thực hiện thường xuyên: Đăng tin thường xuyên.',
    ]);
    expect(iv.join('\n')).not.toContain('Tọa đàm đã xong');
    expect(iv.join('\n')).not.toContain('Hội nghị quý III');
    // The task not yet due is "chưa đến thời hạn" in every section, never "chưa triển khai".
    const row = tables(m)[0].rows.find((r) => r[1] === 'Hội nghị quý III')!;
    expect(row[4]).toBe('Chưa đến thời hạn');
    expect(section(m, '3. Nhiệm vụ quá hạn, chưa triển khai').join('\n')).not.toContain('Hội nghị quý III');
    expect(section(m, '1. Kết quả thực hiện các nhiệm vụ của Kế hoạch')[0]).toContain('1 nhiệm vụ chưa triển khai, 2 nhiệm vụ chưa đến thời hạn');
    expect(section(m, '2. Tồn tại, hạn chế').join('\n')).not.toContain('Hội nghị quý III');
  });

  it('names the tasks due in the next period among the next steps', () => {
    const tasks = [task('NV07', 'Duy trì chuyên trang CCHC', { deadline: '2024-05-31', window: { from: '2024-04-01', to: '2024-05-31' } })];
    const m = buildReport(input({ tasks }));
    expect(section(m, 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI').join('\n')).toContain(
      'Hoàn thành các nhiệm vụ có thời hạn trong kỳ tới (từ ngày 15/03/2024 đến ngày 14/06/2024): Duy trì chuyên trang CCHC (hạn 31/05/2024)',
    );
  });

  it("replaces a prefilled section with the office's own text, paragraph by paragraph", () => {
    const base = buildReport(input());
    const prefilled = section(base, '1. Ưu điểm');
    const m = buildReport(input({ narrative: { strengths: 'Cán bộ nhiệt tình.\n\n  Người dân   đồng tình.  ', proposals: '   ' } }));
    expect(section(m, '1. Ưu điểm')).toEqual(['Cán bộ nhiệt tình.', 'Người dân đồng tình.']);
    expect(texts(m)).not.toContain(prefilled[0]);
    // Blank text keeps the prefilled section.
    expect(section(m, 'V. ĐỀ XUẤT, KIẾN NGHỊ')).toEqual(section(base, 'V. ĐỀ XUẤT, KIẾN NGHỊ'));
    expect(section(m, 'V. ĐỀ XUẤT, KIẾN NGHỊ')[0].length).toBeGreaterThan(20);
  });

  it('carries HTML, quotes, "$&" and formula-looking text unchanged', () => {
    const nasty = '<script>alert("x")</script> \'=SUM(A1)\' $& $1';
    const tasks = [task('NV01', `=HYPERLINK("http://x") ${nasty}`, { leadText: '<b>Tư pháp</b> & "Hộ tịch"' })];
    const entries = [entry('NV01', '2024-02-01', { note: `+${nasty}`, channel: '@Zalo <i>', quantity: 2 })];
    const m = buildReport(input({ tasks, entries, narrative: { causes: `-${nasty}` } }));
    const row = tables(m)[0].rows[0];
    expect(row[1]).toBe(`=HYPERLINK("http://x") ${nasty}`);
    expect(row[2]).toBe('<b>Tư pháp</b> & "Hộ tịch"');
    expect(row[3]).toBe(`- Đăng 2 bài viết trên @Zalo <i>.\n+${nasty} (01/02/2024)`);
    expect(section(m, '3. Nguyên nhân')).toEqual([`-${nasty}`]);
    expect(tables(m)[1].rows.map((r) => r[1])).toContain('@Zalo <i>');
  });
});

describe('reportFigures', () => {
  it('reads a status as of the window end from the latest entry up to then', () => {
    const tasks = [task('NV01', 'A'), task('NV02', 'B'), task('NV03', 'C')];
    const entries = [
      entry('NV01', '2024-02-01', { status: 'Đang thực hiện', percent: 30, note: 'Bắt đầu' }),
      entry('NV01', '2024-04-10', { status: 'Hoàn thành', percent: 100, note: 'Xong' }),
      // Same work date: the later recorded entry wins, whatever the order in the log.
      entry('nv02', '2024-03-01', { at: '2024-03-01T16:00:00+07:00', status: 'Hoàn thành', percent: 100 }),
      entry('NV02', '2024-03-01', { at: '2024-03-01T08:00:00+07:00', status: 'Đang thực hiện', percent: 60 }),
      // Recorded late about earlier work: the later work date still wins.
      entry('NV03', '2024-03-10', { at: '2024-03-10T08:00:00+07:00', status: 'Đang thực hiện', percent: 80 }),
      entry('NV03', '2024-01-05', { at: '2024-03-12T08:00:00+07:00', status: 'Chưa thực hiện', percent: 0 }),
    ];
    const q1 = reportFigures(tasks, entries, periodWindow('q1', 2024, 'nd09'), CHANNELS);
    expect(q1.tasks.map((t) => [t.code, t.status, t.percent])).toEqual([
      ['NV01', 'Đang thực hiện', 30],
      ['NV02', 'Hoàn thành', 100],
      ['NV03', 'Đang thực hiện', 80],
    ]);
    expect(q1.tasks[0].done).toBe('Bắt đầu (01/02/2024)');
    expect(q1.done).toBe(1);
    expect(q1.inProgress).toBe(2);

    const h1 = reportFigures(tasks, entries, periodWindow('h1', 2024, 'nd09'), CHANNELS);
    expect(h1.tasks[0].status).toBe('Hoàn thành');
    const q2 = reportFigures(tasks, entries, periodWindow('q2', 2024, 'nd09'), CHANNELS);
    // Q2: status carried over from Q1 work, but only Q2 work is listed as done.
    expect(q2.tasks[1].status).toBe('Hoàn thành');
    expect(q2.tasks[1].done).toBe('');
    expect(q2.tasks[0].done).toBe('Xong (10/04/2024)');
  });

  it('says "Chưa thực hiện" for a task without entries up to the window end', () => {
    const f = reportFigures([task('NV01', 'A')], [entry('NV01', '2024-03-20')], periodWindow('q1', 2024, 'nd09'), CHANNELS);
    expect(f.tasks[0].status).toBe('Chưa thực hiện');
    expect(f.tasks[0].percent).toBe(0);
    expect(f.tasks[0].done).toBe('');
  });

  it('sums up the work of the window per task: quantities per channel with units, then the latest note with its line breaks', () => {
    const entries = [
      entry('NV01', '2024-03-02', { note: 'Phát 3 tin\nvề TTHC mới', channel: 'Phát thanh', quantity: 3 }),
      entry('NV01', '2024-01-09', { note: 'Hội nghị quán triệt' }),
      entry('NV01', '2024-02-01', { channel: 'Hội nghị', quantity: 1, participants: 80 }),
      entry('NV01', '2024-02-10', { channel: 'phát thanh', quantity: 4 }),
      entry('NV01', '2024-02-15', { status: 'Đang thực hiện', percent: 40 }),
    ];
    const f = reportFigures([task('NV01', 'A')], entries, periodWindow('q1', 2024, 'nd09'), CHANNELS, settings().channelUnits);
    expect(f.tasks[0].done.split('\n')).toEqual(['- Phát 7 chuyên mục trên hệ thống truyền thanh.', '- Tổ chức 1 hội nghị với 80 lượt người tham dự.', 'Phát 3 tin', 'về TTHC mới (02/03/2024)']);
    expect(f.tasks[0].entries.map((e) => e.reportDate)).toEqual(['2024-01-09', '2024-02-01', '2024-02-10', '2024-02-15', '2024-03-02']);
    const statusOnly = reportFigures([task('NV01', 'A')], [entry('NV01', '2024-02-15', { status: 'Đang thực hiện', percent: 40 })], periodWindow('q1', 2024, 'nd09'), CHANNELS);
    expect(statusOnly.tasks[0].done).toBe('Cập nhật tình trạng ngày 15/02/2024.');
  });

  it('marks overdue and not-started tasks as of the window end', () => {
    const w: DateWindow = periodWindow('h1', 2024, 'nd09'); // 15/12/2023 → 14/06/2024
    const tasks = [
      task('NV01', 'Quá hạn, chưa làm', { deadline: '2024-03-31' }),
      task('NV02', 'Quá hạn, đang làm', { deadline: '2024-06-13' }),
      task('NV03', 'Hạn đúng ngày chốt', { deadline: '2024-06-14' }),
      task('NV04', 'Xong trước hạn', { deadline: '2024-03-31' }),
      task('NV05', 'Theo chỉ đạo', { recurrence: 'on-demand', deadline: '2024-01-31' }),
      task('NV06', 'Thường xuyên', { recurrence: 'continuous' }),
      task('NV07', 'Quý IV', { window: { from: '2024-10-01', to: '2024-12-31' }, deadline: '2024-12-31' }),
      task('NV08', 'Hoàn thành sau kỳ', { deadline: '2024-05-31' }),
    ];
    const entries = [
      entry('NV02', '2024-05-01', { status: 'Đang thực hiện' }),
      entry('NV04', '2024-03-01', { status: 'Hoàn thành', percent: 100 }),
      entry('NV08', '2024-06-20', { status: 'Hoàn thành', percent: 100 }),
    ];
    const f = reportFigures(tasks, entries, w, CHANNELS);
    expect(f.overdue.map((t) => t.code)).toEqual(['NV01', 'NV02', 'NV08']);
    // One category per task: an overdue task is not also "chưa triển khai".
    expect(f.notStarted.map((t) => t.code)).toEqual(['NV03', 'NV06']);
    expect(f.tasks.map((t) => t.category)).toEqual(['overdue', 'overdue', 'notStarted', 'done', 'notDue', 'notStarted', 'notDue', 'overdue']);
    expect(f.counts).toEqual({ done: 1, inProgress: 0, overdue: 3, notStarted: 2, notDue: 2 });
    const byCode = Object.fromEntries(f.tasks.map((t) => [t.code, t]));
    expect(byCode.NV05.overdue).toBe(false);
    expect(byCode.NV05.notStarted).toBe(false);
    expect(byCode.NV07.notStarted).toBe(false);
    // The whole year: NV08 was done by then, NV07's deadline is after 14/12.
    const y = reportFigures(tasks, entries, periodWindow('year', 2024, 'nd09'), CHANNELS);
    expect(y.overdue.map((t) => t.code)).toEqual(['NV01', 'NV02', 'NV03']);
    expect(y.notStarted.map((t) => t.code)).toContain('NV07');
  });

  it('shows the overdue and not-started tasks in the document', () => {
    const tasks = [
      task('NV01', 'Niêm yết TTHC', { deadline: '2024-02-01', leadText: 'Bộ phận Một cửa' }),
      task('NV02', 'Tập huấn', { leadText: 'Văn phòng Đảng ủy', window: { from: '2024-01-01', to: '2024-12-31' }, deadline: '2024-12-31' }),
    ];
    const m = buildReport(input({ tasks, entries: [entry('NV01', '2024-01-20', { status: 'Đang thực hiện', percent: 20 })] }));
    expect(section(m, '3. Nhiệm vụ quá hạn, chưa triển khai')).toEqual([
      'Nhiệm vụ quá hạn (1):',
      '- Niêm yết TTHC (chủ trì: Bộ phận Một cửa): hạn 01/02/2024, đang thực hiện (20%).',
      'Nhiệm vụ chưa triển khai (1):',
      '- Tập huấn (chủ trì: Văn phòng Đảng ủy).',
    ]);
    expect(tables(m)[0].rows[0][4]).toBe('Quá hạn (20%); hạn 01/02/2024');
    const clear = buildReport(input({ tasks: [task('NV01', 'A', { recurrence: 'continuous' })], entries: [entry('NV01', '2024-01-20')] }));
    expect(section(clear, '3. Nhiệm vụ quá hạn, chưa triển khai')).toEqual(['Không có nhiệm vụ quá hạn hoặc chưa triển khai.']);
  });

  it('counts channels loosely matched, keeps the settings order and adds channels not in the list', () => {
    const entries = [
      entry('NV01', '2024-01-02', { channel: 'phat thanh', quantity: 2 }),
      entry('NV01', '2024-01-03', { channel: 'PHÁT  THANH', quantity: 3 }),
      entry('NV01', '2024-01-04', { channel: 'Zalo', quantity: 4 }),
      entry('NV01', '2024-01-05', { channel: '', quantity: 0 }),
      entry('NV01', '2024-01-06', { channel: '', quantity: 5 }),
      entry('NV99', '2024-01-07', { channel: 'Hội nghị', quantity: 1 }),
    ];
    const f = reportFigures([task('NV01', 'A')], entries, periodWindow('q1', 2024, 'nd09'), ['Hội nghị', 'Phát thanh']);
    expect(f.channels.map(({ channel, quantity, entries: n }) => ({ channel, quantity, entries: n }))).toEqual([
      { channel: 'Hội nghị', quantity: 1, entries: 1 },
      { channel: 'Phát thanh', quantity: 5, entries: 2 },
      { channel: 'Zalo', quantity: 4, entries: 1 },
      { channel: 'Không ghi hình thức', quantity: 5, entries: 1 },
    ]);
    expect(f.totalQuantity).toBe(15);
  });

  it('counts an entry dated in an already-reported period and recorded after that report under "Số liệu bổ sung kỳ trước", once', () => {
    const tasks = [task('NV01', 'Phát thanh CCHC', { recurrence: 'continuous', recurring: true })];
    const q1Report = { numberText: '03/BC-UBND', period: 'Quý I/2024', from: '2023-12-15', to: '2024-03-14', at: '2024-03-18T09:00:00+07:00' };
    const entries = [
      entry('NV01', '2024-03-10', { channel: 'Phát thanh', quantity: 2, at: '2024-03-11T09:00:00+07:00' }), // in time
      entry('NV01', '2024-03-12', { channel: 'Phát thanh', quantity: 5, note: 'Phát bù', at: '2024-03-25T09:00:00+07:00' }), // late
      entry('NV01', '2024-04-02', { channel: 'Phát thanh', quantity: 4, at: '2024-04-02T09:00:00+07:00' }),
    ];
    const q2 = buildReport(input({ tasks, entries, period: period('Quý II/2024'), reported: [q1Report], issuedOn: '2024-06-18' }));
    const ii2 = section(q2, '2. Kết quả tuyên truyền theo hình thức');
    expect(ii2).toContain('- Phát 4 chuyên mục trên hệ thống truyền thanh.');
    expect(ii2).toContain('Số liệu bổ sung kỳ trước (kết quả thuộc kỳ đã báo cáo, được cập nhật sau khi báo cáo đã ban hành):');
    expect(ii2).toContain('- Ngày 12/03/2024, Phát thanh CCHC: phát 5 chuyên mục trên hệ thống truyền thanh, Phát bù (thuộc kỳ Quý I/2024, cập nhật sau Báo cáo số 03/BC-UBND; chưa có trong số liệu trên).');
    expect(ii2.join('\n')).not.toContain('10/03/2024');
    // Once named in the Q2 report, the Q3 report does not name it again.
    const q2Report = { numberText: '05/BC-UBND', period: 'Quý II/2024', from: '2024-03-15', to: '2024-06-14', at: '2024-06-18T09:00:00+07:00' };
    const q3 = buildReport(input({ tasks, entries, period: period('Quý III/2024'), reported: [q1Report, q2Report], issuedOn: '2024-09-18' }));
    expect(texts(q3).join('\n')).not.toContain('bổ sung kỳ trước');
    // The 6-month report covers the date itself: counted, and named as late.
    const h1 = buildReport(input({ tasks, entries, period: period('6 tháng đầu năm 2024'), reported: [q1Report], issuedOn: '2024-06-18' }));
    expect(section(h1, '2. Kết quả tuyên truyền theo hình thức')).toContain('- Phát 11 chuyên mục trên hệ thống truyền thanh.');
    expect(section(h1, '2. Kết quả tuyên truyền theo hình thức')).toContain(
      '- Ngày 12/03/2024, Phát thanh CCHC: phát 5 chuyên mục trên hệ thống truyền thanh, Phát bù (thuộc kỳ Quý I/2024, cập nhật sau Báo cáo số 03/BC-UBND; đã tính vào số liệu kỳ này).',
    );
    // An entry recorded in time is never named.
    expect(texts(h1).join('\n')).not.toContain('Ngày 10/03/2024');
  });

  it('adds the appendix of dated entries only when asked, and groups the task table by section', () => {
    const tasks = [
      task('NV01', 'Đăng tin', { section: 'Tuyên truyền trên Internet' }),
      task('NV02', 'Phát thanh', { section: 'Tuyên truyền trên Đài' }),
      task('NV03', 'Đăng ảnh', { section: 'Tuyên truyền trên Internet' }),
    ];
    const entries = [
      entry('NV02', '2024-02-01', { channel: 'Phát thanh', quantity: 3, note: 'Ba chuyên mục' }),
      entry('NV01', '2024-01-05', { channel: 'Tin bài trên trang TTĐT', quantity: 2 }),
    ];
    const plain = buildReport(input({ tasks, entries }));
    expect(plain.appendix).toEqual([]);
    const taskTable = tables(plain)[0];
    expect(taskTable.rows.map((r) => r.slice(0, 2))).toEqual([
      ['I', 'Tuyên truyền trên Internet'],
      ['1', 'Đăng tin'],
      ['3', 'Đăng ảnh'],
      ['II', 'Tuyên truyền trên Đài'],
      ['2', 'Phát thanh'],
    ]);
    expect(taskTable.groupRows).toEqual([1, 4]);
    const withAppendix = buildReport(input({ tasks, entries, appendix: true }));
    const [title, note, table] = withAppendix.appendix;
    expect(title).toEqual({ type: 'heading', level: 1, text: 'PHỤ LỤC: CHI TIẾT KẾT QUẢ CẬP NHẬT' });
    expect((note as { text: string }).text).toBe('(Kèm theo Báo cáo số 05/BC-UBND ngày 05 tháng 3 năm 2024 của Ủy ban nhân dân xã Tân Việt)');
    expect((table as { rows: string[][] }).rows).toEqual([
      ['1', '05/01/2024', 'Đăng tin', 'Tin bài trên trang TTĐT: 2 tin, bài', 'Đang thực hiện (50%)'],
      ['2', '01/02/2024', 'Phát thanh', 'Phát thanh: 3 chuyên mục', 'Ba chuyên mục'],
    ]);
  });

  describe('a generated year of entries', () => {
    // A deterministic pseudo-random year: 600 entries from 20/11/2023 to 10/01/2025.
    function generate(): ProgressEntry[] {
      let seed = 12345;
      const next = () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648;
      };
      const out: ProgressEntry[] = [];
      const statuses: Status[] = ['Chưa thực hiện', 'Đang thực hiện', 'Hoàn thành'];
      for (let i = 0; i < 600; i++) {
        const day = addDays('2023-11-20', Math.floor(next() * 418));
        out.push(
          entry(`NV0${1 + Math.floor(next() * 8)}`, day, {
            channel: CHANNELS[Math.floor(next() * CHANNELS.length)],
            quantity: Math.floor(next() * 12),
            status: statuses[Math.floor(next() * 3)],
          }),
        );
      }
      // Cut-off days and the days around them.
      for (const d of ['2023-12-14', '2023-12-15', '2024-03-14', '2024-03-15', '2024-06-14', '2024-06-15', '2024-06-30', '2024-07-01', '2024-09-14', '2024-09-15', '2024-12-14', '2024-12-15', '2024-12-31']) {
        out.push(entry('NV01', d, { channel: 'Phát thanh', quantity: 7 }));
      }
      return out;
    }
    const entries = generate();
    const tasks = Array.from({ length: 8 }, (_, i) => task(`NV0${i + 1}`, `Nhiệm vụ ${i + 1}`));

    it.each(['nd09', 'calendar'] as WindowRule[])('%s: quarters add up to 6 months, 9 months and the year, channel by channel', (rule) => {
      const fig = (kind: 'q1' | 'q2' | 'q3' | 'q4' | 'h1' | 'h2' | 'm9' | 'year') => reportFigures(tasks, entries, periodWindow(kind, 2024, rule), CHANNELS);
      const [q1, q2, q3, q4, h1, h2, m9, year] = (['q1', 'q2', 'q3', 'q4', 'h1', 'h2', 'm9', 'year'] as const).map(fig);
      const sum = (...fs: typeof q1[]) =>
        CHANNELS.map((c) => ({
          channel: c,
          quantity: fs.reduce((s, f) => s + (f.channels.find((x) => x.channel === c)?.quantity ?? 0), 0),
          entries: fs.reduce((s, f) => s + (f.channels.find((x) => x.channel === c)?.entries ?? 0), 0),
        }));
      expect(sum(q1, q2)).toEqual(sum(h1));
      expect(sum(q3, q4)).toEqual(sum(h2));
      expect(sum(q1, q2, q3)).toEqual(sum(m9));
      expect(sum(q1, q2, q3, q4)).toEqual(sum(year));
      expect(q1.totalQuantity + q2.totalQuantity + q3.totalQuantity + q4.totalQuantity).toBe(year.totalQuantity);
      expect(year.totalQuantity).toBeGreaterThan(0);
      expect(q1.totalQuantity).toBeGreaterThan(0);
      expect(q4.totalQuantity).toBeGreaterThan(0);
      // The year is exactly the entries dated in its window, no more.
      const w = periodWindow('year', 2024, rule);
      const expected = entries.filter((e) => w.from <= e.reportDate && e.reportDate <= w.to).reduce((s, e) => s + e.quantity, 0);
      expect(year.totalQuantity).toBe(expected);
    });

    it('puts 15/12/2024 in next year under nd09 and keeps it in 2024 under calendar', () => {
      const late = [entry('NV01', '2024-12-15', { channel: 'Hội nghị', quantity: 1 })];
      const count = (w: DateWindow) => reportFigures(tasks, late, w, CHANNELS).totalQuantity;
      expect(count(periodWindow('year', 2024, 'nd09'))).toBe(0);
      expect(count(periodWindow('q1', 2025, 'nd09'))).toBe(1);
      expect(count(periodWindow('year', 2024, 'calendar'))).toBe(1);
      expect(count(reportCalendar(2025, 'nd09', 5)[0].window)).toBe(1);
    });
  });
});
