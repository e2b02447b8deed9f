import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { badInput, conflict, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { cleanText, foldVietnamese } from '../../shared/text.js';
import type { SchoolLevel, SchoolsTable } from '../tables.js';
import { schoolPolicy } from './school.policy.js';

export interface SchoolInput {
  code: string;
  name: string;
  level: SchoolLevel;
  unitId: string;
  address?: string | null | undefined;
}

const searchKey = (name: string, code: string) => foldVietnamese(`${name} ${code}`);

async function requireWardOrCommune(trx: Tx, unitId: string): Promise<void> {
  const unit = await trx.selectFrom('units').select('kind').where('id', '=', unitId).executeTakeFirst();
  if (!unit || unit.kind === 'city') throw badInput(`unitId: ${unitId}`);
}

export async function createSchool(ctx: Ctx, input: SchoolInput): Promise<SchoolsTable> {
  schoolPolicy.authorize(ctx.actor, 'create');
  const now = ctx.clock().toISOString();
  const code = cleanText(input.code);
  const name = cleanText(input.name);
  const row: SchoolsTable = {
    id: newId(),
    code,
    name,
    level: input.level,
    unit_id: input.unitId,
    address: input.address ? cleanText(input.address) : null,
    is_demo: 0,
    search_key: searchKey(name, code),
    created_at: now,
    updated_at: now,
  };
  return ctx.db.kysely.transaction().execute(async (trx) => {
    await requireWardOrCommune(trx, row.unit_id);
    if (await trx.selectFrom('schools').select('id').where('code', '=', code).executeTakeFirst()) throw conflict(`code ${code}`);
    await trx.insertInto('schools').values(row).execute();
    await audit(ctx, trx, 'school.created', { type: 'school', id: row.id }, { code, unitId: row.unit_id });
    return row;
  });
}

export async function updateSchool(ctx: Ctx, id: string, input: Partial<SchoolInput>): Promise<SchoolsTable> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('schools').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound();
    schoolPolicy.authorize(ctx.actor, 'update', before);
    // Moving a school to another ward or renumbering it is as much as creating one: a school's own
    // administrator, or a token limited to a school or ward, may fix its name and address only.
    if (input.unitId !== undefined || input.code !== undefined) {
      schoolPolicy.authorize(ctx.actor, 'create');
    }
    const next = { ...before };
    if (input.code !== undefined) next.code = cleanText(input.code);
    if (input.name !== undefined) next.name = cleanText(input.name);
    if (input.level !== undefined) next.level = input.level;
    if (input.unitId !== undefined) {
      await requireWardOrCommune(trx, input.unitId);
      next.unit_id = input.unitId;
    }
    if (input.address !== undefined) next.address = input.address ? cleanText(input.address) : null;
    next.search_key = searchKey(next.name, next.code);
    next.updated_at = ctx.clock().toISOString();
    if (next.code !== before.code && (await trx.selectFrom('schools').select('id').where('code', '=', next.code).executeTakeFirst())) {
      throw conflict(`code ${next.code}`);
    }
    const { id: _id, created_at: _c, ...changes } = next;
    await trx.updateTable('schools').set(changes).where('id', '=', id).execute();
    await audit(ctx, trx, 'school.updated', { type: 'school', id }, { fields: Object.keys(input) });
    return next;
  });
}

export async function deleteSchool(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('schools').selectAll().where('id', '=', id).executeTakeFirst();
    if (!before) throw notFound();
    schoolPolicy.authorize(ctx.actor, 'delete', before);
    const users = await trx.selectFrom('users').select('id').where('school_id', '=', id).limit(1).execute();
    if (users.length > 0) throw conflict('school has staff accounts');
    await trx.deleteFrom('schools').where('id', '=', id).execute();
    await audit(ctx, trx, 'school.deleted', { type: 'school', id }, { code: before.code, name: before.name });
  });
}

export { searchKey as schoolSearchKey };
