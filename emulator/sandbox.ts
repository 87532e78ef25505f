/**
 * Runs the built bundle (dist/Code.js) as Apps Script would: in a V8 context whose global
 * object holds only JavaScript's built-ins and Apps Script's services. Node's `require`,
 * `process`, `Buffer`, `setTimeout` and `fetch` are absent, as they are in Apps Script.
 * `Date` follows the emulator's settable clock.
 */
import vm from 'node:vm';
import { EXCEEDED_TIME, type Env, type ExecutionKind } from './core/env';
import type { RealmBridge } from './core/calls';
import { ADVANCED_SERVICES, createGlobals } from './globals';
import { permissionDenied } from './services/base';

/** The `triggerUid` of a trigger's event object, or "". */
function triggerUid(event: unknown): string {
  if (!event || typeof event !== 'object') return '';
  const uid = (event as { triggerUid?: unknown }).triggerUid;
  return uid === undefined || uid === null ? '' : String(uid);
}

/** Apps Script's message when a called function does not exist. */
export function functionNotFound(name: string): string {
  return `Script function not found: ${name}`;
}

/**
 * Services and methods that need the user's authorisation, with the scope Apps Script names
 * in its refusal. A simple trigger (AuthMode.LIMITED) "cannot access services that require
 * authorization" and "can modify the file they are bound to, but cannot access other files"
 * (developers.google.com/apps-script/guides/triggers#restrictions). `null`: every method.
 */
const AUTHORIZED: Record<string, { scope: string; methods: string[] | null }> = {
  MailApp: { scope: 'https://www.googleapis.com/auth/script.send_mail', methods: null },
  GmailApp: { scope: 'https://mail.google.com/', methods: null },
  DriveApp: { scope: 'https://www.googleapis.com/auth/drive', methods: null },
  DocumentApp: { scope: 'https://www.googleapis.com/auth/documents', methods: null },
  FormApp: { scope: 'https://www.googleapis.com/auth/forms', methods: ['create', 'openById', 'openByUrl'] },
  ScriptApp: {
    scope: 'https://www.googleapis.com/auth/script.scriptapp',
    methods: ['newTrigger', 'getProjectTriggers', 'getUserTriggers', 'getScriptTriggers', 'deleteTrigger'],
  },
  SpreadsheetApp: { scope: 'https://www.googleapis.com/auth/spreadsheets', methods: ['create', 'open', 'openById', 'openByUrl'] },
};

const AUTH = 'https://www.googleapis.com/auth/';

/**
 * The scopes (any one of them) each method needs, as the services' reference pages list them
 * under "Authorization" ("Scripts that use this method require authorization with one or more of
 * the following scopes"). A call whose scopes the execution's user has not granted (granular
 * consent, or a manifest without them) is refused as Apps Script refuses it. Methods not listed
 * need no scope (enums, Utilities-like helpers).
 */
const SCOPE_RULES: Record<string, (method: string) => string[] | null> = {
  MailApp: () => [`${AUTH}script.send_mail`],
  GmailApp: () => ['https://mail.google.com/'],
  // DriveApp lists only the full Drive scope (readers also drive.readonly): not drive.file.
  DriveApp: (m) => (/^(get|search|continue)/.test(m) ? [`${AUTH}drive`, `${AUTH}drive.readonly`] : [`${AUTH}drive`]),
  // FormApp.create/openById/openByUrl list only the forms scope; getActiveForm also forms.currentonly.
  FormApp: (m) => (m === 'getActiveForm' ? [`${AUTH}forms.currentonly`, `${AUTH}forms`] : ['create', 'openById', 'openByUrl'].includes(m) ? [`${AUTH}forms`] : null),
  DocumentApp: (m) => (m === 'getActiveDocument' ? [`${AUTH}documents.currentonly`, `${AUTH}documents`] : ['create', 'openById', 'openByUrl'].includes(m) ? [`${AUTH}documents`] : null),
  ScriptApp: (m) => (['newTrigger', 'getProjectTriggers', 'getUserTriggers', 'getScriptTriggers', 'deleteTrigger'].includes(m) ? [`${AUTH}script.scriptapp`] : null),
  SpreadsheetApp: (m) =>
    ['getActive', 'getActiveSpreadsheet', 'getActiveSheet', 'getActiveRange', 'getActiveRangeList', 'getCurrentCell', 'getSelection'].includes(m)
      ? [`${AUTH}spreadsheets.currentonly`, `${AUTH}spreadsheets`]
      : ['create', 'open', 'openById', 'openByUrl'].includes(m)
        ? [`${AUTH}spreadsheets`]
        : null,
};

