import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { AppError, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { cleanText } from '../../shared/text.js';
import { checkPastDate } from '../dates.js';
import { outreachPolicy } from '../outreach.policy.js';
import type { GroupKind, ProgrammeOutreachTable } from '../tables.js';

export const GROUP_KINDS: readonly GroupKind[] = ['to_dan_pho', 'thon', 'xom'];

export interface OutreachInput {
  unitId: string;
  groupKind: GroupKind;
  groupName: string;
  heldOn: string;
  topicId: string;
  participants: number;
  households?: number | null | undefined;
  note?: string | null | undefined;
}

/** Records an outreach event in a residential group of a ward the caller works for. */
export async function createOutreach(ctx: Ctx, input: OutreachInput): Promise<ProgrammeOutreachTable> {
  outreachPolicy.authorize(ctx.actor, 'create');
  const held_on = checkPastDate('heldOn', input.heldOn, ctx.clock);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const unit = await trx.selectFrom('units').select(['id', 'kind']).where('id', '=', input.unitId).executeTakeFirst();
    if (!unit || unit.kind === 'city') throw new AppError(400, 'programme_unit_not_ward', { value: input.unitId.slice(0, 16) });
    outreachPolicy.authorize(ctx.actor, 'create', { unit_id: unit.id });
    const topic = await trx.selectFrom('programme_topics').select('id').where('id', '=', input.topicId).where('active', '=', 1).executeTakeFirst();
    if (!topic) throw new AppError(400, 'programme_topic_unknown');
    const now = ctx.clock().toISOString();
    const row: ProgrammeOutreachTable = {
      id: newId(),
      unit_id: unit.id,
      group_kind: input.groupKind,
      group_name: cleanText(input.groupName),
      held_on,
      topic_id: topic.id,
      participants: input.participants,
      households: input.households ?? null,
      note: input.note ? cleanText(input.note) || null : null,
      created_by: ctx.actor.id,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('programme_outreach').values(row).execute();
    await audit(ctx, trx, 'programme_outreach.created', { type: 'programme_outreach', id: row.id }, { unitId: row.unit_id, heldOn: held_on });
    return row;
  });
}

export async function deleteOutreach(ctx: Ctx, id: string): Promise<void> {
  outreachPolicy.authorize(ctx.actor, 'delete'); // who may not at all learns nothing of the record
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('programme_outreach').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound();
    outreachPolicy.authorize(ctx.actor, 'delete', before);
    await trx.deleteFrom('programme_outreach').where('id', '=', id).execute();
    await audit(ctx, trx, 'programme_outreach.deleted', { type: 'programme_outreach', id }, { unitId: before.unit_id });
  });
}
