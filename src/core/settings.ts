/**
 * "Cài đặt": one setting per row (label, value, help). Labels are matched loosely; a missing
 * or unreadable value falls back to its default and is reported, never guessed silently.
 */
import { SETTING_DEFS, SHEETS, SETTINGS_COLUMNS } from './schema';
import type { Problem, Settings } from './types';
import { clean, isEmail, matchKey } from './text';
import { cellDate } from './cells';
import { emailProblem } from './people';
import { parseWebAppAddress } from './webAppAddress';

export interface SettingRow {
  label: unknown;
  value: unknown;
  /** 1-based sheet row. */
  row: number;
}

/** What "Nơi nhận báo cáo" held by default before recipients followed the plan's date. */
const OLD_RECIPIENTS_DEFAULT = 'Sở Nội vụ tỉnh; TT Đảng ủy, HĐND xã; Lãnh đạo UBND xã';

function splitList(text: string): string[] {
  return text
    .split(/[;\n]/)
    .map((s) => clean(s))
    .filter(Boolean);
}

/** Reads the settings rows into typed Settings, with problems for values it cannot use. */
export function parseSettings(rows: SettingRow[]): { settings: Settings; problems: Problem[] } {
  const byLabel = new Map<string, SettingRow>();
  for (const r of rows) {
    const k = matchKey(r.label);
    if (k && !byLabel.has(k)) byLabel.set(k, r);
  }
  const problems: Problem[] = [];
  const out: Record<string, unknown> = {};
  for (const def of SETTING_DEFS) {
    const found = byLabel.get(matchKey(def.label));
    const raw = found ? found.value : def.defaultText;
    const problem = (message: string) =>
      problems.push({
        sheet: SHEETS.settings,
        row: found?.row ?? 0,
        column: SETTINGS_COLUMNS.value,
        message: `${def.label}: ${message}`,
        severity: 'error',
      });
    if (!found) {
      problems.push({
        sheet: SHEETS.settings,
        row: 0,
        column: SETTINGS_COLUMNS.label,
        message: `Thiếu mục "${def.label}"; đang dùng giá trị mặc định "${def.defaultText}". Chạy "Thiết lập bảng theo dõi" để thêm lại.`,
        severity: 'warning',
      });
    }
    if (def.key === 'webAppUrl') {
      const address = parseWebAppAddress(raw);
      out.webAppUrl = address.ok ? address.url : '';
      if (!address.ok) {
        problems.push({
          sheet: SHEETS.settings,
          row: found?.row ?? 0,
          column: SETTINGS_COLUMNS.value,
          message: address.message,
          severity: address.kind === 'empty' ? 'warning' : 'error',
        });
      }
      continue;
    }
    const text = clean(raw instanceof Object && !(Object.prototype.toString.call(raw) === '[object Date]') ? String(raw) : raw);
    const fallback = () => parseOne(def.key, def.defaultText);
    const value = parseOne(def.key, raw);
    if (value.ok) out[def.key] = value.value;
    else {
      problem(`${value.message} (đang ghi "${text}"); tạm dùng "${def.defaultText}".`);
      const fb = fallback();
      out[def.key] = fb.ok ? fb.value : null;
    }
  }
  // Channels taking participants are named as in "Hình thức tuyên truyền"; others are reported.
  const channels = (out.channels as string[] | null) ?? [];
  const attendance: string[] = [];
  for (const name of (out.attendanceChannels as string[] | null) ?? []) {
    const found = channels.find((c) => matchKey(c) === matchKey(name));
    if (found) attendance.push(found);
    else {
      problems.push({
        sheet: SHEETS.settings,
        row: byLabel.get(matchKey('Hình thức ghi số người tham dự'))?.row ?? 0,
        column: SETTINGS_COLUMNS.value,
        message: `Hình thức ghi số người tham dự: "${name}" không có trong "Hình thức tuyên truyền" (${channels.join('; ')}); chưa ghi được số người tham dự cho hình thức này.`,
        severity: 'warning',
      });
    }
  }
  out.attendanceChannels = attendance;
  // A valid address can still be the sample one: nobody would receive the office's summary.
  const office = typeof out.officeEmail === 'string' ? emailProblem(out.officeEmail) : null;
  if (office && !problems.some((p) => p.message.startsWith('Email Văn phòng'))) {
    problems.push({
      sheet: SHEETS.settings,
      row: byLabel.get(matchKey('Email Văn phòng'))?.row ?? 0,
      column: SETTINGS_COLUMNS.value,
      message: `Email Văn phòng: ${office === 'Email mẫu, cần thay bằng email thật của cán bộ' ? 'email mẫu, cần thay bằng email thật của Văn phòng (nơi nhận bản tổng hợp trước mỗi kỳ báo cáo)' : office}.`,
      severity: 'warning',
    });
  }
  return { settings: out as unknown as Settings, problems };
}

type Parsed = { ok: true; value: unknown } | { ok: false; message: string };

