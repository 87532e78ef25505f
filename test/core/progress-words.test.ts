/** The words of progress validation a person reads when something about the form itself is off. */
import { validateProgress } from '../../src/core/progress';
import { unitsOf } from '../../src/core/report';

const context = { codes: new Set(['NV03']), channels: ['Phát thanh'], today: '2024-03-08', planYear: 2024 };
const entry = (submissionId: string) => ({
  taskId: 'NV03',
  status: 'Đang thực hiện',
  percent: 40,
  channel: 'Phát thanh',
  quantity: 2,
  note: 'Phát 2 chuyên mục',
  evidenceUrl: '',
  reportDate: '2024-03-07',
  submissionId,
});

describe('the submission id', () => {
  test('missing is "Thiếu"; present but too short or with odd characters is "không hợp lệ", not missing', () => {
    const err = (id: string) => {
      const r = validateProgress(entry(id), context);
      return r.ok ? '' : r.errors.form ?? '';
    };
    expect(err('')).toBe('Thiếu mã lần gửi; tải lại trang rồi gửi lại.');
    expect(err('abc')).toMatch(/^Mã lần gửi không hợp lệ \(cần từ 8 đến 100/);
    expect(err('abc')).not.toMatch(/Thiếu/);
    expect(err('mã lần gửi có dấu')).toMatch(/^Mã lần gửi không hợp lệ/);
    expect(err('sub-0001-abcdef')).toBe('');
  });
});

describe('units named in the report', () => {
  test('each unit once, however many tasks it leads and however it is spelled', () => {
    expect(unitsOf(['Văn phòng HĐND&UBND xã, Đài truyền thanh xã', 'Văn phòng HĐND&UBND xã', 'văn phòng HĐND và UBND xã', 'Đài truyền thanh xã; Công chức Tư pháp - Hộ tịch'])).toEqual([
      'Văn phòng HĐND&UBND xã',
      'Đài truyền thanh xã',
      'Công chức Tư pháp - Hộ tịch',
    ]);
  });
});
