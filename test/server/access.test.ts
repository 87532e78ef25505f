/**
 * The web app executes as the owner and is open to anyone with a link; google.script.run on
 * its page can call any global function. An anonymous visitor must not be able to change the
 * sheet, the triggers, the keys, the outbox or Drive through any entry point but the signed
 * web form.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadSandbox } from '../support/sandbox';
import { sentMail } from '../../emulator/services/mail';
import { listDocuments } from '../../emulator/services/docs/document';
import { SHEETS } from '../../src/core/schema';
import { values } from '../support/sheets';

const mainSource = fs.readFileSync(path.resolve(__dirname, '../../src/server/main.ts'), 'utf8');
const entryPoints = [...mainSource.matchAll(/^global\.(\w+)\s*=/gm)].map((m) => m[1]);
/** Public by design: the web app itself and its signed form. */
const PUBLIC = ['doGet', 'doPost', 'submitAnswer'];

const ARGS: Record<string, unknown[]> = {
  submitProgress: [{ taskId: 'NV03', status: 'Đang thực hiện', percent: 50, channel: 'Phát thanh', quantity: 1, note: 'giả mạo', evidenceUrl: '', reportDate: '2024-03-01', submissionId: 'anon-0000001' }],
  importPlanRows: [[['STT', 'Nhiệm vụ cụ thể', 'Thời gian thực hiện'], ['1', 'Nhiệm vụ giả mạo', 'Quý I/2024']]],
  importPlanText: ['STT\tNhiệm vụ cụ thể\tThời gian thực hiện\n1\tNhiệm vụ giả mạo\tQuý I/2024'],
  previewImport: ['STT\tNhiệm vụ cụ thể\n1\tx'],
  generateReport: [{ period: 'Quý I/2024' }],
  previewReport: [{ period: 'Quý I/2024' }],
  runDailyReminders: [{ triggerUid: 'guessed-123', authMode: 'FULL' }],
  processReplies: [{ triggerUid: 'guessed-123' }],
};

function snapshot(env: ReturnType<typeof loadSandbox>['env'], sandbox: ReturnType<typeof loadSandbox>['sandbox']) {
  return JSON.stringify({
    sheets: Object.values(SHEETS).map((s) => values(sandbox, s)),
    props: env.state.scriptProperties,
    docProps: env.state.documentProperties,
    triggers: env.state.triggers,
    mail: sentMail(env).length,
    docs: listDocuments(env).length,
  });
}

describe('an anonymous web-app visitor', () => {
  test.each(entryPoints.filter((n) => !PUBLIC.includes(n)))('cannot change anything through %s', (name) => {
    const { sandbox, env } = loadSandbox({ now: '2024-03-08T07:00:00+07:00' });
    sandbox.call('setupWorkbook');
    // Real addresses, so that a reminder run would send if it were allowed.
    sandbox.evaluate(`(() => { const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Cán bộ'); const n = s.getLastRow() - 1; s.getRange(2, 3, n, 1).setValues(Array.from({ length: n }, (_, i) => ['canbo' + i + '@tanviet.vn'])); })()`);
    const before = snapshot(env, sandbox);
    let outcome: unknown;
    try {
      outcome = sandbox.call(name, ARGS[name] ?? [], { context: 'webapp' });
    } catch (e) {
      outcome = (e as Error).message;
    }
    expect(snapshot(env, sandbox)).toBe(before);
    // Whatever it answered carries no plan data.
    expect(JSON.stringify(outcome ?? null)).not.toMatch(/Tăng cường tuyên truyền CCHC/);
  });

  test('the same calls work for a signed-in user (so the guard is what stopped them)', () => {
    const { sandbox } = loadSandbox({ now: '2024-03-08T07:00:00+07:00' });
    sandbox.call('setupWorkbook');
    const r = sandbox.call('submitProgress', ARGS.submitProgress) as { ok: boolean };
    expect(r.ok).toBe(true);
    expect((values(sandbox, SHEETS.progress) ?? []).length).toBe(2);
  });
});

/**
 * In a Google Workspace domain, Session.getActiveUser() is NOT blank for a web-app visitor of
 * the owner's domain: a colleague who holds (or guesses) the web app's URL is "signed in", yet
 * the web app runs as the owner, with the owner's rights on the sheet, triggers and Drive.
 * Only the signed form is for them.
 */
describe('a web-app visitor from the owner\'s Workspace domain (active user known, running as the owner)', () => {
  const COLLEAGUE = 'dongnghiep@tanviet.gov.vn';
  const OWNER = 'vanphong@tanviet.gov.vn';

  test.each(entryPoints.filter((n) => !PUBLIC.includes(n)))('cannot change anything through %s', (name) => {
    const { sandbox, env } = loadSandbox({ now: '2024-03-08T07:00:00+07:00', owner: OWNER, user: OWNER });
    sandbox.call('setupWorkbook');
    sandbox.evaluate(`(() => { const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Cán bộ'); const n = s.getLastRow() - 1; s.getRange(2, 3, n, 1).setValues(Array.from({ length: n }, (_, i) => ['canbo' + i + '@tanviet.vn'])); })()`);
    const before = snapshot(env, sandbox);
    let outcome: unknown;
    try {
      outcome = sandbox.call(name, ARGS[name] ?? [], { context: 'webapp', user: COLLEAGUE });
    } catch (e) {
      outcome = (e as Error).message;
    }
    expect(snapshot(env, sandbox)).toBe(before);
    expect(JSON.stringify(outcome ?? null)).not.toMatch(/Tăng cường tuyên truyền CCHC/);
  });

  test('the owner opening the web app, and a colleague in the sheet\'s own sidebar, still can', () => {
    const { sandbox } = loadSandbox({ now: '2024-03-08T07:00:00+07:00', owner: OWNER, user: OWNER });
    sandbox.call('setupWorkbook');
    const mine = sandbox.call('submitProgress', ARGS.submitProgress, { context: 'webapp', user: OWNER }) as { ok: boolean };
    expect(mine.ok).toBe(true);
    const theirs = sandbox.call('submitProgress', [{ ...(ARGS.submitProgress[0] as object), submissionId: 'colleague-0001' }], { context: 'ui', user: COLLEAGUE }) as { ok: boolean };
    expect(theirs.ok).toBe(true);
    expect((values(sandbox, SHEETS.progress) ?? []).length).toBe(3);
  });
});
