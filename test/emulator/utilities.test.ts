import { Env, emptyState } from '../../emulator/core/env';
import { createUtilities } from '../../emulator/services/utilities';

function makeEnv(): Env {
  return new Env({} as never, { now: '2024-03-08T09:00:00+07:00', state: emptyState() });
}

const U = createUtilities(makeEnv());
const VN = 'Asia/Ho_Chi_Minh';

/** Hex (as printed in RFCs) to Java's signed bytes. */
function signed(hex: string): number[] {
  return (hex.match(/../g) as string[]).map((h) => {
    const b = parseInt(h, 16);
    return b > 127 ? b - 256 : b;
  });
}

describe('Utilities.formatDate (Java SimpleDateFormat)', () => {
  // 2024-03-05 09:04:05.007 in Vietnam, a Tuesday, day 65 of a leap year.
  const t = new Date('2024-03-05T02:04:05.007Z');
  const f = (pattern: string, date: Date = t, tz = VN) => U.formatDate(date, tz, pattern);

  test.each([
    ['dd/MM/yyyy HH:mm:ss', '05/03/2024 09:04:05'],
    ['d/M/yy', '5/3/24'],
    ['y', '2024'],
    ['yyyy-MM-dd', '2024-03-05'],
    ['MMM', 'Mar'],
    ['MMMM', 'March'],
    ['EEE, d MMM yyyy', 'Tue, 5 Mar 2024'],
    ['EEEE', 'Tuesday'],
    ['E', 'Tue'],
    ['h:mm a', '9:04 AM'],
    ['hh', '09'],
    ['H', '9'],
    ['k', '9'],
    ['K', '9'],
    ['m:s', '4:5'],
    ['S', '7'],
    ['SSS', '007'],
    ['G', 'AD'],
    ['u', '2'],
    ['D', '65'],
    ['w', '10'],
    ['z', 'ICT'],
    ['zzzz', 'Indochina Time'],
    ['Z', '+0700'],
    ['X', '+07'],
    ['XX', '+0700'],
    ['XXX', '+07:00'],
    ["yyyy-MM-dd'T'HH:mm:ssXXX", '2024-03-05T09:04:05+07:00'],
    ["'ngày' dd 'tháng' MM 'năm' yyyy", 'ngày 05 tháng 03 năm 2024'],
    ["''", "'"],
    ["h 'o''clock' a", "9 o'clock AM"],
    ['dd.MM.yyyy', '05.03.2024'],
  ])('%s → %s', (pattern, expected) => {
    expect(f(pattern)).toBe(expected);
  });

  test('hour fields around midnight and noon', () => {
    const midnight = new Date('2024-12-31T17:30:00Z'); // 00:30 on 1 January 2025 in Vietnam
    expect(f('yyyy-MM-dd H k K h a', midnight)).toBe('2025-01-01 0 24 0 12 AM');
    const noon = new Date('2024-03-05T05:15:00Z'); // 12:15 in Vietnam
    expect(f('H k K h a', noon)).toBe('12 12 0 12 PM');
  });

  test('the date depends on the time zone, not on the machine', () => {
    const late = new Date('2024-03-05T20:00:00Z');
    expect(f('dd/MM/yyyy HH:mm', late, VN)).toBe('06/03/2024 03:00');
    expect(f('dd/MM/yyyy HH:mm', late, 'UTC')).toBe('05/03/2024 20:00');
    expect(f('dd/MM/yyyy HH:mm', late, 'America/New_York')).toBe('05/03/2024 15:00');
  });

  test('UTC, GMT, Etc/GMT-7, custom GMT+7 and unknown ids (read as GMT, as Java does)', () => {
    expect(f('HH:mm z Z X', t, 'UTC')).toBe('02:04 UTC +0000 Z');
    expect(f('HH:mm z zzzz', t, 'GMT')).toBe('02:04 GMT Greenwich Mean Time');
    expect(f('HH:mm z Z', t, 'Etc/GMT-7')).toBe('09:04 GMT+07:00 +0700');
    expect(f('HH:mm z XXX', t, 'GMT+7')).toBe('09:04 GMT+07:00 +07:00');
    expect(f('HH:mm z', t, 'GMT-05:30')).toBe('20:34 GMT-05:30');
    expect(f('HH:mm z', t, 'Hanoi')).toBe('02:04 GMT');
    expect(f('HH:mm z', t, 'asia/ho_chi_minh')).toBe('02:04 GMT');
    expect(f('HH:mm z', t, 'Asia/Saigon')).toBe('09:04 ICT');
  });

  test('daylight saving time in zones that have it', () => {
    expect(f('z Z', new Date('2024-07-01T12:00:00Z'), 'America/New_York')).toBe('EDT -0400');
    expect(f('z Z', new Date('2024-01-15T12:00:00Z'), 'America/New_York')).toBe('EST -0500');
    expect(f('z', new Date('2024-07-01T12:00:00Z'), 'Europe/Paris')).toBe('CEST');
  });

  test('week year and week of year follow US rules at the year end', () => {
    const d = new Date('2024-12-31T03:00:00Z'); // Tuesday 31/12/2024 in Vietnam
    expect(f('YYYY w yyyy', d)).toBe('2025 1 2024');
    expect(f('W F', new Date('2024-03-15T03:00:00Z'))).toBe('3 3');
  });

  test('bad patterns and arguments throw', () => {
    expect(() => f('yyyy-qq')).toThrow("Illegal pattern character 'q'");
    expect(() => f("'unterminated")).toThrow(/Unterminated quote/);
    expect(() => U.formatDate('2024-03-05' as never, VN, 'yyyy')).toThrow(/don't match the method signature for Utilities.formatDate/);
    expect(() => f('yyyy', new Date(NaN))).toThrow();
  });
});

describe('Utilities.parseDate', () => {
  test('reads a pattern in a time zone', () => {
    expect(U.parseDate('1970-01-01 00:00:00', 'GMT', "yyyy-MM-dd' 'HH:mm:ss").getTime()).toBe(0);
    expect(U.parseDate('08/03/2024 07:00', VN, 'dd/MM/yyyy HH:mm').toISOString()).toBe('2024-03-08T00:00:00.000Z');
    expect(U.parseDate('5 Mar 2024 9:04 PM', VN, 'd MMM yyyy h:mm a').toISOString()).toBe('2024-03-05T14:04:00.000Z');
    expect(() => U.parseDate('hôm nay', VN, 'dd/MM/yyyy')).toThrow(/Unparseable date/);
  });
});

describe('HMAC, digests and signed bytes', () => {
  test('HMAC-SHA256, RFC 4231 test case 1 (byte-array key) and 2 (string key)', () => {
    const key1 = new Array(20).fill(0x0b);
    const data1 = Array.from('Hi There', (c) => c.charCodeAt(0));
    const mac1 = U.computeHmacSha256Signature(data1, key1);
    expect(mac1).toEqual(signed('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7'));
    expect(mac1.slice(0, 4)).toEqual([-80, 52, 76, 97]);
    const mac2 = U.computeHmacSha256Signature('what do ya want for nothing?', 'Jefe');
    expect(mac2).toEqual(signed('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'));
    expect(mac2.slice(0, 4)).toEqual([91, -36, -63, 70]);
    expect(mac2.every((b) => Number.isInteger(b) && b >= -128 && b <= 127)).toBe(true);
    expect(Array.isArray(mac2)).toBe(true);
  });

  test('HMAC-SHA256, RFC 4231 test case 3, with signed-byte inputs', () => {
    const key = new Array(20).fill(-86); // 0xaa
    const data = new Array(50).fill(-35); // 0xdd
    expect(U.computeHmacSha256Signature(data, key)).toEqual(signed('773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe'));
  });

  test('computeHmacSignature with MD5 and SHA-1 (RFC 2202 test case 2)', () => {
    expect(U.computeHmacSignature(U.MacAlgorithm.HMAC_MD5, 'what do ya want for nothing?', 'Jefe')).toEqual(signed('750c783e6ab0b503eaa86e310a5db738'));
    expect(U.computeHmacSignature(U.MacAlgorithm.HMAC_SHA_1, 'what do ya want for nothing?', 'Jefe')).toEqual(signed('effcdf6ae5eb2fa2d27416d5f184df9c259a7c79'));
    expect(U.computeHmacSignature(U.MacAlgorithm.HMAC_SHA_256, 'what do ya want for nothing?', 'Jefe')).toEqual(
      U.computeHmacSha256Signature('what do ya want for nothing?', 'Jefe'),
    );
  });

  test('computeDigest known answers; strings are UTF-8 unless a charset says otherwise', () => {
    expect(U.computeDigest(U.DigestAlgorithm.MD5, '')).toEqual(signed('d41d8cd98f00b204e9800998ecf8427e'));
    expect(U.computeDigest(U.DigestAlgorithm.SHA_1, 'abc')).toEqual(signed('a9993e364706816aba3e25717850c26c9cd0d89d'));
    expect(U.computeDigest(U.DigestAlgorithm.SHA_256, 'abc')).toEqual(signed('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'));
    expect(U.computeDigest(U.DigestAlgorithm.SHA_256, [97, 98, 99])).toEqual(U.computeDigest(U.DigestAlgorithm.SHA_256, 'abc'));
    // US-ASCII turns "ệ" into "?", UTF-8 keeps its three bytes: the digests differ.
    expect(U.computeDigest(U.DigestAlgorithm.MD5, 'ệ', U.Charset.US_ASCII)).toEqual(U.computeDigest(U.DigestAlgorithm.MD5, '?'));
    expect(U.computeDigest(U.DigestAlgorithm.MD5, 'ệ', U.Charset.UTF_8)).not.toEqual(U.computeDigest(U.DigestAlgorithm.MD5, '?'));
  });
});

describe('base64', () => {
  test("the reference's examples: standard and web-safe, with '=' padding kept", () => {
    expect(U.base64Encode('A string here')).toBe('QSBzdHJpbmcgaGVyZQ==');
    expect(U.base64Encode('Google グループ', U.Charset.UTF_8)).toBe('R29vZ2xlIOOCsOODq+ODvOODlw==');
    expect(U.base64EncodeWebSafe('Google グループ')).toBe('R29vZ2xlIOOCsOODq-ODvOODlw==');
    expect(U.base64EncodeWebSafe('A string here')).toBe('QSBzdHJpbmcgaGVyZQ==');
    const bytes = [71, 111, 111, 103, 108, 101, 32, -29, -126, -80, -29, -125, -85, -29, -125, -68, -29, -125, -105];
    expect(U.base64Decode('R29vZ2xlIOOCsOODq+ODvOODlw==')).toEqual(bytes);
    expect(U.base64DecodeWebSafe('R29vZ2xlIOOCsOODq-ODvOODlw==')).toEqual(bytes);
    expect(U.newBlob(U.base64Decode('R29vZ2xlIOOCsOODq+ODvOODlw==')).getDataAsString()).toBe('Google グループ');
  });

  test('byte arrays (signed) encode; decode accepts strings and byte arrays; bad input throws', () => {
    expect(U.base64Encode([-1, -2, -3])).toBe('//79');
    expect(U.base64EncodeWebSafe([-1, -2, -3])).toBe('__79');
    expect(U.base64DecodeWebSafe('__79')).toEqual([-1, -2, -3]);
    expect(U.base64Decode(Array.from('//79', (c) => c.charCodeAt(0)) as never)).toEqual([-1, -2, -3]);
    expect(U.base64Decode('QQ')).toEqual([65]);
    expect(() => U.base64Decode('__79')).toThrow('Could not decode string.');
    expect(() => U.base64Decode('A')).toThrow('Could not decode string.');
  });
});

describe('Blob', () => {
  test('newBlob from a string, a byte array, with type and name; setters chain; copies are independent', () => {
    const blob = U.newBlob('Tiến độ', 'text/plain', 'tiendo.txt');
    expect(blob.getBytes()).toEqual([84, 105, -31, -70, -65, 110, 32, -60, -111, -31, -69, -103]);
    expect(blob.getDataAsString()).toBe('Tiến độ');
    expect(blob.getContentType()).toBe('text/plain');
    expect(blob.getName()).toBe('tiendo.txt');
    const copy = blob.copyBlob().setName('khac.txt').setDataFromString('khác');
    expect(blob.getName()).toBe('tiendo.txt');
    expect(blob.getDataAsString()).toBe('Tiến độ');
    expect(copy.getDataAsString()).toBe('khác');
    const g = U.newBlob([71, 79, 79, 71, 76, 69]);
    expect(g.getDataAsString()).toBe('GOOGLE');
    expect(g.getContentType()).toBeNull();
    expect(g.getName()).toBeNull();
    g.setContentType('application/json').setName('a.json');
    expect(g.getContentType()).toBe('application/json');
    expect(U.newBlob('x', null as never, 'bao-cao.pdf').setContentTypeFromExtension().getContentType()).toBe('application/pdf');
    expect(U.newBlob([0xe1 - 256]).getDataAsString('ISO-8859-1')).toBe('á');
  });

  test('gzip and ungzip round-trip', () => {
    const gz = U.gzip(U.newBlob('dữ liệu '.repeat(50), 'text/plain', 'a.txt'));
    expect(gz.getContentType()).toBe('application/x-gzip');
    expect(gz.getName()).toBe('a.txt.gz');
    expect(U.ungzip(gz).getDataAsString()).toBe('dữ liệu '.repeat(50));
  });
});

describe('other Utilities', () => {
  test('getUuid is a random version-4 UUID', () => {
    const a = U.getUuid();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(U.getUuid()).not.toBe(a);
  });

  test('sleep moves the emulator clock instead of waiting; the maximum is 300,000 ms', () => {
    const env = makeEnv();
    const u = createUtilities(env);
    const before = env.clock.now();
    u.sleep(120000);
    expect(env.clock.now() - before).toBe(120000);
    expect(() => u.sleep(300001)).toThrow(/Invalid argument/);
    expect(env.calls.count('Utilities.sleep')).toBe(2);
  });

  test('parseCsv: quotes, doubled quotes, line breaks in fields, CRLF and a custom delimiter', () => {
    expect(U.parseCsv('a,b,c\nd,e,f')).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
    ]);
    expect(U.parseCsv('"Văn phòng HĐND, UBND","nói ""có"""\r\n"hai\ndòng",\n')).toEqual([
      ['Văn phòng HĐND, UBND', 'nói "có"'],
      ['hai\ndòng', ''],
    ]);
    expect(U.parseCsv('a\tb\tc\nd\te\tf', '\t')).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e', 'f'],
    ]);
  });

  test('formatString is printf-like (the reference examples and more)', () => {
    expect(U.formatString('%11.6f', 123.456)).toBe(' 123.456000');
    expect(U.formatString('%6s', 'abc')).toBe('   abc');
    expect(U.formatString('%-6s|', 'abc')).toBe('abc   |');
    expect(U.formatString('%05d', 42)).toBe('00042');
    expect(U.formatString('%,d', 1234567)).toBe('1,234,567');
    expect(U.formatString('%.2f%%', 12.345)).toBe('12.35%');
    // Java rounds half up on the decimal form, where toFixed would give "1.00".
    expect(U.formatString('%.2f', 1.005)).toBe('1.01');
    expect(U.formatString('%.0f', 99.5)).toBe('100');
    expect(U.formatString('%s có %d việc', 'Tư pháp', 3)).toBe('Tư pháp có 3 việc');
    expect(U.formatString('%2$s %1$s', 'a', 'b')).toBe('b a');
    expect(U.formatString('%x %X %o', 255, 255, 8)).toBe('ff FF 10');
  });

  test('enums are their names', () => {
    expect(String(U.Charset.UTF_8)).toBe('UTF_8');
    expect(Object.keys(U.DigestAlgorithm)).toEqual(['MD2', 'MD5', 'SHA_1', 'SHA_256', 'SHA_384', 'SHA_512']);
    expect(Object.keys(U.MacAlgorithm)).toEqual(['HMAC_MD5', 'HMAC_SHA_1', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512']);
  });
});
