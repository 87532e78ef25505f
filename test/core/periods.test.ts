import {
  cycleOn,
  parseReportPeriod,
  periodLabel,
  periodPhrase,
  periodWindow,
  reportCalendar,
  type PeriodKind,
} from '../../src/core/periods';
import { addDays } from '../../src/core/dates';
import type { DateWindow, WindowRule } from '../../src/core/types';

type Fixed = Exclude<PeriodKind, 'custom'>;

describe('periodWindow', () => {
  const nd09: Record<Fixed, DateWindow> = {
    q1: { from: '2023-12-15', to: '2024-03-14' },
    q2: { from: '2024-03-15', to: '2024-06-14' },
    q3: { from: '2024-06-15', to: '2024-09-14' },
    q4: { from: '2024-09-15', to: '2024-12-14' },
    h1: { from: '2023-12-15', to: '2024-06-14' },
    h2: { from: '2024-06-15', to: '2024-12-14' },
    m9: { from: '2023-12-15', to: '2024-09-14' },
    year: { from: '2023-12-15', to: '2024-12-14' },
  };
  const calendar: Record<Fixed, DateWindow> = {
    q1: { from: '2024-01-01', to: '2024-03-31' },
    q2: { from: '2024-04-01', to: '2024-06-30' },
    q3: { from: '2024-07-01', to: '2024-09-30' },
    q4: { from: '2024-10-01', to: '2024-12-31' },
    h1: { from: '2024-01-01', to: '2024-06-30' },
    h2: { from: '2024-07-01', to: '2024-12-31' },
    m9: { from: '2024-01-01', to: '2024-09-30' },
    year: { from: '2024-01-01', to: '2024-12-31' },
  };

  it.each(Object.entries(nd09))('nd09 %s of 2024 is the decree window', (kind, window) => {
    expect(periodWindow(kind as Fixed, 2024, 'nd09')).toEqual(window);
  });

  it.each(Object.entries(calendar))('calendar %s of 2024 is the calendar window', (kind, window) => {
    expect(periodWindow(kind as Fixed, 2024, 'calendar')).toEqual(window);
  });

  it('starts Quý I/2025 on 15/12/2024 under nd09 and on 1/1/2025 under calendar', () => {
    expect(periodWindow('q1', 2025, 'nd09')).toEqual({ from: '2024-12-15', to: '2025-03-14' });
    expect(periodWindow('year', 2025, 'nd09').from).toBe('2024-12-15');
    expect(periodWindow('q1', 2025, 'calendar')).toEqual({ from: '2025-01-01', to: '2025-03-31' });
  });

  it('keeps the cut-offs of a leap year (2028) on the same days', () => {
    expect(periodWindow('q1', 2028, 'calendar').to).toBe('2028-03-31');
    expect(periodWindow('q1', 2028, 'nd09').to).toBe('2028-03-14');
  });

  const rules: WindowRule[] = ['nd09', 'calendar'];
  const years = [2023, 2024, 2025, 2028];
  const cases = rules.flatMap((rule) => years.map((year) => [rule, year] as const));

  /** Windows follow each other with no gap and no overlap, and cover `whole` exactly. */
  function expectTiling(parts: DateWindow[], whole: DateWindow): void {
    expect(parts[0].from).toBe(whole.from);
    expect(parts[parts.length - 1].to).toBe(whole.to);
    for (let i = 1; i < parts.length; i++) expect(parts[i].from).toBe(addDays(parts[i - 1].to, 1));
  }

  it.each(cases)('%s %i: Quý I + Quý II tile 6 tháng đầu năm, Quý III + Quý IV tile 6 tháng cuối năm', (rule, year) => {
    const w = (k: Fixed) => periodWindow(k, year, rule);
    expectTiling([w('q1'), w('q2')], w('h1'));
    expectTiling([w('q3'), w('q4')], w('h2'));
    expectTiling([w('h1'), w('q3')], w('m9'));
    expectTiling([w('h1'), w('h2')], w('year'));
  });

  it.each(cases)('%s %i: the four quarters tile the year, and years follow each other', (rule, year) => {
    const quarters = (['q1', 'q2', 'q3', 'q4'] as Fixed[]).map((k) => periodWindow(k, year, rule));
    expectTiling(quarters, periodWindow('year', year, rule));
    expect(periodWindow('year', year + 1, rule).from).toBe(addDays(periodWindow('year', year, rule).to, 1));
  });
});

