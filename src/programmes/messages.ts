import { registerMessages } from '../shared/i18n.js';

/** Messages the programmes feature raises: field errors, import reasons (with sheet and line), reminders. */
registerMessages({
  programme_photo_refused: {
    vi: 'Mục "{field}": tệp "{name}" không được nhận. Chỉ nhận ảnh {types} (ảnh WebP, GIF được chuyển sang JPEG/PNG), tối đa {maxMb} MB mỗi ảnh; tệp hỏng, quá nhiều điểm ảnh hoặc chứa dữ liệu lạ bị từ chối.',
    en: 'Field "{field}": file "{name}" is not accepted. Only {types} photos (WebP and GIF are converted), at most {maxMb} MB each; damaged files, too many pixels or hidden data are refused.',
  },
  programme_photo_missing: { vi: 'Mục "{field}": hãy chọn ít nhất một ảnh.', en: 'Field "{field}": choose at least one photo.' },
  programme_photo_too_many: {
    vi: 'Mục "{field}": tối đa {max} ảnh mỗi lần tải lên, ảnh không quá lớn khi mở ra.',
    en: 'Field "{field}": at most {max} photos per upload, and not too large to open.',
  },
  programme_photo_session_full: { vi: 'Mục "{field}": mỗi buổi học có tối đa {max} ảnh.', en: 'Field "{field}": a session holds at most {max} photos.' },
  programme_photo_reason_required: {
    vi: 'Mục "Lý do": hãy ghi lý do xem ảnh gốc (ít nhất 5 ký tự).',
    en: 'Field "Reason": give the reason for seeing the clear photo (at least 5 characters).',
  },
  programme_date_invalid: {
    vi: 'Mục "{field}": ngày không hợp lệ ({value}); dùng dạng NNNN-TT-NN.',
    en: 'Field "{field}": not a valid date ({value}); use YYYY-MM-DD.',
  },
  programme_date_future: { vi: 'Mục "{field}": ngày {value} nằm trong tương lai.', en: 'Field "{field}": {value} is in the future.' },
  programme_date_too_old: { vi: 'Mục "{field}": ngày {value} trước {min}.', en: 'Field "{field}": {value} is before {min}.' },
  programme_school_unknown: { vi: 'Mục "Trường": không có trường học này.', en: 'Field "School": no such school.' },
  programme_topic_unknown: {
    vi: 'Mục "Chủ đề": chủ đề không có trong danh mục hoặc đã ngừng dùng.',
    en: 'Field "Topic": the topic is not in the catalogue or is retired.',
  },
  programme_grades_required: {
    vi: 'Mục "Khối lớp": buổi dành cho học sinh cần ghi khối lớp.',
    en: 'Field "Grades": a session for students needs the grades.',
  },
  programme_grades_not_students: {
    vi: 'Mục "Khối lớp": chỉ ghi khối lớp khi đối tượng là học sinh.',
    en: 'Field "Grades": grades apply only when the audience is students.',
  },
  programme_grades_level: {
    vi: 'Mục "Khối lớp": trường này không có khối {value} (cấp học của trường chỉ có khối {allowed}).',
    en: 'Field "Grades": this school has no grade {value} (its level teaches grades {allowed} only).',
  },
  programme_unit_not_ward: {
    vi: 'Mục "Phường/xã": không phải phường/xã của Hà Nội ({value}).',
    en: 'Field "Ward/commune": not a ward/commune of Hà Nội ({value}).',
  },
  programme_topic_code_taken: { vi: 'Mã chủ đề "{value}" đã có.', en: 'Topic code "{value}" already exists.' },
  programme_domain_invalid: { vi: 'Mục "Tên miền": tên miền không hợp lệ ({value}).', en: 'Field "Domain": not a valid domain name ({value}).' },
  programme_domain_duplicate: { vi: 'Tên miền {value} đã có trong danh sách của trường.', en: 'The domain {value} is already on the school’s list.' },
  programme_checklist_item_unknown: {
    vi: 'Bảng kiểm không có mục "{value}".',
    en: '"{value}" is not a checklist item.',
  },
  programme_checklist_evidence_required: {
    vi: 'Mục "{item}": khi đánh dấu đã đạt, hãy ghi minh chứng.',
    en: 'Item "{item}": when marked as met, give the evidence.',
  },
  programme_checklist_not_submitted: { vi: 'Bản tự đánh giá này đã được xét, không xét lại được.', en: 'This self-assessment has already been reviewed.' },
  programme_period_invalid: { vi: 'Kỳ không hợp lệ: {value}.', en: 'Not a valid period: {value}.' },
  programme_settings_invalid: { vi: 'Thiết lập không hợp lệ: {detail}.', en: 'Invalid settings: {detail}.' },
  programme_photo_invalid: { vi: 'Ảnh minh chứng không đọc được (chỉ nhận ảnh JPEG, PNG, WebP).', en: 'The photo could not be read (JPEG, PNG or WebP only).' },

  // .xlsx import: the whole file
  programme_import_wrong_sheet: {
    vi: 'Tệp không có trang "{sheet}" của mẫu nhập. Hãy tải mẫu mới từ Lá Chắn và điền vào trang đó.',
    en: 'The file has no "{sheet}" sheet of the import template. Download the template from Lá Chắn and fill in that sheet.',
  },
  programme_import_headers: {
    vi: 'Trang "{sheet}", dòng 1: tiêu đề cột không đúng mẫu (cần: {expected}).',
    en: 'Sheet "{sheet}", line 1: the column headers are not the template’s (expected: {expected}).',
  },
  programme_import_too_many_rows: {
    vi: 'Tệp có hơn {limit} dòng dữ liệu. Hãy chia thành nhiều tệp, mỗi tệp tối đa {limit} dòng.',
    en: 'The file has more than {limit} data rows. Split it into files of at most {limit} rows.',
  },
  programme_import_failed: {
    vi: 'Nhập tệp không thành công do lỗi hệ thống; không có dòng nào được ghi. Hãy thử lại sau.',
    en: 'The import failed on a system error; nothing was written. Try again later.',
  },
  programme_import_empty: { vi: 'Trang "{sheet}" không có dòng dữ liệu nào.', en: 'Sheet "{sheet}" has no data rows.' },
  programme_import_not_xlsx: { vi: 'Tệp không phải bảng tính .xlsx.', en: 'The file is not an .xlsx workbook.' },
  programme_import_too_large: { vi: 'Tệp quá lớn (tối đa {limitMb} MB).', en: 'The file is too large (at most {limitMb} MB).' },
  programme_import_refused: {
    vi: 'Không nhập gì: {count} dòng bị từ chối. Sửa các dòng này rồi tải lên lại cả tệp.',
    en: 'Nothing imported: {count} row(s) refused. Fix them and upload the whole file again.',
  },
  // .xlsx import: one row (the console shows "Trang …, dòng …: reason")
  programme_row_formula: {
    vi: 'Cột "{column}" chứa công thức; hãy dán giá trị (Paste Values).',
    en: 'Column "{column}" holds a formula; paste the value instead.',
  },
  programme_row_required: { vi: 'Thiếu "{column}".', en: '"{column}" is missing.' },
  programme_row_school_unknown: { vi: 'Không có trường mã "{value}".', en: 'No school with code "{value}".' },
  programme_row_school_forbidden: {
    vi: 'Trường "{value}" không thuộc phạm vi của bạn (trường khác hoặc phường/xã khác).',
    en: 'School "{value}" is outside what you may record (another school or another ward).',
  },
  programme_row_date: { vi: 'Cột "{column}": "{value}" không phải ngày.', en: 'Column "{column}": "{value}" is not a date.' },
  programme_row_future: { vi: 'Cột "{column}": ngày {value} nằm trong tương lai.', en: 'Column "{column}": {value} is in the future.' },
  programme_row_outside_period: {
    vi: 'Cột "{column}": ngày {value} ngoài kỳ {from} – {to}.',
    en: 'Column "{column}": {value} is outside the period {from} – {to}.',
  },
  programme_row_topic: { vi: 'Chủ đề "{value}" không có trong danh mục.', en: 'Topic "{value}" is not in the catalogue.' },
  programme_row_audience: {
    vi: 'Đối tượng "{value}" không hợp lệ (Học sinh, Phụ huynh, Giáo viên).',
    en: 'Audience "{value}" is not valid (students, parents, teachers).',
  },
  programme_row_grades_level: {
    vi: 'Cột "{column}": "{value}" — trường {school} không có khối {outside} (cấp học của trường chỉ có khối {allowed}).',
    en: 'Column "{column}": "{value}" — school {school} has no grade {outside} (its level teaches grades {allowed} only).',
  },
  programme_row_grades: { vi: 'Khối lớp "{value}" không hợp lệ (ví dụ: 3 hoặc 6-9).', en: 'Grades "{value}" are not valid (e.g. 3 or 6-9).' },
  programme_row_number: {
    vi: 'Cột "{column}": "{value}" không phải số nguyên từ {min} đến {max}.',
    en: 'Column "{column}": "{value}" is not a whole number from {min} to {max}.',
  },
  programme_row_too_long: { vi: 'Cột "{column}" dài quá {max} ký tự.', en: 'Column "{column}" is longer than {max} characters.' },

  // reminders (console bell and e-mail)
  programme_reminder: {
    vi: '{school} chưa đủ {min} buổi giáo dục an toàn trên mạng trong kỳ {period} (đã có {sessions}). Hãy tổ chức và ghi nhận trên Lá Chắn.',
    en: '{school} has not yet held {min} online-safety sessions in {period} ({sessions} so far). Please hold them and record them in Lá Chắn.',
  },
  programme_reminder_subject: {
    vi: '[Lá Chắn] Nhắc việc: giáo dục an toàn trên mạng kỳ {period}',
    en: '[Lá Chắn] Reminder: online-safety sessions in {period}',
  },
});
