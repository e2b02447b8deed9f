/**
 * The per-address bound on review requests from the block page: a fixed window per address,
 * in memory only (the address is the bucket's key, never stored anywhere). The table is capped:
 * past `maxKeys` addresses the oldest windows are dropped, so a spray of addresses costs memory
 * once, not forever.
 */
export class ReviewFlood {
  private readonly buckets = new Map<string, { count: number; resetAt: number }>();
  constructor(
    readonly limit = 10,
    readonly windowMs = 10 * 60_000,
    private readonly maxKeys = 50_000,
  ) {}

  /** true when this address may send one more request now */
  take(address: string, now = Date.now()): boolean {
    let b = this.buckets.get(address);
    if (!b || b.resetAt <= now) {
      if (b) this.buckets.delete(address);
      if (this.buckets.size >= this.maxKeys) {
        for (const [k, v] of this.buckets) {
          if (v.resetAt <= now || this.buckets.size >= this.maxKeys) this.buckets.delete(k);
          if (this.buckets.size < this.maxKeys * 0.9) break;
        }
      }
      b = { count: 0, resetAt: now + this.windowMs };
      this.buckets.set(address, b);
    }
    if (b.count >= this.limit) return false;
    b.count++;
    return true;
  }
}
