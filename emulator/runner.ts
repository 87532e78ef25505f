/**
 * `npm run local -- <functionName> [jsonArg ...] [--now <ISO>] [--dir <folder>] [--user <email>] [--calls] [--addon] [--deny-scope <scope>]...`
 * `npm run local -- follow '<url>' [jsonFields] [--addon] [--now …] [--dir …]`
 *
 * `--deny-scope` (repeatable; "script.send_mail" or a full scope URL) runs as a user who left that
 * scope unticked on Google's consent screen: calls needing it fail as Apps Script fails them.
 *
 * Runs one entry point of the built bundle against the emulator, with state in <dir>
 * (default .local/; with --addon, dist-addon/ runs as an installed Editor add-on with its state
 * in .local/addon/). `follow` opens a link from a reminder as an assignee's phone would
 * (emulator/respondent.ts): without fields it prints the page's text; with fields (the names
 * submitProgress takes: status, percent, channel, quantity, note, evidenceUrl, reportDate) it
 * fills in the page's form, sends it and prints what the page says back. Prints the return value as JSON on stdout (when the function returns
 * nothing: what it showed, `{"ui": [...]}`); logs and UI events go to stderr; `--calls`
 * adds the service-call counts as one JSON line on stderr. Exits 1 with a one-line message
 * when the function throws or does not exist, 2 on bad usage.
 */
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { DIST, Project, ROOT } from './project';
import { followLink, type AnswerFields } from './respondent';
import { addonOpenAuthMode, markAddonUsed } from './addon';
import type { UiEvent } from './core/env';

interface Args {
  fn: string;
  args: unknown[];
  now?: string;
  dir: string;
  user?: string;
  calls: boolean;
  addon: boolean;
  /** Scopes the user did not grant (Google's granular consent screen), for this run. */
  denyScopes: string[];
}

const USAGE =
  "usage: npm run local -- <functionName> [jsonArg ...] [--now <ISO date-time>] [--dir <folder>] [--user <email>] [--calls] [--addon] [--deny-scope <scope>]...\n       npm run local -- follow '<url>' [jsonFields] [--addon] [--now …] [--dir …]";

