import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser, type AddressObject } from 'mailparser';
import { Env } from '../../emulator/core/env';
import { createMailApp, flushOutbox, sentMail, setMailQuota } from '../../emulator/services/mail';

const NOW = '2024-03-08T07:00:00+07:00';
const HOUR = 3600 * 1000;

/** MailApp needs no workbook. */
function makeEnv(dir: string | null = null): Env {
  return new Env(undefined as never, { dir, now: NOW, owner: 'vanphong.tanviet@gmail.com' });
}

const tmpDirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-mail-'));
  tmpDirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

function addresses(a: AddressObject | AddressObject[] | undefined): string[] {
  return (Array.isArray(a) ? a : a ? [a] : []).flatMap((x) => x.value.map((v) => v.address ?? ''));
}

describe('MailApp.sendEmail overloads', () => {
  test('(recipient, subject, body) records the message and uses one recipient of the quota', () => {
    const env = makeEnv();
    const mail = createMailApp(env);
    expect(mail.getRemainingDailyQuota()).toBe(100);
    mail.sendEmail('tuphap@gmail.com', 'Nhắc việc CCHC', 'Kính gửi đồng chí');
    const [m] = sentMail(env);
    expect(m).toMatchObject({ to: ['tuphap@gmail.com'], cc: [], bcc: [], subject: 'Nhắc việc CCHC', body: 'Kính gửi đồng chí', htmlBody: null });
    expect(m.from).toBe('vanphong.tanviet@gmail.com');
    expect(m.at).toBe('2024-03-08T00:00:00.000Z');
    expect(m.messageId).toMatch(/^<[^<>@\s]+@[^<>\s]+>$/);
    expect(m.file).toBeNull();
    expect(mail.getRemainingDailyQuota()).toBe(99);
  });

  test('(recipient, subject, body, options): cc and bcc recipients count against the quota', () => {
    const env = makeEnv();
    const mail = createMailApp(env);
    mail.sendEmail('a@gmail.com, "Nguyễn, Văn B" <b@gmail.com>', 'Chủ đề', 'Nội dung', {
      cc: 'c@gmail.com,d@gmail.com',
      bcc: 'e@gmail.com',
      htmlBody: '<p>Nội dung</p>',
      name: 'Văn phòng HĐND&UBND xã',
      replyTo: 'vanthu@gmail.com',
    });
    const [m] = sentMail(env);
    expect(m.to).toEqual(['a@gmail.com', '"Nguyễn, Văn B" <b@gmail.com>']);
    expect(m.cc).toEqual(['c@gmail.com', 'd@gmail.com']);
    expect(m.bcc).toEqual(['e@gmail.com']);
    expect(m).toMatchObject({ htmlBody: '<p>Nội dung</p>', name: 'Văn phòng HĐND&UBND xã', replyTo: 'vanthu@gmail.com' });
    expect(mail.getRemainingDailyQuota()).toBe(100 - 5);
  });

  test('(message) object form with to, cc, bcc, htmlBody and name', () => {
    const env = makeEnv();
    const mail = createMailApp(env);
    mail.sendEmail({ to: 'a@gmail.com', cc: 'b@gmail.com', bcc: 'c@gmail.com', subject: 'S', body: 'B', htmlBody: '<b>B</b>', name: 'UBND xã' });
    expect(sentMail(env)[0]).toMatchObject({ to: ['a@gmail.com'], cc: ['b@gmail.com'], bcc: ['c@gmail.com'], subject: 'S', body: 'B', htmlBody: '<b>B</b>', name: 'UBND xã' });
    expect(mail.getRemainingDailyQuota()).toBe(97);
  });

  test('(to, replyTo, subject, body) takes the second argument as the reply-to address', () => {
    const env = makeEnv();
    createMailApp(env).sendEmail('a@gmail.com', 'vanthu@gmail.com', 'Chủ đề', 'Nội dung');
    expect(sentMail(env)[0]).toMatchObject({ to: ['a@gmail.com'], replyTo: 'vanthu@gmail.com', subject: 'Chủ đề', body: 'Nội dung' });
  });

  test('arguments matching no overload throw the Apps Script signature error', () => {
    const env = makeEnv();
    const loose = createMailApp(env) as unknown as { sendEmail(...args: unknown[]): void };
    expect(() => loose.sendEmail('a@gmail.com', 'S')).toThrow(
      "The parameters (String,String) don't match the method signature for MailApp.sendEmail.",
    );
    expect(sentMail(env)).toHaveLength(0);
  });

  test('noReply is ignored for a consumer (gmail.com) owner, as the reference says', () => {
    const env = makeEnv();
    createMailApp(env).sendEmail('a@gmail.com', 'S', 'B', { noReply: true });
    expect(sentMail(env)[0]).toMatchObject({ from: 'vanphong.tanviet@gmail.com', noReply: false });
  });

  test('calls are counted and injected faults fire before anything is sent', () => {
    const env = makeEnv();
    const mail = createMailApp(env);
    mail.getRemainingDailyQuota();
    mail.sendEmail('a@gmail.com', 'S', 'B');
    env.faults.add({ method: 'MailApp.sendEmail', message: 'Lỗi giả lập' });
    expect(() => mail.sendEmail('b@gmail.com', 'S', 'B')).toThrow('Lỗi giả lập');
    expect(env.calls.count('MailApp.sendEmail')).toBe(2);
    expect(env.calls.count('MailApp.getRemainingDailyQuota')).toBe(1);
    expect(env.calls.byService().MailApp).toBe(3);
    expect(sentMail(env)).toHaveLength(1);
  });
});

