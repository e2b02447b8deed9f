import { definePolicy } from '../../access/policy.js';
import { inOwnSchool, role } from '../../access/rules.js';

/**
 * Who sees and answers "this is a mistake" requests. A school's administrator: their own school's
 * requests (allow for the school, escalate, decline). The city (system administrators, analysts):
 * requests escalated to it and those about city-mandatory categories, which only the city can
 * change; city leaders read. No rule reveals who asked: nobody is recorded.
 */
type ReviewRecord = { school_id: string };

export const reviewPolicy = definePolicy<ReviewRecord, 'read' | 'answer_school' | 'answer_city' | 'decline'>(
  'filter_review',
  {
    read: [role('system_admin', 'analyst', 'city_leader'), inOwnSchool<ReviewRecord>('school_id', 'school_admin')],
    answer_school: [role('system_admin'), inOwnSchool<ReviewRecord>('school_id', 'school_admin')],
    answer_city: [role('system_admin', 'analyst')],
    decline: [role('system_admin', 'analyst'), inOwnSchool<ReviewRecord>('school_id', 'school_admin')],
  },
  { visibleAction: 'read' },
);

/** Staff-band live view: the school's own administrator (and system administrators). */
export const liveViewPolicy = definePolicy<ReviewRecord, 'read'>('filter_live', {
  read: [role('system_admin'), inOwnSchool<ReviewRecord>('school_id', 'school_admin')],
});
