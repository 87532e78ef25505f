/**
 * HtmlService: HtmlOutput and templated HTML. Templates run their scriptlets through
 * `env.compile` (in the sandbox's realm, so they see the script's global functions); the
 * template object's own properties are the scriptlets' variables. `<?= ?>` escapes for the
 * context it prints into (HTML text and attributes, or a JavaScript value / string inside a
 * <script> block), `<?!= ?>` prints raw.
 */
import type { Env } from '../core/env';
import { instrument, raw, registerService } from '../core/calls';
import { escapeHtml } from '../core/text';
import { enumOf, exception, invalidArgument, wrap, type SelfAware } from './base';
import { blobData, createBlob } from './utilities';

registerService('HtmlService', ['HtmlService', 'HtmlOutput', 'HtmlTemplate', 'HtmlOutputMetaTag']);

export const SandboxMode = enumOf(['EMULATED', 'IFRAME', 'NATIVE'] as const);
export const XFrameOptionsMode = enumOf(['ALLOWALL', 'DEFAULT'] as const);

/** The meta tags HtmlOutput.addMetaTag accepts. */
export const ALLOWED_META_TAGS = ['apple-mobile-web-app-capable', 'google-site-verification', 'mobile-web-app-capable', 'viewport'];

export function noHtmlFileMessage(name: string): string {
  return `No HTML file named ${name} was found.`;
}

/** A project HTML file's text, by name with or without ".html". */
function projectFile(env: Env, filename: string): string {
  const name = String(filename);
  const key = name.replace(/\.html$/i, '');
  if (Object.prototype.hasOwnProperty.call(env.files, key)) return env.files[key];
  if (Object.prototype.hasOwnProperty.call(env.files, name)) return env.files[name];
  throw exception(noHtmlFileMessage(name));
}

function textOf(source: unknown): string {
  if (source === undefined || source === null) return '';
  if (typeof source === 'object') return blobData(source).bytes.toString('utf8');
  return String(source);
}

// ---------------------------------------------------------------------------------------
// HtmlOutput

class FakeMetaTag implements Pick<GoogleAppsScript.HTML.HtmlOutputMetaTag, 'getName' | 'getContent'> {
  constructor(
    private readonly _name: string,
    private readonly _content: string,
  ) {}

  getName(): string {
    return this._name;
  }

  getContent(): string {
    return this._content;
  }
}

type HtmlOutputMethods =
  | 'addMetaTag'
  | 'append'
  | 'appendUntrusted'
  | 'asTemplate'
  | 'clear'
  | 'getAs'
  | 'getBlob'
  | 'getContent'
  | 'getFaviconUrl'
  | 'getHeight'
  | 'getMetaTags'
  | 'getTitle'
  | 'getWidth'
  | 'setContent'
  | 'setFaviconUrl'
  | 'setHeight'
  | 'setSandboxMode'
  | 'setTitle'
  | 'setWidth'
  | 'setXFrameOptionsMode';

export class FakeHtmlOutput implements Pick<GoogleAppsScript.HTML.HtmlOutput, HtmlOutputMethods>, SelfAware {
  _self: unknown = this;
  _title = '';
  _width: number | null = null;
  _height: number | null = null;
  _sandboxMode: keyof typeof SandboxMode = 'IFRAME';
  _xFrameOptionsMode: keyof typeof XFrameOptionsMode = 'DEFAULT';
  _faviconUrl: string | null = null;
  _metaTags: { name: string; content: string }[] = [];

  constructor(
    private readonly _env: Env,
    public _content: string,
  ) {}

  private _out(): GoogleAppsScript.HTML.HtmlOutput {
    return this._self as GoogleAppsScript.HTML.HtmlOutput;
  }

  addMetaTag(name: string, content: string): GoogleAppsScript.HTML.HtmlOutput {
    const n = String(name);
    if (!ALLOWED_META_TAGS.includes(n)) throw invalidArgument('name');
    this._metaTags.push({ name: n, content: String(content) });
    return this._out();
  }

  append(addedContent: string): GoogleAppsScript.HTML.HtmlOutput {
    this._content += textOf(addedContent);
    return this._out();
  }

  /** Appends text escaped as HTML, so it shows as typed. */
  appendUntrusted(addedContent: string): GoogleAppsScript.HTML.HtmlOutput {
    this._content += escapeHtml(textOf(addedContent));
    return this._out();
  }

