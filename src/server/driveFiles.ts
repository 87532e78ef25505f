/**
 * The report folder and the files in it, through the Drive advanced service (Drive API v3),
 * under the narrow `drive.file` scope: "files that you have opened or created with this app"
 * (developers.google.com/workspace/drive/api/guides/api-specific-auth). DriveApp cannot work under
 * it: its reference lists only the full `drive` scope (or drive.readonly) for every method,
 * including createFolder and getFileById.
 *
 * What drive.file means here: the script reaches the folder it created and the Docs and PDFs it
 * made, nothing else of the office's Drive. It cannot search for a folder it did not create: a
 * folder the office made by hand with the name from "Thư mục lưu báo cáo" is invisible to it, and
 * the script makes its own. So the folder is found by the id the script stored when it created it
 * (this spreadsheet's Document Properties); without one (a new workbook, or an older version that
 * did not store it), the script's own folders with that name are searched (a search under
 * drive.file lists only those), and else one is created in My Drive. A folder the office trashed
 * or deleted is made again, with a line in the executions log, never an error.
 */
import { spreadsheetProperties } from './target';
import { withScriptLock } from './sheets';

/** Document property: the report folder this script made, `{"id": …, "name": …}`. */
export const FOLDER_PROPERTY = 'cchc.reportFolder';

const FOLDER_MIME = 'application/vnd.google-apps.folder';

interface StoredFolder {
  id: string;
  name: string;
}

/** The Drive service, or a clear error when the manifest does not enable it. */
function files(): GoogleAppsScript.Drive_v3.Drive.V3.Collection.FilesCollection {
  if (typeof Drive === 'undefined' || !Drive) throw new Error('Dịch vụ Drive nâng cao (Drive API v3) chưa được bật trong dự án Apps Script (appsscript.json).');
  return Drive.Files;
}

/** Is this the API's "File not found" (404): an id deleted for good, or one drive.file cannot reach? */
function isNotFound(e: unknown): boolean {
  const code = (e as { details?: { code?: unknown } } | null)?.details?.code;
  return code === 404 || /File not found/i.test(e instanceof Error ? e.message : String(e));
}

function parseFolder(raw: string | null): StoredFolder | null {
  if (!raw) return null;
  try {
    const v = JSON.parse(raw) as Partial<StoredFolder>;
    return typeof v.id === 'string' && typeof v.name === 'string' ? { id: v.id, name: v.name } : null;
  } catch {
    return null;
  }
}