export function parseArgs(argv: string[]): Args {
  const out: Args = { fn: '', args: [], dir: '', calls: false, addon: false, denyScopes: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value. ${USAGE}`);
      return v;
    };
    if (a === '--now') out.now = value();
    else if (a === '--dir') out.dir = path.resolve(value());
    else if (a === '--user') out.user = value();
    else if (a === '--calls') out.calls = true;
    else if (a === '--deny-scope') out.denyScopes.push(fullScope(value()));
    else if (a === '--addon') out.addon = true;
    else if (a === '--help' || a === '-h') throw new Error(USAGE);
    else if (a.startsWith('--')) throw new Error(`Unknown option ${a}. ${USAGE}`);
    else if (!out.fn) out.fn = a;
    else {
      try {
        out.args.push(JSON.parse(a));
      } catch {
        out.args.push(a); // a bare word is a string argument
      }
    }
  }
  if (!out.fn) throw new Error(USAGE);
  if (!out.dir) out.dir = out.addon ? path.join(ROOT, '.local', 'addon') : path.join(ROOT, '.local');
  if (out.fn === 'follow') {
    if (typeof out.args[0] !== 'string' || !/^https?:\/\//.test(out.args[0])) throw new Error(`follow needs the link from the email. ${USAGE}`);
    if (out.args.length > 2 || (out.args[1] !== undefined && (typeof out.args[1] !== 'object' || out.args[1] === null || Array.isArray(out.args[1])))) {
      throw new Error(`follow takes the link and at most one JSON object of fields, e.g. '{"status":"Đang thực hiện","percent":50,"note":"…"}'. ${USAGE}`);
    }
  }
  if (out.now !== undefined && Number.isNaN(new Date(out.now).getTime())) {
    throw new Error(`--now: "${out.now}" is not an ISO date-time (e.g. 2024-03-08T07:00:00+07:00).`);
  }
  return out;
}

/** "script.send_mail" is short for https://www.googleapis.com/auth/script.send_mail. */
export function fullScope(scope: string): string {
  return /^https?:\/\//.test(scope) ? scope : `https://www.googleapis.com/auth/${scope}`;
}

function describeUi(e: UiEvent): string {
  switch (e.kind) {
    case 'menu':
      return `menu "${e.menu?.caption}": ${(e.menu?.items ?? [])
        .map((i) => ('separator' in i ? '—' : 'functionName' in i ? `${i.caption} (${i.functionName})` : `${i.caption} ▸`))
        .join(' | ')}`;
    case 'sidebar':
    case 'dialog':
    case 'modelessDialog':
      return `${e.kind} "${e.title ?? ''}" (${e.html?.length ?? 0} bytes of HTML)`;
    default:
      return `${e.kind}${e.title ? ` "${e.title}"` : ''}: ${e.message ?? ''}${e.answer ? ` -> ${e.answer}` : ''}`;
  }
}

/** The context a function runs in: triggers run as the owner without a UI. */
function contextOf(fn: string): 'ui' | 'trigger' | 'webapp' {
  if (fn === 'doGet' || fn === 'doPost') return 'webapp';
  if (/^(run|process)[A-Z]/.test(fn)) return 'trigger';
  return 'ui';
}

/**
 * What a function returned, as JSON: data as it is; an HtmlOutput or TextOutput (doGet, doPost)
 * as its content; any other service object by its kind.
 */
function printable(result: unknown): unknown {
  if (result && typeof result === 'object') {
    const o = result as { getContent?: () => string; getTitle?: () => string; getMimeType?: () => string };
    if (typeof o.getContent === 'function') {
      const out: Record<string, unknown> = { content: o.getContent() };
      if (typeof o.getTitle === 'function') out.title = o.getTitle();
      if (typeof o.getMimeType === 'function') out.mimeType = o.getMimeType();
      return out;
    }
    try {
      JSON.stringify(result);
    } catch {
      return { object: Object.prototype.toString.call(result) };
    }
  }
  return result;
}

export async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs'), '--if-stale'], { stdio: 'inherit' });
  const project = await Project.open(args.dir, { user: args.user, now: args.now, addon: args.addon, dist: args.addon ? `${DIST}-addon` : undefined });
  const { env, sandbox } = project;
  for (const scope of args.denyScopes) env.deniedForRun.add(scope);
  if (args.fn === 'follow') return follow(project, args);
  if (!sandbox.has(args.fn)) {
    process.stderr.write(`Script function not found: ${args.fn}\n`);
    return 1;
  }
  // An add-on is "enabled" in a document once the user has run it there (a menu item, the
  // sidebar); until then its onOpen runs in AuthMode.NONE, after in LIMITED; onInstall in FULL.
  let authMode: 'NONE' | 'LIMITED' | 'FULL' | undefined;
  let callArgs = args.args;
  if (args.fn === 'onOpen' || args.fn === 'onInstall') {
    authMode = args.fn === 'onInstall' ? 'FULL' : args.addon ? addonOpenAuthMode(env) : 'LIMITED';
    if (callArgs.length === 0) callArgs = [{ authMode, source: null, user: { email: env.user } }];
  }
  if (args.addon && (args.fn === 'onInstall' || contextOf(args.fn) === 'ui') && args.fn !== 'onOpen') markAddonUsed(env);
  let result: unknown;
  let failed: Error | null = null;
  try {
    result = sandbox.call(args.fn, callArgs, { context: contextOf(args.fn), authMode });
  } catch (e) {
    // Errors thrown inside the sandbox belong to its realm: read their message, not instanceof.
    const message = e && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : String(e);
    failed = new Error(message);
  }
  for (const l of env.logs) process.stderr.write(`[${l.level}] ${l.message}\n`);
  for (const e of env.ui) process.stderr.write(`[ui] ${describeUi(e)}\n`);
  if (args.calls) process.stderr.write(`${JSON.stringify({ calls: env.calls.byMethod(), byService: env.calls.byService() })}\n`);
  try {
    await project.save({ pdfs: true });
  } catch (e) {
    // A PDF LibreOffice could not render stays pending: the rest is saved, the run says why.
    process.stderr.write(`[error] ${(e as Error).message}\n`);
    await project.save();
  }
  if (failed) {
    process.stderr.write(`${args.fn} failed: ${failed.message.split('\n')[0]}\n`);
    return 1;
  }
  const printed = result === undefined ? (env.ui.length ? { ui: env.ui.map(({ html: _h, ...rest }) => rest) } : null) : printable(result);
  process.stdout.write(`${JSON.stringify(printed, null, 2)}\n`);
  return 0;
}

/** `follow '<url>' [fields]`: the page's text, or what it says back once filled in and sent. */
async function follow(project: Project, args: Args): Promise<number> {
  const { env, sandbox } = project;
  let out: ReturnType<typeof followLink> | null = null;
  let failed = '';
  try {
    out = followLink(sandbox, String(args.args[0]), args.args[1] as AnswerFields | undefined);
  } catch (e) {
    failed = e && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : String(e);
  }
  for (const l of env.logs) process.stderr.write(`[${l.level}] ${l.message}\n`);
  await project.save();
  if (!out) {
    process.stderr.write(`follow failed: ${failed.split('\n')[0]}\n`);
    return 1;
  }
  process.stdout.write(`${out.text}\n`);
  return out.ok === false ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`${(e as Error).message.split('\n')[0]}\n`);
      process.exit(1);
    },
  );
}
