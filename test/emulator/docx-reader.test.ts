/**
 * A Word file in the emulator's Drive opens as a Google Doc (Drive's docx→Doc conversion): its
 * paragraphs, headings, line breaks and tables, merged cells included, as DocumentApp shows them.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AlignmentType, Document, Footer, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import { Env } from '../../emulator/core/env';
import { createWorkbook } from '../../emulator/services/spreadsheet/model';
import { createDocumentApp, documentModel, flushDocuments, listDocuments } from '../../emulator/services/docs/document';
import { createDocumentFromDocx, createDriveApp, driveState } from '../../emulator/services/docs/drive';
import { documentToDocx } from '../../emulator/services/docs/docx';
import { docxToModel } from '../../emulator/services/docs/docxReader';
import { createDocs } from '../../emulator/services/docs/docsApi';
import { letterDocx, planDocx } from '../support/planDocx';

function setup(dir: string | null = null) {
  const env = new Env(createWorkbook('x'), { now: '2025-02-03T09:00:00+07:00', dir });
  return { env, DocumentApp: createDocumentApp(env), DriveApp: createDriveApp(env) };
}

type Table = GoogleAppsScript.Document.Table;

/** A table's grid as DocumentApp gives it: per cell its text and spans. */
function grid(table: Table): { text: string; col: number; row: number }[][] {
  const out: { text: string; col: number; row: number }[][] = [];
  for (let r = 0; r < table.getNumRows(); r++) {
    const row = table.getRow(r);
    const cells: { text: string; col: number; row: number }[] = [];
    for (let c = 0; c < row.getNumCells(); c++) {
      const cell = row.getCell(c);
      cells.push({ text: cell.getText(), col: cell.getColSpan(), row: cell.getRowSpan() });
    }
    out.push(cells);
  }
  return out;
}

