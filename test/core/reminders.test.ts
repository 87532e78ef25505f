import { planReminders, type PlannedEmail } from '../../src/core/reminders';
import { addDays } from '../../src/core/dates';
import type { Assignee, IsoDate, ProgressEntry, Settings, Task } from '../../src/core/types';
import { testSettings } from '../support/fixtures';

const SETTINGS: Settings = testSettings({ recipients: ['Sở Nội vụ tỉnh'], channels: ['Tin bài trên trang TTĐT', 'Khác'] });
/** Settings with no office email: most tests look at assignees only. */
const NO_OFFICE: Settings = { ...SETTINGS, officeEmail: '' };

const person = (email: string, name = '', unit = 'Công chức'): Assignee => ({ unit, name, email });
const TUPHAP = person('tuphap@tanviet.gov.vn', 'Nguyễn Văn A', 'Công chức Tư pháp');
const VANHOA = person('Vanhoa@TanViet.gov.vn ', 'Trần Thị B', 'Công chức Văn hóa - Thông tin');
const DAI = person('dai@tanviet.gov.vn', 'Lê Văn C', 'Đài truyền thanh xã');

function task(code: string, over: Partial<Task> = {}): Task {
  return {
    code,
    stt: code.slice(2),
    section: '',
    outside: [],
    task: `Nhiệm vụ ${code}`,
    product: '',
    leadText: '',
    coordinatorText: '',
    timeframeText: 'Trong năm 2024',
    leads: [TUPHAP],
    coordinators: [],
    window: { from: '2024-01-01', to: '2024-12-31' },
    deadline: '2024-12-31',
    recurring: false,
    recurrence: 'none',
    status: 'Đang thực hiện',
    percent: 30,
    lastUpdate: null,
    row: 2,
    ...over,
  };
}

function recurringTask(code: string, over: Partial<Task> = {}): Task {
  return task(code, { timeframeText: 'Thường xuyên', deadline: null, recurring: true, recurrence: 'continuous', ...over });
}

function entry(taskCode: string, reportDate: IsoDate): ProgressEntry {
  return {
    at: `${reportDate}T09:00:00+07:00`,
    taskCode,
    reporter: 'tuphap@tanviet.gov.vn',
    status: 'Đang thực hiện',
    percent: 50,
    channel: 'Khác',
    quantity: 1,
    note: '',
    evidenceUrl: '',
    reportDate,
    source: 'sidebar',
    submissionId: `s-${taskCode}-${reportDate}`,
  };
}

function plan(tasks: Task[], today: IsoDate, opts: { sent?: string[]; entries?: ProgressEntry[]; settings?: Settings } = {}) {
  return planReminders({
    tasks,
    entries: opts.entries ?? [],
    settings: opts.settings ?? NO_OFFICE,
    sentKeys: new Set(opts.sent ?? []),
    today,
  });
}

const occasions = (emails: PlannedEmail[]) => emails.flatMap((e) => e.items.map((i) => `${e.to} ${i.occasion} ${i.taskCode}`));

/** Runs the job every day from `from` to `to` except `skip`, logging what was sent as the adapter does. */
function simulate(tasks: Task[], from: IsoDate, to: IsoDate, skip: IsoDate[] = [], settings = NO_OFFICE, entries: ProgressEntry[] = []) {
  const sent = new Set<string>();
  const log: string[] = [];
  for (let day = from; day <= to; day = addDays(day, 1)) {
    if (skip.includes(day)) continue;
    for (const email of planReminders({ tasks, entries, settings, sentKeys: sent, today: day })) {
      for (const item of email.items) {
        log.push(`${day} ${email.to} ${item.occasion}`);
        sent.add(item.key);
      }
    }
  }
  return log;
}

