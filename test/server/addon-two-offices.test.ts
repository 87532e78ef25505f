/**
 * Two communes use the add-on (dist-addon/), each in its own spreadsheet, installed by its own
 * office account (emulator/addon.ts: one add-on project, shared Script and User Properties and
 * trigger list, per-document properties). A year of hourly trigger runs and answers through
 * each office's Google Form, side by side: neither reads, blocks, numbers or touches the other's
 * secret, report numbers, triggers, journal or log.
 */
import { AddonInstallations } from '../../emulator/addon';
import { Sandbox } from '../../emulator/sandbox';
import type { Env } from '../../emulator/core/env';
import { sentMail } from '../../emulator/services/mail';
import { formsState } from '../../emulator/services/forms';
import { followLink } from '../../emulator/respondent';
import { bundle } from '../support/sandbox';
import { js, SET_CELL, SET_SETTING, READ_SHEET } from '../support/script';

interface Office {
  name: string;
  owner: string;
  env: Env;
  sandbox: Sandbox;
  staff: Record<string, string>;
  answered: number;
}

const UNITS = ['Văn phòng HĐND&UBND xã', 'UBND xã', 'Bộ phận Một cửa UBND xã', 'Đài truyền thanh xã', 'Công chức Tư pháp - Hộ tịch', 'Công chức Văn hóa - Thông tin', 'Công chức Tài chính - Kế toán', 'Văn phòng Đảng ủy - Nội vụ'];

function office(host: AddonInstallations, name: string, slug: string): Office {
  const owner = `vanphong.${slug}@gmail.com`;
  const env = host.open({ name: `Theo dõi CCHC xã ${name}`, owner, user: owner, now: '2024-01-02T05:00:00+07:00', webAppUrl: null });
  const b = bundle('addon');
  env.files = b.files;
  const sandbox = new Sandbox(env, b.code);
  sandbox.call('onInstall', [{ authMode: 'FULL' }]);
  sandbox.call('setupWorkbook');
  const staff: Record<string, string> = {};
  UNITS.forEach((unit, i) => {
    staff[unit] = i === 0 ? owner : `canbo${i}.${slug}@gmail.com`;
    js(sandbox, SET_CELL, 'Cán bộ', 'Đơn vị/chức danh', unit, 'Email', staff[unit]);
  });
  js(sandbox, SET_SETTING, 'Tên xã', name);
  js(sandbox, SET_SETTING, 'Email Văn phòng', owner);
  sandbox.call('toggleReminders');
  return { name, owner, env, sandbox, staff, answered: 0 };
}

function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86400000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

function tick(o: Office, host: AddonInstallations, at: string): void {
  o.env.clock.set(at);
  const mine = host.triggersOf(o.env).filter((t) => t.eventType === 'CLOCK');
  expect(mine).toHaveLength(1);
  o.sandbox.call(mine[0].handler, [{ authMode: 'FULL', triggerUid: mine[0].id }], { context: 'trigger' });
}

/** Answers every second reminder link of the emails sent since `from`, with growing progress. */
function answer(o: Office, from: number, day: string): void {
  const mails = sentMail(o.env).slice(from);
  for (const m of mails) {
    for (const hit of m.body.matchAll(/Cập nhật tiến độ: (\S+)/g)) {
      o.answered++;
      if (o.answered % 2) continue;
      const percent = Math.min(90, 10 + (o.answered % 8) * 10);
      followLink(o.sandbox, hit[1], { status: 'Đang thực hiện', percent, channel: 'Phát thanh', quantity: 1, note: `Xã ${o.name}: đã thực hiện đợt ${o.answered}`, reportDate: day });
    }
  }
}

function progress(o: Office): unknown[][] {
  return js<unknown[][]>(o.sandbox, READ_SHEET, 'Tiến độ').slice(1);
}

// A year of hourly runs for two offices: slow on a loaded machine.
jest.setTimeout(240000);

