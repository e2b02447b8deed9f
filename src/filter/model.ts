/**
 * The filter's vocabulary: age bands, categories, and the policy snapshot the DNS engine reads.
 * The snapshot is plain data (JSON in the data dir); the engine compiles it into matchers.
 */

export type Band = 'kindergarten' | 'primary' | 'lower_secondary' | 'upper_secondary' | 'staff';
export const BANDS: readonly Band[] = ['kindergarten', 'primary', 'lower_secondary', 'upper_secondary', 'staff'];

export type CategoryKind = 'block' | 'allow';

export interface CategoryDef {
  code: string;
  /** bit in the engine's masks, 0–28; stable once assigned */
  bit: number;
  kind: CategoryKind;
  /** city-mandatory: no school may unblock it */
  mandatory: boolean;
  vi: string;
  en: string;
}

/** Built-in categories. An administrator may add more (bits 20–28) and change `mandatory`. */
export const BUILTIN_CATEGORIES: readonly CategoryDef[] = [
  { code: 'csam', bit: 0, kind: 'block', mandatory: true, vi: 'Xâm hại tình dục trẻ em', en: 'Child sexual abuse material' },
  { code: 'adult', bit: 1, kind: 'block', mandatory: true, vi: 'Nội dung người lớn', en: 'Adult content' },
  { code: 'gambling', bit: 2, kind: 'block', mandatory: true, vi: 'Cờ bạc, cá độ', en: 'Gambling' },
  { code: 'violence', bit: 3, kind: 'block', mandatory: false, vi: 'Bạo lực, máu me', en: 'Violence and gore' },
  { code: 'self_harm', bit: 4, kind: 'block', mandatory: false, vi: 'Tự hại, tự tử', en: 'Self-harm and suicide' },
  { code: 'drugs', bit: 5, kind: 'block', mandatory: false, vi: 'Ma tuý, chất cấm', en: 'Drugs' },
  { code: 'weapons', bit: 6, kind: 'block', mandatory: false, vi: 'Vũ khí', en: 'Weapons' },
  { code: 'hate', bit: 7, kind: 'block', mandatory: false, vi: 'Thù ghét, cực đoan', en: 'Hate and extremism' },
  { code: 'scam', bit: 8, kind: 'block', mandatory: true, vi: 'Lừa đảo, giả mạo', en: 'Scams and phishing' },
  { code: 'malware', bit: 9, kind: 'block', mandatory: true, vi: 'Mã độc', en: 'Malware' },
  { code: 'bypass', bit: 10, kind: 'block', mandatory: false, vi: 'Vượt tường lửa (proxy, VPN, DoH)', en: 'Filter bypass (proxy, VPN, DoH)' },
  { code: 'dating', bit: 11, kind: 'block', mandatory: false, vi: 'Hẹn hò', en: 'Dating' },
  { code: 'anon_chat', bit: 12, kind: 'block', mandatory: false, vi: 'Trò chuyện ẩn danh', en: 'Anonymous chat' },
  { code: 'social', bit: 13, kind: 'block', mandatory: false, vi: 'Mạng xã hội', en: 'Social networks' },
  { code: 'games_18', bit: 14, kind: 'block', mandatory: false, vi: 'Trò chơi 18+', en: 'Games rated 18+' },
  { code: 'games_16', bit: 15, kind: 'block', mandatory: false, vi: 'Trò chơi 16+', en: 'Games rated 16+' },
  { code: 'games_12', bit: 16, kind: 'block', mandatory: false, vi: 'Trò chơi 12+', en: 'Games rated 12+' },
  { code: 'confirmed_harmful', bit: 17, kind: 'block', mandatory: true, vi: 'Độc hại — Trung tâm đã xác nhận', en: 'Harmful — confirmed by the centre' },
  { code: 'ads', bit: 18, kind: 'block', mandatory: false, vi: 'Quảng cáo, theo dõi', en: 'Ads and trackers' },
  { code: 'learning', bit: 19, kind: 'allow', mandatory: false, vi: 'Nền tảng học tập', en: 'Learning platforms' },
  { code: 'essentials', bit: 20, kind: 'allow', mandatory: false, vi: 'Dịch vụ thiết yếu của thiết bị', en: 'Device essentials' },
];

