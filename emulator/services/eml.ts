/**
 * RFC 5322 (.eml) helpers shared by the MailApp and GmailApp fakes: composing a message with
 * nodemailer's MailComposer, parsing one with mailparser, splitting recipient lists, and the
 * small naming rules (file stamps, normalised subjects, Apps Script-like exceptions).
 */
import { createHash, randomUUID } from 'node:crypto';
import MailComposer from 'nodemailer/lib/mail-composer';
import { simpleParser } from 'mailparser';
import type { AddressObject, ParsedMail } from 'mailparser';
import { squeeze, vietnamDateTime } from '../core/text';

/**
 * An error shaped like the exceptions Apps Script services throw: `name` "Exception" and the
 * message without prefix, so `String(e)` reads "Exception: Invalid email: x" as in the
 * Apps Script log, and `e.message` is "Invalid email: x".
 */
export function appsScriptError(message: string): Error {
  const e = new Error(message);
  e.name = 'Exception';
  return e;
}

/** An error of the emulator itself (an unsupported feature), never one Google would throw. */
export function emulatorError(message: string): Error {
  const e = new Error(`[emulator] ${message}`);
  e.name = 'EmulatorError';
  return e;
}

/**
 * Splits a comma-separated recipient list as Apps Script takes it ("a@x.vn, B <b@y.vn>"),
 * keeping commas inside double quotes ("\"Nguyễn, Văn A\" <a@x.vn>"). Empty entries are dropped.
 */
