import {
  parseClipboardTable,
  parseTaskCode,
  planImport,
  readPlanTable,
  taskCode,
  type ImportedTask,
} from '../../src/core/importer';

const HEADER = [
  'STT',
  'Nhiệm vụ cụ thể',
  'Sản phẩm/kết quả',
  'Cán bộ, công chức chủ trì',
  'Cán bộ, công chức phối hợp',
  'Thời gian thực hiện',
];

/** Builds clipboard text the way Sheets/Excel write TSV. */
function tsv(rows: string[][]): string {
  const quote = (c: string) => (/[\t\n\r"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return rows.map((r) => r.map(quote).join('\t')).join('\r\n') + '\r\n';
}

describe('parseClipboardTable', () => {
  it('splits tabs and lines, with a trailing line break adding no row', () => {
    expect(parseClipboardTable('a\tb\tc\nd\te\tf\n')).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
    ]);
  });

  it('handles CRLF and lone CR line ends', () => {
    expect(parseClipboardTable('a\tb\r\nc\td\re\tf')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
      ['e', 'f'],
    ]);
  });

  it('reads quoted cells holding line breaks, tabs and doubled quotes', () => {
    const text = '1\t"Tăng cường tuyên truyền\nCCHC trong nội bộ"\t"a\tb"\t"Chuyên trang ""Cải cách hành chính"""\r\n';
    expect(parseClipboardTable(text)).toEqual([
      ['1', 'Tăng cường tuyên truyền\nCCHC trong nội bộ', 'a\tb', 'Chuyên trang "Cải cách hành chính"'],
    ]);
  });

  it('keeps a quote that does not wrap the whole cell', () => {
    expect(parseClipboardTable('"Một cửa" liên thông\tDuy trì chuyên trang "CCHC"\n')).toEqual([
      ['"Một cửa" liên thông', 'Duy trì chuyên trang "CCHC"'],
    ]);
    expect(parseClipboardTable('"chưa đóng\tb')).toEqual([['"chưa đóng', 'b']]);
  });

  it('pads ragged rows and keeps empty cells, including a trailing one', () => {
    expect(parseClipboardTable('a\tb\tc\nd\ne\t\t\n')).toEqual([
      ['a', 'b', 'c'],
      ['d', '', ''],
      ['e', '', ''],
    ]);
  });

  it('returns no rows for empty text and ignores a byte-order mark', () => {
    expect(parseClipboardTable('')).toEqual([]);
    expect(parseClipboardTable('\uFEFFSTT\tNhiệm vụ')).toEqual([['STT', 'Nhiệm vụ']]);
  });

  it('round-trips what a spreadsheet writes', () => {
    const rows = [HEADER, ['1', 'Dòng một\ndòng hai', '"x"', 'a\tb', '', 'Quý IV/2024']];
    expect(parseClipboardTable(tsv(rows))).toEqual(rows);
  });
});

