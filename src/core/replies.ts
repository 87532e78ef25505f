/**
 * Progress sent by email: an assignee answers a reminder, one line per task
 * ("NV03: Hoàn thành 100%, 4 tin bài trên trang TTĐT"). `extractReplyText` keeps what the
 * person wrote above the quoted reminder; `parseReply` turns each line with a task code into a
 * progress input, and reports every line it cannot read rather than guessing.
 */
import type { IsoDate, ProgressInput, Status } from './types';
import { clean, matchKey, stripDiacritics } from './text';

/** A plain, lower-case, diacritic-free form of one line, for spotting quote headers. */
function plain(line: string): string {
  return stripDiacritics(line.normalize('NFC')).toLowerCase().replace(/[\s\u00a0]+/g, ' ').trim();
}

/** "On Fri, 8 Mar 2024 at 07:00, A <a@b> wrote:" / "Vào Th 6, 8 thg 3, 2024 lúc 07:00 … đã viết:". */
const ATTRIBUTION_START = /^(on|vao|luc|le|am|el)\s/;
const ATTRIBUTION_END = /(wrote|da viet|a ecrit|schrieb|escribio)\s*:?\s*$/;
/** "-----Original Message-----", "---------- Forwarded message ---------", "-----Thư gốc-----". */
const ORIGINAL_BANNER = /^-{2,}\s*(original message|forwarded message|thu goc|tin nhan goc|thu chuyen tiep)\s*-{2,}\s*$/;
/** Outlook's header block starts with "From:" / "Từ:" followed by other header lines. */
const HEADER_FROM = /^\*?(from|tu)\s*:\*?\s*\S/;
const HEADER_OTHER = /^\*?(sent|date|to|cc|subject|da gui|gui|ngay|ngay gui|den|toi|chu de|tieu de)\s*:/;
/** Mobile and webmail signatures. */
const SIGNATURE =
  /^(sent from|sent via|get outlook for|gui tu|duoc gui tu|gui bang|gui qua|tai outlook cho)\b/;

/** Where the quoted part or signature starts (line index), or the line count when none. */
function quoteStart(lines: string[]): number {
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    const p = plain(raw);
    if (raw.startsWith('>')) return i;
    if (/^_{5,}$/.test(raw)) return i;
    if (raw === '--' || lines[i] === '-- ') return i;
    if (ORIGINAL_BANNER.test(p)) return i;
    if (SIGNATURE.test(p)) return i;
    if (ATTRIBUTION_START.test(p)) {
      // Clients wrap a long attribution over up to three lines.
      let joined = p;
      for (let j = i; j < Math.min(i + 3, lines.length); j++) {
        if (j > i) joined += ` ${plain(lines[j])}`;
        if (ATTRIBUTION_END.test(joined)) return i;
      }
    }
    if (HEADER_FROM.test(p)) {
      for (let j = i + 1; j < Math.min(i + 5, lines.length); j++) {
        if (HEADER_OTHER.test(plain(lines[j]))) return i;
      }
    }
  }
  return lines.length;
}

/**
 * The text the person wrote above the quoted reminder: cuts at "> " lines, Gmail's and other
 * clients' "… wrote:" / "… đã viết:" attribution, Outlook's "-----Original Message-----" or
 * "From:/Từ:" header block, "________" separators, "-- " and mobile signatures. NFC, trimmed.
 */
export function extractReplyText(body: string): string {
  const lines = String(body ?? '')
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .split('\n');
  return lines
    .slice(0, quoteStart(lines))
    .map((l) => l.replace(/[ \t\u00a0]+$/, ''))
    .join('\n')
    .trim();
}

export interface ReplyContext {
  /** The plan's task codes ("NV01"…), as the sheet spells them. */
  taskCodes: string[];
  /** Hình thức choices from the settings. */
  channels: string[];
  today: IsoDate;
  /**
   * Optional: each task's current percent, kept for a task reported "Đang thực hiện" without a
   * percent (otherwise such a line records 0).
   */
  currentPercent?: Record<string, number>;
  /** Channels whose lines may give a head count ("150 người tham dự"): settings' attendanceChannels. */
  attendance?: string[];
}

