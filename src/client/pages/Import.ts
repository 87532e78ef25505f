/**
 * "Nhập kế hoạch từ văn bản": paste the appendix table, see what will be added or changed,
 * then import it. Nothing is written before the office has seen the preview.
 */
import { server, failureMessage } from '../lib/server';
import { $, fieldError, h } from '../lib/dom';
import type { ImportInput, ImportPreview } from '../../shared/rpc';

const text = $('text') as HTMLTextAreaElement;
const previewBtn = $('preview') as HTMLButtonElement;
const importBtn = $('import') as HTMLButtonElement;
let previewedText = '';
/** The preview found something to import. */
let importable = false;
/**
 * The clipboard's two flavours when a table was pasted: Word, Google Docs and LibreOffice
 * give the table as HTML (cells, merged cells, paragraphs) besides the plain text shown.
 */
let pasted: { html: string; text: string } | null = null;

function canImport(): boolean {
  return importable && !!previewedText && previewedText === text.value;
}

function busy(on: boolean): void {
  previewBtn.disabled = on;
  importBtn.disabled = on || !canImport();
  $('busy').hidden = !on;
}

/** What is sent: the HTML and text of the paste while the box still shows that paste. */
function input(): ImportInput {
  return pasted && pasted.text === text.value ? pasted : text.value;
}

/** The paste with the clerk's choices in the preview: confirmed suggestions, replacing the sample. */
function inputWithChoices(): ImportInput {
  const given = input();
  const base = typeof given === 'string' ? { text: given } : given;
  const aliases = Array.from(document.querySelectorAll<HTMLInputElement>('input[data-phrase]:checked'), (c) => ({ phrase: c.dataset.phrase ?? '', unit: c.dataset.unit ?? '' }));
  const replace = document.getElementById('replaceSample') as HTMLInputElement | null;
  return { ...base, aliases, replaceSample: !!replace?.checked };
}

text.addEventListener('paste', (e: ClipboardEvent) => {
  const data = e.clipboardData;
  const html = data?.getData('text/html') ?? '';
  if (!data || !/<table[\s>]/i.test(html)) {
    pasted = null;
    return;
  }
  e.preventDefault();
  const plain = data.getData('text/plain');
  text.value = plain;
  // The box keeps its own line ends (\r\n reads back as \n): compare with what it holds.
  pasted = { html, text: text.value };
  $('pasteKind').textContent = 'Đã nhận bảng kèm định dạng (ô gộp, nhiều đoạn trong một ô được giữ nguyên).';
  text.dispatchEvent(new Event('input'));
});

function message(kind: 'ok' | 'bad', msg: string): void {
  const box = $('result');
  box.className = `msg ${kind}`;
  box.textContent = msg;
}

