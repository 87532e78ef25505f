/**
 * FormApp: the forms a script creates in the user's Drive, the items the product's answer form
 * uses (text, paragraph text, list, multiple choice, date), pre-filled links
 * (FormResponse.toPrefilledUrl), a spreadsheet destination (responses appended to a "Câu trả
 * lời biểu mẫu N" sheet of the bound spreadsheet, as Forms does in a vi_VN spreadsheet) and
 * responses. `submitForm` (below) is what a respondent's browser does: it records the response,
 * appends the row to the destination and fires the spreadsheet's installable form-submit
 * triggers with the event object of the reference
 * (developers.google.com/apps-script/guides/triggers/events#form-submit: authMode, namedValues,
 * range, triggerUid, values).
 *
 * Reference: developers.google.com/apps-script/reference/forms (FormApp, Form, TextItem,
 * ListItem, DateItem, FormResponse, ItemResponse). Where it is silent the emulator says so.
 */
import type { Env } from '../core/env';
import { instrument, raw, registerService } from '../core/calls';
import { enumOf, exception, invalidArgument, isDate, wrap, type SelfAware } from './base';
import type { Workbook, SheetModel } from './spreadsheet/model';

registerService('FormApp', ['FormApp', 'Form', 'Item', 'TextItem', 'ParagraphTextItem', 'ListItem', 'MultipleChoiceItem', 'DateItem', 'Choice', 'FormResponse', 'ItemResponse']);

export const DestinationType = enumOf(['SPREADSHEET'] as const);
export const ItemType = enumOf(['TEXT', 'PARAGRAPH_TEXT', 'LIST', 'MULTIPLE_CHOICE', 'DATE', 'CHECKBOX', 'SCALE', 'GRID', 'TIME', 'DATETIME', 'DURATION', 'PAGE_BREAK', 'SECTION_HEADER', 'IMAGE', 'VIDEO'] as const);

type Kind = 'TEXT' | 'PARAGRAPH_TEXT' | 'LIST' | 'MULTIPLE_CHOICE' | 'DATE';

export interface FormItemRecord {
  id: number;
  type: Kind;
  title: string;
  helpText: string;
  required: boolean;
  choices?: string[];
}

export interface FormResponseRecord {
  id: string;
  /** ms since epoch. */
  timestamp: number;
  /** By item id: the text, the chosen value, or the date as "yyyy-MM-dd". */
  answers: Record<string, string>;
}

export interface FormRecord {
  id: string;
  /** The id in the respondents' address (/forms/d/e/<publishedId>/viewform). */
  publishedId: string;
  title: string;
  description: string;
  confirmation: string;
  owner: string;
  items: FormItemRecord[];
  accepting: boolean;
  collectEmail: boolean;
  requireLogin: boolean;
  destinationId: string | null;
  /** Name of the destination sheet in the bound spreadsheet. */
  destinationSheet: string | null;
  responses: FormResponseRecord[];
}

interface FormsState {
  forms: FormRecord[];
  next: number;
}

export function formsState(env: Env): FormsState {
  return env.serviceState<FormsState>('FormApp', () => ({ forms: [], next: 1 }));
}

export const FORMS_ORIGIN = 'https://docs.google.com';

export function publishedUrl(f: FormRecord): string {
  return `${FORMS_ORIGIN}/forms/d/e/${f.publishedId}/viewform`;
}

function editUrl(f: FormRecord): string {
  return `${FORMS_ORIGIN}/forms/d/${f.id}/edit`;
}

