/**
 * Reports in the Editor add-on (dist-addon/), whose manifest asks for drive.file and not the
 * full Drive scope: the report folder, the page-numbered template, the Doc (a copy of the
 * template) and its PDF made through the Drive API, the folder
 * reused, a trashed one made again, the office's own folders out of reach, and a user who did not
 * grant drive.file told which permission to grant before any number is taken.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSandbox } from '../support/sandbox';
import { rows } from '../support/sheets';
import { REPORT_COLUMNS, SHEETS } from '../../src/core/schema';
import { createDriveApp, createUserFile, createUserFolder, driveState, renderPdf } from '../../emulator/services/docs/drive';
import type { ReportResult } from '../../src/shared/rpc';
import { HAS_PDF_TOOLS } from '../support/pdfTools';

jest.setTimeout(120_000);

const OWNER = 'vanphong.tanviet@gmail.com';
const AUTH = 'https://www.googleapis.com/auth/';

function installed() {
  const t = loadSandbox({ target: 'addon', addon: true, now: '2024-03-18T09:00:00+07:00', owner: OWNER, user: OWNER, webAppUrl: null });
  t.sandbox.call('onInstall', [{ authMode: 'FULL' }]);
  t.sandbox.call('setupWorkbook');
  return t;
}

function generate(t: ReturnType<typeof installed>, spec: unknown): ReportResult {
  return t.sandbox.call('generateReport', [spec]) as ReportResult;
}


describe('reports in the add-on (drive.file, no full Drive scope)', () => {
  test('the manifest grants drive.file, not drive; the report makes its folder, the Doc in it and the PDF beside it', async () => {
    const t = installed();
    expect(t.env.manifestScopes).toContain(`${AUTH}drive.file`);
    expect(t.env.manifestScopes).not.toContain(`${AUTH}drive`);
    // DriveApp needs the full scope: the add-on cannot use it (the product does not).
    t.sandbox.evaluate(`globalThis.__d = function () { return DriveApp.createFolder('x'); }`);
    expect(() => t.sandbox.call('__d')).toThrow(`You do not have permission to call DriveApp.createFolder. Required permissions: ${AUTH}drive`);

    const r = generate(t, { period: 'Quý I/2024' });
    const st = driveState(t.env);
    const doc = st.files[r.documentId];
    const folder = st.folders[doc.parents[0]];
    expect(folder).toMatchObject({ name: 'Báo cáo CCHC', parents: [st.rootId], trashed: false });
    const pdfId = /\/file\/d\/([-\w]+)/.exec(r.pdfUrl)?.[1];
    expect(st.files[pdfId!]).toMatchObject({ name: `${doc.name}.pdf`, mimeType: 'application/pdf', parents: [folder.id] });
    expect(rows(t.sandbox, SHEETS.reports)[0]).toMatchObject({ [REPORT_COLUMNS.url]: r.url, [REPORT_COLUMNS.pdf]: r.pdfUrl });
    expect(t.env.calls.total('DriveApp')).toBe(1); // only the refused probe above
    // Search for the folder, create it, upload the template, copy it into the folder, save the PDF.
    expect(t.env.calls.byService().Drive).toBe(5);
    expect(Object.values(st.files).filter((f) => f.parents.includes(folder.id)).map((f) => f.name).sort()).toEqual([doc.name, `${doc.name}.pdf`, 'Mẫu báo cáo (không xóa) – Theo dõi CCHC'].sort());

    if (HAS_PDF_TOOLS) {
      const bytes = await renderPdf(t.env, pdfId!);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-addon-pdf-')), 'r.pdf');
      fs.writeFileSync(file, bytes);
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
      expect(text).toContain('Số: 01/BC-UBND');
      expect(text).toMatch(/Quý I năm 2024/);
    } else {
      console.warn('LibreOffice or poppler-utils missing: the PDF text is not checked (apt-get install libreoffice-writer-nogui poppler-utils)');
    }
  });

  test('a second report reuses the folder; a trashed folder is made again; the office\'s own folder and files are out of reach', () => {
    const t = installed();
    const theirs = createUserFolder(t.env, 'Báo cáo CCHC');
    createUserFile(t.env, 'Báo cáo cũ.pdf', 'application/pdf', Buffer.from('%PDF-1.4'), theirs.id);
    const a = generate(t, { period: 'Quý I/2024' });
    const b = generate(t, { period: '6 tháng đầu năm 2024' });
    const st = driveState(t.env);
    const folderId = st.files[a.documentId].parents[0];
    expect(folderId).not.toBe(theirs.id);
    expect(st.files[b.documentId].parents).toEqual([folderId]);
    // Nothing of the office's own folder was touched.
    expect(Object.values(st.files).filter((f) => f.parents.includes(theirs.id)).map((f) => f.name)).toEqual(['Báo cáo cũ.pdf']);

    createDriveApp(t.env).getFolderById(folderId).setTrashed(true);
    const c = generate(t, { period: '9 tháng đầu năm 2024' });
    const again = st.files[c.documentId].parents[0];
    expect(again).not.toBe(folderId);
    expect(st.folders[again]).toMatchObject({ name: 'Báo cáo CCHC', trashed: false });
    expect(t.env.logs.some((l) => /Thư mục báo cáo "Báo cáo CCHC" đã bị chuyển vào thùng rác: tạo lại thư mục mới\./.test(l.message))).toBe(true);
    expect(rows(t.sandbox, SHEETS.reports).map((r) => r[REPORT_COLUMNS.number])).toEqual(['01/BC-UBND', '02/BC-UBND', '03/BC-UBND']);
  });

  test('a user who did not grant drive.file is told which permission to grant, and no number is used', () => {
    const t = installed();
    t.env.setDeniedScopes(OWNER, [`${AUTH}drive.file`]);
    expect(() => generate(t, { period: 'Quý I/2024' })).toThrow(/Chưa tạo báo cáo được[\s\S]*chỉ những tệp cụ thể trên Google Drive mà bạn dùng với ứng dụng này/);
    expect(rows(t.sandbox, SHEETS.reports)).toHaveLength(0);
    expect(Object.values(driveState(t.env).files).filter((f) => f.doc)).toHaveLength(0);
    t.env.setDeniedScopes(OWNER, []);
    expect(generate(t, { period: 'Quý I/2024' }).number).toBe('01/BC-UBND');
  });

  test('the system check names the report folder, says when the next report will make it again, and finds the add-on\'s permissions granted', () => {
    const t = installed();
    const checks = () => (t.sandbox.call('systemCheck') as { checks: { name: string; ok: boolean; message: string }[] }).checks;
    const check = () => checks().find((c) => c.name === 'Thư mục lưu báo cáo trên Google Drive')!;
    // The add-on's own scopes (spreadsheets, drive.file) are what its permission line asks for.
    expect(checks().find((c) => c.name === 'Quyền đã cấp cho "Theo dõi CCHC"')).toMatchObject({ ok: true });
    expect(check()).toMatchObject({ ok: true, message: expect.stringMatching(/^Chưa có thư mục "Báo cáo CCHC" do ứng dụng tạo/) });
    const r = generate(t, { period: 'Quý I/2024' });
    const folderId = driveState(t.env).files[r.documentId].parents[0];
    expect(check().message).toBe(`Báo cáo được lưu vào thư mục "Báo cáo CCHC" (https://drive.google.com/drive/folders/${folderId}).`);
    createDriveApp(t.env).getFolderById(folderId).setTrashed(true);
    expect(check().message).toMatch(/đã bị chuyển vào thùng rác: lần lập báo cáo tới sẽ tạo lại thư mục mới cùng tên/);
  });
});
