/**
 * The reminder journal's rows as property values: a sent email whose log row could not be
 * written is kept in this spreadsheet's properties until a run writes it to the log. Apps Script
 * allows 9 KB a value (developers.google.com/apps-script/guides/services/quotas), so a row whose
 * items would not fit is split into rows of fewer items; every item line is kept, because the
 * items are what stops the next run from sending them again.
 */

export interface JournalRow {
  key: string;
  at: string;
  recipient: string;
  tasks: string;
  result: string;
  /** The property holding it (absent for a row not stored yet). */
  property?: string;
}

/** Bytes of one journal value: under the 9 KB limit, with room for the property's name. */
export const JOURNAL_VALUE_BYTES = 8 * 1024;

/** How many bytes `s` takes in UTF-8. */
export function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    n += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return n;
}

/** The row as JSON values of at most JOURNAL_VALUE_BYTES each (split by item lines when needed). */
export function journalValues(row: JournalRow): string[] {
  const whole = JSON.stringify({ key: row.key, at: row.at, recipient: row.recipient, tasks: row.tasks, result: row.result });
  if (utf8Length(whole) <= JOURNAL_VALUE_BYTES) return [whole];
  const result = row.result.slice(0, 300);
  const value = (tasks: string[]) => JSON.stringify({ key: row.key, at: row.at, recipient: row.recipient, tasks: tasks.join('\n'), result });
  const out: string[] = [];
  let part: string[] = [];
  for (const line of row.tasks.split('\n')) {
    if (part.length && utf8Length(value([...part, line])) > JOURNAL_VALUE_BYTES) {
      out.push(value(part));
      part = [];
    }
    part.push(line);
  }
  if (part.length) out.push(value(part));
  return out;
}
