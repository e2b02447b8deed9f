import { definePolicy } from '../../access/policy.js';
import { role, system } from '../../access/rules.js';

/**
 * Hash banks hold fingerprints of abuse material. Analysts and system administrators manage
 * them and see their content; city leaders see only that the banks exist and how big they are
 * (`count`), never a hash. Hashing an uploaded image and matching it: analysts and administrators.
 */
export const bankPolicy = definePolicy<unknown, 'count' | 'read' | 'manage' | 'hash'>('detect_bank', {
  count: [role('system_admin', 'analyst', 'city_leader'), system],
  read: [role('system_admin', 'analyst'), system],
  manage: [role('system_admin', 'analyst'), system],
  hash: [role('system_admin', 'analyst'), system],
});
