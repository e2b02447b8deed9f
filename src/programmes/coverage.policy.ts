import { definePolicy } from '../access/policy.js';
import { inOwnSchool, inOwnUnit, role, system } from '../access/rules.js';

/** A ward's coverage, or one school's line of it (`school_id`), which its own administrator may read. */
type Coverage = { unit_id: string; school_id?: string };

/**
 * Coverage per ward and the list of schools not yet covered: the city sees every ward, a ward's
 * officer their own ward, a school's administrator their own school's line (covered or not, sessions
 * counted, against N). Reminders go out from the scheduled job (the system) or on demand by
 * the same people; the coverage settings (minimum sessions, school-year boundaries) are the city's.
 */
export const coveragePolicy = definePolicy<Coverage, 'read' | 'remind' | 'configure'>(
  'programme_coverage',
  {
    read: [
      role('system_admin', 'city_leader', 'analyst'),
      inOwnUnit<Coverage>('unit_id', 'case_worker'),
      inOwnSchool<Coverage>('school_id', 'school_admin'),
      system,
    ],
    remind: [role('system_admin', 'city_leader'), inOwnUnit<Coverage>('unit_id', 'case_worker'), system],
    configure: [role('system_admin', 'city_leader')],
  },
  { visibleAction: 'read' },
);
