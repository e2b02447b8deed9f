import { gzipSync } from 'node:zlib';
import type { Deps } from '../../../context.js';
import type { DomainTable } from '../../matcher.js';
import type { Snapshot } from '../../model.js';
import type { NodeIdentity } from '../nodes/authenticate-node.js';
import { encodeBody, type PolicyBody, sealEnvelope, type TableChange } from '../protocol.js';
import { type PolicyChange, policyChangeBetween, touchesNode } from './policy-change.js';
import { type CityPolicy, cityPolicyAt, fleetTables, latestVersion, type VersionRow, versionsBetween } from './policy-versions.js';
import { fleetSign } from './signing-key.js';
import { composeDiffs, emptyEntries } from './table-diff.js';

/** A node further behind than this many versions gets a full snapshot rather than a chain of diffs. */
const MAX_DELTA_SPAN = 200;

/**
 * What one node may hold: the city's categories, band policies and settings, and of the schools
 * only its own — their additions, networks and names. No other school's networks (a node in one
 * district never learns another's address plan) and no personal data (the snapshot has none).
 */
export function composeNodePolicy(city: CityPolicy, schoolIds: readonly string[], version: number): Snapshot {
  const mine = new Set(schoolIds);
  return {
    ...city,
    version: `fleet-${version}`,
    generatedAt: '',
    schools: city.schools.filter((s) => mine.has(s.id)),
    additions: city.additions.filter((a) => mine.has(a.schoolId)),
    networks: city.networks.filter((n) => mine.has(n.schoolId)),
    domainsFile: null,
  };
}

/** A small least-recently-used map. */
class Lru<K, V> {
  private readonly m = new Map<K, V>();
  constructor(private max: number) {}
  /** Grows the bound (never shrinks it): the per-school cache follows the number of schools. */
  atLeast(max: number): void {
    if (max > this.max) this.max = max;
  }
  get(k: K): V | undefined {
    const v = this.m.get(k);
    if (v !== undefined) {
      this.m.delete(k);
      this.m.set(k, v);
    }
    return v;
  }
  delete(k: K): void {
    this.m.delete(k);
  }
  set(k: K, v: V): void {
    this.m.delete(k);
    this.m.set(k, v);
    while (this.m.size > this.max) this.m.delete(this.m.keys().next().value as K);
  }
}

type Signed = { version: number; bytes: Buffer };

/** Per-school delta envelopes kept at least: more than the distinct school sets a city's nodes serve. */
const MIN_PER_SCHOOL = 1024;

/**
 * One central instance's view of the policy versions, for its streams and long polls: the latest
 * version (re-read when the change bus says so), the revoked nodes (heard on the change bus), and
 * the signed envelopes it built. A delta whose content is the same for every node (a change of the
 * domain table, or of a school the node does not serve) is built and signed once per (from, to)
 * and shared by every stream; only the nodes of schools whose policy changed get an envelope of
 * their own, one per school set. Simultaneous requests for the same envelope share one build (the
 * cache holds the promise).
 */
export class PolicyDelivery {
  private latest = 0;
  private readonly revoked = new Set<string>();
  private readonly listeners = new Set<(version: number) => void>();
  /** deltas the same for every node, by (since, to) */
  private readonly shared = new Lru<string, Promise<Signed | null>>(64);
  /** deltas of one school set, by (since, to, schools): sized by the city's schools */
  private readonly perSchools = new Lru<string, Promise<Signed | null>>(MIN_PER_SCHOOL);
  /** full snapshots (several MB each with a large list): few */
  private readonly fulls = new Lru<string, Promise<Signed | null>>(16);
  private readonly plans = new Lru<string, Promise<{ table: TableChange | 'full'; policy: PolicyChange } | null>>(64);
  private readonly tableChanges = new Lru<string, TableChange | 'full'>(64);
  private readonly tableGz = new Lru<string, { gz: Buffer; bytes: number }>(2);
  private readonly latestRows = new Lru<number, Promise<VersionRow[]>>(4);
  private readonly cityPolicies = new Lru<number, Promise<{ since: number; policy: CityPolicy } | null>>(16);
  /** the read of the latest version in flight, and the one queued behind it (single flight) */
  private reading: Promise<number> | null = null;
  private queued: Promise<number> | null = null;
  private readonly revokedListeners = new Set<(nodeId: string) => void>();

  constructor(private readonly deps: Pick<Deps, 'db' | 'sealer' | 'config' | 'clock'>) {}

