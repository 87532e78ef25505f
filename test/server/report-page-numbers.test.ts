/**
 * Page numbers on the report (Nghị định 30/2020: Arabic numerals, centred in the top margin, not
 * on the first page), on the built bundles: each report is a copy of a template Doc whose header
 * holds the page-number field with a different first page. The template is uploaded once per
 * workbook (a .docx made by the build, converted by Drive), reused by the next reports, uploaded
 * again when the office trashed or deleted it, and never taken for a report. The PDF, rendered
 * by LibreOffice as Drive's export stands in, shows "2", "3"… at the top of pages 2 on and no
 * number on page 1. Both targets: the bound script and the Editor add-on (drive.file).
 */
import { loadSandbox } from '../support/sandbox';
import { rows } from '../support/sheets';
import { REPORT_COLUMNS, SHEETS } from '../../src/core/schema';
import { createDriveApp, deleteForever, driveState, renderPdf } from '../../emulator/services/docs/drive';
import { blocksText, type DocModel, type ParagraphNode, type TextNode } from '../../emulator/services/docs/model';
import type { Env } from '../../emulator/core/env';
import type { Sandbox } from '../../emulator/sandbox';
import type { ReportResult } from '../../src/shared/rpc';
import { HAS_PDF_TOOLS, pdfPages } from '../support/pdfTools';
import { documentToDocx } from '../../emulator/services/docs/docx';
import { strFromU8, unzipSync } from 'fflate';

jest.setTimeout(240_000);

const TEMPLATE = 'Mẫu báo cáo (không xóa) – Theo dõi CCHC';
const OWNER = 'vanphong.tanviet@gmail.com';

function bound() {
  const t = loadSandbox({ now: '2024-03-15T09:00:00+07:00' });
  t.sandbox.call('setupWorkbook');
  return t;
}

function addon() {
  const t = loadSandbox({ target: 'addon', addon: true, now: '2024-03-18T09:00:00+07:00', owner: OWNER, user: OWNER, webAppUrl: null });
  t.sandbox.call('onInstall', [{ authMode: 'FULL' }]);
  t.sandbox.call('setupWorkbook');
  return t;
}

function generate(sandbox: Sandbox, spec: unknown): ReportResult {
  return sandbox.call('generateReport', [spec]) as ReportResult;
}

function docOf(env: Env, id: string): DocModel {
  const doc = driveState(env).files[id]?.doc;
  if (!doc) throw new Error(`no document ${id}`);
  return doc;
}

/** The header's runs as [text, field]. */
function headerRuns(doc: DocModel): [string, string][] {
  return (doc.header?.children ?? [])
    .filter((b): b is ParagraphNode => b.kind === 'paragraph')
    .flatMap((p) => p.children.flatMap((c) => (c as TextNode).runs ?? []))
    .map((r) => [r.text, r.field ?? '']);
}

function templates(env: Env) {
  return Object.values(driveState(env).files).filter((f) => f.name === TEMPLATE);
}



/** Each page's first line, trimmed. */
const firstLines = (pages: string[]) => pages.map((p) => (p.split('\n').find((l) => l.trim()) ?? '').trim());

/** The id of the PDF saved beside the Doc. */
const pdfId = (r: ReportResult) => /\/file\/d\/([-\w]+)/.exec(r.pdfUrl)![1];

