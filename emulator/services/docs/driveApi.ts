/**
 * The Drive advanced service (`Drive`, Google Drive API v3) over the same store as DriveApp
 * (drive.ts): what one sees, the other sees, on disk too. Present in the sandbox only when the
 * manifest enables it (appsscript.json `dependencies.enabledAdvancedServices`, serviceId
 * "drive", version "v3"), under its userSymbol.
 *
 * `Drive.Files`: create (metadata, a folder, an empty Google Doc, or an upload from a blob; a
 * .docx uploaded or copied as `application/vnd.google-apps.document` becomes a Google Doc read
 * by the emulator's .docx reader, as Drive converts it), get, list (a subset of the `q` language), update (name, description,
 * trashed, starred, the bytes; moves with addParents/removeParents), copy, remove (delete for
 * good: Apps Script renames the API's `delete`, developers.google.com/apps-script/advanced/drive).
 * Responses are the API's File resources, cut to `fields` (default: kind, id, name, mimeType).
 *
 * Scopes, as the API's reference lists them for each method and the scope page defines them
 * (developers.google.com/workspace/drive/api/guides/api-specific-auth): `drive` reaches every
 * file; `drive.readonly` reads every file; `drive.file` reaches only the files and folders the
 * script created (with any service) or the user opened with it (FileRec.app): any other id
 * answers 404 "File not found", exactly as for an id that does not exist, and files.list leaves
 * them out. Without any of them the API answers 403 "insufficient authentication scopes". In a
 * simple trigger (AuthMode.LIMITED) or AuthMode.NONE it is refused as every authorised service is.
 *
 * Errors are Apps Script's GoogleJsonResponseException: "API call to drive.files.get failed
 * with error: File not found: <id>.", with `details` ({code, message, errors}) as the API answers.
 *
 * Not emulated: shared drives (supportsAllDrives is accepted; there are none), permissions,
 * revisions, comments, changes, files.export (the product exports a Doc with Document.getAs),
 * alt=media downloads of Google files, the fullText and properties search terms.
 */
import type { Env } from '../../core/env';
import { raw, registerService } from '../../core/calls';
import { permissionDenied, wrap, type SelfAware } from '../base';
import { blobData } from '../utilities';
import { emulatorError } from '../eml';
import { cloneNode } from './model';
import {
  GOOGLE_DOCS_MIME,
  GOOGLE_FOLDER_MIME,
  PdfExportBlob,
  adoptDiskFiles,
  createDocumentFromDocx,
  deleteForever,
  driveState,
  isFolderTrashed,
  newDocumentFile,
  newFileFrom,
  newFolder,
  nextId,
  relocate,
  relocateAll,
  renameFile,
  scheduleDocumentWrite,
  writeBytes,
  type DriveState,
  type FileRec,
  type FolderRec,
} from './drive';

registerService('Drive', ['Drive']);

const AUTH = 'https://www.googleapis.com/auth/';
export const DRIVE_SCOPE = `${AUTH}drive`;
export const DRIVE_FILE_SCOPE = `${AUTH}drive.file`;
export const DRIVE_READONLY_SCOPE = `${AUTH}drive.readonly`;
export const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

type Schema = GoogleAppsScript.Drive_v3.Drive.V3.Schema.File;
type Item = { kind: 'file'; rec: FileRec } | { kind: 'folder'; rec: FolderRec };

/** Apps Script's exception for an API error: GoogleJsonResponseException with `details`. */
export class GoogleJsonResponseException extends Error {
  readonly details: { code: number; message: string; errors: { domain: string; reason: string; message: string; locationType?: string; location?: string }[] };
  constructor(method: string, code: number, reason: string, message: string, location?: string) {
    super(`API call to drive.files.${method} failed with error: ${message}`);
    this.name = 'GoogleJsonResponseException';
    this.details = { code, message, errors: [{ domain: 'global', reason, message, ...(location ? { locationType: 'parameter', location } : {}) }] };
  }
}

const notFound = (method: string, id: string) => new GoogleJsonResponseException(method, 404, 'notFound', `File not found: ${id}.`, 'fileId');
const badRequest = (method: string, message: string, location?: string) => new GoogleJsonResponseException(method, 400, 'invalid', message, location);

