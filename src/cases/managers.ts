import { audit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import { AppError, notFound } from '../shared/errors.js';
import { caseSettingsPolicy } from './case-settings.policy.js';

/**
 * Designates a case worker or agency officer as case manager of their own ward or agency (they
 * approve assessments, plans and closures there), or removes the designation. Decided by whoever
 * may change that ward's or agency's case settings.
 */
export async function setCaseManager(ctx: Ctx, userId: string, manager: boolean): Promise<{ userId: string; manager: boolean }> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const u = await trx.selectFrom('users').select(['id', 'role', 'unit_id', 'agency_id']).where('id', '=', userId).executeTakeFirst();
    if (!u) throw notFound();
    const owner = u.agency_id ?? u.unit_id;
    if (!owner || (u.role !== 'case_worker' && u.role !== 'agency_officer')) throw new AppError(400, 'case_bad_reference', { field: 'userId' });
    caseSettingsPolicy.authorize(ctx.actor, 'update', { owner_id: owner });
    if (manager) {
      await trx
        .insertInto('case_managers')
        .values({ user_id: userId, created_by: ctx.actor.id, created_at: ctx.clock().toISOString() })
        .onConflict((oc) => oc.column('user_id').doNothing())
        .execute();
    } else await trx.deleteFrom('case_managers').where('user_id', '=', userId).execute();
    await audit(ctx, trx, manager ? 'case_manager.designated' : 'case_manager.removed', { type: 'user', id: userId }, { owner });
    return { userId, manager };
  });
}
