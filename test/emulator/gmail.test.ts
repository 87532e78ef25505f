import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import MailComposer from 'nodemailer/lib/mail-composer';
import { Env } from '../../emulator/core/env';
import { createMailApp, flushOutbox, sentMail } from '../../emulator/services/mail';
import { addInboxMessage, createGmailApp, loadInbox, mailboxMessages } from '../../emulator/services/gmail';

const NOW = '2024-03-08T07:00:00+07:00';
const OWNER = 'vanphong.tanviet@gmail.com';
const DAY = 24 * 3600 * 1000;
const DONE = 'CCHC Da xu ly';

function makeEnv(dir: string | null = null, state?: Env['state']): Env {
  return new Env(undefined as never, { dir, now: NOW, owner: OWNER, ...(state ? { state } : {}) });
}

const tmpDirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-gmail-'));
  tmpDirs.push(d);
  return d;
}
afterAll(() => {
  for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
});

/** What a person does: saves a message from their mail client into the inbox folder. */
async function dropEml(dir: string, file: string, mail: ConstructorParameters<typeof MailComposer>[0]): Promise<void> {
  const eml = await new MailComposer(mail).compile().build();
  fs.mkdirSync(path.join(dir, 'inbox'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'inbox', file), eml);
}

describe('the inbox folder', () => {
  test('dropped .eml files become unread inbox threads whose messages read back intact', async () => {
    const dir = tmpDir();
    const env = makeEnv(dir);
    await dropEml(dir, 'a.eml', {
      from: { name: 'Nguyễn Thị Hường', address: 'huong.tuphap@gmail.com' },
      to: OWNER,
      cc: 'chutich@gmail.com',
      subject: 'Báo cáo tiến độ CCHC',
      text: 'NV03: Hoàn thành 100%, 4 tin bài trên trang TTĐT',
      messageId: '<reply-1@gmail.com>',
      date: new Date('2024-03-08T01:00:00Z'),
    });
    await loadInbox(env);
    const gmail = createGmailApp(env);
    const threads = gmail.getInboxThreads();
    expect(threads).toHaveLength(1);
    const t = threads[0];
    expect(t.isUnread()).toBe(true);
    expect(t.isInInbox()).toBe(true);
    expect(t.getMessageCount()).toBe(1);
    expect(t.getFirstMessageSubject()).toBe('Báo cáo tiến độ CCHC');
    const m = t.getMessages()[0];
    expect(m.getFrom()).toBe('"Nguyễn Thị Hường" <huong.tuphap@gmail.com>');
    expect(m.getTo()).toBe(OWNER);
    expect(m.getCc()).toBe('chutich@gmail.com');
    expect(m.getPlainBody().trim()).toBe('NV03: Hoàn thành 100%, 4 tin bài trên trang TTĐT');
    expect(m.getDate().getTime()).toBe(Date.parse('2024-03-08T01:00:00Z'));
    expect(m.getHeader('Message-ID')).toBe('<reply-1@gmail.com>');
    expect(m.getHeader('X-Not-There')).toBe('');
    expect(m.getId()).toMatch(/^[0-9a-f]{16}$/);
    expect(t.getId()).toBe(m.getId());
    expect(m.getThread().getId()).toBe(t.getId());
    expect(gmail.getInboxUnreadCount()).toBe(1);
  });

  test('getPlainBody of an HTML-only message returns its text; getBody its HTML', async () => {
    const dir = tmpDir();
    const env = makeEnv(dir);
    await dropEml(dir, 'h.eml', {
      from: 'dai.truyenthanh@gmail.com',
      to: OWNER,
      subject: 'Tin bài tháng 3',
      html: '<div>Đã phát <b>12 tin</b></div><div>trên loa truyền thanh</div>',
    });
    await loadInbox(env);
    const m = createGmailApp(env).getInboxThreads()[0].getMessages()[0];
    expect(m.getPlainBody()).toMatch(/Đã phát 12 tin\s+trên loa truyền thanh/);
    expect(m.getPlainBody()).not.toContain('<');
    expect(m.getBody()).toContain('<b>12 tin</b>');
  });

  test('a file removed from the folder leaves the mailbox on the next load', async () => {
    const dir = tmpDir();
    const env = makeEnv(dir);
    await dropEml(dir, 'x.eml', { from: 'a@gmail.com', to: OWNER, subject: 'Một', text: '1' });
    await dropEml(dir, 'y.eml', { from: 'b@gmail.com', to: OWNER, subject: 'Hai', text: '2' });
    await loadInbox(env);
    expect(createGmailApp(env).getInboxThreads()).toHaveLength(2);
    fs.rmSync(path.join(dir, 'inbox', 'x.eml'));
    await loadInbox(env);
    const threads = createGmailApp(env).getInboxThreads();
    expect(threads.map((t) => t.getFirstMessageSubject())).toEqual(['Hai']);
  });
});

