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

/**
 * The spreadsheet scope each manifest asks for: the bound script only its own spreadsheet
 * (spreadsheets.currentonly); the add-on `spreadsheets`, as its time-driven runs open the
 * spreadsheet by id (SpreadsheetApp.openById lists only that scope).
 */
export const SHEET_SCOPE = `https://www.googleapis.com/auth/${IS_ADDON ? 'spreadsheets' : 'spreadsheets.currentonly'}`;

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
 * The bound script serves the signed answer form as its web app (when an address is set); an
 * add-on's web app would run as the add-on's developer, who cannot open a commune's sheet, so
 * the add-on answers only through the Google Form (src/server/answerForm.ts).
 */
export const HAS_WEB_APP = !IS_ADDON;

/**
 * Email replies need https://mail.google.com/ (GmailApp has no narrower scope), a restricted
 * scope an add-on should not ask for: they are not part of the add-on (its build replaces
 * src/server/replies.ts by src/server/repliesAddon.ts, see scripts/build.mjs).
 */
export const HAS_EMAIL_REPLIES = !IS_ADDON;

/**
 * The menu: the bound script's own "Theo dõi CCHC" menu, or the add-on's menu under
 * Extensions (its caption is the add-on's name, which Google sets from the listing).
 */
export function newMenu(ui: GoogleAppsScript.Base.Ui, title: string): GoogleAppsScript.Base.Menu {
  return IS_ADDON ? ui.createAddonMenu() : ui.createMenu(title);
}

/**
 * This user's installable triggers of this script in this spreadsheet. A bound script has one
 * spreadsheet, so its project triggers are this spreadsheet's; an add-on's project triggers are
 * the user's triggers in EVERY spreadsheet where they use it, so it asks for this document's only
 * (ScriptApp.getUserTriggers(spreadsheet)) and never touches another spreadsheet's.
 */
export function triggersHere(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): GoogleAppsScript.Script.Trigger[] {
  return IS_ADDON ? ScriptApp.getUserTriggers(ss) : ScriptApp.getProjectTriggers();
}

/** The one time-driven handler of the reminders, in both targets (see scheduleTriggers). */
export const HOURLY_HANDLER = 'runHourly';

/**
 * Creates the time-driven triggers of the reminders: in both targets one hourly trigger, whose
 * handler runs the day's reminders once, from the configured hour on, and again each hour until
 * that day's run completes (src/server/reminders.ts runHourly); the bound script adds the hourly
 * reply reader when email replies are part of the build. The add-on may have only one trigger of
 * each type per user per document, none more often than hourly
 * (developers.google.com/workspace/add-ons/concepts/editor-triggers). The bound script had one
 * daily trigger and a chain of one-off retry triggers before: a failed run whose retry could not
 * be scheduled left the day's reminders to the next morning (docs/faults.md).
 */
export function scheduleTriggers(repliesHandler: string, replies: boolean): void {
  ScriptApp.newTrigger(HOURLY_HANDLER).timeBased().everyHours(1).create();
  if (!IS_ADDON && replies) ScriptApp.newTrigger(repliesHandler).timeBased().everyHours(1).create();
}

/** Where the spreadsheet's id is kept for runs that have no active spreadsheet. */
const SPREADSHEET_ID_PROPERTY = 'cchc.spreadsheetId';

/** Remembers this spreadsheet's id (call from a run that has it: the menu, a sidebar). */
export function rememberSpreadsheet(ss: GoogleAppsScript.Spreadsheet.Spreadsheet): void {
  const id = ss.getId();
  const props = spreadsheetProperties();
  if (props.getProperty(SPREADSHEET_ID_PROPERTY) !== id) props.setProperty(SPREADSHEET_ID_PROPERTY, id);
}

/**
 * The spreadsheet this run works on. An add-on's time-driven run has no active spreadsheet
 * (getActiveSpreadsheet() returns null there): it opens the spreadsheet by the id stored when the
 * trigger was installed, in that document's own properties. Assumption, not tried live: an
 * add-on's time-driven trigger, created in a document, reads that document's properties (its
 * triggers are "associated with the document", ScriptApp.getUserTriggers). See docs/marketplace.md.
 *
 * When it cannot be opened (no stored id, openById failing or giving nothing), the error says so
 * in Vietnamese: it is what the office reads in the execution log and in Google's failure email
 * (runHourly logs it and the next hour tries again), never a TypeError further on.
 */
export function openSpreadsheet(): GoogleAppsScript.Spreadsheet.Spreadsheet {
  const active = SpreadsheetApp.getActiveSpreadsheet();
  if (active) return active;
  const id = spreadsheetProperties().getProperty(SPREADSHEET_ID_PROPERTY);
  let opened: GoogleAppsScript.Spreadsheet.Spreadsheet | null = null;
  let why = 'chưa lưu mã bảng tính';
  try {
    if (id) opened = SpreadsheetApp.openById(id);
  } catch (e) {
    why = e instanceof Error ? e.message : String(e);
  }
  if (!opened) throw new Error(`Không mở được bảng tính theo dõi${id ? ` (${id})` : ''}: ${why}. Lần chạy sau sẽ thử lại; nếu lỗi lặp lại, hãy chọn "Bật/tắt nhắc việc tự động" hai lần.`);
  return opened;
}
