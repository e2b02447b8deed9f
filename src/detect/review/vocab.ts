import { guardedHost } from '../../filter/guard/current-guard.js';
import { TEXT_CATEGORIES } from '../text/index.js';

/** Categories an analyst may give a "harmful" decision: the text classifier's, plus abuse material and other. */
export const DECISION_CATEGORIES: { code: string; vi: string; en: string }[] = [
  { code: 'csam', vi: 'Tài liệu xâm hại tình dục trẻ em', en: 'Child sexual abuse material' },
  ...TEXT_CATEGORIES,
  { code: 'other', vi: 'Nội dung độc hại khác', en: 'Other harmful content' },
];
export const DECISION_CATEGORY_CODES = DECISION_CATEGORIES.map((c) => c.code);

/**
 * Platforms where many people publish under one domain. A harmful page there is taken down, never
 * blocked by domain: blocking facebook.com for one profile would cut every school off it.
 */
export const PLATFORMS: { code: string; domains: string[] }[] = [
  { code: 'facebook', domains: ['facebook.com', 'fb.com', 'fb.watch', 'messenger.com'] },
  { code: 'tiktok', domains: ['tiktok.com'] },
  { code: 'youtube', domains: ['youtube.com', 'youtu.be'] },
  { code: 'zalo', domains: ['zalo.me', 'zaloapp.com'] },
  { code: 'instagram', domains: ['instagram.com'] },
  { code: 'x', domains: ['x.com', 'twitter.com'] },
  { code: 'telegram', domains: ['t.me', 'telegram.org', 'telegram.me'] },
  { code: 'discord', domains: ['discord.com', 'discord.gg'] },
  { code: 'reddit', domains: ['reddit.com'] },
  { code: 'threads', domains: ['threads.net'] },
  { code: 'google', domains: ['google.com', 'blogspot.com', 'drive.google.com', 'sites.google.com'] },
  { code: 'github', domains: ['github.com', 'github.io'] },
];

const under = (host: string, d: string) => host === d || host.endsWith(`.${d}`);

/** The platform a host belongs to, or 'website' for a site of its own. */
export function platformOf(host: string | null): string {
  if (!host) return 'website';
  return PLATFORMS.find((p) => p.domains.some((d) => under(host, d)))?.code ?? 'website';
}

/**
 * Shared platforms are the filter's guard list (src/filter/guard): one list serves the desk's
 * refusal to block a platform by domain and the filter's refusal of list lines that would.
 * PLATFORMS above only names the platform for a takedown request.
 */
export const isSharedPlatform = (host: string | null) => guardedHost(host) !== null;

/** What a takedown request cites unless the analyst writes otherwise. */
export const DEFAULT_LEGAL_BASIS = 'Luật Trẻ em 2016 (điều 6, 54); Nghị định 56/2017/NĐ-CP; Luật An ninh mạng 2018 (điều 29); Nghị định 147/2024/NĐ-CP';
