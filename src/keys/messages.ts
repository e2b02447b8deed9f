import { registerMessages } from '../shared/i18n.js';

registerMessages({
  'keys.rotate.fields': { vi: 'Mã hoá lại trường dữ liệu', en: 'Re-sealing fields' },
  'keys.rotate.files': { vi: 'Mã hoá lại tệp chứng cứ', en: 'Re-encrypting evidence files' },
  'keys.rotate.done': {
    vi: 'Đã thay khoá mã hoá: khoá mới {keyId}; {values} trường và {files} tệp được mã hoá lại; đã xoá khỏi vòng khoá: {removed}.',
    en: 'Encryption key rotated: new key {keyId}; {values} fields and {files} files re-sealed; removed from the key ring: {removed}.',
  },
  'keys.rotate.resumed': {
    vi: 'Tiếp tục lần thay khoá bị gián đoạn (khoá {keyId}).',
    en: 'Resuming an interrupted rotation (key {keyId}).',
  },
  keys_batch_invalid: {
    vi: 'Số dòng mỗi lô (--batch) phải là số nguyên từ 1 đến 10000.',
    en: 'Rows per batch (--batch) must be a whole number from 1 to 10000.',
  },
});