export interface ReplyResult {
  inputs: Omit<ProgressInput, 'submissionId'>[];
  problems: string[];
}

const CODE_RE = /\bnv\s*[-.]?\s*(\d{1,3})(?!\d)/g;
const EXAMPLE = 'NV03: Hoàn thành 100%, 4 tin bài trên trang TTĐT';

/** "nv3", "NV 03", "nv-3" → "NV03". */
export function normaliseTaskCode(text: string): string | null {
  const m = /^\s*nv\s*[-.]?\s*(\d{1,3})\s*$/i.exec(stripDiacritics(String(text ?? '')));
  if (!m) return null;
  return `NV${String(Number(m[1])).padStart(2, '0')}`;
}

/** Statuses named in a line (on its matchKey), with "chưa xong / chưa hoàn thành" read as in progress. */
function statusesIn(key: string): Set<Status> {
  const found = new Set<Status>();
  let rest = key;
  if (/\bchua (hoan thanh|xong)\b/.test(rest)) {
    found.add('Đang thực hiện');
    rest = rest.replace(/\bchua (hoan thanh|xong)\b/g, ' ');
  }
  if (/\b(hoan thanh|xong)\b/.test(rest)) found.add('Hoàn thành');
  if (/\bdang (thuc hien|lam|trien khai|tien hanh)\b/.test(rest)) found.add('Đang thực hiện');
  if (/\bchua (thuc hien|lam|trien khai|tien hanh|bat dau)\b/.test(rest)) found.add('Chưa thực hiện');
  return found;
}

/** Channel keyword groups, most specific first: the platform wins over the product word. */
const CHANNEL_GROUPS: { name: string; keywords: string[] }[] = [
  { name: 'Niêm yết TTHC', keywords: ['niem yet'] },
  { name: 'Mạng xã hội', keywords: ['zalo', 'facebook', 'fanpage', 'mang xa hoi', 'mxh', 'tiktok', 'youtube'] },
  { name: 'Phát thanh', keywords: ['phat thanh', 'truyen thanh', 'loa'] },
  { name: 'Pano, áp phích, băng rôn', keywords: ['pano', 'pa no', 'ap phich', 'bang ron', 'khau hieu'] },
  { name: 'Hội nghị', keywords: ['hoi nghi', 'buoi', 'hoi thao'] },
  {
    name: 'Tin bài trên trang TTĐT',
    keywords: ['trang ttdt', 'ttdt', 'trang thong tin dien tu', 'cong thong tin', 'website', 'web', 'tin bai'],
  },
];

function hasWord(key: string, phrase: string): boolean {
  return ` ${key} `.includes(` ${phrase} `);
}

/** The settings' channel for a line: the keyword group's channel as the settings spell it, else "Khác". */
function channelOf(key: string, channels: string[]): string {
  const keys = channels.map((c) => matchKey(c));
  const other = channels[keys.indexOf('khac')] ?? 'Khác';
  for (const group of CHANNEL_GROUPS) {
    if (!group.keywords.some((k) => hasWord(key, k))) continue;
    const exact = keys.indexOf(matchKey(group.name));
    if (exact >= 0) return channels[exact];
    // A renamed channel: the first one whose name carries one of the group's keywords.
    const renamed = keys.findIndex((c) => group.keywords.some((k) => hasWord(c, k)));
    return renamed >= 0 ? channels[renamed] : other;
  }
  return other;
}

/** Words that count something (the product of a channel), right after a number. */
const UNIT_RE =
  /^(tin|bai|buoi|hoi nghi|cuoc|chuyen muc|luot|lan|pano|pa no|ap phich|bang ron|khau hieu|tthc|thu tuc|ban|to|cai|tam|video|clip|phong su|chuong trinh|so)\b/;

/** Head counts ("150 người", "30 đại biểu"): at a meeting they say who attended, not how many meetings. */
const PEOPLE_RE = /^(nguoi|dai bieu|hoc vien|can bo|thanh vien|ho dan|ho)\b/;

