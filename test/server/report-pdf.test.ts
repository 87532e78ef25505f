/**
 * A year of the office's reports read as the Chánh Văn phòng reads them: 27 entries over the 8
 * tasks of the seed plan, six channels, entries on the cut-off days, one entered after the
 * 6-month report, one task past an adjusted deadline; the four reports of 2024 made on their
 * dates. The annual report is also read from its PDF (Drive's conversion; the emulator renders
 * the Doc's .docx with LibreOffice, once for this file): its pages, its text section by section,
 * its units, and numbers that agree across sections.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSandbox } from '../support/sandbox';
import { progressRow } from '../support/rows';
import { appendRows, rows, run } from '../support/sheets';
import { REPORT_COLUMNS, SHEETS } from '../../src/core/schema';
import { driveState, renderPdf } from '../../emulator/services/docs/drive';
import { blocksText } from '../../emulator/services/docs/model';
import type { Env } from '../../emulator/core/env';
import type { Sandbox } from '../../emulator/sandbox';
import type { ReportResult } from '../../src/shared/rpc';

jest.setTimeout(300_000);

type Entry = [code: string, date: string, channel: string, quantity: number, status?: string, percent?: number, note?: string, recordedOn?: string, participants?: number];

/** 27 entries; the cut-off days 14/3, 14/6, 14/9, 14/12 each carry one. */
const YEAR: Entry[] = [
  ['NV01', '2024-01-15', 'Hội nghị', 1, 'Đang thực hiện', 30, 'Hội nghị quán triệt Kế hoạch CCHC năm 2024', undefined, 120],
  ['NV04', '2024-01-20', 'Tin bài trên trang TTĐT', 8],
  ['NV02', '2024-02-01', 'Niêm yết TTHC', 12],
  ['NV05', '2024-02-20', 'Mạng xã hội', 5],
  ['NV06', '2024-03-01', 'Mạng xã hội', 3, 'Đang thực hiện', 40, 'Đăng 3 bài về dịch vụ công trực tuyến\nHướng dẫn cài VNeID'],
  ['NV03', '2024-03-14', 'Phát thanh', 12],
  ['NV04', '2024-04-10', 'Tin bài trên trang TTĐT', 7],
  ['NV05', '2024-04-30', 'Pano, áp phích, băng rôn', 4],
  ['NV08', '2024-05-10', '', 0, 'Đang thực hiện', 20, 'Đã đăng ký danh sách cán bộ dự tập huấn'],
  ['NV03', '2024-05-15', 'Phát thanh', 10],
  ['NV02', '2024-05-20', 'Niêm yết TTHC', 8],
  ['NV03', '2024-06-10', 'Phát thanh', 3, 'Đang thực hiện', 50, 'Phát bù 3 chuyên mục tháng 6', '2024-06-25'], // entered after the 6-month report
  ['NV04', '2024-06-14', 'Tin bài trên trang TTĐT', 6],
  ['NV05', '2024-06-14', 'Pano, áp phích, băng rôn', 2],
  ['NV01', '2024-07-10', 'Hội nghị', 1, 'Đang thực hiện', 50, undefined, undefined, 80],
  ['NV06', '2024-08-01', '', 0, 'Hoàn thành', 100, 'Hoàn thành tuyên truyền ứng dụng CNTT'],
  ['NV03', '2024-08-20', 'Phát thanh', 12],
  ['NV02', '2024-09-14', 'Niêm yết TTHC', 5],
  ['NV03', '2024-09-14', 'Phát thanh', 8],
  ['NV04', '2024-10-05', 'Tin bài trên trang TTĐT', 9],
  ['NV07', '2024-10-20', 'Tin bài trên trang TTĐT', 2, 'Đang thực hiện', 50],
  ['NV05', '2024-11-11', 'Mạng xã hội', 6, 'Đang thực hiện', 80, 'Đăng 6 bài trên Zalo của xã\nChia sẻ lại tin của huyện'],
  ['NV02', '2024-12-01', 'Niêm yết TTHC', 6],
  ['NV01', '2024-12-05', 'Hội nghị', 1, 'Đang thực hiện', 50, undefined, undefined, 50],
  ['NV07', '2024-12-10', '', 0, 'Hoàn thành', 100, 'Chuyên trang CCHC đã cập nhật đủ TTHC'],
  ['NV03', '2024-12-14', 'Phát thanh', 9],
  ['NV04', '2024-12-14', 'Tin bài trên trang TTĐT', 4],
];

