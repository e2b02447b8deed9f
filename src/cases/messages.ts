import { registerMessages } from '../shared/i18n.js';

registerMessages({
  case_bad_transition: {
    vi: 'Không thể thực hiện bước "{event}" khi hồ sơ đang ở trạng thái "{state}".',
    en: 'The step "{event}" is not possible while the case is "{state}".',
  },
  case_awaiting_approval: {
    vi: 'Bước "{step}" đang chờ lãnh đạo phê duyệt; hãy chờ phê duyệt hoặc trả lại trước.',
    en: 'The step "{step}" is waiting for a manager’s approval; approve or return it first.',
  },
  case_closed: { vi: 'Hồ sơ đã đóng; hãy mở lại trước khi ghi nhận "{event}".', en: 'The case is closed; reopen it before recording "{event}".' },
  case_service_bad_transition: {
    vi: 'Dịch vụ đang ở trạng thái "{from}", không thể chuyển sang "{to}".',
    en: 'The service is "{from}"; it cannot become "{to}".',
  },
  case_version_conflict: {
    vi: 'Hồ sơ vừa được người khác cập nhật (bạn đang xem phiên bản {expected}, hiện là {current}). Thay đổi kể từ đó: {changesVi}. Không có gì bị ghi đè; hãy tải lại hồ sơ rồi thực hiện lại.',
    en: 'Someone else updated the case (you saw version {expected}, it is now {current}). Changed since: {changesEn}. Nothing was overwritten; reload the case and try again.',
  },
  case_reason_required: { vi: 'Cần nêu lý do (ít nhất 10 ký tự): {field}.', en: 'A reason is required (at least 10 characters): {field}.' },
  case_future_date: { vi: 'Ngày không được ở tương lai: {field}.', en: 'The date cannot be in the future: {field}.' },
  case_handover_taken: { vi: 'Hồ sơ bàn giao này đã được tiếp nhận.', en: 'This hand-over has already been taken.' },
  case_note_required: { vi: 'Lý do "khác" cần ghi chú giải thích: {field}.', en: 'The reason "other" needs a note explaining it: {field}.' },
  case_bad_reference: { vi: 'Không tìm thấy mục được liên kết: {field}.', en: 'The linked record does not exist: {field}.' },
  case_consent_required: {
    vi: 'Trẻ/gia đình chưa đồng ý chia sẻ thông tin với cơ quan này. Chỉ lãnh đạo được quyết định vượt quyền, kèm lý do.',
    en: 'The child or family has not consented to sharing with this agency. Only a manager may override, with a reason.',
  },
});