export { permissionDenied };

/**
 * A global service that refuses its authorised methods while the execution runs in
 * AuthMode.LIMITED; otherwise it is the service itself. Enums and other values pass through.
 */
function guardAuthorization(env: Env, name: string, service: unknown): unknown {
  const rule = AUTHORIZED[name];
  const scopesOf = SCOPE_RULES[name];
  if ((!rule && !scopesOf) || !service || typeof service !== 'object') return service;
  const guarded = new Map<PropertyKey, unknown>();
  const refuse = (call: string, scope: string) => {
    env.calls.record(call);
    const e = new Error(permissionDenied(call, scope));
    e.name = 'Exception';
    throw env.bridge ? env.bridge.error(e) : e;
  };
  return new Proxy(service, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string') return value;
      const limited = !!rule && (!rule.methods || rule.methods.includes(prop));
      const scopes = scopesOf ? scopesOf(prop) : null;
      if (!limited && !scopes) return value;
      let fn = guarded.get(prop);
      if (!fn) {
        const call = `${name}.${prop}`;
        fn = function (this: unknown, ...args: unknown[]) {
          if (limited && env.authMode === 'LIMITED') refuse(call, rule.scope);
          if (scopes && !env.hasAnyScope(scopes)) refuse(call, scopes[0]);
          return (Reflect.get(target, prop) as (...a: unknown[]) => unknown).apply(target, args);
        };
        Object.defineProperty(fn, 'name', { value: prop });
        guarded.set(prop, fn);
      }
      return fn;
    },
  });
}

/**
 * AuthMode.NONE (an add-on's onOpen before the add-on is used in this document): "no access to
 * services that require authorization", and no access to the document or its properties
 * (developers.google.com/workspace/add-ons/concepts/editor-auth-lifecycle#authorization_modes:
 * in NONE only creating menus is possible). Every service but the Ui, Menu and logging refuses.
 */
const ALLOWED_IN_NONE: Record<string, string[] | null> = {
  SpreadsheetApp: ['getUi'],
  ScriptApp: ['AuthMode', 'AuthorizationStatus', 'EventType', 'InstallationSource', 'TriggerSource', 'WeekDay'],
  Logger: null,
  console: null,
  Utilities: null,
};