describe('two communes, one add-on, a year side by side', () => {
  test('each keeps its own secret, numbers, triggers, journal, form and log', () => {
    const host = new AddonInstallations();
    const a = office(host, 'Tân Việt', 'tanviet');
    const b = office(host, 'Hòa Bình', 'hoabinh');

    for (const day of days('2024-01-02', '2024-12-31')) {
      for (const o of [a, b]) {
        const before = sentMail(o.env).length;
        tick(o, host, `${day}T06:05:00+07:00`);
        tick(o, host, `${day}T07:05:00+07:00`);
        tick(o, host, `${day}T15:05:00+07:00`);
        answer(o, before, day);
      }
    }

    for (const [o, other] of [[a, b], [b, a]] as const) {
      // Reminders went out, each to this office's own staff only, at most once per address a day.
      const mails = sentMail(o.env);
      expect(mails.length).toBeGreaterThan(20);
      const own = new Set(Object.values(o.staff));
      for (const m of mails) for (const to of m.to) expect(own.has(to)).toBe(true);
      const perDay = new Map<string, number>();
      for (const m of mails.filter((x) => !/^Đã ghi|^Chưa ghi/.test(x.subject))) {
        const k = `${m.at.slice(0, 10)}|${m.to.join(',')}`;
        perDay.set(k, (perDay.get(k) ?? 0) + 1);
      }
      expect(Math.max(...perDay.values())).toBe(1);
      // Answers recorded in this office's log only, from its own staff, through its own form.
      const rows = progress(o);
      expect(rows.length).toBeGreaterThan(5);
      console.log(`${o.name}: ${mails.length} emails, ${rows.length} answers recorded`);
      for (const r of rows) {
        expect(r.some((c) => typeof c === 'string' && own.has(c))).toBe(true);
        expect(r.some((c) => typeof c === 'string' && c.includes(`Xã ${other.name}`))).toBe(false);
        expect(r).toEqual(expect.arrayContaining(['Biểu mẫu Google']));
      }
      expect(formsState(o.env).forms).toHaveLength(1);
      expect(formsState(o.env).forms[0].destinationId).toBe(o.env.workbook.id);
      // Its triggers: one hourly and one form-submit, owned by its office, in its document.
      const mine = host.triggersOf(o.env);
      expect(mine.map((t) => [t.handler, t.owner]).sort()).toEqual([
        ['onAnswerSubmit', o.owner],
        ['runHourly', o.owner],
      ]);
    }

    // Secrets are per document, never in the shared Script Properties; no journal is left over.
    const secretA = a.env.state.documentProperties['cchc.linkSecret'];
    const secretB = b.env.state.documentProperties['cchc.linkSecret'];
    expect(secretA).toMatch(/^[0-9a-f]{64}$/);
    expect(secretB).toMatch(/^[0-9a-f]{64}$/);
    expect(secretA).not.toBe(secretB);
    expect(host.scriptProperties).toEqual({});
    expect(a.env.state.documentProperties['cchc.reminderJournal']).toBeUndefined();
    expect(b.env.state.documentProperties['cchc.reminderJournal']).toBeUndefined();

    // A link of one office, sent to the other office's form, is refused there.
    const linkA = /Cập nhật tiến độ: (\S+)/.exec(sentMail(a.env).filter((m) => /Cập nhật tiến độ: /.test(m.body)).slice(-1)[0].body)![1];
    const formB = formsState(b.env).forms[0];
    const entries = new URL(linkA).searchParams;
    const crossed = `https://docs.google.com/forms/d/e/${formB.publishedId}/viewform?usp=pp_url&entry.${formB.items[0].id}=${entries.getAll([...entries.keys()][1])[0]}&entry.${formB.items[formB.items.length - 1].id}=${[...entries.values()].slice(-1)[0]}`;
    const before = progress(b).length;
    followLink(b.sandbox, crossed, { status: 'Hoàn thành', percent: 100, note: 'x' });
    expect(progress(b)).toHaveLength(before);
    const responses = js<string[][]>(b.sandbox, READ_SHEET, 'Câu trả lời biểu mẫu 1');
    expect(responses.slice(-1)[0].slice(-1)[0]).toMatch(/^Không ghi: Đường dẫn này không hợp lệ/);

    // Report numbers: each office numbers its own reports from 01.
    for (const o of [a, b]) {
      o.env.clock.set('2024-12-20T09:00:00+07:00');
      const r = o.sandbox.call('generateReport', [{ period: 'Năm 2024' }]) as { number?: string; numberText?: string };
      expect(JSON.stringify(r)).toMatch(/01\/BC-UBND/);
    }
  });

  test('the same office account in two spreadsheets: turning reminders off in one leaves the other\'s trigger', () => {
    const host = new AddonInstallations();
    const a = office(host, 'Tân Việt', 'tanviet');
    const c = office(host, 'Tân Việt (bản thử)', 'tanviet');
    expect(host.triggers.filter((t) => t.handler === 'runHourly')).toHaveLength(2);
    a.sandbox.call('toggleReminders');
    expect(host.triggersOf(a.env).map((t) => t.handler)).toEqual(['onAnswerSubmit']);
    expect(host.triggersOf(c.env).map((t) => t.handler).sort()).toEqual(['onAnswerSubmit', 'runHourly']);
  });
});
