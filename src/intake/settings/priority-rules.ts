import type { Ctx } from '../../context.js';
import { newId } from '../../shared/ids.js';
import { cleanText } from '../../shared/text.js';
import type { PriorityRule } from '../api-schemas.js';
import { intakeSettingsPolicy } from '../report.policy.js';
import type { IntakePriorityRulesTable } from '../tables.js';
import { saveSettings } from './save-settings.js';

export async function listPriorityRules(ctx: Ctx): Promise<IntakePriorityRulesTable[]> {
  intakeSettingsPolicy.authorize(ctx.actor, 'read');
  return ctx.db.kysely.selectFrom('intake_priority_rules').selectAll().orderBy('position').execute();
}

/** Replaces all priority rules, in the given order (the most urgent match wins). */
export async function replacePriorityRules(ctx: Ctx, items: Array<typeof PriorityRule.static>): Promise<number> {
  intakeSettingsPolicy.authorize(ctx.actor, 'update');
  const now = ctx.clock().toISOString();
  await saveSettings(ctx, 'intake_settings.priority_rules_replaced', { rules: items }, async (trx) => {
    await trx.deleteFrom('intake_priority_rules').execute();
    await trx
      .insertInto('intake_priority_rules')
      .values(
        items.map((r, i) => ({
          id: newId(),
          position: (i + 1) * 10,
          name: cleanText(r.name),
          name_en: cleanText(r.nameEn),
          categories: JSON.stringify(r.categories),
          imminent_only: r.imminentOnly ? 1 : 0,
          age_bands: JSON.stringify(r.ageBands),
          priority: r.priority,
          active: r.active ? 1 : 0,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
  });
  return items.length;
}
