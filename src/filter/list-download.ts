import type { Config } from '../config.js';
import { FetchFailure, type FetchOptions, outboundError, privateNetworksFromConfig, safeFetch } from '../outbound/fetch.js';
import { AppError } from '../shared/errors.js';
import { registerMessages } from '../shared/i18n.js';
import type { ParseStats, Rejected } from './lists/parse.js';

/**
 * A block list fetched from its address (import, timed refresh, `lachan lists import URL`), only
 * through the platform's outbound module: no private or loopback address, before or after a
 * redirect; size and time capped; one generic error whatever answered.
 *
 * What comes back is shown to the analyst only when it is plausibly a list: an internal page
 * reached some other way, or a port that answers noise, must not come back line by line in
 * `rejectedLines` (issue 10, items 3 and 9).
 */
export const MAX_LIST_BYTES = 64 * 1024 * 1024;

export const LIST_FETCH: FetchOptions = {
  connectTimeoutMs: 10_000,
  totalTimeoutMs: 120_000,
  maxBytes: MAX_LIST_BYTES,
  maxRedirects: 5,
  // lists are plain text; servers label them text/plain, octet-stream, or not at all. HTML is a
  // web page (a login screen, a "soft 404"), never a list.
  allowedTypes: ['text/plain', 'text/csv', 'application/octet-stream', 'binary/octet-stream', 'application/text', ''],
  accept: 'text/plain, */*;q=0.1',
};

/** Rejected lines shown per URL import, and the characters of each: enough to fix a list, too few to carry a file out. */
export const URL_REJECTS_SHOWN = 20;
export const URL_REJECT_CHARS = 80;

export async function downloadList(
  url: string,
  config: Pick<Config, 'fetchPrivate'>,
  onProgress?: (done: number, total: number) => void,
  /** tests: a smaller cap, a shorter time limit, a resolver */
  overrides: Partial<FetchOptions> = {},
): Promise<Buffer> {
  const options: FetchOptions = { ...LIST_FETCH, ...privateNetworksFromConfig(config), ...overrides, ...(onProgress ? { onProgress } : {}) };
  try {
    return (await safeFetch(url, options)).body;
  } catch (e) {
    if (!(e instanceof FetchFailure)) throw e;
    if (e.generic === 'not_accepted') throw new AppError(415, 'filter.list_not_text');
    throw outboundError(e, { limit: options.maxBytes });
  }
}

/**
 * Refuses a downloaded body that is not plausibly a list: binary bytes, or more rejected lines
 * than rules (an adblock list that is mostly cosmetic rules is refused too: the DNS filter could
 * use only its few domain rules). Nothing of its content is echoed, only counts. An empty body
 * passes here and is refused as `filter.list_empty`.
 */
export function assertPlausibleList(raw: Uint8Array, stats: ParseStats): void {
  const head = raw.subarray(0, 64 * 1024);
  if (head.includes(0)) throw new AppError(422, 'filter.not_a_list', { accepted: stats.accepted, rejected: stats.rejected });
  if (stats.rejected > stats.accepted) throw new AppError(422, 'filter.not_a_list', { accepted: stats.accepted, rejected: stats.rejected });
}

/** The rejected lines a URL import may show: a few, each cut short. */
export function rejectsToShow(rejected: readonly Rejected[]): Rejected[] {
  return rejected.slice(0, URL_REJECTS_SHOWN).map((r) => ({ ...r, text: r.text.length > URL_REJECT_CHARS ? `${r.text.slice(0, URL_REJECT_CHARS)}…` : r.text }));
}

registerMessages({
  'filter.list_not_text': {
    vi: 'Địa chỉ này không trả về một tệp văn bản: danh sách chặn phải là văn bản thuần (mỗi dòng một tên miền).',
    en: 'This address does not answer with a text file: a block list must be plain text (one domain per line).',
  },
  'filter.not_a_list': {
    vi: 'Nội dung tải về không giống một danh sách chặn ({accepted} dòng hợp lệ, {rejected} dòng không hợp lệ); không nhập gì.',
    en: 'What was downloaded does not look like a block list ({accepted} valid lines, {rejected} invalid); nothing was imported.',
  },
});
