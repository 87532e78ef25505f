/**
 * LockService. Executions run one at a time in the emulator, so contention is staged:
 * `holdLockElsewhere(env, kind, true)` makes a lock "held by another execution", after which
 * tryLock waits out its timeout on `env.clock` and returns false, and waitLock does the same
 * and throws Apps Script's timeout error. getDocumentLock() is null in a web app.
 */
import type { Env } from '../core/env';
import { instrument, registerService } from '../core/calls';
import { exception } from './base';

registerService('LockService', ['LockService', 'Lock']);

export type LockKind = 'script' | 'user' | 'document';

/** Apps Script's message when waitLock times out. */
export const LOCK_TIMEOUT_MESSAGE = 'Lock timeout: another process was holding the lock for too long.';

/** Locks held by "other executions", per env (not persisted: locks end with executions). */
const HELD_ELSEWHERE = new WeakMap<Env, Set<string>>();

function lockKey(env: Env, kind: LockKind): string {
  return kind === 'user' ? `user:${env.user}` : kind;
}

/**
 * Marks a lock as held (or no longer held) by another execution. For `user` the lock is the
 * current `env.user`'s.
 */
export function holdLockElsewhere(env: Env, kind: LockKind, held: boolean): void {
  let set = HELD_ELSEWHERE.get(env);
  if (!set) HELD_ELSEWHERE.set(env, (set = new Set()));
  const key = lockKey(env, kind);
  if (held) set.add(key);
  else set.delete(key);
}

function heldElsewhere(env: Env, key: string): boolean {
  return HELD_ELSEWHERE.get(env)?.has(key) ?? false;
}

function timeout(ms: unknown): number {
  const n = Number(ms);
  if (!Number.isFinite(n)) throw exception(`Cannot convert '${String(ms)}' to int.`);
  return Math.max(0, Math.trunc(n));
}

/**
 * One Lock object. Within one execution every getScriptLock() call returns a new Lock, and the
 * emulator treats them independently: a second Lock of the same kind is acquired at once (no
 * other execution holds it) and releasing it does not release the first. The reference is
 * silent on nested locks in one execution; Apps Script may instead share one lock per execution,
 * in which case an inner releaseLock() would end the outer section's protection too. Code that
 * nests withScriptLock-style sections should not rely on either behaviour.
 */
class FakeLock implements Pick<GoogleAppsScript.Lock.Lock, 'tryLock' | 'waitLock' | 'hasLock' | 'releaseLock'> {
  private _held = false;
  constructor(
    private readonly _env: Env,
    private readonly _key: string,
  ) {}

  private _acquire(ms: number): boolean {
    if (this._held) return true;
    if (heldElsewhere(this._env, this._key)) {
      this._env.clock.advance(ms);
      return false;
    }
    this._held = true;
    return true;
  }

  tryLock(timeoutInMillis: number): boolean {
    return this._acquire(timeout(timeoutInMillis));
  }

  waitLock(timeoutInMillis: number): void {
    if (!this._acquire(timeout(timeoutInMillis))) throw exception(LOCK_TIMEOUT_MESSAGE);
  }

  hasLock(): boolean {
    return this._held;
  }

  /** No effect when the lock was not acquired. */
  releaseLock(): void {
    this._held = false;
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
