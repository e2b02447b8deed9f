import type { Lang } from '../shared/i18n.js';

/** Words of the public pages, Vietnamese first; short sentences a child can follow. */
const TEXT = {
  title: { vi: 'Báo cáo việc làm hại trẻ em trên mạng', en: 'Report harm to a child online' },
  brand: { vi: 'Lá Chắn Hà Nội', en: 'Lá Chắn Hanoi' },
  skip: { vi: 'Bỏ qua, đến nội dung chính', en: 'Skip to main content' },
  sos1: { vi: 'Trẻ đang gặp nguy hiểm ngay lúc này?', en: 'Is a child in danger right now?' },
  call113: { vi: '113 Công an', en: '113 Police' },
  call111: { vi: '111 Bảo vệ trẻ em', en: '111 Child helpline' },
  call111Title: { vi: 'Tổng đài quốc gia bảo vệ trẻ em, miễn phí, 24/7', en: 'National child-protection hotline, free, 24/7' },
  exit: { vi: 'Thoát nhanh', en: 'Quick exit' },
  exitHint: {
    vi: 'Nút "Thoát nhanh" mở ngay một trang khác nếu có người đến gần.',
    en: 'The "Quick exit" button opens another site at once if someone comes near.',
  },
  intro: {
    vi: 'Không cần đăng nhập. Chỉ cán bộ được giao mới đọc được báo cáo.',
    en: 'No sign-in needed. Only the officers in charge can read your report.',
  },
  step1: { vi: 'Ai đang báo cáo?', en: 'Who is reporting?' },
  step2: { vi: 'Chuyện gì đã xảy ra?', en: 'What happened?' },
  step2hint: { vi: 'Chọn một hoặc nhiều điều.', en: 'Choose one or more.' },
  moreCats: { vi: 'Việc khác…', en: 'Something else…' },
  danger: { vi: 'Trẻ đang gặp nguy hiểm ngay bây giờ', en: 'A child is in danger right now' },
  describe: { vi: 'Kể ngắn gọn', en: 'Tell us briefly' },
  describeHint: {
    vi: 'Ai đã làm gì, ở đâu trên mạng. Đừng dán ảnh nhạy cảm ở đây.',
    en: 'Who did what, where online. Do not paste sensitive photos here.',
  },
  more: { vi: 'Thêm chi tiết (không bắt buộc)', en: 'More details (optional)' },
  moreHint: {
    vi: 'Đường dẫn, ngày, phường/xã, liên lạc lại, ảnh chụp màn hình. Có thể bỏ qua và gửi ngay.',
    en: 'Links, date, ward, getting back to you, screenshots. You can skip this and send now.',
  },
  step3: { vi: 'Ở đâu trên mạng?', en: 'Where online?' },
  platform: { vi: 'Ứng dụng hoặc trang web', en: 'App or website' },
  choose: { vi: '— Chọn —', en: '— Choose —' },
  urls: { vi: 'Đường dẫn, tên tài khoản hoặc số điện thoại (mỗi dòng một)', en: 'Links, account names or phone numbers (one per line)' },
  urlsHint: {
    vi: 'Ví dụ: địa chỉ bài viết, tên tài khoản, "nhóm Zalo lớp 7A", 0912 345 678.',
    en: 'For example: the address of a post, an account name, "class 7A Zalo group", 0912 345 678.',
  },
  step4: { vi: 'Khi nào?', en: 'When?' },
  date: { vi: 'Ngày (nếu nhớ), dạng ngày/tháng/năm', en: 'Date (if you remember), as day/month/year' },
  dateHint: { vi: 'Ví dụ: 05/12/2026', en: 'For example: 05/12/2026' },
  step5: { vi: 'Về trẻ em', en: 'About the child' },
  age: { vi: 'Độ tuổi của trẻ', en: "The child's age" },
  unit: { vi: 'Phường/xã nơi trẻ sống hoặc học', en: 'Ward/commune where the child lives or studies' },
  unitUnknown: { vi: 'Không rõ', en: "Don't know" },
  wards: { vi: 'Phường', en: 'Wards' },
  communes: { vi: 'Xã', en: 'Communes' },
  step6: { vi: 'Liên lạc lại', en: 'Getting back to you' },
  step6hint: {
    vi: 'Bạn có thể không để lại gì. Thông tin liên lạc được mã hoá và chỉ cán bộ được giao mới xem được.',
    en: 'You can leave this empty. Contact details are encrypted and only the officers in charge can see them.',
  },
  name: { vi: 'Tên gọi', en: 'Name' },
  phone: { vi: 'Số điện thoại', en: 'Phone number' },
  email: { vi: 'E-mail', en: 'E-mail' },
  consent: { vi: 'Tôi đồng ý để cán bộ liên lạc lại và gửi thông báo về tiến độ', en: 'I agree to be contacted and to receive progress updates' },
  step7: { vi: 'Ảnh chụp màn hình, tệp', en: 'Screenshots, files' },
  filesHint: {
    vi: 'Tối đa {files} tệp ảnh (JPEG, PNG, WebP, GIF) hoặc PDF, mỗi tệp tối đa {size}. Thông tin ẩn trong ảnh (vị trí, máy chụp) được xoá.',
    en: 'Up to {files} images (JPEG, PNG, WebP, GIF) or PDFs, each at most {size}. Hidden data in photos (location, camera) is removed.',
  },
  filesNotKept: {
    vi: 'Tệp bạn đã chọn chưa được gửi và không được giữ lại (trình duyệt không cho phép tự điền lại tệp). Mọi điều bạn đã viết vẫn còn ở đây. Nếu muốn gửi kèm tệp, hãy chọn lại.',
    en: 'The files you chose were not sent and are not kept (browsers do not allow a page to fill in files again). Everything you wrote is still here. To attach files, choose them again.',
  },
  files: { vi: 'Chọn tệp', en: 'Choose files' },
  submit: { vi: 'Gửi báo cáo', en: 'Send report' },
  sentTitle: { vi: 'Đã nhận báo cáo của bạn', en: 'We have received your report' },
  sentThanks: {
    vi: 'Cảm ơn bạn đã lên tiếng. Báo cáo đã được lưu an toàn và sẽ được cán bộ xem xét.',
    en: 'Thank you for speaking up. Your report is stored safely and an officer will review it.',
  },
  code: { vi: 'Mã theo dõi', en: 'Tracking code' },
  pin: { vi: 'Mã PIN bí mật', en: 'Secret PIN' },
  keep: {
    vi: 'Hãy ghi lại hoặc chụp màn hình hai mã này. Dùng chúng để xem tình trạng báo cáo. Không đưa mã PIN cho ai.',
    en: 'Write down or screenshot both codes. Use them to check your report. Do not give the PIN to anyone.',
  },
  window: {
    vi: 'Để bảo vệ bạn (ví dụ khi dùng chung điện thoại), mã PIN chỉ hiện lại trên trang này đến {time} (15 phút), sau đó bị xoá khỏi máy.',
    en: 'To protect you (for example on a shared phone), the PIN shows again on this page until {time} (15 minutes), then it is erased from this device.',
  },
  hideNow: { vi: 'Tôi đã ghi lại — ẩn mã PIN ngay', en: 'I have written it down — hide the PIN now' },
  hidden: { vi: 'Mã PIN đã được ẩn khỏi máy này.', en: 'The PIN has been hidden from this device.' },
  expired: {
    vi: 'Trang xác nhận đã hết hạn nên mã PIN không còn hiện ở đây (sau 15 phút, để bảo vệ bạn). Hãy dùng mã bạn đã ghi lại. Nếu quên, bạn có thể gửi báo cáo mới hoặc gọi 111.',
    en: 'The confirmation has expired, so the PIN is no longer shown here (after 15 minutes, to protect you). Use the codes you wrote down. If you lost them, send a new report or call 111.',
  },
  again: {
    vi: 'Báo cáo này đã được gửi trước đó. Mã PIN chỉ hiện trong 15 phút đầu; hãy dùng mã PIN đã hiện lần trước.',
    en: 'This report was already sent. The PIN shows only in the first 15 minutes; use the PIN shown then.',
  },
  statusLink: { vi: 'Xem tình trạng báo cáo', en: 'Check a report' },
  newReport: { vi: 'Gửi báo cáo mới', en: 'Send a new report' },
  adviceTitle: { vi: 'Việc nên làm bây giờ', en: 'What to do now' },
  forChild: { vi: 'Nếu em là trẻ em', en: 'If you are a child' },
  forParent: { vi: 'Nếu bạn là cha mẹ, người lớn', en: 'If you are a parent or an adult' },
  statusTitle: { vi: 'Xem tình trạng báo cáo', en: 'Check a report' },
  statusHint: { vi: 'Nhập mã theo dõi (dạng LC-XXXX-XXXX) và mã PIN 6 số.', en: 'Enter the tracking code (like LC-XXXX-XXXX) and the 6-digit PIN.' },
  check: { vi: 'Xem', en: 'Check' },
  notFound: { vi: 'Không tìm thấy báo cáo với mã và PIN này. Hãy kiểm tra lại.', en: 'No report matches this code and PIN. Please check them.' },
  stage: { vi: 'Tình trạng', en: 'Status' },
  received: { vi: 'Ngày nhận', en: 'Received on' },
  updated: { vi: 'Cập nhật gần nhất', en: 'Last update' },
  rejectedHelp: {
    vi: 'Cán bộ đã xem báo cáo này và chưa thể xử lý tiếp (ví dụ chưa đủ thông tin để tìm ra nội dung, hoặc việc này không xảy ra trên mạng). Bạn vẫn có thể: gửi báo cáo mới với thêm chi tiết (đường dẫn, tên tài khoản, ảnh chụp màn hình); gọi 111 để được tư vấn, hỗ trợ; gọi 113 nếu trẻ đang gặp nguy hiểm; báo cáo tài khoản hoặc bài đăng ngay trên ứng dụng.',
    en: 'An officer has looked at this report and could not take it further (for example, not enough detail to find the content, or it did not happen online). You can still: send a new report with more detail (links, account names, screenshots); call 111 for advice and support; call 113 if a child is in danger; report the account or post in the app itself.',
  },
  guidance: { vi: 'Hướng dẫn an toàn', en: 'Safety guidance' },
  guideChild: { vi: 'An toàn trên mạng — dành cho em', en: 'Staying safe online — for children' },
  guideParent: { vi: 'Bảo vệ con trên mạng — dành cho cha mẹ', en: 'Protecting your child online — for parents' },
  guideChildIntro: {
    vi: 'Trên mạng có người tốt và có người xấu giả làm người tốt. Những điều dưới đây giúp em nhận ra và biết phải làm gì.',
    en: 'Online there are good people and bad people pretending to be good. This page helps you spot them and know what to do.',
  },
  guideParentIntro: {
    vi: 'Những dấu hiệu cần để ý và việc nên làm khi con gặp chuyện trên mạng. Điều quan trọng nhất: để con biết con có thể kể với bạn mà không bị trách mắng.',
    en: 'Signs to watch for and what to do when your child runs into trouble online. Most important: your child knows they can tell you without being blamed.',
  },
  safeRules: { vi: 'Giữ an toàn mỗi ngày', en: 'Staying safe every day' },
  signs: { vi: 'Dấu hiệu', en: 'Signs' },
  whatToDo: { vi: 'Việc nên làm', en: 'What to do' },
  help: { vi: 'Tìm trợ giúp ở đâu', en: 'Where to get help' },
  help111: { vi: '111 — Tổng đài quốc gia bảo vệ trẻ em, miễn phí, 24/7.', en: '111 — national child-protection hotline, free, 24/7.' },
  help113: { vi: '113 — Công an, khi trẻ đang gặp nguy hiểm.', en: '113 — police, when a child is in danger now.' },
  helpForm: { vi: 'Báo cáo trên trang này — không cần đăng nhập.', en: 'Report on this site — no sign-in needed.' },
  privacy: {
    vi: 'Lá Chắn là hệ thống của Thành phố Hà Nội tiếp nhận phản ánh về trẻ em trên không gian mạng. Dữ liệu cá nhân được bảo vệ theo Nghị định 13/2023/NĐ-CP và Luật Bảo vệ dữ liệu cá nhân 2025; chỉ dùng để xử lý báo cáo.',
    en: "Lá Chắn is Hanoi City's system for reports about children online. Personal data is protected under Decree 13/2023 and the 2025 Personal Data Protection Law, and used only to handle reports.",
  },
  otherLang: { vi: 'English', en: 'Tiếng Việt' },
  errorTitle: { vi: 'Chưa gửi được', en: 'Not sent yet' },
  required: { vi: '(bắt buộc)', en: '(required)' },
} as const;

