/**
 * The reminder email: a Vietnamese subject, a small HTML body (inline styles only, readable on a
 * phone) and a plain-text alternative with the same content. Every piece of plan or user text
 * goes through escapeHtml: HTML email bodies are not sandboxed.
 */
import type { IsoDate, Settings, Task } from './types';
import type { OfficeIssue, PlannedEmail, ReminderItem } from './reminders';
import { daysBetween, formatDmy } from './dates';
import { clean, escapeHtml } from './text';

export interface ComposeContext {
  settings: Settings;
  tasks: Map<string, Task>;
  /** The signed web-app link for one task and one recipient. */
  link: (taskCode: string, to: string) => string;
  today: IsoDate;
}

export interface ComposedEmail {
  subject: string;
  htmlBody: string;
  body: string;
}

/** One table row: a task and every reason it is in this email. */
interface Row {
  code: string;
  name: string;
  due: string;
  status: string;
  reasons: string[];
  /** Whether the recipient is asked to answer for it (not for office-summary-only rows). */
  personal: boolean;
  /** The link to answer it, when personal and the link is an http(s) URL. */
  url: string | null;
}

const REPLY_EXAMPLE_TAIL = 'Hoàn thành 100%, 4 tin bài trên trang TTĐT';

function cycleLabel(item: ReminderItem): string {
  const i = item.occasion.indexOf(':');
  return i >= 0 ? item.occasion.slice(i + 1) : item.occasion;
}

function daysLeftOf(item: ReminderItem, today: IsoDate): number | null {
  if (item.daysLeft !== null) return item.daysLeft;
  return item.deadline ? daysBetween(today, item.deadline) : null;
}

function deadlineText(days: number): string {
  if (days > 0) return `còn ${days} ngày`;
  if (days === 0) return 'đến hạn hôm nay';
  return `quá hạn ${-days} ngày`;
}

const ISSUE_TEXT: Record<Exclude<OfficeIssue, 'no-report' | 'overdue'>, string> = {
  'no-recipient': 'chưa có người nhận',
};

/** The reasons of one item, as the table's last column says them. */
function reasonsOf(item: ReminderItem, today: IsoDate): string[] {
  const days = daysLeftOf(item, today);
  switch (item.reason) {
    case 'before-deadline':
    case 'overdue':
      return days === null ? [] : [deadlineText(days)];
    case 'period-progress':
      return [`chưa có báo cáo ${cycleLabel(item)}`];
    case 'office-summary':
      return (item.issues ?? []).map((issue) => {
        if (issue === 'no-report') return `chưa có báo cáo ${cycleLabel(item)}`;
        if (issue === 'overdue') return days === null ? 'quá hạn' : deadlineText(Math.min(days, -1));
        return ISSUE_TEXT[issue];
      });
  }
}

/** Why a coordinator gets the task: said beside the deadline in their own digest. */
const COORDINATOR_TEXT = 'anh/chị phối hợp thực hiện';

function safeUrl(url: string): string | null {
  const u = clean(url);
  return /^https?:\/\/\S+$/i.test(u) ? u : null;
}

function buildRows(email: PlannedEmail, ctx: ComposeContext): Row[] {
  const rows = new Map<string, Row>();
  for (const item of email.items) {
    let row = rows.get(item.taskCode);
    if (!row) {
      const task = ctx.tasks.get(item.taskCode);
      const deadline = task?.deadline ?? item.deadline;
      row = {
        code: item.taskCode,
        name: clean(task?.task),
        due: deadline ? formatDmy(deadline) : clean(task?.timeframeText) || '—',
        status: task ? `${task.status} (${task.percent}%)` : '—',
        reasons: [],
        personal: false,
        url: null,
      };
      rows.set(item.taskCode, row);
    }
    for (const r of reasonsOf(item, ctx.today)) if (!row.reasons.includes(r)) row.reasons.push(r);
    if (item.role === 'coordinator' && !row.reasons.includes(COORDINATOR_TEXT)) row.reasons.push(COORDINATOR_TEXT);
    if (item.reason !== 'office-summary' && !row.personal) {
      row.personal = true;
      row.url = safeUrl(ctx.link(item.taskCode, email.to));
    }
  }
  return [...rows.values()];
}

