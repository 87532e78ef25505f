/**
 * The answer channel that needs no deployment: a Google Form that the office's account creates
 * in its own Drive for this spreadsheet, its responses going to a sheet of this spreadsheet.
 * Each reminder links to the form pre-filled with the task code and the signed token of that
 * assignee and task (the same token as the web form's, src/core/tokens.ts). An installable
 * form-submit trigger on the spreadsheet (`onAnswerSubmit`) verifies the token and records the
 * entry through recordProgress, the sidebar's path (validation, lock, idempotency, the formula
 * guard), then writes the outcome beside the response ("Kết quả xử lý": recorded, or refused
 * with the reason) and emails the assignee a Vietnamese confirmation.
 *
 * Why a Form: an add-on's web app would run as the add-on's developer, who cannot open a
 * commune's sheet; a Form needs no deployment, opens on any phone without a Google account
 * (a consumer account's form does not ask respondents to sign in), and keeps every answer in
 * the commune's own Drive. The bound script keeps its web form when a web-app address is set.
 */
import { STATUSES, type Settings } from '../core/types';
import { clean } from '../core/text';
import { readText } from '../core/cells';
import { vnDateOf } from '../core/dates';
import { recordProgress } from './progress';
import type { SubmitResult } from '../shared/rpc';
import { checkToken, INCOMPLETE_LINK_MESSAGE } from './webapp';
import { userMessage } from './ui';
import { UserError, type Spreadsheet } from './sheets';
import { requireTriggerOrUser } from './access';
import { spreadsheetProperties, triggersHere } from './target';

export const SUBMIT_HANDLER = 'onAnswerSubmit';
const FORM_PROPERTY = 'cchc.answerForm';

/** The form's questions: the names submitProgress takes, plus the task code and the token. */
export type AnswerField = 'task' | 'status' | 'percent' | 'channel' | 'quantity' | 'participants' | 'note' | 'evidenceUrl' | 'reportDate' | 'token';

export const ANSWER_TITLES: Record<AnswerField, string> = {
  task: 'Mã nhiệm vụ',
  status: 'Trạng thái',
  percent: 'Tỷ lệ hoàn thành (%)',
  channel: 'Hình thức tuyên truyền',
  quantity: 'Số lượng (buổi, tin, bài…)',
  participants: 'Số người tham dự',
  note: 'Nội dung đã thực hiện',
  evidenceUrl: 'Đường dẫn minh chứng (nếu có)',
  reportDate: 'Ngày báo cáo',
  token: 'Mã xác thực (điền sẵn, không sửa)',
};

/** The column where the outcome of each response is written, right of the form's columns. */
export const RESULT_HEADER = 'Kết quả xử lý';
export const RESULT_RECORDED = 'Đã ghi';
export const RESULT_REFUSED = 'Không ghi';

interface FormConfig {
  id: string;
  url: string;
  /** `participants` is missing in a form made before that question existed (added on the next run). */
  items: Partial<Record<AnswerField, number>>;
}

/** A form made before "Số người tham dự" existed gets the question (at its end) once. */
function addMissingParticipants(form: GoogleAppsScript.Forms.Form, config: FormConfig, settings: Settings): void {
  if (config.items.participants !== undefined) return;
  const id = addParticipants(form, settings);
  if (id === undefined) return;
  config.items.participants = id;
  spreadsheetProperties().setProperty(FORM_PROPERTY, JSON.stringify(config));
}

/** "Số người tham dự": asked only for the channels of "Hình thức ghi số người tham dự"; null when none. */
function addParticipants(form: GoogleAppsScript.Forms.Form, settings: Settings): number | undefined {
  if (!settings.attendanceChannels.length) return undefined;
  return form.addTextItem().setTitle(ANSWER_TITLES.participants).setRequired(false).setHelpText(`Chỉ ghi khi hình thức là ${settings.attendanceChannels.join(', ')}: số người đã tham dự.`).getId();
}

function readConfig(): FormConfig | null {
  const raw = spreadsheetProperties().getProperty(FORM_PROPERTY);
  if (!raw) return null;
  try {
    const c = JSON.parse(raw) as FormConfig;
    return c && c.id && c.url && c.items ? c : null;
  } catch {
    return null;
  }
}

