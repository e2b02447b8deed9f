import type { Actor, Role, TokenActor, UserActor } from './actor.js';
import type { Rule, Scope } from './policy.js';

const none: Scope = { kind: 'none' };
const all: Scope = { kind: 'all' };

const isUserWith = (actor: Actor, roles: readonly Role[]): actor is UserActor => actor.kind === 'user' && roles.includes(actor.role);

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

/**
 * How the records a token rule opens relate to a token's limit to one school or ward
 * (api_tokens.school_id / unit_id, set when the token is issued). Every `tokenScope` must say,
 * so that no rule forgets the limit:
 *  - `{ school, unit }`: the record's columns naming its school and ward. A limited token acts
 *    only on records inside its limit, and lists are filtered in SQL. A limit the record cannot
 *    show (a ward limit on records that name only a school) opens nothing: fail closed.
 *  - `'unlimited tokens only'`: creating or importing, where there is no existing record to check
 *    the limit against. A limited token may not.
 *  - `'beyond limits'`: records that belong to no school or ward (wards and communes, agencies,
 *    the city's filter settings). A limit does not narrow them.
 */
export type TokenLimits<R> = { school?: Field<R>; unit?: Field<R> } | 'unlimited tokens only' | 'beyond limits';

/** The token's limits, as [record column, value] pairs; null when the rule cannot express one of them. */
function limitConditions<R>(actor: TokenActor, fields: { school?: Field<R>; unit?: Field<R> }): Array<[string, string]> | null {
  const out: Array<[string, string]> = [];
  if (actor.schoolId !== null) {
    if (fields.school === undefined) return null;
    out.push([fields.school, actor.schoolId]);
  }
  if (actor.unitId !== null) {
    if (fields.unit !== undefined) out.push([fields.unit, actor.unitId]);
    // A record naming only its school is inside the ward limit when that school is in the ward now.
    else if (!(actor.schoolId !== null && fields.school !== undefined && actor.schoolUnitId === actor.unitId)) return null;
  }
  return out;
}

const isTokenWith = (actor: Actor, scope: string): actor is TokenActor => actor.kind === 'token' && actor.scopes.includes(scope);
const isLimited = (actor: TokenActor) => actor.schoolId !== null || actor.unitId !== null;

/** A machine token carrying this scope (e.g. `schools:read`), within its school or ward limit. */
export function tokenScope<R = unknown>(scope: string, limits: TokenLimits<R>): Rule<R> {
  const scopeFor = (actor: Actor): Scope => {
    if (!isTokenWith(actor, scope)) return none;
    if (!isLimited(actor) || limits === 'beyond limits') return all;
    if (limits === 'unlimited tokens only') return none;
    const conditions = limitConditions(actor, limits);
    if (conditions === null) return none;
    const eqs = conditions.map(([column, value]) => ({ kind: 'eq' as const, column, value }));
    return eqs.length === 1 ? (eqs[0] as Scope) : { kind: 'allOf', eqs };
  };
  return {
    describe:
      typeof limits === 'string'
        ? `token with scope ${scope} (${limits})`
        : `token with scope ${scope}, within its limit (school: ${limits.school ?? '-'}, ward: ${limits.unit ?? '-'})`,
    test(actor, record) {
      if (!isTokenWith(actor, scope)) return false;
      if (!isLimited(actor) || limits === 'beyond limits') return true;
      if (limits === 'unlimited tokens only') return false;
      const conditions = limitConditions(actor, limits);
      if (conditions === null) return false;
      // Without a record (a list), the token may ask; the rows are filtered by the same limit.
      if (record === undefined) return true;
      return conditions.every(([field, value]) => (record as Record<string, unknown>)[field] === value);
    },
    scope: scopeFor,
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
