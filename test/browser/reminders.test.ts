/**
 * The whole loop in a real browser, as the office and an assignee would live it: the office
 * types a real address into "Cán bộ" in the playground's grid, sends today's reminders from the
 * menu, the email appears in the outbox with a signed link, the assignee opens the link (the
 * web app's form), records progress, and the entry lands in "Tiến độ" with source "web".
 */
import type { Browser, Page } from 'playwright-core';
import { closeOverlays, describeBrowser, showTab, launch, menu, openSheet, world, type Playground } from './browser';
import { sentMail } from '../../emulator/services/mail';

jest.setTimeout(120000);

describeBrowser('reminder to answer, in Chromium', () => {
  let browser: Browser;
  let pg: Playground;
  let page: Page;

  beforeAll(async () => {
    browser = await launch();
    // Seven days before task NV09's deadline (30/06/2024).
    pg = await world('2024-06-23T07:00:00+07:00', {
      deployed: false,
      prepare: (p) =>
        p.project.sandbox.call('importPlanRows', [
          [
            ['STT', 'Nhiệm vụ cụ thể', 'Sản phẩm/kết quả', 'Cán bộ, công chức chủ trì', 'Cán bộ, công chức phối hợp', 'Thời gian thực hiện'],
            ['9', 'Treo băng rôn tuyên truyền dịch vụ công trực tuyến', 'Băng rôn', 'Công chức Văn hóa - Thông tin', '', 'Trước ngày 30/6/2024'],
          ],
        ]),
    });
    page = await openSheet(browser, pg);
  });

  // The tests share one page: an alert a failed test left open must not block the next.
  beforeEach(async () => {
    await closeOverlays(page);
  });

  afterAll(async () => {
    await browser?.close();
    await pg?.stop();
  });

  test('the office deploys the web app; opening its /exec address once fills in "Địa chỉ web app"', async () => {
    await page.getByRole('button', { name: 'Triển khai ứng dụng web' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    const text = (await dialog.textContent()) ?? '';
    const exec = `${pg.url}/exec`;
    expect(text).toContain(`URL ứng dụng web: ${exec}`);
    expect(text).toContain(`${pg.url}/dev`);
    await dialog.getByRole('button', { name: 'OK' }).click();
    const visit = await browser.newPage();
    await visit.goto(exec);
    await visit.close();
    await showTab(page, 'Cài đặt');
    await expect(page.locator('table.grid[data-sheet="Cài đặt"]').textContent()).resolves.toContain(exec);
  });

  test('the office fixes an address in the grid, sends reminders, and the assignee answers through the link', async () => {
    // The grid is editable: double-click the Email cell of "Công chức Văn hóa - Thông tin".
    await showTab(page, 'Cán bộ');
    const grid = page.locator('table.grid[data-sheet="Cán bộ"]');
    await grid.waitFor();
    const row = grid.locator('tr', { hasText: 'Công chức Văn hóa - Thông tin' }).first();
    const rowNumber = await row.locator('td.rowhead').textContent();
    const header = await grid.locator('tbody tr').first().locator('td').allTextContents();
    const emailCol = header.indexOf('Email'); // index in the row, rowhead included
    const cell = row.locator('td').nth(emailCol);
    await cell.dblclick();
    await cell.locator('textarea').fill('vanhoa.tanviet@gmail.com');
    await cell.locator('textarea').press('Enter');
    await expect(grid.locator('tr', { hasText: 'vanhoa.tanviet@gmail.com' }).first().locator('td.rowhead').textContent()).resolves.toBe(rowNumber);
    // The reminders read the address from the sheet: wait until it is saved there (the grid is
    // drawn again from the sheet once no save is pending), never send while it is on its way.
    await page.waitForFunction(() => !document.querySelector('td.saving'));
    await expect(grid.locator('tr', { hasText: 'vanhoa.tanviet@gmail.com' }).first().locator('td.save-failed').count()).resolves.toBe(0);

    await menu(page, 'Gửi nhắc việc hôm nay');
    await page.getByRole('alertdialog').waitFor();
    await expect(page.getByRole('alertdialog').textContent()).resolves.toMatch(/Đã gửi 1 thư nhắc việc/);
    await page.getByRole('alertdialog').getByRole('button', { name: 'OK' }).click();

    await showTab(page, 'Hộp thư đi');
    await expect(page.locator('.panel').textContent()).resolves.toMatch(/vanhoa\.tanviet@gmail\.com/);

    const mail = sentMail(pg.project.env).find((m) => m.to.includes('vanhoa.tanviet@gmail.com'))!;
    expect(mail.subject).toMatch(/hạn gần nhất 30\/06\/2024/);
    const link = /href="([^"]*\/exec\?t=[^"]+)"/.exec(mail.htmlBody ?? '')![1].replace(/&amp;/g, '&');

    // The assignee opens the link on a phone-sized screen: nothing is recorded by opening it.
    const phone = await browser.newPage({ viewport: { width: 360, height: 740 } });
    await phone.goto(link);
    await phone.waitForSelector('#form');
    expect(logRows()).toBe(0);
    await phone.selectOption('#status', 'Hoàn thành');
    await phone.fill('#percent', '100');
    await phone.selectOption('#channel', 'Pano, áp phích, băng rôn');
    await phone.fill('#quantity', '3');
    await phone.fill('#note', 'Đã treo 3 băng rôn tại nhà văn hóa các thôn');
    await phone.click('#submit');
    await phone.waitForSelector('#result:not(:empty)');
    await expect(phone.textContent('#result')).resolves.toMatch(/Đã ghi tiến độ/);
    // A further entry on the same page: a conference asks for its participants.
    await expect(phone.isHidden('#participants')).resolves.toBe(true);
    await phone.selectOption('#channel', 'Hội nghị');
    await expect(phone.isVisible('#participants')).resolves.toBe(true);
    await phone.fill('#quantity', '1');
    await phone.fill('#participants', '120');
    await phone.fill('#note', 'Hội nghị tuyên truyền tại nhà văn hóa thôn Đông');
    await phone.click('#submit');
    await phone.waitForFunction(() => /Đã ghi tiến độ/.test(document.getElementById('result')?.textContent ?? '') && (document.getElementById('participantsBox') as HTMLElement).hidden);
    await phone.close();

    expect(logRows()).toBe(2);
    const values = pg.project.sandbox.evaluate(`SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Tiến độ').getDataRange().getValues()`) as unknown[][];
    expect(values[2][values[0].indexOf('Số người tham dự')]).toBe(120);
    await showTab(page, 'Tiến độ');
    const log = page.locator('table.grid[data-sheet="Tiến độ"]');
    await log.waitFor();
    const text = await log.textContent();
    expect(text).toContain('Đã treo 3 băng rôn tại nhà văn hóa các thôn');
    expect(text).toContain('vanhoa.tanviet@gmail.com');
    expect(text).toContain('Biểu mẫu');
  });

  function logRows(): number {
    return (pg.project.sandbox.evaluate(`SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Tiến độ').getLastRow()`) as number) - 1;
  }
});
