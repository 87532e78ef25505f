/**
 * Issue 10 §2 in Chromium: the playground's stand-in for Google's granular consent screen. The
 * current user unticks a scope of the manifest; a menu item needing it then gives the product's
 * Vietnamese message naming the quyền to grant, and nothing is done; ticked again, it works.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { closeOverlays, describeBrowser, launch, menu, openSheet, world, type Playground } from './browser';

jest.setTimeout(180000);

const TRIGGERS_SCOPE = 'https://www.googleapis.com/auth/script.scriptapp';

describeBrowser('scope toggles in the playground, in Chromium', () => {
  let browser: Browser;
  let pg: Playground;
  let page: Page;

  beforeAll(async () => {
    browser = await launch();
    pg = await world('2024-03-08T09:00:00+07:00');
    page = await openSheet(browser, pg, { width: 1280, height: 800 });
  });

  afterAll(async () => {
    await browser?.close();
    await pg?.stop();
  });

  // The tests share one page: one that failed with the dialog open must not block the next.
  beforeEach(async () => {
    await closeOverlays(page);
  });

  async function setScope(words: RegExp, granted: boolean): Promise<void> {
    await page.getByRole('button', { name: 'Quyền đã cấp' }).click();
    const dialog = page.getByRole('dialog', { name: 'Quyền đã cấp' });
    await dialog.waitFor();
    const box = dialog.getByRole('checkbox', { name: words });
    if (granted) await box.check();
    else await box.uncheck();
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.waitFor({ state: 'detached' });
  }

  test("the dialog lists the manifest's scopes for the current user, all granted at first", async () => {
    await page.getByRole('button', { name: 'Quyền đã cấp' }).click();
    const dialog = page.getByRole('dialog', { name: 'Quyền đã cấp' });
    // The dialog is drawn once the playground has answered /api/consent: wait for it, never count early.
    await dialog.waitFor();
    const boxes = dialog.getByRole('checkbox');
    expect(await boxes.count()).toBe(pg.project.env.manifestScopes!.length);
    for (let i = 0; i < (await boxes.count()); i++) expect(await boxes.nth(i).isChecked()).toBe(true);
    await expect(dialog.textContent()).resolves.toContain('Gửi email thay mặt bạn');
    await expect(dialog.textContent()).resolves.toContain(pg.project.env.user);
    await dialog.getByRole('button', { name: 'Hủy' }).click();
    await dialog.waitFor({ state: 'detached' });
  });

  test('an unticked scope: the menu item says which quyền to grant and turns nothing on; ticked again, it works', async () => {
    await setScope(/chạy khi bạn không có mặt/, false);
    expect(pg.project.env.deniedScopes(pg.project.env.user)).toEqual([TRIGGERS_SCOPE]);
    await menu(page, 'Bật/tắt nhắc việc tự động');
    const alert = page.getByRole('alertdialog');
    await alert.waitFor();
    const text = (await alert.textContent()) ?? '';
    expect(text).toMatch(/Chưa bật\/tắt nhắc việc tự động được/);
    expect(text).toMatch(/chạy khi bạn không có mặt/);
    expect(text).toMatch(/Cách cấp quyền/);
    await alert.getByRole('button', { name: 'OK' }).click();
    expect(pg.project.env.state.triggers).toHaveLength(0);

    await setScope(/chạy khi bạn không có mặt/, true);
    expect(pg.project.env.deniedScopes(pg.project.env.user)).toEqual([]);
    await menu(page, 'Bật/tắt nhắc việc tự động');
    await page.getByRole('alertdialog').waitFor();
    await expect(page.getByRole('alertdialog').textContent()).resolves.toMatch(/Đã bật nhắc việc tự động/);
    await page.getByRole('alertdialog').getByRole('button', { name: 'OK' }).click();
    expect(pg.project.env.state.triggers.length).toBeGreaterThan(0);
  });

  test('the choice is kept with the project (state.json), as Google keeps a user\'s grant', async () => {
    await setScope(/Gửi email thay mặt bạn/, false);
    const saved = JSON.parse(fs.readFileSync(path.join(pg.dir, 'state.json'), 'utf8')) as { services: { consent: Record<string, string[]> } };
    expect(Object.values(saved.services.consent)).toEqual([['https://www.googleapis.com/auth/script.send_mail']]);
    await setScope(/Gửi email thay mặt bạn/, true);
  });
});
