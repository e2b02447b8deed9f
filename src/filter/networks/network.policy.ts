import { definePolicy } from '../../access/policy.js';
import { inOwnSchool, role, system } from '../../access/rules.js';

type SchoolRecord = { school_id: string };

/**
 * Ranges the city assigns to schools. The city's system administrators assign (and may declare
 * any school's networks without an assignment); city roles read; a school's administrator reads
 * the ranges of their own school. A school's networks themselves stay under `schoolFilterPolicy`.
 */
export const assignedRangePolicy = definePolicy<SchoolRecord, 'read' | 'assign'>(
  'filter_assigned_range',
  {
    read: [role('system_admin', 'analyst', 'city_leader'), inOwnSchool<SchoolRecord>('school_id', 'school_admin'), system],
    assign: [role('system_admin'), system],
  },
  { visibleAction: 'read' },
);

/** Overlaps between schools: city roles only (they name other schools' ranges). */
export const networkConflictPolicy = definePolicy<Record<string, never>, 'read'>('filter_network_conflicts', {
  read: [role('system_admin', 'analyst', 'city_leader'), system],
});
