import type { Tx } from '../../../db/database.js';
import { notFound } from '../../../shared/errors.js';
import { type ReferralRow, referralRows } from './referral-rows.js';

/** One referral with its case's holder (what referral.policy.ts decides on), or 404. */
export async function loadReferral(trx: Tx, id: string): Promise<ReferralRow> {
  const row = await referralRows(trx).where('r.id', '=', id).executeTakeFirst();
  if (!row) throw notFound();
  return row;
}
