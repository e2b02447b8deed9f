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
  seed ??= new GuardSet(
    GUARD_SEED.flatMap((g) => g.domains.map((domain) => ({ domain, group: g.group, reasonVi: g.vi, reasonEn: g.en, tenants: !!g.tenants }))),
  );
  return seed;
}

/**
 * The guard a host is, or lies under, or null — for the detection desk, which takes a page on a
 * shared platform down rather than blocking its host: it stays cautious for a tenant's site too
 * (xyz.blogspot.com), where a third-party list may block (GuardSet.match).
 */
export function guardedHost(host: string | null): GuardHit | null {
  if (!host) return null;
  const name = host.trim().toLowerCase().replace(/\.$/, '');
  const labels = name.split('.');
  const set = currentGuard();
  for (let i = 0; i < labels.length; i++) {
    const g = set.entry(labels.slice(i).join('.'));
    if (g) return { guard: g, relation: i === 0 ? 'self' : 'subdomain' };
  }
  return null;
}
