import type { RuleSink } from '../lists/parse.js';
import { hashDotted, TAG_EXCEPTION, TAG_SUBDOMAINS_ONLY, type TableBuilder } from '../matcher.js';

/**
 * The guard list in memory: answers "does this list line hit a guarded name?" for one name (the
 * console, imports, explanations) and for a whole list while it is compiled, on bytes, without a
 * string per line (`filter`). A line hits guard `g` when its name is `g`, a subdomain of `g`
 * (`chat.zalo.me` hits `zalo.me`: a subdomain of a shared platform is the platform's), or a parent
 * of `g` (`me` or `*.me` would block zalo.me). Exception lines (`@@`) only unblock: never refused.
 * No database here: the standalone filter's module graph may load it.
 */
export interface GuardInfo {
  domain: string;
  group: string;
  reasonVi: string;
  reasonEn: string;
  /** each subdomain is a different owner's site (xyz.blogspot.com): only the name and its parents are guarded */
  tenants?: boolean;
}

export interface GuardHit {
  guard: GuardInfo;
  relation: 'self' | 'subdomain' | 'parent';
}

const SEED1 = 0x811c9dc5;
const SEED2 = 0x9747b28c;
const DOT = 0x2e;

// 53 bits of the 64-bit name hash (matcher.ts's hashes) as one exact JS number: a Set<number> key
const key = (h1: number, h2: number) => (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);

/**
 * Calls `each` with the hash of every suffix of the dotted name in bytes [s, e), shortest first
 * (the top-level label first, the whole name last). Same hash as matcher.ts's hashDotted and
 * hashWireLabels (guard-set.test.ts checks it), so a guard can be compared with list lines.
 */
function eachSuffixKey(buf: Uint8Array, s: number, e: number, each: (k: number) => boolean): boolean {
  let a = SEED1;
  let b = SEED2;
  let end = e;
  for (let p = e - 1; p >= s - 1; p--) {
    if (p === s - 1 || buf[p] === DOT) {
      for (let q = p + 1; q < end; q++) {
        let c = buf[q]!;
        if (c >= 65 && c <= 90) c |= 0x20;
        a = Math.imul(a ^ c, 0x01000193);
        b = Math.imul(b ^ c, 0x5bd1e995);
        b ^= b >>> 15;
      }
      a = Math.imul(a ^ DOT, 0x01000193);
      b = Math.imul(b ^ DOT, 0x5bd1e995);
      b ^= b >>> 15;
      end = p;
      if (each(key(a ^ (a >>> 13), b))) return true;
    }
  }
  return false;
}

/** The 53-bit key of a whole dotted name (for tests and for building the sets). */
export function nameKey53(name: string): number {
  const buf = Buffer.from(name, 'latin1');
  let last = 0;
  eachSuffixKey(buf, 0, buf.length, (k) => {
    last = k;
    return false;
  });
  return last;
}

/** h1 of a whole dotted name (the matcher's first hash). */
function h1Of(name: string): number {
  return Math.floor(nameKey53(name) / 0x200000) | 0;
}

export class GuardSet {
  private readonly byName = new Map<string, GuardInfo>();
  private readonly parentOf = new Map<string, GuardInfo>();
  /** names guarded with their subdomains */
  private readonly keys = new Set<number>();
  /** tenant platforms: the name itself only */
  private readonly selfKeys = new Set<number>();
  /** 30 bits of h1 of every key above: a cheap first test */
  private readonly pre = new Set<number>();
  private readonly parentKeys = new Set<number>();

  constructor(entries: readonly GuardInfo[]) {
    for (const g of entries) {
      this.byName.set(g.domain, g);
      (g.tenants ? this.selfKeys : this.keys).add(nameKey53(g.domain));
      this.pre.add(h1Of(g.domain) & 0x3fffffff);
      const labels = g.domain.split('.');
      for (let i = 1; i < labels.length; i++) {
        const parent = labels.slice(i).join('.');
        if (!this.parentOf.has(parent)) this.parentOf.set(parent, g);
        this.parentKeys.add(nameKey53(parent));
        this.pre.add(h1Of(parent) & 0x3fffffff);
      }
    }
  }

  get size(): number {
    return this.byName.size;
  }

  entries(): GuardInfo[] {
    return [...this.byName.values()];
  }

  /** The entry for exactly this name, or undefined. */
  entry(name: string): GuardInfo | undefined {
    return this.byName.get(name);
  }

  /** The guard a name (lower-case, no trailing dot; `*.` allowed) hits, or null. */
  match(rawName: string): GuardHit | null {
    const name = rawName.startsWith('*.') ? rawName.slice(2) : rawName;
    const labels = name.split('.');
    for (let i = 0; i < labels.length; i++) {
      const g = this.byName.get(labels.slice(i).join('.'));
      if (g && (i === 0 || !g.tenants)) return { guard: g, relation: i === 0 ? 'self' : 'subdomain' };
    }
    const p = this.parentOf.get(name);
    return p ? { guard: p, relation: 'parent' } : null;
  }

