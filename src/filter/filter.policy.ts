import { definePolicy } from '../access/policy.js';
import { inOwnSchool, role, self, system, tokenScope } from '../access/rules.js';

/**
 * Who may do what with the DNS filter.
 * City configuration (band policies, categories, lists, resolver settings): system administrators
 * and analysts edit; city leaders read. A school's own additions, networks and counsellor: that
 * school's administrator (and system administrators). Statistics: city-wide roles see every
 * school, a school administrator their own. Alerts: the counsellor they were sent to.
 */
type CityRecord = Record<string, never>;
type SchoolRecord = { school_id: string };
type AlertRecord = { recipient_user_id: string | null; school_id: string };

export const cityFilterPolicy = definePolicy<CityRecord, 'read' | 'update' | 'import'>('filter_city', {
  read: [role('system_admin', 'analyst', 'city_leader', 'school_admin'), tokenScope('filter:sync', 'beyond limits'), system],
  update: [role('system_admin', 'analyst'), system],
  import: [role('system_admin', 'analyst'), system],
});

export const schoolFilterPolicy = definePolicy<SchoolRecord, 'read' | 'update'>(
  'filter_school',
  {
    read: [
      role('system_admin', 'analyst', 'city_leader'),
      inOwnSchool<SchoolRecord>('school_id', 'school_admin'),
      // a filter node's token limited to one school reads that school's rules and networks only
      tokenScope<SchoolRecord>('filter:sync', { school: 'school_id' }),
      system,
    ],
    update: [role('system_admin'), inOwnSchool<SchoolRecord>('school_id', 'school_admin'), system],
  },
  { visibleAction: 'read' },
);

export const filterStatsPolicy = definePolicy<SchoolRecord, 'read' | 'read_log'>(
  'filter_stats',
  {
    read: [role('system_admin', 'analyst', 'city_leader'), inOwnSchool<SchoolRecord>('school_id', 'school_admin'), system],
    // the query log holds names looked up (by subnet, never a person): administrators only
    read_log: [role('system_admin'), system],
  },
  { visibleAction: 'read' },
);

export const filterAlertPolicy = definePolicy<AlertRecord, 'read' | 'acknowledge'>(
  'filter_alert',
  {
    read: [role('system_admin'), self<AlertRecord>('recipient_user_id')],
    acknowledge: [self<AlertRecord>('recipient_user_id')],
  },
  { visibleAction: 'read' },
);
