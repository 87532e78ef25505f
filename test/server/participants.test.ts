/**
 * "Số người tham dự" of a hội nghị entry, end to end on the built bundle: a column of "Tiến độ"
 * (an older log gets it without losing a row), written by the one append of every channel
 * (sidebar, signed web form, Google Form, email reply), checked like the other fields, and
 * summed by the report ("tổ chức 2 hội nghị với 1.450 lượt người tham dự").
 */
import { loadSandbox } from '../support/sandbox';
import { rows, run, values } from '../support/sheets';
import { js, SET_CELL, SET_SETTING, TEST_WEBAPP_URL } from '../support/script';
import { PROGRESS_COLUMNS, SHEETS } from '../../src/core/schema';
import { sentMail } from '../../emulator/services/mail';
import { formsState } from '../../emulator/services/forms';
import { followLink } from '../../emulator/respondent';
import type { ReportPreview } from '../../src/shared/rpc';

const USER = 'vanphong.tanviet@gmail.com';
const PEOPLE = PROGRESS_COLUMNS.participants;
const EMAILS: Record<string, string> = {
  'Văn phòng HĐND&UBND xã': USER,
  'UBND xã': 'chutich.tanviet@gmail.com',
  'Bộ phận Một cửa UBND xã': 'motcua.tanviet@gmail.com',
  'Đài truyền thanh xã': 'dai.tanviet@gmail.com',
  'Công chức Tư pháp - Hộ tịch': 'tuphap.tanviet@gmail.com',
  'Công chức Văn hóa - Thông tin': 'vanhoa.tanviet@gmail.com',
};

function seeded(now = '2024-03-08T09:30:00+07:00') {
  const t = loadSandbox({ now, user: USER, owner: USER });
  t.sandbox.call('setupWorkbook');
  return t;
}

function conference(over: Record<string, unknown> = {}) {
  return {
    taskId: 'NV05',
    status: 'Đang thực hiện',
    percent: 50,
    channel: 'Hội nghị',
    quantity: 1,
    participants: 250,
    note: 'Tổ chức hội nghị tuyên truyền thủ tục hành chính tại nhà văn hóa thôn Đông',
    evidenceUrl: '',
    reportDate: '2024-03-05',
    submissionId: 'sub-hn-0001',
    ...over,
  };
}

/** "Tiến độ" as the first version of the product laid it out (no "Số người tham dự"), with `extra` headers after it. */
function olderLog(sandbox: ReturnType<typeof seeded>['sandbox'], extra: string[] = [], cells: unknown[][] = []): void {
  run(
    sandbox,
    `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Tiến độ');
     s.clear();
     const header = args.header.concat(args.extra);
     s.getRange(1, 1, 1, header.length).setValues([header]);
     const rows = args.rows.map((r) => r.map((c) => (typeof c === 'string' && /^\\d{4}-\\d\\d-\\d\\dT/.test(c) ? new Date(c) : c)));
     if (rows.length) s.getRange(2, 1, rows.length, header.length).setValues(rows);`,
    {
      header: Object.entries(PROGRESS_COLUMNS)
        .filter(([k]) => k !== 'participants')
        .map(([, v]) => v),
      extra,
      rows: cells,
    },
  );
}

/** A row of the older layout: an entry of NV05 on `date`, with the values of `extra` columns. */
function olderRow(date: string, channel: string, quantity: number, id: string, extra: unknown[] = []): unknown[] {
  return [`${date}T03:00:00.000Z`, 'NV05', 'vanhoa.tanviet@gmail.com', 'Đang thực hiện', 50, channel, quantity, `Ghi nhận ${id}`, '', `${date}T00:00:00.000Z`, 'Thanh bên', id, ...extra];
}

