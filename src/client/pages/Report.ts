/**
 * "Tạo báo cáo định kỳ": pick the period and year (or a date range), see the figures first
 * ("Xem số liệu" → previewReport), edit the narrative parts prefilled from the data, then
 * make the Doc ("Tạo báo cáo" → generateReport) and open it from the link shown at the end.
 * A report is only made for the period last previewed; after one is made, the button waits
 * for a new preview, so a double click never uses two numbers.
 */
import { server, failureMessage } from '../lib/server';
import { $, fieldError, h, input } from '../lib/dom';
import type { NarrativeKey } from '../../core/report';
import type { ReportPreview, ReportSpec } from '../../shared/rpc';

const ROMAN = ['I', 'II', 'III', 'IV'];
const kind = $('kind') as HTMLSelectElement;
const year = input('year');
const issuedOn = input('issuedOn');
const from = input('from');
const to = input('to');
const appendix = input('appendix');
const again = input('again');
const previewBtn = $('preview') as HTMLButtonElement;
const generateBtn = $('generate') as HTMLButtonElement;

/** The period text and issue date last previewed; "Tạo báo cáo" needs the same. */
let previewed: { period: string; issuedOn: string } | null = null;
/** The prefilled text of each narrative part, to tell the office's edits from it. */
let prefill: Partial<Record<NarrativeKey, string>> = {};
/** The parts the office is to write, and whether it already confirmed leaving them as prefilled. */
let officeKeys: NarrativeKey[] = [];
let confirmedAsIs = false;
let lastPreview: ReportPreview | null = null;
let planYear = 0;
let busyNow = false;

function dmy(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

function message(kind: 'ok' | 'bad' | '', ...content: (Node | string)[]): void {
  const box = $('result');
  box.className = kind ? `msg ${kind}` : '';
  box.replaceChildren(...content);
}

function busy(on: boolean, text = 'Đang xử lý…'): void {
  busyNow = on;
  previewBtn.disabled = on;
  $('busyText').textContent = text;
  $('busy').hidden = !on;
  refreshGenerate();
}

/** The period as the server reads it ("Quý I/2024", "15/12/2023 - 14/03/2024"), "" when incomplete. */
function periodOf(): string {
  const k = kind.value;
  if (k === 'custom') return from.value && to.value ? `${dmy(from.value)} - ${dmy(to.value)}` : '';
  const y = year.value.trim();
  if (/^q[1-4]$/.test(k)) return `Quý ${ROMAN[Number(k[1]) - 1]}/${y}`;
  if (k === 'h1') return `6 tháng đầu năm ${y}`;
  if (k === 'h2') return `6 tháng cuối năm ${y}`;
  if (k === 'm9') return `9 tháng năm ${y}`;
  return `Năm ${y}`;
}

/** The selection, or null with the field errors shown. */
function checkedSelection(): { period: string; issuedOn: string } | null {
  for (const f of ['kind', 'year', 'from', 'to', 'issuedOn']) fieldError(f, undefined);
  if (kind.value === 'custom') {
    if (!from.value) fieldError('from', 'Chọn ngày bắt đầu.');
    if (!to.value) fieldError('to', 'Chọn ngày kết thúc.');
    if (!from.value || !to.value) return null;
    if (from.value > to.value) {
      fieldError('to', 'Ngày kết thúc phải sau ngày bắt đầu.');
      return null;
    }
  } else {
    const y = Number(year.value);
    if (!Number.isInteger(y) || y < 2000 || y > 2100) {
      fieldError('year', 'Nhập năm, ví dụ 2024.');
      return null;
    }
  }
  return { period: periodOf(), issuedOn: issuedOn.value };
}

function refreshGenerate(): void {
  generateBtn.disabled = busyNow || !previewed || periodOf() !== previewed.period || issuedOn.value !== previewed.issuedOn;
}

function cell(text: string | number, cls = ''): HTMLTableCellElement {
  const td = h('td', cls ? { class: cls } : {});
  // Line breaks of "what was done" kept as lines; text always goes in as text.
  String(text)
    .split('\n')
    .forEach((line, i) => {
      if (i) td.append(h('br'));
      td.append(line);
    });
  return td;
}

function renderPreview(p: ReportPreview): void {
  const box = $('previewBox');
  box.replaceChildren();
  box.className = 'section';
  box.append(
    h('h1', {}, `Số liệu ${p.period}`),
    h('p', {}, `Số liệu từ ngày ${dmy(p.from)} đến ngày ${dmy(p.to)} — ${p.ruleLabel}.`),
    h('p', { id: 'numberLine' }, `Báo cáo sẽ mang số ${p.nextNumber} (cấp khi bấm "Tạo báo cáo"), ngày ${dmy(p.issuedOn)}.`),
  );
  if (p.problems.length) {
    box.append(h('p', { class: 'err' }, 'Cần xem lại:'), h('ul', {}, ...p.problems.map((x) => h('li', { class: 'err' }, x))));
  }
  box.append(h('p', { id: 'countsLine' }, `${p.counts.total} nhiệm vụ: ${p.countsText}.`));

  const people = p.channels.some((ch) => ch.participants > 0);
  const channels = h('table', { class: 'list' }, h('tr', {}, h('th', {}, 'Hình thức tuyên truyền'), h('th', {}, 'Đơn vị tính'), h('th', { class: 'num' }, 'Số lượng'), ...(people ? [h('th', { class: 'num' }, 'Lượt người tham dự')] : [])));
  for (const ch of p.channels) channels.append(h('tr', {}, cell(ch.channel), cell(ch.unit), cell(ch.quantity, 'num'), ...(people ? [cell(ch.participants || '', 'num')] : [])));
  box.append(channels);

  const tasks = h('table', { class: 'list', style: 'margin-top:10px' }, h('tr', {}, h('th', {}, 'STT'), h('th', {}, 'Nhiệm vụ'), h('th', {}, 'Chủ trì'), h('th', {}, 'Tình trạng'), h('th', {}, 'Kết quả trong kỳ')));
  for (const t of p.tasks) {
    const row = h('tr', t.overdue ? { class: 'warn' } : {}, cell(t.stt), cell(t.task), cell(t.leads), cell(t.statusText), cell(t.done || 'Chưa có kết quả trong kỳ.'));
    tasks.append(row);
  }
  box.append(tasks);
  $('againBox').hidden = !p.existing;
  if (!p.existing) again.checked = false;
}

/** Marks the office's parts still as prefilled (or still holding "[…]") as to be written. */
function markTodo(): void {
  for (const key of officeKeys) {
    const area = document.getElementById(`n-${key}`) as HTMLTextAreaElement | null;
    const note = document.getElementById(`todo-${key}`);
    if (!area || !note) continue;
    const todo = area.value.trim() === (prefill[key] ?? '').trim() || /\[[^\]\n]{3,}\]/.test(area.value);
    area.classList.toggle('todo', todo);
    note.hidden = !todo;
  }
}

