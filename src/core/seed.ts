/**
 * The plan the product was built from: xã Tân Việt's 2024 CCHC communication plan
 * (Kế hoạch tuyên truyền công tác cải cách hành chính nhà nước xã Tân Việt năm 2024,
 * signed by Chủ tịch Vũ Xuân Hào). Setup fills a new workbook with it so the office sees a
 * working example; every person and email here is a placeholder to be replaced.
 *
 * The appendix was read from the PDF's extracted text, where the six columns are
 * interleaved line by line. Only the extraction's spacing artefacts were fixed: double
 * spaces, a space before "." or ",", a space inside the opening quote of task 7
 * ("“ Cải cách hành chính”"), and the stray comma that ends a cell (after "UBND xã" in
 * task 1's lead, "Trang thông tin điện tử xã" in task 4, "Điều tra XHH của UBND xã" in
 * task 7's product). Wording, capitals and abbreviations are as printed.
 */
import type { Person } from './types';
import type { ImportedTask } from './importer';

type SeedRow = Omit<ImportedTask, 'sourceRow' | 'section'>;

const ROWS: SeedRow[] = [
  {
    stt: '1',
    task: 'Tăng cường tuyên truyền CCHC trong nội bộ UBND xã',
    product: 'Các hình thức thích hợp',
    leadText: 'UBND xã',
    coordinatorText: 'Các cán bộ, công chức liên quan',
    timeframeText: 'Thường xuyên',
  },
  {
    stt: '2',
    task: 'Tuyên truyền tình hình giải quyết thủ tục hành chính tại Bộ phận tiếp nhận và trả kết quả UBND xã',
    product: 'Niêm yết công khai TTHC và quy trình giải quyết',
    leadText: 'Bộ phận Một cửa UBND xã',
    coordinatorText: 'Các cán bộ, công chức liên quan',
    timeframeText: 'Thường xuyên',
  },
  {
    stt: '3',
    task: 'Duy trì và nâng cao chất lượng chuyên mục CCHC trên đài truyền thanh xã',
    product: 'Các tin bài, chuyên mục',
    leadText: 'Đài truyền thanh',
    coordinatorText: 'Các cán bộ, công chức liên quan',
    timeframeText: 'Thường xuyên',
  },
  {
    stt: '4',
    task: 'Đăng tải các bài viết, thông tin hoạt động CCHC trên Trang thông tin điện tử xã',
    product: 'Các bài viết, chuyên mục',
    // Two leads; the coordinator cell is empty in the plan.
    leadText: 'Văn phòng HĐND&UBND xã, Đài truyền thanh xã',
    coordinatorText: '',
    timeframeText: 'Thường xuyên',
  },
  {
    stt: '5',
    task: 'Tuyên truyền, phổ biến các văn bản pháp luật mới ban hành',
    product: 'Kế hoạch; các hình thức thích hợp',
    leadText: 'Công chức Tư pháp',
    coordinatorText: 'Các cán bộ, công chức liên quan',
    timeframeText: 'Thường xuyên',
  },
  {
    stt: '6',
    task: 'Tuyên truyền về Ứng dụng CNTT trong hoạt động của các cơ quan hành chính nhà nước',
    product: 'Kế hoạch, Công văn, các hình thức phù hợp',
    leadText: 'Công chức Văn hóa - Thông tin',
    coordinatorText: 'Các cán bộ, công chức liên quan',
    timeframeText: 'Trong năm 2024',
  },
  {
    stt: '7',
    task:
      'Duy trì chuyên trang “Cải cách hành chính” trên trang thông tin điện tử của xã, ' +
      'đăng tải các TTHC thuộc thẩm quyền giải quyết.',
    product: 'Điều tra XHH của UBND xã',
    leadText: 'Văn phòng UBND xã',
    coordinatorText: 'Các cán bộ, công chức liên quan',
    timeframeText: 'Quý IV/2024',
  },
  {
    stt: '8',
    task: 'Cử cán bộ, công chức tham gia các lớp tập huấn, bồi dưỡng nghiệp vụ về CCHC',
    product: 'danh sách, Giấy mời',
    // One unit, not two. The plan separates two leads with a comma (task 4) and prints none
    // here: the PDF only wrapped the cell's text. Sending staff to training is personnel
    // (Nội vụ) work, which the commune gives to the official of the Party committee's office
    // ("Văn phòng Đảng ủy - Nội vụ" in SEED_PEOPLE); reading it as two units would send one
    // job to two inboxes with nobody clearly in charge. A commune where these are two people
    // lists both with this text as an alias.
    leadText: 'Văn Phòng đảng ủy Nội vụ',
    coordinatorText: 'Các cán bộ, công chức liên quan',
    timeframeText: 'Trong năm 2024',
  },
];

