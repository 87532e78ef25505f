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
const previewBtn = $('preview') as HTMLButtonElement;
const generateBtn = $('generate') as HTMLButtonElement;

/** The period text and issue date last previewed; "Tạo báo cáo" needs the same. */
let previewed: { period: string; issuedOn: string } | null = null;
/** The prefilled text of each narrative part, to tell the office's edits from it. */
let prefill: Partial<Record<NarrativeKey, string>> = {};
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
  const c = p.counts;
  box.append(
    h('p', {}, `${c.total} nhiệm vụ: ${c.done} hoàn thành, ${c.inProgress} đang thực hiện, ${c.notStarted} chưa thực hiện; ${c.overdue} quá hạn.`),
  );

  const channels = h('table', { class: 'list' }, h('tr', {}, h('th', {}, 'Hình thức tuyên truyền'), h('th', { class: 'num' }, 'Số lượng'), h('th', { class: 'num' }, 'Số lần cập nhật')));
  for (const ch of p.channels) channels.append(h('tr', {}, cell(ch.channel), cell(ch.quantity, 'num'), cell(ch.entries, 'num')));
  const entries = p.channels.reduce((n, ch) => n + ch.entries, 0);
  channels.append(h('tr', {}, h('th', {}, 'Tổng cộng'), h('th', { class: 'num' }, String(p.totalQuantity)), h('th', { class: 'num' }, String(entries))));
  box.append(channels);

  const tasks = h('table', { class: 'list', style: 'margin-top:10px' }, h('tr', {}, h('th', {}, 'STT'), h('th', {}, 'Nhiệm vụ'), h('th', {}, 'Chủ trì'), h('th', {}, 'Tình trạng'), h('th', {}, 'Kết quả trong kỳ')));
  for (const t of p.tasks) {
    const status = t.overdue ? `${t.status} — quá hạn` : t.status;
    const row = h('tr', t.overdue ? { class: 'warn' } : {}, cell(t.stt), cell(t.task), cell(t.leads), cell(status), cell(t.done || 'Chưa có kết quả trong kỳ.'));
    tasks.append(row);
  }
  box.append(tasks);
}

function renderNarrative(p: ReportPreview): void {
  const host = $('narrative');
  for (const s of p.sections) {
    const id = `n-${s.key}`;
    let area = document.getElementById(id) as HTMLTextAreaElement | null;
    if (!area) {
      area = h('textarea', { id, rows: '4' });
      host.append(h('label', { for: id }, s.title), area);
    }
    // A part the office has not edited follows the data; an edited one is kept.
    const old = prefill[s.key];
    if (old === undefined || area.value.trim() === old.trim()) area.value = p.narrative[s.key];
  }
  prefill = { ...p.narrative };
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
  const spec: ReportSpec = { period: previewed.period, narrative: editedNarrative(), issuedOn: previewed.issuedOn || undefined };
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
      h('br'),
      // Apps Script cannot insert page-number fields: the office adds them before printing.
      h('span', { class: 'muted' }, 'Trước khi in: nếu báo cáo dài hơn một trang, thêm số trang trong Google Docs (Chèn → Số trang, chọn kiểu không đánh số trang đầu).'),
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
