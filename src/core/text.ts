/**
 * Text helpers shared by the whole core: Vietnamese-aware normalisation for matching,
 * and guards for text that reaches cells, HTML and emails.
 */

/** White space `clean` would change: any but a single inner space, or a zero-width space. */
const NEEDS_CLEANING = /[^\S ]|\u200b| {2}|^ | $/;

/** NFC with collapsed white space (incl. non-breaking spaces and line breaks) and trimmed. */
const NON_ASCII = /[^\x00-\x7f]/;

/** Results of `clean` for short texts, which repeat a lot (statuses, channels, codes, units). */
const CLEAN_CACHE = new Map<string, string>();
const CLEAN_CACHE_MAX = 10000;
const CLEAN_CACHE_LENGTH = 120;

export function clean(text: unknown): string {
  if (text === null || text === undefined) return '';
  const str = String(text);
  // ASCII text is already NFC: skip the (costly) normalisation for codes, numbers, emails, URLs.
  if (!NON_ASCII.test(str)) return NEEDS_CLEANING.test(str) ? str.replace(/[\s\u00a0\u200b]+/g, ' ').trim() : str;
  const short = str.length <= CLEAN_CACHE_LENGTH;
  if (short) {
    const hit = CLEAN_CACHE.get(str);
    if (hit !== undefined) return hit;
  }
  const nfc = str.normalize('NFC');
  // Most cells are already clean: testing is a quarter of the cost of replacing (bench/run.ts).
  const out = NEEDS_CLEANING.test(nfc) ? nfc.replace(/[\s\u00a0\u200b]+/g, ' ').trim() : nfc;
  if (short) {
    if (CLEAN_CACHE.size >= CLEAN_CACHE_MAX) CLEAN_CACHE.clear();
    CLEAN_CACHE.set(str, out);
  }
  return out;
}

/** Removes Vietnamese diacritics (NFD marks, đ/Đ). */
export function stripDiacritics(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/** matchKey's results for the strings seen last (cleared when full). */
const MATCH_KEYS = new Map<string, string>();

/**
 * A key for matching what people type: no diacritics, lower case, "&" read as "và",
 * punctuation as space, spaces collapsed. "Văn phòng HĐND&UBND xã" and
 * "van phong hdnd va ubnd xa" give the same key.
 */
export function matchKey(text: unknown): string {
  if (typeof text !== 'string') return computeMatchKey(text);
  let key = MATCH_KEYS.get(text);
  if (key === undefined) {
    // Keys repeat (statuses, channels, headers, units on 100,000 rows): remember the latest.
    if (MATCH_KEYS.size >= 5000) MATCH_KEYS.clear();
    key = computeMatchKey(text);
    MATCH_KEYS.set(text, key);
  }
  return key;
}

function computeMatchKey(text: unknown): string {
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
 * Makes user text safe to write into a cell. Range.setValue(s) reads a string as if a person
 * typed it: "= + - @" start a formula, and in the spreadsheet's locale "15/3", "05/03/2024",
 * "0912345678", "1,5", "1.234", "50%", "8:30" or "TRUE" become dates, numbers, times or
 * booleans (a leading zero lost, a day and month swapped in an en_US sheet). Such text is
 * prefixed with an apostrophe, which Sheets hides and which keeps the rest exactly as text.
 * Plain whole numbers ("1", "12") are left alone: they read back unchanged.
 */
export function cellText(text: unknown): string {
  const s = String(text ?? '');
  if (/^[=+\-@']/.test(s)) return `'${s}`;
  const t = s.trim();
  if (/^[\d.,$]|^\(\d/.test(t) && !/^(0|[1-9]\d{0,14})$/.test(t)) return `'${s}`;
  if (/^(true|false)$/i.test(t)) return `'${s}`;
  return s;
}

/** Is this a plausible email address (one @, a dotted domain, no spaces)? */
// ASCII only (an address with diacritics, "nguyễn.lan@…", is refused by MailApp); dot-atoms
// without a leading, trailing or doubled dot; a dotted domain of letters, digits and hyphens.
const EMAIL_ATOM = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
const EMAIL_LABEL = '[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?';
const EMAIL_RE = new RegExp(`^${EMAIL_ATOM}(?:\\.${EMAIL_ATOM})*@${EMAIL_LABEL}(?:\\.${EMAIL_LABEL})+$`);

export function isEmail(text: string): boolean {
  return EMAIL_RE.test(text.trim());
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Text as base64url (RFC 4648 §5) of its UTF-8 bytes, without padding: safe in a URL query.
 * Pure TypeScript: Apps Script has neither TextEncoder nor btoa. Lone surrogates become U+FFFD.
 */
export function toBase64Url(text: string): string {
  const bytes: number[] = [];
  for (const ch of text) {
    let cp = ch.codePointAt(0) as number;
    if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
    if (cp < 0x80) bytes.push(cp);
    else if (cp < 0x800) bytes.push(0xc0 | (cp >> 6), 0x80 | (cp & 63));
    else if (cp < 0x10000) bytes.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
    else bytes.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 63), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63));
  }
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    out += B64URL[(n >> 18) & 63] + B64URL[(n >> 12) & 63];
    if (i + 1 < bytes.length) out += B64URL[(n >> 6) & 63];
    if (i + 2 < bytes.length) out += B64URL[n & 63];
  }
  return out;
}

/**
 * The text whose UTF-8 bytes a base64url string encodes (padding optional), or null when it
 * is not base64url or not well-formed UTF-8 (overlong forms, surrogates, truncated sequences).
 */
export function fromBase64Url(encoded: string): string | null {
  const s = encoded.replace(/=+$/, '');
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return null;
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i += 4) {
    const chunk = s.slice(i, i + 4);
    let n = 0;
    for (let j = 0; j < 4; j++) n = (n << 6) | (j < chunk.length ? B64URL.indexOf(chunk[j]) : 0);
    bytes.push((n >> 16) & 255);
    if (chunk.length > 2) bytes.push((n >> 8) & 255);
    if (chunk.length > 3) bytes.push(n & 255);
  }
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return null;
    let cp = len === 1 ? b : b & (0xff >> (len + 1));
    for (let k = 1; k < len; k++) {
      const c = bytes[i + k];
      if ((c & 0xc0) !== 0x80) return null;
      cp = (cp << 6) | (c & 63);
    }
    const min = [0, 0, 0x80, 0x800, 0x10000][len];
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
    out += String.fromCodePoint(cp);
    i += len;
  }
  return out;
}

/**
 * A number in Vietnamese style: "." between thousands, "," before decimals ("1.234", "1.234,5").
 * `decimals` caps the fraction digits (trailing zeros dropped). Written out by hand because
 * `Intl` locale data is not guaranteed in every runtime.
 */
export function formatNumber(n: number, decimals = 0): string {
  if (!Number.isFinite(n)) return String(n);
  // Small whole numbers (most counts) need no grouping and no fraction (bench/run.ts).
  if (Number.isInteger(n) && n > -1000 && n < 1000) return String(n);
  const fixed = Math.abs(n).toFixed(Math.max(0, Math.min(20, Math.floor(decimals))));
  const [whole, fraction = ''] = fixed.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const frac = fraction.replace(/0+$/, '');
  const sign = n < 0 && Number(fixed) !== 0 ? '-' : '';
  return sign + grouped + (frac ? `,${frac}` : '');
}
