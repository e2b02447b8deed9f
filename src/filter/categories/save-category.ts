import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { AppError, conflict, notFound } from '../../shared/errors.js';
import { cityFilterPolicy } from '../filter.policy.js';
import { MAX_CATEGORY_BIT } from '../model.js';
import { publishSnapshot } from '../service.js';

/**
 * Creates a category (taking the lowest free bit of the snapshot's category mask) or renames one /
 * changes whether it is mandatory. The bit never changes once given: snapshots and counters use it.
 */
export async function saveCategory(
  ctx: Ctx,
  code: string,
  input: { nameVi?: string; nameEn?: string; mandatory?: boolean; kind?: 'block' | 'allow' },
  create = false,
): Promise<void> {
  cityFilterPolicy.authorize(ctx.actor, 'update');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('filter_categories').selectAll().where('code', '=', code).executeTakeFirst();
    const t = ctx.clock().toISOString();
    if (create) {
      if (existing) throw conflict(`category ${code}`);
      const used = new Set((await trx.selectFrom('filter_categories').select('bit').execute()).map((r) => r.bit));
      let bit = 0;
      while (used.has(bit)) bit++;
      if (bit > MAX_CATEGORY_BIT) throw new AppError(409, 'conflict', { detail: 'too many categories' });
      await trx
        .insertInto('filter_categories')
        .values({
          code,
          bit,
          kind: input.kind ?? 'block',
          mandatory: input.mandatory ? 1 : 0,
          name_vi: input.nameVi ?? code,
          name_en: input.nameEn ?? input.nameVi ?? code,
          created_at: t,
          updated_at: t,
        })
        .execute();
    } else {
      if (!existing) throw notFound();
      await trx
        .updateTable('filter_categories')
        .set({
          name_vi: input.nameVi ?? existing.name_vi,
          name_en: input.nameEn ?? existing.name_en,
          mandatory: input.mandatory === undefined ? existing.mandatory : input.mandatory ? 1 : 0,
          updated_at: t,
        })
        .where('code', '=', code)
        .execute();
    }
    await audit(ctx, trx, create ? 'filter_category.created' : 'filter_category.updated', { type: 'filter_category', id: code }, input);
  });
  await publishSnapshot(ctx.db.kysely, ctx.config.dataDir);
}
