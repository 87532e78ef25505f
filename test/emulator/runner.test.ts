/**
 * `npm run local`: the interface later issues and acceptance checks drive the product through.
 * Runs the real command line (tsx emulator/runner.ts) against a temporary state folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';

const root = path.resolve(__dirname, '../..');
const tsx = path.join(root, 'node_modules', '.bin', 'tsx');

function local(dir: string, ...args: string[]) {
  const r = spawnSync(tsx, [path.join(root, 'emulator', 'runner.ts'), ...args, '--dir', dir], { cwd: root, encoding: 'utf8', timeout: 90_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Each call starts tsx and loads the bundle in a new process: seconds each, more on a busy
// two-core CI machine, and one test makes two calls.
jest.setTimeout(180_000);

describe('npm run local', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-runner-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('onOpen prints the menu it built and exits 0', () => {
    const r = local(dir, 'onOpen');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    const menu = out.ui.find((e: { kind: string }) => e.kind === 'menu').menu;
    expect(menu.caption).toBe('Theo dõi CCHC');
    expect(menu.items.map((i: { caption?: string }) => i.caption)).toEqual(expect.arrayContaining(['Thiết lập bảng theo dõi', 'Kiểm tra kế hoạch', 'Cập nhật tiến độ']));
    expect(r.stderr).toMatch(/\[ui\] menu "Theo dõi CCHC"/);
  });

  test('an unknown function exits non-zero with a one-line message', () => {
    const r = local(dir, 'noSuchThing');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').pop()).toBe('Script function not found: noSuchThing');
    expect(r.stdout).toBe('');
  });

  test('bad usage exits 2 and says how to call it', () => {
    const r = local(dir, 'validatePlan', '--now', 'yesterday');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--now/);
  });

  test('setupWorkbook then validatePlan print the 8 seeded tasks with windows and the placeholder-email problems; --calls prints the counts; the workbook is a real .xlsx', async () => {
    expect(local(dir, 'setupWorkbook', '--now', '2024-02-01T08:00:00+07:00').code).toBe(0);
    const r = local(dir, 'validatePlan', '--calls');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.tasks).toHaveLength(8);
    expect(out.tasks[6]).toMatchObject({ code: 'NV07', window: { from: '2024-10-01', to: '2024-12-31' }, deadline: '2024-12-31' });
    expect(out.problems.some((p: { message: string }) => /Email mẫu/.test(p.message))).toBe(true);
    const calls = JSON.parse(r.stderr.trim().split('\n').find((l) => l.startsWith('{"calls"'))!);
    // Settings, people and the plan once each, and the plan's code column again under the lock
    // before the marks are written (they follow each task's code, even if rows moved meanwhile).
    expect(calls.calls['Range.getValues']).toBe(4);
    expect(calls.byService.SpreadsheetApp).toBeGreaterThan(0);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, 'workbook.xlsx'));
    const plan = wb.getWorksheet('Kế hoạch')!;
    expect(plan.getRow(1).values).toEqual(expect.arrayContaining(['Mã', 'Nhiệm vụ cụ thể', 'Thời gian thực hiện']));
    const taskColumn = (plan.getRow(1).values as unknown[]).indexOf('Nhiệm vụ cụ thể');
    expect(String(plan.getRow(2).getCell(taskColumn).value)).toBe('Tăng cường tuyên truyền CCHC trong nội bộ UBND xã');
  });

  test('a function that throws exits 1 with its message on one line', () => {
    const r = local(dir, 'previewImport', '""');
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n').pop()).toMatch(/^previewImport failed: Chưa dán bảng nào/);
  });

  test('doGet prints the page it serves (an HtmlOutput) as its content and title', () => {
    const r = local(dir, 'doGet');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(typeof out.title).toBe('string');
    expect(out.content).toMatch(/<html|<!DOCTYPE/i);
  });

  test('invalid input to submitProgress is an answer, not a crash', () => {
    const r = local(dir, 'submitProgress', '"not an object"');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, errors: { form: expect.stringMatching(/không hợp lệ/) } });
  });
});
