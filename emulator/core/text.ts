/**
 * Text helpers of the emulator's own. The emulator stands for Google and never imports the
 * product's code (src/): where the product normalises text wrongly, the emulator must not agree.
 */

/** HTML-escapes text (& < > " '), as HtmlService's `<?= ?>` and Gmail's text-to-HTML view do. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** NFC, every run of white space (no-break and zero-width spaces included) one space, trimmed. */
export function squeeze(text: unknown): string {
  return String(text ?? '')
    .normalize('NFC')
    .replace(/[\s\u00a0\u200b]+/g, ' ')
    .trim();
}

/**
 * The words of a text as Gmail's full-text search compares them: case and diacritics ignored
 * (Gmail finds "nhac viec" in "Nhắc việc"), đ read as d, punctuation a word break.
 */
export function searchWords(text: unknown): string {
  return squeeze(text)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** `yyyy-MM-ddTHH:mm:ss+07:00` of an instant in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
export function vietnamDateTime(ms: number): string {
  const d = new Date(ms + 7 * 3600000);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}+07:00`;
}
