/**
 * "Kiểm tra kế hoạch": reads the sheets once, finds every problem, and shows them in the sheet
 * (a note and a colour on the cell) and in a summary dialog. Marks that no longer apply are
 * cleared; notes and colours the user made are left alone.
 */
import { PEOPLE_COLUMNS, PLAN_COLUMNS, SHEETS, findColumns } from '../core/schema';
import type { Problem, Task } from '../core/types';
import { activeSpreadsheet, type Sheet } from './sheets';
import { matchKey } from '../core/text';
import { loadPlan } from './plan';

/** Every note the product writes starts with this, so it can tell its notes from the user's. */
export const NOTE_MARK = '⚠ Kiểm tra kế hoạch: ';
export const ERROR_COLOUR = '#f4cccc';
export const WARNING_COLOUR = '#fff2cc';
/** A lead or coordinator cell naming a body outside the commune: shown, not a problem. */
export const OUTSIDE_COLOUR = '#cfe2f3';
const OUR_COLOURS = [ERROR_COLOUR, WARNING_COLOUR, OUTSIDE_COLOUR];

/** A mark on a cell: a problem, or 'info' (an outside body, kept as written). */
type Mark = Pick<Problem, 'message'> & { severity: Problem['severity'] | 'info' };

export interface ValidationResult {
  tasks: Task[];
  problems: Problem[];
}

/**
 * One cell's note and background once its problems are marked (pure). With problems: our note
 * (a user's own note kept below it) and the error or warning colour. Without: our note and
 * colour removed, the user's note and colour kept. `headerRow` restores the header colour.
 */
export function markedCell(note: string, background: string, problems: Mark[], headerRow = false): { note: string; background: string } {
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
function markSheet(sheet: Sheet | null, header: unknown[], columns: Record<string, string>, rows: number, problems: (Mark & Pick<Problem, 'row' | 'column'>)[]): void {
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
    byCell.set(k, [...(byCell.get(k) ?? []), p as Problem]);
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

/** Notes on the cells naming bodies outside the commune: kept as written, never reminded. */
function outsideMarks(tasks: Task[]): (Mark & Pick<Problem, 'row' | 'column'>)[] {
  const marks: (Mark & Pick<Problem, 'row' | 'column'>)[] = [];
  for (const t of tasks) {
    for (const [column, text] of [[PLAN_COLUMNS.lead, t.leadText], [PLAN_COLUMNS.coordinator, t.coordinatorText]] as const) {
      const named = t.outside.filter((o) => matchKey(text).includes(matchKey(o)));
      if (named.length) marks.push({ row: t.row, column, severity: 'info', message: `Cơ quan ngoài xã (ghi nguyên văn, không gửi nhắc việc): ${named.join('; ')}.` });
    }
  }
  return marks;
}

/** Validates without touching the sheet (for callers that only need the data). */
export function checkPlan(): ValidationResult & { planYear: number } {
  const plan = loadPlan(activeSpreadsheet());
  return { tasks: plan.tasks, problems: plan.problems, planYear: plan.settings.planYear };
}

/** Validates and marks the problems in the sheets. */
export function validateAndMark(): ValidationResult {
  const plan = loadPlan(activeSpreadsheet());
  markSheet(plan.planSheet, plan.planValues[0] ?? [], PLAN_COLUMNS, plan.planValues.length, [...plan.problems.filter((p) => p.sheet === SHEETS.plan), ...outsideMarks(plan.tasks)]);
  markSheet(plan.peopleSheet, plan.peopleValues[0] ?? [], PEOPLE_COLUMNS, plan.peopleValues.length, plan.problems.filter((p) => p.sheet === SHEETS.people));
  return { tasks: plan.tasks, problems: plan.problems };
}

/** The summary dialog's data: counts and the problems in sheet order. */
export function problemSummary(result: ValidationResult): { title: string; errors: number; warnings: number; tasks: number } {
  const errors = result.problems.filter((p) => p.severity === 'error').length;
  const warnings = result.problems.length - errors;
  const title = result.problems.length ? `Kiểm tra kế hoạch: ${errors} lỗi, ${warnings} lưu ý` : 'Kiểm tra kế hoạch: không có vấn đề nào';
  return { title, errors, warnings, tasks: result.tasks.length };
}