describe('the sidebar (submitProgress)', () => {
  test('a conference entry writes its participants beside "Số lượng", in the same single append', () => {
    const calls = (entry: Record<string, unknown>) => {
      const { sandbox, env } = seeded();
      env.calls.reset();
      expect(sandbox.call('submitProgress', [entry])).toMatchObject({ ok: true });
      return { sandbox, calls: env.calls.byMethod() };
    };
    const { sandbox, calls: withPeople } = calls(conference());
    const header = values(sandbox, SHEETS.progress)![0];
    expect(header.indexOf(PEOPLE)).toBe(header.indexOf(PROGRESS_COLUMNS.quantity) + 1);
    expect(withPeople['Sheet.appendRow']).toBe(1);
    const log = rows(sandbox, SHEETS.progress);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ [PROGRESS_COLUMNS.channel]: 'Hội nghị', [PROGRESS_COLUMNS.quantity]: 1, [PEOPLE]: 250 });
    // The same calls as an entry without participants: nothing more is read or written.
    const without = calls(conference({ channel: 'Phát thanh', quantity: 2, participants: '' }));
    expect(without.calls).toEqual(withPeople);
    expect(rows(without.sandbox, SHEETS.progress)[0][PEOPLE]).toBe('');
  });

  test('bad head counts are refused with the field\'s message, and nothing is written', () => {
    const { sandbox } = seeded();
    const refused = (over: Record<string, unknown>) => sandbox.call('submitProgress', [conference(over)]) as { ok: boolean; errors: Record<string, string> };
    expect(refused({ participants: '=IMPORTXML("http://x.invalid","//a")' }).errors).toEqual({ participants: 'Số người tham dự là số nguyên từ 0 đến 1.000.000.' });
    expect(refused({ participants: -3 }).errors.participants).toMatch(/^Số người tham dự là số nguyên/);
    expect(refused({ channel: 'Phát thanh', participants: 40 }).errors).toEqual({ participants: 'Số người tham dự chỉ ghi cho hình thức "Hội nghị"; để trống với hình thức khác.' });
    expect(rows(sandbox, SHEETS.progress)).toHaveLength(0);
  });

  test('the channels that take it are the office\'s choice in "Cài đặt", and the sidebar is told which', () => {
    const { sandbox } = seeded();
    expect((sandbox.call('getProgressFormData') as { attendance: string[] }).attendance).toEqual(['Hội nghị']);
    js(sandbox, SET_SETTING, 'Hình thức ghi số người tham dự', 'Hội nghị; Khác');
    expect((sandbox.call('getProgressFormData') as { attendance: string[] }).attendance).toEqual(['Hội nghị', 'Khác']);
    expect(sandbox.call('submitProgress', [conference({ channel: 'Khác', participants: 35, note: 'Đối thoại với hộ kinh doanh về TTHC' })])).toMatchObject({ ok: true });
    expect(rows(sandbox, SHEETS.progress)[0][PEOPLE]).toBe(35);
  });
});

describe('an older workbook', () => {
  test('entries are still recorded before setup; one with participants adds the column; setup moves it beside "Số lượng", every row kept', () => {
    const { sandbox } = seeded();
    olderLog(sandbox, [], [olderRow('2024-02-01', 'Phát thanh', 3, 'old-1'), olderRow('2024-02-10', 'Hội nghị', 1, 'old-2')]);
    expect(sandbox.call('submitProgress', [conference({ channel: 'Phát thanh', quantity: 2, participants: null, submissionId: 'sub-0003-xyz' })])).toMatchObject({ ok: true });
    expect(values(sandbox, SHEETS.progress)![0]).not.toContain(PEOPLE);
    expect(sandbox.call('submitProgress', [conference({ submissionId: 'sub-0004-xyz' })])).toMatchObject({ ok: true });
    const added = values(sandbox, SHEETS.progress)!;
    expect(added[0][added[0].length - 1]).toBe(PEOPLE);
    expect(rows(sandbox, SHEETS.progress).map((r) => r[PEOPLE])).toEqual(['', '', '', 250]);

    const r = sandbox.call('setupWorkbook') as { headersAdded: string[]; rowsMigrated: string[] };
    expect(r.rowsMigrated).toContain(`${SHEETS.progress}: 4`);
    expect(values(sandbox, SHEETS.progress)![0]).toEqual(Object.values(PROGRESS_COLUMNS));
    expect(rows(sandbox, SHEETS.progress).map((x) => [x[PROGRESS_COLUMNS.submissionId], x[PROGRESS_COLUMNS.quantity], x[PEOPLE], x[PROGRESS_COLUMNS.note]])).toEqual([
      ['old-1', 3, '', 'Ghi nhận old-1'],
      ['old-2', 1, '', 'Ghi nhận old-2'],
      ['sub-0003-xyz', 2, '', conference().note],
      ['sub-0004-xyz', 1, 250, conference().note],
    ]);
    // Setup again changes nothing; an entry goes to the moved column.
    const before = values(sandbox, SHEETS.progress);
    expect((sandbox.call('setupWorkbook') as { rowsMigrated: string[] }).rowsMigrated).toEqual([]);
    expect(values(sandbox, SHEETS.progress)).toEqual(before);
    expect(sandbox.call('submitProgress', [conference({ participants: 90, submissionId: 'sub-0005-xyz' })])).toMatchObject({ ok: true });
    expect(rows(sandbox, SHEETS.progress)[4][PEOPLE]).toBe(90);
  });

  test('the office\'s own "Số người tham dự" column (and a column of its own after it) is taken over, values kept', () => {
    const { sandbox } = seeded();
    olderLog(sandbox, ['Ghi chú', PEOPLE], [olderRow('2024-02-10', 'Hội nghị', 2, 'old-1', ['thôn Đông, thôn Tây', 180]), olderRow('2024-02-20', 'Phát thanh', 4, 'old-2', ['', ''])]);
    expect((sandbox.call('setupWorkbook') as { headersAdded: string[] }).headersAdded).toEqual([]);
    const header = values(sandbox, SHEETS.progress)![0];
    expect(header.indexOf(PEOPLE)).toBe(header.indexOf(PROGRESS_COLUMNS.quantity) + 1);
    expect(rows(sandbox, SHEETS.progress).map((x) => [x[PROGRESS_COLUMNS.submissionId], x[PEOPLE], x['Ghi chú']])).toEqual([
      ['old-1', 180, 'thôn Đông, thôn Tây'],
      ['old-2', '', ''],
    ]);
  });
});

