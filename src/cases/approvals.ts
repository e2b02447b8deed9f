import type { Tx } from '../db/database.js';
import type { ApprovalStep } from './vocab.js';

/**
 * Which steps need a manager's approval for cases held by this agency (else this ward): the
 * holder's row in `case_approval_settings`; without one, every step does (the careful default).
 * Taken when a case opens and carried in its `case_opened` event, so the reducer stays pure.
 */
export async function approvalsFor(db: Tx, unitId: string | null, agencyId: string | null): Promise<Record<ApprovalStep, boolean>> {
  const owner = agencyId ?? unitId;
  const row = owner ? await db.selectFrom('case_approval_settings').selectAll().where('owner_id', '=', owner).executeTakeFirst() : undefined;
  if (!row) return { assessment: true, plan: true, closure: true };
  return { assessment: row.assessment === 1, plan: row.plan === 1, closure: row.closure === 1 };
}

/** The designated case managers of the ward or agency holding a case (who may approve its steps). */
export async function managersOf(db: Tx, unitId: string | null, agencyId: string | null): Promise<string[]> {
  if (!unitId && !agencyId) return [];
  const rows = await db
    .selectFrom('case_managers as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.user_id')
    .where((eb) => eb.or([...(unitId ? [eb('u.unit_id', '=', unitId)] : []), ...(agencyId ? [eb('u.agency_id', '=', agencyId)] : [])]))
    .where('u.disabled', '=', 0)
    .execute();
  return rows.map((r) => r.user_id);
}