/**
 * The form's short answers (the codes are intake's; these are the words on a phone screen, two
 * columns at 360 px). The full descriptions stay with intake (vocab.ts) for staff and partners.
 */
export const REPORTER_SHORT: Record<string, { vi: string; en: string }> = {
  child: { vi: 'Em là trẻ em', en: "I'm a child" },
  parent_relative: { vi: 'Cha mẹ, người thân', en: 'Parent, relative' },
  teacher_school: { vi: 'Thầy cô, nhà trường', en: 'Teacher, school' },
  other_person: { vi: 'Bạn bè, người khác', en: 'Friend, someone else' },
  organisation: { vi: 'Tổ chức', en: 'Organisation' },
  undisclosed: { vi: 'Không muốn nói', en: 'Prefer not to say' },
};
export const CATEGORY_SHORT: Record<string, { vi: string; en: string }> = {
  sextortion: { vi: 'Bị doạ tung ảnh riêng tư', en: 'Threats to share private photos' },
  grooming: { vi: 'Người lạ dụ dỗ, đòi ảnh', en: 'A stranger tempts, asks for photos' },
  sexual_abuse_material: { vi: 'Ảnh, video nhạy cảm bị phát tán', en: 'Sexual images being shared' },
  self_harm: { vi: 'Bị rủ tự làm đau mình', en: 'Urged to hurt myself' },
  cyberbullying: { vi: 'Bị bắt nạt, chế giễu', en: 'Bullied, mocked' },
  scam: { vi: 'Bị lừa tiền, lừa nạp thẻ', en: 'Scammed (money, top-ups)' },
  privacy: { vi: 'Thông tin riêng bị đăng', en: 'Private information posted' },
  harmful_content: { vi: 'Nội dung độc hại', en: 'Harmful content' },
  false_info: { vi: 'Tin giả về trẻ em', en: 'Fake news about children' },
  other: { vi: 'Việc khác', en: 'Something else' },
};

export type TextKey = keyof typeof TEXT;
export const tx = (lang: Lang, key: TextKey): string => TEXT[key][lang];
