import { inOwnAgency, inOwnUnit } from '../../access/rules.js';

/**
 * Case work's records are read through a query that carries the case's holder beside their own
 * columns (`case_unit_id`, `case_agency_id`), so one declaration checks a record and filters a list.
 * No machine token works cases (children's data): no case-work policy has a token rule.
 *
 * These are the workers of the ward or agency holding the record's case.
 */
type Held = { case_unit_id: string | null; case_agency_id: string | null };

export const caseHolders = [inOwnUnit<Held>('case_unit_id', 'case_worker'), inOwnAgency<Held>('case_agency_id', 'case_worker', 'agency_officer')] as const;