function renderNarrative(p: ReportPreview): void {
  const host = $('narrative');
  for (const s of p.sections) {
    const id = `n-${s.key}`;
    let area = document.getElementById(id) as HTMLTextAreaElement | null;
    if (!area) {
      area = h('textarea', { id, rows: '4' });
      const office = p.officeKeys.includes(s.key);
      host.append(h('label', { for: id }, office ? `${s.title} (Văn phòng viết)` : s.title), area);
      if (office) {
        host.append(h('div', { id: `todo-${s.key}`, class: 'todoNote' }, 'Phần này Văn phòng cần tự viết: sửa nội dung gợi ý, thay các chỗ trong [ ].'));
        area.addEventListener('input', markTodo);
      }
    }
    // A part the office has not edited follows the data; an edited one is kept.
    const old = prefill[s.key];
    if (old === undefined || area.value.trim() === old.trim()) area.value = p.narrative[s.key];
  }
  prefill = { ...p.narrative };
  officeKeys = [...p.officeKeys];
  markTodo();
  $('narrativeBox').hidden = false;
}

/** Only the parts the office changed: the others are prefilled again from the data on the server. */
function editedNarrative(): ReportSpec['narrative'] {
  const out: Partial<Record<NarrativeKey, string>> = {};
  for (const key of Object.keys(prefill) as NarrativeKey[]) {
    const area = document.getElementById(`n-${key}`) as HTMLTextAreaElement | null;
    if (area && area.value.trim() !== (prefill[key] ?? '').trim()) out[key] = area.value;
  }
  return out;
}

previewBtn.addEventListener('click', async () => {
  const sel = checkedSelection();
  if (!sel) return;
  busy(true, 'Đang tính số liệu…');
  message('');
  try {
    const p = await server.previewReport({ period: sel.period, issuedOn: sel.issuedOn || undefined });
    previewed = sel;
    lastPreview = p;
    confirmedAsIs = false;
    renderPreview(p);
    renderNarrative(p);
  } catch (e) {
    previewed = null;
    message('bad', failureMessage(e));
  } finally {
    busy(false);
  }
});

