import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { badInput } from '../../shared/errors.js';
import { schoolFilterPolicy } from '../filter.policy.js';

/** Names the school's counsellor, who receives the school's filter alerts (null: nobody). */
export async function setCounsellor(ctx: Ctx, schoolId: string, userId: string | null): Promise<void> {
  schoolFilterPolicy.authorize(ctx.actor, 'update', { school_id: schoolId });
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (userId) {
      const u = await trx.selectFrom('users').select(['id', 'school_id', 'role']).where('id', '=', userId).executeTakeFirst();
      // the counsellor must belong to the school (or be a city-wide account)
      if (!u || (u.school_id !== null && u.school_id !== schoolId)) throw badInput(`userId: ${userId}`);
    }
    const t = ctx.clock().toISOString();
    await trx
      .insertInto('filter_school_settings')
      .values({ school_id: schoolId, counsellor_user_id: userId, updated_at: t })
      .onConflict((oc) => oc.column('school_id').doUpdateSet({ counsellor_user_id: userId, updated_at: t }))
      .execute();
    await audit(ctx, trx, 'filter_counsellor.set', { type: 'school', id: schoolId }, { userId });
  });
}
