import { createHash } from 'node:crypto';
import sharp from 'sharp';
import type { Deps } from '../../context.js';
import { sniff } from '../../evidence/prepare.js';
import type { EvidenceStore } from '../../evidence/store.js';
import { type BankMatch, ImageDecodeError, matchHashes, pdqHash } from '../images/index.js';
import { classifyText, type TextVerdict } from '../text/index.js';
import { decodeText } from './charset.js';
import { EXTRACT_LIMITS, type Extracted, extractHtml, extractPlain } from './extract.js';
import { type Fetched, FetchFailure, type FetchOptions, IMAGE_LIMITS, PAGE_LIMITS, safeFetch } from './fetch.js';
import type { DetectItemsTable } from './tables.js';

/**
 * One item's analysis: fetch (URL items), keep the evidence snapshot, extract text and images,
 * classify the text, hash the images and look them up in the banks. Pure work, no database
 * writes: the worker stores the outcome in one transaction.
 */
export interface ImageOutcome {
  position: number;
  src: string | null;
  mime: string | null;
  size: number | null;
  width: number | null;
  height: number | null;
  sha256: string | null;
  md5: string | null;
  pdq: string | null;
  quality: number | null;
  matches: BankMatch[];
  error: string | null;
}

export interface Analysis {
  verdict: Omit<TextVerdict, 'normalized'> | null;
  score: number;
  matches: BankMatch[];
  images: ImageOutcome[];
  title: string | null;
  finalUrl: string | null;
  linkHosts: string[];
  httpStatus: number | null;
  snapshot: { sha256: string; size: number; type: string; fetchedAt: string } | null;
  charset: string | null;
}

export interface AnalyseOptions {
  /** Overrides of the fetch limits (tests: allowPrivateNetworks, smaller caps). */
  fetch?: Partial<FetchOptions>;
  signal: AbortSignal;
  /** When the item's time is up (ms since epoch): images that no longer fit are skipped, not fatal. */
  deadlineAt?: number;
}

/** Time kept back at the end of an item for hashing what was fetched and saving the outcome. */
const SAVE_MARGIN_MS = 2_000;

/** How much of a page's text goes to the classifier (it reads at most its own MAX_TEXT_CHARS anyway). */
const CLASSIFY_CHARS = EXTRACT_LIMITS.textChars;

function summarise(v: TextVerdict | null): { verdict: Analysis['verdict']; score: number } {
  if (!v) return { verdict: null, score: 0 };
  const { normalized: _n, ...rest } = v;
  const top = v.categories[0]?.score ?? 0;
  return { verdict: rest, score: Math.max(top, v.offensive.label === 'clean' ? 0 : v.offensive.score * 0.5) };
}

/** Hashes one image; a file that is not a decodable image is recorded, not thrown. */
export async function hashImageBytes(deps: Deps, store: EvidenceStore, bytes: Buffer, position: number, src: string | null): Promise<ImageOutcome> {
  const base: ImageOutcome = {
    position,
    src,
    mime: null,
    size: bytes.length,
    width: null,
    height: null,
    sha256: null,
    md5: null,
    pdq: null,
    quality: null,
    matches: [],
    error: null,
  };
  const type = sniff(bytes);
  if (!type || type === 'pdf') return { ...base, error: 'invalid_image' };
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const md5 = createHash('md5').update(bytes).digest('hex');
  let pdq: { hash: string; quality: number } | null = null;
  let error: string | null = null;
  try {
    pdq = await pdqHash(bytes);
  } catch (e) {
    if (!(e instanceof ImageDecodeError)) throw e;
    error = e.reason === 'too_large' ? 'too_large' : 'invalid_image';
  }
  // exact hashes match even when the decoder gives up (a known file is known by its bytes)
  const matches = await matchHashes(deps, { sha256, md5, ...(pdq ? { pdq: pdq.hash } : {}) });
  // header only: the size the console shows; a decoder that gave up above leaves them empty
  const meta = error
    ? null
    : await sharp(bytes)
        .metadata()
        .catch(() => null);
  if (!error) await store.put(sha256, bytes); // kept encrypted for the blurred preview
  return {
    ...base,
    mime: `image/${type}`,
    width: meta?.width ?? null,
    height: meta?.height ?? null,
    sha256,
    md5,
    pdq: pdq?.hash ?? null,
    quality: pdq?.quality ?? null,
    matches,
    error,
  };
}

/** An image the page names but that could not be read: kept with its reason, nothing hashed. */
const unreadImage = (position: number, src: string, error: string): ImageOutcome => ({
  position,
  src,
  mime: null,
  size: null,
  width: null,
  height: null,
  sha256: null,
  md5: null,
  pdq: null,
  quality: null,
  matches: [],
  error,
});

