/**
 * DriveApp: folders and files kept in `env.serviceState('drive')` (plain JSON, saved in
 * state.json), mirrored on disk under `<env.dir>/drive/<folder path>/` when the Env has a folder:
 * files made from blobs are written with their bytes at once, Google Docs as .docx when saved
 * (`saveAndClose`, `flushDocuments`). A Doc is a Drive file whose model is in the file record.
 *
 * As in Drive: names are not unique; DocumentApp.create puts the Doc in the root folder;
 * getFilesByName / getFoldersByName and Folder.getFiles also return trashed items (filter
 * with isTrashed()); an unknown id throws Drive's "No item with the given ID could be found…".
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { Env } from '../../core/env';
import { raw, registerService } from '../../core/calls';
import { exception, invalidArgument, wrap, type SelfAware } from '../base';
import { FakeBlob, blobData, createBlob } from '../utilities';
import { emulatorError } from '../eml';
import { cloneNode, newDocModel, type DocModel } from './model';
import { documentToDocx } from './docx';
import { DOCX_MIME, docxToModel, isDocx } from './docxReader';
import { docxToPdf } from './pdf';

registerService('DriveApp', ['DriveApp', 'Folder', 'File', 'FolderIterator', 'FileIterator']);

export const GOOGLE_DOCS_MIME = 'application/vnd.google-apps.document';
export const GOOGLE_FOLDER_MIME = 'application/vnd.google-apps.folder';
/** Docs created per day (consumer accounts), developers.google.com/apps-script/guides/services/quotas. */
export const DOCS_CREATED_PER_DAY = 250;
/** Apps Script's message when the daily quota of created Docs is used up. */
export const DOCS_QUOTA_MESSAGE = 'Service invoked too many times for one day: docs create.';
export const NO_ITEM_MESSAGE =
  'No item with the given ID could be found. Possibly because you have not edited this item or you do not have permission to access it.';
/** The root folder's name as Apps Script returns it. */
export const ROOT_FOLDER_NAME = 'My Drive';
/** Where trashed files go on disk, under `<dir>/drive/`. */
export const TRASH_DIR = '.trash';

export interface FolderRec {
  id: string;
  name: string;
  /** Parent folder ids; [] for the root. */
  parents: string[];
  created: number;
  updated: number;
  trashed: boolean;
  starred: boolean;
  description: string | null;
  /**
   * Created by the script (any service) or opened by the user with it: what the
   * `drive.file` scope reaches ("files that you have opened or created with this app").
   * Absent: the user's own (made in Drive's UI, placed in <dir>/drive/, or from a state.json
   * written before the flag existed).
   */
  app?: boolean;
}

export interface FileRec {
  id: string;
  name: string;
  mimeType: string;
  parents: string[];
  created: number;
  updated: number;
  trashed: boolean;
  starred: boolean;
  description: string | null;
  /** The bytes of a non-Google file, base64. */
  data?: string;
  /** The model of a Google Doc. */
  doc?: DocModel;
  /** Where the file is on disk, relative to env.dir, "/"-separated; absent until written. */
  disk?: string;
  /** The document revision the .docx on disk was written from. */
  writtenRev?: number;
  /** A PDF export not rendered yet: the Doc as it was exported (renderPendingPdfs fills `data`). */
  pdfSource?: DocModel;
  /** See FolderRec.app. */
  app?: boolean;
}

export interface DriveState {
  seq: number;
  rootId: string;
  folders: Record<string, FolderRec>;
  files: Record<string, FileRec>;
  /**
   * Docs created in the current quota window. The quotas page
   * (developers.google.com/apps-script/guides/services/quotas): "Quotas are per user and reset
   * 24 hours after the first request". A window opens at the first create (ms since epoch) and
   * the full quota returns 24 hours later: the same reading as MailApp's quota (mail.ts).
   */
  docsCreated: { windowStart: number | null; count: number };
}

function newId(seed: string, length: number): string {
  return createHash('sha256').update(seed).digest('base64url').replace(/[-_]/g, 'x').slice(0, length);
}

export function driveState(env: Env): DriveState {
  return env.serviceState<DriveState>('drive', () => {
    const now = env.clock.now();
    const rootId = `0A${newId(`root:${env.owner}`, 17)}Uk9PVA`;
    return {
      seq: 0,
      rootId,
      folders: {
        [rootId]: { id: rootId, name: ROOT_FOLDER_NAME, parents: [], created: now, updated: now, trashed: false, starred: false, description: null },
      },
      files: {},
      docsCreated: { windowStart: null, count: 0 },
    };
  });
}

export function nextId(st: DriveState, kind: 'file' | 'folder' | 'doc'): string {
  st.seq++;
  const length = kind === 'folder' ? 32 : kind === 'doc' ? 43 : 32;
  let id = `1${newId(`${kind}:${st.seq}:${st.rootId}`, length)}`;
  while (st.files[id] || st.folders[id]) id = `1${newId(`${id}:again`, length)}`;
  return id;
}

function folderRec(st: DriveState, id: unknown): FolderRec {
  const key = String(id);
  const f = key === 'root' ? st.folders[st.rootId] : st.folders[key];
  if (!f) throw exception(NO_ITEM_MESSAGE);
  return f;
}

function fileRec(st: DriveState, id: unknown): FileRec {
  const f = st.files[String(id)];
  if (!f) throw exception(NO_ITEM_MESSAGE);
  return f;
}

// ---------------------------------------------------------------------------------------
// The disk mirror

