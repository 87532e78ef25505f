/**
 * The playground: a local page that stands in for the Google Sheet (`npm start`).
 *
 * It shows the workbook's sheets as tabs and grids and the custom menu that the bundle's own
 * onOpen built; menu items run the bundle's functions in the sandbox. Sidebars and dialogs are
 * the bundle's own HTML, served in frames, their `google.script.run` calls carried here over
 * HTTP with Apps Script's rules (arguments and results copied as JSON, Dates refused,
 * handlers called asynchronously). The web app (doGet/doPost) is served at /exec.
 * Every change is saved to `<dir>/workbook.xlsx` and `<dir>/state.json`.
 */
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { DIST, Project, ROOT } from '../project';
import { addonOpenAuthMode, markAddonUsed } from '../addon';
import { FORMS_ORIGIN, formOfUrl, formPageHtml, prefillOfUrl, submitForm } from '../services/forms';
import { newRange } from '../services/spreadsheet/spreadsheet';
import type { UiEvent } from '../core/env';
import { sheetNames, sheetSnapshot } from '../services/spreadsheet/model';
import { sentMail } from '../services/mail';
import { addInboxMessage } from '../services/gmail';
import { listDocuments, documentHtml } from '../services/docs/document';
import { driveState, renderPendingPdfs } from '../services/docs/drive';
import { checkJsonArgs, GSR_SHIM, hasDate } from './gsr';

const AUTH = 'https://www.googleapis.com/auth/';

/**
 * How Google's consent screen words each scope (in Vietnamese, as a Vietnamese account sees it;
 * the English wording is Google's "OAuth 2.0 Scopes for Google APIs" descriptions). A scope
 * not listed shows its address.
 */
const CONSENT_WORDS: Record<string, string> = {
  [`${AUTH}spreadsheets.currentonly`]: 'Xem và quản lý bảng tính mà ứng dụng này được cài đặt',
  [`${AUTH}spreadsheets`]: 'Xem, chỉnh sửa, tạo và xóa tất cả bảng tính trên Google Trang tính của bạn',
  [`${AUTH}script.container.ui`]: 'Hiển thị và chạy nội dung của bên thứ ba trong lời nhắc và thanh bên bên trong các ứng dụng Google',
  [`${AUTH}script.scriptapp`]: 'Cho phép ứng dụng này chạy khi bạn không có mặt',
  [`${AUTH}script.send_mail`]: 'Gửi email thay mặt bạn',
  [`${AUTH}userinfo.email`]: 'Xem địa chỉ email chính trong Tài khoản Google của bạn',
  [`${AUTH}documents`]: 'Xem, chỉnh sửa, tạo và xóa tất cả tài liệu trên Google Tài liệu của bạn',
  [`${AUTH}drive`]: 'Xem, chỉnh sửa, tạo và xóa tất cả các tệp trên Google Drive của bạn',
  [`${AUTH}drive.file`]: 'Xem, chỉnh sửa, tạo và xóa chỉ những tệp cụ thể trên Google Drive mà bạn dùng với ứng dụng này',
  [`${AUTH}forms`]: 'Xem, chỉnh sửa, tạo và xóa tất cả biểu mẫu trên Google Biểu mẫu của bạn',
  'https://mail.google.com/': 'Đọc, soạn, gửi và xóa vĩnh viễn tất cả email của bạn trong Gmail',
};

export function consentWords(scope: string): string {
  return CONSENT_WORDS[scope] ?? scope;
}

export interface PlaygroundOptions {
  dir: string;
  port: number;
  host?: string;
  now?: string;
  user?: string;
  /** Start with the web app deployed (default: as the state in `dir` says; a new folder: not deployed). */
  deployed?: boolean;
  /** Render the reports' PDF exports with LibreOffice after each answer (default true). */
  pdfs?: boolean;
  /**
   * Run dist-addon/ as an installed Editor add-on (`npm start -- --addon`): the add-on menu
   * (AuthMode.NONE until used), no web app, answers through the Google Form.
   */
  addon?: boolean;
}

/** Whether the web app has been deployed ("Triển khai"), kept in state.json. */
interface DeploymentState {
  deployed: boolean;
}

