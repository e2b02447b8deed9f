import { type ExpressionBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Scope } from './policy.js';

/** Applies a policy's list scope to a query: OR of the scopes, or no rows at all. */
export function whereScope<DB, TB extends keyof DB, O>(
  qb: SelectQueryBuilder<DB, TB, O>,
  scopes: Scope[],
  table?: string,
): SelectQueryBuilder<DB, TB, O> {
  if (scopes.some((s) => s.kind === 'all')) return qb;
  const eqs = scopes.filter((s): s is Extract<Scope, { kind: 'eq' }> => s.kind === 'eq');
  if (eqs.length === 0) return qb.where(sql<boolean>`1 = 0`);
  return qb.where((eb: ExpressionBuilder<DB, TB>) =>
    eb.or(eqs.map((s) => sql<boolean>`${sql.ref(table ? `${table}.${s.column}` : s.column)} = ${s.value}`)),
  );
}