  asTemplate(): GoogleAppsScript.HTML.HtmlTemplate {
    return template(this._env, this._content);
  }

  clear(): GoogleAppsScript.HTML.HtmlOutput {
    this._content = '';
    return this._out();
  }

  getAs(contentType: string): GoogleAppsScript.Base.Blob {
    if (String(contentType) !== 'text/html') throw exception(`Converting from text/html to ${String(contentType)} is not supported by the emulator.`);
    return this.getBlob();
  }

  getBlob(): GoogleAppsScript.Base.Blob {
    return createBlob(this._env, Buffer.from(this._content, 'utf8'), 'text/html', this._title || null);
  }

  getContent(): string {
    return this._content;
  }

  getFaviconUrl(): string {
    return this._faviconUrl as string;
  }

  /** The height set with setHeight, or null. */
  getHeight(): number {
    return this._height as number;
  }

  getMetaTags(): GoogleAppsScript.HTML.HtmlOutputMetaTag[] {
    return this._metaTags.map((m) => instrument(new FakeMetaTag(m.name, m.content), 'HtmlOutputMetaTag', this._env) as unknown as GoogleAppsScript.HTML.HtmlOutputMetaTag);
  }

  getTitle(): string {
    return this._title;
  }

  /** The width set with setWidth, or null. */
  getWidth(): number {
    return this._width as number;
  }

  setContent(content: string): GoogleAppsScript.HTML.HtmlOutput {
    this._content = textOf(content);
    return this._out();
  }

  setFaviconUrl(iconUrl: string): GoogleAppsScript.HTML.HtmlOutput {
    this._faviconUrl = String(iconUrl);
    return this._out();
  }

  setHeight(height: number): GoogleAppsScript.HTML.HtmlOutput {
    this._height = pixels(height, 'height');
    return this._out();
  }

  setSandboxMode(mode: GoogleAppsScript.HTML.SandboxMode): GoogleAppsScript.HTML.HtmlOutput {
    const m = String(mode);
    if (!(m in SandboxMode)) throw invalidArgument('mode');
    // Apps Script serves every page in IFRAME mode now; the call is accepted and has no effect.
    this._sandboxMode = 'IFRAME';
    return this._out();
  }

  setTitle(title: string): GoogleAppsScript.HTML.HtmlOutput {
    this._title = String(title);
    return this._out();
  }

  setWidth(width: number): GoogleAppsScript.HTML.HtmlOutput {
    this._width = pixels(width, 'width');
    return this._out();
  }

  setXFrameOptionsMode(mode: GoogleAppsScript.HTML.XFrameOptionsMode): GoogleAppsScript.HTML.HtmlOutput {
    const m = String(mode);
    if (!(m in XFrameOptionsMode)) throw invalidArgument('mode');
    this._xFrameOptionsMode = m as keyof typeof XFrameOptionsMode;
    return this._out();
  }
}

function pixels(n: unknown, name: string): number {
  const v = Number(n);
  if (!Number.isFinite(v) || v < 0) throw invalidArgument(name);
  return Math.trunc(v);
}

function output(env: Env, content: string): GoogleAppsScript.HTML.HtmlOutput {
  return wrap(new FakeHtmlOutput(env, content), 'HtmlOutput', env) as unknown as GoogleAppsScript.HTML.HtmlOutput;
}

/** What a page shows for an HtmlOutput, read without counting calls (for Ui and the playground). */
export interface HtmlOutputInfo {
  content: string;
  title: string;
  width: number | null;
  height: number | null;
  xFrameOptionsMode: string;
  faviconUrl: string | null;
  metaTags: { name: string; content: string }[];
}

export function htmlOutputInfo(out: unknown): HtmlOutputInfo | null {
  if (out === null || typeof out !== 'object') return null;
  const o = raw(out as object);
  if (!(o instanceof FakeHtmlOutput)) return null;
  return {
    content: o._content,
    title: o._title,
    width: o._width,
    height: o._height,
    xFrameOptionsMode: o._xFrameOptionsMode,
    faviconUrl: o._faviconUrl,
    metaTags: o._metaTags.map((m) => ({ ...m })),
  };
}

// ---------------------------------------------------------------------------------------
// Contextual escaping