export function splitAddressList(list: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  let angle = false;
  for (const ch of list) {
    if (ch === '"' && !angle) quoted = !quoted;
    else if (ch === '<' && !quoted) angle = true;
    else if (ch === '>' && !quoted) angle = false;
    if (ch === ',' && !quoted && !angle) {
      out.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  out.push(cur);
  return out.map((s) => s.trim()).filter((s) => s !== '');
}

/** The bare address of a list entry: "Tên <a@x.vn>" → "a@x.vn"; "a@x.vn" → itself. */
export function addressOf(entry: string): string {
  const m = /<([^<>]*)>\s*$/.exec(entry);
  return (m ? m[1] : entry).trim();
}

/** The display name of a list entry ("" when none). */
export function displayNameOf(entry: string): string {
  const m = /^(.*)<[^<>]*>\s*$/.exec(entry);
  if (!m) return '';
  return m[1].trim().replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1');
}

/**
 * A subject without the reply/forward prefixes mail clients add (Re:, Fwd:, Fw:, TL:,
 * "Trả lời:", "Chuyển tiếp:", AW:, SV:, VS:, also repeated or numbered as "Re[2]:"), NFC,
 * lower case, spaces collapsed: the key Gmail-like threading compares.
 */
export function normalizeSubject(subject: string): string {
  let s = squeeze(subject).toLowerCase();
  const prefix = /^(?:re|fwd?|tl|trả lời|chuyển tiếp|aw|sv|vs|wg)\s*(?:\[\d+\])?\s*:\s*/u;
  for (;;) {
    const next = s.replace(prefix, '');
    if (next === s) break;
    s = next;
  }
  return s.trim();
}

/** `yyyyMMdd-HHmmss` of an instant in the script's time zone (Asia/Ho_Chi_Minh). */
export function fileStamp(ms: number): string {
  const iso = vietnamDateTime(ms); // 2024-03-08T07:00:00+07:00
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
}

/** A string made safe as part of a file name (addresses keep their @ and dots). */
export function safeFilePart(text: string): string {
  const s = text.normalize('NFC').replace(/[^A-Za-z0-9@._+-]+/g, '_').replace(/^[._]+/, '');
  return (s || 'x').slice(0, 80);
}

/** A new RFC 5322 Message-ID, angle brackets included. */
export function newMessageId(domain: string): string {
  const d = /^[A-Za-z0-9.-]+$/.test(domain) ? domain : 'localhost';
  return `<${randomUUID()}@${d}>`;
}

/** A Gmail-like message id (16 hex digits), stable for the same inputs. */
export function gmailId(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 16);
}

export interface EmlAttachment {
  name: string;
  contentType: string;
  /** The bytes, base64. */
  base64: string;
  /** For inline images: the Content-ID the HTML refers to as cid:… */
  cid?: string;
}

export interface EmlInput {
  from: { name?: string; address: string };
  to: string[];
  cc?: string[];
  bcc?: string[];
  replyTo?: string;
  subject: string;
  text: string;
  html?: string | null;
  /** With angle brackets. */
  messageId: string;
  date: Date;
  inReplyTo?: string;
  references?: string[];
  attachments?: EmlAttachment[];
  /** Keep the Bcc header (the sender's copy, as Gmail's Sent mail keeps it). */
  keepBcc?: boolean;
}

/**
 * Builds an RFC 5322 message: UTF-8 headers encoded as MIME words, multipart/alternative when
 * there is an HTML part, multipart/related for inline images, multipart/mixed for attachments.
 */
export async function composeEml(input: EmlInput): Promise<Buffer> {
  const composer = new MailComposer({
    from: input.from.name ? { name: input.from.name, address: input.from.address } : input.from.address,
    to: input.to.length ? input.to.join(', ') : undefined,
    cc: input.cc?.length ? input.cc.join(', ') : undefined,
    bcc: input.bcc?.length ? input.bcc.join(', ') : undefined,
    replyTo: input.replyTo || undefined,
    subject: input.subject,
    text: input.text,
    html: input.html ?? undefined,
    messageId: input.messageId,
    date: input.date,
    inReplyTo: input.inReplyTo || undefined,
    references: input.references?.length ? input.references : undefined,
    attachments: (input.attachments ?? []).map((a) => ({
      filename: a.name,
      contentType: a.contentType,
      content: Buffer.from(a.base64, 'base64'),
      ...(a.cid ? { cid: a.cid, contentDisposition: 'inline' } : {}),
    })),
    disableFileAccess: true,
    disableUrlAccess: true,
    newline: 'win',
  });
  const node = composer.compile();
  node.keepBcc = !!input.keepBcc;
  return node.build();
}

/** A parsed message as plain JSON data. */
export interface ParsedEml {
  /** Message-ID with angle brackets, "" when the message has none. */
  messageId: string;
  inReplyTo: string;
  references: string[];
  /** Header texts as mail clients show them: `"Tên" <a@x.vn>`, comma-separated. */
  from: string;
  fromAddress: string;
  to: string;
  cc: string;
  bcc: string;
  replyTo: string;
  subject: string;
  /** Plain text (mailparser derives it from the HTML for HTML-only messages). */
  text: string;
  /** The text/plain part as HTML (mailparser's textAsHtml), for messages without HTML. */
  textAsHtml: string;
  html: string | null;
  /** ISO instant; null when the message has no (valid) Date header. */
  date: string | null;
  /** Header values by lower-case name, decoded (MIME words) where mailparser decodes them. */
  headers: Record<string, string>;
  attachments: { name: string; contentType: string; size: number }[];
}

function addressText(v: AddressObject | AddressObject[] | undefined): string {
  if (!v) return '';
  return (Array.isArray(v) ? v : [v]).map((a) => a.text).filter(Boolean).join(', ');
}

function rawHeader(parsed: ParsedMail, key: string): string {
  const line = parsed.headerLines.find((h) => h.key === key)?.line ?? '';
  return line.slice(line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim();
}

function headerText(parsed: ParsedMail, key: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value.join(' ');
  if (value && typeof value === 'object' && 'text' in value && typeof (value as AddressObject).text === 'string') {
    return (value as AddressObject).text;
  }
  if (Array.isArray(value) && value.every((v) => v && typeof v === 'object' && 'text' in v)) {
    return (value as AddressObject[]).map((a) => a.text).join(', ');
  }
  return rawHeader(parsed, key);
}

/** Parses an RFC 5322 message with mailparser into plain data. */
export async function parseEml(source: Buffer | string): Promise<ParsedEml> {
  const p = await simpleParser(source, { keepCidLinks: true });
  const headers: Record<string, string> = {};
  for (const [key, value] of p.headers) headers[key] = headerText(p, key, value);
  const refs = p.references === undefined ? [] : Array.isArray(p.references) ? p.references : p.references.split(/\s+/);
  const date = p.date && !Number.isNaN(p.date.getTime()) ? p.date.toISOString() : null;
  return {
    messageId: p.messageId ?? '',
    inReplyTo: p.inReplyTo ?? '',
    references: refs.filter(Boolean),
    from: addressText(p.from),
    fromAddress: p.from?.value[0]?.address ?? '',
    to: addressText(p.to),
    cc: addressText(p.cc),
    bcc: addressText(p.bcc),
    replyTo: addressText(p.replyTo),
    subject: p.subject ?? '',
    text: (p.text ?? '').replace(/\r\n/g, '\n'),
    textAsHtml: p.textAsHtml ?? '',
    html: typeof p.html === 'string' ? p.html : null,
    date,
    headers,
    attachments: p.attachments.map((a) => ({ name: a.filename ?? '', contentType: a.contentType, size: a.size })),
  };
}
