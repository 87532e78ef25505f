/**
 * DocumentApp as Google's reference describes it: a new Doc's defaults, paragraphs and their
 * character runs, attributes, tables whose cells hold paragraphs, call counting, closing, and
 * the HTML preview.
 */
import { Env } from '../../emulator/core/env';
import { createWorkbook } from '../../emulator/services/spreadsheet/model';
import { Sandbox } from '../../emulator/sandbox';
import { createDocumentApp, documentHtml, documentModel } from '../../emulator/services/docs/document';
import { DOCS_CREATED_PER_DAY, createDriveApp } from '../../emulator/services/docs/drive';

type DocApp = GoogleAppsScript.Document.DocumentApp;

function setup(): { env: Env; DocumentApp: DocApp; DriveApp: GoogleAppsScript.Drive.DriveApp } {
  const env = new Env(createWorkbook('Theo dõi kế hoạch CCHC'), { now: '2024-03-08T09:00:00+07:00' });
  return { env, DocumentApp: createDocumentApp(env), DriveApp: createDriveApp(env) };
}

/** Enum values as a script passes them (the emulator's enums are their names). */
const E = <T>(name: string): T => name as unknown as T;

describe('a new Doc', () => {
  test('has one empty paragraph, a US Letter page with 1-inch margins, and lands in the root folder', () => {
    const { DocumentApp, DriveApp } = setup();
    const doc = DocumentApp.create('Báo cáo thử');
    const body = doc.getBody();
    expect(body.getNumChildren()).toBe(1);
    expect(String(body.getChild(0).getType())).toBe('PARAGRAPH');
    expect(body.getText()).toBe('');
    expect([body.getPageWidth(), body.getPageHeight()]).toEqual([612, 792]);
    expect([body.getMarginTop(), body.getMarginBottom(), body.getMarginLeft(), body.getMarginRight()]).toEqual([72, 72, 72, 72]);
    expect(doc.getUrl()).toBe(`https://docs.google.com/document/d/${doc.getId()}/edit`);
    expect(doc.getName()).toBe('Báo cáo thử');

    const files = DriveApp.getRootFolder().getFilesByName('Báo cáo thử');
    expect(files.hasNext()).toBe(true);
    const file = files.next();
    expect(file.getId()).toBe(doc.getId());
    expect(file.getMimeType()).toBe('application/vnd.google-apps.document');
  });

  test('a new paragraph reports the NORMAL style (left, 1.15) and null for unset text attributes', () => {
    const { DocumentApp } = setup();
    const p = DocumentApp.create('x').getBody().appendParagraph('Nội dung');
    expect(String(p.getAlignment())).toBe('LEFT');
    expect(p.getLineSpacing()).toBe(1.15);
    expect(String(p.getHeading())).toBe('NORMAL');
    expect(p.editAsText().getFontSize()).toBeNull();
    expect(p.getAttributes()[String(DocumentApp.Attribute.BOLD)]).toBeNull();
    p.setHeading(DocumentApp.ParagraphHeading.HEADING1);
    expect(p.getAlignment()).toBeNull();
  });

  // developers.google.com/apps-script/guides/services/quotas: "Documents created: 250 / day"
  // (consumer accounts); "Quotas are per user and reset 24 hours after the first request".
  test('the 251st Doc is refused with Apps Script\'s quota error until 24 hours after the first create, not at midnight', () => {
    const { env, DocumentApp } = setup();
    expect(DOCS_CREATED_PER_DAY).toBe(250);
    for (let i = 0; i < 250; i++) DocumentApp.create(`Tài liệu ${i}`);
    expect(() => DocumentApp.create('một nữa')).toThrow('Service invoked too many times for one day: docs create.');
    // A new calendar day (Vietnam) 15½ hours later: still within the 24-hour window.
    env.clock.set('2024-03-09T00:30:00+07:00');
    expect(() => DocumentApp.create('sau nửa đêm')).toThrow('Service invoked too many times for one day: docs create.');
    env.clock.set('2024-03-09T08:59:59+07:00');
    expect(() => DocumentApp.create('gần đủ 24 giờ')).toThrow('Service invoked too many times for one day: docs create.');
    env.clock.set('2024-03-09T09:00:00+07:00');
    expect(DocumentApp.create('đủ 24 giờ').getName()).toBe('đủ 24 giờ');
  });
});