/** A Drive query string literal: 'Báo cáo \'CCHC\''. */
function quoted(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export interface FolderState {
  /** The stored folder, when there is one and it is usable. */
  id: string | null;
  /** Why the stored folder cannot be used ("trashed", "missing"), or null. */
  lost: 'trashed' | 'missing' | null;
  link: string | null;
}

/** The stored folder as it is now, without changing anything (for the system check). */
export function storedFolderState(name: string, raw = spreadsheetProperties().getProperty(FOLDER_PROPERTY)): FolderState {
  const api = files(); // a manifest without the service fails here, also when no folder is stored yet
  const s = parseFolder(raw);
  if (!s || s.name !== name) return { id: null, lost: null, link: null };
  try {
    const f = api.get(s.id, { fields: 'id,trashed,webViewLink', supportsAllDrives: true });
    return f.trashed ? { id: null, lost: 'trashed', link: null } : { id: s.id, lost: null, link: f.webViewLink ?? null };
  } catch (e) {
    if (isNotFound(e)) return { id: null, lost: 'missing', link: null };
    throw e;
  }
}

/**
 * The id of the report folder named `name`: the stored one when it is still there (one call),
 * else the script's own folder of that name, else a new one in My Drive; the id is stored.
 */
export function reportFolderId(name: string): string {
  const seen = spreadsheetProperties().getProperty(FOLDER_PROPERTY);
  const state = storedFolderState(name, seen);
  if (state.id) return state.id;
  if (state.lost) {
    console.warn(`Thư mục báo cáo "${name}" ${state.lost === 'trashed' ? 'đã bị chuyển vào thùng rác' : 'không còn trên Drive'}: tạo lại thư mục mới.`);
  }
  const found = files().list({
    q: `name = ${quoted(name)} and mimeType = '${FOLDER_MIME}' and trashed = false`,
    fields: 'files(id)',
    pageSize: 1,
    supportsAllDrives: true,
  }).files;
  if (found && found.length && found[0].id) {
    spreadsheetProperties().setProperty(FOLDER_PROPERTY, JSON.stringify({ id: found[0].id, name }));
    return found[0].id;
  }
  const id = files().create({ name, mimeType: FOLDER_MIME }).id!;
  // Another first report may have made the folder meanwhile: the one stored first is kept.
  const kept = storeFirst(FOLDER_PROPERTY, seen, JSON.stringify({ id, name }), id, (other) => parseFolder(other)?.name === name);
  return parseFolder(kept)!.id;
}

/**
 * Two executions that each made a file for the same purpose at the same moment (two first
 * reports of a workbook: the folder, the template) both store it: under the lock, the one
 * stored first is kept and this execution's goes to the trash, so the office finds one. `seen`:
 * the property's value when this execution looked; `same`: whether another value stored since
 * stands for the same thing. Returns the value kept.
 */
function storeFirst(property: string, seen: string | null, value: string, madeId: string, same: (other: string) => boolean = () => true): string {
  // What was stored, set inside the lock (an object: TypeScript does not follow a closure's writes).
  const decided: { kept: string | null } = { kept: null };
  try {
    withScriptLock(() => {
      const props = spreadsheetProperties();
      const now = props.getProperty(property);
      if (now && now !== seen && same(now)) decided.kept = now;
      else {
        props.setProperty(property, value);
        decided.kept = value;
      }
    });
  } catch (e) {
    // Stored, and only releasing the lock failed (it ends with the execution): carry on.
    if (decided.kept === null) throw e;
    console.warn(`Lưu ${property}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const kept = decided.kept as string; // set, or the lock threw above
  if (kept !== value) {
    try {
      // No media: null, as Apps Script's advanced services take it (the typings want a Blob there).
      files().update({ trashed: true }, madeId, null as unknown as GoogleAppsScript.Base.Blob, { supportsAllDrives: true });
    } catch (e) {
      console.warn(`Tệp tạo thừa (${madeId}) chưa chuyển được vào thùng rác: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  return kept;
}

/** Saves a blob (the PDF of a Doc) as a file in the folder; its address. */
export function saveFileIn(folderId: string, name: string, blob: GoogleAppsScript.Base.Blob, mimeType: string): string {
  const f = files().create({ name, mimeType, parents: [folderId] }, blob, { fields: 'id,webViewLink', supportsAllDrives: true });
  return f.webViewLink ?? `https://drive.google.com/file/d/${f.id}/view`;
}

// ---------------------------------------------------------------------------------------------
// The report template: page numbers

/**
 * The project file holding the report template, a .docx as base64 text made by the build
 * (scripts/build.mjs reportTemplateDocx): a centred PAGE field in the header, a different first
 * page with a blank header, A4 and the decree's margins, one empty body paragraph. It is read
 * only at an upload, so Code.js (loaded at every execution) does not carry it.
 */
const TEMPLATE_FILE = 'ReportTemplate';

/** Document property: the id of the template Doc this script uploaded. */
export const TEMPLATE_PROPERTY = 'cchc.reportTemplate';

/** The template's name on Drive: says what it is, that it is not a report, and not to delete it. */
export const TEMPLATE_NAME = 'Mẫu báo cáo (không xóa) – Theo dõi CCHC';

const TEMPLATE_DESCRIPTION = 'Mẫu có số trang mà "Theo dõi CCHC" sao chép khi lập báo cáo; không phải một báo cáo.';

const DOCS_MIME = 'application/vnd.google-apps.document';
const DOCX_MIME = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

export interface TemplateState {
  /** The stored template, when there is one and it is usable. */
  id: string | null;
  /** Why the stored template cannot be used, or null. */
  lost: 'trashed' | 'missing' | null;
  /** The id stored, usable or not. */
  stored: string | null;
}

const LOST_TEXT = { trashed: 'đã bị chuyển vào thùng rác', missing: 'không còn trên Drive' } as const;

/** The stored template as it is now, without changing anything (one call when one is stored). */
export function templateState(): TemplateState {
  const id = spreadsheetProperties().getProperty(TEMPLATE_PROPERTY);
  if (!id) return { id: null, lost: null, stored: null };
  try {
    return files().get(id, { fields: 'id,trashed', supportsAllDrives: true }).trashed ? { id: null, lost: 'trashed', stored: id } : { id, lost: null, stored: id };
  } catch (e) {
    if (!isNotFound(e)) throw e;
    return { id: null, lost: 'missing', stored: id };
  }
}

/** The stored template (its id null when none is stored, or it is in the trash or gone: logged). One call. */
function storedTemplate(): TemplateState {
  const state = templateState();
  if (state.lost) console.warn(`Mẫu báo cáo "${TEMPLATE_NAME}" ${LOST_TEXT[state.lost]}: tải lên lại mẫu mới.`);
  return state;
}

/**
 * Uploads the template into the folder, converted to a Google Doc (Drive.Files.create with the
 * Docs MIME type: a file the script creates, which drive.file allows), and stores its id.
 * Word's PAGE field becomes Docs' page-number AutoText and w:titlePg its "different first page".
 * Two first reports made at the same moment both upload one: the one stored first is kept
 * (storeFirst; `seen`: the id stored before, a trashed or deleted template's, or null).
 */
function uploadTemplate(folderId: string, seen: string | null): string {
  const base64 = HtmlService.createHtmlOutputFromFile(TEMPLATE_FILE).getContent().trim();
  const blob = Utilities.newBlob(Utilities.base64Decode(base64), DOCX_MIME, `${TEMPLATE_NAME}.docx`);
  const id = files().create({ name: TEMPLATE_NAME, mimeType: DOCS_MIME, parents: [folderId], description: TEMPLATE_DESCRIPTION }, blob, { fields: 'id', supportsAllDrives: true }).id!;
  return storeFirst(TEMPLATE_PROPERTY, seen, id, id);
}

/**
 * A new, empty report Doc named `name` in the folder, with page numbers from page 2: a copy of
 * the template (uploaded at the first report, and again when the office deleted or trashed it).
 * Two Drive calls (get and copy); three at an upload. Returns the new Doc's id; its body holds
 * one empty paragraph, as a new Doc's does, and its header the page number.
 */
export function newReportDoc(folderId: string, name: string): string {
  const stored = storedTemplate();
  const templateId = stored.id ?? uploadTemplate(folderId, stored.stored);
  return files().copy({ name, parents: [folderId] }, templateId, { fields: 'id', supportsAllDrives: true }).id!;
}
