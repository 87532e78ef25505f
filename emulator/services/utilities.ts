/**
 * Utilities and Blob. Dates are formatted as Java's SimpleDateFormat does (Utilities.formatDate
 * is documented as that class), with Java's time-zone names ("ICT" for Asia/Ho_Chi_Minh);
 * bytes are Java's signed bytes (-128…127) in plain arrays; sleep() moves `env.clock` instead
 * of waiting.
 */
import { createHash, createHmac, createSign, randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Env } from '../core/env';
import { instrument, raw, registerService } from '../core/calls';
import { enumOf, exception, invalidArgument, isDate, javaFormat, wrap, type SelfAware } from './base';

registerService('Utilities', ['Utilities', 'Blob']);

export const Charset = enumOf(['US_ASCII', 'UTF_8'] as const);
export const DigestAlgorithm = enumOf(['MD2', 'MD5', 'SHA_1', 'SHA_256', 'SHA_384', 'SHA_512'] as const);
export const MacAlgorithm = enumOf(['HMAC_MD5', 'HMAC_SHA_1', 'HMAC_SHA_256', 'HMAC_SHA_384', 'HMAC_SHA_512'] as const);
export const RsaAlgorithm = enumOf(['RSA_SHA_1', 'RSA_SHA_256'] as const);

/** Utilities.sleep's documented maximum. */
export const MAX_SLEEP_MS = 300000;

// ---------------------------------------------------------------------------------------
// Bytes

/** Bytes as Apps Script returns them: Java's signed bytes in a plain array. */
export function toSignedBytes(bytes: Uint8Array): number[] {
  const out = new Array<number>(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] > 127 ? bytes[i] - 256 : bytes[i];
  return out;
}

/** Node's encoding for a charset given as the Charset enum or a Java charset name. */
function nodeEncoding(charset: unknown): 'utf8' | 'ascii' | 'latin1' | 'utf16le' | string {
  if (charset === undefined || charset === null) return 'utf8';
  const c = String(charset).toUpperCase().replace(/_/g, '-');
  if (c === 'UTF-8' || c === 'UTF8') return 'utf8';
  if (c === 'US-ASCII' || c === 'ASCII') return 'ascii';
  if (c === 'ISO-8859-1' || c === 'LATIN1') return 'latin1';
  if (c === 'UTF-16LE') return 'utf16le';
  return c.toLowerCase();
}

/** Text to bytes in a charset; characters the charset lacks become "?" as in Java. */
export function encodeText(text: string, charset?: unknown): Buffer {
  const enc = nodeEncoding(charset);
  if (enc === 'utf8') return Buffer.from(text, 'utf8');
  if (enc === 'ascii' || enc === 'latin1') {
    const max = enc === 'ascii' ? 0x7f : 0xff;
    return Buffer.from(Array.from(text, (ch) => ((ch.codePointAt(0) as number) <= max ? (ch.codePointAt(0) as number) : 0x3f)));
  }
  if (enc === 'utf16le') return Buffer.from(text, 'utf16le');
  throw invalidArgument('charset');
}

/** Bytes to text in a charset; bytes it cannot read become U+FFFD as in Java. */
export function decodeText(bytes: Uint8Array, charset?: unknown): string {
  const enc = nodeEncoding(charset);
  if (enc === 'ascii') return Array.from(bytes, (b) => (b < 0x80 ? String.fromCharCode(b) : '\ufffd')).join('');
  if (enc === 'latin1') return Buffer.from(bytes).toString('latin1');
  try {
    return new TextDecoder(enc === 'utf16le' ? 'utf-16le' : enc).decode(bytes);
  } catch {
    throw invalidArgument('charset');
  }
}

/** A byte array (signed or not) or a string (in `charset`) as a Buffer. */
export function bytesOf(data: unknown, charset?: unknown): Buffer {
  if (Array.isArray(data)) {
    return Buffer.from(
      data.map((b) => {
        const n = Number(b);
        if (!Number.isInteger(n) || n < -128 || n > 255) throw invalidArgument('value');
        return n & 0xff;
      }),
    );
  }
  if (data instanceof Uint8Array) return Buffer.from(data);
  if (data === null || data === undefined) throw invalidArgument('value');
  return encodeText(String(data), charset);
}