function renderPreview(p: ImportPreview): void {
  const box = $('previewBox');
  box.replaceChildren();
  const summary = `Sẽ thêm ${p.toAdd.length} nhiệm vụ mới, cập nhật ${p.toUpdate.length}, giữ nguyên ${p.unchanged}.`;
  box.append(h('p', {}, summary));
  if (!p.importable) box.append(h('p', { class: 'err' }, 'Không có nhiệm vụ nào để nhập từ bảng này.'));
  if (p.problems.length) {
    box.append(h('p', { class: 'err' }, 'Cần xem lại:'), h('ul', {}, ...p.problems.map((x) => h('li', { class: 'err' }, x))));
  }
  if (p.sample > 0 && p.importable) {
    const box2 = h('label', { class: 'check' }, h('input', { type: 'checkbox', id: 'replaceSample' }), ` Thay ${p.sample} nhiệm vụ mẫu (kế hoạch mẫu xã Tân Việt, chưa có tiến độ) bằng kế hoạch này`);
    box.append(h('p', {}, box2));
  }
  const outside = p.units.filter((u) => u.kind === 'outside');
  const near = p.units.filter((u) => u.kind === 'unknown' && u.suggestion);
  const unknown = p.units.filter((u) => u.kind === 'unknown' && !u.suggestion);
  if (near.length) {
    box.append(
      h('p', {}, 'Đơn vị gần giống (đánh dấu để thêm vào "Tên gọi khác" của đơn vị trong trang "Cán bộ"):'),
      h('ul', { id: 'suggestions' }, ...near.map((u) => h('li', {}, h('label', {}, h('input', { type: 'checkbox', 'data-phrase': u.phrase, 'data-unit': u.suggestion }), ` “${u.phrase}” — Có phải là “${u.suggestion}”?`)))),
    );
  }
  if (unknown.length) {
    box.append(h('p', { class: 'err' }, 'Chưa có trong trang "Cán bộ" (sẽ không ai được nhắc cho các đơn vị này):'), h('ul', {}, ...unknown.map((u) => h('li', { class: 'err' }, `“${u.phrase}” (dòng ${u.rows.join(', ')})`))));
  }
  if (outside.length) {
    box.append(h('p', {}, 'Cơ quan ngoài xã (ghi nguyên văn, không gửi nhắc việc):'), h('ul', { id: 'outside' }, ...outside.map((u) => h('li', {}, u.phrase))));
  }
  if (p.toAdd.length) {
    const table = h('table', { class: 'list' }, h('tr', {}, h('th', {}, 'Mã'), h('th', {}, 'STT'), h('th', {}, 'Nhiệm vụ'), h('th', {}, 'Chủ trì'), h('th', {}, 'Thời gian')));
    let section = '';
    for (const t of p.toAdd) {
      if (t.section && t.section !== section) table.append(h('tr', { class: 'section' }, h('th', { colspan: '5', style: 'text-align:left' }, t.section)));
      section = t.section;
      const when = t.timeframeProblem ? h('span', { class: 'err' }, `${t.timeframeText} — chưa đọc được`) : `${t.timeframeText}${t.deadline ? ` (hạn ${t.deadline})` : ''}`;
      table.append(h('tr', {}, h('td', {}, t.code), h('td', {}, t.stt), h('td', {}, t.task), h('td', {}, t.leadText), h('td', {}, when)));
    }
    box.append(table);
  }
  if (p.toUpdate.length) {
    box.append(h('p', {}, 'Sẽ cập nhật:'), h('ul', {}, ...p.toUpdate.map((u) => h('li', {}, `${u.code}: ${u.fields.join(', ')}`))));
  }
}

previewBtn.addEventListener('click', async () => {
  fieldError('text', undefined);
  if (!text.value.trim()) {
    fieldError('text', 'Chưa dán bảng nào.');
    text.focus();
    return;
  }
  busy(true);
  try {
    const p = await server.previewImport(input());
    previewedText = text.value;
    importable = p.importable;
    renderPreview(p);
    $('result').textContent = '';
    $('result').className = '';
  } catch (e) {
    previewedText = '';
    importable = false;
    message('bad', failureMessage(e));
  } finally {
    busy(false);
  }
});

importBtn.addEventListener('click', async () => {
  busy(true);
  try {
    const r = await server.importPlanText(inputWithChoices());
    const extra = [r.sampleReplaced ? ` Đã thay ${r.sampleReplaced} nhiệm vụ mẫu.` : '', r.aliasesAdded ? ` Đã thêm ${r.aliasesAdded} tên gọi khác vào trang "Cán bộ".` : ''].join('');
    message('ok', `Đã thêm ${r.added} nhiệm vụ${r.codes.length ? ` (${r.codes[0]}${r.codes.length > 1 ? ` – ${r.codes[r.codes.length - 1]}` : ''})` : ''}, cập nhật ${r.updated}, giữ nguyên ${r.unchanged}.${extra}`);
    previewedText = '';
    importable = false;
    $('previewBox').replaceChildren();
  } catch (e) {
    message('bad', failureMessage(e));
  } finally {
    busy(false);
  }
});

text.addEventListener('input', () => {
  if (pasted && pasted.text !== text.value) {
    pasted = null;
    $('pasteKind').textContent = '';
  }
  importBtn.disabled = !canImport();
});
text.focus();
