import { TIMEFRAME_EXAMPLES, effectiveDeadline, parseTimeframe } from '../../src/core/timeframe';
import type { Recurrence, Timeframe, TimeframeResult } from '../../src/core/types';

type Expected = Omit<Timeframe, 'text'>;

/** Recurring all year `year`: no deadline. */
function every(recurrence: Recurrence, year = 2024): Expected {
  return { window: { from: `${year}-01-01`, to: `${year}-12-31` }, deadline: null, recurring: true, recurrence };
}

/** A one-off window; the deadline is its end. */
function win(from: string, to: string): Expected {
  return { window: { from, to }, deadline: to, recurring: false, recurrence: 'none' };
}

const ON_DEMAND: Expected = { window: null, deadline: null, recurring: false, recurrence: 'on-demand' };

function read(text: string, planYear = 2024): Expected {
  const r = parseTimeframe(text, planYear);
  if (!r.ok) throw new Error(`expected "${text}" to parse, got: ${r.message}`);
  const { text: _text, ...rest } = r.timeframe;
  return rest;
}

function refusal(text: string, planYear = 2024): Extract<TimeframeResult, { ok: false }> {
  const r = parseTimeframe(text, planYear);
  if (r.ok) throw new Error(`expected "${text}" to be refused, got ${JSON.stringify(r.timeframe)}`);
  return r;
}

