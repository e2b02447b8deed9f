/**
 * The guard list as the project ships it: platforms that children, parents, teachers and schools
 * in Việt Nam rely on, which no third-party list may block wholesale. A list of phishing URLs
 * reduced to host names once blocked zalo.me and www.youtube.com for a whole city (issue 11): one
 * bad page on a platform must be taken down, not turn into a block of the platform.
 * Facts collected for this project (public domain names of public services); the city edits the
 * list in the console, every change audited.
 */
export interface GuardSeed {
  group: string;
  vi: string;
  en: string;
  domains: string[];
  /** each subdomain is a different owner's site (a blog, a project page): a list may block one of
   * them (hostsVN lists adult and phishing blogs at xyz.blogspot.com), never the platform */
  tenants?: boolean;
}

export const GUARD_SEED: readonly GuardSeed[] = [
  {
    group: 'zalo',
    vi: 'Zalo: kênh giáo viên liên lạc với phụ huynh',
    en: 'Zalo: how teachers talk to parents',
    domains: ['zalo.me', 'zaloapp.com', 'zalo.vn', 'zadn.vn', 'zdn.vn'],
  },
  {
    group: 'youtube',
    vi: 'YouTube: video học tập (chế độ hạn chế do bộ lọc áp dụng)',
    en: 'YouTube: learning videos (the filter applies restricted mode)',
    domains: ['youtube.com', 'youtu.be', 'youtube-nocookie.com', 'googlevideo.com', 'ytimg.com', 'ggpht.com'],
  },
  {
    group: 'meta',
    vi: 'Facebook, Messenger, Instagram: nền tảng chung, trang xấu được gỡ chứ không chặn cả nền tảng',
    en: 'Facebook, Messenger, Instagram: shared platforms — a bad page is taken down, the platform is not blocked',
    domains: ['facebook.com', 'fb.com', 'fb.watch', 'fbcdn.net', 'messenger.com', 'm.me', 'instagram.com', 'cdninstagram.com', 'threads.net'],
  },
  {
    group: 'tiktok',
    vi: 'TikTok: nền tảng chung, trang xấu được gỡ chứ không chặn cả nền tảng',
    en: 'TikTok: a shared platform — a bad page is taken down, the platform is not blocked',
    domains: ['tiktok.com', 'tiktokcdn.com', 'tiktokv.com'],
  },
  {
    group: 'social_other',
    vi: 'Mạng xã hội, nhắn tin: nền tảng chung (chặn theo nhóm "mạng xã hội" của cấp học, không theo danh sách lừa đảo)',
    en: 'Social and messaging platforms: shared (blocked by a band’s "social networks" category, never by a scam list)',
    domains: ['x.com', 'twitter.com', 't.me', 'telegram.org', 'telegram.me', 'discord.com', 'discord.gg', 'reddit.com'],
  },
  {
    group: 'google',
    vi: 'Google: tìm kiếm, Gmail, Bản đồ, Tài liệu, Drive, Classroom, Sites, Play',
    en: 'Google: search, Gmail, Maps, Docs, Drive, Classroom, Sites, Play',
    domains: ['google.com', 'google.com.vn', 'gstatic.com', 'googleapis.com', 'googleusercontent.com', 'gmail.com', 'forms.gle', 'goo.gl', 'g.co'],
  },
  {
    group: 'microsoft',
    vi: 'Microsoft: Office, Teams, Outlook, OneDrive',
    en: 'Microsoft: Office, Teams, Outlook, OneDrive',
    domains: [
      'microsoft.com',
      'microsoftonline.com',
      'office.com',
      'office.net',
      'office365.com',
      'live.com',
      'outlook.com',
      'sharepoint.com',
      'onedrive.com',
      'skype.com',
      'windows.net',
    ],
  },
  {
    group: 'apple',
    vi: 'Apple: App Store, iCloud, cập nhật thiết bị',
    en: 'Apple: App Store, iCloud, device updates',
    domains: ['apple.com', 'icloud.com', 'mzstatic.com', 'cdn-apple.com'],
  },
  { group: 'zoom', vi: 'Zoom: học và họp trực tuyến', en: 'Zoom: online classes and meetings', domains: ['zoom.us', 'zoom.com'] },
  {
    group: 'github',
    vi: 'GitHub: nền tảng chung của lập trình viên',
    en: 'GitHub: a shared platform for developers',
    domains: ['github.com', 'githubusercontent.com'],
  },
  {
    group: 'hosting',
    vi: 'Nền tảng blog, trang dự án: không chặn cả nền tảng (vẫn chặn được từng trang con xấu)',
    en: 'Blog and project-page platforms: never the whole platform (one bad site under it can still be blocked)',
    domains: ['blogspot.com', 'github.io'],
    tenants: true,
  },
  {
    group: 'learning',
    vi: 'Nền tảng học tập dùng ở trường Việt Nam',
    en: 'Learning platforms used in Vietnamese schools',
    domains: [
      'olm.vn',
      'hocmai.vn',
      'vietjack.com',
      'k12online.vn',
      'shub.edu.vn',
      'azota.vn',
      'vnedu.vn',
      'smas.edu.vn',
      'hoc247.net',
      'loigiaihay.com',
      'vioedu.vn',
      'violympic.vn',
      'viettelstudy.vn',
      'hanoi.edu.vn',
      'moet.edu.vn',
      'quizizz.com',
      'kahoot.com',
      'kahoot.it',
      'canva.com',
      'duolingo.com',
      'khanacademy.org',
      'wikipedia.org',
    ],
  },
  {
    group: 'shortener',
    vi: 'Rút gọn liên kết, trang tổng hợp liên kết: một liên kết xấu không được chặn cả dịch vụ',
    en: 'URL shorteners and link hubs: one bad link must not block the whole service',
    domains: ['bit.ly', 'tinyurl.com', 'linktr.ee', 't.co', 'cutt.ly', 'rebrand.ly', 'ow.ly', 'is.gd', 'shorturl.at'],
  },
  {
    group: 'gov',
    vi: 'Cơ quan nhà nước, dịch vụ công',
    en: 'Government and public services',
    domains: ['gov.vn', 'chinhphu.vn', 'baochinhphu.vn', 'hanoi.gov.vn', 'moet.gov.vn', 'dichvucong.gov.vn', 'vneid.gov.vn', 'bocongan.gov.vn'],
  },
  {
    group: 'bank',
    vi: 'Ngân hàng, ví điện tử, thanh toán (học phí, phụ huynh)',
    en: 'Banks, wallets, payments (school fees, parents)',
    domains: [
      'vietcombank.com.vn',
      'techcombank.com.vn',
      'bidv.com.vn',
      'vietinbank.vn',
      'agribank.com.vn',
      'mbbank.com.vn',
      'vpbank.com.vn',
      'acb.com.vn',
      'tpb.vn',
      'sacombank.com.vn',
      'napas.com.vn',
      'momo.vn',
      'zalopay.vn',
      'vnpay.vn',
      'shopeepay.vn',
      'viettelmoney.vn',
    ],
  },
];
