import { registerMessages } from '../shared/i18n.js';

registerMessages({
  invalid_credentials: { vi: 'Tên đăng nhập hoặc mật khẩu không đúng.', en: 'Wrong username or password.' },
  totp_required: { vi: 'Nhập mã xác thực 6 số từ ứng dụng xác thực.', en: 'Enter the 6-digit code from your authenticator app.' },
  totp_invalid: { vi: 'Mã xác thực không đúng hoặc đã hết hạn.', en: 'The authentication code is wrong or expired.' },
  totp_not_set_up: { vi: 'Chưa thiết lập xác thực hai bước.', en: 'Two-step verification has not been set up.' },
  account_locked: {
    vi: 'Tài khoản tạm khoá do đăng nhập sai nhiều lần. Thử lại sau {until} hoặc liên hệ quản trị viên.',
    en: 'Account temporarily locked after repeated failed sign-ins. Try again after {until} or contact an administrator.',
  },
  invalid_token: { vi: 'Mã truy cập API không hợp lệ, đã thu hồi hoặc hết hạn.', en: 'API token is invalid, revoked or expired.' },
  password_wrong: { vi: 'Mật khẩu hiện tại không đúng.', en: 'Current password is wrong.' },
});
