import { audit } from '../../../audit/audit.js';
import type { Ctx } from '../../../context.js';
import { AppError } from '../../../shared/errors.js';
import { newId } from '../../../shared/ids.js';
import { sha256Hex } from '../../../shared/secrets.js';
import { cleanText } from '../../../shared/text.js';
import { fleetNodePolicy } from './fleet-node.policy.js';
import './messages.js';
import { newEnrolmentSecret } from './node-secrets.js';
import type { FilterFleetEnrolmentsTable } from './tables.js';

export const DEFAULT_ENROLMENT_HOURS = 72;
export const MAX_ENROLMENT_HOURS = 30 * 24;
/** a node serving more schools than this is a central resolver: enrol several */
export const MAX_SCHOOLS_PER_NODE = 200;

export interface EnrolmentInput {
  schoolIds: string[];
  name: string;
  expiresInHours?: number | undefined;
}

/**
 * A one-time token for a node that will serve these schools. The secret is returned once (the
 * technician pastes it into `lachan filter --central … --token …`); only its hash is kept.
 */
export async function createEnrolment(ctx: Ctx, input: EnrolmentInput): Promise<{ enrolment: FilterFleetEnrolmentsTable; token: string }> {
  fleetNodePolicy.authorize(ctx.actor, 'enrol');
  const schoolIds = [...new Set(input.schoolIds)].sort();
  const now = ctx.clock();
  const hours = input.expiresInHours ?? DEFAULT_ENROLMENT_HOURS;
  const token = newEnrolmentSecret();
  const row: FilterFleetEnrolmentsTable = {
    id: newId(),
    token_hash: sha256Hex(token),
    prefix: token.slice(0, 10),
    school_ids: JSON.stringify(schoolIds),
    name: cleanText(input.name),
    created_by: ctx.actor.id as string,
    created_at: now.toISOString(),
    expires_at: new Date(now.getTime() + hours * 3_600_000).toISOString(),
    used_at: null,
    node_id: null,
  };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const found = new Set((await trx.selectFrom('schools').select('id').where('id', 'in', schoolIds).execute()).map((s) => s.id));
    const missing = schoolIds.find((id) => !found.has(id));
    if (missing) throw new AppError(400, 'fleet.school_unknown', { school: missing });
    await trx.insertInto('filter_fleet_enrolments').values(row).execute();
    await audit(
      ctx,
      trx,
      'filter_fleet_enrolment.created',
      { type: 'filter_fleet_enrolment', id: row.id },
      { name: row.name, schools: schoolIds.length, expiresAt: row.expires_at },
    );
  });
  return { enrolment: row, token };
}
