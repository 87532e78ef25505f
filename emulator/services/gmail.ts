/**
 * The emulator's GmailApp (https://developers.google.com/apps-script/reference/gmail/gmail-app),
 * enough to read replies to reminder emails: search, threads, messages and user labels.
 *
 * The mailbox is:
 * - the `.eml` files in `<env.dir>/inbox/` (people drop replies there), read by `loadInbox(env)`
 *   (async: mailparser) before a script runs, or messages added with `addInboxMessage`;
 * - the messages MailApp sent (Gmail keeps them in Sent mail), picked up on every GmailApp call.
 * Everything lives in `env.serviceState('gmail')` as JSON, so labels and read state persist.
 *
 * The emulator keeps ONE mailbox, whoever runs the script; "me" in a query is the effective user
 * (Session.getEffectiveUser), as GmailApp reads the mailbox of the user the script runs as.
 *
 * Fidelity notes (Gmail's model, which the product has to live with):
 * - Labels, read state and the inbox belong to **messages**; a thread shows the union. A label
 *   added to a thread marks the messages it has now: a later reply in that thread arrives
 *   without the label, so `-label:X` finds the thread again (with all its older messages).
 * - Search matches messages and returns the threads that hold a matching message, newest first.
 * - A message joins the thread of a message it references (In-Reply-To/References) with the
 *   same subject once Re:/Fwd:/TL:/Trả lời: prefixes are dropped; never by subject alone (see
 *   threadFor).
 */
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import * as path from 'node:path';
import { instrument, raw, registerService } from '../core/calls';
import type { Env } from '../core/env';
import { escapeHtml, searchWords } from '../core/text';
import {
  addressOf,
  appsScriptError,
  composeEml,
  displayNameOf,
  emulatorError,
  fileStamp,
  gmailId,
  newMessageId,
  normalizeSubject,
  parseEml,
  safeFilePart,
  type ParsedEml,
} from './eml';
import { sentMail, type SentMail } from './mail';

registerService('GmailApp', ['GmailApp', 'GmailThread', 'GmailMessage', 'GmailLabel']);

/** One message of the emulated mailbox (JSON). */
export interface GmailStoredMessage {
  /** Gmail-like id (16 hex digits). */
  id: string;
  /** The id of the thread (the id of the message that started it). */
  threadId: string;
  /** "inbox": received (an .eml of the inbox folder, or added in memory); "sent": sent by MailApp. */
  source: 'inbox' | 'sent';
  /** Inbox messages: the file name in `<dir>/inbox/`, null when kept only in state. */
  file: string | null;
  /** Message-ID, In-Reply-To, References (angle brackets included). */
  messageId: string;
  inReplyTo: string;
  references: string[];
  from: string;
  fromAddress: string;
  to: string;
  cc: string;
  bcc: string;
  replyTo: string;
  subject: string;
  text: string;
  /** The HTML part; null for plain-text messages. */
  html: string | null;
  textAsHtml: string;
  /** ISO instant. */
  date: string;
  /** Header values by lower-case name. */
  headers: Record<string, string>;
  unread: boolean;
  inInbox: boolean;
  /** User labels on this message. */
  labels: string[];
}

interface GmailState {
  /** User labels, in creation order. */
  labels: string[];
  messages: GmailStoredMessage[];
  seq: number;
}

function gmailState(env: Env): GmailState {
  const s = env.serviceState<GmailState>('gmail', () => ({ labels: [], messages: [], seq: 0 }));
  s.labels ??= [];
  s.messages ??= [];
  s.seq ??= 0;
  return s;
}

// ---------------------------------------------------------------------------------------------
// Mailbox maintenance

/**
 * The thread a new message joins: the thread of a message it references (In-Reply-To, then
 * References from the nearest) when its subject, without Re:/Fwd:/TL:/Trả lời: prefixes, is
 * that message's subject too; otherwise a thread of its own.
 *
 * Google documents this only for messages a program adds to a thread
 * (developers.google.com/workspace/gmail/api/guides/threads: "The References and In-Reply-To
 * headers must be set in compliance with the RFC 2822 standard" and "The Subject headers must
 * match"); for received mail it publishes no rule. Gmail no longer groups messages by subject
 * alone (seen by senders of notification mail since 2019, e.g.
 * gitlab.com/gitlab-org/gitlab-foss/-/issues/60081), and a reply whose subject was changed
 * starts a new conversation. The emulator takes both conditions together: a message with a
 * copied subject and no reference to a known Message-ID starts its own thread, as does a
 * reference with another subject.
 */
