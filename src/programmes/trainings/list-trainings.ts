import { whereScope } from '../../access/scope-sql.js';
import type { Ctx } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { trainingPolicy } from '../training.policy.js';

/** Trainings the caller may see, newest first, with the school's name. */
export async function listTrainings(
  ctx: Ctx,
  q: { id?: string | undefined; schoolId?: string | undefined; limit?: number | undefined; offset?: number | undefined },
) {
  trainingPolicy.authorize(ctx.actor, 'read');
  let qb = whereScope(
    ctx.db.kysely.selectFrom('programme_trainings as t').innerJoin('schools as sc', 'sc.id', 't.school_id'),
    trainingPolicy.listScope(ctx.actor, 'read'),
    't',
  );
  if (q.id) qb = qb.where('t.id', '=', q.id);
  if (q.schoolId) qb = qb.where('t.school_id', '=', q.schoolId);
  const [items, total] = await Promise.all([
    qb
      .select([
        't.id',
        't.school_id',
        't.unit_id',
        't.held_on',
        't.trainee_name',
        't.trainee_role',
        't.course',
        't.hours',
        't.certificate_no',
        'sc.name as school_name',
      ])
      .orderBy('t.held_on', 'desc')
      .orderBy('t.id', 'desc')
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .execute(),
    qb.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(total.n) };
}

/** One training the caller may see (404 otherwise). */
export async function getTraining(ctx: Ctx, id: string) {
  const { items } = await listTrainings(ctx, { id, limit: 1 });
  if (!items[0]) throw notFound();
  return items[0];
}
