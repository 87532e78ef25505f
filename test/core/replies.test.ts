import { extractReplyText, parseReply, type ReplyContext } from '../../src/core/replies';

const CHANNELS = [
  'Tin bài trên trang TTĐT',
  'Phát thanh',
  'Hội nghị',
  'Pano, áp phích, băng rôn',
  'Niêm yết TTHC',
  'Mạng xã hội',
  'Khác',
];
const ctx: ReplyContext = {
  taskCodes: ['NV01', 'NV02', 'NV03', 'NV04', 'NV05', 'NV06', 'NV07', 'NV08'],
  channels: CHANNELS,
  today: '2024-03-08',
};

describe('extractReplyText', () => {
  it('keeps what is above Gmail\'s Vietnamese attribution and the ">" quote', () => {
    const body = [
      'NV03: Hoàn thành 100%, 4 tin bài trên trang TTĐT',
      'NV05: Đang thực hiện 50%',
      '',
      'Vào Th 6, 8 thg 3, 2024 lúc 07:00 Văn phòng UBND xã <vanphong@example.com> đã viết:',
      '> Kính gửi anh/chị,',
      '> NV03: ...',
    ].join('\r\n');
    expect(extractReplyText(body)).toBe('NV03: Hoàn thành 100%, 4 tin bài trên trang TTĐT\nNV05: Đang thực hiện 50%');
  });

  it('cuts an English attribution wrapped over two lines', () => {
    const body = 'NV01: xong\n\nOn Fri, Mar 8, 2024 at 7:00 AM Van phong <\nvanphong@example.com> wrote:\n\nNV02: old text';
    expect(extractReplyText(body)).toBe('NV01: xong');
  });

  it('cuts Outlook\'s original-message banner and its header block (English and Vietnamese)', () => {
    expect(extractReplyText('NV02: 30%\n-----Original Message-----\nFrom: x\nNV04: xong')).toBe('NV02: 30%');
    const vi = 'NV02: 30%\n\nTừ: Văn phòng <vanphong@example.com>\nĐã gửi: Thứ Sáu, 8 tháng 3, 2024 7:00\nĐến: tuphap@example.com\nChủ đề: Nhắc việc\n\nNV04: xong';
    expect(extractReplyText(vi)).toBe('NV02: 30%');
    const en = 'NV02: 30%\n________________________________\nFrom: Van phong\nSent: Friday\nNV04: xong';
    expect(extractReplyText(en)).toBe('NV02: 30%');
  });

  it('does not cut at a line that merely starts with "Từ:" without a header block', () => {
    expect(extractReplyText('NV06: Đang thực hiện 40%\nTừ: tháng 3 sẽ làm tiếp\nCảm ơn')).toBe(
      'NV06: Đang thực hiện 40%\nTừ: tháng 3 sẽ làm tiếp\nCảm ơn',
    );
  });

  it.each([
    ['Sent from my iPhone'],
    ['Gửi từ điện thoại Samsung'],
    ['Được gửi từ iPhone của tôi'],
    ['Get Outlook for Android'],
    ['-- '],
  ])('drops the mobile signature %j and everything after it', (sig) => {
    expect(extractReplyText(`NV01: xong\n\n${sig}\nNV02: 10%`)).toBe('NV01: xong');
  });

  it('does not take a line of the reply for an attribution', () => {
    const body = 'NV01: xong\nVào tuần sau em gửi thêm ảnh cho Văn phòng UBND xã Tân Việt:\nNV02: 20%';
    expect(extractReplyText(body)).toBe(body);
  });

  it('normalises NFD text to NFC', () => {
    expect(extractReplyText('NV01: Hoàn thành'.normalize('NFD'))).toBe('NV01: Hoàn thành');
  });
});