describe('deadline reminders', () => {
  it('reminds 14, 7 and 1 days before, then weekly while overdue', () => {
    const log = simulate([task('NV06')], '2024-12-01', '2025-01-20');
    expect(log).toEqual([
      '2024-12-17 tuphap@tanviet.gov.vn d-14:2024-12-31',
      '2024-12-24 tuphap@tanviet.gov.vn d-7:2024-12-31',
      '2024-12-30 tuphap@tanviet.gov.vn d-1:2024-12-31',
      '2025-01-01 tuphap@tanviet.gov.vn overdue-w1:2024-12-31',
      '2025-01-08 tuphap@tanviet.gov.vn overdue-w2:2024-12-31',
      '2025-01-15 tuphap@tanviet.gov.vn overdue-w3:2024-12-31',
    ]);
  });

  it('catches up a missed run once, with the latest occasion that came due', () => {
    const skip = ['2024-12-24', '2024-12-25', '2024-12-30', '2024-12-31', '2025-01-01', '2025-01-08', '2025-01-09'];
    const log = simulate([task('NV06')], '2024-12-01', '2025-01-20', skip);
    expect(log).toEqual([
      '2024-12-17 tuphap@tanviet.gov.vn d-14:2024-12-31',
      '2024-12-26 tuphap@tanviet.gov.vn d-7:2024-12-31',
      '2025-01-02 tuphap@tanviet.gov.vn overdue-w1:2024-12-31',
      '2025-01-10 tuphap@tanviet.gov.vn overdue-w2:2024-12-31',
      '2025-01-15 tuphap@tanviet.gov.vn overdue-w3:2024-12-31',
    ]);
  });

  it('sends only the latest occasion after a long gap (d-7 on d-5, not d-14 too)', () => {
    const emails = plan([task('NV06')], '2024-12-26');
    expect(occasions(emails)).toEqual(['tuphap@tanviet.gov.vn d-7:2024-12-31 NV06']);
    expect(emails[0].items[0]).toMatchObject({
      key: 'd-7:2024-12-31|NV06|tuphap@tanviet.gov.vn',
      reason: 'before-deadline',
      daysLeft: 5,
      deadline: '2024-12-31',
    });
    const late = plan([task('NV06')], '2025-01-29');
    expect(late[0].items[0]).toMatchObject({ occasion: 'overdue-w5:2024-12-31', reason: 'overdue', daysLeft: -29 });
  });

  it('reminds on the deadline day when d-1 was missed, and is quiet long before it', () => {
    expect(occasions(plan([task('NV06')], '2024-12-31'))).toEqual(['tuphap@tanviet.gov.vn d-1:2024-12-31 NV06']);
    expect(plan([task('NV06')], '2024-12-31', { sent: ['d-1:2024-12-31|NV06|tuphap@tanviet.gov.vn'] })).toEqual([]);
    expect(plan([task('NV06')], '2024-12-16')).toEqual([]);
  });

  it('follows the settings\' offsets', () => {
    const log = simulate([task('NV06')], '2024-12-01', '2024-12-31', [], { ...NO_OFFICE, reminderOffsets: [3] });
    expect(log).toEqual(['2024-12-28 tuphap@tanviet.gov.vn d-3:2024-12-31']);
  });

  it('says nothing about finished and on-demand tasks', () => {
    const done = task('NV01', { status: 'Hoàn thành', percent: 100 });
    const onDemand = task('NV02', { recurrence: 'on-demand', deadline: null, window: null, timeframeText: 'Theo chỉ đạo' });
    expect(simulate([done, onDemand], '2024-12-01', '2025-01-31', [], SETTINGS)).toEqual([]);
  });
});

describe('digests', () => {
  it('merges every item for one address into one email, ordered by deadline then code', () => {
    const tasks = [
      task('NV10', { deadline: '2024-12-31' }),
      task('NV02', { deadline: '2024-12-31' }),
      task('NV05', { deadline: '2024-12-20' }),
      task('NV07', { deadline: '2024-12-20', leads: [VANHOA] }),
    ];
    const emails = plan(tasks, '2024-12-19');
    expect(emails.map((e) => e.to)).toEqual(['tuphap@tanviet.gov.vn', 'vanhoa@tanviet.gov.vn']);
    expect(emails[0]).toMatchObject({ key: '2024-12-19|tuphap@tanviet.gov.vn', name: 'Nguyễn Văn A', kind: 'assignee' });
    expect(emails[0].items.map((i) => `${i.taskCode} ${i.occasion}`)).toEqual([
      'NV05 d-1:2024-12-20',
      'NV02 d-14:2024-12-31',
      'NV10 d-14:2024-12-31',
    ]);
    expect(emails[1].items.map((i) => i.key)).toEqual(['d-1:2024-12-20|NV07|vanhoa@tanviet.gov.vn']);
  });

  it('issue 13 finding 9: each lead and each coordinator of a shared task gets a digest of their own, nobody a copy', () => {
    const shared = task('NV04', {
      leads: [TUPHAP, DAI, person('TUPHAP@tanviet.gov.vn', 'Nguyễn Văn A')],
      coordinators: [VANHOA, TUPHAP, person('chua-co-email'), person('')],
    });
    const emails = plan([shared], '2024-12-17');
    expect(emails.map((e) => [e.to, e.items.map((i) => [i.key, i.role ?? 'lead'])])).toEqual([
      ['dai@tanviet.gov.vn', [['d-14:2024-12-31|NV04|dai@tanviet.gov.vn', 'lead']]],
      ['tuphap@tanviet.gov.vn', [['d-14:2024-12-31|NV04|tuphap@tanviet.gov.vn', 'lead']]],
      ['vanhoa@tanviet.gov.vn', [['d-14:2024-12-31|NV04|vanhoa@tanviet.gov.vn', 'coordinator']]],
    ]);
    expect(emails.every((e) => !('cc' in e))).toBe(true);
    // The coordinator's item is sent once, like anyone's.
    expect(plan([shared], '2024-12-17', { sent: emails.flatMap((e) => e.items.map((i) => i.key)) })).toEqual([]);
  });

  it('skips a lead without a usable email and keeps the others', () => {
    const t = task('NV03', { leads: [person(''), person('khong phai email'), DAI] });
    expect(occasions(plan([t], '2024-12-17'))).toEqual(['dai@tanviet.gov.vn d-14:2024-12-31 NV03']);
  });

  it('drops items already sent, and the whole email when nothing is left', () => {
    const tasks = [task('NV01'), task('NV02')];
    const first = plan(tasks, '2024-12-17');
    const partly = plan(tasks, '2024-12-17', { sent: [first[0].items[0].key] });
    expect(partly[0].items.map((i) => i.taskCode)).toEqual(['NV02']);
    expect(plan(tasks, '2024-12-17', { sent: first[0].items.map((i) => i.key) })).toEqual([]);
  });

  it('orders codes by number: NV99 before NV100', () => {
    const emails = plan([task('NV100'), task('NV99')], '2024-12-17');
    expect(emails[0].items.map((i) => i.taskCode)).toEqual(['NV99', 'NV100']);
  });

  it('is deterministic whatever the order of the tasks', () => {
    const tasks = [task('NV03', { leads: [DAI] }), task('NV01', { leads: [VANHOA, TUPHAP] }), task('NV02')];
    expect(plan([...tasks].reverse(), '2024-12-24')).toEqual(plan(tasks, '2024-12-24'));
  });
});

