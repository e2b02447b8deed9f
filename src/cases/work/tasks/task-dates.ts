import { AppError, badInput } from '../../../shared/errors.js';
import { fieldParams } from '../messages.js';

/** The furthest a due date may lie ahead: a year (a date further out is a typing mistake). */
const MAX_AHEAD_MS = 366 * 24 * 3_600_000;

/**
 * A task's due date is in the future (within a year); a reminder lies between now and the due
 * date. Wrong dates are refused naming the field, before anything is written.
 */
export function checkTaskDates(now: string, dueAt: string, remindAt: string | null): { dueAt: string; remindAt: string | null } {
  const due = Date.parse(dueAt);
  const at = Date.parse(now);
  if (Number.isNaN(due)) throw badInput('dueAt');
  if (due <= at) throw new AppError(400, 'case_work_date_past', fieldParams('dueAt'));
  if (due - at > MAX_AHEAD_MS) throw new AppError(400, 'case_work_date_too_far', fieldParams('dueAt'));
  let remind: string | null = null;
  if (remindAt !== null) {
    const r = Date.parse(remindAt);
    if (Number.isNaN(r)) throw badInput('remindAt');
    if (r < at) throw new AppError(400, 'case_work_date_past', fieldParams('remindAt'));
    if (r > due) throw new AppError(400, 'case_work_remind_after_due', fieldParams('remindAt'));
    remind = new Date(r).toISOString();
  }
  return { dueAt: new Date(due).toISOString(), remindAt: remind };
}
