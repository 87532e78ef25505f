/**
 * The plan as data: rows of "Kế hoạch" and "Cán bộ" (as read by one getValues each) turned
 * into resolved tasks, and every problem a person should fix, named by sheet, row and column.
 */
import { PEOPLE_COLUMNS, PLAN_COLUMNS, SHEETS, findColumns } from './schema';
import { STATUSES, type Assignee, type Person, type Problem, type Settings, type Status, type Task } from './types';
import { cellDate, cellInstant, cellNumber, readText } from './cells';
import { effectiveDeadline, parseTimeframe } from './timeframe';
import { emailProblem, parsePeople, resolveUnits } from './people';
import { parseTaskCode, sectionOf } from './importer';
import { dateParts, formatDmy } from './dates';
import { matchKey } from './text';

export type PlanKey = keyof typeof PLAN_COLUMNS;
export type PeopleKey = keyof typeof PEOPLE_COLUMNS;

/** Columns setup makes that reading cannot do without. */
export const REQUIRED_PLAN_COLUMNS: PlanKey[] = ['code', 'task', 'lead', 'timeframe', 'status', 'percent'];

export interface SheetValues {
  /** All values of the sheet, header row first, as getValues returns them. */
  values: unknown[][];
}

export interface PlanReadResult {
  tasks: Task[];
  people: Person[];
  problems: Problem[];
  /** The highest task code number present in the sheet (0 when none). */
  maxCode: number;
}

function toStatus(v: unknown): Status | null {
  const k = matchKey(v);
  if (!k) return 'Chưa thực hiện';
  return STATUSES.find((s) => matchKey(s) === k) ?? null;
}

function assignee(p: Person): Assignee {
  return { unit: p.unit, name: p.name, email: p.email };
}

/** Reads the directory sheet's values into people, with problems for their emails. */
export function readPeople(values: unknown[][]): { people: Person[]; problems: Problem[] } {
  const problems: Problem[] = [];
  if (!values.length) {
    problems.push({ sheet: SHEETS.people, row: 0, column: '', message: 'Trang "Cán bộ" đang trống: chưa có ai để giao việc và nhắc việc.', severity: 'error' });
    return { people: [], problems };
  }
  const { index, missing } = findColumns(values[0], PEOPLE_COLUMNS);
  for (const key of missing) {
    problems.push({ sheet: SHEETS.people, row: 1, column: PEOPLE_COLUMNS[key], message: `Thiếu cột "${PEOPLE_COLUMNS[key]}". Chạy "Thiết lập bảng theo dõi" để thêm lại.`, severity: 'error' });
  }
  const at = (row: unknown[], key: PeopleKey) => (index[key] === undefined ? '' : row[index[key]!]);
  const people = parsePeople(
    values.slice(1).map((row, i) => ({ unit: at(row, 'unit'), name: at(row, 'name'), email: at(row, 'email'), aliases: at(row, 'aliases'), row: i + 2 })),
  );
  for (const p of people) {
    const message = emailProblem(p.email);
    if (message) problems.push({ sheet: SHEETS.people, row: p.row, column: PEOPLE_COLUMNS.email, message: `${p.unit || p.name}: ${message}`, severity: 'error' });
    if (!p.unit) problems.push({ sheet: SHEETS.people, row: p.row, column: PEOPLE_COLUMNS.unit, message: 'Chưa ghi đơn vị/chức danh: kế hoạch không thể giao việc cho dòng này.', severity: 'warning' });
  }
  return { people, problems };
}

/** A merged block of cells in sheet coordinates (1-based), as Range.getMergedRanges lists them. */
export interface MergedBlock {
  row: number;
  column: number;
  numRows: number;
  numColumns: number;
}

/** "B3:B4" (or "B3") → its block; null when it is no cell reference. */
export function blockOfA1(a1: string): MergedBlock | null {
  const m = /^\$?([A-Z]+)\$?(\d+)(?::\$?([A-Z]+)\$?(\d+))?$/i.exec(a1.replace(/^.*!/, ''));
  if (!m) return null;
  const col = (letters: string) => [...letters.toUpperCase()].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
  const c1 = col(m[1]);
  const r1 = Number(m[2]);
  const c2 = m[3] ? col(m[3]) : c1;
  const r2 = m[4] ? Number(m[4]) : r1;
  return { row: Math.min(r1, r2), column: Math.min(c1, c2), numRows: Math.abs(r2 - r1) + 1, numColumns: Math.abs(c2 - c1) + 1 };
}

