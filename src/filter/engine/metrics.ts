import type { Band } from '../model.js';

/**
 * Counters kept as plain numbers on the hot path, written out in Prometheus text format on demand
 * (no metrics library in the DNS process).
 */
export const RESULTS = ['forwarded', 'cached', 'blocked', 'safe_search', 'canary', 'refused', 'rate_limited', 'formerr', 'servfail', 'stale', 'local'] as const;
export type ResultName = (typeof RESULTS)[number];
export const R = Object.fromEntries(RESULTS.map((r, i) => [r, i])) as Record<ResultName, number>;

const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export class Metrics {
  readonly udp = new Float64Array(RESULTS.length);
  readonly tcp = new Float64Array(RESULTS.length);
  readonly blocks = new Map<string, number>();
  readonly upstreamBuckets = new Float64Array(BUCKETS.length + 1);
  upstreamSum = 0;
  upstreamCount = 0;
  upstreamErrors = 0;
  upstreamMismatches = 0;
  cacheHits = 0;
  cacheMisses = 0;
  domains = 0;
  reloads = 0;

  count(tcp: boolean, r: number): void {
    (tcp ? this.tcp : this.udp)[r]!++;
  }

  block(category: string): void {
    this.blocks.set(category, (this.blocks.get(category) ?? 0) + 1);
  }

  observeUpstream(seconds: number): void {
    let i = 0;
    while (i < BUCKETS.length && seconds > BUCKETS[i]!) i++;
    this.upstreamBuckets[i]!++;
    this.upstreamSum += seconds;
    this.upstreamCount++;
  }

  total(): number {
    let n = 0;
    for (let i = 0; i < RESULTS.length; i++) n += this.udp[i]! + this.tcp[i]!;
    return n;
  }

  /** Prometheus text exposition (version 0.0.4). */
  render(extra: Record<string, number> = {}): string {
    const out: string[] = [];
    out.push('# HELP lachan_dns_queries_total DNS queries by transport and result', '# TYPE lachan_dns_queries_total counter');
    for (const [t, arr] of [
      ['udp', this.udp],
      ['tcp', this.tcp],
    ] as const) {
      RESULTS.forEach((r, i) => {
        out.push(`lachan_dns_queries_total{transport="${t}",result="${r}"} ${arr[i]}`);
      });
    }
    out.push('# HELP lachan_dns_blocks_total Blocked look-ups by category', '# TYPE lachan_dns_blocks_total counter');
    for (const [c, n] of this.blocks) out.push(`lachan_dns_blocks_total{category="${c}"} ${n}`);
    out.push(
      '# HELP lachan_dns_cache_hits_total Answers served from the cache',
      '# TYPE lachan_dns_cache_hits_total counter',
      `lachan_dns_cache_hits_total ${this.cacheHits}`,
    );
    out.push(
      '# HELP lachan_dns_cache_misses_total Cache look-ups that missed',
      '# TYPE lachan_dns_cache_misses_total counter',
      `lachan_dns_cache_misses_total ${this.cacheMisses}`,
    );
    const lookups = this.cacheHits + this.cacheMisses;
    out.push(
      '# HELP lachan_dns_cache_hit_ratio Share of cache look-ups that hit',
      '# TYPE lachan_dns_cache_hit_ratio gauge',
      `lachan_dns_cache_hit_ratio ${lookups ? (this.cacheHits / lookups).toFixed(4) : 0}`,
    );
    out.push('# HELP lachan_dns_upstream_duration_seconds Upstream round trips', '# TYPE lachan_dns_upstream_duration_seconds histogram');
    let cum = 0;
    BUCKETS.forEach((b, i) => {
      cum += this.upstreamBuckets[i]!;
      out.push(`lachan_dns_upstream_duration_seconds_bucket{le="${b}"} ${cum}`);
    });
    cum += this.upstreamBuckets[BUCKETS.length]!;
    out.push(
      `lachan_dns_upstream_duration_seconds_bucket{le="+Inf"} ${cum}`,
      `lachan_dns_upstream_duration_seconds_sum ${this.upstreamSum}`,
      `lachan_dns_upstream_duration_seconds_count ${this.upstreamCount}`,
    );
    out.push('# TYPE lachan_dns_upstream_errors_total counter', `lachan_dns_upstream_errors_total ${this.upstreamErrors}`);
    out.push(
      '# HELP lachan_dns_upstream_mismatches_total Upstream answers dropped: wrong source, ID or question',
      '# TYPE lachan_dns_upstream_mismatches_total counter',
      `lachan_dns_upstream_mismatches_total ${this.upstreamMismatches}`,
    );
    out.push('# TYPE lachan_dns_domains_loaded gauge', `lachan_dns_domains_loaded ${this.domains}`);
    out.push('# TYPE lachan_dns_reloads_total counter', `lachan_dns_reloads_total ${this.reloads}`);
    for (const [k, v] of Object.entries(extra)) out.push(`# TYPE ${k} gauge`, `${k} ${v}`);
    return `${out.join('\n')}\n`;
  }
}

export interface QueryLogEntry {
  at: string;
  /** never more than the client's /24 (IPv4) or /48 (IPv6) */
  subnet: string;
  schoolId: string | null;
  band: Band | null;
  name: string;
  qtype: number;
  action: 'allowed' | 'blocked' | 'safe_search' | 'canary';
  category: string | null;
}

/** A bounded ring buffer of recent look-ups, for troubleshooting; entries older than retention are dropped. */
export class QueryLog {
  private ring: (QueryLogEntry | undefined)[];
  private next = 0;
  constructor(
    private size: number,
    private retentionMs: number,
  ) {
    this.ring = new Array(Math.max(0, size));
  }

  resize(size: number, retentionMs: number): void {
    if (size !== this.size) {
      const kept = this.list(Date.now()).slice(0, size).reverse();
      this.size = size;
      this.ring = new Array(Math.max(0, size));
      this.next = 0;
      for (const e of kept) this.add(e);
    }
    this.retentionMs = retentionMs;
  }

  add(e: QueryLogEntry): void {
    if (this.size <= 0) return;
    this.ring[this.next] = e;
    this.next = (this.next + 1) % this.size;
  }

  /** Newest first, within retention. */
  list(now: number): QueryLogEntry[] {
    const out: QueryLogEntry[] = [];
    const cutoff = now - this.retentionMs;
    for (let i = 1; i <= this.size; i++) {
      const e = this.ring[(this.next - i + this.size) % this.size];
      if (!e) break;
      if (Date.parse(e.at) < cutoff) break;
      out.push(e);
    }
    return out;
  }
}

/** Aggregates for the console: per school × band × category per hour, and top blocked domains. */
export interface StatsDrain {
  hour: string;
  counters: Array<{ schoolId: string; band: Band; category: string; count: number }>;
  top: Array<{ schoolId: string; domain: string; category: string; count: number }>;
}
