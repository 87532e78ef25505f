/**
 * processReplies: replies to reminder emails become progress entries (source "email"), only
 * from the task's lead or coordinator, never twice; on the built bundle in the sandbox.
 */
import { loadSandbox } from '../support/sandbox';
import { js, SET_CELL, READ_SHEET, FORMULAS } from '../support/script';
import { sentMail, setMailQuota } from '../../emulator/services/mail';
import { addInboxMessage, mailboxMessages } from '../../emulator/services/gmail';
import type { Env } from '../../emulator/core/env';
import type { Sandbox } from '../../emulator/sandbox';
import { faultAtCall } from '../support/faultAt';

const DAY = '2024-03-08T07:00:00+07:00';
const OWNER = 'vanphong.tanviet@gmail.com';
const TUPHAP = 'tuphap.tanviet@gmail.com';

const EMAILS: Record<string, string> = {
  'Văn phòng HĐND&UBND xã': OWNER,
  'UBND xã': 'chutich.tanviet@gmail.com',
  'Bộ phận Một cửa UBND xã': 'motcua.tanviet@gmail.com',
  'Đài truyền thanh xã': 'dai.tanviet@gmail.com',
  'Công chức Tư pháp - Hộ tịch': TUPHAP,
  'Công chức Văn hóa - Thông tin': 'vanhoa.tanviet@gmail.com',
};