describe('threading replies to reminders MailApp sent', () => {
  test('a reply with In-Reply-To joins the reminder\'s thread, which Gmail lists with the sent message first', async () => {
    const dir = tmpDir();
    const env = makeEnv(dir);
    createMailApp(env).sendEmail('huong.tuphap@gmail.com', '[CCHC xã Tân Việt] 2 nhiệm vụ cần cập nhật', 'Kính gửi…');
    await flushOutbox(env);
    const reminder = sentMail(env)[0];
    env.clock.advance(2 * 3600 * 1000);
    const id = await addInboxMessage(env, {
      from: 'Nguyễn Thị Hường <huong.tuphap@gmail.com>',
      to: OWNER,
      subject: 'Re: [CCHC xã Tân Việt] 2 nhiệm vụ cần cập nhật',
      text: 'NV01: Hoàn thành',
      inReplyTo: reminder.messageId,
    });
    expect(fs.readdirSync(path.join(dir, 'inbox'))).toHaveLength(1);

    const gmail = createGmailApp(env);
    const found = gmail.search('in:inbox subject:"CCHC"');
    expect(found).toHaveLength(1);
    const msgs = found[0].getMessages();
    expect(msgs.map((m) => m.getFrom())).toEqual([OWNER, '"Nguyễn Thị Hường" <huong.tuphap@gmail.com>']);
    expect(msgs[0].isInInbox()).toBe(false); // the reminder is in Sent mail only
    expect(msgs[1].getId()).toBe(id);
    expect(msgs[1].getHeader('In-Reply-To')).toBe(reminder.messageId);
    expect(msgs[1].getHeader('References')).toContain(reminder.messageId);
    expect(found[0].getId()).toBe(msgs[0].getId());
    expect(found[0].getLastMessageDate().getTime()).toBe(Date.parse(NOW) + 2 * 3600 * 1000);
    expect(gmail.getMessageById(id).getThread().getId()).toBe(found[0].getId());
  });

  test('a reply joins the referenced message\'s thread under the same subject (Re:/TL:/Trả lời: stripped); a copied subject without a reference, or a reference under another subject, starts its own thread', async () => {
    const env = makeEnv(null);
    createMailApp(env).sendEmail('a@gmail.com', 'Nhắc việc CCHC tháng 3', 'Kính gửi…');
    const reminder = sentMail(env)[0].messageId;
    const replied = await addInboxMessage(env, { from: 'a@gmail.com', to: OWNER, subject: 'TL: Nhắc việc CCHC tháng 3', text: 'Đã làm', inReplyTo: reminder });
    const again = await addInboxMessage(env, { from: 'a@gmail.com', to: OWNER, subject: 'Trả lời: RE: nhắc việc cchc tháng 3', text: 'Đã làm', inReplyTo: reminder });
    const copied = await addInboxMessage(env, { from: 'b@gmail.com', to: OWNER, subject: 'Re: Nhắc việc CCHC tháng 3', text: 'Đã làm' });
    const renamed = await addInboxMessage(env, { from: 'a@gmail.com', to: OWNER, subject: 'Việc khác', text: '…', inReplyTo: reminder });
    const thread = (id: string) => mailboxMessages(env).find((m) => m.id === id)!.threadId;
    const reminderThread = mailboxMessages(env).find((m) => m.messageId === reminder)!.threadId;
    expect([thread(replied), thread(again)]).toEqual([reminderThread, reminderThread]);
    expect(thread(copied)).toBe(copied);
    expect(thread(renamed)).toBe(renamed);
    // A second message MailApp sends under the same subject is a conversation of its own too.
    createMailApp(env).sendEmail('c@gmail.com', 'Nhắc việc CCHC tháng 3', 'Kính gửi…');
    expect(createGmailApp(env).search('in:sent').map((t) => t.getMessageCount()).sort()).toEqual([1, 3]);
  });
});