function guardNone(env: Env, name: string, service: unknown): unknown {
  if (!service || typeof service !== 'object') return service;
  const allowed = name in ALLOWED_IN_NONE ? ALLOWED_IN_NONE[name] : [];
  if (allowed === null) return service;
  return new Proxy(service, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (env.authMode !== 'NONE' || typeof prop !== 'string' || allowed.includes(prop)) return value;
      if (typeof value !== 'function') return value;
      return function (this: unknown, ...args: unknown[]) {
        if (env.authMode === 'NONE') {
          const call = `${name}.${prop}`;
          env.calls.record(call);
          const e = new Error(permissionDenied(call, 'AuthMode.NONE'));
          e.name = 'Exception';
          throw env.bridge ? env.bridge.error(e) : e;
        }
        return (Reflect.get(target, prop) as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
}

/** The simple triggers' reserved names (developers.google.com/apps-script/guides/triggers). */
const SIMPLE_TRIGGERS = ['onOpen', 'onEdit', 'onInstall', 'onSelectionChange'];

function timedOut(): Error {
  const e = new Error(EXCEEDED_TIME);
  e.name = 'Exception';
  return e;
}

export interface RunOptions {
  /** How the execution was started; sets what LockService and Session see. */
  context?: Env['context'];
  /** The active user for this execution ("" for an anonymous web-app visitor). */
  user?: string;
  /**
   * "LIMITED" runs it as a simple trigger (onEdit, onOpen): authorised services refuse. "NONE"
   * (an add-on's onOpen before it is used in the document): only the Ui and menus work.
   */
  authMode?: Env['authMode'];
  /**
   * Which execution time limit applies (see EXECUTION_LIMITS). Default: "simpleTrigger" for
   * onOpen/onEdit/onInstall/onSelectionChange run from the Sheet's UI (not as an installable
   * trigger), "script" (6 minutes) otherwise. "customFunction": a formula's function (30 s).
   */
  kind?: ExecutionKind;
}

export class Sandbox {
  readonly context: vm.Context;
  private readonly realm: { Date: DateConstructor; Array: ArrayConstructor; Object: ObjectConstructor; Error: ErrorConstructor; JSON: JSON };

  constructor(
    readonly env: Env,
    code: string,
    filename = 'Code.js',
  ) {
    const context = vm.createContext({}, { name: 'Apps Script sandbox', codeGeneration: { strings: true, wasm: false } });
    this.context = context;
    // A Date whose "now" is the emulator's clock. Defined inside the realm so that
    // `x instanceof Date` holds for every date the script sees.
    context.__clockNow = () => env.clock.now();
    vm.runInContext(
      `(() => {
        const RealDate = Date;
        const now = __clockNow;
        class ClockDate extends RealDate {
          constructor(...args) { if (args.length === 0) super(now()); else super(...args); }
          static now() { return now(); }
        }
        Object.defineProperty(ClockDate, 'name', { value: 'Date' });
        globalThis.Date = ClockDate;
      })(); delete globalThis.__clockNow;`,
      context,
    );
    this.realm = vm.runInContext('({ Date, Array, Object, Error, JSON })', context);
    const globals = createGlobals(env) as unknown as Record<string, unknown>;
    for (const [name, value] of Object.entries(globals)) {
      // An advanced service is global only when the manifest enables it, under its userSymbol
      // (developers.google.com/apps-script/guides/services/advanced).
      const advanced = ADVANCED_SERVICES[name];
      let symbol = name;
      if (advanced && env.advancedServices) {
        const enabled = env.advancedServices.find((s) => s.serviceId === advanced.serviceId && s.version === advanced.version);
        if (!enabled) continue;
        symbol = enabled.userSymbol || name;
      }
      context[symbol] = guardNone(env, name, guardAuthorization(env, name, value));
    }
    env.compile = (params, body) => {
      const fn = vm.runInContext(`(function (${params.join(', ')}) {\n${body}\n})`, context);
      return fn as (...args: unknown[]) => unknown;
    };
    env.bridge = this.makeBridge();
    new vm.Script(code, { filename }).runInContext(context);
  }

  private makeBridge(): RealmBridge {
    const realm = this.realm;
    const hostObjectProto = Object.prototype;
    const realmObjectProto = realm.Object.prototype;
    const toSandbox = (v: unknown): unknown => {
      if (v === null || typeof v !== 'object') return v;
      if (v instanceof Date) return new realm.Date(v.getTime());
      if (v instanceof Array) {
        const out = new realm.Array(v.length);
        for (let i = 0; i < v.length; i++) out[i] = toSandbox(v[i]);
        return out;
      }
      if (Object.getPrototypeOf(v) === hostObjectProto) {
        const out = new realm.Object() as Record<string, unknown>;
        for (const [k, x] of Object.entries(v)) out[k] = toSandbox(x);
        return out;
      }
      return v;
    };
    const toHost = (v: unknown): unknown => {
      if (v === null || typeof v !== 'object') return v;
      if (v instanceof realm.Date) return new Date((v as Date).getTime());
      if (v instanceof realm.Array) {
        const a = v as unknown[];
        const out = new Array(a.length);
        for (let i = 0; i < a.length; i++) out[i] = toHost(a[i]);
        return out;
      }
      if (Object.getPrototypeOf(v) === realmObjectProto) {
        const out: Record<string, unknown> = {};
        for (const [k, x] of Object.entries(v)) out[k] = toHost(x);
        return out;
      }
      return v;
    };
    const error = (e: unknown): unknown => {
      if (e instanceof realm.Error) return e;
      const message = e instanceof Error ? e.message : String(e);
      const err = new realm.Error(message);
      if (e instanceof Error && e.name && e.name !== 'Error') err.name = e.name;
      // An advanced service's GoogleJsonResponseException carries the API's answer in `details`.
      const details = (e as { details?: unknown } | null)?.details;
      if (details !== undefined) (err as unknown as { details: unknown }).details = toSandbox(details);
      return err;
    };
    return { toHost, toSandbox, error };
  }

  /** Is `name` a function Apps Script could call (a top-level function of the script)? */
  has(name: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.context, name) && typeof this.context[name] === 'function';
  }

  /**
   * Calls a top-level function as Apps Script would (menu item, trigger, google.script.run,
   * the runner). Arguments and the result cross the realm boundary as data.
   */
  call(name: string, args: unknown[] = [], options: RunOptions = {}): unknown {
    if (!/^[A-Za-z_$][\w$]*$/.test(name) || !this.has(name)) throw new Error(functionNotFound(name));
    const env = this.env;
    const previous = { context: env.context, user: env.user, authMode: env.authMode, triggerEventType: env.triggerEventType };
    if (options.context) env.context = options.context;
    if (options.authMode) env.authMode = options.authMode;
    if (options.user !== undefined) env.user = options.user;
    // A web app that executes as the owner sees no active user for a visitor who is not the
    // owner (Session.getActiveUser() is blank): the emulator's default for web-app calls.
    else if (options.context === 'webapp') env.user = '';
    // An installable trigger runs as the user who created it (Session.getEffectiveUser reference:
    // "If the script is running under an installable trigger, this returns the account of the user
    // who created the trigger"): when the event names one of the project's triggers
    // (e.triggerUid), the run is that user's, unless the caller says who runs it.
    else if (options.context === 'trigger') {
      const uid = triggerUid(args[0]);
      const record = uid ? env.state.triggers.find((t) => t.id === uid) : undefined;
      if (record) env.user = record.owner;
    }
    if (options.context === 'trigger') {
      const uid = triggerUid(args[0]);
      const record = uid ? env.state.triggers.find((t) => t.id === uid) : undefined;
      env.triggerEventType = record ? record.eventType : 'CLOCK';
    }
    const outer = env.execution;
    const execution = (env.execution = ++env.lastExecution);
    const kind = options.kind ?? (SIMPLE_TRIGGERS.includes(name) && (options.context ?? 'ui') === 'ui' ? 'simpleTrigger' : 'script');
    env.startExecution(execution, kind);
    let killed = false;
    try {
      const fn = this.context[name] as (...a: unknown[]) => unknown;
      const bridge = env.bridge!;
      let result: unknown;
      try {
        result = fn(...args.map((a) => bridge.toSandbox(a)));
      } finally {
        killed = env.endExecution(execution, outer);
      }
      // Past its limit the execution is ended whatever the script did with the error (a catch
      // cannot keep it alive: each later call failed too).
      if (killed) throw timedOut();
      return bridge.toHost(result);
    } catch (e) {
      if (killed) throw timedOut();
      throw e;
    } finally {
      // An execution's locks end with it ("locks are released when the script finishes").
      for (const [key, held] of env.locks) if (held.execution === execution) env.locks.delete(key);
      env.execution = outer;
      env.context = previous.context;
      env.user = previous.user;
      env.authMode = previous.authMode;
      env.triggerEventType = previous.triggerEventType;
    }
  }

  /** Evaluates an expression in the sandbox (for tests: proves what is and is not global). */
  evaluate(expression: string): unknown {
    return vm.runInContext(expression, this.context);
  }
}
