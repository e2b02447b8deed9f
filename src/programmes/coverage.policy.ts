import { definePolicy } from '../access/policy.js';
import { inOwnUnit, role, system } from '../access/rules.js';

type Coverage = { unit_id: string };

/**
 * Coverage per ward and the list of schools not yet covered: the city sees every ward, a ward's
 * officer their own ward. Reminders go out from the scheduled job (the system) or on demand by
 * the same people; the coverage settings (minimum sessions, school-year boundaries) are the city's.
 */
export const coveragePolicy = definePolicy<Coverage, 'read' | 'remind' | 'configure'>(
  'programme_coverage',
  {
    read: [role('system_admin', 'city_leader', 'analyst'), inOwnUnit<Coverage>('unit_id', 'case_worker'), system],
    remind: [role('system_admin', 'city_leader'), inOwnUnit<Coverage>('unit_id', 'case_worker'), system],
    configure: [role('system_admin', 'city_leader')],
  },
  { visibleAction: 'read' },
);
