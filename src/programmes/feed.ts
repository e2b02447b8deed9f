import type { Db } from '../db/database.js';
import type { SchoolLevel } from '../org/tables.js';

/**
 * What the city's indicators read of the programmes feature (issue 14, feeds.md). Each function
 * takes the Kysely handle (or a transaction) and a half-open period `[from, to)` of ISO dates
 * (`YYYY-MM-DD`), and states its definition beside it. Nothing here identifies a child: sessions
 * count attendance, never names.
 *
 * Ward attribution (the 2025 reorganisation): every session, training and checklist stores the
 * ward its school was in when it was recorded (`unit_id`). A school that moved ward is counted,
 * for a period, in the ward where it held its latest session of that period — so a period that
 * ended before the move stays with the old ward, one after it goes to the new ward, and a
 * period spanning the move goes to the ward it ended in. A school with no session in the period
 * is counted in its ward today (`schools.unit_id`). Each school is counted once per period, so
 * the wards' shares add up to the city's.
 */
type Kysely = Db['kysely'];

export interface Period {
  /** first day, inclusive (YYYY-MM-DD) */
  from: string;
  /** first day after the period (YYYY-MM-DD) */
  to: string;
}

export interface CoverageRow {
  schoolId: string;
  unitId: string;
  level: SchoolLevel;
  sessions: number;
  covered: boolean;
}

/**
 * Programme coverage (target 1 of the directive).
 * - Population (denominator): every school and child-care facility on the register (`schools`,
 *   all levels; the register keeps only schools in operation — a closed school is deleted).
 * - Numerator: those with at least `minSessions` awareness sessions held in `[from, to)`; a
 *   session for students, parents or teachers counts alike (the directive asks that the school
 *   runs education, whoever the audience).
 * - Consent: nothing to exclude; sessions carry no child's data.
 * - Source: `programme_sessions` (entered by the school, its ward, or the .xlsx import).
 * One row per school; `unitId` as explained above.
 */
export async function coverageFeed(db: Kysely, q: Period & { minSessions: number }): Promise<CoverageRow[]> {
  const perWard = await db
    .selectFrom('programme_sessions')
    .select((eb) => ['school_id', 'unit_id', eb.fn.countAll<number | string>().as('n'), eb.fn.max('held_on').as('last')])
    .where('held_on', '>=', q.from)
    .where('held_on', '<', q.to)
    .groupBy(['school_id', 'unit_id'])
    .execute();
  return coverageOf(
    db,
    perWard.map((r) => ({ schoolId: r.school_id, unitId: r.unit_id, sessions: Number(r.n), last: r.last })),
    q.minSessions,
  );
}

/** A school's sessions filed under one ward, and when the latest of them was (a day or a month: compared as text). */
export interface SchoolWardSessions {
  schoolId: string;
  unitId: string;
  sessions: number;
  last: string;
}

/**
 * Coverage from session counts per school and ward, by the rules above: one row per school on the
 * register, its sessions summed, in the ward of its latest session (on the same day, the lower
 * ward code — a stable choice), a school without sessions in its ward today. The one rule for
 * this feed and for the indicators' monthly rollup, which sums the months it has built
 * (src/indicators/coverage-rollup.ts).
 */
export async function coverageOf(db: Kysely, groups: readonly SchoolWardSessions[], minSessions: number): Promise<CoverageRow[]> {
  const schools = await db.selectFrom('schools').select(['id', 'unit_id', 'level']).execute();
  const bySchool = new Map<string, { sessions: number; unitId: string; last: string }>();
  for (const r of groups) {
    const seen = bySchool.get(r.schoolId);
    if (!seen) bySchool.set(r.schoolId, { sessions: r.sessions, unitId: r.unitId, last: r.last });
    else {
      seen.sessions += r.sessions;
      if (r.last > seen.last || (r.last === seen.last && r.unitId < seen.unitId)) {
        seen.unitId = r.unitId;
        seen.last = r.last;
      }
    }
  }
  return schools
    .map((s) => {
      const held = bySchool.get(s.id);
      const sessions = held?.sessions ?? 0;
      return { schoolId: s.id, unitId: held?.unitId ?? s.unit_id, level: s.level, sessions, covered: sessions >= minSessions };
    })
    .sort((a, b) => (a.schoolId < b.schoolId ? -1 : 1));
}

export interface SafetyChecklistRow {
  schoolId: string;
  unitId: string;
  /** the reviewed score (0–100) of the school's latest approved self-assessment in the period; null without one */
  score: number | null;
  /** an approved (reviewed by the ward or city) self-assessment exists in the period */
  reviewed: boolean;
  /** the school's own score of its latest self-assessment in the period, reviewed or not; null without one */
  selfScore: number | null;
}

