/**
 * The playground's add-on switch (`npm start -- --addon`) and its Google Form page: the add-on
 * menu in AuthMode.NONE until used, reminders whose links open the form at its own path on the
 * playground, and the form sent from there recorded by the form-submit trigger.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPlayground } from '../../emulator/playground/server';
import { js, SET_CELL, READ_SHEET } from '../support/script';

jest.setTimeout(120000);

describe('the playground as an add-on', () => {
  let dir: string;
  let pg: Awaited<ReturnType<typeof startPlayground>>;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-pg-addon-'));
    pg = await startPlayground({ dir, port: 0, now: '2024-03-08T06:00:00+07:00', addon: true, deployed: true });
  });
  afterAll(async () => {
    await pg.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const post = async (p: string, body: unknown) => (await fetch(`${pg.url}${p}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) })).json();

  test('opens with the NONE menu, then the full one once used; its reminders link to the form, which it serves and records', async () => {
    const first = (await post('/api/open', {})) as { ui: { kind: string; menu?: { items: { functionName?: string }[] } }[] };
    expect(first.ui.find((e) => e.kind === 'menu')!.menu!.items.map((i) => i.functionName)).toEqual(['setupWorkbook', 'showHelp']);
    await post('/api/run', { fn: 'setupWorkbook' });
    const second = (await post('/api/open', {})) as { ui: { kind: string; menu?: { items: { functionName?: string }[] } }[] };
    expect(second.ui.find((e) => e.kind === 'menu')!.menu!.items.map((i) => i.functionName)).toContain('toggleReminders');
    // No web app in the add-on, even with "deployed".
    expect(pg.project.env.webAppUrl).toBeNull();

    js(pg.project.sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', 'Đài truyền thanh xã', 'Email', 'dai.tanviet@gmail.com');
    await post('/api/run', { fn: 'toggleReminders' });
    await post('/api/clock', { now: '2024-03-08T07:10:00+07:00' });
    const hourly = pg.project.env.state.triggers.find((t) => t.handler === 'runHourly')!;
    await post('/api/run', { fn: 'runHourly', trigger: hourly.id });
    const mails = (await (await fetch(`${pg.url}/api/outbox`)).json()) as unknown[];
    expect(mails.length).toBeGreaterThan(0);
    const shown = await (await fetch(`${pg.url}/outbox/0`)).text();
    const link = /href="([^"]+\/forms\/d\/e\/[^"]+)"/.exec(shown)![1].replace(/&amp;/g, '&');
    expect(link.startsWith(`${pg.url}/forms/d/e/`)).toBe(true);

    const page = await (await fetch(link)).text();
    expect(page).toContain('Mã nhiệm vụ');
    const fields = new URLSearchParams();
    for (const m of page.matchAll(/<input id="(entry\.\d+)" name="entry\.\d+" type="(?:text|date)" value="([^"]*)">/g)) fields.set(m[1], m[2]);
    const select = (title: string, value: string) => {
      const id = new RegExp(`<label for="(entry\\.\\d+)"><b>${title}`).exec(page)![1];
      fields.set(id, value);
    };
    select('Trạng thái', 'Đang thực hiện');
    const percent = /<label for="(entry\.\d+)"><b>Tỷ lệ/.exec(page)![1];
    fields.set(percent, '40');
    const note = /<label for="(entry\.\d+)"><b>Nội dung/.exec(page)![1];
    fields.set(note, 'Phát 2 buổi');
    const sent = await (await fetch(link, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: fields.toString() })).text();
    expect(sent).toContain('Đã gửi.');
    const rows = js<unknown[][]>(pg.project.sandbox, READ_SHEET, 'Tiến độ');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual(expect.arrayContaining(['Đang thực hiện', 40, 'Phát 2 buổi', 'Biểu mẫu Google']));
  });
});
