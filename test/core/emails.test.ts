import { composeReminder, type ComposeContext } from '../../src/core/emails';
import { planReminders, type PlannedEmail, type ReminderItem } from '../../src/core/reminders';
import type { Settings, Task } from '../../src/core/types';
import { testSettings } from '../support/fixtures';

const SETTINGS: Settings = testSettings({ recipients: ['Sở Nội vụ tỉnh'], channels: ['Tin bài trên trang TTĐT', 'Khác'], repliesEnabled: true });

function task(code: string, name: string, over: Partial<Task> = {}): Task {
  return {
    code,
    stt: code.slice(2),
    section: '',
    outside: [],
    task: name,
    product: '',
    leadText: 'Công chức Tư pháp',
    coordinatorText: '',
    timeframeText: 'Trong năm 2024',
    leads: [{ unit: 'Công chức Tư pháp', name: 'Nguyễn Văn A', email: 'tuphap@tanviet.gov.vn' }],
    coordinators: [],
    window: { from: '2024-01-01', to: '2024-12-31' },
    deadline: '2024-12-31',
    recurring: false,
    recurrence: 'none',
    status: 'Đang thực hiện',
    percent: 40,
    lastUpdate: null,
    row: 2,
    ...over,
  };
}

const TASKS = [
  task('NV03', 'Duy trì chuyên mục CCHC trên đài truyền thanh xã', { deadline: '2024-12-31' }),
  task('NV06', 'Tuyên truyền về Ứng dụng CNTT', { deadline: '2024-12-10', status: 'Chưa thực hiện', percent: 0 }),
  task('NV01', 'Tăng cường tuyên truyền CCHC trong nội bộ', {
    deadline: null,
    recurring: true,
    recurrence: 'continuous',
    timeframeText: 'Thường xuyên',
  }),
];
const taskMap = (tasks: Task[]) => new Map(tasks.map((t) => [t.code, t]));
const link = (code: string, to: string) => `https://script.google.com/macros/s/ABC/exec?t=${code}.${encodeURIComponent(to)}`;
const ctx = (over: Partial<ComposeContext> = {}): ComposeContext => ({
  settings: SETTINGS,
  tasks: taskMap(TASKS),
  link,
  today: '2024-12-18',
  ...over,
});

function item(taskCode: string, over: Partial<ReminderItem>): ReminderItem {
  return { key: `x|${taskCode}|tuphap@tanviet.gov.vn`, taskCode, occasion: 'x', reason: 'before-deadline', daysLeft: 0, deadline: null, ...over };
}

const DIGEST: PlannedEmail = {
  key: '2024-12-18|tuphap@tanviet.gov.vn',
  to: 'tuphap@tanviet.gov.vn',
  name: 'Nguyễn Văn A',
  kind: 'assignee',
  items: [
    item('NV06', { occasion: 'overdue-w2:2024-12-10', reason: 'overdue', daysLeft: -8, deadline: '2024-12-10' }),
    item('NV03', { occasion: 'd-14:2024-12-31', reason: 'before-deadline', daysLeft: 13, deadline: '2024-12-31' }),
    item('NV01', { occasion: 'period:Quý IV/2024', reason: 'period-progress', daysLeft: 7, deadline: null }),
  ],
  cycle: { label: 'Quý IV/2024', cutoff: '2024-12-14', due: '2024-12-19' },
};

/** The cells of each body row of the HTML table, as text. */
function tableRows(html: string): string[][] {
  const body = /<tbody>([\s\S]*)<\/tbody>/.exec(html)?.[1] ?? '';
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...r[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1].replace(/<br>/g, ' ').replace(/<[^>]+>/g, '').trim()),
  );
}

