import type { ExpressionBuilder } from 'kysely';
import type { Database } from '../db/schema.js';
import type { IntakeReportsTable } from './tables.js';
import type { ReportStatus } from './vocab.js';

/**
 * "Overdue", defined once: an open report (new or accepted) whose acknowledgement or first action
 * is missing past its deadline. The queue filter (SQL), the summary flag, the statistics and the
 * SLA sweep all ask here, so they cannot disagree. ISO-8601 timestamps compare as text.
 */
export const OPEN_STATUSES: readonly ReportStatus[] = ['new', 'accepted'];

type Clocks = Pick<IntakeReportsTable, 'acknowledged_at' | 'first_action_at' | 'ack_due_at' | 'action_due_at'>;

/** Which deadlines have passed unmet (status not considered: the sweep reads open reports only). */
export function missedDeadlines(r: Clocks, now: string): { ack: boolean; action: boolean } {
  return { ack: !r.acknowledged_at && r.ack_due_at < now, action: !r.first_action_at && r.action_due_at < now };
}

export function isOverdue(r: Clocks & Pick<IntakeReportsTable, 'status'>, now: string): boolean {
  if (!OPEN_STATUSES.includes(r.status)) return false;
  const missed = missedDeadlines(r, now);
  return missed.ack || missed.action;
}

/** The same rule as a WHERE condition on intake_reports. */
export function overdueWhere(eb: ExpressionBuilder<Database, 'intake_reports'>, now: string) {
  return eb.and([
    eb('status', 'in', [...OPEN_STATUSES]),
    eb.or([
      eb.and([eb('acknowledged_at', 'is', null), eb('ack_due_at', '<', now)]),
      eb.and([eb('first_action_at', 'is', null), eb('action_due_at', '<', now)]),
    ]),
  ]);
}
