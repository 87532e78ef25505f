/**
 * The ONE place for code that differs between the two build targets (scripts/build.mjs):
 *   - "bound": the script bound to one Sheet (dist/), pushed with the top-level .clasp.json;
 *   - "addon": the Editor add-on for Sheets (dist-addon/), one script project installed in many
 *     spreadsheets by many users.
 * `__CCHC_TARGET__` is replaced by the build (webpack DefinePlugin), so each bundle carries only
 * its own branch's behaviour; nothing else in src/ may test the target.
 *
 * State that belongs to a spreadsheet (the link secret, the reminder journal, task codes, report
 * numbers…) lives in that spreadsheet's Document Properties in BOTH targets: in the add-on the
 * Script Properties are shared by every installation (two communes would read each other's
 * secret and numbers), and in a bound script the document is the only one the script has, so
 * Document Properties are correct there too (reference: PropertiesService.getDocumentProperties
 * "is only available if the script is published and executing as an add-on or if it is bound to
 * a Google file type", developers.google.com/apps-script/reference/properties/properties-service).
 *
 * The lock differs: a bound script's web app (the signed answer form) has no document lock
 * (LockService.getDocumentLock returns null "outside of the context of a containing document
 * (such as from a standalone script or webapp)"), so the bound target keeps the script lock,
 * which is this spreadsheet's own there. The add-on takes the document lock, so that two
 * communes never block each other.
 */
declare const __CCHC_TARGET__: 'bound' | 'addon';

export type Target = 'bound' | 'addon';

/** Which bundle this is. */
export const TARGET: Target = typeof __CCHC_TARGET__ === 'undefined' ? 'bound' : __CCHC_TARGET__;

/** True in the Editor add-on build. */
export const IS_ADDON = TARGET === 'addon';

/** This spreadsheet's own property store (see above). */
export function spreadsheetProperties(): GoogleAppsScript.Properties.Properties {
  return PropertiesService.getDocumentProperties();
}

/**
 * The lock that serialises writers of this spreadsheet: the script lock in the bound script,
 * the document lock in the add-on. Where the add-on has no document (Apps Script returns null),
 * the user lock is the narrowest one left that still never blocks another commune.
 */
export function spreadsheetLock(): GoogleAppsScript.Lock.Lock {
  if (!IS_ADDON) return LockService.getScriptLock();
  return LockService.getDocumentLock() ?? LockService.getUserLock();
}

/**
 * The bound script retries an incomplete daily reminder run with a one-off trigger an hour
 * later (src/server/reminders.ts); an add-on may have only one time-driven trigger per user and
 * document, and its hourly trigger is what retries there.
 */
export const RETRY_WITH_ONE_OFF_TRIGGER = !IS_ADDON;
