import { emailProblem, parsePeople, resolveUnits, VAGUE_UNITS } from '../../src/core/people';
import type { Person } from '../../src/core/types';

const nfd = (s: string) => s.normalize('NFD');

function person(unit: string, name: string, aliases: string[] = [], row = 2): Person {
  return { unit, name, email: `${row}@xa.gov.vn`, aliases, row };
}

const office = person('Văn phòng HĐND&UBND xã', 'Nguyễn Thị Lan', ['Văn phòng UBND xã'], 2);
const office2 = person('Văn phòng HĐND&UBND xã', 'Trần Văn Minh', [], 3);
const radio = person('Đài truyền thanh xã', 'Phạm Văn Hùng', ['Đài truyền thanh'], 4);
const justice = person('Công chức Tư pháp - Hộ tịch', 'Lê Thị Hoa', ['Công chức Tư pháp'], 5);
const oneStop = person('Bộ phận Một cửa UBND xã', 'Đỗ Văn Nam', [], 6);
const committee = person('UBND xã', 'Vũ Xuân Hào', ['Ủy ban nhân dân xã'], 7);
const directory = [office, office2, radio, justice, oneStop, committee];

const units = (r: { people: Person[] }) => r.people.map((p) => `${p.unit}/${p.name}`);

describe('parsePeople', () => {
  it('cleans the cells, splits aliases on ";" and line breaks, and keeps the sheet row', () => {
    const [p] = parsePeople([
      {
        unit: nfd('  Công chức   Tư pháp - Hộ tịch '),
        name: ' Lê  Thị Hoa ',
        email: ' hoa.lt@gmail.com ',
        aliases: nfd('Công chức Tư pháp; Tư pháp\nTư pháp - Hộ tịch;;  '),
        row: 5,
      },
    ]);
    expect(p).toEqual({
      unit: 'Công chức Tư pháp - Hộ tịch',
      name: 'Lê Thị Hoa',
      email: 'hoa.lt@gmail.com',
      aliases: ['Công chức Tư pháp', 'Tư pháp', 'Tư pháp - Hộ tịch'],
      row: 5,
    });
    expect(p.unit).toBe(p.unit.normalize('NFC'));
    expect(p.aliases.every((a) => a === a.normalize('NFC'))).toBe(true);
  });

  it('skips fully empty rows but keeps a row with only an email or only a name', () => {
    const people = parsePeople([
      { unit: '', name: '', email: '', aliases: '', row: 2 },
      { unit: null, name: undefined, email: '   ', aliases: ' ; ', row: 3 },
      { unit: '', name: 'Trần Văn Minh', email: '', aliases: '', row: 4 },
      { unit: '', name: '', email: 'x@y.vn', aliases: '', row: 5 },
    ]);
    expect(people.map((p) => p.row)).toEqual([4, 5]);
  });

  it('drops aliases that repeat the unit or each other, loosely', () => {
    const [p] = parsePeople([
      { unit: 'Đài truyền thanh xã', name: 'A', email: '', aliases: 'dai truyen thanh xa; Đài truyền thanh; ĐÀI TRUYỀN THANH', row: 2 },
    ]);
    expect(p.aliases).toEqual(['Đài truyền thanh']);
  });

  it('reads numbers and other cell values as text', () => {
    const [p] = parsePeople([{ unit: 'Tổ 1', name: 12345, email: '', aliases: 7, row: 9 }]);
    expect(p.name).toBe('12345');
    expect(p.aliases).toEqual(['7']);
  });
});

