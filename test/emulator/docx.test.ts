/**
 * The .docx the emulator writes, read back as Word would read it (word/document.xml): the
 * layout of a report per Nghị định 30/2020 built through DocumentApp must survive the trip.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import JSZip from 'jszip';
import { Env } from '../../emulator/core/env';
import { createWorkbook } from '../../emulator/services/spreadsheet/model';
import { createDocumentApp, documentModel, flushDocuments } from '../../emulator/services/docs/document';
import { createDriveApp } from '../../emulator/services/docs/drive';
import { documentToDocx } from '../../emulator/services/docs/docx';

const MM = 72 / 25.4; // points per millimetre

async function parts(bytes: Buffer): Promise<{ document: string; styles: string; files: string[]; part: (name: string) => Promise<string> }> {
  const zip = await JSZip.loadAsync(bytes);
  const part = async (name: string) => (await zip.file(name)?.async('string')) ?? '';
  return { document: await part('word/document.xml'), styles: await part('word/styles.xml'), files: Object.keys(zip.files), part };
}

function decode(xml: string): string {
  return xml.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}

/** Paragraphs of a part, each with its XML, its text and its runs. */
function paragraphs(xml: string): { xml: string; text: string; runs: { xml: string; text: string }[] }[] {
  return (xml.match(/<w:p(?:\s[^>]*)?\/>|<w:p(?:\s[^>]*)?>.*?<\/w:p>/g) ?? []).map((p) => {
    const runs = (p.match(/<w:r>.*?<\/w:r>/g) ?? []).map((r) => ({
      xml: r,
      text: decode((r.match(/<w:t(?:\s[^>]*)?>(.*?)<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, '')).join('')),
    }));
    return { xml: p, text: runs.map((r) => r.text).join(''), runs };
  });
}

function attr(xml: string, element: string, name: string): string | null {
  const m = new RegExp(`<${element}\\b[^>]*\\s${name}="([^"]*)"`).exec(xml);
  return m ? m[1] : null;
}

function setup(dir: string | null = null) {
  const env = new Env(createWorkbook('x'), { now: '2024-03-08T09:00:00+07:00', dir });
  return { env, DocumentApp: createDocumentApp(env), DriveApp: createDriveApp(env) };
}

