import { createHmac } from 'node:crypto';
import { makeToken, verifyToken, type Signer } from '../../src/core/tokens';
import { fromBase64Url, toBase64Url } from '../../src/core/text';

/** Like the adapter: HMAC-SHA256, web-safe base64 with "=" padding (as Utilities.base64EncodeWebSafe). */
const signerWith =
  (secret: string): Signer =>
  (data) =>
    createHmac('sha256', secret).update(data, 'utf8').digest('base64').replace(/\+/g, '-').replace(/\//g, '_');

const sign = signerWith('bí mật của xã');
const NOW = 1_709_856_000; // 2024-03-08T00:00:00Z
const claims = { email: 'tuphap@example.com', task: 'NV03', exp: NOW + 30 * 86400 };

/** Replaces the token's payload with other claims, keeping the original signature. */
function withPayload(token: string, payload: object): string {
  return `${toBase64Url(JSON.stringify(payload))}.${token.split('.')[1]}`;
}

describe('makeToken / verifyToken', () => {
  it('round-trips the claims and is URL-safe', () => {
    const token = makeToken(claims, sign);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(encodeURIComponent(token)).toBe(token);
    expect(verifyToken(token, sign, NOW, 'NV03')).toEqual({ ok: true, claims });
    expect(verifyToken(token, sign, NOW)).toEqual({ ok: true, claims });
  });

  it('accepts the token as a mail client may pass it back (surrounding spaces)', () => {
    const token = makeToken(claims, sign);
    expect(verifyToken(` ${token}\n`, sign, NOW).ok).toBe(true);
  });

  it('carries Vietnamese and long emails intact', () => {
    const vi = { email: 'nguyễn.văn.đức+cchc@xã-tânviệt.vn', task: 'NV12', exp: NOW + 60 };
    const long = { email: `${'a'.repeat(200)}@${'b'.repeat(60)}.example.com`, task: 'NV01', exp: NOW + 60 };
    for (const c of [vi, long]) {
      const token = makeToken(c, sign);
      expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
      expect(verifyToken(token, sign, NOW, c.task)).toEqual({ ok: true, claims: c });
    }
  });

  it.each([
    ['email', { ...claims, email: 'ke.gian@example.com' }],
    ['task', { ...claims, task: 'NV04' }],
    ['exp', { ...claims, exp: claims.exp + 365 * 86400 }],
  ])('rejects a payload with an altered %s', (_field, altered) => {
    const token = withPayload(makeToken(claims, sign), altered);
    const result = verifyToken(token, sign, NOW, altered.task);
    expect(result).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('rejects an altered signature, a truncated one and one made with another secret', () => {
    const token = makeToken(claims, sign);
    const [payload, sig] = token.split('.');
    const flipped = `${payload}.${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    expect(verifyToken(flipped, sign, NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verifyToken(`${payload}.${sig.slice(0, -2)}`, sign, NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
    const forged = makeToken(claims, signerWith('đoán thử'));
    expect(verifyToken(forged, sign, NOW)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('expires at exp', () => {
    const token = makeToken(claims, sign);
    expect(verifyToken(token, sign, claims.exp - 1).ok).toBe(true);
    const result = verifyToken(token, sign, claims.exp);
    expect(result).toMatchObject({ ok: false, reason: 'expired' });
    if (!result.ok) expect(result.message).toContain('hết hạn');
  });

  it('refuses a token used for another task, but not for another spelling of the same code', () => {
    const token = makeToken(claims, sign);
    const result = verifyToken(token, sign, NOW, 'NV05');
    expect(result).toMatchObject({ ok: false, reason: 'wrong-task' });
    if (!result.ok) expect(result.message).toContain('nhiệm vụ khác');
    expect(verifyToken(token, sign, NOW, 'nv03').ok).toBe(true);
  });

  it.each([
    [''],
    ['abc'],
    ['a.b.c'],
    ['.sig'],
    ['payload.'],
    ['pay load.sig'],
    ['<script>.x'],
    ['%E1%BB%87.abc'],
  ])('calls %j malformed with a Vietnamese message', (garbage) => {
    const result = verifyToken(garbage, sign, NOW);
    expect(result).toMatchObject({ ok: false, reason: 'malformed' });
    if (!result.ok) expect(result.message).toMatch(/Đường dẫn/);
  });

  it('calls a correctly signed payload that is not the claims malformed', () => {
    for (const payload of ['not json', '[]', '{"email":"a@b.vn","task":"NV01"}', '{"email":"","task":"NV01","exp":1}']) {
      const p = toBase64Url(payload);
      const token = `${p}.${sign(p).replace(/=+$/, '')}`;
      expect(verifyToken(token, sign, 0)).toMatchObject({ ok: false, reason: 'malformed' });
    }
  });

  it('refuses to make a token without an email, a task or an expiry', () => {
    expect(() => makeToken({ ...claims, email: ' ' }, sign)).toThrow();
    expect(() => makeToken({ ...claims, task: '' }, sign)).toThrow();
    expect(() => makeToken({ ...claims, exp: Number.NaN }, sign)).toThrow();
  });
});

describe('toBase64Url / fromBase64Url', () => {
  it('matches Node for ASCII, Vietnamese (NFC and NFD) and emoji', () => {
    for (const text of ['', 'a', 'ab', 'abc', 'Tân Việt', 'Tân Việt'.normalize('NFD'), 'Hoàn thành 100% 🎉', '~~~???>>>']) {
      const encoded = toBase64Url(text);
      expect(encoded).toBe(Buffer.from(text, 'utf8').toString('base64url'));
      expect(fromBase64Url(encoded)).toBe(text);
    }
  });

  it('accepts padding and rejects what is not base64url or not UTF-8', () => {
    expect(fromBase64Url('YQ==')).toBe('a');
    expect(fromBase64Url('YQ+/')).toBeNull();
    expect(fromBase64Url('Y')).toBeNull();
    expect(fromBase64Url(Buffer.from([0xc0, 0x80]).toString('base64url'))).toBeNull(); // overlong NUL
    expect(fromBase64Url(Buffer.from([0xed, 0xa0, 0x80]).toString('base64url'))).toBeNull(); // surrogate
    expect(fromBase64Url(Buffer.from([0xe1, 0xbb]).toString('base64url'))).toBeNull(); // truncated
  });
});

describe('a link signed with a replaced key', () => {
  const signer = (key: string) => (data: string) => createHmac('sha256', key).update(data).digest('base64url');
  test('is refused as "rotated", with a message saying the office changed the key; a forged one stays "bad-signature"', () => {
    const old = signer('old-key');
    const token = makeToken({ email: 'a@b.vn', task: 'NV01', exp: 2000 }, old);
    const now = signer('new-key');
    const r = verifyToken(token, now, 1000, 'NV01', [signer('older'), old]);
    expect(r).toMatchObject({ ok: false, reason: 'rotated' });
    expect(r.ok ? '' : r.message).toMatch(/^Đường dẫn đã hết hiệu lực do Văn phòng đổi khóa bảo mật/);
    expect(verifyToken(token, now, 1000, 'NV01', [signer('unrelated')])).toMatchObject({ ok: false, reason: 'bad-signature' });
    expect(verifyToken(token, old, 1000, 'NV01', [])).toMatchObject({ ok: true });
  });
});
