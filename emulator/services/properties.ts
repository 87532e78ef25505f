/**
 * PropertiesService: script, user (per `env.user`) and document stores kept in `env.state`,
 * so they persist with the emulated project. Values are strings; the documented limits
 * (9 KB a value, 500 KB a store) throw Apps Script's quota error.
 */
import type { Env } from '../core/env';
import { instrument, registerService } from '../core/calls';
import { exception, wrap, type SelfAware } from './base';

registerService('PropertiesService', ['PropertiesService', 'Properties']);

/** Documented limits (developers.google.com/apps-script/guides/services/quotas). */
export const PROPERTY_VALUE_LIMIT_BYTES = 9 * 1024;
export const PROPERTY_STORE_LIMIT_BYTES = 500 * 1024;

/** What Apps Script throws when a value or a store is over its limit. */
export const PROPERTY_QUOTA_MESSAGE =
  'You have exceeded the property storage quota. Please remove some properties and try again.';

type Store = Record<string, string>;

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

function storeSize(store: Store): number {
  let n = 0;
  for (const [k, v] of Object.entries(store)) n += utf8(k) + utf8(v);
  return n;
}

type PropertiesMethods =
  | 'getProperty'
  | 'setProperty'
  | 'setProperties'
  | 'getProperties'
  | 'getKeys'
  | 'deleteProperty'
  | 'deleteAllProperties';

class FakeProperties implements Pick<GoogleAppsScript.Properties.Properties, PropertiesMethods>, SelfAware {
  _self: unknown = this;
  constructor(private readonly _store: () => Store) {}

  private _out(): GoogleAppsScript.Properties.Properties {
    return this._self as GoogleAppsScript.Properties.Properties;
  }

  /** Replaces the store's content after checking the limits; nothing changes when over. */
  private _commit(next: Store): void {
    for (const v of Object.values(next)) {
      if (utf8(v) > PROPERTY_VALUE_LIMIT_BYTES) throw exception(PROPERTY_QUOTA_MESSAGE);
    }
    if (storeSize(next) > PROPERTY_STORE_LIMIT_BYTES) throw exception(PROPERTY_QUOTA_MESSAGE);
    const store = this._store();
    for (const k of Object.keys(store)) delete store[k];
    Object.assign(store, next);
  }

  getProperty(key: string): string | null {
    const store = this._store();
    const k = String(key);
    return Object.prototype.hasOwnProperty.call(store, k) ? store[k] : null;
  }

  setProperty(key: string, value: string): GoogleAppsScript.Properties.Properties {
    this._commit({ ...this._store(), [String(key)]: String(value) });
    return this._out();
  }

  setProperties(properties: { [key: string]: string }, deleteAllOthers?: boolean): GoogleAppsScript.Properties.Properties {
    const base: Store = deleteAllOthers ? {} : { ...this._store() };
    for (const [k, v] of Object.entries(properties ?? {})) base[k] = String(v);
    this._commit(base);
    return this._out();
  }

  /** A copy: changing it does not change the store. */
  getProperties(): { [key: string]: string } {
    return { ...this._store() };
  }

  getKeys(): string[] {
    return Object.keys(this._store());
  }

  deleteProperty(key: string): GoogleAppsScript.Properties.Properties {
    delete this._store()[String(key)];
    return this._out();
  }

  deleteAllProperties(): GoogleAppsScript.Properties.Properties {
    const store = this._store();
    for (const k of Object.keys(store)) delete store[k];
    return this._out();
  }
}

class FakePropertiesService
  implements Pick<GoogleAppsScript.Properties.PropertiesService, 'getScriptProperties' | 'getUserProperties' | 'getDocumentProperties'>
{
  constructor(private readonly _env: Env) {}

  getScriptProperties(): GoogleAppsScript.Properties.Properties {
    const env = this._env;
    return props(env, () => env.state.scriptProperties);
  }

  /** The store of the user running the script now (`env.user`, "" when anonymous). */
  getUserProperties(): GoogleAppsScript.Properties.Properties {
    const env = this._env;
    const user = env.user;
    return props(env, () => (env.state.userProperties[user] ??= {}));
  }

  getDocumentProperties(): GoogleAppsScript.Properties.Properties {
    const env = this._env;
    return props(env, () => env.state.documentProperties);
  }
}

function props(env: Env, store: () => Store): GoogleAppsScript.Properties.Properties {
  return wrap(new FakeProperties(store), 'Properties', env) as unknown as GoogleAppsScript.Properties.Properties;
}

export function createPropertiesService(env: Env): GoogleAppsScript.Properties.PropertiesService {
  return instrument(new FakePropertiesService(env), 'PropertiesService', env) as unknown as GoogleAppsScript.Properties.PropertiesService;
}
