import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { badInput, conflict, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { cleanText } from '../../shared/text.js';
import type { AgenciesTable } from '../tables.js';
import { agencyPolicy } from './agency.policy.js';
import { isResponsibility } from './responsibilities.js';

export interface AgencyInput {
  code: string;
  name: string;
  nameEn: string;
  level: 'city' | 'ward';
  unitId: string;
  responsibilities: string[];
  email?: string | null | undefined;
  phone?: string | null | undefined;
  active?: boolean | undefined;
}

/** Runs inside the caller's transaction: on SQLite a query outside it would wait for the transaction itself. */
async function checkInput(trx: Tx, input: Partial<AgencyInput>): Promise<void> {
  const unknown = input.responsibilities?.find((r) => !isResponsibility(r));
  if (unknown) throw badInput(`responsibilities: ${unknown}`);
  if (input.unitId !== undefined) {
    const unit = await trx.selectFrom('units').select(['id', 'kind']).where('id', '=', input.unitId).executeTakeFirst();
    if (!unit) throw badInput(`unitId: ${input.unitId}`);
    if (input.level !== undefined && (input.level === 'city') !== (unit.kind === 'city')) throw badInput('level/unitId');
  }
}

function toColumns(input: Partial<AgencyInput>): Partial<AgenciesTable> {
  const c: Partial<AgenciesTable> = {};
  if (input.code !== undefined) c.code = cleanText(input.code).toUpperCase();
  if (input.name !== undefined) c.name = cleanText(input.name);
  if (input.nameEn !== undefined) c.name_en = cleanText(input.nameEn);
  if (input.level !== undefined) c.level = input.level;
  if (input.unitId !== undefined) c.unit_id = input.unitId;
  if (input.responsibilities !== undefined) c.responsibilities = JSON.stringify([...new Set(input.responsibilities)]);
  if (input.email !== undefined) c.email = input.email ? cleanText(input.email) : null;
  if (input.phone !== undefined) c.phone = input.phone ? cleanText(input.phone) : null;
  if (input.active !== undefined) c.active = input.active ? 1 : 0;
  return c;
}

export async function createAgency(ctx: Ctx, input: AgencyInput): Promise<AgenciesTable> {
  agencyPolicy.authorize(ctx.actor, 'create');
  const now = ctx.clock().toISOString();
  const row = { id: newId(), email: null, phone: null, active: 1, ...toColumns(input), created_at: now, updated_at: now } as AgenciesTable;
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await checkInput(trx, input);
    if (await trx.selectFrom('agencies').select('id').where('code', '=', row.code).executeTakeFirst()) throw conflict(`code ${row.code}`);
    await trx.insertInto('agencies').values(row).execute();
    await audit(ctx, trx, 'agency.created', { type: 'agency', id: row.id }, { code: row.code });
    return row;
  });
}

export async function updateAgency(ctx: Ctx, id: string, input: Partial<AgencyInput>): Promise<AgenciesTable> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('agencies').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound();
    agencyPolicy.authorize(ctx.actor, 'update', before);
    await checkInput(trx, { level: input.level ?? before.level, ...input, unitId: input.unitId ?? before.unit_id });
    const changes = { ...toColumns(input), updated_at: ctx.clock().toISOString() };
    if (changes.code && changes.code !== before.code && (await trx.selectFrom('agencies').select('id').where('code', '=', changes.code).executeTakeFirst())) {
      throw conflict(`code ${changes.code}`);
    }
    await trx.updateTable('agencies').set(changes).where('id', '=', id).execute();
    await audit(ctx, trx, 'agency.updated', { type: 'agency', id }, { fields: Object.keys(input) });
    return { ...before, ...changes };
  });
}
