/**
 * Results per channel written as a commune office writes them in a report: a verb, the
 * quantity with its unit, and the place ("đăng 30 tin, bài trên Trang thông tin điện tử",
 * "tổ chức 5 hội nghị với 250 lượt người tham dự"). The channel is the name the office set in
 * "Cài đặt"; a compact rule table recognises the usual kinds by their words. A channel it does
 * not recognise gets a neutral form ("thực hiện 3 sản phẩm qua hình thức …"), never an
 * invented verb. Pure: no Apps Script globals.
 */
import { clean, formatNumber, stripDiacritics } from './text';

/** Abbreviations written out in the sentence. */
const ABBREVIATION = /(^|[^\p{L}])(ttđt|tthc|mxh|cchc)(?!\p{L})/giu;
const WRITTEN_OUT: Record<string, string> = { ttdt: 'thông tin điện tử', tthc: 'thủ tục hành chính', mxh: 'mạng xã hội', cchc: 'cải cách hành chính' };

/**
 * How the place is found: s(ite), r(adio), m(edia: social networks) in the channel's own words,
 * c(lause) only from "trên/tại/qua/ở …", n(one).
 */
type PlaceMode = 's' | 'r' | 'm' | 'c' | 'n';

/**
 * [test on the folded name (no diacritics, lower case), verb, place mode, the counted thing when
 * no unit is set ('' = the channel's own words name it), what the participants are].
 */
type Rule = [RegExp, string, PlaceMode, string, string?];

const TTHC = 'thủ tục hành chính';
// Order matters: posting TTHC on the website is a posting, a Zalo page is not the website.
const RULES: Rule[] = [
  [/^(niem yet|cong khai)|thu tuc hanh chinh/, 'niêm yết công khai', 'c', TTHC],
  [/cuoc thi|hoi thi|thi tim hieu/, 'tổ chức', 'c', '', 'lượt người dự thi'],
  [/^long ghep/, 'lồng ghép tuyên truyền tại', 'n', ''],
  [/hoi nghi|hoi thao|toa dam|tap huan|boi duong|doi thoai|cuoc hop|hop (thon|dan|to|khu)|sinh hoat|mit tinh|san khau hoa|van nghe|luu dong|ngay phap luat/, 'tổ chức', 'c', ''],
  [/mang xa hoi|zalo|facebook|fanpage|youtube|tiktok/, 'đăng', 'm', 'bài viết'],
  [/thong tin dien tu|website|trang web/, 'đăng', 's', 'tin, bài'],
  [/truyen thanh|phat thanh|phat song|(^| )loa( |$)/, 'phát', 'r', 'lượt'],
  [/to roi|to gap|to buom|so tay|cam nang|an pham|tai lieu/, 'in, phát hành', 'c', ''],
  [/^(van ban|ban hanh)/, 'ban hành', 'c', ''],
  [/pano|ap phich|bang ron|bang zon|khau hieu|tranh co dong|phuon|co pheo/, 'treo', 'c', ''],
  [/tin nhan|sms|thu dien tu|email/, 'gửi', 'c', ''],
];

/** Units that count without naming the thing ("12 sản phẩm" of pano = "12 pano"). */
const GENERIC_UNITS = /^(san pham|cai|chiec)$/;
/** Classifiers put before the thing ("5 buổi tọa đàm", "3 lớp tập huấn"). */
const CLASSIFIERS = /^(buoi|lop|cuoc|dot|tam|buc|bo|ban|to|quyen|cuon|lan|luot)$/;

function fold(text: string): string {
  // One character per character of the NFC text, so indexes carry over.
  return stripDiacritics(text).toLowerCase();
}

function expand(text: string): string {
  return text.replace(ABBREVIATION, (_m, before: string, abbr: string) => before + WRITTEN_OUT[fold(abbr)]);
}

