import type { Ctx } from '../context.js';
import { tokenPolicy } from './tokens/token.policy.js';
import { userPolicy } from './users/user.policy.js';

/** What needs a system administrator, as the home page shows it: accounts locked out or without 2FA, tokens about to expire. */
export interface AdminCounts {
  lockedAccounts: number;
  accountsWithout2fa: number;
  tokensExpiringSoon: number;
}

/** "Soon": a token expiring within two weeks leaves time to issue its successor. */
export const TOKEN_EXPIRY_WARNING_DAYS = 14;

/** Counts only (no account is read, so nothing to audit); null for who manages neither accounts nor tokens. */
export async function adminCounts(ctx: Ctx): Promise<AdminCounts | null> {
  if (!userPolicy.can(ctx.actor, 'create') || !tokenPolicy.can(ctx.actor, 'read')) return null;
  const now = ctx.clock();
  const nowIso = now.toISOString();
  const soon = new Date(now.getTime() + TOKEN_EXPIRY_WARNING_DAYS * 86400_000).toISOString();
  const db = ctx.db.kysely;
  const users = await db
    .selectFrom('users')
    .where('disabled', '=', 0)
    .select((eb) => [
      eb.fn.sum<number>(eb.case().when('locked_until', '>', nowIso).then(1).else(0).end()).as('locked'),
      eb.fn.sum<number>(eb.case().when('totp_enabled', '=', 0).then(1).else(0).end()).as('no2fa'),
    ])
    .executeTakeFirstOrThrow();
  const tokens = await db
    .selectFrom('api_tokens')
    .where('revoked_at', 'is', null)
    .where('expires_at', 'is not', null)
    .where('expires_at', '>', nowIso)
    .where('expires_at', '<=', soon)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { lockedAccounts: Number(users.locked ?? 0), accountsWithout2fa: Number(users.no2fa ?? 0), tokensExpiringSoon: Number(tokens.n) };
}
