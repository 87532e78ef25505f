/**
 * The Drive advanced service (Drive API v3) against its reference: files.create (folders, Google
 * Docs, uploads), get, list with q, update with addParents/removeParents, copy, delete (remove);
 * `fields`; the errors Apps Script throws (GoogleJsonResponseException with the API's details);
 * the drive.file scope reaching only what the script created or the user opened with it
 * (developers.google.com/workspace/drive/api/guides/api-specific-auth); the same store as DriveApp
 * and DocumentApp, on disk too; present only when the manifest enables it; counted and faultable.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Env } from '../../emulator/core/env';
import { createWorkbook } from '../../emulator/services/spreadsheet/model';
import { createDocumentApp } from '../../emulator/services/docs/document';
import { createDriveApp, createUserFile, createUserFolder, driveState, openWithApp } from '../../emulator/services/docs/drive';
import { createDriveApi, DOCX_MIME } from '../../emulator/services/docs/driveApi';
import { createBlob } from '../../emulator/services/utilities';
import { blocksText } from '../../emulator/services/docs/model';
import { APPENDIX_TASKS, planDocx } from '../support/planDocx';
import { Sandbox } from '../../emulator/sandbox';
import { loadSandbox } from '../support/sandbox';

const AUTH = 'https://www.googleapis.com/auth/';
const FOLDER = 'application/vnd.google-apps.folder';
const DOC = 'application/vnd.google-apps.document';

type Files = {
  create(resource: object, media?: unknown, args?: object): Record<string, unknown>;
  get(id: string, args?: object): Record<string, unknown>;
  list(args?: object): { files: Record<string, unknown>[]; nextPageToken?: string; kind?: string };
  update(resource: object, id: string, media?: unknown, args?: object): Record<string, unknown>;
  copy(resource: object, id: string, args?: object): Record<string, unknown>;
  remove(id: string): void;
};

let dir: string | null = null;
afterEach(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function setup(scopes: string[] | null = [`${AUTH}drive.file`, `${AUTH}documents`], withDir = false) {
  if (withDir) dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-drive-api-'));
  const env = new Env(createWorkbook('x'), { now: '2024-03-08T09:00:00+07:00', dir });
  env.manifestScopes = scopes;
  const Drive = createDriveApi(env) as { Files: Files };
  return { env, Files: Drive.Files, DriveApp: createDriveApp(env), DocumentApp: createDocumentApp(env) };
}

function thrown(fn: () => unknown): Error & { details?: { code: number; message: string; errors: { reason: string }[] } } {
  try {
    fn();
  } catch (e) {
    return e as Error & { details?: { code: number; message: string; errors: { reason: string }[] } };
  }
  throw new Error('did not throw');
}

describe('files.create', () => {
  test('a folder, a Google Doc in it and an upload beside it; default fields are kind, id, name, mimeType', () => {
    const { env, Files } = setup();
    const folder = Files.create({ name: 'Báo cáo CCHC', mimeType: FOLDER });
    expect(Object.keys(folder).sort()).toEqual(['id', 'kind', 'mimeType', 'name']);
    expect(folder).toMatchObject({ kind: 'drive#file', name: 'Báo cáo CCHC', mimeType: FOLDER });
    const st = driveState(env);
    expect(st.folders[folder.id as string].parents).toEqual([st.rootId]);

    const doc = Files.create({ name: 'Báo cáo', mimeType: DOC, parents: [folder.id] }, undefined, { fields: 'id,parents,webViewLink', supportsAllDrives: true });
    expect(doc).toEqual({ id: doc.id, parents: [folder.id], webViewLink: `https://docs.google.com/document/d/${doc.id}/edit?usp=drivesdk` });
    expect(st.files[doc.id as string].doc).toBeDefined();

    const up = Files.create({ name: 'ghi-chu.txt', parents: [folder.id] }, createBlob(env, Buffer.from('xin chào'), 'text/plain', 'x.txt'), { fields: '*' });
    expect(up).toMatchObject({ name: 'ghi-chu.txt', mimeType: 'text/plain', size: String(Buffer.byteLength('xin chào')), fileExtension: 'txt', trashed: false, parents: [folder.id] });
    expect(Buffer.from(st.files[up.id as string].data!, 'base64').toString()).toBe('xin chào');
  });

  test('a Doc made with DocumentApp and exported with Document.getAs becomes a PDF file rendered after the execution', () => {
    const { env, Files, DocumentApp } = setup();
    const d = DocumentApp.create('Tờ trình 5.2024');
    d.getBody().appendParagraph('Nội dung');
    d.saveAndClose();
    const blob = d.getAs('application/pdf');
    expect(blob.getName()).toBe('Tờ trình 5.pdf'); // the part after the last period is replaced, as the reference says
    const pdf = Files.create({ name: 'Tờ trình 5.2024.pdf' }, blob, { fields: 'id,name,mimeType' });
    expect(pdf).toMatchObject({ name: 'Tờ trình 5.2024.pdf', mimeType: 'application/pdf' });
    expect(driveState(env).files[pdf.id as string].pdfSource).toBeDefined();
  });

  test('a .docx uploaded, or copied, as a Google Doc is converted: its text and tables are the Doc\'s', async () => {
    const { env, Files } = setup();
    const docx = createBlob(env, await planDocx(), DOCX_MIME, 'ke-hoach.docx');
    const made = Files.create({ name: 'Kế hoạch', mimeType: DOC }, docx, { fields: 'id,name,mimeType' });
    expect(made).toMatchObject({ name: 'Kế hoạch', mimeType: DOC });
    const doc = driveState(env).files[made.id as string].doc!;
    expect(doc.id).toBe(made.id);
    expect(doc.body.children.some((b) => b.kind === 'table')).toBe(true);
    expect(blocksText(doc.body.children)).toContain(APPENDIX_TASKS[0].content);
    // The same through files.copy of the uploaded .docx.
    const file = Files.create({ name: 'ke-hoach.docx' }, docx, { fields: 'id,mimeType' });
    expect(file.mimeType).toBe(DOCX_MIME);
    const copy = Files.copy({ name: 'Kế hoạch 2', mimeType: DOC }, file.id as string, { fields: 'name,mimeType' });
    expect(copy).toEqual({ name: 'Kế hoạch 2', mimeType: DOC });
    // Bytes that are not a .docx are refused as the API refuses a conversion.
    const bad = createBlob(env, Buffer.from('not a zip'), DOCX_MIME, 'x.docx');
    expect(thrown(() => Files.create({ name: 'x', mimeType: DOC }, bad)).details?.code).toBe(400);
    const text = createBlob(env, Buffer.from('abc'), 'text/csv', 'x.csv');
    expect(thrown(() => Files.create({ name: 'x', mimeType: DOC }, text)).details?.code).toBe(400);
  });

  test('more than one parent is refused; a parent that is not a folder is refused', () => {
    const { Files } = setup();
    const a = Files.create({ name: 'A', mimeType: FOLDER });
    const b = Files.create({ name: 'B', mimeType: FOLDER });
    expect(thrown(() => Files.create({ name: 'x', parents: [a.id, b.id] })).details?.code).toBe(403);
    const f = Files.create({ name: 'f.txt' });
    expect(thrown(() => Files.create({ name: 'x', parents: [f.id] })).details?.code).toBe(400);
  });
});

describe('drive.file: only what the script created or the user opened with it', () => {
  test('the user\'s own folder and file are "File not found" (404) and not listed; created ones are', () => {
    const { env, Files } = setup();
    const theirs = createUserFolder(env, 'Báo cáo CCHC');
    const theirFile = createUserFile(env, 'ke-hoach.docx', DOCX_MIME, Buffer.from('PK'));
    const e = thrown(() => Files.get(theirs.id));
    expect(e.name).toBe('GoogleJsonResponseException');
    expect(e.message).toBe(`API call to drive.files.get failed with error: File not found: ${theirs.id}.`);
    expect(e.details).toMatchObject({ code: 404, message: `File not found: ${theirs.id}.`, errors: [{ reason: 'notFound' }] });
    expect(thrown(() => Files.update({ name: 'x' }, theirFile.id)).details?.code).toBe(404);
    expect(thrown(() => Files.create({ name: 'x', parents: [theirs.id] })).details?.code).toBe(404);
    expect(thrown(() => Files.remove(theirFile.id)).message).toBe(`API call to drive.files.delete failed with error: File not found: ${theirFile.id}.`);

    const mine = Files.create({ name: 'Báo cáo CCHC', mimeType: FOLDER });
    const listed = Files.list({ q: `name = 'Báo cáo CCHC' and mimeType = '${FOLDER}' and trashed = false`, fields: 'files(id,name)' });
    expect(listed.files).toEqual([{ id: mine.id, name: 'Báo cáo CCHC' }]);
    // The root ("My Drive") is reachable, so files can be made there.
    expect(Files.get('root', { fields: 'id' }).id).toBe(driveState(env).rootId);

    // Opened with the app (Picker, "Open with"): reachable from then on.
    openWithApp(env, theirs.id);
    expect(Files.get(theirs.id, { fields: 'name' })).toEqual({ name: 'Báo cáo CCHC' });
    expect(Files.list({ q: `name = 'Báo cáo CCHC'` }).files).toHaveLength(2);
  });

  test('with the full drive scope everything is reachable; with drive.readonly reads reach all, writes nothing', () => {
    const full = setup([`${AUTH}drive`]);
    const theirs = createUserFolder(full.env, 'Của tôi');
    expect(full.Files.get(theirs.id, { fields: 'name' })).toEqual({ name: 'Của tôi' });
    expect(full.Files.list({ q: "name = 'Của tôi'" }).files).toHaveLength(1);

    const ro = setup([`${AUTH}drive.readonly`]);
    const t2 = createUserFolder(ro.env, 'Của tôi');
    expect(ro.Files.get(t2.id, { fields: 'name' })).toEqual({ name: 'Của tôi' });
    const e = thrown(() => ro.Files.create({ name: 'x', mimeType: FOLDER }));
    expect(e.details).toMatchObject({ code: 403, message: 'Request had insufficient authentication scopes.' });
  });

  test('a user who unticked drive.file on the consent screen gets 403 insufficient scopes', () => {
    const { env, Files } = setup();
    env.setDeniedScopes(env.owner, [`${AUTH}drive.file`]);
    expect(thrown(() => Files.list()).message).toBe('API call to drive.files.list failed with error: Request had insufficient authentication scopes.');
  });

  test('DriveApp and DocumentApp creations are the script\'s: drive.file reaches them', () => {
    const { env, Files, DriveApp, DocumentApp } = setup(null);
    env.manifestScopes = [`${AUTH}drive.file`, `${AUTH}documents`, `${AUTH}drive`];
    const folder = DriveApp.createFolder('Cũ');
    const doc = DocumentApp.create('Tài liệu');
    env.manifestScopes = [`${AUTH}drive.file`, `${AUTH}documents`];
    expect(Files.get(folder.getId(), { fields: 'name,mimeType' })).toEqual({ name: 'Cũ', mimeType: FOLDER });
    expect(Files.get(doc.getId(), { fields: 'mimeType' })).toEqual({ mimeType: DOC });
  });
});

describe('the same store as DriveApp and DocumentApp', () => {
  test('a Doc moved with addParents/removeParents is where DriveApp finds it, on disk too', () => {
    const { env, Files, DriveApp, DocumentApp } = setup([`${AUTH}drive`, `${AUTH}documents`], true);
    const folder = Files.create({ name: 'Báo cáo CCHC', mimeType: FOLDER });
    const doc = DocumentApp.create('Báo cáo quý');
    doc.saveAndClose();
    const moved = Files.update({}, doc.getId(), null, { addParents: folder.id, removeParents: 'root', fields: 'parents' });
    expect(moved).toEqual({ parents: [folder.id] });
    expect(DriveApp.getFileById(doc.getId()).getParents().next().getName()).toBe('Báo cáo CCHC');
    const up = Files.create({ name: 'a.txt', parents: [folder.id] }, createBlob(env, Buffer.from('a'), 'text/plain', 'a.txt'));
    expect(fs.readFileSync(path.join(dir!, 'drive', 'Báo cáo CCHC', 'a.txt'), 'utf8')).toBe('a');
    expect(DriveApp.getFolderById(folder.id as string).getFilesByName('a.txt').next().getId()).toBe(up.id);
  });

  test('a folder trashed with DriveApp reads trashed, and so do the files in it; delete removes it for good', () => {
    const { Files, DriveApp } = setup([`${AUTH}drive`]);
    const folder = Files.create({ name: 'Báo cáo CCHC', mimeType: FOLDER });
    const inside = Files.create({ name: 'a.txt', parents: [folder.id] });
    DriveApp.getFolderById(folder.id as string).setTrashed(true);
    expect(Files.get(folder.id as string, { fields: 'trashed,explicitlyTrashed' })).toEqual({ trashed: true, explicitlyTrashed: true });
    expect(Files.get(inside.id as string, { fields: 'trashed,explicitlyTrashed' })).toEqual({ trashed: true, explicitlyTrashed: false });
    expect(Files.list({ q: `'${folder.id}' in parents and trashed = false` }).files).toEqual([]);
    Files.remove(folder.id as string);
    expect(thrown(() => Files.get(folder.id as string)).details?.code).toBe(404);
    expect(thrown(() => Files.get(inside.id as string)).details?.code).toBe(404);
    expect(() => DriveApp.getFolderById(folder.id as string)).toThrow(/No item with the given ID/);
  });

  test('update renames, trashes and restores; parents cannot be written directly; a folder cannot go into itself', () => {
    const { Files } = setup();
    const a = Files.create({ name: 'A', mimeType: FOLDER });
    const b = Files.create({ name: 'B', mimeType: FOLDER, parents: [a.id] });
    expect(Files.update({ name: 'A2', trashed: true }, a.id as string, null, { fields: 'name,trashed' })).toEqual({ name: 'A2', trashed: true });
    expect(Files.update({ trashed: false }, a.id as string, null, { fields: 'trashed' })).toEqual({ trashed: false });
    expect(thrown(() => Files.update({ parents: [b.id] }, a.id as string)).details?.code).toBe(403);
    expect(thrown(() => Files.update({}, a.id as string, null, { addParents: b.id, removeParents: 'root' })).details?.code).toBe(400);
  });
});

describe('files.list and files.get', () => {
  test('q: and/or/not, parentheses, in parents, name contains (prefix), escapes; pages with nextPageToken', () => {
    const { Files } = setup();
    const root = Files.create({ name: "Báo cáo 'năm'", mimeType: FOLDER });
    for (let i = 1; i <= 5; i++) Files.create({ name: `Quý ${i}.txt`, parents: [root.id] });
    const names = (q: string) => Files.list({ q, fields: 'files(name)' }).files.map((f) => f.name);
    expect(names(`name = 'Báo cáo \\'năm\\''`)).toEqual(["Báo cáo 'năm'"]);
    expect(names(`'${root.id}' in parents and (name = 'Quý 1.txt' or name = 'Quý 5.txt')`)).toEqual(['Quý 1.txt', 'Quý 5.txt']);
    expect(names(`'${root.id}' in parents and not name = 'Quý 1.txt'`)).toHaveLength(4);
    expect(names(`name contains 'quý'`)).toHaveLength(5);
    expect(names(`mimeType != '${FOLDER}'`)).toHaveLength(5);
    expect(thrown(() => Files.list({ q: "name = 'x" })).details?.code).toBe(400);

    const first = Files.list({ q: `'${root.id}' in parents`, pageSize: 2, fields: 'nextPageToken,files(name)' });
    expect(first.files.map((f) => f.name)).toEqual(['Quý 1.txt', 'Quý 2.txt']);
    const second = Files.list({ q: `'${root.id}' in parents`, pageSize: 2, pageToken: first.nextPageToken });
    expect(second.files.map((f) => f.name)).toEqual(['Quý 3.txt', 'Quý 4.txt']);
    expect(second.kind).toBe('drive#fileList');
  });

  test('an unknown field in `fields` is a 400, as the API answers', () => {
    const { Files } = setup();
    const a = Files.create({ name: 'A', mimeType: FOLDER });
    expect(thrown(() => Files.get(a.id as string, { fields: 'id,titel' })).details).toMatchObject({ code: 400, message: 'Invalid field selection titel' });
  });

  test('copy keeps the name unless given, into the original\'s folder unless given; folders cannot be copied', () => {
    const { env, Files, DocumentApp } = setup();
    const f = Files.create({ name: 'Mẫu', mimeType: FOLDER });
    const d = DocumentApp.create('Mẫu báo cáo');
    d.getBody().appendParagraph('Số: ...');
    d.saveAndClose();
    Files.update({}, d.getId(), null, { addParents: f.id, removeParents: 'root' });
    const c = Files.copy({}, d.getId(), { fields: 'id,name,parents,mimeType' });
    expect(c).toMatchObject({ name: 'Mẫu báo cáo', parents: [f.id], mimeType: DOC });
    expect(driveState(env).files[c.id as string].doc?.body).toEqual(driveState(env).files[d.getId()].doc?.body);
    expect(thrown(() => Files.copy({}, f.id as string)).details?.code).toBe(403);
  });
});

describe('in the sandbox', () => {
  test('Drive is global only when the manifest enables it, under its userSymbol', () => {
    const env = new Env(createWorkbook('x'));
    env.advancedServices = [{ userSymbol: 'Docs', serviceId: 'docs', version: 'v1' }];
    expect(new Sandbox(env, '').evaluate('typeof Drive')).toBe('undefined');
    const env2 = new Env(createWorkbook('x'));
    env2.advancedServices = [{ userSymbol: 'DriveV3', serviceId: 'drive', version: 'v3' }];
    const s2 = new Sandbox(env2, '');
    expect(s2.evaluate('typeof DriveV3.Files.create')).toBe('function');
    expect(s2.evaluate('typeof Docs')).toBe('undefined');
  });

  test('both builds enable Drive v3; errors reach the script with their details; calls are counted and faults injected', () => {
    for (const target of ['bound', 'addon'] as const) {
      const { sandbox, env } = loadSandbox({ target });
      expect(env.advancedServices).toContainEqual({ userSymbol: 'Drive', serviceId: 'drive', version: 'v3' });
      sandbox.evaluate(`globalThis.__p = function (id) { try { Drive.Files.get(id); } catch (e) { return [e.name, e.details.code, e instanceof Error]; } }`);
      expect(sandbox.call('__p', ['nothing-here'])).toEqual(['GoogleJsonResponseException', 404, true]);
      expect(env.calls.count('Drive.Files.get')).toBe(1);
      expect(env.calls.byService().Drive).toBe(1);
      env.faults.add({ method: 'Drive.Files.create' });
      sandbox.evaluate(`globalThis.__c = function () { return Drive.Files.create({ name: 'x', mimeType: 'application/vnd.google-apps.folder' }).id; }`);
      expect(() => sandbox.call('__c')).toThrow(/fault injected/);
      expect(typeof sandbox.call('__c')).toBe('string');
    }
  });

  test('refused in a simple trigger, as every authorised service', () => {
    const { sandbox } = loadSandbox();
    sandbox.evaluate(`globalThis.__l = function () { return Drive.Files.list(); }`);
    expect(() => sandbox.call('__l', [], { authMode: 'LIMITED' })).toThrow('You do not have permission to call Drive.Files.list');
  });
});