describe('page numbers from page 2 (bound script)', () => {
  const { env, sandbox } = bound();
  env.calls.reset();
  const a = generate(sandbox, { period: 'Quý I/2024' });
  const firstCalls = env.calls.byService();
  const firstCreates = env.calls.count('Drive.Files.create');
  const firstTemplateReads = env.calls.count('HtmlService.createHtmlOutputFromFile');
  env.calls.reset();
  const b = generate(sandbox, { period: '6 tháng đầu năm 2024' });
  const secondCalls = env.calls.byService();
  const secondCreates = env.calls.count('Drive.Files.create');
  const secondTemplateReads = env.calls.count('HtmlService.createHtmlOutputFromFile');

  test('the report Doc has the page-number field centred in its header and a different first page, and is laid out as before', () => {
    const doc = docOf(env, a.documentId);
    expect(headerRuns(doc).map(([, field]) => field)).toContain('PAGE_NUMBER');
    expect((doc.header!.children[0] as ParagraphNode).style.alignment).toBe('CENTER');
    expect(doc.firstPageHeaderFooter).toBe(true);
    // A4 and the decree's margins (20, 20, 30, 15 mm).
    expect(doc.page.width).toBeCloseTo(595.28, 1);
    expect(doc.page.height).toBeCloseTo(841.89, 1);
    expect([doc.page.marginTop, doc.page.marginBottom, doc.page.marginLeft, doc.page.marginRight].map((v) => Math.round((v * 25.4) / 72))).toEqual([20, 20, 30, 15]);
    // The page number sits 10 mm below the top edge, as the template says (Docs' own default is 12.7 mm).
    expect([doc.page.marginHeader, doc.page.marginFooter].map((v) => Math.round(((v ?? 0) * 25.4) / 72))).toEqual([10, 10]);
    // The body is the report: it starts with the header table, the template added nothing to it.
    expect(doc.body.children[0].kind).toBe('table');
    const text = blocksText(doc.body.children);
    expect(text).toContain('Số: 01/BC-UBND');
    expect(text).not.toContain('Mẫu báo cáo');
    expect(headerRuns(docOf(env, b.documentId)).map(([, field]) => field)).toContain('PAGE_NUMBER');
  });

  test('the downloaded .docx keeps the template\'s header distance (10 mm: w:header 567 twips)', async () => {
    const xml = unzipSync(await documentToDocx(docOf(env, a.documentId)))['word/document.xml'];
    const pgMar = /<w:pgMar [^>]*>/.exec(strFromU8(xml))![0];
    expect(pgMar).toMatch(/w:header="567"/);
    expect(pgMar).toMatch(/w:footer="567"/);
  });

  test('the template is uploaded once, into the report folder, named as what it is, and never taken for a report', () => {
    const st = driveState(env);
    const [template] = templates(env);
    expect(templates(env)).toHaveLength(1);
    expect(template.parents).toEqual(st.files[a.documentId].parents);
    expect(template.description).toMatch(/không phải một báo cáo/);
    expect(blocksText(template.doc!.body.children).trim()).toBe('');
    expect(rows(sandbox, SHEETS.reports).map((r) => r[REPORT_COLUMNS.url])).toEqual([a.url, b.url]);
    expect(rows(sandbox, SHEETS.reports).map((r) => String(r[REPORT_COLUMNS.url]))).not.toContain(expect.stringContaining(template.id));
  });

  test('Drive calls: the first report pays the upload (5), a later one finds the template and copies it (4)', () => {
    // First: search the script's folder, create it, upload the template, copy it, save the PDF.
    expect(firstCalls.Drive).toBe(5);
    expect(firstCreates).toBe(3);
    // The template's bytes are read from their project file (not Code.js) only for the upload.
    expect(firstTemplateReads).toBe(1);
    expect(secondTemplateReads).toBe(0);
    // Later: the folder and the template found by their stored ids, the copy, the PDF.
    expect(secondCalls.Drive).toBe(4);
    expect(secondCreates).toBe(1);
    expect(env.calls.count('Drive.Files.copy')).toBe(1);
    expect(env.calls.count('Drive.Files.get')).toBe(2);
    expect(secondCalls.DriveApp ?? 0).toBe(0);
    // No DocumentApp.create any more: the copy is opened by id.
    expect(env.calls.count('DocumentApp.create')).toBe(0);
    expect(env.calls.count('DocumentApp.openById')).toBe(2); // the copy, then its PDF
  });

  (HAS_PDF_TOOLS || process.env.CI ? test : test.skip)('the PDF shows "2", "3"… centred at the top of the pages after the first, and no number on page 1', async () => {
    const pages = pdfPages(await renderPdf(env, pdfId(b)));
    expect(pages.length).toBeGreaterThanOrEqual(2);
    const lines = firstLines(pages);
    expect(lines[0]).not.toMatch(/^\d+$/);
    expect(lines[0]).toMatch(/ỦY BAN NHÂN DÂN/);
    expect(lines.slice(1)).toEqual(pages.slice(1).map((_, i) => String(i + 2)));
    // Centred: the number sits about the middle of the text width (pdftotext -layout keeps the columns).
    const numberLine = pages[1].split('\n').find((l) => l.trim())!;
    const bodyWidth = Math.max(...pages[1].split('\n').map((l) => l.trimEnd().length));
    expect(numberLine.indexOf('2')).toBeGreaterThan(bodyWidth * 0.35);
    expect(numberLine.indexOf('2')).toBeLessThan(bodyWidth * 0.65);
  });
});