describe('resolveUnits', () => {
  it('finds a unit whatever the case, diacritics, spacing and punctuation', () => {
    for (const cell of [
      'Công chức Tư pháp',
      'CÔNG CHỨC TƯ PHÁP',
      'cong chuc tu phap',
      nfd('Công chức Tư pháp'),
      '  Công   chức\nTư pháp. ',
      'Công chức Tư pháp – Hộ tịch',
      'Công chức Tư pháp-Hộ tịch',
    ]) {
      const r = resolveUnits(cell, directory);
      expect({ cell, people: units(r), unmatched: r.unmatched }).toEqual({
        cell,
        people: ['Công chức Tư pháp - Hộ tịch/Lê Thị Hoa'],
        unmatched: [],
      });
    }
  });

  it('reads "&" and "và" alike', () => {
    for (const cell of ['Văn phòng HĐND và UBND xã', 'Văn phòng HĐND & UBND xã', 'van phong hdnd va ubnd xa']) {
      expect(units(resolveUnits(cell, directory))).toEqual([
        'Văn phòng HĐND&UBND xã/Nguyễn Thị Lan',
        'Văn phòng HĐND&UBND xã/Trần Văn Minh',
      ]);
    }
  });

  it('uses aliases, and without an alias a shorter name is not guessed', () => {
    expect(units(resolveUnits('Đài truyền thanh', directory))).toEqual(['Đài truyền thanh xã/Phạm Văn Hùng']);
    const withoutAlias = [person('Đài truyền thanh xã', 'Phạm Văn Hùng')];
    expect(resolveUnits('Đài truyền thanh', withoutAlias)).toEqual({
      people: [],
      vague: false,
      unmatched: ['Đài truyền thanh'],
      outside: [],
      // A near miss is offered, never applied.
      suggestions: [{ phrase: 'Đài truyền thanh', unit: 'Đài truyền thanh xã' }],
    });
  });

  it('assigns every unit a cell names, in the cell order', () => {
    const r = resolveUnits('Đài truyền thanh xã, Văn phòng HĐND&UBND xã', directory);
    expect(units(r)).toEqual([
      'Đài truyền thanh xã/Phạm Văn Hùng',
      'Văn phòng HĐND&UBND xã/Nguyễn Thị Lan',
      'Văn phòng HĐND&UBND xã/Trần Văn Minh',
    ]);
    expect(r.unmatched).toEqual([]);
    expect(units(resolveUnits('Công chức Tư pháp và Đài truyền thanh xã; UBND xã', directory))).toEqual([
      'Công chức Tư pháp - Hộ tịch/Lê Thị Hoa',
      'Đài truyền thanh xã/Phạm Văn Hùng',
      'UBND xã/Vũ Xuân Hào',
    ]);
  });

  it('prefers the longest name: "Bộ phận Một cửa UBND xã" is not "UBND xã" plus a remainder', () => {
    expect(resolveUnits('Bộ phận Một cửa UBND xã', directory)).toEqual({
      people: [oneStop],
      vague: false,
      unmatched: [],
      outside: [],
      suggestions: [],
    });
    expect(units(resolveUnits('Văn phòng UBND xã', directory))).toEqual([
      'Văn phòng HĐND&UBND xã/Nguyễn Thị Lan',
      'Văn phòng HĐND&UBND xã/Trần Văn Minh',
    ]);
  });

  it('lists a person once even when the cell names them twice', () => {
    const r = resolveUnits('Đài truyền thanh xã, Đài truyền thanh, đài truyền thanh xã', directory);
    expect(r.people).toEqual([radio]);
    expect(r.unmatched).toEqual([]);
  });

  it('reads vague phrases as nobody in particular, commas and all', () => {
    for (const cell of [
      'Các cán bộ, công chức liên quan',
      'Các cán bộ, công chức có liên quan',
      'cac can bo cong chuc lien quan',
      'Cán bộ, công chức',
      'Các ban, ngành, đoàn thể',
      'Các bộ phận liên quan',
      'Toàn thể cán bộ, công chức',
      nfd('CÁC CÁN BỘ, CÔNG CHỨC LIÊN QUAN'),
    ]) {
      expect({ cell, ...resolveUnits(cell, directory) }).toEqual({ cell, people: [], vague: true, unmatched: [], outside: [], suggestions: [] });
    }
    for (const phrase of VAGUE_UNITS) expect(resolveUnits(phrase, directory).vague).toBe(true);
  });

  it('mixes units with a vague phrase', () => {
    const r = resolveUnits('Công chức Tư pháp, các ban, ngành, đoàn thể', directory);
    expect(r).toEqual({ people: [justice], vague: true, unmatched: [], outside: [], suggestions: [] });
  });

  it('reports what it cannot match, in the cell\'s own words, split at separators', () => {
    const r = resolveUnits('Đài truyền thanh xã, Công an xã và Hội Nông dân; Ban chỉ huy Quân sự (xã)', directory);
    expect(r.people).toEqual([radio]);
    expect(r.vague).toBe(false);
    // Not cut inside a phrase at "và": only between units the directory knows.
    expect(r.unmatched).toEqual(['Công an xã và Hội Nông dân', 'Ban chỉ huy Quân sự (xã)']);
  });

  it('reports fragments in NFC even when typed in NFD, and does not split words like "vào"', () => {
    const r = resolveUnits(nfd('Tổ công tác vào cuộc / Đài truyền thanh xã'), directory);
    expect(r.people).toEqual([radio]);
    expect(r.unmatched).toEqual(['Tổ công tác vào cuộc']);
  });

  it('returns nothing for an empty cell', () => {
    const nothing = { people: [], vague: false, unmatched: [], outside: [], suggestions: [] };
    expect(resolveUnits('', directory)).toEqual(nothing);
    expect(resolveUnits(' , ; - ', directory)).toEqual(nothing);
  });

  it('lets the directory win over a vague phrase of the same words', () => {
    const board = person('Các ban, ngành, đoàn thể', 'Ngô Văn Tú', [], 9);
    expect(resolveUnits('Các ban ngành đoàn thể', [board])).toEqual({ people: [board], vague: false, unmatched: [], outside: [], suggestions: [] });
  });
});

describe('emailProblem', () => {
  it('accepts a real address', () => {
    expect(emailProblem('hoa.lt@gmail.com')).toBeNull();
    expect(emailProblem(' tuphap.tanviet@haiduong.gov.vn ')).toBeNull();
  });

  it('reports an empty address', () => {
    expect(emailProblem('')).toMatch(/Chưa có email/);
    expect(emailProblem('   ')).toMatch(/Chưa có email/);
  });

  it('reports a malformed address, quoting it', () => {
    for (const e of ['hoa.lt@gmail', 'hoa lt@gmail.com', 'hoa.gmail.com', 'a@b@c.vn', 'Lê Thị Hoa <hoa@gmail.com>']) {
      const problem = emailProblem(e);
      expect(problem).toMatch(/không đúng định dạng/);
      expect(problem).toContain(e);
    }
  });

  it('reports placeholder addresses on reserved domains', () => {
    for (const e of [
      'vanphong@example.invalid',
      'a@example.com',
      'a@EXAMPLE.ORG',
      'a@mail.example.net',
      'a@xa.test',
      'a@foo.example',
      'a@xa.invalid',
    ]) {
      expect(emailProblem(e)).toBe('Email mẫu, cần thay bằng email thật của cán bộ');
    }
    // Not reserved: merely containing the word.
    expect(emailProblem('a@myexample.com')).toBeNull();
    expect(emailProblem('example@gmail.com')).toBeNull();
  });
});
