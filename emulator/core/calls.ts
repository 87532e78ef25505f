/**
 * Service-call accounting and fault injection for the emulator.
 *
 * Every public method of every fake object is counted under "Class.method"
 * (e.g. "Range.getValues", "SpreadsheetApp.getActiveSpreadsheet"), and each class belongs to
 * one Apps Script service (Range -> SpreadsheetApp), so tests and benchmarks can assert how
 * many calls an operation makes, per method or per service.
 *
 * Faults (Faults.add, Faults.random) make a counted call throw as Apps Script does when Google's
 * servers fail. By default a fault strikes before the call takes effect (nothing was written or
 * sent). Opt-in, a fault strikes after the effect (FaultSpec.when = 'after',
 * RandomFaultSpec.afterShare): the write landed, the property was stored, the email left, and
 * the call throws all the same ("Service Spreadsheets timed out…"), so the script cannot tell.
 */

/** Which Apps Script service each fake class belongs to. Classes not listed count as their own name. */
const SERVICE_OF: Record<string, string> = {};

export function registerService(service: string, classNames: string[]): void {
  for (const c of classNames) SERVICE_OF[c] = service;
}

export function serviceOf(className: string): string {
  return SERVICE_OF[className] ?? className;
}

export class CallLog {
  private counts = new Map<string, number>();
  /** How many calls were recorded since the env was made (never reset): a call's position. */
  sequence = 0;

  record(name: string): void {
    this.sequence++;
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1);
  }

  /** Calls of one method ("Range.getValues"), or 0. */
  count(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  /** All calls, or those of one service ("SpreadsheetApp") when given. */
  total(service?: string): number {
    let n = 0;
    for (const [name, c] of this.counts) {
      if (!service || serviceOf(name.split('.')[0]) === service) n += c;
    }
    return n;
  }

  /** Counts per method, sorted by name. */
  byMethod(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Counts per service. */
  byService(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, c] of this.counts) {
      const s = serviceOf(name.split('.')[0]);
      out[s] = (out[s] ?? 0) + c;
    }
    return out;
  }

  reset(): void {
    this.counts.clear();
  }
}

export interface FaultSpec {
  /** "Class.method", e.g. "MailApp.sendEmail", "LockService.getScriptLock", "Lock.waitLock". */
  method: string;
  /** Throw on the nth call of that method after the fault was added (1-based). Default 1. */
  nth?: number;
  /** How many consecutive calls throw from the nth on. Default 1; Infinity for all. */
  times?: number;
  /** The error message. Default: an Apps Script-like "Service error". */
  message?: string;
  /**
   * When the call throws. 'before' (default): before it takes effect, so nothing happened.
   * 'after': once it took effect (the value written, the property stored, the email in the
   * outbox), as a real service sometimes fails when its answer is lost on the way back; the
   * call's result is dropped and the caller cannot tell the effect from no effect.
   */
  when?: FaultTiming;
}

/** Whether an injected fault strikes before the call takes effect, or after it did. */
export type FaultTiming = 'before' | 'after';

interface ActiveFault extends Required<FaultSpec> {
  seen: number;
  fired: number;
}

/**
 * Faults at random calls (a fault sweep): each counted call of a service that talks to Google's
 * servers fails with probability `rate`, drawn from `random` (a seeded generator keeps a sweep
 * reproducible). The error is one Apps Script throws for a transient server failure.
 */
export interface RandomFaultSpec {
  /** Probability that a call fails, 0..1 (0.02: one call in fifty). */
  rate: number;
  /** A generator of numbers in [0, 1). */
  random: () => number;
  /** Which calls may fail; default: every call but local helpers (see LOCAL_SERVICES). */
  applies?: (method: string) => boolean;
  /**
   * The share of the random faults, 0..1, that strike after the call took effect (see
   * FaultSpec.when): a write that landed, a property stored, an email sent, and then the error.
   * Default 0: every fault strikes before, and no extra number is drawn from `random`, so a
   * seed gives the same faults as before this option existed.
   */
  afterShare?: number;
}

