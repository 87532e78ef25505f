/**
 * processReplies reads every unprocessed reply, not the first 50 threads: it pages through
 * GmailApp.search, and its processed label is ASCII (Gmail does not reliably match label:
 * searches with Vietnamese letters; the emulator refuses them).
 */
import { loadSandbox } from '../support/sandbox';
import { js, SET_CELL, SET_SETTING } from '../support/script';
import { addInboxMessage, mailboxMessages } from '../../emulator/services/gmail';

const OWNER = 'vanphong.tanviet@gmail.com';

test('230 reply threads in one hour: one run handles them all and labels each "CCHC/Da xu ly"', async () => {
  const { env, sandbox } = loadSandbox({ now: '2024-03-08T07:00:00+07:00', owner: OWNER });
  sandbox.call('setupWorkbook');
  js(sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', 'Công chức Tư pháp - Hộ tịch', 'Email', 'tuphap.tanviet@gmail.com');
  js(sandbox, SET_SETTING, 'Email Văn phòng', OWNER);
  js(sandbox, SET_SETTING, 'Nhận trả lời qua email', 'Có');
  env.clock.set('2024-03-08T10:00:00+07:00');
  const ids: string[] = [];
  for (let i = 0; i < 230; i++) {
    ids.push(await addInboxMessage(env, { from: 'tuphap.tanviet@gmail.com', to: OWNER, subject: `Re: [CCHC xã Tân Việt] báo cáo số ${i + 1}`, text: `Dạ em đã nhận thư số ${i + 1}.` }));
  }
  const r = sandbox.call('processReplies', [], { context: 'trigger' }) as { messages: number };
  expect(r.messages).toBe(230);
  expect(env.calls.count('GmailApp.search')).toBe(3);
  const byId = new Map(mailboxMessages(env).map((m) => [m.id, m]));
  for (const id of ids) expect(byId.get(id)!.labels).toEqual(['CCHC/Da xu ly']);
  // The next run finds nothing new.
  expect((sandbox.call('processReplies', [], { context: 'trigger' }) as { messages: number }).messages).toBe(0);
});