/**
 * Information-safety checklist.
 * - Population: every school on the register (one row each).
 * - Score: of the latest self-assessment dated in `[from, to)` that the ward or city approved
 *   (0–100, weighted items of checklist.ts as confirmed by the reviewer); null when none was
 *   approved in the period — an indicator averages the non-null scores and shows how many
 *   schools have none, never a 0 for "not assessed".
 * - Consent: nothing to exclude (no personal data).
 * - Source: `programme_checklists`. `unitId`: the ward the school was in when it assessed itself
 *   (its latest assessment of the period), else its ward today.
 */
export async function safetyChecklistFeed(db: Kysely, q: Period): Promise<SafetyChecklistRow[]> {
  const [schools, lists] = await Promise.all([
    db.selectFrom('schools').select(['id', 'unit_id']).execute(),
    db
      .selectFrom('programme_checklists')
      .select(['school_id', 'unit_id', 'assessed_on', 'created_at', 'status', 'score', 'self_score'])
      .where('assessed_on', '>=', q.from)
      .where('assessed_on', '<', q.to)
      .orderBy('assessed_on')
      .orderBy('created_at')
      .execute(),
  ]);
  const latest = new Map<string, (typeof lists)[number]>();
  const approved = new Map<string, (typeof lists)[number]>();
  for (const c of lists) {
    latest.set(c.school_id, c); // ordered: the last one wins
    if (c.status === 'approved') approved.set(c.school_id, c);
  }
  return schools
    .map((s) => {
      const last = latest.get(s.id);
      const ok = approved.get(s.id);
      return {
        schoolId: s.id,
        unitId: last?.unit_id ?? s.unit_id,
        score: ok?.score === null || ok?.score === undefined ? null : Number(ok.score),
        reviewed: ok !== undefined,
        selfScore: last ? Number(last.self_score) : null,
      };
    })
    .sort((a, b) => (a.schoolId < b.schoolId ? -1 : 1));
}

export interface TrainingRow {
  unitId: string;
  trainings: number;
  /** distinct staff members trained (by name within a school) */
  people: number;
  hours: number;
  certified: number;
}

/**
 * Staff training, per ward.
 * - trainings: training records held in `[from, to)`; people: distinct (school, name) pairs;
 *   hours: their sum; certified: records with a certificate number.
 * - Source: `programme_trainings`; `unitId`: the ward of the school when the training was recorded.
 * Wards without trainings in the period have no row (an indicator shows "no data", not 0).
 */
export async function trainingFeed(db: Kysely, q: Period): Promise<TrainingRow[]> {
  const rows = await db
    .selectFrom('programme_trainings')
    .select(['unit_id', 'school_id', 'trainee_name', 'hours', 'certificate_no'])
    .where('held_on', '>=', q.from)
    .where('held_on', '<', q.to)
    .execute();
  const out = new Map<string, TrainingRow & { names: Set<string> }>();
  for (const r of rows) {
    let w = out.get(r.unit_id);
    if (!w) {
      w = { unitId: r.unit_id, trainings: 0, people: 0, hours: 0, certified: 0, names: new Set() };
      out.set(r.unit_id, w);
    }
    w.trainings++;
    w.names.add(`${r.school_id}\u0000${r.trainee_name.toLocaleLowerCase('vi')}`);
    w.hours += Number(r.hours);
    if (r.certificate_no) w.certified++;
  }
  return [...out.values()]
    .map(({ names, ...w }) => ({ ...w, people: names.size, hours: Math.round(w.hours * 10) / 10 }))
    .sort((a, b) => (a.unitId < b.unitId ? -1 : 1));
}

export interface OutreachRow {
  unitId: string;
  events: number;
  /** distinct residential groups reached */
  groups: number;
  participants: number;
  /** households reached, summed over events that counted them; null when none did */
  households: number | null;
}

/**
 * Community outreach, per ward.
 * - events: outreach events held in `[from, to)`; groups: distinct residential groups (kind + name);
 *   participants and households: sums of the counts entered (people are counted, not named).
 * - Source: `programme_outreach`. Wards without outreach in the period have no row.
 */
export async function outreachFeed(db: Kysely, q: Period): Promise<OutreachRow[]> {
  const rows = await db
    .selectFrom('programme_outreach')
    .select(['unit_id', 'group_kind', 'group_name', 'participants', 'households'])
    .where('held_on', '>=', q.from)
    .where('held_on', '<', q.to)
    .execute();
  const out = new Map<string, OutreachRow & { keys: Set<string> }>();
  for (const r of rows) {
    let w = out.get(r.unit_id);
    if (!w) {
      w = { unitId: r.unit_id, events: 0, groups: 0, participants: 0, households: null, keys: new Set() };
      out.set(r.unit_id, w);
    }
    w.events++;
    w.keys.add(`${r.group_kind}\u0000${r.group_name.toLocaleLowerCase('vi')}`);
    w.participants += Number(r.participants);
    if (r.households !== null) w.households = (w.households ?? 0) + Number(r.households);
  }
  return [...out.values()].map(({ keys, ...w }) => ({ ...w, groups: keys.size })).sort((a, b) => (a.unitId < b.unitId ? -1 : 1));
}