async function imagesOf(deps: Deps, store: EvidenceStore, refs: string[], o: AnalyseOptions): Promise<ImageOutcome[]> {
  const out: ImageOutcome[] = [];
  for (const [position, src] of refs.entries()) {
    if (o.signal.aborted) throw o.signal.reason instanceof FetchFailure ? o.signal.reason : new FetchFailure('timeout', 'deadline');
    const limits = { ...IMAGE_LIMITS, ...o.fetch, allowedTypes: IMAGE_LIMITS.allowedTypes, signal: o.signal };
    // A slow image host must not cost the whole page: each image gets what is left of the item's time.
    const left = (o.deadlineAt ?? Number.POSITIVE_INFINITY) - Date.now() - SAVE_MARGIN_MS;
    if (left < 500) {
      out.push(unreadImage(position, src, 'skipped_deadline'));
      continue;
    }
    let got: Fetched;
    try {
      got = await safeFetch(src, { ...limits, totalTimeoutMs: Math.min(limits.totalTimeoutMs, left) });
    } catch (e) {
      if (!(e instanceof FetchFailure)) throw e;
      if (o.signal.aborted) throw e; // the item's own deadline: the whole item failed
      out.push(unreadImage(position, src, e.code));
      continue;
    }
    out.push(await hashImageBytes(deps, store, got.body, position, got.url));
  }
  return out;
}

const allMatches = (images: ImageOutcome[]) => images.flatMap((i) => i.matches);

export async function analyseUrl(deps: Deps, store: EvidenceStore, url: string, o: AnalyseOptions): Promise<Analysis> {
  const page = await safeFetch(url, { ...PAGE_LIMITS, ...o.fetch, signal: o.signal });
  // the evidence snapshot: the bytes as fetched (decompressed), encrypted, content-addressed
  const sha256 = createHash('sha256').update(page.body).digest('hex');
  await store.put(sha256, page.body);
  const snapshot = { sha256, size: page.body.length, type: page.mime, fetchedAt: page.fetchedAt };
  const common = { finalUrl: page.url, httpStatus: page.status, snapshot };
  if (page.mime.startsWith('image/')) {
    const img = await hashImageBytes(deps, store, page.body, 0, page.url);
    if (img.error) throw new FetchFailure(img.error === 'too_large' ? 'too_large' : 'invalid_image', 'the link is an image that cannot be read');
    return { ...common, verdict: null, score: 0, matches: img.matches, images: [img], title: null, linkHosts: [], charset: null };
  }
  const isHtml = page.mime !== 'text/plain';
  const decoded = decodeText(page.body, page.charset, isHtml);
  const ex: Extracted = isHtml ? extractHtml(decoded.text, page.url) : extractPlain(decoded.text);
  const { verdict, score } = summarise(classifyText([ex.title ?? '', ex.text].join('\n').slice(0, CLASSIFY_CHARS)));
  const images = await imagesOf(deps, store, ex.images, o);
  return { ...common, verdict, score, matches: allMatches(images), images, title: ex.title, linkHosts: ex.linkHosts, charset: decoded.charset };
}

export async function analyseText(text: string): Promise<Analysis> {
  const { verdict, score } = summarise(classifyText(text.slice(0, CLASSIFY_CHARS)));
  return { verdict, score, matches: [], images: [], title: null, finalUrl: null, linkHosts: [], httpStatus: null, snapshot: null, charset: null };
}

export async function analyseImage(deps: Deps, store: EvidenceStore, sha256: string): Promise<Analysis> {
  const bytes = await store.get(sha256);
  const img = await hashImageBytes(deps, store, bytes, 0, null);
  if (img.error) throw new FetchFailure(img.error === 'too_large' ? 'too_large' : 'invalid_image', 'uploaded image');
  return {
    verdict: null,
    score: 0,
    matches: img.matches,
    images: [img],
    title: null,
    finalUrl: null,
    linkHosts: [],
    httpStatus: null,
    snapshot: null,
    charset: null,
  };
}

/** Dispatches on the item's kind; `openUrl`/`openText` unseal the stored values. */
export function analyseItem(
  deps: Deps,
  store: EvidenceStore,
  item: Pick<DetectItemsTable, 'kind' | 'sealed_url' | 'sealed_text' | 'snapshot_sha256'>,
  o: AnalyseOptions,
): Promise<Analysis> {
  if (item.kind === 'url') return analyseUrl(deps, store, deps.sealer.open(item.sealed_url as string), o);
  if (item.kind === 'text') return analyseText(deps.sealer.open(item.sealed_text as string));
  return analyseImage(deps, store, item.snapshot_sha256 as string);
}