/** The form's respondent address, or "" when the form was not made yet. */
export function answerFormUrl(): string {
  return readConfig()?.url ?? '';
}

function itemOf(form: GoogleAppsScript.Forms.Form, id: number | undefined): GoogleAppsScript.Forms.Item | null {
  return id === undefined ? null : form.getItemById(id);
}

/**
 * Makes the form when missing (or when it was deleted), keeps its channel choices equal to the
 * settings', and installs the form-submit trigger once. Call under no lock; returns the form's
 * respondent address. Needs the forms and script.scriptapp scopes.
 */
export function ensureAnswerForm(ss: Spreadsheet, settings: Settings): string {
  let config = readConfig();
  let form: GoogleAppsScript.Forms.Form | null = null;
  if (config) {
    try {
      form = FormApp.openById(config.id);
    } catch {
      form = null; // deleted from Drive: make a new one
    }
  }
  if (!form || !config) {
    form = FormApp.create(`Cập nhật tiến độ – ${ss.getName()}`);
    form
      .setDescription('Biểu mẫu cập nhật tiến độ các nhiệm vụ tuyên truyền cải cách hành chính. Chỉ mở từ đường dẫn "Cập nhật tiến độ" trong thư nhắc việc: mã nhiệm vụ và mã xác thực đã được điền sẵn.')
      .setConfirmationMessage('Đã gửi. Kết quả ghi nhận sẽ được gửi tới email của anh/chị trong ít phút. Có thể đóng trang này.')
      .setCollectEmail(false);
    const text = (f: AnswerField, required: boolean, help = '') => form!.addTextItem().setTitle(ANSWER_TITLES[f]).setRequired(required).setHelpText(help).getId();
    const items: FormConfig['items'] = {};
    items.task = text('task', true, 'Điền sẵn từ thư nhắc việc.');
    items.status = form.addListItem().setTitle(ANSWER_TITLES.status).setChoiceValues([...STATUSES]).setRequired(true).getId();
    items.percent = text('percent', true, 'Từ 0 đến 100. "Hoàn thành" là 100.');
    items.channel = form.addListItem().setTitle(ANSWER_TITLES.channel).setChoiceValues(settings.channels.length ? settings.channels : ['Khác']).setRequired(false).getId();
    items.quantity = text('quantity', false, 'Số buổi, số tin bài, số tờ… đã thực hiện.');
    items.participants = addParticipants(form, settings);
    items.note = form.addParagraphTextItem().setTitle(ANSWER_TITLES.note).setRequired(false).getId();
    items.evidenceUrl = text('evidenceUrl', false, 'Đường dẫn ảnh, văn bản trên Drive (nếu có).');
    items.reportDate = form.addDateItem().setTitle(ANSWER_TITLES.reportDate).setRequired(false).setHelpText('Để trống: ngày gửi.').getId();
    items.token = text('token', true, 'Điền sẵn từ thư nhắc việc; nếu sửa, câu trả lời sẽ không được ghi.');
    form.setDestination(FormApp.DestinationType.SPREADSHEET, ss.getId());
    config = { id: form.getId(), url: form.getPublishedUrl(), items };
    spreadsheetProperties().setProperty(FORM_PROPERTY, JSON.stringify(config));
  } else {
    // Channels may have changed in "Cài đặt": the list follows them.
    const channel = itemOf(form, config.items.channel);
    if (channel && settings.channels.length) {
      const list = channel.asListItem();
      const current = list.getChoices().map((c) => c.getValue());
      if (current.join('\n') !== settings.channels.join('\n')) list.setChoiceValues(settings.channels);
    }
    addMissingParticipants(form, config, settings);
  }
  if (!triggersHere(ss).some((t) => t.getHandlerFunction() === SUBMIT_HANDLER)) {
    ScriptApp.newTrigger(SUBMIT_HANDLER).forSpreadsheet(ss).onFormSubmit().create();
  }
  return config.url;
}

const TASK_MARK = 'CCHCTASKCODE';
const TOKEN_MARK = 'CCHCTOKENVALUE';

