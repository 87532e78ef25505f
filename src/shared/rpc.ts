/**
 * The contract between client pages and the server: every function a page may call through
 * google.script.run, with its argument and result types. The server implements it
 * (src/server/rpc.ts `satisfies ServerFunctions`) and the client calls it through the typed
 * promise wrapper (src/client/lib/server.ts). Only JSON-safe data crosses: no Date, no function.
 */
import type { IsoDate, ProgressInput, Status } from '../core/types';

export interface ImportPreviewTask {
  code: string;
  stt: string;
  task: string;
  leadText: string;
  timeframeText: string;
  /** dd/mm/yyyy or "" (recurring, on demand or unreadable). */
  deadline: string;
  /** Why the timeframe cannot be read, or "". */
  timeframeProblem: string;
}

export interface ImportPreview {
  toAdd: ImportPreviewTask[];
  toUpdate: { code: string; fields: string[] }[];
  unchanged: number;
  problems: string[];
}

export interface ImportResult {
  added: number;
  updated: number;
  unchanged: number;
  problems: string[];
  codes: string[];
  preview?: ImportPreview;
}

export interface ProgressTaskOption {
  code: string;
  stt: string;
  task: string;
  leads: string;
  status: Status;
  percent: number;
  /** dd/mm/yyyy hh:mm or "". */
  lastUpdate: string;
  /** dd/mm/yyyy or "". */
  deadline: string;
  /** Is the current user one of its leads or coordinators? */
  mine: boolean;
}

export interface ProgressFormData {
  tasks: ProgressTaskOption[];
  statuses: Status[];
  channels: string[];
  /** The user's email when Apps Script knows it, else "". */
  user: string;
  today: IsoDate;
  planYear: number;
}

export type ProgressField = keyof Omit<ProgressInput, 'submissionId'> | 'form';

export type SubmitResult =
  | { ok: true; taskId: string; task: string; message: string; duplicate: boolean }
  | { ok: false; errors: Partial<Record<ProgressField, string>>; message: string };

export interface ServerFunctions {
  previewImport(text: string): ImportPreview;
  importPlanText(text: string): ImportResult;
  getProgressFormData(): ProgressFormData;
  submitProgress(entry: ProgressInput): SubmitResult;
}
