/**
 * The sidebar's path in tests: the seeded workbook opened by the radio station's official
 * (lead of NV03, "Đài truyền thanh xã") and an entry for NV03 as the form sends it.
 */
import { loadSandbox } from './sandbox';

/** The radio station's official: lead of the seed's NV03. */
export const RADIO_USER = 'daitruyenthanh.tanviet@gmail.com';

/** A sandbox after setupWorkbook (the seed plan), run by `user` at `now`. */
export function seededAs(user = RADIO_USER, now = '2024-03-08T09:30:00+07:00', more: { owner?: string } = {}) {
  const t = loadSandbox({ now, user, ...more });
  t.sandbox.call('setupWorkbook');
  return t;
}

/** A progress entry for NV03 (four radio broadcasts), as the sidebar sends it; `over` changes fields. */
export function radioEntry(over: Record<string, unknown> = {}) {
  return {
    taskId: 'NV03',
    status: 'Đang thực hiện',
    percent: 40,
    channel: 'Phát thanh',
    quantity: 4,
    note: 'Phát 4 chuyên mục CCHC trên đài truyền thanh',
    evidenceUrl: '',
    reportDate: '2024-03-05',
    submissionId: 'sub-0001-abcdef',
    ...over,
  };
}