function lowerFirst(text: string): string {
  // "TTHC…", "UBND…" and other capitals-only words keep their case, and so do brand names.
  return /^(zalo|facebook|fanpage|youtube|tiktok)/i.test(text) ? text : /^\p{Lu}\p{Ll}/u.test(text) || /^\p{Lu}$/u.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Trang/Cổng thông tin điện tử" and "Đài truyền thanh" are names: capitalised. */
function properNames(text: string): string {
  return text.replace(/(^|\s)(trang|cổng) thông tin điện tử/giu, (_m, sp: string, w: string) => `${sp}${upperFirst(w.toLowerCase())} thông tin điện tử`).replace(/(^|\s)đài truyền thanh/giu, '$1Đài truyền thanh');
}

/** The channel's words from the first match of `re` (on the folded text) to the end. */
function tail(name: string, folded: string, re: RegExp): string {
  const m = re.exec(folded);
  return m ? name.slice(m.index + m[1].length).replace(/^[\s,;:-]+/, '') : '';
}

function placeOf(mode: PlaceMode, name: string, folded: string): string {
  if (mode === 's') {
    const site = tail(name, folded, /(^|\s)(trang|cong|website)\b/);
    return site ? `trên ${properNames(lowerFirst(site))}` : '';
  }
  if (mode === 'r') {
    const radio = tail(name, folded, /(^|\s)(dai|he thong|cum loa|loa)\b/);
    if (!radio) return 'trên hệ thống truyền thanh';
    const text = properNames(lowerFirst(radio));
    return /^(loa|cụm)/.test(text) ? `trên hệ thống ${text}` : `trên ${text}`;
  }
  if (mode === 'm') {
    const social = tail(name, folded, /(^|\s)(mang xa hoi|zalo|facebook|fanpage|youtube|tiktok|trang|nhom|kenh|tai khoan)\b/) || name;
    // Common nouns lower case; brand names (Zalo, Facebook) as written.
    return social ? `trên ${/^(mang|trang|nhom|kenh|tai)\b/.test(fold(social)) ? lowerFirst(social) : social}` : '';
  }
  if (mode === 'n') return '';
  return properNames(tail(name, folded, /(\s)(tren|tai|qua|o)\s/));
}

/** The channel's own words naming what is counted: "Tổ chức các hội nghị tại xã" → "hội nghị". */
function ownNoun(name: string, folded: string, verb: string): string {
  let text = name;
  let key = folded;
  const lead = new RegExp(`^(?:${fold(verb).replace(/,/g, ',?')}|to chuc|long ghep(?: tuyen truyen)?(?: trong| tai| vao)?|in|treo|gui|dang)\\s+(?:cac\\s+|nhung\\s+)?`).exec(key);
  if (lead) {
    text = text.slice(lead[0].length);
    key = key.slice(lead[0].length);
  }
  const cut = /\s(tren|tai|qua|o)\s/.exec(key);
  if (cut) text = text.slice(0, cut.index);
  return lowerFirst(text.trim());
}

/**
 * One channel's result as a sentence fragment, lower case first ("đăng 30 tin, bài trên Trang
 * thông tin điện tử"); callers capitalise it to open a line.
 */
export function channelSentence(channel: string, quantity: number, unit: string, participants = 0): string {
  const name = expand(clean(channel));
  const folded = fold(name);
  const unitText = expand(clean(unit));
  const unitKey = fold(unitText);
  const n = formatNumber(quantity);
  const rule = RULES.find((r) => r[0].test(folded));
  const people = (label: string) => (participants > 0 ? ` với ${formatNumber(participants)} ${label}` : '');

  if (!rule) {
    const people0 = people('lượt người tham dự');
    if (!name || folded === 'khong ghi hinh thuc') return `không ghi hình thức: ${unitText ? `${n} ${unitText}` : n}${people0}`;
    const what = /^(khac|hinh thuc khac|cac hinh thuc khac)$/.test(folded) ? 'các hình thức khác' : /^hinh thuc\b/.test(folded) ? lowerFirst(name) : `hình thức ${lowerFirst(name)}`;
    return unitText ? `thực hiện ${n} ${unitText} qua ${what}${people0}` : `${what}: ${n}${people0}`;
  }

  const [, ruleVerb, mode, ruleNoun, ruleParticipants] = rule;
  let thing: string;
  if (ruleNoun) {
    // The channel's kind fixes what is counted; the unit says it when set.
    if (!unitText || GENERIC_UNITS.test(unitKey) || (ruleNoun === TTHC && /^thu tuc\b/.test(unitKey))) thing = ruleNoun;
    else if (ruleNoun === TTHC && CLASSIFIERS.test(unitKey)) thing = `${unitText} ${ruleNoun}`;
    else thing = unitText;
  } else {
    const noun = ownNoun(name, folded, ruleVerb);
    const nounKey = fold(noun);
    if (!unitText || GENERIC_UNITS.test(unitKey) || nounKey === unitKey || nounKey.startsWith(`${unitKey} `) || nounKey.split(/\s*,\s*/).includes(unitKey)) thing = noun;
    else if (CLASSIFIERS.test(unitKey)) thing = `${unitText} ${noun}`;
    else thing = unitText;
  }
  const verb = ruleNoun === TTHC && folded.startsWith('cong khai') ? 'công khai' : ruleVerb;
  const place = placeOf(mode, name, folded);
  return `${verb} ${n} ${thing}${place ? ` ${place}` : ''}${people(ruleParticipants ?? 'lượt người tham dự')}`;
}

/** A channel's name inside a sentence: lower case first, abbreviations written out. */
export function channelName(channel: string): string {
  return properNames(lowerFirst(expand(clean(channel))));
}