// ---------------------------------------------------------------------------------------
// Blob

const EXTENSION_TYPES: Record<string, string> = {
  txt: 'text/plain',
  html: 'text/html',
  htm: 'text/html',
  csv: 'text/csv',
  css: 'text/css',
  js: 'application/javascript',
  json: 'application/json',
  xml: 'application/xml',
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  svg: 'image/svg+xml',
  zip: 'application/zip',
  gz: 'application/x-gzip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  eml: 'message/rfc822',
};

type BlobMethods =
  | 'copyBlob'
  | 'getAs'
  | 'getBlob'
  | 'getBytes'
  | 'getContentType'
  | 'getDataAsString'
  | 'getName'
  | 'isGoogleType'
  | 'setBytes'
  | 'setContentType'
  | 'setContentTypeFromExtension'
  | 'setDataFromString'
  | 'setName';

export class FakeBlob implements Pick<GoogleAppsScript.Base.Blob, BlobMethods>, SelfAware {
  _self: unknown = this;
  constructor(
    private readonly _env: Env,
    public _bytes: Buffer,
    public _contentType: string | null,
    public _name: string | null,
  ) {}

  private _out(): GoogleAppsScript.Base.Blob {
    return this._self as GoogleAppsScript.Base.Blob;
  }

  copyBlob(): GoogleAppsScript.Base.Blob {
    return createBlob(this._env, this._bytes, this._contentType, this._name);
  }

  /** Only the blob's own type: the emulator converts nothing. */
  getAs(contentType: string): GoogleAppsScript.Base.Blob {
    const to = String(contentType);
    if (to !== this._contentType) throw exception(`Converting from ${this._contentType ?? 'null'} to ${to} is not supported.`);
    return this.copyBlob();
  }

  getBlob(): GoogleAppsScript.Base.Blob {
    return this._out();
  }

  getBytes(): GoogleAppsScript.Byte[] {
    return toSignedBytes(this._bytes);
  }

  getContentType(): string | null {
    return this._contentType;
  }

  getDataAsString(charset?: string): string {
    return decodeText(this._bytes, charset);
  }

  getName(): string | null {
    return this._name;
  }

  isGoogleType(): boolean {
    return false;
  }

  setBytes(data: GoogleAppsScript.Byte[]): GoogleAppsScript.Base.Blob {
    this._bytes = bytesOf(data);
    return this._out();
  }

  setContentType(contentType: string | null): GoogleAppsScript.Base.Blob {
    this._contentType = contentType === null || contentType === undefined ? null : String(contentType);
    return this._out();
  }

  setContentTypeFromExtension(): GoogleAppsScript.Base.Blob {
    const ext = /\.([^./]+)$/.exec(this._name ?? '')?.[1]?.toLowerCase();
    const type = ext ? EXTENSION_TYPES[ext] : undefined;
    if (!type) throw exception(`Could not determine content type from the file name: ${this._name ?? ''}`);
    this._contentType = type;
    return this._out();
  }

  setDataFromString(string: string, charset?: string): GoogleAppsScript.Base.Blob {
    this._bytes = encodeText(String(string), charset);
    return this._out();
  }

  setName(name: string): GoogleAppsScript.Base.Blob {
    this._name = String(name);
    return this._out();
  }
}

/** A new instrumented Blob (for the other fakes: Drive files, mail attachments, exports). */
export function createBlob(env: Env, bytes: Uint8Array, contentType: string | null = null, name: string | null = null): GoogleAppsScript.Base.Blob {
  return wrap(new FakeBlob(env, Buffer.from(bytes), contentType, name), 'Blob', env) as unknown as GoogleAppsScript.Base.Blob;
}

/**
 * The bytes, type and name behind a Blob or BlobSource (anything with getBlob()), read
 * without counting calls when it is one of the emulator's blobs.
 */