/**
 * The 8 tasks of the appendix, as readPlanTable would return them from the table pasted with
 * its header on row 1 (task n on row n + 1).
 */
export const SEED_TASKS: ImportedTask[] = ROWS.map((r, i) => ({ ...r, section: '', sourceRow: i + 2 }));

const PLACEHOLDER_NAME = '(chưa cập nhật)';

/**
 * The commune's units named by the plan, one placeholder person each. Emails are on
 * example.invalid, which `emailProblem` flags until the office types real addresses.
 * Aliases cover every way the plan names a unit (the appendix and section IV), so each
 * lead and coordinator cell of SEED_TASKS resolves; `row` is the sheet row setup writes.
 */
export const SEED_PEOPLE: Person[] = [
  {
    unit: 'Văn phòng HĐND&UBND xã',
    email: 'vanphong@example.invalid',
    aliases: ['Văn phòng UBND xã', 'Văn phòng HĐND&UBND', 'Văn phòng - Thống kê'],
  },
  {
    unit: 'UBND xã',
    email: 'lanhdao.ubnd@example.invalid',
    aliases: ['Ủy ban nhân dân xã', 'Lãnh đạo UBND xã', 'Chủ tịch UBND xã'],
  },
  {
    unit: 'Bộ phận Một cửa UBND xã',
    email: 'motcua@example.invalid',
    aliases: ['Bộ phận Một cửa', 'Bộ phận tiếp nhận và trả kết quả', 'Bộ phận tiếp nhận và trả kết quả UBND xã'],
  },
  {
    unit: 'Đài truyền thanh xã',
    email: 'daitruyenthanh@example.invalid',
    aliases: ['Đài truyền thanh', 'Đài phát thanh xã', 'Đài phát thanh'],
  },
  {
    unit: 'Công chức Tư pháp - Hộ tịch',
    email: 'tuphap@example.invalid',
    aliases: ['Công chức Tư pháp', 'Tư pháp - Hộ tịch', 'Tư pháp'],
  },
  {
    unit: 'Công chức Văn hóa - Thông tin',
    email: 'vanhoa@example.invalid',
    aliases: ['Công chức Văn hóa - Thông tin TDTT', 'Công chức Văn hóa - Xã hội', 'Văn hóa - Thông tin'],
  },
  {
    unit: 'Công chức Tài chính - Kế toán',
    email: 'ketoan@example.invalid',
    aliases: ['Tài chính - Kế toán', 'Kế toán'],
  },
  {
    unit: 'Văn phòng Đảng ủy - Nội vụ',
    email: 'danguy.noivu@example.invalid',
    aliases: ['Văn phòng Đảng ủy', 'Nội vụ', 'Công chức Nội vụ'],
  },
].map((p, i) => ({ ...p, name: PLACEHOLDER_NAME, row: i + 2 }));

/** The plan's particulars, as printed (the plan's number was left blank: "…. /KH-UBND"). */
export const SEED_PLAN_INFO = {
  commune: 'Tân Việt',
  province: 'Hải Dương',
  planTitle: 'Kế hoạch tuyên truyền công tác cải cách hành chính nhà nước xã Tân Việt năm 2024',
  planDate: '2024-01-26',
  planYear: 2024,
  chairmanName: 'Vũ Xuân Hào',
} as const;
