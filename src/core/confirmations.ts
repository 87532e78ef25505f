/**
 * The confirmation email a sender of an email reply gets ("what was recorded, what was not"),
 * and its state in "Nhật ký nhắc việc" (src/server/replies.ts). A run may stop answering before
 * Apps Script's time limit, or fail to send; the confirmations it did not send are kept in the
 * log and sent by a later run. Each state change is one more row keyed `confirm|<message id>`,
 * appended with the run's other rows (one setValues), so the state is read with the log's one
 * getValues and never needs a scattered write. The rows are folded regardless of their order
 * (the office may sort the sheet):
 *
 *   - a row "Chờ gửi thư xác nhận" (owed): a later run sends it;
 *   - a row "Đang gửi thư xác nhận" (a claim): a run is sending it now;
 *   - a row "Chưa gửi thư xác nhận: …" (a release): not sent, a later run sends it;
 *   - a row "Đã gửi thư xác nhận" or "Không gửi thư xác nhận: …": done, never sent again.
 *
 * The first row of a confirmation carries what the email says (its subject and its lines),
 * so that a later run can send it without reading the reply again.
 */
import { clean } from './text';

/** Keys of the confirmation rows ("confirm|<Gmail message id>"). */
export const CONFIRM_LOG_PREFIX = 'confirm|';

export const CONFIRM_OWED = 'Chờ gửi thư xác nhận';
export const CONFIRM_CLAIMED = 'Đang gửi thư xác nhận';
export const CONFIRM_RELEASED = 'Chưa gửi thư xác nhận';
export const CONFIRM_SENT = 'Đã gửi thư xác nhận';
export const CONFIRM_GIVEN_UP = 'Không gửi thư xác nhận';
/** A release after a failed send (counted: a confirmation is given up after MAX_SEND_FAILURES). */
const FAILED_WORDS = 'gửi lỗi';
export const MAX_SEND_FAILURES = 3;

/** The email: its subject and its sections ("Đã ghi vào bảng theo dõi" → items). */
export interface Confirmation {
  subject: string;
  sections: [string, string[]][];
}

const FIRST_LINE = 'Hệ thống đã đọc thư trả lời của anh/chị.';
const LAST_LINE = 'Mỗi dòng ghi một nhiệm vụ, ví dụ: NV03: Hoàn thành 100%, 4 tin bài trên trang TTĐT';
const SUBJECT_WORDS = 'Tiêu đề: ';
/** A cell holds 50,000 characters; a confirmation is kept well below. */
const MAX_ITEM = 600;
const MAX_ITEMS = 40;

/** The confirmation as the first row's "Kết quả": the state, then the subject, then the lines. */
export function confirmationText(state: string, c: Confirmation): string {
  const lines = [state, `${SUBJECT_WORDS}${clean(c.subject)}`];
  for (const [title, items] of c.sections) {
    if (!items.length) continue;
    lines.push(`${clean(title)}:`, ...items.slice(0, MAX_ITEMS).map((i) => `- ${clean(i).slice(0, MAX_ITEM)}`));
  }
  return lines.join('\n');
}

/** Reads back what confirmationText wrote (null when the text carries no confirmation). */
export function parseConfirmation(text: string): Confirmation | null {
  const lines = text.split(/\r?\n/).map((l) => l.trim());
  const subject = lines.find((l) => l.startsWith(SUBJECT_WORDS));
  if (subject === undefined) return null;
  const sections: [string, string[]][] = [];
  for (const line of lines.slice(lines.indexOf(subject) + 1)) {
    if (line.startsWith('- ') && sections.length) sections[sections.length - 1][1].push(line.slice(2));
    else if (line.endsWith(':')) sections.push([line.slice(0, -1), []]);
  }
  return { subject: subject.slice(SUBJECT_WORDS.length), sections };
}

/** The email's plain body and HTML body. */
export function confirmationBodies(c: Confirmation, escapeHtml: (s: string) => string): { body: string; html: string } {
  const sections = c.sections.filter(([, items]) => items.length);
  const lines = [FIRST_LINE, ''];
  for (const [title, items] of sections) lines.push(`${title}:`, ...items.map((i) => `- ${i}`), '');
  lines.push(LAST_LINE);
  const html =
    `<div style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#202124">` +
    `<p>${escapeHtml(FIRST_LINE)}</p>` +
    sections.map(([title, items]) => `<p style="margin:0 0 4px"><b>${escapeHtml(title)}:</b></p><ul>${items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>`).join('') +
    `<p style="color:#5f6368">${escapeHtml(LAST_LINE)}</p></div>`;
  return { body: lines.join('\n'), html };
}

/** A confirmation's state, folded from its rows. */
export interface ConfirmState {
  id: string;
  recipient: string;
  codes: string;
  confirmation: Confirmation | null;
  claims: number;
  releases: number;
  failures: number;
  done: boolean;
  /** Time (ms) of its latest claim. */
  claimedAt: number;
}

/** Adds one `confirm|` row to the states. */
export function foldConfirmRow(states: Map<string, ConfirmState>, id: string, at: number, recipient: string, codes: string, result: string): void {
  let s = states.get(id);
  if (!s) {
    s = { id, recipient, codes, confirmation: null, claims: 0, releases: 0, failures: 0, done: false, claimedAt: 0 };
    states.set(id, s);
  }
  s.confirmation ??= parseConfirmation(result);
  if (result.startsWith(CONFIRM_SENT) || result.startsWith(CONFIRM_GIVEN_UP)) s.done = true;
  else if (result.startsWith(CONFIRM_CLAIMED)) {
    s.claims++;
    s.claimedAt = Math.max(s.claimedAt, at);
  } else if (result.startsWith(CONFIRM_RELEASED)) {
    s.releases++;
    if (result.includes(FAILED_WORDS)) s.failures++;
  }
}

/** What to do with a confirmation now: send it, leave it (being sent, or done), give it up. */
export function confirmAction(s: ConfirmState, now: number, leaseMs: number): 'send' | 'wait' | 'done' | 'lost' | 'failed' {
  // Without its first row (deleted by hand) there is nothing to send.
  if (s.done || !s.confirmation) return 'done';
  if (s.claims > s.releases) return now - s.claimedAt > leaseMs ? 'lost' : 'wait';
  if (s.failures >= MAX_SEND_FAILURES) return 'failed';
  return 'send';
}

/** The release row's "Kết quả" after a failed send. */
export function failedRelease(error: string): string {
  return `${CONFIRM_RELEASED}: ${FAILED_WORDS} (${clean(error).slice(0, 200)}); lần chạy sau sẽ gửi lại.`;
}
