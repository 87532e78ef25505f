/**
 * `npm run local -- … --addon` and `npm run local -- follow '<url>' [fields]`: dist-addon/ run
 * as an installed Editor add-on from the command line, and a reminder's link opened and answered
 * as a phone would, in both targets. Runs the runner's main() in this process (the same code as
 * the command line, without a tsx start per call) against a temporary state folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main, parseArgs } from '../../emulator/runner';
import { Project, DIST } from '../../emulator/project';
import { sentMail } from '../../emulator/services/mail';
import { js, SET_CELL, SET_SETTING, READ_SHEET } from '../support/script';

async function local(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  const err = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

/** Edits the saved project (a person typing in the sheet), then saves it. */
async function edit(dir: string, addon: boolean, fn: (p: Project) => void): Promise<void> {
  const p = await Project.open(dir, { addon, dist: addon ? `${DIST}-addon` : undefined });
  fn(p);
  await p.save();
}

async function links(dir: string, addon: boolean): Promise<string[]> {
  const p = await Project.open(dir, { addon, dist: addon ? `${DIST}-addon` : undefined });
  return sentMail(p.env).flatMap((m) => [...m.body.matchAll(/Cập nhật tiến độ: (\S+)/g)].map((h) => h[1]));
}

const DAI = 'dai.tanviet@gmail.com';

// Each call loads the project from disk and saves it back (the .xlsx), as the command line does.
jest.setTimeout(240000);

describe('parseArgs', () => {
  test('--addon runs dist-addon/ with its own state folder; follow takes a link and one JSON object', () => {
    expect(parseArgs(['onOpen', '--addon']).dir).toMatch(/\.local[\\/]addon$/);
    expect(parseArgs(['onOpen']).dir).toMatch(/\.local$/);
    expect(() => parseArgs(['follow'])).toThrow(/follow needs the link/);
    expect(() => parseArgs(['follow', 'https://x/exec?t=a', '[1]'])).toThrow(/at most one JSON object/);
    expect(parseArgs(['follow', 'https://x/exec?t=a', '{"percent":5}']).args).toEqual(['https://x/exec?t=a', { percent: 5 }]);
  });
});

describe('npm run local -- … --addon', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-addon-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('opens as a new add-on (AuthMode.NONE menu), is set up, reminds hourly and takes an answer through the form', async () => {
    const first = await local('onOpen', '--addon', '--dir', dir);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/\[ui\] menu "": Bắt đầu: thiết lập bảng theo dõi \(setupWorkbook\) \| Hướng dẫn sử dụng \(showHelp\)\n/);
    expect((await local('setupWorkbook', '--addon', '--dir', dir, '--now', '2024-03-08T06:00:00+07:00')).code).toBe(0);
    const second = await local('onOpen', '--addon', '--dir', dir);
    expect(second.stderr).toMatch(/\[ui\] menu "": Cập nhật tiến độ \(showProgressSidebar\)/);

    await edit(dir, true, (p) => js(p.sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', 'Đài truyền thanh xã', 'Email', DAI));
    expect((await local('toggleReminders', '--addon', '--dir', dir, '--now', '2024-03-08T06:00:00+07:00')).code).toBe(0);
    const early = await local('runHourly', '--addon', '--dir', dir, '--now', '2024-03-08T06:10:00+07:00');
    expect(JSON.parse(early.stdout)).toMatchObject({ sent: 0 });
    const at7 = await local('runHourly', '--addon', '--dir', dir, '--now', '2024-03-08T07:10:00+07:00');
    expect(JSON.parse(at7.stdout).sent).toBeGreaterThan(0);
    const [url] = await links(dir, true);
    expect(url).toMatch(/^https:\/\/docs\.google\.com\/forms\/d\/e\//);

    const page = await local('follow', url, '--addon', '--dir', dir);
    expect(page.code).toBe(0);
    expect(page.stdout).toMatch(/^Cập nhật tiến độ – /);
    expect(page.stdout).toMatch(/Mã nhiệm vụ \*: NV\d\d/);

    const sent = await local('follow', url, '{"status":"Đang thực hiện","percent":50,"channel":"Phát thanh","quantity":2,"note":"Phát 2 buổi"}', '--addon', '--dir', dir, '--now', '2024-03-08T09:00:00+07:00');
    expect(sent.code).toBe(0);
    expect(sent.stdout).toMatch(/^Đã gửi\./);
    const p = await Project.open(dir, { addon: true, dist: `${DIST}-addon` });
    const rows = js<unknown[][]>(p.sandbox, READ_SHEET, 'Tiến độ');
    expect(rows).toHaveLength(2);
    expect(rows[1]).toEqual(expect.arrayContaining(['Đang thực hiện', 50, 'Phát 2 buổi', DAI, 'Biểu mẫu Google']));

    const bad = await local('follow', url, '{"status":"Hoàn thành"}', '--addon', '--dir', dir);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/Tỷ lệ hoàn thành \(%\): Đây là một câu hỏi bắt buộc/);
  });
});

describe('npm run local -- follow, bound script with its web app', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-follow-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('prints the web form\'s text, then fills it in and prints what it says back', async () => {
    expect((await local('setupWorkbook', '--dir', dir, '--now', '2024-03-08T06:00:00+07:00')).code).toBe(0);
    await edit(dir, false, (p) => {
      js(p.sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', 'Đài truyền thanh xã', 'Email', DAI);
      js(p.sandbox, SET_SETTING, 'Địa chỉ web app', 'http://localhost:8080/exec');
    });
    expect((await local('runDailyReminders', '--dir', dir, '--now', '2024-03-08T07:10:00+07:00')).code).toBe(0);
    const [url] = await links(dir, false);
    expect(url).toMatch(/^http:\/\/localhost:8080\/exec\?t=/);
    const page = await local('follow', url, '--dir', dir, '--now', '2024-03-08T08:00:00+07:00');
    expect(page.code).toBe(0);
    expect(page.stdout).toMatch(/Cập nhật tiến độ nhiệm vụ/);
    expect(page.stdout).toMatch(/Người báo cáo: dai\.tanviet@gmail\.com/);
    const sent = await local('follow', url, '{"status":"Đang thực hiện","percent":30,"note":"Đã phát 1 buổi"}', '--dir', dir, '--now', '2024-03-08T08:00:00+07:00');
    expect(sent.stdout).toMatch(/Đã ghi tiến độ cho NV\d\d: Đang thực hiện, 30%/);
    expect(sent.code).toBe(0);
    const tampered = await local('follow', url.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), '--dir', dir, '--now', '2024-03-08T08:00:00+07:00');
    expect(tampered.stdout).toMatch(/không hợp lệ/);
  });
});
