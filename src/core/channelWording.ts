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
const ABBREVIATIONS: Array<[RegExp, string]> = [
  [/(^|[^\p{L}])TTĐT(?!\p{L})/giu, '$1thông tin điện tử'],
  [/(^|[^\p{L}])TTHC(?!\p{L})/giu, '$1thủ tục hành chính'],
  [/(^|[^\p{L}])MXH(?!\p{L})/giu, '$1mạng xã hội'],
  [/(^|[^\p{L}])CCHC(?!\p{L})/giu, '$1cải cách hành chính'],
];

/** How the place is found: in the channel's own words, or only from "trên/tại/qua …". */
type PlaceMode = 'site' | 'radio' | 'social' | 'clause' | 'none';

interface Rule {
  /** Tested on the folded name (no diacritics, lower case). */
  test: RegExp;
  verb: string;
  mode: PlaceMode;
  /** The counted thing when no unit is set; '' = the channel's own words name it. */
  noun: string;
  /** What the participants are ("lượt người tham dự" unless said). */
  people?: string;
}

// Order matters: posting TTHC on the website is a posting, a Zalo page is not the website.
const RULES: Rule[] = [
  { test: /^(niem yet|cong khai)|thu tuc hanh chinh/, verb: 'niêm yết công khai', mode: 'clause', noun: 'thủ tục hành chính' },
  { test: /cuoc thi|hoi thi|thi tim hieu/, verb: 'tổ chức', mode: 'clause', noun: '', people: 'lượt người dự thi' },
  { test: /^long ghep/, verb: 'lồng ghép tuyên truyền tại', mode: 'none', noun: '' },
  {
    test: /hoi nghi|hoi thao|toa dam|tap huan|boi duong|doi thoai|cuoc hop|sinh hoat|mit tinh|san khau hoa|van nghe|luu dong|ngay phap luat/,
    verb: 'tổ chức',
    mode: 'clause',
    noun: '',
  },
  { test: /mang xa hoi|zalo|facebook|fanpage|youtube|tiktok/, verb: 'đăng', mode: 'social', noun: 'bài viết' },
  { test: /thong tin dien tu|website|trang web/, verb: 'đăng', mode: 'site', noun: 'tin, bài' },
  { test: /truyen thanh|phat thanh|phat song|(^| )loa( |$)/, verb: 'phát', mode: 'radio', noun: 'lượt' },
  { test: /to roi|to gap|to buom|so tay|cam nang|an pham/, verb: 'in, phát hành', mode: 'clause', noun: '' },
  { test: /pano|ap phich|bang ron|bang zon|khau hieu|tranh co dong|phuon|co pheo/, verb: 'treo', mode: 'clause', noun: '' },
  { test: /tin nhan|sms|thu dien tu|email/, verb: 'gửi', mode: 'clause', noun: '' },
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
  let out = text;
  for (const [re, to] of ABBREVIATIONS) out = out.replace(re, to);
  return out;
}

function lowerFirst(text: string): string {
  // "TTHC…", "UBND…" and other capitals-only words keep their case.
  return /^\p{Lu}\p{Ll}/u.test(text) || /^\p{Lu}$/u.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;
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
  if (mode === 'site') {
    const site = tail(name, folded, /(^|\s)(trang|cong|website)\b/);
    return site ? `trên ${properNames(lowerFirst(site))}` : '';
  }
  if (mode === 'radio') {
    const radio = tail(name, folded, /(^|\s)(dai|he thong|cum loa|loa)\b/);
    if (!radio) return 'trên hệ thống truyền thanh';
    const text = properNames(lowerFirst(radio));
    return /^(loa|cụm)/.test(text) ? `trên hệ thống ${text}` : `trên ${text}`;
  }
  if (mode === 'social') {
    const social = tail(name, folded, /(^|\s)(mang xa hoi|zalo|facebook|fanpage|youtube|tiktok|trang|nhom|kenh|tai khoan)\b/) || name;
    // Common nouns lower case; brand names (Zalo, Facebook) as written.
    return social ? `trên ${/^(mang|trang|nhom|kenh|tai)\b/.test(fold(social)) ? lowerFirst(social) : social}` : '';
  }
  if (mode === 'none') return '';
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
  const rule = RULES.find((r) => r.test.test(folded));
  const people = (label: string) => (participants > 0 ? ` với ${formatNumber(participants)} ${label}` : '');

  if (!rule) {
    const people0 = people('lượt người tham dự');
    if (!name || folded === 'khong ghi hinh thuc') return `không ghi hình thức: ${unitText ? `${n} ${unitText}` : n}${people0}`;
    const what = /^(khac|hinh thuc khac|cac hinh thuc khac)$/.test(folded) ? 'các hình thức khác' : /^hinh thuc\b/.test(folded) ? lowerFirst(name) : `hình thức ${lowerFirst(name)}`;
    return unitText ? `thực hiện ${n} ${unitText} qua ${what}${people0}` : `${what}: ${n}${people0}`;
  }

  let thing: string;
  if (rule.noun) {
    // The channel's kind fixes what is counted; the unit says it when set.
    if (!unitText || GENERIC_UNITS.test(unitKey)) thing = rule.noun;
    else if (rule.noun === 'thủ tục hành chính' && /^thu tuc\b/.test(unitKey)) thing = rule.noun;
    else if (rule.noun === 'thủ tục hành chính' && CLASSIFIERS.test(unitKey)) thing = `${unitText} ${rule.noun}`;
    else thing = unitText;
  } else {
    const noun = ownNoun(name, folded, rule.verb);
    const nounKey = fold(noun);
    if (!unitText || GENERIC_UNITS.test(unitKey) || nounKey === unitKey || nounKey.startsWith(`${unitKey} `) || nounKey.split(/\s*,\s*/).includes(unitKey)) thing = noun;
    else if (CLASSIFIERS.test(unitKey)) thing = `${unitText} ${noun}`;
    else thing = unitText;
  }
  const verb = rule.verb === 'niêm yết công khai' && folded.startsWith('cong khai') ? 'công khai' : rule.verb;
  const place = placeOf(rule.mode, name, folded);
  return `${verb} ${n} ${thing}${place ? ` ${place}` : ''}${people(rule.people ?? 'lượt người tham dự')}`;
}
