/** The shared text and date helpers that every module relies on. */
import { cellText, clean, escapeHtml, formatNumber, fromBase64Url, isEmail, matchKey, toBase64Url } from '../../src/core/text';
import { addDays, daysBetween, formatDecreeDate, formatDmy, parseDmy, romanQuarter, vnDateOf, vnDateTime, vnHourOf, vnStartOf, weekday } from '../../src/core/dates';
import { describeLogRow, describeOccasion, parseSource } from '../../src/core/logWords';

describe('text', () => {
  test('matchKey ignores case, diacritics, NFD, spacing and "&" versus "và"', () => {
    const k = matchKey('Văn phòng HĐND&UBND xã');
    expect(matchKey('van phong hdnd va ubnd xa')).toBe(k);
    expect(matchKey('  VĂN   PHÒNG HĐND & UBND XÃ ')).toBe(k);
    expect(matchKey('Văn phòng HĐND&UBND xã'.normalize('NFD'))).toBe(k);
    expect(matchKey('Đài truyền thanh')).not.toBe(matchKey('Đài truyền hình'));
  });

  test('clean makes NFC and collapses white space, line breaks and non-breaking spaces', () => {
    expect(clean('Thường \nxuyên\u00a0 ')).toBe('Thường xuyên');
    expect(clean('Quý'.normalize('NFD'))).toBe('Quý');
    expect(clean(null)).toBe('');
  });

  test('cellText guards text that Sheets would take as a formula', () => {
    expect(cellText('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(cellText('+84 912')).toBe("'+84 912");
    expect(cellText('- Sở Nội vụ;')).toBe("'- Sở Nội vụ;");
    expect(cellText('@all')).toBe("'@all");
    expect(cellText('Tin bài = 3')).toBe('Tin bài = 3');
  });

  test('cellText guards text that Sheets would turn into a number, date, time, percent or boolean', () => {
    for (const t of ['15/3', '05/03/2024', '2024-03-05', '0912345678', '01', '1,5', '1.234', '50%', '8:30', '1e5', '$5', '.5', 'TRUE', 'false', "'quoted"]) {
      expect(cellText(t)).toBe(`'${t}`);
    }
    // Plain whole numbers read back unchanged; ordinary text needs nothing.
    for (const t of ['1', '12', '0', 'Quý IV/2024', 'Trước 30/6/2024', 'Tháng 6/2024', '']) expect(cellText(t)).toBe(t);
  });

  test('escapeHtml escapes the five HTML-special characters', () => {
    expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe('&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;');
  });

  test('isEmail accepts ordinary addresses and refuses malformed ones', () => {
    for (const ok of ['tuphap.tanviet@gmail.com', 'a.b-c@xa.gov.vn', 'x+1@example.org']) expect(isEmail(ok)).toBe(true);
    for (const bad of ['', 'vanphong@tanviet', 'a b@gmail.com', 'a@@gmail.com', '@gmail.com', 'a@gmail..com', 'Nguyễn <a@b.vn>', 'lan..tuphap@gmail.com', 'lan.@gmail.com', '.lan@gmail.com', 'nguyễn.lan@gmail.com', 'a@-x.vn']) {
      expect(isEmail(bad)).toBe(false);
    }
  });

  test('formatNumber writes numbers the Vietnamese way', () => {
    expect(formatNumber(1234)).toBe('1.234');
    expect(formatNumber(1234567)).toBe('1.234.567');
    expect(formatNumber(1234.5, 1)).toBe('1.234,5');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-1500)).toBe('-1.500');
  });

  test('base64url round-trips Vietnamese text and refuses garbage', () => {
    const s = 'Công chức Tư pháp – Hộ tịch ✓';
    expect(fromBase64Url(toBase64Url(s))).toBe(s);
    expect(toBase64Url(s)).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(toBase64Url(s)).toBe(Buffer.from(s, 'utf8').toString('base64url'));
    expect(fromBase64Url('!!!')).toBeNull();
  });
});

describe('dates', () => {
  test('the decree date line pads days below 10 and months 1 and 2 only', () => {
    expect(formatDecreeDate('2024-03-05')).toBe('ngày 05 tháng 3 năm 2024');
    expect(formatDecreeDate('2024-01-15')).toBe('ngày 15 tháng 01 năm 2024');
    expect(formatDecreeDate('2024-02-09')).toBe('ngày 09 tháng 02 năm 2024');
    expect(formatDecreeDate('2024-12-31')).toBe('ngày 31 tháng 12 năm 2024');
  });

  test('instants are read in Asia/Ho_Chi_Minh whatever the machine zone', () => {
    const ms = Date.parse('2024-03-07T17:30:00Z'); // 00:30 on 8 March in Vietnam
    expect(vnDateOf(ms)).toBe('2024-03-08');
    expect(vnHourOf(ms)).toBe(0);
    expect(vnDateTime(ms)).toBe('2024-03-08T00:30:00+07:00');
    expect(vnStartOf('2024-03-08')).toBe(Date.parse('2024-03-07T17:00:00Z'));
  });

  test('calendar arithmetic crosses months, years and leap days', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(daysBetween('2024-01-01', '2024-12-31')).toBe(365);
    expect(weekday('2024-03-08')).toBe(5);
  });

  test('parseDmy reads dates as typed and refuses impossible ones', () => {
    expect(parseDmy('30/6/2024')).toBe('2024-06-30');
    expect(parseDmy('05-03-24')).toBe('2024-03-05');
    expect(parseDmy('2024-06-30')).toBe('2024-06-30');
    expect(parseDmy('31/02/2024')).toBeNull();
    expect(parseDmy('ngày mai')).toBeNull();
    expect(formatDmy('2024-06-30')).toBe('30/06/2024');
  });

  test('quarters are written in Roman numerals', () => {
    expect([1, 2, 3, 4].map(romanQuarter)).toEqual(['I', 'II', 'III', 'IV']);
    expect(() => romanQuarter(5)).toThrow();
  });
});

describe('the log sheets in words', () => {
  test('occasions read as an office writes them, dates dd/mm/yyyy', () => {
    expect(describeOccasion('d-14:2024-12-31')).toBe('Nhắc trước hạn 14 ngày, hạn 31/12/2024');
    expect(describeOccasion('overdue-w2:2024-06-30')).toBe('Nhắc quá hạn (tuần thứ 2), hạn 30/06/2024');
    expect(describeOccasion('period:6 tháng đầu năm 2024')).toBe('Nhắc báo cáo tiến độ kỳ 6 tháng đầu năm 2024');
    expect(describeLogRow('2024-03-08|a@b.vn', 'NV03: period:Quý I/2024\nNV04: period:Quý I/2024\nNV07: d-7:2024-03-15')).toBe(
      'NV03, NV04: Nhắc báo cáo tiến độ kỳ Quý I/2024\nNV07: Nhắc trước hạn 7 ngày, hạn 15/03/2024',
    );
    expect(describeLogRow('reply|18f', '')).toBe('Thư trả lời nhắc việc (không ghi được nhiệm vụ nào)');
  });

  test('"Nguồn" is read in words or as the codes older versions wrote', () => {
    expect(['Thanh bên', 'thanh ben', 'sidebar', 'Biểu mẫu', 'web', 'Thư trả lời', 'EMAIL', 'khác', ''].map(parseSource)).toEqual([
      'sidebar',
      'sidebar',
      'sidebar',
      'web',
      'web',
      'email',
      'email',
      null,
      null,
    ]);
  });
});
