/**
 * The closed lists of case work, each code with its Vietnamese and English label. Codes are what
 * the API takes and stores; people only ever see the labels.
 */
type Labels = Record<string, { vi: string; en: string }>;

/** What a referral asks the receiver to do. */
export const REFERRAL_PURPOSES = {
  counselling: { vi: 'Tư vấn, hỗ trợ tâm lý', en: 'Counselling and psychological support' },
  medical: { vi: 'Chăm sóc y tế', en: 'Medical care' },
  legal_aid: { vi: 'Trợ giúp pháp lý', en: 'Legal aid' },
  school_support: { vi: 'Hỗ trợ tại trường học', en: 'School support' },
  safe_placement: { vi: 'Bố trí nơi ở an toàn', en: 'Safe placement' },
  account_recovery: { vi: 'Khôi phục tài khoản', en: 'Account recovery' },
  content_removal: { vi: 'Gỡ bỏ hình ảnh, nội dung của trẻ', en: "Removal of the child's images and content" },
  investigation: { vi: 'Điều tra, xác minh vi phạm', en: 'Investigation of the violation' },
  inspection: { vi: 'Thanh tra, xử phạt hành chính', en: 'Inspection and administrative sanction' },
  case_management: { vi: 'Tiếp nhận quản lý toàn bộ vụ việc', en: 'Take over the whole case' },
} as const satisfies Labels;
export type ReferralPurpose = keyof typeof REFERRAL_PURPOSES;

/** Why a receiver declines. */
export const DECLINE_REASONS = {
  not_competent: { vi: 'Không thuộc thẩm quyền', en: 'Outside our competence' },
  no_capacity: { vi: 'Không đủ nguồn lực lúc này', en: 'No capacity at the moment' },
  wrong_area: { vi: 'Không thuộc địa bàn', en: 'Outside our area' },
  insufficient_information: { vi: 'Thiếu thông tin', en: 'Not enough information' },
  already_handled: { vi: 'Đã được xử lý ở nơi khác', en: 'Already handled elsewhere' },
  other: { vi: 'Lý do khác (ghi rõ)', en: 'Other reason (explain)' },
} as const satisfies Labels;
export type DeclineReason = keyof typeof DECLINE_REASONS;

export const REFERRAL_KINDS = {
  referral: { vi: 'Chuyển tuyến (phối hợp)', en: 'Referral' },
  transfer: { vi: 'Chuyển giao toàn bộ vụ việc', en: 'Transfer of the case' },
} as const satisfies Labels;

export const REFERRAL_STATUSES = {
  pending: { vi: 'Chờ trả lời', en: 'Waiting for an answer' },
  accepted: { vi: 'Đã nhận', en: 'Accepted' },
  declined: { vi: 'Từ chối', en: 'Declined' },
  withdrawn: { vi: 'Đã rút lại', en: 'Withdrawn' },
} as const satisfies Labels;

export const TASK_STATUSES = {
  open: { vi: 'Đang mở', en: 'Open' },
  done: { vi: 'Đã xong', en: 'Done' },
  cancelled: { vi: 'Đã huỷ', en: 'Cancelled' },
} as const satisfies Labels;

/** Default time a receiver has to answer a referral, in hours (a step of the SLA settings can change it). */
export const DEFAULT_ANSWER_HOURS = 48;

export const codesOf = <T extends Labels>(labels: T) => Object.keys(labels) as Array<keyof T & string>;

/** Case work's events on the case's timeline (cases/events.ts `WorkEvent`), for the timeline and conflict messages. */
export const WORK_EVENT_LABELS = {
  work_referral_sent: { vi: 'Gửi yêu cầu chuyển tuyến', en: 'Referral sent' },
  work_referral_accepted: { vi: 'Đơn vị nhận đồng ý chuyển tuyến', en: 'Referral accepted' },
  work_referral_declined: { vi: 'Đơn vị nhận từ chối chuyển tuyến', en: 'Referral declined' },
  work_referral_withdrawn: { vi: 'Rút lại yêu cầu chuyển tuyến', en: 'Referral withdrawn' },
  work_task_added: { vi: 'Giao việc', en: 'Task added' },
  work_task_changed: { vi: 'Điều chỉnh công việc', en: 'Task changed' },
  work_task_done: { vi: 'Hoàn thành công việc', en: 'Task done' },
  work_task_cancelled: { vi: 'Huỷ công việc', en: 'Task cancelled' },
} as const satisfies Labels;

/** Every case-work code list with its labels in the caller's language (the console shows labels, never codes). */
export function workVocabulary(lang: 'vi' | 'en') {
  const list = (labels: Labels) => Object.entries(labels).map(([code, l]) => ({ code, label: l[lang] }));
  return {
    purposes: list(REFERRAL_PURPOSES),
    declineReasons: list(DECLINE_REASONS),
    kinds: list(REFERRAL_KINDS),
    referralStatuses: list(REFERRAL_STATUSES),
    taskStatuses: list(TASK_STATUSES),
    events: list(WORK_EVENT_LABELS),
  };
}
