import { definePolicy } from '../access/policy.js';
import { role } from '../access/rules.js';

/**
 * The console's home page: every staff account has one (what it shows is decided by the features'
 * own policies, in home-counts.ts). Machine tokens have no home page.
 */
export const homePolicy = definePolicy<unknown, 'read'>('home', {
  read: [role('system_admin', 'city_leader', 'intake_officer', 'case_worker', 'agency_officer', 'analyst', 'school_admin')],
});