  /** Does the rule over bytes [s, e) hit the guard? (no string made) */
  hitsBytes(buf: Uint8Array, s: number, e: number, flags: number): boolean {
    return this.scan(buf, s, e, flags);
  }

  /** the whole name's hashes of the last `scan` (the matcher's h1, h2) */
  private lastH1 = 0;
  private lastH2 = 0;

  /**
   * Hashes the rule over bytes [s, e) once — every suffix, as the matcher does — and says whether
   * it hits the guard; leaves the whole name's hashes in lastH1/lastH2 so the compiler adds the
   * rule without hashing it again. Inlined (no closure), and a set of small integers (30 bits of
   * h1) rules most suffixes out before the exact 53-bit key is made.
   */
  private scan(buf: Uint8Array, s: number, e: number, flags: number): boolean {
    const check = !(flags & TAG_EXCEPTION) && this.byName.size > 0;
    const pre = this.pre;
    let a = SEED1;
    let b = SEED2;
    let end = e;
    let h1 = 0;
    let hit = false;
    for (let p = e - 1; p >= s - 1; p--) {
      if (p === s - 1 || buf[p] === DOT) {
        for (let q = p + 1; q < end; q++) {
          let c = buf[q]!;
          if (c >= 65 && c <= 90) c |= 0x20;
          a = Math.imul(a ^ c, 0x01000193);
          b = Math.imul(b ^ c, 0x5bd1e995);
          b ^= b >>> 15;
        }
        a = Math.imul(a ^ DOT, 0x01000193);
        b = Math.imul(b ^ DOT, 0x5bd1e995);
        b ^= b >>> 15;
        end = p;
        h1 = a ^ (a >>> 13);
        if (check && !hit && pre.has(h1 & 0x3fffffff) && this.keys.has(key(h1, b))) hit = true;
      }
    }
    this.lastH1 = h1;
    this.lastH2 = b;
    if (hit || !check || !pre.has(h1 & 0x3fffffff)) return hit;
    // a tenant platform's own name, or `*.platform` (every tenant at once), or a parent of a guard
    const whole = key(h1, b);
    return this.selfKeys.has(whole) || this.parentKeys.has(whole);
  }

  /**
   * The compiler's sink: adds every rule that does not hit the guard to `builder` under
   * `category`, hashing each line once (the guard's check and the table share the hash).
   */
  tableSink(builder: TableBuilder, category: number): RuleSink & { refused: number } {
    const self = this;
    const out = new Int32Array(2);
    const sink = {
      refused: 0,
      rule(buf: Uint8Array, s: number, e: number, flags: number) {
        if (self.scan(buf, s, e, flags)) sink.refused++;
        else builder.add(self.lastH1, self.lastH2, (category & 0x3f) | flags);
      },
      ruleName(name: string, flags: number) {
        if (!(flags & TAG_EXCEPTION) && self.match(name)) {
          sink.refused++;
          return;
        }
        const b = Buffer.from(name, 'latin1');
        hashDotted(b, 0, b.length, out);
        builder.add(out[0]!, out[1]!, (category & 0x3f) | flags);
      },
    };
    return sink;
  }

  /** A sink that drops the rules hitting the guard (each reported once to `onHit`) and passes the rest on. */
  filter(inner: RuleSink, onHit?: (name: string, hit: GuardHit) => void): RuleSink & { refused: number } {
    const self = this;
    const sink = {
      refused: 0,
      rule(buf: Uint8Array, s: number, e: number, flags: number) {
        if (self.hitsBytes(buf, s, e, flags)) {
          sink.refused++;
          if (onHit) {
            const name = Buffer.from(buf.subarray(s, e)).toString('latin1').toLowerCase();
            const hit = self.match(name);
            if (hit) onHit((flags & TAG_SUBDOMAINS_ONLY ? '*.' : '') + name, hit);
          }
          return;
        }
        inner.rule(buf, s, e, flags);
      },
      ruleName(name: string, flags: number) {
        const hit = flags & TAG_EXCEPTION ? null : self.match(name);
        if (hit) {
          sink.refused++;
          onHit?.((flags & TAG_SUBDOMAINS_ONLY ? '*.' : '') + name, hit);
          return;
        }
        if (inner.ruleName) inner.ruleName(name, flags);
        else {
          const b = Buffer.from(name, 'latin1');
          inner.rule(b, 0, b.length, flags);
        }
      },
    };
    return sink;
  }
}

/** Lists the guard does not apply to: the project's own curated category lists (seed/blocklists/lachan — e.g.
 * "social networks" for primary bands names facebook.com on purpose; a band policy decides), and allow lists. */
export function guardAppliesTo(list: { code: string | null; source_type: string }, categoryKind: string): boolean {
  if (categoryKind !== 'block') return false;
  return !(list.source_type === 'bundled' && list.code?.startsWith('lachan-'));
}
