/**
 * "Nhập kế hoạch từ Google Docs" on the built bundle: the office's plan arrives as a Word file,
 * is opened with Google Docs (the emulator's Drive converts the .docx), and the clerk pastes the
 * Doc's address. The appendix table (two-row header, numbering row, group rows merged across, a
 * timeframe merged over two tasks, several paragraphs in a cell) is found among the Doc's
 * tables and imported through the same preview and import as a paste.
 */
import { loadSandbox, type Target } from '../support/sandbox';
import { rows } from '../support/sheets';
import { js, SET_SETTING } from '../support/script';
import { createDocumentFromDocx, createUserFile } from '../../emulator/services/docs/drive';
import { createDocumentApp } from '../../emulator/services/docs/document';
import { PLAN_COLUMNS, SHEETS } from '../../src/core/schema';
import { APPENDIX_TASKS, letterDocx, planDocx } from '../support/planDocx';
import type { PlanDocument, ImportPreview, ImportResult } from '../../src/shared/rpc';
import { Document, Packer, Paragraph, Table, TableCell, TableRow } from 'docx';

const OWNER = 'vanphong.tanviet@gmail.com';
const DOCUMENTS = 'https://www.googleapis.com/auth/documents';
let PLAN: Buffer;
let LETTER: Buffer;

beforeAll(async () => {
  PLAN = await planDocx();
  LETTER = await letterDocx();
});

function world(target: Target = 'bound') {
  const t = loadSandbox({ now: '2025-02-03T08:00:00+07:00', owner: OWNER, user: OWNER, target, addon: target === 'addon' });
  t.sandbox.call('setupWorkbook');
  js(t.sandbox, SET_SETTING, 'Năm kế hoạch', 2025);
  return t;
}

function upload(t: ReturnType<typeof world>, bytes: Buffer, name = 'KH 15 tuyên truyền CCHC 2025'): string {
  const rec = createDocumentFromDocx(t.env, name, bytes);
  return `https://docs.google.com/document/d/${rec.id}/edit?usp=sharing`;
}

function read(t: ReturnType<typeof world>, address: string): PlanDocument {
  return t.sandbox.call('readPlanDocument', [address]) as PlanDocument;
}

function failure(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('did not fail');
}

