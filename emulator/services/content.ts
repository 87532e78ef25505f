/**
 * ContentService: text served by a web app (doGet/doPost) with a MIME type, optionally as a
 * download. `textOutputInfo` lets the playground read what to send without counting calls.
 */
import type { Env } from '../core/env';
import { instrument, raw, registerService } from '../core/calls';
import { enumOf, invalidArgument, wrap, type SelfAware } from './base';

registerService('ContentService', ['ContentService', 'TextOutput']);

export const MimeType = enumOf(['ATOM', 'CSV', 'ICAL', 'JAVASCRIPT', 'JSON', 'RSS', 'TEXT', 'VCARD', 'XML'] as const);
export type MimeTypeName = keyof typeof MimeType;

/** The HTTP Content-Type Apps Script serves for each MimeType. */
export const CONTENT_TYPES: Record<MimeTypeName, string> = {
  ATOM: 'application/atom+xml',
  CSV: 'text/csv',
  ICAL: 'text/calendar',
  JAVASCRIPT: 'application/javascript',
  JSON: 'application/json',
  RSS: 'application/rss+xml',
  TEXT: 'text/plain',
  VCARD: 'text/vcard',
  XML: 'application/xml',
};

type TextOutputMethods = 'append' | 'clear' | 'downloadAsFile' | 'getContent' | 'getFileName' | 'getMimeType' | 'setContent' | 'setMimeType';

export class FakeTextOutput implements Pick<GoogleAppsScript.Content.TextOutput, TextOutputMethods>, SelfAware {
  _self: unknown = this;
  _content: string;
  _mimeType: MimeTypeName = 'TEXT';
  _fileName: string | null = null;

  constructor(content: string) {
    this._content = content;
  }

  private _out(): GoogleAppsScript.Content.TextOutput {
    return this._self as GoogleAppsScript.Content.TextOutput;
  }

  append(addedContent: string): GoogleAppsScript.Content.TextOutput {
    this._content += String(addedContent);
    return this._out();
  }

  clear(): GoogleAppsScript.Content.TextOutput {
    this._content = '';
    return this._out();
  }

  /** Tells the browser to download the content as this file instead of showing it. */
  downloadAsFile(filename: string): GoogleAppsScript.Content.TextOutput {
    this._fileName = String(filename);
    return this._out();
  }

  getContent(): string {
    return this._content;
  }

  /** The download's file name, or null when the content is shown. */
  getFileName(): string {
    return this._fileName as string;
  }

  getMimeType(): GoogleAppsScript.Content.MimeType {
    return this._mimeType as unknown as GoogleAppsScript.Content.MimeType;
  }

  setContent(content: string): GoogleAppsScript.Content.TextOutput {
    this._content = String(content);
    return this._out();
  }

  setMimeType(mimeType: GoogleAppsScript.Content.MimeType): GoogleAppsScript.Content.TextOutput {
    const name = String(mimeType);
    if (!Object.prototype.hasOwnProperty.call(MimeType, name)) throw invalidArgument('mimeType');
    this._mimeType = name as MimeTypeName;
    return this._out();
  }
}

class FakeContentService implements Pick<GoogleAppsScript.Content.ContentService, 'createTextOutput' | 'MimeType'> {
  readonly MimeType = MimeType as unknown as typeof GoogleAppsScript.Content.MimeType;
  constructor(private readonly _env: Env) {}

  createTextOutput(content?: string): GoogleAppsScript.Content.TextOutput {
    const out = new FakeTextOutput(content === undefined || content === null ? '' : String(content));
    return wrap(out, 'TextOutput', this._env) as unknown as GoogleAppsScript.Content.TextOutput;
  }
}

export function createContentService(env: Env): GoogleAppsScript.Content.ContentService {
  return instrument(new FakeContentService(env), 'ContentService', env) as unknown as GoogleAppsScript.Content.ContentService;
}

/**
 * What a web app serves for a TextOutput: its text, HTTP Content-Type and download name.
 * Null when `output` is not one of this module's TextOutputs.
 */
export function textOutputInfo(output: unknown): { content: string; contentType: string; mimeType: MimeTypeName; fileName: string | null } | null {
  if (output === null || typeof output !== 'object') return null;
  const t = raw(output as object);
  if (!(t instanceof FakeTextOutput)) return null;
  return { content: t._content, contentType: CONTENT_TYPES[t._mimeType], mimeType: t._mimeType, fileName: t._fileName };
}
