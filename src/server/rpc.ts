/** The google.script.run targets, implementing the typed contract the client pages call. */
import type { ServerFunctions } from '../shared/rpc';
import { importText, previewImportText } from './importPlan';
import { readPlanDocument } from './importDoc';
import { progressFormData, recordProgress } from './progress';
import { generateReport, previewReport, reportOptions } from './reports';
import { rpcAction } from './ui';
import { submitAnswer } from './webapp';

export const rpc: ServerFunctions = {
  previewImport: (text) => rpcAction('previewImport', () => previewImportText(text)),
  importPlanText: (text) => rpcAction('importPlanText', () => importText(text)),
  readPlanDocument: (address) => rpcAction('readPlanDocument', () => readPlanDocument(address)),
  getProgressFormData: () => rpcAction('getProgressFormData', () => progressFormData()),
  submitProgress: (entry) => rpcAction('submitProgress', () => recordProgress(entry, 'sidebar', Session.getActiveUser().getEmail() || Session.getEffectiveUser().getEmail())),
  getReportOptions: () => rpcAction('getReportOptions', () => reportOptions()),
  previewReport: (spec) => rpcAction('previewReport', () => previewReport(spec)),
  generateReport: (spec) => rpcAction('generateReport', () => generateReport(spec)),
  submitAnswer: (token, entry) => rpcAction('submitAnswer', () => submitAnswer(token, entry), { public: true }),
};
