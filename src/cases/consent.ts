import type { Tx } from '../db/database.js';
import type { CaseState } from './reduce.js';

/**
 * Whether the child (or guardian) consented to sharing this case with this agency, and has not
 * withdrawn it: the latest `consent_recorded`/`consent_withdrawn` for that agency, as the case's
 * derived state holds it. Case work's referrals call this before sending anything
 * (src/cases/work): without consent a referral needs a manager's override with a reason.
 */
export async function hasConsentToShare(trx: Tx, caseId: string, agencyId: string): Promise<boolean> {
  const row = await trx.selectFrom('cases').select('state').where('id', '=', caseId).executeTakeFirst();
  if (!row) return false;
  return shareConsent(JSON.parse(row.state) as CaseState, agencyId) === 'given';
}

/** given | refused | withdrawn | null (never asked) for one agency. */
export const shareConsent = (state: CaseState, agencyId: string): string | null => state.consent.share[agencyId] ?? null;
