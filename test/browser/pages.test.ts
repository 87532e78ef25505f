/**
 * The product's pages in a real browser, used as a person would use them: the progress
 * sidebar at its narrowest and by keyboard alone, the plan import dialog, the report dialog
 * down to the Doc it makes, and the answer form on a phone. Each test starts its own
 * playground (its own workbook), so none depends on another.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { describeBrowser, openDialog, openSheet, perTest, showTab, sidebarAddress, type Playground } from './browser';
import { js, READ_SHEET, SET_CELL } from '../support/script';
import { sentMail } from '../../emulator/services/mail';
import { PLAN_COLUMNS, PROGRESS_COLUMNS, SHEETS } from '../../src/core/schema';

jest.setTimeout(150000);

const HEADER = ['STT', 'Nhiệm vụ cụ thể', 'Sản phẩm/kết quả', 'Cán bộ, công chức chủ trì', 'Cán bộ, công chức phối hợp', 'Thời gian thực hiện'];

/** The rows of a sheet under its header, Dates as ISO strings. */
function sheetRows(pg: Playground, name: string): unknown[][] {
  return js<unknown[][]>(pg.project.sandbox, READ_SHEET, name).slice(1);
}

function column(pg: Playground, name: string, header: string): unknown[] {
  const values = js<unknown[][]>(pg.project.sandbox, READ_SHEET, name);
  const c = values[0].indexOf(header);
  if (c < 0) throw new Error(`no column "${header}" in "${name}"`);
  return values.slice(1).map((r) => r[c]);
}

async function closeDialog(page: Page): Promise<void> {
  await page.getByRole('dialog').getByRole('button', { name: 'Đóng' }).click();
  await page.getByRole('dialog').waitFor({ state: 'detached' });
}

/** The grid of a sheet as the page shows it: the text of each row's cells (row numbers left out), empty rows dropped. */
async function gridRows(page: Page, sheet: string): Promise<string[][]> {
  const grid = page.locator(`table.grid[data-sheet="${sheet}"]`);
  await grid.waitFor();
  const rows = await grid.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td:not(.rowhead)'), (td) => td.textContent ?? '')));
  return rows.filter((r) => r.some((c) => c !== ''));
}

async function horizontalOverflow(target: Page | Frame): Promise<{ scrollWidth: number }> {
  return target.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth }));
}

async function focusedId(target: Page | Frame): Promise<string> {
  return target.evaluate(() => document.activeElement?.id ?? '');
}

