import type { Ctx } from '../../context.js';
import { AppError } from '../../shared/errors.js';
import type { SlaSetting } from '../api-schemas.js';
import { intakeSettingsPolicy } from '../report.policy.js';
import type { IntakeSlaTable } from '../tables.js';
import { saveSettings } from './save-settings.js';

export async function listSla(ctx: Ctx): Promise<IntakeSlaTable[]> {
  intakeSettingsPolicy.authorize(ctx.actor, 'read');
  return ctx.db.kysely.selectFrom('intake_sla').selectAll().orderBy('priority').execute();
}

/** Sets the deadlines of the priorities given (the others keep theirs); action never before acknowledgement. */
export async function updateSla(ctx: Ctx, items: Array<typeof SlaSetting.static>): Promise<number> {
  intakeSettingsPolicy.authorize(ctx.actor, 'update');
  const now = ctx.clock().toISOString();
  for (const s of items) {
    if (s.actionMinutes < s.ackMinutes) throw new AppError(400, 'validation_failed', { detail: `${s.priority}: actionMinutes < ackMinutes` });
  }
  await saveSettings(ctx, 'intake_settings.sla_updated', { items }, async (trx) => {
    for (const s of items) {
      await trx.deleteFrom('intake_sla').where('priority', '=', s.priority).execute();
      await trx
        .insertInto('intake_sla')
        .values({ priority: s.priority, ack_minutes: s.ackMinutes, action_minutes: s.actionMinutes, updated_at: now })
        .execute();
    }
  });
  return items.length;
}
