import type { Tx } from '../../db/database.js';
import { AppError } from '../../shared/errors.js';

/** The ward, agency or school an input names exists (400 naming the field otherwise). */
export async function knownUnit(db: Tx, id: string, field: string): Promise<string> {
  const u = await db.selectFrom('units').select(['id', 'kind']).where('id', '=', id).executeTakeFirst();
  if (!u || u.kind === 'city') throw new AppError(400, 'case_bad_reference', { field });
  return u.id;
}

export async function knownAgency(db: Tx, id: string, field: string): Promise<string> {
  const a = await db.selectFrom('agencies').select('id').where('id', '=', id).executeTakeFirst();
  if (!a) throw new AppError(400, 'case_bad_reference', { field });
  return a.id;
}

export async function knownSchool(db: Tx, id: string, field: string): Promise<string> {
  const s = await db.selectFrom('schools').select('id').where('id', '=', id).executeTakeFirst();
  if (!s) throw new AppError(400, 'case_bad_reference', { field });
  return s.id;
}
