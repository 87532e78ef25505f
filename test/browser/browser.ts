/**
 * Browser tests drive Debian's Chromium with playwright-core against the playground.
 * Where Chromium is missing they are skipped with a loud message; in CI (CI=true) a missing
 * Chromium fails the run instead, so a skip can never pass unnoticed there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startPlayground } from '../../emulator/playground/server';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const hasChromium = fs.existsSync(CHROMIUM);

export function describeBrowser(name: string, fn: () => void): void {
  if (hasChromium) {
    describe(name, fn);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      test('Chromium is installed (required in CI)', () => {
        throw new Error(`Chromium not found at ${CHROMIUM}: the browser tests cannot run. .ci/run installs it with apt-get.`);
      });
    });
    return;
  }
  process.stderr.write(`\n*** BROWSER TESTS SKIPPED: Chromium not found at ${CHROMIUM}. Install it with: apt-get install chromium ***\n\n`);
  describe.skip(name, fn);
}

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** A playground on a free port with its own state folder. */
export async function playground(now = '2024-03-08T09:00:00+07:00', options: { deployed?: boolean } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-browser-'));
  // The report's PDF rendering (LibreOffice) is tested on the server side (report-pdf.test.ts).
  const pg = await startPlayground({ dir, port: 0, now, deployed: options.deployed ?? true, pdfs: false });
  return {
    ...pg,
    dir,
    async stop() {
      await pg.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