describe('readPlanTable', () => {
  const row1 = ['1', 'Tăng cường tuyên truyền CCHC trong nội bộ UBND xã', 'Các hình thức thích hợp', 'UBND xã', 'Các cán bộ, công chức liên quan', 'Thường xuyên'];
  const row2 = ['2', 'Tuyên truyền, phổ biến các văn bản pháp luật mới ban hành', 'Kế hoạch', 'Công chức Tư pháp', '', 'Trong năm 2024'];

  it('reads a plain table and joins multi-line cells with single spaces, in NFC', () => {
    const rows = [
      HEADER,
      ['1', 'Tăng cường tuyên truyền\nCCHC  trong nội bộ\r\nUBND xã ', 'Các hình thức\nthích hợp', 'UBND xã', 'Các cán bộ, công\nchức liên quan', 'Thường\nxuyên'.normalize('NFD')],
    ];
    const { tasks, problems } = readPlanTable(rows);
    expect(problems).toEqual([]);
    expect(tasks).toEqual([
      {
        stt: '1',
        task: 'Tăng cường tuyên truyền CCHC trong nội bộ UBND xã',
        product: 'Các hình thức thích hợp',
        leadText: 'UBND xã',
        coordinatorText: 'Các cán bộ, công chức liên quan',
        timeframeText: 'Thường xuyên',
        section: '',
        sourceRow: 2,
      },
    ]);
  });

  it('finds the header below title lines, by its texts, in any order and loosely', () => {
    const rows = [
      ['PHỤ LỤC', '', '', '', '', ''],
      ['CÁC NHIỆM VỤ TUYÊN TRUYỀN VỀ CẢI CÁCH HÀNH CHÍNH NĂM 2024', '', '', '', '', ''],
      ['THỜI GIAN THỰC HIỆN', 'nhiem vu cu the', 'Cán bộ,công chức chủ trì', 'Sản phẩm / kết quả', 'TT', 'Cán bộ, công chức phối hợp'],
      ['Trong năm 2024', 'Tuyên truyền, phổ biến', 'Công chức Tư pháp', 'Kế hoạch', '5', 'Các cán bộ, công chức liên quan'],
    ];
    const { tasks, problems } = readPlanTable(rows);
    expect(problems).toEqual([]);
    expect(tasks).toEqual([
      {
        stt: '5',
        task: 'Tuyên truyền, phổ biến',
        product: 'Kế hoạch',
        leadText: 'Công chức Tư pháp',
        coordinatorText: 'Các cán bộ, công chức liên quan',
        timeframeText: 'Trong năm 2024',
        section: '',
        sourceRow: 4,
      },
    ]);
  });

  it('reads a header split over two rows, and skips a column-numbering row', () => {
    const rows = [
      ['STT', 'Nhiệm vụ cụ thể', 'Sản phẩm/kết quả', 'Cán bộ, công chức', '', 'Thời gian'],
      ['', '', '', 'chủ trì', 'phối hợp', 'thực hiện'],
      ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)'],
      row1,
    ];
    const { tasks, problems } = readPlanTable(rows);
    expect(problems).toEqual([]);
    expect(tasks.map((t) => [t.leadText, t.coordinatorText, t.timeframeText, t.sourceRow])).toEqual([
      ['UBND xã', 'Các cán bộ, công chức liên quan', 'Thường xuyên', 4],
    ]);
  });

  it('skips header rows repeated where the table continues on a new page', () => {
    const rows = [HEADER, row1, [...HEADER], row2];
    const { tasks, problems } = readPlanTable(rows);
    expect(problems).toEqual([]);
    expect(tasks.map((t) => [t.stt, t.sourceRow])).toEqual([
      ['1', 2],
      ['2', 4],
    ]);
  });

  it('reads a table without an STT column', () => {
    const rows = [HEADER.slice(1), row1.slice(1), row2.slice(1)];
    const { tasks, problems } = readPlanTable(rows);
    expect(problems).toEqual([]);
    expect(tasks.map((t) => [t.stt, t.task, t.leadText])).toEqual([
      ['', row1[1], 'UBND xã'],
      ['', row2[1], 'Công chức Tư pháp'],
    ]);
  });

  it('reads rows whose STT is missing as tasks when the table numbers none of them', () => {
    const rows = [HEADER, ['', ...row1.slice(1)], ['', ...row2.slice(1)]];
    const { tasks } = readPlanTable(rows);
    expect(tasks.map((t) => t.task)).toEqual([row1[1], row2[1]]);
  });

  it('merges a row broken across pages into its task, even past a repeated header', () => {
    const rows = [
      HEADER,
      ['1', 'Tăng cường tuyên truyền CCHC trong nội bộ', 'Các hình thức thích hợp', 'UBND xã', 'Các cán bộ, công', 'Thường'],
      [...HEADER],
      ['', 'UBND xã', '', '', 'chức liên quan', 'xuyên'],
      row2,
    ];
    const { tasks, problems } = readPlanTable(rows);
    expect(problems).toEqual([]);
    expect(tasks).toEqual([
      {
        stt: '1',
        task: 'Tăng cường tuyên truyền CCHC trong nội bộ UBND xã',
        product: 'Các hình thức thích hợp',
        leadText: 'UBND xã',
        coordinatorText: 'Các cán bộ, công chức liên quan',
        timeframeText: 'Thường xuyên',
        section: '',
        sourceRow: 2,
      },
      { stt: '2', task: row2[1], product: 'Kế hoạch', leadText: 'Công chức Tư pháp', coordinatorText: '', timeframeText: 'Trong năm 2024', section: '', sourceRow: 5 },
    ]);
  });

  it('skips empty rows and reports a row without task text, naming it', () => {
    const rows = [HEADER, ['', '', '', '', '', ''], row1, ['  ', '\n', '', '', '', ''], ['3', '', 'Báo cáo', 'UBND xã', '', 'Quý IV/2024'], row2];
    const { tasks, problems } = readPlanTable(rows);
    expect(tasks.map((t) => [t.stt, t.sourceRow])).toEqual([
      ['1', 3],
      ['2', 6],
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^Dòng 5 \(STT 3\): .*Nhiệm vụ cụ thể/);
  });

  it('reports a missing header, missing columns, and a repeated task', () => {
    expect(readPlanTable([row1, row2]).problems[0]).toMatch(/Không tìm thấy dòng tiêu đề/);
    expect(readPlanTable([]).problems).toEqual(['Bảng trống: chưa có dòng nào được dán.']);

    const noCoordinator = readPlanTable([
      ['STT', 'Nhiệm vụ cụ thể', 'Sản phẩm/kết quả', 'Cán bộ, công chức chủ trì', 'Thời gian thực hiện'],
      ['1', 'Tuyên truyền', 'Tin bài', 'Đài truyền thanh xã', 'Thường xuyên'],
    ]);
    expect(noCoordinator.tasks[0].coordinatorText).toBe('');
    expect(noCoordinator.problems).toEqual([
      'Không thấy cột “Cán bộ, công chức phối hợp” trong bảng; các nhiệm vụ được nhập với ô này để trống.',
    ]);

    const repeated = readPlanTable([HEADER, row1, ['9', row1[1].toUpperCase(), '', '', '', '']]);
    expect(repeated.tasks).toHaveLength(1);
    expect(repeated.problems).toEqual(['Dòng 3 (STT 9): nhiệm vụ trùng với dòng 2, dòng này không được nhập.']);
  });

  it('reads a whole pasted table end to end', () => {
    const text = tsv([
      ['PHỤ LỤC', '', '', '', '', ''],
      HEADER,
      ['1', 'Tăng cường tuyên truyền CCHC\ntrong nội bộ UBND xã', 'Các hình thức thích hợp', 'UBND xã', 'Các cán bộ, công\nchức liên quan', 'Thường\nxuyên'],
      ['4', 'Đăng tải các bài viết', 'Các bài viết, chuyên mục', 'Văn phòng\nHĐND&UBND xã, Đài truyền thanh xã', '', 'Thường xuyên'],
    ]);
    const { tasks, problems } = readPlanTable(parseClipboardTable(text));
    expect(problems).toEqual([]);
    expect(tasks.map((t) => [t.stt, t.task, t.leadText, t.coordinatorText, t.timeframeText])).toEqual([
      ['1', 'Tăng cường tuyên truyền CCHC trong nội bộ UBND xã', 'UBND xã', 'Các cán bộ, công chức liên quan', 'Thường xuyên'],
      ['4', 'Đăng tải các bài viết', 'Văn phòng HĐND&UBND xã, Đài truyền thanh xã', '', 'Thường xuyên'],
    ]);
  });
});

