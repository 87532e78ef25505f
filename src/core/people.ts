/**
 * The directory ("Cán bộ" sheet) and the matching of the plan's role/unit texts to people.
 *
 * The plan names assignees by role or unit, never by person: "Công chức Tư pháp",
 * "Văn phòng HĐND&UBND xã, Đài truyền thanh xã", "Các cán bộ, công chức liên quan".
 * A cell is read by finding the known names in it (units, their aliases, vague phrases),
 * longest first, on the loose `matchKey` form; whatever is left over is reported in the
 * cell's own words so the office can add an alias or a directory row.
 */
import type { Person } from './types';
import { clean, isEmail, matchKey } from './text';

/**
 * Phrases that name nobody in particular ("everyone concerned"). A cell holding one is
 * `vague`: nobody is reminded for it, and it is not reported as unmatched. Matching also
 * accepts each phrase without its leading "Các" and with a trailing "(có) liên quan".
 */
export const VAGUE_UNITS: readonly string[] = [
  'Các cán bộ, công chức liên quan',
  'Các cán bộ, công chức, viên chức',
  'Các cán bộ, công chức',
  'Toàn thể cán bộ, công chức',
  'Toàn thể cán bộ, công chức, viên chức',
  'Các ban, ngành, đoàn thể',
  'Các ban, ngành',
  'Các ngành, đoàn thể',
  'Các đoàn thể',
  'Các tổ chức chính trị - xã hội',
  'Các bộ phận liên quan',
  'Các bộ phận chuyên môn',
  'Các đơn vị liên quan',
  'Các cơ quan, đơn vị liên quan',
  'Các thôn, khu dân cư',
];

/** One row of the "Cán bộ" sheet as read, before cleaning. */
export interface PersonRow {
  unit: unknown;
  name: unknown;
  email: unknown;
  aliases: unknown;
  /** 1-based sheet row. */
  row: number;
}

/**
 * Turns the directory's rows into people: texts trimmed, NFC, white space collapsed;
 * "Tên gọi khác" split on ";" and line breaks (empty and repeated aliases dropped).
 * Rows with nothing in any of the four cells are skipped.
 */
export function parsePeople(rows: PersonRow[]): Person[] {
  const people: Person[] = [];
  for (const r of rows) {
    const unit = clean(r.unit);
    const name = clean(r.name);
    const email = clean(r.email);
    const aliases: string[] = [];
    const seen = new Set<string>([matchKey(unit)]);
    const rawAliases = r.aliases === null || r.aliases === undefined ? '' : String(r.aliases);
    for (const part of rawAliases.split(/[;\r\n]+/)) {
      const alias = clean(part);
      const key = matchKey(alias);
      if (!key || seen.has(key)) continue;
      seen.add(key);
      aliases.push(alias);
    }
    if (!unit && !name && !email && aliases.length === 0) continue;
    people.push({ unit, name, email, aliases, row: r.row });
  }
  return people;
}

/** What a lead or coordinator cell resolves to. */
export interface ResolvedUnits {
  /** Everyone the cell names, each once, in the order the cell names them. */
  people: Person[];
  /** The cell names a vague group ("Các cán bộ, công chức liên quan"). */
  vague: boolean;
  /** Phrases of the cell that name no unit of the directory, in the cell's own words (NFC, trimmed). */
  unmatched: string[];
  /**
   * Bodies of other levels ("Phòng Tư pháp huyện", "Sở Thông tin và Truyền thông", "Các sở,
   * ngành, địa phương"): kept as written, nobody of the commune is reminded for them.
   */
  outside: string[];
  /** Near misses among `unmatched`: "Có phải là …?" — offered, never applied. */
  suggestions: { phrase: string; unit: string }[];
}

