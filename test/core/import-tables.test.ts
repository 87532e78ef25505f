/**
 * Whole appendix tables as real plans write them and as Word, Google Docs and Google Sheets
 * put them on the clipboard: group headings, header variants, merged cells, paragraphs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseHtmlTables, decodeEntities } from '../../src/core/clipboardHtml';
import { parseClipboardTable, planImport, readClipboard, readPlanTable } from '../../src/core/importer';

const fixture = (name: string) => fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'clipboard', name), 'utf8');

/** Word's text/plain for a table: tabs and CRLF, and a cell's paragraphs NOT quoted. */
function wordText(rows: string[][]): string {
  return rows.map((r) => r.join('\t')).join('\r\n') + '\r\n';
}

describe('group heading rows become the section of the tasks below them', () => {
  test('a Roman numeral in the STT cell, a heading spread across the row, and one in capitals', () => {
    const rows = [
      ['TT', 'Nội dung', 'Sản phẩm', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời gian thực hiện'],
      ['I', 'CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', '', '', '', ''],
      ['1', 'Ban hành Kế hoạch tuyên truyền CCHC năm 2025', 'Kế hoạch', 'Văn phòng HĐND và UBND xã', '', 'Tháng 01/2025'],
      ['2', 'Kiện toàn Tổ tuyên truyền CCHC', 'Quyết định', 'Văn phòng HĐND và UBND xã', '', 'Quý I/2025'],
      ['II. TUYÊN TRUYỀN CẢI CÁCH THỂ CHẾ', 'II. TUYÊN TRUYỀN CẢI CÁCH THỂ CHẾ', 'II. TUYÊN TRUYỀN CẢI CÁCH THỂ CHẾ', 'II. TUYÊN TRUYỀN CẢI CÁCH THỂ CHẾ', 'II. TUYÊN TRUYỀN CẢI CÁCH THỂ CHẾ', 'II. TUYÊN TRUYỀN CẢI CÁCH THỂ CHẾ'],
      ['3', 'Phổ biến văn bản quy phạm pháp luật mới', 'Hội nghị', 'Công chức Tư pháp - Hộ tịch', '', 'Thường xuyên'],
      ['', 'NHIỆM VỤ KHÁC', '', '', '', ''],
      ['4', 'Tổng hợp, báo cáo kết quả', 'Báo cáo', 'Văn phòng HĐND và UBND xã', '', 'Trước ngày 15/12/2025'],
    ];
    const { tasks, problems } = readPlanTable(rows);
    expect(problems).toEqual([]);
    expect(tasks.map((t) => [t.stt, t.section])).toEqual([
      ['1', 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH'],
      ['2', 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH'],
      ['3', 'II. TUYÊN TRUYỀN CẢI CÁCH THỂ CHẾ'],
      ['4', 'NHIỆM VỤ KHÁC'],
    ]);
    // No heading became a task.
    expect(tasks.map((t) => t.task)).not.toContain('CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH');
  });

  test('a lower-case line under a numbered task is still the rest of that task, not a heading', () => {
    const rows = [
      ['STT', 'Nhiệm vụ cụ thể', 'Sản phẩm/kết quả', 'Cán bộ, công chức chủ trì', 'Cán bộ, công chức phối hợp', 'Thời gian thực hiện'],
      ['1', 'Tuyên truyền về chuyển đổi số', 'Tin bài', 'Công chức Văn hóa - Xã hội', '', 'Quý II/2025'],
      ['', 'trên nền tảng mạng xã hội', '', '', '', ''],
    ];
    const { tasks } = readPlanTable(rows);
    expect(tasks).toHaveLength(1);
    expect(tasks[0].task).toBe('Tuyên truyền về chuyển đổi số trên nền tảng mạng xã hội');
    expect(tasks[0].section).toBe('');
  });

  test('STT numbers that start again from 1 are warned about and kept apart by section', () => {
    const rows = [
      ['STT', 'Nhiệm vụ', 'Kết quả', 'Cán bộ phụ trách', 'Phối hợp', 'Thời hạn'],
      ['A', 'PHỤ LỤC I - NHIỆM VỤ THƯỜNG XUYÊN', '', '', '', ''],
      ['1', 'Tổ chức hội nghị tuyên truyền', 'Hội nghị', 'Công chức Tư pháp - Hộ tịch', '', 'Quý II/2025'],
      ['2', 'Đăng tin trên Trang thông tin điện tử', 'Tin bài', 'Văn phòng HĐND và UBND xã', '', 'Thường xuyên'],
      ['B', 'PHỤ LỤC II - NHIỆM VỤ ĐỘT XUẤT', '', '', '', ''],
      ['1', 'Tổ chức hội nghị tuyên truyền', 'Hội nghị', 'Công chức Tư pháp - Hộ tịch', '', 'Quý IV/2025'],
    ];
    const { tasks, problems } = readPlanTable(rows);
    expect(tasks.map((t) => [t.section, t.stt, t.timeframeText])).toEqual([
      ['A. PHỤ LỤC I - NHIỆM VỤ THƯỜNG XUYÊN', '1', 'Quý II/2025'],
      ['A. PHỤ LỤC I - NHIỆM VỤ THƯỜNG XUYÊN', '2', 'Thường xuyên'],
      ['B. PHỤ LỤC II - NHIỆM VỤ ĐỘT XUẤT', '1', 'Quý IV/2025'],
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^Dòng 6 \(STT 1\): số thứ tự 1 lặp lại \(đã có ở dòng 3/);
    // The same task text under two headings is two tasks with two codes; importing again adds nothing.
    const plan = planImport([], tasks, 1);
    expect(plan.toAdd.map((t) => t.code)).toEqual(['NV01', 'NV02', 'NV03']);
    const again = planImport(plan.toAdd.map((t) => ({ ...t })), tasks, 4);
    expect(again).toMatchObject({ toAdd: [], toUpdate: [], unchanged: 3 });
  });
});

describe('headers as plans write them', () => {
  const cases: [string, string[]][] = [
    ['Số TT / Nội dung công việc / Sản phẩm đầu ra / Đơn vị thực hiện / Đơn vị phối hợp / Thời gian hoàn thành / Ghi chú', ['Số TT', 'Nội dung công việc', 'Sản phẩm đầu ra', 'Đơn vị thực hiện', 'Đơn vị phối hợp', 'Thời gian hoàn thành', 'Ghi chú']],
    ['TT / Nhiệm vụ / Kết quả / Cơ quan chủ trì / Cơ quan phối hợp / Thời hạn hoàn thành', ['TT', 'Nhiệm vụ', 'Kết quả', 'Cơ quan chủ trì', 'Cơ quan phối hợp', 'Thời hạn hoàn thành']],
    ['STT / Nội dung nhiệm vụ / Sản phẩm / Cán bộ phụ trách / Phối hợp / Tiến độ', ['STT', 'Nội dung nhiệm vụ', 'Sản phẩm', 'Cán bộ phụ trách', 'Phối hợp', 'Tiến độ']],
    ['Ghi chú first, then Nhiệm vụ cụ thể / Đơn vị / Thời gian thực hiện', ['Ghi chú', 'TT', 'Nhiệm vụ cụ thể', 'Sản phẩm', 'Đơn vị', 'Đơn vị phối hợp', 'Thời gian thực hiện']],
  ];
  test.each(cases)('%s', (_name, header) => {
    const row = header.map((h) => {
      const kind = h.toLowerCase();
      if (kind === 'ghi chú') return 'Làm theo hướng dẫn của huyện';
      if (/^(s|số )?tt$/i.test(h)) return '1';
      if (/phối hợp/i.test(h)) return 'Công an xã';
      if (/thời|tiến độ/i.test(h)) return 'Quý III/2025';
      if (/sản phẩm|kết quả/i.test(h)) return 'Tin bài';
      if (/nhiệm vụ|nội dung/i.test(h)) return 'Tuyên truyền cải cách hành chính trên loa truyền thanh';
      return 'Đài truyền thanh xã';
    });
    const { tasks, problems } = readPlanTable([header, row]);
    expect(problems).toEqual([]);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({
      stt: '1',
      task: 'Tuyên truyền cải cách hành chính trên loa truyền thanh',
      product: 'Tin bài',
      leadText: 'Đài truyền thanh xã',
      coordinatorText: 'Công an xã',
      timeframeText: 'Quý III/2025',
    });
  });

  test('a two-row header ("Đơn vị thực hiện" over "Chủ trì" / "Phối hợp") and a "(1) (2) (3)" row', () => {
    const rows = [
      ['TT', 'Nội dung nhiệm vụ', 'Sản phẩm đầu ra', 'Đơn vị thực hiện', '', 'Thời gian hoàn thành'],
      ['', '', '', 'Chủ trì', 'Phối hợp', ''],
      ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)'],
      ['1', 'Tuyên truyền Luật Đất đai năm 2024', 'Hội nghị', 'Công chức Tư pháp - Hộ tịch', 'Công chức Địa chính', 'Quý II/2025'],
    ];
    const { tasks, problems } = readPlanTable(rows);
    expect(problems).toEqual([]);
    expect(tasks.map((t) => [t.stt, t.leadText, t.coordinatorText, t.timeframeText, t.sourceRow])).toEqual([['1', 'Công chức Tư pháp - Hộ tịch', 'Công chức Địa chính', 'Quý II/2025', 4]]);
  });
});

describe('the clipboard HTML of Word', () => {
  const html = fixture('word-appendix.html');

  test('reads the one table: spans, paragraphs, Word\'s source line wrapping and its <o:p>', () => {
    const tables = parseHtmlTables(html);
    expect(tables).toHaveLength(1);
    const { rows, copied } = tables[0];
    expect(rows[0]).toEqual(['TT', 'Nội dung nhiệm vụ', 'Sản phẩm đầu ra', 'Đơn vị thực hiện', '', 'Thời gian hoàn thành', 'Ghi chú']);
    // Cells spanning both header rows repeat below, marked as copies.
    expect(rows[1]).toEqual(['TT', 'Nội dung nhiệm vụ', 'Sản phẩm đầu ra', 'Chủ trì', 'Phối hợp', 'Thời gian hoàn thành', 'Ghi chú']);
    expect(copied[1]).toEqual([true, true, true, false, false, true, true]);
    expect(rows[3][0]).toBe('I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH');
    expect(rows[3].slice(1)).toEqual(['', '', '', '', '', '']);
    expect(rows[5][1]).toBe('Tuyên truyền kết quả cải cách hành chính trên:\n- Hệ thống truyền thanh xã;\n- Trang thông tin điện tử xã');
    expect(rows[6][5]).toBe('Thường xuyên');
    expect(copied[6][5]).toBe(true);
  });

  test('gives the tasks with their sections, leads, merged timeframe and paragraphs', () => {
    const read = readClipboard({ html, text: 'whatever the text says' });
    expect(read.from).toBe('html');
    expect(read.tasks.map((t) => [t.section, t.stt, t.leadText, t.coordinatorText, t.timeframeText])).toEqual([
      ['I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', '1', 'Văn phòng HĐND và UBND xã', 'Các cán bộ, công chức liên quan', 'Trước 10 giờ ngày 20/02/2025'],
      ['I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', '2', 'Đài truyền thanh xã', 'Công chức Văn hóa - Xã hội\nVăn phòng HĐND và UBND xã', 'Thường xuyên'],
      ['I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', '3', 'Bộ phận Một cửa UBND xã', 'Phòng Tư pháp huyện', 'Thường xuyên'],
      ['II. TUYÊN TRUYỀN VỀ CẢI CÁCH THỦ TỤC HÀNH CHÍNH', '1', 'Công chức Văn hóa - Xã hội', 'Sở Thông tin và Truyền thông', 'Quý I hằng năm'],
    ]);
    expect(read.tasks[1].task).toBe('Tuyên truyền kết quả cải cách hành chính trên:\n- Hệ thống truyền thanh xã;\n- Trang thông tin điện tử xã');
    expect(read.problems).toHaveLength(1);
    expect(read.problems[0]).toMatch(/số thứ tự 1 lặp lại/);
  });

  test('Word\'s plain text of the same table (paragraphs unquoted) is glued back, with a warning, never read as extra tasks', () => {
    const text = wordText([
      ['STT', 'Nhiệm vụ cụ thể', 'Sản phẩm/kết quả', 'Cán bộ, công chức chủ trì', 'Cán bộ, công chức phối hợp', 'Thời gian thực hiện'],
      ['1', 'Tuyên truyền kết quả cải cách hành chính trên:\r\n- Hệ thống truyền thanh xã;\r\n- Trang thông tin điện tử xã', 'Tin, bài', 'Đài truyền thanh xã', '', 'Thường xuyên'],
      ['2', 'Niêm yết công khai thủ tục hành chính', 'Bảng niêm yết', 'Bộ phận Một cửa UBND xã', '', 'Quý I/2025'],
    ]);
    const read = readClipboard(text);
    expect(read.from).toBe('text');
    expect(read.tasks.map((t) => t.stt)).toEqual(['1', '2']);
    expect(read.tasks[0].task).toBe('Tuyên truyền kết quả cải cách hành chính trên: - Hệ thống truyền thanh xã; - Trang thông tin điện tử xã');
    expect(read.tasks[0].timeframeText).toBe('Thường xuyên');
    expect(read.problems).toEqual([expect.stringMatching(/^Dòng 2: một ô có nhiều đoạn/)]);
  });

  test('a row of plain text that cannot be glued back is reported, not imported', () => {
    const text = wordText([
      ['STT', 'Nhiệm vụ cụ thể', 'Sản phẩm/kết quả', 'Cán bộ, công chức chủ trì', 'Cán bộ, công chức phối hợp', 'Thời gian thực hiện'],
      ['1', 'Tuyên truyền về dịch vụ công', 'Tin bài', 'Đài truyền thanh xã', '', 'Quý I/2025', 'thừa', 'thừa nữa'],
      ['2', 'Niêm yết công khai thủ tục hành chính', 'Bảng niêm yết', 'Bộ phận Một cửa UBND xã', '', 'Quý I/2025'],
    ]);
    const read = readClipboard(text);
    expect(read.tasks.map((t) => t.stt)).toEqual(['2']);
    expect(read.problems).toEqual([expect.stringMatching(/^Dòng 2: có 8 ô trong khi bảng có 6 cột, dòng này không được nhập/)]);
  });
});

describe('the clipboard HTML of Google Docs and Google Sheets', () => {
  test('Docs: the docs-internal-guid wrapper, <p dir="ltr"> in every cell, a colspan heading', () => {
    const read = readClipboard({ html: fixture('docs-appendix.html'), text: '' });
    expect(read.problems).toEqual([]);
    expect(read.tasks.map((t) => [t.section, t.stt, t.task, t.leadText, t.coordinatorText, t.timeframeText])).toEqual([
      ['A. NHIỆM VỤ TRỌNG TÂM', '1', 'Tổ chức Hội nghị tuyên truyền Luật Đất đai năm 2024 cho cán bộ và Nhân dân', 'Công chức Tư pháp - Hộ tịch', 'Phòng Tư pháp huyện', 'Trước 7h00 sáng ngày 15/3/2025'],
      ['A. NHIỆM VỤ TRỌNG TÂM', '2', 'Cập nhật tin bài về CCHC trên Trang thông tin điện tử xã', 'Văn phòng HĐND & UBND xã', 'Công an tỉnh\nBộ Nội vụ', 'Trong ngày 20/02/2025'],
      ['A. NHIỆM VỤ TRỌNG TÂM', '3', 'Khảo sát mức độ hài lòng của người dân', 'Bộ phận Một cửa', 'Các sở, ngành, địa phương', 'Tháng 10 hằng năm'],
    ]);
  });

  test('Sheets: <google-sheets-html-origin>, entities and <br> inside a cell', () => {
    const read = readClipboard({ html: fixture('sheets-appendix.html'), text: 'TT\tNội dung công việc' });
    expect(read.problems).toEqual([]);
    expect(read.tasks).toHaveLength(1);
    expect(read.tasks[0]).toMatchObject({ stt: '1', task: 'Tuyên truyền "Ngày pháp luật"\nnăm 2025', leadText: 'Công chức Tư pháp - Hộ tịch', timeframeText: 'ngày 10 tháng 10 hằng năm' });
  });

  test('HTML without a table falls back to the text; entities decode', () => {
    const text = 'STT\tNhiệm vụ cụ thể\tSản phẩm/kết quả\tCán bộ, công chức chủ trì\tCán bộ, công chức phối hợp\tThời gian thực hiện\r\n1\tTuyên truyền\tTin bài\tĐài truyền thanh xã\t\tQuý I/2025\r\n';
    const read = readClipboard({ html: '<meta charset="utf-8"><span>STT</span>', text });
    expect(read.from).toBe('text');
    expect(read.tasks).toHaveLength(1);
    expect(decodeEntities('Tuy&#234;n truy&#7873;n &amp; &#x110;&agrave;i&nbsp;x&atilde;')).toBe('Tuyên truyền & Đ&agrave;i x&atilde;');
  });

  test('rowspan that ends past the table and a nested table do not break the grid', () => {
    const html = '<table><tr><td>STT</td><td>Nhiệm vụ cụ thể</td><td>Chủ trì</td><td>Thời gian thực hiện</td></tr><tr><td>1</td><td>Tuyên truyền<table><tr><td>phụ</td></tr></table></td><td rowspan="5">Công chức Tư pháp - Hộ tịch</td><td>Quý I/2025</td></tr></table>';
    const [t] = parseHtmlTables(html);
    expect(t.rows).toEqual([
      ['STT', 'Nhiệm vụ cụ thể', 'Chủ trì', 'Thời gian thực hiện'],
      ['1', 'Tuyên truyền\nphụ', 'Công chức Tư pháp - Hộ tịch', 'Quý I/2025'],
    ]);
  });
});

test('parseClipboardTable can leave rows unpadded for the plain-text checks', () => {
  expect(parseClipboardTable('a\tb\tc\r\nd\r\n', { pad: false })).toEqual([['a', 'b', 'c'], ['d']]);
});
