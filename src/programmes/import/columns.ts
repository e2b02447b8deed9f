import type { Audience } from '../tables.js';

/**
 * The .xlsx template's layout, shared by the generator (template.ts) and the reader (read-rows.ts)
 * so the two cannot disagree. Headers are Vietnamese; the reader matches them accent- and
 * case-insensitively, and by position as the template puts them.
 */
export const DATA_SHEET = 'Buổi học';
export const LISTS_SHEET = 'Danh mục';
export const GUIDE_SHEET = 'Hướng dẫn';

export const COLUMNS = [
  { key: 'school', header: 'Mã trường', width: 16, required: true },
  { key: 'heldOn', header: 'Ngày tổ chức', width: 14, required: true },
  { key: 'topic', header: 'Chủ đề', width: 40, required: true },
  { key: 'audience', header: 'Đối tượng', width: 14, required: true },
  { key: 'grades', header: 'Khối lớp', width: 10, required: false },
  { key: 'attendance', header: 'Số người tham dự', width: 16, required: true },
  { key: 'materials', header: 'Tài liệu sử dụng', width: 40, required: false },
] as const;
export type ColumnKey = (typeof COLUMNS)[number]['key'];

/** What the audience column's drop-down offers, and the words accepted for each audience. */
export const AUDIENCE_LABELS: Record<Audience, { vi: string; accepts: string[] }> = {
  students: { vi: 'Học sinh', accepts: ['hoc sinh', 'hs', 'tre', 'students', 'student'] },
  parents: { vi: 'Phụ huynh', accepts: ['phu huynh', 'ph', 'cha me', 'parents', 'parent'] },
  teachers: { vi: 'Giáo viên', accepts: ['giao vien', 'gv', 'can bo giao vien', 'teachers', 'teacher'] },
};

/** Data rows one file may hold; above it the file is refused as a whole, before any row is checked. */
export const MAX_IMPORT_ROWS = 20_000;
/** The upload limit (the multipart limit of the HTTP app is the same). */
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