describe('a .docx converted to a Google Doc', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'docx-reader-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  test('a plan placed in the drive folder is listed, opens by id and by URL, and keeps its name without .docx', async () => {
    const { env, DocumentApp, DriveApp } = setup(tmp);
    fs.mkdirSync(path.join(tmp, 'drive', 'Kế hoạch'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'drive', 'Kế hoạch', 'KH 15 tuyên truyền CCHC 2025.docx'), await planDocx());
    const files = DriveApp.getFilesByName('KH 15 tuyên truyền CCHC 2025');
    expect(files.hasNext()).toBe(true);
    const file = files.next();
    expect(file.getMimeType()).toBe('application/vnd.google-apps.document');
    expect(file.getParents().next().getName()).toBe('Kế hoạch');
    const doc = DocumentApp.openByUrl(file.getUrl());
    expect(doc.getName()).toBe('KH 15 tuyên truyền CCHC 2025');
    expect(DocumentApp.openById(file.getId()).getBody().getTables()).toHaveLength(2);
    expect(listDocuments(env).map((d) => d.name)).toEqual(['KH 15 tuyên truyền CCHC 2025']);
    // The file on disk is the Doc's: not written again until the Doc changes.
    await flushDocuments(env);
    expect(fs.readdirSync(path.join(tmp, 'drive', 'Kế hoạch'))).toEqual(['KH 15 tuyên truyền CCHC 2025.docx']);
  });

  test('an id not yet listed is found once the file is on disk (DocumentApp.openById after a copy into the folder)', async () => {
    const { env, DocumentApp } = setup(tmp);
    expect(listDocuments(env)).toEqual([]);
    fs.mkdirSync(path.join(tmp, 'drive'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'drive', 'Công văn.docx'), await letterDocx());
    const [listed] = listDocuments(env);
    expect(DocumentApp.openById(listed.id).getBody().getText()).toBe('Kính gửi: UBND xã Tân Việt\nĐề nghị xã báo cáo kết quả.');
    expect(() => DocumentApp.openById('1nothere00000000000000000000000000000000000')).toThrow(/missing|permission|not found|không/i);
  });

  test('paragraphs, a heading, and each table in document order', async () => {
    const { env, DocumentApp } = setup();
    const rec = createDocumentFromDocx(env, 'Kế hoạch', await planDocx());
    const body = DocumentApp.openById(rec.id).getBody();
    const paragraphs = body.getParagraphs().map((p) => p.getText());
    expect(paragraphs.slice(0, 3)).toEqual(['KẾ HOẠCH', 'Tuyên truyền cải cách hành chính năm 2025', 'Ủy ban nhân dân xã Tân Việt ban hành Kế hoạch như sau:']);
    expect(body.getParagraphs()[1].getHeading()).toBe(DocumentApp.ParagraphHeading.HEADING1);
    expect(body.getParagraphs()[0].getHeading()).toBe(DocumentApp.ParagraphHeading.NORMAL);
    expect(body.getParagraphs()[0].getAlignment()).toBe(DocumentApp.HorizontalAlignment.CENTER);
    expect(body.getParagraphs()[0].editAsText().isBold()).toBe(true);
    const tables = body.getTables();
    expect(tables).toHaveLength(2);
    expect(tables[0].getCell(0, 0).getText()).toBe('Nơi nhận:\n- UBND huyện;\n- Lưu: VT.');
    expect(tables[1].getNumRows()).toBe(9);
  });

  test('merged cells: the full grid, spans on the head cell, 0 on the cells it covers', async () => {
    const { env, DocumentApp } = setup();
    const rec = createDocumentFromDocx(env, 'Kế hoạch', await planDocx());
    const table = DocumentApp.openById(rec.id).getBody().getTables()[1];
    const g = grid(table);
    // Every row has the table's 7 columns, as Docs keeps a merged table's grid.
    expect(g.map((r) => r.length)).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 7]);
    // Two-row header: "TT" spans two rows; "Đơn vị thực hiện" spans two columns.
    expect(g[0][0]).toEqual({ text: 'TT', col: 1, row: 2 });
    expect(g[0][3]).toEqual({ text: 'Đơn vị thực hiện', col: 2, row: 1 });
    expect(g[0][4]).toEqual({ text: '', col: 0, row: 0 });
    expect(g[1][0]).toEqual({ text: '', col: 0, row: 0 });
    expect(g[1].map((c) => c.text)).toEqual(['', '', '', 'Chủ trì', 'Phối hợp', '', '']);
    expect(g[2].map((c) => c.text)).toEqual(['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)']);
    // A group heading merged across the whole row.
    expect(g[3][0]).toEqual({ text: 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', col: 7, row: 1 });
    expect(g[3].slice(1).every((c) => c.col === 0 && c.row === 0)).toBe(true);
    // A line break inside a cell is "\r" in the paragraph's text; paragraphs are joined by "\n".
    expect(g[4][5].text).toBe('Trước 10 giờ\rngày 20/02/2025');
    expect(g[5][1].text).toBe('Tuyên truyền kết quả cải cách hành chính trên:\n- Hệ thống truyền thanh xã;\n- Trang thông tin điện tử xã');
    expect(table.getCell(5, 1).getNumChildren()).toBe(3);
    // One timeframe for two tasks: the head spans two rows, the cell below is covered.
    expect(g[5][5]).toEqual({ text: 'Thường xuyên', col: 1, row: 2 });
    expect(g[6][5]).toEqual({ text: '', col: 0, row: 0 });
    expect(g[6][4].text).toBe('Phòng Tư pháp huyện');
    // A group heading with its number in the STT cell and its title merged over the rest.
    expect(g[7][0]).toEqual({ text: 'II', col: 1, row: 1 });
    expect(g[7][1]).toEqual({ text: 'TUYÊN TRUYỀN VỀ CẢI CÁCH THỦ TỤC HÀNH CHÍNH', col: 6, row: 1 });
    expect(g[8][0]).toEqual({ text: '1', col: 1, row: 1 });
  });

  test('the Docs API (documents.get) gives the converted Doc\'s tables: cells\' paragraphs and line breaks, spans on the head cell', async () => {
    const { env } = setup();
    const rec = createDocumentFromDocx(env, 'Kế hoạch', await planDocx());
    type El = { startIndex?: number; endIndex: number; paragraph?: { elements: { textRun?: { content: string } }[] }; table?: { rows: number; columns: number; tableRows: { tableCells: { content: El[]; tableCellStyle: { rowSpan: number; columnSpan: number } }[] }[] } };
    const doc = (createDocs(env) as { Documents: { get(id: string): { title: string; body: { content: El[] } } } }).Documents.get(rec.id);
    expect(doc.title).toBe('Kế hoạch');
    const tables = doc.body.content.filter((e) => e.table);
    expect(tables.map((t) => [t.table!.rows, t.table!.columns])).toEqual([[1, 2], [9, 7]]);
    const cell = (r: number, c: number) => tables[1].table!.tableRows[r].tableCells[c];
    const text = (r: number, c: number) => cell(r, c).content.map((p) => (p.paragraph?.elements ?? []).map((e) => e.textRun?.content ?? '').join('')).join('');
    expect(text(4, 5)).toBe('Trước 10 giờ\u000bngày 20/02/2025\n');
    expect(text(5, 1)).toBe('Tuyên truyền kết quả cải cách hành chính trên:\n- Hệ thống truyền thanh xã;\n- Trang thông tin điện tử xã\n');
    expect(cell(5, 5).tableCellStyle).toEqual({ rowSpan: 2, columnSpan: 1 });
    expect(cell(3, 0).tableCellStyle).toEqual({ rowSpan: 1, columnSpan: 7 });
    // Indexes run on without gaps: each element starts where the previous one ended.
    const content = doc.body.content;
    for (let i = 1; i < content.length; i++) expect(content[i].startIndex).toBe(content[i - 1].endIndex);
  });

  test('the Doc written back to .docx keeps its merged cells', async () => {
    const { env } = setup();
    const rec = createDocumentFromDocx(env, 'Kế hoạch', await planDocx());
    const again = docxToModel(await documentToDocx(documentModel(env, rec.id)!), 'x', 'x');
    const spans = (m: typeof again) => (m.body.children.filter((b) => b.kind === 'table')[1] as Extract<(typeof m.body.children)[number], { kind: 'table' }>).rows.map((r) => r.cells.map((c) => `${c.colSpan ?? 1}x${c.rowSpan ?? 1}`).join(' '));
    expect(spans(again)).toEqual(spans(documentModel(env, rec.id)!));
  });

  test('page size and margins, headings by style name, and the footer', async () => {
    const bytes = await Packer.toBuffer(
      new Document({
        sections: [
          {
            properties: { page: { size: { width: 11906, height: 16838 }, margin: { top: 1134, bottom: 1134, left: 1701, right: 850 } } },
            footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.RIGHT, children: [new TextRun('Trang cuối')] })] }) },
            children: [new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun('BÁO CÁO')] }), new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun('I. Kết quả')] })],
          },
        ],
      }),
    );
    const { env, DocumentApp } = setup();
    const doc = DocumentApp.openById(createDocumentFromDocx(env, 'Báo cáo', bytes).id);
    const body = doc.getBody();
    expect(Math.round(body.getPageWidth())).toBe(595);
    expect(Math.round(body.getPageHeight())).toBe(842);
    expect(body.getMarginLeft()).toBeCloseTo(85.05, 1);
    expect(body.getMarginRight()).toBeCloseTo(42.5, 1);
    expect(body.getParagraphs().map((p) => String(p.getHeading()))).toEqual(['TITLE', 'HEADING2']);
    expect(doc.getFooter()?.getText()).toBe('Trang cuối');
    expect(doc.getHeader()).toBeNull();
  });

  test('bytes that are not a Word file are refused, and a stray non-Word file in the folder stays a plain file', async () => {
    const { env, DriveApp } = setup(tmp);
    expect(() => createDocumentFromDocx(env, 'x', Buffer.from('not a zip'))).toThrow(/not a Word document/);
    fs.mkdirSync(path.join(tmp, 'drive'), { recursive: true });
    fs.writeFileSync(path.join(tmp, 'drive', 'ghi chú.txt'), 'xin chào');
    const f = DriveApp.getFilesByName('ghi chú.txt').next();
    expect(f.getMimeType()).toBe('text/plain');
    expect(f.getBlob().getDataAsString()).toBe('xin chào');
    expect(Object.values(driveState(env).files)).toHaveLength(1);
  });
});
