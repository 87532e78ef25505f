/**
 * "Kiểm tra kế hoạch": reads the sheets once, finds every problem, and shows them in the sheet
 * (a note and a colour on the cell) and in a summary dialog. Marks that no longer apply are
 * cleared; notes and colours the user made are left alone.
 */
import { PEOPLE_COLUMNS, PLAN_COLUMNS, SHEETS, findColumns } from '../core/schema';
import type { Problem, Task } from '../core/types';
import { readText } from '../core/cells';
import { activeSpreadsheet, withScriptLock, type Sheet } from './sheets';
import { matchKey } from '../core/text';
import { loadPlan } from './plan';
import type { MergedBlock } from '../core/plan';

/** Every note the product writes starts with this, so it can tell its notes from the user's. */
export const NOTE_MARK = '⚠ Kiểm tra kế hoạch: ';
export const ERROR_COLOUR = '#f4cccc';
export const WARNING_COLOUR = '#fff2cc';
/** A lead or coordinator cell naming a body outside the commune: shown, not a problem. */
export const OUTSIDE_COLOUR = '#cfe2f3';
const OUR_COLOURS = [ERROR_COLOUR, WARNING_COLOUR, OUTSIDE_COLOUR];

/** A mark on a cell: a problem, or 'info' (an outside body, kept as written). */
type Mark = Pick<Problem, 'message' | 'row' | 'column'> & { severity: Problem['severity'] | 'info' };

export interface ValidationResult {
  tasks: Task[];
  problems: Problem[];
}

/**
 * One cell's note and background once its problems are marked (pure). With problems: our note
 * (a user's own note kept below it) and the error or warning colour. Without: our note and
 * colour removed, the user's note and colour kept. `headerRow` restores the header colour.
 */
export function markedCell(note: string, background: string, problems: Pick<Mark, 'message' | 'severity'>[], headerRow = false): { note: string; background: string } {
  const ours = note.startsWith(NOTE_MARK);
  if (problems.length) {
    const text = NOTE_MARK + problems.map((p) => p.message).join('\n• ');
    const userNote = ours ? '' : note;
    const colour = problems.some((p) => p.severity === 'error') ? ERROR_COLOUR : problems.some((p) => p.severity === 'warning') ? WARNING_COLOUR : OUTSIDE_COLOUR;
    return { note: userNote ? `${text}\n\n${userNote}` : text, background: colour };
  }
  const rest = ours ? (note.includes('\n\n') ? note.slice(note.indexOf('\n\n') + 2) : '') : note;
  const colour = OUR_COLOURS.includes(background) ? (headerRow ? '#d9ead3' : '#ffffff') : background;
  return { note: rest, background: colour };
}

/**
 * Writes the marks of one sheet's problems: one getNotes, one getBackgrounds, one setNotes and
 * one setBackgrounds over the used range, whatever the number of rows.
 */
function markSheet(sheet: Sheet | null, header: unknown[], columns: Record<string, string>, rows: number, problems: Problem[]): void {
  if (!sheet || rows < 1 || !header.length) return;
  const width = header.length;
  const { index } = findColumns(header, columns);
  const byCell = new Map<string, Problem[]>();
  const keyOf = (label: string) => (Object.keys(columns) as string[]).find((k) => columns[k] === label);
  for (const p of problems) {
    if (p.row < 1 || !p.column) continue;
    const key = keyOf(p.column);
    const c = key === undefined ? undefined : (index as Record<string, number | undefined>)[key];
    if (c === undefined || p.row > rows) continue;
    const k = `${p.row}:${c}`;
    byCell.set(k, [...(byCell.get(k) ?? []), p]);
  }
  const range = sheet.getRange(1, 1, rows, width);
  const notes = range.getNotes();
  const backgrounds = range.getBackgrounds();
  let changed = false;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) {
      const next = markedCell(notes[r][c], backgrounds[r][c], byCell.get(`${r + 1}:${c}`) ?? [], r === 0);
      if (next.note !== notes[r][c] || next.background !== backgrounds[r][c]) {
        notes[r][c] = next.note;
        backgrounds[r][c] = next.background;
        changed = true;
      }
    }
  }
  if (!changed) return;
  range.setNotes(notes);
  range.setBackgrounds(backgrounds);
}