describe('composeReminder: assignee digest', () => {
  const mail = composeReminder(DIGEST, ctx());

  it('names the number of tasks and the nearest deadline in the subject', () => {
    expect(mail.subject).toBe('[CCHC xã Tân Việt] 3 nhiệm vụ cần cập nhật, hạn gần nhất 10/12/2024');
  });

  it('greets by name and lists one row per task with deadline, status and reason', () => {
    expect(mail.htmlBody).toContain('Kính gửi Nguyễn Văn A,');
    const headers = [...mail.htmlBody.matchAll(/<th[^>]*>([^<]*)<\/th>/g)].map((m) => m[1]);
    expect(headers).toEqual(['STT', 'Nhiệm vụ', 'Thời hạn', 'Trạng thái', 'Lý do']);
    expect(tableRows(mail.htmlBody)).toEqual([
      ['1', 'NV06 – Tuyên truyền về Ứng dụng CNTT Cập nhật tiến độ', '10/12/2024', 'Chưa thực hiện (0%)', 'quá hạn 8 ngày'],
      ['2', 'NV03 – Duy trì chuyên mục CCHC trên đài truyền thanh xã Cập nhật tiến độ', '31/12/2024', 'Đang thực hiện (40%)', 'còn 13 ngày'],
      ['3', 'NV01 – Tăng cường tuyên truyền CCHC trong nội bộ Cập nhật tiến độ', 'Thường xuyên', 'Đang thực hiện (40%)', 'chưa có báo cáo Quý IV/2024'],
    ]);
  });

  it('links each task to its own signed form for this recipient', () => {
    const hrefs = [...mail.htmlBody.matchAll(/<a href="([^"]*)"[^>]*>Cập nhật tiến độ<\/a>/g)].map((m) => m[1]);
    expect(hrefs).toEqual(['NV06', 'NV03', 'NV01'].map((c) => link(c, 'tuphap@tanviet.gov.vn')));
  });

  it('explains how to answer by reply when replies are read', () => {
    expect(mail.htmlBody).toContain('Trả lời thư này, mỗi dòng một nhiệm vụ, ví dụ: NV06: Hoàn thành 100%, 4 tin bài trên trang TTĐT');
    const off = composeReminder(DIGEST, ctx({ settings: { ...SETTINGS, repliesEnabled: false } }));
    expect(off.htmlBody).not.toContain('Trả lời thư này');
    expect(off.htmlBody).toContain('Cập nhật tiến độ');
  });

  it('mentions the cycle\'s cut-off for period requests', () => {
    expect(mail.body).toContain('Số liệu Quý IV/2024 được chốt ngày 14/12/2024');
  });

  it('uses inline styles only', () => {
    expect(mail.htmlBody).not.toMatch(/<style|<link|<script|class=/i);
    expect(mail.htmlBody).toMatch(/^<div style="[^"]*max-width:640px/);
  });

  it('has a plain-text alternative with the same content', () => {
    expect(mail.body).not.toMatch(/<[a-z]/i);
    expect(mail.body).toContain('Kính gửi Nguyễn Văn A,');
    expect(mail.body).toContain('1. NV06 – Tuyên truyền về Ứng dụng CNTT');
    expect(mail.body).toContain('Thời hạn: 10/12/2024 | Trạng thái: Chưa thực hiện (0%) | quá hạn 8 ngày');
    expect(mail.body).toContain('3. NV01 – Tăng cường tuyên truyền CCHC trong nội bộ');
    expect(mail.body).toContain('chưa có báo cáo Quý IV/2024');
    expect(mail.body).toContain(`Cập nhật tiến độ: ${link('NV03', 'tuphap@tanviet.gov.vn')}`);
    expect(mail.body).toContain('Trả lời thư này, mỗi dòng một nhiệm vụ');
  });

  it('says "đến hạn hôm nay" on the deadline day', () => {
    const today = { ...DIGEST, items: [item('NV03', { occasion: 'd-1:2024-12-31', daysLeft: 0, deadline: '2024-12-31' })], cycle: undefined };
    expect(tableRows(composeReminder(today, ctx()).htmlBody)[0][4]).toBe('đến hạn hôm nay');
  });

  it('names the cycle when a digest only asks for period progress', () => {
    const period = { ...DIGEST, items: [DIGEST.items[2]] };
    expect(composeReminder(period, ctx()).subject).toBe(
      '[CCHC xã Tân Việt] 1 nhiệm vụ cần báo cáo tiến độ Quý IV/2024, hạn 14/12/2024',
    );
  });
});

