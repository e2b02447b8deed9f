import { audit } from '../../../audit/audit.js';
import type { Ctx } from '../../../context.js';
import type { Tx } from '../../../db/database.js';
import { AppError } from '../../../shared/errors.js';
import type { Lang } from '../../../shared/i18n.js';
import { jsonStrings } from '../../../shared/json.js';
import { EVENT_LABELS } from '../../vocab.js';
import type { SlaStepsBody } from '../api-schemas.js';
import { slaStepsPolicy } from '../sla.policy.js';
import type { SlaStep } from '../sla-clocks.js';
import type { CaseSlaStepsTable } from '../tables.js';
import { WORK_EVENT_LABELS } from '../vocab.js';

/** Every kind of case event a step may start or stop on. */
export const STEP_EVENTS: Record<string, { vi: string; en: string }> = { ...EVENT_LABELS, ...WORK_EVENT_LABELS };

const toStep = (r: CaseSlaStepsTable): SlaStep => ({
  code: r.code,
  track: r.track,
  startEvent: r.start_event,
  stopEvents: jsonStrings(r.stop_events),
  limitHours: r.limit_hours,
});

/** The active steps, in order: what every clock, the board and the overdue filter are computed from. */
export async function activeSlaSteps(db: Tx): Promise<Array<SlaStep & { name: string; nameEn: string }>> {
  const rows = await db.selectFrom('case_sla_steps').selectAll().where('active', '=', 1).orderBy('position').execute();
  return rows.map((r) => ({ ...toStep(r), name: r.name, nameEn: r.name_en }));
}

export async function listSlaSteps(ctx: Ctx, lang: Lang) {
  slaStepsPolicy.authorize(ctx.actor, 'read');
  const rows = await ctx.db.kysely.selectFrom('case_sla_steps').selectAll().orderBy('position').execute();
  return {
    items: rows.map((r) => ({
      code: r.code,
      name: r.name,
      nameEn: r.name_en,
      label: lang === 'en' ? r.name_en : r.name,
      track: r.track,
      startEvent: r.start_event,
      stopEvents: jsonStrings(r.stop_events),
      limitHours: r.limit_hours,
      active: r.active === 1,
    })),
    events: Object.entries(STEP_EVENTS).map(([code, l]) => ({ code, label: l[lang] })),
  };
}

/**
 * Replaces the steps as a whole, in the order given (one audit entry). Events must be kinds a case
 * records, a step may not stop on its own start, and codes are unique; anything wrong is refused
 * naming the item and field, and nothing is written.
 */
export async function replaceSlaSteps(ctx: Ctx, body: typeof SlaStepsBody.static): Promise<number> {
  slaStepsPolicy.authorize(ctx.actor, 'update');
  const seen = new Set<string>();
  body.items.forEach((s, i) => {
    const bad = (field: string) => new AppError(400, 'validation_failed', { detail: `items[${i}].${field}` });
    if (seen.has(s.code)) throw bad('code');
    seen.add(s.code);
    if (!(s.startEvent in STEP_EVENTS)) throw bad('startEvent');
    const stop = s.stopEvents.findIndex((e) => !(e in STEP_EVENTS) || e === s.startEvent);
    if (stop >= 0) throw bad(`stopEvents[${stop}]`);
  });
  const now = ctx.clock().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('case_sla_steps').execute();
    if (body.items.length > 0) {
      await trx
        .insertInto('case_sla_steps')
        .values(
          body.items.map((s, i) => ({
            code: s.code,
            name: s.name.trim(),
            name_en: s.nameEn.trim(),
            track: s.track,
            start_event: s.startEvent,
            stop_events: JSON.stringify([...new Set(s.stopEvents)]),
            limit_hours: s.limitHours,
            active: s.active ? 1 : 0,
            position: (i + 1) * 10,
            updated_at: now,
          })),
        )
        .execute();
    }
    await audit(ctx, trx, 'case_sla_steps.updated', { type: 'case_sla_steps' }, { items: body.items });
  });
  return body.items.length;
}