/** A file or folder name made safe as one path segment on Windows, macOS and Linux. */
export function safeSegment(name: string): string {
  const s = name
    .normalize('NFC')
    .replace(/[\u0000-\u001f<>:"/\\|?*]+/g, '_')
    .trim()
    .replace(/[. ]+$/, '');
  const out = s && s !== '.' && s !== '..' ? s : '_';
  return out.slice(0, 150);
}

/** Folder names from the root (excluded) down to the folder. */
export function folderPath(st: DriveState, folderId: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let f: FolderRec | undefined = st.folders[folderId];
  while (f && f.id !== st.rootId && !seen.has(f.id)) {
    seen.add(f.id);
    out.unshift(f.name);
    f = f.parents[0] ? st.folders[f.parents[0]] : undefined;
  }
  return out;
}

export function isFolderTrashed(st: DriveState, folderId: string): boolean {
  const seen = new Set<string>();
  let f: FolderRec | undefined = st.folders[folderId];
  while (f && !seen.has(f.id)) {
    if (f.trashed) return true;
    seen.add(f.id);
    f = f.parents[0] ? st.folders[f.parents[0]] : undefined;
  }
  return false;
}

function withSuffix(rel: string, n: number): string {
  const ext = path.posix.extname(rel);
  const stem = ext ? rel.slice(0, -ext.length) : rel;
  return `${stem} (${n})${ext}`;
}

/** Where a file belongs on disk (relative to env.dir), unique among the other files. */
function desiredDiskPath(st: DriveState, rec: FileRec): string {
  const fileName = safeSegment(rec.name) + (rec.doc ? '.docx' : '');
  const parent = rec.parents[0] ?? st.rootId;
  const dirs = rec.trashed || isFolderTrashed(st, parent) ? [TRASH_DIR] : folderPath(st, parent).map(safeSegment);
  const base = ['drive', ...dirs, fileName].join('/');
  const taken = new Set<string>();
  for (const f of Object.values(st.files)) if (f.id !== rec.id && f.disk) taken.add(f.disk.toLowerCase());
  let candidate = base;
  for (let n = 2; taken.has(candidate.toLowerCase()); n++) candidate = withSuffix(base, n);
  return candidate;
}

function abs(env: Env, rel: string): string {
  return path.join(env.dir as string, ...rel.split('/'));
}

/** Removes now-empty folders left behind under drive/ (never drive/ itself). */
function pruneEmptyDirs(env: Env, relDir: string): void {
  let rel = relDir;
  while (rel.startsWith('drive/')) {
    const dir = abs(env, rel);
    try {
      if (fs.readdirSync(dir).length > 0) return;
      fs.rmdirSync(dir);
    } catch {
      return;
    }
    rel = path.posix.dirname(rel);
  }
}

/** Creates the folders of Drive that are not trashed as directories under drive/. */
export function mirrorFolders(env: Env, st: DriveState): void {
  if (!env.dir) return;
  fs.mkdirSync(abs(env, 'drive'), { recursive: true });
  for (const f of Object.values(st.folders)) {
    if (f.id === st.rootId || isFolderTrashed(st, f.id)) continue;
    fs.mkdirSync(abs(env, ['drive', ...folderPath(st, f.id).map(safeSegment)].join('/')), { recursive: true });
  }
}

/** Moves a written file to where its name, folder and trash state say it belongs. */
export function relocate(env: Env, st: DriveState, rec: FileRec): void {
  if (!env.dir || !rec.disk) return;
  const want = desiredDiskPath(st, rec);
  if (want === rec.disk) return;
  const from = abs(env, rec.disk);
  const to = abs(env, want);
  fs.mkdirSync(path.dirname(to), { recursive: true });
  if (fs.existsSync(from)) fs.renameSync(from, to);
  const oldDir = path.posix.dirname(rec.disk);
  rec.disk = want;
  pruneEmptyDirs(env, oldDir);
}

/** After a folder changed (name, parent, trash): every file finds its place again. */
export function relocateAll(env: Env, st: DriveState): void {
  if (!env.dir) return;
  for (const rec of Object.values(st.files)) relocate(env, st, rec);
  mirrorFolders(env, st);
}

export function writeBytes(env: Env, st: DriveState, rec: FileRec): void {
  if (!env.dir || rec.pdfSource) return;
  const want = desiredDiskPath(st, rec);
  const file = abs(env, want);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, Buffer.from(rec.data ?? '', 'base64'));
  if (rec.disk && rec.disk !== want) {
    fs.rmSync(abs(env, rec.disk), { force: true });
    pruneEmptyDirs(env, path.posix.dirname(rec.disk));
  }
  rec.disk = want;
}

async function writeDocument(env: Env, id: string): Promise<void> {
  if (!env.dir) return;
  const st = driveState(env);
  const rec = st.files[id];
  if (!rec?.doc) return;
  if (rec.trashed && !rec.disk) return;
  const rev = rec.doc.rev;
  if (rec.writtenRev === rev && rec.disk && fs.existsSync(abs(env, rec.disk))) return;
  const bytes = await documentToDocx(rec.doc); // the model is read before the first await
  const want = desiredDiskPath(st, rec);
  const file = abs(env, want);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  if (rec.disk && rec.disk !== want) {
    fs.rmSync(abs(env, rec.disk), { force: true });
    pruneEmptyDirs(env, path.posix.dirname(rec.disk));
  }
  rec.disk = want;
  rec.writtenRev = rev;
}

interface WriteQueue {
  chain: Promise<void>;
  errors: unknown[];
}

const QUEUES = new WeakMap<Env, WriteQueue>();

function writeQueue(env: Env): WriteQueue {
  let q = QUEUES.get(env);
  if (!q) QUEUES.set(env, (q = { chain: Promise.resolve(), errors: [] }));
  return q;
}

/**
 * Starts writing a Doc's .docx (docx's Packer is asynchronous, the script is not): writes run
 * one after another; a failure is reported by the next flushDocuments.
 */
export function scheduleDocumentWrite(env: Env, id: string): void {
  if (!env.dir) return;
  const q = writeQueue(env);
  q.chain = q.chain
    .then(() => writeDocument(env, id))
    .catch((e: unknown) => {
      q.errors.push(e);
    });
}

/** Renders one PDF export (see PdfExportBlob) and writes it to disk; its bytes. */
export async function renderPdf(env: Env, id: string): Promise<Buffer> {
  const st = driveState(env);
  const rec = fileRec(st, id);
  const source = rec.pdfSource;
  if (!source) {
    if (rec.data === undefined) throw new Error(`${rec.name} has no bytes`);
    return Buffer.from(rec.data, 'base64');
  }
  const pdf = await docxToPdf(await documentToDocx(source));
  if (rec.pdfSource === source) {
    delete rec.pdfSource;
    rec.data = pdf.toString('base64');
    writeBytes(env, st, rec);
  }
  return pdf;
}

/** Renders every PDF export made and not rendered yet, one after another; how many. */
export async function renderPendingPdfs(env: Env): Promise<number> {
  const ids = Object.values(driveState(env).files)
    .filter((f) => f.pdfSource)
    .map((f) => f.id);
  for (const id of ids) await renderPdf(env, id);
  return ids.length;
}

/** Writes every Doc changed since its .docx was last written, and waits for pending writes. */
export async function flushDocuments(env: Env): Promise<void> {
  if (!env.dir) return;
  const st = driveState(env);
  for (const rec of Object.values(st.files)) {
    if (!rec.doc || (rec.trashed && !rec.disk)) continue;
    if (rec.writtenRev !== rec.doc.rev || !rec.disk) scheduleDocumentWrite(env, rec.id);
  }
  const q = writeQueue(env);
  await q.chain;
  if (q.errors.length) {
    const [first] = q.errors.splice(0);
    throw first instanceof Error ? first : new Error(String(first));
  }
}

// ---------------------------------------------------------------------------------------
// Files placed in the drive folder by hand

const MIME_BY_EXT: Record<string, string> = {
  '.pdf': 'application/pdf',
  '.txt': 'text/plain',
  '.csv': 'text/csv',
  '.html': 'text/html',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.docx': DOCX_MIME,
};

/** The folder under `parentId` with that name (made when missing), for a directory found on disk. */
function folderForDir(env: Env, st: DriveState, parentId: string, name: string): string {
  const found = Object.values(st.folders).find((f) => f.parents[0] === parentId && !f.trashed && safeSegment(f.name) === name);
  if (found) return found.id;
  const now = env.clock.now();
  const rec: FolderRec = { id: nextId(st, 'folder'), name, parents: [parentId], created: now, updated: now, trashed: false, starred: false, description: null };
  st.folders[rec.id] = rec;
  return rec.id;
}

/**
 * Files someone put under `<dir>/drive/` by hand become Drive files where they lie (directories
 * become folders): a .docx becomes a Google Doc, converted as Drive converts an uploaded Word
 * file opened with Google Docs (docxReader.ts), named without ".docx"; anything else a file with
 * its bytes. Run when Drive is listed and when an id is not found. How many were added.
 */
export function adoptDiskFiles(env: Env): number {
  if (!env.dir) return 0;
  const root = abs(env, 'drive');
  if (!fs.existsSync(root)) return 0;
  const st = driveState(env);
  const known = new Set<string>();
  for (const f of Object.values(st.files)) if (f.disk) known.add(f.disk.normalize('NFC').toLowerCase());
  let added = 0;
  const walk = (rel: string, folderId: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs(env, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const name = e.name.normalize('NFC');
      const childRel = `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (rel === 'drive' && e.name === TRASH_DIR) continue;
        walk(childRel, folderForDir(env, st, folderId, name));
        continue;
      }
      if (!e.isFile() || name.startsWith('~$') || name.startsWith('.') || known.has(childRel.normalize('NFC').toLowerCase())) continue;
      const bytes = fs.readFileSync(abs(env, childRel));
      const ext = path.extname(name).toLowerCase();
      const now = env.clock.now();
      const base = { name, parents: [folderId], created: now, updated: now, trashed: false, starred: false, description: null, disk: childRel };
      let rec: FileRec;
      if (ext === '.docx' && isDocx(bytes)) {
        const id = nextId(st, 'doc');
        const docName = name.slice(0, -ext.length);
        let doc: DocModel;
        try {
          doc = docxToModel(bytes, id, docName);
        } catch (err) {
          env.logs.push({ level: 'error', message: `Drive: ${childRel}: ${(err as Error).message}` });
          continue;
        }
        rec = { ...base, id, name: docName, mimeType: GOOGLE_DOCS_MIME, doc, writtenRev: doc.rev };
      } else {
        rec = { ...base, id: nextId(st, 'file'), mimeType: MIME_BY_EXT[ext] ?? 'application/octet-stream', data: bytes.toString('base64') };
      }
      st.files[rec.id] = rec;
      known.add(childRel.normalize('NFC').toLowerCase());
      added++;
    }
  };
  walk('drive', st.rootId);
  return added;
}

/**
 * Drive's conversion of an uploaded Word file into a Google Doc (the Advanced Drive service's
 * Files.create/insert with the Google Docs MIME type): a new Doc file in `parentId` (the root when
 * absent) whose model is read from the .docx bytes. Throws an Error when the bytes are not a .docx.
 */
export function createDocumentFromDocx(env: Env, name: string, bytes: Uint8Array, parentId?: string): FileRec {
  const st = driveState(env);
  const id = nextId(st, 'doc');
  const doc = docxToModel(bytes, id, name);
  const now = env.clock.now();
  const rec: FileRec = {
    id,
    name,
    mimeType: GOOGLE_DOCS_MIME,
    parents: [parentId ?? st.rootId],
    created: now,
    updated: now,
    trashed: false,
    starred: false,
    description: null,
    doc,
  };
  st.files[id] = rec;
  scheduleDocumentWrite(env, id);
  return rec;
}

// ---------------------------------------------------------------------------------------
// What document.ts and the playground use

const QUOTA_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The Docs-created quota at `now`: a window that ended 24 hours after its first create is over. */
function docsQuota(st: DriveState, now: number): DriveState['docsCreated'] {
  const q = st.docsCreated as Partial<DriveState['docsCreated']> | undefined;
  // A state.json from before the 24-hour window (it counted per calendar day) starts afresh.
  if (!q || typeof q.count !== 'number' || q.windowStart === undefined) st.docsCreated = { windowStart: null, count: 0 };
  else if (q.windowStart !== null && now >= q.windowStart + QUOTA_WINDOW_MS) st.docsCreated = { windowStart: null, count: 0 };
  return st.docsCreated;
}

/** Creates a Doc file in the root folder (counted against the daily quota) and its model. */
export function createDocumentFile(env: Env, name: string): FileRec {
  const st = driveState(env);
  const now = env.clock.now();
  const quota = docsQuota(st, now);
  if (quota.count >= DOCS_CREATED_PER_DAY) throw exception(DOCS_QUOTA_MESSAGE);
  if (quota.windowStart === null) quota.windowStart = now;
  quota.count++;
  return newDocumentFile(env, name, st.rootId);
}

/**
 * A new, empty Doc made by the script in `parentId` (DocumentApp.create goes through the quota
 * above first; the Drive API's files.create of a Google Doc does not count against it).
 */
export function newDocumentFile(env: Env, name: string, parentId: string): FileRec {
  const st = driveState(env);
  const now = env.clock.now();
  const id = nextId(st, 'doc');
  const rec: FileRec = {
    id,
    name,
    mimeType: GOOGLE_DOCS_MIME,
    parents: [parentId],
    created: now,
    updated: now,
    trashed: false,
    starred: false,
    description: null,
    doc: newDocModel(id, name),
    app: true,
  };
  st.files[id] = rec;
  return rec;
}

/**
 * A folder the user made in Drive's own UI, not the script: the `drive.file` scope does not
 * reach it (for tests and the playground).
 */
export function createUserFolder(env: Env, name: string, parentId?: string): FolderRec {
  const st = driveState(env);
  const rec = newFolder(env, parentId ?? st.rootId, name);
  delete rec.app;
  return rec;
}

/** A file the user uploaded in Drive's own UI (bytes), not the script: see createUserFolder. */
export function createUserFile(env: Env, name: string, mimeType: string, bytes: Uint8Array, parentId?: string): FileRec {
  const st = driveState(env);
  const now = env.clock.now();
  const rec: FileRec = {
    id: nextId(st, 'file'),
    name,
    mimeType,
    parents: [parentId ?? st.rootId],
    created: now,
    updated: now,
    trashed: false,
    starred: false,
    description: null,
    data: Buffer.from(bytes).toString('base64'),
  };
  st.files[rec.id] = rec;
  writeBytes(env, st, rec);
  return rec;
}

/**
 * The user opened (or picked) the file or folder with the script (Google Picker, "Open with"):
 * from then on `drive.file` reaches it, as Drive's scope page says.
 */
export function openWithApp(env: Env, id: string): void {
  const st = driveState(env);
  const rec = st.files[id] ?? st.folders[id];
  if (!rec) throw new Error(`No Drive item ${id}`);
  rec.app = true;
}

/** Deletes a file or folder for good (a folder with everything in it), and what is on disk. */
export function deleteForever(env: Env, id: string): void {
  const st = driveState(env);
  const file = st.files[id];
  if (file) {
    if (env.dir && file.disk) {
      fs.rmSync(abs(env, file.disk), { force: true });
      pruneEmptyDirs(env, path.posix.dirname(file.disk));
    }
    delete st.files[id];
    return;
  }
  const folder = st.folders[id];
  if (!folder || folder.id === st.rootId) return;
  // Children only here go with it; those also in another folder stay there.
  for (const f of [...Object.values(st.files), ...Object.values(st.folders)]) {
    if (!f.parents.includes(id)) continue;
    if (f.parents.length > 1) f.parents = f.parents.filter((p) => p !== id);
    else deleteForever(env, f.id);
  }
  const dirRel = ['drive', ...folderPath(st, id).map(safeSegment)].join('/');
  delete st.folders[id];
  if (env.dir) {
    try {
      fs.rmdirSync(abs(env, dirRel));
    } catch {
      // not empty (a file of another folder kept on disk there) or already gone
    }
    pruneEmptyDirs(env, path.posix.dirname(dirRel));
  }
}

/** The file record of a Doc, or null. */
export function documentRecord(env: Env, id: string): FileRec | null {
  let rec = driveState(env).files[String(id)];
  if (!rec && adoptDiskFiles(env) > 0) rec = driveState(env).files[String(id)];
  return rec?.doc ? rec : null;
}

/** Renames a file (a Doc's model too) and moves what is on disk. */
export function renameFile(env: Env, rec: FileRec, name: string): void {
  rec.name = name;
  if (rec.doc) {
    rec.doc.name = name;
    rec.doc.rev++;
  }
  rec.updated = env.clock.now();
  relocate(env, driveState(env), rec);
}

export interface DocumentListing {
  id: string;
  name: string;
  /** The .docx, relative to env.dir, once written. */
  file?: string;
  /** "Báo cáo CCHC / 2024"; "" for the root folder. */
  folder: string;
  trashed: boolean;
}

/** The Docs in Drive (trashed ones excluded), in creation order. */
export function listDocuments(env: Env): DocumentListing[] {
  adoptDiskFiles(env);
  const st = driveState(env);
  return Object.values(st.files)
    .filter((f) => f.doc && !f.trashed)
    .map((f) => ({
      id: f.id,
      name: f.name,
      ...(f.disk ? { file: f.disk } : {}),
      folder: folderPath(st, f.parents[0] ?? st.rootId).join(' / '),
      trashed: f.trashed,
    }));
}

// ---------------------------------------------------------------------------------------
// DriveApp

const NOT_A_DOC_EXPORT =
  'exporting a Google Doc (PDF, .docx) is not supported by the emulator; the .docx it writes under <dir>/drive/ is what the Doc looks like';

/**
 * A Drive iterator (FolderIterator or FileIterator) over ids known when it was made, as Drive
 * lists them; `getContinuationToken` resumes where it stopped.
 */
class FakeIterator<T> implements SelfAware {
  _self: unknown = this;
  constructor(
    private readonly _ids: string[],
    private readonly _kind: 'files' | 'folders',
    private readonly _item: (id: string) => T,
  ) {}

  hasNext(): boolean {
    return this._ids.length > 0;
  }

  next(): T {
    const id = this._ids.shift();
    if (id === undefined) throw exception('Cannot retrieve the next object: iterator has reached the end.');
    return this._item(id);
  }

  getContinuationToken(): string {
    return Buffer.from(JSON.stringify({ t: this._kind, ids: this._ids })).toString('base64url');
  }
}

type IteratorMethods = 'hasNext' | 'next' | 'getContinuationToken';
// Signatures checked against @types/google-apps-script.
const _folderIteratorCheck: (it: FakeIterator<GoogleAppsScript.Drive.Folder>) => Pick<GoogleAppsScript.Drive.FolderIterator, IteratorMethods> = (it) => it;
const _fileIteratorCheck: (it: FakeIterator<GoogleAppsScript.Drive.File>) => Pick<GoogleAppsScript.Drive.FileIterator, IteratorMethods> = (it) => it;
void _folderIteratorCheck;
void _fileIteratorCheck;

function folderIterator(env: Env, ids: string[]): GoogleAppsScript.Drive.FolderIterator {
  const it = new FakeIterator(ids, 'folders', (id) => folderObject(env, id));
  return wrap(it, 'FolderIterator', env) as unknown as GoogleAppsScript.Drive.FolderIterator;
}

function fileIterator(env: Env, ids: string[]): GoogleAppsScript.Drive.FileIterator {
  const it = new FakeIterator(ids, 'files', (id) => fileObject(env, id));
  return wrap(it, 'FileIterator', env) as unknown as GoogleAppsScript.Drive.FileIterator;
}

function continuation(token: unknown, kind: 'files' | 'folders'): string[] {
  try {
    const v = JSON.parse(Buffer.from(String(token), 'base64url').toString('utf8')) as { t: string; ids: string[] };
    if (v.t === kind && Array.isArray(v.ids)) return v.ids.map(String);
  } catch {
    // fall through
  }
  throw invalidArgument('continuationToken');
}

/** The id behind a Folder or File object this emulator made. */
function idOf(obj: unknown, what: 'folder' | 'file'): string {
  const r = obj && typeof obj === 'object' ? (raw(obj as object) as { _id?: unknown; _kind?: unknown }) : null;
  if (!r || typeof r._id !== 'string' || r._kind !== what) throw invalidArgument(what === 'folder' ? 'destination' : 'child');
  return r._id;
}

function nameArg(name: unknown, what = 'name'): string {
  if (name === null || name === undefined) throw invalidArgument(what);
  return String(name);
}

/**
 * A Doc exported as PDF (File.getAs('application/pdf')). Drive returns the bytes at once; the
 * emulator's conversion (LibreOffice) takes seconds, so the bytes are rendered after the
 * execution: a file made from this blob (createFile) gets them then (renderPendingPdfs), and
 * reading them inside the execution is refused with a clear message.
 */
export class PdfExportBlob extends FakeBlob {
  constructor(
    env: Env,
    name: string,
    readonly _source: DocModel,
  ) {
    super(env, Buffer.alloc(0), 'application/pdf', name);
  }

  private _refuse(what: string): never {
    throw emulatorError(`Blob.${what} of a Doc's PDF export: ${PDF_LATER}`);
  }

  getBytes(): GoogleAppsScript.Byte[] {
    return this._refuse('getBytes');
  }

  getDataAsString(): string {
    return this._refuse('getDataAsString');
  }

  copyBlob(): GoogleAppsScript.Base.Blob {
    return this._refuse('copyBlob');
  }
}

/** A Doc's PDF export as a blob (File.getAs, Document.getAs). */
export function pdfExportBlob(env: Env, name: string, source: DocModel): GoogleAppsScript.Base.Blob {
  return wrap(new PdfExportBlob(env, name, source), 'Blob', env) as unknown as GoogleAppsScript.Base.Blob;
}

const PDF_LATER = 'the emulator renders it with LibreOffice after the execution; save it with createFile(blob) and read the file afterwards';

/** Files made from content: a blob, or a name, text and MIME type. */
export function newFileFrom(env: Env, parentId: string, args: unknown[]): FileRec {
  const st = driveState(env);
  let name: string;
  let mimeType: string;
  let bytes: Buffer;
  const pending = args.length === 1 && args[0] && typeof args[0] === 'object' ? raw(args[0] as object) : null;
  if (pending instanceof PdfExportBlob) {
    const now = env.clock.now();
    const rec: FileRec = {
      id: nextId(st, 'file'),
      name: pending._name ?? 'Untitled',
      mimeType: 'application/pdf',
      parents: [parentId],
      created: now,
      updated: now,
      trashed: false,
      starred: false,
      description: null,
      pdfSource: cloneNode(pending._source),
      app: true,
    };
    st.files[rec.id] = rec;
    return rec;
  }
  if (args.length === 1) {
    const b = blobData(args[0]);
    name = b.name ?? 'Untitled';
    mimeType = b.contentType ?? 'application/octet-stream';
    bytes = b.bytes;
  } else {
    name = nameArg(args[0]);
    const content = args[1] === null || args[1] === undefined ? '' : String(args[1]);
    mimeType = args[2] === undefined || args[2] === null ? 'text/plain' : String(args[2]);
    if (mimeType.startsWith('application/vnd.google-apps.')) throw invalidArgument('mimeType');
    bytes = Buffer.from(content, 'utf8');
  }
  const now = env.clock.now();
  const rec: FileRec = {
    id: nextId(st, 'file'),
    name,
    mimeType,
    parents: [parentId],
    created: now,
    updated: now,
    trashed: false,
    starred: false,
    description: null,
    data: bytes.toString('base64'),
    app: true,
  };
  st.files[rec.id] = rec;
  writeBytes(env, st, rec);
  return rec;
}

export function newFolder(env: Env, parentId: string, name: string): FolderRec {
  const st = driveState(env);
  const now = env.clock.now();
  const rec: FolderRec = { id: nextId(st, 'folder'), name, parents: [parentId], created: now, updated: now, trashed: false, starred: false, description: null, app: true };
  st.folders[rec.id] = rec;
  mirrorFolders(env, st);
  return rec;
}

type FolderMethods =
  | 'getId'
  | 'getName'
  | 'setName'
  | 'getUrl'
  | 'getDescription'
  | 'setDescription'
  | 'getDateCreated'
  | 'getLastUpdated'
  | 'createFolder'
  | 'createFile'
  | 'getFolders'
  | 'getFoldersByName'
  | 'getFiles'
  | 'getFilesByName'
  | 'getFilesByType'
  | 'getParents'
  | 'addFile'
  | 'addFolder'
  | 'removeFile'
  | 'removeFolder'
  | 'moveTo'
  | 'isTrashed'
  | 'setTrashed'
  | 'isStarred'
  | 'setStarred';

class FakeFolder implements Pick<GoogleAppsScript.Drive.Folder, FolderMethods>, SelfAware {
  _self: unknown = this;
  readonly _kind = 'folder';
  constructor(
    private readonly _env: Env,
    readonly _id: string,
  ) {}

  private _rec(): FolderRec {
    return folderRec(driveState(this._env), this._id);
  }

  private _out(): GoogleAppsScript.Drive.Folder {
    return this._self as GoogleAppsScript.Drive.Folder;
  }

  private _touch(): void {
    this._rec().updated = this._env.clock.now();
  }

  getId(): string {
    return this._id;
  }

  getName(): string {
    return this._rec().name;
  }

  setName(name: string): GoogleAppsScript.Drive.Folder {
    const rec = this._rec();
    if (rec.id === driveState(this._env).rootId) throw exception('Access denied: DriveApp.');
    rec.name = nameArg(name);
    this._touch();
    relocateAll(this._env, driveState(this._env));
    return this._out();
  }

  getUrl(): string {
    return `https://drive.google.com/drive/folders/${this._id}`;
  }

  getDescription(): string | null {
    return this._rec().description;
  }

  setDescription(description: string): GoogleAppsScript.Drive.Folder {
    this._rec().description = description === null || description === undefined ? null : String(description);
    this._touch();
    return this._out();
  }

  getDateCreated(): GoogleAppsScript.Base.Date {
    return new Date(this._rec().created) as unknown as GoogleAppsScript.Base.Date;
  }

  getLastUpdated(): GoogleAppsScript.Base.Date {
    return new Date(this._rec().updated) as unknown as GoogleAppsScript.Base.Date;
  }

  createFolder(name: string): GoogleAppsScript.Drive.Folder {
    this._rec();
    return folderObject(this._env, newFolder(this._env, this._id, nameArg(name)).id);
  }

  createFile(...args: unknown[]): GoogleAppsScript.Drive.File {
    this._rec();
    return fileObject(this._env, newFileFrom(this._env, this._id, args).id);
  }

  getFolders(): GoogleAppsScript.Drive.FolderIterator {
    const st = driveState(this._env);
    return folderIterator(this._env, Object.values(st.folders).filter((f) => f.parents.includes(this._id)).map((f) => f.id));
  }

  getFoldersByName(name: string): GoogleAppsScript.Drive.FolderIterator {
    const st = driveState(this._env);
    const n = nameArg(name);
    return folderIterator(this._env, Object.values(st.folders).filter((f) => f.parents.includes(this._id) && f.name === n).map((f) => f.id));
  }

  getFiles(): GoogleAppsScript.Drive.FileIterator {
    const st = driveState(this._env);
    return fileIterator(this._env, Object.values(st.files).filter((f) => f.parents.includes(this._id)).map((f) => f.id));
  }

  getFilesByName(name: string): GoogleAppsScript.Drive.FileIterator {
    const st = driveState(this._env);
    const n = nameArg(name);
    return fileIterator(this._env, Object.values(st.files).filter((f) => f.parents.includes(this._id) && f.name === n).map((f) => f.id));
  }

  getFilesByType(mimeType: string): GoogleAppsScript.Drive.FileIterator {
    const st = driveState(this._env);
    const m = String(mimeType);
    return fileIterator(this._env, Object.values(st.files).filter((f) => f.parents.includes(this._id) && f.mimeType === m).map((f) => f.id));
  }

  getParents(): GoogleAppsScript.Drive.FolderIterator {
    return folderIterator(this._env, [...this._rec().parents]);
  }

  /** Adds the file to this folder; it stays in its other folders (on disk: under its first). */
  addFile(child: GoogleAppsScript.Drive.File): GoogleAppsScript.Drive.Folder {
    const st = driveState(this._env);
    const rec = fileRec(st, idOf(child, 'file'));
    if (!rec.parents.includes(this._id)) rec.parents.push(this._id);
    relocate(this._env, st, rec);
    return this._out();
  }

  addFolder(child: GoogleAppsScript.Drive.Folder): GoogleAppsScript.Drive.Folder {
    const st = driveState(this._env);
    const rec = folderRec(st, idOf(child, 'folder'));
    if (!rec.parents.includes(this._id)) rec.parents.push(this._id);
    relocateAll(this._env, st);
    return this._out();
  }

  removeFile(child: GoogleAppsScript.Drive.File): GoogleAppsScript.Drive.Folder {
    const st = driveState(this._env);
    const rec = fileRec(st, idOf(child, 'file'));
    rec.parents = rec.parents.filter((p) => p !== this._id);
    relocate(this._env, st, rec);
    return this._out();
  }

  removeFolder(child: GoogleAppsScript.Drive.Folder): GoogleAppsScript.Drive.Folder {
    const st = driveState(this._env);
    const rec = folderRec(st, idOf(child, 'folder'));
    rec.parents = rec.parents.filter((p) => p !== this._id);
    relocateAll(this._env, st);
    return this._out();
  }

  moveTo(destination: GoogleAppsScript.Drive.Folder): GoogleAppsScript.Drive.Folder {
    const st = driveState(this._env);
    const dest = folderRec(st, idOf(destination, 'folder'));
    const rec = this._rec();
    if (rec.id === st.rootId) throw exception('Access denied: DriveApp.');
    for (let f: FolderRec | undefined = dest; f; f = f.parents[0] ? st.folders[f.parents[0]] : undefined) {
      if (f.id === rec.id) throw invalidArgument('destination');
      if (f.id === st.rootId) break;
    }
    rec.parents = [dest.id];
    this._touch();
    relocateAll(this._env, st);
    return this._out();
  }

  isTrashed(): boolean {
    return this._rec().trashed;
  }

  setTrashed(trashed: boolean): GoogleAppsScript.Drive.Folder {
    const rec = this._rec();
    if (rec.id === driveState(this._env).rootId) throw exception('Access denied: DriveApp.');
    rec.trashed = Boolean(trashed);
    this._touch();
    relocateAll(this._env, driveState(this._env));
    return this._out();
  }

  isStarred(): boolean {
    return this._rec().starred;
  }

  setStarred(starred: boolean): GoogleAppsScript.Drive.Folder {
    this._rec().starred = Boolean(starred);
    return this._out();
  }
}

type FileMethods =
  | 'getId'
  | 'getName'
  | 'setName'
  | 'getUrl'
  | 'getMimeType'
  | 'getSize'
  | 'getDescription'
  | 'setDescription'
  | 'getDateCreated'
  | 'getLastUpdated'
  | 'getParents'
  | 'moveTo'
  | 'makeCopy'
  | 'getBlob'
  | 'getAs'
  | 'setContent'
  | 'isTrashed'
  | 'setTrashed'
  | 'isStarred'
  | 'setStarred';

class FakeFile implements Pick<GoogleAppsScript.Drive.File, FileMethods>, SelfAware {
  _self: unknown = this;
  readonly _kind = 'file';
  constructor(
    private readonly _env: Env,
    readonly _id: string,
  ) {}

  private _rec(): FileRec {
    return fileRec(driveState(this._env), this._id);
  }

  private _out(): GoogleAppsScript.Drive.File {
    return this._self as GoogleAppsScript.Drive.File;
  }

  getId(): string {
    return this._id;
  }

  getName(): string {
    return this._rec().name;
  }

  setName(name: string): GoogleAppsScript.Drive.File {
    const rec = this._rec();
    renameFile(this._env, rec, nameArg(name));
    return this._out();
  }

  getUrl(): string {
    const rec = this._rec();
    return rec.doc ? `https://docs.google.com/document/d/${rec.id}/edit?usp=drivesdk` : `https://drive.google.com/file/d/${rec.id}/view?usp=drivesdk`;
  }

  getMimeType(): string {
    return this._rec().mimeType;
  }

  /** Bytes of a stored file; Google Docs take no quota and report 0. */
  getSize(): GoogleAppsScript.Integer {
    const rec = this._rec();
    if (rec.pdfSource) throw emulatorError(`File.getSize of a PDF made in this execution: ${PDF_LATER}.`);
    return rec.data ? Buffer.from(rec.data, 'base64').length : 0;
  }

  getDescription(): string | null {
    return this._rec().description;
  }

  setDescription(description: string): GoogleAppsScript.Drive.File {
    const rec = this._rec();
    rec.description = description === null || description === undefined ? null : String(description);
    rec.updated = this._env.clock.now();
    return this._out();
  }

  getDateCreated(): GoogleAppsScript.Base.Date {
    return new Date(this._rec().created) as unknown as GoogleAppsScript.Base.Date;
  }

  getLastUpdated(): GoogleAppsScript.Base.Date {
    return new Date(this._rec().updated) as unknown as GoogleAppsScript.Base.Date;
  }

  getParents(): GoogleAppsScript.Drive.FolderIterator {
    return folderIterator(this._env, [...this._rec().parents]);
  }

  /** Moves the file into `destination` (out of all its current folders); its copy on disk follows. */
  moveTo(destination: GoogleAppsScript.Drive.Folder): GoogleAppsScript.Drive.File {
    const st = driveState(this._env);
    const dest = folderRec(st, idOf(destination, 'folder'));
    const rec = this._rec();
    rec.parents = [dest.id];
    rec.updated = this._env.clock.now();
    relocate(this._env, st, rec);
    return this._out();
  }

  makeCopy(a?: unknown, b?: unknown): GoogleAppsScript.Drive.File {
    const st = driveState(this._env);
    const rec = this._rec();
    let name = `Copy of ${rec.name}`;
    let parentId = rec.parents[0] ?? st.rootId;
    if (typeof a === 'string') name = a;
    else if (a !== undefined && a !== null) parentId = idOf(a, 'folder');
    if (b !== undefined && b !== null) parentId = idOf(b, 'folder');
    folderRec(st, parentId);
    const now = this._env.clock.now();
    if (rec.doc) {
      const copy = createDocumentFile(this._env, name);
      const model = cloneNode(rec.doc);
      model.id = copy.id;
      model.name = name;
      model.rev = 1;
      copy.doc = model;
      copy.parents = [parentId];
      return fileObject(this._env, copy.id);
    }
    const copy: FileRec = { ...rec, id: nextId(st, 'file'), name, parents: [parentId], created: now, updated: now, trashed: false, starred: false, app: true };
    delete copy.disk;
    st.files[copy.id] = copy;
    writeBytes(this._env, st, copy);
    return fileObject(this._env, copy.id);
  }

  getBlob(): GoogleAppsScript.Base.Blob {
    const rec = this._rec();
    if (rec.pdfSource) throw emulatorError(`File.getBlob of a PDF made in this execution: ${PDF_LATER}.`);
    if (rec.doc || rec.data === undefined) throw emulatorError(`File.getBlob: ${NOT_A_DOC_EXPORT}.`);
    return createBlob(this._env, Buffer.from(rec.data, 'base64'), rec.mimeType, rec.name);
  }

  /**
   * A Doc converts to PDF only ("For most blobs, 'application/pdf' is the only valid option"),
   * named after the Doc with ".pdf" appended (Google's File.getAs reference); other files only
   * to their own type.
   */
  getAs(contentType: string): GoogleAppsScript.Base.Blob {
    const rec = this._rec();
    if (rec.doc && String(contentType) === 'application/pdf') {
      return pdfExportBlob(this._env, `${rec.name}.pdf`, rec.doc);
    }
    if (rec.pdfSource) throw emulatorError(`File.getAs of a PDF made in this execution: ${PDF_LATER}.`);
    if (rec.doc || rec.data === undefined) throw emulatorError(`File.getAs(${String(contentType)}): ${NOT_A_DOC_EXPORT}.`);
    if (String(contentType) !== rec.mimeType) throw exception(`Converting from ${rec.mimeType} to ${String(contentType)} is not supported.`);
    return createBlob(this._env, Buffer.from(rec.data, 'base64'), rec.mimeType, rec.name);
  }

  setContent(content: string): GoogleAppsScript.Drive.File {
    const st = driveState(this._env);
    const rec = this._rec();
    if (rec.doc) throw exception('Cannot set content of a Google Docs file.');
    rec.data = Buffer.from(String(content ?? ''), 'utf8').toString('base64');
    rec.updated = this._env.clock.now();
    writeBytes(this._env, st, rec);
    return this._out();
  }

  isTrashed(): boolean {
    return this._rec().trashed;
  }

  /** Trashed files move to drive/.trash/ on disk, and back when restored. */
  setTrashed(trashed: boolean): GoogleAppsScript.Drive.File {
    const rec = this._rec();
    rec.trashed = Boolean(trashed);
    rec.updated = this._env.clock.now();
    relocate(this._env, driveState(this._env), rec);
    return this._out();
  }

  isStarred(): boolean {
    return this._rec().starred;
  }

  setStarred(starred: boolean): GoogleAppsScript.Drive.File {
    this._rec().starred = Boolean(starred);
    return this._out();
  }
}

function folderObject(env: Env, id: string): GoogleAppsScript.Drive.Folder {
  return wrap(new FakeFolder(env, id), 'Folder', env) as unknown as GoogleAppsScript.Drive.Folder;
}

function fileObject(env: Env, id: string): GoogleAppsScript.Drive.File {
  return wrap(new FakeFile(env, id), 'File', env) as unknown as GoogleAppsScript.Drive.File;
}

type DriveAppMethods =
  | 'getRootFolder'
  | 'getFolderById'
  | 'getFoldersByName'
  | 'getFolders'
  | 'createFolder'
  | 'getFileById'
  | 'getFilesByName'
  | 'getFilesByType'
  | 'getFiles'
  | 'createFile'
  | 'addFile'
  | 'removeFile'
  | 'getTrashedFiles'
  | 'getTrashedFolders'
  | 'continueFileIterator'
  | 'continueFolderIterator';

class FakeDriveApp implements Pick<GoogleAppsScript.Drive.DriveApp, DriveAppMethods>, SelfAware {
  _self: unknown = this;
  constructor(private readonly _env: Env) {}

  /** Drive as listed: files placed in the drive folder by hand are added first. */
  private _st(): DriveState {
    adoptDiskFiles(this._env);
    return driveState(this._env);
  }

  getRootFolder(): GoogleAppsScript.Drive.Folder {
    return folderObject(this._env, this._st().rootId);
  }

  getFolderById(id: string): GoogleAppsScript.Drive.Folder {
    return folderObject(this._env, folderRec(this._st(), id).id);
  }

  /** Every folder of the Drive with that exact name, wherever it is (trashed ones too). */
  getFoldersByName(name: string): GoogleAppsScript.Drive.FolderIterator {
    const n = nameArg(name);
    const st = this._st();
    return folderIterator(this._env, Object.values(st.folders).filter((f) => f.id !== st.rootId && f.name === n).map((f) => f.id));
  }

  getFolders(): GoogleAppsScript.Drive.FolderIterator {
    const st = this._st();
    return folderIterator(this._env, Object.values(st.folders).filter((f) => f.id !== st.rootId).map((f) => f.id));
  }

  createFolder(name: string): GoogleAppsScript.Drive.Folder {
    return folderObject(this._env, newFolder(this._env, this._st().rootId, nameArg(name)).id);
  }

  getFileById(id: string): GoogleAppsScript.Drive.File {
    return fileObject(this._env, fileRec(this._st(), id).id);
  }

  /** Every file of the Drive with that exact name (trashed ones too). */
  getFilesByName(name: string): GoogleAppsScript.Drive.FileIterator {
    const n = nameArg(name);
    return fileIterator(this._env, Object.values(this._st().files).filter((f) => f.name === n).map((f) => f.id));
  }

  getFilesByType(mimeType: string): GoogleAppsScript.Drive.FileIterator {
    const m = String(mimeType);
    return fileIterator(this._env, Object.values(this._st().files).filter((f) => f.mimeType === m).map((f) => f.id));
  }

  getFiles(): GoogleAppsScript.Drive.FileIterator {
    return fileIterator(this._env, Object.keys(this._st().files));
  }

  createFile(...args: unknown[]): GoogleAppsScript.Drive.File {
    return fileObject(this._env, newFileFrom(this._env, this._st().rootId, args).id);
  }

  addFile(child: GoogleAppsScript.Drive.File): GoogleAppsScript.Drive.Folder {
    const root = this.getRootFolder();
    (raw(root as object) as FakeFolder).addFile(child);
    return root;
  }

  removeFile(child: GoogleAppsScript.Drive.File): GoogleAppsScript.Drive.Folder {
    const root = this.getRootFolder();
    (raw(root as object) as FakeFolder).removeFile(child);
    return root;
  }

  getTrashedFiles(): GoogleAppsScript.Drive.FileIterator {
    return fileIterator(this._env, Object.values(this._st().files).filter((f) => f.trashed).map((f) => f.id));
  }

  getTrashedFolders(): GoogleAppsScript.Drive.FolderIterator {
    return folderIterator(this._env, Object.values(this._st().folders).filter((f) => f.trashed).map((f) => f.id));
  }

  continueFileIterator(continuationToken: string): GoogleAppsScript.Drive.FileIterator {
    return fileIterator(this._env, continuation(continuationToken, 'files'));
  }

  continueFolderIterator(continuationToken: string): GoogleAppsScript.Drive.FolderIterator {
    return folderIterator(this._env, continuation(continuationToken, 'folders'));
  }
}

export function createDriveApp(env: Env): GoogleAppsScript.Drive.DriveApp {
  return wrap(new FakeDriveApp(env), 'DriveApp', env) as unknown as GoogleAppsScript.Drive.DriveApp;
}