type Mode = 'text' | 'comment' | 'tag' | 'attrName' | 'afterAttrName' | 'beforeValue' | 'value' | 'script' | 'style' | 'rcdata';

/** Where a printing scriptlet prints, known from the template text before it. */
export interface PrintContext {
  mode: Mode;
  tag: string;
  attr: string;
  quote: string;
  /** Inside <script>: the JavaScript string (quote char), comment or nothing being read. */
  js: '' | '"' | "'" | '`' | '//' | '/*';
}

const RCDATA_TAGS = ['textarea', 'title'];

function startContext(): PrintContext {
  return { mode: 'text', tag: '', attr: '', quote: '', js: '' };
}

/** Advances the context over literal template text. */
export function scanContext(ctx: PrintContext, text: string): PrintContext {
  const c = { ...ctx };
  let i = 0;
  const endTag = () => {
    const t = c.tag;
    c.attr = '';
    c.quote = '';
    if (t === 'script') {
      c.mode = 'script';
      c.js = '';
    } else if (t === 'style') c.mode = 'style';
    else if (RCDATA_TAGS.includes(t)) c.mode = 'rcdata';
    else c.mode = 'text';
  };
  const closeRaw = (tag: string): boolean => {
    if (text.slice(i, i + 2 + tag.length).toLowerCase() === `</${tag}`) {
      c.mode = 'tag';
      c.tag = `/${tag}`;
      i += 2 + tag.length;
      return true;
    }
    return false;
  };
  while (i < text.length) {
    const ch = text[i];
    switch (c.mode) {
      case 'text':
        if (text.startsWith('<!--', i)) {
          c.mode = 'comment';
          i += 4;
        } else if (ch === '<' && /[A-Za-z/]/.test(text[i + 1] ?? '')) {
          const m = /^<(\/?[A-Za-z][A-Za-z0-9-]*)/.exec(text.slice(i));
          if (m) {
            c.mode = 'tag';
            c.tag = m[1].toLowerCase();
            i += m[0].length;
          } else i++;
        } else i++;
        break;
      case 'comment':
        if (text.startsWith('-->', i)) {
          c.mode = 'text';
          i += 3;
        } else i++;
        break;
      case 'tag':
      case 'afterAttrName':
        if (ch === '>') {
          i++;
          endTag();
        } else if (ch === '=' && c.mode === 'afterAttrName') {
          c.mode = 'beforeValue';
          i++;
        } else if (/[\s/]/.test(ch)) i++;
        else {
          c.mode = 'attrName';
          c.attr = ch.toLowerCase();
          i++;
        }
        break;
      case 'attrName':
        if (ch === '=') {
          c.mode = 'beforeValue';
          i++;
        } else if (ch === '>') {
          i++;
          endTag();
        } else if (/[\s/]/.test(ch)) {
          c.mode = 'afterAttrName';
          i++;
        } else {
          c.attr += ch.toLowerCase();
          i++;
        }
        break;
      case 'beforeValue':
        if (/\s/.test(ch)) i++;
        else if (ch === '"' || ch === "'") {
          c.mode = 'value';
          c.quote = ch;
          i++;
        } else if (ch === '>') {
          i++;
          endTag();
        } else {
          c.mode = 'value';
          c.quote = '';
        }
        break;
      case 'value':
        if (c.quote ? ch === c.quote : /\s/.test(ch)) {
          c.mode = 'tag';
          c.quote = '';
          i++;
        } else if (!c.quote && ch === '>') {
          i++;
          endTag();
        } else i++;
        break;
      case 'script':
        if (closeRaw('script')) break;
        if (c.js === '//') {
          if (ch === '\n') c.js = '';
          i++;
        } else if (c.js === '/*') {
          if (text.startsWith('*/', i)) {
            c.js = '';
            i += 2;
          } else i++;
        } else if (c.js) {
          if (ch === '\\') i += 2;
          else {
            if (ch === c.js) c.js = '';
            i++;
          }
        } else if (text.startsWith('//', i)) {
          c.js = '//';
          i += 2;
        } else if (text.startsWith('/*', i)) {
          c.js = '/*';
          i += 2;
        } else {
          if (ch === '"' || ch === "'" || ch === '`') c.js = ch;
          i++;
        }
        break;
      case 'style':
        if (!closeRaw('style')) i++;
        break;
      case 'rcdata':
        if (!closeRaw(c.tag)) i++;
        break;
    }
  }
  return c;
}

