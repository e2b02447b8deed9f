import { whereScope } from '../../access/scope-sql.js';
import type { Ctx } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { sessionPolicy } from '../session.policy.js';

export interface SessionListQuery {
  id?: string | undefined;
  schoolId?: string | undefined;
  unitId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  limit?: number | undefined;
  offset?: number | undefined;
}

/** Sessions the caller may see, newest first, with the school's and topic's names for display. */
export async function listSessions(ctx: Ctx, q: SessionListQuery) {
  sessionPolicy.authorize(ctx.actor, 'read');
  let qb = whereScope(
    ctx.db.kysely
      .selectFrom('programme_sessions as s')
      .innerJoin('schools as sc', 'sc.id', 's.school_id')
      .innerJoin('programme_topics as t', 't.id', 's.topic_id'),
    sessionPolicy.listScope(ctx.actor, 'read'),
    's',
  );
  if (q.id) qb = qb.where('s.id', '=', q.id);
  if (q.schoolId) qb = qb.where('s.school_id', '=', q.schoolId);
  if (q.unitId) qb = qb.where('s.unit_id', '=', q.unitId);
  if (q.from) qb = qb.where('s.held_on', '>=', q.from);
  if (q.to) qb = qb.where('s.held_on', '<', q.to);
  const [items, total] = await Promise.all([
    qb
      .select([
        's.id',
        's.school_id',
        's.unit_id',
        's.held_on',
        's.topic_id',
        's.audience',
        's.grades',
        's.attendance',
        's.materials',
        's.photo_sha256',
        'sc.name as school_name',
        't.name as topic_name',
        't.name_en as topic_name_en',
      ])
      .orderBy('s.held_on', 'desc')
      .orderBy('s.id', 'desc')
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .execute(),
    qb.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** One session the caller may see (404 otherwise: its existence is not revealed). */
export async function getSession(ctx: Ctx, id: string) {
  const { items } = await listSessions(ctx, { id, limit: 1 });
  if (!items[0]) throw notFound();
  return items[0];
}
