import type { Tx } from '../../db/database.js';
import type { Lang } from '../../shared/i18n.js';

/**
 * Names of wards and agencies for people (never their ids): who sent a referral, who received it,
 * which unit holds a case. One query per kind for a whole page.
 */
export interface PartyNames {
  name(unitId: string | null, agencyId: string | null): string;
}

export async function partyNames(db: Tx, lang: Lang, ids: ReadonlyArray<{ unitId: string | null; agencyId: string | null }>): Promise<PartyNames> {
  const unitIds = [...new Set(ids.map((p) => p.unitId).filter((x): x is string => !!x))];
  const agencyIds = [...new Set(ids.map((p) => p.agencyId).filter((x): x is string => !!x))];
  const [units, agencies] = await Promise.all([
    unitIds.length ? db.selectFrom('units').select(['id', 'name', 'name_en']).where('id', 'in', unitIds).execute() : [],
    agencyIds.length ? db.selectFrom('agencies').select(['id', 'name', 'name_en']).where('id', 'in', agencyIds).execute() : [],
  ]);
  const u = new Map(units.map((r) => [r.id, lang === 'en' ? r.name_en : r.name]));
  const a = new Map(agencies.map((r) => [r.id, lang === 'en' ? r.name_en : r.name]));
  const unknown = lang === 'en' ? 'Unknown unit' : 'Đơn vị không rõ';
  return {
    name: (unitId, agencyId) => {
      const parts = [agencyId ? a.get(agencyId) : undefined, unitId ? u.get(unitId) : undefined].filter((x): x is string => !!x);
      return parts.length ? parts.join(' — ') : unknown;
    },
  };
}
