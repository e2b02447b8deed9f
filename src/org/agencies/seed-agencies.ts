import type { Tx } from '../../db/database.js';
import type { AgenciesTable } from '../tables.js';
import { CITY_ID } from '../units/seed-units.js';

/**
 * The 2026 structure (see shared/design/DOMAIN.md): after the 2025 reforms, child protection sits
 * with Health, information & communications with Science & Technology, online information with
 * Culture. A starting point for administrators to edit; seeding never overwrites their edits.
 */
const AGENCIES: Array<Pick<AgenciesTable, 'code' | 'name' | 'name_en'> & { responsibilities: string[] }> = [
  {
    code: 'SYT',
    name: 'Sở Y tế Hà Nội',
    name_en: 'Hanoi Department of Health',
    responsibilities: ['victim_support', 'staff_training', 'parent_education', 'coordination', 'monitoring_reporting'],
  },
  {
    code: 'SKHCN',
    name: 'Sở Khoa học và Công nghệ Hà Nội',
    name_en: 'Hanoi Department of Science and Technology',
    responsibilities: ['information_security', 'school_filter', 'content_review', 'monitoring_reporting'],
  },
  {
    code: 'SVHTT',
    name: 'Sở Văn hóa và Thể thao Hà Nội',
    name_en: 'Hanoi Department of Culture and Sports',
    responsibilities: ['content_review', 'takedown', 'outreach', 'intake'],
  },
  {
    code: 'SGDDT',
    name: 'Sở Giáo dục và Đào tạo Hà Nội',
    name_en: 'Hanoi Department of Education and Training',
    responsibilities: ['education_programmes', 'online_teaching_rules', 'school_filter', 'parent_education'],
  },
  {
    code: 'CATP',
    name: 'Công an Thành phố Hà Nội (Phòng An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao)',
    name_en: 'Hanoi City Police (Cyber Security and High-Tech Crime Division)',
    responsibilities: ['violation_handling', 'criminal_investigation', 'takedown'],
  },
  { code: 'STP', name: 'Sở Tư pháp Hà Nội', name_en: 'Hanoi Department of Justice', responsibilities: ['outreach', 'violation_handling'] },
  { code: 'TDTN', name: 'Thành đoàn Hà Nội', name_en: 'Hanoi Youth Union', responsibilities: ['outreach', 'education_programmes'] },
  { code: 'HLHPN', name: 'Hội Liên hiệp Phụ nữ Thành phố Hà Nội', name_en: "Hanoi Women's Union", responsibilities: ['parent_education', 'outreach'] },
  {
    code: 'TTXL',
    name: 'Trung tâm tiếp nhận, xử lý phản ánh về trẻ em trên không gian mạng',
    name_en: 'Centre for reports on children online',
    responsibilities: ['intake', 'coordination', 'content_review', 'monitoring_reporting'],
  },
];

export async function seedAgencies(trx: Tx, now: string, newId: () => string): Promise<number> {
  const existing = new Set((await trx.selectFrom('agencies').select('code').execute()).map((r) => r.code));
  const missing = AGENCIES.filter((a) => !existing.has(a.code));
  if (missing.length === 0) return 0;
  await trx
    .insertInto('agencies')
    .values(
      missing.map((a) => ({
        id: newId(),
        code: a.code,
        name: a.name,
        name_en: a.name_en,
        level: 'city' as const,
        unit_id: CITY_ID,
        responsibilities: JSON.stringify(a.responsibilities),
        email: null,
        phone: null,
        active: 1,
        created_at: now,
        updated_at: now,
      })),
    )
    .execute();
  return missing.length;
}
