/**
 * The emulator's environment: the state behind every fake service of one "project"
 * (the bound spreadsheet, properties, triggers, mail, Drive…), its clock, its user and its
 * call accounting. One Env stands for one Apps Script project bound to one Sheet.
 */
import { CallLog, Faults, type CallBoundaryHook, type Instrumentation, type RealmBridge } from './calls';
import type { Workbook } from '../services/spreadsheet/model';

export const SCRIPT_TIME_ZONE = 'Asia/Ho_Chi_Minh';

/** A settable clock. Without a set time it follows the machine's clock. */
export class Clock {
  private fixed: number | null = null;
  private offset = 0;
  /**
   * Every ms the clock was moved forward by advance() (sleeps, lock waits, call latency), never
   * reset: what an execution's running time is measured on (set() is a test's time travel
   * between executions, not time an execution spent).
   */
  advanced = 0;

  now(): number {
    return this.fixed !== null ? this.fixed + this.offset : Date.now();
  }

  /** Sets "now" (ms since epoch, an ISO string or a Date). */
  set(at: number | string | Date): void {
    const ms = typeof at === 'number' ? at : new Date(at).getTime();
    if (Number.isNaN(ms)) throw new Error(`Invalid time: ${String(at)}`);
    this.fixed = ms;
    this.offset = 0;
  }

  /** Moves a set clock forward (used by fakes that take time, e.g. Utilities.sleep). */
  advance(ms: number): void {
    if (this.fixed === null) this.set(Date.now());
    this.offset += ms;
    this.advanced += ms;
  }

  isFixed(): boolean {
    return this.fixed !== null;
  }
}

/** One entry of appsscript.json `dependencies.enabledAdvancedServices`. */
export interface AdvancedService {
  userSymbol: string;
  serviceId: string;
  version: string;
}

export interface TriggerRecord {
  id: string;
  handler: string;
  /** "CLOCK" for time-driven; "ON_OPEN", "ON_EDIT"… for spreadsheet triggers. */
  eventType: string;
  /** Time-driven: every N days at hour, or every N hours. */
  everyDays?: number;
  everyHours?: number;
  atHour?: number;
  timeZone?: string;
  owner: string;
  /**
   * Add-on mode: the document the trigger belongs to (the spreadsheet in which the add-on created
   * it). Apps Script associates an add-on's triggers with the document (ScriptApp.getUserTriggers).
   */
  documentId?: string;
}

/** What persists in `<dir>/state.json` beside the workbook. */
export interface EmulatorState {
  scriptProperties: Record<string, string>;
  userProperties: Record<string, Record<string, string>>;
  documentProperties: Record<string, string>;
  triggers: TriggerRecord[];
  /** Free-form state of the other services (mail quota, Drive index, Gmail labels…), by service. */
  services: Record<string, unknown>;
}

export function emptyState(): EmulatorState {
  return { scriptProperties: {}, userProperties: {}, documentProperties: {}, triggers: [], services: {} };
}

/** What the Ui fake recorded: menus, alerts, toasts, sidebars and dialogs shown. */
export interface UiEvent {
  kind: 'menu' | 'alert' | 'prompt' | 'toast' | 'sidebar' | 'dialog' | 'modelessDialog';
  title?: string;
  message?: string;
  /** For sidebars and dialogs: the served HTML, and its width and height. */
  html?: string;
  width?: number;
  height?: number;
  /** For menus: the items. */
  menu?: MenuRecord;
  /** For alerts and prompts: the button the emulator answered with. */
  answer?: string;
  /** For toasts: how long it stays, in seconds (negative: until closed). */
  seconds?: number;
}

export interface MenuItemRecord {
  caption: string;
  functionName: string;
}

export interface MenuRecord {
  caption: string;
  items: (MenuItemRecord | { separator: true } | MenuRecord)[];
}

