import { type GuardHit, GuardSet } from './guard-set.js';
import { GUARD_SEED } from './seed-entries.js';

/**
 * The guard list as this process last read it (loadGuard keeps it current: at start and after
 * every change), for synchronous callers such as the detection desk's "shared platform" check —
 * one guard list serves the filter's lists and the desk. Before the first read: the shipped seed.
 */
let current: GuardSet | null = null;
let seed: GuardSet | null = null;

export function setCurrentGuard(set: GuardSet): void {
  current = set;
}

export function currentGuard(): GuardSet {
  if (current) return current;
  seed ??= new GuardSet(GUARD_SEED.flatMap((g) => g.domains.map((domain) => ({ domain, group: g.group, reasonVi: g.vi, reasonEn: g.en }))));
  return seed;
}

/** The guard a host is (or lies under), or null: such a host is never blocked wholesale by domain. */
export function guardedHost(host: string | null): GuardHit | null {
  if (!host) return null;
  const hit = currentGuard().match(host.trim().toLowerCase().replace(/\.$/, ''));
  return hit && hit.relation !== 'parent' ? hit : null;
}