/** Letters only, so a word test does not cut inside a Vietnamese word. */
const wordAt = (words: string) => new RegExp(`(?:^|[^\\p{L}])(?:${words})(?:$|[^\\p{L}])`, 'u');
/** Words naming a level above the commune. */
const HIGHER_LEVEL = wordAt('huyện|quận|thị xã|thành phố|tỉnh|trung ương|chính phủ|quốc hội|tp');
/** Bodies that are never the commune's own unless the phrase says "xã", "phường" or "thị trấn". */
const OUTSIDE_BODY = /^(?:các\s+)?(?:sở|bộ|cục|chi cục|tổng cục|trung tâm|viện|kho bạc|ngân hàng|bảo hiểm xã hội|tòa án|toà án|viện kiểm sát|báo|tạp chí|liên đoàn lao động)(?:$|[^\p{L}])/u;
const COMMUNE_LEVEL = wordAt('xã|phường|thị trấn');

/**
 * Does a phrase name a body of another level (district, province, ministry)? Anything naming
 * huyện/quận/thị xã/thành phố/tỉnh/trung ương ("Phòng Tư pháp huyện", "Công an tỉnh", "UBND
 * huyện"), and a Sở, Bộ, Cục, Trung tâm… that does not say it is the commune's.
 */
export function isOutsideBody(phrase: string): boolean {
  const lower = clean(phrase).toLocaleLowerCase('vi');
  if (!lower) return false;
  if (HIGHER_LEVEL.test(lower)) return true;
  const commune = COMMUNE_LEVEL.test(lower.replace(/xã hội/g, ' ').replace(/thị xã/g, ' '));
  return OUTSIDE_BODY.test(lower) && !commune;
}

type Target = { kind: 'people'; people: Person[] } | { kind: 'vague' };

interface Candidate {
  words: string[];
  target: Target;
}

function vagueKeys(): string[] {
  const keys = new Set<string>();
  for (const phrase of VAGUE_UNITS) {
    const base = matchKey(phrase);
    const forms = [base];
    if (base.startsWith('cac ')) forms.push(base.slice(4));
    for (const f of forms) {
      keys.add(f);
      if (!f.endsWith('lien quan')) {
        keys.add(`${f} lien quan`);
        keys.add(`${f} co lien quan`);
      } else if (!f.endsWith('co lien quan')) {
        keys.add(`${f.slice(0, -'lien quan'.length)}co lien quan`);
      }
    }
  }
  return [...keys];
}

const VAGUE_KEYS = vagueKeys();

/**
 * The candidates of the last directories seen, with what they were built from. Building them
 * costs a matchKey per name and person; readPlan resolves two cells per task against the same
 * directory, so without this a 1,000-task plan with 1,000 units spends tens of seconds here
 * (bench/run.ts). Reused only while every person, unit and alias is unchanged.
 */
const CANDIDATE_CACHE = new WeakMap<Person[], { built: { person: Person; unit: string; aliases: string[] }[]; index: CandidateIndex }>();

/** The candidates in matching order, the position of each by its words, and the most words of one. */
interface CandidateIndex {
  list: Candidate[];
  byWords: Map<string, number>;
  maxWords: number;
}

function candidates(directory: Person[]): CandidateIndex {
  const cached = CANDIDATE_CACHE.get(directory);
  if (cached && unchanged(cached.built, directory)) return cached.index;
  const list = buildCandidates(directory);
  const byWords = new Map<string, number>();
  let maxWords = 0;
  list.forEach((c, i) => {
    byWords.set(c.words.join(' '), i);
    maxWords = Math.max(maxWords, c.words.length);
  });
  const index = { list, byWords, maxWords };
  CANDIDATE_CACHE.set(directory, { built: directory.map((p) => ({ person: p, unit: p.unit, aliases: p.aliases.slice() })), index });
  return index;
}

