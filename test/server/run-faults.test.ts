/**
 * Issue 13 findings 5, 6, 11 and 12 (the daily run's and the reply reader's), and issue 10 §5's
 * first two bullets: the daily run holds the lock only while it reads and writes the sheets,
 * its journal stays under Apps Script's 9 KB a property and is written to the log once, a run
 * that does not complete is retried an hour later, and two runs overlapping never send or log
 * anything twice. On the built bundle.
 */
import { js, SET_CELL, READ_SHEET } from '../support/script';
import { appendRows, reminderLogRows, values } from '../support/sheets';
import { sentMail } from '../../emulator/services/mail';
import { addInboxMessage } from '../../emulator/services/gmail';
import { PLAN_COLUMNS } from '../../src/core/schema';
import type { Env } from '../../emulator/core/env';
import type { Sandbox } from '../../emulator/sandbox';
import { attempt, DUE_ON_8_MARCH, mailingWorkbook, runDaily, runHourlyTrigger } from '../support/mailing';

const DAY = '2024-03-08T07:00:00+07:00';
const OWNER = 'vanphong.tanviet@gmail.com';
const DUE = DUE_ON_8_MARCH;
const setSetting = (sandbox: Sandbox, label: string, value: string) => js(sandbox, SET_CELL, 'Cài đặt', 'Mục cài đặt', label, 'Giá trị', value);
const fresh = () => mailingWorkbook(DAY, OWNER);
const run = runDaily;
/** The message of what `fn` threw (errors of the sandbox's realm included), or null. */
function failure(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (e) {
    return String((e as Error).message);
  }
}

const logRows = reminderLogRows;
/** Every item (task, occasion, address) of every email sent, with how many times it went out. */
function itemsSent(sandbox: Sandbox): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of logRows(sandbox)) {
    if (!r.result.startsWith('Đã gửi')) continue;
    for (const t of r.tasks) out.set(`${r.recipient}|${t}`, (out.get(`${r.recipient}|${t}`) ?? 0) + 1);
  }
  return out;
}
const recipients = (env: Env) => sentMail(env).map((m) => m.to.join(','));

const ENTRY = { taskId: 'NV03', status: 'Đang thực hiện', percent: 40, channel: 'Phát thanh', quantity: 1, note: 'Phát 1 chuyên mục', evidenceUrl: '', reportDate: '2024-03-07', submissionId: 'sub-window-0001' };

describe('the lock is held only while the run reads and writes (issue 10 §5)', () => {
  test('a sidebar entry made while the run is sending is recorded, not refused', () => {
    const { env, sandbox } = fresh();
    let entry: unknown = null;
    env.beforeCall = (name) => {
      if (name === 'MailApp.sendEmail' && entry === null) entry = attempt(() => sandbox.call('submitProgress', [ENTRY], { user: 'dai.tanviet@gmail.com' }));
    };
    expect(run(sandbox)).toMatchObject({ sent: 5, failed: 0, deferred: 0 });
    env.beforeCall = null;
    expect(entry).toMatchObject({ ok: true });
  });

  test('two runs overlapping at any call boundary: each reminder sent once, each logged once', () => {
    const probe = fresh();
    const start = probe.env.calls.sequence;
    run(probe.sandbox);
    const total = probe.env.calls.sequence - start;
    for (let k = 1; k <= total + 1; k++) {
      const { env, sandbox } = fresh();
      const target = env.calls.sequence + k;
      env.beforeCall = (_n, seq) => {
        if (seq === target) run(sandbox);
      };
      run(sandbox);
      env.beforeCall = null;
      run(sandbox); // whatever was left (a run that found the other sending)
      expect({ k, to: recipients(env).sort() }).toEqual({ k, to: DUE });
      const sentRows = logRows(sandbox).filter((r) => r.result.startsWith('Đã gửi'));
      expect({ k, rows: sentRows.length }).toEqual({ k, rows: 5 });
      expect({ k, twice: [...itemsSent(sandbox).values()].filter((n) => n > 1) }).toEqual({ k, twice: [] });
    }
  });
});

