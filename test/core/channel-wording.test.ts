/**
 * Results per channel as a commune office writes them: a verb, the quantity with its unit,
 * the place, abbreviations written out; a channel the rules do not know reads neutrally.
 */
import { channelName, channelSentence } from '../../src/core/channelWording';
import { unitOf } from '../../src/core/report';
import { defaultSettings } from '../../src/core/settings';

describe('channelSentence: the default channels of "Cài đặt"', () => {
  test('each default channel with its default unit reads as the office writes it', () => {
    const s = defaultSettings();
    const quantities = [30, 46, 5, 12, 25, 40, 3];
    const written = s.channels.map((c, i) => channelSentence(c, quantities[i], unitOf(c, s.channelUnits), c === 'Hội nghị' ? 250 : 0));
    expect(written).toEqual([
      'đăng 30 tin, bài trên Trang thông tin điện tử',
      'phát 46 chuyên mục trên hệ thống truyền thanh',
      'tổ chức 5 hội nghị với 250 lượt người tham dự',
      'treo 12 pano, áp phích, băng rôn',
      'niêm yết công khai 25 thủ tục hành chính',
      'đăng 40 bài viết trên mạng xã hội',
      'thực hiện 3 sản phẩm qua các hình thức khác',
    ]);
  });

  test('one conference and large numbers in Vietnamese style', () => {
    expect(channelSentence('Hội nghị', 1, 'hội nghị', 80)).toBe('tổ chức 1 hội nghị với 80 lượt người tham dự');
    expect(channelSentence('Tin bài trên trang TTĐT', 1234, 'tin, bài')).toBe('đăng 1.234 tin, bài trên Trang thông tin điện tử');
    expect(channelSentence('Hội nghị', 2, 'hội nghị', 1450)).toBe('tổ chức 2 hội nghị với 1.450 lượt người tham dự');
  });
});

describe('channelSentence: wordings of real plans', () => {
  test.each([
    // Website
    ['Trang TTĐT xã', 30, 'tin, bài', 0, 'đăng 30 tin, bài trên Trang thông tin điện tử xã'],
    ['Cổng thông tin điện tử huyện', 3, 'bài', 0, 'đăng 3 bài trên Cổng thông tin điện tử huyện'],
    ['tin bài trên trang ttđt', 4, 'tin, bài', 0, 'đăng 4 tin, bài trên Trang thông tin điện tử'],
    // Loudspeaker radio
    ['Đài truyền thanh xã', 46, 'buổi phát thanh', 0, 'phát 46 buổi phát thanh trên Đài truyền thanh xã'],
    ['Tin bài trên đài truyền thanh xã', 7, 'tin, bài', 0, 'phát 7 tin, bài trên Đài truyền thanh xã'],
    ['Hệ thống truyền thanh', 12, 'chuyên mục', 0, 'phát 12 chuyên mục trên hệ thống truyền thanh'],
    ['Loa truyền thanh', 4, 'chuyên mục', 0, 'phát 4 chuyên mục trên hệ thống loa truyền thanh'],
    // Meetings of every kind, with classifiers
    ['Tọa đàm', 2, 'buổi', 40, 'tổ chức 2 buổi tọa đàm với 40 lượt người tham dự'],
    ['Tập huấn', 1, 'lớp', 80, 'tổ chức 1 lớp tập huấn với 80 lượt người tham dự'],
    ['Đối thoại', 2, 'cuộc', 0, 'tổ chức 2 cuộc đối thoại'],
    ['Hội nghị, tọa đàm', 3, 'hội nghị', 0, 'tổ chức 3 hội nghị, tọa đàm'],
    ['Hội thảo', 2, 'hội nghị', 0, 'tổ chức 2 hội nghị'],
    ['Hội nghị tại nhà văn hóa thôn', 2, 'hội nghị', 150, 'tổ chức 2 hội nghị tại nhà văn hóa thôn với 150 lượt người tham dự'],
    ['Lồng ghép trong các hội nghị', 6, 'hội nghị', 0, 'lồng ghép tuyên truyền tại 6 hội nghị'],
    ['Lồng ghép tại các cuộc họp', 6, '', 0, 'lồng ghép tuyên truyền tại 6 cuộc họp'],
    ['Cuộc thi tìm hiểu về CCHC', 1, 'cuộc thi', 300, 'tổ chức 1 cuộc thi tìm hiểu về cải cách hành chính với 300 lượt người dự thi'],
    // Visual and printed material
    ['Khẩu hiệu, băng rôn', 8, 'tấm', 0, 'treo 8 tấm khẩu hiệu, băng rôn'],
    ['Pano, áp phích', 5, 'pano', 0, 'treo 5 pano, áp phích'],
    ['Tờ rơi, tờ gấp', 500, 'tờ', 0, 'in, phát hành 500 tờ rơi, tờ gấp'],
    ['Tờ rơi', 500, '', 0, 'in, phát hành 500 tờ rơi'],
    ['Tài liệu tuyên truyền', 40, 'bộ', 0, 'in, phát hành 40 bộ tài liệu tuyên truyền'],
    ['Văn bản chỉ đạo', 3, 'văn bản', 0, 'ban hành 3 văn bản chỉ đạo'],
    ['Họp thôn', 12, 'cuộc', 600, 'tổ chức 12 cuộc họp thôn với 600 lượt người tham dự'],
    ['Tuyên truyền lưu động', 4, 'buổi', 0, 'tổ chức 4 buổi tuyên truyền lưu động'],
    ['Niêm yết công khai tại trụ sở UBND xã', 6, 'văn bản', 0, 'niêm yết công khai 6 văn bản tại trụ sở UBND xã'],
    ['Đài truyền thanh', 46, 'chuyên mục', 0, 'phát 46 chuyên mục trên Đài truyền thanh'],
    // Administrative procedures posted
    ['Niêm yết TTHC tại Bộ phận Một cửa', 25, 'thủ tục', 0, 'niêm yết công khai 25 thủ tục hành chính tại Bộ phận Một cửa'],
    ['Công khai TTHC trên Trang TTĐT', 12, 'TTHC', 0, 'công khai 12 thủ tục hành chính trên Trang thông tin điện tử'],
    ['Niêm yết TTHC', 3, 'bộ', 0, 'niêm yết công khai 3 bộ thủ tục hành chính'],
    // Social networks: brand names as written, common nouns in lower case
    ['Zalo, Facebook', 40, 'bài', 0, 'đăng 40 bài trên Zalo, Facebook'],
    ['Trang Facebook của xã', 5, 'bài viết', 0, 'đăng 5 bài viết trên trang Facebook của xã'],
    ['Nhóm Zalo', 5, 'bài viết', 0, 'đăng 5 bài viết trên nhóm Zalo'],
    ['MXH', 9, 'bài viết', 0, 'đăng 9 bài viết trên mạng xã hội'],
    ['Tin nhắn SMS', 1200, 'tin nhắn', 0, 'gửi 1.200 tin nhắn SMS'],
  ])('"%s": %d %s', (channel, quantity, unit, participants, expected) => {
    expect(channelSentence(channel, quantity, unit, participants)).toBe(expected);
  });

  test('Unicode as typed (NFD, extra spaces) reads the same', () => {
    expect(channelSentence('  Tin bài trên   trang TTĐT '.normalize('NFD'), 2, 'tin, bài'.normalize('NFD'))).toBe('đăng 2 tin, bài trên Trang thông tin điện tử');
  });
});

