import type { Tx } from '../../db/database.js';
import { t } from '../../shared/i18n.js';
import { readCategories } from '../store.js';

export interface CategoryCoverage {
  code: string;
  kind: string;
  mandatory: boolean;
  domains: number;
  lists: number;
  empty: boolean;
  hintVi: string | null;
  hintEn: string | null;
}

/**
 * How many names each category really blocks. A ticked category with no list behind it blocks
 * nothing; the console must say so (issue 11) and how to connect a source. Abuse material lists
 * (IWF, INHOPE members' lists) are given to members only: the hint names them.
 */
export async function categoryCoverage(db: Tx): Promise<CategoryCoverage[]> {
  const cats = await readCategories(db);
  const rows = await db
    .selectFrom('filter_lists')
    .select(['category_code', (eb) => eb.fn.sum<number>('entry_count').as('n'), (eb) => eb.fn.count<number>('id').as('lists')])
    .where('enabled', '=', 1)
    .groupBy('category_code')
    .execute();
  const decisions = await db
    .selectFrom('filter_guard_decisions')
    .select(['category_code', (eb) => eb.fn.count<number>('id').as('n')])
    .where('revoked_at', 'is', null)
    .groupBy('category_code')
    .execute();
  return cats.map((c) => {
    const r = rows.find((x) => x.category_code === c.code);
    const domains = Number(r?.n ?? 0) + Number(decisions.find((x) => x.category_code === c.code)?.n ?? 0);
    const empty = domains === 0;
    const key = c.code === 'csam' ? 'filter.category_empty_csam' : 'filter.category_empty';
    return {
      code: c.code,
      kind: c.kind,
      mandatory: c.mandatory,
      domains,
      lists: Number(r?.lists ?? 0),
      empty,
      hintVi: empty ? t('vi', key, { category: c.vi }) : null,
      hintEn: empty ? t('en', key, { category: c.en }) : null,
    };
  });
}
