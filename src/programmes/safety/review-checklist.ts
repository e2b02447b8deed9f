import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { AppError, notFound } from '../../shared/errors.js';
import { jsonOr } from '../../shared/json.js';
import { cleanText } from '../../shared/text.js';
import { checklistPolicy } from '../checklist.policy.js';
import type { ProgrammeChecklistsTable } from '../tables.js';
import { type Answers, CHECKLIST_ITEMS, scoreOf } from './checklist-items.js';

export interface ReviewInput {
  decision: 'approve' | 'return';
  /** items the school marked as met whose evidence the reviewer does not accept */
  notAccepted?: string[] | undefined;
  note?: string | null | undefined;
}

/**
 * The ward or city reviews a submitted self-assessment: approve (the score counts in the
 * indicators, leaving out items whose evidence was not accepted) or return it to the school.
 */
export async function reviewChecklist(ctx: Ctx, id: string, input: ReviewInput): Promise<ProgrammeChecklistsTable> {
  for (const code of input.notAccepted ?? []) {
    if (!CHECKLIST_ITEMS.some((i) => i.code === code)) throw new AppError(400, 'programme_checklist_item_unknown', { value: code.slice(0, 40) });
  }
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('programme_checklists').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound();
    checklistPolicy.authorize(ctx.actor, 'review', before);
    if (before.status !== 'submitted') throw new AppError(409, 'programme_checklist_not_submitted');
    const now = ctx.clock().toISOString();
    const approved = input.decision === 'approve';
    const next: ProgrammeChecklistsTable = {
      ...before,
      status: approved ? 'approved' : 'returned',
      score: approved ? scoreOf(jsonOr<Answers>(before.answers, {}), input.notAccepted ?? []) : null,
      reviewed_by: ctx.actor.id,
      reviewed_at: now,
      review_note: input.note ? cleanText(input.note) || null : null,
      updated_at: now,
    };
    const { id: _id, created_at: _c, ...changes } = next;
    await trx.updateTable('programme_checklists').set(changes).where('id', '=', id).execute();
    await audit(ctx, trx, 'programme_checklist.reviewed', { type: 'programme_checklist', id }, { decision: input.decision, score: next.score });
    return next;
  });
}
