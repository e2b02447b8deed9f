import { registerMessages } from '../shared/i18n.js';

registerMessages({
  'filter.list_download_failed': { vi: 'Không tải được danh sách từ {url} (mã {status}).', en: 'Could not download the list from {url} (status {status}).' },
  'filter.list_empty': {
    vi: 'Tệp không có tên miền hợp lệ nào ({rejected} dòng bị từ chối).',
    en: 'The file has no valid domain ({rejected} lines rejected).',
  },
  'filter.bad_cidr': {
    vi: 'Dải mạng không hợp lệ: {cidr} (ví dụ 10.1.2.0/24 hoặc fd12:3456:789a::/48).',
    en: 'Invalid network: {cidr} (e.g. 10.1.2.0/24 or fd12:3456:789a::/48).',
  },
  'filter.cidr_too_wide': {
    vi: 'Dải mạng {cidr} quá rộng: bộ lọc sẽ trở thành máy chủ DNS mở.',
    en: 'Network {cidr} is too wide: the filter would become an open resolver.',
  },
  'filter.reject.bad_domain': { vi: 'tên miền không hợp lệ', en: 'not a valid domain name' },
  'filter.reject.unsupported_rule': {
    vi: 'quy tắc không được hỗ trợ (chỉ hỗ trợ tên miền, hosts, ||tên^, @@||tên^, *.tên)',
    en: 'unsupported rule (domains, hosts, ||name^, @@||name^, *.name only)',
  },
  'filter.reject.ip_not_domain': { vi: 'là địa chỉ IP, không phải tên miền', en: 'an IP address, not a domain' },
  'filter.reject.url_not_domain': { vi: 'là đường dẫn URL, không phải tên miền', en: 'a URL, not a domain' },
  'filter.reject.line_too_long': { vi: 'dòng quá dài', en: 'line too long' },
  'filter.decision.allowed': { vi: 'ĐƯỢC PHÉP', en: 'ALLOWED' },
  'filter.decision.blocked': { vi: 'BỊ CHẶN', en: 'BLOCKED' },
  'filter.decision.safe_search': { vi: 'TÌM KIẾM AN TOÀN', en: 'SAFE SEARCH' },
  'filter.decision.canary': { vi: 'BỊ CHẶN (chống vượt bộ lọc)', en: 'BLOCKED (bypass prevention)' },
});
