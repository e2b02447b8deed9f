import { whereScope } from '../../access/scope-sql.js';
import type { Ctx } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { checklistPolicy } from '../checklist.policy.js';

/** Self-assessments the caller may see, newest first, with the school's name. */
export async function listChecklists(
  ctx: Ctx,
  q: { id?: string | undefined; schoolId?: string | undefined; status?: string | undefined; limit?: number | undefined; offset?: number | undefined },
) {
  checklistPolicy.authorize(ctx.actor, 'read');
  let qb = whereScope(
    ctx.db.kysely.selectFrom('programme_checklists as c').innerJoin('schools as sc', 'sc.id', 'c.school_id'),
    checklistPolicy.listScope(ctx.actor, 'read'),
    'c',
  );
  if (q.id) qb = qb.where('c.id', '=', q.id);
  if (q.schoolId) qb = qb.where('c.school_id', '=', q.schoolId);
  if (q.status) qb = qb.where('c.status', '=', q.status as 'submitted');
  const [items, total] = await Promise.all([
    qb
      .select([
        'c.id',
        'c.school_id',
        'c.unit_id',
        'c.assessed_on',
        'c.answers',
        'c.self_score',
        'c.status',
        'c.score',
        'c.review_note',
        'c.reviewed_at',
        'sc.name as school_name',
      ])
      .orderBy('c.assessed_on', 'desc')
      .orderBy('c.id', 'desc')
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .execute(),
    qb.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

export async function getChecklist(ctx: Ctx, id: string) {
  const { items } = await listChecklists(ctx, { id, limit: 1 });
  if (!items[0]) throw notFound();
  return items[0];
}
