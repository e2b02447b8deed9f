import { inOwnSchool, inOwnUnit, role } from '../access/rules.js';

/**
 * Who may touch a school's programme records (sessions, trainings, checklists, learning
 * platforms): the school's administrator for their school, the ward's officer (`case_worker`)
 * for schools of their ward, and the city's roles — leaders and analysts read, the system
 * administrator also writes. Each `*.policy.ts` of this folder builds on these two lists, so the
 * kinds of record cannot drift apart. No machine token may touch them (none was asked for).
 */
export type SchoolRecord = { school_id: string; unit_id: string };

export const readSchoolRecords = [
  role('system_admin', 'city_leader', 'analyst'),
  inOwnUnit<SchoolRecord>('unit_id', 'case_worker'),
  inOwnSchool<SchoolRecord>('school_id', 'school_admin'),
];

export const writeSchoolRecords = [
  role('system_admin'),
  inOwnUnit<SchoolRecord>('unit_id', 'case_worker'),
  inOwnSchool<SchoolRecord>('school_id', 'school_admin'),
];