/** Pseudo-categories a decision may name (not lists). */
export const PSEUDO = {
  custom: { vi: 'Danh sách chặn riêng', en: 'Custom block list' },
  learning_mode: { vi: 'Giờ học: chỉ nền tảng học tập', en: 'Class hours: learning platforms only' },
  bypass_canary: { vi: 'Chặn vượt bộ lọc', en: 'Filter bypass prevention' },
  scheduled: { vi: 'Theo lịch', en: 'Scheduled' },
} as const;

export const MAX_CATEGORY_BIT = 28;

/** Where the bundled lists come from (seed/blocklists), and the category each feeds. */
export const BUNDLED_LISTS: ReadonlyArray<{ code: string; name: string; category: string; file: string; licence: string }> = [
  { code: 'hostsvn-adult', name: 'hostsVN — adult', category: 'adult', file: 'hostsVN/extensions_adult_domain.txt', licence: 'MIT (hostsVN/LICENSE)' },
  {
    code: 'hostsvn-gambling',
    name: 'hostsVN — gambling',
    category: 'gambling',
    file: 'hostsVN/extensions_gambling_domain.txt',
    licence: 'MIT (hostsVN/LICENSE)',
  },
  { code: 'hostsvn-threat', name: 'hostsVN — threat', category: 'malware', file: 'hostsVN/extensions_threat_domain.txt', licence: 'MIT (hostsVN/LICENSE)' },
  { code: 'hostsvn-ads', name: 'hostsVN — ads', category: 'ads', file: 'hostsVN/hosts', licence: 'MIT (hostsVN/LICENSE)' },
  { code: 'chongluadao', name: 'ChongLuaDao — phishing', category: 'scam', file: 'chongluadao/urls-pihole.txt', licence: 'BSD-3-Clause (chongluadao/LICENSE)' },
  { code: 'lachan-bypass', name: 'Lá Chắn — bypass', category: 'bypass', file: 'lachan/bypass.txt', licence: 'MIT' },
  { code: 'lachan-social', name: 'Lá Chắn — social', category: 'social', file: 'lachan/social.txt', licence: 'MIT' },
  { code: 'lachan-dating', name: 'Lá Chắn — dating', category: 'dating', file: 'lachan/dating.txt', licence: 'MIT' },
  { code: 'lachan-anon-chat', name: 'Lá Chắn — anonymous chat', category: 'anon_chat', file: 'lachan/anon_chat.txt', licence: 'MIT' },
  { code: 'lachan-learning', name: 'Lá Chắn — learning platforms', category: 'learning', file: 'lachan/learning.txt', licence: 'MIT' },
  { code: 'lachan-essentials', name: 'Lá Chắn — device essentials', category: 'essentials', file: 'lachan/essentials.txt', licence: 'MIT' },
];

export type YoutubeMode = 'off' | 'moderate' | 'strict';
export type BlockResponse = 'nxdomain' | 'blockpage';

/** 1 = Monday … 7 = Sunday; times are Hà Nội local time (UTC+7), "HH:MM", to exclusive. */
export interface ScheduleRule {
  name?: string;
  days: number[];
  from: string;
  to: string;
  /** learning: only learning platforms, essentials and allow entries; block: also block `categories` */
  mode: 'learning' | 'block';
  categories?: string[];
}

export interface BandPolicyData {
  band: Band;
  blockedCategories: string[];
  blockDomains: string[];
  allowDomains: string[];
  /** Google, Bing, DuckDuckGo, Ecosia, Pixabay, Yandex */
  safeSearch: boolean;
  youtube: YoutubeMode;
  blockBypass: boolean;
  blockResponse: BlockResponse;
  schedules: ScheduleRule[];
  queryLog: boolean;
}

/** What a school adds for one band (or 'all'): more blocks, and allow entries for non-mandatory blocks. */
export interface SchoolAdditionData {
  schoolId: string;
  band: Band | 'all';
  blockedCategories: string[];
  blockDomains: string[];
  allowDomains: string[];
}

