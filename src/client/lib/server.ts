/**
 * The one way client pages call the server: a typed promise wrapper around google.script.run.
 * `server.submitProgress(entry)` returns a Promise of the server function's result, typed by
 * the contract in src/shared/rpc.ts. google.script.run allows at most 10 concurrent calls;
 * calls beyond that wait here in a queue.
 */
import type { ServerFunctions } from '../../shared/rpc';

interface ScriptRunner {
  withSuccessHandler(f: (value: unknown) => void): ScriptRunner;
  withFailureHandler(f: (error: Error) => void): ScriptRunner;
  [name: string]: unknown;
}

declare global {
  interface Window {
    google?: { script: { run: ScriptRunner; host: { close(): void } } };
  }
}

type Promised<F> = F extends (...args: infer A) => infer R ? (...args: A) => Promise<R> : never;
export type Server = { [K in keyof ServerFunctions]: Promised<ServerFunctions[K]> };

const MAX_CONCURRENT = 10;
let running = 0;
const waiting: (() => void)[] = [];

function slot(): Promise<void> {
  if (running < MAX_CONCURRENT) {
    running++;
    return Promise.resolve();
  }
  return new Promise((resolve) => waiting.push(() => (running++, resolve())));
}

function release(): void {
  running--;
  waiting.shift()?.();
}

export function call<K extends keyof ServerFunctions>(name: K, ...args: Parameters<ServerFunctions[K]>): Promise<ReturnType<ServerFunctions[K]>> {
  return slot().then(
    () =>
      new Promise<ReturnType<ServerFunctions[K]>>((resolve, reject) => {
        const run = window.google?.script.run;
        if (!run) {
          release();
          reject(new Error('Trang này cần được mở từ bảng tính (google.script.run không có sẵn).'));
          return;
        }
        const runner = run
          .withSuccessHandler((v) => {
            release();
            resolve(v as ReturnType<ServerFunctions[K]>);
          })
          .withFailureHandler((e) => {
            release();
            reject(e);
          });
        (runner[name] as (...a: unknown[]) => void)(...args);
      }),
  );
}

export const server: Server = new Proxy({} as Server, {
  get: (_target, name: string) => (...args: unknown[]) => (call as (n: string, ...a: unknown[]) => Promise<unknown>)(name, ...args),
});

/** A user-facing message for a failed call. */
export function failureMessage(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.replace(/^(Exception|Error|UserError):\s*/, '') || 'Có lỗi xảy ra, vui lòng thử lại.';
}
