/**
 * Who may call what. The web app (the form behind the links in reminders) executes as the
 * owner and is open to anyone with a link, and google.script.run on its page can call ANY
 * global function of the project. Such a visitor has no active user (Session.getActiveUser()
 * is blank), while a person using the spreadsheet's menu or sidebar has authorised the script
 * and always has one. So every menu action and every sidebar/dialog call requires a signed-in
 * user; the web form's own call (submitAnswer) is public and checks its signed token instead;
 * the time-driven jobs accept their own trigger's event or a signed-in user.
 *
 * "Signed in" is not enough on its own: in a Google Workspace domain, getActiveUser() DOES give
 * the email of a web-app visitor from the owner's domain, while the web app still runs as the
 * owner. Such a visitor may not use the owner's rights either. In the spreadsheet (menu,
 * sidebar, dialog) the script runs as the person using it, so the effective user is the active
 * user; in the web app it is the owner. When the two differ, only a spreadsheet UI context
 * (SpreadsheetApp.getUi() works there and throws in a web app) lets the call through.
 */
import { clean } from '../core/text';
import { UserError } from './sheets';

export const NOT_SIGNED_IN = 'Chức năng này chỉ dùng được từ menu "Theo dõi CCHC" của bảng tính, bởi người có quyền sửa bảng tính.';

export function activeUser(): string {
  return clean(Session.getActiveUser().getEmail());
}

/** Is the script running as `active`, or in the spreadsheet's own UI (not the web app run as the owner)? */
function runsForActiveUser(active: string): boolean {
  const effective = clean(Session.getEffectiveUser().getEmail()).toLowerCase();
  if (effective && effective === active.toLowerCase()) return true;
  try {
    SpreadsheetApp.getUi();
    return true;
  } catch {
    return false;
  }
}

/** The active user's email when the call comes from them in the spreadsheet (or from the owner); else "". */
export function signedInUser(): string {
  const active = activeUser();
  return active && runsForActiveUser(active) ? active : '';
}

export function requireSignedIn(): void {
  if (!signedInUser()) throw new UserError(NOT_SIGNED_IN);
}

/**
 * For time-driven handlers: runs only from one of the project's installed triggers (its event
 * carries the trigger's unique id) or for a signed-in user (the menu, the runner).
 */
export function requireTriggerOrUser(e: unknown): void {
  if (signedInUser()) return;
  const uid = e && typeof e === 'object' ? String((e as { triggerUid?: unknown }).triggerUid ?? '') : '';
  if (uid && ScriptApp.getProjectTriggers().some((t) => t.getUniqueId() === uid)) return;
  throw new UserError(NOT_SIGNED_IN);
}
