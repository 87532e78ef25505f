/**
 * Logger and console, plus the small helpers every fake of this folder shares: Apps Script's
 * error shape, enums, Java-style string formatting and the instrumented-self pattern.
 */
import { formatWithOptions } from 'node:util';
import type { Env } from '../core/env';
import { instrument, registerService } from '../core/calls';
import { formatDateJava } from './utilities';

registerService('Logger', ['Logger']);
registerService('console', ['console']);

/**
 * An error as Apps Script throws it: `e.message` is the bare message and `String(e)` reads
 * "Exception: <message>".
 */
export function exception(message: string): Error {
  const e = new Error(message);
  e.name = 'Exception';
  return e;
}

/** Apps Script's refusal of a call that needs authorisation the execution does not have. */
export function permissionDenied(call: string, scope: string): string {
  return `You do not have permission to call ${call}. Required permissions: ${scope}`;
}

/** Apps Script's message for an argument it rejects ("Invalid argument: key"). */
export function invalidArgument(name: string): Error {
  return exception(`Invalid argument: ${name}`);
}

/**
 * An Apps Script enum: each value is its own name, so `String(x)` and `==` comparisons
 * behave as with the real enums ("CLOCK" == ScriptApp.EventType.CLOCK).
 */
export function enumOf<const K extends string>(names: readonly K[]): { readonly [P in K]: P } {
  const out = {} as { [P in K]: P };
  for (const n of names) out[n] = n;
  return Object.freeze(out);
}

/** Fakes whose methods return themselves keep their instrumented proxy here. */
export interface SelfAware {
  _self: unknown;
}

/** Instruments a fake and remembers the proxy, so chained calls stay counted. */
export function wrap<T extends SelfAware>(obj: T, className: string, env: Env): T {
  const proxy = instrument(obj, className, env);
  obj._self = proxy;
  return proxy;
}

/** A value as Java's `String.valueOf` shows it in Apps Script logs: `{key=value}`, `[a, b]`. */
export function javaString(v: unknown, depth = 0): string {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (typeof v === 'string') return v;
  if (typeof v !== 'object') return String(v);
  if (depth > 5) return '...';
  if (Array.isArray(v)) return `[${v.map((x) => javaString(x, depth + 1)).join(', ')}]`;
  if (isDate(v)) return String(v);
  const proto = Object.getPrototypeOf(v);
  if (proto === null || proto === Object.prototype || proto?.constructor?.name === 'Object') {
    return `{${Object.entries(v as Record<string, unknown>)
      .map(([k, x]) => `${k}=${javaString(x, depth + 1)}`)
      .join(', ')}}`;
  }
  return String(v);
}

/** Is this a Date, from this realm or the sandbox's? */
export function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

