/**
 * The web app behind the links in reminder emails ("Cập nhật tiến độ"). The manifest deploys
 * it executing as the owner, open to anyone with the link: the signed token is what says who
 * may report on which task.
 *
 * - `doGet(e)` with `?t=<token>` shows the form for the token's task. It records nothing (mail
 *   scanners open links). A token that was altered, has expired or names another task than
 *   asked is refused with a plain Vietnamese page. Without a token: a short explanation.
 * - The form submits through `google.script.run.submitAnswer(token, entry)`. A plain HTML form
 *   POST is not used by the page: HtmlService serves the page in a sandboxed iframe that may not
 *   navigate the top window in a container-bound project (no allow-top-navigation), and a POST
 *   inside the iframe would land on a script.google.com page that refuses to be framed.
 *   google.script.run keeps the page (and what was typed) on a slow connection, and a retry
 *   carries the same submissionId, so nothing is recorded twice.
 * - `doPost(e)` accepts the same fields as form parameters (e.parameter) for clients that post
 *   (the playground, scripts) and answers with a page; the same checks apply.
 * Every entry goes through recordProgress (validation, lock, idempotency) with source "web"
 * and the token's email as the reporter.
 */
import { STATUSES, type ProgressInput } from '../core/types';
import { verifyToken, type TokenResult } from '../core/tokens';
import { addDays, formatDmy, vnDateOf } from '../core/dates';
import { clean } from '../core/text';
import type { SubmitResult } from '../shared/rpc';
import { activeSpreadsheet, UserError } from './sheets';
import { loadPlan } from './plan';
import { recordProgress } from './progress';
import { linkSecret, retiredSecrets, signerFor } from './secret';
import { userMessage } from './ui';
import { rememberWebAppAddress } from './webAppAddress';

type WebEvent = Partial<GoogleAppsScript.Events.DoGet> & { parameter?: Record<string, unknown> };

const PAGE = 'Answer';

interface PageData {
  view: 'form' | 'message';
  title: string;
  heading: string;
  /** message view */
  kind: 'ok' | 'bad' | 'info';
  message: string;
  hint: string;
  /** form view */
  task: { code: string; name: string; product: string; deadline: string; status: string; percent: number };
  email: string;
  token: string;
  submissionId: string;
  statuses: string[];
  channels: string[];
  /** Channels whose entries carry "Số người tham dự". */
  attendance: string[];
  today: string;
  minDate: string;
  planYear: number;
  expires: string;
  values: { status: string; percent: string; channel: string; quantity: string; participants: string; note: string; evidenceUrl: string; reportDate: string };
  errors: Record<string, string>;
  notice: string;
}

function emptyPage(): PageData {
  return {
    view: 'message',
    title: 'Cập nhật tiến độ',
    heading: 'Cập nhật tiến độ',
    kind: 'info',
    message: '',
    hint: '',
    task: { code: '', name: '', product: '', deadline: '', status: '', percent: 0 },
    email: '',
    token: '',
    submissionId: '',
    statuses: [...STATUSES],
    channels: [],
    attendance: [],
    today: '',
    minDate: '',
    planYear: 0,
    expires: '',
    values: { status: '', percent: '', channel: '', quantity: '0', participants: '', note: '', evidenceUrl: '', reportDate: '' },
    errors: {},
    notice: '',
  };
}

function render(data: PageData): GoogleAppsScript.HTML.HtmlOutput {
  const template = HtmlService.createTemplateFromFile(PAGE);
  Object.assign(template, data);
  return template
    .evaluate()
    .setTitle(data.title)
    .addMetaTag('viewport', 'width=device-width, initial-scale=1')
    // Not framable by other sites: the form records in the link holder's name (clickjacking).
    .setXFrameOptionsMode(HtmlService.XFrameOptionsMode.DEFAULT);
}

function messagePage(heading: string, message: string, kind: PageData['kind'], hint = ''): GoogleAppsScript.HTML.HtmlOutput {
  return render({ ...emptyPage(), heading, message, kind, hint });
}

