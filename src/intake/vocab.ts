/**
 * The words of the reporting centre: what happened (DOMAIN.md's forms of harm, in words a child
 * understands), who reports, the child's age band, when, and priorities. Codes are stable and
 * stored; labels are shown. Vietnamese first.
 */
export type Label = { vi: string; en: string };

export const CATEGORIES = {
  sexual_abuse_material: {
    vi: 'Ảnh hoặc video khỏa thân, nhạy cảm của trẻ em bị gửi đi hoặc đăng lên mạng',
    en: 'Naked or sexual photos or videos of a child being shared or posted',
  },
  sextortion: {
    vi: 'Bị đe doạ tung ảnh, video riêng tư để ép làm theo hoặc đòi tiền',
    en: 'Someone threatens to share private photos or videos unless the child obeys or pays',
  },
  grooming: {
    vi: 'Người lạ làm quen, dụ dỗ, đòi ảnh riêng tư hoặc rủ gặp mặt',
    en: 'A stranger befriends, tempts, asks for private photos or wants to meet',
  },
  self_harm: {
    vi: 'Có người rủ rê, khuyến khích tự làm đau bản thân hoặc tự tử',
    en: 'Someone urges a child to hurt themselves or to take their own life',
  },
  cyberbullying: {
    vi: 'Bị bắt nạt, chế giễu, đe doạ hoặc cô lập trên mạng',
    en: 'Bullied, mocked, threatened or left out online',
  },
  harmful_content: {
    vi: 'Nội dung độc hại: khiêu dâm, bạo lực, cờ bạc, ma tuý',
    en: 'Harmful content: porn, violence, gambling, drugs',
  },
  scam: {
    vi: 'Lừa đảo trẻ em: trúng thưởng, nạp thẻ game, việc nhẹ lương cao',
    en: 'Scams aimed at children: fake prizes, game top-ups, easy-money jobs',
  },
  privacy: {
    vi: 'Thông tin riêng của trẻ (tên, ảnh, trường, địa chỉ) bị đăng khi chưa đồng ý',
    en: "A child's private information (name, photo, school, address) posted without consent",
  },
  false_info: {
    vi: 'Tin giả, tin xấu về trẻ em hoặc nhắm vào trẻ em',
    en: 'Fake or toxic information about or aimed at children',
  },
  other: { vi: 'Việc khác làm em lo lắng', en: 'Something else that worries you' },
} as const satisfies Record<string, Label>;
export type Category = keyof typeof CATEGORIES;
export const CATEGORY_CODES = Object.keys(CATEGORIES) as Category[];

export const REPORTER_KINDS = {
  child: { vi: 'Em là trẻ em, em đang báo cho chính mình', en: "I'm a child, reporting for myself" },
  parent_relative: { vi: 'Cha mẹ hoặc người thân', en: 'A parent or relative' },
  teacher_school: { vi: 'Thầy cô hoặc nhà trường', en: 'A teacher or school' },
  other_person: { vi: 'Người khác (bạn bè, hàng xóm…)', en: 'Someone else (a friend, a neighbour…)' },
  organisation: { vi: 'Một tổ chức, doanh nghiệp', en: 'An organisation or company' },
  undisclosed: { vi: 'Không muốn nói', en: 'Prefer not to say' },
} as const satisfies Record<string, Label>;
export type ReporterKind = keyof typeof REPORTER_KINDS;
export const REPORTER_KIND_CODES = Object.keys(REPORTER_KINDS) as ReporterKind[];

export const AGE_BANDS = {
  under_6: { vi: 'Dưới 6 tuổi', en: 'Under 6' },
  '6_10': { vi: '6–10 tuổi', en: '6–10' },
  '11_14': { vi: '11–14 tuổi', en: '11–14' },
  '15_17': { vi: '15–17 tuổi', en: '15–17' },
  unknown: { vi: 'Không rõ', en: "Don't know" },
} as const satisfies Record<string, Label>;
export type AgeBand = keyof typeof AGE_BANDS;
export const AGE_BAND_CODES = Object.keys(AGE_BANDS) as AgeBand[];

