/** Loads the built bundle into a fresh in-memory emulator, as the tests' stand-in for Apps Script. */
import { Env, type EnvOptions } from '../../emulator/core/env';
import { createWorkbook } from '../../emulator/services/spreadsheet/model';
import { readBundle } from '../../emulator/project';
import { Sandbox } from '../../emulator/sandbox';

let cached: { code: string; files: Record<string, string> } | null = null;

/** dist/ is built once by `npm test` before jest runs (see package.json). */
export function bundle(): { code: string; files: Record<string, string> } {
  cached ??= readBundle();
  return cached;
}

export function loadSandbox(options: Omit<EnvOptions, 'workbook'> & { workbook?: EnvOptions['workbook'] } = {}): {
  env: Env;
  sandbox: Sandbox;
} {
  const workbook = options.workbook ?? createWorkbook('Theo dõi kế hoạch CCHC');
  const env = new Env(workbook, { now: '2024-03-08T09:00:00+07:00', ...options, workbook });
  const b = bundle();
  env.files = b.files;
  return { env, sandbox: new Sandbox(env, b.code) };
}
