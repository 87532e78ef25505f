/**
 * The web app's address ("Địa chỉ web app" in Cài đặt): the only address reminders link to.
 *
 * Why a setting and not ScriptApp.getService().getUrl(): from the editor, a menu or a time-driven
 * trigger getUrl() gives the development address (…/dev), which only the script's editors can
 * open, and with several deployments which one it gives is not defined
 * (developers.google.com/apps-script/reference/script/service#getUrl(): "If you are running the
 * development mode web app, this returns the development mode url"). A Google Workspace
 * account's deployment is shown as https://script.google.com/a/macros/<domain>/s/<id>/exec, which
 * people outside the domain cannot open; a deployment whose access is "Anyone" is also served at
 * the public form https://script.google.com/macros/s/<id>/exec, which is what is kept (the
 * manifest deploys the web app with access ANYONE_ANONYMOUS).
 */
import { clean } from './text';

export type WebAppAddress =
  | { ok: true; url: string; normalised: boolean }
  | { ok: false; kind: 'empty' | 'dev' | 'malformed'; found: string; message: string };

const LABEL = 'Địa chỉ web app';
const HOW =
  'Trong trình soạn Apps Script chọn "Triển khai" > "Quản lý bản triển khai", sao chép "URL ứng dụng web" (kết thúc bằng /exec) và dán vào mục này';

/** The emulator's and a developer's own machine (the playground serves the web app there). */
const LOCAL_HOSTS = ['localhost', '127.0.0.1', '[::1]'];

/**
 * Reads the setting. Accepts the public …/macros/s/<id>/exec address (a domain address is turned
 * into it) and, for the local playground, http://localhost:<port>/…/exec.
 */
export function parseWebAppAddress(value: unknown): WebAppAddress {
  const text = clean(typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value));
  if (!text) {
    return {
      ok: false,
      kind: 'empty',
      found: '',
      message: `Chưa điền "${LABEL}": đường dẫn "Cập nhật tiến độ" trong thư nhắc việc mở biểu mẫu Google (Google Form) mà hệ thống tạo khi bật nhắc việc, thay cho trang web app. ${HOW}.`,
    };
  }
  // Apps Script's V8 has no URL class: the address is taken apart by hand.
  const parts = /^(https?):\/\/([^/?#\s]+)(\/[^?#\s]*)?(?:[?#]\S*)?$/i.exec(text);
  if (!parts) {
    return { ok: false, kind: 'malformed', found: text, message: `"${LABEL}" không phải một địa chỉ web ("${text}"). ${HOW}.` };
  }
  const protocol = parts[1].toLowerCase();
  const host = parts[2].toLowerCase();
  const path = (parts[3] ?? '').replace(/\/+$/, '');
  if (/\/dev$/.test(path)) {
    return {
      ok: false,
      kind: 'dev',
      found: text,
      message: `"${LABEL}" đang là địa chỉ bản thử nghiệm ${text} (kết thúc bằng /dev): chỉ người sửa dự án mở được, cán bộ nhận thư sẽ không mở được. ${HOW}.`,
    };
  }
  const hostname = host.replace(/:\d+$/, '');
  const local = protocol === 'http' && LOCAL_HOSTS.includes(hostname);
  if (local && /\/exec$/.test(path)) return { ok: true, url: `http://${host}${path}`, normalised: false };
  const m = /^\/(?:a\/macros\/[^/]+|macros)\/s\/([\w-]{10,})\/exec$/.exec(path);
  if (protocol !== 'https' || host !== 'script.google.com' || !m) {
    return {
      ok: false,
      kind: 'malformed',
      found: text,
      message: `"${LABEL}" không phải địa chỉ ứng dụng web của Apps Script ("${text}"; cần dạng https://script.google.com/macros/s/…/exec). ${HOW}.`,
    };
  }
  const publicUrl = `https://script.google.com/macros/s/${m[1]}/exec`;
  return { ok: true, url: publicUrl, normalised: publicUrl !== text };
}

/** The address to put in links, or "" when the setting cannot be used. */
export function webAppLinkBase(value: unknown): string {
  const a = parseWebAppAddress(value);
  return a.ok ? a.url : '';
}
