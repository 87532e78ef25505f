/**
 * The one entry file: every name Apps Script calls (menu callbacks, triggers,
 * google.script.run targets, doGet/doPost) is assigned to `global` here and nowhere else.
 * gas-webpack-plugin turns each assignment into a top-level function stub in dist/Code.js.
 */
import { onInstall, onOpen, showHelp } from './menu';

global.onOpen = onOpen;
global.onInstall = onInstall;
global.showHelp = showHelp;