const NO_TOKEN_MESSAGE =
  'Đây là trang cập nhật tiến độ các nhiệm vụ trong kế hoạch tuyên truyền cải cách hành chính của xã. Trang chỉ mở được từ đường dẫn "Cập nhật tiến độ" trong thư nhắc việc gửi tới cán bộ được giao nhiệm vụ.';
const REFUSED_HINT = 'Không có thông tin nào được ghi. Nếu cần hỗ trợ, vui lòng liên hệ Văn phòng HĐND&UBND xã.';
/**
 * An answer that arrives without its task code (a POST or a form missing the field the page
 * carries): the link or the page was cut or damaged on the way, not meant for another task.
 */
export const INCOMPLETE_LINK_MESSAGE =
  'Đường dẫn hoặc trang cập nhật không đầy đủ (thiếu mã nhiệm vụ, có thể do đường dẫn bị cắt hoặc hỏng), nên chưa ghi được tiến độ. Vui lòng bấm lại đường dẫn "Cập nhật tiến độ" ngay trong thư nhắc việc rồi gửi lại.';

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Checks a token against the current secret (and, when given, the task it is used for). */
export function checkToken(token: unknown, expectedTask?: string): TokenResult {
  const secret = linkSecret(false);
  // No secret yet: no link was ever sent, so none can be valid; a throwaway key refuses all.
  const sign = signerFor(secret ?? `${Utilities.getUuid()}${Utilities.getUuid()}`);
  const retired = secret ? retiredSecrets().map(signerFor) : [];
  return verifyToken(typeof token === 'string' ? token : '', sign, nowSeconds(), expectedTask, retired);
}

function param(e: WebEvent | undefined, name: string): string {
  const v = e?.parameter?.[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0] ?? '') : '';
}

/** The form for a valid token, prefilled with the task's state (or with what was posted). */
function formPage(token: string, claims: { email: string; task: string; exp: number }, posted?: { values: PageData['values']; errors: Record<string, string>; submissionId: string; notice: string }) {
  const plan = loadPlan(activeSpreadsheet());
  const code = clean(claims.task).toUpperCase();
  const task = plan.tasks.find((t) => t.code === code);
  if (!task) {
    return messagePage('Không tìm thấy nhiệm vụ', `Nhiệm vụ ${code} không còn trong kế hoạch (có thể đã được đổi mã hoặc xóa).`, 'bad', REFUSED_HINT);
  }
  const today = vnDateOf(Date.now());
  const data = emptyPage();
  return render({
    ...data,
    view: 'form',
    title: `Cập nhật tiến độ ${task.code}`,
    heading: 'Cập nhật tiến độ nhiệm vụ',
    task: {
      code: task.code,
      name: task.task,
      product: task.product,
      deadline: task.deadline ? formatDmy(task.deadline) : task.timeframeText || '—',
      status: task.status,
      percent: task.percent,
    },
    email: claims.email,
    token,
    submissionId: posted?.submissionId || Utilities.getUuid(),
    channels: plan.settings.channels,
    attendance: plan.settings.attendanceChannels,
    today,
    minDate: addDays(`${plan.settings.planYear}-01-01`, -31),
    planYear: plan.settings.planYear,
    expires: formatDmy(vnDateOf(claims.exp * 1000 - 1000)),
    values: posted?.values ?? {
      status: task.status,
      percent: String(task.percent),
      channel: '',
      quantity: '0',
      participants: '',
      note: '',
      evidenceUrl: '',
      reportDate: today,
    },
    errors: posted?.errors ?? {},
    notice: posted?.notice ?? '',
  });
}

