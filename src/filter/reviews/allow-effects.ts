import type { Tx } from '../../db/database.js';
import { t } from '../../shared/i18n.js';
import { categoryLabel } from '../blockpage.js';
import { FilterEngine } from '../engine/engine.js';
import { ACTION } from '../engine/policy.js';
import { BANDS, type Band } from '../model.js';
import { buildSnapshot } from '../store.js';

/**
 * "Does this allow entry do anything?": a school's allow entry never overrides a city-mandatory
 * category (policy.ts decides mandatory categories first). Answered with the filter's own
 * engine over the current snapshot, so what the console says is what the DNS answers.
 */
export interface AllowEffect {
  domain: string;
  band: Band | 'all';
  effective: boolean;
  reason: 'mandatory_category' | null;
  category: string | null;
  categoryNameVi: string | null;
  categoryNameEn: string | null;
  messageVi: string | null;
  messageEn: string | null;
}

export async function allowEffects(db: Tx, dataDir: string, schoolId: string, entries: Array<{ band: Band | 'all'; domain: string }>): Promise<AllowEffect[]> {
  if (entries.length === 0) return [];
  const { snapshot, tables } = await buildSnapshot(db, dataDir, new Date().toISOString());
  const engine = new FilterEngine(snapshot, tables);
  try {
    const out: AllowEffect[] = [];
    for (const e of entries) {
      const name = e.domain.replace(/^\*\./, '').replace(/^@@/, '');
      const bands = e.band === 'all' ? BANDS : [e.band];
      let overridden: { category: string } | null = null;
      for (const b of bands) {
        let d: ReturnType<FilterEngine['check']>;
        try {
          d = engine.check(name, schoolId, b);
        } catch {
          continue;
        }
        if (d.action === ACTION.BLOCK && d.mandatory) {
          overridden = { category: d.category };
          break;
        }
      }
      const params = overridden ? { domain: name, category: categoryLabel(overridden.category, 'vi') } : {};
      out.push({
        domain: e.domain,
        band: e.band,
        effective: !overridden,
        reason: overridden ? 'mandatory_category' : null,
        category: overridden?.category ?? null,
        categoryNameVi: overridden ? categoryLabel(overridden.category, 'vi') : null,
        categoryNameEn: overridden ? categoryLabel(overridden.category, 'en') : null,
        messageVi: overridden ? t('vi', 'filter.allow_no_effect', params) : null,
        messageEn: overridden ? t('en', 'filter.allow_no_effect', { ...params, category: categoryLabel(overridden.category, 'en') }) : null,
      });
    }
    return out;
  } finally {
    engine.close();
  }
}
