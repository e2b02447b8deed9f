import { AppError } from '../shared/errors.js';
import type { Actor } from './actor.js';

/**
 * Who may do what, declared once per kind of record (one `*.policy.ts` beside the feature).
 * A rule answers two questions with one declaration: may this actor act on this record
 * (`test`), and which rows may a list show (`scope`, turned into SQL by the repository).
 * Routes never decide access themselves; they call `authorize` or `listScope`.
 */
export type EqScope = { kind: 'eq'; column: string; value: string };
/** `allOf`: every condition holds (a token limited to a school and a ward: both must match). */
export type Scope = { kind: 'all' } | { kind: 'none' } | EqScope | { kind: 'allOf'; eqs: EqScope[] };

export interface Rule<R> {
  readonly describe: string;
  test(actor: Actor, record: R | undefined): boolean;
  scope(actor: Actor): Scope;
}

export interface Policy<R, A extends string> {
  readonly subject: string;
  readonly rules: Readonly<Record<A, readonly Rule<R>[]>>;
  can(actor: Actor, action: A, record?: R): boolean;
  /** Throws 404 when the actor may not even see the record, 403 when they see it but may not act. */
  authorize(actor: Actor, action: A, record?: R): void;
  /** Row filters (OR-ed) for listing; empty means nothing is visible. */
  listScope(actor: Actor, action: A): Scope[];
}

export function definePolicy<R, A extends string>(subject: string, rules: Record<A, readonly Rule<R>[]>, options: { visibleAction?: A } = {}): Policy<R, A> {
  const can = (actor: Actor, action: A, record?: R) => rules[action].some((r) => r.test(actor, record));
  return {
    subject,
    rules,
    can,
    authorize(actor, action, record) {
      if (can(actor, action, record)) return;
      if (actor.kind === 'anonymous') throw new AppError(401, 'unauthenticated');
      const visible = options.visibleAction ? can(actor, options.visibleAction, record) : false;
      throw record !== undefined && !visible ? new AppError(404, 'not_found') : new AppError(403, 'forbidden');
    },
    listScope(actor, action) {
      const scopes = rules[action].map((r) => r.scope(actor)).filter((s) => s.kind !== 'none');
      return scopes.some((s) => s.kind === 'all') ? [{ kind: 'all' }] : scopes;
    },
  };
}