/** The fields a File resource of this emulator has. */
const FILE_FIELDS = new Set([
  'kind', 'id', 'name', 'mimeType', 'description', 'starred', 'trashed', 'explicitlyTrashed', 'parents',
  'webViewLink', 'createdTime', 'modifiedTime', 'size', 'fileExtension', 'fullFileExtension', 'ownedByMe',
]);
const DEFAULT_FIELDS = ['kind', 'id', 'name', 'mimeType'];

type FieldTree = Map<string, FieldTree | null>;

/** Parses a `fields` mask: "id,name", "files(id,parents),nextPageToken", "*". */
function parseFields(method: string, mask: string): FieldTree {
  const tree: FieldTree = new Map();
  let i = 0;
  const parseList = (into: FieldTree, depth: number): void => {
    for (;;) {
      const m = /^\s*([A-Za-z*][\w*]*(?:\/[\w*]+)*)\s*/.exec(mask.slice(i));
      if (!m) throw badRequest(method, `Invalid field selection ${mask}`, 'fields');
      i += m[0].length;
      let sub: FieldTree | null = null;
      if (mask[i] === '(') {
        i++;
        sub = new Map();
        parseList(sub, depth + 1);
        if (mask[i] !== ')') throw badRequest(method, `Invalid field selection ${mask}`, 'fields');
        i++;
      }
      const parts = m[1].split('/');
      let at = into;
      parts.forEach((p, k) => {
        if (k === parts.length - 1) at.set(p, sub);
        else {
          const next = (at.get(p) as FieldTree | null | undefined) ?? new Map();
          at.set(p, next);
          at = next;
        }
      });
      while (mask[i] === ' ') i++;
      if (mask[i] === ',') {
        i++;
        continue;
      }
      if (depth > 0 || i === mask.length) return;
      throw badRequest(method, `Invalid field selection ${mask}`, 'fields');
    }
  };
  parseList(tree, 0);
  return tree;
}

function checkFileFields(method: string, tree: FieldTree | null): void {
  if (!tree) return;
  for (const k of tree.keys()) if (k !== '*' && !FILE_FIELDS.has(k)) throw badRequest(method, `Invalid field selection ${k}`, 'fields');
}

function project(full: Record<string, unknown>, tree: FieldTree | null): Record<string, unknown> {
  if (!tree || tree.has('*')) return { ...full };
  const out: Record<string, unknown> = {};
  for (const k of tree.keys()) if (full[k] !== undefined) out[k] = full[k];
  return out;
}

function webViewLink(item: Item): string {
  if (item.kind === 'folder') return `https://drive.google.com/drive/folders/${item.rec.id}`;
  if (item.rec.doc) return `https://docs.google.com/document/d/${item.rec.id}/edit?usp=drivesdk`;
  return `https://drive.google.com/file/d/${item.rec.id}/view?usp=drivesdk`;
}

type FilesMethods = 'create' | 'list' | 'update' | 'copy' | 'remove';

/**
 * Signatures checked against @types/google-apps-script's Drive_v3 (not `get`, whose alt=media
 * overload the typings declare as returning a string while the metadata one returns a File).
 */
class FakeFiles implements Pick<GoogleAppsScript.Drive_v3.Drive.V3.Collection.FilesCollection, FilesMethods>, SelfAware {
  _self: unknown = this;
  constructor(private readonly _env: Env) {}

  private _st(): DriveState {
    return driveState(this._env);
  }

  /** Which files this execution may reach: all (drive), read all (drive.readonly), or the app's (drive.file). */
  private _access(method: string, write: boolean): 'all' | 'read' | 'app' {
    const env = this._env;
    if (env.authMode !== 'FULL') {
      const e = new Error(permissionDenied(`Drive.Files.${method}`, DRIVE_FILE_SCOPE));
      e.name = 'Exception';
      throw e;
    }
    if (env.hasAnyScope([DRIVE_SCOPE])) return 'all';
    const file = env.hasAnyScope([DRIVE_FILE_SCOPE]);
    if (!write && env.hasAnyScope([DRIVE_READONLY_SCOPE])) return 'read';
    if (file) return 'app';
    throw new GoogleJsonResponseException(method, 403, 'insufficientPermissions', 'Request had insufficient authentication scopes.');
  }

