import { createHash } from 'node:crypto';
import type { Tx } from '../../db/database.js';
import { setCurrentGuard } from './current-guard.js';
import { type GuardInfo, GuardSet } from './guard-set.js';

export interface ActiveGuardDecision {
  id: string;
  domain: string;
  category: string;
  guard: string;
  reason: string;
  decidedBy: string | null;
  decidedAt: string;
}

export interface LoadedGuard {
  set: GuardSet;
  decisions: ActiveGuardDecision[];
  /**
   * changes whenever a guard entry changes: part of both compiled tables' signatures (the guard
   * refuses names from third-party lists and from the centre's list)
   */
  entriesSig: string;
  /** changes whenever an active decision changes: part of the city table's signature only (decisions are compiled there) */
  decisionsSig: string;
}

export async function readGuardEntries(db: Tx): Promise<GuardInfo[]> {
  const rows = await db.selectFrom('filter_guard_entries').selectAll().where('removed_at', 'is', null).orderBy('domain').execute();
  return rows.map((r) => ({ domain: r.domain, group: r.group_code, reasonVi: r.reason_vi, reasonEn: r.reason_en, tenants: Number(r.tenant_subdomains) === 1 }));
}

export async function readActiveGuardDecisions(db: Tx): Promise<ActiveGuardDecision[]> {
  const rows = await db.selectFrom('filter_guard_decisions').selectAll().where('revoked_at', 'is', null).orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    domain: r.domain,
    category: r.category_code,
    guard: r.guard_domain,
    reason: r.reason,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
  }));
}

/** The guard list and the city's decisions as the compiler and the import need them. */
export async function loadGuard(db: Tx): Promise<LoadedGuard> {
  const [entries, decisions] = await Promise.all([readGuardEntries(db), readActiveGuardDecisions(db)]);
  const hash = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 16);
  const set = new GuardSet(entries);
  setCurrentGuard(set);
  return {
    set,
    decisions,
    entriesSig: hash(entries.map((e) => (e.tenants ? `=${e.domain}` : e.domain))),
    decisionsSig: hash(decisions.map((d) => [d.id, d.domain, d.category])),
  };
}