const FORMAT_RE = /%(\d+\$)?([-#+ 0,(]*)(\d+)?(\.\d+)?([a-zA-Z%])/g;

/**
 * Java's `String.format` for the conversions scripts use: %s %S %d %f %e %x %X %o %c %b %%
 * %n, with flags (- 0 + space ,), width, precision and explicit indexes (%2$s). What
 * Utilities.formatString and Logger.log(format, values) do.
 */
export function javaFormat(template: string, args: unknown[]): string {
  let next = 0;
  return String(template).replace(FORMAT_RE, (_whole, index: string | undefined, flags: string, width: string | undefined, precision: string | undefined, conv: string) => {
    if (conv === '%') return pad('%', width, flags);
    if (conv === 'n') return '\n';
    const arg = index ? args[Number(index.slice(0, -1)) - 1] : args[next++];
    const prec = precision !== undefined ? Number(precision.slice(1)) : undefined;
    let out: string;
    switch (conv) {
      case 's':
      case 'S': {
        out = javaString(arg);
        if (prec !== undefined) out = out.slice(0, prec);
        if (conv === 'S') out = out.toUpperCase();
        break;
      }
      case 'b':
      case 'B':
        out = String(arg !== null && arg !== undefined && arg !== false);
        if (conv === 'B') out = out.toUpperCase();
        break;
      case 'c':
        out = typeof arg === 'number' ? String.fromCodePoint(arg) : String(arg ?? 'null').charAt(0);
        break;
      case 'd': {
        const n = Number(arg);
        if (!Number.isInteger(n)) throw exception(`d != ${typeof arg === 'number' ? 'java.lang.Double' : 'java.lang.String'}`);
        out = signed(groupDigits(String(Math.abs(n)), flags), n < 0, flags);
        break;
      }
      case 'f':
      case 'e':
      case 'E': {
        const n = Number(arg);
        if (Number.isNaN(n) && typeof arg !== 'number') throw exception(`${conv} != java.lang.String`);
        const p = prec ?? 6;
        let body: string;
        if (!Number.isFinite(n)) body = Number.isNaN(n) ? 'NaN' : 'Infinity';
        else if (conv === 'f') body = groupDigits(toFixedHalfUp(Math.abs(n), p), flags);
        else body = javaExponent(Math.abs(n).toExponential(p));
        if (conv === 'E') body = body.toUpperCase();
        out = signed(body, n < 0 || Object.is(n, -0), flags);
        break;
      }
      case 'x':
      case 'X':
      case 'o': {
        const n = Number(arg);
        if (!Number.isInteger(n)) throw exception(`${conv} != java.lang.Double`);
        const u = n < 0 ? (n >>> 0) : n;
        out = u.toString(conv === 'o' ? 8 : 16);
        if (conv === 'X') out = out.toUpperCase();
        break;
      }
      default:
        throw exception(`Conversion = '${conv}'`);
    }
    return pad(out, width, flags);
  });
}

/**
 * Java rounds %f HALF_UP on the number's shortest decimal form ("%.2f" of 1.005 is "1.01"),
 * where JavaScript's toFixed rounds the binary value ("1.00").
 */
function toFixedHalfUp(abs: number, digits: number): string {
  const text = String(abs);
  if (/e/i.test(text)) return abs.toFixed(digits);
  const [whole, frac = ''] = text.split('.');
  if (frac.length <= digits) return digits === 0 ? whole : `${whole}.${frac.padEnd(digits, '0')}`;
  const keep = whole + frac.slice(0, digits);
  let rounded = (BigInt(keep) + (Number(frac[digits]) >= 5 ? 1n : 0n)).toString().padStart(keep.length, '0');
  if (digits === 0) return rounded;
  rounded = rounded.padStart(digits + 1, '0');
  return `${rounded.slice(0, -digits)}.${rounded.slice(-digits)}`;
}

function groupDigits(digits: string, flags: string): string {
  if (!flags.includes(',')) return digits;
  const [whole, frac] = digits.split('.');
  const g = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return frac !== undefined ? `${g}.${frac}` : g;
}

function javaExponent(s: string): string {
  // JS "1.5e+2" -> Java "1.5e+02"
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function signed(body: string, negative: boolean, flags: string): string {
  if (negative) return flags.includes('(') ? `(${body})` : `-${body}`;
  if (flags.includes('+')) return `+${body}`;
  if (flags.includes(' ')) return ` ${body}`;
  return body;
}

function pad(s: string, width: string | undefined, flags: string): string {
  const w = width ? Number(width) : 0;
  if (s.length >= w) return s;
  if (flags.includes('-')) return s.padEnd(w, ' ');
  if (flags.includes('0')) {
    const m = /^([+\- ]?)(.*)$/.exec(s) as RegExpExecArray;
    return m[1] + m[2].padStart(w - m[1].length, '0');
  }
  return s.padStart(w, ' ');
}

// ---------------------------------------------------------------------------------------
// Logger

const LOGGER_BUFFER = new WeakMap<Env, string[]>();

function loggerBuffer(env: Env): string[] {
  let b = LOGGER_BUFFER.get(env);
  if (!b) LOGGER_BUFFER.set(env, (b = []));
  return b;
}

class FakeLogger implements Pick<GoogleAppsScript.Base.Logger, 'clear' | 'getLog' | 'log'>, SelfAware {
  _self: unknown = this;
  constructor(private readonly _env: Env) {}

  log(data: unknown, ...values: unknown[]): GoogleAppsScript.Base.Logger {
    let message: string;
    if (values.length > 0 && typeof data === 'string') message = javaFormat(data, values);
    else if (data !== null && typeof data === 'object' && !Array.isArray(data) && 'message' in data) {
      message = javaString((data as { message: unknown }).message);
    } else message = javaString(data);
    const env = this._env;
    env.logs.push({ level: 'info', message });
    const stamp = formatDateJava(new Date(env.clock.now()), env.timeZone, 'yy-MM-dd HH:mm:ss:SSS z');
    loggerBuffer(env).push(`[${stamp}] ${message}`);
    return this._self as GoogleAppsScript.Base.Logger;
  }

  /** The messages logged with Logger in this execution, one "[timestamp] message" a line. */
  getLog(): string {
    return loggerBuffer(this._env)
      .map((l) => `${l}\n`)
      .join('');
  }

  clear(): void {
    loggerBuffer(this._env).length = 0;
  }
}

export function createLogger(env: Env): GoogleAppsScript.Base.Logger {
  return wrap(new FakeLogger(env), 'Logger', env) as unknown as GoogleAppsScript.Base.Logger;
}

// ---------------------------------------------------------------------------------------
// console

type ConsoleMethods = 'log' | 'info' | 'warn' | 'error' | 'time' | 'timeEnd';

class FakeConsole implements Pick<Console, ConsoleMethods> {
  private readonly _timers = new Map<string, number>();
  constructor(private readonly _env: Env) {}

  private _write(level: string, args: unknown[]): void {
    const message = formatWithOptions({ depth: 4, breakLength: Infinity }, ...args);
    this._env.logs.push({ level, message });
  }

  log(...args: unknown[]): void {
    this._write('info', args);
  }

  info(...args: unknown[]): void {
    this._write('info', args);
  }

  warn(...args: unknown[]): void {
    this._write('warn', args);
  }

  error(...args: unknown[]): void {
    this._write('error', args);
  }

  debug(...args: unknown[]): void {
    this._write('debug', args);
  }

  time(label = 'default'): void {
    this._timers.set(String(label), this._env.clock.now());
  }

  /** Logs "label: Nms" measured on the emulator's clock. */
  timeEnd(label = 'default'): void {
    const start = this._timers.get(String(label));
    if (start === undefined) return;
    this._timers.delete(String(label));
    this._write('info', [`${label}: ${this._env.clock.now() - start}ms`]);
  }
}

/** Apps Script's `console` (Cloud Logging): every call appends to `env.logs`. */
export function createConsole(env: Env): Console {
  return instrument(new FakeConsole(env), 'console', env) as unknown as Console;
}
