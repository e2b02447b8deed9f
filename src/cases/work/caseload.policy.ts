import { definePolicy } from '../../access/policy.js';
import { inOwnAgency, inOwnUnit, role } from '../../access/rules.js';

/** A ward's or an agency's caseload (counts per worker; no child's data). */
export type CaseloadRecord = { unit_id: string | null; agency_id: string | null };

/** The city's leaders see every unit's load; a ward's or agency's workers see their own team's. */
export const caseloadPolicy = definePolicy<CaseloadRecord, 'read'>('case_caseload', {
  read: [
    role('system_admin', 'city_leader'),
    inOwnUnit<CaseloadRecord>('unit_id', 'case_worker'),
    inOwnAgency<CaseloadRecord>('agency_id', 'case_worker', 'agency_officer'),
  ],
});
