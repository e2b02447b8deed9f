import { WORK_EVENT_LABELS } from './work/vocab.js';

/**
 * The codes case management stores, each with its Vietnamese and English label (the console and
 * the letters show labels, never codes). One list per kind of choice; the API schemas, the
 * reducer's validation and the labels all come from these.
 */
type Labels<C extends string> = Readonly<Record<C, { vi: string; en: string }>>;

export const CASE_SOURCES = {
  handover: { vi: 'Bàn giao từ trung tâm tiếp nhận', en: 'Hand-over from the reporting centre' },
  counsellor: { vi: 'Giáo viên tư vấn học đường', en: 'School counsellor' },
  hotline_111: { vi: 'Tổng đài 111', en: 'Hotline 111' },
  direct: { vi: 'Tiếp nhận trực tiếp', en: 'Received directly' },
} as const;
export type CaseSource = keyof typeof CASE_SOURCES;

export const VICTIM_STATES = {
  registered: { vi: 'Đã đăng ký', en: 'Registered' },
  assessed: { vi: 'Đã đánh giá nguy cơ', en: 'Risk assessed' },
  planned: { vi: 'Đã lập kế hoạch', en: 'Plan agreed' },
  in_service: { vi: 'Đang cung cấp dịch vụ', en: 'Receiving services' },
  follow_up: { vi: 'Đang theo dõi', en: 'Follow-up' },
  closed: { vi: 'Đã đóng', en: 'Closed' },
  reopened: { vi: 'Mở lại', en: 'Reopened' },
} as const;

export const VIOLATION_STATES = {
  subject: { vi: 'Xác định đối tượng', en: 'Identifying the subject' },
  evidence: { vi: 'Thu thập chứng cứ', en: 'Gathering evidence' },
  referred: { vi: 'Đã chuyển cơ quan chức năng', en: 'Referred' },
  decided: { vi: 'Đã có quyết định xử lý', en: 'Decided' },
  closed: { vi: 'Đã đóng', en: 'Closed' },
} as const;

export const AGE_BANDS = {
  under_6: { vi: 'Dưới 6 tuổi', en: 'Under 6' },
  '6_10': { vi: '6–10 tuổi', en: '6–10' },
  '11_14': { vi: '11–14 tuổi', en: '11–14' },
  '15_17': { vi: '15–17 tuổi', en: '15–17' },
  unknown: { vi: 'Chưa rõ', en: 'Unknown' },
} as const;
export type CaseAgeBand = keyof typeof AGE_BANDS;

export const GENDERS = {
  female: { vi: 'Nữ', en: 'Female' },
  male: { vi: 'Nam', en: 'Male' },
  other: { vi: 'Khác', en: 'Other' },
  unknown: { vi: 'Không rõ / không nêu', en: 'Unknown / not said' },
} as const;

export const RISK_LEVELS = {
  low: { vi: 'Thấp', en: 'Low' },
  medium: { vi: 'Trung bình', en: 'Medium' },
  high: { vi: 'Cao', en: 'High' },
  critical: { vi: 'Nghiêm trọng', en: 'Critical' },
} as const;
export type RiskLevel = keyof typeof RISK_LEVELS;

export const CONCERNS = {
  sexual_exploitation: { vi: 'Bóc lột, xâm hại tình dục', en: 'Sexual exploitation or abuse' },
  sextortion: { vi: 'Tống tiền bằng hình ảnh', en: 'Sextortion' },
  grooming: { vi: 'Bị dụ dỗ, lôi kéo', en: 'Grooming' },
  self_harm: { vi: 'Nguy cơ tự hại', en: 'Risk of self-harm' },
  bullying: { vi: 'Bị bắt nạt', en: 'Bullying' },
  image_spread: { vi: 'Hình ảnh bị phát tán', en: 'Images spread online' },
  family_conflict: { vi: 'Mâu thuẫn gia đình', en: 'Family conflict' },
  school_absence: { vi: 'Bỏ học, nghỉ học', en: 'Missing school' },
  other: { vi: 'Khác', en: 'Other' },
} as const;

export const NEEDS = {
  safety: { vi: 'An toàn', en: 'Safety' },
  psychological: { vi: 'Tâm lý', en: 'Psychological' },
  health: { vi: 'Sức khỏe', en: 'Health' },
  legal: { vi: 'Pháp lý', en: 'Legal' },
  education: { vi: 'Học tập', en: 'Education' },
  online_safety: { vi: 'An toàn trên mạng', en: 'Online safety' },
  family: { vi: 'Gia đình', en: 'Family' },
} as const;