/**
 * Classes whose methods run inside the script's own process in Apps Script (no server round
 * trip: formatting, logging, the HTML template engine, enums): a random fault never hits them.
 */
const LOCAL_CLASSES = new Set(['Utilities', 'Logger', 'console', 'HtmlService', 'HtmlTemplate', 'HtmlOutput', 'Blob', 'Session', 'User', 'Menu', 'Ui']);

/**
 * The message of a transient failure of `method`'s service, as Apps Script words it. The
 * Spreadsheet and Properties texts are those Apps Script gives when its backend fails a call;
 * the others get its generic server error (seen for MailApp, GmailApp, ScriptApp and LockService).
 */
export function transientFaultMessage(method: string, when: FaultTiming = 'before'): string {
  const [cls, name] = method.split('.');
  const service = serviceOf(cls);
  if (service === 'SpreadsheetApp') return 'Service Spreadsheets timed out while accessing document with id 1cchcTrackerSweep.';
  if (service === 'PropertiesService') return `Unexpected error while getting the method or property ${name} on object PropertiesService.Properties.`;
  // A lock timeout means the lock was not taken: a failure after it was taken is a server error.
  if (method === 'Lock.waitLock' && when === 'before') return 'Lock timeout: another process was holding the lock for too long.';
  return "We're sorry, a server error occurred. Please wait a bit and try again.";
}

export class Faults {
  private active: ActiveFault[] = [];
  private randomSpec: RandomFaultSpec | null = null;
  /** While true, random faults do not fire (a person's own edit in the Sheet between two calls). */
  paused = false;
  /**
   * Called when a fault strikes after the effect, once the call has run and just before it
   * throws (a sweep notes, e.g., which email in the outbox left although its send threw).
   */
  onAfterEffect: ((method: string, sequence: number) => void) | null = null;
  /** How many random faults fired, at which calls, and whether before or after the effect. */
  readonly injected: { method: string; sequence: number; when: FaultTiming }[] = [];

  /** Starts (or, with null, stops) random faults. */
  random(spec: RandomFaultSpec | null): void {
    this.randomSpec = spec;
  }

  add(spec: FaultSpec): void {
    this.active.push({
      method: spec.method,
      nth: spec.nth ?? 1,
      times: spec.times ?? 1,
      message: spec.message ?? `Exception: Service error: ${spec.method} (fault injected by the emulator)`,
      when: spec.when ?? 'before',
      seen: 0,
      fired: 0,
    });
  }

  /** Removes the counted faults (add) and stops random ones. */
  clear(): void {
    this.active = [];
    this.randomSpec = null;
  }

  /**
   * Called before each counted method (`sequence`: its position): throws when a fault is due
   * before the effect. A fault due after the effect is returned instead, for the caller to throw
   * once the method has run (instrument() does; a method that throws on its own throws its own
   * error); null when none is due.
   */
  check(method: string, sequence = 0): Error | null {
    const r = this.randomSpec;
    if (r && !this.paused && (r.applies ? r.applies(method) : !LOCAL_CLASSES.has(method.split('.')[0])) && r.random() < r.rate) {
      // The second draw only when after-effect faults were asked for (a seed's faults stay the same).
      const when: FaultTiming = r.afterShare && r.afterShare > 0 && r.random() < r.afterShare ? 'after' : 'before';
      this.injected.push({ method, sequence, when });
      const e = new Error(transientFaultMessage(method, when));
      e.name = 'Exception';
      if (when === 'after') return e;
      throw e;
    }
    for (const f of this.active) {
      if (f.method !== method) continue;
      f.seen++;
      if (f.seen >= f.nth && f.fired < f.times) {
        f.fired++;
        if (f.when === 'after') return new Error(f.message);
        throw new Error(f.message);
      }
    }
    return null;
  }
}

