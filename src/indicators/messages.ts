import { registerMessages } from '../shared/i18n.js';

registerMessages({
  indicators_bad_date: { vi: 'Mục "{field}": ngày không hợp lệ (cần dạng NNNN-TT-NN).', en: 'Field "{field}": not a valid date (YYYY-MM-DD).' },
  indicators_too_early: {
    vi: 'Mục "{field}": kỳ báo cáo không thể bắt đầu trước {earliest}.',
    en: 'Field "{field}": a period cannot start before {earliest}.',
  },
  indicators_future: { vi: 'Mục "{field}": kỳ báo cáo không thể bắt đầu trong tương lai.', en: 'Field "{field}": a period cannot start in the future.' },
  indicators_empty_period: { vi: 'Mục "{field}": ngày kết thúc phải sau ngày bắt đầu.', en: 'Field "{field}": the end must come after the start.' },
  indicators_period_too_long: { vi: 'Mục "{field}": kỳ báo cáo dài quá 10 năm.', en: 'Field "{field}": the period is longer than ten years.' },
  indicators_bad_index: { vi: 'Mục "{field}": số thứ tự kỳ phải từ 1 đến {max}.', en: 'Field "{field}": the period number must be 1 to {max}.' },
  indicators_unknown_ward: { vi: 'Mục "Phường/xã": không có phường, xã này.', en: 'Field "Ward/commune": no such ward or commune.' },
  indicators_unknown_school: { vi: 'Mục "Trường": không có trường này.', en: 'Field "School": no such school.' },
  indicators_unknown_indicator: { vi: 'Không có chỉ số này.', en: 'No such indicator.' },
  indicators_not_per_place: { vi: 'Chỉ số này không chia được theo {level}.', en: 'This indicator cannot be broken down by {level}.' },
  indicators_period_required: { vi: 'Mục "{field}" là bắt buộc với loại báo cáo này.', en: 'Field "{field}" is required for this kind of report.' },
});