function subjectOf(email: PlannedEmail, rows: Row[], settings: Settings): string {
  const prefix = `[CCHC xã ${clean(settings.commune)}]`;
  const n = rows.length;
  if (email.kind === 'office' && email.cycle) {
    return `${prefix} Tổng hợp trước kỳ báo cáo ${email.cycle.label}, hạn gửi báo cáo ${formatDmy(email.cycle.due)}: ${n} nhiệm vụ cần đôn đốc`;
  }
  const deadlines = email.items.map((i) => i.deadline).filter((d): d is IsoDate => !!d).sort();
  if (deadlines.length) return `${prefix} ${n} nhiệm vụ cần cập nhật, hạn gần nhất ${formatDmy(deadlines[0])}`;
  if (email.cycle) {
    return `${prefix} ${n} nhiệm vụ cần báo cáo tiến độ ${email.cycle.label}, hạn ${formatDmy(email.cycle.cutoff)}`;
  }
  return `${prefix} ${n} nhiệm vụ cần cập nhật tiến độ`;
}

/** The paragraphs before the table, as plain text (escaped later for HTML). */
function introOf(email: PlannedEmail, rows: Row[], settings: Settings): string[] {
  const office = `Văn phòng HĐND&UBND xã ${clean(settings.commune)}`;
  const plan = clean(settings.planTitle) || 'kế hoạch tuyên truyền cải cách hành chính';
  const number = clean(settings.planNumber);
  const planRef = number ? `${plan} (số ${number})` : plan;
  const out: string[] = [];
  if (email.kind === 'office' && email.cycle) {
    out.push(
      `Bản tổng hợp trước kỳ báo cáo ${email.cycle.label} của ${planRef}: số liệu chốt ngày ${formatDmy(email.cycle.cutoff)}, hạn gửi báo cáo ${formatDmy(email.cycle.due)}. Các nhiệm vụ sau cần đôn đốc:`,
    );
  } else {
    out.push(`${office} đề nghị anh/chị cập nhật tiến độ ${rows.length} nhiệm vụ được giao trong ${planRef}:`);
    if (email.cycle) {
      out.push(`Số liệu ${email.cycle.label} được chốt ngày ${formatDmy(email.cycle.cutoff)}; vui lòng báo cáo trước ngày này.`);
    }
  }
  return out;
}

/** The paragraphs after the table: how to answer, and the office's notes. */
function outroOf(email: PlannedEmail, rows: Row[], settings: Settings): string[] {
  const out: string[] = [];
  if (rows.some((r) => r.url)) {
    const days = Number.isFinite(settings.linkDays) && settings.linkDays > 0 ? ` Đường dẫn có hiệu lực ${settings.linkDays} ngày.` : '';
    out.push(`Bấm "Cập nhật tiến độ" ở từng nhiệm vụ để báo cáo kết quả.${days}`);
  }
  const personal = rows.find((r) => r.personal);
  if (personal && settings.repliesEnabled) {
    out.push(`Trả lời thư này, mỗi dòng một nhiệm vụ, ví dụ: ${personal.code}: ${REPLY_EXAMPLE_TAIL}`);
  } else if (personal && !rows.some((r) => r.url)) {
    // No web-app address in "Cài đặt": no links; a reply reaches the office (reply-to).
    out.push(`Vui lòng trả lời thư này (thư trả lời được gửi tới Văn phòng), mỗi dòng một nhiệm vụ, ví dụ: ${personal.code}: ${REPLY_EXAMPLE_TAIL}; Văn phòng sẽ cập nhật vào bảng theo dõi.`);
  }
  if (rows.some((r) => r.reasons.includes(ISSUE_TEXT['no-recipient']))) {
    out.push('Nhiệm vụ "chưa có người nhận": hãy bổ sung email của cán bộ chủ trì ở trang "Cán bộ" để hệ thống gửi được nhắc việc.');
  }
  if (email.kind === 'office') out.push('Mở bảng tính theo dõi kế hoạch để xem chi tiết và lập báo cáo.');
  return out;
}