describe('GmailApp.search: the supported subset', () => {
  async function mailbox(): Promise<{ env: Env; gmail: GoogleAppsScript.Gmail.GmailApp }> {
    const env = makeEnv(null);
    await addInboxMessage(env, { from: 'Hường <huong@gmail.com>', to: OWNER, subject: 'Báo cáo CCHC Quý I', text: 'Tuyên truyền trên loa', date: Date.parse(NOW) - 10 * DAY });
    await addInboxMessage(env, { from: 'Đài truyền thanh <dai@gmail.com>', to: OWNER, subject: 'Tin bài', text: 'Đã phát 12 tin về cải cách hành chính', date: Date.parse(NOW) - 2 * DAY });
    await addInboxMessage(env, { from: 'mot.cua@gmail.com', to: OWNER, subject: 'CCHC: niêm yết TTHC', text: 'Đã niêm yết', date: Date.parse(NOW) - DAY });
    return { env, gmail: createGmailApp(env) };
  }
  const subjects = (ts: GoogleAppsScript.Gmail.GmailThread[]) => ts.map((t) => t.getFirstMessageSubject());

  test('subject:, from:, free words (case and diacritics ignored), phrases, newer_than:', async () => {
    const { gmail } = await mailbox();
    expect(subjects(gmail.search('subject:CCHC'))).toEqual(['CCHC: niêm yết TTHC', 'Báo cáo CCHC Quý I']);
    expect(subjects(gmail.search('subject:"bao cao cchc"'))).toEqual(['Báo cáo CCHC Quý I']);
    expect(subjects(gmail.search('subject:CCH'))).toEqual([]); // whole words, as Gmail
    expect(subjects(gmail.search('from:dai@gmail.com'))).toEqual(['Tin bài']);
    expect(subjects(gmail.search('"cải cách hành chính"'))).toEqual(['Tin bài']);
    expect(subjects(gmail.search('loa'))).toEqual(['Báo cáo CCHC Quý I']);
    expect(subjects(gmail.search('newer_than:3d'))).toEqual(['CCHC: niêm yết TTHC', 'Tin bài']);
    expect(subjects(gmail.search('subject:CCHC -from:huong@gmail.com'))).toEqual(['CCHC: niêm yết TTHC']);
  });

  test('a label: search with Vietnamese letters is refused (Gmail does not match it reliably)', async () => {
    const { gmail } = await mailbox();
    gmail.createLabel('CCHC đã xử lý');
    expect(() => gmail.search('label:cchc-đã-xử-lý')).toThrow(/outside ASCII/);
    expect(() => gmail.search('-label:"CCHC đã xử lý"')).toThrow(/outside ASCII/);
  });

  test('is:unread, in:inbox and ASCII labels (quoted, or with "-" for spaces and "/"), with start/max paging', async () => {
    const { gmail } = await mailbox();
    const DONE = 'CCHC/Da xu ly';
    const label = gmail.createLabel(DONE);
    const [newest, middle] = gmail.search('in:inbox');
    label.addToThread(middle);
    newest.markRead();
    expect(subjects(gmail.search('is:unread'))).toEqual(['Tin bài', 'Báo cáo CCHC Quý I']);
    expect(subjects(gmail.search(`label:"${DONE}"`))).toEqual(['Tin bài']);
    expect(subjects(gmail.search('label:cchc-da-xu-ly'))).toEqual(['Tin bài']);
    expect(subjects(gmail.search(`in:inbox -label:"${DONE}"`))).toEqual(['CCHC: niêm yết TTHC', 'Báo cáo CCHC Quý I']);
    expect(subjects(gmail.search(`in:inbox -label:"${DONE}"`, 1, 5))).toEqual(['Báo cáo CCHC Quý I']);
    newest.moveToArchive();
    expect(subjects(gmail.search('in:inbox'))).toEqual(['Tin bài', 'Báo cáo CCHC Quý I']);
    expect(subjects(gmail.getInboxThreads(0, 1))).toEqual(['Tin bài']);
  });

  test('an unsupported operator throws a clear emulator error instead of matching silently', async () => {
    const { gmail } = await mailbox();
    expect(() => gmail.search('after:2024/01/01')).toThrow(/does not support the "after:" operator/);
    expect(() => gmail.search('has:attachment')).toThrow(/does not support/);
    expect(() => gmail.search('subject:CCHC OR subject:TTHC')).toThrow(/does not support the OR operator/);
    expect(() => gmail.search('in:trash')).toThrow(/does not support "in:trash"/);
    expect(() => gmail.search('is:starred')).toThrow(/does not support "is:starred"/);
    expect(() => gmail.search('newer_than:2m')).toThrow(/only days/);
    expect(() => gmail.search('subject:(a b)')).toThrow(/grouping/);
  });
});

