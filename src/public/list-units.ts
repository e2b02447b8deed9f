import type { Tx } from '../db/database.js';
import type { Lang } from '../shared/i18n.js';
import type { Unit } from './render.js';

/**
 * The units a report can be addressed to (every ward and district, not the city itself), sorted
 * in Vietnamese order in both languages so the form's list reads the same way in either.
 */
export async function reportableUnits(db: Tx): Promise<Record<Lang, Unit[]>> {
  const rows = await db.selectFrom('units').select(['id', 'full_name', 'name_en', 'kind']).where('kind', '!=', 'city').execute();
  const collator = new Intl.Collator('vi');
  const vi = rows.map((r) => ({ id: r.id, name: r.full_name, kind: r.kind })).sort((a, b) => collator.compare(a.name, b.name));
  const en = rows.map((r) => ({ id: r.id, name: r.name_en, kind: r.kind })).sort((a, b) => collator.compare(a.name, b.name));
  return { vi, en };
}