  get version(): number {
    return this.latest;
  }

  isRevoked(nodeId: string): boolean {
    return this.revoked.has(nodeId);
  }

  /**
   * A node was revoked (heard on the change bus, or found by `readRevoked`): its open streams are
   * told (`onRevoked`) and end, its long polls answer 403.
   */
  revoke(nodeId: string): void {
    if (this.revoked.has(nodeId)) return;
    this.revoked.add(nodeId);
    for (const fn of [...this.revokedListeners]) fn(nodeId);
  }

  onRevoked(fn: (nodeId: string) => void): () => void {
    this.revokedListeners.add(fn);
    return () => this.revokedListeners.delete(fn);
  }

  /**
   * Reads every revoked node: at start, after the change bus reconnected (an announcement may have
   * been missed) and now and then (a revocation written behind the instances' backs). Never per
   * request: a subscribe storm of 30,000 nodes would read the whole list 30,000 times.
   */
  async readRevoked(): Promise<void> {
    const rows = await this.deps.db.kysely.selectFrom('filter_fleet_nodes').select('id').where('revoked_at', 'is not', null).execute();
    for (const r of rows) this.revoke(r.id);
  }

  /**
   * Re-reads the latest version and wakes every stream when it is newer. Single flight: a caller
   * arriving while a read is in flight waits for the next read (one, shared by everyone arriving
   * meanwhile), which began after it asked, so it sees every version recorded before it asked, and
   * never waits on a loop that a storm of callers keeps going.
   */
  refresh(): Promise<number> {
    if (!this.reading) {
      const p = this.readLatest().finally(() => {
        if (this.reading === p) this.reading = null;
      });
      this.reading = p;
      return p;
    }
    this.queued ??= this.reading
      .then(
        () => undefined,
        () => undefined,
      )
      .then(() => {
        this.queued = null;
        // a read begun since (after these callers asked) serves them as well
        return this.reading ?? this.refresh();
      });
    return this.queued;
  }

  private async readLatest(): Promise<number> {
    const v = await latestVersion(this.deps.db.kysely);
    if (v > this.latest) {
      this.latest = v;
      for (const fn of [...this.listeners]) fn(v);
    }
    return this.latest;
  }

