import { registerMessages } from '../../shared/i18n.js';

registerMessages({
  case_letter_no_violation: {
    vi: 'Hồ sơ chưa có loại vi phạm: ghi nhận đối tượng và loại vi phạm trước khi lập công văn.',
    en: 'The case has no violation type yet: record the subject and the violation before drawing up a letter.',
  },
  case_letter_no_urls: {
    vi: 'Hồ sơ không có địa chỉ nội dung nào (từ các phản ánh liên kết): không thể lập công văn đề nghị gỡ bỏ.',
    en: 'The case has no content addresses (from its linked reports): a takedown request cannot be drawn up.',
  },
  case_letter_field_required: {
    vi: 'Thiếu thông tin "{field}" để lập công văn.',
    en: 'The letter needs "{field}".',
  },
});
