/**
 * A simulated year, day by day, on the built bundle in the sandbox: the seed plan plus two
 * tasks with mid-year deadlines, real addresses, progress entered along the way, and the daily
 * run at 07:00 (run twice every day; on two days with a fault injected, then rerun).
 *
 * What is checked: one digest per address and day; every email logged, every logged item in
 * its email; exactly the deadline and period reminders the rules give (dates computed here by
 * hand from the rules, not by the planner); four office summaries; nothing about a task after
 * it is done; and every email sent exactly once despite the faults.
 */
import { loadSandbox } from '../support/sandbox';
import { js, SET_CELL } from '../support/script';
import { sentMail } from '../../emulator/services/mail';
import { REAL_ADDRESSES } from '../support/addresses';

const OWNER = 'vanphong.tanviet@gmail.com';

const READ_LOG = `function () {
  var v = SpreadsheetApp.getActive().getSheetByName('Nhật ký nhắc việc').getDataRange().getValues();
  var c = ['Khóa', 'Người nhận', 'Nhiệm vụ', 'Kết quả'].map(function (h) { return v[0].indexOf(h); });
  return v.slice(1).map(function (r) { return c.map(function (i) { return String(r[i]); }); });
}`;

const PEOPLE = REAL_ADDRESSES;
const [VANPHONG, CHUTICH, MOTCUA, DAI, TUPHAP, VANHOA, , NOIVU] = Object.values(PEOPLE);

function isoDay(d: Date): string {
  return new Date(d.getTime() + 7 * 3600000).toISOString().slice(0, 10);
}

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86400000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

type Run = { sent: number; deferred: number; failed: number; skipped: number };

