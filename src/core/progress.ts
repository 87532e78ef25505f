/**
 * Validating a progress entry, whatever channel it came from (sidebar, web form, email
 * reply). The client's checks are a courtesy; these are the guard. Messages are per field,
 * in Vietnamese.
 */
import { STATUSES, type IsoDate, type ProgressInput, type Status } from './types';
import { addDays, isIsoDate, formatDmy } from './dates';
import { clean, formatNumber, matchKey } from './text';

export type ProgressErrors = Partial<Record<keyof ProgressInput | 'form', string>>;

export interface ProgressContext {
  /** Task codes that exist, upper case. */
  codes: ReadonlySet<string>;
  channels: readonly string[];
  today: IsoDate;
  planYear: number;
  /** Channels whose entries may carry a number of participants (settings' attendanceChannels). */
  attendance?: readonly string[];
}

export const NOTE_MAX = 2000;
export const URL_MAX = 500;
export const QUANTITY_MAX = 100000;
export const PARTICIPANTS_MAX = 1000000;

/** A head count as people write it: "250", "1.200", "1 200" (thousands separators). */
function asCount(v: unknown): number | null {
  if (typeof v === 'string' && /^\s*\d{1,3}([. ]\d{3})+\s*$/.test(v)) return Number(v.replace(/[. ]/g, ''));
  return asNumber(v);
}

function asStatus(v: unknown): Status | null {
  const k = matchKey(v);
  return STATUSES.find((s) => matchKey(s) === k) ?? null;
}

