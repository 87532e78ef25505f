/**
 * Units as real plans name them, read against the seeded directory: whole-phrase matching,
 * bodies of other levels, separators, near misses. Whole pasted tables, not only phrases.
 */
import fs from 'node:fs';
import path from 'node:path';
import { isOutsideBody, resolveUnits } from '../../src/core/people';
import { readClipboard } from '../../src/core/importer';
import { SEED_PEOPLE } from '../../src/core/seed';
import { readPlan } from '../../src/core/plan';
import { PEOPLE_COLUMNS, PLAN_COLUMNS } from '../../src/core/schema';
import { defaultSettings } from '../../src/core/settings';

const units = (cell: string) => {
  const r = resolveUnits(cell, SEED_PEOPLE);
  return { people: r.people.map((p) => p.unit), outside: r.outside, unmatched: r.unmatched, suggestions: r.suggestions, vague: r.vague };
};

describe('a unit is named only by the whole phrase', () => {
  test('bodies of the district are never given to the commune official whose name they contain', () => {
    // "Tư pháp" is an other name of the commune's Tư pháp official; "Nội vụ" of Văn phòng Đảng ủy - Nội vụ.
    expect(units('Phòng Tư pháp huyện')).toEqual({ people: [], outside: ['Phòng Tư pháp huyện'], unmatched: [], suggestions: [], vague: false });
    expect(units('Bộ Nội vụ')).toEqual({ people: [], outside: ['Bộ Nội vụ'], unmatched: [], suggestions: [], vague: false });
    expect(units('Phòng Văn hóa và Thông tin huyện')).toMatchObject({ people: [], outside: ['Phòng Văn hóa và Thông tin huyện'] });
    expect(units('UBND huyện')).toMatchObject({ people: [], outside: ['UBND huyện'] });
    expect(units('Công an tỉnh')).toMatchObject({ people: [], outside: ['Công an tỉnh'] });
  });

  test('names with "và" or "&" are not cut, and a list of bodies is one phrase', () => {
    expect(units('Sở Thông tin và Truyền thông')).toMatchObject({ people: [], outside: ['Sở Thông tin và Truyền thông'], unmatched: [] });
    expect(units('Các sở, ngành, địa phương')).toMatchObject({ people: [], outside: ['Các sở, ngành, địa phương'], unmatched: [] });
    expect(units('Văn phòng HĐND & UBND xã')).toMatchObject({ people: ['Văn phòng HĐND&UBND xã'], outside: [], unmatched: [] });
    expect(units('Trung tâm Văn hóa - Thể thao và Truyền thông huyện')).toMatchObject({ outside: ['Trung tâm Văn hóa - Thể thao và Truyền thông huyện'] });
  });

  test('real separators split: ";", line breaks, and "," between known units', () => {
    expect(units('Đài truyền thanh xã, Sở Thông tin và Truyền thông')).toMatchObject({ people: ['Đài truyền thanh xã'], outside: ['Sở Thông tin và Truyền thông'], unmatched: [] });
    expect(units('Công an tỉnh\nBộ Nội vụ')).toMatchObject({ people: [], outside: ['Công an tỉnh', 'Bộ Nội vụ'] });
    expect(units('Công chức Văn hóa - Xã hội\nVăn phòng HĐND và UBND xã')).toMatchObject({ people: ['Công chức Văn hóa - Thông tin', 'Văn phòng HĐND&UBND xã'], unmatched: [] });
    expect(units('Công chức Tư pháp; Phòng Tư pháp huyện; các ban, ngành, đoàn thể')).toMatchObject({ people: ['Công chức Tư pháp - Hộ tịch'], outside: ['Phòng Tư pháp huyện'], vague: true, unmatched: [] });
    // A wrapped line inside one unit's name is not a separator.
    expect(units('Bộ phận Một cửa\nUBND xã')).toMatchObject({ people: ['Bộ phận Một cửa UBND xã'], unmatched: [] });
  });

  test('commune bodies not in the directory are unknown (an error to fix), never outside', () => {
    expect(units('Ban Chỉ huy Quân sự xã')).toMatchObject({ people: [], outside: [], unmatched: ['Ban Chỉ huy Quân sự xã'] });
    expect(units('Công an xã')).toMatchObject({ outside: [], unmatched: ['Công an xã'] });
    expect(units('Trung tâm phục vụ hành chính công xã')).toMatchObject({ outside: [], unmatched: ['Trung tâm phục vụ hành chính công xã'] });
    expect(isOutsideBody('Hội Liên hiệp Phụ nữ xã')).toBe(false);
    expect(isOutsideBody('Phòng Văn hóa - Xã hội')).toBe(false);
  });

  test('a near miss is offered as a suggestion, never applied', () => {
    expect(units('Công chức Văn hóa')).toEqual({
      people: [],
      outside: [],
      unmatched: ['Công chức Văn hóa'],
      suggestions: [{ phrase: 'Công chức Văn hóa', unit: 'Công chức Văn hóa - Thông tin' }],
      vague: false,
    });
    expect(units('Bộ phận tiếp nhận và trả kết quả xã')).toMatchObject({ people: [], suggestions: [{ unit: 'Bộ phận Một cửa UBND xã' }] });
    // Sharing one word ("xã") is no near miss.
    expect(units('Công an xã').suggestions).toEqual([]);
  });
});

