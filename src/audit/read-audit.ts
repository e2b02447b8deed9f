import { sql } from 'kysely';
import type { Ctx } from '../context.js';
import { READ_ACTION_PATTERNS } from './actions.js';
import { audit } from './audit.js';
import { auditPolicy } from './audit.policy.js';
import type { AuditLogTable } from './tables.js';

/** What the audit view filters by: who, what (action or kind of record), which record, when, and whether routine reads show. */
export interface AuditQuery {
  limit?: number | undefined;
  before?: number | undefined;
  /** A part of the actor's name (case-insensitive). */
  who?: string | undefined;
  /** One action (`user.updated`) or, ending in a dot, every action of a kind (`user.`). */
  action?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** `actions` (default: routine reads hidden), `reads` (only them) or `all`. */
  show?: 'actions' | 'reads' | 'all' | undefined;
}

/** LIKE with the user's text taken literally. */
const literal = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * A page of the audit trail, newest first, filtered. Routine reads (lists, opening a record,
 * previews) are in the trail but hidden unless asked for, so the changes people look for are not
 * buried. Reading the trail is itself recorded (who looked at what, with the filters), after the
 * read so the entry can say how many rows were seen.
 */
export async function readAudit(ctx: Ctx, q: AuditQuery): Promise<AuditLogTable[]> {
  auditPolicy.authorize(ctx.actor, 'read');
  const { limit = 100, before, who, action, subjectType, subjectId, from, to, show = 'actions' } = q;
  let query = ctx.db.kysely.selectFrom('audit_log').selectAll();
  if (before) query = query.where('seq', '<', before);
  if (who?.trim()) query = query.where(sql<string>`lower(actor_label)`, 'like', sql<string>`${`%${literal(who.trim().toLowerCase())}%`} escape '\\'`);
  if (action)
    query = action.endsWith('.') ? query.where('action', 'like', sql<string>`${`${literal(action)}%`} escape '\\'`) : query.where('action', '=', action);
  if (subjectType) query = query.where('subject_type', '=', subjectType);
  if (subjectId) query = query.where('subject_id', '=', subjectId);
  if (from) query = query.where('at', '>=', new Date(from).toISOString());
  if (to) query = query.where('at', '<=', new Date(to).toISOString());
  if (show !== 'all') {
    const isRead = sql<boolean>`(${sql.join(
      READ_ACTION_PATTERNS.map((p) => sql`action like ${p}`),
      sql` or `,
    )})`;
    query = show === 'reads' ? query.where(isRead) : query.where(sql<boolean>`not ${isRead}`);
  }
  const rows = await query.orderBy('seq', 'desc').limit(limit).execute();
  await audit(
    ctx,
    ctx.db.kysely,
    'audit.read',
    { type: 'audit' },
    {
      before: before ?? null,
      count: rows.length,
      filters: {
        who: who ?? null,
        action: action ?? null,
        subjectType: subjectType ?? null,
        subjectId: subjectId ?? null,
        from: from ?? null,
        to: to ?? null,
        show,
      },
    },
  );
  return rows;
}
