/**
 * The report's layout per Nghị định 30/2020, read from the emulator's document model and from
 * the .docx it writes (word/document.xml read back with jszip), as a person would see it in
 * Google Docs, Word or LibreOffice.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { loadSandbox } from '../support/sandbox';
import { progressRow } from '../support/rows';
import { appendRows, setSetting } from '../support/sheets';
import { SHEETS } from '../../src/core/schema';
import { boldTextWidth } from '../../src/server/docLayout';
import { driveState } from '../../emulator/services/docs/drive';
import { documentToDocx } from '../../emulator/services/docs/docx';
import { forEachParagraph, paragraphText, type BlockNode, type CellNode, type DocModel, type ParagraphNode, type TableNode, type TextStyle } from '../../emulator/services/docs/model';
import { Project } from '../../emulator/project';
import type { Env } from '../../emulator/core/env';
import type { Sandbox } from '../../emulator/sandbox';
import type { ReportResult } from '../../src/shared/rpc';

const MM = 72 / 25.4;
const NOW = '2024-03-15T09:00:00+07:00';



function seeded() {
  const t = loadSandbox({ now: NOW });
  t.sandbox.call('setupWorkbook');
  appendRows(t.sandbox, SHEETS.progress, [
    progressRow('NV03', '2024-01-10', 'Phát thanh', 6, { percent: 40, note: 'Thực hiện lần 1' }),
    progressRow('NV04', '2024-02-20', 'Tin bài trên trang TTĐT', 3, { percent: 40, note: 'Thực hiện lần 2' }),
    progressRow('NV04', '2024-03-01', 'Tin bài trên trang TTĐT', 2, { percent: 40, note: 'Thực hiện lần 3' }),
  ]);
  return t;
}

function make(sandbox: Sandbox, env: Env, spec: Record<string, unknown> = {}): { r: ReportResult; doc: DocModel } {
  const r = sandbox.call('generateReport', [{ period: 'Quý I/2024', issuedOn: '2024-03-05', again: true, ...spec }]) as ReportResult;
  const doc = driveState(env).files[r.documentId]?.doc;
  if (!doc) throw new Error('no document');
  return { r, doc };
}

const paragraphsIn = (blocks: BlockNode[]): ParagraphNode[] => blocks.filter((b): b is ParagraphNode => b.kind === 'paragraph');
const tablesIn = (blocks: BlockNode[]): TableNode[] => blocks.filter((b): b is TableNode => b.kind === 'table');
const cellTexts = (cell: CellNode): string[] => paragraphsIn(cell.children).map(paragraphText);
/** The formatting of a paragraph's text (every run must agree). */
function look(p: ParagraphNode): TextStyle {
  const runs = p.children.flatMap((c) => (c.kind === 'text' ? c.runs : []));
  expect(runs.length).toBeGreaterThan(0);
  for (const r of runs) expect(r.style).toEqual(runs[0].style);
  return runs[0].style;
}
const byText = (doc: DocModel, text: string): ParagraphNode => {
  const p = paragraphsIn(doc.body.children).find((x) => paragraphText(x) === text);
  if (!p) throw new Error(`no paragraph "${text}"`);
  return p;
};