describe('paragraphs and text', () => {
  test('"\\n" in a paragraph becomes a line break "\\r"; the body joins paragraphs with "\\n"', () => {
    const { DocumentApp } = setup();
    const body = DocumentApp.create('x').getBody();
    const p = body.appendParagraph('dòng 1\ndòng 2');
    expect(p.getText()).toBe('dòng 1\rdòng 2');
    body.appendParagraph('Đoạn hai');
    expect(body.getNumChildren()).toBe(3);
    expect(body.getText()).toBe('\ndòng 1\rdòng 2\nĐoạn hai');
  });

  test('"Nơi nhận:" bold italic 12 pt and the entries 11 pt are separate character runs', () => {
    const { env, DocumentApp } = setup();
    const doc = DocumentApp.create('x');
    const p = doc.getBody().appendParagraph('');
    p.appendText('Nơi nhận:').setBold(true).setItalic(true).setFontSize(12);
    p.appendText('\n- Như trên;').setBold(false).setItalic(false).setFontSize(11);

    const t = p.editAsText();
    expect(t.getText()).toBe('Nơi nhận:\r- Như trên;');
    expect([t.isBold(0), t.isItalic(0), t.getFontSize(0)]).toEqual([true, true, 12]);
    expect([t.isBold(10), t.isItalic(10), t.getFontSize(10)]).toEqual([false, false, 11]);
    expect(t.getTextAttributeIndices()).toEqual([0, 9]);
    expect(t.getFontSize()).toBeNull(); // mixed

    const model = documentModel(env, doc.getId())!;
    const para = model.body.children[1];
    expect(para.kind).toBe('paragraph');
    const runs = para.kind === 'paragraph' ? para.children.flatMap((c) => (c.kind === 'text' ? c.runs : [])) : [];
    expect(runs.map((r) => [r.text, r.style.fontSize, r.style.bold])).toEqual([
      ['Nơi nhận:', 12, true],
      ['\r- Như trên;', 11, false],
    ]);
  });

  test('appended text takes the formatting of the character before it, as in Docs', () => {
    const { DocumentApp } = setup();
    const p = DocumentApp.create('x').getBody().appendParagraph('');
    p.appendText('TM. ').setBold(true);
    p.appendText('ỦY BAN');
    expect(p.editAsText().isBold(5)).toBe(true);
    const q = DocumentApp.create('y').getBody().appendParagraph('thường ');
    q.editAsText().appendText('tiếp');
    expect(q.editAsText().isBold()).toBeNull();
  });

  test('ranged formatting uses (start, endInclusive); offsets past the text throw', () => {
    const { DocumentApp } = setup();
    const p = DocumentApp.create('x').getBody().appendParagraph('Số: 05/BC-UBND');
    const t = p.editAsText().setBold(0, 3, true);
    expect(t.isBold(3)).toBe(true);
    expect(t.isBold(4)).toBeNull();
    expect(t.isBold()).toBeNull();
    t.setFontFamily(0, 13, 'Times New Roman');
    expect(t.getFontFamily()).toBe('Times New Roman');
    expect(() => t.setItalic(0, 14, true)).toThrow(/Index \(14\)/);
    t.insertText(4, 'số ');
    expect(t.getText()).toBe('Số: số 05/BC-UBND');
    t.deleteText(4, 6);
    expect(t.getText()).toBe('Số: 05/BC-UBND');
  });

  test('setAttributes takes Attribute keys; getAttributes reports them', () => {
    const { DocumentApp } = setup();
    const A = DocumentApp.Attribute;
    const p = DocumentApp.create('x').getBody().appendParagraph('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    p.setAttributes({
      [String(A.FONT_FAMILY)]: 'Times New Roman',
      [String(A.FONT_SIZE)]: 12,
      [String(A.BOLD)]: true,
      [String(A.HORIZONTAL_ALIGNMENT)]: DocumentApp.HorizontalAlignment.CENTER,
      [String(A.SPACING_AFTER)]: 0,
    });
    const a = p.getAttributes();
    expect([a.FONT_FAMILY, a.FONT_SIZE, a.BOLD, a.ITALIC]).toEqual(['Times New Roman', 12, true, null]);
    expect(String(a.HORIZONTAL_ALIGNMENT)).toBe('CENTER');
    expect(String(p.getAlignment())).toBe('CENTER');
    // text typed into the paragraph later keeps its formatting
    expect(p.appendText(' (tiếp)').isBold()).toBe(true);
  });

  test('paragraph layout setters: justified, first-line indent, spacing, line spacing', () => {
    const { DocumentApp } = setup();
    const p = DocumentApp.create('x').getBody().appendParagraph('Thân bài');
    p.setAlignment(DocumentApp.HorizontalAlignment.JUSTIFY).setIndentFirstLine(36).setSpacingBefore(6).setSpacingAfter(6).setLineSpacing(1);
    expect([String(p.getAlignment()), p.getIndentFirstLine(), p.getIndentStart(), p.getSpacingBefore(), p.getSpacingAfter(), p.getLineSpacing()]).toEqual([
      'JUSTIFY', 36, 0, 6, 6, 1,
    ]);
  });

  test('Body.setAttributes sets the font of the text already there and of paragraphs added later', () => {
    const { DocumentApp } = setup();
    const body = DocumentApp.create('x').getBody();
    const before = body.appendParagraph('trước');
    body.setAttributes({ FONT_FAMILY: 'Times New Roman', FONT_SIZE: 13 });
    const after = body.appendParagraph('sau');
    expect(before.editAsText().getFontFamily()).toBe('Times New Roman');
    expect(after.editAsText().getFontFamily()).toBe('Times New Roman');
    expect(after.editAsText().getFontSize()).toBe(13);
  });

  test('arguments are checked as Apps Script does: unknown enum names and colors throw', () => {
    const { DocumentApp } = setup();
    const p = DocumentApp.create('x').getBody().appendParagraph('a');
    expect(() => p.setAlignment(E('MIDDLE'))).toThrow('Invalid argument');
    expect(() => p.editAsText().setForegroundColor('red')).toThrow('Invalid argument');
    p.editAsText().setForegroundColor('#C00');
    expect(p.editAsText().getForegroundColor()).toBe('#cc0000');
  });

  test('replaceText replaces every match literally and keeps the matched text\'s formatting', () => {
    const { DocumentApp } = setup();
    const body = DocumentApp.create('x').getBody();
    const p = body.appendParagraph('Kính gửi: {{NOI_NHAN}}.');
    p.editAsText().setBold(10, 21, true);
    body.replaceText('\\{\\{NOI_NHAN\\}\\}', 'Sở Nội vụ $1');
    expect(p.getText()).toBe('Kính gửi: Sở Nội vụ $1.');
    expect(p.editAsText().isBold(12)).toBe(true);
    expect(p.editAsText().isBold(22)).toBeNull();
  });

  test('list items appended one after another share a list', () => {
    const { DocumentApp } = setup();
    const body = DocumentApp.create('x').getBody();
    const a = body.appendListItem('Một');
    const b = body.appendListItem('Hai').setGlyphType(DocumentApp.GlyphType.NUMBER);
    body.appendParagraph('ngắt');
    const c = body.appendListItem('Khác');
    expect(String(a.getType())).toBe('LIST_ITEM');
    expect(b.getListId()).toBe(a.getListId());
    expect(c.getListId()).not.toBe(a.getListId());
    expect(String(b.getGlyphType())).toBe('NUMBER');
    expect(body.getListItems()).toHaveLength(3);
  });

  test('the last paragraph of the body cannot be removed; the empty first one can', () => {
    const { DocumentApp } = setup();
    const body = DocumentApp.create('x').getBody();
    expect(() => body.getChild(0).removeFromParent()).toThrow("Can't remove the last paragraph in a document section.");
    body.appendParagraph('BÁO CÁO');
    body.getChild(0).removeFromParent();
    expect(body.getNumChildren()).toBe(1);
    expect(body.getText()).toBe('BÁO CÁO');
    body.clear();
    expect([body.getNumChildren(), body.getText()]).toEqual([1, '']);
  });
});

