import { registerMessages } from '../shared/i18n.js';

registerMessages({
  indicators_bad_date: { vi: 'Ngày không hợp lệ ở trường "{field}" (cần dạng NNNN-TT-NN).', en: 'Not a valid date in "{field}" (YYYY-MM-DD).' },
  indicators_too_early: { vi: 'Trường "{field}": kỳ báo cáo không thể bắt đầu trước {earliest}.', en: '"{field}": a period cannot start before {earliest}.' },
  indicators_future: { vi: 'Trường "{field}": kỳ báo cáo không thể bắt đầu trong tương lai.', en: '"{field}": a period cannot start in the future.' },
  indicators_empty_period: { vi: 'Trường "{field}": ngày kết thúc phải sau ngày bắt đầu.', en: '"{field}": the end must come after the start.' },
  indicators_period_too_long: { vi: 'Trường "{field}": kỳ báo cáo dài quá 10 năm.', en: '"{field}": the period is longer than ten years.' },
  indicators_bad_index: { vi: 'Trường "{field}": số thứ tự kỳ phải từ 1 đến {max}.', en: '"{field}": the period number must be 1 to {max}.' },
  indicators_unknown_ward: { vi: 'Trường "unitId": không có phường, xã này.', en: '"unitId": no such ward or commune.' },
  indicators_unknown_school: { vi: 'Trường "schoolId": không có trường này.', en: '"schoolId": no such school.' },
  indicators_unknown_indicator: { vi: 'Không có chỉ số này.', en: 'No such indicator.' },
  indicators_not_per_place: { vi: 'Chỉ số này không chia được theo {level}.', en: 'This indicator cannot be broken down by {level}.' },
  indicators_period_required: { vi: 'Trường "{field}" là bắt buộc với loại báo cáo này.', en: '"{field}" is required for this kind of report.' },
});
