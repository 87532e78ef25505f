/**
 * The built bundles (dist/ for the bound script, dist-addon/ for the Editor add-on), loaded as
 * Apps Script loads them: every name the entry file assigns to `global` must be a top-level
 * function of Code.js that reaches the real code. This guards against the known traps of
 * webpack + gas-webpack-plugin (tree-shaken exports, minified stubs, a bundle that fails to
 * load), and keeps each Code.js under Apps Script's comfortable size with names kept.
 */
import fs from 'node:fs';
import path from 'node:path';
import { bundle, loadSandbox, DIST_DIRS, type Target } from '../support/sandbox';

const root = path.resolve(__dirname, '../..');
const mainSource = fs.readFileSync(path.join(root, 'src/server/main.ts'), 'utf8');
const entryPoints = [...mainSource.matchAll(/^global\.(\w+)\s*=/gm)].map((m) => m[1]);

const TARGETS: Target[] = ['bound', 'addon'];

/** The text of every .ts file under a folder. */
function readSources(dir: string): string {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .map((f) => (f.isDirectory() ? readSources(path.join(dir, f.name)) : f.name.endsWith('.ts') ? fs.readFileSync(path.join(dir, f.name), 'utf8') : ''))
    .join('\n');
}

describe('the entry file', () => {
  test('lists the entry points, and nothing else assigns to global', () => {
    expect(entryPoints).toEqual(expect.arrayContaining(['onOpen', 'onInstall']));
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, f.name);
        if (f.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.endsWith(path.join('server', 'main.ts')) && /\bglobal\.\w+\s*=/.test(fs.readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    walk(path.join(root, 'src'));
    expect(offenders).toEqual([]);
  });

  test('only src/server/target.ts reads the build target', () => {
    const readers: string[] = [];
    const walk = (dir: string) => {
      for (const f of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, f.name);
        if (f.isDirectory()) walk(p);
        else if (p.endsWith('.ts') && fs.readFileSync(p, 'utf8').includes('__CCHC_TARGET__')) readers.push(path.relative(root, p).split(path.sep).join('/'));
      }
    };
    walk(path.join(root, 'src'));
    expect(readers).toEqual(['src/server/target.ts']);
  });
});

describe.each(TARGETS)('%s: Code.js', (target) => {
  test('is under 300 KiB and keeps the source names', () => {
    const file = path.join(DIST_DIRS[target], 'Code.js');
    expect(fs.statSync(file).size).toBeLessThan(300 * 1024);
    const { code } = bundle(target);
    // Function names are not renamed (only locals and parameters are): the execution log's stack
    // traces name our functions.
    for (const name of ['recordProgress', 'withScriptLock', 'spreadsheetProperties', 'spreadsheetLock']) expect(code).toMatch(new RegExp(`function ${name}\\(`));
    // Each bundle carries its own target (the define, compared where IS_ADDON is set).
    expect(code).toMatch(new RegExp(`="${target}"==="addon"`));
  });

  test("a stack trace from a live call names the source's functions, as the execution log would show", () => {
    const { env, sandbox } = loadSandbox({ target });
    let stack = '';
    env.beforeCall = () => {
      if (!stack) stack = new Error('trace').stack ?? '';
    };
    sandbox.call('setupWorkbook');
    const frames = [...stack.matchAll(/at (\S+) \(Code\.js:/g)].map((m) => m[1]);
    expect(frames.length).toBeGreaterThanOrEqual(3);
    const sources = readSources(path.join(root, 'src/server')) + readSources(path.join(root, 'src/core'));
    for (const frame of frames) {
      // webpack suffixes a digit to a name that collides with a stub ("setupWorkbook2").
      const name = frame.replace(/\d+$/, '');
      expect(name.length).toBeGreaterThan(2);
      expect(sources).toMatch(new RegExp(`function ${name}[<(]|\\b${name}\\s*=\\s*(\\([^)]*\\)|\\w+)\\s*=>|\\b${name}\\s*=\\s*function`));
    }
  });

  test('has a top-level function stub for every entry point', () => {
    const { code } = bundle(target);
    // gas-webpack-plugin writes the stubs before webpack's bootstrap: top level, outside any module.
    const prefix = code.slice(0, code.search(/\(\(\)\s*=>\s*\{|\(function\s*\(\)\s*\{/));
    expect(prefix.length).toBeGreaterThan(0);
    for (const name of entryPoints) expect(prefix).toMatch(new RegExp(`function ${name}\\(`));
  });

  test('loads, and every stub is replaced by the real function', () => {
    const { sandbox } = loadSandbox({ target });
    for (const name of entryPoints) {
      expect(sandbox.has(name)).toBe(true);
      const source = String(sandbox.evaluate(`${name}.toString()`));
      expect(source.replace(/\s+/g, '')).not.toBe(`function${name}(){}`);
    }
  });

  test.each(entryPoints)('calling %s reaches its code (no ReferenceError or TypeError)', (name) => {
    const { sandbox } = loadSandbox({ target });
    try {
      sandbox.call(name, name === 'doGet' || name === 'doPost' ? [{ parameter: {}, parameters: {} }] : []);
    } catch (e) {
      // Entry points may refuse missing arguments with a message for the user, never crash.
      expect(String((e as Error).message)).not.toMatch(/is not defined|is not a function|Cannot read prop|undefined \(reading/);
      expect((e as Error).name).not.toMatch(/ReferenceError|TypeError/);
    }
  });
});

describe('onOpen', () => {
  test.each(['NONE', 'LIMITED', 'FULL'])('in AuthMode.%s builds the Vietnamese menu and reads no sheet data (only, outside NONE, the one property of a stopped run\'s notice)', (authMode) => {
    const { sandbox, env } = loadSandbox();
    sandbox.call('onOpen', [{ authMode }]);
    const menu = env.ui.find((e) => e.kind === 'menu')?.menu;
    expect(menu?.caption).toBe('Theo dõi CCHC');
    const fns = (menu?.items ?? []).filter((i) => 'functionName' in i).map((i) => (i as { functionName: string }).functionName);
    // Every item calls a function the bundle defines.
    for (const fn of fns) expect(sandbox.has(fn)).toBe(true);
    const used = Object.keys(env.calls.byMethod());
    expect(used.filter((m) => !/^(SpreadsheetApp\.getUi|Ui\.|Menu\.)/.test(m)).sort()).toEqual(
      authMode === 'NONE' ? [] : ['Properties.getProperty', 'PropertiesService.getDocumentProperties'],
    );
  });

  test('onInstall builds the same menu', () => {
    const { sandbox, env } = loadSandbox();
    sandbox.call('onInstall', [{ authMode: 'FULL' }]);
    expect(env.ui.filter((e) => e.kind === 'menu')).toHaveLength(1);
  });
});