describe('a template the office trashed or deleted', () => {
  test('is uploaded again at the next report, with a line in the executions log; the reports carry on numbering', () => {
    const { env, sandbox } = bound();
    generate(sandbox, { period: 'Quý I/2024' });
    const [first] = templates(env);
    createDriveApp(env).getFileById(first.id).setTrashed(true);
    env.calls.reset();
    const b = generate(sandbox, { period: '6 tháng đầu năm 2024' });
    expect(env.calls.count('Drive.Files.create')).toBe(2); // the template again, the PDF
    expect(env.logs.some((l) => l.message === `Mẫu báo cáo "${TEMPLATE}" đã bị chuyển vào thùng rác: tải lên lại mẫu mới.`)).toBe(true);
    const live = templates(env).filter((f) => !f.trashed);
    expect(live).toHaveLength(1);
    expect(live[0].id).not.toBe(first.id);
    expect(headerRuns(docOf(env, b.documentId)).map(([, field]) => field)).toContain('PAGE_NUMBER');

    deleteForever(env, live[0].id);
    const c = generate(sandbox, { period: '9 tháng năm 2024' });
    expect(env.logs.some((l) => l.message === `Mẫu báo cáo "${TEMPLATE}" không còn trên Drive: tải lên lại mẫu mới.`)).toBe(true);
    expect(docOf(env, c.documentId).firstPageHeaderFooter).toBe(true);
    expect(templates(env).filter((f) => !f.trashed)).toHaveLength(1);
    expect(rows(sandbox, SHEETS.reports).map((r) => r[REPORT_COLUMNS.number])).toEqual(['01/BC-UBND', '02/BC-UBND', '03/BC-UBND']);
  });

  test('a trashed report folder takes the template with it: both are made again, the template in the new folder', () => {
    const { env, sandbox } = bound();
    const a = generate(sandbox, { period: 'Quý I/2024' });
    const oldFolder = driveState(env).files[a.documentId].parents[0];
    createDriveApp(env).getFolderById(oldFolder).setTrashed(true);
    const b = generate(sandbox, { period: '6 tháng đầu năm 2024' });
    const newFolder = driveState(env).files[b.documentId].parents[0];
    expect(newFolder).not.toBe(oldFolder);
    const live = templates(env).filter((f) => f.parents[0] === newFolder);
    expect(live).toHaveLength(1);
    expect(env.logs.some((l) => l.message.startsWith(`Mẫu báo cáo "${TEMPLATE}" đã bị chuyển vào thùng rác`))).toBe(true);
  });
});

describe('a failed upload or copy', () => {
  test('costs that report its number, as any failure does, and stores nothing: the next report uploads and copies the template', () => {
    const { env, sandbox } = bound();
    // The first Drive.Files.create is the folder's, the second the template's upload.
    env.faults.add({ method: 'Drive.Files.create', nth: 2, message: 'Internal Error' });
    expect(() => generate(sandbox, { period: 'Quý I/2024' })).toThrow(/Chưa tạo xong báo cáo số 01\/BC-UBND: .*Internal Error/);
    expect(templates(env)).toHaveLength(0);
    env.faults.add({ method: 'Drive.Files.copy', message: 'Internal Error' });
    expect(() => generate(sandbox, { period: 'Quý I/2024' })).toThrow(/Chưa tạo xong báo cáo số 02\/BC-UBND/);
    expect(templates(env)).toHaveLength(1); // uploaded, kept for the next report
    const r = generate(sandbox, { period: 'Quý I/2024' });
    expect(r.number).toBe('03/BC-UBND');
    expect(templates(env)).toHaveLength(1);
    expect(headerRuns(docOf(env, r.documentId)).map(([, field]) => field)).toContain('PAGE_NUMBER');
  });
});

describe('two first reports made at the same moment', () => {
  test.each([
    // [when the second report runs, Drive.Files.create calls of the first made by then, folders and templates made in all]
    ['before the folder is made', 0, 2, 1],
    ['after the folder was made, before it is stored', 1, 1, 1],
    ['after the template was uploaded, before it is stored', 2, 1, 2],
  ])('the second runs %s: one folder and one template stay, both reports in it with page numbers', (_when, creates, foldersMade, templatesMade) => {
    const { env, sandbox } = bound();
    let made = 0;
    let other: ReportResult | null = null;
    // The second report runs to its end between two calls of the first: just before the first's
    // folder is made (Drive.Files.create 1), or right after its folder (create 1) or its template
    // (create 2) was made.
    env.beforeCall = (name) => {
      if (other) return;
      if (made === creates && (creates > 0 || name === 'Drive.Files.create')) {
        other = generate(sandbox, { period: '6 tháng đầu năm 2024' });
        return;
      }
      if (name === 'Drive.Files.create') made++;
    };
    const first = generate(sandbox, { period: 'Quý I/2024' });
    env.beforeCall = null;
    expect(other).not.toBeNull();
    const second = other!;
    expect([first.number, second.number].sort()).toEqual(['01/BC-UBND', '02/BC-UBND']);
    const st = driveState(env);
    const folders = Object.values(st.folders).filter((f) => f.name === 'Báo cáo CCHC');
    const liveFolders = folders.filter((f) => !f.trashed);
    expect(liveFolders).toHaveLength(1);
    const live = templates(env).filter((f) => !f.trashed);
    expect(live).toHaveLength(1);
    expect(env.state.documentProperties['cchc.reportTemplate']).toBe(live[0].id);
    expect(JSON.parse(env.state.documentProperties['cchc.reportFolder'] ?? '{}')).toMatchObject({ id: liveFolders[0].id });
    for (const r of [first, second]) {
      expect(st.files[r.documentId].parents).toEqual([liveFolders[0].id]);
      expect(headerRuns(docOf(env, r.documentId)).map(([, field]) => field)).toContain('PAGE_NUMBER');
    }
    // What was made twice went to the trash.
    expect([folders.length, templates(env).length]).toEqual([foldersMade, templatesMade]);
  });
});

