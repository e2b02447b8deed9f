import {
  buildAnswer,
  buildQuery,
  EDE,
  type EdeInfo,
  encodeName,
  ipv4Bytes,
  ipv6Bytes,
  isFailure,
  optRecord,
  parseQuery,
  type Query,
  qname,
  questionKey,
  RCODE,
  responseFlags,
  type ScannedResponse,
  type SimpleRecord,
  scanResponse,
  syntheticSoa,
  T,
  truncatedOf,
} from '../dns/wire.js';
import { StaffBlocks } from '../live/staff-blocks.js';
import { type DomainTable, hashWireLabels, newHashes } from '../matcher.js';
import { type Band, clientSubnet, type Snapshot } from '../model.js';
import { type CacheOptions, DnsCache, questionHash, questionKeyOf, renderWire, udpLimit } from './cache.js';
import { type ClientInfo, ClientMap, RateLimiter } from './clients.js';
import { Metrics, QueryLog, type QueryLogEntry, R, type StatsDrain } from './metrics.js';
import { ACTION, CompiledPolicy, type Decision, decide, newDecision } from './policy.js';
import { Upstreams } from './upstream.js';

/** An answer fresh from upstream has no TTLs to age. */
const NO_TTLS = new Uint32Array(0);

/**
 * The resolver chain. Each link has one job and either answers or calls the next:
 *
 *   rate limit → client identification → ANY (RFC 8482) → policy (block lists, schedules,
 *   bypass canaries) → safe search → cache → upstream (in-flight de-duplication, failover,
 *   serve-stale)
 *
 * Links return an answer synchronously when they can (cache hits, blocks), a promise otherwise,
 * so the hot path never allocates a promise. Each link is a method that calls the next one by
 * name: monomorphic calls V8 can inline, where a chain of closures made one indirect call per link.
 */
export type Result = Buffer | null | Promise<Buffer | null>;

export interface Call {
  q: Query;
  ip: string;
  tcp: boolean;
  client: ClientInfo | null;
  policy: CompiledPolicy | null;
  decision: Decision | null;
  /** the clock, read once when the query arrived: the synchronous links share it */
  now: number;
  /** the engine's name hashes hold this query's name (set by the policy link): the cache key is made from them */
  hashed: boolean;
}

export interface EngineOptions {
  now?: () => number;
  cache?: CacheOptions;
  upstreamTimeoutMs?: number;
  /** overrides the snapshot's upstreams (LACHAN_DNS_UPSTREAMS) */
  upstreams?: string[];
  /** overrides the snapshot's rate limit */
  rateLimitQps?: number;
}

interface State {
  snapshot: Snapshot;
  /**
   * The last source address seen and what it maps to: consecutive queries mostly come from one
   * address (a school behind NAT, a busy client), and comparing two short strings is cheaper than
   * hashing a new one for two map look-ups. Per state, so a reload starts afresh.
   */
  lastIp: string | null;
  lastClient: ClientInfo | null;
  lastPolicy: CompiledPolicy | null;
  tables: DomainTable[];
  clients: ClientMap;
  policies: Map<string, CompiledPolicy>;
  /** the policy of each known network's (school, band), by the ClientMap's own objects: no string per query */
  byClient: Map<ClientInfo, CompiledPolicy>;
  strictest: CompiledPolicy;
  limiter: RateLimiter;
}

const BLOCK_TTL = 60;
/** the authority record of every answer made here (NXDOMAIN, NODATA): one copy, made once */
const BLOCK_SOA = syntheticSoa(BLOCK_TTL);

interface TopEntry {
  domain: string;
  /** second half of the name's hash (the map key is the first): a collision is not counted as this name */
  h2: number;
  category: string;
  count: number;
}

