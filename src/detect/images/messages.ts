import { registerMessages } from '../../shared/i18n.js';

registerMessages({
  detect_bank_not_found: { vi: 'Không tìm thấy ngân hàng mã băm {bank}.', en: 'Hash bank {bank} not found.' },
  detect_bank_code_taken: { vi: 'Mã ngân hàng {code} đã được dùng.', en: 'Bank code {code} is already in use.' },
  detect_bank_threshold_pdq_only: {
    vi: 'Ngưỡng khoảng cách chỉ áp dụng cho ngân hàng PDQ.',
    en: 'A distance threshold applies to PDQ banks only.',
  },
  detect_bank_kind_mismatch: {
    vi: 'Ngân hàng {bank} chứa mã {kind}; không thể thêm mã loại khác.',
    en: 'Bank {bank} holds {kind} hashes; other kinds cannot be added.',
  },
  detect_import_empty: {
    vi: 'Tệp không có mã băm hợp lệ nào ({rejected} dòng bị từ chối).',
    en: 'The file has no valid hash ({rejected} lines rejected).',
  },
  detect_import_too_many: { vi: 'Quá nhiều dòng (tối đa {limit}).', en: 'Too many lines (at most {limit}).' },
  detect_image_not_image: { vi: 'Tệp không phải là ảnh (JPEG, PNG, WebP, GIF, TIFF…).', en: 'The file is not an image (JPEG, PNG, WebP, GIF, TIFF…).' },
  detect_image_damaged: { vi: 'Ảnh bị hỏng hoặc không đầy đủ.', en: 'The image is damaged or incomplete.' },
  detect_image_too_large: { vi: 'Ảnh quá lớn (tối đa {pixels} điểm ảnh).', en: 'The image is too large (at most {pixels} pixels).' },
  detect_image_missing: { vi: 'Hãy gửi một tệp ảnh (trường "file").', en: 'Send one image file (field "file").' },
  'detect_reject.bad_hex': { vi: 'không phải mã hex hợp lệ', en: 'not valid hex' },
  'detect_reject.wrong_length': { vi: 'độ dài mã băm không đúng với loại ngân hàng', en: 'wrong hash length for this bank kind' },
  'detect_reject.label_too_long': { vi: 'nhãn quá dài (tối đa 200 ký tự)', en: 'label too long (200 characters at most)' },
  'detect_reject.line_too_long': { vi: 'dòng quá dài', en: 'line too long' },
  'detect_cli.hashed': { vi: 'Đã băm {file}', en: 'Hashed {file}' },
  'detect_cli.imported': {
    vi: 'Đã nhập {added} mã mới vào {bank} ({duplicates} trùng, {rejected} dòng bị từ chối).',
    en: 'Imported {added} new hashes into {bank} ({duplicates} duplicates, {rejected} lines rejected).',
  },
  'detect_cli.rejected_line': { vi: 'Dòng {line}: {reason}: {text}', en: 'Line {line}: {reason}: {text}' },
});
