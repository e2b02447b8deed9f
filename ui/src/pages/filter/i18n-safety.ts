/**
 * Strings of the filter's false-positive loop (review requests, guard list, held refreshes,
 * the staff band's live view, and what the other filter pages now say about effects), Vietnamese
 * first; `en` has exactly the shape of `vi`.
 */
import type { Lang } from '../../i18n.js';
import { useLang } from '../../locale.js';
import type { AllowEffect } from './safety-types.js';

const vi = {
  reviews: {
    title: 'Yêu cầu xem xét',
    hintSchool:
      'Khi học sinh hoặc giáo viên bấm “Đây là nhầm lẫn” trên trang bị chặn, yêu cầu đến đây. Không ghi lại ai đã gửi. Cho phép có hiệu lực ngay với trường của bạn.',
    hintCity:
      'Các yêu cầu thuộc nhóm bắt buộc của thành phố và các yêu cầu trường chuyển lên. “Cho phép toàn thành phố” đưa tên miền vào danh sách bảo vệ: không danh sách bên ngoài nào chặn được nó nữa.',
    statusFilter: 'Trạng thái',
    statuses: { waiting: 'Đang chờ', open: 'Mới', escalated: 'Đã chuyển thành phố', allowed: 'Đã cho phép', declined: 'Đã từ chối', all: 'Tất cả' } as Record<
      string,
      string
    >,
    domain: 'Tên miền',
    school: 'Trường',
    when: 'Gửi lúc',
    requests: 'Số yêu cầu',
    note: 'Ghi chú của người gửi',
    answer: 'Trả lời',
    empty: 'Không có yêu cầu nào đang chờ.',
    allowSchool: 'Cho phép cho trường này',
    allowCity: 'Cho phép toàn thành phố',
    escalate: 'Chuyển lên thành phố',
    decline: 'Từ chối',
    mandatoryOnlyCity: 'Nhóm bắt buộc của thành phố: chỉ thành phố quyết định được — hãy chuyển lên thành phố.',
    allowSchoolConfirm: (d: string) => `Cho phép ${d} với mọi máy của trường ở cấp học này? Bộ lọc áp dụng ngay.`,
    allowCityConfirm: (d: string) => `Đưa ${d} vào danh sách bảo vệ? Không danh sách bên ngoài nào chặn được tên này ở bất kỳ trường nào.`,
    allowed: (d: string) => `Đã cho phép ${d}. Bộ lọc áp dụng ngay.`,
    allowedNoEffect: (d: string, why: string) => `Đã lưu, nhưng ${d} vẫn bị chặn: ${why}`,
    escalateTitle: (d: string) => `Chuyển ${d} lên thành phố`,
    escalateNote: 'Ghi chú cho thành phố (không bắt buộc)',
    escalated: 'Đã chuyển yêu cầu lên thành phố.',
    declineTitle: (d: string) => `Từ chối yêu cầu về ${d}`,
    declineReason: 'Lý do từ chối',
    declineReasonHint: 'Lý do được ghi vào nhật ký kiểm toán.',
    declined: 'Đã từ chối yêu cầu.',
    answeredBy: (who: string, when: string) => `${who} · ${when}`,
    countCard: (n: number) => `Yêu cầu xem xét đang chờ: ${n}`,
    countCardNone: 'Không có yêu cầu xem xét nào đang chờ.',
    countCardOpen: 'Mở hàng đợi',
    badge: (n: number) => `${n} yêu cầu đang chờ`,
  },
  guard: {
    title: 'Danh sách bảo vệ',
    hint: 'Những tên miền mà không danh sách bên ngoài nào được chặn toàn bộ (nền tảng nhắn tin, video, mạng xã hội, tìm kiếm, học tập, cửa hàng ứng dụng, cổng dịch vụ công, ngân hàng…). Dòng danh sách trùng hoặc là tên cha của một tên được bảo vệ bị loại kèm lý do.',
    search: 'Tìm tên miền, nhóm hoặc lý do',
    domain: 'Tên miền',
    group: 'Nhóm',
    groupHint: 'Mã ngắn: chữ thường không dấu, số, dấu gạch dưới (ví dụ zalo, learning, bank).',
    tenants: 'Mỗi tên miền con là trang của một chủ khác',
    tenantsHint:
      'Ví dụ blogspot.com, github.io: chỉ chính tên này, *.tên và các tên cha bị loại; danh sách vẫn chặn được một trang con xấu như xau.blogspot.com.',
    tenantsTag: 'Tên miền con: từng chủ',
    reason: 'Lý do',
    reasonVi: 'Lý do (tiếng Việt)',
    reasonEn: 'Lý do (tiếng Anh)',
    origin: 'Nguồn',
    origins: { seed: 'Có sẵn', city: 'Thành phố thêm' } as Record<string, string>,
    updated: 'Cập nhật',
    add: 'Thêm tên được bảo vệ',
    editTitle: (d: string) => `Sửa: ${d}`,
    added: (d: string) => `Đã bảo vệ ${d}. Các danh sách được kiểm tra lại.`,
    remove: 'Bỏ bảo vệ',
    removeTitle: (d: string) => `Bỏ bảo vệ ${d}`,
    removeHint: 'Sau khi bỏ, các danh sách bên ngoài lại có thể chặn tên này. Việc này được ghi vào nhật ký kiểm toán.',
    removeReason: 'Lý do bỏ bảo vệ',
    removed: 'Đã bỏ bảo vệ.',
    decisionsTitle: 'Quyết định chặn tên được bảo vệ',
    decisionsHint:
      'Khi thật sự cần chặn một tên được bảo vệ, thành phố ra một quyết định có tên người quyết định và lý do. Quyết định hiện trong “Vì sao tên miền bị chặn?” và có thể thu hồi.',
    decide: 'Vẫn chặn một tên được bảo vệ',
    decideTitle: 'Quyết định chặn tên được bảo vệ',
    decideDomain: 'Tên miền được bảo vệ',
    decideCategory: 'Chặn trong nhóm',
    decideReason: 'Lý do quyết định',
    decided: 'Đã ghi quyết định. Bộ lọc áp dụng ngay.',
    showRevoked: 'Hiện cả quyết định đã thu hồi',
    decidedBy: 'Người quyết định',
    decidedAt: 'Thời điểm',
    overrides: 'Vượt qua bảo vệ của',
    revoked: 'Đã thu hồi',
    active: 'Đang hiệu lực',
    revoke: 'Thu hồi',
    revokeTitle: (d: string) => `Thu hồi quyết định chặn ${d}`,
    revokeReason: 'Lý do thu hồi',
    revokedDone: 'Đã thu hồi quyết định.',
    noDecisions: 'Chưa có quyết định nào.',
  },
  held: {
    title: 'Cập nhật danh sách chờ duyệt',
    hint: (share: string) =>
      `Một lần cập nhật danh sách thêm hoặc bớt quá ${share} số tên miền, hoặc thêm tên được bảo vệ, sẽ bị giữ lại để duyệt. Trong lúc chờ, phiên bản cũ vẫn được dùng.`,
    empty: 'Không có lần cập nhật nào đang chờ duyệt.',
    reasons: { share: 'Thay đổi quá nhiều', guarded: 'Thêm tên được bảo vệ' } as Record<string, string>,
    before: 'Trước',
    after: 'Sau',
    added: 'Thêm',
    removed: 'Bớt',
    change: (share: string, threshold: string) => `Thay đổi ${share} (ngưỡng ${threshold})`,
    guardedAdded: 'Tên được bảo vệ trong bản cập nhật (sẽ vẫn bị loại)',
    addedSample: 'Ví dụ tên được thêm',
    removedSample: 'Ví dụ tên bị bớt',
    approve: 'Duyệt và áp dụng',
    approveConfirm: 'Áp dụng phiên bản mới của danh sách? Tên được bảo vệ vẫn bị loại.',
    approved: (name: string) => `Đã áp dụng bản cập nhật của “${name}”.`,
    reject: 'Bỏ bản cập nhật',
    rejectTitle: (name: string) => `Bỏ bản cập nhật của “${name}”`,
    rejectReason: 'Lý do (không bắt buộc)',
    rejected: 'Đã bỏ bản cập nhật; phiên bản cũ tiếp tục được dùng.',
    heldTag: 'Cập nhật chờ duyệt',
    heldOnRefresh: (name: string) => `Bản cập nhật của “${name}” bị giữ lại để duyệt; phiên bản cũ tiếp tục được dùng.`,
    receivedAt: 'Nhận lúc',
  },
  live: {
    title: 'Truy vấn bị chặn — mạng giáo viên',
    hint: (min: number) =>
      `Các tra cứu bị chặn trên dải mạng giáo viên/nhân viên trong ${min} phút gần nhất, tự làm mới vài giây một lần. Chỉ giữ trong bộ nhớ, không ghi địa chỉ máy; mạng học sinh chỉ có số liệu tổng hợp.`,
    notRunning: 'Bộ lọc DNS không chạy trong tiến trình này (ví dụ chạy riêng bằng “lachan filter”), nên không có dữ liệu trực tiếp.',
    chooseSchool: 'Chọn một trường để xem.',
    pause: 'Tạm dừng',
    resume: 'Tiếp tục',
    updated: (time: string) => `Cập nhật lúc ${time}`,
    at: 'Lúc',
    name: 'Tên miền',
    qtype: 'Loại',
    empty: 'Không có tra cứu nào bị chặn trong vài phút qua.',
    allow: 'Cho phép cho trường này',
    report: 'Báo chặn nhầm',
    reportTitle: (d: string) => `Báo chặn nhầm: ${d}`,
    reportHint: 'Báo cáo được chuyển tới thành phố để xem xét danh sách nguồn.',
    reportNote: 'Ghi chú (không bắt buộc)',
    reported: 'Đã gửi báo cáo chặn nhầm tới thành phố.',
  },
  effects: {
    noEffect: (cat: string) => `không có tác dụng — bị chặn bởi nhóm bắt buộc “${cat}” (toàn thành phố)`,
    title: 'Tên miền cho phép không có tác dụng',
    savedWithNoEffect: (n: number) =>
      `Đã lưu, nhưng ${n} tên miền cho phép không có tác dụng vì thuộc nhóm bắt buộc của thành phố. Xem bên dưới; nếu là nhầm lẫn, hãy gửi yêu cầu tới thành phố.`,
    allBands: 'mọi cấp học',
  },
  coverage: {
    empty: 'không có tên miền — hãy kết nối nguồn',
    lists: (n: number) => `${n} danh sách`,
  },
  blockpage: {
    inactive: 'Không hoạt động',
    notConfigured:
      'Trang thông báo bị chặn chưa có địa chỉ (LACHAN_BLOCKPAGE_IPV4/IPV6 hoặc cấu hình bộ lọc). Các cấp học chọn “Trang thông báo bị chặn” đang thực tế trả về “Không tồn tại (NXDOMAIN)”.',
    configured: (addr: string) => `Địa chỉ trang thông báo bị chặn: ${addr}`,
    effective: 'Thực tế trả về: Không tồn tại (NXDOMAIN)',
  },
  check: {
    ruleGuardDecision: 'Quyết định của thành phố chặn một tên được bảo vệ',
    guarded: (d: string) => `Tên được bảo vệ (${d}): danh sách bên ngoài không chặn được tên này.`,
    decision: 'Quyết định chặn của thành phố',
    decisionText: (when: string, reason: string, who: string | null) => `Quyết định lúc ${when}${who ? ` bởi ${who}` : ''}: ${reason}.`,
  },
  common: {
    mandatory: 'Bắt buộc',
    cityWide: 'toàn thành phố',
    optional: 'không bắt buộc',
    reasonRequired: 'Vui lòng nhập lý do.',
  },
};