/** Validates without touching the sheet (for callers that only need the data). */
export function checkPlan(): ValidationResult & { planYear: number } {
  const plan = loadPlan(activeSpreadsheet());
  return { tasks: plan.tasks, problems: plan.problems, planYear: plan.settings.planYear };
}

/** The task codes below the plan's header, as they are now (getLastRow + one read). */
function codesNow(sheet: Sheet, headerRow: number, codeColumn: number): string[] {
  const last = sheet.getLastRow();
  if (last <= headerRow) return [];
  return sheet
    .getRange(headerRow + 1, codeColumn + 1, last - headerRow, 1)
    .getValues()
    .map((r) => readText(r[0]).toUpperCase());
}

/** Identifies each task row by its code (the nth row holding a code: "NV03#2"), a row without code by its place. */
function rowKeys(codes: string[]): string[] {
  const seen = new Map<string, number>();
  return codes.map((code, i) => {
    if (!code) return `#${i}`;
    const n = (seen.get(code) ?? 0) + 1;
    seen.set(code, n);
    return `${code}#${n}`;
  });
}

const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Written again at most this many times while people keep moving rows. */
const MARK_ATTEMPTS = 4;

/**
 * Marks the plan's problems with notes and colours that follow each task's code: a person may
 * insert, delete or sort rows while this runs (their edits take no lock). The notes and
 * colours are read with the codes read just before and just after them (a read during a move
 * is done again), so each row's own notes are known by its code; after writing, the codes are
 * read again, and if the rows moved meanwhile everything is written again where each code is
 * now, from what was read. A user's own note thus never moves to another task.
 */
