/**
 * The progress sidebar ("Cập nhật tiến độ"): pick a task (search, "my tasks"), enter what was
 * done, and record it through submitProgress. The same validation as the server runs here
 * first for quick feedback; the server's answer is the one that counts.
 */
import { server, failureMessage } from '../lib/server';
import { $, fieldError, input, newSubmissionId } from '../lib/dom';
import { validateProgress, type ProgressErrors } from '../../core/progress';
import { matchKey } from '../../core/text';
import type { ProgressFormData, ProgressTaskOption } from '../../shared/rpc';
import type { ProgressInput } from '../../core/types';

const FIELDS = ['taskId', 'status', 'percent', 'channel', 'quantity', 'participants', 'note', 'evidenceUrl', 'reportDate', 'form'] as const;

let data: ProgressFormData | null = null;
let submissionId = newSubmissionId();
let busy = false;

function select(id: string): HTMLSelectElement {
  return $(id) as HTMLSelectElement;
}

function option(value: string, label: string): HTMLOptionElement {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  return o;
}

function taskLabel(t: ProgressTaskOption): string {
  return `${t.code}${t.stt ? ` (STT ${t.stt})` : ''} · ${t.task}`;
}

/** Characters of a list line that fit the 300 px sidebar; the full text is on hover and below. */
const LIST_CHARS = 34;

/** The task's line in the list: short enough to read at 300 px, its status first. */
function taskOption(t: ProgressTaskOption): HTMLOptionElement {
  const full = `${taskLabel(t)} — ${t.status}, ${t.percent}%`;
  const head = `${t.code} · ${t.percent}% · `;
  const room = Math.max(LIST_CHARS - head.length, 12);
  const o = option(t.code, head + (t.task.length > room ? `${t.task.slice(0, room - 1).trimEnd()}…` : t.task));
  o.title = full;
  return o;
}

