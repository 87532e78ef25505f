/** Reading and writing the emulated workbook from tests, through the Apps Script API itself. */
import type { Sandbox } from '../../emulator/sandbox';

/** Every value of a sheet (header first), or null when the sheet does not exist. */
export function values(sandbox: Sandbox, sheet: string): unknown[][] | null {
  sandbox.context.__name = sheet;
  const out = sandbox.evaluate(`(() => { const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(__name); return s ? s.getDataRange().getValues() : null; })()`) as unknown[][] | null;
  return out === null ? null : JSON.parse(JSON.stringify(out));
}

/** Values of one sheet as objects keyed by header. */
export function rows(sandbox: Sandbox, sheet: string): Record<string, unknown>[] {
  const v = values(sandbox, sheet) ?? [];
  const header = (v[0] ?? []).map(String);
  return v.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
}

/** Runs Apps Script code in the sandbox with `args` bound as `__args`. */
export function run(sandbox: Sandbox, code: string, args: unknown = null): unknown {
  sandbox.context.__args = args;
  return sandbox.evaluate(`(() => { const __a = __args; return (function (args) { ${code} })(__a); })()`);
}

export function notes(sandbox: Sandbox, sheet: string): string[][] {
  return JSON.parse(JSON.stringify(run(sandbox, `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(args); return s.getDataRange().getNotes();`, sheet)));
}

export function backgrounds(sandbox: Sandbox, sheet: string): string[][] {
  return JSON.parse(JSON.stringify(run(sandbox, `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(args); return s.getDataRange().getBackgrounds();`, sheet)));
}

/** Sets cells of a sheet by header: `updates` is a list of [row (1-based), header, value]. */
export function setCells(sandbox: Sandbox, sheet: string, updates: [number, string, unknown][]): void {
  run(
    sandbox,
    `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(args.sheet);
     const header = s.getRange(1, 1, 1, s.getLastColumn()).getValues()[0];
     for (const [row, name, value] of args.updates) {
       const c = header.indexOf(name);
       if (c < 0) throw new Error('no column ' + name);
       s.getRange(row, c + 1).setValue(value);
     }`,
    { sheet, updates },
  );
}

/** Appends rows to a sheet in one setValues (test data set-up). */
export function appendRows(sandbox: Sandbox, sheet: string, data: unknown[][]): void {
  if (!data.length) return;
  run(
    sandbox,
    `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName(args.sheet);
     const need = s.getLastRow() + args.data.length;
     if (need > s.getMaxRows()) s.insertRowsAfter(s.getMaxRows(), need - s.getMaxRows());
     s.getRange(s.getLastRow() + 1, 1, args.data.length, args.data[0].length).setValues(args.data);`,
    { sheet, data },
  );
}

/** Sets the value of one "Cài đặt" row, found by its label (the value as a script would write it). */
export function setSetting(sandbox: Sandbox, label: string, value: unknown): void {
  run(
    sandbox,
    `const s = SpreadsheetApp.getActiveSpreadsheet().getSheetByName('Cài đặt');
     const v = s.getDataRange().getValues();
     const r = v.findIndex((row) => row[0] === args.label);
     if (r < 0) throw new Error('no setting ' + args.label);
     s.getRange(r + 1, 2).setValue(args.value);`,
    { label, value },
  );
}

/** A row of "Nhật ký nhắc việc", by header. */
export interface ReminderLogRow {
  key: string;
  recipient: string;
  tasks: string[];
  result: string;
}

/** The rows of "Nhật ký nhắc việc" (columns found by header). */
export function reminderLogRows(sandbox: Sandbox): ReminderLogRow[] {
  const v = values(sandbox, 'Nhật ký nhắc việc') ?? [];
  const h = (v[0] ?? []) as string[];
  const col = (name: string) => h.indexOf(name);
  return v.slice(1).map((r) => ({
    key: String(r[col('Khóa')]),
    recipient: String(r[col('Người nhận')]),
    tasks: String(r[col('Nhiệm vụ')]).split('\n'),
    result: String(r[col('Kết quả')]),
  }));
}
