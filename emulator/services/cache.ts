/**
 * CacheService: script, user and document caches whose entries expire on `env.clock`.
 * Kept in `env.serviceState('cache')`. Limits as documented for Cache.put: keys up to 250
 * characters, values up to 100 KB, expiration 1 s to 21,600 s (default 600 s), at most 1,000
 * items (above that the 900 entries farthest from expiring are kept).
 */
import type { Env } from '../core/env';
import { instrument, registerService } from '../core/calls';
import { exception } from './base';

registerService('CacheService', ['CacheService', 'Cache']);

export const CACHE_KEY_MAX_CHARS = 250;
export const CACHE_VALUE_MAX_BYTES = 100 * 1024;
export const CACHE_DEFAULT_SECONDS = 600;
export const CACHE_MAX_SECONDS = 21600;
export const CACHE_MAX_ITEMS = 1000;
const CACHE_KEEP_ITEMS = 900;

interface Entry {
  value: string;
  /** ms since epoch. */
  expiresAt: number;
}

type Bucket = Record<string, Entry>;

interface CacheState {
  script: Bucket;
  user: Record<string, Bucket>;
  document: Bucket;
}

function cacheState(env: Env): CacheState {
  return env.serviceState<CacheState>('cache', () => ({ script: {}, user: {}, document: {} }));
}

function checkKey(key: unknown): string {
  const k = String(key);
  if (k.length > CACHE_KEY_MAX_CHARS) throw exception('Argument too large: key');
  return k;
}

/** Seconds as Apps Script reads them: an integer, clamped to 1…21600. */
function expirySeconds(arg: unknown): number {
  if (arg === undefined || arg === null) return CACHE_DEFAULT_SECONDS;
  const n = typeof arg === 'number' ? arg : Number(arg);
  if (typeof arg === 'boolean' || Number.isNaN(n) || (typeof arg === 'string' && arg.trim() === '')) {
    throw exception(`Cannot convert '${String(arg)}' to int.`);
  }
  return Math.min(CACHE_MAX_SECONDS, Math.max(1, Math.trunc(n)));
}

class FakeCache implements Pick<GoogleAppsScript.Cache.Cache, 'get' | 'getAll' | 'put' | 'putAll' | 'remove' | 'removeAll'> {
  constructor(
    private readonly _env: Env,
    private readonly _bucket: () => Bucket,
  ) {}

  /** The bucket without expired entries. */
  private _live(): Bucket {
    const bucket = this._bucket();
    const now = this._env.clock.now();
    for (const [k, e] of Object.entries(bucket)) if (e.expiresAt <= now) delete bucket[k];
    return bucket;
  }

  private _write(values: [string, unknown][], seconds: number): void {
    const checked: [string, string][] = [];
    for (const [key, value] of values) {
      const k = checkKey(key);
      if (value === null || value === undefined) continue;
      const v = String(value);
      if (Buffer.byteLength(v, 'utf8') > CACHE_VALUE_MAX_BYTES) throw exception('Argument too large: value');
      checked.push([k, v]);
    }
    const bucket = this._live();
    const expiresAt = this._env.clock.now() + seconds * 1000;
    for (const [k, v] of checked) bucket[k] = { value: v, expiresAt };
    const keys = Object.keys(bucket);
    if (keys.length > CACHE_MAX_ITEMS) {
      keys.sort((a, b) => bucket[b].expiresAt - bucket[a].expiresAt);
      for (const k of keys.slice(CACHE_KEEP_ITEMS)) delete bucket[k];
    }
  }

  get(key: string): string | null {
    const k = checkKey(key);
    const e = this._live()[k];
    return e ? e.value : null;
  }

  /** The entries found; missing or expired keys are left out. */
  getAll(keys: string[]): { [key: string]: string } {
    const bucket = this._live();
    const out: Record<string, string> = {};
    for (const key of keys ?? []) {
      const k = checkKey(key);
      if (bucket[k]) out[k] = bucket[k].value;
    }
    return out;
  }

  put(key: string, value: string, expirationInSeconds?: number): void {
    this._write([[key, value]], expirySeconds(expirationInSeconds));
  }

  putAll(values: { [key: string]: unknown }, expirationInSeconds?: number): void {
    this._write(Object.entries(values ?? {}), expirySeconds(expirationInSeconds));
  }

  remove(key: string): void {
    delete this._live()[checkKey(key)];
  }

  removeAll(keys: string[]): void {
    const bucket = this._live();
    for (const key of keys ?? []) delete bucket[checkKey(key)];
  }
}

class FakeCacheService implements Pick<GoogleAppsScript.Cache.CacheService, 'getScriptCache' | 'getUserCache' | 'getDocumentCache'> {
  constructor(private readonly _env: Env) {}

  getScriptCache(): GoogleAppsScript.Cache.Cache {
    const env = this._env;
    return cache(env, () => cacheState(env).script);
  }

  getUserCache(): GoogleAppsScript.Cache.Cache {
    const env = this._env;
    const user = env.user;
    return cache(env, () => (cacheState(env).user[user] ??= {}));
  }

  /** null outside a containing document, as in a web app. */
  getDocumentCache(): GoogleAppsScript.Cache.Cache | null {
    const env = this._env;
    if (env.context === 'webapp') return null;
    return cache(env, () => cacheState(env).document);
  }
}

function cache(env: Env, bucket: () => Bucket): GoogleAppsScript.Cache.Cache {
  return instrument(new FakeCache(env, bucket), 'Cache', env) as unknown as GoogleAppsScript.Cache.Cache;
}

export function createCacheService(env: Env): GoogleAppsScript.Cache.CacheService {
  return instrument(new FakeCacheService(env), 'CacheService', env) as unknown as GoogleAppsScript.Cache.CacheService;
}