export interface NetworkData {
  cidr: string;
  schoolId: string;
  band: Band;
}

export interface FilterSettingsData {
  upstreams: string[];
  unknownClients: 'refuse' | 'strictest';
  blockpageIpv4: string | null;
  blockpageIpv6: string | null;
  /** queries per second per client address; 0 = no limit */
  rateLimitQps: number;
  queryLogSize: number;
  queryLogRetentionHours: number;
  /** how often the web process refreshes URL lists */
  listRefreshHours: number;
  /** a refresh adding or removing more than this share of a list's entries is held for review (issue 11) */
  refreshMaxChangeShare: number;
}

export interface Snapshot {
  version: string;
  generatedAt: string;
  categories: CategoryDef[];
  bands: BandPolicyData[];
  schools: Array<{ id: string; code: string; name: string }>;
  additions: SchoolAdditionData[];
  networks: NetworkData[];
  settings: FilterSettingsData;
  /** the third-party lists compiled (domains-<sig>.bin inside <dataDir>/filter), null = no lists */
  domainsFile: string | null;
  /**
   * the city's own small sources compiled (city-<sig>.bin: the centre's confirmed-harmful list and
   * the guard decisions), null = none; absent in snapshots written before it existed
   */
  cityDomainsFile?: string | null;
}

export const DEFAULT_UPSTREAMS = ['1.1.1.1:53', '8.8.8.8:53'];

const harmful = ['csam', 'adult', 'gambling', 'violence', 'self_harm', 'drugs', 'weapons', 'hate', 'scam', 'malware', 'confirmed_harmful'];

/** City-wide defaults per band: strictest for the youngest, the legal minimum for staff. */
export function defaultBandPolicy(band: Band): BandPolicyData {
  const base = { band, blockDomains: [], allowDomains: [], blockResponse: 'blockpage' as const, schedules: [], queryLog: false };
  switch (band) {
    case 'kindergarten':
    case 'primary':
      return {
        ...base,
        blockedCategories: [...harmful, 'bypass', 'dating', 'anon_chat', 'social', 'games_18', 'games_16', 'games_12'],
        safeSearch: true,
        youtube: 'strict',
        blockBypass: true,
      };
    case 'lower_secondary':
      return {
        ...base,
        blockedCategories: [...harmful, 'bypass', 'dating', 'anon_chat', 'games_18', 'games_16'],
        safeSearch: true,
        youtube: 'moderate',
        blockBypass: true,
      };
    case 'upper_secondary':
      return {
        ...base,
        blockedCategories: [...harmful, 'bypass', 'dating', 'anon_chat', 'games_18'],
        safeSearch: true,
        youtube: 'moderate',
        blockBypass: true,
      };
    case 'staff':
      return {
        ...base,
        blockedCategories: ['csam', 'adult', 'gambling', 'scam', 'malware', 'confirmed_harmful'],
        safeSearch: false,
        youtube: 'off',
        blockBypass: false,
        queryLog: true,
      };
  }
}

export const DEFAULT_SETTINGS: FilterSettingsData = {
  upstreams: DEFAULT_UPSTREAMS,
  unknownClients: 'refuse',
  blockpageIpv4: null,
  blockpageIpv6: null,
  rateLimitQps: 1000,
  queryLogSize: 10_000,
  queryLogRetentionHours: 24,
  listRefreshHours: 24,
  refreshMaxChangeShare: 0.2,
};

/** The subnet a log may keep of a client: /24 for IPv4, /48 for IPv6. */
export function clientSubnet(ip: string): string {
  if (ip.startsWith('::ffff:') && ip.includes('.')) ip = ip.slice(7);
  if (ip.includes('.')) return `${ip.split('.').slice(0, 3).join('.')}.0/24`;
  const [head = '', tail] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined ? (tail ? tail.split(':') : []) : [];
  const groups = tail !== undefined ? [...h, ...Array(8 - h.length - t.length).fill('0'), ...t] : h;
  return `${groups
    .slice(0, 3)
    .map((g) => Number.parseInt(g || '0', 16).toString(16))
    .join(':')}::/48`;
}
