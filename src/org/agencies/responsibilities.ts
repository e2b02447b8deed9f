/**
 * What an agency can be responsible for. Routing rules (reporting centre) and case referrals
 * pick agencies by these codes, so moving a duty between agencies is an edit, not a release.
 */
export const RESPONSIBILITIES: Record<string, { vi: string; en: string }> = {
  intake: { vi: 'Tiếp nhận phản ánh, tố giác', en: 'Receive reports' },
  victim_support: { vi: 'Hỗ trợ, can thiệp cho trẻ em bị xâm hại', en: 'Support and intervene for child victims' },
  violation_handling: { vi: 'Xử lý vi phạm theo pháp luật', en: 'Handle violations by law' },
  criminal_investigation: { vi: 'Điều tra tội phạm công nghệ cao', en: 'Investigate cyber crime' },
  content_review: { vi: 'Rà soát, phát hiện thông tin xấu, độc', en: 'Review and detect harmful content' },
  takedown: { vi: 'Yêu cầu gỡ bỏ nội dung', en: 'Request content takedown' },
  information_security: { vi: 'An toàn thông tin, giải pháp kỹ thuật', en: 'Information security, technical measures' },
  school_filter: { vi: 'Lọc, chặn truy cập tại trường học', en: 'Filtering at schools' },
  online_teaching_rules: { vi: 'Quy chế dạy học trực tuyến', en: 'Online teaching rules' },
  education_programmes: { vi: 'Giáo dục kỹ năng an toàn trên mạng', en: 'Online-safety education' },
  outreach: { vi: 'Truyền thông, nâng cao nhận thức', en: 'Communication and awareness' },
  parent_education: { vi: 'Hướng dẫn cha mẹ, người chăm sóc', en: 'Educate parents and carers' },
  staff_training: { vi: 'Tập huấn cán bộ', en: 'Train staff' },
  monitoring_reporting: { vi: 'Theo dõi, kiểm tra, báo cáo định kỳ', en: 'Monitoring, inspection, periodic reports' },
  coordination: { vi: 'Đầu mối phối hợp liên ngành', en: 'Inter-agency coordination' },
};

export const isResponsibility = (code: string): boolean => Object.hasOwn(RESPONSIBILITIES, code);