export function blobData(source: unknown): { bytes: Buffer; contentType: string | null; name: string | null } {
  if (source !== null && typeof source === 'object') {
    const b = raw(source as object);
    if (b instanceof FakeBlob) return { bytes: Buffer.from(b._bytes), contentType: b._contentType, name: b._name };
    const s = source as { getBlob?: () => unknown };
    if (typeof s.getBlob === 'function') {
      const blob = s.getBlob() as GoogleAppsScript.Base.Blob;
      const inner = raw(blob as object);
      if (inner instanceof FakeBlob) return { bytes: Buffer.from(inner._bytes), contentType: inner._contentType, name: inner._name };
      return { bytes: bytesOf(blob.getBytes()), contentType: blob.getContentType(), name: blob.getName() };
    }
  }
  throw invalidArgument('blob');
}

// ---------------------------------------------------------------------------------------
// Time zones and SimpleDateFormat

interface Zone {
  /** Offset from UTC in minutes at an instant. */
  offset(ms: number): number;
  /** Java's short and long display names at an instant ("ICT", "Indochina Time"). */
  shortName(ms: number): string;
  longName(ms: number): string;
}

/** Java's short names where they differ from what Intl gives in en-US: [standard, daylight]. */
const JAVA_SHORT_NAMES: Record<string, [string, string]> = {
  'Asia/Ho_Chi_Minh': ['ICT', 'ICT'],
  'Asia/Saigon': ['ICT', 'ICT'],
  'Asia/Bangkok': ['ICT', 'ICT'],
  'Asia/Phnom_Penh': ['ICT', 'ICT'],
  'Asia/Vientiane': ['ICT', 'ICT'],
  'Asia/Jakarta': ['WIB', 'WIB'],
  'Asia/Shanghai': ['CST', 'CDT'],
  'Asia/Hong_Kong': ['HKT', 'HKST'],
  'Asia/Taipei': ['CST', 'CDT'],
  'Asia/Singapore': ['SGT', 'SGT'],
  'Asia/Kuala_Lumpur': ['MYT', 'MYT'],
  'Asia/Manila': ['PST', 'PDT'],
  'Asia/Tokyo': ['JST', 'JDT'],
  'Asia/Seoul': ['KST', 'KDT'],
  'Asia/Kolkata': ['IST', 'IDT'],
  'Australia/Sydney': ['AEST', 'AEDT'],
  'Europe/London': ['GMT', 'BST'],
  'Europe/Paris': ['CET', 'CEST'],
  'Europe/Berlin': ['CET', 'CEST'],
  'Europe/Moscow': ['MSK', 'MSK'],
  UTC: ['UTC', 'UTC'],
  'Etc/UTC': ['UTC', 'UTC'],
  GMT: ['GMT', 'GMT'],
  'Etc/GMT': ['GMT', 'GMT'],
};

