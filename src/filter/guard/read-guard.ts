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
  /** changes whenever an entry or an active decision changes: part of the compiled table's signature */
  sig: string;
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
  const sig = createHash('sha256')
    .update(JSON.stringify([entries.map((e) => (e.tenants ? `=${e.domain}` : e.domain)), decisions.map((d) => [d.id, d.domain, d.category])]))
    .digest('hex')
    .slice(0, 16);
  const set = new GuardSet(entries);
  setCurrentGuard(set);
  return { set, decisions, sig };
}
