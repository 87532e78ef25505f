/** The emulator stands for Google: it never imports the product's code. */
import fs from 'node:fs';
import path from 'node:path';
import { escapeHtml, searchWords, squeeze, vietnamDateTime } from '../../emulator/core/text';

const root = path.resolve(__dirname, '../..');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? tsFiles(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

test('no emulator file imports from src/', () => {
  const offenders = tsFiles(path.join(root, 'emulator')).filter((file) =>
    /(?:from|import\()\s*['"](?:\.\.\/)+src\//.test(fs.readFileSync(file, 'utf8')),
  );
  expect(offenders.map((f) => path.relative(root, f))).toEqual([]);
});

test("the emulator's own text helpers", () => {
  expect(escapeHtml(`<a href="x">Tôi & 'bạn'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;Tôi &amp; &#39;bạn&#39;&lt;/a&gt;');
  // NFD input (as typed on some phones) comes out NFC, with its spaces folded.
  expect(squeeze(' Nha\u0306\u0301c\u00a0\u00a0 vie\u0323\u0302c\n')).toBe('Nhắc việc');
  expect(searchWords('[CCHC xã Tân Việt] Nhắc việc: NV03')).toBe('cchc xa tan viet nhac viec nv03');
  expect(vietnamDateTime(Date.UTC(2024, 2, 7, 17, 30, 5))).toBe('2024-03-08T00:30:05+07:00');
});
