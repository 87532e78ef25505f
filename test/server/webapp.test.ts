/**
 * The web app behind the links in reminders (doGet/doPost and the form's submitAnswer), on the
 * built bundle in the sandbox, as an anonymous visitor would use it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadSandbox } from '../support/sandbox';
import { js, SET_CELL, SET_SETTING, TEST_WEBAPP_URL, READ_SHEET, FORMULAS } from '../support/script';
import { sentMail } from '../../emulator/services/mail';
import { followLink } from '../../emulator/respondent';
import type { Env } from '../../emulator/core/env';
import type { Sandbox } from '../../emulator/sandbox';

const DAY = '2024-03-08T07:00:00+07:00';

const EMAILS: Record<string, string> = {
  'Văn phòng HĐND&UBND xã': 'vanphong.tanviet@gmail.com',
  'UBND xã': 'chutich.tanviet@gmail.com',
  'Bộ phận Một cửa UBND xã': 'motcua.tanviet@gmail.com',
  'Đài truyền thanh xã': 'dai.tanviet@gmail.com',
  'Công chức Tư pháp - Hộ tịch': 'tuphap.tanviet@gmail.com',
};

interface Ctx {
  env: Env;
  sandbox: Sandbox;
  /** The links of the reminders sent on DAY: token by task code and recipient. */
  tokens: Map<string, string>;
}