function world(replies = true): { env: Env; sandbox: Sandbox } {
  const { env, sandbox } = loadSandbox({ now: DAY, owner: OWNER });
  sandbox.call('setupWorkbook');
  for (const [unit, email] of Object.entries(EMAILS)) js(sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', unit, 'Email', email);
  js(sandbox, SET_CELL, 'Cài đặt', 'Mục cài đặt', 'Email Văn phòng', 'Giá trị', OWNER);
  // NV05 (Tư pháp) is also coordinated by the radio station.
  js(sandbox, SET_CELL, 'Kế hoạch', 'Mã', 'NV05', 'Cán bộ, công chức phối hợp', 'Đài truyền thanh xã');
  if (replies) js(sandbox, SET_CELL, 'Cài đặt', 'Mục cài đặt', 'Nhận trả lời qua email', 'Giá trị', 'Có');
  sandbox.call('runDailyReminders', [], { context: 'trigger' });
  env.clock.set('2024-03-08T10:00:00+07:00');
  return { env, sandbox };
}

/** The reminder sent to `to` on DAY. */
function reminderTo(env: Env, to: string) {
  const m = sentMail(env).find((x) => x.to[0] === to);
  if (!m) throw new Error(`no reminder to ${to}`);
  return m;
}

const QUOTE = '\n\nVào Th 6, 8 thg 3, 2024 lúc 07:00 Văn phòng HĐND&UBND xã Tân Việt <vanphong.tanviet@gmail.com> đã viết:\n> Kính gửi Công chức Tư pháp - Hộ tịch,\n> NV05 ...';

async function reply(env: Env, from: string, text: string, to = TUPHAP, at?: string): Promise<string> {
  const parent = reminderTo(env, to);
  return addInboxMessage(env, { from, to: OWNER, subject: `Re: ${parent.subject}`, text: text + QUOTE, inReplyTo: parent.messageId, date: at });
}

function process(sandbox: Sandbox) {
  return sandbox.call('processReplies', [], { context: 'trigger' }) as { enabled: boolean; messages: number; applied: number; notApplied: number; problems: number; failed: number };
}

function table(sandbox: Sandbox, name: string): Record<string, unknown>[] {
  const v = js<unknown[][]>(sandbox, READ_SHEET, name);
  const h = v[0] as string[];
  return v.slice(1).map((r) => Object.fromEntries(h.map((k, i) => [k, r[i]])));
}

const progress = (sandbox: Sandbox) => table(sandbox, 'Tiến độ');
const replyLog = (sandbox: Sandbox) => table(sandbox, 'Nhật ký nhắc việc').filter((r) => String(r['Khóa']).startsWith('reply|'));
const answers = (env: Env, after: number) => sentMail(env).slice(after);

describe('issue 13 finding 10: a reply counts only when it answers a reminder sent to its sender', () => {
  /** What the refusal leaves: nothing recorded, the plan as it was, no email to anyone, one log row. */
  function expectRefused(env: Env, sandbox: Sandbox, id: string, sentBefore: number, why: RegExp) {
    expect(progress(sandbox)).toHaveLength(0);
    expect(table(sandbox, 'Kế hoạch').find((t) => t['Mã'] === 'NV05')).toMatchObject({ 'Trạng thái': 'Chưa thực hiện', 'Tiến độ (%)': 0 });
    expect(sentMail(env)).toHaveLength(sentBefore);
    const row = replyLog(sandbox).find((r) => r['Khóa'] === `reply|${id}`)!;
    expect(String(row['Kết quả'])).toMatch(/^Thư trả lời bị từ chối: /);
    expect(String(row['Kết quả'])).toMatch(why);
    // Handled once: the next run neither reads it again nor logs it twice.
    expect(process(sandbox).messages).toBe(0);
    expect(replyLog(sandbox).filter((r) => r['Khóa'] === `reply|${id}`)).toHaveLength(1);
  }

  test('a fresh "[CCHC xã …]" message with the lead\'s address forged in From is refused: logged, nothing recorded, no confirmation', async () => {
    const { env, sandbox } = world();
    const before = sentMail(env).length;
    const id = await addInboxMessage(env, { from: 'Lê Văn Pháp <tuphap.tanviet@gmail.com>', to: OWNER, subject: '[CCHC xã Tân Việt] Báo cáo tiến độ', text: 'NV05: Hoàn thành 100%, 2 tin bài trên trang TTĐT' });
    expect(process(sandbox)).toMatchObject({ messages: 1, applied: 0, refused: 1 });
    expectRefused(env, sandbox, id, before, /không trả lời thư nhắc việc nào hệ thống đã gửi cho tuphap\.tanviet@gmail\.com/);
  });

  test('a forger who copies the reminder\'s subject, or names a Message-ID of their own, is refused too', async () => {
    const { env, sandbox } = world();
    const reminder = reminderTo(env, TUPHAP);
    const before = sentMail(env).length;
    const copied = await addInboxMessage(env, { from: TUPHAP, to: OWNER, subject: `Re: ${reminder.subject}`, text: `NV05: Hoàn thành 100%${QUOTE}` });
    const guessed = await addInboxMessage(env, { from: TUPHAP, to: OWNER, subject: `Re: ${reminder.subject}`, text: 'NV05: Hoàn thành 100%', inReplyTo: '<CAguess0001@mail.gmail.com>' });
    expect(process(sandbox)).toMatchObject({ messages: 2, applied: 0, refused: 2 });
    expectRefused(env, sandbox, copied, before, /có thể là thư giả mạo/);
    expectRefused(env, sandbox, guessed, before, /có thể là thư giả mạo/);
  });

  test('an answer to someone else\'s reminder is refused, even from an address in "Cán bộ"', async () => {
    const { env, sandbox } = world();
    const before = sentMail(env).length;
    // The radio station coordinates NV05, but this is the reminder Tư pháp received (forwarded, or a forged From).
    const id = await reply(env, 'dai.tanviet@gmail.com', 'NV05: Hoàn thành 100%', TUPHAP);
    expect(process(sandbox)).toMatchObject({ messages: 1, applied: 0, refused: 1 });
    expectRefused(env, sandbox, id, before, /một thư nhắc việc gửi cho người khác, không phải cho dai\.tanviet@gmail\.com/);
  });

  test('the genuine reply beside them still records', async () => {
    const { env, sandbox } = world();
    await addInboxMessage(env, { from: TUPHAP, to: OWNER, subject: '[CCHC xã Tân Việt] NV05', text: 'NV05: Hoàn thành 100%' });
    const genuine = await reply(env, TUPHAP, 'NV05: Đang thực hiện 50%, 1 tin bài trên trang TTĐT', TUPHAP, '2024-03-08T11:00:00+07:00');
    expect(process(sandbox)).toMatchObject({ messages: 2, applied: 1, refused: 1 });
    expect(progress(sandbox).map((r) => [r['Mã lần gửi'], r['Trạng thái'], r['Người báo cáo']])).toEqual([[`mail-${genuine}-1`, 'Đang thực hiện', TUPHAP]]);
  });
});

describe('processReplies', () => {
  test('records a reply from the lead (source "email"), labels the thread, answers the sender, and does it once', async () => {
    const { env, sandbox } = world();
    const id = await reply(env, 'Lê Văn Pháp <tuphap.tanviet@gmail.com>', 'Dạ em báo cáo:\nNV05: Hoàn thành 100%, 2 tin bài trên trang TTĐT');
    const before = sentMail(env).length;
    expect(process(sandbox)).toEqual({ enabled: true, messages: 1, applied: 1, notApplied: 0, problems: 0, failed: 0, refused: 0, confirmed: 1 });

    const rows = progress(sandbox);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      'Mã nhiệm vụ': 'NV05',
      'Người báo cáo': TUPHAP,
      'Trạng thái': 'Hoàn thành',
      'Tiến độ (%)': 100,
      'Hình thức': 'Tin bài trên trang TTĐT',
      'Số lượng': 2,
      'Nội dung thực hiện': 'NV05: Hoàn thành 100%, 2 tin bài trên trang TTĐT',
      Nguồn: 'Thư trả lời',
      'Mã lần gửi': `mail-${id}-1`,
    });
    expect(table(sandbox, 'Kế hoạch').find((t) => t['Mã'] === 'NV05')).toMatchObject({ 'Trạng thái': 'Hoàn thành', 'Tiến độ (%)': 100 });

    const log = replyLog(sandbox);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ Khóa: `reply|${id}`, 'Người nhận': TUPHAP, 'Nhiệm vụ': 'NV05', 'Kết quả': 'Thư trả lời. Đã ghi: NV05: Hoàn thành, 100%.' });

    const msg = mailboxMessages(env).find((m) => m.id === id)!;
    expect(msg.labels).toEqual(['CCHC/Da xu ly']);

    const answer = answers(env, before);
    expect(answer).toHaveLength(1);
    expect(answer[0].to).toEqual([TUPHAP]);
    expect(answer[0].subject).toMatch(/^Re: \[CCHC xã Tân Việt\]/);
    expect(answer[0].body).toContain('Đã ghi vào bảng theo dõi:\n- NV05: Hoàn thành, 100%');

    // Nothing new: nothing read twice, nothing recorded twice, no second answer.
    expect(process(sandbox)).toMatchObject({ messages: 0, applied: 0 });
    expect(progress(sandbox)).toHaveLength(1);
    expect(sentMail(env)).toHaveLength(before + 1);
  });

  test('a later reply in the same thread is processed; the earlier one never again', async () => {
    const { env, sandbox } = world();
    const first = await reply(env, TUPHAP, 'NV05: Đang thực hiện 40%, 1 tin bài trên trang TTĐT');
    expect(process(sandbox).applied).toBe(1);
    env.clock.set('2024-03-11T09:00:00+07:00');
    const second = await reply(env, TUPHAP, 'NV05: Hoàn thành 100%, thêm 2 tin bài trên trang TTĐT', TUPHAP, '2024-03-11T08:30:00+07:00');
    const thread = mailboxMessages(env).find((m) => m.id === second)!.threadId;
    expect(mailboxMessages(env).find((m) => m.id === first)!.threadId).toBe(thread);

    expect(process(sandbox)).toMatchObject({ messages: 1, applied: 1 });
    expect(progress(sandbox).map((r) => [r['Mã lần gửi'], r['Trạng thái'], r['Ngày thực hiện']])).toEqual([
      [`mail-${first}-1`, 'Đang thực hiện', expect.stringMatching(/^2024-03-07T17:00:00/)],
      [`mail-${second}-1`, 'Hoàn thành', expect.stringMatching(/^2024-03-10T17:00:00/)],
    ]);
    expect(replyLog(sandbox).map((r) => r['Khóa'])).toEqual([`reply|${first}`, `reply|${second}`]);
    expect(mailboxMessages(env).find((m) => m.id === second)!.labels).toEqual(['CCHC/Da xu ly']);
    expect(process(sandbox).messages).toBe(0);
  });

  test('a line from someone who is not the task\'s lead or coordinator is logged for the office, not applied', async () => {
    const { env, sandbox } = world();
    const before = sentMail(env).length;
    // Một cửa is in the directory and answers its own reminder, but NV05 is not its task.
    await reply(env, 'motcua.tanviet@gmail.com', 'NV05: Hoàn thành 100%', 'motcua.tanviet@gmail.com', '2024-03-08T09:00:00+07:00');
    expect(process(sandbox)).toMatchObject({ messages: 1, applied: 0, notApplied: 1, refused: 0 });
    expect(progress(sandbox)).toHaveLength(0);
    const log = replyLog(sandbox);
    expect(log.map((r) => r['Người nhận'])).toEqual(['motcua.tanviet@gmail.com']);
    expect(String(log[0]['Kết quả'])).toContain('Không áp dụng: NV05:');
    expect(String(log[0]['Kết quả'])).toContain('motcua.tanviet@gmail.com không phải email của cán bộ chủ trì hoặc phối hợp nhiệm vụ này');
    const answer = answers(env, before);
    expect(answer.map((m) => m.to[0])).toEqual(['motcua.tanviet@gmail.com']);
    expect(answer[0].body).toContain('Không áp dụng:');
    expect(table(sandbox, 'Kế hoạch').find((t) => t['Mã'] === 'NV05')).toMatchObject({ 'Trạng thái': 'Chưa thực hiện' });
  });

  test('a coordinator of the task may answer for it', async () => {
    const { env, sandbox } = world();
    await reply(env, 'dai.tanviet@gmail.com', 'NV05: Đang thực hiện 50%, 3 chuyên mục phát thanh', 'dai.tanviet@gmail.com');
    expect(process(sandbox)).toMatchObject({ applied: 1, notApplied: 0 });
    expect(progress(sandbox)[0]).toMatchObject({ 'Mã nhiệm vụ': 'NV05', 'Người báo cáo': 'dai.tanviet@gmail.com', 'Hình thức': 'Phát thanh', Nguồn: 'Thư trả lời' });
  });

  test('lines it cannot read are reported to the sender and logged; automatic replies are neither applied nor answered', async () => {
    const { env, sandbox } = world();
    const before = sentMail(env).length;
    await reply(env, TUPHAP, 'NV05: đã làm rồi\nNV99: Hoàn thành 100%', TUPHAP, '2024-03-08T09:00:00+07:00');
    await reply(env, 'Mail Delivery Subsystem <mailer-daemon@googlemail.com>', 'NV05: Hoàn thành 100%', TUPHAP, '2024-03-08T09:10:00+07:00');
    expect(process(sandbox)).toMatchObject({ messages: 2, applied: 0 });
    expect(progress(sandbox)).toHaveLength(0);
    const log = replyLog(sandbox);
    expect(String(log[0]['Kết quả'])).toContain('Chưa đọc được:');
    expect(String(log[0]['Kết quả'])).toContain('Không có nhiệm vụ mã NV99');
    expect(String(log[1]['Kết quả'])).toContain('Thư tự động');
    const answer = answers(env, before);
    expect(answer.map((m) => m.to[0])).toEqual([TUPHAP]);
    expect(answer[0].body).toContain('Chưa đọc được:');
  });

  test('HTML and formula text in a reply stays text in the sheet and is escaped in the answer', async () => {
    const { env, sandbox } = world();
    const line = 'NV05: Đang thực hiện 50%, =HYPERLINK("http://evil.example","x") <img src=x onerror=alert(1)>';
    await reply(env, TUPHAP, line);
    const before = sentMail(env).length;
    expect(process(sandbox).applied).toBe(1);
    expect(progress(sandbox)[0]['Nội dung thực hiện']).toBe(line);
    expect(js<string[][]>(sandbox, FORMULAS, 'Tiến độ').flat().filter(Boolean)).toEqual([]);
    expect(js<string[][]>(sandbox, FORMULAS, 'Nhật ký nhắc việc').flat().filter(Boolean)).toEqual([]);
    const bad = await reply(env, TUPHAP, '=1+1 NV05 <b>x</b>');
    expect(process(sandbox).problems).toBe(1);
    expect(replyLog(sandbox).find((r) => r['Khóa'] === `reply|${bad}`)!['Kết quả']).toContain('"=1+1 NV05 <b>x</b>"');
    expect(js<string[][]>(sandbox, FORMULAS, 'Nhật ký nhắc việc').flat().filter(Boolean)).toEqual([]);
    const answer = answers(env, before).at(-1)!;
    expect(answer.htmlBody).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(answer.htmlBody).not.toContain('<b>x</b>');
  });

  test('a message that failed is retried by the next run, and its thread is not labelled meanwhile', async () => {
    const { env, sandbox } = world();
    const id = await reply(env, TUPHAP, 'NV05: Hoàn thành 100%');
    // Recording the entry fails (its log row cannot be appended).
    env.faults.add({ method: 'Sheet.appendRow', nth: 1 });
    expect(process(sandbox)).toMatchObject({ messages: 1, applied: 0, failed: 1 });
    expect(progress(sandbox)).toHaveLength(0);
    expect(String(replyLog(sandbox)[0]['Kết quả'])).toMatch(/^Lỗi: /);
    expect(mailboxMessages(env).find((m) => m.id === id)!.labels).toEqual([]);
    expect(process(sandbox)).toMatchObject({ messages: 1, applied: 1, failed: 0 });
    expect(progress(sandbox)).toHaveLength(1);
    expect(mailboxMessages(env).find((m) => m.id === id)!.labels).toEqual(['CCHC/Da xu ly']);
  });

  test('reads each sheet once and each thread list once, however many replies it applies', async () => {
    const run = async (replies: [string, string][]) => {
      const { env, sandbox } = world();
      for (const [from, line] of replies) await reply(env, from, line, from);
      env.calls.reset();
      const result = process(sandbox);
      return {
        applied: result.applied,
        reads: env.calls.count('Range.getValues'),
        dataRanges: env.calls.count('Sheet.getDataRange'),
        perThread: env.calls.total('GmailThread'),
        messageLists: env.calls.count('GmailApp.getMessagesForThreads'),
        rows: progress(sandbox).length,
      };
    };
    const one = await run([[TUPHAP, 'NV05: Đang thực hiện 50%, 1 tin bài trên trang TTĐT']]);
    const four = await run([
      [TUPHAP, 'NV05: Đang thực hiện 50%, 1 tin bài trên trang TTĐT'],
      ['dai.tanviet@gmail.com', 'NV03: Đang thực hiện 40%, 3 chuyên mục phát thanh'],
      ['motcua.tanviet@gmail.com', 'NV02: Hoàn thành 100%'],
      ['chutich.tanviet@gmail.com', 'NV01: Đang thực hiện 30%'],
    ]);
    expect(one).toMatchObject({ applied: 1, rows: 1 });
    expect(four).toMatchObject({ applied: 4, rows: 4 });
    expect(four.reads).toBe(one.reads);
    expect(four.dataRanges).toBe(one.dataRanges);
    // The messages of every thread come in one GmailApp call; the label goes on in one call too.
    expect(four.perThread).toBe(0);
    expect(four.messageLists).toBe(1);
  });

  test('does nothing when replies are switched off in the settings', async () => {
    const { env, sandbox } = world(false);
    await reply(env, TUPHAP, 'NV05: Hoàn thành 100%');
    env.calls.reset();
    expect(process(sandbox)).toEqual({ enabled: false, messages: 0, applied: 0, notApplied: 0, problems: 0, failed: 0, refused: 0 });
    expect(env.calls.total('GmailApp')).toBe(0);
    expect(progress(sandbox)).toHaveLength(0);
  });
});

