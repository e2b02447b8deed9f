import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { cleanText } from '../../shared/text.js';
import type { Clock } from '../../shared/time.js';
import { checkPastDate } from '../dates.js';
import { schoolRecordOf } from '../school-of.js';
import type { ProgrammeTrainingsTable, TraineeRole } from '../tables.js';
import { trainingPolicy } from '../training.policy.js';

export const TRAINEE_ROLES: readonly TraineeRole[] = ['teacher', 'counsellor', 'manager', 'staff'];

export interface TrainingInput {
  schoolId: string;
  heldOn: string;
  traineeName: string;
  traineeRole: TraineeRole;
  course: string;
  hours: number;
  certificateNo?: string | null | undefined;
}

function trainingColumns(clock: Clock, input: Omit<TrainingInput, 'schoolId'>) {
  return {
    held_on: checkPastDate('heldOn', input.heldOn, clock),
    trainee_name: cleanText(input.traineeName),
    trainee_role: input.traineeRole,
    course: cleanText(input.course),
    hours: Math.round(input.hours * 10) / 10,
    certificate_no: input.certificateNo ? cleanText(input.certificateNo) || null : null,
  };
}

/** Records one staff member's training at a school the caller may write for. */
export async function createTraining(ctx: Ctx, input: TrainingInput): Promise<ProgrammeTrainingsTable> {
  trainingPolicy.authorize(ctx.actor, 'create');
  const columns = trainingColumns(ctx.clock, input);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const school = await schoolRecordOf(trx, input.schoolId);
    trainingPolicy.authorize(ctx.actor, 'create', school);
    const now = ctx.clock().toISOString();
    const row: ProgrammeTrainingsTable = {
      id: newId(),
      school_id: school.school_id,
      unit_id: school.unit_id,
      ...columns,
      created_by: ctx.actor.id,
      created_at: now,
      updated_at: now,
    };
    await trx.insertInto('programme_trainings').values(row).execute();
    // the trainee's name stays out of the audit trail: the record itself holds it
    await audit(ctx, trx, 'programme_training.created', { type: 'programme_training', id: row.id }, { schoolId: row.school_id, heldOn: row.held_on });
    return row;
  });
}

export async function deleteTraining(ctx: Ctx, id: string): Promise<void> {
  trainingPolicy.authorize(ctx.actor, 'delete'); // who may not at all learns nothing of the record
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('programme_trainings').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound();
    trainingPolicy.authorize(ctx.actor, 'delete', before);
    await trx.deleteFrom('programme_trainings').where('id', '=', id).execute();
    await audit(ctx, trx, 'programme_training.deleted', { type: 'programme_training', id }, { schoolId: before.school_id });
  });
}
