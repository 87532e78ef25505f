/**
 * The web form behind a reminder's "Cập nhật tiến độ" link. The server rendered everything
 * (escaped); this script only checks the fields (the same rules as the server, for quick
 * feedback on a phone) and sends them with google.script.run.submitAnswer. On a slow or
 * broken connection the typed text stays, and a retry sends the same submissionId, so the
 * entry is never recorded twice.
 */
import { server, failureMessage } from '../lib/server';
import { $, fieldError, input, newSubmissionId } from '../lib/dom';
import { validateProgress, type ProgressErrors } from '../../core/progress';
import type { ProgressInput, Status } from '../../core/types';

const FIELDS = ['status', 'percent', 'channel', 'quantity', 'participants', 'note', 'evidenceUrl', 'reportDate', 'form'] as const;

const form = document.getElementById('form') as HTMLFormElement | null;
let busy = false;

function select(id: string): HTMLSelectElement {
  return $(id) as HTMLSelectElement;
}

/** The channels that carry "Số người tham dự" (their options are marked by the server). */
function attendance(): string[] {
  return Array.from(select('channel').options)
    .filter((o) => o.dataset.people)
    .map((o) => o.value);
}

function showParticipants(): void {
  const on = attendance().includes(select('channel').value);
  $('participantsBox').hidden = !on;
  if (!on) input('participants').value = '';
}

function readForm(): ProgressInput {
  const people = input('participants').value;
  return {
    taskId: input('taskId').value,
    status: select('status').value as Status,
    percent: input('percent').value === '' ? Number.NaN : Number(input('percent').value),
    channel: select('channel').value,
    quantity: input('quantity').value === '' ? 0 : Number(input('quantity').value),
    participants: $('participantsBox').hidden || people === '' ? null : Number(people),
    note: ($('note') as HTMLTextAreaElement).value,
    evidenceUrl: input('evidenceUrl').value.trim(),
    reportDate: input('reportDate').value,
    submissionId: input('submissionId').value,
  };
}

function showErrors(errors: ProgressErrors): void {
  for (const f of FIELDS) fieldError(f, errors[f]);
  const first = FIELDS.find((f) => errors[f] && f !== 'form');
  if (first) document.getElementById(first)?.focus();
}

function showResult(kind: 'ok' | 'bad' | '', text: string): void {
  const box = $('result');
  box.className = kind ? `msg ${kind}` : '';
  box.textContent = text;
}

function setBusy(on: boolean): void {
  busy = on;
  ($('submit') as HTMLButtonElement).disabled = on;
  $('saving').hidden = !on;
}

function channels(): string[] {
  return Array.from(select('channel').options)
    .map((o) => o.value)
    .filter(Boolean);
}

async function submit(ev: Event): Promise<void> {
  ev.preventDefault();
  if (!form || busy) return;
  const entry = readForm();
  const local = validateProgress(entry, {
    codes: new Set([entry.taskId.toUpperCase()]),
    channels: channels(),
    today: form.dataset.today ?? entry.reportDate,
    planYear: Number(form.dataset.planYear),
    attendance: attendance(),
  });
  if (!local.ok) {
    showErrors(local.errors);
    showResult('bad', 'Chưa gửi được: xem các mục được đánh dấu.');
    return;
  }
  showErrors({});
  showResult('', '');
  setBusy(true);
  try {
    const res = await server.submitAnswer(input('token').value, entry);
    if (res.ok) {
      $('current').textContent = `${entry.status}, ${entry.percent}%`;
      showResult('ok', `${res.message} Có thể đóng trang này, hoặc ghi thêm một kết quả khác của nhiệm vụ.`);
      // A further entry is a new submission; the status and percent stay as reported.
      input('submissionId').value = newSubmissionId();
      input('quantity').value = '0';
      ($('note') as HTMLTextAreaElement).value = '';
      input('evidenceUrl').value = '';
      select('channel').value = '';
      showParticipants();
    } else {
      showErrors(res.errors);
      showResult('bad', res.message);
    }
  } catch (e) {
    // Same submissionId on retry: an entry that did reach the server is not recorded twice.
    showResult('bad', `Chưa gửi được: ${failureMessage(e)} Kiểm tra kết nối mạng rồi bấm "Ghi tiến độ" để gửi lại.`);
  } finally {
    setBusy(false);
  }
}

if (form) {
  select('status').addEventListener('change', () => {
    const s = select('status').value;
    if (s === 'Hoàn thành') input('percent').value = '100';
    if (s === 'Chưa thực hiện') input('percent').value = '0';
    if (s === 'Đang thực hiện' && ['0', '100'].includes(input('percent').value)) input('percent').value = '';
  });
  input('percent').addEventListener('change', () => {
    const p = Number(input('percent').value);
    if (input('percent').value === '') return;
    if (p === 100) select('status').value = 'Hoàn thành';
    else if (p > 0 && p < 100) select('status').value = 'Đang thực hiện';
  });
  // The date as Vietnamese write it, whatever the phone's language shows in the field.
  const showDate = () => {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(input('reportDate').value);
    const box = document.getElementById('reportDateText');
    if (box) box.textContent = m ? `Ngày ${m[3]}/${m[2]}/${m[1]}` : '';
  };
  input('reportDate').addEventListener('input', showDate);
  select('channel').addEventListener('change', showParticipants);
  showDate();
  form.addEventListener('submit', (ev) => void submit(ev));
}