describe('composeReminder: escaping', () => {
  const evil = '<img src=x onerror=alert(1)>';
  const tasks = [task('NV03', evil, { timeframeText: '"><script>x</script>', deadline: null, recurring: true, recurrence: 'continuous' })];
  const email: PlannedEmail = {
    ...DIGEST,
    name: 'Anh <b>Tư</b> & "Em"',
    items: [item('NV03', { occasion: 'period:Quý IV/2024', reason: 'period-progress', daysLeft: 3 })],
  };
  const mail = composeReminder(email, ctx({
    tasks: taskMap(tasks),
    settings: { ...SETTINGS, planTitle: 'Kế hoạch <i>CCHC</i>' },
    link: () => 'https://x.example/exec?t=a"onmouseover="alert(1)&b=<c>',
  }));

  it('shows plan and user text as text, never as markup', () => {
    expect(mail.htmlBody).not.toContain('<img');
    expect(mail.htmlBody).not.toContain('<script');
    expect(mail.htmlBody).not.toContain('<i>');
    expect(mail.htmlBody).not.toContain('<b>Tư');
    expect(mail.htmlBody).not.toContain('"onmouseover');
    expect(mail.htmlBody).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.htmlBody).toContain('Kính gửi Anh &lt;b&gt;Tư&lt;/b&gt; &amp; &quot;Em&quot;,');
    expect(mail.htmlBody).toContain('href="https://x.example/exec?t=a&quot;onmouseover=&quot;alert(1)&amp;b=&lt;c&gt;"');
  });

  it('keeps the plain text as typed', () => {
    expect(mail.body).toContain(`NV03 – ${evil}`);
  });

  it('leaves out a link that is not http(s)', () => {
    const js = composeReminder(email, ctx({ tasks: taskMap(tasks), link: () => 'javascript:alert(1)' }));
    expect(js.htmlBody).not.toContain('javascript:');
    expect(js.htmlBody).not.toContain('<a ');
  });
});

describe('composeReminder: office summary', () => {
  const tasks = [
    task('NV01', 'Tăng cường tuyên truyền CCHC trong nội bộ', { deadline: null, recurring: true, recurrence: 'continuous', timeframeText: 'Thường xuyên' }),
    task('NV03', 'Duy trì chuyên mục CCHC', { deadline: '2024-03-01', window: { from: '2024-01-01', to: '2024-03-01' } }),
    task('NV04', 'Đăng tải các bài viết', { leads: [{ unit: 'Các cán bộ, công chức liên quan', name: '', email: '' }] }),
  ];
  const [office] = planReminders({
    tasks,
    entries: [],
    settings: { ...SETTINGS, officeEmail: 'vanphong@tanviet.gov.vn' },
    sentKeys: new Set(),
    today: '2024-03-10',
  }).filter((e) => e.kind === 'office');
  const mail = composeReminder(office, ctx({ tasks: taskMap(tasks), today: '2024-03-10' }));

  it('names the cycle and its due date in the subject', () => {
    expect(mail.subject).toBe('[CCHC xã Tân Việt] Tổng hợp trước kỳ báo cáo Quý I/2024, hạn gửi báo cáo 19/03/2024: 3 nhiệm vụ cần đôn đốc');
  });

  it('lists each task with what is missing, without answer links', () => {
    expect(mail.htmlBody).toContain('Kính gửi Văn phòng HĐND&amp;UBND xã Tân Việt,');
    expect(tableRows(mail.htmlBody).map((r) => [r[1], r[4]])).toEqual([
      ['NV03 – Duy trì chuyên mục CCHC', 'chưa có báo cáo Quý I/2024; quá hạn 9 ngày'],
      ['NV04 – Đăng tải các bài viết', 'chưa có báo cáo Quý I/2024; chưa có người nhận'],
      ['NV01 – Tăng cường tuyên truyền CCHC trong nội bộ', 'chưa có báo cáo Quý I/2024'],
    ]);
    expect(mail.htmlBody).not.toContain('<a ');
    expect(mail.htmlBody).not.toContain('Trả lời thư này');
    expect(mail.body).toContain('bổ sung email của cán bộ chủ trì');
    expect(mail.body).toContain('số liệu chốt ngày 14/03/2024, hạn gửi báo cáo 19/03/2024');
  });
});