describe('periodLabel and periodPhrase', () => {
  it('names every period as the office writes it', () => {
    expect(periodLabel('q1', 2024)).toBe('Quý I/2024');
    expect(periodLabel('q2', 2024)).toBe('Quý II/2024');
    expect(periodLabel('q3', 2024)).toBe('Quý III/2024');
    expect(periodLabel('q4', 2024)).toBe('Quý IV/2024');
    expect(periodLabel('h1', 2024)).toBe('6 tháng đầu năm 2024');
    expect(periodLabel('h2', 2024)).toBe('6 tháng cuối năm 2024');
    expect(periodLabel('m9', 2024)).toBe('9 tháng năm 2024');
    expect(periodLabel('year', 2024)).toBe('Năm 2024');
  });

  it('reads inside a subtitle', () => {
    const p = (text: string) => {
      const r = parseReportPeriod(text, 'nd09');
      if (!r.ok) throw new Error(r.message);
      return periodPhrase(r.period);
    };
    expect(p('Quý I/2024')).toBe('Quý I năm 2024');
    expect(p('Năm 2024')).toBe('năm 2024');
    expect(p('6 tháng đầu năm 2024')).toBe('6 tháng đầu năm 2024');
    expect(p('15/12/2023 - 14/03/2024')).toBe('từ ngày 15/12/2023 đến ngày 14/03/2024');
  });
});

describe('reportCalendar', () => {
  it('gives the four nd09 cycles with cut-offs, due dates and the cumulative report of each', () => {
    const cycles = reportCalendar(2024, 'nd09', 5);
    expect(cycles.map((c) => c.quarter)).toEqual([1, 2, 3, 4]);
    expect(cycles.map((c) => c.label)).toEqual(['Quý I/2024', 'Quý II/2024', 'Quý III/2024', 'Quý IV/2024']);
    expect(cycles.map((c) => c.cutoff)).toEqual(['2024-03-14', '2024-06-14', '2024-09-14', '2024-12-14']);
    expect(cycles.map((c) => c.due)).toEqual(['2024-03-19', '2024-06-19', '2024-09-19', '2024-12-19']);
    expect(cycles.map((c) => c.report.label)).toEqual(['Quý I/2024', '6 tháng đầu năm 2024', '9 tháng năm 2024', 'Năm 2024']);
    expect(cycles[0].window).toEqual({ from: '2023-12-15', to: '2024-03-14' });
    expect(cycles[2].window).toEqual({ from: '2024-06-15', to: '2024-09-14' });
    expect(cycles[3].report.window).toEqual({ from: '2023-12-15', to: '2024-12-14' });
    for (const c of cycles) {
      expect(c.year).toBe(2024);
      expect(c.cutoff).toBe(c.window.to);
      expect(c.report.window.to).toBe(c.cutoff);
    }
  });

  it('carries due dates across month and year ends under calendar quarters', () => {
    const cycles = reportCalendar(2024, 'calendar', 10);
    expect(cycles.map((c) => c.cutoff)).toEqual(['2024-03-31', '2024-06-30', '2024-09-30', '2024-12-31']);
    expect(cycles.map((c) => c.due)).toEqual(['2024-04-10', '2024-07-10', '2024-10-10', '2025-01-10']);
  });
});

describe('cycleOn', () => {
  it('puts 20/12/2024 in Quý I/2025 under nd09 and in Quý IV/2024 under calendar', () => {
    const nd = cycleOn('2024-12-20', 'nd09', 5);
    expect(nd.label).toBe('Quý I/2025');
    expect(nd.year).toBe(2025);
    expect(nd.due).toBe('2025-03-19');
    expect(cycleOn('2024-12-20', 'calendar', 5).label).toBe('Quý IV/2024');
  });

  it.each(['nd09', 'calendar'] as WindowRule[])('%s: a cut-off day is in its cycle and the next day in the next', (rule) => {
    for (const year of [2024, 2025]) {
      const cycles = reportCalendar(year, rule, 5);
      cycles.forEach((c, i) => {
        expect(cycleOn(addDays(c.cutoff, -1), rule, 5).label).toBe(c.label);
        expect(cycleOn(c.cutoff, rule, 5).label).toBe(c.label);
        const next = i < 3 ? cycles[i + 1].label : reportCalendar(year + 1, rule, 5)[0].label;
        expect(cycleOn(addDays(c.cutoff, 1), rule, 5).label).toBe(next);
      });
    }
  });

  it('finds, for every day of 2024, a cycle whose window contains it', () => {
    for (const rule of ['nd09', 'calendar'] as WindowRule[]) {
      for (let d = '2024-01-01'; d <= '2024-12-31'; d = addDays(d, 1)) {
        const c = cycleOn(d, rule, 3);
        expect(c.window.from <= d && d <= c.window.to).toBe(true);
      }
    }
  });
});