export type SafetyMessages = typeof vi;

const en: SafetyMessages = {
  reviews: {
    title: 'Review requests',
    hintSchool:
      'When a student or teacher presses “This is a mistake” on the block page, the request comes here. Who sent it is not recorded. An allow takes effect at once for your school.',
    hintCity:
      'Requests in the city’s mandatory categories and those schools escalated. “Allow city-wide” puts the name on the guard list: no third-party list can block it any more.',
    statusFilter: 'Status',
    statuses: { waiting: 'Waiting', open: 'New', escalated: 'Escalated to the city', allowed: 'Allowed', declined: 'Declined', all: 'All' },
    domain: 'Domain',
    school: 'School',
    when: 'Sent',
    requests: 'Requests',
    note: 'Sender’s note',
    answer: 'Answer',
    empty: 'No requests are waiting.',
    allowSchool: 'Allow for this school',
    allowCity: 'Allow city-wide',
    escalate: 'Escalate to the city',
    decline: 'Decline',
    mandatoryOnlyCity: 'A city-mandatory category: only the city can decide — escalate it.',
    allowSchoolConfirm: (d: string) => `Allow ${d} for every device of the school at this level? The filter applies it at once.`,
    allowCityConfirm: (d: string) => `Put ${d} on the guard list? No third-party list can then block this name at any school.`,
    allowed: (d: string) => `${d} is allowed. The filter applies it at once.`,
    allowedNoEffect: (d: string, why: string) => `Saved, but ${d} is still blocked: ${why}`,
    escalateTitle: (d: string) => `Escalate ${d} to the city`,
    escalateNote: 'Note for the city (optional)',
    escalated: 'The request is escalated to the city.',
    declineTitle: (d: string) => `Decline the request about ${d}`,
    declineReason: 'Reason for declining',
    declineReasonHint: 'The reason is written to the audit log.',
    declined: 'The request is declined.',
    answeredBy: (who: string, when: string) => `${who} · ${when}`,
    countCard: (n: number) => `Review requests waiting: ${n}`,
    countCardNone: 'No review requests are waiting.',
    countCardOpen: 'Open the queue',
    badge: (n: number) => `${n} waiting`,
  },
  guard: {
    title: 'Guard list',
    hint: 'Names no third-party list may block wholesale (messaging, video, social, search, learning platforms, app stores, public-service portals, banks…). A list line equal to a guarded name or a parent of it is refused with the reason.',
    search: 'Search domain, group or reason',
    domain: 'Domain',
    group: 'Group',
    groupHint: 'A short code: lower-case letters without accents, digits, underscore (e.g. zalo, learning, bank).',
    tenants: 'Each subdomain is a different owner’s site',
    tenantsHint:
      'E.g. blogspot.com, github.io: only the name itself, *.name and its parents are refused; a list may still block a bad site such as bad.blogspot.com.',
    tenantsTag: 'Subdomains: per owner',
    reason: 'Reason',
    reasonVi: 'Reason (Vietnamese)',
    reasonEn: 'Reason (English)',
    origin: 'Origin',
    origins: { seed: 'Bundled', city: 'Added by the city' },
    updated: 'Updated',
    add: 'Guard a name',
    editTitle: (d: string) => `Edit: ${d}`,
    added: (d: string) => `${d} is guarded. The lists are checked again.`,
    remove: 'Unguard',
    removeTitle: (d: string) => `Unguard ${d}`,
    removeHint: 'Afterwards, third-party lists can block this name again. This is written to the audit log.',
    removeReason: 'Reason for unguarding',
    removed: 'The name is no longer guarded.',
    decisionsTitle: 'Decisions to block a guarded name',
    decisionsHint:
      'When a guarded name really must be blocked, the city makes a decision naming who decided and why. It shows in “Why is this domain blocked?” and can be revoked.',
    decide: 'Block a guarded name anyway',
    decideTitle: 'Decision to block a guarded name',
    decideDomain: 'Guarded domain',
    decideCategory: 'Block in category',
    decideReason: 'Reason for the decision',
    decided: 'The decision is recorded. The filter applies it at once.',
    showRevoked: 'Show revoked decisions too',
    decidedBy: 'Decided by',
    decidedAt: 'When',
    overrides: 'Overrides the guard of',
    revoked: 'Revoked',
    active: 'In force',
    revoke: 'Revoke',
    revokeTitle: (d: string) => `Revoke the decision to block ${d}`,
    revokeReason: 'Reason for revoking',
    revokedDone: 'The decision is revoked.',
    noDecisions: 'No decisions yet.',
  },
  held: {
    title: 'Held list refreshes',
    hint: (share: string) =>
      `A list refresh that adds or removes more than ${share} of the list’s domains, or adds guarded names, is held for review. Meanwhile the previous version keeps serving.`,
    empty: 'No refresh is waiting for review.',
    reasons: { share: 'Too large a change', guarded: 'Adds guarded names' },
    before: 'Before',
    after: 'After',
    added: 'Added',
    removed: 'Removed',
    change: (share: string, threshold: string) => `Change ${share} (threshold ${threshold})`,
    guardedAdded: 'Guarded names in the refresh (they stay refused)',
    addedSample: 'Sample of added names',
    removedSample: 'Sample of removed names',
    approve: 'Approve and apply',
    approveConfirm: 'Apply the new version of the list? Guarded names stay refused.',
    approved: (name: string) => `The refresh of “${name}” is applied.`,
    reject: 'Discard the refresh',
    rejectTitle: (name: string) => `Discard the refresh of “${name}”`,
    rejectReason: 'Reason (optional)',
    rejected: 'The refresh is discarded; the previous version keeps serving.',
    heldTag: 'Refresh held',
    heldOnRefresh: (name: string) => `The refresh of “${name}” is held for review; the previous version keeps serving.`,
    receivedAt: 'Received',
  },
  live: {
    title: 'Blocked look-ups — staff network',
    hint: (min: number) =>
      `Blocked look-ups on the teachers/staff network in the last ${min} minutes, refreshed every few seconds. Kept in memory only, no device address; student networks stay aggregate-only.`,
    notRunning: 'The DNS filter does not run in this process (e.g. it runs on its own as “lachan filter”), so there is no live data.',
    chooseSchool: 'Choose a school to watch.',
    pause: 'Pause',
    resume: 'Resume',
    updated: (time: string) => `Updated at ${time}`,
    at: 'At',
    name: 'Domain',
    qtype: 'Type',
    empty: 'No look-up was blocked in the last few minutes.',
    allow: 'Allow for this school',
    report: 'Report a wrong block',
    reportTitle: (d: string) => `Report a wrong block: ${d}`,
    reportHint: 'The report goes to the city, which reviews the source lists.',
    reportNote: 'Note (optional)',
    reported: 'The wrong block is reported to the city.',
  },
  effects: {
    noEffect: (cat: string) => `no effect — blocked by mandatory category “${cat}” (city-wide)`,
    title: 'Allow entries without effect',
    savedWithNoEffect: (n: number) =>
      `Saved, but ${n} allowed domain(s) have no effect: a city-mandatory category blocks them. See below; if it is a mistake, send a request to the city.`,
    allBands: 'every level',
  },
  coverage: {
    empty: 'no domains — connect a source',
    lists: (n: number) => `${n} list(s)`,
  },
  blockpage: {
    inactive: 'Inactive',
    notConfigured:
      'The block page has no address (LACHAN_BLOCKPAGE_IPV4/IPV6 or the filter settings). Levels set to “The block page” actually answer “Non-existent (NXDOMAIN)”.',
    configured: (addr: string) => `Block page address: ${addr}`,
    effective: 'Actually answers: Non-existent (NXDOMAIN)',
  },
  check: {
    ruleGuardDecision: 'A city decision to block a guarded name',
    guarded: (d: string) => `A guarded name (${d}): third-party lists cannot block it.`,
    decision: 'The city’s decision to block',
    decisionText: (when: string, reason: string, who: string | null) => `Decided on ${when}${who ? ` by ${who}` : ''}: ${reason}.`,
  },
  common: {
    mandatory: 'Mandatory',
    cityWide: 'city-wide',
    optional: 'optional',
    reasonRequired: 'Please enter a reason.',
  },
};

export const safetyMessages: Record<Lang, SafetyMessages> = { vi, en };

export function useSafetyT(): SafetyMessages {
  const { lang } = useLang();
  return safetyMessages[lang];
}

/**
 * "không có tác dụng — bị chặn bởi nhóm bắt buộc X (toàn thành phố)" in the console's language, from
 * the category the server names; the server's own sentence when it names none.
 */
export function effectText(e: AllowEffect, lang: Lang, phrase: (cat: string) => string): string {
  // a city or school block entry (not a mandatory category) still blocks: the server's sentence names it
  if (e.reason && e.reason !== 'mandatory_category') return (lang === 'en' ? e.messageEn : e.messageVi) ?? phrase('—');
  const cat = (lang === 'en' ? e.categoryNameEn || e.categoryNameVi : e.categoryNameVi) || e.category;
  if (cat) return phrase(cat);
  return (lang === 'en' ? e.messageEn : e.messageVi) ?? phrase('—');
}
