import { sql } from 'kysely';
import type { DialectName, Tx } from '../../db/database.js';
import { AppError } from '../../shared/errors.js';
import { classify, formatNet, hostBits, type Net, overlaps, parseNet } from './cidr.js';
import './messages.js';

/**
 * Who may hold which addresses on a DNS filter (issue 10). The longest prefix wins in the
 * engine, so a school that declared a range inside another school's would take over that
 * school's clients (their policy, their statistics). Hence, on a filter that serves several
 * schools:
 *  - a school's ranges (declared networks and city-assigned ranges) never overlap another
 *    school's, in either direction;
 *  - a school's administrator declares only ranges inside what the city assigned to that school,
 *    and never public or special space;
 *  - the city (system administrators) assigns and declares private ranges, narrow public ones
 *    (a school's own internet addresses) and loopback (the demo: this machine); overlaps are
 *    refused for them too.
 *
 * The rule's scope is a parameter. The data model has one filter: every school's networks go into
 * one snapshot that every filter process loads (`SHARED_FILTER`). A node that serves one school
 * alone ("every school may use 192.168.1.0/24 behind its own node") is issue 16; for it,
 * `singleSchool(id)` compares nothing across schools and lets that school's administrator declare
 * its own private ranges without an assignment. Nothing calls it yet.
 */
export type FilterScope = { kind: 'shared' } | { kind: 'single_school'; schoolId: string };
export const SHARED_FILTER: FilterScope = { kind: 'shared' };
export const singleSchool = (schoolId: string): FilterScope => ({ kind: 'single_school', schoolId });

/** Public ranges the city may give one school: a /24 of IPv4, a /48 of IPv6 at most. */
const MAX_PUBLIC_HOST_BITS: Record<4 | 6, number> = { 4: 8, 6: 80 };

export function parseOrRefuse(cidr: string): Net {
  const net = parseNet(cidr);
  if (!net) throw new AppError(400, 'filter.bad_cidr', { cidr: cidr.slice(0, 64) });
  return net;
}

/**
 * Refuses a range no one of this standing may hold. `city`: the actor assigns ranges (system
 * administrators, the system itself); otherwise a school's administrator.
 */
export function refuseUnholdable(net: Net, input: string, standing: { city: boolean; purpose: 'declare' | 'assign'; scope: FilterScope }): void {
  const cidr = input.slice(0, 64);
  // a wide network would turn the filter into an open resolver for everyone in it
  if ((net.family === 4 && net.prefix < 8) || (net.family === 6 && net.prefix < 32)) throw new AppError(400, 'filter.cidr_too_wide', { cidr });
  const kind = classify(net);
  if (kind === 'special') throw new AppError(400, 'filter.cidr_reserved', { cidr });
  // loopback: this machine's own clients (the demo school); only the city declares it, nobody assigns it
  if (kind === 'loopback' && !(standing.city && standing.purpose === 'declare')) throw new AppError(400, 'filter.cidr_reserved', { cidr });
  if (kind === 'public') {
    if (!standing.city) throw new AppError(400, 'filter.cidr_public', { cidr });
    if (hostBits(net) > MAX_PUBLIC_HOST_BITS[net.family]) throw new AppError(400, 'filter.cidr_public_too_wide', { cidr });
  }
}

export interface Holding {
  kind: 'network' | 'assigned';
  id: string;
  schoolId: string;
  cidr: string;
  net: Net;
}

/**
 * Serialises every change to who holds what: two administrators declaring overlapping ranges at
 * the same moment must not both pass the check. PostgreSQL: a transaction-scoped advisory lock
 * (taken before the audit trail's own, always in that order); SQLite: one writer already.
 */
export async function lockHoldings(trx: Tx, dialect: DialectName): Promise<void> {
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(73617)`.execute(trx);
}

/** Every range held on the filter in `scope`: declared networks and assigned ranges. Rows that no longer parse are skipped. */
export async function readHoldings(trx: Tx, scope: FilterScope): Promise<Holding[]> {
  let nets = trx.selectFrom('filter_networks').select(['id', 'school_id', 'cidr']);
  let ranges = trx.selectFrom('filter_assigned_ranges').select(['id', 'school_id', 'cidr']);
  if (scope.kind === 'single_school') {
    nets = nets.where('school_id', '=', scope.schoolId);
    ranges = ranges.where('school_id', '=', scope.schoolId);
  }
  const out: Holding[] = [];
  for (const [kind, rows] of [
    ['network', await nets.execute()],
    ['assigned', await ranges.execute()],
  ] as const) {
    for (const r of rows) {
      const net = parseNet(r.cidr);
      if (net) out.push({ kind, id: r.id, schoolId: r.school_id, cidr: r.cidr, net });
    }
  }
  return out;
}

/** The first range of another school that overlaps `net` (inside it or containing it). */
export function otherSchoolsOverlap(net: Net, schoolId: string, holdings: readonly Holding[]): Holding | undefined {
  return holdings.find((h) => h.schoolId !== schoolId && overlaps(h.net, net));
}

/**
 * 409 for an overlap. The city sees which range of which school; a school's administrator only
 * that it belongs to another school (another school's addresses are not theirs to learn).
 */
export async function overlapError(trx: Tx, net: Net, other: Holding, city: boolean): Promise<AppError> {
  const cidr = formatNet(net);
  if (!city) return new AppError(409, 'filter.network_taken', { cidr });
  const s = await trx.selectFrom('schools').select(['code', 'name']).where('id', '=', other.schoolId).executeTakeFirst();
  return new AppError(409, other.kind === 'network' ? 'filter.network_overlap' : 'filter.network_overlap_assigned', {
    cidr,
    other: other.cidr,
    school: s ? `${s.code} — ${s.name}` : other.schoolId,
  });
}