/**
 * Sheets keeps a merge's value in its top-left cell and reads "" in the others. A cell merged
 * down several rows (one "Thời gian thực hiện" over two tasks, as plans pasted from Word have)
 * means that value for every row it covers: this writes it into each of those rows of `values`
 * (whose first row is the sheet's row `firstRow`), in the merge's first column. Merges across
 * columns only are left alone: a group heading spread across the table stays one text.
 */
export function fillMergedRows(values: unknown[][], merges: readonly MergedBlock[], firstRow = 1): void {
  for (const m of merges) {
    if (m.numRows < 2) continue;
    const top = values[m.row - firstRow];
    if (!top) continue;
    const value = top[m.column - 1];
    for (let r = m.row + 1; r < m.row + m.numRows; r++) {
      const row = values[r - firstRow];
      if (row && m.column - 1 < row.length) row[m.column - 1] = value;
    }
  }
}

/**
 * The group heading a plan row holds ("I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", often one cell merged
 * across the table), or null: a row without a code whose only text is a heading, read by the
 * importer's rule. Such a row is no task: it gets no code and heads the tasks below it.
 */
export function planSectionHeading(row: unknown[], index: Partial<Record<PlanKey, number>>): string | null {
  if (index.code !== undefined && readText(row[index.code]) !== '') return null;
  return sectionOf(
    row.map((v) => readText(v)),
    { stt: index.stt, timeframe: index.timeframe, lead: index.lead },
  );
}

/** How far down "Kế hoạch" the header row is looked for (title rows above it are allowed). */
export const HEADER_SEARCH_ROWS = 10;

/**
 * The index in `values` of the plan's header row: the first of the first HEADER_SEARCH_ROWS
 * rows holding both the "Mã" and the "Nhiệm vụ cụ thể" headers (an office may put the plan's
 * title, or a blank row, above the table). -1 when no row does.
 */
export function findPlanHeader(values: unknown[][]): number {
  const n = Math.min(values.length, HEADER_SEARCH_ROWS);
  for (let i = 0; i < n; i++) {
    const { index } = findColumns(values[i], PLAN_COLUMNS);
    if (index.code !== undefined && index.task !== undefined) return i;
  }
  return -1;
}

/**
 * Reads "Kế hoạch" (and the directory) into tasks. Every task found is returned, even one
 * with problems, so that nothing in the sheet is silently dropped. `planValues` starts at the
 * header row, which is the sheet's row `headerRow` (1 unless title rows sit above it): task and
 * problem rows are the sheet's.
 */
