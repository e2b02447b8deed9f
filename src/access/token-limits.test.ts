import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TOKEN_SCOPES } from '../org/tokens/scopes.js';
import type { TokenActor } from './actor.js';
import type { Policy, Scope } from './policy.js';

/**
 * The permission matrix for machine tokens, over every policy of the platform: every action of
 * every policy, for tokens without a limit, limited to a school, to a ward, and to both, on a
 * record inside the limit, a record outside it, and no record (a list or a create). A token may
 * pass only where TOKEN_DOORS says so, and a limited one only within its limit. A policy or action
 * that starts letting tokens in without an entry here fails, so a new door is a decision.
 * The same limits over HTTP, on both databases: src/access/scoping.test.ts.
 */
const SCHOOL_A = 'school-a';
const SCHOOL_B = 'school-b';
const WARD_A = '00070';
const WARD_B = '00004';

/** How a limited token is held on a door (see TokenLimits in rules.ts). */
type Door =
  | { scope: string; limits: 'beyond limits' }
  | { scope: string; limits: 'unlimited tokens only' }
  | { scope: string; limits: 'within'; by: Array<'school' | 'ward'> };

const TOKEN_DOORS: Record<string, Door> = {
  'unit.read': { scope: 'org:read', limits: 'beyond limits' },
  'agency.read': { scope: 'org:read', limits: 'beyond limits' },
  'school.read': { scope: 'schools:read', limits: 'within', by: ['school', 'ward'] },
  'school.update': { scope: 'schools:write', limits: 'within', by: ['school', 'ward'] },
  'school.create': { scope: 'schools:write', limits: 'unlimited tokens only' },
  'school.import': { scope: 'schools:write', limits: 'unlimited tokens only' },
  'filter_city.read': { scope: 'filter:sync', limits: 'beyond limits' },
  // filter records name a school, not a ward: a ward limit opens none of them
  'filter_school.read': { scope: 'filter:sync', limits: 'within', by: ['school'] },
  'intake_report.submit': { scope: 'reports:write', limits: 'unlimited tokens only' },
};

const here = path.dirname(fileURLToPath(import.meta.url));
const src = path.resolve(here, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : [],
  );
}

const policyFiles = sourceFiles(src).filter((f) => f.endsWith('.policy.ts'));
const policies: Array<Policy<unknown, string>> = (await Promise.all(policyFiles.map((f) => import(pathToFileURL(f).href) as Promise<Record<string, unknown>>)))
  .flatMap((m) => Object.values(m))
  .filter((v): v is Policy<unknown, string> => typeof v === 'object' && v !== null && 'rules' in v && 'listScope' in v && 'subject' in v);

/** A record of school/ward X whatever its shape: any column naming a ward holds X's ward, any other X's school. */
const recordOf = (school: string, ward: string) => new Proxy({}, { get: (_t, key) => (String(key).includes('unit') ? ward : school) });

type Limits = { schoolId?: string; unitId?: string; schoolUnitId?: string };
const token = (scopes: readonly string[], limits: Limits = {}): TokenActor => ({
  kind: 'token',
  id: 'tok',
  label: 'token:test',
  scopes,
  schoolId: limits.schoolId ?? null,
  unitId: limits.unitId ?? null,
  schoolUnitId: limits.schoolUnitId ?? (limits.schoolId ? WARD_A : null),
});

const EVERY_SCOPE = Object.keys(TOKEN_SCOPES);
const LIMITS: Record<string, Limits> = {
  school: { schoolId: SCHOOL_A },
  ward: { unitId: WARD_A },
  'school and ward': { schoolId: SCHOOL_A, unitId: WARD_A },
  // a school moved to another ward after the token was issued: the ward limit no longer holds for it
  'school and ward, school moved away': { schoolId: SCHOOL_A, unitId: WARD_A, schoolUnitId: WARD_B },
};

/** The rows a list scope opens, as "column=value" conditions; 'all' for every row. */
const opened = (scopes: Scope[]): string[] =>
  scopes.flatMap((s) =>
    s.kind === 'all'
      ? ['all']
      : s.kind === 'eq'
        ? [`${s.column}=${s.value}`]
        : s.kind === 'allOf'
          ? [s.eqs.map((e) => `${e.column}=${e.value}`).join('&')]
          : [],
  );

