import { SEED_PEOPLE, SEED_PLAN_INFO, SEED_TASKS } from '../../src/core/seed';
import { emailProblem, parsePeople, resolveUnits } from '../../src/core/people';
import { parseClipboardTable, planImport, readPlanTable } from '../../src/core/importer';
import { SETTING_DEFS } from '../../src/core/schema';
import { parseDmy } from '../../src/core/dates';

const cellsOf = (t: (typeof SEED_TASKS)[number]) => [t.stt, t.task, t.product, t.leadText, t.coordinatorText, t.timeframeText];

describe('SEED_TASKS', () => {
  it('holds the 8 tasks of the appendix, numbered 1 to 8, each with a task, a lead and a timeframe', () => {
    expect(SEED_TASKS.map((t) => t.stt)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
    expect(SEED_TASKS.map((t) => t.sourceRow)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    for (const t of SEED_TASKS) {
      expect(t.task).not.toBe('');
      expect(t.leadText).not.toBe('');
      expect(t.timeframeText).not.toBe('');
    }
    expect(new Set(SEED_TASKS.map((t) => t.task.toLowerCase())).size).toBe(8);
  });

  it('has none of the PDF\'s spacing artefacts and is NFC', () => {
    for (const t of SEED_TASKS) {
      for (const c of cellsOf(t)) {
        expect(c).toBe(c.normalize('NFC'));
        expect(c).toBe(c.trim());
        expect(c).not.toMatch(/\s{2}|\s[.,;]|[“(]\s|\s[”)]|\n|,$/);
      }
    }
  });

  it('resolves every lead and coordinator cell against SEED_PEOPLE with nothing unmatched', () => {
    for (const t of SEED_TASKS) {
      const lead = resolveUnits(t.leadText, SEED_PEOPLE);
      expect({ stt: t.stt, unmatched: lead.unmatched }).toEqual({ stt: t.stt, unmatched: [] });
      expect(lead.people.length).toBeGreaterThan(0);
      const coordinator = resolveUnits(t.coordinatorText, SEED_PEOPLE);
      expect({ stt: t.stt, unmatched: coordinator.unmatched }).toEqual({ stt: t.stt, unmatched: [] });
    }
  });

  it('gives task 4 two leads and no coordinator, and the others the vague "everyone concerned"', () => {
    const task4 = SEED_TASKS[3];
    expect(resolveUnits(task4.leadText, SEED_PEOPLE).people.map((p) => p.unit)).toEqual([
      'Văn phòng HĐND&UBND xã',
      'Đài truyền thanh xã',
    ]);
    expect(task4.coordinatorText).toBe('');
    for (const t of SEED_TASKS.filter((x) => x !== task4)) {
      expect(resolveUnits(t.coordinatorText, SEED_PEOPLE)).toEqual({ people: [], vague: true, unmatched: [], outside: [], suggestions: [] });
    }
  });

  it('maps each lead to the unit the plan means', () => {
    const leadUnits = SEED_TASKS.map((t) => resolveUnits(t.leadText, SEED_PEOPLE).people.map((p) => p.unit).join(' + '));
    expect(leadUnits).toEqual([
      'UBND xã',
      'Bộ phận Một cửa UBND xã',
      'Đài truyền thanh xã',
      'Văn phòng HĐND&UBND xã + Đài truyền thanh xã',
      'Công chức Tư pháp - Hộ tịch',
      'Công chức Văn hóa - Thông tin',
      'Văn phòng HĐND&UBND xã',
      'Văn phòng Đảng ủy - Nội vụ',
    ]);
  });

  it('reads back from a pasted copy of the appendix with the PDF\'s line breaks, and imports idempotently', () => {
    // Break every cell of more than two words over lines, as the PDF and Word do.
    const broken = (c: string) => c.split(' ').map((w, i) => (i > 0 && i % 3 === 0 ? `\n${w}` : w)).join(' ');
    const header = ['STT', 'Nhiệm vụ cụ thể', 'Sản phẩm/kết quả', 'Cán bộ, công chức\nchủ trì', 'Cán bộ, công chức\nphối hợp', 'Thời gian\nthực hiện'];
    const quote = (c: string) => (/[\t\n"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
    const text = [header, ...SEED_TASKS.map((t) => cellsOf(t).map(broken))]
      .map((r) => r.map(quote).join('\t'))
      .join('\r\n');
    const { tasks, problems } = readPlanTable(parseClipboardTable(text));
    expect(problems).toEqual([]);
    expect(tasks).toEqual(SEED_TASKS);

    const first = planImport([], tasks, 1);
    expect(first.toAdd.map((a) => a.code)).toEqual(['NV01', 'NV02', 'NV03', 'NV04', 'NV05', 'NV06', 'NV07', 'NV08']);
    expect(planImport(first.toAdd, tasks, 9)).toEqual({ toAdd: [], toUpdate: [], unchanged: 8 });
  });
});

describe('SEED_PEOPLE', () => {
  it('has one placeholder person per unit, with a placeholder email that is flagged', () => {
    expect(new Set(SEED_PEOPLE.map((p) => p.unit)).size).toBe(SEED_PEOPLE.length);
    for (const p of SEED_PEOPLE) {
      expect(p.name).toBe('(chưa cập nhật)');
      expect(p.email).toMatch(/@example\.invalid$/);
      expect(emailProblem(p.email)).toBe('Email mẫu, cần thay bằng email thật của cán bộ');
    }
    expect(SEED_PEOPLE.map((p) => p.row)).toEqual(SEED_PEOPLE.map((_, i) => i + 2));
  });

  it('names the units of the plan', () => {
    const units = SEED_PEOPLE.map((p) => p.unit);
    for (const u of [
      'Văn phòng HĐND&UBND xã',
      'UBND xã',
      'Bộ phận Một cửa UBND xã',
      'Đài truyền thanh xã',
      'Công chức Tư pháp - Hộ tịch',
      'Công chức Văn hóa - Thông tin',
      'Công chức Tài chính - Kế toán',
    ]) {
      expect(units).toContain(u);
    }
  });

  it('still resolves the plan once written to the sheet and read back', () => {
    const readBack = parsePeople(
      SEED_PEOPLE.map((p) => ({ unit: p.unit, name: p.name, email: p.email, aliases: p.aliases.join('; '), row: p.row })),
    );
    expect(readBack).toEqual(SEED_PEOPLE);
    for (const t of SEED_TASKS) {
      expect(resolveUnits(t.leadText, readBack).unmatched).toEqual([]);
      expect(resolveUnits(t.coordinatorText, readBack).unmatched).toEqual([]);
    }
  });
});

describe('SEED_PLAN_INFO', () => {
  it('agrees with the settings\' defaults, so a new workbook describes the seed plan', () => {
    const def = (key: string) => SETTING_DEFS.find((d) => d.key === key)?.defaultText;
    expect(def('commune')).toBe(SEED_PLAN_INFO.commune);
    expect(def('province')).toBe(SEED_PLAN_INFO.province);
    expect(def('planTitle')).toBe(SEED_PLAN_INFO.planTitle);
    expect(def('chairmanName')).toBe(SEED_PLAN_INFO.chairmanName);
    expect(parseDmy(def('planDate') ?? '')).toBe(SEED_PLAN_INFO.planDate);
    expect(Number(def('planYear'))).toBe(SEED_PLAN_INFO.planYear);
    expect(SEED_PLAN_INFO.planDate.startsWith(String(SEED_PLAN_INFO.planYear))).toBe(true);
  });
});
