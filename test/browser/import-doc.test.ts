/**
 * "Nhập kế hoạch từ Google Docs" in Chromium, as the clerk does it in the playground: the plan's
 * Word file is copied into the playground's Drive folder, appears under *Tài liệu* with its
 * address, and that address pasted into the dialog gives the Doc's tables, the appendix chosen,
 * the same preview as a paste, and the import.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describeBrowser, openDialog, openSheet, perTest, showTab } from './browser';
import { js, READ_SHEET, SET_SETTING } from '../support/script';
import { PLAN_COLUMNS, SHEETS } from '../../src/core/schema';
import { APPENDIX_TASKS, planDocx } from '../support/planDocx';

jest.setTimeout(150000);

describeBrowser('"Nhập kế hoạch từ Google Docs" in Chromium', () => {
  const t = perTest();

  test('a Word plan copied into the Drive folder: its address, the appendix suggested among the tables, the preview, the import', async () => {
    const pg = await t.world('2025-02-03T08:00:00+07:00', { prepare: (p) => js(p.project.sandbox, SET_SETTING, 'Năm kế hoạch', 2025) });
    fs.mkdirSync(path.join(pg.dir, 'drive'), { recursive: true });
    fs.writeFileSync(path.join(pg.dir, 'drive', 'KH 15 tuyên truyền CCHC 2025.docx'), await planDocx());

    const page = await openSheet(await t.context({ width: 1280, height: 900 }), pg);
    // The Drive tab lists the converted Doc with the address the clerk copies.
    await showTab(page, 'Tài liệu');
    const row = page.locator('#gridwrap tr', { hasText: 'KH 15 tuyên truyền CCHC 2025' });
    await row.waitFor();
    const address = await row.locator('input').inputValue();
    expect(address).toMatch(/^https:\/\/docs\.google\.com\/document\/d\/[-\w]+\/edit$/);

    const frame = await openDialog(page, 'Nhập kế hoạch từ Google Docs');
    // A wrong address first: a clear message beside the field, nothing else shown.
    await frame.fill('#address', 'https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit');
    await frame.getByRole('button', { name: 'Đọc các bảng' }).click();
    await frame.waitForFunction(() => (document.getElementById('err-address')?.textContent ?? '') !== '');
    expect(await frame.textContent('#err-address')).toMatch(/bảng tính, không phải văn bản Google Docs/);
    expect(await frame.getAttribute('#address', 'aria-invalid')).toBe('true');

    await frame.fill('#address', address);
    await frame.getByRole('button', { name: 'Đọc các bảng' }).click();
    await frame.waitForSelector('#previewBox table');
    // Two tables offered; the appendix (the second) is chosen already, and its preview shown.
    const radios = frame.getByRole('radio');
    expect(await radios.count()).toBe(2);
    expect(await radios.nth(1).isChecked()).toBe(true);
    expect(await frame.getByRole('radio', { name: /^Bảng 2 \(9 dòng × 7 cột, 4 nhiệm vụ — giống phụ lục\): TT \| Nội dung nhiệm vụ/ }).isChecked()).toBe(true);
    expect(await frame.textContent('#previewBox p')).toBe('Sẽ thêm 4 nhiệm vụ mới, cập nhật 0, giữ nguyên 0.');
    const rows = await frame.locator('#previewBox table tr:not(.section)').evaluateAll((trs) => trs.slice(1).map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
    expect(rows.map((r) => r[1])).toEqual(['1', '2', '3', '1']);
    expect(rows[2][4]).toBe('Thường xuyên');
    expect(rows[0][4]).toBe('Trước 10 giờ ngày 20/02/2025 (hạn 20/02/2025)');
    const sections = await frame.locator('#previewBox tr.section').allTextContents();
    expect(sections).toEqual(['I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', 'II. TUYÊN TRUYỀN VỀ CẢI CÁCH THỦ TỤC HÀNH CHÍNH']);
    expect(await frame.locator('#outside li').allTextContents()).toEqual(expect.arrayContaining(['Phòng Tư pháp huyện', 'Sở Thông tin và Truyền thông']));

    // Choosing the other table asks for its preview before any import.
    const importButton = frame.getByRole('button', { name: 'Nhập vào kế hoạch' });
    expect(await importButton.isEnabled()).toBe(true);
    await radios.nth(0).check();
    expect(await importButton.isDisabled()).toBe(true);
    await frame.getByRole('button', { name: 'Xem trước' }).click();
    await frame.waitForSelector('#previewBox p.err');
    expect(await importButton.isDisabled()).toBe(true);

    // Back to the appendix, replacing the sample plan.
    await radios.nth(1).check();
    await frame.getByRole('button', { name: 'Xem trước' }).click();
    await frame.waitForSelector('#previewBox table');
    await frame.check('#replaceSample');
    await importButton.click();
    await frame.waitForSelector('#result.msg.ok');
    expect(await frame.textContent('#result')).toMatch(/^Đã thêm 4 nhiệm vụ \(NV09 – NV12\), cập nhật 0, giữ nguyên 0\. Đã thay 8 nhiệm vụ mẫu\.$/);

    const values = js<unknown[][]>(pg.project.sandbox, READ_SHEET, SHEETS.plan);
    const header = values[0] as string[];
    const tasks = values.slice(1).filter((r) => r[header.indexOf(PLAN_COLUMNS.task)] !== '');
    expect(tasks.map((r) => r[header.indexOf(PLAN_COLUMNS.task)])).toEqual(APPENDIX_TASKS.map((t) => t.content));
    expect(tasks.map((r) => r[header.indexOf(PLAN_COLUMNS.section)])).toEqual(APPENDIX_TASKS.map((t) => t.section));
    expect(tasks.map((r) => r[header.indexOf(PLAN_COLUMNS.timeframe)])).toEqual(APPENDIX_TASKS.map((t) => t.time));
  });
});