describe('issue 13: a confirmation not sent by one run is sent by a later run, exactly once', () => {
  const confirmLog = (sandbox: Sandbox) => table(sandbox, 'Nhật ký nhắc việc').filter((r) => String(r['Khóa']).startsWith('confirm|'));
  const LINE = 'NV05: Hoàn thành 100%, 2 tin bài trên trang TTĐT';

  test('when sending it fails, the next run sends it (what was recorded, to the sender, in the thread\'s subject), and no run sends it again', async () => {
    const { env, sandbox } = world();
    const id = await reply(env, TUPHAP, LINE);
    const before = sentMail(env).length;
    env.faults.add({ method: 'MailApp.sendEmail', message: "We're sorry, a server error occurred. Please wait a bit and try again." });
    expect(process(sandbox)).toMatchObject({ messages: 1, applied: 1, unanswered: 1 });
    expect(answers(env, before)).toHaveLength(0);
    expect(progress(sandbox)).toHaveLength(1);
    // The log says it is owed, for the office to see.
    expect(confirmLog(sandbox).map((r) => String(r['Kết quả']).split('\n')[0])).toEqual(['Đang gửi thư xác nhận', expect.stringMatching(/^Chưa gửi thư xác nhận: gửi lỗi/)]);
    expect(confirmLog(sandbox)[0]).toMatchObject({ Khóa: `confirm|${id}`, 'Người nhận': TUPHAP, 'Nhiệm vụ': 'NV05', 'Nội dung': 'Thư xác nhận gửi người trả lời: NV05' });

    env.clock.advance(60 * 60_000);
    expect(process(sandbox)).toMatchObject({ messages: 0, confirmed: 1 });
    const answer = answers(env, before);
    expect(answer).toHaveLength(1);
    expect(answer[0].to).toEqual([TUPHAP]);
    expect(answer[0].subject).toMatch(/^Re: \[CCHC xã Tân Việt\]/);
    expect(answer[0].body).toContain('Đã ghi vào bảng theo dõi:\n- NV05: Hoàn thành, 100%');
    expect(answer[0].htmlBody).toContain('<li>NV05: Hoàn thành, 100%</li>');

    for (let i = 0; i < 3; i++) {
      env.clock.advance(60 * 60_000);
      process(sandbox);
    }
    expect(answers(env, before)).toHaveLength(1);
    expect(progress(sandbox)).toHaveLength(1);
  });

  test('with no mail quota left the confirmation waits in the log, and goes out once the quota is back', async () => {
    const { env, sandbox } = world();
    await reply(env, TUPHAP, LINE);
    const before = sentMail(env).length;
    setMailQuota(env, 0);
    expect(process(sandbox)).toMatchObject({ messages: 1, applied: 1 });
    expect(answers(env, before)).toHaveLength(0);
    expect(String(confirmLog(sandbox)[0]['Kết quả'])).toMatch(/^Chờ gửi thư xác nhận: hết hạn mức/);
    env.clock.advance(60 * 60_000);
    process(sandbox);
    expect(answers(env, before)).toHaveLength(0);
    setMailQuota(env, 100);
    env.clock.advance(60 * 60_000);
    expect(process(sandbox)).toMatchObject({ confirmed: 1 });
    process(sandbox);
    expect(answers(env, before)).toHaveLength(1);
  });

  test('a run that sent it but could not log so keeps what it sent in the properties: the next run logs it sent, and never sends it again', async () => {
    const { env, sandbox } = world();
    await reply(env, TUPHAP, LINE);
    await reply(env, 'dai.tanviet@gmail.com', 'NV03: Đang thực hiện 40%, 3 chuyên mục phát thanh', 'dai.tanviet@gmail.com');
    const before = sentMail(env).length;
    // The second send fails; then the lock for the log after the sends fails, both tries (the first lock is step 2's).
    env.faults.add({ method: 'MailApp.sendEmail', nth: 2 });
    env.faults.add({ method: 'Lock.waitLock', nth: 2, times: 2, message: 'Lock timeout: another process was holding the lock for too long.' });
    process(sandbox);
    expect(answers(env, before)).toHaveLength(1);
    expect(confirmLog(sandbox).map((r) => String(r['Kết quả']).split('\n')[0])).toEqual(['Đang gửi thư xác nhận', 'Đang gửi thư xác nhận']);
    const journal = () => Object.keys(env.state.documentProperties).filter((k) => k.startsWith('cchc.replyConfirmJournal.'));
    expect(journal()).toHaveLength(1);
    env.clock.advance(60 * 60_000);
    expect(process(sandbox)).toMatchObject({ confirmed: 1 });
    for (let i = 0; i < 2; i++) {
      env.clock.advance(60 * 60_000);
      process(sandbox);
    }
    // Each sender once: the one sent before is logged sent, the other sent now.
    expect(answers(env, before).map((m) => m.to[0]).sort()).toEqual(['dai.tanviet@gmail.com', TUPHAP].sort());
    expect(confirmLog(sandbox).filter((r) => String(r['Kết quả']).startsWith('Đã gửi thư xác nhận'))).toHaveLength(2);
    expect(journal()).toHaveLength(0);
  });

  test('when the log and the properties both fail after a send, the claim is given up for the office to see, never sent twice', async () => {
    const { env, sandbox } = world();
    await reply(env, TUPHAP, LINE);
    const before = sentMail(env).length;
    env.faults.add({ method: 'Lock.waitLock', nth: 2, times: 2, message: 'Lock timeout: another process was holding the lock for too long.' });
    env.faults.add({ method: 'Properties.setProperties', message: 'Unexpected error while getting the method or property setProperties on object PropertiesService.Properties.' });
    process(sandbox);
    expect(answers(env, before)).toHaveLength(1);
    expect(confirmLog(sandbox).map((r) => String(r['Kết quả']).split('\n')[0])).toEqual(['Đang gửi thư xác nhận']);
    // Within the claim's lease (the claiming run might still be sending): left alone.
    env.clock.advance(5 * 60_000);
    process(sandbox);
    expect(confirmLog(sandbox)).toHaveLength(1);
    // Later: given up, never sent again.
    env.clock.advance(60 * 60_000);
    process(sandbox);
    process(sandbox);
    expect(answers(env, before)).toHaveLength(1);
    expect(confirmLog(sandbox).map((r) => String(r['Kết quả']))).toEqual([expect.stringMatching(/^Đang gửi/), expect.stringMatching(/^Không gửi thư xác nhận: lần chạy gửi thư dừng giữa chừng, không rõ thư đã đi chưa; không gửi lại/)]);
  });

  test('a fault at any one call of the run: every sender confirmed exactly once by the later runs, every reply recorded once', async () => {
    const SENDERS: [string, string][] = [
      [TUPHAP, LINE],
      ['dai.tanviet@gmail.com', 'NV03: Đang thực hiện 40%, 3 chuyên mục phát thanh'],
    ];
    const setup = async () => {
      const t = world();
      for (const [from, line] of SENDERS) await reply(t.env, from, line, from);
      return { ...t, before: sentMail(t.env).length };
    };
    const total = await (async () => {
      const { env, sandbox } = await setup();
      const start = env.calls.sequence;
      process(sandbox);
      return env.calls.sequence - start;
    })();
    expect(total).toBeGreaterThan(40);
    for (let k = 1; k <= total; k++) {
      const { env, sandbox, before } = await setup();
      faultAtCall(env, k);
      try {
        process(sandbox);
      } catch {
        // The run ended in the fault: the next ones carry on.
      }
      env.beforeCall = null;
      for (let i = 0; i < 2; i++) {
        env.clock.advance(60 * 60_000);
        process(sandbox);
      }
      const to = answers(env, before).map((m) => m.to[0]).sort();
      expect({ k, to }).toEqual({ k, to: SENDERS.map(([from]) => from).sort() });
      expect({ k, rows: progress(sandbox).length }).toEqual({ k, rows: SENDERS.length });
    }
  }, 300_000);

  test('confirmations left over cost no more sheet calls when there are more of them', async () => {
    const run = async (senders: [string, string][]) => {
      const { env, sandbox } = world();
      for (const [from, line] of senders) await reply(env, from, line, from);
      const before = sentMail(env).length;
      env.faults.add({ method: 'MailApp.sendEmail', times: Infinity });
      process(sandbox);
      env.faults.clear();
      env.calls.reset();
      const result = process(sandbox) as { confirmed?: number };
      return { confirmed: result.confirmed, sent: answers(env, before).length, sheetCalls: env.calls.total('SpreadsheetApp') };
    };
    const one = await run([[TUPHAP, LINE]]);
    const four = await run([
      [TUPHAP, LINE],
      ['dai.tanviet@gmail.com', 'NV03: Đang thực hiện 40%, 3 chuyên mục phát thanh'],
      ['motcua.tanviet@gmail.com', 'NV02: Hoàn thành 100%'],
      ['chutich.tanviet@gmail.com', 'NV01: Đang thực hiện 30%'],
    ]);
    expect(one).toMatchObject({ confirmed: 1, sent: 1 });
    expect(four).toMatchObject({ confirmed: 4, sent: 4 });
    expect(one.sheetCalls).toBeGreaterThan(0);
    expect(four.sheetCalls).toBe(one.sheetCalls);
  });
});