describe('the document model', () => {
  test('A4 portrait with the decree\'s margins', () => {
    const { env, sandbox } = seeded();
    const { doc } = make(sandbox, env);
    expect(doc.page.width).toBeCloseTo(595.28, 1);
    expect(doc.page.height).toBeCloseTo(841.89, 1);
    for (const m of [doc.page.marginTop, doc.page.marginBottom]) {
      expect(m / MM).toBeGreaterThanOrEqual(20 - 0.01);
      expect(m / MM).toBeLessThanOrEqual(25 + 0.01);
    }
    expect(doc.page.marginLeft / MM).toBeGreaterThanOrEqual(30 - 0.01);
    expect(doc.page.marginLeft / MM).toBeLessThanOrEqual(35 + 0.01);
    expect(doc.page.marginRight / MM).toBeGreaterThanOrEqual(15 - 0.01);
    expect(doc.page.marginRight / MM).toBeLessThanOrEqual(20 + 0.01);
  });

  test('the header is a borderless 2×2 table: organ | Quốc hiệu and tiêu ngữ, then Số | place and date', () => {
    const { env, sandbox } = seeded();
    const { doc } = make(sandbox, env);
    const header = doc.body.children[0];
    expect(header.kind).toBe('table');
    const t = header as TableNode;
    expect(t.borderWidth).toBe(0);
    expect(t.rows.map((r) => r.cells.length)).toEqual([2, 2]);
    const [organ, nation] = t.rows[0].cells;
    const [number, placeDate] = t.rows[1].cells;
    expect(cellTexts(organ).slice(0, 2)).toEqual(['ỦY BAN NHÂN DÂN', 'XÃ TÂN VIỆT']);
    expect(cellTexts(nation).slice(0, 2)).toEqual(['CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc']);
    expect(cellTexts(number)).toEqual(['Số: 01/BC-UBND']);
    expect(cellTexts(placeDate)).toEqual(['Tân Việt, ngày 05 tháng 3 năm 2024']);

    const [parent, name, organRule] = paragraphsIn(organ.children);
    for (const p of [parent, name]) expect(look(p)).toMatchObject({ fontFamily: 'Times New Roman', fontSize: 13, bold: true, italic: false });
    const [nationP, motto, mottoRule] = paragraphsIn(nation.children);
    expect(look(nationP)).toMatchObject({ fontFamily: 'Times New Roman', fontSize: 12, bold: true });
    expect(look(motto)).toMatchObject({ fontFamily: 'Times New Roman', fontSize: 13, bold: true, italic: false });
    for (const p of [parent, name, organRule, nationP, motto, mottoRule]) expect(p.style.alignment).toBe('CENTER');
    expect(look(paragraphsIn(number.children)[0])).toMatchObject({ fontSize: 13, bold: false, italic: false });
    expect(look(paragraphsIn(placeDate.children)[0])).toMatchObject({ fontSize: 13, italic: true, bold: false });

    // The short rules: a run of underscores at 8 pt (0.5 em each): 1/3–1/2 of the organ's name, the motto's width.
    const ruleWidth = (p: ParagraphNode) => paragraphText(p).length * look(p).fontSize! * 0.5;
    expect(paragraphText(organRule)).toMatch(/^_+$/);
    expect(paragraphText(mottoRule)).toMatch(/^_+$/);
    const organWidth = boldTextWidth('ỦY BAN NHÂN DÂN', 13);
    expect(ruleWidth(organRule) / organWidth).toBeGreaterThanOrEqual(1 / 3);
    expect(ruleWidth(organRule) / organWidth).toBeLessThanOrEqual(1 / 2);
    expect(Math.abs(ruleWidth(mottoRule) - boldTextWidth('Độc lập - Tự do - Hạnh phúc', 13))).toBeLessThan(4);
    // The national title fits its column (13 pt would not).
    expect(boldTextWidth('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 12) + 10).toBeLessThanOrEqual(t.columnWidths[1]!);
  });

  test('the date pads days below 10 and months 1–2 only', () => {
    const { env, sandbox } = seeded();
    const cell = (doc: DocModel) => cellTexts((doc.body.children[0] as TableNode).rows[1].cells[1])[0];
    expect(cell(make(sandbox, env, { issuedOn: '2024-01-15' }).doc)).toBe('Tân Việt, ngày 15 tháng 01 năm 2024');
    expect(cell(make(sandbox, env, { issuedOn: '2024-02-09' }).doc)).toBe('Tân Việt, ngày 09 tháng 02 năm 2024');
    expect(cell(make(sandbox, env, { issuedOn: '2024-12-01' }).doc)).toBe('Tân Việt, ngày 01 tháng 12 năm 2024');
  });

  test('title and subtitle centred and bold, the body justified at 14 pt with a 1.27 cm indent and 6 pt after', () => {
    const { env, sandbox } = seeded();
    const { doc } = make(sandbox, env);
    const title = byText(doc, 'BÁO CÁO');
    expect(look(title)).toMatchObject({ fontFamily: 'Times New Roman', fontSize: 14, bold: true });
    expect(title.style.alignment).toBe('CENTER');
    const subtitle = byText(doc, 'Kết quả thực hiện công tác tuyên truyền cải cách hành chính Quý I năm 2024');
    expect(look(subtitle)).toMatchObject({ fontSize: 14, bold: true });
    expect(subtitle.style.alignment).toBe('CENTER');
    const rule = paragraphsIn(doc.body.children)[paragraphsIn(doc.body.children).indexOf(subtitle) + 1];
    expect(paragraphText(rule)).toMatch(/^_{10,}$/);
    expect(rule.style.alignment).toBe('CENTER');

    const body = paragraphsIn(doc.body.children).filter((p) => /^(Thực hiện Kế hoạch|Ủy ban nhân dân xã Tân Việt đã ban hành|Trên đây là báo cáo)/.test(paragraphText(p)));
    expect(body).toHaveLength(3);
    for (const p of body) {
      expect(look(p)).toMatchObject({ fontFamily: 'Times New Roman', fontSize: 14, bold: false, italic: false, foregroundColor: '#000000' });
      expect(p.style.alignment).toBe('JUSTIFY');
      expect(p.style.indentFirstLine! / (72 / 2.54)).toBeGreaterThanOrEqual(1);
      expect(p.style.indentFirstLine! / (72 / 2.54)).toBeLessThanOrEqual(1.27 + 0.001);
      expect(p.style.spacingAfter).toBeGreaterThanOrEqual(6);
    }
    expect(look(byText(doc, 'I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH'))).toMatchObject({ bold: true, fontSize: 14 });
  });

  test('every character is Times New Roman, black', () => {
    const { env, sandbox } = seeded();
    const { doc } = make(sandbox, env);
    let runs = 0;
    forEachParagraph(doc.body.children, (p) => {
      for (const c of p.children) {
        if (c.kind !== 'text') continue;
        for (const r of c.runs) {
          runs++;
          expect([r.text, r.style.fontFamily, r.style.foregroundColor]).toEqual([r.text, 'Times New Roman', '#000000']);
        }
      }
    });
    expect(runs).toBeGreaterThan(40);
  });

  test('the task table: one row per task under a bold header, 12 pt, bordered, filling the text width', () => {
    const { env, sandbox } = seeded();
    const { doc } = make(sandbox, env);
    const [, tasks, channels] = tablesIn(doc.body.children);
    expect(tasks.rows).toHaveLength(9);
    expect(cellTexts(tasks.rows[0].cells[0])).toEqual(['STT']);
    expect(tasks.rows[0].cells.map((c) => cellTexts(c)[0])).toEqual(['STT', 'Nhiệm vụ', 'Chủ trì', 'Kết quả thực hiện trong kỳ', 'Tình trạng']);
    for (const c of tasks.rows[0].cells) {
      const p = paragraphsIn(c.children)[0];
      expect(look(p)).toMatchObject({ bold: true, fontSize: 12, fontFamily: 'Times New Roman' });
      expect(p.style.alignment).toBe('CENTER');
    }
    const nv4 = tasks.rows[4].cells.map((c) => cellTexts(c).join('\n'));
    expect(nv4[0]).toBe('4');
    expect(nv4[3]).toBe('- Đăng 5 tin, bài trên Trang thông tin điện tử.\rThực hiện lần 3 (01/03/2024)');
    expect(nv4[4]).toBe('Đang thực hiện (40%)');
    expect(look(paragraphsIn(tasks.rows[4].cells[1].children)[0])).toMatchObject({ fontSize: 12, bold: false });
    expect(tasks.borderWidth ?? 1).toBeGreaterThan(0);
    const width = doc.page.width - doc.page.marginLeft - doc.page.marginRight;
    expect(tasks.columnWidths.reduce((s: number, w) => s + (w ?? 0), 0)).toBeCloseTo(width, 0);
    expect(Math.min(...tasks.columnWidths.map((w) => w ?? 0))).toBeGreaterThanOrEqual(36);

    // Figures by channel, each with its unit, never added up across units.
    const rowsOf = (t: TableNode) => t.rows.map((r) => r.cells.map((c) => cellTexts(c).join(' ')));
    expect(rowsOf(channels)[0]).toEqual(['STT', 'Hình thức tuyên truyền', 'Đơn vị tính', 'Số lượng']);
    expect(rowsOf(channels)).toContainEqual(['1', 'Tin bài trên trang TTĐT', 'tin, bài', '5']);
    expect(rowsOf(channels)).toContainEqual(['2', 'Phát thanh', 'chuyên mục', '6']);
    expect(rowsOf(channels).flat()).not.toContain('Tổng cộng');
    expect(rowsOf(channels).flat()).not.toContain('11');
  });

  test('Nơi nhận beside the signature, in a borderless table (TM)', () => {
    const { env, sandbox } = seeded();
    const { doc } = make(sandbox, env);
    const tables = tablesIn(doc.body.children);
    const sign = tables[tables.length - 1];
    expect(doc.body.children.indexOf(sign)).toBe(doc.body.children.length - 2); // then Docs' last paragraph
    expect(sign.borderWidth).toBe(0);
    const [recipients, signature] = sign.rows[0].cells;
    const [label, entries] = paragraphsIn(recipients.children);
    expect(paragraphText(label)).toBe('Nơi nhận:');
    expect(look(label)).toMatchObject({ fontSize: 12, bold: true, italic: true });
    expect(paragraphText(entries).split('\r')).toEqual(['- Phòng Nội vụ huyện Thanh Hà;', '- TT Đảng ủy, HĐND xã;', '- Lãnh đạo UBND xã;', '- Lưu: VT, VP.']);
    expect(look(entries)).toMatchObject({ fontSize: 11, bold: false });
    const [authority, name] = paragraphsIn(signature.children);
    expect(paragraphText(authority).split('\r')).toEqual(['TM. ỦY BAN NHÂN DÂN', 'CHỦ TỊCH']);
    expect(look(authority)).toMatchObject({ bold: true });
    expect(paragraphText(name)).toBe('Vũ Xuân Hào');
    expect(look(name)).toMatchObject({ bold: true, fontSize: 14 });
    expect(name.style.spacingBefore).toBeGreaterThanOrEqual(48); // room for the signature and the seal
  });

  test('a vice chairman signs in the decree\'s three lines (KT)', () => {
    const { env, sandbox } = seeded();
    setSetting(sandbox, 'Thẩm quyền ký', 'KT');
    setSetting(sandbox, 'Chức vụ người ký', 'Phó Chủ tịch');
    setSetting(sandbox, 'Người ký báo cáo', 'Nguyễn Văn An');
    const { doc } = make(sandbox, env);
    const tables = tablesIn(doc.body.children);
    const [authority, name] = paragraphsIn(tables[tables.length - 1].rows[0].cells[1].children);
    expect(paragraphText(authority).split('\r')).toEqual(['TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH', 'PHÓ CHỦ TỊCH']);
    expect(paragraphText(name)).toBe('Nguyễn Văn An');
  });
});

/** word/document.xml of a Doc's .docx. */
async function documentXml(doc: DocModel): Promise<string> {
  const zip = await JSZip.loadAsync(await documentToDocx(doc));
  return zip.file('word/document.xml')!.async('string');
}

const tablesXml = (xml: string) => [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((m) => m[0]);

describe('the .docx', () => {
  test('carries the page, the fonts and sizes, the borderless header and the task table', async () => {
    const { env, sandbox } = seeded();
    const { doc } = make(sandbox, env);
    const xml = await documentXml(doc);
    // (Regexes tested as booleans: a failure must not print the whole document.)
    expect(/<w:pgSz w:w="11906" w:h="16838"/.test(xml)).toBe(true);
    const margin = /<w:pgMar ([^>]*)\/>/.exec(xml)![1];
    expect(margin).toMatch(/w:top="1134"/);
    expect(margin).toMatch(/w:bottom="1134"/);
    expect(margin).toMatch(/w:left="1701"/);
    expect(margin).toMatch(/w:right="850"/);

    // Every run with text is Times New Roman.
    const runs = [...xml.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((m) => m[1]).filter((r) => /<w:t[ >]/.test(r));
    expect(runs.length).toBeGreaterThan(40);
    expect(runs.filter((r) => !/<w:rFonts w:ascii="Times New Roman"/.test(r))).toEqual([]);
    // Sizes in half-points: 14 pt body, 13 pt header, 12 pt tables, 11 pt Nơi nhận entries.
    for (const size of ['28', '26', '24', '22']) expect([size, xml.includes(`<w:sz w:val="${size}"/>`)]).toEqual([size, true]);
    // Justified body paragraphs with the first-line indent (36 pt = 720 twips).
    expect(/<w:ind [^>]*w:firstLine="720"[^>]*\/><w:jc w:val="both"\/>/.test(xml)).toBe(true);

    const tables = tablesXml(xml);
    expect(tables).toHaveLength(4);
    const [header, tasks, , signature] = tables;
    for (const t of [header, signature]) {
      const borders = /<w:tblBorders>([\s\S]*?)<\/w:tblBorders>/.exec(t)![1];
      expect([...borders.matchAll(/w:val="(\w+)"/g)].map((m) => m[1])).toEqual(['none', 'none', 'none', 'none', 'none', 'none']);
    }
    expect(header).toContain('ỦY BAN NHÂN DÂN');
    expect(header).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(header).toContain('Số: 01/BC-UBND');
    expect(header).toMatch(/<w:i\/>[\s\S]*Tân Việt, ngày 05 tháng 3 năm 2024/);
    expect([...(/<w:tblBorders>([\s\S]*?)<\/w:tblBorders>/.exec(tasks)![1]).matchAll(/w:val="(\w+)"/g)].every((m) => m[1] === 'single')).toBe(true);
    expect((tasks.match(/<w:tr>/g) ?? []).length).toBe(9);
    // Rows never split across pages; the data tables' header row repeats on each page (set through
    // the Docs API: DocumentApp has no method for either).
    const trs = (t: string) => [...t.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((m) => m[1]);
    for (const t of tables) expect(trs(t).every((row) => row.includes('<w:cantSplit/>'))).toBe(true);
    for (const t of [tasks, tables[2]]) expect(trs(t).map((row) => row.includes('<w:tblHeader/>'))).toEqual(trs(t).map((_, i) => i === 0));
    for (const t of [header, signature]) expect(t).not.toContain('<w:tblHeader/>');
    expect(tasks).toContain('Kết quả thực hiện trong kỳ');
    expect(signature).toContain('Nơi nhận:');
    expect(signature).toContain('Vũ Xuân Hào');
  });

  test('is written to <dir>/drive/<folder>/ when the project is saved, as `npm run local` does', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cchc-report-'));
    try {
      const project = await Project.open(dir, { now: NOW });
      const r = project.sandbox.call('generateReport', [{ period: 'Quý I/2024' }]) as ReportResult;
      await project.save();
      const file = path.join(dir, 'drive', 'Báo cáo CCHC', '01-BC-UBND Báo cáo tuyên truyền CCHC Quý I-2024.docx');
      expect(fs.existsSync(file)).toBe(true);
      const zip = await JSZip.loadAsync(fs.readFileSync(file));
      const xml = await zip.file('word/document.xml')!.async('string');
      expect(['Số: 01/BC-UBND', 'Tân Việt, ngày 15 tháng 3 năm 2024'].filter((t) => !xml.includes(t))).toEqual([]);
      expect(r.number).toBe('01/BC-UBND');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