export class FilterEngine {
  readonly metrics = new Metrics();
  readonly cache: DnsCache;
  readonly queryLog: QueryLog;
  /** blocked look-ups of the staff band, last minutes, for the school's IT (live/staff-blocks.ts); never student bands */
  readonly staffBlocks = new StaffBlocks();
  upstreams: Upstreams;
  private state!: State;
  private readonly now: () => number;
  private readonly inflight = new Map<string, Promise<ScannedResponse | null>>();
  private readonly hashes = newHashes();
  /** the per-query decision, filled in by decide() (read synchronously by the links after it) */
  private readonly decision = newDecision();
  /** NXDOMAIN block tails (SOA + OPT with the Extended DNS Error), per category and EDNS variant */
  private readonly blockTails = new Map<string, Buffer[]>();
  private statsHour = '';
  private top = new Map<string, Map<number, TopEntry>>();

  constructor(
    snapshot: Snapshot,
    tables: DomainTable[],
    private readonly opts: EngineOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.cache = new DnsCache(opts.cache);
    this.queryLog = new QueryLog(snapshot.settings.queryLogSize, snapshot.settings.queryLogRetentionHours * 3600_000);
    this.upstreams = new Upstreams(opts.upstreams ?? snapshot.settings.upstreams, this.metrics, opts.upstreamTimeoutMs);
    this.reload(snapshot, tables);
  }

  get snapshot(): Snapshot {
    return this.state.snapshot;
  }

  get tables(): readonly DomainTable[] {
    return this.state.tables;
  }

  /** Swaps in a new snapshot: everything is compiled first, then one assignment; no query waits or is lost. */
  reload(snapshot: Snapshot, tables: DomainTable[]): void {
    const policies = new Map<string, CompiledPolicy>();
    for (const n of snapshot.networks) {
      const k = `${n.schoolId}|${n.band}`;
      if (!policies.has(k)) policies.set(k, new CompiledPolicy(snapshot, n.band, n.schoolId));
    }
    const old = this.state;
    this.state = {
      snapshot,
      lastIp: null,
      lastClient: null,
      lastPolicy: null,
      tables,
      clients: new ClientMap(snapshot.networks),
      policies,
      byClient: new Map(),
      strictest: new CompiledPolicy(snapshot, 'kindergarten', null),
      limiter: new RateLimiter(this.opts.rateLimitQps ?? snapshot.settings.rateLimitQps, this.now),
    };
    this.metrics.domains = tables.reduce((n, t) => n + t.size, 0);
    this.queryLog.resize(snapshot.settings.queryLogSize, snapshot.settings.queryLogRetentionHours * 3600_000);
    if (old) {
      this.metrics.reloads++;
      // counters of the old policies are carried into the drain
      for (const p of old.policies.values()) this.retired.push(p);
      const ups = this.opts.upstreams ?? snapshot.settings.upstreams;
      if (ups.join(',') !== this.upstreams.servers.map((s) => `${s.host}:${s.port}`).join(',')) {
        const prev = this.upstreams;
        this.upstreams = new Upstreams(ups, this.metrics, this.opts.upstreamTimeoutMs);
        setTimeout(() => prev.close(), 5000).unref();
      }
    }
  }

  private retired: CompiledPolicy[] = [];

  /** The compiled policy for a school and band (compiled on first use). */
  policy(schoolId: string | null, band: Band): CompiledPolicy {
    if (schoolId === null) return band === 'kindergarten' ? this.state.strictest : new CompiledPolicy(this.state.snapshot, band, null);
    const k = `${schoolId}|${band}`;
    let p = this.state.policies.get(k);
    if (!p) {
      p = new CompiledPolicy(this.state.snapshot, band, schoolId);
      this.state.policies.set(k, p);
    }
    return p;
  }

  identify(ip: string): ClientInfo | null {
    return this.state.clients.lookup(ip);
  }

