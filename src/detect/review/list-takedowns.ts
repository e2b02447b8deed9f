import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import type { ListTakedownsQuery } from './api-schemas.js';
import { takedownPolicy } from './review.policy.js';
import type { DetectTakedownsTable } from './tables.js';

/** Takedown requests, newest first; audited (they carry the reported links). */
export async function listTakedowns(ctx: Ctx, query: ListTakedownsQuery): Promise<{ rows: DetectTakedownsTable[]; total: number }> {
  takedownPolicy.authorize(ctx.actor, 'read');
  const { status, platform, limit = 50, offset = 0 } = query;
  let qb = ctx.db.kysely.selectFrom('detect_takedowns');
  if (status) qb = qb.where('status', '=', status);
  if (platform) qb = qb.where('platform', '=', platform);
  const [rows, total] = await Promise.all([
    qb.selectAll().orderBy('requested_at', 'desc').orderBy('id').limit(limit).offset(offset).execute(),
    qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await audit(ctx, ctx.db.kysely, 'detect_takedown.listed', { type: 'detect_takedown' }, { count: rows.length });
  return { rows, total: Number(total.n) };
}