  private _find(id: string): Item | null {
    const st = this._st();
    const key = id === 'root' ? st.rootId : id;
    if (st.files[key]) return { kind: 'file', rec: st.files[key] };
    if (st.folders[key]) return { kind: 'folder', rec: st.folders[key] };
    return null;
  }

  /** The item with `id` as this execution's scopes let it see it, or 404. The root is always reachable. */
  private _item(method: string, id: unknown, access: 'all' | 'read' | 'app'): Item {
    const key = String(id ?? '');
    // Files put under <dir>/drive/ by hand join Drive when an id is not known (drive.ts adoptDiskFiles).
    const item = key ? (this._find(key) ?? (adoptDiskFiles(this._env) > 0 ? this._find(key) : null)) : null;
    if (!item) throw notFound(method, key);
    if (access === 'app' && !item.rec.app && item.rec.id !== this._st().rootId) throw notFound(method, key);
    return item;
  }

  private _resource(item: Item): Record<string, unknown> {
    const st = this._st();
    const r = item.rec;
    const isRoot = r.id === st.rootId;
    const mimeType = item.kind === 'folder' ? GOOGLE_FOLDER_MIME : item.rec.mimeType;
    const trashed = item.kind === 'folder' ? isFolderTrashed(st, r.id) : r.trashed || r.parents.some((p) => isFolderTrashed(st, p));
    const out: Record<string, unknown> = {
      kind: 'drive#file',
      id: r.id,
      name: r.name,
      mimeType,
      starred: r.starred,
      trashed,
      explicitlyTrashed: r.trashed,
      ...(isRoot ? {} : { parents: [...r.parents] }),
      webViewLink: webViewLink(item),
      createdTime: new Date(r.created).toISOString(),
      modifiedTime: new Date(r.updated).toISOString(),
      ownedByMe: true,
    };
    if (r.description !== null) out.description = r.description;
    if (item.kind === 'file' && !item.rec.doc && !mimeType.startsWith('application/vnd.google-apps.')) {
      // A PDF export still to be rendered has no size yet (rendered after the execution).
      if (item.rec.data !== undefined) out.size = String(Buffer.from(item.rec.data, 'base64').length);
      const ext = /\.([^.]+)$/.exec(r.name)?.[1];
      if (ext) {
        out.fileExtension = ext;
        out.fullFileExtension = ext;
      }
    }
    return out;
  }

  private _out(method: string, item: Item, optionalArgs: unknown): Schema {
    const mask = (optionalArgs as { fields?: unknown } | null | undefined)?.fields;
    const tree = mask === undefined || mask === null || mask === '' ? new Map(DEFAULT_FIELDS.map((f) => [f, null])) : parseFields(method, String(mask));
    checkFileFields(method, tree);
    return project(this._resource(item), tree) as Schema;
  }

  /** The one parent of a new file: `resource.parents` (one id, 'root' allowed) or My Drive. */
  private _parent(method: string, parents: unknown, access: 'all' | 'read' | 'app'): string {
    if (parents === undefined || parents === null) return this._st().rootId;
    if (!Array.isArray(parents)) throw badRequest(method, 'Invalid Value', 'parents');
    if (parents.length === 0) return this._st().rootId;
    if (parents.length > 1) throw new GoogleJsonResponseException(method, 403, 'cannotAddParent', 'Increasing the number of parents is not allowed.');
    const item = this._item(method, parents[0], access);
    if (item.kind !== 'folder') throw badRequest(method, `The specified parent is not a folder.`, 'parents');
    return item.rec.id;
  }

  /** A Google Doc converted from an uploaded .docx (Drive's conversion; drive.ts createDocumentFromDocx). */
  private _convert(method: string, bytes: Buffer, from: string, name: string, parentId: string): FileRec {
    if (from !== DOCX_MIME) throw badRequest(method, `Conversion from ${from} to ${GOOGLE_DOCS_MIME} is not supported by the emulator (.docx only).`);
    let rec: FileRec;
    try {
      rec = createDocumentFromDocx(this._env, name, bytes, parentId);
    } catch (e) {
      throw badRequest(method, `The file could not be converted: ${e instanceof Error ? e.message : String(e)}`);
    }
    rec.app = true;
    return rec;
  }