  /** The decision for a name (CLI, console tester, block page). */
  check(name: string, schoolId: string | null, band: Band, at = this.now()): Decision {
    const q = parseQuery(buildQuery(0, name.toLowerCase().replace(/\.$/, ''), T.A));
    if (isFailure(q)) throw new Error('bad name');
    return decide(this.policy(schoolId, band), hashWireLabels(q.buf, q.labels, newHashes()), at, this.state.tables);
  }

  /**
   * Handles one DNS message; null = drop (malformed beyond an answer, or over the rate limit).
   * Never throws. `as`: the school and band named by the address the query came to (DNS-over-HTTPS
   * and DNS-over-TLS, engine/doh.ts and dot.ts: a school tablet at home has an address of no
   * school's network); without it, the source address picks them. The source address still feeds
   * the per-client rate limit either way.
   */
  handle(buf: Buffer, ip: string, tcp: boolean, as: ClientInfo | null = null): Result {
    const q = parseQuery(buf);
    if (isFailure(q)) {
      this.metrics.count(tcp, R.formerr);
      if (q.drop) return null;
      return buildAnswer({ buf, id: q.partial.id, flags: q.partial.flags, qEnd: q.partial.qEnd }, q.rcode);
    }
    if (q.edns && q.ednsVersion !== 0) {
      this.metrics.count(tcp, R.formerr);
      return buildAnswer(q, RCODE.BADVERS);
    }
    const call: Call = { q, ip, tcp, client: as, policy: null, decision: null, now: this.now(), hashed: false };
    let r: Result;
    try {
      r = this.rateLimitLink(call);
    } catch {
      this.metrics.count(tcp, R.servfail);
      return buildAnswer(q, RCODE.SERVFAIL);
    }
    if (r instanceof Promise) {
      return r.then(
        (b) => this.fit(q, b, tcp),
        () => {
          this.metrics.count(tcp, R.servfail);
          return buildAnswer(q, RCODE.SERVFAIL);
        },
      );
    }
    return this.fit(q, r, tcp);
  }

  private fit(q: Query, b: Buffer | null, tcp: boolean): Buffer | null {
    if (b && !tcp && b.length > udpLimit(q)) return truncatedOf(q, b);
    return b;
  }

  // ── links ────────────────────────────────────────────────────────────────────────────────

  private rateLimitLink(c: Call): Result {
    if (!this.state.limiter.allow(c.ip, c.now)) {
      this.metrics.count(c.tcp, R.rate_limited);
      return null;
    }
    return this.clientLink(c);
  }

  private clientLink(c: Call): Result {
    if (c.client !== null) {
      // named by the address asked (DoH/DoT): no network look-up
      c.policy = this.policy(c.client.schoolId, c.client.band);
      return this.anyLink(c);
    }
    const st = this.state;
    let client: ClientInfo | null;
    let p: CompiledPolicy | null;
    if (c.ip === st.lastIp) {
      client = st.lastClient;
      p = st.lastPolicy;
    } else {
      client = st.clients.lookup(c.ip);
      p = null;
      if (client) {
        p = st.byClient.get(client) ?? null;
        if (p === null) {
          p = this.policy(client.schoolId, client.band);
          st.byClient.set(client, p);
        }
      }
      st.lastIp = c.ip;
      st.lastClient = client;
      st.lastPolicy = p;
    }
    if (client) {
      c.client = client;
      c.policy = p;
    } else if (this.state.snapshot.settings.unknownClients === 'strictest') {
      c.policy = this.state.strictest;
    } else {
      // never an open resolver
      this.metrics.count(c.tcp, R.refused);
      return buildAnswer(c.q, RCODE.REFUSED, [], { code: EDE.PROHIBITED, text: 'unknown client network' });
    }
    return this.anyLink(c);
  }

  private anyLink(c: Call): Result {
    if (c.q.qtype !== T.ANY) return this.policyLink(c);
    // RFC 8482: a minimal answer instead of everything
    this.metrics.count(c.tcp, R.local);
    const rdata = Buffer.from([7, ...Buffer.from('RFC8482'), 0]);
    return buildAnswer(c.q, RCODE.NOERROR, [{ type: T.HINFO, ttl: 3600, rdata }]);
  }

