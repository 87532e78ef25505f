/**
 * The emulator's MailApp (https://developers.google.com/apps-script/reference/mail/mail-app).
 *
 * sendEmail validates and counts like Apps Script, then records the message synchronously in
 * `env.serviceState('mail')`; `flushOutbox(env)` later writes each recorded message as an
 * RFC 5322 file to `<env.dir>/outbox/` (MailComposer builds asynchronously, the sandboxed
 * script is synchronous).
 *
 * Daily quota: 100 recipients for consumer accounts (1,500 for Workspace; settable with
 * setMailQuota). Google does not document the reset precisely: the quotas page only says quotas
 * "reset 24 hours after the first request" (not whether the window rolls, nor which request
 * starts it). The emulator's choice: a window starts at the first send (or at setMailQuota) and
 * the full quota returns when `env.clock` reaches 24 hours after that. Real Gmail has been seen to let a few messages
 * past the quota; the emulator refuses exactly at the limit.
 */
import { registerService, instrument, raw } from '../core/calls';
import type { Env } from '../core/env';
import {
  addressOf,
  appsScriptError,
  composeEml,
  fileStamp,
  newMessageId,
  safeFilePart,
  splitAddressList,
  type EmlAttachment,
} from './eml';
import { isValidAddress } from './address';
import { mkdir, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

registerService('MailApp', ['MailApp']);

/** Consumer (gmail.com) accounts: recipients per day. */
export const CONSUMER_DAILY_RECIPIENTS = 100;
/** Apps Script limits (quotas page, "Current limitations"). */
export const MAX_RECIPIENTS_PER_MESSAGE = 50;
export const MAX_BODY_BYTES = 200 * 1024;
export const MAX_SUBJECT_CHARS = 250;
export const MAX_ATTACHMENTS = 250;

const DAY_MS = 24 * 60 * 60 * 1000;

/** One message MailApp sent, as recorded in the state (JSON). */
export interface SentMail {
  seq: number;
  /** The From address: the effective user at send time (MailApp sends as the user the script runs as). */
  from: string;
  /** The `name` option: the sender's display name ("" for none). */
  name: string;
  to: string[];
  cc: string[];
  bcc: string[];
  replyTo: string;
  noReply: boolean;
  subject: string;
  body: string;
  htmlBody: string | null;
  attachments: EmlAttachment[];
  /** When it was sent (ISO, from env.clock). */
  at: string;
  /** Message-ID with angle brackets. */
  messageId: string;
  /** The .eml path relative to env.dir ("outbox/…"); null when env.dir is null. */
  file: string | null;
  /** Whether flushOutbox has written the file. */
  flushed: boolean;
}

interface MailState {
  dailyLimit: number;
  remaining: number;
  /** Start of the current 24-hour quota window (ISO), null before the first send. */
  windowStart: string | null;
  seq: number;
  sent: SentMail[];
}

function mailState(env: Env): MailState {
  const s = env.serviceState<MailState>('mail', () => ({
    dailyLimit: CONSUMER_DAILY_RECIPIENTS,
    remaining: CONSUMER_DAILY_RECIPIENTS,
    windowStart: null,
    seq: 0,
    sent: [],
  }));
  // State read back from an older state.json may lack fields.
  s.dailyLimit ??= CONSUMER_DAILY_RECIPIENTS;
  s.remaining ??= s.dailyLimit;
  s.windowStart ??= null;
  s.seq ??= 0;
  s.sent ??= [];
  return s;
}

/** Applies the 24-hour reset, then returns the state. */
function currentQuota(env: Env): MailState {
  const s = mailState(env);
  if (s.windowStart !== null && env.clock.now() >= new Date(s.windowStart).getTime() + DAY_MS) {
    s.remaining = s.dailyLimit;
    s.windowStart = null;
  }
  return s;
}

/**
 * Sets the recipients left for the current quota window (e.g. 0 to test quota exhaustion);
 * `dailyLimit` (default: unchanged, 100) is what a reset restores (1,500 for Workspace).
 * Starts a window now when none is running, so the full quota returns 24 hours later.
 */
export function setMailQuota(env: Env, remaining: number, dailyLimit?: number): void {
  const s = currentQuota(env);
  if (dailyLimit !== undefined) s.dailyLimit = dailyLimit;
  s.remaining = remaining;
  if (s.windowStart === null) s.windowStart = new Date(env.clock.now()).toISOString();
}

/** Every message sent so far (the records themselves: do not modify). */
export function sentMail(env: Env): readonly SentMail[] {
  return mailState(env).sent;
}

/** Writes the .eml files of the messages sent since the last flush (no-op without env.dir). */
export async function flushOutbox(env: Env): Promise<void> {
  if (!env.dir) return;
  const pending = mailState(env).sent.filter((m) => !m.flushed && m.file);
  if (!pending.length) return;
  await mkdir(path.join(env.dir, 'outbox'), { recursive: true });
  for (const m of pending) {
    const eml = await composeEml({
      from: { name: m.name, address: m.from },
      to: m.to,
      cc: m.cc,
      bcc: m.bcc,
      replyTo: m.replyTo,
      subject: m.subject,
      text: m.body,
      html: m.htmlBody,
      messageId: m.messageId,
      date: new Date(m.at),
      attachments: m.attachments,
      keepBcc: true,
    });
    await writeFile(path.join(env.dir, m.file as string), eml);
    m.flushed = true;
  }
}

interface Outgoing {
  to: string;
  cc: string;
  bcc: string;
  subject: string;
  body: string;
  htmlBody: string | null;
  name: string;
  replyTo: string;
  noReply: boolean;
  attachments: unknown[];
  inlineImages: Record<string, unknown>;
}

function typeName(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return 'String';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'Boolean';
  if (Array.isArray(v)) return 'Object[]';
  return 'Object';
}

function isText(v: unknown): boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean';
}

