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

  /**
   * In a simple trigger (AuthMode.LIMITED) of a consumer account, the active user is blank for
   * anyone but the script's owner (reference, Session.getActiveUser: "…if the security policies
   * do not grant access to the user's identity, User.getEmail() returns a blank string… for
   * example, in a simple trigger… when the user is not the owner", consumer accounts; within
   * one Google Workspace domain the address is given).
   */
  getActiveUser(): GoogleAppsScript.Base.User {
    const env = this._env;
    const me = env.user;
    const sameDomain = (a: string, b: string) => a.split('@')[1]?.toLowerCase() === b.split('@')[1]?.toLowerCase();
    const consumer = /@(gmail|googlemail)\.com$/i.test(me);
    if (env.authMode === 'LIMITED' && me && me.toLowerCase() !== env.owner.toLowerCase() && (consumer || !sameDomain(me, env.owner))) return user(env, '');
    return user(env, me);
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
