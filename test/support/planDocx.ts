/**
 * A commune's plan as the office receives it in Word (.docx), built with the `docx` package the
 * way Word saves such a file: a title, the plan's text, then the appendix table with a two-row
 * header ("Đơn vị thực hiện" over "Chủ trì" / "Phối hợp"), a "(1) (2) (3)…" numbering row, group
 * heading rows merged across (or in the STT cell with the rest merged), a timeframe cell merged
 * over two tasks, several paragraphs in one cell and a line break in another. The same table as
 * test/fixtures/clipboard/word-appendix.html (Word's clipboard HTML of it).
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';

type CellSpec = string | { paragraphs?: string[]; text?: string; colSpan?: number; rowSpan?: number; bold?: boolean; lineBreak?: [string, string] };

function cell(spec: CellSpec): TableCell {
  const s = typeof spec === 'string' ? { text: spec } : spec;
  let children: Paragraph[];
  if (s.lineBreak) {
    children = [new Paragraph({ children: [new TextRun(s.lineBreak[0]), new TextRun({ text: s.lineBreak[1], break: 1 })] })];
  } else {
    const texts = s.paragraphs ?? [s.text ?? ''];
    children = texts.map((t) => new Paragraph({ children: [new TextRun({ text: t, bold: s.bold, size: 24, font: 'Times New Roman' })] }));
  }
  return new TableCell({
    children,
    ...(s.colSpan ? { columnSpan: s.colSpan } : {}),
    ...(s.rowSpan ? { rowSpan: s.rowSpan } : {}),
  });
}

function row(cells: CellSpec[], header = false): TableRow {
  return new TableRow({ children: cells.map(cell), ...(header ? { tableHeader: true } : {}) });
}

/** The appendix rows (after the numbering row), as a reader should see each grid row's text. */
export const APPENDIX_TASKS = [
  {
    stt: '1',
    content: 'Xây dựng, ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2025',
    lead: 'Văn phòng HĐND và UBND xã',
    time: 'Trước 10 giờ ngày 20/02/2025',
    section: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH',
  },
  {
    stt: '2',
    content: 'Tuyên truyền kết quả cải cách hành chính trên:\n- Hệ thống truyền thanh xã;\n- Trang thông tin điện tử xã',
    lead: 'Đài truyền thanh xã',
    time: 'Thường xuyên',
    section: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH',
  },
  {
    stt: '3',
    content: 'Niêm yết công khai thủ tục hành chính tại Bộ phận Một cửa',
    lead: 'Bộ phận Một cửa UBND xã',
    time: 'Thường xuyên',
    section: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH',
  },
  {
    stt: '1',
    content: 'Tuyên truyền về dịch vụ công trực tuyến toàn trình, thanh toán trực tuyến',
    lead: 'Công chức Văn hóa - Xã hội',
    time: 'Quý I hằng năm',
    section: 'II. TUYÊN TRUYỀN VỀ CẢI CÁCH THỦ TỤC HÀNH CHÍNH',
  },
];

/** The appendix table of a real plan (7 grid columns, 9 rows). */
export function appendixTable(): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      row(
        [
          { text: 'TT', rowSpan: 2, bold: true },
          { text: 'Nội dung nhiệm vụ', rowSpan: 2, bold: true },
          { text: 'Sản phẩm đầu ra', rowSpan: 2, bold: true },
          { text: 'Đơn vị thực hiện', colSpan: 2, bold: true },
          { text: 'Thời gian hoàn thành', rowSpan: 2, bold: true },
          { text: 'Ghi chú', rowSpan: 2, bold: true },
        ],
        true,
      ),
      row([{ text: 'Chủ trì', bold: true }, { text: 'Phối hợp', bold: true }], true),
      row(['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)']),
      row([{ text: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', colSpan: 7, bold: true }]),
      row(['1', APPENDIX_TASKS[0].content, 'Kế hoạch của UBND xã', 'Văn phòng HĐND và UBND xã', 'Các cán bộ, công chức liên quan', { lineBreak: ['Trước 10 giờ', 'ngày 20/02/2025'] }, '']),
      row([
        '2',
        { paragraphs: ['Tuyên truyền kết quả cải cách hành chính trên:', '- Hệ thống truyền thanh xã;', '- Trang thông tin điện tử xã'] },
        'Tin, bài',
        'Đài truyền thanh xã',
        { paragraphs: ['Công chức Văn hóa - Xã hội', 'Văn phòng HĐND và UBND xã'] },
        { text: 'Thường xuyên', rowSpan: 2 },
        '',
      ]),
      row(['3', APPENDIX_TASKS[2].content, 'Bảng niêm yết', 'Bộ phận Một cửa UBND xã', 'Phòng Tư pháp huyện', '']),
      row([{ text: 'II', bold: true }, { text: 'TUYÊN TRUYỀN VỀ CẢI CÁCH THỦ TỤC HÀNH CHÍNH', colSpan: 6, bold: true }]),
      row(['1', APPENDIX_TASKS[3].content, 'Pano, áp phích', 'Công chức Văn hóa - Xã hội', 'Sở Thông tin và Truyền thông', 'Quý I hằng năm', '']),
    ],
  });
}

/** A small table before the appendix, as plans have (the signature block laid out in a table). */
function signatureTable(): Table {
  return new Table({
    rows: [
      row([{ paragraphs: ['Nơi nhận:', '- UBND huyện;', '- Lưu: VT.'] }, { paragraphs: ['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH'] }]),
    ],
  });
}

/** The whole plan as Word bytes. */
export async function planDocx(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: 'KẾ HOẠCH', bold: true })] }),
          new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun('Tuyên truyền cải cách hành chính năm 2025')] }),
          new Paragraph({ children: [new TextRun('Ủy ban nhân dân xã Tân Việt ban hành Kế hoạch như sau:')] }),
          signatureTable(),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: 'PHỤ LỤC', bold: true })] }),
          new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: '(Kèm theo Kế hoạch số 15/KH-UBND ngày 20/01/2025 của UBND xã Tân Việt)', italics: true })] }),
          appendixTable(),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** A Word file with no table at all. */
export async function letterDocx(): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: [new Paragraph('Kính gửi: UBND xã Tân Việt'), new Paragraph('Đề nghị xã báo cáo kết quả.')] }] });
  return Packer.toBuffer(doc);
}
