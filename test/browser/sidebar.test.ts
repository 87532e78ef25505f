/**
 * The progress sidebar at 300 px as a new office user meets it, in Chromium: its data is on the
 * first paint (printed into the page, no second round trip), list lines fit with the full text
 * on hover, errors clear when fixed, the success message is in view, a user without tasks is
 * told why "Chỉ nhiệm vụ của tôi" is empty, and the date reads dd/mm/yyyy.
 */
import type { Page } from 'playwright-core';
import { describeBrowser, perTest, sidebarAddress, type Playground } from './browser';
import { js, SET_CELL } from '../support/script';

jest.setTimeout(120000);

describeBrowser('the progress sidebar at 300 px, in Chromium', () => {
  const t = perTest();

  /** Opens the sidebar as the menu does, its page alone in a 300 px window; records its google.script.run calls. */
  async function sidebar(prepare?: (p: Playground) => void, height = 900): Promise<{ page: Page; gsr: string[] }> {
    const pg = await t.world('2024-03-08T09:00:00+07:00', { prepare });
    const context = await t.context({ width: 300, height });
    const frame = await sidebarAddress(pg);
    const page = await context.newPage();
    const gsr: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/gsr')) gsr.push(JSON.parse(r.postData() ?? '{}').fn);
    });
    page.on('dialog', (d) => {
      gsr.push(`dialog: ${d.message()}`);
      void d.dismiss();
    });
    await page.goto(`${pg.url}${frame}`, { waitUntil: 'domcontentloaded' });
    return { page, gsr };
  }

  test('the task list is there on first paint, with no second round trip, and sheet text cannot break out of the page', async () => {
    const evil = 'Tuyên truyền </script><script>alert(1)</script> <!-- & "trích dẫn"';
    const { page, gsr } = await sidebar((p) => js(p.project.sandbox, SET_CELL, 'Kế hoạch', 'Mã', 'NV02', 'Nhiệm vụ cụ thể', evil));
    // As soon as the HTML is parsed (the inlined script has run), before any request could answer.
    expect(await page.isEnabled('#taskSearch')).toBe(true);
    expect(await page.isHidden('#loading')).toBe(true);
    expect(await page.locator('#taskId option').count()).toBe(8);
    await page.selectOption('#taskId', 'NV02');
    await expect(page.textContent('#taskInfo')).resolves.toContain(evil);
    await page.waitForLoadState('load');
    expect(gsr).toEqual([]);
  });

  test('list lines fit the 300 px with the full text and status on hover; the chosen task is shown in full', async () => {
    const { page } = await sidebar();
    await page.waitForSelector('#fields:not([disabled])');
    const lines = await page.locator('#taskId option').evaluateAll((os) =>
      os.map((o) => {
        const probe = document.createElement('span');
        probe.style.font = getComputedStyle(o.parentElement!).font;
        probe.style.whiteSpace = 'nowrap';
        probe.textContent = o.textContent;
        document.body.append(probe);
        const w = probe.getBoundingClientRect().width;
        probe.remove();
        return { text: o.textContent ?? '', title: (o as HTMLOptionElement).title, width: w, room: (o.parentElement as HTMLSelectElement).clientWidth };
      }),
    );
    for (const l of lines) {
      expect(l.width).toBeLessThanOrEqual(l.room - 8);
      expect(l.title).toMatch(/ — (Chưa thực hiện|Đang thực hiện|Hoàn thành|[^,]+), \d+%$/);
      expect(l.text.startsWith(l.title.slice(0, 4))).toBe(true);
    }
    // The seed's first task is long: abbreviated in the list, in full on hover and below once chosen.
    expect(lines[0].text).toMatch(/…$/);
    await page.selectOption('#taskId', 'NV01');
    await expect(page.textContent('#taskInfo')).resolves.toContain(lines[0].title.split(' — ')[0]);
  });

  test('an error clears as soon as its field is fixed; the success message is in view without scrolling', async () => {
    const { page } = await sidebar(undefined, 520);
    await page.waitForSelector('#fields:not([disabled])');
    await page.selectOption('#taskId', 'NV03');
    await page.selectOption('#status', 'Đang thực hiện');
    await page.fill('#note', 'Phát 4 chuyên mục CCHC');
    await page.fill('#percent', '');
    await page.click('#submit');
    await page.waitForSelector('#result.msg.bad');
    expect(await page.textContent('#err-percent')).not.toBe('');
    await page.fill('#percent', '40');
    expect(await page.textContent('#err-percent')).toBe('');
    expect(await page.getAttribute('#percent', 'aria-invalid')).toBeNull();
    // With every error fixed, the "see the marked fields" message goes too.
    expect(await page.textContent('#result')).toBe('');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.click('#submit');
    await page.waitForSelector('#result.msg.ok');
    const box = await page.locator('#result').boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(520);
  });

  test('"Chỉ nhiệm vụ của tôi" says why the list is empty for a user with no tasks, and is ticked for one with tasks', async () => {
    const { page } = await sidebar();
    await page.waitForSelector('#fields:not([disabled])');
    expect(await page.isVisible('#mine')).toBe(true);
    expect(await page.isChecked('#mine')).toBe(false);
    await page.check('#mine');
    await expect(page.textContent('#mineInfo')).resolves.toMatch(/^Bạn chưa được giao nhiệm vụ nào trong kế hoạch \(theo email .+@.+ ở trang "Cán bộ"\)/);
    await expect(page.locator('#taskId option').allTextContents()).resolves.toEqual(['Bạn chưa được giao nhiệm vụ nào']);
    await page.uncheck('#mine');
    expect(await page.textContent('#mineInfo')).toBe('');
    const again = await sidebar((p) => {
      const me = p.project.env.user;
      js(p.project.sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', 'Đài truyền thanh xã', 'Email', me);
    });
    await again.page.waitForSelector('#fields:not([disabled])');
    expect(await again.page.isChecked('#mine')).toBe(true);
    const mine = await again.page.locator('#taskId option').allTextContents();
    expect(mine.map((t) => t.slice(0, 4))).toEqual(['NV03', 'NV04']);
    expect(await again.page.textContent('#mineInfo')).toBe('');
  });

  test('the date of the work reads dd/mm/yyyy, in a Vietnamese date field', async () => {
    const { page } = await sidebar();
    await page.waitForSelector('#fields:not([disabled])');
    expect(await page.getAttribute('#reportDate', 'lang')).toBe('vi');
    expect(await page.textContent('#reportDateText')).toBe('Ngày 08/03/2024');
    await page.fill('#reportDate', '2024-03-05');
    expect(await page.textContent('#reportDateText')).toBe('Ngày 05/03/2024');
  });
});