describe('page numbers in the Editor add-on (drive.file)', () => {
  test('the add-on uploads and copies the template it made; its reports carry the page number; 5 Drive calls, then 4', async () => {
    const t = addon();
    t.env.calls.reset();
    const a = generate(t.sandbox, { period: 'Quý I/2024' });
    expect(t.env.calls.byService().Drive).toBe(5);
    t.env.calls.reset();
    const b = generate(t.sandbox, { period: '6 tháng đầu năm 2024' });
    expect(t.env.calls.byService().Drive).toBe(4);
    expect(t.env.calls.total('DriveApp')).toBe(0);
    expect(templates(t.env)).toHaveLength(1);
    for (const r of [a, b]) {
      const doc = docOf(t.env, r.documentId);
      expect(headerRuns(doc).map(([, field]) => field)).toContain('PAGE_NUMBER');
      expect(doc.firstPageHeaderFooter).toBe(true);
    }
    if (HAS_PDF_TOOLS) {
      const lines = firstLines(pdfPages(await renderPdf(t.env, pdfId(b))));
      expect(lines[0]).toMatch(/ỦY BAN NHÂN DÂN/);
      expect(lines.slice(1)).toEqual(lines.slice(1).map((_, i) => String(i + 2)));
      expect(lines.length).toBeGreaterThanOrEqual(2);
    }
  });
});

describe('the system check says whether reports get page numbers', () => {
  type Check = { name: string; ok: boolean; message: string };
  const check = (sandbox: Sandbox) => (sandbox.call('systemCheck') as { checks: Check[] }).checks.find((c) => c.name === 'Số trang trên báo cáo')!;

  test('before the first report, once the template is there, when it is trashed, and when its header lost the page number', () => {
    const { env, sandbox } = bound();
    expect(check(sandbox)).toMatchObject({ ok: true, message: expect.stringMatching(/^Chưa có mẫu báo cáo: lần lập báo cáo đầu tiên sẽ tải lên mẫu có số trang\. Kiểm tra lại sau khi lập báo cáo\.$/) });
    generate(sandbox, { period: 'Quý I/2024' });
    expect(check(sandbox)).toEqual({ name: 'Số trang trên báo cáo', ok: true, message: `Báo cáo được đánh số trang giữa lề trên từ trang 2 (mẫu "${TEMPLATE}").` });

    // What the check is for: a conversion that kept the header's text but not the field.
    const [template] = templates(env);
    for (const p of template.doc!.header!.children as ParagraphNode[]) for (const c of p.children) for (const r of (c as TextNode).runs ?? []) delete r.field;
    expect(check(sandbox)).toMatchObject({ ok: false, message: expect.stringMatching(/không có số trang: báo cáo sẽ không có số trang\. Trước khi in, mở báo cáo, chọn Chèn → Số trang \(kiểu không đánh số trang đầu\)/) });

    createDriveApp(env).getFileById(template.id).setTrashed(true);
    expect(check(sandbox)).toMatchObject({ ok: true, message: expect.stringMatching(/đã bị chuyển vào thùng rác: lần lập báo cáo tới sẽ tải lên lại mẫu\./) });
    generate(sandbox, { period: '6 tháng đầu năm 2024' });
    expect(check(sandbox)).toMatchObject({ ok: true, message: expect.stringMatching(/^Báo cáo được đánh số trang/) });
  });

  test('in the add-on too', () => {
    const t = addon();
    generate(t.sandbox, { period: 'Quý I/2024' });
    expect(check(t.sandbox)).toMatchObject({ ok: true, message: expect.stringMatching(/^Báo cáo được đánh số trang/) });
  });
});
