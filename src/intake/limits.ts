import { createHash } from 'node:crypto';

/**
 * Flood control for report intake, in memory (per process). Token buckets: a client IP may send a
 * burst of `perIp` reports (a school's class reporting together behind one address), refilled over
 * ten minutes; all anonymous clients together get `global` per minute, so a distributed flood is
 * stopped too. Partner tokens have their own, larger bucket per token.
 */
class Bucket {
  constructor(
    public tokens: number,
    public at: number,
  ) {}
}

export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  constructor(
    private readonly capacity: number,
    private readonly refillMs: number,
    private readonly maxKeys = 100_000,
  ) {}

  /** Takes `cost` tokens (1 = one report; decode budgets take megapixel units). */
  take(key: string, now = Date.now(), cost = 1): boolean {
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxKeys) this.sweep(now);
      b = new Bucket(this.capacity, now);
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.capacity, b.tokens + ((now - b.at) * this.capacity) / this.refillMs);
    b.at = now;
    if (b.tokens < cost) return false;
    b.tokens -= cost;
    return true;
  }

  /** How many reports this key sent recently (for the spam heuristic): capacity minus what is left. */
  used(key: string, now = Date.now()): number {
    const b = this.buckets.get(key);
    if (!b) return 0;
    return this.capacity - Math.min(this.capacity, b.tokens + ((now - b.at) * this.capacity) / this.refillMs);
  }

  private sweep(now: number): void {
    for (const [k, b] of this.buckets) if (now - b.at > this.refillMs) this.buckets.delete(k);
    if (this.buckets.size >= this.maxKeys) this.buckets.clear();
  }
}

export class IntakeLimiter {
  readonly perIp: TokenBuckets;
  readonly global: TokenBuckets;
  readonly perToken: TokenBuckets;
  readonly statusPerIp: TokenBuckets;
  /**
   * Decode cost per address (megapixel units, see src/evidence/prepare.ts evidenceCost): what the files of
   * anonymous reports from one address may make the server decode in ten minutes. 20 units a
   * report for the whole report allowance (a class each sending a phone photo gets through); a
   * flood of large images stops long before the reports themselves would.
   */
  readonly decodePerIp: TokenBuckets;
  private readonly recentText = new Map<string, { n: number; at: number }>();

  constructor(
    readonly ipLimit: number,
    readonly globalLimit: number,
  ) {
    this.perIp = new TokenBuckets(ipLimit, 10 * 60_000);
    this.global = new TokenBuckets(globalLimit, 60_000, 1);
    this.perToken = new TokenBuckets(Math.max(globalLimit * 10, 1000), 60_000);
    // Status look-ups: tracking code + PIN guesses.
    this.statusPerIp = new TokenBuckets(20, 10 * 60_000);
    this.decodePerIp = new TokenBuckets(Math.max(1200, ipLimit * 20), 10 * 60_000);
  }

  /** The decode cost of one anonymous report's files, charged before anything is decoded. */
  allowDecode(ipKey: string, cost: number, now = Date.now()): boolean {
    return cost <= 0 || this.decodePerIp.take(ipKey, now, cost);
  }

  /** Anonymous submission: both the client's and the global bucket must have room. */
  allowAnonymous(ipKey: string, now = Date.now()): boolean {
    if (!this.perIp.take(ipKey, now)) return false;
    return this.global.take('all', now);
  }

  allowToken(tokenId: string, now = Date.now()): boolean {
    return this.perToken.take(tokenId, now);
  }

  /**
   * Spam heuristic: a score and reasons, shown to the officer; the report is always kept.
   * Signals: many reports from one address, the same text again and again, a wall of links,
   * nothing to act on.
   */
  spamSignals(
    input: { ipKey: string | null; description: string; urlCount: number; fileCount: number },
    now = Date.now(),
  ): { score: number; reasons: string[] } {
    const reasons: string[] = [];
    if (input.ipKey && this.perIp.used(input.ipKey, now) > Math.max(10, this.ipLimit * 0.5)) reasons.push('burst_from_address');
    const text = foldText(input.description);
    // The third filing of the same text within the hour. Only filed reports count (filedText): a
    // child whose first try was refused (a missing contact, a file too large) and who sends again
    // is not repeating herself.
    if (text.length >= 20) {
      const seen = this.recentText.get(textKey(text));
      const filedBefore = seen && now - seen.at < 3_600_000 ? seen.n : 0;
      if (filedBefore >= 2) reasons.push('repeated_text');
    }
    if (input.urlCount > 10) reasons.push('many_links');
    const linksInText = (input.description.match(/https?:\/\//g) ?? []).length;
    if (linksInText >= 5 && input.description.replace(/https?:\/\/\S+/g, '').trim().length < 20) reasons.push('only_links');
    if (text.length < 8 && input.urlCount === 0 && input.fileCount === 0) reasons.push('no_substance');
    return { score: reasons.length, reasons };
  }

  /** A report with this description was filed (not refused): counted for the repeated-text signal. */
  filedText(description: string, now = Date.now()): void {
    const text = foldText(description);
    if (text.length < 20) return;
    const h = textKey(text);
    const seen = this.recentText.get(h);
    const n = seen && now - seen.at < 3_600_000 ? seen.n + 1 : 1;
    if (this.recentText.size > 50_000) this.recentText.clear();
    this.recentText.set(h, { n, at: now });
  }
}

const foldText = (description: string) => description.trim().toLowerCase().replace(/\s+/g, ' ');
const textKey = (text: string) => createHash('sha1').update(text).digest('base64');

const limiters = new WeakMap<object, IntakeLimiter>();
/** One limiter per app (tests build many apps in one process). */
export function limiterFor(owner: object, ipLimit: number, globalLimit: number): IntakeLimiter {
  let l = limiters.get(owner);
  if (!l) {
    l = new IntakeLimiter(ipLimit, globalLimit);
    limiters.set(owner, l);
  }
  return l;
}
