/**
 * Issue 13 finding 9: a task's coordinators used to be copied on the lead's reminder, so they
 * held links signed for the lead and what they sent was recorded as the lead's. Each person now
 * gets a digest of their own whose links are signed for them; the entry says who answered; a
 * link still records only while its person leads or coordinates the task (finding 8); and the
 * change loses or repeats nothing for a day already half sent by the previous version (its log
 * rows and its journal "Đã gửi (CC: …)"). On the built bundle in the sandbox, both answer
 * channels (the web app's form and the Google Form).
 */
import { loadSandbox } from '../support/sandbox';
import { js, SET_CELL, SET_SETTING, READ_SHEET, TEST_WEBAPP_URL } from '../support/script';
import { REAL_ADDRESSES } from '../support/addresses';
import { sentMail, type SentMail } from '../../emulator/services/mail';
import { followLink } from '../../emulator/respondent';
import type { Env } from '../../emulator/core/env';
import type { Sandbox } from '../../emulator/sandbox';

const DAY = '2024-06-23T07:00:00+07:00';
const OWNER = 'vanphong.tanviet@gmail.com';
const VANHOA = 'vanhoa.tanviet@gmail.com';
const DAI = 'dai.tanviet@gmail.com';

/**
 * The seed with real addresses; NV06 (lead: Văn hóa) due 30/6/2024, coordinated by the radio
 * station and by the accountant, whose address is still the sample one. Nothing sent yet.
 */