describe('token limits in every policy', () => {
  it('finds every policy: each is declared in a *.policy.ts file', () => {
    const declaring = sourceFiles(src).filter((f) => !f.endsWith('.test.ts') && /\bdefinePolicy\s*[<(]/.test(readFileSync(f, 'utf8')));
    const outside = declaring.map((f) => path.relative(src, f)).filter((f) => f !== path.join('access', 'policy.ts') && !f.endsWith('.policy.ts'));
    expect(outside).toEqual([]);
    expect(policies.length).toBeGreaterThanOrEqual(declaring.length - 1);
    expect(policies.map((p) => p.subject)).toEqual(expect.arrayContaining(['school', 'unit', 'agency', 'filter_city', 'filter_school', 'intake_report']));
  });

  it('lets tokens through only the declared doors, and a limited token only within its limit', () => {
    const seen = new Set<string>();
    const problems: string[] = [];
    const inA = recordOf(SCHOOL_A, WARD_A);
    const inB = recordOf(SCHOOL_B, WARD_B);
    const schoolAElsewhere = recordOf(SCHOOL_A, WARD_B); // a record of school A filed under another ward
    for (const policy of policies) {
      for (const action of Object.keys(policy.rules)) {
        const key = `${policy.subject}.${action}`;
        const door = TOKEN_DOORS[key];
        if (door) seen.add(key);
        const expectThat = (what: string, actual: unknown, expected: unknown) => {
          if (JSON.stringify(actual) !== JSON.stringify(expected))
            problems.push(`${key}: ${what}: ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
        };
        // Tokens without the door's scope (or with every scope, on a door-less action) get nothing.
        const withoutScope = door ? EVERY_SCOPE.filter((s) => s !== door.scope) : EVERY_SCOPE;
        for (const [name, limits] of [['unlimited', {}], ...Object.entries(LIMITS)] as const) {
          const t = token(withoutScope, limits);
          expectThat(`${name} token without the scope, record inside`, policy.can(t, action, inA), false);
          expectThat(`${name} token without the scope, no record`, policy.can(t, action), false);
          expectThat(`${name} token without the scope, list`, opened(policy.listScope(t, action)), []);
        }
        if (!door) continue;

        const unlimited = token([door.scope]);
        expectThat('unlimited token, record outside', policy.can(unlimited, action, inB), true);
        expectThat('unlimited token, no record', policy.can(unlimited, action), true);
        expectThat('unlimited token, list', opened(policy.listScope(unlimited, action)), ['all']);

        for (const [name, limits] of Object.entries(LIMITS)) {
          const t = token([door.scope], limits);
          const what = (s: string) => `token limited to ${name}, ${s}`;
          if (door.limits === 'beyond limits') {
            expectThat(what('record'), policy.can(t, action, inB), true);
            expectThat(what('list'), opened(policy.listScope(t, action)), ['all']);
            continue;
          }
          // Never a record of another school or ward, whatever the door.
          expectThat(what('record outside'), policy.can(t, action, inB), false);
          if (door.limits === 'unlimited tokens only') {
            expectThat(what('record inside'), policy.can(t, action, inA), false);
            expectThat(what('no record'), policy.can(t, action), false);
            expectThat(what('list'), opened(policy.listScope(t, action)), []);
            continue;
          }
          const school = policy.subject === 'school' ? 'id' : 'school_id';
          const bySchool = door.by.includes('school');
          const byWard = door.by.includes('ward');
          // a ward limit on records that name only a school holds through the school, if it is in the ward
          const wardThroughSchool = !byWard && bySchool && limits.schoolId !== undefined && (limits.schoolUnitId ?? WARD_A) === limits.unitId;
          const canHold = (limits.schoolId === undefined || bySchool) && (limits.unitId === undefined || byWard || wardThroughSchool);
          if (limits.schoolUnitId === WARD_B && byWard) continue; // the record stand-ins cannot show a moved school
          expectThat(what('record inside'), policy.can(t, action, inA), canHold);
          expectThat(what('no record'), policy.can(t, action), canHold);
          if (!canHold) {
            expectThat(what('list'), opened(policy.listScope(t, action)), []);
            continue;
          }
          const conditions = [
            ...(limits.schoolId !== undefined ? [`${school}=${SCHOOL_A}`] : []),
            ...(limits.unitId !== undefined && byWard ? [`unit_id=${WARD_A}`] : []),
          ];
          expectThat(what('list'), opened(policy.listScope(t, action)), [conditions.join('&')]);
          // both limits hold at once
          if (limits.schoolId !== undefined && limits.unitId !== undefined && byWard)
            expectThat(what('its school under another ward'), policy.can(t, action, schoolAElsewhere), false);
        }
      }
    }
    expect(problems).toEqual([]);
    expect([...seen].sort()).toEqual(Object.keys(TOKEN_DOORS).sort());
  });
});
