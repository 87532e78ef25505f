/**
 * The secret that signs the links in reminder emails (HMAC-SHA256), kept in this spreadsheet's properties (src/server/target.ts):
 * made once, by the first reminder run, and replaced from the menu ("Đổi khóa bảo mật đường
 * dẫn"), after which every link already sent stops working. The core never sees the secret:
 * it gets a `Signer` (src/core/tokens.ts).
 */
import type { Signer } from '../core/tokens';
import { menuAction } from './ui';
import { withScriptLock } from './sheets';
import { requireSignedIn } from './access';
import { spreadsheetProperties } from './target';

export { requireSignedIn };

export const SECRET_PROPERTY = 'cchc.linkSecret';
/**
 * The keys replaced by rotation (newest first, at most RETIRED_KEEP): used only to recognise a
 * link signed with one, to tell its holder the office changed the key. Never to accept it.
 */
export const RETIRED_PROPERTY = 'cchc.retiredLinkSecrets';
const RETIRED_KEEP = 3;

/** The replaced keys, newest first. */
export function retiredSecrets(): string[] {
  try {
    const v = JSON.parse(spreadsheetProperties().getProperty(RETIRED_PROPERTY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];
  } catch {
    return [];
  }
}

/** 64 hex digits from two random (version 4) UUIDs: 244 random bits. */
function newSecret(): string {
  return `${Utilities.getUuid()}${Utilities.getUuid()}`.replace(/-/g, '').toLowerCase();
}

/**
 * The secret, or null when none was made yet. `create` makes one when missing: only callers
 * holding the script lock pass it, so two executions never make two different secrets.
 */
export function linkSecret(create = false): string | null {
  const props = spreadsheetProperties();
  const current = props.getProperty(SECRET_PROPERTY);
  if (current) return current;
  if (!create) return null;
  const secret = newSecret();
  props.setProperty(SECRET_PROPERTY, secret);
  return secret;
}

/** Signs with HMAC-SHA256 and returns web-safe base64 (the core strips the "=" padding). */
export function signerFor(secret: string): Signer {
  return (data: string) => Utilities.base64EncodeWebSafe(Utilities.computeHmacSha256Signature(data, secret));
}

/** Replaces the secret; returns nothing secret. */
export function rotateLinkSecretCore(): void {
  withScriptLock(() => {
    const props = spreadsheetProperties();
    const old = props.getProperty(SECRET_PROPERTY);
    if (old) props.setProperty(RETIRED_PROPERTY, JSON.stringify([old, ...retiredSecrets()].slice(0, RETIRED_KEEP)));
    props.setProperty(SECRET_PROPERTY, newSecret());
  });
}

/** Menu "Đổi khóa bảo mật đường dẫn". */
export function rotateLinkSecret(): boolean | null {
  return menuAction('rotateLinkSecret', () => {
    requireSignedIn();
    rotateLinkSecretCore();
    const ui = SpreadsheetApp.getUi();
    ui.alert(
      'Đã đổi khóa bảo mật đường dẫn',
      [
        'Mọi đường dẫn "Cập nhật tiến độ" trong các thư nhắc việc đã gửi không còn dùng được nữa.',
        'Các thư nhắc việc gửi từ nay sẽ mang đường dẫn mới. Cán bộ vẫn có thể cập nhật tiến độ trong bảng tính hoặc trả lời thư nhắc việc (nếu đã bật).',
        '',
        'Chỉ nên đổi khóa khi nghi ngờ đường dẫn bị lộ cho người ngoài.',
      ].join('\n'),
      ui.ButtonSet.OK,
    );
    return true;
  });
}
