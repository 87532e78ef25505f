/**
 * The words the log sheets show to the office: where a progress entry came from ("Nguồn" of
 * "Tiến độ") and what a reminder-log row was about ("Nội dung" of "Nhật ký nhắc việc"), from
 * the machine keys that stay in the narrow id columns at the end of each sheet.
 */
import type { ProgressSource } from './types';
import { formatDmy, isIsoDate } from './dates';
import { matchKey } from './text';
import { CONFIRM_LOG_PREFIX } from './confirmations';

/** "Nguồn" as written in "Tiến độ". */
export const SOURCE_LABELS: Record<ProgressSource, string> = {
  sidebar: 'Thanh bên',
  web: 'Biểu mẫu',
  email: 'Thư trả lời',
  form: 'Biểu mẫu Google',
};

/**
 * Reads "Nguồn": the words above, loosely (case, diacritics), or the codes older versions
 * wrote (`sidebar`, `web`, `email`). Null when it is neither.
 */
export function parseSource(cell: unknown): ProgressSource | null {
  const key = matchKey(cell);
  if (!key) return null;
  for (const [source, label] of Object.entries(SOURCE_LABELS) as [ProgressSource, string][]) {
    if (key === source || key === matchKey(label)) return source;
  }
  return null;
}

/** Prefix of the reminder log's keys for handled email replies ("reply|<message id>"). */
export const REPLY_LOG_PREFIX = 'reply|';

function dmy(date: string): string {
  return isIsoDate(date) ? formatDmy(date) : date;
}

/**
 * One occasion in words: `d-1:2024-06-30` → "Nhắc trước hạn 1 ngày, hạn 30/06/2024";
 * `overdue-w2:2024-06-30` → "Nhắc quá hạn (tuần thứ 2), hạn 30/06/2024"; `period:Quý I/2024`
 * → "Nhắc báo cáo tiến độ kỳ Quý I/2024"; `office:Quý I/2024` → "Tổng hợp gửi Văn phòng kỳ
 * Quý I/2024". Anything else is returned as it is.
 */
export function describeOccasion(occasion: string): string {
  let m = /^d-(\d+):(.+)$/.exec(occasion);
  if (m) return Number(m[1]) === 0 ? `Nhắc đúng ngày hạn ${dmy(m[2])}` : `Nhắc trước hạn ${Number(m[1])} ngày, hạn ${dmy(m[2])}`;
  m = /^overdue-w(\d+):(.+)$/.exec(occasion);
  if (m) return `Nhắc quá hạn (tuần thứ ${Number(m[1])}), hạn ${dmy(m[2])}`;
  m = /^period:(.+)$/.exec(occasion);
  if (m) return `Nhắc báo cáo tiến độ kỳ ${m[1]}`;
  m = /^office:(.+)$/.exec(occasion);
  if (m) return `Tổng hợp gửi Văn phòng kỳ ${m[1]}`;
  return occasion;
}

/**
 * "Nội dung" of a reminder-log row, from its key and its "Nhiệm vụ" cell (one
 * `NV03: d-7:2024-03-15` per line; the task codes of a reply). Items with the same occasion
 * are listed together: "NV03, NV05: Nhắc trước hạn 7 ngày, hạn 15/03/2024".
 */
export function describeLogRow(key: string, tasks: string): string {
  if (key.startsWith('consent|')) return 'Lần chạy tự động dừng: thiếu quyền Google';
  if (key.startsWith('webapp|')) return 'Địa chỉ web app được điền tự động';
  if (key.startsWith(CONFIRM_LOG_PREFIX)) return `Thư xác nhận gửi người trả lời${tasks.trim() ? `: ${tasks.trim()}` : ''}`;
  if (key.startsWith(REPLY_LOG_PREFIX)) {
    const codes = tasks
      .split(/[\s,;]+/)
      .map((c) => c.trim())
      .filter(Boolean);
    return codes.length ? `Thư trả lời nhắc việc: ${codes.join(', ')}` : 'Thư trả lời nhắc việc (không ghi được nhiệm vụ nào)';
  }
  const byOccasion = new Map<string, string[]>();
  for (const line of tasks.split(/\r?\n/)) {
    const m = /^\s*([^:\s]+)\s*:\s*(.+?)\s*$/.exec(line);
    if (!m) continue;
    const words = describeOccasion(m[2]);
    if (!byOccasion.has(words)) byOccasion.set(words, []);
    byOccasion.get(words)!.push(m[1]);
  }
  return [...byOccasion].map(([words, codes]) => (words.startsWith('Tổng hợp') ? `${words}: ${codes.join(', ')}` : `${codes.join(', ')}: ${words}`)).join('\n');
}
