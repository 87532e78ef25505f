/**
 * "Nhập kế hoạch từ Google Docs": the clerk pastes the address of the Doc holding the plan; its
 * tables are read with DocumentApp in one pass (merged cells expanded as the clipboard's HTML
 * import expands rowspan/colspan), the one that looks like the appendix is suggested, and the
 * chosen table goes through the same preview and import as a paste (importPlan.ts, input
 * `{ table }`).
 *
 * Service calls: 1 to open, 1 for the body, 1 for its tables, then per table 1 + 2 per row
 * (getRow, getNumCells) + 2 per cell (getCell, getText) + 1 per cell with text standing above an
 * empty cell (getRowSpan: is the empty cell the lower part of a merge?). DocumentApp has no call
 * returning a table's cells at once (Table.getText joins cells and paragraphs alike with "\n"),
 * so the per-cell part cannot go.
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

function openDoc(id: string, officeFile: boolean): GoogleAppsScript.Document.Document {
  try {
    return DocumentApp.openById(id);
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

/**
 * One table's cells in one pass: every cell's text, then the row span of the cells that may
 * head a vertical merge. A merged range's head carries its spans and the cells it covers are
 * empty, so only an empty cell can be covered: the nearest cell with text above it in its column
 * is asked its row span (once per such cell). Column spans are never needed: the HTML import
 * leaves the other columns of a colspan empty, which is what the covered (empty) cells read.
 */
function readCells(table: GoogleAppsScript.Document.Table): DocCell[][] {
  const cells: GoogleAppsScript.Document.TableCell[][] = [];
  const out: DocCell[][] = [];
  const rows = table.getNumRows();
  for (let r = 0; r < rows; r++) {
    const row = table.getRow(r);
    const n = row.getNumCells();
    cells.push([]);
    out.push([]);
    for (let c = 0; c < n; c++) {
      const cell = row.getCell(c);
      cells[r].push(cell);
      out[r].push({ text: cell.getText(), colSpan: 1, rowSpan: 1 });
    }
  }
  const asked = new Set<string>();
  for (let r = 1; r < out.length; r++) {
    for (let c = 0; c < out[r].length; c++) {
      if (out[r][c].text !== '') continue;
      let k = r - 1;
      while (k >= 0 && (out[k][c]?.text ?? '') === '') k--;
      if (k < 0 || !out[k][c]) continue;
      const head = out[k][c];
      if (!asked.has(`${k},${c}`)) {
        asked.add(`${k},${c}`);
        head.rowSpan = Math.max(1, cells[k][c].getRowSpan() || 1);
      }
    }
  }
  return out;
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
  const doc = openDoc(id, /[?&]rtpof=true/i.test(String(address)));
  const name = doc.getName();
  const tables = doc.getBody().getTables();
  if (!tables.length) throw new UserError(`Văn bản "${name}" không có bảng nào. Phụ lục nhiệm vụ của kế hoạch phải là một bảng (STT, Nội dung, Đơn vị chủ trì, Thời gian…); nếu phụ lục ở văn bản khác, hãy dán địa chỉ văn bản đó.`);
  const read = tables.map((t) => {
    const grid = docTableGrid(readCells(t));
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