  create(resource: Schema, mediaData?: GoogleAppsScript.Base.Blob, optionalArgs?: Record<string, unknown>): Schema {
    const access = this._access('create', true);
    const meta = (resource ?? {}) as Schema;
    const parentId = this._parent('create', meta.parents, access);
    const mimeType = meta.mimeType ? String(meta.mimeType) : null;
    let item: Item;
    if (mimeType === GOOGLE_FOLDER_MIME) {
      if (mediaData) throw badRequest('create', 'Folders cannot have content.');
      item = { kind: 'folder', rec: newFolder(this._env, parentId, meta.name ? String(meta.name) : 'Untitled') };
    } else if (mediaData === undefined || mediaData === null) {
      const name = meta.name ? String(meta.name) : 'Untitled';
      if (mimeType === GOOGLE_DOCS_MIME) {
        const rec = newDocumentFile(this._env, name, parentId);
        scheduleDocumentWrite(this._env, rec.id);
        item = { kind: 'file', rec };
      } else if (mimeType && mimeType.startsWith('application/vnd.google-apps.')) {
        throw emulatorError(`Drive.Files.create of ${mimeType}: the emulator makes folders and Google Docs only.`);
      } else {
        const rec = newFileFrom(this._env, parentId, [name, '', mimeType ?? 'application/octet-stream']);
        item = { kind: 'file', rec };
      }
    } else {
      const pending = raw(mediaData as object);
      if (pending instanceof PdfExportBlob) {
        if (mimeType && mimeType !== 'application/pdf') throw badRequest('create', `Conversion from application/pdf to ${mimeType} is not supported.`);
        const rec = newFileFrom(this._env, parentId, [mediaData]);
        if (meta.name) rec.name = String(meta.name);
        item = { kind: 'file', rec };
      } else {
        const b = blobData(mediaData);
        const name = meta.name ? String(meta.name) : (b.name ?? 'Untitled');
        const from = b.contentType ?? 'application/octet-stream';
        if (mimeType === GOOGLE_DOCS_MIME) item = { kind: 'file', rec: this._convert('create', b.bytes, from, name, parentId) };
        else if (mimeType && mimeType.startsWith('application/vnd.google-apps.')) throw badRequest('create', `Conversion from ${from} to ${mimeType} is not supported by the emulator.`);
        else {
          const rec = newFileFrom(this._env, parentId, [name, '', mimeType ?? from]);
          rec.data = b.bytes.toString('base64');
          writeBytes(this._env, this._st(), rec);
          item = { kind: 'file', rec };
        }
      }
    }
    if (meta.description !== undefined && meta.description !== null) item.rec.description = String(meta.description);
    if (meta.starred) item.rec.starred = true;
    return this._out('create', item, optionalArgs);
  }

  get(fileId: string, optionalArgs?: Record<string, unknown>): Schema {
    const access = this._access('get', false);
    const item = this._item('get', fileId, access);
    if (optionalArgs?.alt === 'media') {
      if (item.kind === 'folder' || item.rec.doc) throw new GoogleJsonResponseException('get', 403, 'fileNotDownloadable', 'Only files with binary content can be downloaded. Use Export with Docs Editors files.', 'alt');
      if (item.rec.pdfSource) throw emulatorError('Drive.Files.get(alt=media) of a PDF made in this execution: the emulator renders it with LibreOffice after the execution.');
      return Buffer.from(item.rec.data ?? '', 'base64').toString('utf8') as unknown as Schema;
    }
    return this._out('get', item, optionalArgs);
  }