function str(v: unknown): string {
  return v === null || v === undefined ? '' : String(v);
}

function fromOptions(base: Pick<Outgoing, 'to' | 'subject' | 'body'>, o: Record<string, unknown>): Outgoing {
  return {
    to: base.to,
    cc: str(o.cc),
    bcc: str(o.bcc),
    subject: base.subject,
    body: base.body,
    htmlBody: o.htmlBody === undefined || o.htmlBody === null ? null : String(o.htmlBody),
    name: str(o.name),
    replyTo: str(o.replyTo),
    noReply: o.noReply === true,
    attachments: Array.isArray(o.attachments) ? o.attachments : o.attachments ? [o.attachments] : [],
    inlineImages: o.inlineImages && typeof o.inlineImages === 'object' ? (o.inlineImages as Record<string, unknown>) : {},
  };
}

/** Resolves the four documented overloads of sendEmail. */
function readArgs(args: unknown[]): Outgoing {
  const [a, b, c, d] = args;
  if (args.length === 1 && a && typeof a === 'object' && !Array.isArray(a)) {
    const m = raw(a as object) as Record<string, unknown>;
    return fromOptions({ to: str(m.to), subject: str(m.subject), body: str(m.body) }, m);
  }
  if (args.length === 3 && isText(a) && isText(b) && isText(c)) {
    return fromOptions({ to: str(a), subject: str(b), body: str(c) }, {});
  }
  if (args.length === 4 && isText(a) && isText(b) && isText(c)) {
    if (d && typeof d === 'object' && !Array.isArray(d)) {
      return fromOptions({ to: str(a), subject: str(b), body: str(c) }, raw(d as object) as Record<string, unknown>);
    }
    if (isText(d)) {
      // sendEmail(to, replyTo, subject, body)
      return fromOptions({ to: str(a), subject: str(c), body: str(d) }, { replyTo: str(b) });
    }
  }
  throw appsScriptError(
    `The parameters (${args.map(typeName).join(',')}) don't match the method signature for MailApp.sendEmail.`,
  );
}

/** Splits and validates a recipient list: "Invalid email: <entry>" like Apps Script. */
function recipients(list: string): string[] {
  const entries = splitAddressList(list);
  for (const e of entries) {
    if (!isValidAddress(addressOf(e))) throw appsScriptError(`Invalid email: ${e}`);
  }
  return entries;
}

function signedToBuffer(bytes: unknown): Buffer {
  if (Buffer.isBuffer(bytes)) return bytes;
  if (bytes instanceof Uint8Array) return Buffer.from(bytes);
  if (Array.isArray(bytes)) return Buffer.from(bytes.map((b) => Number(b) & 0xff));
  throw appsScriptError('Invalid argument: attachments');
}

