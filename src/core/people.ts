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
import { clean, isEmail, matchKey, stripDiacritics } from './text';

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
  /** Parts of the cell that name nothing known, in the cell's own words (NFC, trimmed). */
  unmatched: string[];
}

/** A word of a text on the matchKey form, with its span in the (NFC) text. */
interface KeyWord {
  key: string;
  start: number;
  end: number;
}

/**
 * Splits a text into matchKey words, remembering where each came from, so that a match
 * on keys can be mapped back to the text the person typed. Joined with single spaces the
 * keys equal `matchKey(text)`.
 */
function keyWords(text: string): KeyWord[] {
  const words: KeyWord[] = [];
  let cur: KeyWord | null = null;
  const flush = () => {
    if (cur) words.push(cur);
    cur = null;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '&') {
      flush();
      words.push({ key: 'va', start: i, end: i + 1 });
      continue;
    }
    const base = stripDiacritics(ch).toLowerCase();
    if (base === '') {
      // A combining mark left after NFC: part of the current word.
      if (cur) (cur as KeyWord).end = i + 1;
      continue;
    }
    for (const b of base) {
      if (/[a-z0-9%]/.test(b)) {
        if (!cur) cur = { key: '', start: i, end: i + 1 };
        (cur as KeyWord).key += b;
        (cur as KeyWord).end = i + 1;
      } else {
        flush();
      }
    }
  }
  flush();
  return words;
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

/** Characters that separate the names in a cell. "và" (as a word) and "&" also do. */
const SEPARATOR_CHARS = /[,;/\\\n\r\t\-–—&+|]/;

/**
 * Reads a lead or coordinator cell against the directory. Matching ignores case,
 * diacritics, spacing, punctuation and "&" versus "và"; it uses the units and their
 * aliases (an alias typed on any row of a unit names the whole unit), so a cell naming
 * several units assigns them all, and a unit held by several people assigns each of them. Names are found longest first, so "Bộ phận Một cửa UBND xã"
 * is not read as "UBND xã" plus a remainder.
 */
export function resolveUnits(cell: string, directory: Person[]): ResolvedUnits {
  const text = String(cell ?? '').normalize('NFC');
  const words = keyWords(text);
  const claimed: boolean[] = words.map(() => false);
  const found: { at: number; people: Person[] }[] = [];
  let vague = false;

  // Only candidates whose words all occur, in a row, in the cell can match: look those up and
  // try them in the same order (longest first) as the whole list would be.
  const { list, byWords, maxWords } = candidates(directory);
  const tried = new Set<number>();
  for (let i = 0; i < words.length; i++) {
    let key = '';
    for (let n = 1; n <= maxWords && i + n <= words.length; n++) {
      key = n === 1 ? words[i].key : `${key} ${words[i + n - 1].key}`;
      const hit = byWords.get(key);
      if (hit !== undefined) tried.add(hit);
    }
  }
  for (const c of [...tried].sort((a, b) => a - b)) {
    const cand = list[c];
    const n = cand.words.length;
    for (let i = 0; i + n <= words.length; i++) {
      let ok = true;
      for (let j = 0; j < n && ok; j++) ok = !claimed[i + j] && words[i + j].key === cand.words[j];
      if (!ok) continue;
      for (let j = 0; j < n; j++) claimed[i + j] = true;
      if (cand.target.kind === 'vague') vague = true;
      else found.push({ at: i, people: cand.target.people });
      i += n - 1;
    }
  }

  found.sort((a, b) => a.at - b.at);
  const people: Person[] = [];
  for (const f of found) for (const p of f.people) if (!people.includes(p)) people.push(p);

  // What is left: every character not inside a match, not a separator, and not the word
  // "và", grouped into runs, each run reported as it was written.
  const blocked: boolean[] = new Array<boolean>(text.length).fill(false);
  words.forEach((w, i) => {
    const literal = text.slice(w.start, w.end).toLowerCase();
    const isAnd = literal === 'và' || literal === 'va';
    if (claimed[i]) {
      // A match covers its words and whatever lies between them ("HĐND&UBND").
      const last = i + 1 < words.length && claimed[i + 1] ? words[i + 1].start : w.end;
      for (let k = w.start; k < last; k++) blocked[k] = true;
    } else if (isAnd) {
      for (let k = w.start; k < w.end; k++) blocked[k] = true;
    }
  });
  const unmatched: string[] = [];
  let run = '';
  const flushRun = () => {
    const fragment = clean(run);
    run = '';
    if (matchKey(fragment) !== '' && !unmatched.includes(fragment)) unmatched.push(fragment);
  };
  for (let k = 0; k < text.length; k++) {
    if (blocked[k] || SEPARATOR_CHARS.test(text[k])) flushRun();
    else run += text[k];
  }
  flushRun();

  return { people, vague, unmatched };
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