describe('task codes', () => {
  it('pads to two digits and grows past 99', () => {
    expect([1, 2, 9, 10, 99, 100, 1234].map(taskCode)).toEqual(['NV01', 'NV02', 'NV09', 'NV10', 'NV99', 'NV100', 'NV1234']);
    expect(() => taskCode(0)).toThrow();
    expect(() => taskCode(1.5)).toThrow();
  });

  it('parses codes back, loosely, and refuses what is not one', () => {
    expect(['NV01', 'NV100', ' nv07 ', 'NV 3'].map(parseTaskCode)).toEqual([1, 100, 7, 3]);
    for (const c of ['', 'NV', 'NV00', 'N01', 'NV1a', '01', 'NV-1']) expect(parseTaskCode(c)).toBeNull();
    for (let n = 1; n <= 120; n++) expect(parseTaskCode(taskCode(n))).toBe(n);
  });
});

describe('planImport', () => {
  const t = (stt: string, task: string, extra: Partial<ImportedTask> = {}): ImportedTask => ({
    stt,
    task,
    product: 'Tin bài',
    leadText: 'Đài truyền thanh xã',
    coordinatorText: 'Các cán bộ, công chức liên quan',
    timeframeText: 'Thường xuyên',
    section: '',
    sourceRow: Number(stt) + 1,
    ...extra,
  });
  const imported = [t('1', 'Tuyên truyền CCHC'), t('2', 'Duy trì chuyên mục'), t('3', 'Cử cán bộ tham gia tập huấn')];

  /** What the sheet holds after applying a plan. */
  function apply(existing: (ImportedTask & { code: string })[], plan: ReturnType<typeof planImport>) {
    const next = existing.map((e) => {
      const u = plan.toUpdate.find((x) => x.code === e.code);
      return u ? { ...e, ...u.changes } : e;
    });
    return [...next, ...plan.toAdd];
  }

  it('adds new tasks with codes from the next number', () => {
    const plan = planImport([], imported, 1);
    expect(plan.toAdd.map((a) => [a.code, a.task])).toEqual([
      ['NV01', 'Tuyên truyền CCHC'],
      ['NV02', 'Duy trì chuyên mục'],
      ['NV03', 'Cử cán bộ tham gia tập huấn'],
    ]);
    expect(plan.toUpdate).toEqual([]);
    expect(plan.unchanged).toBe(0);
  });

  it('adds nothing when the same table is imported twice', () => {
    const sheet = apply([], planImport([], imported, 1));
    const again = planImport(sheet, imported, 4);
    expect(again).toEqual({ toAdd: [], toUpdate: [], unchanged: 3 });
    // Same tasks typed differently (case, diacritics, spacing, NFD) are the same tasks.
    const retyped = imported.map((x) => ({ ...x, task: `  ${x.task.toUpperCase().normalize('NFD')} ` }));
    expect(planImport(sheet, retyped, 4).toAdd).toEqual([]);
  });

  it('reports changed cells of a known task as updates', () => {
    const sheet = apply([], planImport([], imported, 1));
    const edited = [
      t('1', 'Tuyên truyền CCHC', { timeframeText: 'Quý IV/2024', coordinatorText: '' }),
      t('2', 'Duy trì chuyên mục', { product: 'Tin  bài\n' }),
      t('4', 'Nhiệm vụ mới'),
    ];
    const plan = planImport(sheet, edited, 4);
    expect(plan.toUpdate).toEqual([{ code: 'NV01', changes: { timeframeText: 'Quý IV/2024', coordinatorText: '' } }]);
    expect(plan.unchanged).toBe(1);
    expect(plan.toAdd.map((a) => a.code)).toEqual(['NV04']);
    const after = apply(sheet, plan);
    expect(planImport(after, edited, 5)).toEqual({ toAdd: [], toUpdate: [], unchanged: 3 });
  });

  it('never reuses a code: it starts at the number given, and above any code still present', () => {
    expect(planImport([], [t('1', 'A')], 12).toAdd[0].code).toBe('NV12');
    const existing = [{ code: 'NV20', task: 'Cũ' }];
    expect(planImport(existing, [t('1', 'A')], 5).toAdd[0].code).toBe('NV21');
  });

  it('adds a task named twice in one import once', () => {
    const plan = planImport([], [t('1', 'Tuyên truyền CCHC'), t('5', 'tuyên truyền cchc')], 1);
    expect(plan.toAdd.map((a) => a.code)).toEqual(['NV01']);
  });

  it('does not compare cells the caller did not provide', () => {
    const plan = planImport([{ code: 'NV01', task: 'Tuyên truyền CCHC' }], [t('1', 'Tuyên truyền CCHC')], 2);
    expect(plan).toEqual({ toAdd: [], toUpdate: [], unchanged: 1 });
  });
});
