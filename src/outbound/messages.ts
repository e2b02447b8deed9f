import { registerMessages } from '../shared/i18n.js';

// One message per class of failure: what answered (or did not) at the other end is never told.
registerMessages({
  'outbound.invalid_url': {
    vi: 'Địa chỉ URL không hợp lệ: chỉ nhận http:// hoặc https://, không kèm tên đăng nhập hay mật khẩu.',
    en: 'Invalid URL: only http:// or https://, without a user name or password.',
  },
  'outbound.not_allowed': {
    vi: 'Không được tải từ địa chỉ này: đó là địa chỉ nội bộ, mạng riêng hoặc địa chỉ dành riêng.',
    en: 'This address may not be fetched: it is internal, private or reserved.',
  },
  'outbound.unavailable': {
    vi: 'Không tải được nội dung từ địa chỉ này (không trả lời, từ chối, quá thời gian hoặc trả lỗi). Hãy kiểm tra lại địa chỉ.',
    en: 'Could not fetch from this address (no answer, refused, timed out or an error answer). Check the address.',
  },
  'outbound.too_large': { vi: 'Nội dung quá lớn (tối đa {limitMb} MB).', en: 'The content is too large (at most {limitMb} MB).' },
  'outbound.not_accepted': {
    vi: 'Địa chỉ này không trả về loại nội dung cần tải.',
    en: 'This address does not answer with the kind of content expected.',
  },
});
