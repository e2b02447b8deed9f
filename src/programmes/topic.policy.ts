import { definePolicy } from '../access/policy.js';
import { anyStaff, role } from '../access/rules.js';

/** The catalogue of session topics: every staff member reads it; the city edits it. */
export const topicPolicy = definePolicy<unknown, 'read' | 'create' | 'update'>('programme_topic', {
  read: [anyStaff],
  create: [role('system_admin', 'city_leader')],
  update: [role('system_admin', 'city_leader')],
});
