import { registerMessages } from '../../shared/i18n.js';

/** The fields case work's errors point at, in words: a message a person reads never shows a field code. */
const FIELD_WORDS = {
  toAgencyId: { vi: 'cơ quan nhận', en: 'receiving agency' },
  toUnitId: { vi: 'phường/xã nhận', en: 'receiving ward/commune' },
  declineReason: { vi: 'lý do từ chối', en: 'reason for declining' },
  note: { vi: 'ghi chú', en: 'note' },
  dueAt: { vi: 'hạn hoàn thành', en: 'due date' },
  remindAt: { vi: 'thời điểm nhắc việc', en: 'reminder time' },
  assigneeId: { vi: 'người được giao', en: 'assignee' },
} as const;

/** An error's parameters for a field: its code (for API clients reading the params) and its name in each language. */
export const fieldParams = (field: keyof typeof FIELD_WORDS) => ({ field, fieldVi: FIELD_WORDS[field].vi, fieldEn: FIELD_WORDS[field].en });

/** Case work's messages: errors people read, and the console bell's notifications. */
registerMessages({
  case_work_consent_missing: {
    vi: 'Trẻ/gia đình chưa đồng ý chia sẻ thông tin với cơ quan nhận. Chỉ người quản lý vụ việc mới có thể chuyển khi nêu rõ lý do chuyển khi chưa có sự đồng ý.',
    en: 'The child or family has not agreed to share with the receiving agency. Only a case manager may refer anyway, stating the reason to refer without consent.',
  },
  case_work_not_manager: {
    vi: 'Chỉ người quản lý vụ việc mới được chuyển khi chưa có sự đồng ý chia sẻ.',
    en: 'Only a case manager may refer without consent to share.',
  },
  case_work_referral_answered: { vi: 'Yêu cầu chuyển tuyến này đã được trả lời hoặc rút lại.', en: 'This referral was already answered or withdrawn.' },
  case_work_decline_reason: {
    vi: 'Khi từ chối cần chọn lý do (ô “{fieldVi}”); lý do "khác" cần ghi chú.',
    en: 'Declining needs a reason (the “{fieldEn}” field); "other" needs a note.',
  },
  case_work_same_holder: {
    vi: 'Không thể chuyển vụ việc cho chính đơn vị đang giữ nó (ô “{fieldVi}”).',
    en: 'A case cannot be referred to the unit that holds it (the “{fieldEn}” field).',
  },
  case_work_task_closed: { vi: 'Công việc này đã xong hoặc đã huỷ.', en: 'This task is already done or cancelled.' },
  case_work_referral_pending: {
    vi: 'Vụ việc đã có một yêu cầu chuyển đến đơn vị này đang chờ trả lời (ô “{fieldVi}”).',
    en: 'A referral of this case to that unit is already waiting for an answer (the “{fieldEn}” field).',
  },
  case_work_date_past: { vi: 'Thời điểm đã qua: {fieldVi}.', en: 'The time is in the past: {fieldEn}.' },
  case_work_date_too_far: { vi: 'Thời hạn xa quá một năm: {fieldVi}.', en: 'More than a year ahead: {fieldEn}.' },
  case_work_remind_after_due: { vi: 'Thời điểm nhắc việc phải trước hạn hoàn thành: {fieldVi}.', en: 'The reminder must come before the due date: {fieldEn}.' },
  case_work_bad_assignee: {
    vi: 'Người được giao phải là cán bộ đang làm việc của đơn vị giữ vụ việc (ô “{fieldVi}”).',
    en: 'The assignee must be an active worker of the unit holding the case (the “{fieldEn}” field).',
  },
  notif_case_referral: { vi: 'Vụ việc {code} được chuyển đến đơn vị của bạn: {purposeVi}', en: 'Case {code} was referred to your unit: {purposeEn}' },
  notif_case_referral_accepted: { vi: 'Vụ việc {code}: {receiverVi} đã nhận yêu cầu chuyển tuyến', en: 'Case {code}: {receiverEn} accepted the referral' },
  notif_case_referral_declined: { vi: 'Vụ việc {code}: {receiverVi} đã từ chối yêu cầu chuyển tuyến', en: 'Case {code}: {receiverEn} declined the referral' },
  notif_case_task_reminder: { vi: 'Nhắc việc vụ {code}: hạn {due}', en: 'Reminder for case {code}: due {due}' },
  notif_case_task_overdue: { vi: 'Công việc của vụ {code} đã quá hạn ({due})', en: 'A task of case {code} is overdue ({due})' },
  notif_case_task_assigned: { vi: 'Bạn được giao một việc trong vụ {code}, hạn {due}', en: 'You were given a task in case {code}, due {due}' },
  notif_case_referral_overdue: { vi: 'Yêu cầu chuyển tuyến vụ {code} đã quá hạn trả lời', en: 'The referral of case {code} is overdue for an answer' },
});
