import { definePolicy } from '../../access/policy.js';
import { inOwnAgency, inOwnUnit, role } from '../../access/rules.js';
import type { IntakeHandoversTable } from '../tables.js';

type Handover = Pick<IntakeHandoversTable, 'unit_id' | 'agency_id'>;

/**
 * Hand-overs from the reporting centre: the ward or agency they are addressed to sees them in its
 * inbox and takes them (case management opens a case from one); the intake desk follows them.
 */
export const handoverPolicy = definePolicy<Handover, 'read' | 'take'>(
  'intake_handover',
  {
    read: [
      role('system_admin', 'intake_officer'),
      inOwnUnit<Handover>('unit_id', 'case_worker'),
      inOwnAgency<Handover>('agency_id', 'case_worker', 'agency_officer'),
    ],
    take: [inOwnUnit<Handover>('unit_id', 'case_worker'), inOwnAgency<Handover>('agency_id', 'case_worker', 'agency_officer')],
  },
  { visibleAction: 'read' },
);