  list(optionalArgs?: Record<string, unknown>): GoogleAppsScript.Drive_v3.Drive.V3.Schema.FileList {
    const access = this._access('list', false);
    const args = optionalArgs ?? {};
    adoptDiskFiles(this._env);
    const st = this._st();
    const q = args.q === undefined || args.q === null ? null : String(args.q);
    const test = q ? compileQuery(q, (item) => this._resource(item), st.rootId) : () => true;
    const pageSize = args.pageSize === undefined ? 100 : Number(args.pageSize);
    if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 1000) throw badRequest('list', 'Invalid Value', 'pageSize');
    let start = 0;
    if (args.pageToken !== undefined && args.pageToken !== null && args.pageToken !== '') {
      start = Number(Buffer.from(String(args.pageToken), 'base64url').toString('utf8').replace(/^p:/, ''));
      if (!Number.isInteger(start) || start < 0) throw badRequest('list', 'Invalid Value', 'pageToken');
    }
    const items: Item[] = [
      ...Object.values(st.folders).filter((f) => f.id !== st.rootId).map((rec): Item => ({ kind: 'folder', rec })),
      ...Object.values(st.files).map((rec): Item => ({ kind: 'file', rec })),
    ]
      .filter((item) => access !== 'app' || item.rec.app)
      .filter(test)
      .sort((a, b) => a.rec.created - b.rec.created); // stable: in creation order
    const page = items.slice(start, start + pageSize);
    const next = start + pageSize < items.length ? Buffer.from(`p:${start + pageSize}`).toString('base64url') : null;
    const mask = args.fields === undefined || args.fields === null || args.fields === '' ? null : parseFields('list', String(args.fields));
    if (mask) for (const k of mask.keys()) if (!['kind', 'files', 'nextPageToken', 'incompleteSearch', '*'].includes(k)) throw badRequest('list', `Invalid field selection ${k}`, 'fields');
    const fileTree = mask ? (mask.has('*') ? null : (mask.get('files') ?? null)) : new Map(DEFAULT_FIELDS.map((f) => [f, null]));
    checkFileFields('list', fileTree);
    const full: Record<string, unknown> = {
      kind: 'drive#fileList',
      incompleteSearch: false,
      files: page.map((item) => project(this._resource(item), fileTree)),
      ...(next ? { nextPageToken: next } : {}),
    };
    return (mask && !mask.has('*') ? project(full, mask) : full) as GoogleAppsScript.Drive_v3.Drive.V3.Schema.FileList;
  }

  update(resource: Schema, fileId: string, mediaData?: GoogleAppsScript.Base.Blob | null, optionalArgs?: Record<string, unknown>): Schema {
    const access = this._access('update', true);
    const item = this._item('update', fileId, access);
    const st = this._st();
    const meta = (resource ?? {}) as Schema;
    if (meta.parents !== undefined) {
      throw new GoogleJsonResponseException('update', 403, 'fieldNotWritable', 'The resource body includes fields which are not directly writable.');
    }
    if (item.rec.id === st.rootId) throw new GoogleJsonResponseException('update', 403, 'insufficientFilePermissions', 'The user does not have sufficient permissions for this file.');
    const split = (v: unknown) => (v === undefined || v === null || v === '' ? [] : String(v).split(',').map((s) => s.trim()).filter(Boolean));
    const add = split(optionalArgs?.addParents).map((p) => this._item('update', p, access));
    const remove = split(optionalArgs?.removeParents).map((p) => this._item('update', p, access).rec.id);
    for (const a of add) {
      if (a.kind !== 'folder') throw badRequest('update', 'The specified parent is not a folder.', 'addParents');
      if (item.kind === 'folder') {
        for (let f: FolderRec | undefined = a.rec; f; f = f.parents[0] ? st.folders[f.parents[0]] : undefined) {
          if (f.id === item.rec.id) throw badRequest('update', 'A folder cannot be moved into itself or one of its descendants.', 'addParents');
          if (f.id === st.rootId) break;
        }
      }
    }
    const parents = [...item.rec.parents.filter((p) => !remove.includes(p)), ...add.map((a) => a.rec.id).filter((p) => !item.rec.parents.includes(p) || !remove.includes(p))];
    const unique = [...new Set(parents)];
    if (unique.length > 1 && unique.length > item.rec.parents.length) {
      throw new GoogleJsonResponseException('update', 403, 'cannotAddParent', 'Increasing the number of parents is not allowed.');
    }
    if (mediaData !== undefined && mediaData !== null) {
      if (item.kind === 'folder' || item.rec.doc) throw badRequest('update', 'The file content cannot be replaced for this file type.');
      const b = blobData(mediaData);
      item.rec.data = b.bytes.toString('base64');
      delete item.rec.pdfSource;
    }
    if (meta.name !== undefined && meta.name !== null) {
      if (item.kind === 'file') renameFile(this._env, item.rec, String(meta.name));
      else item.rec.name = String(meta.name);
    }
    if (meta.description !== undefined) item.rec.description = meta.description === null ? null : String(meta.description);
    if (meta.starred !== undefined) item.rec.starred = Boolean(meta.starred);
    if (meta.trashed !== undefined) item.rec.trashed = Boolean(meta.trashed);
    if (add.length || remove.length) item.rec.parents = unique.length ? unique : [st.rootId];
    item.rec.updated = this._env.clock.now();
    if (item.kind === 'folder') relocateAll(this._env, st);
    else if (mediaData !== undefined && mediaData !== null) writeBytes(this._env, st, item.rec);
    else relocate(this._env, st, item.rec);
    return this._out('update', item, optionalArgs);
  }

  copy(resource: Schema, fileId: string, optionalArgs?: Record<string, unknown>): Schema {
    const access = this._access('copy', true);
    const item = this._item('copy', fileId, access);
    if (item.kind === 'folder') throw new GoogleJsonResponseException('copy', 403, 'cannotCopyFile', 'This file cannot be copied by the user.', 'fileId');
    const meta = (resource ?? {}) as Schema;
    const src = item.rec;
    // Without parents the copy goes where the original is (as Drive's web UI "Make a copy" does).
    const parentId = meta.parents === undefined || meta.parents === null ? (src.parents[0] ?? this._st().rootId) : this._parent('copy', meta.parents, access);
    const name = meta.name ? String(meta.name) : src.name;
    const mimeType = meta.mimeType ? String(meta.mimeType) : null;
    let rec: FileRec;
    if (src.doc) {
      if (mimeType && mimeType !== GOOGLE_DOCS_MIME) throw badRequest('copy', `Conversion from ${GOOGLE_DOCS_MIME} to ${mimeType} is not supported.`);
      rec = newDocumentFile(this._env, name, parentId);
      const doc = cloneNode(src.doc);
      doc.id = rec.id;
      doc.name = name;
      doc.rev = 1;
      rec.doc = doc;
      scheduleDocumentWrite(this._env, rec.id);
    } else if (src.pdfSource) {
      throw emulatorError('Drive.Files.copy of a PDF made in this execution: the emulator renders it with LibreOffice after the execution.');
    } else if (mimeType === GOOGLE_DOCS_MIME) {
      rec = this._convert('copy', Buffer.from(src.data ?? '', 'base64'), src.mimeType, name, parentId);
    } else {
      if (mimeType && mimeType !== src.mimeType) throw badRequest('copy', `Conversion from ${src.mimeType} to ${mimeType} is not supported.`);
      const st = this._st();
      const now = this._env.clock.now();
      rec = { id: nextId(st, 'file'), name, mimeType: src.mimeType, parents: [parentId], created: now, updated: now, trashed: false, starred: false, description: src.description, data: src.data ?? '', app: true };
      st.files[rec.id] = rec;
      writeBytes(this._env, st, rec);
    }
    if (meta.description !== undefined && meta.description !== null) rec.description = String(meta.description);
    return this._out('copy', { kind: 'file', rec }, optionalArgs);
  }

  /** files.delete: for good, skipping the trash (a folder with its content). */
  remove(fileId: string, _optionalArgs?: Record<string, unknown>): void {
    const access = this._access('remove', true);
    const item = this._item('delete', fileId, access);
    if (item.rec.id === this._st().rootId) throw new GoogleJsonResponseException('delete', 403, 'insufficientFilePermissions', 'The user does not have sufficient permissions for this file.');
    deleteForever(this._env, item.rec.id);
  }

  export(fileId: string, mimeType: string): void {
    throw emulatorError(`Drive.Files.export(${String(fileId)}, ${String(mimeType)}) is not emulated: export a Doc with Document.getAs('application/pdf') or DriveApp's File.getAs.`);
  }
}

