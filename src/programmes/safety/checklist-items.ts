/**
 * The information-safety self-assessment: what a school checks, after the Ministry of Education's
 * guidance on information safety in schools and the directive's order to guide schools on it.
 * Weights: 2 for what protects children's data and safety directly, 1 for good practice.
 * Score = 100 × (weights of items met) ÷ (all weights), one decimal.
 */
export const CHECKLIST_ITEMS = [
  {
    code: 'dns_filter',
    weight: 2,
    vi: 'Kết nối Internet của học sinh đi qua bộ lọc Lá Chắn',
    en: 'Pupils’ internet connection goes through the Lá Chắn filter',
  },
  {
    code: 'wifi_separate',
    weight: 1,
    vi: 'Wi-Fi cho học sinh tách khỏi mạng quản lý, có mật khẩu',
    en: 'Pupils’ Wi-Fi is separate from the staff network and protected',
  },
  {
    code: 'own_accounts',
    weight: 1,
    vi: 'Mỗi cán bộ một tài khoản riêng, mật khẩu mạnh, không dùng chung',
    en: 'Every staff member has their own account and a strong, unshared password',
  },
  {
    code: 'two_factor',
    weight: 1,
    vi: 'Xác thực hai lớp cho e-mail và phần mềm quản lý của trường',
    en: 'Two-factor sign-in for the school’s e-mail and management software',
  },
  {
    code: 'updates',
    weight: 1,
    vi: 'Máy tính được cập nhật hệ điều hành và phần mềm chống mã độc',
    en: 'Computers get operating-system and anti-malware updates',
  },
  {
    code: 'backups',
    weight: 1,
    vi: 'Dữ liệu của trường được sao lưu định kỳ và cất giữ an toàn',
    en: 'The school’s data is backed up regularly and kept safe',
  },
  {
    code: 'data_minimum',
    weight: 2,
    vi: 'Chỉ thu thập dữ liệu học sinh cần thiết; quy định rõ ai được xem',
    en: 'Only the pupil data needed is collected; who may see it is set out',
  },
  {
    code: 'photo_consent',
    weight: 2,
    vi: 'Ảnh học sinh chỉ đăng lên mạng khi cha mẹ đồng ý',
    en: 'Pupils’ photos are posted online only with their parents’ consent',
  },
  {
    code: 'incident_contact',
    weight: 2,
    vi: 'Có đầu mối xử lý sự cố, biết báo qua 111, 113 và Lá Chắn',
    en: 'A named incident contact who knows to report to 111, 113 and Lá Chắn',
  },
  {
    code: 'staff_trained',
    weight: 1,
    vi: 'Cán bộ, giáo viên được tập huấn an toàn thông tin trong năm học',
    en: 'Staff were trained in information safety this school year',
  },
] as const;

export type Answers = Record<string, { met: boolean; evidence: string | null }>;

const TOTAL = CHECKLIST_ITEMS.reduce((n, i) => n + i.weight, 0);

/** The score of a set of answers, leaving out items a reviewer did not accept. */
export function scoreOf(answers: Answers, notAccepted: readonly string[] = []): number {
  const met = CHECKLIST_ITEMS.reduce((n, i) => n + (answers[i.code]?.met && !notAccepted.includes(i.code) ? i.weight : 0), 0);
  return Math.round((1000 * met) / TOTAL) / 10;
}
