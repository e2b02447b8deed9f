import type { Tx } from '../../db/database.js';
import type { CasesTable } from '../tables.js';

/**
 * The designated case managers (case_managers) who work for the ward or agency holding the case:
 * what casePolicy's `approve` rule needs to decide whether the actor may override a missing consent.
 */
export async function managerIdsOf(trx: Tx, row: Pick<CasesTable, 'unit_id' | 'agency_id'>): Promise<string[]> {
  if (!row.unit_id && !row.agency_id) return [];
  const rows = await trx
    .selectFrom('case_managers as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select('m.user_id')
    .where('u.disabled', '=', 0)
    .where((eb) => {
      const holders = [];
      if (row.unit_id) holders.push(eb('u.unit_id', '=', row.unit_id));
      if (row.agency_id) holders.push(eb('u.agency_id', '=', row.agency_id));
      return eb.or(holders);
    })
    .execute();
  return rows.map((r) => r.user_id);
}
