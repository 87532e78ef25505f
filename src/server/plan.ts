/** The plan as the rest of the server sees it: three sheets read once each, resolved in core. */
import { PLAN_COLUMNS, SHEETS } from '../core/schema';
import { blockOfA1, fillMergedRows, findPlanHeader, HEADER_SEARCH_ROWS, readPlan, type MergedBlock } from '../core/plan';
import type { Person, Problem, Settings, Task } from '../core/types';
import { readSheet, UserError, type Range, type Sheet, type Spreadsheet } from './sheets';
import { settingsFromValues } from './settings';

export interface LoadedPlan {
  settings: Settings;
  tasks: Task[];
  people: Person[];
  problems: Problem[];
  planSheet: Sheet | null;
  peopleSheet: Sheet | null;
  /** "Kế hoạch" from its header row on (title rows above it left out). */
  planValues: unknown[][];
  /** The sheet row (1-based) of the plan's header. */
  headerRow: number;
  peopleValues: unknown[][];
  /** The plan's merged blocks (sheet coordinates); a vertical merge's value is in every row it covers. */
  merges: MergedBlock[];
}

/** "Kế hoạch" as read: its values from the header row on, or what makes it unreadable. */
export interface PlanSheet {
  sheet: Sheet | null;
  values: unknown[][];
  headerRow: number;
  /** Why no task can be read from it (in Vietnamese), or null. */
  problem: string | null;
  /** Its merged blocks (sheet coordinates). */
  merges: MergedBlock[];
}

/**
 * The merged blocks of a range: one getMergedRanges, then one getA1Notation per merge (none
 * when nothing is merged), whatever the number of rows.
 */
export function mergedBlocks(range: Range): MergedBlock[] {
  const out: MergedBlock[] = [];
  for (const m of range.getMergedRanges()) {
    const block = blockOfA1(m.getA1Notation());
    if (block) out.push(block);
  }
  return out;
}

/**
 * The values of "Kế hoạch" in one getValues (plus its merges), a cell merged down several rows
 * read as holding its value in each of them (fillMergedRows). [] for an empty sheet.
 */
export function readPlanValues(sheet: Sheet): { values: unknown[][]; merges: MergedBlock[] } {
  const range = sheet.getDataRange();
  const values = range.getValues();
  if (values.length === 1 && values[0].every((v) => v === '')) return { values: [], merges: [] };
  const merges = mergedBlocks(range);
  fillMergedRows(values, merges);
  return { values, merges };
}

/** The plan sheet is missing (renamed or deleted): what to do about it. */
export const PLAN_MISSING = `Không tìm thấy trang "${SHEETS.plan}" (trang có thể đã bị đổi tên hoặc bị xóa). Đặt lại đúng tên trang là "${SHEETS.plan}"; nếu trang đã bị xóa, chạy "Thiết lập bảng theo dõi" để tạo lại rồi nhập lại kế hoạch.`;

/** Reads "Kế hoạch" in one getValues and finds its header row (below title rows, if any). */
export function readPlanSheet(ss: Spreadsheet): PlanSheet {
  const sheet = ss.getSheetByName(SHEETS.plan);
  // A workbook never set up (no log either) reads as an empty plan, as before setup.
  if (!sheet) return { sheet, values: [], headerRow: 1, problem: ss.getSheetByName(SHEETS.progress) ? PLAN_MISSING : null, merges: [] };
  const { values: all, merges } = readPlanValues(sheet);
  if (!all.length) {
    if (!ss.getSheetByName(SHEETS.progress)) return { sheet, values: [], headerRow: 1, problem: null, merges };
    return { sheet, values: [], headerRow: 1, merges, problem: `Trang "${SHEETS.plan}" đang trống. Chạy "Thiết lập bảng theo dõi" hoặc "Nhập kế hoạch từ văn bản".` };
  }
  const at = findPlanHeader(all);
  if (at < 0) {
    return {
      sheet,
      values: all,
      headerRow: 1,
      merges,
      problem:
        `Không đọc được trang "${SHEETS.plan}": không thấy dòng tiêu đề có cột "${PLAN_COLUMNS.code}" và cột "${PLAN_COLUMNS.task}" trong ${HEADER_SEARCH_ROWS} dòng đầu. ` +
        `Có thể tên cột đã bị sửa hoặc bảng bị dời xuống dưới. Sửa lại tên cột cho đúng, hoặc chạy "Thiết lập bảng theo dõi" (dữ liệu đang có được giữ nguyên).`,
    };
  }
  return { sheet, values: all.slice(at), headerRow: at + 1, problem: null, merges };
}

/**
 * The plan, resolved. Refuses (a UserError saying what is wrong with the sheet) when "Kế hoạch"
 * is missing, empty or has no recognisable header: no operation should act on "no tasks" then.
 */
export function loadPlan(ss: Spreadsheet): LoadedPlan {
  const settingsRead = settingsFromValues(readSheet(ss.getSheetByName(SHEETS.settings)));
  const plan = readPlanSheet(ss);
  if (plan.problem) throw new UserError(plan.problem);
  const planSheet = plan.sheet;
  const planValues = plan.values;
  const peopleSheet = ss.getSheetByName(SHEETS.people);
  const peopleValues = readSheet(peopleSheet);
  const read = readPlan(planValues, peopleValues, settingsRead.settings, plan.headerRow);
  return {
    settings: settingsRead.settings,
    tasks: read.tasks,
    people: read.people,
    problems: [...settingsRead.problems, ...read.problems],
    planSheet,
    peopleSheet,
    planValues,
    headerRow: plan.headerRow,
    peopleValues,
    merges: plan.merges,
  };
}
