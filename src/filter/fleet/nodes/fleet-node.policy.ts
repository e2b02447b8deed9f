import { definePolicy } from '../../../access/policy.js';
import { role } from '../../../access/rules.js';

/**
 * Filter nodes are the city's infrastructure: the system administrators enrol and revoke them;
 * the city's other roles see the fleet (which school is filtered by what, and whether it works).
 * Schools do not manage nodes: a node may serve several schools, and its token opens their policies.
 */
export const fleetNodePolicy = definePolicy<unknown, 'read' | 'enrol' | 'revoke'>('filter_fleet_node', {
  read: [role('system_admin', 'analyst', 'city_leader')],
  enrol: [role('system_admin')],
  revoke: [role('system_admin')],
});
