import type { FetchOptions } from '../../outbound/fetch.js';

/**
 * The review desk fetches a reported link through the platform's one outbound module
 * (src/outbound/fetch.ts: address checks after resolution, checked redirects, size and time
 * limits). What is the desk's own: its limits and what it asks for.
 */
export { checkUrl, type Fetched, FetchFailure, type FetchOptions, safeFetch } from '../../outbound/fetch.js';

const REVIEW = {
  userAgent: 'LaChan-Review/1.0 (+child online protection; Hanoi)',
  accept: 'text/html,application/xhtml+xml,text/plain;q=0.9,image/*;q=0.8',
} as const;

export const PAGE_LIMITS: FetchOptions = {
  connectTimeoutMs: 5_000,
  totalTimeoutMs: 20_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  allowedTypes: ['text/html', 'application/xhtml+xml', 'text/plain', 'image/*'],
  ...REVIEW,
};

export const IMAGE_LIMITS: FetchOptions = {
  connectTimeoutMs: 5_000,
  totalTimeoutMs: 15_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
  allowedTypes: ['image/*'],
  ...REVIEW,
};
