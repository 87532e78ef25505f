/**
 * The preview of an import and the clerk's choices in it, shared by "Nhập kế hoạch từ văn bản"
 * (Import.ts) and "Nhập kế hoạch từ Google Docs" (ImportDoc.ts): the same words, the same
 * checkboxes, the same summary after importing.
 */
import { h } from './dom';
import type { ImportPreview, ImportResult } from '../../shared/rpc';

/** Draws what importing would do into `box`. */
export function renderPreview(box: HTMLElement, p: ImportPreview): void {
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

/** What the clerk chose in the preview: confirmed suggestions ("Có phải là …?"), replacing the sample. */
export function previewChoices(): { aliases: { phrase: string; unit: string }[]; replaceSample: boolean } {
  const aliases = Array.from(document.querySelectorAll<HTMLInputElement>('input[data-phrase]:checked'), (c) => ({ phrase: c.dataset.phrase ?? '', unit: c.dataset.unit ?? '' }));
  const replace = document.getElementById('replaceSample') as HTMLInputElement | null;
  return { aliases, replaceSample: !!replace?.checked };
}

/** The sentence saying what an import did. */
export function importedMessage(r: ImportResult): string {
  const extra = [r.sampleReplaced ? ` Đã thay ${r.sampleReplaced} nhiệm vụ mẫu.` : '', r.aliasesAdded ? ` Đã thêm ${r.aliasesAdded} tên gọi khác vào trang "Cán bộ".` : ''].join('');
  return `Đã thêm ${r.added} nhiệm vụ${r.codes.length ? ` (${r.codes[0]}${r.codes.length > 1 ? ` – ${r.codes[r.codes.length - 1]}` : ''})` : ''}, cập nhật ${r.updated}, giữ nguyên ${r.unchanged}.${extra}`;
}