  private policyLink(c: Call): Result {
    const p = c.policy!;
    const q = c.q;
    const h = hashWireLabels(q.buf, q.labels, this.hashes);
    c.hashed = true;
    const d = decide(p, h, c.now, this.state.tables, this.decision);
    c.decision = d;
    p.queries++;
    if (d.action === ACTION.ALLOW) {
      if (p.queryLog) this.log(c, 'allowed', null);
      return this.safeSearchLink(c);
    }
    if (d.action === ACTION.SAFE) {
      if (p.queryLog) this.log(c, 'safe_search', 'safe_search');
      return this.safeSearchLink(c);
    }
    this.metrics.block(d.category);
    p.blocks.set(d.category, (p.blocks.get(d.category) ?? 0) + 1);
    if (c.client && h.n > 0) this.topBlocked(c.client.schoolId, q, h.h1[0]!, h.h2[0]!, d.category);
    if (d.action === ACTION.CANARY) {
      this.metrics.count(c.tcp, R.canary);
      if (p.queryLog) this.log(c, 'canary', d.category);
      return buildAnswer(q, RCODE.NXDOMAIN, [], null, BLOCK_SOA);
    }
    this.metrics.count(c.tcp, R.blocked);
    if (p.queryLog) this.log(c, 'blocked', d.category);
    if (p.band === 'staff' && c.client)
      this.staffBlocks.add(c.client.schoolId, { at: c.now, name: qname(q), qtype: q.qtype, category: d.category, mandatory: d.mandatory });
    return this.blockAnswer(q, p, d);
  }

  /** NXDOMAIN, or the block page's address, with an Extended DNS Error naming the category. */
  blockAnswer(q: Query, p: CompiledPolicy, d: Decision): Buffer {
    const s = this.state.snapshot.settings;
    if (p.blockResponse === 'blockpage' && s.blockpageIpv4) {
      const ede: EdeInfo = { code: d.mandatory ? EDE.BLOCKED : EDE.FILTERED, text: `lachan: ${d.category}` };
      const records: SimpleRecord[] = [];
      if (q.qtype === T.A) records.push({ type: T.A, ttl: BLOCK_TTL, rdata: ipv4Bytes(s.blockpageIpv4) });
      else if (q.qtype === T.AAAA && s.blockpageIpv6) records.push({ type: T.AAAA, ttl: BLOCK_TTL, rdata: ipv6Bytes(s.blockpageIpv6) });
      return buildAnswer(q, RCODE.NOERROR, records, ede, records.length ? null : BLOCK_SOA);
    }
    return this.nxdomainBlock(q, d);
  }

  /**
   * NXDOMAIN for a blocked name: header, the question as asked, then a tail made once per category
   * and EDNS variant (the SOA, and for EDNS clients our OPT with the Extended DNS Error). The same
   * bytes buildAnswer makes, without building the OPT and SOA for every blocked query.
   */
  private nxdomainBlock(q: Query, d: Decision): Buffer {
    let tails = this.blockTails.get(d.category);
    if (tails === undefined) {
      tails = [];
      this.blockTails.set(d.category, tails);
    }
    const variant = (q.edns ? (q.dnssecOk ? 4 : 2) : 0) + (d.mandatory ? 1 : 0);
    let tail = tails[variant];
    if (tail === undefined) {
      const ede: EdeInfo = { code: d.mandatory ? EDE.BLOCKED : EDE.FILTERED, text: `lachan: ${d.category}` };
      tail = q.edns ? Buffer.concat([BLOCK_SOA, optRecord(q.dnssecOk, ede, RCODE.NXDOMAIN >> 4)]) : BLOCK_SOA;
      tails[variant] = tail;
    }
    const qEnd = q.qEnd;
    const out = Buffer.allocUnsafe(qEnd + tail.length);
    const flags = responseFlags(q.flags, RCODE.NXDOMAIN);
    out[0] = q.id >>> 8;
    out[1] = q.id & 0xff;
    out[2] = flags >>> 8;
    out[3] = flags & 0xff;
    out[4] = 0;
    out[5] = qEnd > 12 ? 1 : 0; // one question
    out[6] = 0;
    out[7] = 0; // no answers
    out[8] = 0;
    out[9] = 1; // the SOA
    out[10] = 0;
    out[11] = q.edns ? 1 : 0; // our OPT
    const qb = q.buf;
    for (let i = 12; i < qEnd; i++) out[i] = qb[i]!;
    out.set(tail, qEnd);
    return out;
  }

