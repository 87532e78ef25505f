/** webpack's `global` (the Apps Script global object); only src/server/main.ts assigns to it. */
declare const global: Record<string, unknown>;

/**
 * What @types/google-apps-script does not have yet (reference:
 * developers.google.com/apps-script/reference/script/script-app#getAuthorizationInfo(AuthMode,String)
 * and authorization-info#getAuthorizedScopes()).
 */
declare namespace GoogleAppsScript {
  namespace Script {
    interface AuthorizationInfo {
      getAuthorizedScopes(): string[] | null;
    }
    interface ScriptApp {
      getAuthorizationInfo(authMode: AuthMode, oAuthScopes: string[]): AuthorizationInfo;
    }
  }
}
