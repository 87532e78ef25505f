/**
 * The add-on build's src/server/replies.ts (scripts/build.mjs swaps the module): email replies
 * need the restricted https://mail.google.com/ scope, which the add-on does not ask for, so the
 * add-on carries no Gmail code at all. Assignees answer through the Google Form instead
 * (src/server/answerForm.ts). No add-on trigger ever calls this; a call from the runner or an
 * old trigger finds replies off and says so.
 */
import { requireTriggerOrUser } from './access';

export interface ReplyRunResult {
  enabled: boolean;
  messages: number;
  applied: number;
  notApplied: number;
  refused: number;
  problems: number;
  failed: number;
}

export function processReplies(e?: unknown): ReplyRunResult {
  requireTriggerOrUser(e);
  console.log('processReplies: email replies are not part of the add-on; answers come through the Google Form.');
  return { enabled: false, messages: 0, applied: 0, notApplied: 0, problems: 0, failed: 0, refused: 0 };
}
