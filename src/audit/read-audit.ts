import type { Ctx } from '../context.js';
import { audit } from './audit.js';
import { auditPolicy } from './audit.policy.js';
import type { AuditLogTable } from './tables.js';

/**
 * A page of the audit trail, newest first. Reading the trail is itself recorded (who looked at
 * what), after the read so the entry can say how many rows were seen.
 */
export async function readAudit(
  ctx: Ctx,
  q: { limit?: number | undefined; before?: number | undefined; subjectType?: string | undefined; subjectId?: string | undefined },
): Promise<AuditLogTable[]> {
  auditPolicy.authorize(ctx.actor, 'read');
  const { limit = 100, before, subjectType, subjectId } = q;
  let query = ctx.db.kysely.selectFrom('audit_log').selectAll();
  if (before) query = query.where('seq', '<', before);
  if (subjectType) query = query.where('subject_type', '=', subjectType);
  if (subjectId) query = query.where('subject_id', '=', subjectId);
  const rows = await query.orderBy('seq', 'desc').limit(limit).execute();
  await audit(
    ctx,
    ctx.db.kysely,
    'audit.read',
    { type: 'audit' },
    {
      before: before ?? null,
      count: rows.length,
      subjectType: subjectType ?? null,
      subjectId: subjectId ?? null,
    },
  );
  return rows;
}