describe('the signed web form (doGet / submitAnswer / doPost)', () => {
  function world() {
    const t = loadSandbox({ now: '2024-03-08T07:00:00+07:00' });
    t.sandbox.call('setupWorkbook');
    for (const [unit, email] of Object.entries(EMAILS)) js(t.sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', unit, 'Email', email);
    js(t.sandbox, SET_SETTING, 'Địa chỉ web app', TEST_WEBAPP_URL);
    t.sandbox.call('runDailyReminders', [], { context: 'trigger' });
    const links = sentMail(t.env).flatMap((m) => [...m.body.matchAll(/\d+\. (NV\d+)[^\n]*\n[^\n]*\n\s*Cập nhật tiến độ: (\S+\?t=(\S+))/g)].map((h) => ({ task: h[1], url: h[2], token: h[3] })));
    expect(links.length).toBeGreaterThan(0);
    return { ...t, link: links[0] };
  }

  test('the page asks "Số người tham dự" for the conference channel only, and records it', () => {
    const { sandbox, link } = world();
    const html = (sandbox.call('doGet', [{ parameter: { t: link.token } }], { context: 'webapp', user: '' }) as { getContent(): string }).getContent();
    expect(html).toMatch(/<option value="Hội nghị" data-people="1">/);
    expect(html).not.toMatch(/<option value="Phát thanh" data-people/);
    expect(html).toMatch(/<div id="participantsBox" hidden>\s*<label for="participants">Số người tham dự<\/label>/);
    const sent = followLink(sandbox, link.url, { channel: 'Hội nghị', quantity: '2', participants: '1.200', note: 'Hai hội nghị tại thôn Đông và thôn Tây' });
    expect(sent).toMatchObject({ ok: true });
    const log = rows(sandbox, SHEETS.progress);
    expect(log[log.length - 1]).toMatchObject({ [PROGRESS_COLUMNS.taskCode]: link.task, [PROGRESS_COLUMNS.quantity]: 2, [PEOPLE]: 1200, [PROGRESS_COLUMNS.source]: 'Biểu mẫu' });
  });

  test('a refused head count comes back on the page (POST) with the value typed and its message', () => {
    const { sandbox, link } = world();
    const parameter = { t: link.token, taskId: link.task, status: 'Đang thực hiện', percent: '50', channel: 'Hội nghị', quantity: '1', participants: 'khoảng 200', note: 'Hội nghị', evidenceUrl: '', reportDate: '2024-03-07', submissionId: 'post-hn-0001' };
    const page = (sandbox.call('doPost', [{ parameter }], { context: 'webapp', user: '' }) as { getContent(): string }).getContent();
    expect(page).toMatch(/<div id="participantsBox">/);
    expect(page).toMatch(/id="participants"[^>]*value="khoảng 200"/);
    expect(page).toContain('Số người tham dự là số nguyên từ 0 đến 1.000.000.');
    expect(rows(sandbox, SHEETS.progress)).toHaveLength(0);
  });
});

describe('the Google Form (add-on, no web app)', () => {
  function world(beforeSending?: (t: ReturnType<typeof loadSandbox>) => void) {
    const t = loadSandbox({ target: 'addon', now: '2024-03-08T07:00:00+07:00', owner: USER, user: USER });
    t.sandbox.call('setupWorkbook');
    for (const [unit, email] of Object.entries(EMAILS)) js(t.sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', unit, 'Email', email);
    t.sandbox.call('toggleReminders');
    beforeSending?.(t);
    t.sandbox.call('sendRemindersNow');
    const links = sentMail(t.env).flatMap((m) => [...m.body.matchAll(/\d+\. (NV\d+)[^\n]*\n[^\n]*\n\s*Cập nhật tiến độ: (\S+)/g)].map((h) => ({ task: h[1], url: h[2] })));
    expect(links.length).toBeGreaterThan(0);
    return { ...t, links };
  }

  test('carries the question and records the head count through the trigger', () => {
    const { sandbox, env, links } = world();
    const question = formsState(env).forms[0].items.find((i) => i.title === 'Số người tham dự');
    expect(question).toMatchObject({ required: false, helpText: 'Chỉ ghi khi hình thức là Hội nghị: số người đã tham dự.' });
    const sent = followLink(sandbox, links[0].url, { status: 'Đang thực hiện', percent: '50', channel: 'Hội nghị', quantity: '1', participants: '85', note: 'Hội nghị phổ biến dịch vụ công trực tuyến' });
    expect(sent.ok).toBe(true);
    const log = rows(sandbox, SHEETS.progress);
    expect(log[log.length - 1]).toMatchObject({ [PROGRESS_COLUMNS.taskCode]: links[0].task, [PEOPLE]: 85, [PROGRESS_COLUMNS.source]: 'Biểu mẫu Google' });
  });

  test('a form made before the question existed gets it at the next reminder run, once', () => {
    const titles = (env: ReturnType<typeof loadSandbox>['env']) => formsState(env).forms[0].items.map((i) => i.title);
    const { sandbox, env, links } = world(({ sandbox: sb, env: e }) => {
      const form = formsState(e).forms[0];
      form.items = form.items.filter((i) => i.title !== 'Số người tham dự');
      run(sb, `const p = PropertiesService.getDocumentProperties(); const c = JSON.parse(p.getProperty('cchc.answerForm')); delete c.items.participants; p.setProperty('cchc.answerForm', JSON.stringify(c));`);
      expect(titles(e)).not.toContain('Số người tham dự');
    });
    expect(titles(env).filter((t) => t === 'Số người tham dự')).toHaveLength(1);
    // Turning reminders off and on, and another run, add nothing more.
    sandbox.call('toggleReminders');
    sandbox.call('toggleReminders');
    sandbox.call('sendRemindersNow');
    expect(titles(env).filter((t) => t === 'Số người tham dự')).toHaveLength(1);
    expect(followLink(sandbox, links[0].url, { status: 'Đang thực hiện', percent: '40', channel: 'Hội nghị', quantity: '1', participants: '60', note: 'Hội nghị' }).ok).toBe(true);
  });
});

describe('the report', () => {
  test('sums the participants per conference channel: "tổ chức 2 hội nghị với 1.450 lượt người tham dự"', () => {
    const { sandbox, env } = seeded('2024-03-01T09:00:00+07:00');
    sandbox.call('submitProgress', [conference({ participants: 250, reportDate: '2024-02-20', submissionId: 'sub-r-0001' })]);
    sandbox.call('submitProgress', [conference({ participants: '1.200', reportDate: '2024-02-27', submissionId: 'sub-r-0002' })]);
    sandbox.call('submitProgress', [conference({ channel: 'Phát thanh', quantity: 3, participants: '', reportDate: '2024-02-28', submissionId: 'sub-r-0003' })]);
    env.clock.set('2024-03-18T09:00:00+07:00');
    const p = sandbox.call('previewReport', [{ period: 'Quý I/2024' }]) as ReportPreview;
    expect(p.channels.find((c) => c.channel === 'Hội nghị')).toEqual({ channel: 'Hội nghị', unit: 'hội nghị', quantity: 2, participants: 1450 });
    expect(p.channels.find((c) => c.channel === 'Phát thanh')).toMatchObject({ quantity: 3, participants: 0 });
    const text = JSON.stringify(p);
    expect(text).toContain('tổ chức 2 hội nghị với 1.450 lượt người tham dự');
  });
});
