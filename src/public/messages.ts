import { registerMessages } from '../shared/i18n.js';

/** Errors only the public form raises (the rest are intake's and evidence's). */
registerMessages({
  public_no_reporter: { vi: 'Hãy chọn ai đang báo cáo.', en: 'Choose who is reporting.' },
  public_bad_date: {
    vi: 'Ngày chưa đúng. Hãy viết theo dạng ngày/tháng/năm, ví dụ 05/12/2026, hoặc để trống.',
    en: 'That date is not right. Write it as day/month/year, e.g. 05/12/2026, or leave it empty.',
  },
  public_future_date: { vi: 'Ngày xảy ra không thể sau hôm nay.', en: 'The date cannot be after today.' },
  public_file_too_large: {
    vi: 'Tệp "{name}" quá lớn: mỗi tệp tối đa {limit}. Hãy gửi ảnh chụp màn hình hoặc tệp nhỏ hơn.',
    en: 'File "{name}" is too large: each file may be at most {limit}. Send a screenshot or a smaller file.',
  },
});
