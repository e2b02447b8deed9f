import type { Tx } from '../db/database.js';
import { DETECT_FEED_LABELS } from '../detect/feed.js';
import { BAND_LABELS, blockCategoryLabels } from '../filter/stats/feed.js';
import { INTAKE_FEED_LABELS } from '../intake/feed.js';
import type { Lang } from '../shared/i18n.js';

type Label = { vi: string; en: string };

/** School levels (the programmes' coverage rows carry the school's level). */
const LEVELS: Record<string, Label> = {
  kindergarten: { vi: 'Mầm non', en: 'Kindergarten' },
  primary: { vi: 'Tiểu học', en: 'Primary' },
  lower_secondary: { vi: 'Trung học cơ sở', en: 'Lower secondary' },
  upper_secondary: { vi: 'Trung học phổ thông', en: 'Upper secondary' },
  multi_level: { vi: 'Nhiều cấp học', en: 'Several levels' },
  continuing_education: { vi: 'Giáo dục thường xuyên', en: 'Continuing education' },
  care_facility: { vi: 'Cơ sở chăm sóc trẻ em', en: 'Child-care facility' },
};

/** Decisions on a violator (the cases feed's decision codes). */
const DECISIONS: Record<string, Label> = {
  administrative_sanction: { vi: 'Xử phạt vi phạm hành chính', en: 'Administrative sanction' },
  criminal_referral: { vi: 'Chuyển cơ quan điều tra', en: 'Referred for criminal investigation' },
  takedown: { vi: 'Gỡ bỏ nội dung', en: 'Content taken down' },
  no_violation: { vi: 'Không có vi phạm', en: 'No violation' },
  warning: { vi: 'Nhắc nhở, cảnh cáo', en: 'Warning' },
};

const OTHER: Label = { vi: 'Khác', en: 'Other' };

/** Names for every dimension key the indicators break down by; a code nobody named reads "Other", never raw. */
export async function dimensionLabels(db: Tx): Promise<(dimension: string, key: string, lang: Lang) => string> {
  const blockCategories = await blockCategoryLabels(db);
  const maps: Record<string, Record<string, Label>> = {
    channel: INTAKE_FEED_LABELS.channel,
    category: INTAKE_FEED_LABELS.category,
    priority: INTAKE_FEED_LABELS.priority,
    outcome: DETECT_FEED_LABELS.outcome,
    harmful_category: DETECT_FEED_LABELS.category,
    status: DETECT_FEED_LABELS.takedown,
    band: BAND_LABELS,
    block_category: blockCategories,
    level: LEVELS,
    decision: DECISIONS,
  };
  return (dimension, key, lang) => (maps[dimension]?.[key] ?? OTHER)[lang];
}

/** Names of wards and schools for the rankings (reference data: no child, no record of a feature). */
export async function placeNames(db: Tx, lang: Lang): Promise<{ ward(id: string): string; school(id: string): string }> {
  const [units, schools] = await Promise.all([
    db.selectFrom('units').select(['id', 'name', 'name_en']).execute(),
    db.selectFrom('schools').select(['id', 'name']).execute(),
  ]);
  const u = new Map(units.map((r) => [r.id, lang === 'vi' ? r.name : r.name_en]));
  const s = new Map(schools.map((r) => [r.id, r.name]));
  const unknownWard = lang === 'vi' ? 'Không rõ phường, xã' : 'Ward not known';
  const unknownSchool = lang === 'vi' ? 'Trường không còn trong danh sách' : 'School no longer listed';
  return { ward: (id) => (id ? (u.get(id) ?? unknownWard) : unknownWard), school: (id) => s.get(id) ?? unknownSchool };
}