export interface EnvOptions {
  /** Folder for files the services write (outbox, drive, inbox); null keeps everything in memory. */
  dir?: string | null;
  /** The active user's email. */
  user?: string;
  /** The script owner's email (effective user, trigger owner). */
  owner?: string;
  /** "now"; default: the machine's clock. */
  now?: number | string | Date;
  /** The URL at which the web app is served (the playground's /exec); null (or ""): not deployed. */
  webAppUrl?: string | null;
  workbook?: Workbook;
  state?: EmulatorState;
  /**
   * Opt-in latency model: how long (ms, on the emulator's clock) each service call takes, by
   * "Class.method" ("MailApp.sendEmail") or service ("GmailApp"), `default` for the others.
   * Absent (the default): calls take no time, so the clock moves only with sleeps and lock
   * waits. With it, an execution's running time grows with its calls and meets Apps Script's
   * execution time limits (see Env.executionLimitMs).
   */
  latency?: Latency;
  /**
   * Runs the project as an installed Editor add-on (dist-addon/) instead of a bound script: the
   * add-on menu, AuthMode.NONE before the add-on is used in the document, no active spreadsheet in
   * time-driven runs, and the add-on trigger limits (see emulator/addon.ts).
   */
  addon?: boolean;
}

/** See EnvOptions.latency. */
export type Latency = Record<string, number> & { default?: number };

/**
 * Apps Script's execution time limits (developers.google.com/apps-script/guides/services/quotas,
 * "Current limitations": "Script runtime 6 min / execution", "Custom function runtime 30 sec /
 * execution"; developers.google.com/apps-script/guides/triggers#restrictions: simple triggers
 * "cannot run for longer than 30 seconds"). Workspace accounts have the same 6 minutes today.
 * The reference names no other limit for web apps or Editor add-on menu items: 6 minutes.
 */
export const EXECUTION_LIMITS = { script: 6 * 60 * 1000, simpleTrigger: 30 * 1000, customFunction: 30 * 1000 } as const;
export type ExecutionKind = keyof typeof EXECUTION_LIMITS;

/** The error Apps Script ends an execution with when it runs past its limit. */
export const EXCEEDED_TIME = 'Exceeded maximum execution time';

interface RunningExecution {
  /** Clock.advanced when it started. */
  start: number;
  /** Time spent meanwhile in executions nested in it (run from a beforeCall hook). */
  nested: number;
  limit: number;
  /** Set once it ran past its limit: every later call of it fails, and so does the execution. */
  killed: boolean;
}

export class Env implements Instrumentation {
  readonly calls = new CallLog();
  readonly faults = new Faults();
  /**
   * Runs at each boundary between two service calls (see CallBoundaryHook): tests put a
   * person's edit or a whole other execution (Sandbox.call) there to interleave it.
   */
  beforeCall: CallBoundaryHook | null = null;
  /**
   * The execution now running: Sandbox.call starts a new one (also when called from within
   * another, e.g. from a beforeCall hook: two executions overlapping). 0 outside any call.
   */
  execution = 0;
  /** The last execution id given. */
  lastExecution = 0;
  /**
   * Locks held, by key ("script", "document", "user:<email>"): the execution holding each and
   * how many of its Lock objects hold it. Apps Script releases an execution's locks when it
   * ends; Sandbox.call does the same.
   */
  readonly locks = new Map<string, { execution: number; holders: number }>();
  /** Set while a sandbox runs code against this env (see sandbox.ts). */
  bridge: RealmBridge | null = null;
  readonly clock = new Clock();
  readonly timeZone = SCRIPT_TIME_ZONE;
  readonly dir: string | null;
  /** The active user (Session.getActiveUser). "" for anonymous web-app visitors. */
  user: string;
  /** The owner (Session.getEffectiveUser for triggers and the web app executing as owner). */
  owner: string;
  /** The deployed web app's URL; null or "" when the project has no web-app deployment. */
  webAppUrl: string | null;
  workbook: Workbook;
  state: EmulatorState;
  /** Everything the Ui showed, in order. */
  readonly ui: UiEvent[] = [];
  /** Answers the emulator gives to alerts/prompts, consumed in order; default "OK"/"YES". */
  readonly uiAnswers: { button: string; text?: string }[] = [];
  /** Log lines from Logger and console. */
  readonly logs: { level: string; message: string }[] = [];
  /**
   * The project's HTML files by name without extension ("Sidebar" for dist/Sidebar.html),
   * for HtmlService.createHtmlOutputFromFile / createTemplateFromFile.
   */
  files: Record<string, string> = {};
  /**
   * Compiles a function inside the sandbox's realm (set by the sandbox), so that template
   * scriptlets see the script's globals. Defaults to Node's Function constructor.
   */
  compile: (params: string[], body: string) => (...args: unknown[]) => unknown = (params, body) =>
    new Function(...params, body) as (...args: unknown[]) => unknown;
  /** How the current execution was started: from the Sheet's UI, a trigger, or the web app. */
  context: 'ui' | 'trigger' | 'webapp' = 'ui';
  /**
   * The execution's ScriptApp.AuthMode. "LIMITED" is a simple trigger of a bound script
   * (onOpen, onEdit): services that need the user's authorisation refuse to run (see
   * sandbox.ts); the bound spreadsheet, properties, lock and cache stay usable.
   */
  authMode: 'FULL' | 'LIMITED' | 'NONE' = 'FULL';
  /** True when this project runs as an installed Editor add-on (EnvOptions.addon). */
  readonly addon: boolean;
  /**
   * The event type of the installable trigger running now ("CLOCK", "ON_FORM_SUBMIT"…), null
   * outside trigger runs. Set by Sandbox.call from the event's triggerUid.
   */
  triggerEventType: string | null = null;