describe('labels and read state', () => {
  test('getUserLabelByName is null until createLabel; names compare case-insensitively', () => {
    const gmail = createGmailApp(makeEnv());
    expect(gmail.getUserLabelByName(DONE)).toBeNull();
    const created = gmail.createLabel(DONE);
    expect(created.getName()).toBe(DONE);
    expect(gmail.getUserLabelByName('cchc DA XU LY').getName()).toBe(DONE);
    expect(gmail.createLabel(DONE).getName()).toBe(DONE);
    expect(gmail.getUserLabels().map((l) => l.getName())).toEqual([DONE]);
  });

  test('labels and read state persist across loadInbox and across executions (state.json)', async () => {
    const dir = tmpDir();
    const env = makeEnv(dir);
    await dropEml(dir, 'r.eml', { from: 'a@gmail.com', to: OWNER, subject: 'Báo cáo CCHC', text: 'Xong', messageId: '<r@gmail.com>' });
    await loadInbox(env);
    const gmail = createGmailApp(env);
    const label = gmail.createLabel(DONE);
    const [t] = gmail.search(`in:inbox -label:"${DONE}"`);
    t.addLabel(label).markRead();

    await loadInbox(env);
    expect(gmail.search(`in:inbox -label:"${DONE}"`)).toHaveLength(0);

    const next = makeEnv(dir, JSON.parse(JSON.stringify(env.state)));
    await loadInbox(next);
    const g2 = createGmailApp(next);
    const [again] = g2.search(`label:"${DONE}"`);
    expect(again.getLabels().map((l) => l.getName())).toEqual([DONE]);
    expect(again.isUnread()).toBe(false);
    expect(g2.getUserLabelByName(DONE).getThreads()).toHaveLength(1);
  });

  test('a later reply in a labelled thread arrives unlabelled (labels belong to messages), so -label: finds the thread again', async () => {
    const env = makeEnv();
    createMailApp(env).sendEmail('a@gmail.com', 'Nhắc việc CCHC', 'Kính gửi…');
    const reminder = sentMail(env)[0].messageId;
    env.clock.advance(60 * 60 * 1000); // the reply comes an hour after the reminder
    await addInboxMessage(env, { from: 'a@gmail.com', to: OWNER, subject: 'Re: Nhắc việc CCHC', text: 'NV01: xong', inReplyTo: reminder });
    const gmail = createGmailApp(env);
    const label = gmail.createLabel(DONE);
    label.addToThreads(gmail.search(`in:inbox -label:"${DONE}"`));
    expect(gmail.search(`in:inbox -label:"${DONE}"`)).toHaveLength(0);

    env.clock.advance(DAY);
    await addInboxMessage(env, { from: 'a@gmail.com', to: OWNER, subject: 'Re: Nhắc việc CCHC', text: 'NV02: xong', inReplyTo: reminder });
    const found = gmail.search(`in:inbox -label:"${DONE}"`);
    expect(found).toHaveLength(1);
    expect(found[0].getMessageCount()).toBe(3);
    expect(found[0].getLabels().map((l) => l.getName())).toEqual([DONE]);
    expect(found[0].getMessages().map((m) => m.isUnread())).toEqual([false, true, true]);
  });

  test('getThreadById / getMessageById find what exists and return null otherwise', async () => {
    const env = makeEnv();
    const id = await addInboxMessage(env, { from: 'a@gmail.com', to: OWNER, subject: 'S', text: 'T' });
    const gmail = createGmailApp(env);
    expect(gmail.getMessageById(id).getSubject()).toBe('S');
    expect(gmail.getThreadById(id).getMessageCount()).toBe(1);
    expect(gmail.getMessageById('0000000000000000')).toBeNull();
    expect(gmail.getThreadById('0000000000000000')).toBeNull();
  });
});

test('every GmailApp, GmailThread, GmailMessage and GmailLabel call is counted', async () => {
  const env = makeEnv();
  await addInboxMessage(env, { from: 'a@gmail.com', to: OWNER, subject: 'CCHC', text: 'T' });
  const gmail = createGmailApp(env);
  const label = gmail.getUserLabelByName(DONE) ?? gmail.createLabel(DONE);
  for (const t of gmail.search('subject:CCHC', 0, 50)) {
    for (const m of t.getMessages()) m.getPlainBody();
    t.addLabel(label);
  }
  expect(env.calls.count('GmailApp.getUserLabelByName')).toBe(1);
  expect(env.calls.count('GmailApp.createLabel')).toBe(1);
  expect(env.calls.count('GmailApp.search')).toBe(1);
  expect(env.calls.count('GmailThread.getMessages')).toBe(1);
  expect(env.calls.count('GmailMessage.getPlainBody')).toBe(1);
  expect(env.calls.count('GmailThread.addLabel')).toBe(1);
  expect(env.calls.byService().GmailApp).toBe(6);
  env.faults.add({ method: 'GmailApp.search', message: 'Lỗi giả lập' });
  expect(() => gmail.search('in:inbox')).toThrow('Lỗi giả lập');
});
