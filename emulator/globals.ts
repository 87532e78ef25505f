/**
 * The Apps Script global services of one emulated project, built from the fakes in
 * emulator/services/. The sandbox puts these on its global object; tests may also use them
 * directly from Node.
 */
import type { Env } from './core/env';
import { createSpreadsheetApp } from './services/spreadsheet/spreadsheet';
import { createPropertiesService } from './services/properties';
import { createCacheService } from './services/cache';
import { createLockService } from './services/lock';
import { createUtilities } from './services/utilities';
import { createSession } from './services/session';
import { createScriptApp } from './services/script';
import { createHtmlService } from './services/html';
import { createLogger, createConsole } from './services/base';
import { createContentService } from './services/content';
import { createMailApp } from './services/mail';
import { createGmailApp } from './services/gmail';
import { createDocumentApp } from './services/docs/document';
import { createDriveApp } from './services/docs/drive';
import { createCharts } from './services/spreadsheet/charts';
import { createFormApp } from './services/forms';
import { createDocs } from './services/docs/docsApi';
import { createDriveApi } from './services/docs/driveApi';

export interface AppsScriptGlobals {
  SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  PropertiesService: GoogleAppsScript.Properties.PropertiesService;
  CacheService: GoogleAppsScript.Cache.CacheService;
  LockService: GoogleAppsScript.Lock.LockService;
  Utilities: GoogleAppsScript.Utilities.Utilities;
  Session: GoogleAppsScript.Base.Session;
  ScriptApp: GoogleAppsScript.Script.ScriptApp;
  HtmlService: GoogleAppsScript.HTML.HtmlService;
  Logger: GoogleAppsScript.Base.Logger;
  console: Console;
  ContentService: GoogleAppsScript.Content.ContentService;
  MailApp: GoogleAppsScript.Mail.MailApp;
  GmailApp: GoogleAppsScript.Gmail.GmailApp;
  DocumentApp: GoogleAppsScript.Document.DocumentApp;
  DriveApp: GoogleAppsScript.Drive.DriveApp;
  Charts: GoogleAppsScript.Charts.Charts;
  FormApp: GoogleAppsScript.Forms.FormApp;
  /** The Docs advanced service (Docs API v1), when the manifest enables it. */
  Docs: unknown;
  /** The Drive advanced service (Drive API v3), when the manifest enables it. */
  Drive: unknown;
}

/** The advanced services among the globals: serviceId and version as the manifest names them. */
export const ADVANCED_SERVICES: Record<string, { serviceId: string; version: string }> = {
  Docs: { serviceId: 'docs', version: 'v1' },
  Drive: { serviceId: 'drive', version: 'v3' },
};

export function createGlobals(env: Env): AppsScriptGlobals {
  return {
    SpreadsheetApp: createSpreadsheetApp(env),
    PropertiesService: createPropertiesService(env),
    CacheService: createCacheService(env),
    LockService: createLockService(env),
    Utilities: createUtilities(env),
    Session: createSession(env),
    ScriptApp: createScriptApp(env),
    HtmlService: createHtmlService(env),
    Logger: createLogger(env),
    console: createConsole(env),
    ContentService: createContentService(env),
    MailApp: createMailApp(env),
    GmailApp: createGmailApp(env),
    DocumentApp: createDocumentApp(env),
    DriveApp: createDriveApp(env),
    Charts: createCharts(env),
    FormApp: createFormApp(env),
    Docs: createDocs(env),
    Drive: createDriveApi(env),
  };
}