  /** See EnvOptions.latency; may be set at any time. */
  latency: Latency | null = null;
  /** Executions now running, by id (Sandbox.call starts and ends them). */
  readonly running = new Map<number, RunningExecution>();

  /** Starts timing execution `id` (of the given kind) on the emulator's clock. */
  startExecution(id: number, kind: ExecutionKind): void {
    this.running.set(id, { start: this.clock.advanced, nested: 0, limit: EXECUTION_LIMITS[kind], killed: false });
  }

  /** Ends it; its time is taken off the execution it was nested in. Returns whether it was killed. */
  endExecution(id: number, outer: number): boolean {
    const run = this.running.get(id);
    this.running.delete(id);
    if (!run) return false;
    const parent = this.running.get(outer);
    if (parent) parent.nested += this.clock.advanced - run.start - run.nested;
    return run.killed;
  }

  /** How long (ms) the current execution has run, on the emulator's clock; 0 outside one. */
  executionElapsed(): number {
    const run = this.running.get(this.execution);
    return run ? this.clock.advanced - run.start - run.nested : 0;
  }

  /** Throws Apps Script's error when the current execution is past its limit (and marks it killed). */
  private checkTime(): void {
    const run = this.running.get(this.execution);
    if (!run) return;
    if (!run.killed && this.clock.advanced - run.start - run.nested > run.limit) run.killed = true;
    if (run.killed) {
      const e = new Error(EXCEEDED_TIME);
      e.name = 'Exception';
      throw e;
    }
  }

  /** Before each counted service call: a killed (timed-out) execution makes no more calls. */
  beforeService(): void {
    this.checkTime();
  }

  /** After each counted service call: it took its latency; past the limit, the execution ends. */
  afterService(name: string): void {
    const l = this.latency;
    if (l) {
      const ms = l[name] ?? l[name.split('.')[0]] ?? l.default ?? 0;
      if (ms > 0) this.clock.advance(ms);
    }
    this.checkTime();
  }

  constructor(workbook: Workbook, options: EnvOptions = {}) {
    this.dir = options.dir ?? null;
    this.owner = options.owner ?? 'vanphong.tanviet@gmail.com';
    this.user = options.user ?? this.owner;
    this.webAppUrl = options.webAppUrl === undefined ? 'http://localhost:8080/exec' : options.webAppUrl;
    this.workbook = workbook;
    this.state = options.state ?? emptyState();
    this.addon = options.addon ?? false;
    this.latency = options.latency ?? null;
    if (options.now !== undefined) this.clock.set(options.now);
  }

