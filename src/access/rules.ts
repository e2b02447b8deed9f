import type { Role } from '../org/tables.js';
import type { Actor, UserActor } from './actor.js';
import type { Rule, Scope } from './policy.js';

const none: Scope = { kind: 'none' };
const all: Scope = { kind: 'all' };

const isUserWith = (actor: Actor, roles: readonly Role[]): actor is UserActor =>
  actor.kind === 'user' && roles.includes(actor.role);

/** Anyone holding one of these roles, on every record. */
export function role(...roles: Role[]): Rule<unknown> {
  return {
    describe: `role ∈ {${roles.join(', ')}}`,
    test: (actor) => isUserWith(actor, roles),
    scope: (actor) => (isUserWith(actor, roles) ? all : none),
  };
}

type Field<R> = Extract<keyof R, string>;

function scopedBy<R>(roles: readonly Role[], field: Field<R>, pick: (a: UserActor) => string | null, what: string): Rule<R> {
  return {
    describe: `role ∈ {${roles.join(', ')}} and record.${field} = actor's ${what}`,
    test(actor, record) {
      if (!isUserWith(actor, roles)) return false;
      const mine = pick(actor);
      // Without a record (a create form, a list), the role alone opens the door; lists are filtered by scope.
      return mine !== null && (record === undefined || (record as Record<string, unknown>)[field] === mine);
    },
    scope(actor) {
      if (!isUserWith(actor, roles)) return none;
      const mine = pick(actor);
      return mine === null ? none : { kind: 'eq', column: field, value: mine };
    },
  };
}

/** Holders of the role, on records of their own ward/commune. */
export const inOwnUnit = <R>(field: Field<R>, ...roles: Role[]) => scopedBy<R>(roles, field, (a) => a.unitId, 'unit');
/** Holders of the role, on records of their own agency. */
export const inOwnAgency = <R>(field: Field<R>, ...roles: Role[]) => scopedBy<R>(roles, field, (a) => a.agencyId, 'agency');
/** Holders of the role, on records of their own school. */
export const inOwnSchool = <R>(field: Field<R>, ...roles: Role[]) => scopedBy<R>(roles, field, (a) => a.schoolId, 'school');

/** A staff member on their own account. */
export function self<R>(field: Field<R>): Rule<R> {
  return {
    describe: `record.${field} = actor`,
    // Without a record (a list), any staff member may ask; the scope then shows only their own.
    test: (actor, record) => actor.kind === 'user' && (record === undefined || (record as Record<string, unknown>)[field] === actor.id),
    scope: (actor) => (actor.kind === 'user' ? { kind: 'eq', column: field, value: actor.id } : none),
  };
}

/** A machine token carrying this scope (e.g. `schools:read`). */
export function tokenScope(scope: string): Rule<unknown> {
  return {
    describe: `token with scope ${scope}`,
    test: (actor) => actor.kind === 'token' && actor.scopes.includes(scope),
    scope: (actor) => (actor.kind === 'token' && actor.scopes.includes(scope) ? all : none),
  };
}

/** The process itself: seeding, migrations, scheduled jobs. */
export const system: Rule<unknown> = {
  describe: 'the system itself',
  test: (actor) => actor.kind === 'system',
  scope: (actor) => (actor.kind === 'system' ? all : none),
};

/** Any signed-in staff member, whatever the role (reference data such as units). */
export const anyStaff: Rule<unknown> = {
  describe: 'any staff member',
  test: (actor) => actor.kind === 'user',
  scope: (actor) => (actor.kind === 'user' ? all : none),
};