describe('the journal (finding 6 and issue 10 §5)', () => {
  test('clearing the journal fails after its rows were written: the next run does not write them again', () => {
    const { env, sandbox } = fresh();
    // The first email's row cannot be appended (the run tries twice), so it goes to the journal.
    env.faults.add({ method: 'Sheet.appendRow', nth: 1, times: 2 });
    env.faults.add({ method: 'Properties.deleteProperty', nth: 1 });
    expect(run(sandbox)).toMatchObject({ sent: 1, deferred: 4 });
    env.faults.clear();
    expect(run(sandbox)).toMatchObject({ sent: 4, deferred: 0 });
    expect(run(sandbox)).toMatchObject({ sent: 0, deferred: 0 });
    const sent = logRows(sandbox).filter((r) => r.result.startsWith('Đã gửi'));
    expect(sent.map((r) => r.recipient).sort()).toEqual(DUE);
    expect(recipients(env).sort()).toEqual(DUE);
    expect(Object.keys(env.state.documentProperties).filter((k) => k.startsWith('cchc.reminderJournal'))).toEqual([]);
  });

  test('two long emails not logged on two days: the journal keeps both (values under 9 KB), each logged once, none sent again', () => {
    const { env, sandbox } = fresh();
    // 300 more tasks for each of two officers, due on 15 March (the 7-day reminder is on 8 March)
    // and on 16 March (on 9 March): two long emails, one each day.
    const header = values(sandbox, 'Kế hoạch')![0] as string[];
    const task = (i: number, lead: string, due: string) => {
      const row = new Array(header.length).fill('');
      row[header.indexOf(PLAN_COLUMNS.code)] = `NV${String(i).padStart(3, '0')}`;
      row[header.indexOf(PLAN_COLUMNS.task)] = `Đăng tin số ${i}`;
      row[header.indexOf(PLAN_COLUMNS.lead)] = lead;
      row[header.indexOf(PLAN_COLUMNS.timeframe)] = due;
      row[header.indexOf(PLAN_COLUMNS.status)] = 'Chưa thực hiện';
      row[header.indexOf(PLAN_COLUMNS.percent)] = 0;
      return row;
    };
    appendRows(sandbox, 'Kế hoạch', [
      ...Array.from({ length: 300 }, (_, i) => task(i + 9, 'Đài truyền thanh xã', '15/3/2024')),
      ...Array.from({ length: 300 }, (_, i) => task(i + 309, 'Công chức Văn hóa - Thông tin', '16/3/2024')),
    ]);
    // The log cannot be written at all for two days: each day's first email goes out, its row is journalled.
    const broken = () => {
      env.faults.add({ method: 'Sheet.appendRow', nth: 1, times: Infinity });
      env.faults.add({ method: 'Range.setValues', nth: 1, times: Infinity });
    };
    broken();
    expect(failure(() => run(sandbox))).not.toBeNull();
    env.faults.clear();
    env.clock.set('2024-03-09T07:00:00+07:00');
    broken();
    // Nothing of 8 March goes out again; the first email of 9 March is the culture officer's.
    for (let i = 0; i < 6 && !sentMail(env).some((m) => m.to[0] === 'vanhoa.tanviet@gmail.com'); i++) failure(() => run(sandbox));
    const journal = Object.entries(env.state.documentProperties).filter(([k]) => k.startsWith('cchc.reminderJournal'));
    expect(journal.reduce((n, [, v]) => n + Buffer.byteLength(v, 'utf8'), 0)).toBeGreaterThan(9 * 1024);
    for (const [, v] of journal) expect(Buffer.byteLength(v, 'utf8')).toBeLessThanOrEqual(9 * 1024);
    env.faults.clear();
    run(sandbox);
    run(sandbox);
    const items = itemsSent(sandbox);
    expect([...items.entries()].filter(([, n]) => n > 1)).toEqual([]);
    // No task reached the same person in two emails (each of these tasks has one reminder due).
    for (const to of ['dai.tanviet@gmail.com', 'vanhoa.tanviet@gmail.com']) {
      const seen = new Map<string, number>();
      for (const m of sentMail(env).filter((x) => x.to[0] === to)) for (const code of new Set(m.body.match(/NV\d{3}\b/g) ?? [])) seen.set(code, (seen.get(code) ?? 0) + 1);
      expect({ to, twice: [...seen].filter(([, n]) => n > 1) }).toEqual({ to, twice: [] });
      expect(seen.size).toBeGreaterThan(100);
    }
    expect(Object.keys(env.state.documentProperties).filter((k) => k.startsWith('cchc.reminderJournal'))).toEqual([]);
  });
});

