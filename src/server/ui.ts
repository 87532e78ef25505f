/**
 * Menu actions never throw at the user: an error becomes a Vietnamese alert (and a log line
 * for the maintainer), and the function returns null.
 */
import { UserError } from './sheets';
import { requireSignedIn } from './access';

export function userMessage(e: unknown): string {
  if (e instanceof UserError) return e.message;
  const msg = e instanceof Error ? e.message : String(e);
  return `Đã xảy ra lỗi: ${msg}\nDữ liệu đã có trong bảng không bị xóa. Vui lòng thử lại; nếu vẫn lỗi, hãy báo cho người quản trị bảng tính.`;
}

/** Runs a menu action; shows what went wrong instead of throwing. */
export function menuAction<T>(name: string, fn: () => T): T | null {
  try {
    requireSignedIn();
    return fn();
  } catch (e) {
    console.error(`${name}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    try {
      SpreadsheetApp.getUi().alert('Không thực hiện được', userMessage(e), SpreadsheetApp.getUi().ButtonSet.OK);
    } catch {
      // No UI in this context (trigger): the log line above is all we can do.
    }
    return null;
  }
}

/**
 * For google.script.run targets: a UserError reaches the page's failure handler as its message.
 * Only `{ public: true }` targets (the web form, which checks its signed token) run for a
 * visitor who is not signed in.
 */
export function rpcAction<T>(name: string, fn: () => T, options: { public?: boolean } = {}): T {
  try {
    if (!options.public) requireSignedIn();
    return fn();
  } catch (e) {
    if (e instanceof UserError) throw e;
    console.error(`${name}: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
    // The cause was logged above; the page only needs the Vietnamese message.
    // eslint-disable-next-line preserve-caught-error
    throw new Error(userMessage(e));
  }
}

export function showDialog(file: string, title: string, width: number, height: number, data: Record<string, unknown> = {}): void {
  const template = HtmlService.createTemplateFromFile(file);
  Object.assign(template, data);
  const html = template.evaluate().setWidth(width).setHeight(height);
  SpreadsheetApp.getUi().showModalDialog(html, title);
}

/**
 * JSON to print raw into a page's `<script type="application/json">`: "<", ">" and "&" (and the
 * line separators JavaScript once refused) as \u escapes, so no text from the sheet can close
 * the script element or open a comment; JSON.parse reads it back unchanged.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