/** The form a respondent's address (published or pre-filled) points at, or null. */
export function formOfUrl(env: Env, url: string): FormRecord | null {
  const m = /\/forms\/d\/e\/([^/?#]+)\/viewform/.exec(url) ?? /\/forms\/d\/([^/?#]+)\/(?:edit|viewform)/.exec(url);
  if (!m) return null;
  return formsState(env).forms.find((f) => f.publishedId === m[1] || f.id === m[1]) ?? null;
}

/** The pre-filled answers a respondent's address carries, by item id ("entry.<id>=value"). */
export function prefillOfUrl(url: string): Record<string, string> {
  const out: Record<string, string> = {};
  const q = url.indexOf('?');
  if (q < 0) return out;
  for (const [k, v] of new URLSearchParams(url.slice(q + 1))) {
    const m = /^entry\.(\d+)$/.exec(k);
    if (m) out[m[1]] = v;
  }
  return out;
}

function dateText(d: Date, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  return parts;
}

// ---------------------------------------------------------------------------------------------
// Items

class FakeChoice implements Pick<GoogleAppsScript.Forms.Choice, 'getValue'> {
  constructor(private readonly _value: string) {}
  getValue(): string {
    return this._value;
  }
}

class FakeItemResponse implements Pick<GoogleAppsScript.Forms.ItemResponse, 'getItem' | 'getResponse'> {
  constructor(
    readonly _env: Env,
    readonly _form: FormRecord,
    readonly _item: FormItemRecord,
    readonly _value: string,
  ) {}

  getItem(): GoogleAppsScript.Forms.Item {
    return itemObject(this._env, this._form, this._item, 'Item') as unknown as GoogleAppsScript.Forms.Item;
  }

  /** A text or choice item: the string; a date item: "yyyy-MM-dd" (ItemResponse.getResponse reference). */
  getResponse(): string {
    return this._value;
  }
}

function itemResponse(env: Env, form: FormRecord, item: FormItemRecord, value: string): GoogleAppsScript.Forms.ItemResponse {
  return instrument(new FakeItemResponse(env, form, item, value), 'ItemResponse', env) as unknown as GoogleAppsScript.Forms.ItemResponse;
}

/** One class for every item kind the emulator supports; the typed views (asTextItem…) check the kind. */
class FakeItem implements SelfAware {
  _self: unknown = this;
  constructor(
    readonly _env: Env,
    readonly _form: FormRecord,
    readonly _item: FormItemRecord,
  ) {}

  private _out<T>(): T {
    return this._self as T;
  }

  getId(): number {
    return this._item.id;
  }

  getIndex(): number {
    return this._form.items.indexOf(this._item);
  }

  getTitle(): string {
    return this._item.title;
  }

  setTitle(title: string): unknown {
    this._item.title = String(title ?? '');
    return this._out();
  }

  getHelpText(): string {
    return this._item.helpText;
  }

  setHelpText(text: string): unknown {
    this._item.helpText = String(text ?? '');
    return this._out();
  }

  getType(): GoogleAppsScript.Forms.ItemType {
    return this._item.type as unknown as GoogleAppsScript.Forms.ItemType;
  }

  isRequired(): boolean {
    return this._item.required;
  }

  setRequired(enabled: boolean): unknown {
    this._item.required = !!enabled;
    return this._out();
  }

  setChoiceValues(values: string[]): unknown {
    this._kind('LIST', 'MULTIPLE_CHOICE');
    if (!Array.isArray(values)) throw invalidArgument('values');
    this._item.choices = values.map((v) => String(v));
    return this._out();
  }

  getChoices(): GoogleAppsScript.Forms.Choice[] {
    this._kind('LIST', 'MULTIPLE_CHOICE');
    return (this._item.choices ?? []).map((c) => instrument(new FakeChoice(c), 'Choice', this._env) as unknown as GoogleAppsScript.Forms.Choice);
  }

  /** DateItem.setIncludesYear: the emulator's date items always include the year. */
  setIncludesYear(_enable: boolean): unknown {
    this._kind('DATE');
    return this._out();
  }

  /**
   * A response to this item for FormResponse.withItemResponse. Text items take a string, list and
   * multiple-choice items one of their choices (the reference: "Throws an exception if the value
   * does not match a valid choice" for a ListItem), date items a Date.
   */
  createResponse(value: unknown): GoogleAppsScript.Forms.ItemResponse {
    const item = this._item;
    let text: string;
    if (item.type === 'DATE') {
      if (!isDate(value)) throw invalidArgument('date');
      text = dateText(value, this._env.timeZone);
    } else {
      text = String(value ?? '');
      if ((item.type === 'LIST' || item.type === 'MULTIPLE_CHOICE') && !(item.choices ?? []).includes(text)) {
        throw invalidArgument('response');
      }
    }
    return itemResponse(this._env, this._form, item, text);
  }

  private _kind(...kinds: Kind[]): void {
    if (!kinds.includes(this._item.type)) throw exception(`Emulator: this method is not available on an item of type ${this._item.type}.`);
  }

  private _as(kind: Kind, cls: string): unknown {
    if (this._item.type !== kind) throw exception(`Item of type ${this._item.type} cannot be cast to ${cls}.`);
    return itemObject(this._env, this._form, this._item, cls);
  }

  asTextItem() {
    return this._as('TEXT', 'TextItem');
  }

  asParagraphTextItem() {
    return this._as('PARAGRAPH_TEXT', 'ParagraphTextItem');
  }

  asListItem() {
    return this._as('LIST', 'ListItem');
  }

  asMultipleChoiceItem() {
    return this._as('MULTIPLE_CHOICE', 'MultipleChoiceItem');
  }

  asDateItem() {
    return this._as('DATE', 'DateItem');
  }
}

function itemObject(env: Env, form: FormRecord, item: FormItemRecord, cls: string): unknown {
  return wrap(new FakeItem(env, form, item), cls, env);
}

const CLASS_OF: Record<Kind, string> = {
  TEXT: 'TextItem',
  PARAGRAPH_TEXT: 'ParagraphTextItem',
  LIST: 'ListItem',
  MULTIPLE_CHOICE: 'MultipleChoiceItem',
  DATE: 'DateItem',
};

// ---------------------------------------------------------------------------------------------
// Responses

class FakeFormResponse implements SelfAware {
  _self: unknown = this;
  constructor(
    readonly _env: Env,
    readonly _form: FormRecord,
    readonly _answers: Record<string, string>,
    readonly _record: FormResponseRecord | null,
  ) {}

  withItemResponse(response: GoogleAppsScript.Forms.ItemResponse): unknown {
    const r = raw(response as object);
    if (!(r instanceof FakeItemResponse) || r._form !== this._form) throw invalidArgument('response');
    if (this._record) throw exception('Emulator: a submitted response cannot be changed here.');
    this._answers[String(r._item.id)] = r._value;
    return this._self;
  }

  getItemResponses(): GoogleAppsScript.Forms.ItemResponse[] {
    return this._form.items
      .filter((i) => this._answers[String(i.id)] !== undefined && this._answers[String(i.id)] !== '')
      .map((i) => itemResponse(this._env, this._form, i, this._answers[String(i.id)]));
  }

  getId(): string {
    if (!this._record) throw exception('Emulator: a response has no id before it is submitted.');
    return this._record.id;
  }

  getTimestamp(): Date {
    if (!this._record) throw exception('Emulator: a response has no timestamp before it is submitted.');
    return new Date(this._record.timestamp);
  }

  /** "Generates a URL that can be used to edit a response that has already been submitted"… and toPrefilledUrl: a URL whose answers are pre-filled. */
  toPrefilledUrl(): string {
    const params = new URLSearchParams();
    params.set('usp', 'pp_url');
    for (const item of this._form.items) {
      const v = this._answers[String(item.id)];
      if (v !== undefined && v !== '') params.append(`entry.${item.id}`, v);
    }
    return `${publishedUrl(this._form)}?${params.toString()}`;
  }

  /**
   * Submits the response as the script (FormResponse.submit). Unlike a respondent's browser it
   * does not fire form-submit triggers here; the emulator fires them only from submitForm.
   */
  submit(): unknown {
    const record = recordResponse(this._env, this._form, { ...this._answers });
    return wrap(new FakeFormResponse(this._env, this._form, this._answers, record), 'FormResponse', this._env);
  }
}

function recordResponse(env: Env, form: FormRecord, answers: Record<string, string>): FormResponseRecord {
  const state = formsState(env);
  const record: FormResponseRecord = { id: `2_ABaOnud${String(state.next++).padStart(8, '0')}`, timestamp: env.clock.now(), answers };
  form.responses.push(record);
  return record;
}

// ---------------------------------------------------------------------------------------------
// Form

class FakeForm implements SelfAware {
  _self: unknown = this;
  constructor(
    readonly _env: Env,
    readonly _form: FormRecord,
  ) {}

  private _out(): GoogleAppsScript.Forms.Form {
    return this._self as GoogleAppsScript.Forms.Form;
  }

  getId(): string {
    return this._form.id;
  }

  getTitle(): string {
    return this._form.title;
  }

  setTitle(title: string) {
    this._form.title = String(title ?? '');
    return this._out();
  }

  getDescription(): string {
    return this._form.description;
  }

  setDescription(description: string) {
    this._form.description = String(description ?? '');
    return this._out();
  }

  getConfirmationMessage(): string {
    return this._form.confirmation;
  }

  setConfirmationMessage(message: string) {
    this._form.confirmation = String(message ?? '');
    return this._out();
  }

  getPublishedUrl(): string {
    return publishedUrl(this._form);
  }

  getEditUrl(): string {
    return editUrl(this._form);
  }

  isAcceptingResponses(): boolean {
    return this._form.accepting;
  }

  setAcceptingResponses(enabled: boolean) {
    this._form.accepting = !!enabled;
    return this._out();
  }

  collectsEmail(): boolean {
    return this._form.collectEmail;
  }

  setCollectEmail(collect: boolean) {
    this._form.collectEmail = !!collect;
    return this._out();
  }

  requiresLogin(): boolean {
    return this._form.requireLogin;
  }

  /** Workspace only: whether respondents must sign in to the form owner's domain. */
  setRequireLogin(requireLogin: boolean) {
    this._form.requireLogin = !!requireLogin;
    return this._out();
  }

  private _add(type: Kind) {
    const state = formsState(this._env);
    const item: FormItemRecord = { id: 100000000 + state.next++ * 7717, type, title: '', helpText: '', required: false };
    if (type === 'LIST' || type === 'MULTIPLE_CHOICE') item.choices = [];
    this._form.items.push(item);
    this._syncHeader();
    return itemObject(this._env, this._form, item, CLASS_OF[type]);
  }

  addTextItem() {
    return this._add('TEXT');
  }

  addParagraphTextItem() {
    return this._add('PARAGRAPH_TEXT');
  }

  addListItem() {
    return this._add('LIST');
  }

  addMultipleChoiceItem() {
    return this._add('MULTIPLE_CHOICE');
  }

  addDateItem() {
    return this._add('DATE');
  }

  getItems(itemType?: GoogleAppsScript.Forms.ItemType): GoogleAppsScript.Forms.Item[] {
    const t = itemType === undefined ? null : String(itemType);
    return this._form.items.filter((i) => t === null || i.type === t).map((i) => itemObject(this._env, this._form, i, 'Item') as GoogleAppsScript.Forms.Item);
  }

  getItemById(id: number): GoogleAppsScript.Forms.Item | null {
    const item = this._form.items.find((i) => i.id === Number(id));
    return item ? (itemObject(this._env, this._form, item, 'Item') as GoogleAppsScript.Forms.Item) : null;
  }

  createResponse(): GoogleAppsScript.Forms.FormResponse {
    return wrap(new FakeFormResponse(this._env, this._form, {}, null), 'FormResponse', this._env) as unknown as GoogleAppsScript.Forms.FormResponse;
  }

  getResponses(): GoogleAppsScript.Forms.FormResponse[] {
    return this._form.responses.map((r) => wrap(new FakeFormResponse(this._env, this._form, r.answers, r), 'FormResponse', this._env) as unknown as GoogleAppsScript.Forms.FormResponse);
  }

  getDestinationId(): string {
    if (!this._form.destinationId) throw exception('This form does not currently have a response destination.');
    return this._form.destinationId;
  }

  getDestinationType(): GoogleAppsScript.Forms.DestinationType {
    if (!this._form.destinationId) throw exception('This form does not currently have a response destination.');
    return 'SPREADSHEET' as unknown as GoogleAppsScript.Forms.DestinationType;
  }

  /**
   * Responses go to a new sheet of the spreadsheet, "Câu trả lời biểu mẫu N" in a vi_VN
   * spreadsheet, with a "Dấu thời gian" column and one column per item. The emulator only holds
   * the bound spreadsheet: another id is refused.
   */
  setDestination(type: GoogleAppsScript.Forms.DestinationType, id: string) {
    if (String(type) !== 'SPREADSHEET') throw invalidArgument('type');
    const book = this._env.workbook;
    if (String(id) !== book.id) throw exception('Emulator: only the bound spreadsheet can be a form destination here.');
    this._form.destinationId = book.id;
    let n = 1;
    while (book.sheet(`${RESPONSE_SHEET_PREFIX}${n}`)) n++;
    const sheet = book.addSheet(`${RESPONSE_SHEET_PREFIX}${n}`, 0);
    this._form.destinationSheet = sheet.name;
    this._syncHeader();
    return this._out();
  }

  removeDestination() {
    this._form.destinationId = null;
    this._form.destinationSheet = null;
    return this._out();
  }

  /** Forms adds a column for each new item to the destination sheet. */
  private _syncHeader(): void {
    const sheet = destinationSheet(this._env, this._form);
    if (!sheet) return;
    const header = [RESPONSE_TIMESTAMP_HEADER, ...this._form.items.map((i) => i.title)];
    header.forEach((h, j) => sheet.setContent(1, j + 1, h));
  }
}

/** The sheet name Forms gives a destination sheet in a vi_VN spreadsheet ("Form Responses " in English). */
export const RESPONSE_SHEET_PREFIX = 'Câu trả lời biểu mẫu ';
export const RESPONSE_TIMESTAMP_HEADER = 'Dấu thời gian';

function destinationSheet(env: Env, form: FormRecord): SheetModel | null {
  if (!form.destinationId || !form.destinationSheet || form.destinationId !== env.workbook.id) return null;
  return env.workbook.sheet(form.destinationSheet) ?? null;
}

function formObject(env: Env, form: FormRecord): GoogleAppsScript.Forms.Form {
  return wrap(new FakeForm(env, form), 'Form', env) as unknown as GoogleAppsScript.Forms.Form;
}

class FakeFormApp {
  readonly DestinationType = DestinationType;
  readonly ItemType = ItemType;

  constructor(private readonly _env: Env) {}

  /** A new, empty form in the user's Drive, accepting responses, not collecting emails. */
  create(title: string): GoogleAppsScript.Forms.Form {
    const state = formsState(this._env);
    const n = state.next++;
    const form: FormRecord = {
      id: `1FAIpQLform${String(n).padStart(6, '0')}${this._env.workbook.id.slice(0, 12)}`,
      publishedId: `1FAIpQLSe${String(n).padStart(6, '0')}${this._env.workbook.id.slice(-12)}`,
      title: String(title ?? ''),
      description: '',
      confirmation: '',
      owner: this._env.effectiveUser(),
      items: [],
      accepting: true,
      collectEmail: false,
      requireLogin: false,
      destinationId: null,
      destinationSheet: null,
      responses: [],
    };
    state.forms.push(form);
    return formObject(this._env, form);
  }

  /** The reference's error when no form has that id (or the user cannot open it). */
  openById(id: string): GoogleAppsScript.Forms.Form {
    const form = formsState(this._env).forms.find((f) => f.id === String(id));
    if (!form) throw exception(`No item with the given ID could be found, or you do not have permission to access it.`);
    return formObject(this._env, form);
  }

  openByUrl(url: string): GoogleAppsScript.Forms.Form {
    const form = formOfUrl(this._env, String(url));
    if (!form) throw exception('No item with the given ID could be found, or you do not have permission to access it.');
    return formObject(this._env, form);
  }

  /** Only a script bound to a form has an active form. */
  getActiveForm(): GoogleAppsScript.Forms.Form {
    return null as unknown as GoogleAppsScript.Forms.Form;
  }
}

export function createFormApp(env: Env): GoogleAppsScript.Forms.FormApp {
  return instrument(new FakeFormApp(env), 'FormApp', env) as unknown as GoogleAppsScript.Forms.FormApp;
}

// ---------------------------------------------------------------------------------------------
// A respondent

export interface SubmitResult {
  ok: boolean;
  /** What the respondent sees: the confirmation message, or why the form refused the answers. */
  message: string;
  /** Per item title: why the form refused it (a required item left empty, a value not a choice). */
  errors: Record<string, string>;
  /** The row in the destination sheet (1-based), when there is one. */
  row?: number;
  responseId?: string;
}

/** What Forms shows when a response is sent and the form has no confirmation message of its own. */
export const DEFAULT_CONFIRMATION = 'Câu trả lời của bạn đã được ghi lại.';

/**
 * A respondent submits `answers` (by item id) to the form, as the browser would: required items
 * and choices are checked by the form itself; then the response is recorded, its row appended to
 * the destination sheet, and `fire(handler, event)` is called for each installable form-submit
 * trigger of the destination spreadsheet (the caller runs it in the sandbox as a trigger).
 */
export function submitForm(
  env: Env,
  form: FormRecord,
  answers: Record<string, string>,
  fire: (handler: string, event: Record<string, unknown>) => void,
  makeRange: (sheet: SheetModel, row: number, columns: number) => unknown,
): SubmitResult {
  if (!form.accepting) return { ok: false, message: 'Biểu mẫu này không còn nhận câu trả lời.', errors: {} };
  const errors: Record<string, string> = {};
  const clean: Record<string, string> = {};
  for (const item of form.items) {
    const v = String(answers[String(item.id)] ?? '').trim();
    if (!v) {
      if (item.required) errors[item.title] = 'Đây là một câu hỏi bắt buộc';
      continue;
    }
    if ((item.type === 'LIST' || item.type === 'MULTIPLE_CHOICE') && !(item.choices ?? []).includes(v)) {
      errors[item.title] = 'Lựa chọn không hợp lệ';
      continue;
    }
    if (item.type === 'DATE' && !/^\d{4}-\d{2}-\d{2}$/.test(v)) {
      errors[item.title] = 'Ngày không hợp lệ';
      continue;
    }
    clean[String(item.id)] = v;
  }
  if (Object.keys(errors).length) return { ok: false, message: 'Biểu mẫu có câu trả lời chưa hợp lệ.', errors };
  const record = recordResponse(env, form, clean);
  const result: SubmitResult = { ok: true, message: form.confirmation || DEFAULT_CONFIRMATION, errors: {}, responseId: record.id };
  const sheet = destinationSheet(env, form);
  if (!sheet) return result;
  const book: Workbook = env.workbook;
  const row = lastRowOf(sheet) + 1;
  if (row > sheet.maxRows) sheet.maxRows = row;
  const stamp = new Date(record.timestamp);
  sheet.setContent(row, 1, stamp);
  const values: string[] = [displayStamp(stamp, book.timeZone)];
  const namedValues: Record<string, string[]> = { [RESPONSE_TIMESTAMP_HEADER]: [values[0]] };
  form.items.forEach((item, j) => {
    const v = clean[String(item.id)] ?? '';
    sheet.setContent(row, j + 2, cellOf(item, v, book));
    // e.values and e.namedValues are the cells as the sheet displays them (a date as d/M/yyyy in vi_VN).
    const shown = item.type === 'DATE' && v ? v.split('-').reverse().map((x, k) => (k < 2 ? String(Number(x)) : x)).join('/') : v;
    values.push(shown);
    namedValues[item.title] = [shown];
  });
  result.row = row;
  const triggers = env.state.triggers.filter((t) => t.eventType === 'ON_FORM_SUBMIT' && (t as { triggerSourceId?: string }).triggerSourceId === book.id);
  for (const t of triggers) {
    fire(t.handler, { authMode: 'FULL', namedValues, range: makeRange(sheet, row, form.items.length + 1), triggerUid: t.id, values });
  }
  return result;
}

function lastRowOf(sheet: SheetModel): number {
  for (let r = sheet.rows.length; r >= 1; r--) {
    const cells = sheet.rows[r - 1];
    if (cells && cells.some((c) => c !== undefined)) return r;
  }
  return 0;
}

/** "8/3/2024 9:30:00", the timestamp as a vi_VN sheet displays it (and as `e.values` gives it). */
function displayStamp(d: Date, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: '2-digit', second: '2-digit', hour12: false })
      .formatToParts(d)
      .map((x) => [x.type, x.value]),
  );
  return `${Number(p.day)}/${Number(p.month)}/${p.year} ${Number(p.hour)}:${p.minute}:${p.second}`;
}

