import { registerMessages } from '../shared/i18n.js';

// Codes kept as they were when this lived in intake (intake_busy, intake_files_too_costly): they are API.
registerMessages({
  file_type_not_allowed: {
    vi: 'Tệp "{name}" không được nhận: chỉ nhận ảnh (JPEG, PNG, WebP, GIF) và PDF.',
    en: 'File "{name}" is not accepted: only images (JPEG, PNG, WebP, GIF) and PDF.',
  },
  file_damaged: { vi: 'Tệp "{name}" bị hỏng hoặc không đọc được.', en: 'File "{name}" is damaged or unreadable.' },
  file_polyglot: {
    vi: 'Tệp "{name}" chứa dữ liệu lạ ngoài nội dung ảnh/PDF nên không được nhận.',
    en: 'File "{name}" carries data besides the image/PDF and is not accepted.',
  },
  image_too_large: {
    vi: 'Ảnh "{name}" có kích thước quá lớn. Hãy gửi ảnh chụp màn hình hoặc ảnh nhỏ hơn.',
    en: 'Image "{name}" has too many pixels. Send a screenshot or a smaller picture.',
  },
  intake_files_too_costly: {
    vi: 'Các ảnh trong báo cáo này quá lớn khi mở ra. Hãy gửi ít ảnh hơn, hoặc ảnh chụp màn hình nhỏ hơn.',
    en: 'The pictures in this report are too large to open together. Send fewer pictures, or smaller screenshots.',
  },
  intake_busy: {
    vi: 'Hệ thống đang xử lý nhiều tệp cùng lúc. Hãy gửi lại sau ít phút. Nếu trẻ đang gặp nguy hiểm, gọi ngay 113; tổng đài bảo vệ trẻ em 111.',
    en: 'The system is busy opening many files. Send again in a few minutes. If a child is in danger now, call 113; child-protection hotline 111.',
  },
  pdf_encrypted: {
    vi: 'Tệp PDF "{name}" có mật khẩu hoặc đã bị mã hoá nên không kiểm tra được. Hãy gửi bản không đặt mật khẩu, hoặc chụp ảnh màn hình các trang.',
    en: 'PDF "{name}" is password-protected or encrypted, so it cannot be checked. Send a copy without a password, or screenshots of its pages.',
  },
  pdf_active_content: {
    vi: 'Tệp PDF "{name}" chứa mã tự chạy hoặc tệp đính kèm ở chỗ không gỡ ra an toàn được nên không được nhận. Hãy chụp ảnh màn hình các trang và gửi ảnh.',
    en: 'PDF "{name}" carries code or attached files that cannot be removed safely, so it is not accepted. Send screenshots of its pages instead.',
  },
  pdf_too_many_pages: {
    vi: 'Tệp PDF "{name}" có quá nhiều trang (tối đa {limit}). Hãy gửi riêng những trang liên quan.',
    en: 'PDF "{name}" has too many pages (limit {limit}). Send only the pages that matter.',
  },
  pdf_too_complex: {
    vi: 'Tệp PDF "{name}" quá phức tạp để kiểm tra. Hãy chụp ảnh màn hình các trang liên quan và gửi ảnh.',
    en: 'PDF "{name}" is too complex to check. Send screenshots of the pages that matter instead.',
  },
  pdf_unavailable: {
    vi: 'Hiện hệ thống chưa mở được tệp PDF. Hãy chụp ảnh màn hình các trang và gửi ảnh.',
    en: 'PDF files cannot be opened right now. Send screenshots of the pages instead.',
  },
});