/**
 * The quantity of a line: the first number (not a percent, not a date) followed by a unit
 * word ("4 tin bài", "2 buổi"); else the only number (at a meeting: not counting heads); else 0.
 * Also the head count, the first number followed by people ("150 người tham dự"), or null.
 */
function countsOf(key: string): { quantity: number; people: number | null } {
  const meeting = ['hoi nghi', 'hoi thao', 'buoi', 'cuoc hop'].some((k) => hasWord(key, k));
  const numbers: { value: number; unit: boolean; people: boolean }[] = [];
  const re = /(^|\s)(\d{1,3}(?: \d{3})+|\d+)(?=\s|$)(?! ?%)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(key))) {
    const after = key.slice(m.index + m[0].length).trim();
    numbers.push({ value: Number(m[2].replace(/ /g, '')), unit: UNIT_RE.test(after), people: PEOPLE_RE.test(after) });
  }
  const people = numbers.find((n) => n.people)?.value ?? null;
  const counted = numbers.find((n) => n.unit);
  if (counted) return { quantity: counted.value, people };
  const plainNumbers = meeting ? numbers.filter((n) => !n.people) : numbers;
  return { quantity: plainNumbers.length === 1 ? plainNumbers[0].value : 0, people };
}

/**
 * Reads a reply: every line with a task code becomes one input (status, percent, quantity,
 * channel, the line as note, today as report date); lines without a code are chatter and
 * ignored. Unknown codes, several codes on one line, contradictions and lines without a status
 * or percent are problems, in Vietnamese, quoting the line.
 */
