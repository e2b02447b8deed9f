import type { Ctx } from '../../../context.js';
import { notFound } from '../../../shared/errors.js';
import type { Lang } from '../../../shared/i18n.js';
import { casePolicy } from '../../case.policy.js';
import { clocksOf } from '../sla-clocks.js';
import { activeSlaSteps } from './sla-steps.js';

/** The case's SLA clocks now, one per active step, computed from its events (never stored). */
export async function caseClocks(ctx: Ctx, lang: Lang, caseId: string) {
  casePolicy.authorize(ctx.actor, 'read');
  const db = ctx.db.kysely;
  const c = await db
    .selectFrom('cases')
    .select(['id', 'unit_id', 'agency_id', 'school_id', 'opened_by', 'victim_state', 'violation_state', 'closed_at'])
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!c) throw notFound();
  casePolicy.authorize(ctx.actor, 'read', c);
  const [steps, events] = await Promise.all([
    activeSlaSteps(db),
    db.selectFrom('case_events').select(['type', 'at']).where('case_id', '=', caseId).orderBy('seq').execute(),
  ]);
  const now = ctx.clock().toISOString();
  const clocks = clocksOf(steps, c, events, now);
  return {
    items: clocks.map((k, i) => ({ ...k, label: lang === 'en' ? (steps[i]?.nameEn ?? k.step) : (steps[i]?.name ?? k.step) })),
    overdue: clocks.some((k) => k.state === 'overdue'),
  };
}