function gmtName(offsetMin: number): string {
  const sign = offsetMin < 0 ? '-' : '+';
  const a = Math.abs(offsetMin);
  return `GMT${sign}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

function fixedZone(offsetMin: number, shortName: string, longName: string): Zone {
  return { offset: () => offsetMin, shortName: () => shortName, longName: () => longName };
}

const ZONES = new Map<string, Zone>();

function ianaZone(id: string): Zone | null {
  let fmt: Intl.DateTimeFormat;
  try {
    fmt = new Intl.DateTimeFormat('en-US', {
      timeZone: id,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      era: 'short',
    });
  } catch {
    return null;
  }
  // Java's ids are case-sensitive ("asia/ho_chi_minh" is unknown to it); Intl's are not.
  if (!id.split('/').every((seg) => /^[A-Z]/.test(seg))) return null;
  const offset = (ms: number): number => {
    const secs = Math.floor(ms / 1000) * 1000;
    const p: Record<string, string> = {};
    for (const part of fmt.formatToParts(new Date(secs))) p[part.type] = part.value;
    let year = Number(p.year);
    if (p.era === 'BC' || p.era === 'B') year = 1 - year;
    const local = Date.UTC(year, Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
    const d = new Date(local);
    if (year >= 0 && year < 100) d.setUTCFullYear(year);
    return Math.round((d.getTime() - secs) / 60000);
  };
  const intlName = (ms: number, style: 'short' | 'long'): string => {
    const f = new Intl.DateTimeFormat('en-US', { timeZone: id, timeZoneName: style });
    return f.formatToParts(new Date(ms)).find((x) => x.type === 'timeZoneName')?.value ?? '';
  };
  const isDst = (ms: number): boolean => {
    const y = new Date(ms).getUTCFullYear();
    const jan = offset(Date.UTC(y, 0, 1));
    const jul = offset(Date.UTC(y, 6, 1));
    return jan !== jul && offset(ms) === Math.max(jan, jul);
  };
  const etc = /^Etc\/GMT[+-]\d+$/.test(id);
  return {
    offset,
    shortName(ms) {
      if (etc) return gmtName(offset(ms));
      const known = JAVA_SHORT_NAMES[id];
      if (known) return known[isDst(ms) ? 1 : 0];
      const n = intlName(ms, 'short');
      return /^[A-Z]{2,5}$/.test(n) ? n : gmtName(offset(ms));
    },
    longName(ms) {
      if (etc) return gmtName(offset(ms));
      const n = intlName(ms, 'long');
      return n && !/^GMT[+-]/.test(n) ? n : gmtName(offset(ms));
    },
  };
}

/**
 * A time zone as Java's TimeZone.getTimeZone reads an id: IANA names, "UTC", "GMT", custom
 * "GMT+7" / "GMT+07:00" / "GMT-0530"; anything else is GMT, as in Java.
 */
export function timeZoneOf(id: string): Zone {
  const key = String(id);
  const cached = ZONES.get(key);
  if (cached) return cached;
  let zone: Zone | null = null;
  const custom = /^GMT([+-])(\d{1,2})(?::?(\d{2}))?$/.exec(key);
  if (custom) {
    const h = Number(custom[2]);
    const m = Number(custom[3] ?? 0);
    if (h <= 23 && m <= 59) {
      const off = (custom[1] === '-' ? -1 : 1) * (h * 60 + m);
      zone = fixedZone(off, gmtName(off), gmtName(off));
    }
  } else if (key === 'UTC' || key === 'Etc/UTC') {
    zone = fixedZone(0, 'UTC', 'Coordinated Universal Time');
  } else if (key === 'GMT' || key === 'Etc/GMT') {
    zone = fixedZone(0, 'GMT', 'Greenwich Mean Time');
  } else if (/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/.test(key)) {
    zone = ianaZone(key);
  }
  zone ??= fixedZone(0, 'GMT', 'Greenwich Mean Time');
  ZONES.set(key, zone);
  return zone;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const PATTERN_LETTERS = 'GyYMLwWDdFEuaHkKhmsSzZX';

type Token = { literal: string } | { letter: string; count: number };

function tokenize(pattern: string): Token[] {
  const tokens: Token[] = [];
  const p = String(pattern);
  let i = 0;
  while (i < p.length) {
    const c = p[i];
    if (c === "'") {
      if (p[i + 1] === "'") {
        tokens.push({ literal: "'" });
        i += 2;
        continue;
      }
      let text = '';
      i++;
      for (;;) {
        if (i >= p.length) throw invalidArgument(`Unterminated quote in pattern: ${p}`);
        if (p[i] === "'") {
          if (p[i + 1] === "'") {
            text += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        text += p[i++];
      }
      tokens.push({ literal: text });
    } else if (/[A-Za-z]/.test(c)) {
      if (!PATTERN_LETTERS.includes(c)) throw invalidArgument(`Illegal pattern character '${c}'`);
      let n = 1;
      while (p[i + n] === c) n++;
      tokens.push({ letter: c, count: n });
      i += n;
    } else {
      tokens.push({ literal: c });
      i++;
    }
  }
  return tokens;
}

const pad = (n: number, width: number): string => (n < 0 ? '-' + String(-n).padStart(width, '0') : String(n).padStart(width, '0'));

/** The wall-clock fields of an instant in a zone. */
function fieldsAt(ms: number, zone: Zone) {
  const offset = zone.offset(ms);
  const d = new Date(ms + offset * 60000);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  const day = d.getUTCDate();
  const dow = d.getUTCDay();
  const startOfYear = Date.UTC(year, 0, 1);
  const dayMs = Date.UTC(year, month, day);
  const dayOfYear = Math.round((dayMs - startOfYear) / 86400000) + 1;
  // Week fields with US rules (weeks start on Sunday, week 1 holds 1 January).
  const weekStart = dayMs - dow * 86400000;
  let weekYear = year;
  let weekOfYear: number;
  if (weekStart + 6 * 86400000 >= Date.UTC(year + 1, 0, 1)) {
    weekYear = year + 1;
    weekOfYear = 1;
  } else {
    const jan1Dow = new Date(startOfYear).getUTCDay();
    weekOfYear = Math.floor((dayOfYear - 1 + jan1Dow) / 7) + 1;
  }
  const firstDow = new Date(Date.UTC(year, month, 1)).getUTCDay();
  const weekOfMonth = Math.floor((day - 1 + firstDow) / 7) + 1;
  return {
    offset,
    year,
    month,
    day,
    dow,
    dayOfYear,
    weekYear,
    weekOfYear,
    weekOfMonth,
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    milli: d.getUTCMilliseconds(),
  };
}

function offsetText(offset: number, colon: boolean, withMinutes = true): string {
  const sign = offset < 0 ? '-' : '+';
  const a = Math.abs(offset);
  const hh = String(Math.floor(a / 60)).padStart(2, '0');
  const mm = String(a % 60).padStart(2, '0');
  if (!withMinutes) return sign + hh;
  return sign + hh + (colon ? ':' : '') + mm;
}

/** An instant formatted like Java's `new SimpleDateFormat(pattern, Locale.US)` in `timeZone`. */
export function formatDateJava(date: Date, timeZone: string, pattern: string): string {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw invalidArgument('date');
  const zone = timeZoneOf(timeZone);
  const f = fieldsAt(ms, zone);
  let out = '';
  for (const t of tokenize(pattern)) {
    if ('literal' in t) {
      out += t.literal;
      continue;
    }
    const n = t.count;
    switch (t.letter) {
      case 'G':
        out += f.year > 0 ? 'AD' : 'BC';
        break;
      case 'y':
      case 'Y': {
        const y = t.letter === 'y' ? f.year : f.weekYear;
        out += n === 2 ? pad(((y % 100) + 100) % 100, 2) : pad(y, n);
        break;
      }
      case 'M':
      case 'L':
        out += n >= 4 ? MONTHS[f.month] : n === 3 ? MONTHS[f.month].slice(0, 3) : pad(f.month + 1, n);
        break;
      case 'w':
        out += pad(f.weekOfYear, n);
        break;
      case 'W':
        out += pad(f.weekOfMonth, n);
        break;
      case 'D':
        out += pad(f.dayOfYear, n);
        break;
      case 'd':
        out += pad(f.day, n);
        break;
      case 'F':
        out += pad(Math.floor((f.day - 1) / 7) + 1, n);
        break;
      case 'E':
        out += n >= 4 ? DAYS[f.dow] : DAYS[f.dow].slice(0, 3);
        break;
      case 'u':
        out += pad(f.dow === 0 ? 7 : f.dow, n);
        break;
      case 'a':
        out += f.hour < 12 ? 'AM' : 'PM';
        break;
      case 'H':
        out += pad(f.hour, n);
        break;
      case 'k':
        out += pad(f.hour === 0 ? 24 : f.hour, n);
        break;
      case 'K':
        out += pad(f.hour % 12, n);
        break;
      case 'h':
        out += pad(f.hour % 12 === 0 ? 12 : f.hour % 12, n);
        break;
      case 'm':
        out += pad(f.minute, n);
        break;
      case 's':
        out += pad(f.second, n);
        break;
      case 'S':
        out += pad(f.milli, n);
        break;
      case 'z':
        out += n >= 4 ? zone.longName(ms) : zone.shortName(ms);
        break;
      case 'Z':
        out += offsetText(f.offset, false);
        break;
      case 'X':
        if (n > 3) throw invalidArgument(`invalid ISO 8601 format: length=${n}`);
        out += f.offset === 0 ? 'Z' : offsetText(f.offset, n === 3, n !== 1);
        break;
    }
  }
  return out;
}

/**
 * Reads a date as Java's SimpleDateFormat.parse does for the common fields (y M d H h k K m s
 * S a E, month names, literal text, z/Z/X offsets). Fields not in the pattern default to
 * 1970-01-01 00:00:00.000 in `timeZone`.
 */
export function parseDateJava(text: string, timeZone: string, pattern: string): Date {
  const s = String(text);
  let pos = 0;
  let year = 1970;
  let month = 0;
  let day = 1;
  let hour = 0;
  let minute = 0;
  let second = 0;
  let milli = 0;
  let pm: boolean | null = null;
  let hour12 = false;
  let offset: number | null = null;
  const fail = (): never => {
    throw exception(`Unparseable date: "${s}"`);
  };
  const tokens = tokenize(pattern);
  const readNumber = (maxDigits: number): number => {
    const m = new RegExp(`^[+-]?\\d{1,${maxDigits}}`).exec(s.slice(pos));
    if (!m) return fail();
    pos += m[0].length;
    return Number(m[0]);
  };
  const readName = (names: string[]): number => {
    const rest = s.slice(pos).toLowerCase();
    let best = -1;
    let bestLen = 0;
    names.forEach((name, i) => {
      for (const cand of [name, name.slice(0, 3)]) {
        if (rest.startsWith(cand.toLowerCase()) && cand.length > bestLen) {
          best = i;
          bestLen = cand.length;
        }
      }
    });
    if (best < 0) fail();
    pos += bestLen;
    return best;
  };
  tokens.forEach((t, i) => {
    if ('literal' in t) {
      if (s.startsWith(t.literal, pos)) pos += t.literal.length;
      else if (t.literal.trim() === '' && /^\s/.test(s.slice(pos))) pos += (/^\s+/.exec(s.slice(pos)) as RegExpExecArray)[0].length;
      else fail();
      return;
    }
    // Adjacent numeric fields ("yyyyMMdd") take exactly their width.
    const next = tokens[i + 1];
    const width = next && 'letter' in next ? t.count : 10;
    switch (t.letter) {
      case 'y':
      case 'Y': {
        const start = pos;
        year = readNumber(Math.max(width, t.count === 2 ? 2 : width));
        if (t.count <= 2 && pos - start === 2) year += year < 50 ? 2000 : 1900;
        break;
      }
      case 'M':
      case 'L':
        month = t.count >= 3 ? readName(MONTHS) : readNumber(width) - 1;
        break;
      case 'd':
        day = readNumber(width);
        break;
      case 'H':
        hour = readNumber(width);
        break;
      case 'k':
        hour = readNumber(width) % 24;
        break;
      case 'h':
      case 'K':
        hour = readNumber(width) % 12;
        hour12 = true;
        break;
      case 'm':
        minute = readNumber(width);
        break;
      case 's':
        second = readNumber(width);
        break;
      case 'S':
        milli = readNumber(width);
        break;
      case 'a':
        pm = readName(['AM', 'PM']) === 1;
        break;
      case 'E':
        readName(DAYS);
        break;
      case 'z':
      case 'Z':
      case 'X': {
        const m = /^(?:Z(?![a-z])|(?:GMT|UTC)?([+-])(\d{2}):?(\d{2})?)/i.exec(s.slice(pos));
        if (!m) return fail();
        pos += m[0].length;
        offset = m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0)) : 0;
        break;
      }
      default:
        readNumber(width);
    }
  });
  if (hour12 && pm) hour += 12;
  const wall = Date.UTC(year, month, day, hour, minute, second, milli);
  if (offset !== null) return new Date(wall - offset * 60000);
  const zone = timeZoneOf(timeZone);
  let guess = wall - zone.offset(wall) * 60000;
  guess = wall - zone.offset(guess) * 60000;
  return new Date(guess);
}

// ---------------------------------------------------------------------------------------
// CSV

/** RFC 4180 CSV: quoted fields may hold the delimiter, quotes ("") and line breaks. */
export function parseCsvText(csv: string, delimiter = ','): string[][] {
  const text = String(csv);
  const d = String(delimiter);
  if (d.length !== 1) throw invalidArgument('delimiter');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === d) {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' || c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else {
      field += c;
      i++;
    }
  }
  if (quoted) throw invalidArgument('csv');
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------
// Utilities

const DIGESTS: Record<string, string> = { MD5: 'md5', SHA_1: 'sha1', SHA_256: 'sha256', SHA_384: 'sha384', SHA_512: 'sha512' };
const MACS: Record<string, string> = { HMAC_MD5: 'md5', HMAC_SHA_1: 'sha1', HMAC_SHA_256: 'sha256', HMAC_SHA_384: 'sha384', HMAC_SHA_512: 'sha512' };

const STD_B64 = /^[A-Za-z0-9+/]*={0,2}$/;
const SAFE_B64 = /^[A-Za-z0-9_-]*={0,2}$/;

function decodeBase64(encoded: unknown, webSafe: boolean): number[] {
  const text = Array.isArray(encoded) ? bytesOf(encoded).toString('latin1') : String(encoded);
  const s = text.replace(/\s+/g, '');
  const body = s.replace(/=+$/, '');
  if (!(webSafe ? SAFE_B64 : STD_B64).test(s) || body.length % 4 === 1 || (s.length !== body.length && s.length % 4 !== 0)) {
    throw exception('Could not decode string.');
  }
  return toSignedBytes(Buffer.from(body, webSafe ? 'base64url' : 'base64'));
}

type UtilitiesMethods =
  | 'base64Decode'
  | 'base64DecodeWebSafe'
  | 'base64Encode'
  | 'base64EncodeWebSafe'
  | 'computeDigest'
  | 'computeHmacSha256Signature'
  | 'computeHmacSignature'
  | 'computeRsaSha1Signature'
  | 'computeRsaSha256Signature'
  | 'computeRsaSignature'
  | 'formatDate'
  | 'formatString'
  | 'getUuid'
  | 'gzip'
  | 'newBlob'
  | 'parseCsv'
  | 'parseDate'
  | 'sleep'
  | 'ungzip';

class FakeUtilities implements Pick<GoogleAppsScript.Utilities.Utilities, UtilitiesMethods | 'Charset' | 'DigestAlgorithm' | 'MacAlgorithm' | 'RsaAlgorithm'> {
  readonly Charset = Charset as unknown as typeof GoogleAppsScript.Utilities.Charset;
  readonly DigestAlgorithm = DigestAlgorithm as unknown as typeof GoogleAppsScript.Utilities.DigestAlgorithm;
  readonly MacAlgorithm = MacAlgorithm as unknown as typeof GoogleAppsScript.Utilities.MacAlgorithm;
  readonly RsaAlgorithm = RsaAlgorithm as unknown as typeof GoogleAppsScript.Utilities.RsaAlgorithm;

  constructor(private readonly _env: Env) {}

  base64Decode(encoded: string, _charset?: GoogleAppsScript.Utilities.Charset): GoogleAppsScript.Byte[] {
    return decodeBase64(encoded, false);
  }

  base64DecodeWebSafe(encoded: string, _charset?: GoogleAppsScript.Utilities.Charset): GoogleAppsScript.Byte[] {
    return decodeBase64(encoded, true);
  }

  base64Encode(data: GoogleAppsScript.Byte[] | string, charset?: GoogleAppsScript.Utilities.Charset): string {
    return bytesOf(data, charset).toString('base64');
  }

  /** "-" and "_" for "+" and "/"; the "=" padding stays, as Apps Script keeps it. */
  base64EncodeWebSafe(data: GoogleAppsScript.Byte[] | string, charset?: GoogleAppsScript.Utilities.Charset): string {
    return bytesOf(data, charset).toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
  }

  computeDigest(algorithm: GoogleAppsScript.Utilities.DigestAlgorithm, value: GoogleAppsScript.Byte[] | string, charset?: GoogleAppsScript.Utilities.Charset): GoogleAppsScript.Byte[] {
    const name = String(algorithm);
    if (name === 'MD2') throw exception('MD2 digests are not available in the emulator.');
    const alg = DIGESTS[name];
    if (!alg) throw invalidArgument('algorithm');
    return toSignedBytes(createHash(alg).update(bytesOf(value, charset)).digest());
  }

  computeHmacSha256Signature(value: GoogleAppsScript.Byte[] | string, key: GoogleAppsScript.Byte[] | string, charset?: GoogleAppsScript.Utilities.Charset): GoogleAppsScript.Byte[] {
    return toSignedBytes(createHmac('sha256', bytesOf(key, charset)).update(bytesOf(value, charset)).digest());
  }

  computeHmacSignature(
    algorithm: GoogleAppsScript.Utilities.MacAlgorithm,
    value: GoogleAppsScript.Byte[] | string,
    key: GoogleAppsScript.Byte[] | string,
    charset?: GoogleAppsScript.Utilities.Charset,
  ): GoogleAppsScript.Byte[] {
    const alg = MACS[String(algorithm)];
    if (!alg) throw invalidArgument('algorithm');
    return toSignedBytes(createHmac(alg, bytesOf(key, charset)).update(bytesOf(value, charset)).digest());
  }

  computeRsaSha1Signature(value: string, key: string, charset?: GoogleAppsScript.Utilities.Charset): GoogleAppsScript.Byte[] {
    return rsaSign('RSA-SHA1', value, key, charset);
  }

  computeRsaSha256Signature(value: string, key: string, charset?: GoogleAppsScript.Utilities.Charset): GoogleAppsScript.Byte[] {
    return rsaSign('RSA-SHA256', value, key, charset);
  }

  computeRsaSignature(algorithm: GoogleAppsScript.Utilities.RsaAlgorithm, value: string, key: string, charset?: GoogleAppsScript.Utilities.Charset): GoogleAppsScript.Byte[] {
    const name = String(algorithm);
    if (name !== 'RSA_SHA_1' && name !== 'RSA_SHA_256') throw invalidArgument('algorithm');
    return rsaSign(name === 'RSA_SHA_1' ? 'RSA-SHA1' : 'RSA-SHA256', value, key, charset);
  }

  formatDate(date: GoogleAppsScript.Base.Date, timeZone: string, format: string): string {
    if (!isDate(date) || typeof timeZone !== 'string' || typeof format !== 'string') {
      const t = (v: unknown) => (isDate(v) ? 'Date' : v === null ? 'null' : typeof v === 'string' ? 'String' : typeof v === 'number' ? 'number' : typeof v === 'object' ? 'Object' : typeof v);
      throw exception(`The parameters (${[date, timeZone, format].map(t).join(',')}) don't match the method signature for Utilities.formatDate.`);
    }
    return formatDateJava(date as unknown as Date, timeZone, format);
  }

  formatString(template: string, ...args: unknown[]): string {
    return javaFormat(template, args);
  }

  getUuid(): string {
    return randomUUID();
  }

  gzip(blob: GoogleAppsScript.Base.BlobSource, name?: string): GoogleAppsScript.Base.Blob {
    const b = blobData(blob);
    return createBlob(this._env, gzipSync(b.bytes), 'application/x-gzip', name ?? (b.name ? `${b.name}.gz` : null));
  }

  ungzip(blob: GoogleAppsScript.Base.BlobSource): GoogleAppsScript.Base.Blob {
    const b = blobData(blob);
    let bytes: Buffer;
    try {
      bytes = gunzipSync(b.bytes);
    } catch {
      throw invalidArgument('blob');
    }
    return createBlob(this._env, bytes, null, b.name ? b.name.replace(/\.gz$/i, '') : null);
  }

  newBlob(data: GoogleAppsScript.Byte[] | string, contentType?: string | null, name?: string | null): GoogleAppsScript.Base.Blob {
    return createBlob(this._env, bytesOf(data), contentType ?? null, name ?? null);
  }

  parseCsv(csv: string, delimiter?: GoogleAppsScript.Char): string[][] {
    return parseCsvText(csv, delimiter ?? ',');
  }

  parseDate(date: string, timeZone: string, format: string): Date {
    return parseDateJava(date, timeZone, format);
  }

  /** Moves the emulator's clock on; nothing waits. */
  sleep(milliseconds: number): void {
    const ms = Number(milliseconds);
    if (!Number.isFinite(ms) || ms > MAX_SLEEP_MS) throw invalidArgument('milliseconds');
    if (ms > 0) this._env.clock.advance(Math.trunc(ms));
  }
}

function rsaSign(alg: string, value: string, key: string, charset?: unknown): number[] {
  try {
    return toSignedBytes(createSign(alg).update(bytesOf(value, charset)).sign(String(key)));
  } catch {
    throw invalidArgument('key');
  }
}

export function createUtilities(env: Env): GoogleAppsScript.Utilities.Utilities {
  return instrument(new FakeUtilities(env), 'Utilities', env) as unknown as GoogleAppsScript.Utilities.Utilities;
}