  /**
   * The user under whose authority the script runs (Session.getEffectiveUser, MailApp's sender).
   * Reference (developers.google.com/apps-script/reference/base/session#getEffectiveUser()): "If
   * the script is a web app set to 'execute as me' (the developer), this returns the developer's
   * user account. If the script is running under an installable trigger, this returns the account
   * of the user who created the trigger. In most other scenarios, this returns the same account as
   * getActiveUser()." The manifest deploys the web app executing as the owner (USER_DEPLOYING);
   * a trigger runs as `user`, which the sandbox sets to the trigger's creator (Sandbox.call).
   * Emulator assumption: outside the web app, an execution with no active user runs as the owner.
   */
  effectiveUser(): string {
    if (this.context === 'webapp') return this.owner;
    return this.user || this.owner;
  }

  /**
   * The head deployment's development address: the /exec address's last segment as /dev
   * (https://script.google.com/macros/s/<id>/dev on Google). null when not deployed.
   */
  devUrl(): string | null {
    if (!this.webAppUrl) return null;
    return this.webAppUrl.replace(/\/exec(?=$|[?#])/, '/dev');
  }

  /**
   * What ScriptApp.getService().getUrl() returns in the current execution: the /exec address in
   * the web app served from it, the /dev address elsewhere (editor, menus, triggers), null when
   * the project has no web-app deployment.
   */
  serviceUrl(): string | null {
    if (!this.webAppUrl) return null;
    return this.context === 'webapp' ? this.webAppUrl : this.devUrl();
  }

  /**
   * The manifest's oauthScopes (appsscript.json): what the consent screen asks for. null: not
   * known (every scope counts as granted).
   */
  manifestScopes: string[] | null = null;
  /**
   * The manifest's `dependencies.enabledAdvancedServices`: the advanced services (Docs, Drive)
   * the sandbox puts on its global object, under their userSymbol. null: not known (all of
   * them, under their usual names).
   */
  advancedServices: AdvancedService[] | null = null;
  /** Scopes refused for this run whoever runs it (the runner's --deny-scope). */
  readonly deniedForRun = new Set<string>();

  /**
   * Scopes a user left unticked on Google's granular consent screen (the playground's toggles),
   * kept in state.json by user.
   */
  deniedScopes(user: string): string[] {
    const consent = this.serviceState<Record<string, string[]>>('consent', () => ({}));
    return [...new Set([...(consent[user.toLowerCase()] ?? []), ...this.deniedForRun])];
  }

  setDeniedScopes(user: string, scopes: string[]): void {
    const consent = this.serviceState<Record<string, string[]>>('consent', () => ({}));
    if (scopes.length) consent[user.toLowerCase()] = [...new Set(scopes)];
    else delete consent[user.toLowerCase()];
  }

  /**
   * The scopes the current execution may use: the manifest's, less what its user (the effective
   * user: the owner in the web app, the trigger's creator in a trigger) did not grant.
   */
  grantedScopes(): string[] | null {
    if (!this.manifestScopes) return null;
    const denied = new Set(this.deniedScopes(this.effectiveUser()));
    return this.manifestScopes.filter((s) => !denied.has(s));
  }

  /** Is any of `scopes` granted to the current execution? (An unknown manifest grants all but the denied.) */
  hasAnyScope(scopes: readonly string[]): boolean {
    const denied = new Set(this.deniedScopes(this.effectiveUser()));
    const granted = this.manifestScopes ? this.manifestScopes.filter((s) => !denied.has(s)) : null;
    return scopes.some((s) => (granted ? granted.includes(s) : !denied.has(s)));
  }

  /** Per-service state bag, created on first use. */
  serviceState<T>(service: string, init: () => T): T {
    if (!(service in this.state.services)) this.state.services[service] = init();
    return this.state.services[service] as T;
  }
}