describe('MailApp validation', () => {
  test('an invalid address anywhere throws "Invalid email: …" and sends nothing', () => {
    const env = makeEnv();
    const mail = createMailApp(env);
    expect(() => mail.sendEmail('khong-phai-email', 'S', 'B')).toThrow('Invalid email: khong-phai-email');
    expect(() => mail.sendEmail('a@gmail.com', 'S', 'B', { cc: 'b@gmail.com, sai@' })).toThrow('Invalid email: sai@');
    expect(() => mail.sendEmail({ to: 'a@gmail.com', bcc: 'x y@gmail.com', subject: 'S', body: 'B' })).toThrow('Invalid email: x y@gmail.com');
    expect(() => mail.sendEmail('a@gmail.com', 'S', 'B', { replyTo: 'nope' })).toThrow('Invalid email: nope');
    expect(sentMail(env)).toHaveLength(0);
    expect(mail.getRemainingDailyQuota()).toBe(100);
  });

  // The reference does not define "Invalid email"; the emulator checks RFC 5322 addr-spec syntax
  // itself (not with the product's isEmail), so the product's own address checks are tested
  // against an independent oracle. Assumption, stricter than nothing: no double or edge dots,
  // a dotted domain, no non-ASCII letters (Gmail addresses have none).
  test('addresses that are not RFC 5322 addr-specs are refused whatever the product thinks of them', () => {
    const env = makeEnv();
    const mail = createMailApp(env);
    for (const bad of ['lan..tuphap@gmail.com', '.lan@gmail.com', 'lan.@gmail.com', 'lan@gmail', 'lan@-gmail.com', 'lan@gmail..com', 'nguyễn.lan@gmail.com', 'lan@gmail.c0m']) {
      expect(() => mail.sendEmail(bad, 'S', 'B')).toThrow(`Invalid email: ${bad}`);
    }
    for (const good of ['lan.tuphap@gmail.com', "o'brien+cchc@xa-tanviet.gov.vn", 'Văn phòng <vanphong@tanviet.vn>']) {
      expect(() => mail.sendEmail(good, 'S', 'B')).not.toThrow();
    }
    expect(sentMail(env)).toHaveLength(3);
  });

  test('the thrown error reads like Apps Script\'s ("Exception: …")', () => {
    const env = makeEnv();
    try {
      createMailApp(env).sendEmail('x', 'S', 'B');
      throw new Error('no error');
    } catch (e) {
      expect(String(e)).toBe('Exception: Invalid email: x');
    }
  });

  test('no recipient at all throws', () => {
    const env = makeEnv();
    const mail = createMailApp(env);
    expect(() => mail.sendEmail('', 'S', 'B')).toThrow('Failed to send email: no recipient');
    expect(() => mail.sendEmail({ subject: 'S', body: 'B' })).toThrow('Failed to send email: no recipient');
    expect(sentMail(env)).toHaveLength(0);
  });

  test('more than 50 recipients in one message is refused', () => {
    const env = makeEnv();
    const list = Array.from({ length: 51 }, (_, i) => `u${i}@gmail.com`).join(',');
    expect(() => createMailApp(env).sendEmail(list, 'S', 'B')).toThrow('Limit Exceeded: Email Recipients Per Message.');
    expect(sentMail(env)).toHaveLength(0);
  });
});