function asNumber(v: unknown): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v.trim().replace(',', '.'));
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Is this a web address a person can open (http or https, with a host)? */
export function isWebUrl(text: string): boolean {
  if (/\s/.test(text) || text.length > URL_MAX) return false;
  return /^https?:\/\/[^/?#\s.]+(\.[^/?#\s.]+)+(:\d+)?([/?#]\S*)?$/i.test(text) || /^https?:\/\/localhost(:\d+)?([/?#]\S*)?$/i.test(text);
}

/**
 * Checks an entry and returns it cleaned (NFC text, upper-case code, canonical status and
 * channel), or the errors by field. Nothing about the entry is trusted: it may come from a
 * tampered page.
 */
export function validateProgress(raw: unknown, ctx: ProgressContext): { ok: true; value: ProgressInput } | { ok: false; errors: ProgressErrors } {
  const errors: ProgressErrors = {};
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { ok: false, errors: { form: 'Dữ liệu gửi lên không hợp lệ.' } };
  const input = raw as Record<string, unknown>;

  const taskId = clean(input.taskId).toUpperCase();
  if (!taskId) errors.taskId = 'Chọn nhiệm vụ.';
  else if (!ctx.codes.has(taskId)) errors.taskId = `Không có nhiệm vụ mã "${taskId}" trong kế hoạch.`;

  const status = asStatus(input.status);
  if (!status) errors.status = `Chọn trạng thái: ${STATUSES.join(', ')}.`;

  const percent = asNumber(input.percent);
  if (percent === null || !Number.isInteger(percent) || percent < 0 || percent > 100) errors.percent = 'Tiến độ là số nguyên từ 0 đến 100.';
  else if (status === 'Hoàn thành' && percent !== 100) errors.percent = 'Nhiệm vụ đã hoàn thành thì tiến độ là 100%.';
  else if (status === 'Chưa thực hiện' && percent > 0) errors.percent = 'Chưa thực hiện thì tiến độ là 0%; nếu đã làm, chọn "Đang thực hiện".';
  else if (status === 'Đang thực hiện' && percent === 100) errors.percent = 'Tiến độ 100% thì chọn trạng thái "Hoàn thành".';

  const quantityRaw = input.quantity === '' || input.quantity === undefined || input.quantity === null ? 0 : input.quantity;
  const quantity = asNumber(quantityRaw);
  if (quantity === null || !Number.isInteger(quantity) || quantity < 0 || quantity > QUANTITY_MAX) errors.quantity = `Số lượng là số nguyên từ 0 đến ${formatNumber(QUANTITY_MAX)}.`;

  const channelText = clean(input.channel);
  let channel = '';
  if (channelText) {
    const found = ctx.channels.find((c) => matchKey(c) === matchKey(channelText));
    if (!found) errors.channel = `Hình thức "${channelText}" không có trong danh sách: ${ctx.channels.join('; ')}.`;
    else channel = found;
  } else if (quantity !== null && quantity > 0) errors.channel = 'Đã ghi số lượng thì chọn hình thức (tin bài, phát thanh, hội nghị…).';

  // Participants: only for a channel the office lists in "Hình thức ghi số người tham dự".
  const attendance = ctx.attendance ?? [];
  const peopleRaw = input.participants;
  let participants: number | null = null;
  if (peopleRaw !== '' && peopleRaw !== undefined && peopleRaw !== null) {
    const n = asCount(peopleRaw);
    if (n === null || !Number.isInteger(n) || n < 0 || n > PARTICIPANTS_MAX) errors.participants = `Số người tham dự là số nguyên từ 0 đến ${formatNumber(PARTICIPANTS_MAX)}.`;
    else if (!attendance.includes(channel)) {
      errors.participants = attendance.length
        ? `Số người tham dự chỉ ghi cho hình thức ${attendance.map((c) => `"${c}"`).join(', ')}; để trống với hình thức khác.`
        : 'Không hình thức nào ghi số người tham dự (mục "Hình thức ghi số người tham dự" ở trang "Cài đặt" đang trống); để trống ô này.';
    } else {
      participants = n;
      if (n > 0 && quantity === 0) errors.quantity = `Đã ghi số người tham dự thì ghi cả số lượng (số ${channel.toLowerCase()} đã tổ chức).`;
    }
  }

  const note = typeof input.note === 'string' ? input.note.normalize('NFC').trim() : '';
  if (!note) errors.note = 'Ghi nội dung đã thực hiện.';
  else if (note.length > NOTE_MAX) errors.note = `Nội dung dài quá ${NOTE_MAX} ký tự.`;

  const evidenceUrl = clean(input.evidenceUrl);
  if (evidenceUrl && !isWebUrl(evidenceUrl)) errors.evidenceUrl = 'Đường dẫn minh chứng phải bắt đầu bằng http:// hoặc https:// (ví dụ đường dẫn Google Drive).';

  const reportDate = clean(input.reportDate) || ctx.today;
  if (!isIsoDate(reportDate)) errors.reportDate = 'Ngày thực hiện không hợp lệ.';
  else if (reportDate > ctx.today) errors.reportDate = `Ngày thực hiện không được sau hôm nay (${formatDmy(ctx.today)}).`;
  else if (reportDate < addDays(`${ctx.planYear}-01-01`, -31)) errors.reportDate = `Ngày thực hiện phải thuộc năm kế hoạch ${ctx.planYear}.`;

  const submissionId = clean(input.submissionId);
  if (!submissionId) errors.form = 'Thiếu mã lần gửi; tải lại trang rồi gửi lại.';
  else if (!/^[A-Za-z0-9_-]{8,100}$/.test(submissionId)) errors.form = 'Mã lần gửi không hợp lệ (cần từ 8 đến 100 chữ cái không dấu, chữ số, "-" hoặc "_"); tải lại trang rồi gửi lại.';

  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    value: { taskId, status: status!, percent: percent!, channel, quantity: quantity!, participants, note, evidenceUrl, reportDate, submissionId },
  };
}

/** One message for the whole form, naming how many fields need fixing. */
export function errorSummary(errors: ProgressErrors): string {
  const n = Object.keys(errors).length;
  if (errors.form && n === 1) return errors.form;
  return `Chưa ghi được: ${n} mục cần sửa.`;
}
