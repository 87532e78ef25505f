/**
 * onEdit in the playground: a person double-clicks a "Thời gian thực hiện" cell of "Kế hoạch",
 * types a new timeframe and presses Enter; the row's computed deadline follows at once.
 */
import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launch, showTab, world, type Playground } from './browser';
import { PLAN_COLUMNS, SHEETS } from '../../src/core/schema';

jest.setTimeout(90000);

describeBrowser('onEdit in the playground (Chromium)', () => {
  let browser: Browser;
  let pg: Playground;
  let page: Page;

  beforeAll(async () => {
    browser = await launch();
    pg = await world();
    page = await browser.newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await pg?.stop();
  });

  test('typing "Quý III/2024" in a timeframe cell shows 30/09/2024 as that row\'s deadline', async () => {
    const header = (pg.project.sandbox.evaluate(`SpreadsheetApp.getActiveSpreadsheet().getSheetByName('${SHEETS.plan}').getRange(1, 1, 1, SpreadsheetApp.getActiveSpreadsheet().getSheetByName('${SHEETS.plan}').getLastColumn()).getValues()[0]`) as string[]).map(String);
    const timeframe = header.indexOf(PLAN_COLUMNS.timeframe) + 1;
    const deadline = header.indexOf(PLAN_COLUMNS.deadline) + 1;
    expect(timeframe).toBeGreaterThan(0);
    expect(deadline).toBeGreaterThan(0);
    await page.goto(pg.url);
    await showTab(page, SHEETS.plan);
    const grid = page.getByRole('table', { name: `Trang ${SHEETS.plan}` });
    const cell = (row: number, col: number) => grid.locator(`td[data-row="${row}"][data-col="${col}"]`);
    // Row 2 is the seed's "Thường xuyên": no deadline yet.
    await expect(cell(2, deadline).textContent()).resolves.toBe('');
    await cell(2, timeframe).dblclick();
    const editor = grid.getByRole('textbox');
    await editor.fill('Quý III/2024');
    await editor.press('Enter');
    await grid.locator(`td[data-row="2"][data-col="${deadline}"]`, { hasText: '30/09/2024' }).waitFor();
    await expect(cell(2, timeframe).textContent()).resolves.toBe('Quý III/2024');
    // Other rows keep their deadline: row 8 is "Quý IV/2024".
    await expect(cell(8, deadline).textContent()).resolves.toBe('31/12/2024');
  });
});