/**
 * Converts values crossing between the sandbox's realm and Node's: arrays, plain objects,
 * Dates and errors are re-created in the other realm so that `instanceof Date` and
 * `Array.isArray` hold on both sides, as they do in Apps Script.
 */
export interface RealmBridge {
  /** From the sandbox into the emulator (arguments). */
  toHost(value: unknown): unknown;
  /** From the emulator into the sandbox (results). */
  toSandbox(value: unknown): unknown;
  /** An emulator error re-created as the sandbox realm's Error. */
  error(e: unknown): unknown;
}

/**
 * Runs before a counted call, at the boundary between two service calls of an execution: what
 * happens there (a person's edit in the Sheet, another execution run to its end) happens
 * between the previous call and this one. `sequence` is the position the call is about to take
 * (CallLog.sequence + 1). While the hook runs it is switched off, so calls it makes itself do
 * not call it again.
 */
export type CallBoundaryHook = (name: string, sequence: number) => void;

export interface Instrumentation {
  calls: CallLog;
  faults: Faults;
  /** See CallBoundaryHook; null or absent: nothing happens between calls. */
  beforeCall?: CallBoundaryHook | null;
  /** Set by the sandbox; absent when services are used directly from Node (unit tests). */
  bridge?: RealmBridge | null;
  /** Before each counted call (execution time limits: may throw). */
  beforeService?(name: string): void;
  /** After each counted call returned (its latency; may throw when past the time limit). */
  afterService?(name: string): void;
}

const RAW = Symbol('emulator.raw');

/**
 * Wraps a fake so that each call of a method is counted as "className.method" and checked
 * against injected faults. Internal calls between the fake's own methods (made on the raw
 * object) are not counted, as they would not be remote calls in Apps Script.
 * Properties starting with "_" are the emulator's own and are neither counted nor exposed
 * to the sandbox's enumeration.
 */
export function instrument<T extends object>(target: T, className: string, inst: Instrumentation): T {
  const wrappers = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(obj, prop, receiver) {
      if (prop === RAW) return obj;
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== 'function' || typeof prop !== 'string' || prop.startsWith('_') || prop === 'constructor') {
        return value;
      }
      let w = wrappers.get(prop);
      if (!w) {
        const name = `${className}.${prop}`;
        w = function (this: unknown, ...args: unknown[]) {
          const hook = inst.beforeCall;
          if (hook) {
            inst.beforeCall = null;
            try {
              hook(name, inst.calls.sequence + 1);
            } finally {
              inst.beforeCall = hook;
            }
          }
          const bridge = inst.bridge;
          inst.calls.record(name);
          const sequence = inst.calls.sequence;
          if (!bridge) {
            inst.beforeService?.(name);
            const afterEffect = inst.faults.check(name, sequence);
            const result = (value as (...a: unknown[]) => unknown).apply(obj, args);
            inst.afterService?.(name);
            if (afterEffect) {
              inst.faults.onAfterEffect?.(name, sequence);
              throw afterEffect;
            }
            return result;
          }
          try {
            inst.beforeService?.(name);
            const afterEffect = inst.faults.check(name, sequence);
            const result = (value as (...a: unknown[]) => unknown).apply(obj, args.map((a) => bridge.toHost(a)));
            inst.afterService?.(name);
            // A fault after the effect: the call ran (its effect stands), its result is lost.
            if (afterEffect) {
              inst.faults.onAfterEffect?.(name, sequence);
              throw afterEffect;
            }
            return bridge.toSandbox(result);
          } catch (e) {
            throw bridge.error(e);
          }
        };
        Object.defineProperty(w, 'name', { value: prop });
        wrappers.set(prop, w);
      }
      return w;
    },
  });
}

/** The object behind an instrumented proxy (or the object itself). */
export function raw<T extends object>(maybeProxy: T): T {
  return ((maybeProxy as Record<symbol, unknown>)[RAW] as T) ?? maybeProxy;
}
