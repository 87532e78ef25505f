/** Rows of the product's sheets, in setup's column order, for tests that fill a sheet directly. */
import { PLAN_COLUMNS, PROGRESS_COLUMNS } from '../../src/core/schema';
import { vnStartOf } from '../../src/core/dates';

type ProgressKey = keyof typeof PROGRESS_COLUMNS;

let serial = 0;

/**
 * A row of "Tiến độ": an entry for `code` dated `reportDate` (recorded that day at 10:00), with a
 * unique note "Ghi nhận N" and submission id, and any column overridden by `over`.
 */
export function progressRow(code: string, reportDate: string, channel = '', quantity = 0, over: Partial<Record<ProgressKey, unknown>> = {}): unknown[] {
  serial++;
  const row: Record<ProgressKey, unknown> = {
    at: new Date(`${reportDate}T10:00:00+07:00`),
    taskCode: code,
    reporter: 'canbo@example.invalid',
    status: 'Đang thực hiện',
    percent: 50,
    channel,
    quantity,
    participants: '',
    note: `Ghi nhận ${serial}`,
    evidenceUrl: '',
    reportDate: new Date(vnStartOf(reportDate)),
    source: 'Thanh bên',
    submissionId: `row-${serial}`,
    ...over,
  };
  return (Object.keys(PROGRESS_COLUMNS) as ProgressKey[]).map((k) => row[k]);
}

/**
 * A row of "Kế hoạch" in setup's column order: task number `n` ("NV09", STT 9, "Nhiệm vụ thử số
 * 9", product "Tin bài", not started), with any column set by `over` (lead, timeframe…).
 */
export function planRow(n: number, over: Partial<Record<keyof typeof PLAN_COLUMNS, unknown>> = {}): unknown[] {
  const row: Partial<Record<keyof typeof PLAN_COLUMNS, unknown>> = {
    code: `NV${String(n).padStart(2, '0')}`,
    stt: String(n),
    task: `Nhiệm vụ thử số ${n}`,
    product: 'Tin bài',
    status: 'Chưa thực hiện',
    percent: 0,
    ...over,
  };
  return (Object.keys(PLAN_COLUMNS) as (keyof typeof PLAN_COLUMNS)[]).map((k) => row[k] ?? '');
}
