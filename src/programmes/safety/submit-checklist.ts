import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { AppError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { cleanText } from '../../shared/text.js';
import { checklistPolicy } from '../checklist.policy.js';
import { checkPastDate } from '../dates.js';
import { schoolRecordOf } from '../school-of.js';
import type { ProgrammeChecklistsTable } from '../tables.js';
import { type Answers, CHECKLIST_ITEMS, scoreOf } from './checklist-items.js';

export interface ChecklistInput {
  schoolId: string;
  assessedOn: string;
  answers: Record<string, { met: boolean; evidence?: string | null | undefined }>;
}

/** Every item answered, none unknown, evidence for each item marked as met. Throws 400 naming the item. */
function cleanAnswers(input: ChecklistInput['answers']): Answers {
  for (const code of Object.keys(input)) {
    if (!CHECKLIST_ITEMS.some((i) => i.code === code)) throw new AppError(400, 'programme_checklist_item_unknown', { value: code.slice(0, 40) });
  }
  const out: Answers = {};
  for (const item of CHECKLIST_ITEMS) {
    const a = input[item.code];
    if (!a) throw new AppError(400, 'validation_failed', { detail: `answers.${item.code}` });
    const evidence = a.evidence ? cleanText(a.evidence) : '';
    if (a.met && !evidence) throw new AppError(400, 'programme_checklist_evidence_required', { item: item.vi });
    out[item.code] = { met: a.met, evidence: evidence || null };
  }
  return out;
}

/** A school's self-assessment, submitted for review by its ward or the city. */
export async function submitChecklist(ctx: Ctx, input: ChecklistInput): Promise<ProgrammeChecklistsTable> {
  checklistPolicy.authorize(ctx.actor, 'submit');
  const assessed_on = checkPastDate('assessedOn', input.assessedOn, ctx.clock);
  const answers = cleanAnswers(input.answers);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const school = await schoolRecordOf(trx, input.schoolId);
    checklistPolicy.authorize(ctx.actor, 'submit', school);
    const now = ctx.clock().toISOString();
    const row: ProgrammeChecklistsTable = {
      id: newId(),
      school_id: school.school_id,
      unit_id: school.unit_id,
      assessed_on,
      answers: JSON.stringify(answers),
      self_score: scoreOf(answers),
      status: 'submitted',
      score: null,
      reviewed_by: null,
      reviewed_at: null,
      review_note: null,
      created_by: ctx.actor.id,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('programme_checklists').values(row).execute();
    await audit(ctx, trx, 'programme_checklist.submitted', { type: 'programme_checklist', id: row.id }, { schoolId: row.school_id, selfScore: row.self_score });
    return row;
  });
}