export const SERVICE_KINDS = {
  counselling: { vi: 'Tư vấn tâm lý', en: 'Counselling' },
  medical: { vi: 'Y tế', en: 'Medical care' },
  legal_aid: { vi: 'Trợ giúp pháp lý', en: 'Legal aid' },
  school_support: { vi: 'Hỗ trợ tại trường', en: 'School support' },
  safe_placement: { vi: 'Chăm sóc thay thế an toàn', en: 'Safe placement' },
  account_recovery: { vi: 'Lấy lại tài khoản', en: 'Account recovery' },
  image_removal: { vi: 'Gỡ bỏ hình ảnh của trẻ', en: "Removal of the child's images" },
} as const;
export type ServiceKind = keyof typeof SERVICE_KINDS;

export const SERVICE_STATUSES = {
  planned: { vi: 'Dự kiến', en: 'Planned' },
  in_progress: { vi: 'Đang thực hiện', en: 'In progress' },
  delivered: { vi: 'Đã hoàn thành', en: 'Delivered' },
  declined: { vi: 'Trẻ/gia đình từ chối', en: 'Declined' },
  cancelled: { vi: 'Đã hủy', en: 'Cancelled' },
} as const;
export type ServiceStatus = keyof typeof SERVICE_STATUSES;

export const CLOSURE_REASONS = {
  goals_met: { vi: 'Đã đạt mục tiêu kế hoạch', en: 'Plan goals met' },
  no_longer_needed: { vi: 'Không còn nhu cầu hỗ trợ', en: 'Support no longer needed' },
  declined: { vi: 'Trẻ/gia đình từ chối hỗ trợ', en: 'Support declined' },
  moved_away: { vi: 'Chuyển nơi ở ngoài địa bàn', en: 'Moved out of the area' },
  unreachable: { vi: 'Không liên lạc được', en: 'Could not be reached' },
  other: { vi: 'Lý do khác (ghi rõ)', en: 'Other (explain)' },
} as const;
export type ClosureReason = keyof typeof CLOSURE_REASONS;

export const SUBJECT_KINDS = {
  person: { vi: 'Cá nhân', en: 'Person' },
  organisation: { vi: 'Tổ chức', en: 'Organisation' },
  account: { vi: 'Tài khoản mạng xã hội', en: 'Online account' },
  website: { vi: 'Trang web', en: 'Website' },
} as const;

export const VIOLATION_TYPES = {
  sexual_abuse_material: { vi: 'Tài liệu xâm hại tình dục trẻ em', en: 'Child sexual abuse material' },
  sextortion: { vi: 'Tống tiền tình dục', en: 'Sextortion' },
  grooming: { vi: 'Dụ dỗ trẻ em', en: 'Grooming' },
  cyberbullying: { vi: 'Bắt nạt trên mạng', en: 'Cyberbullying' },
  privacy: { vi: 'Tiết lộ thông tin cá nhân của trẻ', en: "Disclosing a child's private information" },
  harmful_content: { vi: 'Nội dung độc hại với trẻ em', en: 'Content harmful to children' },
  scam: { vi: 'Lừa đảo trẻ em', en: 'Scamming children' },
  other: { vi: 'Vi phạm khác', en: 'Other violation' },
} as const;

export const EVIDENCE_KINDS = {
  report: { vi: 'Báo cáo (kèm chứng cứ)', en: 'Report (with its evidence)' },
  detect_item: { vi: 'Kết quả rà soát', en: 'Detection result' },
  takedown: { vi: 'Yêu cầu gỡ bỏ', en: 'Takedown request' },
} as const;

export const REFERRAL_TARGETS = {
  police: { vi: 'Cơ quan công an', en: 'Police' },
  inspectorate: { vi: 'Thanh tra chuyên ngành', en: 'Inspectorate' },
  platform: { vi: 'Nền tảng mạng', en: 'Online platform' },
} as const;

export const DECISIONS = {
  administrative_sanction: { vi: 'Xử phạt vi phạm hành chính', en: 'Administrative sanction' },
  criminal_referral: { vi: 'Chuyển xử lý hình sự', en: 'Criminal referral' },
  takedown: { vi: 'Gỡ bỏ nội dung', en: 'Takedown' },
  no_violation: { vi: 'Không có vi phạm', en: 'No violation found' },
} as const;
export type Decision = keyof typeof DECISIONS;