describe('parseTimeframe: phrasings read in plan year 2024', () => {
  const cases: [string, Expected][] = [
    // Recurring all year
    ['Thường xuyên', every('continuous')],
    ['Thường xuyên, liên tục', every('continuous')],
    ['Thường xuyên liên tục', every('continuous')],
    ['Liên tục', every('continuous')],
    ['Hằng tháng', every('monthly')],
    ['Hàng tháng', every('monthly')],
    ['Định kỳ hàng tháng', every('monthly')],
    ['Hằng quý', every('quarterly')],
    ['Hàng quý', every('quarterly')],
    ['Định kỳ hằng quý', every('quarterly')],
    ['Theo quý', every('quarterly')],
    ['Định kỳ', every('periodic')],
    ['Hằng năm', every('periodic')],
    ['Định kỳ 6 tháng', every('periodic')],
    ['Hàng tuần', every('continuous')],
    ['Hằng ngày', every('continuous')],
    ['Hàng tuần, tháng, năm', every('continuous')],
    ['Định kỳ hàng quý, 6 tháng, một năm', every('quarterly')],
    ['Hằng tháng, hằng quý', every('monthly')],
    ['Thường xuyên trong năm', every('continuous')],
    ['Thường xuyên trong năm 2024', every('continuous')],
    ['Thường xuyên, cả năm 2024', every('continuous')],
    ['Hằng tháng năm 2025', every('monthly', 2025)],
    ['Thường xuyên và khi có yêu cầu', every('continuous')],
    // The whole year
    ['Trong năm 2024', win('2024-01-01', '2024-12-31')],
    ['Năm 2024', win('2024-01-01', '2024-12-31')],
    ['Cả năm 2024', win('2024-01-01', '2024-12-31')],
    ['Trong năm', win('2024-01-01', '2024-12-31')],
    ['Cả năm', win('2024-01-01', '2024-12-31')],
    ['Đến hết năm 2024', win('2024-01-01', '2024-12-31')],
    ['Hoàn thành trong năm 2024', win('2024-01-01', '2024-12-31')],
    ['Năm 2025', win('2025-01-01', '2025-12-31')],
    ['Năm 2024 - 2025', win('2024-01-01', '2025-12-31')],
    // Quarters
    ['Quý IV/2024', win('2024-10-01', '2024-12-31')],
    ['Quý 4 năm 2024', win('2024-10-01', '2024-12-31')],
    ['quý IV', win('2024-10-01', '2024-12-31')],
    ['Quý I/2024', win('2024-01-01', '2024-03-31')],
    ['Quý II', win('2024-04-01', '2024-06-30')],
    ['Quý 3/2024', win('2024-07-01', '2024-09-30')],
    ['Quý I, II/2024', win('2024-01-01', '2024-06-30')],
    ['Quý I và II năm 2024', win('2024-01-01', '2024-06-30')],
    ['Quý I - II/2024', win('2024-01-01', '2024-06-30')],
    ['Quý III-IV', win('2024-07-01', '2024-12-31')],
    ['Quý 1-2/2024', win('2024-01-01', '2024-06-30')],
    ['Quý I, II, III/2024', win('2024-01-01', '2024-09-30')],
    ['Từ quý II đến quý IV/2024', win('2024-04-01', '2024-12-31')],
    ['Quý I, quý III năm 2024', win('2024-01-01', '2024-09-30')],
    ['Trong quý IV/2024', win('2024-10-01', '2024-12-31')],
    ['Quý IV, năm 2024', win('2024-10-01', '2024-12-31')],
    ['Q4/2024', win('2024-10-01', '2024-12-31')],
    ['Quý IV/2023', win('2023-10-01', '2023-12-31')],
    ['Quý IV/2024 - Quý I/2025', win('2024-10-01', '2025-03-31')],
    // Halves
    ['6 tháng đầu năm 2024', win('2024-01-01', '2024-06-30')],
    ['6 tháng cuối năm', win('2024-07-01', '2024-12-31')],
    ['Sáu tháng đầu năm', win('2024-01-01', '2024-06-30')],
    ['06 tháng cuối năm 2024', win('2024-07-01', '2024-12-31')],
    ['Nửa đầu năm', win('2024-01-01', '2024-06-30')],
    // Months
    ['Tháng 6/2024', win('2024-06-01', '2024-06-30')],
    ['Tháng 6 năm 2024', win('2024-06-01', '2024-06-30')],
    ['tháng 06/2024', win('2024-06-01', '2024-06-30')],
    ['Tháng 2', win('2024-02-01', '2024-02-29')],
    ['T6/2024', win('2024-06-01', '2024-06-30')],
    ['Từ tháng 3 đến tháng 5/2024', win('2024-03-01', '2024-05-31')],
    ['Từ tháng 3 đến hết tháng 5', win('2024-03-01', '2024-05-31')],
    ['Tháng 3 - 5/2024', win('2024-03-01', '2024-05-31')],
    ['Tháng 3, 4/2024', win('2024-03-01', '2024-04-30')],
    ['Tháng 12/2024 - tháng 1/2025', win('2024-12-01', '2025-01-31')],
    // Deadlines: the window runs from the plan year's start
    ['Trước ngày 30/6/2024', win('2024-01-01', '2024-06-30')],
    ['Trước 15/10/2024', win('2024-01-01', '2024-10-15')],
    ['30/09/2024', win('2024-01-01', '2024-09-30')],
    ['Chậm nhất ngày 15/12/2024', win('2024-01-01', '2024-12-15')],
    ['Hạn: 30/6/2024', win('2024-01-01', '2024-06-30')],
    ['trước ngày 30 tháng 6 năm 2024', win('2024-01-01', '2024-06-30')],
    ['Trước 30/6', win('2024-01-01', '2024-06-30')],
    ['Hạn chót: 15/11', win('2024-01-01', '2024-11-15')],
    ['Hoàn thành trước ngày 31/3/2024', win('2024-01-01', '2024-03-31')],
    ['Đến ngày 30/6/2024', win('2024-01-01', '2024-06-30')],
    ['30.9.2024', win('2024-01-01', '2024-09-30')],
    ['30-9-2024', win('2024-01-01', '2024-09-30')],
    ['Trước 30/6/24', win('2024-01-01', '2024-06-30')],
    ['Đến hết tháng 6/2024', win('2024-01-01', '2024-06-30')],
    ['Chậm nhất quý III', win('2024-01-01', '2024-09-30')],
    ['Trước ngày 31/3/2025', win('2024-01-01', '2025-03-31')],
    ['Trước ngày 15/12/2023', win('2023-01-01', '2023-12-15')],
    // Explicit ranges
    ['Từ ngày 01/3/2024 đến ngày 31/5/2024', win('2024-03-01', '2024-05-31')],
    ['01/3/2024 - 31/5/2024', win('2024-03-01', '2024-05-31')],
    ['Từ 01/3 đến 31/5/2024', win('2024-03-01', '2024-05-31')],
    ['Từ ngày 15/3 đến hết tháng 5/2024', win('2024-03-15', '2024-05-31')],
    // On demand: no date, never overdue
    ['Theo chỉ đạo', ON_DEMAND],
    ['Khi có văn bản mới', ON_DEMAND],
    ['Khi có yêu cầu', ON_DEMAND],
    ['Theo yêu cầu', ON_DEMAND],
    ['Đột xuất', ON_DEMAND],
    ['Theo chỉ đạo của UBND huyện', ON_DEMAND],
    ['Theo sự chỉ đạo của cấp trên', ON_DEMAND],
    ['Khi phát sinh', ON_DEMAND],
    ['Khi có quy định mới', ON_DEMAND],
    ['Khi có văn bản số 210/KH-UBND', ON_DEMAND],
  ];

  it('covers at least 60 distinct phrasings', () => {
    expect(new Set(cases.map(([t]) => t)).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(60);
  });

  test.each(cases)('%s', (text, expected) => {
    expect(read(text)).toEqual(expected);
  });
});

describe('parseTimeframe: the 8 timeframes of the seed plan (as extracted from the PDF)', () => {
  const seed: [string, Expected][] = [
    ['Thường \nxuyên', every('continuous')],
    ['Thường \nxuyên', every('continuous')],
    ['Thường \nxuyên', every('continuous')],
    ['Thường \nxuyên', every('continuous')],
    ['Thường \nxuyên', every('continuous')],
    ['Trong năm \n2024', win('2024-01-01', '2024-12-31')],
    ['Quý \nIV/2024', win('2024-10-01', '2024-12-31')],
    ['Trong năm \n2024', win('2024-01-01', '2024-12-31')],
  ];

  test.each(seed.map(([t, e], i) => [i + 1, t, e] as const))('row %i: %j', (_row, text, expected) => {
    const r = parseTimeframe(text, 2024);
    expect(r).toEqual({ ok: true, timeframe: { text: text.replace(/\s+/g, ' '), ...expected } });
  });
});

describe('parseTimeframe: how people type it', () => {
  const variants: [string, string[], Expected][] = [
    [
      'Quý IV/2024',
      [
        'Quy IV/2024',
        'QUÝ IV/2024',
        'quý iv/2024',
        'Quý IV / 2024',
        '  Quý   IV/2024  ',
        'Quý\nIV/2024',
        'Quý IV/2024.',
        'Quý IV năm 2024',
        'Quý IV năm2024',
        'Quý Ⅳ/2024',
        'Quý IV/2024'.normalize('NFD'),
      ],
      win('2024-10-01', '2024-12-31'),
    ],
    [
      'Thường xuyên',
      ['thuong xuyen', 'THƯỜNG XUYÊN', 'Thường   xuyên', 'Thường\r\nxuyên', 'Thường xuyên.', 'Thường xuyên'.normalize('NFD'), 'thường xuyên\u00a0'],
      every('continuous'),
    ],
    [
      'Quý III - IV/2024',
      ['Quý III – IV/2024', 'Quý III — IV/2024', 'Quý III−IV/2024', 'quy iii-iv nam 2024', 'Quý III đến quý IV năm 2024'],
      win('2024-07-01', '2024-12-31'),
    ],
    [
      'Từ tháng 3 đến tháng 5/2024',
      ['tu thang 3 den thang 5/2024', 'TỪ THÁNG 3 ĐẾN THÁNG 5 NĂM 2024', 'Từ tháng 3 đến tháng 5/2024'.normalize('NFD'), 'Tháng 3 – 5/2024', 'Tháng 03 - tháng 05/2024.'],
      win('2024-03-01', '2024-05-31'),
    ],
    [
      'Trước ngày 30/6/2024',
      ['truoc ngay 30/6/2024', 'TRƯỚC NGÀY 30/06/2024', 'Trước ngày 30 / 6 / 2024', 'Trước\nngày 30/6/2024.', 'Trước ngày 30/6/2024'.normalize('NFD')],
      win('2024-01-01', '2024-06-30'),
    ],
    ['Theo chỉ đạo', ['theo chi dao', 'THEO CHỈ ĐẠO.', 'Theo chỉ đạo'.normalize('NFD'), 'Theo  chỉ\nđạo'], ON_DEMAND],
    ['Trong năm 2024', ['trong nam 2024', 'Trong năm2024', 'TRONG NĂM 2024.', 'Trong năm 2024'.normalize('NFD')], win('2024-01-01', '2024-12-31')],
    ['6 tháng đầu năm 2024', ['6 thang dau nam 2024', 'Sáu tháng đầu năm 2024', '6 THÁNG ĐẦU NĂM 2024', '6 tháng đầu năm/2024'], win('2024-01-01', '2024-06-30')],
  ];

  const rows = variants.flatMap(([base, forms, expected]) => forms.map((f) => [base, f, expected] as const));

  test.each(rows)('%s written as %j', (_base, form, expected) => {
    expect(read(form)).toEqual(expected);
  });

  it('really feeds decomposed (NFD) text in those cases', () => {
    const nfd = 'Quý IV/2024'.normalize('NFD');
    expect(nfd).not.toBe('Quý IV/2024');
    expect(nfd.length).toBeGreaterThan('Quý IV/2024'.length);
  });

  it('keeps the text as NFC with single spaces, trimmed', () => {
    const r = parseTimeframe('  Quý \n IV/2024 '.normalize('NFD'), 2024);
    expect(r.ok && r.timeframe.text).toBe('Quý IV/2024');
  });
});

describe('parseTimeframe: the plan year', () => {
  it('reads forms without a year in the plan year', () => {
    expect(read('Quý IV', 2025)).toEqual(win('2025-10-01', '2025-12-31'));
    expect(read('Trước 30/6', 2025)).toEqual(win('2025-01-01', '2025-06-30'));
    expect(read('Thường xuyên', 2025)).toEqual(every('continuous', 2025));
    expect(read('Trong năm', 2025)).toEqual(win('2025-01-01', '2025-12-31'));
    expect(read('6 tháng cuối năm', 2025)).toEqual(win('2025-07-01', '2025-12-31'));
  });

  it('reads a written year as written, even when it is not the plan year', () => {
    expect(read('Quý IV/2024', 2025)).toEqual(win('2024-10-01', '2024-12-31'));
    expect(read('Tháng 6/2026', 2025)).toEqual(win('2026-06-01', '2026-06-30'));
  });

  it('gives a year-less period the year written later in the text', () => {
    expect(read('Quý I, II/2025')).toEqual(win('2025-01-01', '2025-06-30'));
    expect(read('Tháng 3 - 5/2023')).toEqual(win('2023-03-01', '2023-05-31'));
  });

  it('else the year written earlier in the text', () => {
    expect(read('Tháng 11/2025 - tháng 12')).toEqual(win('2025-11-01', '2025-12-31'));
  });

  it('reads 29/2 only in a leap plan year', () => {
    expect(read('Trước 29/2', 2024)).toEqual(win('2024-01-01', '2024-02-29'));
    expect(refusal('Trước 29/2', 2023).message).toContain('ngày 29/02/2023 không có thật');
  });

  it('refuses a plan year that is not a year (a programming error)', () => {
    expect(() => parseTimeframe('Quý IV', Number.NaN)).toThrow(RangeError);
    expect(() => parseTimeframe('Quý IV', 24)).toThrow(RangeError);
  });
});

describe('parseTimeframe: refusals, never a guess', () => {
  it('asks for a timeframe when the cell is empty', () => {
    for (const blank of ['', '   ', '\n']) {
      const r = refusal(blank);
      expect(r.text).toBe('');
      expect(r.message).toMatch(/^Chưa ghi thời gian thực hiện\. /);
      expect(r.message).toContain('“Thường xuyên”');
    }
  });

  const reasons: [string, string][] = [
    ['Quý V/2024', 'không có quý V (một năm chỉ có quý I, II, III, IV)'],
    ['Quý 5', 'không có quý 5'],
    ['Quý 0/2024', 'không có quý 0'],
    ['Tháng 13/2024', 'không có tháng 13 (tháng chỉ từ 1 đến 12)'],
    ['Tháng 0', 'không có tháng 0'],
    ['Tháng 3 - 13/2024', 'không có tháng 13'],
    ['31/02/2024', 'ngày 31/02/2024 không có thật'],
    ['Trước 30/2', 'ngày 30/02/2024 không có thật'],
    ['32/1/2024', 'ngày 32/01/2024 không có thật'],
    ['Từ ngày 01/3/2024 đến ngày 31/4/2024', 'ngày 31/04/2024 không có thật'],
    ['Tháng 5 - tháng 3/2024', 'thời gian kết thúc (31/03/2024) trước thời gian bắt đầu (01/05/2024)'],
    ['Từ ngày 31/5/2024 đến ngày 01/3/2024', 'thời gian kết thúc (01/03/2024) trước thời gian bắt đầu (31/05/2024)'],
    ['Quý IV - II/2024', 'thời gian kết thúc (30/06/2024) trước thời gian bắt đầu (01/10/2024)'],
    ['Tháng 11/2024 - tháng 2', 'thời gian kết thúc (29/02/2024) trước thời gian bắt đầu (01/11/2024)'],
    ['Năm 2025 - 2024', 'năm kết thúc (2024) trước năm bắt đầu (2025)'],
    ['Từ tháng 3/2024', 'chỉ có thời điểm bắt đầu, thiếu thời điểm kết thúc'],
    ['Từ ngày 01/3/2024', 'chỉ có thời điểm bắt đầu, thiếu thời điểm kết thúc'],
    ['Năm 0202', 'năm 0202 không hợp lệ'],
  ];

  test.each(reasons)('%s is refused with the reason', (text, reason) => {
    const r = refusal(text);
    expect(r.text).toBe(text);
    expect(r.message).toContain(`Không đọc được thời gian thực hiện “${text}”: ${reason}`);
    expect(r.message).toContain('“Quý IV”');
  });

  const unreadable = [
    'Sớm',
    'ASAP',
    'Tùy tình hình',
    'Quý',
    'Tháng',
    'Năm',
    '2024',
    'Đến tháng 6/2024',
    'Theo chỉ đạo, trước 30/6/2024',
    'Khi có yêu cầu trong quý IV',
    'Thường xuyên trong quý IV',
    'Quý IV/24',
    '30/6/202',
    'Quý IV/2024 (nếu có kinh phí)',
    'Tháng 6, 2024',
    'Cuối năm',
    '6 tháng',
  ];

  test.each(unreadable)('%j is refused, quoting it and showing the forms read', (text) => {
    const r = refusal(text);
    expect(r.message).toContain(`Không đọc được thời gian thực hiện “${text}”.`);
    for (const example of TIMEFRAME_EXAMPLES) expect(r.message).toContain(`“${example}”`);
    expect(r.message).toContain('“Quý IV/2024”');
  });

  it('shows the plan year in the examples of the message', () => {
    expect(refusal('Sớm', 2026).message).toContain('“Quý IV/2026”, “Trước ngày 30/6/2026”');
  });

  it('cuts a very long text in the message but keeps it whole in the result', () => {
    const long = `Thực hiện lồng ghép ${'trong các hội nghị '.repeat(10)}`.trim();
    const r = refusal(long);
    expect(r.text).toBe(long);
    expect(r.message).toContain(`“${long.slice(0, 79)}…”`);
    expect(r.message).not.toContain(long);
  });

  it('quotes the text as NFC with single spaces', () => {
    const r = refusal('Quý\n V/2024'.normalize('NFD'));
    expect(r.text).toBe('Quý V/2024');
    expect(r.message).toContain('“Quý V/2024”');
  });
});

describe('TIMEFRAME_EXAMPLES', () => {
  it('lists forms the parser reads, in NFC', () => {
    expect(TIMEFRAME_EXAMPLES.length).toBeGreaterThanOrEqual(8);
    for (const e of TIMEFRAME_EXAMPLES) {
      expect(e).toBe(e.normalize('NFC'));
      expect(parseTimeframe(e, 2024).ok).toBe(true);
    }
  });

  it('shows each kind of form: recurring, year, quarter, half, month, deadline, range, on demand', () => {
    const kinds = new Set(TIMEFRAME_EXAMPLES.map((e) => {
      const r = parseTimeframe(e, 2024);
      return r.ok ? r.timeframe.recurrence : 'refused';
    }));
    expect(kinds).toEqual(new Set(['continuous', 'monthly', 'quarterly', 'none', 'on-demand', 'yearly']));
  });
});

describe('effectiveDeadline', () => {
  it('takes the staff override over the computed deadline', () => {
    expect(effectiveDeadline('2024-12-31', '2024-11-15')).toBe('2024-11-15');
    expect(effectiveDeadline(null, '2024-06-30')).toBe('2024-06-30');
  });

  it('keeps the computed deadline without an override', () => {
    expect(effectiveDeadline('2024-12-31', null)).toBe('2024-12-31');
    expect(effectiveDeadline(null, null)).toBeNull();
  });

  it('ignores an override that is not a real date', () => {
    expect(effectiveDeadline('2024-12-31', '')).toBe('2024-12-31');
    expect(effectiveDeadline('2024-12-31', '2024-02-30')).toBe('2024-12-31');
    expect(effectiveDeadline(null, '30/06/2024')).toBeNull();
  });
});

describe('parseTimeframe: how published plans write it (issue 11)', () => {
  /** A one-off deadline: the window runs from the plan year's start. */
  const due = (to: string, from = `${to.slice(0, 4)}-01-01`): Expected => ({ window: { from, to }, deadline: to, recurring: false, recurrence: 'none' });
  const yearly = (from: string, to: string): Expected => ({ window: { from, to }, deadline: to, recurring: false, recurrence: 'yearly' });

  const cases: [string, number, Expected][] = [
    // A time of day before the date: the date is the deadline.
    ['Trước 10 giờ ngày 20/02/2025', 2025, due('2025-02-20')],
    ['trước 7h00 sáng ngày 15/3/2025', 2025, due('2025-03-15')],
    ['Trước 17 giờ 30 phút ngày 31/12/2025', 2025, due('2025-12-31')],
    ['Trước 8:30, ngày 05/01/2025', 2025, due('2025-01-05')],
    ['Hoàn thành trước 16h ngày 30/6', 2025, due('2025-06-30')],
    // "Trong ngày": that one day.
    ['Trong ngày 20/02/2025', 2025, win('2025-02-20', '2025-02-20')],
    ['trong ngày 09/11/2025', 2025, win('2025-11-09', '2025-11-09')],
    ['Vào ngày 10/10', 2025, win('2025-10-10', '2025-10-10')],
    // Yearly tasks: the window in the plan year.
    ['Tháng 10 hằng năm', 2025, yearly('2025-10-01', '2025-10-31')],
    ['Tháng 3 hàng năm', 2024, yearly('2024-03-01', '2024-03-31')],
    ['Ngày 10 tháng 10 hằng năm', 2025, yearly('2025-10-10', '2025-10-10')],
    ['Quý I hằng năm', 2025, yearly('2025-01-01', '2025-03-31')],
    ['Trong quý IV hằng năm', 2025, yearly('2025-10-01', '2025-12-31')],
    ['ngày 9/11 hằng năm', 2025, yearly('2025-11-09', '2025-11-09')],
    // Dates written with dots.
    ['20.7.2025', 2025, due('2025-07-20')],
    ['Trước ngày 20.7.2025', 2025, due('2025-07-20')],
    ['Từ ngày 01.3.2025 đến ngày 31.5.2025', 2025, win('2025-03-01', '2025-05-31')],
  ];
  test.each(cases)('%j (plan year %i)', (text, year, expected) => {
    expect(read(text, year)).toEqual(expected);
  });

  test('"trước tháng 10/2024" is ambiguous: refused with both readings, never guessed', () => {
    const r = refusal('Trước tháng 10/2024');
    expect(r.readings).toEqual(['Trước ngày 30/09/2024', 'Đến hết tháng 10/2024']);
    expect(r.message).toContain('có thể hiểu là trước khi tháng 10/2024 bắt đầu (hạn 30/09/2024) hoặc đến hết tháng 10/2024 (hạn 31/10/2024)');
    expect(refusal('Trước quý III', 2025).readings).toEqual(['Trước ngày 30/06/2025', 'Đến hết quý III/2025']);
    // Each reading, written as offered, reads.
    expect(read('Trước ngày 30/09/2024').deadline).toBe('2024-09-30');
    expect(read('Đến hết tháng 10/2024').deadline).toBe('2024-10-31');
    expect(read('Đến hết quý III/2025', 2025).deadline).toBe('2025-09-30');
  });

  test('what still cannot be read is refused with its reason', () => {
    expect(refusal('Tháng 10/2025 hằng năm', 2025).message).toContain('việc làm hằng năm không ghi kèm năm');
    expect(refusal('Trước 25 giờ ngày 20/02/2025', 2025).message).toMatch(/^Không đọc được thời gian thực hiện “Trước 25 giờ ngày 20\/02\/2025”\./);
    expect(refusal('Trong ngày 30/02/2025', 2025).message).toContain('ngày 30/02/2025 không có thật');
  });
});