function parseOne(key: keyof Settings, raw: unknown): Parsed {
  const text = typeof raw === 'string' ? clean(raw) : raw === null || raw === undefined ? '' : raw;
  const str = clean(text);
  const int = (min: number, max: number): Parsed => {
    const n = typeof text === 'number' ? text : Number(str.replace(',', '.'));
    if (!Number.isInteger(n) || n < min || n > max) return { ok: false, message: `cần một số nguyên từ ${min} đến ${max}` };
    return { ok: true, value: n };
  };
  switch (key) {
    case 'planYear':
      return int(2000, 2100);
    case 'reminderHour':
      return int(0, 23);
    case 'periodReminderDays':
      return int(0, 60);
    case 'reportDueDays':
      return int(0, 60);
    case 'linkDays':
      return int(1, 365);
    case 'reminderOffsets': {
      const parts = str.split(/[,;\s]+/).filter(Boolean);
      const nums = parts.map(Number);
      if (!parts.length || nums.some((n) => !Number.isInteger(n) || n < 0 || n > 365)) {
        return { ok: false, message: 'cần các số ngày cách nhau bởi dấu phẩy, ví dụ "14, 7, 1"' };
      }
      return { ok: true, value: [...new Set(nums)].sort((a, b) => b - a) };
    }
    case 'planDate': {
      if (!str) return { ok: true, value: null };
      const d = cellDate(text);
      return d ? { ok: true, value: d } : { ok: false, message: 'cần một ngày dạng dd/mm/yyyy' };
    }
    case 'windowRule': {
      const k = matchKey(str);
      if (['nd09', 'nd 09', 'nd09 2019', '09', 'nghi dinh 09', 'nd 09 2019'].includes(k)) return { ok: true, value: 'nd09' };
      if (['lich', 'calendar', 'duong lich', 'theo quy', 'quy duong lich'].includes(k)) return { ok: true, value: 'calendar' };
      return { ok: false, message: 'cần "ND09" hoặc "Lịch"' };
    }
    case 'signerMode': {
      const k = matchKey(str).replace(/\s/g, '');
      if (k === 'tm') return { ok: true, value: 'TM' };
      if (k === 'kt') return { ok: true, value: 'KT' };
      return { ok: false, message: 'cần "TM" hoặc "KT"' };
    }
    case 'signerTitle': {
      const k = matchKey(str);
      if (k === 'chu tich') return { ok: true, value: 'CHỦ TỊCH' };
      if (k === 'pho chu tich') return { ok: true, value: 'PHÓ CHỦ TỊCH' };
      return { ok: false, message: 'cần "CHỦ TỊCH" hoặc "PHÓ CHỦ TỊCH"' };
    }
    case 'repliesEnabled': {
      const k = matchKey(str);
      if (['co', 'bat', 'yes', 'true', '1'].includes(k)) return { ok: true, value: true };
      if (['khong', 'tat', 'no', 'false', '0', ''].includes(k)) return { ok: true, value: false };
      return { ok: false, message: 'cần "Có" hoặc "Không"' };
    }
    case 'officeEmail':
      if (!isEmail(str)) return { ok: false, message: 'email không hợp lệ' };
      return { ok: true, value: str };
    case 'recipients': {
      // The old default ("Sở Nội vụ tỉnh; …") named the province for every plan: read as "chosen by the plan's date".
      if (matchKey(str) === matchKey(OLD_RECIPIENTS_DEFAULT)) return { ok: true, value: [] };
      return { ok: true, value: splitList(String(text)) };
    }
    case 'channelUnits': {
      const pairs: { channel: string; unit: string }[] = [];
      for (const item of splitList(String(text))) {
        const at = item.lastIndexOf(':');
        if (at <= 0 || !clean(item.slice(at + 1))) return { ok: false, message: `"${item}" cần dạng "Hình thức: đơn vị", ví dụ "Phát thanh: chuyên mục"` };
        pairs.push({ channel: clean(item.slice(0, at)), unit: clean(item.slice(at + 1)) });
      }
      return { ok: true, value: pairs };
    }
    case 'district':
      return { ok: true, value: str.replace(/^huyện\s+/i, '') };
    case 'attendanceChannels':
      return { ok: true, value: splitList(String(text)) };
    case 'channels': {
      const list = splitList(String(text));
      if (!list.length) return { ok: false, message: 'cần ít nhất một mục, cách nhau bởi dấu ";"' };
      return { ok: true, value: list };
    }
    case 'commune':
    case 'province':
    case 'chairmanName':
    case 'reportFolder':
      if (!str) return { ok: false, message: 'chưa điền' };
      return { ok: true, value: str.replace(/^xã\s+/i, key === 'commune' ? '' : 'xã ') };
    default:
      return { ok: true, value: str };
  }
}

/** The default settings (what a fresh "Cài đặt" sheet holds). */
export function defaultSettings(): Settings {
  return parseSettings(SETTING_DEFS.map((d, i) => ({ label: d.label, value: d.defaultText, row: i + 2 }))).settings;
}
