/** Real addresses for the seed's units, as an office types them in "Cán bộ" (tests that send mail). */
export const REAL_ADDRESSES: Record<string, string> = {
  'Văn phòng HĐND&UBND xã': 'vanphong.tanviet@gmail.com',
  'UBND xã': 'chutich.tanviet@gmail.com',
  'Bộ phận Một cửa UBND xã': 'motcua.tanviet@gmail.com',
  'Đài truyền thanh xã': 'dai.tanviet@gmail.com',
  'Công chức Tư pháp - Hộ tịch': 'tuphap.tanviet@gmail.com',
  'Công chức Văn hóa - Thông tin': 'vanhoa.tanviet@gmail.com',
  'Công chức Tài chính - Kế toán': 'ketoan.tanviet@gmail.com',
  'Văn phòng Đảng ủy - Nội vụ': 'noivu.tanviet@gmail.com',
};