describe('a run that does not complete is retried the same day (finding 11)', () => {
  /** The workbook with the reminders switched on: the hourly trigger (and the reply reader). */
  function switchedOn() {
    const t = fresh();
    t.sandbox.call('toggleReminders');
    return t;
  }
  const HOUR = 60 * 60 * 1000;

  test('a run with a failed email: the next hour sends only that one; then the day is done and later hours send nothing', () => {
    const { env, sandbox } = switchedOn();
    const installed = env.state.triggers.map((t) => t.id);
    env.faults.add({ method: 'MailApp.sendEmail', nth: 2 });
    expect(runHourlyTrigger(env, sandbox)).toMatchObject({ sent: 4, failed: 1 });
    env.clock.advance(HOUR);
    expect(runHourlyTrigger(env, sandbox)).toMatchObject({ sent: 1, failed: 0 });
    expect(recipients(env).sort()).toEqual(DUE);
    env.clock.advance(HOUR);
    expect(runHourlyTrigger(env, sandbox)).toEqual({ sent: 0, deferred: 0, failed: 0, skipped: 0, waiting: 'done' });
    expect(sentMail(env)).toHaveLength(DUE.length);
    // No run added or removed a trigger.
    expect(env.state.triggers.map((t) => t.id)).toEqual(installed);
  });

  test('runs that throw hour after hour: the first that completes sends the day, once', () => {
    const { env, sandbox } = switchedOn();
    for (let hour = 7; hour < 11; hour++) {
      env.faults.add({ method: 'Range.getValues', nth: 1 });
      expect(failure(() => runHourlyTrigger(env, sandbox))).not.toBeNull();
      env.faults.clear();
      expect(sentMail(env)).toHaveLength(0);
      env.clock.advance(HOUR);
    }
    expect(runHourlyTrigger(env, sandbox)).toMatchObject({ sent: DUE.length, failed: 0 });
    env.clock.advance(HOUR);
    expect(runHourlyTrigger(env, sandbox)).toMatchObject({ sent: 0, waiting: 'done' });
    expect(recipients(env).sort()).toEqual(DUE);
  });

  test('a complete run whose "done" mark fails to be saved: the next hour runs again and sends nothing twice', () => {
    // Marking the day done is the run's last setProperty: count them in the same run elsewhere.
    const twin = switchedOn();
    twin.env.calls.reset();
    runHourlyTrigger(twin.env, twin.sandbox);
    const marks = twin.env.calls.count('Properties.setProperty');
    expect(twin.env.state.documentProperties['cchc.lastDailyRun']).toBe('2024-03-08');
    const { env, sandbox } = switchedOn();
    env.faults.add({ method: 'Properties.setProperty', nth: marks });
    expect(failure(() => runHourlyTrigger(env, sandbox))).not.toBeNull();
    env.faults.clear();
    expect(recipients(env).sort()).toEqual(DUE);
    env.clock.advance(HOUR);
    expect(runHourlyTrigger(env, sandbox)).toEqual({ sent: 0, deferred: 0, failed: 0, skipped: 0 });
    env.clock.advance(HOUR);
    expect(runHourlyTrigger(env, sandbox)).toMatchObject({ waiting: 'done' });
    expect(recipients(env).sort()).toEqual(DUE);
    const rows = logRows(sandbox).filter((r) => r.result.startsWith('Đã gửi'));
    expect(rows).toHaveLength(DUE.length);
  });

  test('before "Giờ gửi nhắc việc" the hourly run waits; the hour is read on every run (no reinstall)', () => {
    const { env, sandbox } = switchedOn();
    setSetting(sandbox, 'Giờ gửi nhắc việc', '9');
    expect(runHourlyTrigger(env, sandbox)).toEqual({ sent: 0, deferred: 0, failed: 0, skipped: 0, waiting: 'early' });
    env.clock.advance(HOUR);
    expect(runHourlyTrigger(env, sandbox)).toMatchObject({ waiting: 'early' });
    env.clock.advance(HOUR);
    expect(runHourlyTrigger(env, sandbox)).toMatchObject({ sent: DUE.length });
    expect(sentMail(env).map((m) => m.at)).toEqual(DUE.map(() => new Date('2024-03-08T09:00:00+07:00').toISOString()));
  });
});