describe('period reminders for recurring tasks', () => {
  const rec = recurringTask('NV01', { window: { from: '2024-01-01', to: '2024-12-31' } });

  it('asks for the cycle\'s progress from 7 days before the cut-off, once', () => {
    const log = simulate([rec], '2024-02-20', '2024-03-31');
    expect(log).toEqual(['2024-03-07 tuphap@tanviet.gov.vn period:Quý I/2024']);
    const emails = plan([rec], '2024-03-07');
    expect(emails[0].cycle).toEqual({ label: 'Quý I/2024', cutoff: '2024-03-14', due: '2024-03-19' });
    expect(emails[0].items[0]).toMatchObject({
      key: 'period:Quý I/2024|NV01|tuphap@tanviet.gov.vn',
      reason: 'period-progress',
      daysLeft: 7,
      deadline: null,
    });
  });

  it('catches up on a later day up to the cut-off, not after it', () => {
    expect(occasions(plan([rec], '2024-03-14'))).toEqual(['tuphap@tanviet.gov.vn period:Quý I/2024 NV01']);
    expect(plan([rec], '2024-03-15')).toEqual([]);
  });

  it('does not ask when the task already has an entry dated in the cycle\'s window', () => {
    // Under Nghị định 09 Quý I/2024 runs from 15/12/2023 to 14/03/2024.
    expect(plan([rec], '2024-03-10', { entries: [entry('NV01', '2023-12-20')] })).toEqual([]);
    expect(plan([rec], '2024-03-10', { entries: [entry('nv01', '2024-03-14')] })).toEqual([]);
    expect(plan([rec], '2024-03-10', { entries: [entry('NV01', '2023-12-14'), entry('NV02', '2024-02-01')] })).toHaveLength(1);
  });

  it('follows the calendar-quarter rule and the settings\' lead time', () => {
    const settings: Settings = { ...NO_OFFICE, windowRule: 'calendar', periodReminderDays: 3 };
    const log = simulate([rec], '2024-06-01', '2024-07-10', [], settings);
    expect(log).toEqual(['2024-06-27 tuphap@tanviet.gov.vn period:Quý II/2024']);
  });

  it('runs through the year: one request per quarter without progress', () => {
    const entries = [entry('NV01', '2024-05-02')];
    const log = simulate([rec], '2024-01-01', '2024-12-31', [], NO_OFFICE, entries);
    expect(log).toEqual([
      '2024-03-07 tuphap@tanviet.gov.vn period:Quý I/2024',
      '2024-09-07 tuphap@tanviet.gov.vn period:Quý III/2024',
      '2024-12-07 tuphap@tanviet.gov.vn period:Quý IV/2024',
    ]);
  });

  it('does not remind coordinators of a period request (the lead reports for the period)', () => {
    const emails = plan([recurringTask('NV02', { coordinators: [VANHOA] })], '2024-03-07');
    expect(emails.map((e) => e.to)).toEqual(['tuphap@tanviet.gov.vn']);
  });
});