generateBtn.addEventListener('click', async () => {
  if (!previewed) return;
  const p = lastPreview;
  if (p?.existing && !again.checked) {
    message('bad', `Kỳ ${p.period} đã có báo cáo số ${p.existing.number} ngày ${dmy(p.existing.date)}. Muốn lập báo cáo thay thế, bổ sung, đánh dấu ô "Lập báo cáo thay thế, bổ sung".`);
    return;
  }
  if (p?.outsidePlanYear && !window.confirm(`Kỳ ${p.period} nằm ngoài năm kế hoạch ${planYear}. Vẫn tạo báo cáo (sẽ dùng một số mới)?`)) return;
  const unwritten = officeKeys.filter((k) => (document.getElementById(`n-${k}`) as HTMLTextAreaElement | null)?.classList.contains('todo'));
  if (unwritten.length && !confirmedAsIs) {
    const titles = unwritten.map((k) => p?.sections.find((x) => x.key === k)?.title ?? k).join(', ');
    if (!window.confirm(`Các mục ${titles} vẫn là nội dung gợi ý (tô vàng). Vẫn tạo báo cáo với nội dung này?`)) return;
    confirmedAsIs = true;
  }
  const spec: ReportSpec = { period: previewed.period, narrative: editedNarrative(), issuedOn: previewed.issuedOn || undefined, appendix: appendix.checked, again: again.checked };
  busy(true, 'Đang tạo báo cáo (có thể mất nửa phút)…');
  message('');
  try {
    const r = await server.generateReport(spec);
    previewed = null; // a new report needs a new preview: one click, one number
    const line = document.getElementById('numberLine');
    if (line) line.textContent = `Đã cấp số ${r.number} cho báo cáo này. Muốn lập báo cáo khác, bấm "Xem số liệu" lại.`;
    const link = h('a', { href: r.url, target: '_blank', rel: 'noopener' }, `Mở báo cáo số ${r.number}`);
    message(
      'ok',
      `Đã tạo báo cáo số ${r.number} (số liệu từ ${dmy(r.from)} đến ${dmy(r.to)}), lưu trong thư mục "${r.folder}" trên Google Drive. `,
      h('span', { class: 'linkbox' }, link),
      r.pdfUrl ? h('span', { class: 'linkbox' }, ' · ', h('a', { href: r.pdfUrl, target: '_blank', rel: 'noopener' }, 'Bản PDF')) : ' (chưa tạo được bản PDF: tải từ Google Docs, Tệp → Tải xuống → PDF)',
      h('br'),
      // The report is a copy of the template carrying the page number (src/server/driveFiles.ts);
      // that Drive's conversion keeps Word's page field is not verified live: say how to check.
      h('span', { class: 'muted' }, 'Số trang: báo cáo được đánh số trang ở giữa lề trên từ trang 2 (trang đầu không đánh số), theo Nghị định 30/2020. Nếu mở báo cáo mà không thấy số trang (Kiểm tra hệ thống cũng báo), chọn Chèn → Số trang (kiểu không đánh số trang đầu), rồi Tệp → Tải xuống → PDF.'),
    );
    link.focus();
  } catch (e) {
    message('bad', failureMessage(e));
  } finally {
    busy(false);
  }
});

function showCustom(): void {
  const custom = kind.value === 'custom';
  $('customBox').hidden = !custom;
  $('yearBox').hidden = custom;
}

for (const el of [kind, year, from, to, issuedOn]) {
  el.addEventListener('input', refreshGenerate);
  el.addEventListener('change', () => {
    showCustom();
    refreshGenerate();
  });
}

server
  .getReportOptions()
  .then((o) => {
    planYear = o.planYear;
    kind.value = o.suggested.kind;
    year.value = String(o.suggested.year);
    issuedOn.value = o.today;
    $('ruleInfo').textContent = `Cách tính kỳ: ${o.ruleLabel}. Báo cáo được lưu vào thư mục "${o.folder}" trên Google Drive.`;
    showCustom();
    ($('fields') as HTMLFieldSetElement).disabled = false;
    $('loading').remove();
    kind.focus();
  })
  .catch((e) => {
    $('loading').textContent = failureMessage(e);
  });