/** GET: the form for `?t=<token>`; records nothing. */
export function doGet(e?: WebEvent): GoogleAppsScript.HTML.HtmlOutput {
  try {
    rememberWebAppAddress();
    const token = param(e, 't');
    if (!token) return messagePage('Cập nhật tiến độ', NO_TOKEN_MESSAGE, 'info');
    const task = param(e, 'task');
    const checked = checkToken(token, task || undefined);
    if (!checked.ok) return messagePage('Không mở được trang cập nhật', checked.message, 'bad', REFUSED_HINT);
    return formPage(token, checked.claims);
  } catch (err) {
    console.error(`doGet: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    return messagePage('Có lỗi xảy ra', userMessage(err), 'bad');
  }
}

/** The entry a client sent, as recordProgress takes it (it validates every field). */
function entryOf(raw: unknown): Record<string, unknown> {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return {};
  const r = raw as Record<string, unknown>;
  const pick = (k: keyof ProgressInput) => r[k];
  return {
    taskId: pick('taskId'),
    status: pick('status'),
    percent: pick('percent'),
    channel: pick('channel'),
    quantity: pick('quantity'),
    participants: pick('participants'),
    note: pick('note'),
    evidenceUrl: pick('evidenceUrl'),
    reportDate: pick('reportDate'),
    submissionId: pick('submissionId'),
  };
}

/**
 * google.script.run target of the web form: checks the token for the entry's task, then
 * records through recordProgress with source "web" and the token's email as reporter.
 * A refused token records nothing.
 */
export function submitAnswer(token: unknown, raw: unknown): SubmitResult {
  const entry = entryOf(raw);
  const taskId = clean(entry.taskId);
  if (!taskId) return { ok: false, errors: { form: INCOMPLETE_LINK_MESSAGE }, message: INCOMPLETE_LINK_MESSAGE };
  const checked = checkToken(token, taskId);
  if (!checked.ok) return { ok: false, errors: { form: checked.message }, message: checked.message };
  try {
    return recordProgress(entry, 'web', checked.claims.email, true);
  } catch (err) {
    if (!(err instanceof UserError)) console.error(`submitAnswer: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    const message = userMessage(err);
    return { ok: false, errors: { form: message }, message };
  }
}

/** POST with the form's fields as parameters: the same checks as submitAnswer, answered with a page. */
export function doPost(e?: WebEvent): GoogleAppsScript.HTML.HtmlOutput {
  try {
    const token = param(e, 't');
    if (!token) return messagePage('Cập nhật tiến độ', NO_TOKEN_MESSAGE, 'info');
    const fields = ['taskId', 'status', 'percent', 'channel', 'quantity', 'participants', 'note', 'evidenceUrl', 'reportDate', 'submissionId'] as const;
    const raw: Record<string, string> = {};
    for (const f of fields) raw[f] = param(e, f);
    if (!clean(raw.taskId)) return messagePage('Không ghi được tiến độ', INCOMPLETE_LINK_MESSAGE, 'bad', REFUSED_HINT);
    const checked = checkToken(token, clean(raw.taskId));
    if (!checked.ok) return messagePage('Không ghi được tiến độ', checked.message, 'bad', REFUSED_HINT);
    const result = recordProgress(raw, 'web', checked.claims.email, true);
    if (result.ok) {
      return messagePage('Đã ghi tiến độ', `${result.message}${result.task ? ` — ${result.task}` : ''}`, 'ok', 'Cảm ơn anh/chị. Có thể đóng trang này.');
    }
    const values = {
      status: raw.status,
      percent: raw.percent,
      channel: raw.channel,
      quantity: raw.quantity,
      participants: raw.participants,
      note: raw.note,
      evidenceUrl: raw.evidenceUrl,
      reportDate: raw.reportDate,
    };
    const errors: Record<string, string> = {};
    for (const [k, v] of Object.entries(result.errors)) if (v) errors[k] = v;
    return formPage(token, checked.claims, { values, errors, submissionId: raw.submissionId, notice: result.message });
  } catch (err) {
    console.error(`doPost: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    return messagePage('Có lỗi xảy ra', userMessage(err), 'bad', 'Chưa ghi được. Vui lòng thử lại sau ít phút.');
  }
}