describe('MailApp daily quota', () => {
  test('sending past the quota throws and sends nothing; what fits still goes', () => {
    const env = makeEnv();
    const mail = createMailApp(env);
    setMailQuota(env, 2);
    expect(mail.getRemainingDailyQuota()).toBe(2);
    expect(() => mail.sendEmail('a@gmail.com', 'S', 'B', { cc: 'b@gmail.com', bcc: 'c@gmail.com' })).toThrow(
      'Service invoked too many times for one day: email.',
    );
    expect(sentMail(env)).toHaveLength(0);
    expect(mail.getRemainingDailyQuota()).toBe(2);
    mail.sendEmail('a@gmail.com', 'S', 'B', { bcc: 'c@gmail.com' });
    expect(mail.getRemainingDailyQuota()).toBe(0);
    expect(() => mail.sendEmail('a@gmail.com', 'S', 'B')).toThrow('Service invoked too many times for one day: email.');
    expect(sentMail(env)).toHaveLength(1);
  });

  test('the quota comes back 24 hours after the first send of the window, not before', () => {
    const env = makeEnv();
    const mail = createMailApp(env);
    for (let i = 0; i < 100; i++) mail.sendEmail(`u${i}@gmail.com`, 'S', 'B');
    expect(mail.getRemainingDailyQuota()).toBe(0);
    expect(() => mail.sendEmail('late@gmail.com', 'S', 'B')).toThrow(/too many times/);
    env.clock.advance(24 * HOUR - 1000);
    expect(mail.getRemainingDailyQuota()).toBe(0);
    env.clock.advance(1000);
    expect(mail.getRemainingDailyQuota()).toBe(100);
    mail.sendEmail('late@gmail.com', 'S', 'B');
    expect(mail.getRemainingDailyQuota()).toBe(99);
  });

  test('the quota lives in the JSON state, so it carries over to the next execution', () => {
    const env = makeEnv();
    createMailApp(env).sendEmail('a@gmail.com', 'S', 'B', { cc: 'b@gmail.com' });
    const next = new Env(undefined as never, { now: NOW, state: JSON.parse(JSON.stringify(env.state)) });
    expect(createMailApp(next).getRemainingDailyQuota()).toBe(98);
  });
});

