import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Tx } from '../../db/database.js';
import { fromRoot } from '../../shared/paths.js';
import { foldVietnamese } from '../../shared/text.js';
import type { UnitsTable } from '../tables.js';

export const CITY_ID = '01';

/** Hà Nội and its 126 wards/communes after the 2025 reform (GSO codes, dvhcvn data, MIT). */
export function hanoiUnits(now: string): UnitsTable[] {
  const rows = parse(readFileSync(fromRoot('seed', 'admin', 'hanoi_communes_2025.csv')), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const city: UnitsTable = {
    id: CITY_ID,
    name: 'Hà Nội',
    full_name: 'Thành phố Hà Nội',
    name_en: 'Hanoi',
    kind: 'city',
    parent_id: null,
    search_key: foldVietnamese('Thành phố Hà Nội'),
    created_at: now,
    updated_at: now,
  };
  return [
    city,
    ...rows.map((r): UnitsTable => {
      if (r.province_code !== CITY_ID || !r.code || !r.name || !r.full_name) throw new Error(`bad unit row ${JSON.stringify(r)}`);
      return {
        id: r.code,
        name: r.name,
        full_name: r.full_name,
        name_en: r.name_en || r.name,
        kind: r.type === 'phuong' ? 'ward' : 'commune',
        parent_id: CITY_ID,
        search_key: foldVietnamese(`${r.full_name} ${r.code}`),
        created_at: now,
        updated_at: now,
      };
    }),
  ];
}

/** Inserts missing units; never overwrites edits an administrator made. Returns how many were added. */
export async function seedUnits(trx: Tx, now: string): Promise<number> {
  const existing = new Set((await trx.selectFrom('units').select('id').execute()).map((r) => r.id));
  const missing = hanoiUnits(now).filter((u) => !existing.has(u.id));
  for (let i = 0; i < missing.length; i += 50)
    await trx
      .insertInto('units')
      .values(missing.slice(i, i + 50))
      .execute();
  return missing.length;
}
