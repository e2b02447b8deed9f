import type { Tx } from '../../db/database.js';
import { AppError } from '../../shared/errors.js';
import { cleanText } from '../../shared/text.js';
import type { Clock } from '../../shared/time.js';
import { checkPastDate } from '../dates.js';
import type { Audience } from '../tables.js';
import { gradeSpan, gradesOutsideLevel } from './grades-by-level.js';

export const AUDIENCES: readonly Audience[] = ['students', 'parents', 'teachers'];
/** 0 = pre-school (kindergarten, care facility), 1–12 the school grades. */
export const MIN_GRADE = 0;
export const MAX_GRADE = 12;
export const MAX_ATTENDANCE = 5000;
export const MAX_MATERIALS = 1000;

export interface SessionInput {
  schoolId: string;
  heldOn: string;
  topicId: string;
  audience: Audience;
  grades?: number[] | undefined;
  attendance: number;
  materials?: string | null | undefined;
}

/** The columns of a session from what a person entered; each problem is a 400 naming its field. */
export async function sessionColumns(trx: Tx, clock: Clock, input: SessionInput) {
  const held_on = checkPastDate('heldOn', input.heldOn, clock);
  const topic = await trx.selectFrom('programme_topics').select('id').where('id', '=', input.topicId).where('active', '=', 1).executeTakeFirst();
  if (!topic) throw new AppError(400, 'programme_topic_unknown');
  const grades = [...new Set(input.grades ?? [])].sort((a, b) => a - b);
  if (input.audience === 'students' && grades.length === 0) throw new AppError(400, 'programme_grades_required');
  if (input.audience !== 'students' && grades.length > 0) throw new AppError(400, 'programme_grades_not_students');
  if (grades.length > 0) {
    const school = await trx.selectFrom('schools').select('level').where('id', '=', input.schoolId).executeTakeFirst();
    if (!school) throw new AppError(400, 'programme_school_unknown');
    const outside = gradesOutsideLevel(school.level, grades);
    if (outside.length > 0) throw new AppError(400, 'programme_grades_level', { value: outside.join(', '), allowed: gradeSpan(school.level) });
  }
  const materials = input.materials ? cleanText(input.materials) : '';
  return { held_on, topic_id: topic.id, audience: input.audience, grades: JSON.stringify(grades), attendance: input.attendance, materials: materials || null };
}
