/**
 * The progress sidebar in a real browser: the playground's menu opens it, an entry submitted
 * there appears in "Tiến độ" and in the saved workbook; an invalid one shows field errors and
 * writes nothing; plan text with HTML shows as text and runs nothing.
 */
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Browser, Frame, Page } from 'playwright-core';
import { describeBrowser, launch, menu, showTab, world, type Playground } from './browser';

jest.setTimeout(90000);

describeBrowser('progress sidebar in Chromium', () => {
  let browser: Browser;
  let pg: Playground;
  let page: Page;
  const dialogs: string[] = [];

  beforeAll(async () => {
    browser = await launch();
    // Task 9's name is an XSS attempt.
    pg = await world(undefined, {
      prepare: (p) =>
        p.project.sandbox.call('importPlanRows', [
          [
            ['STT', 'Nhiệm vụ cụ thể', 'Sản phẩm/kết quả', 'Cán bộ, công chức chủ trì', 'Cán bộ, công chức phối hợp', 'Thời gian thực hiện'],
            ['9', '<img src=x onerror=alert(1)>', 'Tin bài', 'Đài truyền thanh xã', '', 'Quý II/2024'],
          ],
        ]),
    });
  });

  afterAll(async () => {
    await browser?.close();
    await pg?.stop();
  });

  beforeEach(async () => {
    page = await browser.newPage();
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(pg.url);
    await page.getByRole('button', { name: 'Theo dõi CCHC' }).waitFor();
  });

  afterEach(async () => {
    await page.close();
  });

  async function openSidebar(): Promise<Frame> {
    await menu(page, 'Cập nhật tiến độ');
    const handle = await page.waitForSelector('#sidebarframe[src*="/frame/"]');
    const frame = (await handle.contentFrame())!;
    await frame.waitForSelector('#fields:not([disabled])');
    return frame;
  }

  test('the menu opens the sidebar; a submitted entry appears in "Tiến độ" and in workbook.xlsx', async () => {
    const frame = await openSidebar();
    await frame.fill('#taskSearch', 'truyền thanh');
    await frame.selectOption('#taskId', 'NV03');
    await frame.selectOption('#status', 'Đang thực hiện');
    await frame.fill('#percent', '60');
    await frame.selectOption('#channel', 'Phát thanh');
    await frame.fill('#quantity', '5');
    await frame.fill('#note', 'Phát 5 chuyên mục CCHC trong tháng 3');
    await frame.fill('#reportDate', '2024-03-07');
    await frame.click('#submit');
    await frame.waitForSelector('#result.msg.ok');
    expect(await frame.textContent('#result')).toMatch(/Đã ghi tiến độ cho NV03/);
    // The form resets for the next entry.
    expect(await frame.inputValue('#note')).toBe('');

    await showTab(page, 'Tiến độ');
    const grid = page.locator('table.grid[data-sheet="Tiến độ"]');
    await grid.waitFor();
    await expect(grid.textContent()).resolves.toContain('Phát 5 chuyên mục CCHC trong tháng 3');

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(pg.dir, 'workbook.xlsx'));
    const sheet = wb.getWorksheet('Tiến độ')!;
    const noteColumn = (sheet.getRow(1).values as unknown[]).indexOf('Nội dung thực hiện');
    const notes: string[] = [];
    sheet.eachRow((row, n) => {
      if (n > 1) notes.push(String(row.getCell(noteColumn).value));
    });
    expect(notes).toContain('Phát 5 chuyên mục CCHC trong tháng 3');
  });

  test('an invalid entry shows the errors beside the fields and adds no row', async () => {
    const before = (pg.project.sandbox.call('getProgressFormData') as { tasks: unknown[] }).tasks.length;
    const rowsBefore = logRows();
    const frame = await openSidebar();
    await frame.selectOption('#taskId', 'NV05');
    await frame.selectOption('#status', 'Hoàn thành');
    await frame.fill('#percent', '80');
    await frame.fill('#quantity', '3');
    await frame.fill('#note', '');
    await frame.click('#submit');
    await frame.waitForSelector('#result.msg.bad');
    expect(await frame.textContent('#err-percent')).toMatch(/100%/);
    expect(await frame.textContent('#err-note')).toMatch(/Ghi nội dung/);
    expect(await frame.textContent('#err-channel')).toMatch(/chọn hình thức/);
    expect(await frame.getAttribute('#percent', 'aria-invalid')).toBe('true');
    expect(logRows()).toBe(rowsBefore);
    expect((pg.project.sandbox.call('getProgressFormData') as { tasks: unknown[] }).tasks.length).toBe(before);
  });

  test('"Số người tham dự" appears for a conference channel only, is checked, and is recorded', async () => {
    const frame = await openSidebar();
    await frame.selectOption('#taskId', 'NV05');
    await expect(frame.isHidden('#participants')).resolves.toBe(true);
    await frame.selectOption('#channel', 'Hội nghị');
    await expect(frame.isVisible('#participants')).resolves.toBe(true);
    await frame.fill('#quantity', '2');
    await frame.fill('#participants', '-20');
    await frame.fill('#note', 'Tổ chức 2 hội nghị tuyên truyền dịch vụ công trực tuyến tại thôn Đông và thôn Tây');
    await frame.click('#submit');
    await frame.waitForSelector('#result.msg.bad');
    expect(await frame.textContent('#err-participants')).toBe('Số người tham dự là số nguyên từ 0 đến 1.000.000.');
    // The message clears as soon as the number is fixed.
    await frame.fill('#participants', '230');
    await expect(frame.textContent('#err-participants')).resolves.toBe('');
    // Another channel hides and empties the field; back to the conference it is asked again.
    await frame.selectOption('#channel', 'Phát thanh');
    await expect(frame.isHidden('#participants')).resolves.toBe(true);
    await frame.selectOption('#channel', 'Hội nghị');
    await expect(frame.inputValue('#participants')).resolves.toBe('');
    await frame.fill('#participants', '230');
    await frame.click('#submit');
    await frame.waitForSelector('#result.msg.ok');
    const log = pg.project.sandbox.evaluate(`SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Tiến độ').getDataRange().getValues()`) as unknown[][];
    const at = (name: string) => log[0].indexOf(name);
    expect(log[log.length - 1][at('Số người tham dự')]).toBe(230);
    expect(log[log.length - 1][at('Hình thức')]).toBe('Hội nghị');
    // Reset for the next entry: hidden again.
    await expect(frame.isHidden('#participants')).resolves.toBe(true);
  });

  test('a task whose text is <img src=x onerror=alert(1)> shows as text and runs nothing', async () => {
    const frame = await openSidebar();
    await frame.fill('#taskSearch', 'img');
    const label = await frame.locator('#taskId option').first().textContent();
    expect(label).toContain('<img src=x onerror=');
    // The list line is abbreviated at 300 px; the whole text is on hover.
    expect(await frame.locator('#taskId option').first().getAttribute('title')).toContain('<img src=x onerror=alert(1)>');
    expect(await frame.locator('img').count()).toBe(0);
    await showTab(page, 'Kế hoạch');
    await page.locator('table.grid[data-sheet="Kế hoạch"]').waitFor();
    expect(await page.locator('table.grid img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  function logRows(): number {
    return (pg.project.sandbox.evaluate(`SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Tiến độ').getLastRow()`) as number) - 1;
  }
});
