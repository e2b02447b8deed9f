import { systemActor } from '../access/actor.js';
import { audit } from '../audit/audit.js';
import type { Deps } from '../context.js';
import { newId, randomToken } from '../shared/ids.js';
import { seedAgencies } from './agencies/seed-agencies.js';
import { seedDemoSchools } from './schools/seed-demo-schools.js';
import { seedUnits } from './units/seed-units.js';
import { insertUser } from './users/save-user.js';

export interface SeedResult {
  units: number;
  agencies: number;
  demoSchools: number;
  /** Set only when this run created the first administrator. */
  firstAdmin: { username: string; password: string; generated: boolean } | null;
}

export const FIRST_ADMIN = 'admin';

/** Reference data and the first administrator. Idempotent: runs at every start, adds only what is missing. */
export async function seedOrg(deps: Deps, options: { demoSchools?: boolean } = {}): Promise<SeedResult> {
  const now = deps.clock().toISOString();
  return deps.db.kysely.transaction().execute(async (trx) => {
    const units = await seedUnits(trx, now);
    const agencies = await seedAgencies(trx, now, newId);
    const anyUser = await trx.selectFrom('users').select('id').limit(1).executeTakeFirst();
    // Demo schools only on a fresh install: an administrator who deleted them does not see them come back.
    const demoSchools = !anyUser && options.demoSchools !== false ? await seedDemoSchools(trx, now, newId) : 0;
    let firstAdmin: SeedResult['firstAdmin'] = null;
    if (!anyUser) {
      const generated = deps.config.adminPassword === null;
      const password = deps.config.adminPassword ?? randomToken(18);
      const actor = systemActor('first-start');
      await insertUser(
        trx,
        actor,
        { username: FIRST_ADMIN, displayName: 'Quản trị hệ thống', password, role: 'system_admin' },
        { clock: deps.clock, origin: { ip: null } },
      );
      firstAdmin = { username: FIRST_ADMIN, password, generated };
    }
    if (units || agencies || demoSchools) {
      await audit(
        { actor: systemActor('seed'), origin: { ip: null }, clock: deps.clock },
        trx,
        'reference_data.seeded',
        { type: 'reference_data' },
        { units, agencies, demoSchools },
      );
    }
    return { units, agencies, demoSchools, firstAdmin };
  });
}
