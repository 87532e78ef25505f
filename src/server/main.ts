/**
 * The one entry file: every name Apps Script calls (menu callbacks, triggers,
 * google.script.run targets, doGet/doPost) is assigned to `global` here and nowhere else.
 * gas-webpack-plugin turns each assignment into a top-level function stub in dist/Code.js.
 */
import { onInstall, onOpen, showHelp } from './menu';
import { importPlanRows, setupWorkbook, showImportDialog, showProgressSidebar, validatePlan } from './actions';
import { rpc } from './rpc';

// Simple triggers and the menu.
global.onOpen = onOpen;
global.onInstall = onInstall;
global.showHelp = showHelp;
global.setupWorkbook = setupWorkbook;
global.validatePlan = validatePlan;
global.showImportDialog = showImportDialog;
global.showProgressSidebar = showProgressSidebar;
global.importPlanRows = importPlanRows;

// google.script.run targets (src/shared/rpc.ts).
global.previewImport = rpc.previewImport;
global.importPlanText = rpc.importPlanText;
global.getProgressFormData = rpc.getProgressFormData;
global.submitProgress = rpc.submitProgress;