const REPORTS: [period: string, on: string][] = [
  ['Quý I/2024', '2024-03-18'],
  ['6 tháng đầu năm 2024', '2024-06-18'],
  ['9 tháng năm 2024', '2024-09-18'],
  ['Năm 2024', '2024-12-18'],
];

function entryRow(e: Entry): unknown[] {
  const [code, date, channel, quantity, status = 'Đang thực hiện', percent = 50, note, recordedOn, participants] = e;
  const over: Record<string, unknown> = { status, percent, at: new Date(`${recordedOn ?? date}T16:00:00+07:00`) };
  if (note) over.note = note;
  if (participants !== undefined) over.participants = participants;
  return progressRow(code, date, channel, quantity, over);
}

/** Entries are appended on the day they were recorded, reports made on their dates. */
function year(): { env: Env; sandbox: Sandbox; reports: ReportResult[] } {
  const { env, sandbox } = loadSandbox({ now: '2024-01-02T08:00:00+07:00' });
  sandbox.call('setupWorkbook');
  // NV08's deadline moved to 30/11/2024 by the office: overdue in the annual report.
  run(
    sandbox,
    `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Kế hoạch');
     const v = s.getDataRange().getValues();
     const c = v[0].indexOf('Thời hạn điều chỉnh'), code = v[0].indexOf('Mã');
     const r = v.findIndex((row) => row[code] === 'NV08');
     s.getRange(r + 1, c + 1).setValue(new Date('2024-11-29T17:00:00Z'));`,
  );
  const recorded = (e: Entry) => e[7] ?? e[1];
  const reports: ReportResult[] = [];
  let pending = [...YEAR].sort((a, b) => (recorded(a) < recorded(b) ? -1 : 1));
  for (const [period, on] of REPORTS) {
    appendRows(sandbox, SHEETS.progress, pending.filter((e) => recorded(e) <= on).map(entryRow));
    pending = pending.filter((e) => recorded(e) > on);
    env.clock.set(`${on}T09:00:00+07:00`);
    reports.push(sandbox.call('generateReport', [{ period }]) as ReportResult);
  }
  return { env, sandbox, reports };
}

function docText(env: Env, id: string): string {
  return blocksText(driveState(env).files[id].doc!.body.children).replace(/\r/g, '\n');
}

/** The text between a heading and the next one (whitespace as single spaces). */
function between(text: string, from: string, to: string): string {
  const flat = text.replace(/\s+/g, ' ');
  const a = flat.indexOf(from);
  const b = flat.indexOf(to, a + from.length);
  if (a < 0 || b < 0) throw new Error(`"${from}" … "${to}" not found in:\n${flat}`);
  return flat.slice(a + from.length, b);
}