describe('a simulated year of daily reminders', () => {
  test('sends what the rules say, once, whatever happens to the runs', () => {
    const { env, sandbox } = loadSandbox({ now: '2024-01-02T06:00:00+07:00', owner: OWNER });
    sandbox.call('setupWorkbook');
    for (const [unit, email] of Object.entries(PEOPLE)) js(sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', unit, 'Email', email);
    js(sandbox, SET_CELL, 'Cài đặt', 'Mục cài đặt', 'Email Văn phòng', 'Giá trị', VANPHONG);
    const imported = sandbox.call('importPlanRows', [
      [
        ['STT', 'Nhiệm vụ cụ thể', 'Sản phẩm/kết quả', 'Cán bộ, công chức chủ trì', 'Cán bộ, công chức phối hợp', 'Thời gian thực hiện'],
        ['9', 'Tổ chức hội nghị tuyên truyền cải cách hành chính', 'Hội nghị', 'Công chức Tư pháp', 'Đài truyền thanh xã', 'Trước ngày 30/6/2024'],
        ['10', 'Treo pano tuyên truyền cải cách hành chính', 'Pano', 'Công chức Văn hóa - Thông tin', '', 'Tháng 9/2024'],
      ],
    ]) as { codes: string[] };
    expect(imported.codes).toEqual(['NV09', 'NV10']);

    /** Progress entered on a day (through the sidebar's path). */
    const entries: Record<string, [string, string, number][]> = {
      '2024-03-01': [['NV05', 'Đang thực hiện', 30]],
      '2024-06-05': [['NV01', 'Đang thực hiện', 40]],
      '2024-06-25': [['NV09', 'Đang thực hiện', 50]],
      '2024-07-20': [['NV09', 'Hoàn thành', 100]],
      '2024-09-25': [['NV10', 'Hoàn thành', 100]],
      '2024-11-01': [['NV03', 'Đang thực hiện', 70]],
    };
    let seq = 0;
    const runs: Record<string, Run[]> = {};
    const run = () => sandbox.call('runDailyReminders', [], { context: 'trigger' }) as Run;

    for (const day of days('2024-01-02', '2024-12-31')) {
      env.clock.set(`${day}T06:30:00+07:00`);
      for (const [code, status, percent] of entries[day] ?? []) {
        const res = sandbox.call(
          'submitProgress',
          [{ taskId: code, status, percent, channel: '', quantity: 0, note: `Báo cáo ${code} ngày ${day}`, evidenceUrl: '', reportDate: day, submissionId: `year-${++seq}-${day}` }],
          { context: 'ui', user: OWNER },
        ) as { ok: boolean };
        expect(res.ok).toBe(true);
      }
      env.clock.set(`${day}T07:00:00+07:00`);
      const today: Run[] = [];
      if (day === '2024-06-07') {
        // The 2nd send of the day fails: the others go out, the rerun sends the failed one.
        env.faults.add({ method: 'MailApp.sendEmail', nth: 2 });
        today.push(run());
        expect(today[0]).toMatchObject({ failed: 1 });
        today.push(run());
        expect(today[1]).toEqual({ sent: 1, deferred: 0, failed: 0, skipped: 0 });
      } else if (day === '2024-09-07') {
        // The sheet fails from the 2nd log write on: the run dies after its 2nd send.
        env.faults.add({ method: 'Sheet.appendRow', nth: 2, times: Infinity });
        env.faults.add({ method: 'Range.setValues', nth: 1, times: Infinity });
        expect(run).toThrow();
        env.faults.clear();
        today.push(run());
        expect(today[0].sent).toBeGreaterThan(0);
      } else {
        today.push(run());
      }
      // Run once more: nothing more is sent.
      today.push(run());
      expect(today[today.length - 1]).toEqual({ sent: 0, deferred: 0, failed: 0, skipped: 0 });
      runs[day] = today;
    }

    // --- Every email once: one digest per address and day, each logged once as sent.
    const mails = sentMail(env);
    const byDayTo = new Map<string, (typeof mails)[number]>();
    for (const m of mails) {
      expect(m.to).toHaveLength(1);
      const k = `${isoDay(new Date(m.at))}|${m.to[0]}`;
      expect(byDayTo.has(k)).toBe(false);
      byDayTo.set(k, m);
    }
    const log = js<[string, string, string, string][]>(sandbox, READ_LOG);
    const sentRows = log.filter((r) => r[3].startsWith('Đã gửi'));
    expect(sentRows.map((r) => r[0]).sort()).toEqual([...byDayTo.keys()].sort());
    expect(log.filter((r) => !r[3].startsWith('Đã gửi') && !r[3].startsWith('Lỗi'))).toEqual([]);

    // --- Each logged item is in its email; no item twice.
    const items: { day: string; to: string; code: string; occasion: string }[] = [];
    for (const [key, to, tasks] of sentRows) {
      const mail = byDayTo.get(key)!;
      for (const line of tasks.split('\n')) {
        const [code, occasion] = [line.slice(0, line.indexOf(': ')), line.slice(line.indexOf(': ') + 2)];
        expect(mail.body).toMatch(new RegExp(`^\\d+\\. ${code} – `, 'm'));
        items.push({ day: key.slice(0, 10), to, code, occasion });
      }
    }
    const itemKeys = items.map((i) => `${i.occasion}|${i.code}|${i.to}`);
    expect(new Set(itemKeys).size).toBe(itemKeys.length);

    // --- Deadline reminders: 14, 7 and 1 days before, weekly while overdue, nothing once done.
    const deadlineItems = items.filter((i) => /^(d-\d+|overdue-w\d+):/.test(i.occasion));
    const got = (code: string, to: string) => deadlineItems.filter((i) => i.code === code && i.to === to).map((i) => `${i.day} ${i.occasion}`);
    expect(got('NV09', TUPHAP)).toEqual([
      '2024-06-16 d-14:2024-06-30',
      '2024-06-23 d-7:2024-06-30',
      '2024-06-29 d-1:2024-06-30',
      '2024-07-01 overdue-w1:2024-06-30',
      '2024-07-08 overdue-w2:2024-06-30',
      '2024-07-15 overdue-w3:2024-06-30',
    ]);
    expect(got('NV10', VANHOA)).toEqual(['2024-09-16 d-14:2024-09-30', '2024-09-23 d-7:2024-09-30']);
    const yearEnd = ['2024-12-17 d-14:2024-12-31', '2024-12-24 d-7:2024-12-31', '2024-12-30 d-1:2024-12-31'];
    expect(got('NV06', VANHOA)).toEqual(yearEnd);
    expect(got('NV07', VANPHONG)).toEqual(yearEnd);
    expect(got('NV08', NOIVU)).toEqual(yearEnd);
    // The coordinator of NV09 gets its deadline reminders too, in a digest of his own (issue 13 finding 9).
    expect(got('NV09', DAI)).toEqual(got('NV09', TUPHAP));
    expect(deadlineItems).toHaveLength(6 * 2 + 2 + 3 * 3);
    expect(mails.every((m) => m.cc.length === 0)).toBe(true);
    // Nothing about a task after it is done (office summaries included).
    for (const m of mails) {
      if (isoDay(new Date(m.at)) > '2024-07-20') expect(m.body).not.toMatch(/^\d+\. NV09 /m);
      if (isoDay(new Date(m.at)) > '2024-09-25') expect(m.body).not.toMatch(/^\d+\. NV10 /m);
    }

    // --- Period reminders (Thường xuyên): 7 days before each ND09 cut-off, unless already reported.
    const cutoffs: Record<string, string> = { 'Quý I/2024': '2024-03-07', 'Quý II/2024': '2024-06-07', 'Quý III/2024': '2024-09-07', 'Quý IV/2024': '2024-12-07' };
    const leads: [string, string][] = [['NV01', CHUTICH], ['NV02', MOTCUA], ['NV03', DAI], ['NV04', VANPHONG], ['NV04', DAI], ['NV05', TUPHAP]];
    const reported = new Set(['NV05|Quý I/2024', 'NV01|Quý II/2024', 'NV03|Quý IV/2024']);
    const expectedPeriod: string[] = [];
    for (const [label, day] of Object.entries(cutoffs)) {
      for (const [code, to] of leads) if (!reported.has(`${code}|${label}`)) expectedPeriod.push(`${day} ${code} ${to} period:${label}`);
    }
    const gotPeriod = items.filter((i) => i.occasion.startsWith('period:')).map((i) => `${i.day} ${i.code} ${i.to} ${i.occasion}`);
    expect(gotPeriod.sort()).toEqual(expectedPeriod.sort());

    // --- The office's summary: once per cycle, on the first day it is due.
    const officeDays = [...new Set(items.filter((i) => i.occasion.startsWith('office:')).map((i) => `${i.day} ${i.occasion}`))];
    expect(officeDays).toEqual(['2024-03-07 office:Quý I/2024', '2024-06-07 office:Quý II/2024', '2024-09-07 office:Quý III/2024', '2024-12-07 office:Quý IV/2024']);
    for (const d of Object.values(cutoffs)) expect(byDayTo.get(`${d}|${VANPHONG}`)!.subject).toMatch(/^\[CCHC xã Tân Việt\] Tổng hợp trước kỳ báo cáo Quý/);
    const inSummary = (label: string) => items.filter((i) => i.occasion === `office:${label}`).map((i) => i.code);
    expect(inSummary('Quý I/2024')).not.toContain('NV05'); // reported in the period
    expect(inSummary('Quý II/2024')).toContain('NV05');
    expect(inSummary('Quý III/2024')).not.toContain('NV09'); // done

    // --- Only these kinds of items, and the faulty days still ended with one email each.
    expect(items.length).toBe(deadlineItems.length + gotPeriod.length + items.filter((i) => i.occasion.startsWith('office:')).length);
    expect(runs['2024-06-07'][0].sent + runs['2024-06-07'][1].sent).toBe([...byDayTo.keys()].filter((k) => k.startsWith('2024-06-07')).length);
    expect([...byDayTo.keys()].filter((k) => k.startsWith('2024-09-07')).sort()).toEqual(
      [CHUTICH, MOTCUA, DAI, VANPHONG, TUPHAP].map((e) => `2024-09-07|${e}`).sort(),
    );
    expect(mails.length).toBe(byDayTo.size);
  });
});