/**
 * A function giving the pre-filled address for a task and a token, or null when there is no
 * form. One pre-filled response is built per run (a few calls), then the task code and token
 * replace its markers: links cost no service call each.
 */
export function answerFormLinker(settings?: Settings): ((taskCode: string, token: string) => string) | null {
  const config = readConfig();
  if (!config) return null;
  let template: string;
  try {
    const form = FormApp.openById(config.id);
    const task = itemOf(form, config.items.task);
    const token = itemOf(form, config.items.token);
    if (!task || !token) return null;
    if (settings) addMissingParticipants(form, config, settings);
    template = form
      .createResponse()
      .withItemResponse(task.asTextItem().createResponse(TASK_MARK))
      .withItemResponse(token.asTextItem().createResponse(TOKEN_MARK))
      .toPrefilledUrl();
  } catch (e) {
    console.error(`answerFormLinker: the answer form cannot be opened: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
  if (!template.includes(TASK_MARK) || !template.includes(TOKEN_MARK)) return null;
  return (taskCode, token) => template.replace(TASK_MARK, encodeURIComponent(taskCode)).replace(TOKEN_MARK, encodeURIComponent(token));
}

/** The event of a spreadsheet's form-submit trigger (developers.google.com/apps-script/guides/triggers/events). */
interface FormSubmitEvent {
  range?: GoogleAppsScript.Spreadsheet.Range;
  namedValues?: Record<string, string[]>;
  values?: string[];
  triggerUid?: string;
}

function dateIso(v: unknown): string {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return vnDateOf(v.getTime());
  return clean(readText(v));
}

/**
 * The form-submit trigger: reads the response's row (the header and the row, one getValues
 * each), checks the token against the task, records the entry as the sidebar does (source
 * "form", the token's assignee as reporter), writes the outcome beside the response and emails
 * the assignee. A duplicate event for the same response (Apps Script may fire a form-submit
 * trigger twice) records nothing twice: the response's row is its submission id.
 *
 * When recording fails for a reason that is not the answer's (a service error, the sheet busy),
 * the person is not told to send it again (the entry may even be in "Tiến độ" already, the plan's
 * write having failed after it): the row is marked "Chờ ghi lại" and the next time-driven run
 * records it (retryPendingAnswers), then confirms by email. A response whose trigger died before
 * marking anything is found the same way (its result cell is empty).
 */
export function onAnswerSubmit(e?: FormSubmitEvent): { ok: boolean; message: string } {
  requireTriggerOrUser(e);
  const range = e?.range;
  if (!range) throw new UserError('onAnswerSubmit: no response row in the event.');
  const sheet = range.getSheet();
  const props = spreadsheetProperties();
  const id = String(sheet.getSheetId());
  if (props.getProperty(ANSWER_SHEET_PROPERTY) !== id) props.setProperty(ANSWER_SHEET_PROPERTY, id);
  const lastColumn = sheet.getLastColumn();
  const header = sheet.getRange(1, 1, 1, lastColumn).getValues()[0];
  const row = range.getRow();
  return processResponse(sheet, header, row, sheet.getRange(row, 1, 1, lastColumn).getValues()[0]);
}

/** The sheet of the form's responses (remembered by onAnswerSubmit), in this property. */
const ANSWER_SHEET_PROPERTY = 'cchc.answerSheet';
/** The mark of a response whose recording failed for a passing reason: recorded by a later run. */
export const RESULT_PENDING = 'Chờ ghi lại';
/** A response younger than this may still have its own trigger running: left to it. */
const PENDING_AFTER_MS = 10 * 60 * 1000;
/** Responses recorded per run at most (each takes one lock and a few calls). */
const PENDING_PER_RUN = 20;

/** Records one response's row (`values`, laid out by `header`); marks it and emails the assignee. */
function processResponse(sheet: GoogleAppsScript.Spreadsheet.Sheet, headerRow: unknown[], row: number, values: unknown[]): { ok: boolean; message: string } {
  const header = headerRow.map((h) => clean(readText(h)));
  const at = (f: AnswerField) => {
    const j = header.indexOf(ANSWER_TITLES[f]);
    return j < 0 ? '' : values[j];
  };
  const text = (f: AnswerField) => clean(readText(at(f)));
  let resultColumn = header.indexOf(RESULT_HEADER) + 1;
  if (!resultColumn) {
    resultColumn = header.length + 1;
    sheet.getRange(1, resultColumn).setValue(RESULT_HEADER);
  }
  const mark = (message: string) => sheet.getRange(row, resultColumn).setValue(message);

  const taskId = text('task').toUpperCase();
  const checked = checkToken(text('token'), taskId || '\u0000');
  if (!checked.ok) {
    const message = `${RESULT_REFUSED}: ${taskId ? checked.message : INCOMPLETE_LINK_MESSAGE}`;
    mark(message);
    console.warn(`onAnswerSubmit: row ${row} refused (${checked.reason}).`);
    return { ok: false, message };
  }
  const reportDate = dateIso(at('reportDate'));
  const entry = {
    taskId,
    status: text('status'),
    percent: text('percent'),
    channel: text('channel'),
    quantity: text('quantity') || '0',
    participants: text('participants'),
    note: text('note'),
    evidenceUrl: text('evidenceUrl'),
    reportDate: reportDate || vnDateOf(Date.now()),
    submissionId: `form-${sheet.getSheetId()}-${row}`,
  };
  let result: SubmitResult;
  try {
    result = recordProgress(entry, 'form', checked.claims.email, true);
  } catch (err) {
    if (!(err instanceof UserError)) console.error(`onAnswerSubmit: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    const message = `${RESULT_PENDING}: ${userMessage(err)}`;
    mark(message);
    return { ok: false, message };
  }
  const message = result.ok ? `${RESULT_RECORDED}: ${result.message}` : `${RESULT_REFUSED}: ${[result.message, ...Object.values(result.errors)].join(' ')}`;
  mark(message);
  confirm(checked.claims.email, taskId, result.ok, message);
  return { ok: result.ok, message };
}

/**
 * Records the answers whose form-submit run failed (marked "Chờ ghi lại", or not marked at all),
 * oldest first, at most PENDING_PER_RUN: called by the time-driven runs. Idempotent: a response's
 * row is its submission id, so an answer already in "Tiến độ" is not recorded twice (the plan is
 * repaired from it). Returns how many were recorded.
 */
export function retryPendingAnswers(ss: Spreadsheet): number {
  const id = spreadsheetProperties().getProperty(ANSWER_SHEET_PROPERTY);
  const sheet = id ? ss.getSheetById(Number(id)) : null;
  if (!sheet) return 0;
  const values = sheet.getDataRange().getValues();
  const header = values[0] ?? [];
  const result = header.map((h) => clean(readText(h))).indexOf(RESULT_HEADER);
  const before = Date.now() - PENDING_AFTER_MS;
  let recorded = 0;
  let tried = 0;
  for (let r = 1; r < values.length && tried < PENDING_PER_RUN; r++) {
    const mark = result < 0 ? '' : clean(readText(values[r][result]));
    const time = values[r][0];
    if ((mark && !mark.startsWith(RESULT_PENDING)) || !(time instanceof Date) || time.getTime() > before) continue;
    tried++;
    if (processResponse(sheet, header, r + 1, values[r]).ok) recorded++;
  }
  return recorded;
}

/** The assignee's confirmation: the form's own page cannot say what the trigger decided. */
function confirm(to: string, taskId: string, ok: boolean, message: string): void {
  try {
    MailApp.sendEmail({
      to,
      subject: ok ? `Đã ghi tiến độ ${taskId}` : `Chưa ghi được tiến độ ${taskId}`,
      body: [
        ok ? 'Tiến độ anh/chị gửi qua biểu mẫu đã được ghi vào bảng theo dõi.' : 'Tiến độ anh/chị gửi qua biểu mẫu CHƯA được ghi.',
        '',
        message,
        '',
        ok ? 'Cảm ơn anh/chị.' : 'Vui lòng mở lại đường dẫn "Cập nhật tiến độ" trong thư nhắc việc gần nhất và gửi lại, hoặc liên hệ Văn phòng.',
      ].join('\n'),
    });
  } catch (err) {
    console.error(`onAnswerSubmit: the confirmation to ${to} was not sent: ${err instanceof Error ? err.message : String(err)}`);
  }
}