export function readPlan(planValues: unknown[][], peopleValues: unknown[][], settings: Settings, headerRow = 1): PlanReadResult {
  const { people, problems } = readPeople(peopleValues);
  const tasks: Task[] = [];
  let maxCode = 0;
  if (!planValues.length) {
    problems.push({ sheet: SHEETS.plan, row: 0, column: '', message: 'Trang "Kế hoạch" đang trống. Chạy "Thiết lập bảng theo dõi" hoặc "Nhập kế hoạch từ văn bản".', severity: 'error' });
    return { tasks, people, problems, maxCode };
  }
  const { index, missing } = findColumns(planValues[0], PLAN_COLUMNS);
  for (const key of missing.filter((k) => REQUIRED_PLAN_COLUMNS.includes(k))) {
    problems.push({ sheet: SHEETS.plan, row: headerRow, column: PLAN_COLUMNS[key], message: `Thiếu cột "${PLAN_COLUMNS[key]}". Chạy "Thiết lập bảng theo dõi" để thêm lại (dữ liệu đang có được giữ nguyên).`, severity: 'error' });
  }
  const at = (row: unknown[], key: PlanKey) => (index[key] === undefined ? '' : row[index[key]!]);
  const seenCodes = new Map<string, number>();
  const year = settings.planYear;
  /** The group heading row above (a section row), for tasks with an empty "Nhóm". */
  let heading = '';

  planValues.slice(1).forEach((row, i) => {
    const r = i + headerRow + 1;
    const text = (key: PlanKey) => readText(at(row, key));
    const code = text('code').toUpperCase();
    const taskText = text('task');
    const rowEmpty = row.every((v) => readText(v) === '');
    if (rowEmpty) return;
    const sectionRow = planSectionHeading(row, index);
    if (sectionRow !== null) {
      heading = sectionRow;
      return;
    }
    const problem = (key: PlanKey, message: string, severity: Problem['severity'] = 'error') =>
      problems.push({ sheet: SHEETS.plan, row: r, column: PLAN_COLUMNS[key], message: `${code || `Dòng ${r}`}: ${message}`, severity });

    const n = parseTaskCode(code);
    if (n !== null) maxCode = Math.max(maxCode, n);
    if (!code) problem('code', 'Chưa có mã nhiệm vụ. Chạy "Thiết lập bảng theo dõi" để cấp mã.');
    else if (n === null) problem('code', `Mã "${code}" không đúng dạng NV01, NV02…`);
    else if (seenCodes.has(code)) problem('code', `Mã trùng với dòng ${seenCodes.get(code)}. Mỗi nhiệm vụ cần một mã riêng: xóa mã ở dòng này rồi chạy "Thiết lập bảng theo dõi" để cấp mã mới.`);
    else seenCodes.set(code, r);

    if (!taskText) problem('task', 'Chưa ghi nội dung nhiệm vụ.');

    const leadText = text('lead');
    const coordinatorText = text('coordinator');
    const leads = resolveUnits(leadText, people);
    const coordinators = resolveUnits(coordinatorText, people);
    if (!leadText) problem('lead', 'Chưa ghi cán bộ, công chức chủ trì.', 'warning');
    if (leads.outside.length && !leads.people.length && !leads.unmatched.length && !leads.vague) {
      problem('lead', `Chủ trì là cơ quan ngoài xã (${leads.outside.join('; ')}): không cán bộ nào của xã được nhắc việc cho nhiệm vụ này. Nếu xã có người theo dõi, ghi thêm đơn vị đó.`, 'warning');
    }
    for (const [key, read] of [['lead', leads], ['coordinator', coordinators]] as const) {
      for (const u of read.unmatched) {
        const near = read.suggestions.find((x) => x.phrase === u);
        const hint = near ? ` Có phải là "${near.unit}"? Nếu đúng, thêm "${u}" vào cột "Tên gọi khác" của đơn vị đó.` : ' Thêm đơn vị này (hoặc tên gọi khác) vào trang "Cán bộ", hoặc sửa lại tên cho khớp.';
        problem(key, `"${u}" không khớp với đơn vị nào trong trang "Cán bộ".${hint}`);
      }
    }

    const tf = parseTimeframe(text('timeframe'), year);
    let window: Task['window'] = null;
    let computed: string | null = null;
    let recurring = false;
    let recurrence: Task['recurrence'] = 'none';
    if (tf.ok) {
      window = tf.timeframe.window;
      computed = tf.timeframe.deadline;
      recurring = tf.timeframe.recurring;
      recurrence = tf.timeframe.recurrence;
    } else {
      problem('timeframe', tf.message);
    }

    const overrideRaw = at(row, 'deadlineOverride');
    let override: string | null = null;
    if (readText(overrideRaw) !== '') {
      override = cellDate(overrideRaw);
      if (!override) problem('deadlineOverride', `"${readText(overrideRaw)}" không phải một ngày (dd/mm/yyyy).`);
    }
    const deadline = effectiveDeadline(computed, override);
    if (deadline && dateParts(deadline).year !== year) {
      problem(override ? 'deadlineOverride' : 'timeframe', `Thời hạn ${formatDmy(deadline)} nằm ngoài năm kế hoạch ${year}.`, 'warning');
    }

    const status = toStatus(at(row, 'status'));
    if (!status) problem('status', `Trạng thái "${text('status')}" không hợp lệ; chọn một trong: ${STATUSES.join(', ')}.`);
    let percent = cellNumber(at(row, 'percent'));
    if (percent !== null && percent > 0 && percent <= 1 && typeof at(row, 'percent') === 'number' && !Number.isInteger(percent)) {
      // A cell formatted as % holds a fraction (0.5 shows as 50%).
      percent = Math.round(percent * 100);
    }
    if (percent === null) percent = 0;
    if (percent < 0 || percent > 100) {
      problem('percent', `Tiến độ ${percent}% phải từ 0 đến 100.`);
      percent = Math.min(100, Math.max(0, percent));
    }

    tasks.push({
      code,
      stt: text('stt'),
      section: text('section') || heading,
      task: taskText,
      product: text('product'),
      leadText,
      coordinatorText,
      timeframeText: text('timeframe'),
      leads: leads.people.map(assignee),
      coordinators: coordinators.people.filter((p) => !leads.people.includes(p)).map(assignee),
      outside: [...leads.outside, ...coordinators.outside.filter((o) => !leads.outside.includes(o))],
      window,
      deadline,
      recurring,
      recurrence,
      status: status ?? 'Chưa thực hiện',
      percent,
      lastUpdate: cellInstant(at(row, 'lastUpdate')),
      row: r,
    });
  });
  return { tasks, people, problems, maxCode };
}