describe('readPlanDocument', () => {
  test('reads every table of the Doc and suggests the appendix, with merged cells expanded as the HTML import expands them', () => {
    const t = world();
    const doc = read(t, upload(t, PLAN));
    expect(doc.name).toBe('KH 15 tuyên truyền CCHC 2025');
    expect(doc.tables).toHaveLength(2);
    // The signature block's table is not the appendix; the appendix is suggested.
    expect(doc.tables[0]).toMatchObject({ recognised: false, tasks: 0 });
    expect(doc.suggested).toBe(1);
    const appendix = doc.tables[1];
    expect(appendix).toMatchObject({ recognised: true, tasks: 4 });
    expect(appendix.caption).toMatch(/^TT \| Nội dung nhiệm vụ \| Sản phẩm đầu ra \| Đơn vị thực hiện/);
    // Paragraphs of a cell stay lines; a merged timeframe is repeated in the row below, marked.
    expect(appendix.rows[5][1]).toBe(APPENDIX_TASKS[1].content);
    expect(appendix.rows[6][5]).toBe('Thường xuyên');
    expect(appendix.copied[6][5]).toBe(true);
    // A group row merged across: its text in the first column, the rest empty.
    expect(appendix.rows[3]).toEqual(['I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH', '', '', '', '', '', '']);
    // A line break inside a paragraph is a line of the cell too.
    expect(appendix.rows[4][5]).toBe('Trước 10 giờ\nngày 20/02/2025');
  });

  test('the same preview and import as a paste: sections, leads, outside bodies, the timeframe merged over two tasks', () => {
    const t = world();
    const doc = read(t, upload(t, PLAN));
    const table = doc.tables[doc.suggested];
    const preview = t.sandbox.call('previewImport', [{ table }]) as ImportPreview;
    expect(preview.importable).toBe(true);
    expect(preview.toAdd.map((x) => [x.stt, x.section, x.task, x.leadText, x.timeframeText])).toEqual(
      APPENDIX_TASKS.map((x) => [x.stt, x.section, x.content, x.lead, x.time]),
    );
    expect(preview.toAdd[0].deadline).toBe('20/02/2025');
    // Outside bodies are named as such, never given to a commune official.
    expect(preview.units.filter((u) => u.kind === 'outside').map((u) => u.phrase).sort()).toEqual(['Phòng Tư pháp huyện', 'Sở Thông tin và Truyền thông']);
    // The sample plan may be replaced; STT "1" repeated in section II is not a problem of its own section.
    expect(preview.sample).toBeGreaterThan(0);

    const result = t.sandbox.call('importPlanText', [{ table, replaceSample: true }]) as ImportResult;
    expect(result).toMatchObject({ added: 4, updated: 0 });
    const plan = rows(t.sandbox, SHEETS.plan).filter((r) => r[PLAN_COLUMNS.task] !== '');
    expect(plan.map((r) => [r[PLAN_COLUMNS.section], r[PLAN_COLUMNS.timeframe]])).toEqual(APPENDIX_TASKS.map((x) => [x.section, x.time]));
    // Read again and imported again: nothing new.
    const again = t.sandbox.call('importPlanText', [{ table: read(t, upload(t, PLAN, 'Bản sao của KH 15')).tables[1] }]) as ImportResult;
    expect(again).toMatchObject({ added: 0, unchanged: 4 });
  });

  test('service calls: one Docs API call whatever the size of the tables (the appendix, and plain ones of 10, 20 and 40 rows)', async () => {
    const t = world();
    const address = upload(t, PLAN);
    t.env.calls.reset();
    expect(read(t, address).tables[1].rows[6][5]).toBe('Thường xuyên');
    const small = t.env.calls.byMethod();
    // One documents.get for the whole Doc; no DocumentApp call per table, row or cell.
    expect(small['Documents.get']).toBe(1);
    expect(Object.keys(small).filter((k) => /^(DocumentApp|Document|Body|Table|TableRow|TableCell)\./.test(k))).toEqual([]);

    const rowsOf = (n: number) =>
      Array.from({ length: n }, (_, i) => new TableRow({ children: [String(i + 1), `Nhiệm vụ ${i + 1}`, 'Tin bài', 'Đài truyền thanh xã', '', 'Quý II/2025'].map((x) => new TableCell({ children: [new Paragraph(x)] })) }));
    const header = new TableRow({ children: ['STT', 'Nội dung nhiệm vụ', 'Sản phẩm', 'Đơn vị chủ trì', 'Đơn vị phối hợp', 'Thời gian thực hiện'].map((x) => new TableCell({ children: [new Paragraph(x)] })) });
    const docOf = async (n: number) => Packer.toBuffer(new Document({ sections: [{ children: [new Table({ rows: [header, ...rowsOf(n)] })] }] }));
    const measure = async (n: number) => {
      const a = upload(t, await docOf(n), `KH ${n}`);
      t.env.calls.reset();
      const doc = read(t, a);
      expect(doc.tables[0].tasks).toBe(n);
      return t.env.calls.total();
    };
    const c10 = await measure(10);
    expect(await measure(20)).toBe(c10);
    expect(await measure(40)).toBe(c10);
    // The permission check and the one get: nothing else.
    expect(c10).toBeLessThan(10);
  });

  test('clear Vietnamese messages: not a Docs address, a spreadsheet, a Word file on Drive, no access, no table', () => {
    const t = world();
    expect(failure(() => read(t, 'kế hoạch năm 2025'))).toMatch(/không phải địa chỉ của một văn bản Google Docs/);
    expect(failure(() => read(t, ''))).toMatch(/Chưa dán địa chỉ văn bản/);
    expect(failure(() => read(t, 'https://docs.google.com/spreadsheets/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/edit'))).toMatch(/bảng tính, không phải văn bản/);
    expect(failure(() => read(t, 'https://drive.google.com/file/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789/view'))).toMatch(/Lưu dưới dạng Google Tài liệu/);
    expect(failure(() => read(t, 'https://docs.google.com/document/d/1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdef/edit'))).toMatch(/không có quyền xem văn bản, hoặc văn bản đã bị xóa/);
    expect(failure(() => read(t, upload(t, LETTER, 'Công văn')))).toMatch(/Văn bản "Công văn" không có bảng nào/);
    // The Word file itself opened from Drive in Docs' Office compatibility mode (its address ends in rtpof=true).
    const word = createUserFile(t.env, 'KH 15.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', PLAN);
    expect(failure(() => read(t, `https://docs.google.com/document/d/${word.id}/edit?usp=drive_link&ouid=1&rtpof=true&sd=true`))).toMatch(/chế độ tương thích Office[\s\S]*Lưu dưới dạng Google Tài liệu/);
  });

  test('a table with no appendix header is offered but not suggested, and its preview says why nothing can be imported', async () => {
    const t = world();
    const bytes = await Packer.toBuffer(new Document({ sections: [{ children: [new Table({ rows: [new TableRow({ children: ['Họ tên', 'Chức vụ'].map((x) => new TableCell({ children: [new Paragraph(x)] })) })] })] }] }));
    const doc = read(t, upload(t, bytes, 'Danh sách'));
    expect(doc.suggested).toBe(-1);
    expect(doc.tables[0].recognised).toBe(false);
    const preview = t.sandbox.call('previewImport', [{ table: doc.tables[0] }]) as ImportPreview;
    expect(preview.importable).toBe(false);
    expect(preview.problems.join(' ')).toMatch(/Không tìm thấy dòng tiêu đề/);
  });

  test('asks for the Google Docs permission first when the user did not grant it', () => {
    const t = world();
    const address = upload(t, PLAN);
    t.env.setDeniedScopes(OWNER, [DOCUMENTS]);
    t.env.calls.reset();
    expect(failure(() => read(t, address))).toMatch(/chưa cấp cho "Theo dõi CCHC" quyền[\s\S]*Google Tài liệu/);
    expect(t.env.calls.count('Documents.get')).toBe(0);
  });

  test('works in the add-on build too (menu item, reading, import)', () => {
    const t = world('addon');
    t.sandbox.call('onOpen', [{ authMode: 'LIMITED' }]);
    const items = JSON.stringify(t.env.ui.filter((e) => e.kind === 'menu'));
    expect(items).toContain('Nhập kế hoạch từ Google Docs');
    const doc = read(t, upload(t, PLAN));
    const result = t.sandbox.call('importPlanText', [{ table: doc.tables[doc.suggested], replaceSample: true }]) as ImportResult;
    expect(result.added).toBe(4);
    t.sandbox.call('showImportDocDialog');
    const dialog = t.env.ui.filter((e) => e.kind === 'dialog').pop();
    expect(dialog?.title).toBe('Nhập kế hoạch từ Google Docs');
    expect(dialog?.html).toContain('Địa chỉ văn bản Google Docs');
  });

  test('a Doc edited in Google Docs after conversion is read as it is now', () => {
    const t = world();
    const address = upload(t, PLAN);
    const id = /\/d\/([-\w]+)/.exec(address)![1];
    const body = createDocumentApp(t.env).openById(id).getBody();
    body.getTables()[1].getCell(6, 1).setText('Niêm yết công khai TTHC tại Bộ phận Một cửa');
    expect(read(t, address).tables[1].rows[6][1]).toBe('Niêm yết công khai TTHC tại Bộ phận Một cửa');
  });
});