function threadFor(state: GmailState, msg: Pick<GmailStoredMessage, 'id' | 'inReplyTo' | 'references' | 'subject'>): string {
  const byMid = new Map<string, GmailStoredMessage>();
  for (const m of state.messages) if (m.messageId) byMid.set(m.messageId, m);
  const key = normalizeSubject(msg.subject);
  for (const ref of [msg.inReplyTo, ...[...msg.references].reverse()]) {
    const parent = ref ? byMid.get(ref) : undefined;
    if (parent && normalizeSubject(parent.subject) === key) return parent.threadId;
  }
  return msg.id;
}

function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|tr|li|h[1-6])>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function formatAddress(name: string, address: string): string {
  if (!name) return address;
  return /^[\p{L}\p{N} !#$%&'*+\-/=?^_`{|}~]*$/u.test(name) ? `${name} <${address}>` : `"${name.replace(/(["\\])/g, '\\$1')}" <${address}>`;
}

/** Adds the messages MailApp sent since the last call (Gmail keeps them in Sent mail). */
function syncSent(env: Env): GmailState {
  const state = gmailState(env);
  const known = new Set(state.messages.filter((m) => m.source === 'sent').map((m) => m.messageId));
  for (const s of sentMail(env)) {
    if (known.has(s.messageId)) continue;
    state.messages.push(sentToStored(env, state, s));
  }
  return state;
}

function sentToStored(env: Env, state: GmailState, s: SentMail): GmailStoredMessage {
  const id = gmailId('sent', s.messageId);
  const owner = env.effectiveUser().toLowerCase();
  const toSelf = [...s.to, ...s.cc, ...s.bcc].some((e) => addressOf(e).toLowerCase() === owner);
  const from = formatAddress(s.name, s.from);
  const headers: Record<string, string> = {
    from,
    to: s.to.join(', '),
    subject: s.subject,
    'message-id': s.messageId,
    date: new Date(s.at).toUTCString(),
  };
  if (s.cc.length) headers.cc = s.cc.join(', ');
  if (s.bcc.length) headers.bcc = s.bcc.join(', ');
  if (s.replyTo) headers['reply-to'] = s.replyTo;
  const text = s.body || (s.htmlBody ? htmlToText(s.htmlBody) : '');
  const msg: GmailStoredMessage = {
    id,
    threadId: id,
    source: 'sent',
    file: null,
    messageId: s.messageId,
    inReplyTo: '',
    references: [],
    from,
    fromAddress: s.from,
    to: s.to.join(', '),
    cc: s.cc.join(', '),
    bcc: s.bcc.join(', '),
    replyTo: s.replyTo,
    subject: s.subject,
    text,
    html: s.htmlBody,
    textAsHtml: escapeHtml(text).replace(/\n/g, '<br/>'),
    date: s.at,
    headers,
    // A message sent to oneself also lands in one's inbox.
    unread: toSelf,
    inInbox: toSelf,
    labels: [],
  };
  msg.threadId = threadFor(state, msg);
  return msg;
}

function parsedToStored(p: ParsedEml, id: string, file: string | null, fallbackDate: number): GmailStoredMessage {
  return {
    id,
    threadId: id,
    source: 'inbox',
    file,
    messageId: p.messageId,
    inReplyTo: p.inReplyTo,
    references: p.references,
    from: p.from,
    fromAddress: p.fromAddress,
    to: p.to,
    cc: p.cc,
    bcc: p.bcc,
    replyTo: p.replyTo,
    subject: p.subject,
    text: p.text,
    html: p.html,
    textAsHtml: p.textAsHtml,
    date: p.date ?? new Date(fallbackDate).toISOString(),
    headers: p.headers,
    unread: true,
    inInbox: true,
    labels: [],
  };
}

function byDate(a: GmailStoredMessage, b: GmailStoredMessage): number {
  return a.date.localeCompare(b.date) || (a.file ?? '').localeCompare(b.file ?? '') || a.id.localeCompare(b.id);
}

/**
 * (Re)reads `<env.dir>/inbox/*.eml` into the state. Messages already known (same file, same
 * Message-ID) keep their id, thread, labels and read state; new files arrive unread in the
 * inbox and join threads; messages whose file was removed disappear. Also picks up the
 * messages MailApp sent. Without env.dir only the latter happens.
 */
export async function loadInbox(env: Env): Promise<void> {
  const state = syncSent(env);
  if (!env.dir) return;
  const dir = path.join(env.dir, 'inbox');
  let files: string[] = [];
  try {
    files = (await readdir(dir)).filter((f) => f.toLowerCase().endsWith('.eml')).sort();
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const existing = new Map(state.messages.filter((m) => m.source === 'inbox' && m.file).map((m) => [m.file as string, m]));
  const present = new Set<string>();
  const fresh: GmailStoredMessage[] = [];
  for (const file of files) {
    const parsed = await parseEml(await readFile(path.join(dir, file)));
    const old = existing.get(file);
    if (old && old.messageId === parsed.messageId) {
      // Same message: refresh its content, keep Gmail's state of it.
      const again = parsedToStored(parsed, old.id, file, new Date(old.date).getTime());
      Object.assign(old, { ...again, threadId: old.threadId, unread: old.unread, inInbox: old.inInbox, labels: old.labels });
      present.add(file);
      continue;
    }
    fresh.push(parsedToStored(parsed, gmailId('inbox', file, parsed.messageId), file, env.clock.now()));
  }
  state.messages = state.messages.filter((m) => m.source !== 'inbox' || !m.file || present.has(m.file));
  for (const m of fresh.sort(byDate)) {
    m.threadId = threadFor(state, m);
    state.messages.push(m);
  }
}

export interface InboxMessageInput {
  /** "Tên <a@x.vn>" or "a@x.vn". */
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** The Message-ID replied to (with or without angle brackets). */
  inReplyTo?: string;
  /** Default: env.clock's now. */
  date?: Date | string | number;
}

/**
 * Puts a received message in the mailbox: writes it as an .eml into `<env.dir>/inbox/` and
 * reloads the inbox, or (env.dir null) parses it straight into the state. A reply's References
 * continue the parent's when the parent is known. Returns the new message's Gmail id.
 */
export async function addInboxMessage(env: Env, input: InboxMessageInput): Promise<string> {
  const state = syncSent(env);
  const at = input.date === undefined ? env.clock.now() : new Date(input.date).getTime();
  if (Number.isNaN(at)) throw new Error(`Invalid date: ${String(input.date)}`);
  const fromAddress = addressOf(input.from);
  const inReplyTo = input.inReplyTo ? (input.inReplyTo.startsWith('<') ? input.inReplyTo : `<${input.inReplyTo}>`) : '';
  const parent = inReplyTo ? state.messages.find((m) => m.messageId === inReplyTo) : undefined;
  const references = parent ? [...parent.references, parent.messageId] : inReplyTo ? [inReplyTo] : [];
  const messageId = newMessageId(fromAddress.split('@')[1] ?? 'localhost');
  const eml = await composeEml({
    from: { name: displayNameOf(input.from), address: fromAddress },
    to: [input.to],
    subject: input.subject,
    text: input.text,
    html: input.html ?? null,
    messageId,
    date: new Date(at),
    inReplyTo: inReplyTo || undefined,
    references,
  });
  state.seq += 1;
  if (env.dir) {
    const file = `${fileStamp(at)}-${String(state.seq).padStart(4, '0')}-${safeFilePart(fromAddress)}.eml`;
    await mkdir(path.join(env.dir, 'inbox'), { recursive: true });
    await writeFile(path.join(env.dir, 'inbox', file), eml);
    await loadInbox(env);
    const added = gmailState(env).messages.find((m) => m.file === file);
    if (!added) throw new Error(`The message written to inbox/${file} was not loaded`);
    return added.id;
  }
  const msg = parsedToStored(await parseEml(eml), gmailId('mem', String(state.seq), messageId), null, at);
  msg.threadId = threadFor(state, msg);
  state.messages.push(msg);
  return msg.id;
}

// ---------------------------------------------------------------------------------------------
// Search

interface Term {
  neg: boolean;
  op: 'in' | 'is' | 'label' | 'subject' | 'from' | 'to' | 'newer_than' | 'text';
  value: string;
}

const SUPPORTED =
  'in:inbox, in:sent, in:anywhere, is:unread, is:read, label:, subject:, from:, to:, newer_than:<N>d, free words, "phrases", and - to negate';

/** Gmail operators the emulator does not implement: a query using one fails loudly. */
const UNSUPPORTED_OPS = new Set([
  'cc', 'bcc', 'has', 'filename', 'after', 'before', 'older', 'newer', 'older_than', 'category', 'size',
  'larger', 'smaller', 'list', 'deliveredto', 'rfc822msgid', 'around',
]);

function unsupported(what: string): Error {
  return emulatorError(`GmailApp.search does not support ${what}. Supported: ${SUPPORTED}.`);
}

export function parseQuery(query: string): Term[] {
  const terms: Term[] = [];
  const q = query.normalize('NFC');
  let i = 0;
  const readQuoted = (): string => {
    const end = q.indexOf('"', i + 1);
    if (end < 0) throw unsupported('an unclosed quote');
    const v = q.slice(i + 1, end);
    i = end + 1;
    return v;
  };
  while (i < q.length) {
    if (/\s/.test(q[i])) {
      i++;
      continue;
    }
    let neg = false;
    if (q[i] === '-') {
      neg = true;
      i++;
    }
    const c = q[i];
    if (c === undefined || /\s/.test(c)) throw unsupported('a lone "-"');
    if (c === '(' || c === ')' || c === '{' || c === '}') throw unsupported(`grouping with "${c}"`);
    if (c === '+' || c === '~') throw unsupported(`the "${c}" prefix`);
    if (c === '"') {
      terms.push({ neg, op: 'text', value: readQuoted() });
      continue;
    }
    let word = '';
    while (i < q.length && !/\s/.test(q[i]) && q[i] !== '"') word += q[i++];
    const colon = word.indexOf(':');
    if (colon < 0) {
      if (word === 'OR' || word === 'AND' || word === '|') throw unsupported(`the ${word} operator`);
      terms.push({ neg, op: 'text', value: word });
      continue;
    }
    const op = word.slice(0, colon).toLowerCase();
    let value = word.slice(colon + 1);
    if (value === '' && q[i] === '"') value = readQuoted();
    if (value.startsWith('(') || value.startsWith('{')) throw unsupported(`grouping in "${op}:"`);
    switch (op) {
      case 'in':
        if (!['inbox', 'sent', 'anywhere'].includes(value.toLowerCase())) throw unsupported(`"in:${value}"`);
        terms.push({ neg, op: 'in', value: value.toLowerCase() });
        break;
      case 'is':
        if (!['unread', 'read'].includes(value.toLowerCase())) throw unsupported(`"is:${value}"`);
        terms.push({ neg, op: 'is', value: value.toLowerCase() });
        break;
      case 'newer_than':
        if (!/^\d+d$/i.test(value)) throw unsupported(`"newer_than:${value}" (only days, e.g. newer_than:7d)`);
        terms.push({ neg, op: 'newer_than', value: value.slice(0, -1) });
        break;
      case 'label':
        // Gmail's help (support.google.com/mail/answer/7190) documents label:name with spaces and
        // "/" written as "-", case-insensitive, for plain names; how it matches letters outside
        // ASCII (Vietnamese "Đã xử lý") is not documented and does not reliably work: the
        // emulator refuses such a search instead of guessing. Use an ASCII label name.
        if (!value) throw unsupported(`an empty "${op}:"`);
        if (/[^\x20-\x7e]/.test(value)) throw unsupported(`a "label:" search with letters outside ASCII ("${value}"), which Gmail does not match reliably`);
        terms.push({ neg, op, value });
        break;
      case 'subject':
      case 'from':
      case 'to':
        if (!value) throw unsupported(`an empty "${op}:"`);
        terms.push({ neg, op, value });
        break;
      default:
        if (UNSUPPORTED_OPS.has(op)) throw unsupported(`the "${op}:" operator`);
        // Not a Gmail operator ("NV03:"): Gmail reads it as text.
        terms.push({ neg, op: 'text', value: word });
    }
  }
  return terms;
}

/** Label names as Gmail search compares them: case-insensitive, spaces and "/" read as "-". */
function labelKey(name: string): string {
  return name.normalize('NFC').toLowerCase().trim().replace(/[\s/]+/g, '-');
}

/** Whole-word (or phrase) match, ignoring case and diacritics. */
function hasWords(haystack: string, needle: string): boolean {
  const n = searchWords(needle);
  if (!n) return true;
  return ` ${searchWords(haystack)} `.includes(` ${n} `);
}

function addressMatches(env: Env, field: string, value: string): boolean {
  if (value.toLowerCase() === 'me') {
    // "me" is the mailbox's user: GmailApp works on the mailbox of the user the script runs as.
    const owner = env.effectiveUser().toLowerCase();
    return field.toLowerCase().includes(owner);
  }
  return hasWords(field, value);
}

function termMatches(env: Env, m: GmailStoredMessage, t: Term): boolean {
  switch (t.op) {
    case 'in':
      return t.value === 'inbox' ? m.inInbox : t.value === 'sent' ? m.source === 'sent' : true;
    case 'is':
      return t.value === 'unread' ? m.unread : !m.unread;
    case 'label':
      return m.labels.some((l) => labelKey(l) === labelKey(t.value));
    case 'subject':
      return hasWords(m.subject, t.value);
    case 'from':
      return addressMatches(env, `${m.from} ${m.fromAddress}`, t.value);
    case 'to':
      return addressMatches(env, `${m.to} ${m.cc} ${m.bcc}`, t.value);
    case 'newer_than':
      return new Date(m.date).getTime() > env.clock.now() - Number(t.value) * 86400000;
    case 'text':
      return hasWords(`${m.subject}\n${m.text}\n${m.from}\n${m.to}\n${m.cc}`, t.value);
  }
}

function matches(env: Env, m: GmailStoredMessage, terms: Term[]): boolean {
  return terms.every((t) => termMatches(env, m, t) !== t.neg);
}

// ---------------------------------------------------------------------------------------------
// Views

function threadMessages(state: GmailState, threadId: string): GmailStoredMessage[] {
  return state.messages.filter((m) => m.threadId === threadId).sort(byDate);
}

/** Thread ids holding a message that passes `keep`, most recent thread first. */
function threadIds(state: GmailState, keep: (m: GmailStoredMessage) => boolean): string[] {
  const last = new Map<string, string>();
  for (const m of state.messages) {
    const d = last.get(m.threadId);
    if (d === undefined || m.date > d) last.set(m.threadId, m.date);
  }
  const ids = new Set<string>();
  for (const m of state.messages) if (keep(m)) ids.add(m.threadId);
  return [...ids].sort((a, b) => (last.get(b) as string).localeCompare(last.get(a) as string) || a.localeCompare(b));
}

function page<T>(items: T[], start?: number, max?: number): T[] {
  if (start === undefined && max === undefined) return items;
  const s = Math.max(0, Math.floor(Number(start ?? 0)));
  const n = Math.max(0, Math.floor(Number(max ?? items.length)));
  return items.slice(s, s + n);
}

type T = GoogleAppsScript.Gmail.GmailThread;
type M = GoogleAppsScript.Gmail.GmailMessage;
type L = GoogleAppsScript.Gmail.GmailLabel;

function wrapThread(env: Env, id: string): T {
  const f = new FakeGmailThread(env, id);
  const p = instrument(f, 'GmailThread', env);
  f._self = p;
  return p as unknown as T;
}

function wrapMessage(env: Env, id: string): M {
  const f = new FakeGmailMessage(env, id);
  const p = instrument(f, 'GmailMessage', env);
  f._self = p;
  return p as unknown as M;
}

function wrapLabel(env: Env, name: string): L {
  const f = new FakeGmailLabel(env, name);
  const p = instrument(f, 'GmailLabel', env);
  f._self = p;
  return p as unknown as L;
}

function signatureError(method: string, args: unknown[]): Error {
  const names = args.map((a) => (a === null || a === undefined ? 'null' : typeof a === 'string' ? 'String' : typeof a === 'object' ? 'Object' : typeof a));
  return appsScriptError(`The parameters (${names.join(',')}) don't match the method signature for ${method}.`);
}

function threadIdOf(thread: unknown, method: string): string {
  const r = thread && typeof thread === 'object' ? raw(thread as object) : null;
  if (r instanceof FakeGmailThread) return r._id;
  throw signatureError(method, [thread]);
}

function messageIdOf(message: unknown, method: string): string {
  const r = message && typeof message === 'object' ? raw(message as object) : null;
  if (r instanceof FakeGmailMessage) return r._id;
  throw signatureError(method, [message]);
}

function labelNameOf(label: unknown, method: string): string {
  const r = label && typeof label === 'object' ? raw(label as object) : null;
  if (r instanceof FakeGmailLabel) return r._name;
  throw signatureError(method, [label]);
}

function setLabel(state: GmailState, threadId: string, label: string, on: boolean): void {
  for (const m of threadMessages(state, threadId)) {
    const has = m.labels.includes(label);
    if (on && !has) m.labels.push(label);
    if (!on && has) m.labels = m.labels.filter((l) => l !== label);
  }
}

/** Documented: labels can be added to or removed from at most 100 threads per batch. */
const MAX_THREADS_PER_BATCH = 100;

class FakeGmailThread
  implements
    Pick<
      T,
      | 'getId'
      | 'getMessages'
      | 'getMessageCount'
      | 'getFirstMessageSubject'
      | 'getLabels'
      | 'addLabel'
      | 'removeLabel'
      | 'markRead'
      | 'markUnread'
      | 'isUnread'
      | 'getLastMessageDate'
      | 'moveToArchive'
      | 'moveToInbox'
      | 'isInInbox'
      | 'refresh'
      | 'getPermalink'
    >
{
  _self: unknown = null;
  constructor(
    private readonly _env: Env,
    readonly _id: string,
  ) {}

  private _msgs(): GmailStoredMessage[] {
    return threadMessages(syncSent(this._env), this._id);
  }

  private _this(): T {
    return this._self as T;
  }

  getId(): string {
    return this._id;
  }

  getMessages(): M[] {
    return this._msgs().map((m) => wrapMessage(this._env, m.id));
  }

  getMessageCount(): number {
    return this._msgs().length;
  }

  getFirstMessageSubject(): string {
    return this._msgs()[0]?.subject ?? '';
  }

  getLabels(): L[] {
    const on = new Set(this._msgs().flatMap((m) => m.labels));
    return gmailState(this._env)
      .labels.filter((l) => on.has(l))
      .map((l) => wrapLabel(this._env, l));
  }

  addLabel(label: L): T {
    setLabel(syncSent(this._env), this._id, labelNameOf(label, 'GmailThread.addLabel'), true);
    return this._this();
  }

  removeLabel(label: L): T {
    setLabel(syncSent(this._env), this._id, labelNameOf(label, 'GmailThread.removeLabel'), false);
    return this._this();
  }

  markRead(): T {
    for (const m of this._msgs()) m.unread = false;
    return this._this();
  }

  markUnread(): T {
    for (const m of this._msgs()) m.unread = true;
    return this._this();
  }

  isUnread(): boolean {
    return this._msgs().some((m) => m.unread);
  }

  getLastMessageDate(): GoogleAppsScript.Base.Date {
    const msgs = this._msgs();
    return new Date(msgs[msgs.length - 1]?.date ?? 0);
  }

  moveToArchive(): T {
    for (const m of this._msgs()) m.inInbox = false;
    return this._this();
  }

  moveToInbox(): T {
    for (const m of this._msgs()) m.inInbox = true;
    return this._this();
  }

  isInInbox(): boolean {
    return this._msgs().some((m) => m.inInbox);
  }

  refresh(): T {
    return this._this();
  }

  getPermalink(): string {
    return `https://mail.google.com/mail/u/0/#all/${this._id}`;
  }
}

class FakeGmailMessage
  implements
    Pick<
      M,
      | 'getId'
      | 'getFrom'
      | 'getTo'
      | 'getCc'
      | 'getBcc'
      | 'getReplyTo'
      | 'getSubject'
      | 'getPlainBody'
      | 'getBody'
      | 'getDate'
      | 'getHeader'
      | 'isUnread'
      | 'markRead'
      | 'markUnread'
      | 'getThread'
      | 'isInInbox'
      | 'isDraft'
      | 'isInTrash'
      | 'isStarred'
      | 'refresh'
    >
{
  _self: unknown = null;
  constructor(
    private readonly _env: Env,
    readonly _id: string,
  ) {}

  private _m(): GmailStoredMessage {
    const m = syncSent(this._env).messages.find((x) => x.id === this._id);
    if (!m) throw appsScriptError(`Invalid argument: id`);
    return m;
  }

  getId(): string {
    return this._id;
  }

  getFrom(): string {
    return this._m().from;
  }

  getTo(): string {
    return this._m().to;
  }

  getCc(): string {
    return this._m().cc;
  }

  getBcc(): string {
    return this._m().bcc;
  }

  /** The Reply-To address, or (usually) the sender when the message has none. */
  getReplyTo(): string {
    const m = this._m();
    return m.replyTo || m.from;
  }

  getSubject(): string {
    return this._m().subject;
  }

  /** The plain text; for an HTML-only message, text derived from the HTML. */
  getPlainBody(): string {
    return this._m().text;
  }

  /** The HTML body; for a plain-text message, its text as HTML. */
  getBody(): string {
    const m = this._m();
    return m.html ?? m.textAsHtml;
  }

  getDate(): GoogleAppsScript.Base.Date {
    return new Date(this._m().date);
  }

  /** A header's value ("" when absent); the name is case-insensitive. */
  getHeader(name: string): string {
    return this._m().headers[String(name).toLowerCase()] ?? '';
  }

  isUnread(): boolean {
    return this._m().unread;
  }

  markRead(): M {
    this._m().unread = false;
    return this._self as M;
  }

  markUnread(): M {
    this._m().unread = true;
    return this._self as M;
  }

  getThread(): T {
    return wrapThread(this._env, this._m().threadId);
  }

  isInInbox(): boolean {
    return this._m().inInbox;
  }

  isDraft(): boolean {
    return false;
  }

  isInTrash(): boolean {
    return false;
  }

  isStarred(): boolean {
    return false;
  }

  refresh(): M {
    return this._self as M;
  }
}

class FakeGmailLabel
  implements
    Pick<
      L,
      'getName' | 'addToThread' | 'addToThreads' | 'removeFromThread' | 'removeFromThreads' | 'getThreads' | 'getUnreadCount' | 'deleteLabel'
    >
{
  _self: unknown = null;
  constructor(
    private readonly _env: Env,
    readonly _name: string,
  ) {}

  private _batch(threads: T[], method: string, on: boolean): L {
    if (!Array.isArray(threads)) throw signatureError(method, [threads]);
    if (threads.length > MAX_THREADS_PER_BATCH) {
      throw emulatorError(`${method} takes at most ${MAX_THREADS_PER_BATCH} threads per call (documented limit; Google's exact message is not documented).`);
    }
    const state = syncSent(this._env);
    for (const t of threads) setLabel(state, threadIdOf(t, method), this._name, on);
    return this._self as L;
  }

  getName(): string {
    return this._name;
  }

  addToThread(thread: T): L {
    setLabel(syncSent(this._env), threadIdOf(thread, 'GmailLabel.addToThread'), this._name, true);
    return this._self as L;
  }

  addToThreads(threads: T[]): L {
    return this._batch(threads, 'GmailLabel.addToThreads', true);
  }

  removeFromThread(thread: T): L {
    setLabel(syncSent(this._env), threadIdOf(thread, 'GmailLabel.removeFromThread'), this._name, false);
    return this._self as L;
  }

  removeFromThreads(threads: T[]): L {
    return this._batch(threads, 'GmailLabel.removeFromThreads', false);
  }

  getThreads(start?: number, max?: number): T[] {
    const state = syncSent(this._env);
    const ids = threadIds(state, (m) => m.labels.includes(this._name));
    return page(ids, start, max).map((id) => wrapThread(this._env, id));
  }

  getUnreadCount(): number {
    const state = syncSent(this._env);
    return threadIds(state, (m) => m.labels.includes(this._name)).filter((id) =>
      threadMessages(state, id).some((m) => m.unread),
    ).length;
  }

  deleteLabel(): void {
    deleteLabelNamed(this._env, this._name);
  }
}

function deleteLabelNamed(env: Env, name: string): void {
  const state = gmailState(env);
  state.labels = state.labels.filter((l) => l !== name);
  for (const m of state.messages) m.labels = m.labels.filter((l) => l !== name);
}

function findLabel(state: GmailState, name: string): string | undefined {
  const key = String(name).normalize('NFC').toLowerCase();
  return state.labels.find((l) => l.normalize('NFC').toLowerCase() === key);
}

class FakeGmailApp
  implements
    Pick<
      GoogleAppsScript.Gmail.GmailApp,
      | 'search'
      | 'getInboxThreads'
      | 'getInboxUnreadCount'
      | 'getMessageById'
      | 'getThreadById'
      | 'getUserLabelByName'
      | 'getUserLabels'
      | 'createLabel'
      | 'deleteLabel'
      | 'getMessagesForThread'
      | 'getMessagesForThreads'
      | 'markThreadRead'
      | 'markThreadsRead'
      | 'markMessageRead'
      | 'moveThreadToArchive'
      | 'moveThreadsToArchive'
    >
{
  _self: unknown = null;
  constructor(private readonly _env: Env) {}

  private _app(): GoogleAppsScript.Gmail.GmailApp {
    return this._self as GoogleAppsScript.Gmail.GmailApp;
  }

  /**
   * A subset of Gmail's query language (see SUPPORTED); any other operator throws an emulator
   * error rather than silently matching. Returns threads with a matching message, newest first.
   */
  search(query: string, start?: number, max?: number): T[] {
    if (typeof query !== 'string') throw signatureError('GmailApp.search', [query]);
    const terms = parseQuery(query);
    const state = syncSent(this._env);
    const ids = threadIds(state, (m) => matches(this._env, m, terms));
    return page(ids, start, max).map((id) => wrapThread(this._env, id));
  }

  getInboxThreads(start?: number, max?: number): T[] {
    const state = syncSent(this._env);
    return page(threadIds(state, (m) => m.inInbox), start, max).map((id) => wrapThread(this._env, id));
  }

  getInboxUnreadCount(): number {
    const state = syncSent(this._env);
    return threadIds(state, (m) => m.inInbox && m.unread).length;
  }

  /** The message, or null when there is none with that id. */
  getMessageById(id: string): M {
    const m = syncSent(this._env).messages.find((x) => x.id === String(id));
    return (m ? wrapMessage(this._env, m.id) : null) as M;
  }

  /** The thread, or null when there is none with that id. */
  getThreadById(id: string): T {
    const m = syncSent(this._env).messages.find((x) => x.threadId === String(id));
    return (m ? wrapThread(this._env, m.threadId) : null) as T;
  }

  /** The user label with that name (Gmail label names are case-insensitive), or null. */
  getUserLabelByName(name: string): L {
    const found = findLabel(gmailState(this._env), name);
    return (found === undefined ? null : wrapLabel(this._env, found)) as L;
  }

  getUserLabels(): L[] {
    return gmailState(this._env).labels.map((l) => wrapLabel(this._env, l));
  }

  /** Creates a user label; an existing label of that name is returned as it is. */
  createLabel(name: string): L {
    const state = gmailState(this._env);
    const n = String(name).normalize('NFC').trim();
    if (!n) throw appsScriptError('Invalid argument: name');
    const found = findLabel(state, n);
    if (found !== undefined) return wrapLabel(this._env, found);
    state.labels.push(n);
    return wrapLabel(this._env, n);
  }

  deleteLabel(label: L): GoogleAppsScript.Gmail.GmailApp {
    deleteLabelNamed(this._env, labelNameOf(label, 'GmailApp.deleteLabel'));
    return this._app();
  }

  getMessagesForThread(thread: T): M[] {
    const state = syncSent(this._env);
    return threadMessages(state, threadIdOf(thread, 'GmailApp.getMessagesForThread')).map((m) => wrapMessage(this._env, m.id));
  }

  getMessagesForThreads(threads: T[]): M[][] {
    if (!Array.isArray(threads)) throw signatureError('GmailApp.getMessagesForThreads', [threads]);
    const state = syncSent(this._env);
    return threads.map((t) =>
      threadMessages(state, threadIdOf(t, 'GmailApp.getMessagesForThreads')).map((m) => wrapMessage(this._env, m.id)),
    );
  }

  markThreadRead(thread: T): GoogleAppsScript.Gmail.GmailApp {
    const state = syncSent(this._env);
    for (const m of threadMessages(state, threadIdOf(thread, 'GmailApp.markThreadRead'))) m.unread = false;
    return this._app();
  }

  markThreadsRead(threads: T[]): GoogleAppsScript.Gmail.GmailApp {
    if (!Array.isArray(threads)) throw signatureError('GmailApp.markThreadsRead', [threads]);
    const state = syncSent(this._env);
    for (const t of threads) for (const m of threadMessages(state, threadIdOf(t, 'GmailApp.markThreadsRead'))) m.unread = false;
    return this._app();
  }

  markMessageRead(message: M): GoogleAppsScript.Gmail.GmailApp {
    const id = messageIdOf(message, 'GmailApp.markMessageRead');
    const m = syncSent(this._env).messages.find((x) => x.id === id);
    if (m) m.unread = false;
    return this._app();
  }

  moveThreadToArchive(thread: T): GoogleAppsScript.Gmail.GmailApp {
    const state = syncSent(this._env);
    for (const m of threadMessages(state, threadIdOf(thread, 'GmailApp.moveThreadToArchive'))) m.inInbox = false;
    return this._app();
  }

  moveThreadsToArchive(threads: T[]): GoogleAppsScript.Gmail.GmailApp {
    if (!Array.isArray(threads)) throw signatureError('GmailApp.moveThreadsToArchive', [threads]);
    const state = syncSent(this._env);
    for (const t of threads) for (const m of threadMessages(state, threadIdOf(t, 'GmailApp.moveThreadsToArchive'))) m.inInbox = false;
    return this._app();
  }
}

export function createGmailApp(env: Env): GoogleAppsScript.Gmail.GmailApp {
  const f = new FakeGmailApp(env);
  const p = instrument(f, 'GmailApp', env);
  f._self = p;
  return p as unknown as GoogleAppsScript.Gmail.GmailApp;
}

/** The mailbox's messages (sent and received), oldest first: for the playground and tests. */
export function mailboxMessages(env: Env): readonly GmailStoredMessage[] {
  return [...syncSent(env).messages].sort(byDate);
}
