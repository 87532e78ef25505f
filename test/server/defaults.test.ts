/**
 * Defaults a new office meets: "Hướng dẫn sử dụng" explains every menu item, "Nhận trả lời qua
 * email" is a Có/Không dropdown, and turning it on takes effect without switching reminders off
 * and on. On the built bundle in the sandbox.
 */
import { loadSandbox } from '../support/sandbox';
import { js, SET_CELL, READ_SHEET } from '../support/script';
import { run } from '../support/sheets';
import { sentMail } from '../../emulator/services/mail';
import { addInboxMessage } from '../../emulator/services/gmail';
import { SHEETS } from '../../src/core/schema';

const OWNER = 'vanphong.tanviet@gmail.com';

function world() {
  const t = loadSandbox({ now: '2024-03-08T07:00:00+07:00', owner: OWNER });
  t.sandbox.call('setupWorkbook');
  t.env.ui.length = 0;
  return t;
}

describe('"Hướng dẫn sử dụng"', () => {
  test('explains every item of the menu as built, in a line each, names the six sheets setup makes, and points to the office guide', () => {
    const { env, sandbox } = world();
    sandbox.call('onOpen', [{ authMode: 'FULL' }]);
    const menu = env.ui.find((e) => e.kind === 'menu')!.menu!;
    const captions = menu.items.filter((i) => 'caption' in i && i.caption).map((i) => (i as { caption: string }).caption);
    expect(captions.length).toBeGreaterThanOrEqual(11);
    sandbox.call('showHelp');
    const help = env.ui.find((e) => e.kind === 'alert' && e.title === 'Hướng dẫn sử dụng')!.message!;
    for (const caption of captions) {
      const line = help.split('\n').find((l) => l.startsWith(`• "${caption}": `));
      expect(line).toBeDefined();
      expect(line!.length).toBeGreaterThan(`• "${caption}": `.length + 8);
    }
    // Setup makes six sheets, all named.
    const setupLine = help.split('\n').find((l) => l.startsWith('• "Thiết lập bảng theo dõi"'))!;
    for (const sheet of [SHEETS.plan, SHEETS.people, SHEETS.progress, SHEETS.settings, SHEETS.reminders, SHEETS.reports]) expect(setupLine).toContain(sheet);
    expect(help).toContain('docs/cai-dat.md');
  });
});

describe('"Nhận trả lời qua email"', () => {
  test('is a Có/Không dropdown in "Cài đặt" that refuses anything else', () => {
    const { sandbox } = world();
    const rule = run(
      sandbox,
      `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Cài đặt');
       const v = s.getDataRange().getValues();
       const r = v.findIndex((row) => row[0] === 'Nhận trả lời qua email');
       const dv = s.getRange(r + 1, 2).getDataValidation();
       return dv && { type: String(dv.getCriteriaType()), values: dv.getCriteriaValues()[0], allowInvalid: dv.getAllowInvalid() };`,
    ) as { type: string; values: string[]; allowInvalid: boolean } | null;
    expect(rule).toEqual({ type: 'VALUE_IN_LIST', values: ['Có', 'Không'], allowInvalid: false });
  });

  test('turned to "Có" while reminders are on takes effect at the next hourly run, without switching reminders off and on', async () => {
    const { env, sandbox } = world();
    js(sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', 'Công chức Tư pháp - Hộ tịch', 'Email', 'tuphap.tanviet@gmail.com');
    js(sandbox, SET_CELL, 'Cài đặt', 'Mục cài đặt', 'Email Văn phòng', 'Giá trị', OWNER);
    sandbox.call('toggleReminders');
    const alert = env.ui.find((e) => e.kind === 'alert')!.message!;
    expect(alert).toContain('Chọn "Có" ở đó là có hiệu lực trong vòng một giờ, không cần tắt rồi bật lại');
    const triggers = () => env.state.triggers.map((t) => t.handler).filter((h) => h !== 'onAnswerSubmit').sort();
    expect(triggers()).toEqual(['processReplies', 'runHourly']);
    const hourly = env.state.triggers.find((t) => t.handler === 'processReplies')!;

    sandbox.call('runDailyReminders', [], { context: 'trigger' });
    const reminder = sentMail(env).find((m) => m.to[0] === 'tuphap.tanviet@gmail.com')!;
    env.clock.set('2024-03-08T10:00:00+07:00');
    await addInboxMessage(env, { from: 'tuphap.tanviet@gmail.com', to: OWNER, subject: `Re: ${reminder.subject}`, text: 'NV05: Hoàn thành 100%', inReplyTo: reminder.messageId });
    const runHourly = () => sandbox.call('processReplies', [{ authMode: 'FULL', triggerUid: hourly.id }], { context: 'trigger' }) as { enabled: boolean; applied: number };

    // Off: the hourly run reads the setting and stops.
    expect(runHourly()).toMatchObject({ enabled: false, applied: 0 });
    // The office chooses "Có": the next hourly run reads the reply; the triggers were not touched.
    js(sandbox, SET_CELL, 'Cài đặt', 'Mục cài đặt', 'Nhận trả lời qua email', 'Giá trị', 'Có');
    expect(runHourly()).toMatchObject({ enabled: true, applied: 1 });
    expect(triggers()).toEqual(['processReplies', 'runHourly']);
    const log = js<unknown[][]>(sandbox, READ_SHEET, 'Tiến độ');
    expect(log.slice(1).map((r) => r[log[0].indexOf('Mã nhiệm vụ')])).toEqual(['NV05']);
  });
});