  private safeSearchLink(c: Call): Result {
    const d = c.decision;
    if (!d || d.action !== ACTION.SAFE || !d.target) return this.cacheLink(c);
    this.metrics.count(c.tcp, R.safe_search);
    return this.safeAnswer(c, d.target);
  }

  private async safeAnswer(c: Call, target: string): Promise<Buffer | null> {
    const q = c.q;
    const cname: SimpleRecord = { type: T.CNAME, ttl: 300, rdata: encodeName(target) };
    if (q.qtype !== T.A && q.qtype !== T.AAAA) return buildAnswer(q, RCODE.NOERROR, [cname]);
    const sub = parseQuery(buildQuery(q.id, target, q.qtype));
    if (isFailure(sub)) return buildAnswer(q, RCODE.SERVFAIL);
    const r = await this.cacheLink({ ...c, q: sub, decision: null, hashed: false });
    if (!r) return buildAnswer(q, RCODE.SERVFAIL);
    // dns-packet is loaded on first use: the DNS process does not pay for it unless safe search answers
    const dnsPacket = (await import('dns-packet')).default;
    const decoded = dnsPacket.decode(r);
    // the CNAME, then the safe host's records (owner names written out in full)
    const parts: Buffer[] = [];
    let count = 1;
    let ttl = 300;
    for (const ans of decoded.answers ?? []) {
      const a = ans as { type: string; name: string; data: unknown; ttl?: number };
      let rdata: Buffer | null = null;
      if (a.type === 'A') rdata = ipv4Bytes(a.data as string);
      else if (a.type === 'AAAA') rdata = ipv6Bytes(a.data as string);
      else if (a.type === 'CNAME') rdata = encodeName(a.data as string);
      if (!rdata) continue;
      const owner = encodeName(a.name);
      const rr = Buffer.alloc(owner.length + 10 + rdata.length);
      owner.copy(rr, 0);
      const typ = a.type === 'A' ? T.A : a.type === 'AAAA' ? T.AAAA : T.CNAME;
      rr.writeUInt16BE(typ, owner.length);
      rr.writeUInt16BE(1, owner.length + 2);
      rr.writeUInt32BE(a.ttl ?? 300, owner.length + 4);
      rr.writeUInt16BE(rdata.length, owner.length + 8);
      rdata.copy(rr, owner.length + 10);
      parts.push(rr);
      ttl = Math.min(ttl, a.ttl ?? 300);
      count++;
    }
    cname.ttl = ttl;
    const head = buildAnswer(q, r[3]! & 0x0f, [cname]);
    // splice the extra answer records in after the CNAME (before any OPT)
    const optLen = q.edns ? head.length - (12 + (q.qEnd - 12) + 12 + cname.rdata.length) : 0;
    const body = head.subarray(0, head.length - optLen);
    const out = Buffer.concat([body, ...parts, head.subarray(head.length - optLen)]);
    out.writeUInt16BE(count, 6);
    return out;
  }

