import { definePolicy } from '../../access/policy.js';
import { role } from '../../access/rules.js';

/** The SLA steps: those who work or oversee cases read them; administrators set them. */
export const slaStepsPolicy = definePolicy<unknown, 'read' | 'update'>('case_sla_steps', {
  read: [role('system_admin', 'city_leader', 'case_worker', 'agency_officer')],
  update: [role('system_admin')],
});
