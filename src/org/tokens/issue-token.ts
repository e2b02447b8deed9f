import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { AppError, badInput, notFound } from '../../shared/errors.js';
import { newId, randomToken } from '../../shared/ids.js';
import { sha256Hex } from '../../shared/secrets.js';
import { cleanText } from '../../shared/text.js';
import type { ApiTokensTable } from '../tables.js';
import { forgetTokens, TOKEN_PREFIX } from './resolve-token.js';
import { TOKEN_SCOPES, UNLIMITED_ONLY_SCOPES } from './scopes.js';
import './messages.js';
import { tokenPolicy } from './token.policy.js';

export interface TokenInput {
  name: string;
  scopes: string[];
  unitId?: string | null | undefined;
  schoolId?: string | null | undefined;
  expiresAt?: string | null | undefined;
}

/** Returns the secret once; only its SHA-256 is kept (a 256-bit random secret needs no slow hash). */
export async function issueToken(ctx: Ctx, input: TokenInput): Promise<{ token: ApiTokensTable; secret: string }> {
  tokenPolicy.authorize(ctx.actor, 'create');
  const unknown = input.scopes.find((s) => !Object.hasOwn(TOKEN_SCOPES, s));
  if (unknown) throw badInput(`scopes: ${unknown}`);
  if (input.scopes.length === 0) throw badInput('scopes');
  if (input.unitId || input.schoolId) {
    const unlimitedOnly = input.scopes.find((s) => UNLIMITED_ONLY_SCOPES.includes(s));
    if (unlimitedOnly) throw new AppError(400, 'token_limit_unsupported', { scope: unlimitedOnly });
  }
  const now = ctx.clock();
  if (input.expiresAt && !(Date.parse(input.expiresAt) > now.getTime())) throw badInput('expiresAt');
  const secret = `${TOKEN_PREFIX}${randomToken(32)}`;
  const row: ApiTokensTable = {
    id: newId(),
    name: cleanText(input.name),
    token_hash: sha256Hex(secret),
    prefix: secret.slice(0, TOKEN_PREFIX.length + 6),
    scopes: JSON.stringify([...new Set(input.scopes)].sort()),
    unit_id: input.unitId ?? null,
    school_id: input.schoolId ?? null,
    created_by: ctx.actor.id as string,
    created_at: now.toISOString(),
    expires_at: input.expiresAt ? new Date(input.expiresAt).toISOString() : null,
    last_used_at: null,
    revoked_at: null,
  };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    // a limit is to one ward or commune: the city as a "limit" would match no school and read as one
    const unit = row.unit_id ? await trx.selectFrom('units').select('kind').where('id', '=', row.unit_id).executeTakeFirst() : undefined;
    if (row.unit_id && (!unit || unit.kind === 'city')) throw badInput(`unitId: ${row.unit_id}`);
    const school = row.school_id ? await trx.selectFrom('schools').select(['id', 'unit_id']).where('id', '=', row.school_id).executeTakeFirst() : undefined;
    if (row.school_id && !school) throw badInput(`schoolId: ${row.school_id}`);
    // both limits must hold at once: a school outside the ward would leave a token that opens nothing
    if (school && row.unit_id && school.unit_id !== row.unit_id)
      throw new AppError(400, 'token_school_outside_unit', { school: row.school_id, unit: row.unit_id });
    await trx.insertInto('api_tokens').values(row).execute();
    await audit(ctx, trx, 'api_token.created', { type: 'api_token', id: row.id }, { name: row.name, scopes: input.scopes, prefix: row.prefix });
  });
  return { token: row, secret };
}

export async function revokeToken(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('api_tokens').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw notFound();
    tokenPolicy.authorize(ctx.actor, 'revoke', row);
    if (row.revoked_at) return;
    await trx.updateTable('api_tokens').set({ revoked_at: ctx.clock().toISOString() }).where('id', '=', id).execute();
    await audit(ctx, trx, 'api_token.revoked', { type: 'api_token', id }, { name: row.name });
  });
  forgetTokens(ctx.db);
}