  private cacheLink(c: Call): Result {
    const q = c.q;
    const key = c.hashed ? questionKeyOf(this.hashes, q) : questionHash(q);
    const hit = this.cache.get(q, c.now, key);
    if (hit) {
      this.metrics.cacheHits++;
      this.metrics.count(c.tcp, R.cached);
      return hit;
    }
    this.metrics.cacheMisses++;
    return this.upstreamLink(c);
  }

  private async upstreamLink(c: Call): Promise<Buffer | null> {
    // the in-flight map is keyed by the question as a string: only on a cache miss
    const key = questionKey(c.q);
    let pending = this.inflight.get(key);
    if (!pending) {
      // identical questions in flight go upstream once
      pending = this.upstreams.resolve(c.q).then(
        (raw) => scanResponse(raw),
        () => null,
      );
      this.inflight.set(key, pending);
      void pending.finally(() => this.inflight.delete(key));
      void pending.then((s) => {
        if (s) this.cache.set(c.q, s, this.now());
      });
    }
    const s = await pending;
    if (!s) {
      const stale = this.cache.getStale(c.q, this.now());
      if (stale) {
        this.metrics.count(c.tcp, R.stale);
        return stale;
      }
      this.metrics.count(c.tcp, R.servfail);
      return buildAnswer(c.q, RCODE.SERVFAIL, [], { code: EDE.NETWORK_ERROR, text: 'no upstream answered' });
    }
    this.metrics.count(c.tcp, R.forwarded);
    // fresh from upstream: nothing to age (the TTLs stay as they came)
    return renderWire(s.stripped, NO_TTLS, c.q, 0, false);
  }

  // ── monitoring ───────────────────────────────────────────────────────────────────────────

  private log(c: Call, action: QueryLogEntry['action'], category: string | null): void {
    this.queryLog.add({
      at: new Date(this.now()).toISOString(),
      subnet: clientSubnet(c.ip),
      schoolId: c.client?.schoolId ?? null,
      band: c.policy?.band ?? null,
      name: qname(c.q),
      qtype: c.q.qtype,
      action,
      category,
    });
  }

  /** Counts a blocked name for its school's top list, keyed by the name's hash (the name is spelt out once). */
  private topBlocked(schoolId: string, q: Query, h1: number, h2: number, category: string): void {
    let m = this.top.get(schoolId);
    if (!m) {
      m = new Map();
      this.top.set(schoolId, m);
    }
    const e = m.get(h1);
    if (e) {
      if (e.h2 === h2) e.count++;
    } else if (m.size < 1000) m.set(h1, { domain: qname(q), h2, category, count: 1 });
  }

  /** Counters since the last drain, attributed to the hour the period started in. */
  drainStats(): StatsDrain {
    const hour = this.statsHour || `${new Date(this.now()).toISOString().slice(0, 13)}:00:00.000Z`;
    this.statsHour = `${new Date(this.now()).toISOString().slice(0, 13)}:00:00.000Z`;
    const counters: StatsDrain['counters'] = [];
    const acc = new Map<string, { schoolId: string; band: Band; category: string; count: number }>();
    const add = (schoolId: string, band: Band, category: string, n: number) => {
      const k = `${schoolId}|${band}|${category}`;
      const e = acc.get(k);
      if (e) e.count += n;
      else acc.set(k, { schoolId, band, category, count: n });
    };
    for (const p of [...this.retired, ...this.state.policies.values()]) {
      if (!p.schoolId) continue;
      if (p.queries) add(p.schoolId, p.band, 'all', p.queries);
      for (const [cat, n] of p.blocks) add(p.schoolId, p.band, cat, n);
      p.queries = 0;
      p.blocks.clear();
    }
    this.retired = [];
    counters.push(...acc.values());
    const top: StatsDrain['top'] = [];
    for (const [schoolId, m] of this.top) for (const e of m.values()) top.push({ schoolId, domain: e.domain, category: e.category, count: e.count });
    this.top = new Map();
    return { hour, counters, top };
  }

  close(): void {
    this.upstreams.close();
  }
}