function unchanged(built: { person: Person; unit: string; aliases: string[] }[], directory: Person[]): boolean {
  if (built.length !== directory.length) return false;
  for (let i = 0; i < built.length; i++) {
    const b = built[i];
    const p = directory[i];
    if (b.person !== p || b.unit !== p.unit || b.aliases.length !== p.aliases.length) return false;
    for (let j = 0; j < b.aliases.length; j++) if (b.aliases[j] !== p.aliases[j]) return false;
  }
  return true;
}

function buildCandidates(directory: Person[]): Candidate[] {
  // Aliases are other names of the unit: typed on one row of a unit, they name every row
  // of that unit (two officials of the office, say).
  const members = new Map<string, Person[]>();
  for (const person of directory) {
    const unitKey = matchKey(person.unit);
    if (!unitKey) continue;
    const list = members.get(unitKey) ?? [];
    list.push(person);
    members.set(unitKey, list);
  }
  const byKey = new Map<string, Person[]>();
  for (const person of directory) {
    const unitKey = matchKey(person.unit);
    const group = unitKey ? (members.get(unitKey) ?? [person]) : [person];
    for (const name of [person.unit, ...person.aliases]) {
      const key = matchKey(name);
      if (!key) continue;
      const list = byKey.get(key) ?? [];
      for (const p of group) if (!list.includes(p)) list.push(p);
      byKey.set(key, list);
    }
  }
  // Keep directory order within each name.
  for (const list of byKey.values()) list.sort((a, b) => directory.indexOf(a) - directory.indexOf(b));
  const list: Candidate[] = [];
  for (const [key, people] of byKey) list.push({ words: key.split(' '), target: { kind: 'people', people } });
  for (const key of VAGUE_KEYS) {
    if (!byKey.has(key)) list.push({ words: key.split(' '), target: { kind: 'vague' } });
  }
  // Longest first (in words, then letters); on a tie the directory wins over a vague phrase.
  // Array.prototype.sort is stable, so directory order is kept among equals.
  return list.sort(
    (a, b) => b.words.length - a.words.length || b.words.join(' ').length - a.words.join(' ').length,
  );
}

/** The best unit of the directory a phrase nearly names, or null: shared words, one inside the other. */
function suggestion(phrase: string, list: Candidate[]): string | null {
  const words = new Set(matchKey(phrase).split(' ').filter(Boolean));
  let best: { unit: string; score: number } | null = null;
  for (const c of list) {
    if (c.target.kind !== 'people') continue;
    const theirs = new Set(c.words);
    let common = 0;
    for (const w of words) if (theirs.has(w)) common++;
    if (common < 2) continue;
    const inside = common === theirs.size || common === words.size;
    const score = common / (words.size + theirs.size - common);
    if (!inside && score < 0.5) continue;
    if (!best || score > best.score) best = { unit: c.target.people[0].unit, score };
  }
  return best?.unit ?? null;
}

/**
 * Reads a lead or coordinator cell against the directory. A phrase names a unit only when the
 * WHOLE phrase is the unit or one of its other names (case, diacritics, spacing, punctuation
 * and "&"/"và" aside): "Phòng Tư pháp huyện" is not the commune's Tư pháp official. The cell
 * is split into phrases only at real separators: ";" and line breaks; "," or "/" where the
 * pieces on both sides are known (units, vague groups, outside bodies); and "và"/"&" only
 * when every piece is a unit of the directory — never inside "Sở Thông tin và Truyền thông"
 * or "Văn phòng HĐND&UBND xã". Bodies of other levels are `outside`; the rest is `unmatched`,
 * with a suggestion when a unit is nearly named. An alias typed on any row of a unit names
 * the whole unit, and a unit held by several people assigns each of them.
 */