describeBrowser('the pages as people use them, in Chromium', () => {
  const t = perTest();
  let pg: Playground | undefined;

  /** The progress sidebar's page (/frame/<id>) opened on its own at 300 px wide, loaded. */
  async function narrowSidebar(): Promise<Page> {
    pg = await t.world('2024-03-08T09:00:00+07:00');
    const page = await (await t.context({ width: 300, height: 900 })).newPage();
    await page.goto(`${pg.url}${await sidebarAddress(pg)}`);
    await page.waitForSelector('#fields:not([disabled])');
    return page;
  }

  describe('progress sidebar at 300 px', () => {
    test('nothing scrolls sideways, before or after errors are shown', async () => {
      const page = await narrowSidebar();
      expect(await page.evaluate(() => window.innerWidth)).toBe(300);
      expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(300);
      // Errors beside every field (the longest texts the form shows) still fit.
      await page.fill('#percent', '');
      await page.fill('#quantity', '3');
      await page.fill('#evidenceUrl', 'drive.google.com/file/d/khong-co-giao-thuc');
      await page.click('#submit');
      await page.waitForSelector('#result.msg.bad');
      expect(await page.textContent('#err-percent')).not.toBe('');
      expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(300);
    });

    test('every field has a visible label of its own, inside the 300 px', async () => {
      const page = await narrowSidebar();
      const fields = await page.evaluate(() => {
        const visible = (el: Element) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
        };
        return Array.from(document.querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input, select, textarea'))
          .filter((el) => el.type !== 'hidden' && visible(el))
          .map((el) => ({
            id: el.id,
            // A <label> of its own, or visible text named by aria-labelledby.
            labels: [...Array.from(el.labels ?? []), ...(el.getAttribute('aria-labelledby') ?? '').split(/\s+/).flatMap((id) => document.getElementById(id) ?? [])]
              .filter((l) => visible(l) && l.getBoundingClientRect().left >= 0 && l.getBoundingClientRect().right <= 300)
              .map((l) => (l.textContent ?? '').replace(/\s+/g, ' ').trim())
              .filter(Boolean),
          }));
      });
      expect(fields.map((f) => f.id)).toEqual(expect.arrayContaining(['taskSearch', 'taskId', 'status', 'percent', 'channel', 'quantity', 'note', 'evidenceUrl', 'reportDate']));
      const unlabelled = fields.filter((f) => f.labels.length === 0).map((f) => f.id);
      expect(unlabelled).toEqual([]);
    });

    test('a whole entry made by keyboard alone is recorded', async () => {
      const page = await narrowSidebar();
      const rowsBefore = sheetRows(pg!, SHEETS.progress).length;

      /** Tab to the next control; a date field's own parts (day, month, year) are stepped through. */
      const tabTo = async (id: string) => {
        const from = await focusedId(page);
        for (let i = 0; i < 4 && (await focusedId(page)) === from; i++) await page.keyboard.press('Tab');
        expect(await focusedId(page)).toBe(id);
      };
      /** Arrow keys on a focused select until `label` is chosen (at most once round the list). */
      const arrowTo = async (id: string, label: string) => {
        const labels = await page.locator(`#${id} option`).allTextContents();
        const target = labels.indexOf(label);
        expect(target).toBeGreaterThanOrEqual(0);
        for (let i = 0; i < labels.length; i++) {
          const now = await page.evaluate((sel) => (document.getElementById(sel) as HTMLSelectElement).selectedIndex, id);
          if (now === target) break;
          await page.keyboard.press(now < target ? 'ArrowDown' : 'ArrowUp');
        }
        expect(await page.evaluate((sel) => { const s = document.getElementById(sel) as HTMLSelectElement; return s.options[s.selectedIndex]?.textContent; }, id)).toBe(label);
      };

      // The page puts the cursor in the search box; the person types there.
      expect(await focusedId(page)).toBe('taskSearch');
      await page.keyboard.type('truyền thanh');
      // The search reads the task and its leads: NV03 (Đài truyền thanh) and NV04 (…, Đài truyền thanh xã).
      const found = await page.locator('#taskId option').allTextContents();
      expect(found.map((t) => t.slice(0, 4))).toEqual(['NV03', 'NV04']);

      const mineShown = await page.isVisible('#mine');
      if (mineShown) await tabTo('mine');
      await tabTo('taskId');
      const nv04 = found.find((t) => t.startsWith('NV04'))!;
      expect(nv04).toBeDefined();
      await arrowTo('taskId', nv04);
      await expect(page.textContent('#taskInfo')).resolves.toMatch(/Chủ trì: Văn phòng HĐND&UBND xã, Đài truyền thanh xã/);

      await tabTo('status');
      await arrowTo('status', 'Đang thực hiện');
      await tabTo('percent');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('40');
      await tabTo('channel');
      await arrowTo('channel', 'Tin bài trên trang TTĐT');
      await tabTo('quantity');
      await page.keyboard.press('Control+A');
      await page.keyboard.type('2');
      await tabTo('note');
      await page.keyboard.type('Đăng 2 tin bài về dịch vụ công trực tuyến');
      await tabTo('evidenceUrl');
      await page.keyboard.type('https://drive.google.com/file/d/tin-bai-thang-3');
      // The date is prefilled with today; the person tabs through its day, month and year.
      await tabTo('reportDate');
      expect(await page.inputValue('#reportDate')).toBe('2024-03-08');
      await tabTo('submit');
      await page.keyboard.press('Space');

      await page.waitForSelector('#result.msg.ok');
      expect(await page.textContent('#result')).toMatch(/Đã ghi tiến độ cho NV04/);
      const rows = sheetRows(pg!, SHEETS.progress);
      expect(rows).toHaveLength(rowsBefore + 1);
      const last = rows.length - 1;
      const cell = (header: string) => column(pg!, SHEETS.progress, header)[last];
      expect(cell(PROGRESS_COLUMNS.taskCode)).toBe('NV04');
      expect(cell(PROGRESS_COLUMNS.status)).toBe('Đang thực hiện');
      expect(cell(PROGRESS_COLUMNS.percent)).toBe(40);
      expect(cell(PROGRESS_COLUMNS.channel)).toBe('Tin bài trên trang TTĐT');
      expect(cell(PROGRESS_COLUMNS.quantity)).toBe(2);
      expect(cell(PROGRESS_COLUMNS.note)).toBe('Đăng 2 tin bài về dịch vụ công trực tuyến');
      expect(cell(PROGRESS_COLUMNS.evidenceUrl)).toBe('https://drive.google.com/file/d/tin-bai-thang-3');
      expect(cell(PROGRESS_COLUMNS.source)).toBe('Thanh bên');
      // 08/03/2024 00:00 in Vietnam.
      expect(cell(PROGRESS_COLUMNS.reportDate)).toBe('2024-03-07T17:00:00.000Z');
      // The form is ready for the next entry.
      expect(await page.inputValue('#note')).toBe('');
    });
  });

  describe('"Nhập kế hoạch từ văn bản"', () => {
    /** The appendix as Word puts it on the clipboard: tab-separated, CRLF lines, a cell with a line break quoted. */
    const PASTE = [
      HEADER,
      ['1', 'Tuyên truyền phòng cháy chữa cháy\ntrong khu dân cư', 'Tin bài', 'Đài truyền thanh xã', 'Các cán bộ, công chức liên quan', 'Quý II/2024'],
      ['2', 'Niêm yết thủ tục hành chính mới ban hành', 'Bảng niêm yết', 'Bộ phận Một cửa UBND xã', '', 'Tháng 6/2024'],
      ['3', 'Hội nghị tập huấn dịch vụ công trực tuyến', 'Hội nghị', 'Công chức Tư pháp', '', 'Khi nào xong'],
    ]
      .map((r) => r.map((c) => (/[\n\t"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join('\t'))
      .join('\r\n');

    async function importOnce(page: Page): Promise<{ before: boolean; summary: string; rows: string[][]; flagged: string[]; after: boolean; result: string }> {
      const frame = await openDialog(page, 'Nhập kế hoạch từ văn bản');
      await frame.fill('#text', PASTE);
      const importButton = frame.getByRole('button', { name: 'Nhập vào kế hoạch' });
      const before = await importButton.isDisabled();
      await frame.getByRole('button', { name: 'Xem trước' }).click();
      await frame.waitForSelector('#previewBox p');
      const summary = (await frame.textContent('#previewBox p')) ?? '';
      const rows = await frame.locator('#previewBox table tr').evaluateAll((trs) => trs.slice(1).map((tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent ?? '')));
      const flagged = await frame.locator('#previewBox table td .err').allTextContents();
      const after = await importButton.isEnabled();
      await importButton.click();
      await frame.waitForSelector('#result.msg.ok');
      const result = (await frame.textContent('#result')) ?? '';
      await closeDialog(page);
      return { before, summary, rows, flagged, after, result };
    }

    test('preview first (new codes, the unreadable timeframe flagged), then import; the same text again adds nothing', async () => {
      pg = await t.world('2024-02-01T08:00:00+07:00');
      const page = await openSheet(await t.context({ width: 1280, height: 900 }), pg);

      const first = await importOnce(page);
      expect(first.before).toBe(true);
      expect(first.summary).toBe('Sẽ thêm 3 nhiệm vụ mới, cập nhật 0, giữ nguyên 0.');
      // Three rows, not four: the quoted line break stayed inside its cell.
      expect(first.rows).toHaveLength(3);
      expect(first.rows.map((r) => r[0])).toEqual(['NV09', 'NV10', 'NV11']);
      expect(first.rows[0][2]).toMatch(/^Tuyên truyền phòng cháy chữa cháy\s+trong khu dân cư$/);
      expect(first.rows[0][4]).toBe('Quý II/2024 (hạn 30/06/2024)');
      expect(first.rows[1][4]).toBe('Tháng 6/2024 (hạn 30/06/2024)');
      expect(first.flagged).toEqual(['Khi nào xong — chưa đọc được']);
      expect(first.after).toBe(true);
      expect(first.result).toMatch(/^Đã thêm 3 nhiệm vụ \(NV09 – NV11\)/);

      await showTab(page, SHEETS.plan);
      let grid = await gridRows(page, SHEETS.plan);
      const code = grid[0].indexOf(PLAN_COLUMNS.code);
      const task = grid[0].indexOf(PLAN_COLUMNS.task);
      const timeframe = grid[0].indexOf(PLAN_COLUMNS.timeframe);
      const tasks = grid.filter((r) => /^NV\d+$/.test(r[code]));
      expect(tasks.map((r) => r[code])).toEqual(['NV01', 'NV02', 'NV03', 'NV04', 'NV05', 'NV06', 'NV07', 'NV08', 'NV09', 'NV10', 'NV11']);
      expect(tasks[8][task]).toMatch(/^Tuyên truyền phòng cháy chữa cháy\s+trong khu dân cư$/);
      // The unreadable timeframe is kept as typed, for the office to fix.
      expect(tasks[10][timeframe]).toBe('Khi nào xong');

      const second = await importOnce(page);
      expect(second.summary).toBe('Sẽ thêm 0 nhiệm vụ mới, cập nhật 0, giữ nguyên 3.');
      expect(second.rows).toEqual([]);
      expect(second.result).toMatch(/^Đã thêm 0 nhiệm vụ, cập nhật 0, giữ nguyên 3\.$/);
      await showTab(page, SHEETS.plan);
      grid = await gridRows(page, SHEETS.plan);
      expect(grid.filter((r) => /^NV\d+$/.test(r[code])).map((r) => r[code])).toEqual(tasks.map((r) => r[code]));
      expect(sheetRows(pg, SHEETS.plan)).toHaveLength(11);
    });

    test('"Nhập vào kế hoạch" waits for a preview of the text as it is now', async () => {
      pg = await t.world('2024-02-01T08:00:00+07:00');
      const page = await openSheet(await t.context({ width: 1280, height: 900 }), pg);
      const frame = await openDialog(page, 'Nhập kế hoạch từ văn bản');
      const importButton = frame.getByRole('button', { name: 'Nhập vào kế hoạch' });
      expect(await importButton.isDisabled()).toBe(true);
      await frame.fill('#text', PASTE);
      expect(await importButton.isDisabled()).toBe(true);
      await frame.getByRole('button', { name: 'Xem trước' }).click();
      await frame.waitForSelector('#previewBox p');
      expect(await importButton.isEnabled()).toBe(true);
      // Changing the text after the preview asks for a new one.
      await frame.fill('#text', `${PASTE}\r\n4\tThêm một dòng\tTin bài\tĐài truyền thanh xã\t\tQuý III/2024`);
      expect(await importButton.isDisabled()).toBe(true);
      expect(sheetRows(pg, SHEETS.plan)).toHaveLength(8);
    });

    test('pasting Word\'s clipboard (HTML with merged cells and headings) imports the table as Word holds it', async () => {
      pg = await t.world('2025-01-10T08:00:00+07:00');
      const page = await openSheet(await t.context({ width: 1280, height: 900 }), pg);
      const frame = await openDialog(page, 'Nhập kế hoạch từ văn bản');
      const html = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'clipboard', 'word-appendix.html'), 'utf8');
      // Word's plain text of the same table: merged header cells collapsed, paragraphs unquoted.
      const text = 'TT\tNội dung nhiệm vụ\tSản phẩm đầu ra\tĐơn vị thực hiện\tThời gian hoàn thành\tGhi chú\r\n\t\t\tChủ trì\tPhối hợp\t\t\r\n';
      await frame.locator('#text').focus();
      await frame.evaluate(
        ([h, t]) => {
          const data = new DataTransfer();
          data.setData('text/html', h);
          data.setData('text/plain', t);
          document.getElementById('text')!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        },
        [html, text] as const,
      );
      // The box shows the plain text; the HTML is what is read.
      expect(await frame.inputValue('#text')).toBe(text.replace(/\r\n/g, '\n'));
      expect(await frame.textContent('#pasteKind')).toMatch(/Đã nhận bảng kèm định dạng/);
      await frame.getByRole('button', { name: 'Xem trước' }).click();
      await frame.waitForSelector('#previewBox table');
      const rows = await frame.locator('#previewBox table tr').evaluateAll((trs) => trs.slice(1).map((tr) => Array.from(tr.querySelectorAll('td, th'), (td) => td.textContent ?? '')));
      // The group headings head their tasks in the preview.
      expect(rows.map((r) => (r.length === 1 ? r[0] : `${r[0]} ${r[1]}`))).toEqual([
        'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH',
        'NV09 1',
        'NV10 2',
        'NV11 3',
        'II. TUYÊN TRUYỀN VỀ CẢI CÁCH THỦ TỤC HÀNH CHÍNH',
        'NV12 1',
      ]);
      // Bodies outside the commune are shown as such, never offered as a commune unit.
      expect(await frame.locator('#outside li').allTextContents()).toEqual(['Phòng Tư pháp huyện', 'Sở Thông tin và Truyền thông']);
      expect(rows.filter((r) => r.length > 1).map((r) => [r[0], r[1]])).toEqual([
        ['NV09', '1'],
        ['NV10', '2'],
        ['NV11', '3'],
        ['NV12', '1'],
      ]);
      const importButton = frame.getByRole('button', { name: 'Nhập vào kế hoạch' });
      expect(await importButton.isEnabled()).toBe(true);
      await importButton.click();
      await frame.waitForSelector('#result.msg.ok');
      expect(await frame.textContent('#result')).toMatch(/^Đã thêm 4 nhiệm vụ \(NV09 – NV12\)/);
      expect(column(pg, SHEETS.plan, PLAN_COLUMNS.section).slice(8)).toEqual([
        'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH',
        'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH',
        'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH',
        'II. TUYÊN TRUYỀN VỀ CẢI CÁCH THỦ TỤC HÀNH CHÍNH',
      ]);
    });

    test('a paste with no table in it: the preview says why and "Nhập vào kế hoạch" stays disabled', async () => {
      pg = await t.world('2024-02-01T08:00:00+07:00');
      const page = await openSheet(await t.context({ width: 1280, height: 900 }), pg);
      const frame = await openDialog(page, 'Nhập kế hoạch từ văn bản');
      await frame.fill('#text', 'Kính gửi: UBND xã Tân Việt\nV/v báo cáo kết quả CCHC quý I');
      await frame.getByRole('button', { name: 'Xem trước' }).click();
      await frame.waitForSelector('#previewBox p.err');
      expect(await frame.textContent('#previewBox')).toMatch(/Không tìm thấy dòng tiêu đề/);
      expect(await frame.getByRole('button', { name: 'Nhập vào kế hoạch' }).isDisabled()).toBe(true);
    });
  });


  describe('"Tạo báo cáo định kỳ"', () => {
    /** Records an entry through the sidebar's own server function, as the office would have. */
    function record(p: Playground, taskId: string, channel: string, quantity: number, reportDate: string, note: string, n: number): void {
      const entry = { taskId, status: 'Đang thực hiện', percent: 50, channel, quantity, note, evidenceUrl: '', reportDate, submissionId: `bao-cao-${n}-abcdef` };
      const res = p.project.sandbox.call('submitProgress', [entry], { context: 'ui' }) as { ok: boolean; message: string };
      expect(res).toMatchObject({ ok: true });
    }

    /** "Quý I" 2024 picked and previewed in a freshly opened dialog. */
    async function previewQ1(page: Page): Promise<Frame> {
      const frame = await openDialog(page, 'Tạo báo cáo định kỳ');
      await frame.waitForSelector('#fields:not([disabled])');
      await frame.getByLabel('Kỳ báo cáo').selectOption({ label: 'Quý I' });
      await frame.getByLabel('Năm').fill('2024');
      await frame.getByRole('button', { name: 'Xem số liệu' }).click();
      await frame.waitForSelector('#previewBox h1');
      return frame;
    }

    async function generate(frame: Frame): Promise<{ text: string; href: string }> {
      await frame.getByRole('button', { name: 'Tạo báo cáo' }).click();
      await frame.waitForSelector('#result.msg.ok');
      const link = frame.getByRole('link', { name: /^Mở báo cáo số/ });
      // The PDF saved beside the Doc is linked too.
      expect(await frame.getByRole('link', { name: 'Bản PDF' }).getAttribute('href')).toMatch(/^https:\/\/drive\.google\.com\/file\/d\/[-\w]+\/view/);
      return { text: (await frame.textContent('#result')) ?? '', href: (await link.getAttribute('href')) ?? '' };
    }

    /** The "Tài liệu" tab's row for a Doc, and its HTML preview opened from "Xem". */
    async function openDocument(page: Page, name: RegExp): Promise<{ previewUrl: string; doc: Page }> {
      await showTab(page, 'Tài liệu');
      const row = page.locator('.panel tr').filter({ hasText: name });
      await row.waitFor();
      const view = row.getByRole('link', { name: 'Xem' });
      const previewUrl = (await view.getAttribute('href')) ?? '';
      const [doc] = await Promise.all([page.waitForEvent('popup'), view.click()]);
      await doc.waitForLoadState('domcontentloaded');
      return { previewUrl, doc };
    }

    test('Quý I/2024: the ND09 window and the channel figures, an edited part kept literally, numbered 01 then 02', async () => {
      pg = await t.world('2024-03-20T09:00:00+07:00');
      // Entries made before the report: three inside the window 15/12/2023 – 14/03/2024, one after it.
      record(pg, 'NV03', 'Phát thanh', 5, '2024-03-07', 'Phát 5 chuyên mục CCHC trên đài truyền thanh', 1);
      record(pg, 'NV03', 'Phát thanh', 2, '2024-02-10', 'Phát 2 chuyên mục về dịch vụ công', 2);
      record(pg, 'NV04', 'Tin bài trên trang TTĐT', 4, '2023-12-20', 'Đăng 4 tin bài CCHC trên trang TTĐT', 3);
      record(pg, 'NV05', 'Hội nghị', 1, '2024-03-16', 'Hội nghị phổ biến pháp luật sau ngày chốt số liệu', 4);
      await pg.project.save();
      const page = await openSheet(await t.context({ width: 1280, height: 900 }), pg);

      const frame = await previewQ1(page);
      const preview = (await frame.textContent('#previewBox')) ?? '';
      expect(preview).toContain('Số liệu từ ngày 15/12/2023 đến ngày 14/03/2024');
      expect(preview).toContain('Báo cáo sẽ mang số 01/BC-UBND');
      const channels = await frame.locator('#previewBox table').first().locator('tr').evaluateAll((trs) => trs.slice(1).map((tr) => Array.from(tr.children, (c) => (c.textContent ?? '').trim())));
      const byChannel = new Map(channels.map((r) => [r[0], r.slice(1)]));
      // Each channel with its unit; no total across units.
      expect(byChannel.get('Phát thanh')).toEqual(['chuyên mục', '7']);
      expect(byChannel.get('Tin bài trên trang TTĐT')).toEqual(['tin, bài', '4']);
      // The conference on 16/03 is after the cut-off: not in Quý I.
      expect(byChannel.get('Hội nghị')?.[1]).toBe('0');
      expect(byChannel.has('Tổng cộng')).toBe(false);
      // The office's parts are marked as still to be written.
      expect(await frame.locator('#narrative textarea.todo').evaluateAll((els) => els.map((e) => e.id))).toEqual(['n-causes', 'n-proposals']);
      // What was done, by task, in the window.
      expect(preview).toContain('Phát 5 chuyên mục CCHC trên đài truyền thanh');
      expect(preview).not.toContain('Hội nghị phổ biến pháp luật sau ngày chốt số liệu');

      const edited = 'UBND xã ban hành Kế hoạch số 15/KH-UBND; văn bản <b>HTML</b> & "ngoặc kép" được giữ nguyên.';
      await frame.getByLabel('I. Công tác chỉ đạo, điều hành').fill(edited);
      // Writing a part clears its mark; generating with the other one as is asks once.
      await frame.getByLabel('III.3. Nguyên nhân (Văn phòng viết)').fill('Cán bộ kiêm nhiệm nhiều việc.');
      expect(await frame.locator('#narrative textarea.todo').evaluateAll((els) => els.map((e) => e.id))).toEqual(['n-proposals']);
      const asked: string[] = [];
      page.on('dialog', (d) => {
        asked.push(d.message());
        void d.accept();
      });
      const first = await generate(frame);
      expect(asked).toEqual(['Các mục V. Đề xuất, kiến nghị vẫn là nội dung gợi ý (tô vàng). Vẫn tạo báo cáo với nội dung này?']);
      expect(first.text).toMatch(/Đã tạo báo cáo số 01\/BC-UBND \(số liệu từ 15\/12\/2023 đến 14\/03\/2024\)/);
      expect(first.text).toContain('Mở báo cáo số 01/BC-UBND');
      const firstId = /\/document\/d\/([-\w]+)/.exec(first.href)?.[1];
      expect(firstId).toBeDefined();
      await closeDialog(page);

      const one = await openDocument(page, /01-BC-UBND/);
      // The link in the dialog and the listing name the same Doc.
      expect(decodeURIComponent(one.previewUrl)).toBe(`/documents/${firstId}`);
      const text = await one.doc.evaluate(() => document.body.innerText);
      expect(text).toContain('BÁO CÁO');
      expect(text).toContain('Số: 01/BC-UBND');
      expect(text).toContain(edited);
      // The user's "<b>" is text: no element made from it.
      expect(await one.doc.locator('b, strong').count()).toBe(0);
      expect(await one.doc.evaluate(() => Array.from(document.querySelectorAll('body *')).some((el) => el.children.length === 0 && el.textContent === 'HTML'))).toBe(false);
      await one.doc.close();

      // A second report of the same period is refused unless marked as a replacement; it takes the next number.
      const again = await previewQ1(page);
      expect(await again.textContent('#previewBox')).toContain('Báo cáo sẽ mang số 02/BC-UBND');
      expect(await again.textContent('#previewBox')).toContain('Đã có báo cáo số 01/BC-UBND ngày 20/03/2024 cho kỳ Quý I/2024');
      await again.getByRole('button', { name: 'Tạo báo cáo' }).click();
      await again.waitForSelector('#result.msg.bad');
      expect(await again.textContent('#result')).toContain('đánh dấu ô "Lập báo cáo thay thế, bổ sung"');
      await again.getByLabel(/Lập báo cáo thay thế, bổ sung/).check();
      const second = await generate(again);
      expect(second.text).toContain('Mở báo cáo số 02/BC-UBND');
      await closeDialog(page);
      const two = await openDocument(page, /02-BC-UBND/);
      expect(await two.doc.evaluate(() => document.body.innerText)).toContain('Số: 02/BC-UBND');
      await two.doc.close();
      expect(await page.locator('.panel tr').filter({ hasText: /BC-UBND/ }).count()).toBe(2);
    });
  });

  describe('the answer form on a 360 px phone', () => {
    /** Setup, a real address for "Công chức Tư pháp - Hộ tịch", and the reminders of 8 March sent; the link for NV05. */
    async function reminderLink(): Promise<string> {
      pg = await t.world('2024-03-08T07:00:00+07:00');
      js(pg.project.sandbox, SET_CELL, SHEETS.people, 'Đơn vị/chức danh', 'Công chức Tư pháp - Hộ tịch', 'Email', 'tuphap.tanviet@gmail.com');
      js(pg.project.sandbox, SET_CELL, SHEETS.settings, 'Mục cài đặt', 'Địa chỉ web app', 'Giá trị', `${pg.url}/exec`);
      pg.project.sandbox.call('runDailyReminders', [], { context: 'trigger' });
      await pg.project.save();
      const mail = sentMail(pg.project.env).find((m) => m.to.includes('tuphap.tanviet@gmail.com'));
      expect(mail).toBeDefined();
      const links = [...(mail!.htmlBody ?? '').matchAll(/href="([^"]*\/exec\?[^"]+)"/g)].map((m) => m[1].replace(/&amp;/g, '&'));
      const link = links.find((l) => /NV05/.test(Buffer.from(new URL(l).searchParams.get('t')!.split('.')[0], 'base64url').toString('utf8')));
      expect(link).toBeDefined();
      return link!;
    }

    async function phone(): Promise<Page> {
      return (await t.context({ width: 360, height: 740, mobile: true })).newPage();
    }

    test('an altered link gets a plain Vietnamese refusal and no form', async () => {
      const link = new URL(await reminderLink());
      const token = link.searchParams.get('t')!;
      // One character of the signature changed (it stays a web-safe base64 character).
      const i = token.length - 2;
      link.searchParams.set('t', `${token.slice(0, i)}${token[i] === 'A' ? 'B' : 'A'}${token.slice(i + 1)}`);
      const page = await phone();
      await page.goto(link.toString());
      await page.getByRole('heading', { name: 'Không mở được trang cập nhật' }).waitFor();
      const text = await page.evaluate(() => document.body.innerText);
      expect(text).toContain('Đường dẫn này không hợp lệ (có thể đã bị sửa)');
      expect(text).toContain('Không có thông tin nào được ghi.');
      expect(text).not.toMatch(/error|exception|token|signature|undefined|null|stack/i);
      expect(await page.locator('form, input, select, textarea, button').count()).toBe(0);
      expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(360);
      expect(sheetRows(pg!, SHEETS.progress)).toHaveLength(0);
    });

    test('a valid link with an invalid entry shows the errors beside the fields and records nothing', async () => {
      const link = await reminderLink();
      const page = await phone();
      await page.goto(link);
      await page.waitForSelector('#form');
      expect(await page.textContent('main')).toContain('NV05');
      expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(360);

      await page.getByLabel('Số lượng').fill('3');
      await page.getByLabel('Nội dung đã thực hiện').fill('   ');
      await page.getByLabel('Minh chứng').fill('drive.google.com/file/d/abc');
      await page.getByLabel('Ngày thực hiện').fill('2024-03-20');
      await page.getByRole('button', { name: 'Ghi tiến độ' }).click();

      await page.waitForSelector('#result.msg.bad');
      expect(await page.textContent('#result')).toMatch(/Chưa gửi được/);
      expect(await page.textContent('#err-channel')).toMatch(/chọn hình thức/);
      expect(await page.textContent('#err-note')).toBe('Ghi nội dung đã thực hiện.');
      expect(await page.textContent('#err-evidenceUrl')).toMatch(/http:\/\/ hoặc https:\/\//);
      expect(await page.textContent('#err-reportDate')).toBe('Ngày thực hiện không được sau hôm nay (08/03/2024).');
      for (const id of ['channel', 'note', 'evidenceUrl', 'reportDate']) expect(await page.getAttribute(`#${id}`, 'aria-invalid')).toBe('true');
      // The first field to fix has the focus; what was typed is kept.
      expect(await focusedId(page)).toBe('channel');
      expect(await page.inputValue('#evidenceUrl')).toBe('drive.google.com/file/d/abc');
      for (const id of ['err-channel', 'err-note', 'err-evidenceUrl', 'err-reportDate']) {
        const box = await page.locator(`#${id}`).boundingBox();
        expect(box && box.x >= 0 && box.x + box.width <= 360).toBe(true);
      }
      expect((await horizontalOverflow(page)).scrollWidth).toBeLessThanOrEqual(360);
      expect(sheetRows(pg!, SHEETS.progress)).toHaveLength(0);
    });
  });

});