export const WHEN = {
  now: { vi: 'Đang xảy ra', en: 'Happening now' },
  today: { vi: 'Hôm nay', en: 'Today' },
  week: { vi: 'Trong tuần này', en: 'This week' },
  month: { vi: 'Trong tháng này', en: 'This month' },
  earlier: { vi: 'Lâu hơn', en: 'Earlier' },
  unknown: { vi: 'Không nhớ', en: "Don't remember" },
} as const satisfies Record<string, Label>;
export type When = keyof typeof WHEN;
export const WHEN_CODES = Object.keys(WHEN) as When[];

export const PLATFORMS = [
  'facebook',
  'messenger',
  'zalo',
  'tiktok',
  'youtube',
  'instagram',
  'telegram',
  'discord',
  'roblox',
  'game',
  'website',
  'other',
] as const;
export type Platform = (typeof PLATFORMS)[number];
export const PLATFORM_LABELS: Record<Platform, Label> = {
  facebook: { vi: 'Facebook', en: 'Facebook' },
  messenger: { vi: 'Messenger', en: 'Messenger' },
  zalo: { vi: 'Zalo', en: 'Zalo' },
  tiktok: { vi: 'TikTok', en: 'TikTok' },
  youtube: { vi: 'YouTube', en: 'YouTube' },
  instagram: { vi: 'Instagram', en: 'Instagram' },
  telegram: { vi: 'Telegram', en: 'Telegram' },
  discord: { vi: 'Discord', en: 'Discord' },
  roblox: { vi: 'Roblox', en: 'Roblox' },
  game: { vi: 'Trò chơi trực tuyến khác', en: 'Another online game' },
  website: { vi: 'Trang web', en: 'A website' },
  other: { vi: 'Nơi khác', en: 'Somewhere else' },
};

/** p1 is the most urgent. */
export const PRIORITIES = ['p1', 'p2', 'p3', 'p4'] as const;
export type Priority = (typeof PRIORITIES)[number];

/** Where a report stands for staff. */
export const STATUSES = ['new', 'accepted', 'handed_over', 'rejected', 'merged'] as const;
export type ReportStatus = (typeof STATUSES)[number];

/** What the reporter sees on the status page: coarse, never personal. */
export const PUBLIC_STAGES = {
  received: { vi: 'Đã nhận — đang chờ cán bộ xem xét', en: 'Received — waiting for an officer to review' },
  in_review: { vi: 'Cán bộ đang xem xét', en: 'An officer is reviewing it' },
  being_handled: { vi: 'Đã chuyển cơ quan có trách nhiệm xử lý, hỗ trợ', en: 'Passed to the responsible agency for action and support' },
  closed: { vi: 'Đã xử lý xong ở bước tiếp nhận', en: 'Closed at the intake desk' },
  case_open: { vi: 'Cơ quan có trách nhiệm đang xử lý, hỗ trợ', en: 'The responsible agency is handling it' },
  case_finished: { vi: 'Đã hoàn tất xử lý, hỗ trợ', en: 'Handling and support finished' },
} as const satisfies Record<string, Label>;
export type PublicStage = keyof typeof PUBLIC_STAGES;

/** `caseStage`: where case work stands once the hand-over was taken (src/intake/handovers/case-stage.ts). */
export function publicStage(status: ReportStatus, caseStage: 'open' | 'finished' | null = null): PublicStage {
  if (status === 'handed_over' && caseStage !== null) return caseStage === 'finished' ? 'case_finished' : 'case_open';
  switch (status) {
    case 'new':
      return 'received';
    case 'accepted':
      return 'in_review';
    case 'handed_over':
      return 'being_handled';
    default:
      return 'closed';
  }
}

export const REJECT_REASONS = ['not_about_children', 'not_online', 'no_information', 'spam', 'other'] as const;