function footerOf(settings: Settings): string {
  return `Thư này được gửi tự động từ hệ thống theo dõi kế hoạch cải cách hành chính của UBND xã ${clean(settings.commune)}. Nếu có nhiệm vụ không thuộc phần việc của anh/chị, vui lòng báo lại Văn phòng.`;
}

const CELL = 'border:1px solid #dadce0;padding:6px;vertical-align:top;text-align:left';
const HEAD = `${CELL};background:#f1f3f4;font-weight:bold`;
const HEADERS = ['STT', 'Nhiệm vụ', 'Thời hạn', 'Trạng thái', 'Lý do'];

function rowHtml(row: Row, i: number): string {
  const name = row.name ? ` – ${escapeHtml(row.name)}` : '';
  const link = row.url
    ? `<br><a href="${escapeHtml(row.url)}" style="display:inline-block;margin-top:4px;color:#1a73e8;font-weight:bold">Cập nhật tiến độ</a>`
    : '';
  const overdue = row.reasons.some((r) => r.startsWith('quá hạn'));
  const reasonStyle = overdue ? `${CELL};color:#c5221f` : CELL;
  return (
    `<tr><td style="${CELL}">${i + 1}</td>` +
    `<td style="${CELL}"><b>${escapeHtml(row.code)}</b>${name}${link}</td>` +
    `<td style="${CELL};white-space:nowrap">${escapeHtml(row.due)}</td>` +
    `<td style="${CELL}">${escapeHtml(row.status)}</td>` +
    `<td style="${reasonStyle}">${escapeHtml(row.reasons.join('; '))}</td></tr>`
  );
}

/** Composes the email of one planned digest. */
export function composeReminder(email: PlannedEmail, ctx: ComposeContext): ComposedEmail {
  const rows = buildRows(email, ctx);
  const subject = clean(subjectOf(email, rows, ctx.settings));
  const greeting = `Kính gửi ${clean(email.name) || email.to},`;
  const intro = introOf(email, rows, ctx.settings);
  const outro = outroOf(email, rows, ctx.settings);
  const footer = footerOf(ctx.settings);

  const p = (text: string) => `<p style="margin:0 0 12px">${escapeHtml(text)}</p>`;
  const htmlBody =
    `<div style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#202124;max-width:640px">` +
    p(greeting) +
    intro.map(p).join('') +
    `<table style="border-collapse:collapse;width:100%;font-size:14px;margin:0 0 12px">` +
    `<thead><tr>${HEADERS.map((h) => `<th style="${HEAD}">${h}</th>`).join('')}</tr></thead>` +
    `<tbody>${rows.map(rowHtml).join('')}</tbody></table>` +
    outro.map(p).join('') +
    `<p style="margin:16px 0 0;color:#5f6368;font-size:12px">${escapeHtml(footer)}</p>` +
    `</div>`;

  const lines: string[] = [greeting, '', ...intro.flatMap((t) => [t, ''])];
  rows.forEach((row, i) => {
    lines.push(`${i + 1}. ${row.code}${row.name ? ` – ${row.name}` : ''}`);
    lines.push(`   Thời hạn: ${row.due} | Trạng thái: ${row.status} | ${row.reasons.join('; ')}`);
    if (row.url) lines.push(`   Cập nhật tiến độ: ${row.url}`);
  });
  lines.push('', ...outro.flatMap((t) => [t, '']), footer);

  return { subject, htmlBody, body: lines.join('\n') };
}
