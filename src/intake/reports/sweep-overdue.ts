import { sql } from 'kysely';
import type { Ctx, Deps } from '../../context.js';
import { notify } from '../notify.js';
import { missedDeadlines, OPEN_STATUSES } from '../overdue.js';
import { intakeSettingsPolicy } from '../report.policy.js';

/**
 * SLA clocks: finds open reports past their acknowledge / first-action deadline and notifies the
 * desk and the routed agency once per deadline (bit 1: acknowledge, bit 2: first action).
 */
export async function sweepOverdue(deps: Deps): Promise<number> {
  const now = deps.clock().toISOString();
  const rows = await deps.db.kysely
    .selectFrom('intake_reports')
    .select(['id', 'tracking_code', 'priority', 'agency_id', 'acknowledged_at', 'first_action_at', 'ack_due_at', 'action_due_at', 'overdue_notified'])
    .where('status', 'in', [...OPEN_STATUSES])
    .where((eb) =>
      // the overdue rule of overdue.ts, narrowed to deadlines not yet notified
      eb.or([
        eb.and([eb('acknowledged_at', 'is', null), eb('ack_due_at', '<', now), sql<boolean>`(overdue_notified & 1) = 0`]),
        eb.and([eb('first_action_at', 'is', null), eb('action_due_at', '<', now), sql<boolean>`(overdue_notified & 2) = 0`]),
      ]),
    )
    .limit(500)
    .execute();
  if (rows.length === 0) return 0;
  await deps.db.kysely.transaction().execute(async (trx) => {
    for (const r of rows) {
      let flags = r.overdue_notified;
      const items: Parameters<typeof notify>[2] = [];
      const add = (what: 'acknowledge' | 'first_action', bit: number) => {
        flags |= bit;
        const params = { code: r.tracking_code, priority: r.priority.toUpperCase(), what };
        items.push({ audience: 'role', audienceId: 'intake_officer', kind: 'overdue', reportId: r.id, code: 'notif_overdue', params });
        if (r.agency_id) items.push({ audience: 'agency', audienceId: r.agency_id, kind: 'overdue', reportId: r.id, code: 'notif_overdue', params });
      };
      const missed = missedDeadlines(r, now);
      if (missed.ack && (flags & 1) === 0) add('acknowledge', 1);
      if (missed.action && (flags & 2) === 0) add('first_action', 2);
      await notify(trx, now, items);
      await trx.updateTable('intake_reports').set({ overdue_notified: flags }).where('id', '=', r.id).execute();
    }
  });
  return rows.length;
}

/** The sweep on demand (admins; it also runs every minute in each process). */
export async function runSlaSweep(ctx: Ctx): Promise<number> {
  intakeSettingsPolicy.authorize(ctx.actor, 'update');
  return sweepOverdue(ctx);
}