  onVersion(fn: (version: number) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Resolves when a version newer than `since` exists, or after `ms` (false); `signal` ends the wait early. */
  waitNewer(since: number, ms: number, signal: AbortSignal): Promise<boolean> {
    if (this.latest > since) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => {
        clearTimeout(timer);
        off();
        signal.removeEventListener('abort', abort);
        resolve(ok);
      };
      const abort = () => done(false);
      const timer = setTimeout(() => done(false), ms);
      const off = this.onVersion((v) => {
        if (v > since) done(true);
      });
      signal.addEventListener('abort', abort);
    });
  }

  /**
   * The signed envelope that brings a node from `since` to the latest version, or null when it has
   * it already. A delta when the node is a known, recent version; a full snapshot otherwise.
   */
  async envelopeFor(node: NodeIdentity, since: number): Promise<Signed | null> {
    const latest = this.latest;
    if (latest === 0 || since >= latest) return null;
    const schoolsKey = [...node.schoolIds].sort().join(',');
    const plan = since > 0 && latest - since <= MAX_DELTA_SPAN ? await this.deltaPlan(since, latest) : null;
    if (!plan || plan.table === 'full') return this.once(this.fulls, `${latest}:${schoolsKey}`, () => this.buildFull(node.schoolIds, latest));
    const table = plan.table;
    if (!touchesNode(plan.policy, node.schoolIds))
      return this.once(this.shared, `${since}:${latest}`, () => this.seal('delta', since, latest, { policy: null, table }));
    this.perSchools.atLeast(MIN_PER_SCHOOL + 2 * ((await this.cityAt(latest))?.policy.schools.length ?? 0));
    return this.once(this.perSchools, `${since}:${latest}:${schoolsKey}`, async () => {
      const now = await this.cityAt(latest);
      return now ? this.seal('delta', since, latest, { policy: composeNodePolicy(now.policy, node.schoolIds, latest), table }) : null;
    });
  }

  /** The cached promise under `key`, or a new one from `build` (a failed build is not kept). */
  private once(cache: Lru<string, Promise<Signed | null>>, key: string, build: () => Promise<Signed | null>): Promise<Signed | null> {
    let p = cache.get(key);
    if (!p) {
      p = build();
      cache.set(key, p);
      p.catch(() => cache.delete(key));
    }
    return p;
  }

  /** What a delta from `since` to `to` changes, worked out once for every node: the table's diff and whose policy changed. */
  private deltaPlan(since: number, to: number): Promise<{ table: TableChange | 'full'; policy: PolicyChange } | null> {
    const key = `${since}:${to}`;
    let p = this.plans.get(key);
    if (!p) {
      p = (async () => {
        const [table, before, now] = await Promise.all([this.tableChange(since, to), this.cityAt(since), this.cityAt(to)]);
        if (!now) return null;
        // the same policy row at both versions: unchanged for every node, nothing to compare
        const policy: PolicyChange = before && before.since === now.since ? { kind: 'none' } : policyChangeBetween(before?.policy ?? null, now.policy);
        return { table, policy };
      })();
      this.plans.set(key, p);
      p.catch(() => this.plans.delete(key));
    }
    return p;
  }

  private async buildFull(schoolIds: readonly string[], latest: number): Promise<Signed | null> {
    const now = await this.cityAt(latest);
    if (!now) return null;
    let rows = this.latestRows.get(latest);
    if (!rows) {
      rows = versionsBetween(this.deps.db.kysely, latest - 1, latest);
      this.latestRows.set(latest, rows);
      rows.catch(() => this.latestRows.delete(latest));
    }
    const [row] = await rows;
    const files = { tableFile: row?.tableFile ?? null, cityTableFile: row?.cityTableFile ?? null };
    // one table: the union of the big and the small one (built once per pair of files)
    const table = fleetTables(this.deps.config.dataDir, files);
    const policy = composeNodePolicy(now.policy, schoolIds, latest);
    const body = encodeBody({ policy, table: { kind: 'full', table } }, this.compressedTable(`${files.tableFile ?? ''}+${files.cityTableFile ?? ''}`, table));
    return this.sealBody('full', 0, latest, body);
  }

  private async seal(kind: 'delta', base: number, version: number, b: PolicyBody): Promise<Signed> {
    return this.sealBody(kind, base, version, encodeBody(b));
  }

  /** The signature covers the whole envelope (header with kind, version and base, and the body). */
  private sealBody(kind: 'full' | 'delta', base: number, version: number, body: Buffer): Signed {
    const bytes = sealEnvelope({ kind, version, base, issuedAt: this.deps.clock().getTime() }, body, (b) => fleetSign(this.deps, b));
    return { version, bytes };
  }

  /**
   * The city policy at a version, read once per version for all the nodes a change wakes (a
   * recorded version never changes): 3,000 streams cost one query, not 3,000.
   */
  private cityAt(version: number): Promise<{ since: number; policy: CityPolicy } | null> {
    let p = this.cityPolicies.get(version);
    if (!p) {
      p = cityPolicyAt(this.deps.db.kysely, version);
      this.cityPolicies.set(version, p);
      // a failed read is not kept
      p.catch(() => this.cityPolicies.delete(version));
    }
    return p;
  }

  /** The table's change from `since` to `to` as one diff, or 'full' when some step replaced it. */
  private async tableChange(since: number, to: number): Promise<TableChange | 'full'> {
    const key = `${since}:${to}`;
    const cached = this.tableChanges.get(key);
    if (cached) return cached;
    const rows = await versionsBetween(this.deps.db.kysely, since, to);
    let result: TableChange | 'full';
    if (rows.length !== to - since || rows.some((r) => r.tableChange === 'replace')) result = 'full';
    else if (rows.every((r) => r.tableChange === 'same')) result = { kind: 'same' };
    else {
      let d = { added: emptyEntries(), removed: emptyEntries() };
      for (const r of rows) if (r.tableChange === 'diff') d = composeDiffs(d, { added: r.added ?? emptyEntries(), removed: r.removed ?? emptyEntries() });
      const last = rows[rows.length - 1]!;
      result = { kind: 'diff', bits: last.tableBits, added: d.added, removed: d.removed, digest: last.tableDigest };
    }
    this.tableChanges.set(key, result);
    return result;
  }

  /** A version's tables as the one table of a full snapshot, gzipped once per pair of files. */
  private compressedTable(key: string, table: DomainTable): { gz: Buffer; bytes: number } {
    let c = this.tableGz.get(key);
    if (!c) {
      const raw = table.serialize();
      c = { gz: gzipSync(raw), bytes: raw.length };
      this.tableGz.set(key, c);
    }
    return c;
  }
}