/** dd/mm/yyyy of an ISO date, as dates are written in Vietnam. */
function dmy(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

function showReportDate(): void {
  const v = input('reportDate').value;
  $('reportDateText').textContent = v ? `Ngày ${dmy(v)}` : '';
}

function renderTasks(): void {
  if (!data) return;
  const list = select('taskId');
  const keep = list.value;
  const q = matchKey(input('taskSearch').value);
  const mineOnly = input('mine').checked;
  const shown = data.tasks.filter((t) => (!mineOnly || t.mine) && (!q || matchKey(`${t.code} ${t.stt} ${t.section} ${t.task} ${t.leads}`).includes(q)));
  // Tasks under the plan's group headings are listed under them, as in the plan.
  const items: HTMLElement[] = [];
  let group: HTMLOptGroupElement | null = null;
  for (const t of shown) {
    const o = taskOption(t);
    if (!t.section) {
      group = null;
      items.push(o);
      continue;
    }
    if (!group || group.label !== t.section) {
      group = document.createElement('optgroup');
      group.label = t.section;
      items.push(group);
    }
    group.append(o);
  }
  list.replaceChildren(...items);
  if (shown.some((t) => t.code === keep)) list.value = keep;
  else if (shown.length === 1) list.value = shown[0].code;
  const noneMine = mineOnly && !data.tasks.some((t) => t.mine);
  if (!shown.length) list.append(Object.assign(option('', noneMine ? 'Bạn chưa được giao nhiệm vụ nào' : 'Không có nhiệm vụ nào khớp'), { disabled: true }));
  $('mineInfo').textContent = noneMine
    ? `Bạn chưa được giao nhiệm vụ nào trong kế hoạch${data.user ? ` (theo email ${data.user} ở trang "Cán bộ")` : ''}. Bỏ chọn ô này để xem mọi nhiệm vụ.`
    : '';
  showTaskInfo();
}

function showTaskInfo(): void {
  const t = data?.tasks.find((x) => x.code === select('taskId').value);
  const info = $('taskInfo');
  if (!t) {
    info.textContent = '';
    return;
  }
  const parts = [taskLabel(t), `Chủ trì: ${t.leads || '—'}`, `Hiện tại: ${t.status}, ${t.percent}%`];
  if (t.section) parts.unshift(`Nhóm: ${t.section}`);
  if (t.deadline) parts.push(`Hạn: ${t.deadline}`);
  if (t.lastUpdate) parts.push(`Cập nhật: ${t.lastUpdate}`);
  info.textContent = parts.join(' · ');
  select('status').value = t.status;
  input('percent').value = String(t.percent);
}

/** "Số người tham dự" is asked only for the channels the office lists (hội nghị…). */
function showParticipants(): void {
  const on = !!data?.attendance?.includes(select('channel').value);
  $('participantsBox').hidden = !on;
  if (!on) {
    input('participants').value = '';
    fieldError('participants', undefined);
  }
}

function context() {
  return { codes: new Set(data!.tasks.map((t) => t.code)), channels: data!.channels, today: data!.today, planYear: data!.planYear, attendance: data!.attendance ?? [] };
}

function readForm(): ProgressInput {
  const people = input('participants').value;
  return {
    taskId: select('taskId').value,
    status: select('status').value as ProgressInput['status'],
    percent: input('percent').value === '' ? Number.NaN : Number(input('percent').value),
    channel: select('channel').value,
    quantity: input('quantity').value === '' ? 0 : Number(input('quantity').value),
    participants: $('participantsBox').hidden || people === '' ? null : Number(people),
    note: ($('note') as HTMLTextAreaElement).value,
    evidenceUrl: input('evidenceUrl').value.trim(),
    reportDate: input('reportDate').value,
    submissionId,
  };
}

function showErrors(errors: ProgressErrors): void {
  for (const f of FIELDS) fieldError(f, errors[f]);
  const first = FIELDS.find((f) => errors[f] && f !== 'form');
  if (first) document.getElementById(first)?.focus();
}

function showResult(kind: 'ok' | 'bad', text: string): void {
  const box = $('result');
  box.className = `msg ${kind}`;
  box.textContent = text;
  // At 300 px the form is taller than the sidebar: bring the answer into view.
  if (text && typeof box.scrollIntoView === 'function') box.scrollIntoView({ block: 'nearest' });
}

/** A field's error clears (or changes) as soon as the field is fixed. */
function recheck(field: (typeof FIELDS)[number]): void {
  if (!data || !document.getElementById(`err-${field}`)?.textContent) return;
  const local = validateProgress(readForm(), context());
  fieldError(field, local.ok ? undefined : local.errors[field]);
  if (!FIELDS.some((f) => f !== 'form' && document.getElementById(`err-${f}`)?.textContent) && $('result').classList.contains('bad')) {
    $('result').textContent = '';
    $('result').className = '';
  }
}

function setBusy(on: boolean): void {
  busy = on;
  ($('submit') as HTMLButtonElement).disabled = on;
  $('saving').hidden = !on;
}

function resetForm(): void {
  submissionId = newSubmissionId();
  input('quantity').value = '0';
  ($('note') as HTMLTextAreaElement).value = '';
  input('evidenceUrl').value = '';
  select('channel').value = '';
  showParticipants();
  if (data) input('reportDate').value = data.today;
  showReportDate();
  showTaskInfo();
}

async function submit(ev: Event): Promise<void> {
  ev.preventDefault();
  if (!data || busy) return;
  const entry = readForm();
  const local = validateProgress(entry, context());
  if (!local.ok) {
    showErrors(local.errors);
    showResult('bad', 'Chưa ghi được: xem các mục được đánh dấu.');
    return;
  }
  showErrors({});
  $('result').textContent = '';
  setBusy(true);
  try {
    const res = await server.submitProgress(entry);
    if (res.ok) {
      const t = data.tasks.find((x) => x.code === res.taskId);
      if (t) {
        t.status = entry.status;
        t.percent = entry.percent;
      }
      showResult('ok', `${res.message}${res.task ? ` — ${res.task}` : ''}`);
      resetForm();
    } else {
      showErrors(res.errors);
      showResult('bad', res.message);
    }
  } catch (e) {
    // The same submissionId is kept: retrying after a timeout records nothing twice.
    showResult('bad', `Chưa ghi được: ${failureMessage(e)} Bấm "Ghi tiến độ" để thử lại.`);
  } finally {
    setBusy(false);
  }
}

/** The form data the server printed into the page (null when the page was not templated). */
function printedData(): { data?: ProgressFormData; error?: string } | null {
  const text = document.getElementById('initial')?.textContent ?? '';
  try {
    const v = JSON.parse(text) as { data?: ProgressFormData; error?: string } | null;
    return v && typeof v === 'object' && (v.data || v.error) ? v : null;
  } catch {
    return null;
  }
}

async function init(): Promise<void> {
  const printed = printedData();
  if (printed?.error) {
    $('loading').textContent = `Không tải được danh sách nhiệm vụ: ${printed.error}`;
    return;
  }
  try {
    data = printed?.data ?? (await server.getProgressFormData());
  } catch (e) {
    $('loading').textContent = `Không tải được danh sách nhiệm vụ: ${failureMessage(e)}`;
    return;
  }
  select('status').replaceChildren(...data.statuses.map((s) => option(s, s)));
  select('channel').replaceChildren(option('', '— Không ghi —'), ...data.channels.map((c) => option(c, c)));
  input('reportDate').value = data.today;
  input('reportDate').max = data.today;
  showReportDate();
  if (data.user) {
    // Shown to everyone who is known; ticked when they have tasks (else it says why it is empty).
    $('mineLabel').hidden = false;
    input('mine').checked = data.tasks.some((t) => t.mine);
  }
  renderTasks();
  $('loading').hidden = true;
  ($('fields') as HTMLFieldSetElement).disabled = false;
  if (!data.tasks.length) showResult('bad', 'Kế hoạch chưa có nhiệm vụ nào. Chạy "Thiết lập bảng theo dõi" hoặc "Nhập kế hoạch từ văn bản".');
  input('taskSearch').focus();
}

input('taskSearch').addEventListener('input', renderTasks);
input('mine').addEventListener('change', renderTasks);
select('taskId').addEventListener('change', showTaskInfo);
select('channel').addEventListener('change', showParticipants);
select('status').addEventListener('change', () => {
  const s = select('status').value;
  if (s === 'Hoàn thành') input('percent').value = '100';
  if (s === 'Chưa thực hiện') input('percent').value = '0';
});
input('reportDate').addEventListener('input', showReportDate);
for (const f of FIELDS) {
  if (f === 'form') continue;
  const control = document.getElementById(f);
  control?.addEventListener('input', () => recheck(f));
  control?.addEventListener('change', () => recheck(f));
}
// Status and percent go together: fixing one may fix the other's message.
select('status').addEventListener('change', () => recheck('percent'));
input('percent').addEventListener('input', () => recheck('status'));
$('form').addEventListener('submit', (ev) => void submit(ev));
void init();