describe('parseReportPeriod', () => {
  const ok = (text: string, rule: WindowRule = 'nd09') => {
    const r = parseReportPeriod(text, rule);
    if (!r.ok) throw new Error(`"${text}" refused: ${r.message}`);
    return r.period;
  };
  const refused = (text: string) => {
    const r = parseReportPeriod(text, 'nd09');
    if (r.ok) throw new Error(`"${text}" accepted as ${r.period.label}`);
    return r.message;
  };

  it.each([
    ['Quý I/2024', 'q1', 'Quý I/2024'],
    ['Quý 1 năm 2024', 'q1', 'Quý I/2024'],
    ['quy iv/2024', 'q4', 'Quý IV/2024'],
    ['QUÝ III NĂM 2024', 'q3', 'Quý III/2024'],
    ['  Quý   II /2024 ', 'q2', 'Quý II/2024'],
    ['6 tháng đầu năm 2024', 'h1', '6 tháng đầu năm 2024'],
    ['6 tháng năm 2024', 'h1', '6 tháng đầu năm 2024'],
    ['6 thang cuoi nam 2024', 'h2', '6 tháng cuối năm 2024'],
    ['9 tháng năm 2024', 'm9', '9 tháng năm 2024'],
    ['9 tháng đầu năm 2024', 'm9', '9 tháng năm 2024'],
    ['Năm 2024', 'year', 'Năm 2024'],
    ['nam 2024', 'year', 'Năm 2024'],
  ])('reads "%s"', (text, kind, label) => {
    const p = ok(text);
    expect(p.kind).toBe(kind);
    expect(p.label).toBe(label);
    expect(p.year).toBe(2024);
    expect(p.window).toEqual(periodWindow(kind as Fixed, 2024, 'nd09'));
  });

  it('reads NFD text the same as NFC', () => {
    const nfd = 'Quý IV/2024 '.normalize('NFD');
    expect(nfd).not.toBe('Quý IV/2024 '.normalize('NFC'));
    expect(ok(nfd).kind).toBe('q4');
    expect(ok('6 tháng cuối năm 2024'.normalize('NFD')).kind).toBe('h2');
  });

  it('follows the window rule', () => {
    expect(ok('Quý I/2024', 'calendar').window).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(ok('Quý I/2024', 'nd09').window).toEqual({ from: '2023-12-15', to: '2024-03-14' });
  });

  it('reads a custom range of dates', () => {
    const p = ok('15/12/2023 - 14/03/2024');
    expect(p.kind).toBe('custom');
    expect(p.window).toEqual({ from: '2023-12-15', to: '2024-03-14' });
    expect(p.year).toBe(2024);
    expect(p.label).toBe('Từ ngày 15/12/2023 đến ngày 14/03/2024');
    expect(ok('Từ ngày 1/1/2024 đến ngày 31/1/2024').window).toEqual({ from: '2024-01-01', to: '2024-01-31' });
    expect(ok('01-02-2024 – 29-02-2024').window).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(ok('5/3/2024 den 5/3/2024').window).toEqual({ from: '2024-03-05', to: '2024-03-05' });
  });

  it('refuses a fifth quarter, naming the four', () => {
    const m = refused('Quý V/2024');
    expect(m).toContain('Quý V/2024');
    expect(m).toContain('Quý IV');
    expect(refused('Quý 5 năm 2024')).toContain('Quý I, Quý II, Quý III và Quý IV');
  });

  it('refuses a period without a year, with examples', () => {
    const m = refused('Năm');
    expect(m).toContain('thiếu năm');
    expect(m).toContain('Ví dụ: "Quý I/2024"');
    expect(refused('6 tháng đầu năm')).toContain('thiếu năm');
  });

  it('refuses a reversed range and says which way round', () => {
    const m = refused('14/03/2024 - 15/12/2023');
    expect(m).toContain('ngược');
    expect(m).toContain('15/12/2023');
  });

  it('refuses dates that do not exist, empty text and unknown words', () => {
    expect(refused('30/02/2024 - 14/03/2024')).toContain('30/02/2024');
    expect(refused('')).toContain('Chưa nhập kỳ báo cáo');
    expect(refused('   ')).toContain('Chưa nhập kỳ báo cáo');
    expect(refused('Tháng 5/2024')).toContain('Không đọc được kỳ báo cáo "Tháng 5/2024"');
    expect(refused('2024')).toContain('Không đọc được');
    expect(refused('Năm 1024')).toContain('không hợp lệ');
  });

  it('writes its messages in NFC Vietnamese', () => {
    const m = refused('Quý V/2024'.normalize('NFD'));
    expect(m).toBe(m.normalize('NFC'));
  });
});