test('a whole appendix from Word: every lead and coordinator cell resolves to the right people, outside bodies kept', () => {
  const html = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'clipboard', 'word-appendix.html'), 'utf8');
  const { tasks } = readClipboard({ html, text: '' });
  expect(tasks.map((t) => [t.stt, units(t.leadText).people, units(t.coordinatorText)])).toEqual([
    ['1', ['Văn phòng HĐND&UBND xã'], { people: [], outside: [], unmatched: [], suggestions: [], vague: true }],
    ['2', ['Đài truyền thanh xã'], { people: ['Công chức Văn hóa - Thông tin', 'Văn phòng HĐND&UBND xã'], outside: [], unmatched: [], suggestions: [], vague: false }],
    ['3', ['Bộ phận Một cửa UBND xã'], { people: [], outside: ['Phòng Tư pháp huyện'], unmatched: [], suggestions: [], vague: false }],
    ['1', ['Công chức Văn hóa - Thông tin'], { people: [], outside: ['Sở Thông tin và Truyền thông'], unmatched: [], suggestions: [], vague: false }],
  ]);
});

test('a whole appendix from Google Docs: outside bodies in a cell of paragraphs and a list phrase', () => {
  const html = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'clipboard', 'docs-appendix.html'), 'utf8');
  const { tasks } = readClipboard({ html, text: '' });
  expect(tasks.map((t) => [units(t.leadText).people, units(t.coordinatorText).outside])).toEqual([
    [['Công chức Tư pháp - Hộ tịch'], ['Phòng Tư pháp huyện']],
    [['Văn phòng HĐND&UBND xã'], ['Công an tỉnh', 'Bộ Nội vụ']],
    [['Bộ phận Một cửa UBND xã'], ['Các sở, ngành, địa phương']],
  ]);
});

test('a task led only by a body outside the commune is flagged: nobody of the commune would be reminded', () => {
  const header = Object.values(PLAN_COLUMNS);
  const row = (code: string, lead: string, coordinator: string) => header.map((h) => (h === PLAN_COLUMNS.code ? code : h === PLAN_COLUMNS.task ? `Nhiệm vụ ${code}` : h === PLAN_COLUMNS.lead ? lead : h === PLAN_COLUMNS.coordinator ? coordinator : h === PLAN_COLUMNS.timeframe ? 'Quý II/2024' : ''));
  const people = [Object.values(PEOPLE_COLUMNS), ...SEED_PEOPLE.map((p) => [p.unit, p.name, p.email, p.aliases.join('; ')])];
  const read = readPlan([header, row('NV01', 'Phòng Tư pháp huyện', 'Công chức Tư pháp'), row('NV02', 'Công chức Tư pháp', 'Phòng Tư pháp huyện')], people, defaultSettings());
  const leadProblems = read.problems.filter((p) => p.column === PLAN_COLUMNS.lead).map((p) => [p.row, p.severity, p.message]);
  expect(leadProblems).toEqual([[2, 'warning', expect.stringMatching(/^NV01: Chủ trì là cơ quan ngoài xã \(Phòng Tư pháp huyện\): không cán bộ nào của xã được nhắc việc/)]]);
  expect(read.tasks.map((t) => [t.leads.map((l) => l.unit), t.coordinators.map((c) => c.unit), t.outside])).toEqual([
    [[], ['Công chức Tư pháp - Hộ tịch'], ['Phòng Tư pháp huyện']],
    [['Công chức Tư pháp - Hộ tịch'], [], ['Phòng Tư pháp huyện']],
  ]);
});
