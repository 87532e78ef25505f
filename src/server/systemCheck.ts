/**
 * "Kiểm tra hệ thống": what a maintainer runs in the real Sheet after deploying, and the office
 * whenever something seems wrong. It reports, in Vietnamese, each thing as OK or what to fix:
 * the sheets and their headers, the settings, the directory's emails and the plan's units, the
 * triggers, the web app's URL, the mail quota against tomorrow's reminders, the report folder in
 * Drive, the time zones.
 *
 * Then it tries, on a scratch sheet it always deletes (try/finally), the Spreadsheet behaviours
 * the emulator's contract tests assert and the product relies on (test/emulator/spreadsheet.test.ts):
 * if live Sheets ever behaves otherwise, it shows up here instead of as a lost entry.
 *
 * It never throws at the user and never changes user data: it reads each sheet at most once
 * (the report log only its header) and writes nothing but the scratch sheet.
 */
import { PEOPLE_COLUMNS, PLAN_COLUMNS, PROGRESS_COLUMNS, REMINDER_COLUMNS, REPORT_COLUMNS, SETTINGS_COLUMNS, SHEETS, findColumns } from '../core/schema';
import { readPlan } from '../core/plan';
import { planReminders } from '../core/reminders';
import { emailProblem } from '../core/people';
import { addDays, vnDateOf } from '../core/dates';
import { clean, formatNumber, matchKey } from '../core/text';
import { parseWebAppAddress } from '../core/webAppAddress';
import { REPORT_SCOPES, SCOPES, consentMessage, missingScopes } from './consent';
import type { Problem, Settings, Task } from '../core/types';
import { activeSpreadsheet, readSheet, type Sheet, type Spreadsheet } from './sheets';
import { settingsFromValues } from './settings';
import { readPlanValues } from './plan';
import { DAILY_HANDLER, REPLIES_HANDLER, TIME_ZONE, readEntries, readReminderLog } from './reminders';
import { HAS_EMAIL_REPLIES, HOURLY_HANDLER, triggersHere } from './target';
import { showDialog } from './ui';
import { NOT_SIGNED_IN, signedInUser } from './access';
import { TEMPLATE_NAME, storedFolderState, templateState } from './driveFiles';
import { numbersPagesFromTwo } from './docLayout';

export interface CheckItem {
  /** What was checked, in Vietnamese. */
  name: string;
  ok: boolean;
  /** "OK" details or what to fix, in Vietnamese. */
  message: string;
}

export interface SystemCheckResult {
  ok: boolean;
  checks: CheckItem[];
}

const WEBAPP_LABEL = 'Địa chỉ web app';

/** Time zones accepted as Vietnam's ("Asia/Saigon" is the older name of the same zone). */
const VIETNAM_ZONES = [TIME_ZONE, 'Asia/Saigon'];

/** The scratch sheet's name; a random suffix keeps it clear of any sheet the office made. */
export const SCRATCH_PREFIX = 'Kiểm tra hệ thống (trang tạm, tự xóa) ';

/** Most problems listed in one check; the rest are counted. */
const MAX_LISTED = 8;

function errorText(e: unknown): string {
  return clean(e instanceof Error ? e.message : String(e)).replace(/^Exception:\s*/, '');
}

function listed(lines: string[]): string {
  const shown = lines.slice(0, MAX_LISTED).map((l) => `• ${l}`);
  if (lines.length > MAX_LISTED) shown.push(`… và ${lines.length - MAX_LISTED} mục khác.`);
  return shown.join('\n');
}

function where(p: Problem): string {
  const at = [p.row > 0 ? `dòng ${p.row}` : '', p.column ? `cột "${p.column}"` : ''].filter(Boolean).join(', ');
  return at ? `${at}: ${p.message}` : p.message;
}

