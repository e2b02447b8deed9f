/** The six topics issue 14 names; the catalogue starts with them and stays editable. */
export const SEED_TOPICS: ReadonlyArray<{ code: string; name: string; nameEn: string }> = [
  { code: 'safe_internet', name: 'Sử dụng Internet an toàn', nameEn: 'Safe internet use' },
  { code: 'cyberbullying', name: 'Bắt nạt trên mạng', nameEn: 'Cyberbullying' },
  { code: 'privacy', name: 'Quyền riêng tư và dữ liệu cá nhân', nameEn: 'Privacy and personal data' },
  { code: 'grooming_sextortion', name: 'Nhận biết dụ dỗ và tống tiền tình dục', nameEn: 'Recognising grooming and sextortion' },
  { code: 'scams', name: 'Lừa đảo trực tuyến', nameEn: 'Online scams' },
  { code: 'report_help', name: 'Cách báo cáo và nơi tìm trợ giúp', nameEn: 'How to report and where to get help' },
];
