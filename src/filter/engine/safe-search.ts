import { type DomainTable, TableBuilder } from '../matcher.js';
import type { YoutubeMode } from '../model.js';

/**
 * Safe search by DNS, as the search engines document it: the engine's host names are answered
 * with a CNAME to the engine's safe host and that host's addresses.
 */
export const SAFE_TARGETS = {
  google: 'forcesafesearch.google.com',
  youtube_strict: 'restrict.youtube.com',
  youtube_moderate: 'restrictmoderate.youtube.com',
  bing: 'strict.bing.com',
  duckduckgo: 'safe.duckduckgo.com',
  ecosia: 'strict-safe-search.ecosia.org',
  pixabay: 'safesearch.pixabay.com',
  yandex: 'familysearch.yandex.ru',
} as const;

export const ENGINE_TAG = { google: 0, youtube: 1, bing: 2, duckduckgo: 3, ecosia: 4, pixabay: 5, yandex: 6 } as const;

/** Google's search domains (google.com and its country domains). */
const GOOGLE_SUFFIXES =
  'com ad ae com.af com.ag al am co.ao com.ar as at com.au az ba com.bd be bf bg com.bh bi bj com.bn com.bo com.br bs bt co.bw by com.bz ca cd cf cg ch ci co.ck cl cm cn com.co co.cr com.cu cv com.cy cz de dj dk dm com.do dz com.ec ee com.eg es com.et fi com.fj fm fr ga ge gg com.gh com.gi gl gm gr com.gt gy com.hk hn hr ht hu co.id ie co.il im co.in iq is it je com.jm jo co.jp co.ke com.kh ki kg co.kr com.kw kz la com.lb li lk co.ls lt lu lv com.ly co.ma md me mg mk ml com.mm mn com.mt mu mv mw com.mx com.my co.mz com.na com.ng com.ni ne nl no com.np nr nu co.nz com.om com.pa com.pe com.pg com.ph com.pk pl pn com.pr ps pt com.py com.qa ro ru rw com.sa com.sb sc se com.sg sh si sk com.sl sn so sm sr st com.sv td tg co.th com.tj tl tm tn to com.tr tt com.tw co.tz com.ua co.ug co.uk com.uy co.uz com.vc co.ve co.vi com.vn vu ws rs co.za co.zm co.zw cat'.split(
    ' ',
  );

export const SAFE_SEARCH_HOSTS: Record<keyof typeof ENGINE_TAG, string[]> = {
  google: GOOGLE_SUFFIXES.flatMap((s) => [`google.${s}`, `www.google.${s}`]),
  youtube: ['www.youtube.com', 'youtube.com', 'm.youtube.com', 'youtubei.googleapis.com', 'youtube.googleapis.com', 'www.youtube-nocookie.com'],
  bing: ['www.bing.com', 'bing.com'],
  duckduckgo: ['duckduckgo.com', 'www.duckduckgo.com', 'start.duckduckgo.com', 'html.duckduckgo.com', 'duck.com'],
  ecosia: ['www.ecosia.org', 'ecosia.org'],
  pixabay: ['pixabay.com', 'www.pixabay.com'],
  yandex: ['yandex.ru', 'www.yandex.ru', 'yandex.com', 'www.yandex.com', 'yandex.by', 'yandex.kz', 'yandex.ua', 'yandex.com.tr', 'ya.ru', 'www.ya.ru'],
};

let table: DomainTable | null = null;

/** Exact host names → engine tag. */
export function safeSearchTable(): DomainTable {
  if (!table) {
    const b = new TableBuilder(512);
    for (const [engine, hosts] of Object.entries(SAFE_SEARCH_HOSTS)) for (const h of hosts) b.addName(h, ENGINE_TAG[engine as keyof typeof ENGINE_TAG]);
    table = b.build();
  }
  return table;
}

/** The safe host for an engine tag under a band's settings, or null when not rewritten. */
export function safeTarget(tag: number, safeSearch: boolean, youtube: YoutubeMode): string | null {
  if (tag === ENGINE_TAG.youtube) return youtube === 'strict' ? SAFE_TARGETS.youtube_strict : youtube === 'moderate' ? SAFE_TARGETS.youtube_moderate : null;
  if (!safeSearch) return null;
  switch (tag) {
    case ENGINE_TAG.google:
      return SAFE_TARGETS.google;
    case ENGINE_TAG.bing:
      return SAFE_TARGETS.bing;
    case ENGINE_TAG.duckduckgo:
      return SAFE_TARGETS.duckduckgo;
    case ENGINE_TAG.ecosia:
      return SAFE_TARGETS.ecosia;
    case ENGINE_TAG.pixabay:
      return SAFE_TARGETS.pixabay;
    case ENGINE_TAG.yandex:
      return SAFE_TARGETS.yandex;
    default:
      return null;
  }
}