describe('messages (finding 12)', () => {
  test.each([
    ['renamed', `function () { SpreadsheetApp.getActive().getSheetByName('Kế hoạch').setName('Kế hoạch cũ'); }`, /chưa gửi được nhắc việc hôm nay\. Không tìm thấy trang "Kế hoạch"/],
    [
      'with a header it cannot read',
      `function () { var s = SpreadsheetApp.getActive().getSheetByName('Kế hoạch'); var h = s.getRange(1, 1, 1, s.getLastColumn()).getValues()[0];
        s.getRange(1, h.indexOf('Mã') + 1).setValue('Ký hiệu'); s.getRange(1, h.indexOf('Nhiệm vụ cụ thể') + 1).setValue('Nội dung'); }`,
      /chưa gửi được nhắc việc hôm nay\..*không thấy dòng tiêu đề có cột "Mã" và cột "Nhiệm vụ cụ thể"/,
    ],
  ])('an unreadable plan (%s): the run says so once a day in the log and to the office', (_what, edit, said) => {
    const { env, sandbox } = fresh();
    js(sandbox, edit);
    expect(failure(() => run(sandbox))).not.toBeNull();
    expect(failure(() => run(sandbox))).not.toBeNull();
    const problems = logRows(sandbox).filter((r) => r.result.startsWith('Lỗi'));
    expect(problems).toHaveLength(1);
    expect(problems[0].result).toMatch(said);
    const told = sentMail(env);
    expect(told.map((m) => m.to[0])).toEqual([OWNER]);
    expect(told[0].subject).toMatch(/Nhắc việc hôm nay chưa gửi được/);
  });

  test('an address MailApp refuses is not tried again until it changes, and the log says what to fix', () => {
    const { env, sandbox } = fresh();
    // The 4th email (address order) is to the justice officer: Google refuses the address.
    env.faults.add({ method: 'MailApp.sendEmail', nth: 4, message: 'Invalid email: tuphap.tanviet@gmail.com' });
    expect(run(sandbox)).toMatchObject({ sent: 4, failed: 1 });
    expect(run(sandbox)).toMatchObject({ sent: 0, failed: 0, skipped: 1 });
    expect(run(sandbox)).toMatchObject({ sent: 0, failed: 0, skipped: 0 });
    const rows = logRows(sandbox).filter((r) => r.recipient === 'tuphap.tanviet@gmail.com');
    expect(rows.map((r) => r.result.split(':')[0])).toEqual(['Lỗi', 'Bỏ qua']);
    expect(rows[1].result).toMatch(/từ chối địa chỉ này.*Sửa email ở trang "Cán bộ"/);
    // Once the address is corrected, the reminder goes to the new one.
    js(sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', 'Công chức Tư pháp - Hộ tịch', 'Email', 'tuphap.xa.tanviet@gmail.com');
    expect(run(sandbox)).toMatchObject({ sent: 1 });
    expect(recipients(env)).not.toContain('tuphap.tanviet@gmail.com');
  });
});

describe('email replies with two runs overlapping (finding 5)', () => {
  test('a reply handled by a run started meanwhile is not recorded, logged or answered twice', async () => {
    const { env, sandbox } = fresh();
    setSetting(sandbox, 'Nhận trả lời qua email', 'Có');
    run(sandbox);
    const parent = sentMail(env).find((m) => m.to[0] === 'tuphap.tanviet@gmail.com')!;
    await addInboxMessage(env, { from: 'tuphap.tanviet@gmail.com', to: OWNER, subject: `Re: ${parent.subject}`, text: 'NV05: Hoàn thành 100%', inReplyTo: parent.messageId });
    const process = () => sandbox.call('processReplies', [], { context: 'trigger' });
    const probe = env.calls.sequence;
    const mailsBefore = sentMail(env).length;
    let ran = false;
    env.beforeCall = (name) => {
      // The second run starts once the first has read the messages, before it takes the lock.
      if (!ran && name === 'LockService.getScriptLock' && env.calls.sequence > probe) {
        ran = true;
        process();
      }
    };
    process();
    env.beforeCall = null;
    expect(ran).toBe(true);
    const progress = js<unknown[][]>(sandbox, READ_SHEET, 'Tiến độ').slice(1);
    expect(progress).toHaveLength(1);
    expect(logRows(sandbox).filter((r) => r.key.startsWith('reply|'))).toHaveLength(1);
    expect(sentMail(env).length - mailsBefore).toBe(1);
  });
});