const hex4 = (ch: string) => `\\u${(ch.codePointAt(0) as number).toString(16).padStart(4, '0')}`;

/** A value as a JavaScript literal safe inside <script>: JSON with <, >, & and U+2028/9 escaped. */
export function jsValue(v: unknown): string {
  if (v === undefined || typeof v === 'function' || typeof v === 'symbol') return 'null';
  let json: string | undefined;
  try {
    json = JSON.stringify(v);
  } catch {
    json = JSON.stringify(String(v));
  }
  if (json === undefined) return 'null';
  return json.replace(/[<>&\u2028\u2029]/g, hex4);
}

/** Text for the inside of a JavaScript string literal (any quote), safe inside <script>. */
export function jsStringContent(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return s.replace(/[\\'"`$<>&\u2028\u2029\n\r\t\0-\x1f]/g, (ch) => {
    if (ch === '\n') return '\\n';
    if (ch === '\r') return '\\r';
    if (ch === '\t') return '\\t';
    if (ch === '\\') return '\\\\';
    return hex4(ch);
  });
}

function cssText(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  return s.replace(/[^\w\s.,#%-]/g, (ch) => `\\${(ch.codePointAt(0) as number).toString(16)} `);
}

/** `<?= value ?>` printed into `ctx`. */
export function printInContext(ctx: PrintContext, value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  switch (ctx.mode) {
    case 'script':
      if (ctx.js === '"' || ctx.js === "'" || ctx.js === '`') return jsStringContent(value);
      if (ctx.js === '//' || ctx.js === '/*') return jsStringContent(value).replace(/\*\//g, '*\\/');
      return jsValue(value);
    case 'style':
      return cssText(value);
    case 'value':
    case 'beforeValue': {
      let out: string;
      if (ctx.attr.startsWith('on')) out = escapeHtml(jsValue(value));
      else if (ctx.attr === 'style') out = escapeHtml(cssText(value));
      else out = escapeHtml(text);
      if (!ctx.quote) out = out.replace(/[\s=`]/g, (ch) => `&#${ch.charCodeAt(0)};`);
      return out;
    }
    case 'tag':
    case 'attrName':
    case 'afterAttrName':
      return escapeHtml(text).replace(/[\s=`/]/g, (ch) => `&#${ch.charCodeAt(0)};`);
    default:
      return escapeHtml(text);
  }
}

// ---------------------------------------------------------------------------------------
// Templates

interface Chunk {
  kind: 'text' | 'code' | 'print' | 'raw';
  source: string;
}

function splitScriptlets(source: string): Chunk[] {
  const chunks: Chunk[] = [];
  let i = 0;
  while (i < source.length) {
    const open = source.indexOf('<?', i);
    if (open < 0) {
      chunks.push({ kind: 'text', source: source.slice(i) });
      break;
    }
    if (open > i) chunks.push({ kind: 'text', source: source.slice(i, open) });
    const close = source.indexOf('?>', open + 2);
    if (close < 0) throw exception('Unterminated scriptlet: a "<?" has no matching "?>".');
    let body = source.slice(open + 2, close);
    let kind: Chunk['kind'] = 'code';
    if (body.startsWith('!=')) {
      kind = 'raw';
      body = body.slice(2);
    } else if (body.startsWith('=')) {
      kind = 'print';
      body = body.slice(1);
    }
    chunks.push({ kind, source: body });
    i = close + 2;
  }
  return chunks;
}

interface Compiled {
  code: string;
  codeWithComments: string;
  contexts: PrintContext[];
}

function compileTemplate(source: string): Compiled {
  const lines: string[] = [];
  const commented: string[] = [];
  const contexts: PrintContext[] = [];
  let ctx = startContext();
  const comment = (s: string) => ` // ${s.replace(/\r?\n/g, '\\n')}`;
  for (const chunk of splitScriptlets(source)) {
    let line: string;
    if (chunk.kind === 'text') {
      line = `__o.append(${JSON.stringify(chunk.source)});`;
      ctx = scanContext(ctx, chunk.source);
    } else if (chunk.kind === 'print') {
      contexts.push(ctx);
      line = `__o.print(${contexts.length - 1}, (${chunk.source}\n));`;
    } else if (chunk.kind === 'raw') {
      line = `__o.raw((${chunk.source}\n));`;
    } else {
      line = `${chunk.source}\n`;
    }
    lines.push(line);
    const original = chunk.kind === 'text' ? chunk.source : `<?${chunk.kind === 'print' ? '=' : chunk.kind === 'raw' ? '!=' : ''}${chunk.source}?>`;
    commented.push(line.replace(/\n$/, '') + comment(original));
  }
  const wrapCode = (body: string[]) => `with (__vars) {\n${body.join('\n')}\n}`;
  return { code: wrapCode(lines), codeWithComments: wrapCode(commented), contexts };
}

type TemplateMethods = 'evaluate' | 'getCode' | 'getCodeWithComments' | 'getRawContent';

export class FakeHtmlTemplate implements Pick<GoogleAppsScript.HTML.HtmlTemplate, TemplateMethods> {
  private _compiled: Compiled | null = null;

  constructor(
    private readonly _env: Env,
    private readonly _source: string,
  ) {}

  private _compile(): Compiled {
    this._compiled ??= compileTemplate(this._source);
    return this._compiled;
  }

  /** Runs the scriptlets with the template's properties as variables. */
  evaluate(): GoogleAppsScript.HTML.HtmlOutput {
    const compiled = this._compile();
    const vars: Record<string, unknown> = {};
    for (const key of Object.keys(this)) {
      if (!key.startsWith('_')) vars[key] = (this as unknown as Record<string, unknown>)[key];
    }
    let html = '';
    const out = {
      append: (s: string) => {
        html += s;
      },
      print: (i: number, v: unknown) => {
        html += printInContext(compiled.contexts[i], v);
      },
      raw: (v: unknown) => {
        html += v === null || v === undefined ? '' : String(v);
      },
    };
    const fn = this._env.compile(['__vars', '__o'], compiled.code);
    fn(vars, out);
    return output(this._env, html);
  }

  getCode(): string {
    return this._compile().code;
  }

  getCodeWithComments(): string {
    return this._compile().codeWithComments;
  }

  getRawContent(): string {
    return this._source;
  }
}

function template(env: Env, source: string): GoogleAppsScript.HTML.HtmlTemplate {
  return instrument(new FakeHtmlTemplate(env, source), 'HtmlTemplate', env) as unknown as GoogleAppsScript.HTML.HtmlTemplate;
}

// ---------------------------------------------------------------------------------------
// HtmlService

type HtmlServiceMethods =
  | 'createHtmlOutput'
  | 'createHtmlOutputFromFile'
  | 'createTemplate'
  | 'createTemplateFromFile'
  | 'getUserAgent'
  | 'SandboxMode'
  | 'XFrameOptionsMode';

class FakeHtmlService implements Pick<GoogleAppsScript.HTML.HtmlService, HtmlServiceMethods> {
  readonly SandboxMode = SandboxMode as unknown as typeof GoogleAppsScript.HTML.SandboxMode;
  readonly XFrameOptionsMode = XFrameOptionsMode as unknown as typeof GoogleAppsScript.HTML.XFrameOptionsMode;

  constructor(private readonly _env: Env) {}

  createHtmlOutput(html?: string | GoogleAppsScript.Base.BlobSource): GoogleAppsScript.HTML.HtmlOutput {
    return output(this._env, textOf(html));
  }

  /** The file's HTML as is: scriptlets are not run. */
  createHtmlOutputFromFile(filename: string): GoogleAppsScript.HTML.HtmlOutput {
    return output(this._env, projectFile(this._env, filename));
  }

  createTemplate(html: string | GoogleAppsScript.Base.BlobSource): GoogleAppsScript.HTML.HtmlTemplate {
    return template(this._env, textOf(html));
  }

  createTemplateFromFile(filename: string): GoogleAppsScript.HTML.HtmlTemplate {
    return template(this._env, projectFile(this._env, filename));
  }

  getUserAgent(): string {
    return 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
  }
}

export function createHtmlService(env: Env): GoogleAppsScript.HTML.HtmlService {
  return instrument(new FakeHtmlService(env), 'HtmlService', env) as unknown as GoogleAppsScript.HTML.HtmlService;
}
