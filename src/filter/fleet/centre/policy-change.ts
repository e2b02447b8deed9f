import type { CityPolicy } from './policy-versions.js';

/**
 * Which nodes' policies a change between two city policies touches: 'none', 'all' (a city-wide
 * part changed: categories, band policies, settings — every node's policy differs), or the ids of
 * the schools whose own entries (name, additions, networks) changed. Computed once per pair of
 * versions, so a change reaching 3,000 nodes compares the city once instead of once per node.
 */
export type PolicyChange = { kind: 'none' } | { kind: 'all' } | { kind: 'schools'; ids: ReadonlySet<string> };

export function policyChangeBetween(before: CityPolicy | null, now: CityPolicy): PolicyChange {
  if (!before) return { kind: 'all' };
  if (cityWide(before) !== cityWide(now)) return { kind: 'all' };
  const a = perSchool(before);
  const b = perSchool(now);
  const ids = new Set<string>();
  for (const [id, v] of b) if (a.get(id) !== v) ids.add(id);
  for (const id of a.keys()) if (!b.has(id)) ids.add(id);
  return ids.size === 0 ? { kind: 'none' } : { kind: 'schools', ids };
}

/** Whether a node serving `schoolIds` gets a new policy from this change. */
export function touchesNode(change: PolicyChange, schoolIds: readonly string[]): boolean {
  if (change.kind === 'none') return false;
  if (change.kind === 'all') return true;
  return schoolIds.some((id) => change.ids.has(id));
}

function cityWide(p: CityPolicy): string {
  const { schools: _s, additions: _a, networks: _n, ...rest } = p;
  return JSON.stringify(rest);
}

/** Each school's own entries, in the city's order (the order a node's composed policy keeps). */
function perSchool(p: CityPolicy): Map<string, string> {
  const parts = new Map<string, { school: unknown; additions: unknown[]; networks: unknown[] }>();
  const of = (id: string) => {
    let e = parts.get(id);
    if (!e) {
      e = { school: null, additions: [], networks: [] };
      parts.set(id, e);
    }
    return e;
  };
  for (const s of p.schools) of(s.id).school = s;
  for (const a of p.additions) of(a.schoolId).additions.push(a);
  for (const n of p.networks) of(n.schoolId).networks.push(n);
  const out = new Map<string, string>();
  for (const [id, e] of parts) out.set(id, JSON.stringify(e));
  return out;
}
