import type { Tx } from '../../db/database.js';
import { t } from '../../shared/i18n.js';
import { categoryLabel } from '../blockpage.js';
import { FilterEngine } from '../engine/engine.js';
import { ACTION, type Decision } from '../engine/policy.js';
import { BANDS, type Band } from '../model.js';
import { buildSnapshot } from '../store.js';

/**
 * "Does this allow entry do anything?": a school's allow entry never overrides a city-mandatory
 * category, nor a city or school block entry (policy.ts decides those before allow entries).
 * Answered with the filter's own engine over the current snapshot (which already holds the allow),
 * so what the console says is what the DNS answers: any block that remains makes it not effective.
 */
export type AllowNoEffectReason = 'mandatory_category' | 'city_block' | 'school_block' | 'blocked';
export interface AllowEffect {
  domain: string;
  band: Band | 'all';
  effective: boolean;
  reason: AllowNoEffectReason | null;
  category: string | null;
  categoryNameVi: string | null;
  categoryNameEn: string | null;
  messageVi: string | null;
  messageEn: string | null;
}

const MESSAGE: Record<AllowNoEffectReason, string> = {
  mandatory_category: 'filter.allow_no_effect',
  city_block: 'filter.allow_no_effect_city_block',
  school_block: 'filter.allow_no_effect_school_block',
  blocked: 'filter.allow_no_effect_blocked',
};

function reasonOf(d: Decision): AllowNoEffectReason {
  if (d.mandatory) return 'mandatory_category';
  if (d.rule === 'city_block' || d.rule === 'school_block') return d.rule;
  return 'blocked';
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
      let overridden: { category: string; reason: AllowNoEffectReason } | null = null;
      for (const b of bands) {
        let d: ReturnType<FilterEngine['check']>;
        try {
          d = engine.check(name, schoolId, b);
        } catch {
          continue;
        }
        if (d.action === ACTION.BLOCK) {
          overridden = { category: d.category, reason: reasonOf(d) };
          break;
        }
      }
      const key = overridden ? MESSAGE[overridden.reason] : '';
      const params = overridden ? { domain: name, category: categoryLabel(overridden.category, 'vi') } : {};
      out.push({
        domain: e.domain,
        band: e.band,
        effective: !overridden,
        reason: overridden?.reason ?? null,
        category: overridden?.category ?? null,
        categoryNameVi: overridden ? categoryLabel(overridden.category, 'vi') : null,
        categoryNameEn: overridden ? categoryLabel(overridden.category, 'en') : null,
        messageVi: overridden ? t('vi', key, params) : null,
        messageEn: overridden ? t('en', key, { ...params, category: categoryLabel(overridden.category, 'en') }) : null,
      });
    }
    return out;
  } finally {
    engine.close();
  }
}
