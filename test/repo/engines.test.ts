/**
 * `npm ci` warns EBADENGINE when a locked package does not support the Node it runs on. The
 * Node versions package.json states (engines.node, as README repeats) must be supported by
 * every locked package, and so must the Node running the tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import semver from 'semver';

const root = path.resolve(__dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(fs.readFileSync(path.join(root, 'package-lock.json'), 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[] }> };

/** The lowest version of each alternative of a range: "^20.19.0 || ^22.13.0 || >=24" → 20.19.0, 22.13.0, 24.0.0. */
function lowest(range: string): string[] {
  return range.split('||').map((part) => semver.minVersion(part.trim())!.version);
}

function unsupported(version: string): string[] {
  const out: string[] = [];
  for (const [where, p] of Object.entries(lock.packages)) {
    const node = p.engines && !Array.isArray(p.engines) ? p.engines.node : undefined;
    if (where && node && !semver.satisfies(version, node)) out.push(`${where.replace(/^.*node_modules\//, '')} wants ${node}`);
  }
  return out;
}

describe('the Node versions the project states', () => {
  test('every locked package supports each stated version (no EBADENGINE on npm ci)', () => {
    const versions = lowest(pkg.engines.node);
    expect(versions.length).toBeGreaterThan(0);
    for (const v of versions) expect({ node: v, unsupported: unsupported(v) }).toEqual({ node: v, unsupported: [] });
  });

  test('the Node running the tests is a stated one, and supported by every package', () => {
    expect(semver.satisfies(process.version, pkg.engines.node)).toBe(true);
    expect(unsupported(process.version)).toEqual([]);
  });

  test('README names the same versions', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    expect(readme).toContain(`\`${pkg.engines.node}\``);
  });
});