interface Frame {
  id: string;
  kind: UiEvent['kind'];
  title: string;
  html: string;
  width?: number;
  height?: number;
}

function pageHtml(): string {
  const dir = path.join(ROOT, 'emulator', 'playground');
  const js = buildSync({
    entryPoints: [path.join(dir, 'page.ts')],
    bundle: true,
    format: 'iife',
    target: 'es2019',
    write: false,
    minify: false,
    charset: 'utf8',
  }).outputFiles[0].text;
  return fs
    .readFileSync(path.join(dir, 'page.html'), 'utf8')
    .replace('<!-- inline:script -->', () => `<script>${js.replace(/<\/script/gi, '<\\/script')}</script>`);
}

/** Runs jobs one at a time: an Apps Script execution, then the save of what it changed. */
class Queue {
  private tail: Promise<unknown> = Promise.resolve();
  run<T>(job: () => Promise<T>): Promise<T> {
    const next = this.tail.then(job, job);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

export async function startPlayground(options: PlaygroundOptions): Promise<{ server: http.Server; url: string; project: Project; close: () => Promise<void> }> {
  const host = options.host ?? '127.0.0.1';
  const baseUrl = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${options.port}`;
  const project = await Project.open(options.dir, {
    now: options.now,
    user: options.user,
    webAppUrl: `${baseUrl}/exec`,
    addon: options.addon,
    dist: options.addon ? `${DIST}-addon` : undefined,
  });
  const { env, sandbox } = project;
  const deployment = env.serviceState<DeploymentState>('webAppDeployment', () => ({ deployed: false }));
  if (options.deployed !== undefined) deployment.deployed = options.deployed;
  const queue = new Queue();
  let rendering: Promise<void> = Promise.resolve();
  /**
   * PDF exports (LibreOffice, seconds each) are rendered after the answer, one run at a time and
   * outside the queue, so the page keeps working meanwhile; only the save that follows is queued.
   */
  function renderPdfs(): void {
    if (options.pdfs === false) return;
    if (!Object.values(driveState(env).files).some((f) => f.pdfSource)) return;
    rendering = rendering.then(async () => {
      try {
        if (await renderPendingPdfs(env)) await queue.run(() => project.save());
      } catch (e) {
        env.logs.push({ level: 'error', message: `PDF: ${(e as Error).message}` });
      }
    });
  }
  let listening = baseUrl;
  const frames = new Map<string, Frame>();
  let frameSeq = 0;
  let menus: UiEvent[] = [];
  const page = pageHtml();

  /** Runs one execution: collects what the Ui showed, saves the project. */
  async function execute(fn: string, args: unknown[], context: 'ui' | 'trigger' | 'webapp' = 'ui', authMode?: 'NONE' | 'LIMITED') {
    return queue.run(async () => {
      const uiStart = env.ui.length;
      const logStart = env.logs.length;
      env.calls.reset();
      let result: unknown;
      let error: { name: string; message: string } | null = null;
      // A menu item or a sidebar call enables the add-on in this document: later opens are LIMITED.
      if (env.addon && context === 'ui' && fn !== 'onOpen') markAddonUsed(env);
      try {
        result = sandbox.call(fn, args, { context, authMode });
      } catch (e) {
        const err = e as Error;
        error = { name: err?.name ?? 'Error', message: err?.message ?? String(e) };
      }
      const events = env.ui.slice(uiStart);
      const shown = events.map((e) => {
        if (e.kind === 'sidebar' || e.kind === 'dialog' || e.kind === 'modelessDialog') {
          const id = `f${++frameSeq}`;
          frames.set(id, { id, kind: e.kind, title: e.title ?? '', html: e.html ?? '', width: e.width, height: e.height });
          return { kind: e.kind, title: e.title, width: e.width, height: e.height, frame: `/frame/${id}` };
        }
        return e;
      });
      const newMenus = events.filter((e) => e.kind === 'menu');
      if (newMenus.length) menus = newMenus;
      await project.save();
      renderPdfs();
      return { result, error, ui: shown, logs: env.logs.slice(logStart), calls: env.calls.byMethod() };
    });
  }

  function send(res: http.ServerResponse, status: number, body: unknown, type = 'application/json; charset=utf-8') {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' });
    res.end(text);
  }

  async function readBody(req: http.IncomingMessage): Promise<string> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > 5_000_000) throw new Error('Request too large');
      chunks.push(c as Buffer);
    }
    return Buffer.concat(chunks).toString('utf8');
  }

  function workbookView() {
    const names = sheetNames(env.workbook);
    const active = names.length ? env.workbook.activeSheet().name : '';
    return { name: env.workbook.name, sheets: names, active, menus, now: new Date(env.clock.now()).toISOString(), user: env.user };
  }

  /** The current user's consent: the manifest's scopes, each granted or not. */
  function consentView() {
    const denied = new Set(env.deniedScopes(env.user));
    const scopes = (env.manifestScopes ?? []).map((scope) => ({ scope, granted: !denied.has(scope), words: consentWords(scope) }));
    return { user: env.user, scopes };
  }

  /** The web app: doGet/doPost with an Apps Script-like event object. */
  async function webApp(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    const parameter: Record<string, string> = {};
    const parameters: Record<string, string[]> = {};
    const add = (k: string, v: string) => {
      if (!(k in parameter)) parameter[k] = v;
      (parameters[k] ??= []).push(v);
    };
    url.searchParams.forEach((v, k) => add(k, v));
    let postData: { contents: string; type: string; length: number } | undefined;
    if (req.method === 'POST') {
      const body = await readBody(req);
      const type = String(req.headers['content-type'] ?? '');
      if (type.includes('application/x-www-form-urlencoded')) new URLSearchParams(body).forEach((v, k) => add(k, v));
      postData = { contents: body, type, length: Buffer.byteLength(body) };
    }
    const fn = req.method === 'POST' ? 'doPost' : 'doGet';
    if (!sandbox.has(fn)) return send(res, 404, `Script function not found: ${fn}`, 'text/plain; charset=utf-8');
    const event = { parameter, parameters, queryString: url.search.slice(1), contentLength: postData?.length ?? -1, postData, contextPath: '', pathInfo: '' };
    const out = await execute(fn, [event], 'webapp');
    if (out.error) return send(res, 500, `<pre>${escape(out.error.message)}</pre>`, 'text/html; charset=utf-8');
    const output = out.result as { getContent?: () => string; getMimeType?: () => string } | undefined;
    const content = output && typeof output.getContent === 'function' ? output.getContent() : String(output ?? '');
    const mime = output && typeof output.getMimeType === 'function' ? output.getMimeType() : 'text/html';
    const type = /json/i.test(String(mime)) ? 'application/json; charset=utf-8' : /text\/plain|TEXT/.test(String(mime)) ? 'text/plain; charset=utf-8' : 'text/html; charset=utf-8';
    send(res, 200, type.startsWith('text/html') ? injectShim(content, 'webapp') : content, type);
  }

  /** A Google Form of the project, as a respondent's browser shows it; POST sends it (form-submit triggers fire). */
  async function formPage(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
    const form = formOfUrl(env, url.pathname);
    if (!form) return send(res, 404, 'Không tìm thấy biểu mẫu này', 'text/plain; charset=utf-8');
    if (req.method !== 'POST') return send(res, 200, formPageHtml(form, prefillOfUrl(url.search)), 'text/html; charset=utf-8');
    const answers = prefillOfUrl(`?${await readBody(req)}`);
    const notice = await queue.run(async () => {
      const r = submitForm(
        env,
        form,
        answers,
        (handler, event) => {
          try {
            sandbox.call(handler, [event], { context: 'trigger' });
          } catch (e) {
            env.logs.push({ level: 'error', message: `${handler}: ${(e as Error)?.message ?? String(e)}` });
          }
        },
        (sheet, row, columns) => newRange(env, sheet, row, 1, 1, columns),
      );
      await project.save();
      return r;
    });
    send(res, 200, formPageHtml(form, answers, notice), 'text/html; charset=utf-8');
  }

  function injectShim(html: string, frame: string): string {
    const shim = `<script>${GSR_SHIM.replace('__FRAME__', frame)}</script>`;
    return /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (m) => `${m}${shim}`) : `${shim}${html}`;
  }

  const server = http.createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', baseUrl);
      const p = url.pathname;
      if (req.method === 'GET' && p === '/') return send(res, 200, page, 'text/html; charset=utf-8');
      // The page's icon (and the one browsers ask for on every page they open here: no 404).
      if (req.method === 'GET' && (p === '/favicon.svg' || p === '/favicon.ico')) {
        res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'max-age=86400' });
        return res.end(FAVICON);
      }
      if (req.method === 'GET' && p === '/api/workbook') return send(res, 200, workbookView());
      if (req.method === 'GET' && p === '/api/sheet') {
        const name = url.searchParams.get('name') ?? '';
        if (!sheetNames(env.workbook).includes(name)) return send(res, 404, { error: `Không có trang "${name}"` });
        return send(res, 200, sheetSnapshot(env.workbook, name));
      }
      if (req.method === 'POST' && p === '/api/open') {
        const authMode = env.addon ? addonOpenAuthMode(env) : 'LIMITED';
        const out = await execute('onOpen', [{ authMode, source: null, user: { email: env.user } }], 'ui', authMode);
        return send(res, 200, { ...out, workbook: workbookView() });
      }
      if (req.method === 'POST' && p === '/api/run') {
        const { fn, args, trigger } = JSON.parse(await readBody(req)) as { fn: string; args?: unknown[]; trigger?: string };
        const context = /^(run|process)[A-Z]/.test(fn) ? 'trigger' : 'ui';
        // A time-driven run gets the event object Apps Script gives it.
        const event = trigger ? [{ authMode: 'FULL', triggerUid: trigger, year: 0 }] : undefined;
        return send(res, 200, await execute(fn, event ?? args ?? [], context));
      }
      if (req.method === 'POST' && p === '/api/gsr') {
        // google.script.run from a sidebar, dialog or the web app.
        const { fn, args, frame } = JSON.parse(await readBody(req)) as { fn: string; args: unknown[]; frame?: string };
        const problem = checkJsonArgs(args);
        if (problem) return send(res, 200, { ok: false, error: { name: 'Error', message: problem } });
        // Calls from the web app's page run as an anonymous visitor; from sidebars, as the user.
        const out = await execute(fn, args, frame === 'webapp' ? 'webapp' : 'ui');
        if (out.error) return send(res, 200, { ok: false, error: out.error, ui: out.ui });
        // Results are copied as JSON. A result holding a Date reaches the page as null, as
        // google.script.run does: say so loudly, it is a bug in the server function.
        if (hasDate(out.result)) {
          process.stderr.write(`warning: ${fn} returned a Date; google.script.run delivers null for such a result\n`);
          return send(res, 200, { ok: true, value: null, ui: out.ui });
        }
        return send(res, 200, { ok: true, value: out.result === undefined ? null : out.result, ui: out.ui });
      }
      if (req.method === 'GET' && p.startsWith('/frame/')) {
        const frame = frames.get(p.slice('/frame/'.length));
        if (!frame) return send(res, 404, 'Không tìm thấy khung này (đã đóng?)', 'text/plain; charset=utf-8');
        return send(res, 200, injectShim(frame.html, frame.id), 'text/html; charset=utf-8');
      }
      if (p === '/exec') return await webApp(req, res, url);
      if (/^\/forms\/d\/e\/[^/]+\/viewform$/.test(p)) return await formPage(req, res, url);
      if (req.method === 'POST' && p === '/api/cell') {
        // A person typing into a cell: the text is parsed as Sheets parses typed input (numbers,
        // dates, "=" formulas), and a rejecting data validation refuses it.
        const { sheet, row, column, value } = JSON.parse(await readBody(req)) as { sheet: string; row: number; column: number; value: string };
        const out = await queue.run(async () => {
          try {
            const app = sandbox.context.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
            const target = app.getActiveSpreadsheet().getSheetByName(sheet);
            if (!target) return { ok: false, error: `Không có trang "${sheet}"` };
            const range = target.getRange(row, column);
            const before = range.getValue();
            range.setValue(String(value ?? ''));
            // Then Apps Script runs the simple trigger onEdit(e) in AuthMode.LIMITED with the
            // event object of the reference (developers.google.com/apps-script/guides/triggers/events):
            // range, source, user, and for a single cell value/oldValue as strings, absent when
            // the cell is (or was) empty. Its errors go to the execution log, never to the user.
            if (sandbox.has('onEdit')) {
              const session = sandbox.context.Session as GoogleAppsScript.Base.Session;
              const event: Record<string, unknown> = {
                authMode: 'LIMITED',
                range,
                source: app.getActiveSpreadsheet(),
                user: session.getActiveUser(),
              };
              const typed = String(value ?? '');
              if (typed !== '') event.value = typed;
              if (before !== '' && before !== null && before !== undefined) event.oldValue = eventValue(before);
              try {
                sandbox.call('onEdit', [event], { context: 'ui', authMode: 'LIMITED' });
              } catch (e) {
                env.logs.push({ level: 'error', message: `onEdit: ${(e as Error).message}` });
              }
            }
            await project.save();
            return { ok: true };
          } catch (e) {
            return { ok: false, error: (e as Error).message };
          }
        });
        return send(res, 200, out);
      }
      if (req.method === 'GET' && p === '/api/outbox') return send(res, 200, sentMail(env));
      if (req.method === 'GET' && /^\/outbox\/\d+$/.test(p)) {
        // One sent email's HTML body, shown as the recipient would see it; scripts never run.
        const mail = sentMail(env)[Number(p.slice('/outbox/'.length))];
        if (!mail) return send(res, 404, 'Không có thư này', 'text/plain; charset=utf-8');
        // Links to the answer form open the playground's copy of it, at the form's own path.
        const html = (mail.htmlBody || `<pre>${escape(mail.body)}</pre>`).split(`${FORMS_ORIGIN}/forms/`).join(`${listening}/forms/`);
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Content-Security-Policy': 'sandbox; default-src \'none\'; style-src \'unsafe-inline\'; img-src data:', 'Cache-Control': 'no-store' });
        return res.end(`<!DOCTYPE html><meta charset="utf-8"><title>${escape(mail.subject)}</title>${html}`);
      }
      if (req.method === 'POST' && p === '/api/inbox') {
        const msg = JSON.parse(await readBody(req)) as { from: string; to: string; subject: string; text: string; inReplyTo?: string };
        const id = await queue.run(() => addInboxMessage(env, msg));
        return send(res, 200, { id });
      }
      if (req.method === 'GET' && p === '/api/documents') return send(res, 200, listDocuments(env));
      if (req.method === 'GET' && p.startsWith('/documents/')) {
        const html = documentHtml(env, decodeURIComponent(p.slice('/documents/'.length)));
        if (html === null) return send(res, 404, 'Không có tài liệu này', 'text/plain; charset=utf-8');
        return send(res, 200, html, 'text/html; charset=utf-8');
      }
      if (req.method === 'GET' && p.startsWith('/files/')) {
        // Files the services wrote under <dir> (outbox .eml, drive .docx): download.
        const rel = decodeURIComponent(p.slice('/files/'.length));
        const file = path.resolve(project.dir, rel);
        if (!file.startsWith(path.resolve(project.dir) + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
          return send(res, 404, 'Không có tệp này', 'text/plain; charset=utf-8');
        }
        res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Disposition': `attachment; filename*=UTF-8''${encodeURIComponent(path.basename(file))}` });
        return fs.createReadStream(file).pipe(res);
      }
      if (req.method === 'POST' && p === '/api/clock') {
        const { now } = JSON.parse(await readBody(req)) as { now: string };
        if (Number.isNaN(new Date(now).getTime())) return send(res, 400, { error: 'Thời điểm không hợp lệ' });
        env.clock.set(now);
        return send(res, 200, workbookView());
      }
      if (req.method === 'GET' && p === '/api/triggers') return send(res, 200, env.state.triggers);
      if (p === '/api/consent') {
        // Google's granular consent screen for the current user: each scope of the manifest with
        // its box; an unticked scope is not granted to that user (env.setDeniedScopes), and the
        // services needing it refuse as Apps Script does.
        if (req.method === 'POST') {
          const { denied } = JSON.parse(await readBody(req)) as { denied?: unknown };
          const known = new Set(env.manifestScopes ?? []);
          const list = Array.isArray(denied) ? denied.map(String).filter((s) => known.has(s)) : [];
          await queue.run(async () => {
            env.setDeniedScopes(env.user, list);
            await project.save();
          });
        }
        return send(res, 200, consentView());
      }
      if (p === '/api/deploy') {
        // What "Deploy > New deployment > Web app" (execute as me, access anyone) does: the project
        // gets its /exec address; the editor and triggers then see the head deployment's /dev one.
        if (req.method === 'POST') {
          await queue.run(async () => {
            deployment.deployed = true;
            env.webAppUrl = `${listening}/exec`;
            await project.save();
          });
        }
        return send(res, 200, { deployed: deployment.deployed, url: env.webAppUrl, dev: env.devUrl() });
      }
      send(res, 404, 'Not found', 'text/plain; charset=utf-8');
    } catch (e) {
      send(res, 500, { error: (e as Error).message });
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const url = listenUrl(server.address(), host, options.port);
  listening = url;
  env.webAppUrl = deployment.deployed && !env.addon ? `${url}/exec` : null;
  return {
    server,
    url,
    project,
    close: async () => {
      await rendering;
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A green grid with a tick: the playground's icon. */
const FAVICON =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="3" fill="#188038"/><path d="M4 8.5l2.5 2.5L12 5.5" stroke="#fff" stroke-width="2" fill="none"/></svg>';

function escape(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

if (require.main === module) {
  const port = Number(process.env.PORT ?? 8080);
  const addon = process.argv.includes('--addon');
  const dir = path.resolve(process.env.CCHC_DIR ?? (addon ? path.join(ROOT, '.local', 'addon') : path.join(ROOT, '.local')));
  startPlayground({ dir, port, host: process.env.HOST ?? '127.0.0.1', now: process.env.CCHC_NOW, addon })
    .then(({ url }) => {
      const everywhere = ['0.0.0.0', '::'].includes(process.env.HOST ?? '');
      process.stdout.write(
        [
          `Theo dõi kế hoạch CCHC: playground at ${url}${everywhere ? ` (listening on every interface of this machine, port ${new URL(url).port})` : ''}`,
          `  state: ${dir} (workbook.xlsx opens in LibreOffice; delete the folder to start over)`,
          '  Try: menu "Theo dõi CCHC" > "Thiết lập bảng theo dõi", then "Kiểm tra kế hoạch", "Cập nhật tiến độ",',
          '  "Tạo báo cáo định kỳ" (the Doc appears under "Tài liệu"), and, after typing real addresses into',
          '  "Cán bộ" (double-click a cell) and setting the clock, "Gửi nhắc việc hôm nay" ("Hộp thư đi").',
          '  Ctrl+C stops it.',
          '',
        ].join('\n'),
      );
    })
    .catch((e) => {
      process.stderr.write(`${(e as Error).message}\n`);
      process.exit(1);
    });
}

/**
 * The address the server really listens on, as a browser should open it: the bound port (not
 * the 0 asked for), 127.0.0.1 (not "localhost", which may resolve to ::1 where nothing listens)
 * when bound to every IPv4 interface, [::1] for every IPv6 one, IPv6 literals in brackets.
 */
export function listenUrl(address: ReturnType<http.Server['address']>, host: string, fallbackPort: number): string {
  const port = typeof address === 'object' && address ? address.port : fallbackPort;
  let h = typeof address === 'object' && address ? address.address : host;
  if (h === '0.0.0.0') h = '127.0.0.1';
  else if (h === '::') h = '::1';
  return `http://${h.includes(':') ? `[${h}]` : h}:${port}`;
}

/**
 * A cell value as an edit event carries it: a string; a date as its Sheets serial number in the
 * script's time zone (days since 30/12/1899), as onEdit reports a date cell's old value.
 */
function eventValue(v: unknown): string {
  if (Object.prototype.toString.call(v) === '[object Date]') {
    const ms = (v as Date).getTime() + 7 * 3600 * 1000; // Asia/Ho_Chi_Minh, no daylight saving
    return String((ms - Date.UTC(1899, 11, 30)) / 86400000);
  }
  return String(v);
}
