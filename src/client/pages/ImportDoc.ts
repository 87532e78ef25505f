/**
 * "Nhập kế hoạch từ Google Docs": the address of the Doc, its tables (the one that looks like
 * the appendix chosen already), then the same preview and import as a pasted table. Nothing is
 * written before the office has seen the preview.
 */
import { server, failureMessage } from '../lib/server';
import { $, fieldError, h } from '../lib/dom';
import { importedMessage, previewChoices, renderPreview } from '../lib/importPreview';
import type { PlanDocument } from '../../shared/rpc';

const address = $('address') as HTMLInputElement;
const openBtn = $('open') as HTMLButtonElement;
const previewBtn = $('preview') as HTMLButtonElement;
const importBtn = $('import') as HTMLButtonElement;
let doc: PlanDocument | null = null;
/** The table the shown preview is of (-1: none); importing needs a preview of the chosen table. */
let previewed = -1;
let importable = false;

function chosen(): number {
  const r = document.querySelector<HTMLInputElement>('input[name="table"]:checked');
  return r ? Number(r.value) : -1;
}

function canImport(): boolean {
  return importable && previewed >= 0 && previewed === chosen();
}

function busy(on: boolean): void {
  openBtn.disabled = on;
  previewBtn.disabled = on || chosen() < 0;
  importBtn.disabled = on || !canImport();
  $('busy').hidden = !on;
}

function message(kind: 'ok' | 'bad' | '', msg: string): void {
  const box = $('result');
  box.className = kind ? `msg ${kind}` : '';
  box.textContent = msg;
}

function clearPreview(): void {
  previewed = -1;
  importable = false;
  $('previewBox').replaceChildren();
  importBtn.disabled = true;
}

function renderTables(d: PlanDocument): void {
  const box = $('tablesBox');
  const intro =
    d.suggested >= 0
      ? `Văn bản “${d.name}” có ${d.tables.length} bảng. Bảng giống phụ lục nhiệm vụ đã được chọn; chọn bảng khác nếu cần.`
      : `Văn bản “${d.name}” có ${d.tables.length} bảng, chưa bảng nào có dòng tiêu đề của phụ lục (STT, Nội dung nhiệm vụ, Đơn vị chủ trì, Thời gian…). Chọn bảng phụ lục để xem trước.`;
  const list = h('div', { role: 'radiogroup', 'aria-label': 'Bảng trong văn bản' });
  d.tables.forEach((t, i) => {
    const radio = h('input', { type: 'radio', name: 'table', value: String(i), id: `table${i}` });
    if (i === d.suggested) radio.checked = true;
    const facts = `${t.rows.length} dòng × ${t.rows[0]?.length ?? 0} cột${t.recognised ? `, ${t.tasks} nhiệm vụ` : ''}${i === d.suggested ? ' — giống phụ lục' : ''}`;
    list.append(h('p', {}, h('label', { class: 'check', for: `table${i}` }, radio, ` Bảng ${i + 1} (${facts}): `, h('span', { class: 'muted' }, t.caption || '(trống)'))));
  });
  box.replaceChildren(h('p', {}, intro), list);
  $('previewActions').hidden = false;
  clearPreview();
  busy(false);
}

openBtn.addEventListener('click', async () => {
  fieldError('address', undefined);
  message('', '');
  if (!address.value.trim()) {
    fieldError('address', 'Chưa dán địa chỉ văn bản.');
    address.focus();
    return;
  }
  busy(true);
  try {
    doc = await server.readPlanDocument(address.value);
    renderTables(doc);
    if (doc.suggested >= 0) await preview();
  } catch (e) {
    doc = null;
    $('tablesBox').replaceChildren();
    $('previewActions').hidden = true;
    clearPreview();
    fieldError('address', failureMessage(e));
  } finally {
    busy(false);
  }
});

async function preview(): Promise<void> {
  const i = chosen();
  if (!doc || i < 0) return;
  busy(true);
  try {
    const t = doc.tables[i];
    const p = await server.previewImport({ table: { rows: t.rows, copied: t.copied } });
    previewed = i;
    importable = p.importable;
    renderPreview($('previewBox'), p);
    message('', '');
  } catch (e) {
    clearPreview();
    message('bad', failureMessage(e));
  } finally {
    busy(false);
  }
}

previewBtn.addEventListener('click', () => void preview());

$('tablesBox').addEventListener('change', () => {
  // Another table: its preview must be seen before importing.
  clearPreview();
  busy(false);
});

importBtn.addEventListener('click', async () => {
  const i = chosen();
  if (!doc || !canImport()) return;
  busy(true);
  try {
    const t = doc.tables[i];
    const r = await server.importPlanText({ table: { rows: t.rows, copied: t.copied }, ...previewChoices() });
    message('ok', importedMessage(r));
    clearPreview();
  } catch (e) {
    message('bad', failureMessage(e));
  } finally {
    busy(false);
  }
});

address.addEventListener('keydown', (e) => {
  if (e.key === 'Enter') openBtn.click();
});
address.focus();