// ---------------------------------------------------------------------------------------------
// The `q` language (developers.google.com/workspace/drive/api/guides/search-files): terms
// name, mimeType, trashed, starred, '<id>' in parents, with =, !=, contains; and, or, not, ( ).

type Token = { t: 'str'; v: string } | { t: 'word'; v: string } | { t: 'op'; v: string } | { t: 'paren'; v: '(' | ')' };

function tokenize(q: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < q.length) {
    const c = q[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'" || c === '"') {
      let v = '';
      i++;
      while (i < q.length && q[i] !== c) {
        if (q[i] === '\\' && i + 1 < q.length) i++;
        v += q[i++];
      }
      if (q[i] !== c) throw badRequest('list', 'Invalid Value', 'q');
      i++;
      out.push({ t: 'str', v });
    } else if (c === '(' || c === ')') {
      out.push({ t: 'paren', v: c });
      i++;
    } else if (c === '!' && q[i + 1] === '=') {
      out.push({ t: 'op', v: '!=' });
      i += 2;
    } else if (c === '=') {
      out.push({ t: 'op', v: '=' });
      i++;
    } else {
      const m = /^[A-Za-z_][\w.]*/.exec(q.slice(i));
      if (!m) throw badRequest('list', 'Invalid Value', 'q');
      out.push({ t: 'word', v: m[0] });
      i += m[0].length;
    }
  }
  return out;
}