export function resolveUnits(cell: string, directory: Person[]): ResolvedUnits {
  const text = String(cell ?? '').normalize('NFC');
  const { list, byWords } = candidates(directory);
  const result: ResolvedUnits = { people: [], vague: false, unmatched: [], outside: [], suggestions: [] };
  const lookup = (phrase: string): Target | null => {
    const i = byWords.get(matchKey(phrase));
    return i === undefined ? null : list[i].target;
  };
  const apply = (target: Target) => {
    if (target.kind === 'vague') result.vague = true;
    else for (const p of target.people) if (!result.people.includes(p)) result.people.push(p);
  };
  const known = (phrase: string): boolean => {
    const target = lookup(phrase);
    if (target) {
      apply(target);
      return true;
    }
    if (isOutsideBody(phrase)) {
      const kept = clean(phrase);
      if (!result.outside.includes(kept)) result.outside.push(kept);
      return true;
    }
    return false;
  };
  const unknown = (phrase: string) => {
    // "Công chức Tư pháp và Đài truyền thanh xã": "và" or "&" between units of the directory.
    const pieces = phrase.split(/\s+(?:và|va)\s+|\s*[&+]\s*/iu).filter((x) => matchKey(x));
    if (pieces.length > 1 && pieces.every((x) => lookup(x)?.kind === 'people')) {
      for (const x of pieces) apply(lookup(x)!);
      return;
    }
    const kept = clean(phrase).replace(/^[-–—•+.\s]+|[-–—•+,.:\s]+$/g, '');
    if (!matchKey(kept) || result.unmatched.includes(kept)) return;
    result.unmatched.push(kept);
    const unit = suggestion(kept, list);
    if (unit) result.suggestions.push({ phrase: kept, unit });
  };

  for (const segment of text.split(';')) {
    // A line break may be a wrapped line ("Công chức\nTư pháp") or a separator: the whole
    // segment is tried first, then its pieces.
    if (!matchKey(segment)) continue;
    const target = lookup(segment);
    if (target) {
      apply(target);
      continue;
    }
    // Pieces between commas, slashes or line breaks, with the separators kept for the words as written.
    const bits = segment.split(/(\r\n|[,/\n\r])/);
    const parts: string[] = [];
    for (let i = 0; i < bits.length; i += 2) parts.push(bits[i]);
    const join = (from: number, to: number) => bits.slice(from * 2, to * 2 - 1).join('');
    /** A run is known as a whole: a unit or vague group, or (not across a line break) an outside body. */
    const isKnown = (from: number, to: number) => {
      const phrase = join(from, to);
      if (!matchKey(phrase)) return false;
      return !!lookup(phrase) || (!/[\n\r]/.test(phrase) && isOutsideBody(phrase));
    };
    let pending = -1;
    for (let i = 0; i < parts.length; ) {
      let j = parts.length;
      // Longest run of pieces from i that is known as a whole.
      while (j > i && !isKnown(i, j)) j--;
      if (j > i) {
        if (pending >= 0) unknown(join(pending, i));
        pending = -1;
        known(join(i, j));
        i = j;
      } else {
        if (pending < 0) pending = i;
        i++;
      }
    }
    if (pending >= 0) unknown(join(pending, parts.length));
  }
  return result;
}

/** Domains reserved for examples and tests (RFC 2606, RFC 6761): never a real mailbox. */
function isPlaceholderDomain(domain: string): boolean {
  const d = domain.toLowerCase();
  if (/(^|\.)example\.(com|org|net)$/.test(d)) return true;
  return /\.(invalid|test|example|localhost)$/.test(d);
}

/**
 * Why an email cannot be used to remind someone, in Vietnamese, or null when it is fine:
 * empty, malformed, or a placeholder on a reserved domain (the seed uses example.invalid).
 */
export function emailProblem(email: string): string | null {
  const e = clean(email);
  if (!e) return 'Chưa có email, cán bộ sẽ không nhận được nhắc việc';
  if (!isEmail(e)) return `Email "${e}" không đúng định dạng (ví dụ đúng: ten.can.bo@gmail.com)`;
  const domain = e.slice(e.lastIndexOf('@') + 1);
  if (isPlaceholderDomain(domain)) return 'Email mẫu, cần thay bằng email thật của cán bộ';
  return null;
}
