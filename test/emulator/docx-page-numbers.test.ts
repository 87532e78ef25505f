/**
 * Page numbers through the emulator's Drive: a Word file whose header holds a PAGE field and a
 * different first page (w:titlePg), converted to a Doc as Drive converts an upload, keeps the
 * field (Docs' AutoText PAGE_NUMBER) and the first page's own empty header; the Doc's .docx
 * writes both back, so LibreOffice's PDF shows the number from page 2 on, not on page 1.
 */
import JSZip from 'jszip';
import { AlignmentType, Document, Header, PageBreak, PageNumber, Packer, Paragraph, TextRun } from 'docx';
import { Env } from '../../emulator/core/env';
import { createWorkbook } from '../../emulator/services/spreadsheet/model';
import { createDocumentFromDocx, driveState } from '../../emulator/services/docs/drive';
import { documentToDocx } from '../../emulator/services/docs/docx';
import { documentToHtml } from '../../emulator/services/docs/html';
import { docxToPdf } from '../../emulator/services/docs/pdf';
import { createDriveApi, DOCX_MIME } from '../../emulator/services/docs/driveApi';
import { createDocs } from '../../emulator/services/docs/docsApi';
import { createBlob } from '../../emulator/services/utilities';
import type { DocModel, ParagraphNode, TextNode } from '../../emulator/services/docs/model';
import { HAS_PDF_TOOLS, pdfPages } from '../support/pdfTools';

jest.setTimeout(240000);


/** A three-page report in Word: "- N -" centred in the header, none on the first page. */
async function reportDocx(titlePage: boolean): Promise<Buffer> {
  const page = (n: number) => [new Paragraph({ children: [new TextRun(`Nội dung trang thứ ${n} của báo cáo`)] }), ...(n < 3 ? [new Paragraph({ children: [new PageBreak()] })] : [])];
  const header = new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ children: ['- ', PageNumber.CURRENT, ' -'] })] })] });
  const doc = new Document({
    sections: [
      {
        properties: { titlePage },
        headers: { default: header, ...(titlePage ? { first: new Header({ children: [new Paragraph('')] }) } : {}) },
        children: [...page(1), ...page(2), ...page(3)],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

function converted(bytes: Buffer): DocModel {
  const env = new Env(createWorkbook('x'), { now: '2024-03-08T09:00:00+07:00' });
  return createDocumentFromDocx(env, 'Mẫu báo cáo', bytes).doc!;
}

function headerRuns(doc: DocModel) {
  return (doc.header!.children[0] as ParagraphNode).children.flatMap((c) => (c as TextNode).runs ?? []);
}


describe('a page-number field through Drive\'s .docx conversion and the Doc\'s .docx', () => {
  test('the converted Doc keeps the PAGE field and the different first page', async () => {
    const doc = converted(await reportDocx(true));
    expect(doc.firstPageHeaderFooter).toBe(true);
    expect(headerRuns(doc).map((r) => [r.text, r.field ?? ''])).toEqual([
      ['- ', ''],
      ['1', 'PAGE_NUMBER'],
      [' -', ''],
    ]);
    // Without w:titlePg the first page has the same header.
    expect(converted(await reportDocx(false)).firstPageHeaderFooter).toBeUndefined();
  });

  test('the HTML preview (one sheet from page 1) shows the first page\'s empty header, not the page number', async () => {
    const numbered = converted(await reportDocx(true));
    expect(documentToHtml(numbered)).not.toContain('class="doc-header"');
    expect(documentToHtml(converted(await reportDocx(false)))).toContain('class="doc-header"');
  });

  test('the Doc\'s .docx writes them back: a PAGE field in the header, w:titlePg in the section', async () => {
    const zip = await JSZip.loadAsync(await documentToDocx(converted(await reportDocx(true))));
    const headers = await Promise.all(Object.keys(zip.files).filter((f) => /^word\/header\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')));
    expect(headers.some((x) => /<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/.test(x))).toBe(true);
    expect(await zip.file('word/document.xml')!.async('string')).toMatch(/<w:titlePg\/>|<w:titlePg w:val="(1|true)"\/>/);
  });

  test('Drive.Files.create converts the upload and Drive.Files.copy of the Doc keeps its header and first-page setting; documents.get shows both', async () => {
    const env = new Env(createWorkbook('x'), { now: '2024-03-08T09:00:00+07:00' });
    env.manifestScopes = ['https://www.googleapis.com/auth/drive.file'];
    const Files = (createDriveApi(env) as { Files: { create(r: object, m?: unknown, a?: object): { id: string }; copy(r: object, id: string, a?: object): { id: string } } }).Files;
    const template = Files.create({ name: 'Mẫu báo cáo', mimeType: 'application/vnd.google-apps.document' }, createBlob(env, await reportDocx(true), DOCX_MIME, 'mau.docx'));
    const copy = Files.copy({ name: 'Báo cáo số 01' }, template.id);
    const st = driveState(env);
    expect(copy.id).not.toBe(template.id);
    expect(st.files[copy.id].doc!.firstPageHeaderFooter).toBe(true);
    expect(headerRuns(st.files[copy.id].doc!).map((r) => r.field ?? '')).toEqual(['', 'PAGE_NUMBER', '']);
    // The copy is a document of its own: changing it leaves the template as it was.
    st.files[copy.id].doc!.header!.children = [];
    expect(headerRuns(st.files[template.id].doc!).map((r) => r.field ?? '')).toEqual(['', 'PAGE_NUMBER', '']);

    type Got = { documentStyle: { useFirstPageHeaderFooter: boolean; defaultHeaderId?: string }; headers?: Record<string, { content: { paragraph?: { elements: { startIndex: number; endIndex: number; autoText?: { type: string }; textRun?: { content: string } }[] } }[] }> };
    const got = (createDocs(env) as { Documents: { get(id: string): Got } }).Documents.get(template.id);
    expect(got.documentStyle.useFirstPageHeaderFooter).toBe(true);
    const elements = got.headers![got.documentStyle.defaultHeaderId!].content[0].paragraph!.elements;
    expect(elements.map((e) => e.autoText?.type ?? e.textRun?.content)).toEqual(['- ', 'PAGE_NUMBER', ' -\n']);
    expect(elements.map((e) => [e.startIndex, e.endIndex])).toEqual([[0, 2], [2, 3], [3, 6]]);
    // Without w:titlePg: no first-page setting.
    const plain = Files.create({ name: 'x', mimeType: 'application/vnd.google-apps.document' }, createBlob(env, await reportDocx(false), DOCX_MIME, 'x.docx'));
    expect((createDocs(env) as { Documents: { get(id: string): Got } }).Documents.get(plain.id).documentStyle.useFirstPageHeaderFooter).toBe(false);
  });

  (HAS_PDF_TOOLS ? test : test.skip)('LibreOffice\'s PDF of the Doc numbers pages 2 and 3, not page 1', async () => {
    const pages = pdfPages(await docxToPdf(await documentToDocx(converted(await reportDocx(true)))));
    expect(pages).toHaveLength(3);
    // Each page's first line (pdftotext may drop the narrow spaces around the number).
    const firstLine = (p: string) => (p.split('\n').find((l) => l.trim()) ?? '').replace(/\s+/g, '');
    expect(pages.map(firstLine)).toEqual(['Nộidungtrangthứ1củabáocáo', '-2-', '-3-']);
    expect(pages[0].replace(/\s+/g, '')).not.toMatch(/-1-/);
  });
});
