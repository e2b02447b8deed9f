import { registerMessages } from '../shared/i18n.js';

registerMessages({
  intake_no_category: { vi: 'Hãy chọn ít nhất một việc đã xảy ra.', en: 'Choose at least one thing that happened.' },
  intake_empty: { vi: 'Hãy kể ngắn gọn chuyện gì đã xảy ra, hoặc gửi một đường dẫn, một tệp.', en: 'Tell us briefly what happened, or give a link or a file.' },
  intake_bad_unit: { vi: 'Phường/xã không có trong danh sách: {unit}', en: 'Unknown ward/commune: {unit}' },
  intake_bad_url: { vi: 'Đường dẫn không hợp lệ: {url}', en: 'Not a valid link: {url}' },
  intake_bad_email: { vi: 'Địa chỉ e-mail không hợp lệ.', en: 'Invalid e-mail address.' },
  intake_consent_needs_contact: { vi: 'Để được liên lạc lại, hãy để lại số điện thoại hoặc e-mail.', en: 'To be contacted, leave a phone number or e-mail.' },
  intake_idempotency_mismatch: {
    vi: 'Khoá chống gửi trùng (Idempotency-Key) đã được dùng cho một báo cáo khác.',
    en: 'This Idempotency-Key was already used for a different report.',
  },
  intake_form_expired: {
    vi: 'Biểu mẫu đã hết hạn hoặc không hợp lệ. Hãy tải lại trang và gửi lại.',
    en: 'The form has expired or is invalid. Reload the page and send it again.',
  },
  intake_rate_limited: {
    vi: 'Có quá nhiều báo cáo gửi cùng lúc. Hãy thử lại sau ít phút. Nếu trẻ đang gặp nguy hiểm, gọi ngay 113; tổng đài bảo vệ trẻ em 111.',
    en: 'Too many reports at once. Try again in a few minutes. If a child is in danger now, call 113; child-protection hotline 111.',
  },
  form_body_invalid: {
    vi: 'Nội dung gửi lên bị thiếu hoặc hỏng (có thể mạng bị ngắt giữa chừng). Hãy gửi lại biểu mẫu.',
    en: 'What was sent is incomplete or malformed (the connection may have dropped). Send the form again.',
  },
  intake_decode_budget: {
    vi: 'Từ địa chỉ mạng của bạn đã có quá nhiều ảnh lớn được gửi trong ít phút. Hãy thử lại sau 10 phút, hoặc gửi báo cáo không kèm ảnh. Nếu trẻ đang gặp nguy hiểm, gọi ngay 113; tổng đài bảo vệ trẻ em 111.',
    en: 'Too many large pictures were sent from your network address in the last few minutes. Try again in 10 minutes, or send the report without pictures. If a child is in danger now, call 113; child-protection hotline 111.',
  },
  intake_too_many_files: { vi: 'Quá nhiều tệp (tối đa {limit}).', en: 'Too many files (limit {limit}).' },
  intake_bad_transition: {
    vi: 'Báo cáo đang ở trạng thái "{status}", không thể thực hiện thao tác này.',
    en: 'The report is "{status}"; this action is not possible.',
  },
  intake_reason_required: { vi: 'Cần nêu lý do.', en: 'A reason is required.' },
  intake_handover_needs_need: { vi: 'Hãy chọn cần hỗ trợ nạn nhân và/hoặc xử lý vi phạm.', en: 'Choose victim support and/or violation handling.' },
  intake_handover_needs_target: { vi: 'Hãy chọn phường/xã hoặc cơ quan nhận bàn giao.', en: 'Choose the ward/commune or agency to hand over to.' },
  intake_merge_self: { vi: 'Không thể gộp báo cáo vào chính nó.', en: 'A report cannot be merged into itself.' },
  intake_no_urls: { vi: 'Báo cáo không có đường dẫn để gửi phát hiện.', en: 'The report has no links to send to detection.' },
  // notifications: {priority}, {needs} and {what} are worded from glossary.ts when read (present.ts)
  notif_new_urgent: { vi: 'Phản ánh {code} mức {priority} vừa được gửi đến', en: 'Report {code}, priority {priority}, just arrived' },
  notif_routed: { vi: 'Phản ánh {code} (mức {priority}) được chuyển đến cơ quan của bạn', en: 'Report {code} ({priority}) was routed to your agency' },
  notif_handover: { vi: 'Phản ánh {code} được bàn giao cho đơn vị của bạn để {needs}', en: 'Report {code} was handed over to your unit for {needs}' },
  notif_overdue: { vi: 'Phản ánh {code} (mức {priority}) đã quá hạn {what}', en: 'Report {code} ({priority}) is overdue for {what}' },
});