describe('office summary', () => {
  const tasks = [
    recurringTask('NV01'),
    recurringTask('NV02'),
    task('NV03', { deadline: '2024-03-01', window: { from: '2024-01-01', to: '2024-03-01' } }),
    task('NV04', { leads: [person('', '', 'Các cán bộ, công chức liên quan')], deadline: '2024-12-31' }),
    task('NV05', { deadline: '2024-12-31', window: { from: '2024-10-01', to: '2024-12-31' } }),
    task('NV06', { status: 'Hoàn thành', percent: 100, deadline: '2024-02-01' }),
    task('NV07', { recurrence: 'on-demand', deadline: null, window: null }),
  ];
  const entries = [entry('NV02', '2024-01-10'), entry('NV04', '2024-01-10')];

  it('lists unreported, overdue and unassigned tasks in one email to the office', () => {
    const emails = plan(tasks, '2024-03-10', { settings: SETTINGS, entries });
    const office = emails.find((e) => e.to === 'vanphong@tanviet.gov.vn');
    expect(office).toBeDefined();
    expect(office).toMatchObject({
      key: '2024-03-10|vanphong@tanviet.gov.vn',
      kind: 'office',
      name: 'Văn phòng HĐND&UBND xã Tân Việt',
      cycle: { label: 'Quý I/2024', cutoff: '2024-03-14', due: '2024-03-19' },
    });
    expect(office!.items.map((i) => [i.taskCode, i.issues])).toEqual([
      ['NV03', ['no-report', 'overdue']],
      ['NV04', ['no-recipient']],
      ['NV01', ['no-report']],
    ]);
    expect(office!.items[0]).toMatchObject({
      key: 'office:Quý I/2024|NV03|vanphong@tanviet.gov.vn',
      reason: 'office-summary',
      daysLeft: -9,
      deadline: '2024-03-01',
    });
  });

  it('is sent once per cycle, between 7 days before the cut-off and the due date', () => {
    const officeLog = (skip: IsoDate[]) =>
      simulate(tasks, '2024-02-25', '2024-04-30', skip, SETTINGS, entries)
        .filter((l) => l.includes('vanphong@'))
        .map((l) => l.slice(0, 10));
    expect([...new Set(officeLog([]))]).toEqual(['2024-03-07']);
    const missed = ['2024-03-07', '2024-03-08', '2024-03-09', '2024-03-10', '2024-03-11', '2024-03-12', '2024-03-13', '2024-03-14', '2024-03-15', '2024-03-16', '2024-03-17', '2024-03-18'];
    expect([...new Set(officeLog(missed))]).toEqual(['2024-03-19']);
    expect(officeLog([...missed, '2024-03-19'])).toEqual([]);
  });

  it('does not send a second summary in the same cycle when a new problem appears', () => {
    const first = plan(tasks, '2024-03-07', { settings: SETTINGS, entries });
    const sent = first.flatMap((e) => e.items.map((i) => i.key));
    const later = [...tasks, task('NV08', { deadline: '2024-03-08' })];
    const emails = plan(later, '2024-03-09', { settings: SETTINGS, entries, sent });
    expect(emails.find((e) => e.to === 'vanphong@tanviet.gov.vn')).toBeUndefined();
  });

  it('merges the office\'s own reminders into its summary', () => {
    const own = task('NV09', { leads: [person('VanPhong@tanviet.gov.vn', 'Phạm D')], deadline: '2024-03-17', window: null });
    const emails = plan([...tasks, own], '2024-03-10', { settings: SETTINGS, entries });
    const office = emails.filter((e) => e.to === 'vanphong@tanviet.gov.vn');
    expect(office).toHaveLength(1);
    expect(office[0].kind).toBe('office');
    // NV09 is both the office's own task (due in 7 days) and, without a report, in the summary.
    expect(office[0].items.filter((i) => i.taskCode === 'NV09').map((i) => i.reason)).toEqual([
      'before-deadline',
      'office-summary',
    ]);
    expect(emails.find((e) => e.to === 'tuphap@tanviet.gov.vn')?.kind).toBe('assignee');
  });

  it('skips the summary when the office email is missing or malformed', () => {
    for (const officeEmail of ['', 'van phong@xa', 'vanphong']) {
      const emails = plan(tasks, '2024-03-10', { settings: { ...SETTINGS, officeEmail }, entries });
      expect(emails.some((e) => e.kind === 'office')).toBe(false);
    }
  });
});
