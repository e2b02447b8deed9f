import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { EqScope, Scope } from './policy.js';

/** Applies a policy's list scope to a query: OR of the scopes (each an AND of equalities), or no rows at all. */
export function whereScope<DB, TB extends keyof DB, O>(qb: SelectQueryBuilder<DB, TB, O>, scopes: Scope[], table?: string): SelectQueryBuilder<DB, TB, O> {
  if (scopes.some((s) => s.kind === 'all')) return qb;
  const conjunctions: EqScope[][] = [];
  for (const s of scopes) {
    if (s.kind === 'eq') conjunctions.push([s]);
    // an empty AND would be "true": never let a malformed scope open every row
    else if (s.kind === 'allOf' && s.eqs.length > 0) conjunctions.push(s.eqs);
  }
  if (conjunctions.length === 0) return qb.where(sql<boolean>`1 = 0`);
  const eq = (s: EqScope) => sql<boolean>`${sql.ref(table ? `${table}.${s.column}` : s.column)} = ${s.value}`;
  return qb.where((eb: ExpressionBuilder<DB, TB>) => eb.or(conjunctions.map((c) => (c.length === 1 ? eq(c[0] as EqScope) : eb.and(c.map(eq))))));
}
