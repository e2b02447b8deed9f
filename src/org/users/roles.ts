import type { Role } from '../../access/actor.js';

/**
 * Roles and the scope each one needs. A case worker works for a ward/commune or for an agency;
 * an agency officer for an agency; a school administrator for one school.
 */
export const ROLES: Record<Role, { vi: string; en: string; scope: 'none' | 'unit_or_agency' | 'agency' | 'school' }> = {
  system_admin: { vi: 'Quản trị hệ thống', en: 'System administrator', scope: 'none' },
  city_leader: { vi: 'Lãnh đạo thành phố', en: 'City leader', scope: 'none' },
  intake_officer: { vi: 'Cán bộ tiếp nhận', en: 'Intake officer', scope: 'none' },
  case_worker: { vi: 'Cán bộ xử lý vụ việc', en: 'Case worker', scope: 'unit_or_agency' },
  agency_officer: { vi: 'Cán bộ cơ quan', en: 'Agency officer', scope: 'agency' },
  analyst: { vi: 'Chuyên viên phân tích', en: 'Analyst', scope: 'none' },
  school_admin: { vi: 'Quản trị trường học', en: 'School administrator', scope: 'school' },
};

export const ROLE_CODES = Object.keys(ROLES) as Role[];