/** A report laid out as the decree wants, with Apps Script calls only. */
function buildReport(DocumentApp: GoogleAppsScript.Document.DocumentApp): GoogleAppsScript.Document.Document {
  const A = DocumentApp.Attribute;
  const doc = DocumentApp.create('05-BC-UBND Báo cáo tuyên truyền CCHC Quý I-2024');
  const body = doc.getBody();
  body.setPageWidth(210 * MM).setPageHeight(297 * MM);
  body.setMarginTop(20 * MM).setMarginBottom(20 * MM).setMarginLeft(30 * MM).setMarginRight(15 * MM);
  body.setAttributes({ [String(A.FONT_FAMILY)]: 'Times New Roman', [String(A.FONT_SIZE)]: 13 });

  const header = body.appendTable([
    ['ỦY BAN NHÂN DÂN\nXÃ TÂN VIỆT', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc'],
    ['Số: 05/BC-UBND', 'Tân Việt, ngày 05 tháng 3 năm 2024'],
  ]);
  header.setBorderWidth(0).setColumnWidth(0, 170).setColumnWidth(1, 283);
  header.getCell(0, 0).editAsText().setBold(true).setFontSize(12);
  header.getCell(1, 1).editAsText().setItalic(true).setFontSize(14);

  body.appendParagraph('BÁO CÁO').setAlignment(DocumentApp.HorizontalAlignment.CENTER).editAsText().setBold(true).setFontSize(14);
  body
    .appendParagraph('Thực hiện Kế hoạch số 18/KH-UBND, Ủy ban nhân dân xã báo cáo kết quả như sau:')
    .setAlignment(DocumentApp.HorizontalAlignment.JUSTIFY)
    .setIndentFirstLine(36)
    .setSpacingAfter(6)
    .setLineSpacing(1);

  const nn = body.appendParagraph('');
  nn.appendText('Nơi nhận:').setBold(true).setItalic(true).setFontSize(12);
  nn.appendText('\n- Sở Nội vụ;\n- Lưu: VT.').setBold(false).setItalic(false).setFontSize(11);
  doc.addHeader().appendParagraph('2').setAlignment(DocumentApp.HorizontalAlignment.CENTER);
  return doc;
}

describe('documentToDocx', () => {
  test('A4 page and the decree margins in twips', async () => {
    const { env, DocumentApp } = setup();
    const doc = buildReport(DocumentApp);
    const { document } = await parts(await documentToDocx(documentModel(env, doc.getId())!));
    expect(attr(document, 'w:pgSz', 'w:w')).toBe('11906');
    expect(attr(document, 'w:pgSz', 'w:h')).toBe('16838');
    expect(attr(document, 'w:pgMar', 'w:top')).toBe('1134');
    expect(attr(document, 'w:pgMar', 'w:bottom')).toBe('1134');
    expect(attr(document, 'w:pgMar', 'w:left')).toBe('1701');
    expect(attr(document, 'w:pgMar', 'w:right')).toBe('850');
  });

  test('a new Doc is US Letter, 1-inch margins, Arial 11 with line spacing 1.15', async () => {
    const { env, DocumentApp } = setup();
    const doc = DocumentApp.create('Mặc định');
    const { document, styles } = await parts(await documentToDocx(documentModel(env, doc.getId())!));
    expect([attr(document, 'w:pgSz', 'w:w'), attr(document, 'w:pgSz', 'w:h')]).toEqual(['12240', '15840']);
    expect(attr(document, 'w:pgMar', 'w:left')).toBe('1440');
    const defaults = /<w:docDefaults>.*<\/w:docDefaults>/.exec(styles)?.[0] ?? '';
    expect(attr(defaults, 'w:rFonts', 'w:ascii')).toBe('Arial');
    expect(attr(defaults, 'w:sz', 'w:val')).toBe('22');
    expect(attr(defaults, 'w:spacing', 'w:line')).toBe('276');
  });

  test('Times New Roman, sizes in half-points, and "Nơi nhận:" bold italic 12 pt before 11 pt entries', async () => {
    const { env, DocumentApp } = setup();
    const doc = buildReport(DocumentApp);
    const { document } = await parts(await documentToDocx(documentModel(env, doc.getId())!));
    const ps = paragraphs(document);

    const title = ps.find((p) => p.text === 'BÁO CÁO')!;
    expect(title.runs).toHaveLength(1);
    expect(attr(title.runs[0].xml, 'w:rFonts', 'w:ascii')).toBe('Times New Roman');
    expect(attr(title.runs[0].xml, 'w:sz', 'w:val')).toBe('28');
    expect(title.runs[0].xml).toContain('<w:b/>');
    expect(attr(title.xml, 'w:jc', 'w:val')).toBe('center');

    const nn = ps.find((p) => p.text.startsWith('Nơi nhận:'))!;
    const [label, ...entries] = nn.runs;
    expect(label.text).toBe('Nơi nhận:');
    expect(label.xml).toContain('<w:b/>');
    expect(label.xml).toContain('<w:i/>');
    expect(attr(label.xml, 'w:sz', 'w:val')).toBe('24');
    expect(entries.map((r) => r.text).join('')).toBe('- Sở Nội vụ;- Lưu: VT.');
    for (const r of entries) {
      expect(attr(r.xml, 'w:sz', 'w:val')).toBe('22');
      expect(r.xml).not.toContain('<w:b/>');
      expect(r.xml).not.toContain('<w:i/>');
    }
    // the line breaks typed as "\n" are line breaks inside the paragraph
    expect(nn.xml.match(/<w:br\/>/g)).toHaveLength(2);
  });

  test('the body paragraph is justified (w:jc both) with a 1.27 cm first-line indent, 6 pt after, single spacing', async () => {
    const { env, DocumentApp } = setup();
    const doc = buildReport(DocumentApp);
    const { document } = await parts(await documentToDocx(documentModel(env, doc.getId())!));
    const p = paragraphs(document).find((x) => x.text.startsWith('Thực hiện Kế hoạch'))!;
    expect(attr(p.xml, 'w:jc', 'w:val')).toBe('both');
    expect(attr(p.xml, 'w:ind', 'w:firstLine')).toBe('720');
    expect(attr(p.xml, 'w:spacing', 'w:after')).toBe('120');
    expect(attr(p.xml, 'w:spacing', 'w:line')).toBe('240');
    expect(attr(p.runs[0].xml, 'w:sz', 'w:val')).toBe('26');
  });

  test('the 2×2 header table: its column widths, no borders, its cells\' own formatting', async () => {
    const { env, DocumentApp } = setup();
    const doc = buildReport(DocumentApp);
    const { document } = await parts(await documentToDocx(documentModel(env, doc.getId())!));
    const table = /<w:tbl>.*?<\/w:tbl>/.exec(document)?.[0] ?? '';
    expect((table.match(/<w:gridCol w:w="(\d+)"\/>/g) ?? []).map((g) => g.replace(/\D/g, ''))).toEqual(['3400', '5660']);
    const borders = /<w:tblBorders>(.*?)<\/w:tblBorders>/.exec(table)?.[1] ?? '';
    const sides = borders.match(/<w:(top|left|bottom|right|insideH|insideV)\b[^>]*>/g) ?? [];
    expect(sides).toHaveLength(6);
    for (const s of sides) expect(attr(s, `w:${/<w:(\w+)/.exec(s)![1]}`, 'w:val')).toBe('none');
    expect(table).not.toContain('<w:tcBorders>');
    expect(table.match(/<w:tr>/g)).toHaveLength(2);

    const cells = paragraphs(table);
    const organ = cells.find((p) => p.text.startsWith('ỦY BAN NHÂN DÂN'))!;
    expect(organ.text).toBe('ỦY BAN NHÂN DÂNXÃ TÂN VIỆT');
    expect(organ.runs.every((r) => r.xml.includes('<w:b/>') && attr(r.xml, 'w:sz', 'w:val') === '24')).toBe(true);
    const date = cells.find((p) => p.text.startsWith('Tân Việt'))!;
    expect(date.runs[0].xml).toContain('<w:i/>');
    expect(attr(date.runs[0].xml, 'w:sz', 'w:val')).toBe('28');
  });

  test('a table with the default border is drawn with 1 pt single borders', async () => {
    const { env, DocumentApp } = setup();
    const doc = DocumentApp.create('Bảng');
    doc.getBody().appendTable([['STT', 'Nhiệm vụ']]);
    const { document } = await parts(await documentToDocx(documentModel(env, doc.getId())!));
    const borders = /<w:tblBorders>(.*?)<\/w:tblBorders>/.exec(document)?.[1] ?? '';
    expect(attr(borders, 'w:top', 'w:val')).toBe('single');
    expect(attr(borders, 'w:insideV', 'w:sz')).toBe('8');
    // no widths set: the columns share the text width (612 - 2 × 72 pt = 9360 twips)
    expect((document.match(/<w:gridCol w:w="(\d+)"\/>/g) ?? []).map((g) => g.replace(/\D/g, ''))).toEqual(['4680', '4680']);
  });
});

describe('the .docx on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-docx-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('saveAndClose writes <dir>/drive/<name>.docx; its Vietnamese text is intact (NFC) and the header part is there', async () => {
    const { env, DocumentApp } = setup(dir);
    const doc = buildReport(DocumentApp);
    doc.saveAndClose();
    const file = path.join(dir, 'drive', '05-BC-UBND Báo cáo tuyên truyền CCHC Quý I-2024.docx');
    // the write is asynchronous (docx's Packer); flushDocuments waits for it
    await flushDocuments(env);
    expect(fs.existsSync(file)).toBe(true);
    const { document, files, part } = await parts(fs.readFileSync(file));
    const texts = paragraphs(document).map((p) => p.text);
    const expected = [
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập - Tự do - Hạnh phúc',
      'Tân Việt, ngày 05 tháng 3 năm 2024',
      'Thực hiện Kế hoạch số 18/KH-UBND, Ủy ban nhân dân xã báo cáo kết quả như sau:',
    ];
    for (const t of expected) {
      expect(texts).toContain(t);
      expect(t.normalize('NFC')).toBe(t);
    }
    const header = files.find((f) => /^word\/header\d*\.xml$/.test(f));
    expect(header).toBeDefined();
    expect(paragraphs(await part(header!)).map((p) => p.text)).toContain('2');
  });
});
