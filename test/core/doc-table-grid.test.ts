/**
 * A Google Doc's table (DocumentApp: every cell of the grid, spans on a merged range's head,
 * covered cells empty) becomes the same grid as the clipboard's HTML of that table, so the
 * importer reads both alike.
 */
import { docTableGrid, parseHtmlTables, type DocCell } from '../../src/core/clipboardHtml';
import { readPlanTable } from '../../src/core/importer';

const c = (text: string, colSpan = 1, rowSpan = 1): DocCell => ({ text, colSpan, rowSpan });
const covered = (): DocCell => c('', 0, 0);

/** The appendix's first rows as DocumentApp gives them. */
const DOC: DocCell[][] = [
  [c('TT', 1, 2), c('Nội dung nhiệm vụ', 1, 2), c('Đơn vị thực hiện', 2, 1), covered(), c('Thời gian hoàn thành', 1, 2)],
  [covered(), covered(), c('Chủ trì'), c('Phối hợp'), covered()],
  [c('(1)'), c('(2)'), c('(3)'), c('(4)'), c('(5)')],
  [c('I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', 5, 1), covered(), covered(), covered(), covered()],
  [c('1'), c('Tuyên truyền kết quả cải cách hành chính trên:\n- Hệ thống truyền thanh xã;\n- Trang thông tin điện tử xã'), c('Đài truyền thanh xã'), c('Công chức Văn hóa - Xã hội\nVăn phòng HĐND và UBND xã'), c('Thường xuyên', 1, 2)],
  [c('2'), c('Niêm yết công khai thủ tục hành chính'), c('Bộ phận Một cửa UBND xã'), c('Phòng Tư pháp huyện'), covered()],
  [c('3'), c('Xây dựng kế hoạch'), c('Văn phòng HĐND và UBND xã'), c(''), c('Trước 10 giờ\rngày 20/02/2025')],
];

/** The same rows as Word's clipboard HTML writes them. */
const HTML = `<table>
<tr><td rowspan=2><p>TT</p></td><td rowspan=2><p>Nội dung nhiệm vụ</p></td><td colspan=2><p>Đơn vị thực hiện</p></td><td rowspan=2><p>Thời gian hoàn thành</p></td></tr>
<tr><td><p>Chủ trì</p></td><td><p>Phối hợp</p></td></tr>
<tr><td>(1)</td><td>(2)</td><td>(3)</td><td>(4)</td><td>(5)</td></tr>
<tr><td colspan=5><p><b>I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH</b></p></td></tr>
<tr><td>1</td><td><p>Tuyên truyền kết quả cải cách hành chính trên:</p><p>- Hệ thống truyền thanh xã;</p><p>- Trang thông tin điện tử xã</p></td><td>Đài truyền thanh xã</td><td><p>Công chức Văn hóa - Xã hội</p><p>Văn phòng HĐND và UBND xã</p></td><td rowspan=2>Thường xuyên</td></tr>
<tr><td>2</td><td>Niêm yết công khai thủ tục hành chính</td><td>Bộ phận Một cửa UBND xã</td><td>Phòng Tư pháp huyện</td></tr>
<tr><td>3</td><td>Xây dựng kế hoạch</td><td>Văn phòng HĐND và UBND xã</td><td></td><td>Trước 10 giờ<br>ngày 20/02/2025</td></tr>
</table>`;

describe('docTableGrid', () => {
  test('gives the grid the clipboard HTML of the same table gives: rows, copied cells, lines', () => {
    const fromDoc = docTableGrid(DOC);
    const fromHtml = parseHtmlTables(HTML)[0];
    expect(fromDoc).toEqual(fromHtml);
    expect(fromDoc.rows[5][4]).toBe('Thường xuyên');
    expect(fromDoc.copied[5][4]).toBe(true);
    expect(fromDoc.rows[3]).toEqual(['I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', '', '', '', '']);
    expect(fromDoc.rows[6][4]).toBe('Trước 10 giờ\nngày 20/02/2025');
  });

  test('the importer reads it: two-row header, numbering row skipped, section, the merged timeframe for both tasks', () => {
    const g = docTableGrid(DOC);
    const read = readPlanTable(g.rows, { copied: g.copied, paragraphs: true });
    expect(read.tasks.map((t) => [t.stt, t.section, t.leadText, t.coordinatorText, t.timeframeText])).toEqual([
      ['1', 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', 'Đài truyền thanh xã', 'Công chức Văn hóa - Xã hội\nVăn phòng HĐND và UBND xã', 'Thường xuyên'],
      ['2', 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', 'Bộ phận Một cửa UBND xã', 'Phòng Tư pháp huyện', 'Thường xuyên'],
      ['3', 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', 'Văn phòng HĐND và UBND xã', '', 'Trước 10 giờ ngày 20/02/2025'],
    ]);
    expect(read.tasks[0].task).toBe('Tuyên truyền kết quả cải cách hành chính trên:\n- Hệ thống truyền thanh xã;\n- Trang thông tin điện tử xã');
  });

  test('a span only known on the head (cells below read as plain empty ones) gives the same grid: what readPlanDocument sends', () => {
    // readPlanDocument never asks column spans, and marks nothing covered: only the heads' row spans.
    const sparse = DOC.map((row) => row.map((x) => ({ text: x.text, colSpan: 1, rowSpan: x.rowSpan > 1 ? x.rowSpan : 1 })));
    expect(docTableGrid(sparse)).toEqual(docTableGrid(DOC));
  });
});
