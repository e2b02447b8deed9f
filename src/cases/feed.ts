import type { Db } from '../db/database.js';
import { untakenHandovers } from '../intake/handovers/list-handovers.js';
import { reportFiledAt } from '../intake/handovers/reports-for-cases.js';

/**
 * What the city's indicators read of case management (issue 13 item 8, feeds.md): targets 2 and 3
 * of the directive. Each function takes the Kysely handle (or a transaction) and a half-open
 * period `[from, to)` of ISO dates (`YYYY-MM-DD`), and returns one row per ward/agency pair
 * holding the cases (`unitId`, `agencyId`: who holds the case now, after any transfer; a hand-over
 * not taken yet: whom it was addressed to). Nothing here identifies a child.
 *
 * Consent: a child whose consent "to be counted" was refused or withdrawn (`cases.count_consent`)
 * is left out of every count below — asked, supported, reported, handled, decisions. A hand-over
 * not yet taken has no consent recorded and is counted.
 */
type Kysely = Db['kysely'];

export interface Period {
  /** first day, inclusive (YYYY-MM-DD) */
  from: string;
  /** first day after the period (YYYY-MM-DD) */
  to: string;
}

export interface VictimSupportRow {
  unitId: string | null;
  agencyId: string | null;
  asked: number;
  supported: number;
  firstSupportHours: number[];
}

export interface ViolationRow {
  unitId: string | null;
  agencyId: string | null;
  reportedOrFound: number;
  handled: number;
  byDecision: Record<string, number>;
}

const NOT_COUNTED = ['refused', 'withdrawn'];
const key = (unitId: string | null, agencyId: string | null) => `${unitId ?? ''}|${agencyId ?? ''}`;

function rowsBy<R extends { unitId: string | null; agencyId: string | null }>(make: (unitId: string | null, agencyId: string | null) => R) {
  const rows = new Map<string, R>();
  return {
    at(unitId: string | null, agencyId: string | null): R {
      const k = key(unitId, agencyId);
      const seen = rows.get(k);
      if (seen) return seen;
      const r = make(unitId, agencyId);
      rows.set(k, r);
      return r;
    },
    all: () => [...rows.values()].sort((a, b) => key(a.unitId, a.agencyId).localeCompare(key(b.unitId, b.agencyId))),
  };
}

/**
 * Victims who asked for support, and those supported (target 2: 100 % of child victims who ask
 * are supported).
 * - asked: cases with a victim-support track opened in `[from, to)` (from a hand-over, a
 *   counsellor, a 111 call), plus hand-overs asking for victim support made in the period and
 *   not taken yet (a hand-over joined to an existing case is that case: counted once).
 * - supported: of those cases, the ones where a service (counselling, medical, legal aid, …) had
 *   started or been delivered before `to` (`cases.first_support_at`).
 * - firstSupportHours: for each supported case, hours from when the child asked — the earliest
 *   report behind the case, or the case's opening when it was opened directly — to the first
 *   service's start (0 when the service was recorded as starting before the report).
 * - Source: `cases` (projection of `case_events`), `case_links`, intake's hand-overs and reports.
 */
export async function victimSupportFeed(db: Kysely, period: Period): Promise<VictimSupportRow[]> {
  const [cases, pending] = await Promise.all([
    db
      .selectFrom('cases')
      .select(['id', 'unit_id', 'agency_id', 'opened_at', 'first_support_at', 'count_consent'])
      .where('victim_state', 'is not', null)
      .where('opened_at', '>=', period.from)
      .where('opened_at', '<', period.to)
      .execute(),
    untakenHandovers(db, period),
  ]);
  const counted = cases.filter((c) => !NOT_COUNTED.includes(c.count_consent));
  const links = counted.length
    ? await db
        .selectFrom('case_links')
        .select(['case_id', 'ref_id'])
        .where('kind', '=', 'report')
        .where(
          'case_id',
          'in',
          counted.map((c) => c.id),
        )
        .execute()
    : [];
  const filed = await reportFiledAt(
    db,
    links.map((l) => l.ref_id),
  );
  const out = rowsBy((unitId, agencyId): VictimSupportRow => ({ unitId, agencyId, asked: 0, supported: 0, firstSupportHours: [] }));
  for (const c of counted) {
    const r = out.at(c.unit_id, c.agency_id);
    r.asked++;
    if (c.first_support_at === null || c.first_support_at >= period.to) continue;
    r.supported++;
    const asked = [c.opened_at, ...links.filter((l) => l.case_id === c.id).map((l) => filed.get(l.ref_id) ?? c.opened_at)].sort()[0] as string;
    r.firstSupportHours.push(Math.max(0, Math.round(((Date.parse(c.first_support_at) - Date.parse(asked)) / 3_600_000) * 100) / 100));
  }
  for (const h of pending) if (h.victimSupport) out.at(h.unitId, h.agencyId).asked++;
  return out.all();
}

/**
 * Violations reported or found, and handled according to law (target 3: 100 % of violators
 * reported or found are handled).
 * - reportedOrFound: cases with a violation track opened in `[from, to)` (from a hand-over — a
 *   report, or a detection result the intake desk passed on — or opened directly), plus
 *   hand-overs asking for violation handling made in the period and not taken yet.
 * - handled: of those cases, the ones with a handling decision recorded before `to`
 *   (administrative sanction, criminal referral, takedown, or a finding of no violation).
 * - byDecision: the handled ones by decision code (`administrative_sanction`,
 *   `criminal_referral`, `takedown`, `no_violation`).
 * - Source: `cases` (projection of `case_events`), intake's hand-overs.
 */
export async function violationFeed(db: Kysely, period: Period): Promise<ViolationRow[]> {
  const [cases, pending] = await Promise.all([
    db
      .selectFrom('cases')
      .select(['unit_id', 'agency_id', 'decision', 'decided_at', 'count_consent'])
      .where('violation_state', 'is not', null)
      .where('opened_at', '>=', period.from)
      .where('opened_at', '<', period.to)
      .execute(),
    untakenHandovers(db, period),
  ]);
  const out = rowsBy((unitId, agencyId): ViolationRow => ({ unitId, agencyId, reportedOrFound: 0, handled: 0, byDecision: {} }));
  for (const c of cases) {
    if (NOT_COUNTED.includes(c.count_consent)) continue;
    const r = out.at(c.unit_id, c.agency_id);
    r.reportedOrFound++;
    if (c.decision === null || c.decided_at === null || c.decided_at >= period.to) continue;
    r.handled++;
    r.byDecision[c.decision] = (r.byDecision[c.decision] ?? 0) + 1;
  }
  for (const h of pending) if (h.violationHandling) out.at(h.unitId, h.agencyId).reportedOrFound++;
  return out.all();
}