export const OUTCOMES = {
  sanction_executed: { vi: 'Đã thi hành quyết định xử phạt', en: 'Sanction carried out' },
  prosecuted: { vi: 'Đã khởi tố', en: 'Prosecuted' },
  content_removed: { vi: 'Nội dung đã bị gỡ', en: 'Content removed' },
  not_pursued: { vi: 'Không tiếp tục xử lý', en: 'Not pursued' },
  other: { vi: 'Khác', en: 'Other' },
} as const;

export const CONSENT_KINDS = {
  services: { vi: 'Đồng ý nhận dịch vụ', en: 'Consent to services' },
  share: { vi: 'Đồng ý chia sẻ thông tin với cơ quan', en: 'Consent to share with an agency' },
  count: { vi: 'Đồng ý được thống kê', en: 'Consent to be counted' },
} as const;
export type ConsentKind = keyof typeof CONSENT_KINDS;

export const CONSENT_GIVERS = {
  child: { vi: 'Trẻ em', en: 'The child' },
  guardian: { vi: 'Cha mẹ / người giám hộ', en: 'Parent or guardian' },
  both: { vi: 'Trẻ em và người giám hộ', en: 'Child and guardian' },
} as const;

export const APPROVAL_STEPS = {
  assessment: { vi: 'Đánh giá nguy cơ', en: 'Risk assessment' },
  plan: { vi: 'Kế hoạch hỗ trợ', en: 'Case plan' },
  closure: { vi: 'Đóng hồ sơ', en: 'Closure' },
} as const;
export type ApprovalStep = keyof typeof APPROVAL_STEPS;

/** What each event is called in the timeline and in a conflict message ("what changed since"). */
export const EVENT_LABELS: Labels<string> = {
  case_opened: { vi: 'Mở hồ sơ', en: 'Case opened' },
  track_added: { vi: 'Thêm luồng xử lý', en: 'Track added' },
  report_linked: { vi: 'Gắn báo cáo', en: 'Report linked' },
  assigned: { vi: 'Phân công cán bộ', en: 'Worker assigned' },
  transferred: { vi: 'Chuyển giao hồ sơ', en: 'Case transferred' },
  victim_registered: { vi: 'Đăng ký thông tin trẻ', en: 'Child registered' },
  risk_assessed: { vi: 'Đánh giá nguy cơ', en: 'Risk assessed' },
  plan_set: { vi: 'Lập kế hoạch hỗ trợ', en: 'Case plan set' },
  approval_given: { vi: 'Lãnh đạo phê duyệt', en: 'Manager approved' },
  approval_returned: { vi: 'Lãnh đạo trả lại', en: 'Manager returned' },
  service_added: { vi: 'Thêm dịch vụ', en: 'Service added' },
  service_updated: { vi: 'Cập nhật dịch vụ', en: 'Service updated' },
  follow_up_recorded: { vi: 'Theo dõi sau hỗ trợ', en: 'Follow-up recorded' },
  victim_closed: { vi: 'Đóng luồng hỗ trợ', en: 'Support closed' },
  victim_reopened: { vi: 'Mở lại luồng hỗ trợ', en: 'Support reopened' },
  subject_recorded: { vi: 'Ghi nhận đối tượng vi phạm', en: 'Subject recorded' },
  evidence_linked: { vi: 'Gắn chứng cứ', en: 'Evidence linked' },
  violation_referred: { vi: 'Chuyển cơ quan chức năng', en: 'Referred' },
  decision_recorded: { vi: 'Quyết định xử lý', en: 'Decision recorded' },
  violation_closed: { vi: 'Đóng luồng xử lý vi phạm', en: 'Violation handling closed' },
  violation_reopened: { vi: 'Mở lại luồng xử lý vi phạm', en: 'Violation handling reopened' },
  consent_recorded: { vi: 'Ghi nhận sự đồng ý', en: 'Consent recorded' },
  consent_withdrawn: { vi: 'Rút lại sự đồng ý', en: 'Consent withdrawn' },
  note_added: { vi: 'Ghi chú', en: 'Note' },
};

/** The label of an event type in a language: the core's events and case work's (work_…) alike, so no known event reads as a generic change. */
export function eventLabel(type: string, lang: 'vi' | 'en', extra: Labels<string> = {}): string {
  const l = EVENT_LABELS[type] ?? (WORK_EVENT_LABELS as Labels<string>)[type] ?? extra[type];
  return l ? l[lang] : lang === 'vi' ? 'Hoạt động xử lý hồ sơ' : 'Case work';
}
