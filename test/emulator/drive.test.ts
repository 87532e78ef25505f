/**
 * DriveApp: folders found by name, files made from text or blobs, Docs moved between folders,
 * and the mirror on disk under <dir>/drive/ that a person opens.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import JSZip from 'jszip';
import { Env } from '../../emulator/core/env';
import { createWorkbook } from '../../emulator/services/spreadsheet/model';
import { createDocumentApp, flushDocuments, listDocuments } from '../../emulator/services/docs/document';
import { createDriveApp } from '../../emulator/services/docs/drive';
import { createBlob } from '../../emulator/services/utilities';

let dir: string;

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-drive-'));
});

afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function setup(state?: Env['state']) {
  const env = new Env(createWorkbook('x'), { now: '2024-03-08T09:00:00+07:00', dir, ...(state ? { state } : {}) });
  return { env, DocumentApp: createDocumentApp(env), DriveApp: createDriveApp(env) };
}

const onDisk = (...parts: string[]) => path.join(dir, 'drive', ...parts);

async function docxText(file: string): Promise<string> {
  const zip = await JSZip.loadAsync(fs.readFileSync(file));
  const xml = (await zip.file('word/document.xml')?.async('string')) ?? '';
  return (xml.match(/<w:t(?:\s[^>]*)?>(.*?)<\/w:t>/g) ?? []).map((t) => t.replace(/<[^>]+>/g, '')).join('|');
}

function names(it: GoogleAppsScript.Drive.FolderIterator | GoogleAppsScript.Drive.FileIterator): string[] {
  const out: string[] = [];
  while (it.hasNext()) out.push(it.next().getName());
  return out;
}

test('folders: created under the root or a parent, found by name anywhere, mirrored as directories', () => {
  const { DriveApp } = setup();
  const root = DriveApp.getRootFolder();
  expect(root.getName()).toBe('My Drive');
  const reports = DriveApp.createFolder('Báo cáo CCHC');
  const year = reports.createFolder('2024');
  root.createFolder('2024'); // the same name elsewhere

  expect(names(DriveApp.getFoldersByName('Báo cáo CCHC'))).toEqual(['Báo cáo CCHC']);
  expect(names(DriveApp.getFoldersByName('2024'))).toEqual(['2024', '2024']);
  expect(names(reports.getFoldersByName('2024'))).toEqual(['2024']);
  expect(DriveApp.getFoldersByName('Không có').hasNext()).toBe(false);
  const it = reports.getFoldersByName('2024');
  expect(it.next().getId()).toBe(year.getId());
  expect(() => it.next()).toThrow('Cannot retrieve the next object: iterator has reached the end.');

  expect(DriveApp.getFolderById(year.getId()).getName()).toBe('2024');
  expect(year.getUrl()).toBe(`https://drive.google.com/drive/folders/${year.getId()}`);
  expect(fs.statSync(onDisk('Báo cáo CCHC', '2024')).isDirectory()).toBe(true);
  expect(() => DriveApp.getFolderById('1khongco')).toThrow('No item with the given ID could be found. Possibly because you have not edited this item or you do not have permission to access it.');
});

test('a Doc lands in the root folder; moveTo moves it, and its .docx follows on disk', async () => {
  const { env, DocumentApp, DriveApp } = setup();
  const doc = DocumentApp.create('Báo cáo quý I');
  doc.getBody().appendParagraph('Kết quả thực hiện');
  doc.saveAndClose();
  await flushDocuments(env);
  expect(fs.existsSync(onDisk('Báo cáo quý I.docx'))).toBe(true);
  expect(names(DriveApp.getRootFolder().getFiles())).toEqual(['Báo cáo quý I']);

  const folder = DriveApp.createFolder('Báo cáo CCHC').createFolder('2024');
  const file = DriveApp.getFileById(doc.getId()).moveTo(folder);
  expect(fs.existsSync(onDisk('Báo cáo quý I.docx'))).toBe(false);
  expect(fs.existsSync(onDisk('Báo cáo CCHC', '2024', 'Báo cáo quý I.docx'))).toBe(true);
  expect(names(file.getParents())).toEqual(['2024']);
  expect(DriveApp.getRootFolder().getFiles().hasNext()).toBe(false);
  expect(file.getUrl()).toBe(`https://docs.google.com/document/d/${doc.getId()}/edit?usp=drivesdk`);
  expect(listDocuments(env)).toEqual([
    { id: doc.getId(), name: 'Báo cáo quý I', file: 'drive/Báo cáo CCHC/2024/Báo cáo quý I.docx', folder: 'Báo cáo CCHC / 2024', trashed: false },
  ]);
  expect(() => file.getBlob()).toThrow(/not supported by the emulator/);
});

test('files made from text or from a blob are written with their bytes under their folder', () => {
  const { env, DriveApp } = setup();
  const folder = DriveApp.createFolder('Xuất dữ liệu');
  const csv = folder.createFile('tien-do.csv', 'Mã,Trạng thái\nNV01,Hoàn thành\n', 'text/csv');
  expect(csv.getMimeType()).toBe('text/csv');
  expect(fs.readFileSync(onDisk('Xuất dữ liệu', 'tien-do.csv'), 'utf8')).toBe('Mã,Trạng thái\nNV01,Hoàn thành\n');
  expect(csv.getBlob().getDataAsString()).toBe('Mã,Trạng thái\nNV01,Hoàn thành\n');
  expect(csv.getSize()).toBe(Buffer.byteLength('Mã,Trạng thái\nNV01,Hoàn thành\n'));

  const bytes = Uint8Array.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
  const pdf = folder.createFile(createBlob(env, bytes, 'application/pdf', 'minh-chung.pdf'));
  expect([pdf.getName(), pdf.getMimeType()]).toEqual(['minh-chung.pdf', 'application/pdf']);
  expect([...fs.readFileSync(onDisk('Xuất dữ liệu', 'minh-chung.pdf'))]).toEqual([...bytes]);
  expect(pdf.getBlob().getBytes()).toEqual([0x25, 0x50, 0x44, 0x46, 0, -1]);

  expect(DriveApp.createFile('ghi-chu.txt', 'xin chào').getMimeType()).toBe('text/plain');
  expect(fs.readFileSync(onDisk('ghi-chu.txt'), 'utf8')).toBe('xin chào');
});

test('two files with one name both exist on disk; renaming and trashing move the file', () => {
  const { DriveApp } = setup();
  const a = DriveApp.createFile('bao-cao.txt', 'một');
  const b = DriveApp.createFile('bao-cao.txt', 'hai');
  expect(fs.readFileSync(onDisk('bao-cao.txt'), 'utf8')).toBe('một');
  expect(fs.readFileSync(onDisk('bao-cao (2).txt'), 'utf8')).toBe('hai');
  expect(names(DriveApp.getFilesByName('bao-cao.txt'))).toHaveLength(2);

  a.setName('bao-cao-cu.txt');
  expect(fs.readFileSync(onDisk('bao-cao-cu.txt'), 'utf8')).toBe('một');
  expect(fs.existsSync(onDisk('bao-cao.txt'))).toBe(false);

  b.setTrashed(true);
  expect(fs.existsSync(onDisk('bao-cao (2).txt'))).toBe(false);
  expect(fs.readFileSync(onDisk('.trash', 'bao-cao.txt'), 'utf8')).toBe('hai');
  // As in Drive, name searches also return trashed files: scripts filter with isTrashed().
  const found = DriveApp.getFilesByName('bao-cao.txt');
  expect(found.next().isTrashed()).toBe(true);
  b.setTrashed(false);
  expect(fs.readFileSync(onDisk('bao-cao.txt'), 'utf8')).toBe('hai');
});

test('a name with "/" stays one file name on disk', () => {
  const { DriveApp } = setup();
  DriveApp.createFolder('Báo cáo 2024/2025').createFile('05/BC-UBND.txt', 'x');
  expect(fs.readFileSync(onDisk('Báo cáo 2024_2025', '05_BC-UBND.txt'), 'utf8')).toBe('x');
});

test('the Drive state survives state.json; flushDocuments rewrites a Doc changed without saveAndClose', async () => {
  const first = setup();
  const doc = first.DocumentApp.create('Kế hoạch');
  doc.getBody().appendParagraph('Bản đầu');
  const folder = first.DriveApp.createFolder('Lưu trữ');
  first.DriveApp.getFileById(doc.getId()).moveTo(folder);
  await flushDocuments(first.env);
  const file = onDisk('Lưu trữ', 'Kế hoạch.docx');
  expect(await docxText(file)).toContain('Bản đầu');

  const saved = JSON.parse(JSON.stringify(first.env.state)) as Env['state'];
  const second = setup(saved);
  expect(names(second.DriveApp.getFoldersByName('Lưu trữ').next().getFiles())).toEqual(['Kế hoạch']);
  const reopened = second.DocumentApp.openById(doc.getId());
  expect(reopened.getBody().getText()).toBe('\nBản đầu');
  reopened.getBody().appendParagraph('Bản sửa');
  await flushDocuments(second.env);
  expect(await docxText(file)).toContain('Bản sửa');
});
