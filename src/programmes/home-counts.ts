import type { Ctx } from '../context.js';
import { resolvePeriod } from './coverage/resolve-period.js';
import { coveragePolicy } from './coverage.policy.js';

/**
 * A school's own programme figures, as its administrator's home page shows them (issue 14 item 8):
 * sessions held in the period the coverage page opens on, and whether that makes the school covered
 * (at least N sessions, N from the city's settings) — the same period and rule as the coverage
 * page and the daily reminders that go to the same person.
 */
export interface ProgrammeCounts {
  sessions: number;
  minSessions: number;
  covered: boolean;
  /** the period counted, [from, to) as YYYY-MM-DD */
  from: string;
  to: string;
}

/** Counts only (no record is read, nothing to audit); null for whoever is not one school's administrator. */
export async function programmeCounts(ctx: Ctx): Promise<ProgrammeCounts | null> {
  const actor = ctx.actor;
  // a school's line is for the school's own people; the city and wards have the coverage page
  if (actor.kind !== 'user' || actor.role !== 'school_admin' || !actor.schoolId) return null;
  const schoolId = actor.schoolId;
  const db = ctx.db.kysely;
  const school = await db.selectFrom('schools').select(['id', 'unit_id']).where('id', '=', schoolId).executeTakeFirst();
  if (!school || !coveragePolicy.can(ctx.actor, 'read', { unit_id: school.unit_id, school_id: school.id })) return null;
  const { period, settings } = await resolvePeriod(db, ctx.clock, {});
  const held = await db
    .selectFrom('programme_sessions')
    .where('school_id', '=', school.id)
    .where('held_on', '>=', period.from)
    .where('held_on', '<', period.to)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  const sessions = Number(held.n);
  return { sessions, minSessions: settings.minSessions, covered: sessions >= settings.minSessions, from: period.from, to: period.to };
}
