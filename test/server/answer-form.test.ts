/**
 * The answer channel that needs no deployment (src/server/answerForm.ts), on the built bundles in
 * the sandbox: turning reminders on without a web app makes a Google Form in the office's Drive
 * with its responses in this spreadsheet and a form-submit trigger; each reminder links to the
 * form pre-filled with the task and the signed token; a phone (emulator/respondent.ts) opens the
 * link and sends it; the trigger records the entry as the sidebar does, or refuses it with the
 * reason beside the response. The bound script with a web-app address keeps its web form.
 */
import { loadSandbox, type Target } from '../support/sandbox';
import { js, SET_CELL, SET_SETTING, READ_SHEET, FORMULAS } from '../support/script';
import { sentMail } from '../../emulator/services/mail';
import { formsState, RESPONSE_SHEET_PREFIX } from '../../emulator/services/forms';
import { followLink } from '../../emulator/respondent';
import type { Env } from '../../emulator/core/env';
import type { Sandbox } from '../../emulator/sandbox';

const DAY = '2024-03-08T07:00:00+07:00';
const OWNER = 'vanphong.tanviet@gmail.com';
const EMAILS: Record<string, string> = {
  'Văn phòng HĐND&UBND xã': OWNER,
  'UBND xã': 'chutich.tanviet@gmail.com',
  'Bộ phận Một cửa UBND xã': 'motcua.tanviet@gmail.com',
  'Đài truyền thanh xã': 'dai.tanviet@gmail.com',
  'Công chức Tư pháp - Hộ tịch': 'tuphap.tanviet@gmail.com',
};

interface World {
  env: Env;
  sandbox: Sandbox;
  /** "Cập nhật tiến độ" links of the reminders sent on DAY, by task code and recipient. */
  links: Map<string, string>;
}

