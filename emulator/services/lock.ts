/**
 * LockService. A lock belongs to the execution that acquired it (env.locks): another execution
 * (a Sandbox.call started while this one runs, e.g. from a beforeCall hook, so the two overlap)
 * that asks for it waits out its timeout on `env.clock` and fails: tryLock returns false,
 * waitLock throws Apps Script's timeout error. Executions run on one thread here, so the one
 * waiting cannot see the holder finish first: an overlapping execution that needs a held lock is
 * always refused, which is the outcome of the holder keeping it longer than the timeout.
 * `holdLockElsewhere(env, kind, true)` stages a lock held by an execution outside the emulator.
 * Locks end with their execution (reference, Lock.releaseLock: "the lock is automatically
 * released when the script terminates", developers.google.com/apps-script/reference/lock/lock).
 * getDocumentLock() is null in a web app.
 */
import type { Env } from '../core/env';
import { instrument, registerService } from '../core/calls';
import { exception } from './base';

registerService('LockService', ['LockService', 'Lock']);

export type LockKind = 'script' | 'user' | 'document';

/** Apps Script's message when waitLock times out. */
export const LOCK_TIMEOUT_MESSAGE = 'Lock timeout: another process was holding the lock for too long.';

/** The execution id standing for "an execution outside the emulator" (holdLockElsewhere). */
const ELSEWHERE = -1;

function lockKey(env: Env, kind: LockKind): string {
  return kind === 'user' ? `user:${env.user}` : kind;
}

/**
 * Marks a lock as held (or no longer held) by another execution. For `user` the lock is the
 * current `env.user`'s.
 */
export function holdLockElsewhere(env: Env, kind: LockKind, held: boolean): void {
  const key = lockKey(env, kind);
  if (held) env.locks.set(key, { execution: ELSEWHERE, holders: 1 });
  else if (env.locks.get(key)?.execution === ELSEWHERE) env.locks.delete(key);
}

/** Which execution holds a lock now (undefined: free). For tests. */
export function lockHolder(env: Env, kind: LockKind): number | undefined {
  return env.locks.get(lockKey(env, kind))?.execution;
}

function timeout(ms: unknown): number {
  const n = Number(ms);
  if (!Number.isFinite(n)) throw exception(`Cannot convert '${String(ms)}' to int.`);
  return Math.max(0, Math.trunc(n));
}

/**
 * One Lock object. Within one execution every getScriptLock() call returns a new Lock, and the
 * emulator treats them independently: a second Lock of the same kind is acquired at once (the
 * execution already holds it) and releasing it does not release the first. The reference is
 * silent on nested locks in one execution; Apps Script may instead share one lock per execution,
 * in which case an inner releaseLock() would end the outer section's protection too. Code that
 * nests withScriptLock-style sections should not rely on either behaviour.
 */
class FakeLock implements Pick<GoogleAppsScript.Lock.Lock, 'tryLock' | 'waitLock' | 'hasLock' | 'releaseLock'> {
  private _held = false;
  private _execution = 0;
  constructor(
    private readonly _env: Env,
    private readonly _key: string,
  ) {}

  private _holding(): boolean {
    // A lock of an execution that ended was released with it.
    return this._held && this._env.locks.get(this._key)?.execution === this._execution;
  }

  private _acquire(ms: number): boolean {
    if (this._holding()) return true;
    this._held = false;
    const env = this._env;
    const current = env.locks.get(this._key);
    if (current && current.execution !== env.execution) {
      env.clock.advance(ms);
      return false;
    }
    if (current) current.holders++;
    else env.locks.set(this._key, { execution: env.execution, holders: 1 });
    this._held = true;
    this._execution = env.execution;
    return true;
  }

  tryLock(timeoutInMillis: number): boolean {
    return this._acquire(timeout(timeoutInMillis));
  }

  waitLock(timeoutInMillis: number): void {
    if (!this._acquire(timeout(timeoutInMillis))) throw exception(LOCK_TIMEOUT_MESSAGE);
  }

  hasLock(): boolean {
    return this._holding();
  }

  /** No effect when the lock was not acquired. */
  releaseLock(): void {
    if (!this._holding()) {
      this._held = false;
      return;
    }
    this._held = false;
    const current = this._env.locks.get(this._key)!;
    if (--current.holders <= 0) this._env.locks.delete(this._key);
  }
}

class FakeLockService implements Pick<GoogleAppsScript.Lock.LockService, 'getScriptLock' | 'getUserLock' | 'getDocumentLock'> {
  constructor(private readonly _env: Env) {}

  getScriptLock(): GoogleAppsScript.Lock.Lock {
    return lock(this._env, 'script');
  }

  getUserLock(): GoogleAppsScript.Lock.Lock {
    return lock(this._env, 'user');
  }

  /** null outside a containing document (a web app). */
  getDocumentLock(): GoogleAppsScript.Lock.Lock {
    if (this._env.context === 'webapp') return null as unknown as GoogleAppsScript.Lock.Lock;
    return lock(this._env, 'document');
  }
}

function lock(env: Env, kind: LockKind): GoogleAppsScript.Lock.Lock {
  return instrument(new FakeLock(env, lockKey(env, kind)), 'Lock', env) as unknown as GoogleAppsScript.Lock.Lock;
}

export function createLockService(env: Env): GoogleAppsScript.Lock.LockService {
  return instrument(new FakeLockService(env), 'LockService', env) as unknown as GoogleAppsScript.Lock.LockService;
}
