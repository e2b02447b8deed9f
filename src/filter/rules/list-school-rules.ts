import type { Ctx } from '../../context.js';
import { schoolFilterPolicy } from '../filter.policy.js';
import type { FilterSchoolRulesTable } from '../tables.js';

/** A school's additions, one row per band (or 'all'). */
export async function listSchoolRules(ctx: Ctx, schoolId: string): Promise<FilterSchoolRulesTable[]> {
  schoolFilterPolicy.authorize(ctx.actor, 'read', { school_id: schoolId });
  return ctx.db.kysely.selectFrom('filter_school_rules').selectAll().where('school_id', '=', schoolId).execute();
}