/** Runs one check; an unexpected error becomes a failed check, never an exception. */
function attempt(checks: CheckItem[], name: string, fn: () => Omit<CheckItem, 'name'>): void {
  try {
    checks.push({ name, ...fn() });
  } catch (e) {
    console.error(`systemCheck "${name}": ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    checks.push({ name, ok: false, message: `Không kiểm tra được: ${errorText(e)}` });
  }
}

// ---------------------------------------------------------------------------------------------
// The workbook

interface Read {
  ss: Spreadsheet;
  values: Map<string, unknown[][]>;
  settings: Settings;
  settingsProblems: Problem[];
  tasks: Task[];
  planProblems: Problem[];
}

const SHEET_COLUMNS: [string, Record<string, string>][] = [
  [SHEETS.plan, PLAN_COLUMNS],
  [SHEETS.people, PEOPLE_COLUMNS],
  [SHEETS.progress, PROGRESS_COLUMNS],
  [SHEETS.settings, SETTINGS_COLUMNS],
  [SHEETS.reminders, REMINDER_COLUMNS],
  [SHEETS.reports, REPORT_COLUMNS],
];

/**
 * Reads what the checks need, one getValues per sheet: the plan, directory, settings and
 * progress log whole (tomorrow's reminders depend on them), the reminder and report logs only
 * their header (the reminder log is read whole by readReminderLog for the mail quota check).
 */
function readWorkbook(ss: Spreadsheet): Read {
  const values = new Map<string, unknown[][]>();
  for (const [name] of SHEET_COLUMNS) {
    const sheet = ss.getSheetByName(name);
    if (!sheet) continue;
    if (name === SHEETS.reports || name === SHEETS.reminders) {
      const width = sheet.getLastColumn();
      values.set(name, width > 0 ? [sheet.getRange(1, 1, 1, width).getValues()[0]] : []);
    } else {
      values.set(name, name === SHEETS.plan ? readPlanValues(sheet).values : readSheet(sheet));
    }
  }
  const settingsRead = settingsFromValues(values.get(SHEETS.settings) ?? []);
  const plan = readPlan(values.get(SHEETS.plan) ?? [], values.get(SHEETS.people) ?? [], settingsRead.settings);
  return { ss, values, settings: settingsRead.settings, settingsProblems: settingsRead.problems, tasks: plan.tasks, planProblems: plan.problems };
}

function checkSheets(read: Read, checks: CheckItem[]): void {
  for (const [name, columns] of SHEET_COLUMNS) {
    attempt(checks, `Trang "${name}"`, () => {
      if (!read.ss.getSheetByName(name)) return { ok: false, message: `Chưa có trang "${name}". Chạy "Thiết lập bảng theo dõi" để tạo (dữ liệu đang có được giữ nguyên).` };
      const header = read.values.get(name)?.[0] ?? [];
      const { missing } = findColumns(header, columns);
      if (missing.length) {
        return {
          ok: false,
          message: `Thiếu cột: ${missing.map((k) => `"${columns[k]}"`).join(', ')}. Chạy "Thiết lập bảng theo dõi" để thêm lại (cột và dữ liệu đang có được giữ nguyên).`,
        };
      }
      return { ok: true, message: `Đủ ${Object.keys(columns).length} cột.` };
    });
  }
}

function checkSettings(read: Read, checks: CheckItem[]): void {
  attempt(checks, 'Cài đặt', () => {
    // The web-app address has its own line below.
    const lines = read.settingsProblems.filter((p) => !p.message.includes(`"${WEBAPP_LABEL}"`)).map(where);
    if (lines.length) return { ok: false, message: `Sửa ở trang "${SHEETS.settings}":\n${listed(lines)}` };
    return { ok: true, message: `Đã điền đủ ${formatNumber(Object.keys(read.settings).length)} mục cài đặt hợp lệ.` };
  });
}

function checkDirectory(read: Read, checks: CheckItem[]): void {
  attempt(checks, 'Email cán bộ', () => {
    const problems = read.planProblems.filter((p) => p.sheet === SHEETS.people);
    if (problems.length) {
      return { ok: false, message: `Sửa ở trang "${SHEETS.people}" (cán bộ có email mẫu hoặc sai sẽ không nhận được nhắc việc):\n${listed(problems.map(where))}` };
    }
    const rows = Math.max(0, (read.values.get(SHEETS.people)?.length ?? 1) - 1);
    return { ok: true, message: `${formatNumber(rows)} dòng, email đều hợp lệ.` };
  });
  attempt(checks, 'Đơn vị trong kế hoạch', () => {
    const unmatched = read.planProblems.filter((p) => p.sheet === SHEETS.plan && (p.column === PLAN_COLUMNS.lead || p.column === PLAN_COLUMNS.coordinator) && p.severity === 'error');
    if (unmatched.length) return { ok: false, message: `Các đơn vị sau chưa có trong trang "${SHEETS.people}":\n${listed(unmatched.map(where))}` };
    return { ok: true, message: `Mọi đơn vị chủ trì, phối hợp của ${formatNumber(read.tasks.length)} nhiệm vụ đều có trong trang "${SHEETS.people}".` };
  });
  attempt(checks, 'Kế hoạch', () => {
    const errors = read.planProblems.filter((p) => p.sheet === SHEETS.plan && p.severity === 'error');
    const units = errors.filter((p) => p.column === PLAN_COLUMNS.lead || p.column === PLAN_COLUMNS.coordinator);
    const other = errors.filter((p) => !units.includes(p));
    if (other.length) return { ok: false, message: `${formatNumber(other.length)} lỗi (thời gian, mã, trạng thái…). Chọn "Kiểm tra kế hoạch" để xem và đánh dấu các ô cần sửa:\n${listed(other.map(where))}` };
    // Never "no errors" while the line about the plan's units needs fixing.
    if (units.length) return { ok: false, message: `${formatNumber(read.tasks.length)} nhiệm vụ: thời gian, mã và trạng thái đều đọc được, nhưng còn ${formatNumber(units.length)} đơn vị chưa có trong trang "${SHEETS.people}" (xem mục "Đơn vị trong kế hoạch").` };
    return { ok: true, message: `${formatNumber(read.tasks.length)} nhiệm vụ, không có lỗi.` };
  });
}

// ---------------------------------------------------------------------------------------------
// Triggers, web app, mail quota, time zones

function checkTriggers(ss: Spreadsheet, settings: Settings, checks: CheckItem[]): void {
  attempt(checks, 'Nhắc việc tự động (trigger)', () => {
    const me = clean(Session.getEffectiveUser().getEmail()) || 'tài khoản đang dùng';
    const triggers = triggersHere(ss);
    const hourly = triggers.filter((t) => t.getHandlerFunction() === HOURLY_HANDLER).length;
    // The daily trigger (and one-off retries) of versions before the hourly one: its next run
    // replaces it (reminders.ts runDailyReminders); meanwhile it still sends the day's reminders.
    const legacy = triggers.filter((t) => t.getHandlerFunction() === DAILY_HANDLER).length;
    const daily = hourly + legacy;
    const replies = triggers.filter((t) => t.getHandlerFunction() === REPLIES_HANDLER).length;
    // Apps Script shows each account only its own triggers, and a Trigger has no owner: what
    // can be known is whether this account installed them.
    const visibility = `Apps Script chỉ cho mỗi tài khoản thấy trigger của chính mình: nếu người khác đã bật nhắc việc, trigger của họ không hiện ở đây (xem ở trình soạn Apps Script, mục "Trình kích hoạt").`;
    const lines: string[] = [];
    let ok = true;
    if (daily === 0) {
      ok = false;
      lines.push(`Tài khoản ${me} chưa bật nhắc việc tự động: chọn "Bật/tắt nhắc việc tự động".`);
      lines.push(visibility);
    } else if (hourly > 1) {
      ok = false;
      lines.push(`Tài khoản ${me} có ${hourly} trigger nhắc việc (cần đúng 1): chọn "Bật/tắt nhắc việc tự động" hai lần (tắt rồi bật lại).`);
    } else if (hourly === 0) {
      lines.push(`Nhắc việc tự động được bật từ phiên bản cũ (trigger hằng ngày, do tài khoản ${me} cài): lần chạy tới sẽ tự chuyển sang trigger mỗi giờ; hoặc chọn "Bật/tắt nhắc việc tự động" hai lần (tắt rồi bật lại) để chuyển ngay.`);
    } else {
      lines.push(`Có 1 trigger nhắc việc, do tài khoản ${me} cài: mỗi ngày từ ${settings.reminderHour} giờ, thư nhắc việc được gửi từ tài khoản này; lần gửi nào bị lỗi thì tự thử lại sau mỗi giờ.`);
      if (legacy) lines.push(`Còn ${legacy} trigger hằng ngày của phiên bản cũ: lần chạy tới của nó sẽ tự xóa (không gửi trùng thư).`);
    }
    // The hourly reply reader is installed with the reminders whatever "Nhận trả lời qua email"
    // says, and reads the setting on each run (reminders.ts installTriggers).
    if (daily > 0 && HAS_EMAIL_REPLIES && replies !== 1) {
      ok = false;
      lines.push(
        replies === 0
          ? 'Chưa có trigger đọc thư trả lời mỗi giờ (nhắc việc được bật từ phiên bản cũ): tắt rồi bật lại nhắc việc tự động một lần.'
          : `Có ${replies} trigger đọc thư trả lời (cần đúng 1): tắt rồi bật lại nhắc việc tự động.`,
      );
    } else if (replies === 1) {
      lines.push(settings.repliesEnabled ? 'Có 1 trigger đọc thư trả lời mỗi giờ.' : 'Có 1 trigger đọc thư trả lời mỗi giờ; nó chỉ đọc thư khi "Nhận trả lời qua email" ở trang "Cài đặt" là "Có".');
    }
    return { ok, message: lines.join('\n') };
  });
}

/** The raw "Địa chỉ web app" cell, as typed. */
function webAppSetting(read: Read): unknown {
  const values = read.values.get(SHEETS.settings) ?? [];
  if (!values.length) return '';
  const { index } = findColumns(values[0], SETTINGS_COLUMNS);
  const key = matchKey(WEBAPP_LABEL);
  const row = values.slice(1).find((r) => matchKey(r[index.label ?? 0]) === key);
  return row ? row[index.value ?? 1] : '';
}

const DEPLOY_STEPS =
  'Trong trình soạn Apps Script chọn "Triển khai" > "Triển khai mới" > loại "Ứng dụng web", "Thực thi với tư cách": Tôi, "Người có quyền truy cập": Bất kỳ ai, rồi sao chép "URL ứng dụng web" (kết thúc bằng /exec) vào mục "Địa chỉ web app" ở trang "Cài đặt".';

function checkWebApp(read: Read, checks: CheckItem[]): void {
  attempt(checks, 'Ứng dụng web (đường dẫn trong thư nhắc việc)', () => {
    const address = parseWebAppAddress(webAppSetting(read));
    // From the sheet, Apps Script gives the head deployment's /dev address (null: no deployment).
    const live = clean(ScriptApp.getService().getUrl());
    if (!address.ok) {
      const lines = [address.message];
      if (!live) lines.push(`Apps Script cho biết dự án chưa có bản triển khai ứng dụng web. ${DEPLOY_STEPS}`);
      else if (address.found !== live && /\/dev$/.test(live)) {
        lines.push(`Dự án đã được triển khai; địa chỉ Apps Script thấy từ bảng tính là ${live}: đó là địa chỉ bản thử nghiệm (/dev), đừng dán địa chỉ này.`);
      }
      return { ok: false, message: lines.join('\n') };
    }
    if (!live) {
      return { ok: false, message: `Cài đặt ghi ${address.url} nhưng Apps Script cho biết dự án chưa có bản triển khai ứng dụng web: đường dẫn trong thư sẽ không mở được. ${DEPLOY_STEPS}` };
    }
    const note = address.normalised ? ' (địa chỉ theo tên miền Google Workspace được đổi sang dạng công khai, người ngoài tên miền mở được)' : '';
    return { ok: true, message: `Thư nhắc việc trỏ tới ${address.url}${note}.` };
  });
}

function checkMailQuota(read: Read, checks: CheckItem[]): void {
  attempt(checks, 'Hạn mức gửi thư', () => {
    const remaining = MailApp.getRemainingDailyQuota();
    const tomorrow = addDays(vnDateOf(Date.now()), 1);
    const log = readReminderLog(read.ss);
    const entries = readEntries(read.values.get(SHEETS.progress) ?? []);
    const planned = planReminders({ tasks: read.tasks.filter((t) => t.code), entries, settings: read.settings, sentKeys: log.doneKeys, today: tomorrow });
    // One recipient per email: each person gets their own digest (no copies).
    const recipients = planned.filter((e) => !emailProblem(e.to)).length; // placeholders are skipped, not sent
    const emails = recipients;
    const day = `${tomorrow.slice(8, 10)}/${tomorrow.slice(5, 7)}/${tomorrow.slice(0, 4)}`;
    const expected = `Ngày mai (${day}) dự kiến gửi ${formatNumber(emails)} thư tới ${formatNumber(recipients)} người nhận.`;
    const limits = 'Hạn mức: 100 người nhận/ngày với tài khoản Gmail thường, 1.500 với Google Workspace.';
    if (remaining < recipients) {
      return {
        ok: false,
        message: `Còn ${formatNumber(remaining)} người nhận trong hạn mức gửi thư. ${expected} Thư vượt hạn mức sẽ được hoãn sang lần chạy sau. ${limits}`,
      };
    }
    return { ok: true, message: `Còn ${formatNumber(remaining)} người nhận trong hạn mức. ${expected}` };
  });
}

/** What the code relies on in the runtime itself: Unicode normalisation of Vietnamese text. */
function checkRuntime(checks: CheckItem[]): void {
  attempt(checks, 'Chữ tiếng Việt có dấu (chuẩn hóa Unicode NFC/NFD)', () => {
    // "Tiến độ" typed on a Mac or pasted from Word may come decomposed (NFD): the code compares
    // names after String.prototype.normalize, which must exist and round-trip.
    const composed = 'Tiến độ Đã xử lý';
    if (typeof composed.normalize !== 'function') return { ok: false, message: 'Môi trường chạy không có hàm chuẩn hóa Unicode: tên đơn vị, tên trang gõ từ máy khác có thể không khớp. Hãy báo cho người quản trị.' };
    const decomposed = composed.normalize('NFD');
    const ok = decomposed !== composed && decomposed.length > composed.length && decomposed.normalize('NFC') === composed;
    return ok
      ? { ok: true, message: 'Chữ có dấu gõ kiểu tổ hợp (NFD) và dựng sẵn (NFC) được nhận là một.' }
      : { ok: false, message: 'Chuẩn hóa Unicode không như bản chạy thử: tên đơn vị, tên trang gõ từ máy khác có thể không khớp. Hãy báo cho người quản trị.' };
  });
}

/** The permissions (quyền) the enabled features need, granted by the account running the check. */
function checkConsent(settings: Settings, checks: CheckItem[]): void {
  attempt(checks, 'Quyền đã cấp cho "Theo dõi CCHC"', () => {
    const needed = [SCOPES.sheet, SCOPES.sendMail, SCOPES.triggers, ...REPORT_SCOPES];
    if (settings.repliesEnabled) needed.push(SCOPES.gmail);
    const missing = missingScopes(needed);
    const me = clean(Session.getEffectiveUser().getEmail()) || 'đang dùng';
    if (missing.length) return { ok: false, message: consentMessage('dùng đủ các chức năng', missing).replace('tài khoản của anh/chị', `tài khoản ${me}`) };
    return { ok: true, message: `Tài khoản ${me} đã cấp đủ ${formatNumber(needed.length)} quyền cần cho các chức năng đang bật${settings.repliesEnabled ? ' (kể cả Gmail, để đọc thư trả lời)' : ''}.` };
  });
}

/**
 * The report folder: the Drive service is enabled, and the folder the script stored is still
 * there (read only: nothing is created here; a trashed or deleted folder is made again by the
 * next report, driveFiles.ts).
 */
function checkReportFolder(settings: Settings, checks: CheckItem[]): void {
  attempt(checks, 'Thư mục lưu báo cáo trên Google Drive', () => {
    const name = settings.reportFolder;
    const state = storedFolderState(name);
    if (state.id) return { ok: true, message: `Báo cáo được lưu vào thư mục "${name}"${state.link ? ` (${state.link})` : ''}.` };
    const lost = state.lost === 'trashed' ? 'đã bị chuyển vào thùng rác' : state.lost === 'missing' ? 'không còn trên Drive' : null;
    return {
      ok: true,
      message: lost
        ? `Thư mục "${name}" đã dùng trước đây ${lost}: lần lập báo cáo tới sẽ tạo lại thư mục mới cùng tên.`
        : `Chưa có thư mục "${name}" do ứng dụng tạo: lần lập báo cáo đầu tiên sẽ tạo thư mục này trong "Drive của tôi". Ứng dụng chỉ dùng được thư mục do chính nó tạo (quyền chỉ với tệp ứng dụng tạo ra), không dùng thư mục cùng tên anh/chị tự tạo.`,
    };
  });
}

/**
 * Page numbers: the report template the script uploaded (driveFiles.ts) still there, and its
 * header holding the page number with a different first page, read back with the Docs API. That
 * Drive's conversion keeps a Word PAGE field is the one thing of the page numbers the reference
 * does not promise; this is where the office would see it failing.
 */
function checkPageNumbers(checks: CheckItem[]): void {
  attempt(checks, 'Số trang trên báo cáo', () => {
    const state = templateState();
    if (!state.id) {
      const why = state.lost ? `Mẫu báo cáo "${TEMPLATE_NAME}" ${state.lost === 'trashed' ? 'đã bị chuyển vào thùng rác' : 'không còn trên Drive'}: lần lập báo cáo tới sẽ tải lên lại mẫu.` : 'Chưa có mẫu báo cáo: lần lập báo cáo đầu tiên sẽ tải lên mẫu có số trang.';
      return { ok: true, message: `${why} Kiểm tra lại sau khi lập báo cáo.` };
    }
    if (numbersPagesFromTwo(state.id)) return { ok: true, message: `Báo cáo được đánh số trang giữa lề trên từ trang 2 (mẫu "${TEMPLATE_NAME}").` };
    return {
      ok: false,
      message: `Mẫu báo cáo "${TEMPLATE_NAME}" không có số trang: báo cáo sẽ không có số trang. Trước khi in, mở báo cáo, chọn Chèn → Số trang (kiểu không đánh số trang đầu), rồi Tệp → Tải xuống → PDF.`,
    };
  });
}

function checkTimeZones(ss: Spreadsheet, checks: CheckItem[]): void {
  attempt(checks, 'Múi giờ', () => {
    const script = clean(Session.getScriptTimeZone());
    const sheet = clean(ss.getSpreadsheetTimeZone());
    const lines: string[] = [];
    if (!VIETNAM_ZONES.includes(script)) {
      lines.push(`Múi giờ của dự án Apps Script là "${script}": đổi thành ${TIME_ZONE} trong trình soạn Apps Script, mục "Cài đặt dự án" (hoặc "timeZone" trong appsscript.json) rồi triển khai lại.`);
    }
    if (!VIETNAM_ZONES.includes(sheet)) {
      lines.push(`Múi giờ của bảng tính là "${sheet}": đổi thành (GMT+07:00) Hồ Chí Minh trong "Tệp" > "Cài đặt", nếu không ngày tháng ghi vào bảng sẽ lệch.`);
    }
    if (lines.length) return { ok: false, message: lines.join('\n') };
    return { ok: true, message: `Dự án và bảng tính đều dùng ${TIME_ZONE}.` };
  });
}

// ---------------------------------------------------------------------------------------------
// Spreadsheet behaviour, on a scratch sheet

/** 8 March 2024, 14:45:30.250 in Vietnam: a Date with a time and milliseconds. */
const PROBE_INSTANT = Date.UTC(2024, 2, 8, 7, 45, 30, 250);
/** 8 March 2024, 00:00 in Vietnam: what "08/03/2024" typed in a vi_VN sheet is. */
const PROBE_DAY = Date.UTC(2024, 2, 7, 17, 0, 0, 0);

function isDate(v: unknown): v is Date {
  return Object.prototype.toString.call(v) === '[object Date]';
}

function shown(v: unknown): string {
  if (isDate(v)) return `ngày giờ ${v.toISOString()}`;
  return typeof v === 'string' ? `chữ "${v}"` : `${typeof v} ${String(v)}`;
}

interface Probe {
  name: string;
  run: (sheet: Sheet) => string | null;
}

/** Each returns null when live Sheets behaves as the emulator does, else what differs. */
const PROBES: Probe[] = [
  {
    name: 'Một trang mới chưa có dữ liệu được nhận là trống',
    run: (sheet) => {
      const last = sheet.getLastRow();
      return last === 0 ? null : `Trang mới chưa ghi gì mà bảng tính báo có dữ liệu đến dòng ${last}.`;
    },
  },
  {
    name: 'Đọc một vùng ô: ô trống đọc ra rỗng, đủ hàng đủ cột',
    run: (sheet) => {
      sheet.getRange(2, 2, 1, 1).setValues([['x']]);
      const v = sheet.getRange(1, 1, 3, 3).getValues();
      if (v.length !== 3 || v.some((r) => r.length !== 3)) return `Đọc vùng 3 × 3 ô được ${v.length} hàng có ${v.map((r) => r.length).join('/')} cột.`;
      const empties = [v[0][0], v[0][2], v[1][0], v[2][2]];
      const bad = empties.find((c) => c !== '');
      if (bad !== undefined) return `Ô trống đọc ra ${shown(bad)}, không phải chuỗi rỗng.`;
      return v[1][1] === 'x' ? null : `Ô B2 đọc ra ${shown(v[1][1])}, không phải "x".`;
    },
  },
  {
    name: 'Ghi một ngày giờ rồi đọc lại được đúng thời điểm',
    run: (sheet) => {
      sheet.getRange(4, 1, 1, 1).setValues([[new Date(PROBE_INSTANT)]]);
      const back = sheet.getRange(4, 1, 1, 1).getValues()[0][0];
      if (!isDate(back)) return `Đọc lại được ${shown(back)}, không phải ngày giờ.`;
      return back.getTime() === PROBE_INSTANT ? null : `Đọc lại ${back.toISOString()}, ghi vào ${new Date(PROBE_INSTANT).toISOString()}.`;
    },
  },
  {
    name: 'Ghi sai kích thước vùng thì bị từ chối (không ghi lệch hàng)',
    run: (sheet) => {
      try {
        sheet.getRange(5, 1, 2, 2).setValues([['a', 'b']]);
      } catch {
        return null;
      }
      return 'Ghi 1 hàng vào vùng 2 hàng không bị từ chối: dữ liệu có thể bị ghi lệch.';
    },
  },
  {
    name: 'Chữ bắt đầu bằng \'= được giữ là chữ',
    run: (sheet) => {
      const range = sheet.getRange(7, 1, 1, 1);
      range.setValues([["'=1+2"]]);
      const value = range.getValues()[0][0];
      const formula = range.getFormulas()[0][0];
      return value === '=1+2' && formula === '' ? null : `Đọc ra ${shown(value)}, công thức "${formula}" (cần chữ "=1+2", không có công thức).`;
    },
  },
  {
    name: 'Chữ bắt đầu bằng = thành công thức',
    run: (sheet) => {
      const range = sheet.getRange(8, 1, 1, 1);
      range.setValues([['=1+2']]);
      const value = range.getValues()[0][0];
      const formula = range.getFormulas()[0][0];
      return formula === '=1+2' && value === 3 ? null : `Đọc ra ${shown(value)}, công thức "${formula}" (cần công thức "=1+2" cho giá trị 3).`;
    },
  },
  {
    name: 'Số và ngày gõ theo kiểu Việt Nam: "1.234" là 1234, "08/03/2024" là ngày 8 tháng 3',
    run: (sheet) => {
      const range = sheet.getRange(9, 1, 1, 2);
      range.setValues([['1.234', '08/03/2024']]);
      const [n, d] = range.getValues()[0];
      const lines: string[] = [];
      if (n !== 1234) lines.push(`"1.234" đọc ra ${shown(n)}`);
      if (!isDate(d) || d.getTime() !== PROBE_DAY) lines.push(`"08/03/2024" đọc ra ${shown(d)}`);
      return lines.length ? `${lines.join('; ')}. Đổi "Tệp" > "Cài đặt" > "Ngôn ngữ" thành Việt Nam.` : null;
    },
  },
  {
    name: 'Ghi quá số hàng của trang thì bị từ chối',
    run: (sheet) => {
      try {
        sheet.getRange(sheet.getMaxRows() + 1, 1, 1, 1);
      } catch {
        return null;
      }
      return 'Lấy vùng ô ở sau hàng cuối của trang không bị từ chối.';
    },
  },
];

function scratchName(ss: Spreadsheet): string {
  for (;;) {
    const name = `${SCRATCH_PREFIX}${Utilities.getUuid().slice(0, 8)}`;
    if (!ss.getSheetByName(name)) return name;
  }
}

/** Runs the probes on a new sheet, deleted afterwards whatever happens. */
function checkSpreadsheetBehaviour(ss: Spreadsheet, checks: CheckItem[]): void {
  let sheet: Sheet | null = null;
  let previous: Sheet | null = null;
  try {
    previous = ss.getActiveSheet();
    sheet = ss.insertSheet(scratchName(ss));
    for (const probe of PROBES) {
      attempt(checks, `Bảng tính: ${probe.name}`, () => {
        const difference = probe.run(sheet!);
        return difference
          ? { ok: false, message: `Khác với bản chạy thử: ${difference} Hãy báo cho người quản trị; dữ liệu ghi vào bảng có thể bị sai.` }
          : { ok: true, message: 'Đúng như bản chạy thử.' };
      });
    }
  } catch (e) {
    checks.push({ name: 'Bảng tính: trang tạm để thử', ok: false, message: `Không tạo được trang tạm để thử: ${errorText(e)}` });
  } finally {
    if (sheet) {
      try {
        ss.deleteSheet(sheet);
      } catch (e) {
        checks.push({ name: 'Bảng tính: xóa trang tạm', ok: false, message: `Không xóa được trang tạm "${sheet.getName()}": ${errorText(e)}. Hãy xóa trang này bằng tay.` });
      }
    }
    if (previous) {
      try {
        ss.setActiveSheet(previous);
      } catch {
        // Only the selection: nothing to report.
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Entry points

/** Every check, in the order shown. Never throws. */
export function runSystemCheck(): SystemCheckResult {
  const checks: CheckItem[] = [];
  let ss: Spreadsheet | null = null;
  try {
    ss = activeSpreadsheet();
  } catch (e) {
    checks.push({ name: 'Bảng tính', ok: false, message: `Không mở được bảng tính: ${errorText(e)}` });
  }
  if (ss) {
    const spreadsheet = ss;
    let read: Read | null = null;
    attempt(checks, 'Đọc bảng tính', () => {
      read = readWorkbook(spreadsheet);
      return { ok: true, message: `Đọc được ${read.values.size}/${SHEET_COLUMNS.length} trang của bảng theo dõi.` };
    });
    if (read) {
      const r: Read = read;
      checkSheets(r, checks);
      checkSettings(r, checks);
      checkDirectory(r, checks);
      checkConsent(r.settings, checks);
      checkReportFolder(r.settings, checks);
      checkPageNumbers(checks);
      checkTriggers(spreadsheet, r.settings, checks);
      checkWebApp(r, checks);
      checkMailQuota(r, checks);
    }
    checkTimeZones(spreadsheet, checks);
    checkRuntime(checks);
    checkSpreadsheetBehaviour(spreadsheet, checks);
  }
  // Reading the workbook is not worth a line when it went well.
  const shownChecks = checks.filter((c) => !(c.ok && c.name === 'Đọc bảng tính'));
  return { ok: checks.every((c) => c.ok), checks: shownChecks };
}

/** Menu "Kiểm tra hệ thống": runs the checks and shows them. Returns the result; never throws. */
export function systemCheck(): SystemCheckResult {
  // A web-app visitor can call any global through google.script.run: the check (which shows
  // addresses and the web app's URL, and adds a scratch sheet) is for signed-in users only.
  if (!signedInUser()) return { ok: false, checks: [{ name: 'Quyền sử dụng', ok: false, message: NOT_SIGNED_IN }] };
  const result = runSystemCheck();
  try {
    const failed = result.checks.filter((c) => !c.ok).length;
    const summary = result.ok ? `Tất cả ${result.checks.length} mục đều ổn.` : `${failed}/${result.checks.length} mục cần sửa (in đậm, đầu danh sách).`;
    const ordered = [...result.checks.filter((c) => !c.ok), ...result.checks.filter((c) => c.ok)];
    showDialog('SystemCheck', result.ok ? 'Kiểm tra hệ thống: mọi thứ đều ổn' : `Kiểm tra hệ thống: ${failed} mục cần sửa`, 760, 560, {
      ok: result.ok,
      summary,
      checks: ordered,
    });
  } catch (e) {
    // No UI (a trigger or the runner): the result is returned and logged instead.
    console.log(`systemCheck: ${JSON.stringify(result)} (${errorText(e)})`);
  }
  return result;
}