export function parseReply(text: string, ctx: ReplyContext): ReplyResult {
  const inputs: ReplyResult['inputs'] = [];
  const problems: string[] = [];
  const known = new Map<string, string>();
  for (const code of ctx.taskCodes) {
    const n = normaliseTaskCode(code);
    if (n) known.set(n, code);
  }
  let sawCode = false;

  for (const rawLine of String(text ?? '').normalize('NFC').split(/\r\n?|\n/)) {
    // A bullet or an enumeration before the code ("- NV03…", "1. NV03…") is not part of the report.
    const line = clean(rawLine).replace(/^(?:[-*•+–]|\d{1,2}[.)])\s*(?=n\s*v)/i, '');
    if (!line) continue;
    const flat = stripDiacritics(line).toLowerCase();
    const codes = [...flat.matchAll(CODE_RE)].map((m) => `NV${String(Number(m[1])).padStart(2, '0')}`);
    if (codes.length === 0) continue;
    sawCode = true;
    const quoted = `"${line}"`;
    const distinct = [...new Set(codes)];
    if (distinct.length > 1) {
      problems.push(`Dòng ${quoted} có nhiều mã nhiệm vụ (${distinct.join(', ')}): vui lòng viết mỗi nhiệm vụ một dòng.`);
      continue;
    }
    const code = distinct[0];
    const taskId = known.get(code);
    if (!taskId) {
      problems.push(`Không có nhiệm vụ mã ${code} trong kế hoạch (dòng ${quoted}). Vui lòng kiểm tra lại mã nhiệm vụ trong thư nhắc việc.`);
      continue;
    }

    // The rest of the line, without the code and the URL, as a match key.
    const url = /https?:\/\/[^\s<>"]+/i.exec(line)?.[0].replace(/[),.;]+$/, '') ?? '';
    const restFlat = flat.replace(/https?:\/\/[^\s<>"]+/gi, ' ').replace(CODE_RE, ' ');
    // Dates ("8/3", "08/03/2024") are not quantities or percents.
    const key = matchKey(restFlat.replace(/\b\d{1,2}\s*[/.-]\s*\d{1,2}(?:\s*[/.-]\s*\d{2,4})?\b/g, ' '))
      // "1.234" was split by matchKey into "1 234"; percents keep their "%".
      .replace(/(\d) %/g, '$1%');

    const percents = [...new Set([...key.matchAll(/(\d+)\s?%/g)].map((m) => Number(m[1])))];
    if (percents.length > 1) {
      problems.push(`Dòng ${quoted} có nhiều tỷ lệ phần trăm (${percents.map((p) => `${p}%`).join(', ')}): vui lòng ghi một tỷ lệ.`);
      continue;
    }
    let percent: number | null = percents.length ? percents[0] : null;
    if (percent !== null && percent > 100) {
      problems.push(`Dòng ${quoted}: tiến độ ${percent}% vượt quá 100%.`);
      continue;
    }

    const statuses = [...statusesIn(key)];
    if (statuses.length > 1) {
      problems.push(`Dòng ${quoted} ghi nhiều trạng thái (${statuses.join(', ')}): vui lòng ghi một trạng thái.`);
      continue;
    }
    let status: Status | null = statuses[0] ?? null;
    if (status === null && percent !== null) {
      status = percent === 100 ? 'Hoàn thành' : percent === 0 ? 'Chưa thực hiện' : 'Đang thực hiện';
    }
    if (status === null) {
      problems.push(
        `Dòng ${quoted} chưa ghi trạng thái (Chưa thực hiện, Đang thực hiện hoặc Hoàn thành) hay tỷ lệ %. Ví dụ: ${EXAMPLE}`,
      );
      continue;
    }
    if (percent === null) {
      if (status === 'Hoàn thành') percent = 100;
      else if (status === 'Chưa thực hiện') percent = 0;
      else percent = Math.max(0, Math.min(99, Math.round(ctx.currentPercent?.[taskId] ?? 0)));
    }
    const consistent =
      (status === 'Hoàn thành' && percent === 100) ||
      (status === 'Chưa thực hiện' && percent === 0) ||
      (status === 'Đang thực hiện' && percent < 100);
    if (!consistent) {
      problems.push(`Dòng ${quoted}: trạng thái "${status}" không khớp với tiến độ ${percent}%. Vui lòng ghi lại cho khớp.`);
      continue;
    }

    const channel = channelOf(key, ctx.channels);
    const counts = countsOf(key.replace(/\d+%/g, ' '));
    inputs.push({
      taskId,
      status,
      percent,
      channel,
      quantity: counts.quantity,
      ...(ctx.attendance?.includes(channel) && counts.people !== null ? { participants: counts.people } : {}),
      note: line,
      evidenceUrl: url,
      reportDate: ctx.today,
    });
  }

  if (!sawCode) {
    problems.push(`Thư trả lời không có dòng nào ghi mã nhiệm vụ. Vui lòng ghi mỗi dòng một nhiệm vụ, ví dụ: ${EXAMPLE}`);
  }
  return { inputs, problems };
}

/**
 * The Message-IDs a reply names as the messages it answers: its In-Reply-To and References
 * headers (RFC 5322 §3.6.4), each "<id@host>", in any order, folded or not. Lower-cased:
 * the product only compares them.
 */
export function referencedIds(...headers: string[]): string[] {
  const out = new Set<string>();
  for (const h of headers) for (const m of String(h ?? '').matchAll(/<[^<>\s]+>/g)) out.add(m[0].toLowerCase());
  return [...out];
}

/** The addresses of an address-list header ("Tên <a@b.vn>, c@d.vn"), lower-cased. */
export function addressesIn(list: string): string[] {
  const out: string[] = [];
  for (const part of String(list ?? '').split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)) {
    const m = /<([^<>]*)>\s*$/.exec(part);
    const address = clean(m ? m[1] : part).toLowerCase();
    if (address) out.push(address);
  }
  return out;
}

/**
 * Whether a reply answers a message this script sent to its sender: one of the ids it
 * references is a sent message (`sent`: Message-ID, lower case → its To and Cc addresses)
 * addressed to `from`. A forged From cannot pass: the Message-ID of a reminder is known only
 * to the mailboxes it was sent to. 'unknown': it answers nothing this script sent;
 * 'other-recipient': it answers a reminder sent to someone else.
 */
export function replyOrigin(from: string, references: string[], sent: ReadonlyMap<string, readonly string[]>): 'ok' | 'unknown' | 'other-recipient' {
  let answered = false;
  for (const id of references) {
    const to = sent.get(id);
    if (!to) continue;
    if (to.includes(from)) return 'ok';
    answered = true;
  }
  return answered ? 'other-recipient' : 'unknown';
}
