import { definePolicy } from '../access/policy.js';
import { inOwnAgency, inOwnUnit, role } from '../access/rules.js';

/** A ward's or agency's case settings (which steps need approval) and its designated case managers. */
type SettingsRecord = { owner_id: string };

/** System administrators everywhere; an agency's officers for their own agency. Holders read their own. */
export const caseSettingsPolicy = definePolicy<SettingsRecord, 'read' | 'update'>(
  'case_settings',
  {
    read: [
      role('system_admin'),
      inOwnAgency<SettingsRecord>('owner_id', 'agency_officer', 'case_worker'),
      inOwnUnit<SettingsRecord>('owner_id', 'case_worker'),
    ],
    update: [role('system_admin'), inOwnAgency<SettingsRecord>('owner_id', 'agency_officer')],
  },
  { visibleAction: 'read' },
);
