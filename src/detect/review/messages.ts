import { registerMessages } from '../../shared/i18n.js';

registerMessages({
  detect_review_bad_transition: {
    vi: 'Mục đang ở trạng thái "{status}", không thể thực hiện thao tác này.',
    en: 'The item is "{status}"; this action is not possible.',
  },
  detect_review_category_required: { vi: 'Hãy chọn loại nội dung độc hại.', en: 'Choose the kind of harmful content.' },
  detect_review_bad_category: { vi: 'Loại nội dung không hợp lệ: {category}', en: 'Unknown category: {category}' },
  detect_review_bad_url: { vi: 'Đường dẫn không hợp lệ: {url}', en: 'Not a valid link: {url}' },
  detect_review_reason_required: { vi: 'Cần nêu lý do (ít nhất 5 ký tự).', en: 'A reason is required (at least 5 characters).' },
  detect_review_kind_forbidden: {
    vi: 'Cán bộ tiếp nhận chỉ gửi được đường dẫn để rà soát.',
    en: 'Intake officers may send links for review only.',
  },
  detect_review_empty: { vi: 'Hãy gửi một đường dẫn, một đoạn văn bản hoặc một ảnh.', en: 'Send a link, a text or an image.' },
  detect_review_not_image: { vi: 'Tệp gửi lên không phải ảnh (JPEG, PNG, WebP, GIF).', en: 'The file is not an image (JPEG, PNG, WebP, GIF).' },
  detect_review_platform_domain: {
    vi: 'Không thể chặn cả tên miền {domain}: đây là nền tảng của nhiều người dùng. Hãy yêu cầu gỡ bỏ nội dung.',
    en: 'Cannot block the whole domain {domain}: many people publish there. Request a takedown instead.',
  },
  detect_review_reopen_open_twin: {
    vi: 'Đường dẫn này đã có một mục khác đang chờ rà soát ({item}); hãy quyết định trên mục đó.',
    en: 'This link already has another open item ({item}); decide on that one.',
  },
  detect_takedown_bad_transition: {
    vi: 'Yêu cầu gỡ bỏ đang ở trạng thái "{status}", không thể chuyển sang "{next}".',
    en: 'The takedown request is "{status}"; it cannot become "{next}".',
  },
  // failure codes of the worker, as the console shows them
  detect_failure_invalid_url: { vi: 'Đường dẫn không hợp lệ', en: 'Invalid link' },
  detect_failure_bad_scheme: { vi: 'Chỉ hỗ trợ http và https', en: 'Only http and https are supported' },
  detect_failure_credentials_in_url: { vi: 'Đường dẫn chứa tên đăng nhập/mật khẩu', en: 'The link carries a user name/password' },
  detect_failure_blocked_address: { vi: 'Địa chỉ nội bộ hoặc riêng tư, không được truy cập', en: 'Private or internal address, refused' },
  detect_failure_dns_failed: { vi: 'Không tìm thấy tên miền', en: 'Domain not found' },
  detect_failure_connect_failed: { vi: 'Không kết nối được máy chủ', en: 'Could not connect to the server' },
  detect_failure_timeout: { vi: 'Quá thời gian chờ', en: 'Timed out' },
  detect_failure_too_large: { vi: 'Nội dung quá lớn', en: 'Content too large' },
  detect_failure_too_many_redirects: { vi: 'Chuyển hướng quá nhiều lần', en: 'Too many redirects' },
  detect_failure_redirect_loop: { vi: 'Chuyển hướng vòng lặp', en: 'Redirect loop' },
  detect_failure_bad_content_type: { vi: 'Loại nội dung không được hỗ trợ', en: 'Unsupported content type' },
  detect_failure_bad_encoding: { vi: 'Nén hoặc mã hoá nội dung bị lỗi', en: 'Broken content encoding' },
  detect_failure_decompression_bomb: { vi: 'Nội dung nén bất thường (bom nén), đã dừng', en: 'Decompression bomb, stopped' },
  detect_failure_http_error: { vi: 'Máy chủ trả lỗi HTTP', en: 'The server answered with an HTTP error' },
  detect_failure_bad_response: { vi: 'Máy chủ trả về dữ liệu sai định dạng', en: 'Malformed response from the server' },
  detect_failure_tls_error: { vi: 'Chứng chỉ bảo mật (TLS) của trang không hợp lệ', en: 'The site’s TLS certificate is not valid' },
  detect_failure_skipped_deadline: { vi: 'Bỏ qua vì hết thời gian xử lý mục', en: 'Skipped: the item ran out of time' },
  detect_failure_invalid_image: { vi: 'Ảnh hỏng hoặc không đọc được', en: 'Broken or unreadable image' },
  detect_failure_internal_error: { vi: 'Lỗi xử lý nội bộ', en: 'Internal processing error' },
});