describe('parseReply', () => {
  it('reads the three example lines', () => {
    const text = [
      'Em báo cáo ạ:',
      'NV03: Hoàn thành 100%, 4 tin bài trên trang TTĐT',
      'nv3 - đang thực hiện 50% - 2 buổi hội nghị',
      'NV05: Đang thực hiện, đã đăng 3 bài trên Zalo',
      'Cảm ơn chị.',
    ].join('\n');
    const { inputs, problems } = parseReply(text, ctx);
    expect(problems).toEqual([]);
    expect(inputs).toEqual([
      {
        taskId: 'NV03',
        status: 'Hoàn thành',
        percent: 100,
        channel: 'Tin bài trên trang TTĐT',
        quantity: 4,
        note: 'NV03: Hoàn thành 100%, 4 tin bài trên trang TTĐT',
        evidenceUrl: '',
        reportDate: '2024-03-08',
      },
      {
        taskId: 'NV03',
        status: 'Đang thực hiện',
        percent: 50,
        channel: 'Hội nghị',
        quantity: 2,
        note: 'nv3 - đang thực hiện 50% - 2 buổi hội nghị',
        evidenceUrl: '',
        reportDate: '2024-03-08',
      },
      {
        taskId: 'NV05',
        status: 'Đang thực hiện',
        percent: 0,
        channel: 'Mạng xã hội',
        quantity: 3,
        note: 'NV05: Đang thực hiện, đã đăng 3 bài trên Zalo',
        evidenceUrl: '',
        reportDate: '2024-03-08',
      },
    ]);
  });

  it.each([
    ['NV01: hoan thanh', 'Hoàn thành', 100],
    ['NV01: xong', 'Hoàn thành', 100],
    ['NV01: Đã hoàn thành', 'Hoàn thành', 100],
    ['NV01: 100%', 'Hoàn thành', 100],
    ['NV01: dang thuc hien 30 %', 'Đang thực hiện', 30],
    ['NV01: 45%', 'Đang thực hiện', 45],
    ['NV01: chưa thực hiện', 'Chưa thực hiện', 0],
    ['NV01: chua xong, 70%', 'Đang thực hiện', 70],
    ['NV01: HOÀN THÀNH'.normalize('NFD'), 'Hoàn thành', 100],
  ])('reads the status of %j', (line, status, percent) => {
    const { inputs, problems } = parseReply(line, ctx);
    expect(problems).toEqual([]);
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatchObject({ taskId: 'NV01', status, percent });
  });

  it('keeps the current percent of a task reported in progress without one', () => {
    const { inputs } = parseReply('NV04: đang thực hiện', { ...ctx, currentPercent: { NV04: 60 } });
    expect(inputs[0]).toMatchObject({ status: 'Đang thực hiện', percent: 60 });
  });

  it.each([
    ['NV01: 2 chuyên mục trên đài truyền thanh, xong', 'Phát thanh', 2],
    ['NV01: xong, phát loa 5 lần', 'Phát thanh', 5],
    ['NV02: xong, niêm yết 12 TTHC', 'Niêm yết TTHC', 12],
    ['NV06: xong, 3 pa nô, 10 áp phích', 'Pano, áp phích, băng rôn', 3],
    ['NV04: xong, 6 bài trên facebook', 'Mạng xã hội', 6],
    ['NV04: xong, 6 bài trên website xã', 'Tin bài trên trang TTĐT', 6],
    ['NV08: xong, cử 4 người đi tập huấn', 'Khác', 4],
    ['NV08: xong', 'Khác', 0],
    ['NV01: xong ngày 5/3/2024, 1.250 lượt tiếp cận trên Zalo', 'Mạng xã hội', 1250],
    ['NV01: xong, hội nghị 2 buổi với 150 người', 'Hội nghị', 2],
    ['NV01: xong, tổ chức hội nghị có 150 người dự', 'Hội nghị', 0],
  ])('reads channel and quantity of %j', (line, channel, quantity) => {
    const { inputs, problems } = parseReply(line, ctx);
    expect(problems).toEqual([]);
    expect(inputs[0]).toMatchObject({ channel, quantity });
  });

  it('maps to the settings\' spelling of a renamed channel', () => {
    const { inputs } = parseReply('NV04: xong, 2 tin bài trên website', {
      ...ctx,
      channels: ['Website xã', 'Loa phát thanh', 'Khác nữa'],
    });
    expect(inputs[0].channel).toBe('Website xã');
  });

  it('normalises codes and keeps the sheet\'s spelling', () => {
    const { inputs } = parseReply('- nv 7: xong\n2. NV-08: 50%', ctx);
    expect(inputs.map((i) => i.taskId)).toEqual(['NV07', 'NV08']);
    expect(inputs[0].note).toBe('nv 7: xong');
  });

  it('takes an evidence link from the line', () => {
    const { inputs } = parseReply('NV04: xong, 1 bài https://tanviet.example.gov.vn/tin/cchc-2024.html.', ctx);
    expect(inputs[0].evidenceUrl).toBe('https://tanviet.example.gov.vn/tin/cchc-2024.html');
    expect(inputs[0].quantity).toBe(1);
  });

  it('reports unknown codes, unreadable lines and contradictions instead of guessing', () => {
    const text = [
      'NV99: Hoàn thành',
      'NV02: đã làm được một số việc',
      'NV03: Hoàn thành 50%',
      'NV04: đang thực hiện 100%',
      'NV05: 120%',
      'NV06, NV07: xong',
      'NV01: đang thực hiện, đã hoàn thành 2 buổi',
      'NV08: Hoàn thành 100%',
    ].join('\n');
    const { inputs, problems } = parseReply(text, ctx);
    expect(inputs.map((i) => i.taskId)).toEqual(['NV08']);
    expect(problems).toHaveLength(7);
    expect(problems[0]).toContain('Không có nhiệm vụ mã NV99');
    expect(problems[1]).toContain('"NV02: đã làm được một số việc"');
    expect(problems[1]).toContain('chưa ghi trạng thái');
    expect(problems[2]).toContain('không khớp');
    expect(problems[3]).toContain('không khớp');
    expect(problems[4]).toContain('vượt quá 100%');
    expect(problems[5]).toContain('nhiều mã nhiệm vụ');
    expect(problems[6]).toContain('nhiều trạng thái');
  });

  it('ignores chatter, and says so when no line has a code', () => {
    expect(parseReply('Dạ em nhận được rồi ạ.\nEm sẽ báo cáo sau.', ctx)).toEqual({
      inputs: [],
      problems: [expect.stringContaining('không có dòng nào ghi mã nhiệm vụ')],
    });
    expect(parseReply('Cảm ơn chị\nNV01: xong\nTrân trọng', ctx).problems).toEqual([]);
  });

  it('reads an extracted reply end to end', () => {
    const body = 'NV03: Hoàn thành 100%, 4 tin bài trên trang TTĐT\n\nSent from my iPhone\n\n> NV05: Đang thực hiện';
    const { inputs } = parseReply(extractReplyText(body), ctx);
    expect(inputs.map((i) => i.taskId)).toEqual(['NV03']);
  });
});
