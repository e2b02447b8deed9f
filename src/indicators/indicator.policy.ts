import { definePolicy } from '../access/policy.js';
import { role, system } from '../access/rules.js';

/**
 * The city's indicators are aggregates — counts per ward and school, never a child — read by the
 * city's leaders, analysts and administrators. Exports (CSV, reports) suppress small cells.
 */
export const indicatorPolicy = definePolicy<unknown, 'read' | 'export'>('indicator', {
  read: [role('system_admin', 'city_leader', 'analyst')],
  export: [role('system_admin', 'city_leader', 'analyst')],
});

/** Generated periodic and ad-hoc reports (.xlsx and .docx): generated on request or by the schedule. */
export const indicatorReportPolicy = definePolicy<unknown, 'read' | 'generate' | 'sign'>('indicator_report', {
  read: [role('system_admin', 'city_leader', 'analyst')],
  generate: [role('system_admin', 'city_leader', 'analyst'), system],
  // who issues and signs the reports (agency, signer): those who prepare them, never a machine
  sign: [role('system_admin', 'city_leader', 'analyst')],
});
