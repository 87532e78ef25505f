/**
 * One emulated project on disk: `<dir>/workbook.xlsx` is the bound spreadsheet, `<dir>/state.json`
 * holds properties, triggers and the other services' state, and the services write their files
 * (outbox/, inbox/, drive/) beside them. Used by the runner, the playground and the tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Env, emptyState, type AdvancedService, type EmulatorState, type EnvOptions } from './core/env';
import { createWorkbook } from './services/spreadsheet/model';
import { loadWorkbookXlsx, saveWorkbookXlsx } from './services/spreadsheet/xlsx';
import { flushOutbox } from './services/mail';
import { loadInbox } from './services/gmail';
import { flushDocuments } from './services/docs/document';
import { renderPendingPdfs } from './services/docs/drive';
import { Sandbox } from './sandbox';

export const ROOT = path.resolve(__dirname, '..');
export const DIST = path.join(ROOT, 'dist');
export const DEFAULT_WORKBOOK_NAME = 'Theo dõi kế hoạch CCHC';

/** The built bundle and its HTML pages. */
export function readBundle(dist = DIST): { code: string; files: Record<string, string>; scopes: string[] | null; advanced: AdvancedService[] | null } {
  const codeFile = path.join(dist, 'Code.js');
  if (!fs.existsSync(codeFile)) throw new Error(`${codeFile} is missing: run "npm run build" first.`);
  const files: Record<string, string> = {};
  for (const f of fs.readdirSync(dist)) {
    if (f.endsWith('.html')) files[f.slice(0, -5)] = fs.readFileSync(path.join(dist, f), 'utf8');
  }
  const manifest = path.join(dist, 'appsscript.json');
  const json = fs.existsSync(manifest)
    ? (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { oauthScopes?: string[]; dependencies?: { enabledAdvancedServices?: AdvancedService[] } })
    : null;
  const scopes = json?.oauthScopes ?? null;
  const advanced = json ? (json.dependencies?.enabledAdvancedServices ?? []) : null;
  return { code: fs.readFileSync(codeFile, 'utf8'), files, scopes, advanced };
}

export interface ProjectOptions extends Omit<EnvOptions, 'dir' | 'workbook' | 'state'> {
  dist?: string;
}

/** An Env and its Sandbox, loaded from `dir` (created when missing). */
export class Project {
  private constructor(
    readonly dir: string,
    readonly env: Env,
    readonly sandbox: Sandbox,
  ) {}

  static async open(dir: string, options: ProjectOptions = {}): Promise<Project> {
    fs.mkdirSync(dir, { recursive: true });
    const wbFile = path.join(dir, 'workbook.xlsx');
    const stateFile = path.join(dir, 'state.json');
    const workbook = fs.existsSync(wbFile) ? await loadWorkbookXlsx(wbFile) : createWorkbook(DEFAULT_WORKBOOK_NAME);
    let state: EmulatorState = emptyState();
    if (fs.existsSync(stateFile)) state = { ...emptyState(), ...JSON.parse(fs.readFileSync(stateFile, 'utf8')) };
    const env = new Env(workbook, { ...options, dir, workbook, state });
    await loadInbox(env);
    const bundle = readBundle(options.dist);
    env.files = bundle.files;
    env.manifestScopes = bundle.scopes;
    env.advancedServices = bundle.advanced;
    return new Project(dir, env, new Sandbox(env, bundle.code));
  }

  /**
   * Writes the workbook, state.json, the outbox and the documents; with `pdfs`, first renders the
   * PDF exports made since (LibreOffice, seconds each: the playground renders them after it has
   * answered, see renderPdfs).
   */
  async save(options: { pdfs?: boolean } = {}): Promise<void> {
    if (options.pdfs) await renderPendingPdfs(this.env);
    await saveWorkbookXlsx(this.env.workbook, path.join(this.dir, 'workbook.xlsx'));
    await flushOutbox(this.env);
    await flushDocuments(this.env);
    const stateFile = path.join(this.dir, 'state.json');
    fs.writeFileSync(`${stateFile}.tmp`, JSON.stringify(this.env.state, null, 2));
    fs.renameSync(`${stateFile}.tmp`, stateFile);
  }
}
