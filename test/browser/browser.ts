/**
 * Browser tests drive Debian's Chromium with playwright-core against the playground.
 * Where Chromium is missing they are skipped with a loud message; in CI (CI=true) a missing
 * Chromium fails the run instead, so a skip can never pass unnoticed there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
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

export type Playground = Awaited<ReturnType<typeof playground>>;

/**
 * A playground at `now` with the workbook set up (the seeded plan: NV01–NV08); `prepare` changes
 * it further (as the office would have) before it is saved for the page to load.
 */
export async function world(now = '2024-03-08T09:00:00+07:00', options: { deployed?: boolean; prepare?: (pg: Playground) => void } = {}): Promise<Playground> {
  const pg = await playground(now, { deployed: options.deployed });
  pg.project.sandbox.call('setupWorkbook');
  options.prepare?.(pg);
  await pg.project.save();
  return pg;
}

/** A browser context as the office's machines have it: Vietnamese locale and time zone, the given screen. */
export function newContext(browser: Browser, options: { width: number; height: number; mobile?: boolean }): Promise<BrowserContext> {
  return browser.newContext({
    viewport: { width: options.width, height: options.height },
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    isMobile: options.mobile ?? false,
    hasTouch: options.mobile ?? false,
  });
}

/**
 * One Chromium for a describe block; per test, the playground and the browser context the test
 * makes through this, closed after it whatever its outcome, so that no test sees another's page
 * or workbook.
 */
export function perTest() {
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let pg: Playground | undefined;
  beforeAll(async () => {
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async () => {
    await context?.close();
    context = undefined;
    await pg?.stop();
    pg = undefined;
  });
  return {
    get browser(): Browser {
      if (!browser) throw new Error('Chromium was not launched');
      return browser;
    },
    /** The test's playground (see world()); a second call ends the first. */
    async world(now?: string, options?: Parameters<typeof world>[1]): Promise<Playground> {
      await pg?.stop();
      pg = await world(now, options);
      return pg;
    },
    /** The test's browser context (see newContext()); a second call closes the first. */
    async context(options: Parameters<typeof newContext>[1]): Promise<BrowserContext> {
      await context?.close();
      context = await newContext(this.browser, options);
      return context;
    },
  };
}

/** The playground's main page, loaded, with the bundle's menu built (onOpen has run). */
export async function openSheet(target: Browser | BrowserContext, pg: Playground, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await target.newPage(viewport ? { viewport } : undefined);
  await page.goto(pg.url);
  await page.getByRole('button', { name: 'Theo dõi CCHC' }).waitFor();
  return page;
}

/**
 * Clicks a tab at the bottom of the playground and waits until what it shows is drawn: the page
 * keeps the area aria-busy while a drawing is on its way, and drops an answer that comes back
 * after a later click, so nothing older is drawn over it afterwards.
 */
export async function showTab(page: Page, name: string): Promise<void> {
  await page.getByRole('tab', { name }).click();
  await page.locator('#gridwrap:not([aria-busy])').waitFor();
}

/** Runs an item of the "Theo dõi CCHC" menu, as a person clicks it. */
export async function menu(page: Page, item: string): Promise<void> {
  await page.getByRole('button', { name: 'Theo dõi CCHC' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

/** Runs a menu item whose page opens in a dialog; returns the dialog's frame once its script has run. */
export async function openDialog(page: Page, item: string): Promise<Frame> {
  await menu(page, item);
  const dialog = page.getByRole('dialog').filter({ hasText: item });
  const handle = await dialog.locator('iframe').elementHandle();
  const frame = (await handle!.contentFrame())!;
  // The page's script is inlined at the end of its body: it has run once the page has loaded.
  await frame.waitForURL(/\/frame\/f\d+$/);
  await frame.waitForLoadState('load');
  return frame;
}

/** The address (/frame/<id>) of the progress sidebar's page, as "Cập nhật tiến độ" opens it. */
export async function sidebarAddress(pg: Playground): Promise<string> {
  const run = await fetch(`${pg.url}/api/run`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ fn: 'showProgressSidebar' }) });
  const out = (await run.json()) as { error: unknown; ui: { kind: string; frame?: string }[] };
  if (out.error) throw new Error(`showProgressSidebar failed: ${JSON.stringify(out.error)}`);
  const frame = out.ui.find((u) => u.kind === 'sidebar')?.frame;
  if (!frame || !/^\/frame\/f\d+$/.test(frame)) throw new Error(`no sidebar page in ${JSON.stringify(out.ui)}`);
  return frame;
}

/**
 * On a page several tests share: closes what an earlier test may have left open when it failed
 * half-way (an alert, the consent dialog, a page's dialog), as a person would, with its OK, Hủy
 * or × button. The next test then starts from the sheet instead of timing out behind the overlay.
 */
export async function closeOverlays(page: Page): Promise<void> {
  const overlays = page.locator('.overlay');
  // Closing an alert may let the run behind it show the next one: a few rounds at most.
  for (let round = 0; round < 5 && (await overlays.count()) > 0; round++) {
    await overlays.last().getByRole('button', { name: /^(OK|Hủy|Đóng)$/ }).first().click();
  }
  if ((await overlays.count()) > 0) throw new Error(`an overlay stays open: ${await overlays.last().textContent()}`);
}
