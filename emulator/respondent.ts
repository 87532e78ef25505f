/**
 * An assignee's phone: opens a link from a reminder email and, when asked, fills in the page's
 * form as a person would and sends it. Two kinds of link exist:
 *   - the web app's signed form (`…/exec?t=<token>`): the page is doGet's HTML; sending calls
 *     submitAnswer as the page's google.script.run does, as an anonymous visitor;
 *   - a Google Form's pre-filled address (`https://docs.google.com/forms/d/e/<id>/viewform?…`):
 *     the page is the form with its pre-filled answers; sending submits the response, which
 *     appends it to the destination sheet and fires the spreadsheet's form-submit triggers.
 * The fields are the names submitProgress takes (status, percent, channel, quantity, participants, note,
 * evidenceUrl, reportDate). On a Google Form a person finds each by its question's wording:
 * FORM_LABELS is that reading, in Vietnamese.
 */
import type { Sandbox } from './sandbox';
import { formOfUrl, formPageText, prefillOfUrl, submitForm, type FormRecord } from './services/forms';
import { newRange } from './services/spreadsheet/spreadsheet';

export type AnswerFields = Partial<Record<(typeof FIELD_NAMES)[number], unknown>>;

export const FIELD_NAMES = ['status', 'percent', 'channel', 'quantity', 'participants', 'note', 'evidenceUrl', 'reportDate'] as const;

/** How a person recognises each field on a Vietnamese form. */
export const FORM_LABELS: Record<(typeof FIELD_NAMES)[number], RegExp> = {
  status: /^trạng thái/i,
  percent: /tỷ lệ|%/i,
  channel: /hình thức/i,
  quantity: /^số lượng/i,
  participants: /người tham dự/i,
  note: /^nội dung/i,
  evidenceUrl: /minh chứng/i,
  reportDate: /^ngày/i,
};

export interface FollowResult {
  kind: 'webapp' | 'form';
  /** What the page shows (without fields) or says back after sending (with fields). */
  text: string;
  /** After sending: whether the page accepted it. */
  ok?: boolean;
}

/** The visible text of an HTML page: no tags, scripts or styles; entities decoded; one line per block. */
export function pageText(html: string): string {
  return html
    .replace(/<(script|style|noscript)[\s\S]*?<\/\1>/gi, '')
    .replace(/<option[^>]*\bselected\b[^>]*>([\s\S]*?)<\/option>/gi, '[$1]')
    .replace(/<option[\s\S]*?<\/option>/gi, '')
    .replace(/<input[^>]*type="(?:text|number|url|date|email)"[^>]*value="([^"]*)"[^>]*>/gi, ' [$1]')
    .replace(/<(br|p|div|h\d|li|label|section|tr|main)\b[^>]*>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

function attr(html: string, id: string): string {
  const m = new RegExp(`<input[^>]*id="${id}"[^>]*value="([^"]*)"`, 'i').exec(html);
  return m ? decode(m[1]) : '';
}

function decode(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** The values the web form's fields hold as served (what a person would send unchanged). */
function webFormValues(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of FIELD_NAMES) {
    const input = new RegExp(`<input[^>]*name="${name}"[^>]*value="([^"]*)"`, 'i').exec(html);
    if (input) out[name] = decode(input[1]);
    const area = new RegExp(`<textarea[^>]*name="${name}"[^>]*>([\\s\\S]*?)</textarea>`, 'i').exec(html);
    if (area) out[name] = decode(area[1]);
    const select = new RegExp(`<select[^>]*name="${name}"[^>]*>([\\s\\S]*?)</select>`, 'i').exec(html);
    if (select) {
      const selected = /<option[^>]*value="([^"]*)"[^>]*\bselected\b/i.exec(select[1]) ?? /<option[^>]*value="([^"]*)"/i.exec(select[1]);
      out[name] = selected ? decode(selected[1]) : '';
    }
  }
  return out;
}

/** Every field of the page's form that has a name (what a browser's own form submission sends). */
function namedFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input\b[^>]*>/gi)) {
    const name = /\bname="([^"]*)"/i.exec(m[0]);
    if (!name) continue;
    const value = /\bvalue="([^"]*)"/i.exec(m[0]);
    out[decode(name[1])] = value ? decode(value[1]) : '';
  }
  return { ...out, ...webFormValues(html) };
}