/**
 * A response in the destination sheet. Assumption (the reference is silent): dates land as date
 * cells, text that reads as a plain number as a number, anything else as text, never as a formula.
 */
function cellOf(item: FormItemRecord, v: string, book: Workbook): string | number | Date {
  if (!v) return '';
  if (item.type === 'DATE') {
    const [y, m, d] = v.split('-').map(Number);
    const probe = Date.UTC(y, m - 1, d);
    const offsetMin = tzOffsetMinutes(probe, book.timeZone);
    return new Date(probe - offsetMin * 60000);
  }
  if (item.type === 'TEXT' && /^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  return v;
}

function tzOffsetMinutes(utcMs: number, timeZone: string): number {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric' })
      .formatToParts(new Date(utcMs))
      .map((x) => [x.type, x.value]),
  );
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute));
  return Math.round((wall - utcMs) / 60000);
}

/** The page a respondent sees, as text: title, description, each item with its pre-filled value. */
export function formPageText(form: FormRecord, prefill: Record<string, string>): string {
  const lines = [form.title, form.description, ''];
  for (const item of form.items) {
    const v = prefill[String(item.id)] ?? '';
    const choices = item.choices?.length ? ` [${item.choices.join(' | ')}]` : '';
    lines.push(`${item.title}${item.required ? ' *' : ''}${choices}: ${v}`);
    if (item.helpText) lines.push(`  (${item.helpText})`);
  }
  return lines.filter((l, i) => l !== '' || i === 2).join('\n');
}

