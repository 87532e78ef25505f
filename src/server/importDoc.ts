/**
 * "Nhập kế hoạch từ Google Docs": the clerk pastes the address of the Doc holding the plan; the
 * Doc is read in ONE call of the Docs advanced service (Docs.Documents.get: every table with its
 * cells' paragraphs and the spans of merged cells, whatever the size; DocumentApp would need
 * calls per cell), merged cells are expanded as the clipboard's HTML import expands
 * rowspan/colspan (docTableGrid), the table that looks like the appendix is suggested, and the
 * chosen one goes through the same preview and import as a paste (importPlan.ts, `{ table }`).
 */
import { docTableGrid, type DocCell } from '../core/clipboardHtml';
import { readPlanTable } from '../core/importer';
import type { PlanDocument } from '../shared/rpc';
import { requireConsent, SCOPES } from './consent';
import { UserError } from './sheets';

const HOW_TO_COPY = 'Hãy mở văn bản trong Google Tài liệu, sao chép địa chỉ trên thanh địa chỉ (dạng https://docs.google.com/document/d/…/edit) rồi dán vào ô.';

/** The Doc id in an address (or a bare id); a clear message for anything else. */
export function docIdOf(address: unknown): string {
  const a = String(address ?? '').trim();
  if (!a) throw new UserError(`Chưa dán địa chỉ văn bản. ${HOW_TO_COPY}`);
  const doc = /\/document\/(?:u\/\d+\/)?d\/([-\w]{20,})/.exec(a);
  if (doc) return doc[1];
  if (/\/spreadsheets\/(?:u\/\d+\/)?d\//.test(a)) throw new UserError(`Địa chỉ này là của một bảng tính, không phải văn bản Google Docs. ${HOW_TO_COPY}`);
  if (/drive\.google\.com\/(?:file\/d\/|open\?id=)/.test(a)) {
    throw new UserError('Địa chỉ này là của một tệp trên Drive (có thể là tệp Word chưa chuyển). Hãy mở tệp, chọn "Tệp" > "Lưu dưới dạng Google Tài liệu", rồi dán địa chỉ của văn bản mới.');
  }
  if (/^[-\w]{25,}$/.test(a)) return a;
  throw new UserError(`Địa chỉ "${a.length > 80 ? `${a.slice(0, 80)}…` : a}" không phải địa chỉ của một văn bản Google Docs. ${HOW_TO_COPY}`);
}

/** Word's own file opened in Docs' Office compatibility mode: its address carries "rtpof=true". */
const SAVE_AS_DOC = 'Văn bản này là tệp Word đang mở ở chế độ tương thích Office, chưa phải văn bản Google Docs. Trong Google Tài liệu, chọn "Tệp" > "Lưu dưới dạng Google Tài liệu", rồi dán địa chỉ của văn bản mới.';

/** The Doc through the Docs API, in one call; a clear message when it cannot be read. */
function getDoc(id: string, officeFile: boolean): GoogleAppsScript.Docs.Schema.Document {
  const documents = Docs?.Documents;
  if (!documents) throw new UserError('Dịch vụ nâng cao "Google Docs API" chưa được bật cho dự án Apps Script (Dịch vụ > Google Docs API). Người cài đặt hãy bật lại rồi thử lại.');
  try {
    return documents.get(id);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    // Apps Script's words for a permission the user has not granted are for consent.ts.
    if (/You do not have permission to call/i.test(msg)) throw err;
    if (officeFile) throw new UserError(SAVE_AS_DOC);
    throw new UserError(
      'Không mở được văn bản này: tài khoản của anh/chị không có quyền xem văn bản, hoặc văn bản đã bị xóa. Hãy nhờ người gửi chia sẻ văn bản (ít nhất quyền Xem) với tài khoản đang dùng bảng tính này, hoặc tạo một bản sao vào Drive của mình rồi dán địa chỉ bản sao.',
    );
  }
}

type Structural = GoogleAppsScript.Docs.Schema.StructuralElement;

/** A cell's text as DocumentApp's getText gives it: paragraphs joined by "\n", line breaks kept. */
function contentText(content: Structural[] | undefined): string {
  const parts: string[] = [];
  for (const el of content ?? []) {
    if (el.paragraph) {
      const text = (el.paragraph.elements ?? []).map((e) => e.textRun?.content ?? '').join('');
      parts.push(text.replace(/\n$/, '').replace(/\u000b/g, '\n'));
    } else if (el.table) {
      for (const row of el.table.tableRows ?? []) for (const cell of row.tableCells ?? []) parts.push(contentText(cell.content));
    }
  }
  return parts.join('\n');
}

/** A table of the Docs API as cells with their spans (a covered cell's own spans are ignored by docTableGrid). */
function tableCells(table: GoogleAppsScript.Docs.Schema.Table): DocCell[][] {
  return (table.tableRows ?? []).map((row) =>
    (row.tableCells ?? []).map((cell) => ({
      text: contentText(cell.content),
      colSpan: cell.tableCellStyle?.columnSpan ?? 1,
      rowSpan: cell.tableCellStyle?.rowSpan ?? 1,
    })),
  );
}

function caption(rows: string[][]): string {
  const lines = rows
    .slice(0, 3)
    .map((r) => r.map((c) => c.replace(/\s+/g, ' ').trim()).filter(Boolean).join(' | '))
    .filter(Boolean);
  const text = lines.join(' / ');
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
}

/** Opens the Doc at `address` and reads its tables; the one looking like the appendix is suggested. */
export function readPlanDocument(address: unknown): PlanDocument {
  const id = docIdOf(address);
  requireConsent('đọc kế hoạch từ Google Docs', [SCOPES.documents]);
  const doc = getDoc(id, /[?&]rtpof=true/i.test(String(address)));
  const name = doc.title ?? '';
  const tables = (doc.body?.content ?? []).filter((el) => el.table).map((el) => el.table!);
  if (!tables.length) throw new UserError(`Văn bản "${name}" không có bảng nào. Phụ lục nhiệm vụ của kế hoạch phải là một bảng (STT, Nội dung, Đơn vị chủ trì, Thời gian…); nếu phụ lục ở văn bản khác, hãy dán địa chỉ văn bản đó.`);
  const read = tables.map((t) => {
    const grid = docTableGrid(tableCells(t));
    const plan = readPlanTable(grid.rows, { copied: grid.copied, paragraphs: true });
    const recognised = !plan.problems.some((p) => p.startsWith('Không tìm thấy dòng tiêu đề') || p.startsWith('Bảng trống'));
    return { ...grid, caption: caption(grid.rows), recognised, tasks: plan.tasks.length };
  });
  let suggested = -1;
  read.forEach((t, i) => {
    if (t.recognised && t.tasks > 0 && (suggested < 0 || t.tasks > read[suggested].tasks)) suggested = i;
  });
  return { name, tables: read, suggested };
}