/** `webAppUrl`: the deployed web app's address, set in "Cài đặt" ("Địa chỉ web app"). */
function world(target: Target, webAppUrl: string | null = null): World {
  const { env, sandbox } = loadSandbox({ target, now: DAY, owner: OWNER, user: OWNER, webAppUrl });
  sandbox.call('setupWorkbook');
  for (const [unit, email] of Object.entries(EMAILS)) js(sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', unit, 'Email', email);
  if (webAppUrl) js(sandbox, SET_SETTING, 'Địa chỉ web app', webAppUrl);
  sandbox.call('toggleReminders');
  sandbox.call('sendRemindersNow');
  const links = new Map<string, string>();
  for (const m of sentMail(env)) {
    for (const hit of m.body.matchAll(/\d+\. (NV\d+)[^\n]*\n[^\n]*\n\s*Cập nhật tiến độ: (\S+)/g)) links.set(`${hit[1]}|${m.to[0]}`, hit[2]);
  }
  env.ui.length = 0;
  return { env, sandbox, links };
}

function responseSheet(sandbox: Sandbox): string[][] {
  const name = js<string>(sandbox, `function (prefix) { return SpreadsheetApp.getActive().getSheets().map(function (s) { return s.getName(); }).filter(function (n) { return n.indexOf(prefix) === 0; })[0] || ''; }`, RESPONSE_SHEET_PREFIX);
  return name ? js<string[][]>(sandbox, READ_SHEET, name) : [];
}

function progressRows(sandbox: Sandbox): unknown[][] {
  return js<unknown[][]>(sandbox, READ_SHEET, 'Tiến độ').slice(1);
}

function firstLink(w: World): { key: string; url: string; task: string; to: string } {
  const [key, url] = [...w.links.entries()][0];
  const [task, to] = key.split('|');
  return { key, url, task, to };
}

describe.each(['addon', 'bound'] as Target[])('%s without a web app', (target) => {
  test('turning reminders on makes one form in the office\'s Drive, responses to this spreadsheet, and one form-submit trigger', () => {
    const w = world(target);
    const forms = formsState(w.env).forms;
    expect(forms).toHaveLength(1);
    expect(forms[0].owner).toBe(OWNER);
    expect(forms[0].destinationId).toBe(w.env.workbook.id);
    expect(forms[0].title).toContain('Cập nhật tiến độ');
    expect(forms[0].items.map((i) => i.title)).toEqual(expect.arrayContaining(['Mã nhiệm vụ', 'Trạng thái', 'Tỷ lệ hoàn thành (%)', 'Ngày báo cáo']));
    const submit = w.env.state.triggers.filter((t) => t.eventType === 'ON_FORM_SUBMIT');
    expect(submit).toHaveLength(1);
    expect(submit[0].handler).toBe('onAnswerSubmit');
    // Turning reminders off and on again does not make a second form or trigger.
    w.sandbox.call('toggleReminders');
    w.sandbox.call('toggleReminders');
    expect(formsState(w.env).forms).toHaveLength(1);
    expect(w.env.state.triggers.filter((t) => t.eventType === 'ON_FORM_SUBMIT')).toHaveLength(1);
  });

  test('each reminder links to the form pre-filled with its task and a signed token', () => {
    const w = world(target);
    expect(w.links.size).toBeGreaterThan(0);
    for (const [key, url] of w.links) {
      expect(url).toMatch(/^https:\/\/docs\.google\.com\/forms\/d\/e\/[\w-]+\/viewform\?usp=pp_url&entry\.\d+=/);
      const page = followLink(w.sandbox, url);
      expect(page.kind).toBe('form');
      expect(page.text).toContain(`Mã nhiệm vụ *: ${key.split('|')[0]}`);
      expect(page.text).toMatch(/Mã xác thực \(điền sẵn, không sửa\) \*: [\w-]+\.[\w-]+/);
    }
  });

  test('an answer sent from the phone is recorded as the sidebar records it, marked beside the response, and confirmed by email', () => {
    const w = world(target);
    const { url, task, to } = firstLink(w);
    const before = sentMail(w.env).length;
    const sent = followLink(w.sandbox, url, { status: 'Đang thực hiện', percent: 60, channel: 'Phát thanh', quantity: 3, note: 'Đã đăng 3 tin bài', reportDate: '2024-03-07' });
    expect(sent.ok).toBe(true);
    expect(sent.text).toMatch(/Đã gửi/);
    const rows = progressRows(w.sandbox);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toEqual(expect.arrayContaining([task, to, 'Đang thực hiện', 60, 'Đã đăng 3 tin bài', 'Biểu mẫu Google']));
    const responses = responseSheet(w.sandbox);
    const result = responses[0].indexOf('Kết quả xử lý');
    expect(result).toBeGreaterThan(0);
    expect(responses[1][result]).toMatch(new RegExp(`^Đã ghi: Đã ghi tiến độ cho ${task}`));
    const confirmation = sentMail(w.env).slice(before);
    expect(confirmation).toHaveLength(1);
    expect(confirmation[0].to).toEqual([to]);
    expect(confirmation[0].subject).toBe(`Đã ghi tiến độ ${task}`);
  });

  test('a changed token or task is refused with the reason beside the response, and nothing is recorded', () => {
    const w = world(target);
    const { url, task } = firstLink(w);
    const forged = url.replace(/(entry\.\d+=[\w-]+\.)([\w-])/g, (_m, head: string, c: string) => `${head}${c === 'A' ? 'B' : 'A'}`);
    expect(forged).not.toBe(url);
    followLink(w.sandbox, forged, { status: 'Hoàn thành', percent: 100 });
    const other = url.replace(`=${task}&`, `=${task === 'NV01' ? 'NV02' : 'NV01'}&`);
    followLink(w.sandbox, other, { status: 'Hoàn thành', percent: 100 });
    expect(progressRows(w.sandbox)).toHaveLength(0);
    const responses = responseSheet(w.sandbox);
    const result = responses[0].indexOf('Kết quả xử lý');
    expect(responses[1][result]).toMatch(/^Không ghi: Đường dẫn này không hợp lệ/);
    expect(responses[2][result]).toMatch(/^Không ghi: Đường dẫn này dùng cho một nhiệm vụ khác/);
  });

  test('a refused entry (validation) keeps the reason; a formula typed in the note is kept as text', () => {
    const w = world(target);
    const { url } = firstLink(w);
    followLink(w.sandbox, url, { status: 'Hoàn thành', percent: 50 });
    followLink(w.sandbox, url, { status: 'Đang thực hiện', percent: 30, note: '=IMPORTXML("http://x","//a")' });
    const responses = responseSheet(w.sandbox);
    const result = responses[0].indexOf('Kết quả xử lý');
    expect(responses[1][result]).toMatch(/^Không ghi: .*100%/);
    expect(responses[2][result]).toMatch(/^Đã ghi/);
    const formulas = js<string[][]>(w.sandbox, FORMULAS, 'Tiến độ');
    expect(formulas.flat().filter(Boolean)).toEqual([]);
    expect(progressRows(w.sandbox)[0]).toEqual(expect.arrayContaining(['=IMPORTXML("http://x","//a")']));
  });

  test('the same response delivered twice by the trigger is recorded once', () => {
    const w = world(target);
    const { url } = firstLink(w);
    expect(followLink(w.sandbox, url, { status: 'Đang thực hiện', percent: 20, note: 'Đã chuẩn bị nội dung' }).ok).toBe(true);
    expect(responseSheet(w.sandbox)[1].slice(-1)[0]).toMatch(/^Đã ghi/);
    const trigger = w.env.state.triggers.find((t) => t.eventType === 'ON_FORM_SUBMIT')!;
    const again = w.sandbox.evaluate(`(function () { var s = SpreadsheetApp.getActive().getSheets().filter(function (x) { return x.getName().indexOf('${RESPONSE_SHEET_PREFIX}') === 0; })[0]; return s.getRange(2, 1, 1, 10); })()`);
    w.sandbox.call('onAnswerSubmit', [{ range: again, triggerUid: trigger.id, authMode: 'FULL' }], { context: 'trigger' });
    expect(progressRows(w.sandbox)).toHaveLength(1);
  });
});

describe('the bound script with a web-app address', () => {
  test('keeps the signed web form: no Google Form is made and links open the web app', () => {
    const w = world('bound', 'https://script.google.com/macros/s/AKfycb-test/exec');
    expect(formsState(w.env).forms).toHaveLength(0);
    const { url } = firstLink(w);
    expect(url).toMatch(/^https:\/\/script\.google\.com\/macros\/s\/AKfycb-test\/exec\?t=/);
    const page = followLink(w.sandbox, url);
    expect(page.kind).toBe('webapp');
    expect(page.text).toContain('Cập nhật tiến độ nhiệm vụ');
    const sent = followLink(w.sandbox, url, { status: 'Đang thực hiện', percent: 45, note: 'Đã phát 2 buổi' });
    expect(sent.ok).toBe(true);
    expect(sent.text).toMatch(/Đã ghi tiến độ/);
    expect(progressRows(w.sandbox)[0]).toEqual(expect.arrayContaining(['Đang thực hiện', 45, 'Biểu mẫu']));
  });
});
