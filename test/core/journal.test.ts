import { JOURNAL_VALUE_BYTES, journalValues, utf8Length, type JournalRow } from '../../src/core/journal';

/** A journal row of `n` item lines for one address. */
function row(n: number, result = 'Đã gửi (CC: vanphong.tanviet@gmail.com)'): JournalRow {
  const tasks = Array.from({ length: n }, (_, i) => `NV${String(i + 1).padStart(4, '0')}: d-7:2024-03-15`).join('\n');
  return { key: '2024-03-08|dai.tanviet@gmail.com', at: '2024-03-08T00:00:00.000Z', recipient: 'dai.tanviet@gmail.com', tasks, result };
}

describe('journal values stay under the 9 KB a property value may hold', () => {
  test('a row at the limit is one value; one line more splits it, every line kept once, each value under the limit', () => {
    let n = 1;
    while (utf8Length(journalValues(row(n + 1))[0]) <= JOURNAL_VALUE_BYTES && journalValues(row(n + 1)).length === 1) n++;
    const atLimit = journalValues(row(n));
    expect(atLimit).toHaveLength(1);
    expect(utf8Length(atLimit[0])).toBeLessThanOrEqual(JOURNAL_VALUE_BYTES);
    expect(utf8Length(atLimit[0])).toBeGreaterThan(JOURNAL_VALUE_BYTES - 30);
    const over = journalValues(row(n + 1));
    expect(over).toHaveLength(2);
    for (const v of over) expect(utf8Length(v)).toBeLessThanOrEqual(9 * 1024);
    const lines = over.flatMap((v) => (JSON.parse(v) as JournalRow).tasks.split('\n'));
    expect(lines).toEqual(row(n + 1).tasks.split('\n'));
    for (const v of over) expect(JSON.parse(v)).toMatchObject({ key: row(1).key, recipient: 'dai.tanviet@gmail.com', result: row(1).result });
  });

  test('2,000 items with a Vietnamese result: many values, all under the limit, nothing lost', () => {
    const r = row(2000, 'Đã gửi (thư quá dài: có 230/2000 nhiệm vụ, phần còn lại gửi ở lần sau)');
    const values = journalValues(r);
    expect(values.length).toBeGreaterThan(5);
    for (const v of values) expect(utf8Length(v)).toBeLessThanOrEqual(JOURNAL_VALUE_BYTES);
    expect(values.flatMap((v) => (JSON.parse(v) as JournalRow).tasks.split('\n'))).toEqual(r.tasks.split('\n'));
  });
});
