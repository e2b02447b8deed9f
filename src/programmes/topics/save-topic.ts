import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { AppError, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { cleanText } from '../../shared/text.js';
import type { ProgrammeTopicsTable } from '../tables.js';
import { topicPolicy } from '../topic.policy.js';

export interface TopicInput {
  code: string;
  name: string;
  nameEn: string;
  active?: boolean | undefined;
  sort?: number | undefined;
}

/** Adds a topic to the catalogue. Topics are never deleted (sessions refer to them); they are retired. */
export async function createTopic(ctx: Ctx, input: TopicInput): Promise<ProgrammeTopicsTable> {
  topicPolicy.authorize(ctx.actor, 'create');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    if (await trx.selectFrom('programme_topics').select('id').where('code', '=', input.code).executeTakeFirst()) {
      throw new AppError(409, 'programme_topic_code_taken', { value: input.code });
    }
    const now = ctx.clock().toISOString();
    const last = await trx
      .selectFrom('programme_topics')
      .select((eb) => eb.fn.max('sort').as('m'))
      .executeTakeFirst();
    const row: ProgrammeTopicsTable = {
      id: newId(),
      code: input.code,
      name: cleanText(input.name),
      name_en: cleanText(input.nameEn),
      active: input.active === false ? 0 : 1,
      sort: input.sort ?? Number(last?.m ?? 0) + 10,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('programme_topics').values(row).execute();
    await audit(ctx, trx, 'programme_topic.created', { type: 'programme_topic', id: row.id }, { code: row.code });
    return row;
  });
}

/** Renames, reorders, retires or brings back a topic. */
export async function updateTopic(ctx: Ctx, id: string, input: Partial<Omit<TopicInput, 'code'>>): Promise<ProgrammeTopicsTable> {
  topicPolicy.authorize(ctx.actor, 'update');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('programme_topics').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound();
    const next: ProgrammeTopicsTable = {
      ...before,
      name: input.name === undefined ? before.name : cleanText(input.name),
      name_en: input.nameEn === undefined ? before.name_en : cleanText(input.nameEn),
      active: input.active === undefined ? before.active : input.active ? 1 : 0,
      sort: input.sort ?? before.sort,
      updated_at: ctx.clock().toISOString(),
    };
    const { id: _id, created_at: _c, code: _code, ...changes } = next;
    await trx.updateTable('programme_topics').set(changes).where('id', '=', id).execute();
    await audit(ctx, trx, 'programme_topic.updated', { type: 'programme_topic', id }, { fields: Object.keys(input) });
    return next;
  });
}
