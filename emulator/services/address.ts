/** E-mail address syntax as the emulated services check it (MailApp, data validation). */

/**
 * Is this an address MailApp takes? The emulator's own check, independent of the product's
 * (src/core/text.ts isEmail), so that a test of the product's address handling is not the
 * product checked against itself. An RFC 5322 addr-spec in dot-atom form: a local part of ASCII
 * "atext" characters in dot-separated atoms (no leading, trailing or double dot; at most 64
 * characters), "@", a domain of at least two dot-separated labels of letters, digits and inner
 * hyphens (each at most 63 characters) ending in a label of letters. Apps Script's reference is
 * silent on what "Invalid email" covers; assumption (stricter, never looser): quoted local parts,
 * IP-literal domains and non-ASCII characters (not used by Gmail addresses) are refused too.
 */
export function isValidAddress(address: string): boolean {
  const at = address.lastIndexOf('@');
  if (at <= 0) return false;
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64 || !/^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/.test(local)) return false;
  const labels = domain.split('.');
  if (labels.length < 2 || domain.length > 253) return false;
  if (!labels.every((l) => /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(l))) return false;
  return /^[A-Za-z]{2,63}$/.test(labels[labels.length - 1]);
}