const HAS_TOOLS = ['soffice', 'pdftotext', 'pdfinfo'].every((tool) => {
  try {
    execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
if (!HAS_TOOLS) {
  // In CI (.ci/run installs them) a missing tool is a failure, never a skip.
  console.warn('LibreOffice or poppler-utils missing: the PDF tests cannot run (apt-get install libreoffice-writer-nogui fonts-liberation2 poppler-utils)');
}

describe('a year of reports', () => {
  const made = year();
  const { env, sandbox, reports } = made;
  const [q1, h1, m9, annual] = reports;

  test('four reports, four numbers, each logged with its PDF beside the Doc in the report folder', () => {
    expect(reports.map((r) => r.number)).toEqual(['01/BC-UBND', '02/BC-UBND', '03/BC-UBND', '04/BC-UBND']);
    const st = driveState(env);
    const log = rows(sandbox, SHEETS.reports);
    reports.forEach((r, i) => {
      const doc = st.files[r.documentId];
      const pdfId = /\/file\/d\/([-\w]+)/.exec(r.pdfUrl)?.[1];
      expect(pdfId).toBeDefined();
      const pdf = st.files[pdfId!];
      expect(pdf).toMatchObject({ name: `${doc.name}.pdf`, mimeType: 'application/pdf', parents: doc.parents });
      expect(log[i][REPORT_COLUMNS.pdf]).toBe(r.pdfUrl);
      expect(log[i][REPORT_COLUMNS.kind]).toBe('Lần đầu');
    });
  });

  test('the same status categories in II.1, the task table, II.3, III and IV', () => {
    const text = docText(env, annual.documentId);
    expect(between(text, '1. Kết quả thực hiện các nhiệm vụ của Kế hoạch', 'STT')).toBe(
      ' Kế hoạch có 8 nhiệm vụ; đến ngày 14/12/2024: 2 nhiệm vụ hoàn thành, 5 nhiệm vụ đang thực hiện, 1 nhiệm vụ quá hạn. ',
    );
    const ii3 = between(text, '3. Nhiệm vụ quá hạn, chưa triển khai', 'III. ĐÁNH GIÁ CHUNG');
    expect(ii3).toMatch(/^ Nhiệm vụ quá hạn \(1\): - Cử cán bộ, công chức tham gia các lớp tập huấn.*hạn 30\/11\/2024, đang thực hiện \(20%\)\. $/);
    // IV: the overdue task named as overdue; nothing finished; the recurring ones kept up.
    const iv = between(text, 'IV. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI', 'V. ĐỀ XUẤT, KIẾN NGHỊ');
    expect(iv).toMatch(/^ Khẩn trương hoàn thành 1 nhiệm vụ đã quá hạn: Cử cán bộ, công chức tham gia các lớp tập huấn.*\(hạn 30\/11\/2024\)\. Duy trì thực hiện thường xuyên: /);
    expect(iv).not.toMatch(/Duy trì chuyên trang|Tuyên truyền về Ứng dụng CNTT/); // NV07, NV06 are done
    expect(iv).not.toContain('tập trung hoàn thành');
    // III.2 is not a copy of II.3.
    const weak = between(text, '2. Tồn tại, hạn chế', '3. Nguyên nhân');
    expect(weak).toContain('thuộc trách nhiệm của Văn phòng Đảng ủy - Nội vụ');
    expect(weak).not.toContain(ii3.trim());
    expect(between(text, 'V. ĐỀ XUẤT, KIẾN NGHỊ', 'Trên đây')).toMatch(/^ Đề nghị Phòng Nội vụ huyện Thanh Hà /);
    expect(text).not.toContain('cấp trên');
    // The task table keeps a note's line break.
    expect(text).toContain('Đăng 6 bài trên Zalo của xã\nChia sẻ lại tin của huyện');
  });

  test('results per channel with their units, never added across units; quarters and year agree', () => {
    const text = docText(env, annual.documentId);
    const ii2 = between(text, '2. Kết quả tuyên truyền theo hình thức', '3. Nhiệm vụ quá hạn');
    for (const line of [
      '- Đăng 36 tin, bài trên Trang thông tin điện tử;',
      '- Phát 54 chuyên mục trên hệ thống truyền thanh;',
      '- Tổ chức 3 hội nghị với 250 lượt người tham dự;',
      '- Treo 6 pano, áp phích, băng rôn;',
      '- Niêm yết công khai 31 thủ tục hành chính;',
      '- Đăng 14 bài viết trên mạng xã hội.',
    ]) {
      expect(ii2).toContain(line);
    }
    expect(ii2).toContain('STT Hình thức tuyên truyền Đơn vị tính Số lượng Lượt người tham dự');
    expect(ii2).toContain('3 Hội nghị hội nghị 3 250');
    // The strengths name the same results, in the same words.
    expect(between(text, '1. Ưu điểm', '2. Tồn tại, hạn chế').replace(/\s+/g, ' ')).toContain(
      'Công tác tuyên truyền được thực hiện qua 6 hình thức: đăng 36 tin, bài trên Trang thông tin điện tử; phát 54 chuyên mục trên hệ thống truyền thanh; tổ chức 3 hội nghị với 250 lượt người tham dự; treo 6 pano, áp phích, băng rôn; niêm yết công khai 31 thủ tục hành chính; đăng 14 bài viết trên mạng xã hội.',
    );
    expect(text).not.toMatch(/Tổng cộng|sản phẩm tuyên truyền, gồm|Số lần cập nhật/);
    // The Quý I report's figure is part of the year's.
    expect(docText(env, q1.documentId).replace(/\s+/g, ' ')).toContain('- Phát 12 chuyên mục trên hệ thống truyền thanh');
  });

  test('the entry made after the 6-month report is named in the next report as "số liệu bổ sung kỳ trước", and only there', () => {
    const next = between(docText(env, m9.documentId), '2. Kết quả tuyên truyền theo hình thức', '3. Nhiệm vụ quá hạn');
    expect(next).toContain(
      'Số liệu bổ sung kỳ trước (kết quả thuộc kỳ đã báo cáo, được cập nhật sau khi báo cáo đã ban hành): - Ngày 10/06/2024, Duy trì và nâng cao chất lượng chuyên mục CCHC trên đài truyền thanh xã: phát 3 chuyên mục trên hệ thống truyền thanh, Phát bù 3 chuyên mục tháng 6 (thuộc kỳ 6 tháng đầu năm 2024, cập nhật sau Báo cáo số 02/BC-UBND; đã tính vào số liệu kỳ này).',
    );
    expect(docText(env, h1.documentId)).not.toContain('Phát bù');
    expect(docText(env, annual.documentId)).not.toContain('bổ sung kỳ trước');
  });

  (HAS_TOOLS || process.env.CI ? describe : describe.skip)('the annual report as a PDF (LibreOffice, rendered once)', () => {
    let pdfText = '';
    let pages = 0;
    beforeAll(async () => {
      const pdfId = /\/file\/d\/([-\w]+)/.exec(annual.pdfUrl)![1];
      const bytes = await renderPdf(env, pdfId);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-report-'));
      const file = path.join(dir, 'report.pdf');
      fs.writeFileSync(file, bytes);
      pdfText = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file], { encoding: 'utf8' }))?.[1]);
      fs.rmSync(dir, { recursive: true, force: true });
      // The Drive file now holds the PDF's bytes.
      expect(driveState(env).files[pdfId].data).toBe(bytes.toString('base64'));
    });

    test('is a PDF of a few A4 pages, the task table one row per task', () => {
      expect(pages).toBeGreaterThanOrEqual(2);
      expect(pages).toBeLessThanOrEqual(5);
    });

    test('reads as the report: header, sections in order, units, the same numbers as the Doc', () => {
      const flat = pdfText.replace(/\s+/g, ' ');
      expect(flat).toContain('ỦY BAN NHÂN DÂN');
      expect(flat).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
      expect(flat).toContain('Số: 04/BC-UBND');
      expect(flat).toContain('Tân Việt, ngày 18 tháng 12 năm 2024');
      const order = ['I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', 'II. KẾT QUẢ THỰC HIỆN', '2. Kết quả tuyên truyền theo hình thức', 'III. ĐÁNH GIÁ CHUNG', 'IV. PHƯƠNG HƯỚNG', 'V. ĐỀ XUẤT, KIẾN NGHỊ', 'Nơi nhận:'];
      const at = order.map((h) => flat.indexOf(h));
      expect(at.every((i) => i >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      expect(flat).toContain('2 nhiệm vụ hoàn thành, 5 nhiệm vụ đang thực hiện, 1 nhiệm vụ quá hạn.');
      expect(flat).toContain('- Phát 54 chuyên mục trên hệ thống truyền thanh;');
      expect(flat).toContain('- Niêm yết công khai 31 thủ tục hành chính;');
      expect(flat).toContain('- Tổ chức 3 hội nghị với 250 lượt người tham dự;');
      expect(flat).toContain('Đơn vị tính');
      expect(flat).not.toContain('Tổng cộng');
      expect(flat).toContain('- Phòng Nội vụ huyện Thanh Hà;');
      // A note's line break is kept: its two lines are not run together.
      expect(flat).toContain('Đăng 6 bài trên Zalo của xã Chia sẻ lại tin của huyện');
      expect(pdfText).not.toContain('xãChia');
    });
  });
});