describe('tables', () => {
  test('appendTable(cells) is one counted call however many cells, and Docs keeps a paragraph after it', () => {
    const { env, DocumentApp } = setup();
    const body = DocumentApp.create('x').getBody();
    env.calls.reset();
    body.appendTable([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    const small = env.calls.total('DocumentApp');
    env.calls.reset();
    const rows = Array.from({ length: 60 }, (_, r) => Array.from({ length: 6 }, (_, c) => `ô ${r}-${c}`));
    const big = body.appendTable(rows);
    expect(env.calls.total('DocumentApp')).toBe(small);
    expect(env.calls.count('Body.appendTable')).toBe(1);
    expect(small).toBe(1);

    expect(big.getNumRows()).toBe(60);
    expect(big.getCell(59, 5).getText()).toBe('ô 59-5');
    // [initial paragraph, table, paragraph, table, paragraph]
    expect(body.getNumChildren()).toBe(5);
    expect(['PARAGRAPH', 'TABLE', 'PARAGRAPH', 'TABLE', 'PARAGRAPH']).toEqual(
      Array.from({ length: 5 }, (_, i) => String(body.getChild(i).getType())),
    );
    expect(big.getRow(0).getText()).toBe(rows[0].join('\n'));
  });

  test('a cell holds paragraphs: a new one has one empty paragraph, appendParagraph adds a second', () => {
    const { DocumentApp } = setup();
    const body = DocumentApp.create('x').getBody();
    const table = body.appendTable();
    expect(table.getNumRows()).toBe(0);
    const row = table.appendTableRow();
    expect(row.getNumCells()).toBe(0);
    const cell = row.appendTableCell();
    expect(cell.getNumChildren()).toBe(1);
    expect(String(cell.getChild(0).getType())).toBe('PARAGRAPH');
    expect(cell.getText()).toBe('');
    cell.appendParagraph('ỦY BAN NHÂN DÂN');
    expect(cell.getNumChildren()).toBe(2);
    expect(cell.getText()).toBe('\nỦY BAN NHÂN DÂN');
    cell.setText('XÃ TÂN VIỆT');
    expect([cell.getNumChildren(), cell.getText()]).toEqual([1, 'XÃ TÂN VIỆT']);
    expect(cell.getParentRow().getCell(0).getText()).toBe('XÃ TÂN VIỆT');
  });

  test('borders, column widths, padding and vertical alignment; TableCell.setWidth sets its column', () => {
    const { DocumentApp } = setup();
    const table = DocumentApp.create('x').getBody().appendTable([
      ['ỦY BAN NHÂN DÂN', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
      ['Số: 05/BC-UBND', 'Tân Việt, ngày 05 tháng 3 năm 2024'],
    ]);
    expect([table.getBorderWidth(), table.getBorderColor()]).toEqual([1, '#000000']);
    table.setBorderWidth(0).setColumnWidth(0, 170);
    expect(table.getBorderWidth()).toBe(0);
    expect(table.getColumnWidth(0)).toBe(170);
    expect(table.getColumnWidth(1)).toBeNull();
    table.getCell(0, 1).setWidth(283).setPaddingLeft(0).setVerticalAlignment(DocumentApp.VerticalAlignment.CENTER);
    expect(table.getColumnWidth(1)).toBe(283);
    expect(table.getCell(1, 1).getWidth()).toBe(283);
    expect(table.getCell(0, 1).getPaddingLeft()).toBe(0);
    expect(table.getCell(0, 0).getPaddingLeft()).toBe(5);
    expect(String(table.getCell(0, 1).getVerticalAlignment())).toBe('CENTER');
    expect(() => table.setColumnWidth(2, 10)).toThrow(/Column index \(2\)/);
  });
});

describe('header, footer, closing and reopening', () => {
  test('a Doc has no header until addHeader; a second addHeader throws', () => {
    const { DocumentApp } = setup();
    const doc = DocumentApp.create('x');
    expect(doc.getHeader()).toBeNull();
    const h = doc.addHeader();
    expect(h.getNumChildren()).toBe(1);
    h.appendParagraph('Trang đầu');
    expect(doc.getHeader().getText()).toBe('\nTrang đầu');
    expect(() => doc.addHeader()).toThrow();
    doc.addFooter().getChild(0).asParagraph().setText('chân trang');
    expect(doc.getFooter().getParagraphs().map((p) => p.getText())).toEqual(['chân trang']);
  });

  test('after saveAndClose the Document and its elements refuse use; openById opens it again', () => {
    const { DocumentApp } = setup();
    const doc = DocumentApp.create('Báo cáo quý I');
    const p = doc.getBody().appendParagraph('Nội dung');
    doc.saveAndClose();
    expect(() => p.setText('đổi')).toThrow('Document is closed, its contents cannot be updated.');
    expect(() => doc.getBody()).toThrow('Document is closed, its contents cannot be updated.');
    expect(doc.getUrl()).toContain(doc.getId());
    // A closed document still exports (the usual saveAndClose(); getAs('application/pdf')).
    expect(doc.getAs('application/pdf').getName()).toBe('Báo cáo quý I.pdf');
    expect(() => doc.getAs('application/vnd.openxmlformats-officedocument.wordprocessingml.document')).toThrow(/'application\/pdf' only/);
    const again = DocumentApp.openById(doc.getId());
    expect(again.getBody().getText()).toBe('\nNội dung');
    expect(DocumentApp.openByUrl(doc.getUrl()).getName()).toBe('Báo cáo quý I');
    expect(() => DocumentApp.openById('1khongcotailieunay00000000000000000000000000')).toThrow("Document is missing (perhaps it was deleted, or you don't have read access?)");
  });
});

describe('from a script in the sandbox', () => {
  test('enums and Attribute keys of the script realm work, and the layout reaches the model', () => {
    const env = new Env(createWorkbook('x'), { now: '2024-03-08T09:00:00+07:00' });
    const sandbox = new Sandbox(
      env,
      `function make() {
        var doc = DocumentApp.create('BC');
        var body = doc.getBody();
        var style = {};
        style[DocumentApp.Attribute.FONT_FAMILY] = 'Times New Roman';
        style[DocumentApp.Attribute.FONT_SIZE] = 13;
        body.setAttributes(style);
        var p = body.appendParagraph('BÁO CÁO').setAlignment(DocumentApp.HorizontalAlignment.CENTER);
        p.editAsText().setBold(true);
        var t = body.appendTable([['a', 'b']]);
        return { id: doc.getId(), centred: p.getAlignment() == DocumentApp.HorizontalAlignment.CENTER,
                 bold: p.editAsText().isBold(), cells: t.getRow(0).getNumCells(),
                 created: DriveApp.getFileById(doc.getId()).getDateCreated() instanceof Date };
      }`,
    );
    const r = sandbox.call('make') as { id: string; centred: boolean; bold: boolean; cells: number; created: boolean };
    expect(r).toMatchObject({ centred: true, bold: true, cells: 2, created: true });
    const body = documentModel(env, r.id)!.body;
    const p = body.children[1];
    expect(p.kind === 'paragraph' && p.children[0].kind === 'text' ? p.children[0].runs[0].style : null).toEqual({
      fontFamily: 'Times New Roman',
      fontSize: 13,
      bold: true,
    });
  });
});

describe('HTML preview', () => {
  test('escapes the text, shows the page size, fonts, justified text and a borderless table', () => {
    const { env, DocumentApp } = setup();
    const doc = DocumentApp.create('<Báo cáo> & "thử"');
    const body = doc.getBody().setPageWidth(595.28).setPageHeight(841.89).setMarginLeft(85);
    body.appendTable([['<script>alert(1)</script>', 'Tân Việt']]).setBorderWidth(0);
    const p = body.appendParagraph('Thân bài & kết luận').setAlignment(DocumentApp.HorizontalAlignment.JUSTIFY).setIndentFirstLine(36);
    p.editAsText().setFontFamily('Times New Roman').setFontSize(13);
    const html = documentHtml(env, doc.getId())!;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('<title>&lt;Báo cáo&gt; &amp; &quot;thử&quot;</title>');
    expect(html).toContain('width: 595.28pt');
    expect(html).toContain('class="borderless"');
    expect(html).toMatch(/text-align:justify;[^"]*text-indent:36pt/);
    expect(html).toContain('Thân bài &amp; kết luận');
    expect(html).toMatch(/font-family:&#39;Times New Roman&#39;, serif;font-size:13pt/);
    expect(documentHtml(env, 'khong-co')).toBeNull();
  });
});
