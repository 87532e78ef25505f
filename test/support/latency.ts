/**
 * A realistic latency per Apps Script service call (ms on the emulator's clock), for tests of
 * the execution time limits (EnvOptions.latency). Orders of magnitude as seen in execution
 * logs of scripts like ours: sending an email takes a second or more, a Sheets read or write a
 * few hundred ms, a Gmail search half a second, Docs edits tens of ms each; object getters and
 * properties are cheap. Tests assert behaviour at these figures, never timings.
 */
export const REALISTIC_LATENCY: Record<string, number> = {
  default: 20,
  'MailApp.sendEmail': 1500,
  'GmailApp.search': 600,
  'GmailThread.getMessages': 150,
  // A message's getters read what getMessagesForThreads fetched; its body is a little slower.
  GmailMessage: 5,
  'GmailMessage.getPlainBody': 30,
  'GmailApp.getMessagesForThreads': 400,
  'GmailThread.addLabel': 150,
  'GmailLabel.addToThreads': 300,
  'Range.getValues': 250,
  'Range.getDisplayValues': 250,
  'Range.setValues': 300,
  'Sheet.appendRow': 200,
  'Range.getNotes': 200,
  'Range.setNotes': 250,
  'Range.getBackgrounds': 200,
  'Range.setBackgrounds': 250,
  'DocumentApp.create': 2000,
  'DriveApp.createFile': 1500,
  'Lock.waitLock': 50,
  'Lock.tryLock': 50,
};
