/** Loads the built bundle into a fresh in-memory emulator, as the tests' stand-in for Apps Script. */
import { Env, type EnvOptions } from '../../emulator/core/env';
import { createWorkbook } from '../../emulator/services/spreadsheet/model';
import path from 'node:path';
import { ROOT, readBundle } from '../../emulator/project';
import { Sandbox } from '../../emulator/sandbox';

type Bundle = ReturnType<typeof readBundle>;
const cached = new Map<Target, Bundle>();

/** The two build targets (scripts/build.mjs): the bound script (dist/) and the Editor add-on (dist-addon/). */
export type Target = 'bound' | 'addon';
export const DIST_DIRS: Record<Target, string> = { bound: path.join(ROOT, 'dist'), addon: path.join(ROOT, 'dist-addon') };

/** dist/ and dist-addon/ are built once by `npm test` before jest runs (see package.json). */
export function bundle(target: Target = 'bound'): Bundle {
  let b = cached.get(target);
  if (!b) cached.set(target, (b = readBundle(DIST_DIRS[target])));
  return b;
}

export function loadSandbox(options: Omit<EnvOptions, 'workbook'> & { workbook?: EnvOptions['workbook']; target?: Target } = {}): {
  env: Env;
  sandbox: Sandbox;
} {
  const { target = 'bound', ...rest } = options;
  const workbook = rest.workbook ?? createWorkbook('Theo dõi kế hoạch CCHC');
  const env = new Env(workbook, { now: '2024-03-08T09:00:00+07:00', ...rest, workbook });
  const b = bundle(target);
  env.files = b.files;
  env.manifestScopes = b.scopes;
  env.advancedServices = b.advanced;
  return { env, sandbox: new Sandbox(env, b.code) };
}
