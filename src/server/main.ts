/**
 * The one entry file: every name Apps Script calls (menu callbacks, triggers,
 * google.script.run targets, doGet/doPost) is assigned to `global` here and nowhere else.
 * gas-webpack-plugin turns each assignment into a top-level function stub in dist/Code.js.
 */
import { onInstall, onOpen, showHelp } from './menu';
import { importPlanRows, setupWorkbook, showImportDialog, showImportDocDialog, showProgressSidebar, validatePlan } from './actions';
import { rpc } from './rpc';
import { showReportDialog } from './reports';
import { refreshDashboard } from './dashboard';
import { installTriggers, removeTriggers, runDailyReminders, runHourly, sendRemindersNow, toggleReminders } from './reminders';
import { onAnswerSubmit } from './answerForm';
import { processReplies } from './replies';
import { rotateLinkSecret } from './secret';
import { doGet, doPost } from './webapp';
import { systemCheck } from './systemCheck';
import { onEdit } from './onEdit';

// Simple triggers and the menu.
global.onOpen = onOpen;
global.onInstall = onInstall;
global.onEdit = onEdit;
global.showHelp = showHelp;
global.setupWorkbook = setupWorkbook;
global.validatePlan = validatePlan;
global.showImportDialog = showImportDialog;
global.showImportDocDialog = showImportDocDialog;
global.showProgressSidebar = showProgressSidebar;
global.importPlanRows = importPlanRows;
global.showReportDialog = showReportDialog;
global.refreshDashboard = refreshDashboard;
global.toggleReminders = toggleReminders;
global.sendRemindersNow = sendRemindersNow;
global.rotateLinkSecret = rotateLinkSecret;
global.systemCheck = systemCheck;

// Triggers (reminders, the answer form, email replies) and the web app behind the links in reminders.
// runHourly: the reminders' trigger; runDailyReminders: the day's run at once (npm run local), and
// the handler of the daily trigger earlier versions installed (its next run replaces it).
global.runDailyReminders = runDailyReminders;
global.runHourly = runHourly;
global.onAnswerSubmit = onAnswerSubmit;
global.processReplies = processReplies;
global.installTriggers = installTriggers;
global.removeTriggers = removeTriggers;
global.doGet = doGet;
global.doPost = doPost;

// google.script.run targets (src/shared/rpc.ts).
global.previewImport = rpc.previewImport;
global.importPlanText = rpc.importPlanText;
global.readPlanDocument = rpc.readPlanDocument;
global.getProgressFormData = rpc.getProgressFormData;
global.submitProgress = rpc.submitProgress;
global.getReportOptions = rpc.getReportOptions;
global.previewReport = rpc.previewReport;
global.generateReport = rpc.generateReport;
global.submitAnswer = rpc.submitAnswer;
