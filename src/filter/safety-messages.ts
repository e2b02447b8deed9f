import { registerMessages } from '../shared/i18n.js';

/** Messages of the filter's false-positive loop (issue 11). */
registerMessages({
  'filter.reject.guarded': {
    vi: 'được bảo vệ: {guard} — {reason}',
    en: 'guarded: {guard} — {reason}',
  },
  'filter.guard_bad_domain': {
    vi: '"{domain}" không phải tên miền dùng được cho danh sách bảo vệ (cần tên như zalo.me: không địa chỉ IP, URL, ký tự đại diện hay một nhãn đơn).',
    en: '"{domain}" is not a name the guard list can hold (a name like zalo.me: no IP address, URL, wildcard or single label).',
  },
  'filter.guard_decision_not_guarded': {
    vi: '{domain} không thuộc danh sách bảo vệ: hãy chặn bằng danh sách hoặc mục chặn của cấp học.',
    en: '{domain} is not guarded: block it with a list or a band block entry instead.',
  },
  'filter.review_mandatory': {
    vi: '{domain} bị chặn theo nhóm bắt buộc toàn thành phố: nhà trường không thể cho phép. Hãy chuyển lên thành phố.',
    en: '{domain} is blocked by a city-mandatory category: a school cannot allow it. Escalate to the city.',
  },
  'filter.review_answered': { vi: 'Yêu cầu này đã được trả lời ({status}).', en: 'This request has already been answered ({status}).' },
  'filter.allow_no_effect': {
    vi: 'Cho phép {domain} không có tác dụng: nhóm "{category}" là bắt buộc toàn thành phố và luôn được chặn trước.',
    en: 'Allowing {domain} has no effect: the category "{category}" is city-mandatory and always blocks first.',
  },
  'filter.allow_no_effect_city_block': {
    vi: 'Cho phép {domain} không có tác dụng: thành phố đã chặn tên này cho cấp học (mục chặn của thành phố luôn được áp dụng trước).',
    en: 'Allowing {domain} has no effect: the city blocks this name for the band (a city block entry always applies first).',
  },
  'filter.allow_no_effect_school_block': {
    vi: 'Cho phép {domain} không có tác dụng: chính nhà trường đang có mục chặn tên này (mục chặn được áp dụng trước mục cho phép). Hãy xoá mục chặn.',
    en: "Allowing {domain} has no effect: the school's own block entry for this name applies first. Remove the block entry.",
  },
  'filter.allow_no_effect_blocked': {
    vi: 'Cho phép {domain} không có tác dụng: tên vẫn bị chặn (nhóm "{category}").',
    en: 'Allowing {domain} has no effect: the name stays blocked ("{category}").',
  },
  'filter.category_empty': {
    vi: 'Nhóm "{category}" chưa có tên miền nào: chưa chặn gì. Hãy nhập một danh sách (Danh sách → Nhập từ URL) cho nhóm này.',
    en: 'The category "{category}" holds no domains: it blocks nothing. Import a list (Lists → import from a URL) for it.',
  },
  'filter.category_empty_csam': {
    vi: 'Nhóm "{category}" chưa có tên miền nào. Danh sách tài liệu xâm hại trẻ em chỉ cấp cho thành viên: IWF (Internet Watch Foundation) hoặc đường dây nóng thành viên INHOPE; khi có, nhập vào nhóm này.',
    en: 'The category "{category}" holds no domains. Abuse-material lists are given to members only: the IWF (Internet Watch Foundation) or an INHOPE member hotline; once obtained, import it into this category.',
  },
  'filter.blockpage_unavailable': {
    vi: 'Chưa đặt địa chỉ trang chặn (LACHAN_BLOCKPAGE_IPV4 hoặc cài đặt bộ lọc): bộ lọc sẽ trả NXDOMAIN. Hãy đặt địa chỉ trước khi chọn "trang chặn".',
    en: 'No block page address is set (LACHAN_BLOCKPAGE_IPV4 or the filter settings): the filter would answer NXDOMAIN. Set the address before choosing "block page".',
  },
});
