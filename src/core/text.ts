/**
 * Text helpers shared by the whole core: Vietnamese-aware normalisation for matching,
 * and guards for text that reaches cells, HTML and emails.
 */

/** NFC with collapsed white space (incl. non-breaking spaces and line breaks) and trimmed. */
export function clean(text: unknown): string {
  if (text === null || text === undefined) return '';
  return String(text).normalize('NFC').replace(/[\s\u00a0\u200b]+/g, ' ').trim();
}

/** Removes Vietnamese diacritics (NFD marks, đ/Đ). */
export function stripDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/**
 * A key for matching what people type: no diacritics, lower case, "&" read as "và",
 * punctuation as space, spaces collapsed. "Văn phòng HĐND&UBND xã" and
 * "van phong hdnd va ubnd xa" give the same key.
 */
export function matchKey(text: unknown): string {
  const base = stripDiacritics(clean(text)).toLowerCase();
  return base
    .replace(/&/g, ' va ')
    .replace(/[^a-z0-9%]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: unknown): string {
  return String(text ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Makes user text safe to write into a cell: Sheets takes a string starting with
 * = + - @ as a formula, so such text is prefixed with an apostrophe, which Sheets
 * hides and keeps the rest as text.
 */
export function cellText(text: unknown): string {
  const s = String(text ?? '');
  return /^[=+\-@]/.test(s) ? `'${s}` : s;
}

/** Is this a plausible email address (one @, a dotted domain, no spaces)? */
export function isEmail(text: string): boolean {
  return /^[^\s@<>(),;:"[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/.test(
    text.trim(),
  );
}