function world(channel: 'webapp' | 'form'): { env: Env; sandbox: Sandbox } {
  const { env, sandbox } = loadSandbox({ now: DAY, owner: OWNER, user: OWNER });
  sandbox.call('setupWorkbook');
  for (const [unit, email] of Object.entries(REAL_ADDRESSES)) js(sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', unit, 'Email', email);
  js(sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', 'Công chức Tài chính - Kế toán', 'Email', 'ketoan@example.invalid');
  js(sandbox, SET_SETTING, 'Email Văn phòng', OWNER);
  if (channel === 'webapp') js(sandbox, SET_SETTING, 'Địa chỉ web app', TEST_WEBAPP_URL);
  js(sandbox, SET_CELL, 'Kế hoạch', 'Mã', 'NV06', 'Thời gian thực hiện', 'Trước ngày 30/6/2024');
  js(sandbox, SET_CELL, 'Kế hoạch', 'Mã', 'NV06', 'Cán bộ, công chức phối hợp', 'Đài truyền thanh xã; Công chức Tài chính - Kế toán');
  // Without a web app the links open the Google Form that turning reminders on makes.
  if (channel === 'form') sandbox.call('toggleReminders');
  env.ui.length = 0;
  return { env, sandbox };
}

function run(sandbox: Sandbox): { sent: number; deferred: number; failed: number; skipped: number } {
  return sandbox.call('runDailyReminders', [], { context: 'trigger' }) as never;
}

function table(sandbox: Sandbox, name: string): Record<string, unknown>[] {
  const v = js<unknown[][]>(sandbox, READ_SHEET, name);
  const h = v[0] as string[];
  return v.slice(1).map((r) => Object.fromEntries(h.map((k, i) => [k, r[i]])));
}

const mailsTo = (env: Env, to: string): SentMail[] => sentMail(env).filter((m) => m.to.includes(to) || m.cc.includes(to));

/** The "Cập nhật tiến độ" link of `code` in an email. */
function linkOf(mail: SentMail, code: string): string {
  const hit = new RegExp(`\\d+\\. ${code}\\b[^\\n]*\\n[^\\n]*\\n\\s*Cập nhật tiến độ: (\\S+)`).exec(mail.body);
  if (!hit) throw new Error(`no link for ${code} in the email to ${mail.to.join(',')}`);
  return hit[1];
}

/** The person a link is signed for: the token's email claim (the token rides in `t=` or in the form's pre-filled answer). */
function signedFor(link: string): string {
  const url = new URL(link);
  const token = url.searchParams.get('t') ?? [...url.searchParams.values()].find((v) => /^[\w-]+\.[\w-]+$/.test(v) && v.length > 40);
  if (!token) throw new Error(`no token in ${link}`);
  return (JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString('utf8')) as { email: string }).email;
}

const ANSWER = { status: 'Đang thực hiện', percent: 50, channel: 'Phát thanh', quantity: 2, note: 'Đài đã phát 2 buổi', reportDate: '2024-06-22' };

describe.each(['webapp', 'form'] as const)('issue 13 finding 9 (%s links): each coordinator gets links of their own', (channel) => {
  test('the lead and the coordinator each get their own digest, signed for them; nobody is copied; a sample address is skipped and logged', () => {
    const { env, sandbox } = world(channel);
    expect(run(sandbox).sent).toBeGreaterThan(0);
    expect(sentMail(env).every((m) => m.cc.length === 0 && m.bcc.length === 0 && m.to.length === 1)).toBe(true);
    const lead = mailsTo(env, VANHOA);
    const coordinator = mailsTo(env, DAI);
    expect(lead).toHaveLength(1);
    expect(coordinator).toHaveLength(1);
    expect(signedFor(linkOf(lead[0], 'NV06'))).toBe(VANHOA);
    expect(signedFor(linkOf(coordinator[0], 'NV06'))).toBe(DAI);
    expect(coordinator[0].body).toMatch(/NV06[^\n]*\n[^\n]*còn 7 ngày; anh\/chị phối hợp thực hiện/);
    expect(coordinator[0].subject).toBe('[CCHC xã Tân Việt] 1 nhiệm vụ cần cập nhật, hạn gần nhất 30/06/2024');
    const log = table(sandbox, 'Nhật ký nhắc việc');
    expect(log.filter((r) => String(r['Nhiệm vụ']).includes('NV06: d-7:2024-06-30')).map((r) => [r['Người nhận'], String(r['Kết quả']).split(':')[0]]).sort()).toEqual([
      [DAI, 'Đã gửi'],
      ['ketoan@example.invalid', 'Bỏ qua'],
      [VANHOA, 'Đã gửi'],
    ]);
    // Nothing twice: the same day again, and the next day.
    expect(run(sandbox)).toEqual({ sent: 0, deferred: 0, failed: 0, skipped: 0 });
    env.clock.set('2024-06-24T07:00:00+07:00');
    expect(run(sandbox).sent).toBe(0);
    expect(mailsTo(env, DAI)).toHaveLength(1);
  });

  test('what the coordinator sends through their link is recorded as theirs, and the lead\'s as the lead\'s', () => {
    const { env, sandbox } = world(channel);
    run(sandbox);
    expect(followLink(sandbox, linkOf(mailsTo(env, DAI)[0], 'NV06'), ANSWER).ok).toBe(true);
    expect(followLink(sandbox, linkOf(mailsTo(env, VANHOA)[0], 'NV06'), { ...ANSWER, percent: 60, note: 'Đã đăng tin' }).ok).toBe(true);
    const rows = table(sandbox, 'Tiến độ');
    expect(rows.map((r) => [r['Mã nhiệm vụ'], r['Người báo cáo'], r['Tiến độ (%)']])).toEqual([
      ['NV06', DAI, 50],
      ['NV06', VANHOA, 60],
    ]);
  });

  test('finding 8 holds: the coordinator\'s link stops recording once they no longer coordinate the task', () => {
    const { env, sandbox } = world(channel);
    run(sandbox);
    const link = linkOf(mailsTo(env, DAI)[0], 'NV06');
    js(sandbox, SET_CELL, 'Kế hoạch', 'Mã', 'NV06', 'Cán bộ, công chức phối hợp', 'Công chức Tài chính - Kế toán');
    const refused = followLink(sandbox, link, ANSWER);
    if (channel === 'webapp') {
      expect(refused.ok).toBe(false);
      expect(refused.text).toContain(`được gửi cho ${DAI}, nay không còn là cán bộ chủ trì hoặc phối hợp nhiệm vụ NV06`);
    }
    expect(table(sandbox, 'Tiến độ')).toHaveLength(0);
    js(sandbox, SET_CELL, 'Kế hoạch', 'Mã', 'NV06', 'Cán bộ, công chức phối hợp', 'Đài truyền thanh xã');
    expect(followLink(sandbox, link, ANSWER).ok).toBe(true);
    expect(table(sandbox, 'Tiến độ').map((r) => r['Người báo cáo'])).toEqual([DAI]);
  });
});

describe('issue 13 finding 9: the day the new version takes over from one that copied coordinators', () => {
  const APPEND_LOG = `function (rows) {
    var sh = SpreadsheetApp.getActive().getSheetByName('Nhật ký nhắc việc');
    var h = sh.getRange(1, 1, 1, sh.getLastColumn()).getValues()[0];
    rows.forEach(function (o) { sh.appendRow(h.map(function (k) { return k in o ? o[k] : ''; })); });
  }`;
  const OLD_RESULT = `Đã gửi (CC: ${DAI}; không CC email mẫu/không hợp lệ: ketoan@example.invalid)`;
  const OLD_ROW = { key: `2024-06-23|${VANHOA}`, at: '2024-06-23T00:01:00.000Z', recipient: VANHOA, tasks: 'NV06: d-7:2024-06-30', result: OLD_RESULT };

  const nv06Mails = (env: Env) => sentMail(env).filter((m) => /^\d+\. NV06 /m.test(m.body));

  test('a digest the old version sent this morning with the coordinator copied: nobody gets NV06 again', () => {
    const { env, sandbox } = world('webapp');
    js(sandbox, APPEND_LOG, [{ Khóa: OLD_ROW.key, 'Thời điểm': OLD_ROW.at, 'Người nhận': VANHOA, 'Nhiệm vụ': OLD_ROW.tasks, 'Kết quả': OLD_RESULT }]);
    run(sandbox);
    expect(nv06Mails(env)).toEqual([]);
    // The sample address was never sent anything: it is still skipped and logged, once.
    expect(table(sandbox, 'Nhật ký nhắc việc').filter((r) => r['Người nhận'] === 'ketoan@example.invalid')).toHaveLength(1);
  });

  test('an in-flight journal of the old version (one property per row, and the older single array) is written to the log once, and nothing in it is sent again', () => {
    const { env, sandbox } = world('webapp');
    const props = env.state.documentProperties;
    props['cchc.reminderJournal.1719100860000.ab12cd34.0'] = JSON.stringify(OLD_ROW);
    // The oldest layout: one property holding an array of rows (another person's digest of the morning).
    const older = { key: `2024-06-23|${OWNER}`, at: '2024-06-23T00:02:00.000Z', recipient: OWNER, tasks: 'NV07: d-7:2024-06-30', result: `Đã gửi (CC: ${DAI})` };
    js(sandbox, SET_CELL, 'Kế hoạch', 'Mã', 'NV07', 'Thời gian thực hiện', 'Trước ngày 30/6/2024');
    js(sandbox, SET_CELL, 'Kế hoạch', 'Mã', 'NV07', 'Cán bộ, công chức phối hợp', 'Đài truyền thanh xã');
    props['cchc.reminderJournal'] = JSON.stringify([older]);
    run(sandbox);
    run(sandbox);
    expect(nv06Mails(env)).toEqual([]);
    expect(sentMail(env).filter((m) => /^\d+\. NV07 /m.test(m.body))).toEqual([]);
    const log = table(sandbox, 'Nhật ký nhắc việc');
    expect(log.filter((r) => r['Khóa'] === OLD_ROW.key && r['Nhiệm vụ'] === OLD_ROW.tasks).map((r) => r['Kết quả'])).toEqual([OLD_RESULT]);
    expect(log.filter((r) => r['Khóa'] === older.key && r['Nhiệm vụ'] === older.tasks)).toHaveLength(1);
    expect(Object.keys(props).filter((k) => k.startsWith('cchc.reminderJournal'))).toEqual([]);
  });
});
