/**
 * ScriptApp: installable triggers (time-driven and spreadsheet) kept in `env.state.triggers`,
 * owned by the user who creates them (20 per user per script), the web-app Service and the
 * script's identity. Enums are their names ("CLOCK" == ScriptApp.EventType.CLOCK).
 */
import { createHash } from 'node:crypto';
import type { Env, TriggerRecord } from '../core/env';
import { instrument, raw, registerService } from '../core/calls';
import { enumOf, exception, invalidArgument, isDate, wrap, type SelfAware } from './base';
import { timeZoneOf } from './utilities';

registerService('ScriptApp', [
  'ScriptApp',
  'Trigger',
  'TriggerBuilder',
  'ClockTriggerBuilder',
  'SpreadsheetTriggerBuilder',
  'Service',
  'AuthorizationInfo',
]);

export const AuthMode = enumOf(['NONE', 'CUSTOM_FUNCTION', 'LIMITED', 'FULL'] as const);
export const AuthorizationStatus = enumOf(['REQUIRED', 'NOT_REQUIRED'] as const);
export const EventType = enumOf(['CLOCK', 'ON_OPEN', 'ON_EDIT', 'ON_FORM_SUBMIT', 'ON_CHANGE', 'ON_EVENT_UPDATED'] as const);
export const InstallationSource = enumOf(['APPS_MARKETPLACE_DOMAIN_ADD_ON', 'NONE', 'WEB_STORE_ADD_ON'] as const);
export const TriggerSource = enumOf(['SPREADSHEETS', 'CLOCK', 'FORMS', 'DOCUMENTS', 'CALENDAR'] as const);
export const WeekDay = enumOf(['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const);

/** Installable triggers per user per script (quotas page). */
export const MAX_TRIGGERS_PER_USER = 20;
export const TOO_MANY_TRIGGERS_MESSAGE = 'This script has too many triggers. Triggers must be deleted from the script before more can be added.';
/** ClockTriggerBuilder.everyMinutes reference: "n must be 1, 5, 10, 15 or 30". */
export const EVERY_MINUTES_ALLOWED = [1, 5, 10, 15, 30];
/**
 * Assumption: the everyHours reference puts no limit on n; these are the intervals the trigger
 * editor offers, and the emulator refuses others (stricter, never looser) with its own message.
 */
export const EVERY_HOURS_ALLOWED = [1, 2, 4, 6, 8, 12];

/** The emulated project's script id (stable). */
export const SCRIPT_ID = '1cchcTrackerEmulatedScriptId_0000000000000000000000000000';

/** A trigger as stored: env.ts's record plus the schedule fields it does not name. */
export interface ScriptTriggerRecord extends TriggerRecord {
  triggerSource?: string;
  triggerSourceId?: string;
  everyMinutes?: number;
  everyWeeks?: number;
  nearMinute?: number;
  onWeekDay?: string;
  onMonthDay?: number;
  /** One-off: run at (ms since epoch). */
  at?: number;
}

function ownTriggers(env: Env): ScriptTriggerRecord[] {
  return (env.state.triggers as ScriptTriggerRecord[]).filter((t) => t.owner === env.user);
}

function newTriggerId(env: Env): string {
  const counter = env.serviceState<{ next: number }>('triggerIds', () => ({ next: 1 }));
  for (;;) {
    const id = String(5000000000000000 + counter.next++ * 7919);
    if (!env.state.triggers.some((t) => t.id === id)) return id;
  }
}

/**
 * Editor add-on trigger restrictions (developers.google.com/workspace/add-ons/concepts/editor-triggers,
 * "Installable triggers in add-ons"): "Each add-on can only have one trigger of each type, per
 * user, per document" and "Time-driven triggers cannot run more frequently than once per hour".
 * The reference gives no error text: these messages are the emulator's own.
 */
export const ADDON_ONE_PER_TYPE_MESSAGE = 'Emulator (add-on): this add-on already has a trigger of this type for this user in this document (one of each type per user per document).';
export const ADDON_HOURLY_MESSAGE = 'Emulator (add-on): time-driven triggers of an add-on cannot run more often than once per hour.';

function createTrigger(env: Env, record: Omit<ScriptTriggerRecord, 'id' | 'owner'>): GoogleAppsScript.Script.Trigger {
  if (ownTriggers(env).length >= MAX_TRIGGERS_PER_USER) throw exception(TOO_MANY_TRIGGERS_MESSAGE);
  const full: ScriptTriggerRecord = { id: newTriggerId(env), owner: env.user, ...record };
  if (env.addon) {
    full.documentId = env.workbook.id;
    if (ownTriggers(env).some((t) => t.documentId === full.documentId && t.eventType === full.eventType)) throw exception(ADDON_ONE_PER_TYPE_MESSAGE);
    if (full.everyMinutes !== undefined) throw exception(ADDON_HOURLY_MESSAGE);
  }
  env.state.triggers.push(full);
  return trigger(env, full);
}

type TriggerMethods = 'getEventType' | 'getHandlerFunction' | 'getTriggerSource' | 'getTriggerSourceId' | 'getUniqueId';

export class FakeTrigger implements Pick<GoogleAppsScript.Script.Trigger, TriggerMethods> {
  constructor(readonly _record: ScriptTriggerRecord) {}

  getEventType(): GoogleAppsScript.Script.EventType {
    return this._record.eventType as unknown as GoogleAppsScript.Script.EventType;
  }

  getHandlerFunction(): string {
    return this._record.handler;
  }

  getTriggerSource(): GoogleAppsScript.Script.TriggerSource {
    return (this._record.triggerSource ?? (this._record.eventType === 'CLOCK' ? 'CLOCK' : 'SPREADSHEETS')) as unknown as GoogleAppsScript.Script.TriggerSource;
  }

  /** The spreadsheet's id for spreadsheet triggers; null for time-driven ones. */
  getTriggerSourceId(): string {
    return (this._record.triggerSourceId ?? null) as unknown as string;
  }

  getUniqueId(): string {
    return this._record.id;
  }
}

function trigger(env: Env, record: ScriptTriggerRecord): GoogleAppsScript.Script.Trigger {
  return instrument(new FakeTrigger(record), 'Trigger', env) as unknown as GoogleAppsScript.Script.Trigger;
}

function integer(n: unknown, name: string, min: number, max: number): number {
  const v = Number(n);
  if (!Number.isInteger(v) || v < min || v > max) throw invalidArgument(name);
  return v;
}

type ClockMethods =
  | 'after'
  | 'at'
  | 'atDate'
  | 'atHour'
  | 'create'
  | 'everyDays'
  | 'everyHours'
  | 'everyMinutes'
  | 'everyWeeks'
  | 'inTimezone'
  | 'nearMinute'
  | 'onMonthDay'
  | 'onWeekDay';

class FakeClockTriggerBuilder implements Pick<GoogleAppsScript.Script.ClockTriggerBuilder, ClockMethods>, SelfAware {
  _self: unknown = this;
  private readonly _spec: Omit<ScriptTriggerRecord, 'id' | 'owner'>;

  constructor(
    private readonly _env: Env,
    handler: string,
  ) {
    this._spec = { handler, eventType: 'CLOCK', triggerSource: 'CLOCK' };
  }

  private _out(): GoogleAppsScript.Script.ClockTriggerBuilder {
    return this._self as GoogleAppsScript.Script.ClockTriggerBuilder;
  }

  after(durationMilliseconds: number): GoogleAppsScript.Script.ClockTriggerBuilder {
    const ms = integer(durationMilliseconds, 'durationMilliseconds', 0, Number.MAX_SAFE_INTEGER);
    this._spec.at = this._env.clock.now() + ms;
    return this._out();
  }

  at(date: GoogleAppsScript.Base.Date): GoogleAppsScript.Script.ClockTriggerBuilder {
    if (!isDate(date)) throw invalidArgument('date');
    this._spec.at = date.getTime();
    return this._out();
  }

  /** Near midnight of that day in the script's (or inTimezone's) zone. */
  atDate(year: number, month: number, day: number): GoogleAppsScript.Script.ClockTriggerBuilder {
    const y = integer(year, 'year', 1970, 9999);
    const m = integer(month, 'month', 1, 12);
    const d = integer(day, 'day', 1, 31);
    const zone = timeZoneOf(this._spec.timeZone ?? this._env.timeZone);
    const wall = Date.UTC(y, m - 1, d);
    this._spec.at = wall - zone.offset(wall) * 60000;
    return this._out();
  }

  atHour(hour: number): GoogleAppsScript.Script.ClockTriggerBuilder {
    this._spec.atHour = integer(hour, 'hour', 0, 23);
    return this._out();
  }

  everyDays(n: number): GoogleAppsScript.Script.ClockTriggerBuilder {
    this._spec.everyDays = integer(n, 'n', 1, 10000);
    return this._out();
  }

  everyHours(n: number): GoogleAppsScript.Script.ClockTriggerBuilder {
    const v = Number(n);
    if (!EVERY_HOURS_ALLOWED.includes(v)) throw invalidArgument('hours (1, 2, 4, 6, 8 or 12)');
    this._spec.everyHours = v;
    return this._out();
  }

  /** Only 1, 5, 10, 15 or 30 (ClockTriggerBuilder.everyMinutes). */
  everyMinutes(n: number): GoogleAppsScript.Script.ClockTriggerBuilder {
    const v = Number(n);
    if (!EVERY_MINUTES_ALLOWED.includes(v)) throw invalidArgument('minutes (1, 5, 10, 15 or 30)');
    this._spec.everyMinutes = v;
    return this._out();
  }

  everyWeeks(n: number): GoogleAppsScript.Script.ClockTriggerBuilder {
    this._spec.everyWeeks = integer(n, 'n', 1, 10000);
    return this._out();
  }

  inTimezone(timezone: string): GoogleAppsScript.Script.ClockTriggerBuilder {
    const tz = String(timezone);
    try {
      new Intl.DateTimeFormat('en-US', { timeZone: tz });
    } catch {
      throw invalidArgument('timezone');
    }
    this._spec.timeZone = tz;
    return this._out();
  }

  nearMinute(minute: number): GoogleAppsScript.Script.ClockTriggerBuilder {
    this._spec.nearMinute = integer(minute, 'minute', 0, 59);
    return this._out();
  }

  onMonthDay(day: number): GoogleAppsScript.Script.ClockTriggerBuilder {
    this._spec.onMonthDay = integer(day, 'day', 1, 31);
    return this._out();
  }

  onWeekDay(day: GoogleAppsScript.Base.Weekday): GoogleAppsScript.Script.ClockTriggerBuilder {
    const d = String(day);
    if (!(d in WeekDay)) throw invalidArgument('day');
    this._spec.onWeekDay = d;
    return this._out();
  }

  /**
   * The reference does not say what create() does with an incomplete schedule: the emulator
   * refuses a builder without a schedule, and atHour/nearMinute without a daily, weekly or monthly
   * one, with messages of its own (not Apps Script's text).
   */
  create(): GoogleAppsScript.Script.Trigger {
    const s = this._spec;
    const recurring = [s.everyMinutes, s.everyHours, s.everyDays, s.everyWeeks, s.onMonthDay, s.onWeekDay].filter((x) => x !== undefined).length;
    if (recurring === 0 && s.at === undefined) throw exception('The trigger has no schedule: call everyMinutes, everyHours, everyDays, everyWeeks, onMonthDay, onWeekDay, at, atDate or after before create().');
    if ((s.atHour !== undefined || s.nearMinute !== undefined) && s.everyDays === undefined && s.everyWeeks === undefined && s.onWeekDay === undefined && s.onMonthDay === undefined) {
      throw exception('atHour() and nearMinute() need a daily, weekly or monthly schedule.');
    }
    return createTrigger(this._env, { ...s, timeZone: s.timeZone ?? (recurring ? this._env.timeZone : undefined) });
  }
}

type SheetMethods = 'create' | 'onChange' | 'onEdit' | 'onFormSubmit' | 'onOpen';

class FakeSpreadsheetTriggerBuilder implements Pick<GoogleAppsScript.Script.SpreadsheetTriggerBuilder, SheetMethods>, SelfAware {
  _self: unknown = this;
  private _eventType: string | null = null;

  constructor(
    private readonly _env: Env,
    private readonly _handler: string,
    private readonly _sourceId: string,
  ) {}

  private _set(eventType: string): GoogleAppsScript.Script.SpreadsheetTriggerBuilder {
    this._eventType = eventType;
    return this._self as GoogleAppsScript.Script.SpreadsheetTriggerBuilder;
  }

  onOpen(): GoogleAppsScript.Script.SpreadsheetTriggerBuilder {
    return this._set('ON_OPEN');
  }

  onEdit(): GoogleAppsScript.Script.SpreadsheetTriggerBuilder {
    return this._set('ON_EDIT');
  }

  onChange(): GoogleAppsScript.Script.SpreadsheetTriggerBuilder {
    return this._set('ON_CHANGE');
  }

  onFormSubmit(): GoogleAppsScript.Script.SpreadsheetTriggerBuilder {
    return this._set('ON_FORM_SUBMIT');
  }

  create(): GoogleAppsScript.Script.Trigger {
    if (!this._eventType) throw exception('The trigger has no event: call onOpen, onEdit, onChange or onFormSubmit before create().');
    return createTrigger(this._env, {
      handler: this._handler,
      eventType: this._eventType,
      triggerSource: 'SPREADSHEETS',
      triggerSourceId: this._sourceId,
    });
  }
}

/** A spreadsheet's id from a Spreadsheet object (or the id itself). */
function spreadsheetId(ss: unknown): string {
  if (typeof ss === 'string') return ss;
  if (ss !== null && typeof ss === 'object') {
    const target = raw(ss as object) as { getId?: () => unknown };
    if (typeof target.getId === 'function') return String(target.getId());
  }
  throw invalidArgument('spreadsheet');
}

class FakeTriggerBuilder implements Pick<GoogleAppsScript.Script.TriggerBuilder, 'timeBased' | 'forSpreadsheet'> {
  constructor(
    private readonly _env: Env,
    private readonly _handler: string,
  ) {}

  timeBased(): GoogleAppsScript.Script.ClockTriggerBuilder {
    return wrap(new FakeClockTriggerBuilder(this._env, this._handler), 'ClockTriggerBuilder', this._env) as unknown as GoogleAppsScript.Script.ClockTriggerBuilder;
  }

  forSpreadsheet(sheet: GoogleAppsScript.Spreadsheet.Spreadsheet | string): GoogleAppsScript.Script.SpreadsheetTriggerBuilder {
    const builder = new FakeSpreadsheetTriggerBuilder(this._env, this._handler, spreadsheetId(sheet));
    return wrap(builder, 'SpreadsheetTriggerBuilder', this._env) as unknown as GoogleAppsScript.Script.SpreadsheetTriggerBuilder;
  }
}

/**
 * The web-app deployment (developers.google.com/apps-script/reference/script/service): getUrl()
 * "Returns the URL of the web app, if it has been deployed; otherwise returns null. If you are
 * running the development mode web app, this returns the development mode url"; isEnabled()
 * "Returns true if the script is accessible as a web app".
 *
 * What it returns depends on where the script runs (`env.serviceUrl()`): the web app served at
 * its /exec address gets that address; everything else (the editor, menus, sidebars, triggers)
 * runs against the head deployment and gets the /dev address, which only the script's editors
 * can open. The reference does not spell the editor and trigger cases out; the /dev answer there
 * is what live projects give (issue 10 of this project) and what the system check reports live.
 * A project without a web-app deployment (`env.webAppUrl` null or "") gets null.
 */
class FakeService implements Pick<GoogleAppsScript.Script.Service, 'getUrl' | 'isEnabled'> {
  constructor(private readonly _env: Env) {}

  getUrl(): string {
    return this._env.serviceUrl() as string;
  }

  isEnabled(): boolean {
    return !!this._env.webAppUrl;
  }
}

/**
 * AuthorizationInfo (developers.google.com/apps-script/reference/script/authorization-info):
 * "checks if the user has granted authorization for the required scopes of the script". Status
 * REQUIRED when a scope of the manifest (or of the list asked about) is not granted to the
 * execution's user; getAuthorizationUrl() "returns null" when none is required;
 * getAuthorizedScopes() "If authorization information is requested for a specified list of
 * scopes, returns the authorized scopes from the specified list."
 */
class FakeAuthorizationInfo implements Pick<GoogleAppsScript.Script.AuthorizationInfo, 'getAuthorizationStatus' | 'getAuthorizationUrl'> {
  constructor(
    private readonly _env: Env,
    private readonly _asked: string[] | null,
  ) {}

  private _missing(): string[] {
    const wanted = this._asked ?? this._env.manifestScopes ?? [];
    return wanted.filter((s) => !this._env.hasAnyScope([s]));
  }

  getAuthorizationStatus(): GoogleAppsScript.Script.AuthorizationStatus {
    return (this._missing().length ? 'REQUIRED' : 'NOT_REQUIRED') as unknown as GoogleAppsScript.Script.AuthorizationStatus;
  }

  /** null when no authorization is required. */
  getAuthorizationUrl(): string {
    if (!this._missing().length) return null as unknown as string;
    return `https://script.google.com/macros/d/${SCRIPT_ID}/authorize`;
  }

  getAuthorizedScopes(): string[] {
    const wanted = this._asked ?? this._env.manifestScopes ?? [];
    return wanted.filter((s) => this._env.hasAnyScope([s]));
  }
}

/**
 * Apps Script's answer when an execution needs a consent the user has not given. The reference
 * of requireScopes says the execution "ends with an authorization prompt" when consent is
 * missing; with no one to prompt (a trigger) it ends in this error. The text is Apps Script's
 * classic "Authorization is required to perform that action."; the emulator also records the
 * prompt as a UI event in a UI context.
 */
export const AUTHORIZATION_REQUIRED = 'Authorization is required to perform that action.';

type ScriptAppMethods =
  | 'newTrigger'
  | 'getProjectTriggers'
  | 'getUserTriggers'
  | 'deleteTrigger'
  | 'getService'
  | 'getScriptId'
  | 'getOAuthToken'
  | 'getIdentityToken'
  | 'getInstallationSource'
  | 'getAuthorizationInfo'
  | 'requireAllScopes'
  | 'requireScopes'
  | 'AuthMode'
  | 'AuthorizationStatus'
  | 'EventType'
  | 'InstallationSource'
  | 'TriggerSource'
  | 'WeekDay';

class FakeScriptApp implements Pick<GoogleAppsScript.Script.ScriptApp, ScriptAppMethods> {
  readonly AuthMode = AuthMode as unknown as typeof GoogleAppsScript.Script.AuthMode;
  readonly AuthorizationStatus = AuthorizationStatus as unknown as typeof GoogleAppsScript.Script.AuthorizationStatus;
  readonly EventType = EventType as unknown as typeof GoogleAppsScript.Script.EventType;
  readonly InstallationSource = InstallationSource as unknown as typeof GoogleAppsScript.Script.InstallationSource;
  readonly TriggerSource = TriggerSource as unknown as typeof GoogleAppsScript.Script.TriggerSource;
  readonly WeekDay = WeekDay as unknown as typeof GoogleAppsScript.Base.Weekday;

  constructor(private readonly _env: Env) {}

  newTrigger(functionName: string): GoogleAppsScript.Script.TriggerBuilder {
    const name = String(functionName ?? '');
    if (!name) throw invalidArgument('functionName');
    return instrument(new FakeTriggerBuilder(this._env, name), 'TriggerBuilder', this._env) as unknown as GoogleAppsScript.Script.TriggerBuilder;
  }

  /** The current user's installable triggers of this project. */
  getProjectTriggers(): GoogleAppsScript.Script.Trigger[] {
    return ownTriggers(this._env).map((t) => trigger(this._env, t));
  }

  /**
   * The current user's triggers in this spreadsheet, "for this script or add-on only": its
   * spreadsheet triggers and, for an add-on, the time-driven triggers it created in that document.
   * In add-on mode getProjectTriggers() instead returns the user's triggers in EVERY document.
   */
  getUserTriggers(spreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet | GoogleAppsScript.Document.Document | GoogleAppsScript.Forms.Form): GoogleAppsScript.Script.Trigger[] {
    const id = spreadsheetId(spreadsheet);
    return ownTriggers(this._env)
      .filter((t) => t.triggerSourceId === id || (t.documentId !== undefined && t.documentId === id))
      .map((t) => trigger(this._env, t));
  }

  /**
   * Removes one of the current user's triggers. Assumption (the reference is silent): a trigger
   * that is not the user's, or already deleted, throws; "Trigger not found." is the emulator's text.
   */
  deleteTrigger(t: GoogleAppsScript.Script.Trigger): void {
    const target = raw(t as object);
    const id = target instanceof FakeTrigger ? target._record.id : String((t as GoogleAppsScript.Script.Trigger)?.getUniqueId?.());
    const triggers = this._env.state.triggers;
    const i = triggers.findIndex((r) => r.id === id && r.owner === this._env.user);
    if (i < 0) throw exception('Trigger not found.');
    triggers.splice(i, 1);
  }

  getService(): GoogleAppsScript.Script.Service {
    return instrument(new FakeService(this._env), 'Service', this._env) as unknown as GoogleAppsScript.Script.Service;
  }

  getScriptId(): string {
    return SCRIPT_ID;
  }

  /** A fake OAuth token, stable for one user. */
  getOAuthToken(): string {
    return `ya29.emulator-${createHash('sha256').update(`token:${this._env.user}`).digest('base64url').slice(0, 40)}`;
  }

  getIdentityToken(): string {
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(this._env.clock.now() / 1000);
    return `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ email: this._env.user, iat: now, exp: now + 3600 })}.`;
  }

  getInstallationSource(): GoogleAppsScript.Script.InstallationSource {
    return (this._env.addon ? 'WEB_STORE_ADD_ON' : 'NONE') as unknown as GoogleAppsScript.Script.InstallationSource;
  }

  getAuthorizationInfo(authMode: GoogleAppsScript.Script.AuthMode, oAuthScopes?: string[]): GoogleAppsScript.Script.AuthorizationInfo {
    if (!(String(authMode) in AuthMode)) throw invalidArgument('authMode');
    const asked = oAuthScopes === undefined ? null : scopeList(oAuthScopes);
    return instrument(new FakeAuthorizationInfo(this._env, asked), 'AuthorizationInfo', this._env) as unknown as GoogleAppsScript.Script.AuthorizationInfo;
  }

  requireAllScopes(authMode: GoogleAppsScript.Script.AuthMode): void {
    this._require(authMode, this._env.manifestScopes ?? []);
  }

  requireScopes(authMode: GoogleAppsScript.Script.AuthMode, oAuthScopes: string[]): void {
    this._require(authMode, scopeList(oAuthScopes));
  }

  private _require(authMode: GoogleAppsScript.Script.AuthMode, scopes: string[]): void {
    if (!(String(authMode) in AuthMode)) throw invalidArgument('authMode');
    const missing = scopes.filter((s) => !this._env.hasAnyScope([s]));
    if (!missing.length) return;
    if (this._env.context === 'ui') this._env.ui.push({ kind: 'alert', title: 'Authorization required', message: `Google asks for: ${missing.join(', ')}` });
    throw exception(AUTHORIZATION_REQUIRED);
  }
}

function scopeList(scopes: unknown): string[] {
  if (!Array.isArray(scopes) || scopes.some((s) => typeof s !== 'string')) throw invalidArgument('oAuthScopes');
  return scopes as string[];
}

export function createScriptApp(env: Env): GoogleAppsScript.Script.ScriptApp {
  return instrument(new FakeScriptApp(env), 'ScriptApp', env) as unknown as GoogleAppsScript.Script.ScriptApp;
}
