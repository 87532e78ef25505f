/**
 * "Số người tham dự" of a hội nghị entry: which channels take it is the office's choice in
 * "Cài đặt", the value is checked like every other field, and the report sums it per channel.
 */
import { validateProgress, type ProgressContext } from '../../src/core/progress';
import { parseSettings } from '../../src/core/settings';
import { SETTING_DEFS } from '../../src/core/schema';
import { amountText } from '../../src/core/report';
import { channelSentence } from '../../src/core/channelWording';
import { parseReply } from '../../src/core/replies';

const CHANNELS = ['Tin bài trên trang TTĐT', 'Phát thanh', 'Hội nghị', 'Tập huấn'];
const context: ProgressContext = { codes: new Set(['NV05']), channels: CHANNELS, today: '2024-03-08', planYear: 2024, attendance: ['Hội nghị', 'Tập huấn'] };

function entry(over: Record<string, unknown>) {
  return {
    taskId: 'NV05',
    status: 'Đang thực hiện',
    percent: 50,
    channel: 'Hội nghị',
    quantity: 1,
    note: 'Tổ chức hội nghị tuyên truyền CCHC tại nhà văn hóa thôn Đông',
    evidenceUrl: '',
    reportDate: '2024-03-07',
    submissionId: 'sub-0001-abcdef',
    ...over,
  };
}

function errorsOf(over: Record<string, unknown>, ctx = context) {
  const r = validateProgress(entry(over), ctx);
  return r.ok ? {} : r.errors;
}

describe('validating the number of participants', () => {
  test('a conference entry keeps its head count, as a number, however it was typed', () => {
    for (const typed of [250, '250', ' 250 ', '1.200', '1 200']) {
      const r = validateProgress(entry({ participants: typed }), context);
      expect(r.ok && r.value.participants).toBe(typeof typed === 'number' ? typed : Number(String(typed).replace(/[. ]/g, '')));
    }
  });

  test('left empty it is "not given" (null), never 0, whatever the channel', () => {
    for (const participants of [undefined, null, '']) {
      const r = validateProgress(entry({ participants, channel: 'Phát thanh', quantity: 2 }), context);
      expect(r.ok && r.value.participants).toBeNull();
    }
  });

  test('not a whole non-negative number: one clear message on that field', () => {
    for (const bad of ['-5', 'khoảng 200', '12,5', '=SUM(A1:A9)', 2000000]) {
      expect(errorsOf({ participants: bad })).toEqual({ participants: 'Số người tham dự là số nguyên từ 0 đến 1.000.000.' });
    }
  });

  test('given for a channel that does not take it: says which channels do', () => {
    expect(errorsOf({ channel: 'Phát thanh', participants: 30 })).toEqual({
      participants: 'Số người tham dự chỉ ghi cho hình thức "Hội nghị", "Tập huấn"; để trống với hình thức khác.',
    });
    expect(errorsOf({ channel: '', quantity: 0, participants: 30 }).participants).toMatch(/^Số người tham dự chỉ ghi cho hình thức "Hội nghị"/);
    expect(errorsOf({ channel: 'Hội nghị', participants: 30 }, { ...context, attendance: [] }).participants).toMatch(/"Hình thức ghi số người tham dự" ở trang "Cài đặt" đang trống/);
  });

  test('participants without the number of conferences asks for the quantity', () => {
    expect(errorsOf({ quantity: 0, participants: 80 })).toEqual({ quantity: 'Đã ghi số người tham dự thì ghi cả số lượng (số hội nghị đã tổ chức).' });
    expect(errorsOf({ quantity: 0, participants: 0 })).toEqual({});
  });
});

describe('the office chooses the channels in "Cài đặt"', () => {
  const rows = (values: Record<string, string>) => SETTING_DEFS.map((d, i) => ({ label: d.label, value: values[d.label] ?? d.defaultText, row: i + 2 }));

  test('by default "Hội nghị", spelled as in "Hình thức tuyên truyền"', () => {
    expect(parseSettings(rows({})).settings.attendanceChannels).toEqual(['Hội nghị']);
    const read = parseSettings(rows({ 'Hình thức tuyên truyền': 'Phát thanh; Hội nghị tuyên truyền; Tập huấn', 'Hình thức ghi số người tham dự': 'hội nghị tuyên truyền; TẬP HUẤN' }));
    expect(read.settings.attendanceChannels).toEqual(['Hội nghị tuyên truyền', 'Tập huấn']);
    expect(read.problems.filter((p) => p.message.startsWith('Hình thức ghi số người tham dự'))).toEqual([]);
  });

  test('a name that is not a channel is left out with a warning; empty means none', () => {
    const read = parseSettings(rows({ 'Hình thức ghi số người tham dự': 'Hội nghị; Đối thoại' }));
    expect(read.settings.attendanceChannels).toEqual(['Hội nghị']);
    expect(read.problems.find((p) => p.message.startsWith('Hình thức ghi số người tham dự'))).toMatchObject({
      severity: 'warning',
      message: expect.stringContaining('"Đối thoại" không có trong "Hình thức tuyên truyền"'),
    });
    expect(parseSettings(rows({ 'Hình thức ghi số người tham dự': '' })).settings.attendanceChannels).toEqual([]);
  });
});

describe('the report sentence', () => {
  test('conferences with their participants, in Vietnamese number format', () => {
    expect(amountText(5, 'hội nghị', 1250)).toBe('5 hội nghị với 1.250 lượt người tham dự');
    expect(amountText(5, 'hội nghị')).toBe('5 hội nghị');
    expect(channelSentence('Hội nghị tuyên truyền', 5, 'hội nghị', 1250)).toBe('tổ chức 5 hội nghị tuyên truyền với 1.250 lượt người tham dự');
    expect(channelSentence('Hội nghị tuyên truyền', 1, 'hội nghị', 80)).toBe('tổ chức 1 hội nghị tuyên truyền với 80 lượt người tham dự');
    expect(channelSentence('Hội nghị tuyên truyền', 2, 'hội nghị')).toBe('tổ chức 2 hội nghị tuyên truyền');
  });
});

describe('an email reply line', () => {
  const reply = { taskCodes: ['NV05'], channels: ['Phát thanh', 'Hội nghị', 'Khác'], today: '2024-03-08', attendance: ['Hội nghị'] };

  test('"2 hội nghị, 150 người tham dự" gives the quantity and the head count', () => {
    const { inputs, problems } = parseReply('NV05: đang thực hiện 60%, đã tổ chức 2 hội nghị với 150 người tham dự', reply);
    expect(problems).toEqual([]);
    expect(inputs[0]).toMatchObject({ channel: 'Hội nghị', quantity: 2, participants: 150 });
    expect(validateProgress({ ...inputs[0], submissionId: 'reply-18f2a-1' }, { ...context, channels: reply.channels, attendance: reply.attendance })).toMatchObject({ ok: true, value: { participants: 150 } });
  });

  test('no head count, or a channel that does not take one: no participants', () => {
    expect(parseReply('NV05: hoàn thành, 1 hội nghị', reply).inputs[0]).not.toHaveProperty('participants');
    expect(parseReply('NV05: hoàn thành, 1 hội nghị, 80 đại biểu', { ...reply, attendance: [] }).inputs[0]).not.toHaveProperty('participants');
    expect(parseReply('NV05: hoàn thành, 1 hội nghị, 80 đại biểu', reply).inputs[0]).toMatchObject({ quantity: 1, participants: 80 });
  });
});