/** Setup, real addresses, and the reminders of 8 March 2024 sent (their links are the tokens). */
function world(before?: (sandbox: Sandbox) => void): Ctx {
  const { env, sandbox } = loadSandbox({ now: DAY });
  sandbox.call('setupWorkbook');
  for (const [unit, email] of Object.entries(EMAILS)) js(sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', unit, 'Email', email);
  js(sandbox, SET_SETTING, 'Địa chỉ web app', TEST_WEBAPP_URL);
  before?.(sandbox);
  sandbox.call('runDailyReminders', [], { context: 'trigger' });
  const tokens = new Map<string, string>();
  for (const m of sentMail(env)) {
    for (const hit of m.body.matchAll(/\d+\. (NV\d+)[^\n]*\n[^\n]*\n\s*Cập nhật tiến độ: \S+\?t=(\S+)/g)) tokens.set(`${hit[1]}|${m.to[0]}`, hit[2]);
  }
  env.ui.length = 0;
  return { env, sandbox, tokens };
}

interface Page {
  content: string;
  title: string;
  xFrame: string;
  meta: { name: string; content: string }[];
}

function web(sandbox: Sandbox, fn: 'doGet' | 'doPost', parameter: Record<string, string>): Page {
  const out = sandbox.call(fn, [{ parameter, parameters: Object.fromEntries(Object.entries(parameter).map(([k, v]) => [k, [v]])) }], { context: 'webapp', user: '' }) as {
    getContent(): string;
    getTitle(): string;
    _xFrameOptionsMode: string;
    _metaTags: { name: string; content: string }[];
  };
  return { content: out.getContent(), title: out.getTitle(), xFrame: out._xFrameOptionsMode, meta: out._metaTags };
}

function progressRows(sandbox: Sandbox): unknown[][] {
  return js<unknown[][]>(sandbox, READ_SHEET, 'Tiến độ').slice(1);
}

function submit(sandbox: Sandbox, token: string, entry: Record<string, unknown>) {
  return sandbox.call('submitAnswer', [token, entry], { context: 'webapp', user: '' }) as { ok: boolean; message: string; errors?: Record<string, string>; duplicate?: boolean };
}

const ENTRY = {
  taskId: 'NV05',
  status: 'Đang thực hiện',
  percent: 60,
  channel: 'Tin bài trên trang TTĐT',
  quantity: 3,
  note: 'Đăng 3 tin bài về thủ tục hộ tịch trực tuyến',
  evidenceUrl: 'https://drive.google.com/file/d/abc',
  reportDate: '2024-03-07',
  submissionId: 'web-0001-abcdef',
};

/** Changes one character of the token's signature (a web-safe base64 character stays one). */
function alterSignature(token: string): string {
  const last = token[token.length - 2];
  return `${token.slice(0, -2)}${last === 'A' ? 'B' : 'A'}${token.slice(-1)}`;
}

describe('doGet', () => {
  test('without a token: a short Vietnamese explanation, no form', () => {
    const { sandbox } = world();
    const page = web(sandbox, 'doGet', {});
    expect(page.content).toContain('Trang chỉ mở được từ đường dẫn &quot;Cập nhật tiến độ&quot; trong thư nhắc việc');
    expect(page.content).not.toContain('<form');
    expect(page.title).toBe('Cập nhật tiến độ');
  });

  test('with a valid link: the form for its task, and opening it records nothing', () => {
    const { env, sandbox, tokens } = world();
    const token = tokens.get('NV05|tuphap.tanviet@gmail.com')!;
    expect(token).toBeDefined();
    const before = progressRows(sandbox);
    env.calls.reset();
    const page = web(sandbox, 'doGet', { t: token });
    expect(env.calls.count('Range.setValues') + env.calls.count('Range.setValue')).toBe(0);
    expect(env.calls.count('MailApp.sendEmail')).toBe(0);
    expect(progressRows(sandbox)).toEqual(before);

    expect(page.title).toBe('Cập nhật tiến độ NV05');
    expect(page.xFrame).toBe('DEFAULT');
    expect(page.meta).toEqual([{ name: 'viewport', content: 'width=device-width, initial-scale=1' }]);
    expect(page.content).toContain('<b>NV05</b> – Tuyên truyền, phổ biến các văn bản pháp luật mới ban hành');
    expect(page.content).toContain('Người báo cáo: tuphap.tanviet@gmail.com');
    expect(page.content).toContain(`<input type="hidden" id="token" value="${token}">`);
    expect(page.content).toMatch(/<input type="hidden" id="submissionId" value="[0-9a-f-]{36}">/);
    expect(page.content).toContain('<option value="Tin bài trên trang TTĐT">Tin bài trên trang TTĐT</option>');
    expect(page.content).toContain('max="2024-03-08"');
    // Valid through the 30th day after the email (linkDays = 30).
    expect(page.content).toContain('dùng được đến hết ngày 07/04/2024');
    // Opened twice (a mail scanner, then the person): still nothing recorded.
    web(sandbox, 'doGet', { t: token });
    expect(progressRows(sandbox)).toEqual(before);
  });

  test('a GET carrying a complete, valid entry (a prefetched or hand-edited link) still records nothing', () => {
    const { env, sandbox, tokens } = world();
    const token = tokens.get('NV05|tuphap.tanviet@gmail.com')!;
    const planBefore = js<unknown[][]>(sandbox, READ_SHEET, 'Kế hoạch');
    const fields = Object.fromEntries(Object.entries(ENTRY).map(([k, v]) => [k, String(v)]));
    env.calls.reset();
    const page = web(sandbox, 'doGet', { t: token, ...fields });
    expect(env.calls.count('Sheet.appendRow') + env.calls.count('Range.setValues') + env.calls.count('Range.setValue')).toBe(0);
    expect(progressRows(sandbox)).toEqual([]);
    expect(js<unknown[][]>(sandbox, READ_SHEET, 'Kế hoạch')).toEqual(planBefore);
    // It shows the form to fill in, not a "recorded" page.
    expect(page.title).toBe('Cập nhật tiến độ NV05');
    expect(page.content).toContain(`<input type="hidden" id="token" value="${token}">`);
    expect(page.content).not.toContain('Đã ghi tiến độ');
    // The same entry posted afterwards is recorded once, as new (not a "duplicate" of the GET).
    const r = submit(sandbox, token, ENTRY);
    expect(r).toMatchObject({ ok: true, duplicate: false });
    expect(progressRows(sandbox)).toHaveLength(1);
  });

  test('an altered, truncated or re-signed token is refused with a plain page', () => {
    const { sandbox, tokens } = world();
    const nv05 = tokens.get('NV05|tuphap.tanviet@gmail.com')!;
    const nv03 = tokens.get('NV03|dai.tanviet@gmail.com')!;
    const altered = web(sandbox, 'doGet', { t: alterSignature(nv05) });
    expect(altered.content).toContain('Đường dẫn này không hợp lệ (có thể đã bị sửa)');
    expect(altered.content).toContain('Không có thông tin nào được ghi');
    expect(altered.content).not.toContain('<form');
    // Another task's claims under this token's signature.
    const swapped = `${nv03.split('.')[0]}.${nv05.split('.')[1]}`;
    expect(web(sandbox, 'doGet', { t: swapped }).content).toContain('không hợp lệ (có thể đã bị sửa)');
    expect(web(sandbox, 'doGet', { t: nv05.slice(0, 20) }).content).toContain('Đường dẫn không đầy đủ hoặc không đúng');
  });

  test('an expired link is refused from the day after its last valid day', () => {
    const { env, sandbox, tokens } = world();
    const token = tokens.get('NV05|tuphap.tanviet@gmail.com')!;
    env.clock.set('2024-04-07T23:59:00+07:00');
    expect(web(sandbox, 'doGet', { t: token }).content).toContain('<form');
    env.clock.set('2024-04-08T00:00:00+07:00');
    const page = web(sandbox, 'doGet', { t: token });
    expect(page.content).toContain('Đường dẫn này đã hết hạn');
    expect(page.content).not.toContain('<form');
    expect(submit(sandbox, token, { ...ENTRY, reportDate: '2024-04-07' })).toMatchObject({ ok: false });
    expect(progressRows(sandbox)).toHaveLength(0);
  });

  test('a link asked for another task is refused', () => {
    const { sandbox, tokens } = world();
    const page = web(sandbox, 'doGet', { t: tokens.get('NV05|tuphap.tanviet@gmail.com')!, task: 'NV03' });
    expect(page.content).toContain('Đường dẫn này dùng cho một nhiệm vụ khác');
  });

  test('plan and settings text is escaped in the form', () => {
    const evil = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
    const { sandbox, tokens } = world((s) => {
      js(s, SET_CELL, 'Kế hoạch', 'Mã', 'NV05', 'Nhiệm vụ cụ thể', evil);
      js(s, SET_CELL, 'Kế hoạch', 'Mã', 'NV05', 'Sản phẩm/kết quả', '"><b>đậm</b>');
      js(s, SET_CELL, 'Cài đặt', 'Mục cài đặt', 'Hình thức tuyên truyền', 'Giá trị', 'Tin bài; <i>Loa</i>"x; Khác');
    });
    const page = web(sandbox, 'doGet', { t: tokens.get('NV05|tuphap.tanviet@gmail.com')! });
    expect(page.content).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
    expect(page.content).toContain('Sản phẩm: &quot;&gt;&lt;b&gt;đậm&lt;/b&gt;');
    expect(page.content).toContain('<option value="&lt;i&gt;Loa&lt;/i&gt;&quot;x">&lt;i&gt;Loa&lt;/i&gt;&quot;x</option>');
    expect(page.content).not.toMatch(/<script>alert|<img src=x|<b>đậm|<i>Loa/);
  });
});

describe('submitAnswer (the form, through google.script.run)', () => {
  test('records the entry with source "web" and the link holder as reporter; a retry records nothing twice', () => {
    const { sandbox, tokens } = world();
    const token = tokens.get('NV05|tuphap.tanviet@gmail.com')!;
    const res = submit(sandbox, token, ENTRY);
    expect(res).toMatchObject({ ok: true, duplicate: false, message: 'Đã ghi tiến độ cho NV05: Đang thực hiện, 60%.' });
    expect(submit(sandbox, token, ENTRY)).toMatchObject({ ok: true, duplicate: true });
    const header = js<string[][]>(sandbox, READ_SHEET, 'Tiến độ')[0];
    const rows = progressRows(sandbox);
    expect(rows).toHaveLength(1);
    const at = (h: string) => rows[0][header.indexOf(h)];
    expect(at('Mã nhiệm vụ')).toBe('NV05');
    expect(at('Người báo cáo')).toBe('tuphap.tanviet@gmail.com');
    expect(at('Nguồn')).toBe('Biểu mẫu');
    expect(at('Số lượng')).toBe(3);
    expect(at('Mã lần gửi')).toBe('web-0001-abcdef');
    // The form then shows the new state.
    expect(web(sandbox, 'doGet', { t: token }).content).toContain('Hiện tại: <span id="current">Đang thực hiện, 60%</span>');
  });

  test('issue 13 finding 8: a link whose person is no longer assigned (address changed in "Cán bộ", or task given to another unit) records nothing', () => {
    const { sandbox, tokens } = world();
    const token = tokens.get('NV05|tuphap.tanviet@gmail.com')!;
    js(sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', 'Công chức Tư pháp - Hộ tịch', 'Email', 'tuphap.moi.tanviet@gmail.com');
    const refused = submit(sandbox, token, ENTRY);
    expect(refused.ok).toBe(false);
    expect(refused.message).toMatch(/được gửi cho tuphap\.tanviet@gmail\.com, nay không còn là cán bộ chủ trì hoặc phối hợp nhiệm vụ NV05/);
    expect(web(sandbox, 'doPost', { t: token, ...Object.fromEntries(Object.entries(ENTRY).map(([k, v]) => [k, String(v)])) }).content).toContain('nay không còn là cán bộ chủ trì');
    expect(progressRows(sandbox)).toHaveLength(0);
    // Back on the task: the same link works again.
    js(sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', 'Công chức Tư pháp - Hộ tịch', 'Email', 'tuphap.tanviet@gmail.com');
    js(sandbox, SET_CELL, 'Kế hoạch', 'Mã', 'NV05', 'Cán bộ, công chức chủ trì', 'Đài truyền thanh xã');
    expect(submit(sandbox, token, ENTRY).ok).toBe(false);
    expect(progressRows(sandbox)).toHaveLength(0);
  });

  test('a token used for another task, or altered, records nothing', () => {
    const { sandbox, tokens } = world();
    const token = tokens.get('NV05|tuphap.tanviet@gmail.com')!;
    const cross = submit(sandbox, token, { ...ENTRY, taskId: 'NV03' });
    expect(cross).toMatchObject({ ok: false, message: expect.stringContaining('dùng cho một nhiệm vụ khác') });
    const altered = submit(sandbox, alterSignature(token), ENTRY);
    expect(altered).toMatchObject({ ok: false, message: expect.stringContaining('không hợp lệ') });
    expect(submit(sandbox, '', ENTRY)).toMatchObject({ ok: false });
    expect(progressRows(sandbox)).toHaveLength(0);
  });

  test('validation errors come back by field, nothing recorded', () => {
    const { sandbox, tokens } = world();
    const res = submit(sandbox, tokens.get('NV05|tuphap.tanviet@gmail.com')!, { ...ENTRY, status: 'Hoàn thành', percent: 60, evidenceUrl: 'javascript:alert(1)' });
    expect(res.ok).toBe(false);
    expect(res.errors).toMatchObject({ percent: 'Nhiệm vụ đã hoàn thành thì tiến độ là 100%.', evidenceUrl: expect.stringContaining('http://') });
    expect(progressRows(sandbox)).toHaveLength(0);
  });

  test('HTML and formula text in every field is kept as text in the sheet', () => {
    const { sandbox, tokens } = world();
    const note = '=HYPERLINK("http://evil.example","x") <script>alert(1)</script>';
    const res = submit(sandbox, tokens.get('NV05|tuphap.tanviet@gmail.com')!, { ...ENTRY, note, evidenceUrl: 'https://example.com/?q=<b>' });
    expect(res.ok).toBe(true);
    const header = js<string[][]>(sandbox, READ_SHEET, 'Tiến độ')[0];
    const row = progressRows(sandbox)[0];
    expect(row[header.indexOf('Nội dung thực hiện')]).toBe(note);
    expect(js<string[][]>(sandbox, FORMULAS, 'Tiến độ').flat().filter(Boolean)).toEqual([]);
  });
});

describe('doPost (form parameters)', () => {
  test('records a valid post and answers with a page', () => {
    const { sandbox, tokens } = world();
    const t = tokens.get('NV03|dai.tanviet@gmail.com')!;
    const page = web(sandbox, 'doPost', { t, ...Object.fromEntries(Object.entries({ ...ENTRY, taskId: 'NV03', submissionId: 'post-0001-xyz' }).map(([k, v]) => [k, String(v)])) });
    expect(page.content).toContain('Đã ghi tiến độ cho NV03: Đang thực hiện, 60%.');
    const header = js<string[][]>(sandbox, READ_SHEET, 'Tiến độ')[0];
    expect(progressRows(sandbox).map((r) => [r[header.indexOf('Mã nhiệm vụ')], r[header.indexOf('Người báo cáo')], r[header.indexOf('Nguồn')]])).toEqual([['NV03', 'dai.tanviet@gmail.com', 'Biểu mẫu']]);
  });

  test('shows the form again with the errors and what was typed, escaped', () => {
    const { sandbox, tokens } = world();
    const t = tokens.get('NV05|tuphap.tanviet@gmail.com')!;
    const note = '</textarea><script>alert(1)</script>';
    const page = web(sandbox, 'doPost', { t, taskId: 'NV05', status: 'Chưa thực hiện', percent: '40', note, quantity: '0', reportDate: '2024-03-08', submissionId: 'post-0002-xyz' });
    expect(page.content).toContain('Chưa thực hiện thì tiến độ là 0%');
    expect(page.content).toContain('&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;</textarea>');
    expect(page.content).toContain('value="post-0002-xyz"');
    expect(page.content).not.toContain('<script>alert(1)');
    expect(progressRows(sandbox)).toHaveLength(0);
  });

  test('a post with an altered token or for another task records nothing', () => {
    const { sandbox, tokens } = world();
    const t = tokens.get('NV05|tuphap.tanviet@gmail.com')!;
    const fields = Object.fromEntries(Object.entries(ENTRY).map(([k, v]) => [k, String(v)]));
    expect(web(sandbox, 'doPost', { ...fields, t: alterSignature(t) }).content).toContain('không hợp lệ');
    expect(web(sandbox, 'doPost', { ...fields, t, taskId: 'NV03' }).content).toContain('dùng cho một nhiệm vụ khác');
    expect(web(sandbox, 'doPost', fields).content).toContain('Trang chỉ mở được từ đường dẫn');
    expect(progressRows(sandbox)).toHaveLength(0);
  });
});

describe('issue 13 finding 12a: a post without its task code', () => {
  const INCOMPLETE = /không đầy đủ \(thiếu mã nhiệm vụ.*bấm lại đường dẫn "Cập nhật tiến độ" ngay trong thư nhắc việc/;

  test('doPost: the link is said incomplete (open it again from the email), not "for another task"; nothing recorded', () => {
    const { sandbox, tokens } = world();
    const t = tokens.get('NV05|tuphap.tanviet@gmail.com')!;
    const { taskId: _dropped, ...rest } = ENTRY;
    const page = web(sandbox, 'doPost', { t, ...Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, String(v)])) });
    const text = page.content.replace(/&quot;/g, '"');
    expect(text).toMatch(INCOMPLETE);
    expect(text).not.toContain('nhiệm vụ khác');
    expect(web(sandbox, 'doPost', { t, taskId: '  ', status: 'Hoàn thành', percent: '100' }).content.replace(/&quot;/g, '"')).toMatch(INCOMPLETE);
    expect(submit(sandbox, t, rest).message).toMatch(INCOMPLETE);
    expect(progressRows(sandbox)).toHaveLength(0);
  });

  test('a phone whose page script does not run posts the form (no task code in it): told to open the link again; the same link through the page records', () => {
    const { env, sandbox } = world();
    const mail = sentMail(env).find((m) => m.to[0] === 'tuphap.tanviet@gmail.com')!;
    const link = /Cập nhật tiến độ: (\S+)/.exec(mail.body)![1];
    const fields = { status: 'Đang thực hiện', percent: 40, note: 'Đã đăng 1 tin', reportDate: '2024-03-08' };
    const posted = followLink(sandbox, link, fields, { post: true });
    expect(posted.ok).toBe(false);
    expect(posted.text).toMatch(INCOMPLETE);
    expect(posted.text).not.toContain('nhiệm vụ khác');
    expect(progressRows(sandbox)).toHaveLength(0);
    expect(followLink(sandbox, link, fields).ok).toBe(true);
    expect(progressRows(sandbox)).toHaveLength(1);
  });
});

describe('rotateLinkSecret', () => {
  test('old links stop working, and the user is told', () => {
    const { env, sandbox, tokens } = world();
    const token = tokens.get('NV05|tuphap.tanviet@gmail.com')!;
    const before = env.state.documentProperties['cchc.linkSecret'];
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    sandbox.call('rotateLinkSecret');
    expect(env.state.documentProperties['cchc.linkSecret']).toMatch(/^[0-9a-f]{64}$/);
    expect(env.state.documentProperties['cchc.linkSecret']).not.toBe(before);
    const alert = env.ui.find((e) => e.kind === 'alert')!;
    expect(alert.title).toBe('Đã đổi khóa bảo mật đường dẫn');
    expect(alert.message).toContain('không còn dùng được nữa');
    // The holder of an old link is told why it stopped working (not that it "may have been altered").
    const page = web(sandbox, 'doGet', { t: token }).content;
    expect(page).toContain('Đường dẫn đã hết hiệu lực do Văn phòng đổi khóa bảo mật');
    expect(page).not.toContain('có thể đã bị sửa');
    const refused = submit(sandbox, token, ENTRY);
    expect(refused.ok).toBe(false);
    expect(refused.message).toContain('đổi khóa bảo mật');
    expect(progressRows(sandbox)).toHaveLength(0);
    // A forged signature is still called what it is, and the old key never signs anything accepted.
    expect(web(sandbox, 'doGet', { t: alterSignature(token) }).content).toContain('có thể đã bị sửa');
    expect(env.state.documentProperties['cchc.retiredLinkSecrets']).toBe(JSON.stringify([before]));

    // The next reminders carry links signed with the new key.
    env.clock.set('2024-06-08T07:00:00+07:00');
    const sent = sentMail(env).length;
    sandbox.call('runDailyReminders', [], { context: 'trigger' });
    const fresh = sentMail(env)
      .slice(sent)
      .flatMap((m) => [...m.body.matchAll(/(NV05)[^\n]*\n[^\n]*\n\s*Cập nhật tiến độ: \S+\?t=(\S+)/g)].map((h) => h[2]));
    expect(fresh).toHaveLength(1);
    expect(submit(sandbox, fresh[0], { ...ENTRY, reportDate: '2024-06-07' }).ok).toBe(true);
  });
});

describe('the office\'s functions, called through google.script.run from the anonymous web page', () => {
  test('change nothing: no key rotation, no trigger installed or removed', () => {
    const { env, sandbox, tokens } = world();
    sandbox.call('installTriggers');
    const secret = env.state.documentProperties['cchc.linkSecret'];
    const triggers = JSON.stringify(env.state.triggers);
    const anonymous = { context: 'webapp' as const, user: '' };
    expect(sandbox.call('rotateLinkSecret', [], anonymous)).toBeNull();
    expect(sandbox.call('toggleReminders', [], anonymous)).toBeNull();
    expect(sandbox.call('sendRemindersNow', [], anonymous)).toBeNull();
    expect(() => sandbox.call('removeTriggers', [], anonymous)).toThrow(/chỉ dùng được từ menu/);
    expect(() => sandbox.call('installTriggers', [], anonymous)).toThrow(/chỉ dùng được từ menu/);
    expect(env.state.documentProperties['cchc.linkSecret']).toBe(secret);
    expect(JSON.stringify(env.state.triggers)).toBe(triggers);
    expect(web(sandbox, 'doGet', { t: tokens.get('NV05|tuphap.tanviet@gmail.com')! }).content).toContain('<form');
  });
});

describe('the built page', () => {
  test('every scriptlet of dist/Answer.html comes from the template (none from the inlined script or styles)', () => {
    const root = path.resolve(__dirname, '../..');
    const count = (s: string) => (s.match(/<\?/g) ?? []).length;
    const source = fs.readFileSync(path.join(root, 'src/client/pages/Answer.html'), 'utf8');
    const built = fs.readFileSync(path.join(root, 'dist/Answer.html'), 'utf8');
    expect(count(built)).toBe(count(source));
    expect(built).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!localhost)[a-z]/i);
  });
});
