/** What the menu items and the runner call. Each shows its result to the user. */
import { describeSetup, setupWorkbookCore, type SetupResult } from './setup';
import { problemSummary, validateAndMark, type ValidationResult } from './validate';
import { importRows } from './importPlan';
import type { ImportResult, ProgressFormData } from '../shared/rpc';
import { jsonForScript, menuAction, showDialog, userMessage } from './ui';
import { progressFormData } from './progress';

export function setupWorkbook(): SetupResult | null {
  return menuAction('setupWorkbook', () => {
    const result = setupWorkbookCore();
    SpreadsheetApp.getActiveSpreadsheet().toast(describeSetup(result), 'Thiết lập bảng theo dõi', 10);
    return result;
  });
}

export function validatePlan(): ValidationResult | null {
  return menuAction('validatePlan', () => {
    const result = validateAndMark();
    const s = problemSummary(result);
    showDialog('Problems', s.title, 720, 480, { problems: result.problems, tasks: result.tasks.length, summary: `${s.errors} lỗi cần sửa, ${s.warnings} lưu ý, trên ${s.tasks} nhiệm vụ.` });
    return result;
  });
}

export function showImportDialog(): void {
  menuAction('showImportDialog', () => {
    const html = HtmlService.createHtmlOutputFromFile('Import').setWidth(760).setHeight(560);
    SpreadsheetApp.getUi().showModalDialog(html, 'Nhập kế hoạch từ văn bản');
  });
}

/** "Nhập kế hoạch từ Google Docs": the address of the Doc, its tables, then the same preview. */
export function showImportDocDialog(): void {
  menuAction('showImportDocDialog', () => {
    const html = HtmlService.createHtmlOutputFromFile('ImportDoc').setWidth(760).setHeight(560);
    SpreadsheetApp.getUi().showModalDialog(html, 'Nhập kế hoạch từ Google Docs');
  });
}

/**
 * The sidebar with its form data printed into the page (no second google.script.run round
 * trip after load: each costs half a second or more on a live account). A problem reading the
 * plan is printed instead, for the page to show.
 */
export function showProgressSidebar(): void {
  menuAction('showProgressSidebar', () => {
    let initial: { data?: ProgressFormData; error?: string };
    try {
      initial = { data: progressFormData() };
    } catch (e) {
      initial = { error: userMessage(e) };
    }
    const template = HtmlService.createTemplateFromFile('Progress');
    template.initialJson = jsonForScript(initial);
    SpreadsheetApp.getUi().showSidebar(template.evaluate().setTitle('Cập nhật tiến độ'));
  });
}

/** Imports a plan's table given as rows (header included); `{ dryRun: true }` only previews. */
export function importPlanRows(rows: unknown, options?: { dryRun?: boolean }): ImportResult | null {
  return menuAction('importPlanRows', () => importRows(rows, options ?? {}));
}
