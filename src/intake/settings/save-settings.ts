import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { invalidateRules } from '../rules.js';

/**
 * Rules and SLA settings change as a whole: one transaction with its one audit entry, then the
 * rules cache is dropped so the next report is triaged by the new rules.
 */
export async function saveSettings(ctx: Ctx, action: string, detail: Record<string, unknown>, write: (trx: Tx) => Promise<void>): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await write(trx);
    await audit(ctx, trx, action, { type: 'intake_settings' }, detail);
  });
  invalidateRules(ctx.db.kysely);
}
