import type { Ctx } from '../../context.js';
import { AppError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { cleanText } from '../../shared/text.js';
import type { RoutingRule } from '../api-schemas.js';
import { intakeSettingsPolicy } from '../report.policy.js';
import type { IntakeRoutingRulesTable } from '../tables.js';
import { saveSettings } from './save-settings.js';

export async function listRoutingRules(ctx: Ctx): Promise<IntakeRoutingRulesTable[]> {
  intakeSettingsPolicy.authorize(ctx.actor, 'read');
  return ctx.db.kysely.selectFrom('intake_routing_rules').selectAll().orderBy('position').execute();
}

/** Replaces all routing rules, in order (the first match routes); every agency and ward named must exist. */
export async function replaceRoutingRules(ctx: Ctx, items: Array<typeof RoutingRule.static>): Promise<number> {
  intakeSettingsPolicy.authorize(ctx.actor, 'update');
  const now = ctx.clock().toISOString();
  const db = ctx.db.kysely;
  const codes = new Set((await db.selectFrom('agencies').select('code').execute()).map((a) => a.code));
  const wards = new Set((await db.selectFrom('units').select('id').where('kind', '!=', 'city').execute()).map((u) => u.id));
  for (const r of items) {
    if (!codes.has(r.agencyCode)) throw new AppError(400, 'validation_failed', { detail: `agencyCode ${r.agencyCode}` });
    if (r.unitId && !wards.has(r.unitId)) throw new AppError(400, 'intake_bad_unit', { unit: r.unitId });
  }
  await saveSettings(ctx, 'intake_settings.routing_rules_replaced', { rules: items }, async (trx) => {
    await trx.deleteFrom('intake_routing_rules').execute();
    await trx
      .insertInto('intake_routing_rules')
      .values(
        items.map((r, i) => ({
          id: newId(),
          position: (i + 1) * 10,
          name: cleanText(r.name),
          categories: JSON.stringify(r.categories),
          unit_id: r.unitId || null,
          agency_code: r.agencyCode,
          active: r.active ? 1 : 0,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  });
  return items.length;
}