type BlobLike = {
  getBytes(): unknown;
  getName?(): string | null;
  getContentType?(): string | null;
};

/** Reads a BlobSource (Blob, or anything with getBlob()) without counting the emulator's own calls. */
function toAttachment(source: unknown, cid?: string): EmlAttachment {
  if (!source || typeof source !== 'object') throw appsScriptError('Invalid argument: attachments');
  let blob = raw(source as object) as Partial<BlobLike> & { getBlob?: () => object };
  if (typeof blob.getBytes !== 'function' && typeof blob.getBlob === 'function') {
    blob = raw(blob.getBlob()) as Partial<BlobLike>;
  }
  if (typeof blob.getBytes !== 'function') throw appsScriptError('Invalid argument: attachments');
  const buf = signedToBuffer(blob.getBytes());
  const name = (typeof blob.getName === 'function' && blob.getName()) || cid || 'attachment';
  const contentType = (typeof blob.getContentType === 'function' && blob.getContentType()) || 'application/octet-stream';
  return { name, contentType, base64: buf.toString('base64'), ...(cid ? { cid } : {}) };
}

function isConsumerAccount(address: string): boolean {
  return /@(gmail|googlemail)\.com$/i.test(address);
}

function send(env: Env, out: Outgoing): void {
  const to = recipients(out.to);
  const cc = recipients(out.cc);
  const bcc = recipients(out.bcc);
  if (out.replyTo) recipients(out.replyTo);
  const count = to.length + cc.length + bcc.length;
  if (count === 0) throw appsScriptError('Failed to send email: no recipient');
  if (count > MAX_RECIPIENTS_PER_MESSAGE) throw appsScriptError('Limit Exceeded: Email Recipients Per Message.');
  if (out.subject.length > MAX_SUBJECT_CHARS) throw appsScriptError('Argument too large: subject');
  const bodyBytes = Math.max(Buffer.byteLength(out.body, 'utf8'), Buffer.byteLength(out.htmlBody ?? '', 'utf8'));
  if (bodyBytes > MAX_BODY_BYTES) throw appsScriptError('Limit Exceeded: Email Body Size.');
  if (out.attachments.length > MAX_ATTACHMENTS) throw appsScriptError('Limit Exceeded: Email Attachments Per Message.');
  const attachments = out.attachments.map((a) => toAttachment(a));
  for (const [cid, img] of Object.entries(out.inlineImages)) attachments.push(toAttachment(img, cid));

  const s = currentQuota(env);
  if (count > s.remaining) throw appsScriptError('Service invoked too many times for one day: email.');

  const now = env.clock.now();
  if (s.windowStart === null) s.windowStart = new Date(now).toISOString();
  s.remaining -= count;
  s.seq += 1;

  const owner = env.effectiveUser();
  // noReply is only possible for Google Workspace accounts, not Gmail users (reference).
  const noReply = out.noReply && !isConsumerAccount(owner);
  const from = noReply ? `noreply@${owner.split('@')[1]}` : owner;
  const first = addressOf(to[0] ?? cc[0] ?? bcc[0]);
  const file = env.dir ? `outbox/${fileStamp(now)}-${String(s.seq).padStart(4, '0')}-${safeFilePart(first)}.eml` : null;
  s.sent.push({
    seq: s.seq,
    from,
    name: out.name,
    to,
    cc,
    bcc,
    replyTo: out.replyTo,
    noReply,
    subject: out.subject,
    body: out.body,
    htmlBody: out.htmlBody,
    attachments,
    at: new Date(now).toISOString(),
    messageId: newMessageId(owner.split('@')[1] ?? 'localhost'),
    file,
    flushed: false,
  });
}

class FakeMailApp implements Pick<GoogleAppsScript.Mail.MailApp, 'getRemainingDailyQuota' | 'sendEmail'> {
  constructor(private readonly _env: Env) {}

  getRemainingDailyQuota(): number {
    return currentQuota(this._env).remaining;
  }

  sendEmail(...args: unknown[]): void {
    send(this._env, readArgs(args));
  }
}

export function createMailApp(env: Env): GoogleAppsScript.Mail.MailApp {
  return instrument(new FakeMailApp(env), 'MailApp', env) as unknown as GoogleAppsScript.Mail.MailApp;
}
