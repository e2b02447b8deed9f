import type { Tx } from '../../../db/database.js';
import { AppError } from '../../../shared/errors.js';
import type { CasesTable } from '../../tables.js';
import { fieldParams } from '../messages.js';

/** An assignee is an active case worker or officer of the ward or agency holding the case. */
export async function checkAssignee(trx: Tx, row: Pick<CasesTable, 'unit_id' | 'agency_id'>, userId: string): Promise<void> {
  const u = await trx.selectFrom('users').select(['role', 'unit_id', 'agency_id', 'disabled']).where('id', '=', userId).executeTakeFirst();
  const holds =
    !!u &&
    u.disabled === 0 &&
    ((u.role === 'case_worker' && ((row.unit_id !== null && u.unit_id === row.unit_id) || (row.agency_id !== null && u.agency_id === row.agency_id))) ||
      (u.role === 'agency_officer' && row.agency_id !== null && u.agency_id === row.agency_id));
  if (!holds) throw new AppError(400, 'case_work_bad_assignee', fieldParams('assigneeId'));
}
