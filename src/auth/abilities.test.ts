import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Role, UserActor } from '../access/actor.js';
import type { Policy } from '../access/policy.js';
import { createTestApp, STAFF_PASSWORD, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';
import { ABILITY_POLICIES } from './abilities.js';

const SRC = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const ROLES: Role[] = ['system_admin', 'city_leader', 'intake_officer', 'case_worker', 'agency_officer', 'analyst', 'school_admin'];
/** Policies deliberately not offered to the console, with the reason (see abilities.ts). */
const NOT_OFFERED = new Set<string>([]);

function policyFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? policyFiles(path.join(dir, e.name)) : e.name.endsWith('.policy.ts') ? [path.join(dir, e.name)] : [],
  );
}

const isPolicy = (v: unknown): v is Policy<unknown, string> =>
  typeof v === 'object' && v !== null && typeof (v as Policy<unknown, string>).can === 'function' && typeof (v as Policy<unknown, string>).rules === 'object';

describeEachDb('abilities on /auth/me', (db) => {
  let t: TestApp;
  let schoolId: string;
  let agencyId: string;
  beforeAll(async () => {
    t = await createTestApp(db());
    schoolId = (await db().kysely.selectFrom('schools').select('id').executeTakeFirstOrThrow()).id;
    agencyId = (await db().kysely.selectFrom('agencies').select('id').executeTakeFirstOrThrow()).id;
  });
  afterAll(() => t.close());

  it('offers every policy exported by a *.policy.ts file, so a new one cannot be forgotten', async () => {
    const offered = new Set<unknown>(Object.values(ABILITY_POLICIES));
    const missing: string[] = [];
    for (const file of policyFiles(SRC)) {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        if (isPolicy(value) && !offered.has(value) && !NOT_OFFERED.has(name)) missing.push(`${path.relative(SRC, file)}: ${name}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it.each(ROLES)('gives a %s exactly what the policies allow it with no record', async (role) => {
    const scope = role === 'school_admin' ? { schoolId } : role === 'case_worker' ? { unitId: '00070' } : role === 'agency_officer' ? { agencyId } : {};
    const s = await t.staff(role, scope);
    const res = await s.request('GET', '/api/v1/auth/me');
    expect(res.statusCode).toBe(200);
    const { user } = res.json() as {
      user: { id: string; role: Role; unitId: string | null; agencyId: string | null; schoolId: string | null; abilities: Record<string, boolean> };
    };
    // the actor rebuilt from what the account says, asked of each policy directly
    const actor: UserActor = {
      kind: 'user',
      id: user.id,
      label: s.username,
      role: user.role,
      unitId: user.unitId,
      agencyId: user.agencyId,
      schoolId: user.schoolId,
    };
    expect(actor.role).toBe(role);
    const expected: Record<string, boolean> = {};
    for (const [prefix, policy] of Object.entries(ABILITY_POLICIES) as Array<[string, Policy<unknown, string>]>) {
      for (const action of Object.keys(policy.rules)) expected[`${prefix}.${action}`] = policy.can(actor, action);
    }
    expect(user.abilities).toEqual(expected);
    // …and not all alike: what the policies say of these roles, in their own words
    const a = user.abilities;
    expect(a['audit.read']).toBe(role === 'system_admin');
    expect(a['filter.city.update']).toBe(role === 'system_admin' || role === 'analyst');
    expect(a['reports.read']).toBe(['system_admin', 'intake_officer', 'agency_officer', 'case_worker'].includes(role));
    expect(a['filter.live.read']).toBe(role === 'system_admin' || role === 'school_admin');
    expect(a['org.units.read']).toBe(true);
  });

  it('gives the same abilities on sign-in as on /auth/me', async () => {
    const s = await t.staff('analyst');
    const me = (await s.request('GET', '/api/v1/auth/me')).json() as { user: { username: string; abilities: unknown } };
    const login = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: me.user.username, password: STAFF_PASSWORD } });
    expect(login.statusCode).toBe(200);
    expect(login.json().user.abilities).toEqual(me.user.abilities);
  });

  it('gives no abilities to a caller without a session', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/auth/me' });
    expect(res.statusCode).toBe(401);
    expect(res.json().user).toBeUndefined();
  });
});