function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/**
 * The form as a respondent's browser shows it (the playground serves it at the form's own path,
 * /forms/d/e/<id>/viewform): each question with its pre-filled or typed answer, and a send
 * button posting entry.<id>=value as Google's form does. `notice`: what the form said back.
 */
export function formPageHtml(form: FormRecord, values: Record<string, string>, notice: { ok: boolean; message: string; errors: Record<string, string> } | null = null): string {
  const rows = form.items.map((item) => {
    const name = `entry.${item.id}`;
    const v = values[String(item.id)] ?? '';
    const label = `<label for="${name}"><b>${esc(item.title)}</b>${item.required ? ' <span style="color:#d93025">*</span>' : ''}</label>`;
    const help = item.helpText ? `<div class="help">${esc(item.helpText)}</div>` : '';
    const error = notice?.errors[item.title] ? `<div class="err" role="alert">${esc(notice.errors[item.title])}</div>` : '';
    let input: string;
    if (item.type === 'LIST' || item.type === 'MULTIPLE_CHOICE') {
      input = `<select id="${name}" name="${name}"><option value="">Chọn</option>${(item.choices ?? []).map((c) => `<option value="${esc(c)}"${c === v ? ' selected' : ''}>${esc(c)}</option>`).join('')}</select>`;
    } else if (item.type === 'PARAGRAPH_TEXT') {
      input = `<textarea id="${name}" name="${name}" rows="3">${esc(v)}</textarea>`;
    } else {
      input = `<input id="${name}" name="${name}" type="${item.type === 'DATE' ? 'date' : 'text'}" value="${esc(v)}">`;
    }
    return `<div class="q">${label}${help}${input}${error}</div>`;
  });
  const said = notice ? `<p class="${notice.ok ? 'ok' : 'err'}" role="status">${esc(notice.message)}</p>` : '';
  if (notice?.ok) {
    return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(form.title)}</title></head><body style="font-family:Arial,sans-serif;max-width:640px;margin:16px auto;padding:0 12px"><h1 style="font-size:22px">${esc(form.title)}</h1>${said}</body></html>`;
  }
  return `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(form.title)}</title>
<style>body{font-family:Arial,sans-serif;max-width:640px;margin:16px auto;padding:0 12px;background:#f0ebf8}.card{background:#fff;border-radius:8px;padding:16px;margin-bottom:12px}.q{background:#fff;border-radius:8px;padding:16px;margin-bottom:12px}.help{color:#5f6368;font-size:13px;margin:4px 0}input,select,textarea{width:100%;box-sizing:border-box;font-size:16px;padding:6px;margin-top:6px}.err{color:#d93025;font-size:13px;margin-top:4px}.ok{color:#188038}button{background:#673ab7;color:#fff;border:0;border-radius:4px;padding:10px 24px;font-size:15px}</style></head>
<body><div class="card"><h1 style="font-size:24px;margin:0 0 8px">${esc(form.title)}</h1><div>${esc(form.description)}</div>${said}</div>
<form method="post">${rows.join('\n')}<button type="submit">Gửi</button></form></body></html>`;
}
