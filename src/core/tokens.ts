/**
 * The signed link in each reminder: `?t=<token>` opens the web-app form for one task and one
 * assignee. A token is `base64url(UTF-8 JSON claims) + "." + signature`, where the signature is
 * an HMAC-SHA256 of the first part made by an injected signer (the adapter signs with a secret
 * kept in Script Properties), so the core stays pure and never sees the secret.
 */
import { clean, fromBase64Url, toBase64Url } from './text';

/** Returns a web-safe base64 signature of `data` (HMAC-SHA256 with the script's secret). */
export type Signer = (data: string) => string;

export interface TokenClaims {
  /** The assignee's email, as in the directory. */
  email: string;
  /** The task code, "NV03". */
  task: string;
  /** Expiry, unix seconds. */
  exp: number;
}

export type TokenFailure = 'malformed' | 'bad-signature' | 'rotated' | 'expired' | 'wrong-task';

export type TokenResult =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: TokenFailure; message: string };

const PART_RE = /^[A-Za-z0-9_-]+$/;

/** Web-safe base64 without the "=" padding, which some mail clients cut off links at. */
function signature(data: string, sign: Signer): string {
  return sign(data).replace(/=+$/, '');
}

/** Compares two strings in time that depends only on their lengths, not on where they differ. */
function sameText(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  for (let i = 0; i < n; i++) {
    diff |= (a.charCodeAt(i % (a.length || 1)) || 0) ^ (b.charCodeAt(i % (b.length || 1)) || 0);
  }
  return diff === 0;
}

/** Task codes compare without case and spacing: "nv03" and "NV03" are the same task. */
function sameTask(a: string, b: string): boolean {
  return clean(a).toUpperCase() === clean(b).toUpperCase();
}

/** Makes the URL-safe token for one assignee and one task. Throws on claims no link could carry. */
export function makeToken(claims: TokenClaims, sign: Signer): string {
  if (!clean(claims.email) || !clean(claims.task) || !Number.isFinite(claims.exp)) {
    throw new Error('makeToken: email, task and a finite exp are required');
  }
  const payload = toBase64Url(
    JSON.stringify({ email: claims.email, task: claims.task, exp: Math.floor(claims.exp) }),
  );
  const sig = signature(payload, sign);
  if (!PART_RE.test(sig)) throw new Error('makeToken: the signer must return web-safe base64');
  return `${payload}.${sig}`;
}

const MESSAGES: Record<TokenFailure, string> = {
  malformed:
    'Đường dẫn không đầy đủ hoặc không đúng. Vui lòng bấm lại đường dẫn "Cập nhật tiến độ" trong thư nhắc việc (nếu đường dẫn bị xuống dòng, hãy sao chép đủ cả đường dẫn).',
  'bad-signature':
    'Đường dẫn này không hợp lệ (có thể đã bị sửa). Vui lòng dùng đúng đường dẫn "Cập nhật tiến độ" trong thư nhắc việc gần nhất.',
  rotated:
    'Đường dẫn đã hết hiệu lực do Văn phòng đổi khóa bảo mật. Vui lòng dùng đường dẫn trong thư nhắc việc gửi sau ngày đổi khóa, hoặc trả lời thư nhắc việc để báo cáo tiến độ.',
  expired:
    'Đường dẫn này đã hết hạn. Vui lòng dùng đường dẫn trong thư nhắc việc mới nhất, hoặc trả lời thư nhắc việc để báo cáo tiến độ.',
  'wrong-task':
    'Đường dẫn này dùng cho một nhiệm vụ khác. Vui lòng mở đúng đường dẫn ghi bên cạnh nhiệm vụ cần cập nhật trong thư nhắc việc.',
};

function fail(reason: TokenFailure): TokenResult {
  return { ok: false, reason, message: MESSAGES[reason] };
}

/** Reads the claims out of a JSON payload, or null when they are not all there. */
function readClaims(json: string): TokenClaims | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { email, task, exp } = value as Record<string, unknown>;
  if (typeof email !== 'string' || !email || typeof task !== 'string' || !task) return null;
  if (typeof exp !== 'number' || !Number.isFinite(exp)) return null;
  return { email, task, exp };
}

/**
 * Checks a token: its shape, its signature (compared in constant time), its expiry (a token is
 * valid up to, not including, `exp`) and, when given, that it was made for `expectedTask`.
 * `retired` are the signers of keys replaced by "Đổi khóa bảo mật đường dẫn": a token they
 * signed is refused as 'rotated' (never accepted), so the message says why.
 */
export function verifyToken(token: string, sign: Signer, nowSeconds: number, expectedTask?: string, retired: Signer[] = []): TokenResult {
  if (typeof token !== 'string') return fail('malformed');
  const parts = token.trim().split('.');
  if (parts.length !== 2 || !PART_RE.test(parts[0]) || !PART_RE.test(parts[1])) return fail('malformed');
  const [payload, sig] = parts;
  if (!sameText(signature(payload, sign), sig)) {
    // Signed with a key the office replaced: a real link that no longer works, not a forged one.
    return fail(retired.some((old) => sameText(signature(payload, old), sig)) ? 'rotated' : 'bad-signature');
  }
  const json = fromBase64Url(payload);
  const claims = json === null ? null : readClaims(json);
  if (!claims) return fail('malformed');
  if (nowSeconds >= claims.exp) return fail('expired');
  if (expectedTask !== undefined && !sameTask(claims.task, expectedTask)) return fail('wrong-task');
  return { ok: true, claims };
}
