import { whereScope } from '../../access/scope-sql.js';
import type { Ctx } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { outreachPolicy } from '../outreach.policy.js';

/** Outreach events the caller may see, newest first, with the ward's and topic's names. */
export async function listOutreach(
  ctx: Ctx,
  q: { id?: string | undefined; unitId?: string | undefined; limit?: number | undefined; offset?: number | undefined },
) {
  outreachPolicy.authorize(ctx.actor, 'read');
  let qb = whereScope(
    ctx.db.kysely.selectFrom('programme_outreach as o').innerJoin('units as u', 'u.id', 'o.unit_id').innerJoin('programme_topics as t', 't.id', 'o.topic_id'),
    outreachPolicy.listScope(ctx.actor, 'read'),
    'o',
  );
  if (q.id) qb = qb.where('o.id', '=', q.id);
  if (q.unitId) qb = qb.where('o.unit_id', '=', q.unitId);
  const [items, total] = await Promise.all([
    qb
      .select([
        'o.id',
        'o.unit_id',
        'o.group_kind',
        'o.group_name',
        'o.held_on',
        'o.topic_id',
        'o.participants',
        'o.households',
        'o.note',
        'u.name as unit_name',
        't.name as topic_name',
        't.name_en as topic_name_en',
      ])
      .orderBy('o.held_on', 'desc')
      .orderBy('o.id', 'desc')
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .execute(),
    qb.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** One outreach event the caller may see (404 otherwise). */
export async function getOutreach(ctx: Ctx, id: string) {
  const { items } = await listOutreach(ctx, { id, limit: 1 });
  if (!items[0]) throw notFound();
  return items[0];
}
