import type { Tx } from '../db/database.js';
import { AppError } from '../shared/errors.js';
import type { SchoolRecord } from './rules.js';

/**
 * The school a new record is for, as the policies see it: its id and its ward today. The ward is
 * stored on the record (`unit_id`), so later moves do not rewrite where past work was done.
 */
export async function schoolRecordOf(trx: Tx, schoolId: string): Promise<SchoolRecord & { name: string; code: string }> {
  const s = await trx.selectFrom('schools').select(['id', 'unit_id', 'name', 'code']).where('id', '=', schoolId).executeTakeFirst();
  if (!s) throw new AppError(400, 'programme_school_unknown');
  return { school_id: s.id, unit_id: s.unit_id, name: s.name, code: s.code };
}
