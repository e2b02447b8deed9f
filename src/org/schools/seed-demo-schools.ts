import type { Tx } from '../../db/database.js';
import type { SchoolLevel } from '../tables.js';
import { schoolSearchKey } from './save-school.js';

/**
 * Demo schools for trying the platform. No public list of Hanoi schools is available to us, so
 * these are plainly fictional, coded DEMO-… and named "(Demo)": never mistaken for real ones.
 * A real deployment imports its schools (`lachan import schools FILE`) and may delete these.
 */
export const DEMO_SCHOOLS: Array<{ code: string; name: string; level: SchoolLevel; unitId: string }> = [
  { code: 'DEMO-MN-01', name: 'Trường Mầm non Lá Chắn 1 (Demo)', level: 'kindergarten', unitId: '00070' },
  { code: 'DEMO-TH-01', name: 'Trường Tiểu học Lá Chắn 1 (Demo)', level: 'primary', unitId: '00070' },
  { code: 'DEMO-THCS-01', name: 'Trường THCS Lá Chắn 1 (Demo)', level: 'lower_secondary', unitId: '00004' },
  { code: 'DEMO-THPT-01', name: 'Trường THPT Lá Chắn 1 (Demo)', level: 'upper_secondary', unitId: '00004' },
  { code: 'DEMO-LC-01', name: 'Trường Liên cấp Lá Chắn 1 (Demo)', level: 'multi_level', unitId: '00082' },
  { code: 'DEMO-CS-01', name: 'Cơ sở chăm sóc trẻ em Lá Chắn 1 (Demo)', level: 'care_facility', unitId: '00008' },
];

export async function seedDemoSchools(trx: Tx, now: string, newId: () => string): Promise<number> {
  const existing = new Set((await trx.selectFrom('schools').select('code').execute()).map((r) => r.code));
  const missing = DEMO_SCHOOLS.filter((s) => !existing.has(s.code));
  if (missing.length === 0) return 0;
  await trx
    .insertInto('schools')
    .values(
      missing.map((s) => ({
        id: newId(),
        code: s.code,
        name: s.name,
        level: s.level,
        unit_id: s.unitId,
        address: null,
        is_demo: 1,
        search_key: schoolSearchKey(s.name, s.code),
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  return missing.length;
}