function compileQuery(q: string, resource: (item: Item) => Record<string, unknown>, rootId: string): (item: Item) => boolean {
  const tokens = tokenize(q);
  let i = 0;
  const fail = (): never => {
    throw badRequest('list', 'Invalid Value', 'q');
  };
  const peekWord = (w: string) => tokens[i]?.t === 'word' && tokens[i].v.toLowerCase() === w;
  const orExpr = (): ((item: Item) => boolean) => {
    let left = andExpr();
    while (peekWord('or')) {
      i++;
      const l = left;
      const r = andExpr();
      left = (x) => l(x) || r(x);
    }
    return left;
  };
  const andExpr = (): ((item: Item) => boolean) => {
    let left = unary();
    while (peekWord('and')) {
      i++;
      const l = left;
      const r = unary();
      left = (x) => l(x) && r(x);
    }
    return left;
  };
  const unary = (): ((item: Item) => boolean) => {
    if (peekWord('not')) {
      i++;
      const inner = unary();
      return (x) => !inner(x);
    }
    if (tokens[i]?.t === 'paren' && tokens[i].v === '(') {
      i++;
      const inner = orExpr();
      if (!(tokens[i]?.t === 'paren' && tokens[i].v === ')')) fail();
      i++;
      return inner;
    }
    return term();
  };
  const term = (): ((item: Item) => boolean) => {
    const a = tokens[i++];
    if (!a) return fail();
    if (a.t === 'str') {
      // '<id>' in parents
      if (!peekWord('in')) return fail();
      i++;
      const field = tokens[i++];
      if (field?.t !== 'word' || field.v !== 'parents') return fail();
      const id = a.v;
      return (x) => {
        const parents = (resource(x).parents as string[] | undefined) ?? [];
        return parents.some((p) => p === id || (id === 'root' && p === rootId));
      };
    }
    if (a.t !== 'word') return fail();
    const field = a.v;
    const opTok = tokens[i++];
    const op = opTok?.t === 'op' ? opTok.v : opTok?.t === 'word' && opTok.v === 'contains' ? 'contains' : fail();
    const valueTok = tokens[i++];
    if (!valueTok) return fail();
    if (field === 'trashed' || field === 'starred') {
      if (valueTok.t !== 'word' || !['true', 'false'].includes(valueTok.v) || op === 'contains') return fail();
      const want = valueTok.v === 'true';
      return (x) => (resource(x)[field] === want) === (op === '=');
    }
    if (field === 'name' || field === 'mimeType') {
      if (valueTok.t !== 'str') return fail();
      const v = valueTok.v;
      if (op === 'contains') {
        if (field === 'mimeType') return fail();
        // "name contains 'hello'": a prefix of a word of the name, case-insensitive (the search guide).
        const needle = v.toLowerCase();
        return (x) => String(resource(x).name).toLowerCase().split(/\s+/).some((w) => w.startsWith(needle)) || String(resource(x).name).toLowerCase().startsWith(needle);
      }
      return (x) => (String(resource(x)[field]) === v) === (op === '=');
    }
    throw emulatorError(`Drive.Files.list: the search term "${field}" is not emulated (name, mimeType, trashed, starred and '<id>' in parents are).`);
  };
  const fn = orExpr();
  if (i !== tokens.length) fail();
  return fn;
}

class FakeDrive implements SelfAware {
  _self: unknown = this;
  readonly Files: unknown;
  constructor(env: Env) {
    this.Files = wrap(new FakeFiles(env), 'Drive.Files', env);
  }

  /** A new, empty File resource (the service's newFile()). */
  newFile(): Schema {
    return {} as Schema;
  }
}

export function createDriveApi(env: Env): unknown {
  return wrap(new FakeDrive(env), 'Drive', env);
}
