import { createHash } from 'node:crypto';
import type { Deps } from '../context.js';
import { type BucketRule, type RateCounters, rateCountersFor } from '../http/rate-counters.js';

/**
 * Flood control for report intake. Token buckets: a client IP may send a burst of `perIp` reports
 * (a school's class reporting together behind one address), refilled over ten minutes; all
 * anonymous clients together get `global` per minute, so a distributed flood is stopped too.
 * Partner tokens have their own, larger bucket per token. The buckets are the platform's rate
 * counters (http/rate-counters.ts): in PostgreSQL, shared by every web instance; in memory on
 * SQLite (one process).
 */
export class IntakeLimiter {
  readonly perIp: BucketRule;
  readonly global: BucketRule;
  readonly perToken: BucketRule;
  /** Status look-ups: tracking code + PIN guesses. */
  readonly statusPerIp: BucketRule = { capacity: 20, refillMs: 10 * 60_000 };
  /**
   * Decode cost per address (megapixel units, see src/evidence/prepare.ts evidenceCost): what the files of
   * anonymous reports from one address may make the server decode in ten minutes. 20 units a
   * report for the whole report allowance (a class each sending a phone photo gets through); a
   * flood of large images stops long before the reports themselves would.
   */
  readonly decodePerIp: BucketRule;
  /** Per process: a hint for the officer (spam signals), not a limit — an instance sees its own share. */
  private readonly recentText = new Map<string, { n: number; at: number }>();

  constructor(
    private readonly counters: RateCounters,
    readonly ipLimit: number,
    readonly globalLimit: number,
  ) {
    this.perIp = { capacity: ipLimit, refillMs: 10 * 60_000 };
    this.global = { capacity: globalLimit, refillMs: 60_000 };
    this.perToken = { capacity: Math.max(globalLimit * 10, 1000), refillMs: 60_000 };
    this.decodePerIp = { capacity: Math.max(1200, ipLimit * 20), refillMs: 10 * 60_000 };
  }

  /** The decode cost of one anonymous report's files, charged before anything is decoded. */
  async allowDecode(ipKey: string, cost: number, now = Date.now()): Promise<boolean> {
    return cost <= 0 || this.counters.take('intake.decode', ipKey, this.decodePerIp, cost, now);
  }

  /** Anonymous submission: both the client's and the global bucket must have room (the client's first). */
  async allowAnonymous(ipKey: string, now = Date.now()): Promise<boolean> {
    if (!(await this.counters.take('intake.ip', ipKey, this.perIp, 1, now))) return false;
    return this.counters.take('intake.all', 'all', this.global, 1, now);
  }

  async allowToken(tokenId: string, now = Date.now()): Promise<boolean> {
    return this.counters.take('intake.token', tokenId, this.perToken, 1, now);
  }

  async allowStatus(ipKey: string, now = Date.now()): Promise<boolean> {
    return this.counters.take('intake.status', ipKey, this.statusPerIp, 1, now);
  }

  /**
   * Spam heuristic: a score and reasons, shown to the officer; the report is always kept.
   * Signals: many reports from one address, the same text again and again, a wall of links,
   * nothing to act on.
   */
  async spamSignals(
    input: { ipKey: string | null; description: string; urlCount: number; fileCount: number },
    now = Date.now(),
  ): Promise<{ score: number; reasons: string[] }> {
    const reasons: string[] = [];
    if (input.ipKey && (await this.counters.used('intake.ip', input.ipKey, this.perIp, now)) > Math.max(10, this.ipLimit * 0.5))
      reasons.push('burst_from_address');
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
export function limiterFor(deps: Pick<Deps, 'db' | 'sealer'>, ipLimit: number, globalLimit: number): IntakeLimiter {
  let l = limiters.get(deps);
  if (!l) {
    l = new IntakeLimiter(rateCountersFor(deps), ipLimit, globalLimit);
    limiters.set(deps, l);
  }
  return l;
}