function contentOf(result: unknown): string {
  const o = result as { getContent?: () => string } | null;
  return o && typeof o.getContent === 'function' ? o.getContent() : String(result ?? '');
}

export interface FollowOptions {
  /**
   * Web app only: send the page's form as a plain HTML POST to the link's address (doPost), as
   * a browser does when the page's script does not run: only the fields that have a name go,
   * with the link's own parameters. Default: the page's script (google.script.run submitAnswer).
   */
  post?: boolean;
}

function followWebApp(sandbox: Sandbox, url: URL, fields?: AnswerFields, options: FollowOptions = {}): FollowResult {
  const parameter: Record<string, string> = {};
  const parameters: Record<string, string[]> = {};
  for (const [k, v] of url.searchParams) {
    parameter[k] ??= v;
    (parameters[k] ??= []).push(v);
  }
  const html = contentOf(sandbox.call('doGet', [{ parameter, parameters, queryString: url.search.slice(1) }], { context: 'webapp' }));
  if (!fields) return { kind: 'webapp', text: pageText(html) };
  if (options.post) {
    const posted: Record<string, string> = { ...parameter, ...namedFields(html) };
    for (const [k, v] of Object.entries(fields)) posted[k] = String(v ?? '');
    const page = contentOf(
      sandbox.call('doPost', [{ parameter: posted, parameters: Object.fromEntries(Object.entries(posted).map(([k, v]) => [k, [v]])), queryString: url.search.slice(1) }], { context: 'webapp' }),
    );
    const text = pageText(page);
    return { kind: 'webapp', text, ok: /Đã ghi tiến độ/.test(text) };
  }
  const token = attr(html, 'token');
  if (!token) return { kind: 'webapp', text: pageText(html), ok: false };
  const entry: Record<string, unknown> = { ...webFormValues(html), taskId: attr(html, 'taskId'), submissionId: attr(html, 'submissionId') };
  for (const [k, v] of Object.entries(fields)) entry[k] = v;
  const result = sandbox.call('submitAnswer', [token, entry], { context: 'webapp' }) as { ok: boolean; message: string; errors?: Record<string, string> };
  const errors = result.ok ? [] : Object.entries(result.errors ?? {}).map(([k, v]) => `${k}: ${v}`);
  return { kind: 'webapp', text: [result.message, ...errors].filter(Boolean).join('\n'), ok: result.ok };
}

function followForm(sandbox: Sandbox, form: FormRecord, url: string, fields?: AnswerFields): FollowResult {
  const prefill = prefillOfUrl(url);
  if (!fields) return { kind: 'form', text: formPageText(form, prefill) };
  const answers: Record<string, string> = { ...prefill };
  for (const [name, value] of Object.entries(fields)) {
    const label = FORM_LABELS[name as keyof typeof FORM_LABELS];
    if (!label) throw new Error(`Unknown field "${name}": use ${FIELD_NAMES.join(', ')}.`);
    const item = form.items.find((i) => label.test(i.title));
    if (!item) throw new Error(`The form has no question for "${name}".`);
    answers[String(item.id)] = String(value ?? '');
  }
  const env = sandbox.env;
  const result = submitForm(
    env,
    form,
    answers,
    (handler, event) => {
      try {
        sandbox.call(handler, [event], { context: 'trigger' });
      } catch (e) {
        // A failing trigger does not change what the respondent sees; Apps Script logs it.
        env.logs.push({ level: 'error', message: `${handler}: ${e && typeof e === 'object' && 'message' in e ? String((e as { message: unknown }).message) : String(e)}` });
      }
    },
    (sheet, row, columns) => newRange(env, sheet, row, 1, 1, columns),
  );
  const errors = Object.entries(result.errors).map(([k, v]) => `${k}: ${v}`);
  return { kind: 'form', text: [result.message, ...errors].join('\n'), ok: result.ok };
}

/** Opens `url` as a phone would and, with `fields`, sends the page's form filled in with them. */
export function followLink(sandbox: Sandbox, url: string, fields?: AnswerFields, options: FollowOptions = {}): FollowResult {
  const form = formOfUrl(sandbox.env, url);
  if (form) return followForm(sandbox, form, url, fields);
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Not a link: ${url}`);
  }
  if (/\/(exec|dev)$/.test(parsed.pathname)) return followWebApp(sandbox, parsed, fields, options);
  throw new Error(`Not a link a reminder carries (the web app's /exec address or the answer form): ${url}`);
}