describe('channelSentence: what the rules do not know, and no unit', () => {
  test('an unknown channel gets a neutral form, never an invented verb', () => {
    expect(channelSentence('Tuyên truyền miệng', 3, 'buổi', 50)).toBe('thực hiện 3 buổi qua hình thức tuyên truyền miệng với 50 lượt người tham dự');
    expect(channelSentence('Hình thức khác', 1, 'sản phẩm')).toBe('thực hiện 1 sản phẩm qua các hình thức khác');
    expect(channelSentence('Hình thức trực quan', 2, 'sản phẩm')).toBe('thực hiện 2 sản phẩm qua hình thức trực quan');
    expect(channelSentence('UBND xã tự làm', 2, 'sản phẩm')).toBe('thực hiện 2 sản phẩm qua hình thức UBND xã tự làm');
  });

  test('no unit: the number still reads correctly', () => {
    expect(channelSentence('Tuyên truyền miệng', 3, '')).toBe('hình thức tuyên truyền miệng: 3');
    expect(channelSentence('Trang TTĐT xã', 30, '')).toBe('đăng 30 tin, bài trên Trang thông tin điện tử xã');
    expect(channelSentence('Phát thanh', 4, '')).toBe('phát 4 lượt trên hệ thống truyền thanh');
    expect(channelSentence('Hội nghị', 2, '')).toBe('tổ chức 2 hội nghị');
    expect(channelSentence('Niêm yết TTHC', 25, '')).toBe('niêm yết công khai 25 thủ tục hành chính');
  });

  test('an entry with no channel says so', () => {
    expect(channelSentence('', 2, '')).toBe('không ghi hình thức: 2');
    expect(channelSentence('Không ghi hình thức', 2, '')).toBe('không ghi hình thức: 2');
  });

  test('text that looks like markup or a formula is carried as written', () => {
    expect(channelSentence('@Zalo <i>', 2, '')).toBe('đăng 2 bài viết trên @Zalo <i>');
    expect(channelSentence('=1+1', 2, 'sản phẩm')).toBe('thực hiện 2 sản phẩm qua hình thức =1+1');
  });
});

describe('channelName: a channel named inside a sentence', () => {
  test('lower case first, abbreviations written out, names capitalised', () => {
    expect(channelName('Tin bài trên trang TTĐT')).toBe('tin bài trên Trang thông tin điện tử');
    expect(channelName('Niêm yết TTHC')).toBe('niêm yết thủ tục hành chính');
    expect(channelName('Đài truyền thanh xã')).toBe('Đài truyền thanh xã');
    expect(channelName('Zalo, Facebook')).toBe('Zalo, Facebook');
    expect(channelName('Bài viết trên MXH')).toBe('bài viết trên mạng xã hội');
    expect(channelName('UBND xã tự làm')).toBe('UBND xã tự làm');
  });
});
