import { definePolicy } from '../../access/policy.js';
import { inOwnAgency, inOwnUnit, role } from '../../access/rules.js';
import { caseHolders } from './holders.js';

/** A referral or transfer, with the ward/agency holding its case now. */
export type ReferralRecord = {
  case_unit_id: string | null;
  case_agency_id: string | null;
  from_unit_id: string | null;
  from_agency_id: string | null;
  to_unit_id: string | null;
  to_agency_id: string | null;
};

/**
 * Referrals and transfers: the case's holders send them; the sender's ward or agency still sees
 * them after a transfer has moved the case; the receiving ward's or agency's workers see and answer
 * those addressed to them; the sender may withdraw one still waiting. Overriding a missing consent
 * to share is for the case's managers (casePolicy `approve`, checked on the case).
 */
export const referralPolicy = definePolicy<ReferralRecord, 'read' | 'send' | 'answer' | 'withdraw'>(
  'case_referral',
  {
    read: [
      role('system_admin'),
      ...caseHolders,
      inOwnUnit<ReferralRecord>('from_unit_id', 'case_worker'),
      inOwnAgency<ReferralRecord>('from_agency_id', 'case_worker', 'agency_officer'),
      inOwnUnit<ReferralRecord>('to_unit_id', 'case_worker'),
      inOwnAgency<ReferralRecord>('to_agency_id', 'case_worker', 'agency_officer'),
    ],
    send: caseHolders,
    answer: [inOwnUnit<ReferralRecord>('to_unit_id', 'case_worker'), inOwnAgency<ReferralRecord>('to_agency_id', 'case_worker', 'agency_officer')],
    withdraw: [
      role('system_admin'),
      inOwnUnit<ReferralRecord>('from_unit_id', 'case_worker'),
      inOwnAgency<ReferralRecord>('from_agency_id', 'case_worker', 'agency_officer'),
    ],
  },
  { visibleAction: 'read' },
);