function markPlanSheet(sheet: Sheet | null, headerRow: number, planValues: unknown[][], problems: Mark[], merges: readonly MergedBlock[] = []): void {
  if (!sheet || !planValues.length) return;
  const header = planValues[0];
  const width = header.length;
  const { index } = findColumns(header, PLAN_COLUMNS);
  if (index.code === undefined || !width) return;
  const codeColumn = index.code;
  const keyOfColumn = (label: string) => (Object.keys(PLAN_COLUMNS) as (keyof typeof PLAN_COLUMNS)[]).find((k) => PLAN_COLUMNS[k] === label);
  // Problems by row key (the read's layout) and column.
  const readKeys = rowKeys(planValues.slice(1).map((r) => readText(r[codeColumn]).toUpperCase()));
  const byCell = new Map<string, Mark[]>();
  for (const p of problems) {
    if (!p.column) continue;
    const key = keyOfColumn(p.column);
    const c = key === undefined ? undefined : index[key];
    if (c === undefined) continue;
    // A cell merged down several rows shows only its top-left cell: the marks of the rows it
    // covers go there, together (a note on a hidden cell would never be seen).
    const merge = merges.find((m) => m.numRows > 1 && m.column === c + 1 && p.row > m.row && p.row < m.row + m.numRows);
    const row = merge && merge.row > headerRow ? merge.row : p.row;
    const rowKey = row === headerRow ? 'header' : readKeys[row - headerRow - 1];
    if (!rowKey) continue;
    const k = `${rowKey}|${c}`;
    byCell.set(k, [...(byCell.get(k) ?? []), p]);
  }

  let layout = planValues.slice(1).map((r) => readText(r[codeColumn]).toUpperCase());
  /** Notes and colours as read, by row key ("header" for the header row). */
  let saved: Map<string, { notes: string[]; backgrounds: string[] }> | null = null;
  let wrote = false;
  for (let attempt = 0; attempt < MARK_ATTEMPTS; attempt++) {
    if (!saved) {
      const range = sheet.getRange(headerRow, 1, layout.length + 1, width);
      const notes = range.getNotes();
      const backgrounds = range.getBackgrounds();
      const after = codesNow(sheet, headerRow, codeColumn);
      if (!sameList(after, layout)) {
        layout = after; // rows moved while reading: read again
        continue;
      }
      const keys = rowKeys(layout);
      saved = new Map([['header', { notes: notes[0], backgrounds: backgrounds[0] }]]);
      keys.forEach((k, i) => saved!.set(k, { notes: notes[i + 1], backgrounds: backgrounds[i + 1] }));
    }
    const keys = ['header', ...rowKeys(layout)];
    const notes: string[][] = [];
    const backgrounds: string[][] = [];
    let changed = wrote; // after a move, everything is written again
    keys.forEach((key, r) => {
      const from = saved!.get(key) ?? { notes: new Array<string>(width).fill(''), backgrounds: new Array<string>(width).fill('#ffffff') };
      const rowNotes: string[] = [];
      const rowColours: string[] = [];
      for (let c = 0; c < width; c++) {
        const next = markedCell(from.notes[c] ?? '', from.backgrounds[c] ?? '#ffffff', byCell.get(`${key}|${c}`) ?? [], r === 0);
        if (next.note !== from.notes[c] || next.background !== from.backgrounds[c]) changed = true;
        rowNotes.push(next.note);
        rowColours.push(next.background);
      }
      notes.push(rowNotes);
      backgrounds.push(rowColours);
    });
    if (!changed) return;
    const range = sheet.getRange(headerRow, 1, keys.length, width);
    range.setNotes(notes);
    range.setBackgrounds(backgrounds);
    wrote = true;
    const after = codesNow(sheet, headerRow, codeColumn);
    if (sameList(after, layout)) return;
    console.warn(`validatePlan: rows of "${SHEETS.plan}" moved while marking; marking again by code.`);
    layout = after;
  }
}

/** Notes on the cells naming bodies outside the commune: kept as written, never reminded. */
function outsideMarks(tasks: Task[]): Mark[] {
  const marks: Mark[] = [];
  for (const t of tasks) {
    for (const [column, text] of [[PLAN_COLUMNS.lead, t.leadText], [PLAN_COLUMNS.coordinator, t.coordinatorText]] as const) {
      const named = t.outside.filter((o) => matchKey(text).includes(matchKey(o)));
      if (named.length) marks.push({ row: t.row, column, severity: 'info', message: `Cơ quan ngoài xã (ghi nguyên văn, không gửi nhắc việc): ${named.join('; ')}.` });
    }
  }
  return marks;
}

/** Validates and marks the problems in the sheets, under the lock (writers of the notes wait). */
export function validateAndMark(): ValidationResult {
  return withScriptLock(() => {
    const plan = loadPlan(activeSpreadsheet());
    markPlanSheet(plan.planSheet, plan.headerRow, plan.planValues, [...plan.problems.filter((p) => p.sheet === SHEETS.plan), ...outsideMarks(plan.tasks)], plan.merges);
    markSheet(plan.peopleSheet, plan.peopleValues[0] ?? [], PEOPLE_COLUMNS, plan.peopleValues.length, plan.problems.filter((p) => p.sheet === SHEETS.people));
    return { tasks: plan.tasks, problems: plan.problems };
  });
}

/** The summary dialog's data: counts and the problems in sheet order. */
export function problemSummary(result: ValidationResult): { title: string; errors: number; warnings: number; tasks: number } {
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  const warnings = result.problems.length - errors;
  const title = result.problems.length ? `Kiểm tra kế hoạch: ${errors} lỗi, ${warnings} lưu ý` : 'Kiểm tra kế hoạch: không có vấn đề nào';
  return { title, errors, warnings, tasks: result.tasks.length };
}
