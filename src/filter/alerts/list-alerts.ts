import { whereScope } from '../../access/scope-sql.js';
import type { Ctx } from '../../context.js';
import { filterAlertPolicy } from '../filter.policy.js';
import type { FilterAlertsTable } from '../tables.js';

/** The latest 200 alerts the caller may see, newest hour first. */
export async function listAlerts(ctx: Ctx): Promise<FilterAlertsTable[]> {
  filterAlertPolicy.authorize(ctx.actor, 'read');
  return whereScope(ctx.db.kysely.selectFrom('filter_alerts'), filterAlertPolicy.listScope(ctx.actor, 'read'))
    .selectAll()
    .orderBy('hour', 'desc')
    .limit(200)
    .execute();
}