describe('the outbox: real RFC 5322 files', () => {
  test('an HTML message is multipart/alternative and parses back with Vietnamese intact', async () => {
    const dir = tmpDir();
    const env = makeEnv(dir);
    const mail = createMailApp(env);
    const subject = '[CCHC xã Tân Việt] 3 nhiệm vụ cần cập nhật, hạn gần nhất 31/12/2024';
    const text = 'Kính gửi đồng chí Nguyễn Thị Hường,\nĐề nghị cập nhật tiến độ.';
    const html = '<p>Kính gửi đồng chí <b>Nguyễn Thị Hường</b>,</p><p>Đề nghị cập nhật tiến độ.</p>';
    mail.sendEmail('huong.tuphap@gmail.com', subject, text, { htmlBody: html, name: 'Văn phòng HĐND&UBND xã', cc: 'chutich@gmail.com' });
    const [m] = sentMail(env);
    expect(m.file).toMatch(/^outbox\/20240308-070000-0001-huong\.tuphap@gmail\.com\.eml$/);
    expect(fs.existsSync(path.join(dir, m.file as string))).toBe(false);

    await flushOutbox(env);
    const raw = fs.readFileSync(path.join(dir, m.file as string));
    expect(raw.toString('latin1')).not.toMatch(/[^\x00-\x7f]/); // 7-bit clean: UTF-8 is MIME-encoded
    const p = await simpleParser(raw);
    expect(p.subject).toBe(subject);
    expect(p.from?.value[0]).toEqual({ name: 'Văn phòng HĐND&UBND xã', address: 'vanphong.tanviet@gmail.com' });
    expect(addresses(p.to)).toEqual(['huong.tuphap@gmail.com']);
    expect(addresses(p.cc)).toEqual(['chutich@gmail.com']);
    expect(p.text?.trim()).toBe(text);
    expect(p.html).toContain('<b>Nguyễn Thị Hường</b>');
    expect(p.messageId).toBe(m.messageId);
    expect(p.date?.toISOString()).toBe('2024-03-08T00:00:00.000Z');
    expect((p.headers.get('content-type') as { value: string }).value).toBe('multipart/alternative');
    expect(m.flushed).toBe(true);
  });

  test('a plain message is a single text/plain part; bcc kept in the sender\'s copy; nothing rewritten on the next flush', async () => {
    const dir = tmpDir();
    const env = makeEnv(dir);
    const mail = createMailApp(env);
    mail.sendEmail('a@gmail.com', 'Báo cáo Quý I/2024', 'Đã hoàn thành 100%', { bcc: 'luu@gmail.com' });
    env.clock.advance(61 * 1000);
    mail.sendEmail('b@gmail.com', 'Lần hai', 'Nội dung');
    await flushOutbox(env);
    const files = fs.readdirSync(path.join(dir, 'outbox')).sort();
    expect(files).toEqual(['20240308-070000-0001-a@gmail.com.eml', '20240308-070101-0002-b@gmail.com.eml']);
    const p = await simpleParser(fs.readFileSync(path.join(dir, 'outbox', files[0])));
    expect((p.headers.get('content-type') as { value: string }).value).toBe('text/plain');
    expect(p.html).toBe(false);
    expect(p.text?.trim()).toBe('Đã hoàn thành 100%');
    expect(addresses(p.bcc)).toEqual(['luu@gmail.com']);

    fs.writeFileSync(path.join(dir, 'outbox', files[0]), 'sentinel');
    await flushOutbox(env);
    expect(fs.readFileSync(path.join(dir, 'outbox', files[0]), 'utf8')).toBe('sentinel');
  });

  test('attachments (Blob-like, signed bytes) become MIME attachments with the same bytes', async () => {
    const dir = tmpDir();
    const env = makeEnv(dir);
    const blob = { getBytes: () => [-1, 0, 65, 127, -128], getName: () => 'Báo cáo.pdf', getContentType: () => 'application/pdf' };
    createMailApp(env).sendEmail('a@gmail.com', 'Kèm tệp', 'Xem tệp đính kèm', { attachments: [blob as never] });
    await flushOutbox(env);
    const p = await simpleParser(fs.readFileSync(path.join(dir, sentMail(env)[0].file as string)));
    expect(p.attachments).toHaveLength(1);
    expect(p.attachments[0].filename).toBe('Báo cáo.pdf');
    expect(p.attachments[0].contentType).toBe('application/pdf');
    expect([...p.attachments[0].content]).toEqual([255, 0, 65, 127, 128]);
  });

  test('without env.dir nothing is written and records have no file', async () => {
    const env = makeEnv(null);
    createMailApp(env).sendEmail('a@gmail.com', 'S', 'B');
    await flushOutbox(env);
    expect(sentMail(env)[0].file).toBeNull();
    expect(JSON.parse(JSON.stringify(sentMail(env)))).toEqual(sentMail(env));
  });
});
