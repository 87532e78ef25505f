/**
 * Session: who runs the script (`env.user`, "" for anonymous web-app visitors), whom it runs
 * as (`env.effectiveUser()`: the owner in the web app, else the user running it, which for an
 * installable trigger is its creator), the script's time zone and the user's locale (Vietnamese).
 */
import { createHash } from 'node:crypto';
import type { Env } from '../core/env';
import { instrument, registerService } from '../core/calls';

registerService('Session', ['Session', 'User']);

export const ACTIVE_USER_LOCALE = 'vi';

class FakeUser implements Pick<GoogleAppsScript.Base.User, 'getEmail'> {
  constructor(private readonly _email: string) {}

  getEmail(): string {
    return this._email;
  }
}

type SessionMethods = 'getActiveUser' | 'getEffectiveUser' | 'getScriptTimeZone' | 'getTemporaryActiveUserKey' | 'getActiveUserLocale';

class FakeSession implements Pick<GoogleAppsScript.Base.Session, SessionMethods> {
  constructor(private readonly _env: Env) {}

  getActiveUser(): GoogleAppsScript.Base.User {
    return user(this._env, this._env.user);
  }

  getEffectiveUser(): GoogleAppsScript.Base.User {
    return user(this._env, this._env.effectiveUser());
  }

  getScriptTimeZone(): string {
    return this._env.timeZone;
  }

  /** An opaque key, the same for one user of this script every time. */
  getTemporaryActiveUserKey(): string {
    return createHash('sha256').update(`cchc-emulator:${this._env.user}`).digest('base64url').slice(0, 43);
  }

  getActiveUserLocale(): string {
    return ACTIVE_USER_LOCALE;
  }
}

function user(env: Env, email: string): GoogleAppsScript.Base.User {
  return instrument(new FakeUser(email), 'User', env) as unknown as GoogleAppsScript.Base.User;
}

export function createSession(env: Env): GoogleAppsScript.Base.Session {
  return instrument(new FakeSession(env), 'Session', env) as unknown as GoogleAppsScript.Base.Session;
}
