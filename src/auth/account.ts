import { audit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import { AppError } from '../shared/errors.js';
import { currentLock, releaseAttempt, reserveAttempt } from './attempts.js';
import { checkPasswordStrength, hashPassword, verifyPassword } from './passwords.js';
import { consumeTotp, newTotpSecret, totpUri } from './totp.js';
import './messages.js';

/** The signed-in staff member's own account: password and two-step verification. */
function me(ctx: Ctx) {
  if (ctx.actor.kind !== 'user') throw new AppError(401, 'unauthenticated');
  const id = ctx.actor.id;
  return ctx.db.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
}

/**
 * Checks a secret the signed-in user must know (their password, a TOTP code) the way sign-in
 * does: the attempt is counted before the check and a locked account checks nothing (attempts.ts),
 * so a taken-over session cannot guess codes or passwords without limit. A right answer gives back
 * its own attempt and no more: only a complete sign-in clears the count, or a session thief who
 * knows one secret could clear it between guesses at the other.
 */
async function checkSecret(ctx: Ctx, userId: string, what: 'password' | 'totp', check: () => Promise<boolean>, wrong: AppError): Promise<void> {
  const k = ctx.db.kysely;
  const attempt = await reserveAttempt(k, userId, ctx.clock());
  // outside any transaction on purpose: a refused or failed check is recorded even though nothing changes
  const record = (action: string, detail: Record<string, unknown>) => audit(ctx, k, action, { type: 'user', id: userId }, detail);
  if (!attempt) {
    const until = await currentLock(k, userId);
    await record('user.verification_refused', { what, reason: 'locked' });
    throw new AppError(423, 'account_locked', { until });
  }
  if (await check()) {
    await releaseAttempt(k, userId, attempt);
    return;
  }
  const locked = attempt.lockedUntil !== null;
  await record('user.verification_failed', { what, failures: attempt.failures, locked });
  if (locked) throw new AppError(423, 'account_locked', { until: attempt.lockedUntil });
  throw wrong;
}

export async function changePassword(ctx: Ctx, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const user = await me(ctx);
  await checkSecret(ctx, user.id, 'password', () => verifyPassword(user.password_hash, input.currentPassword), new AppError(400, 'password_wrong'));
  checkPasswordStrength(input.newPassword);
  const hash = await hashPassword(input.newPassword);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: hash, updated_at: ctx.clock().toISOString() }).where('id', '=', user.id).execute();
    await audit(ctx, trx, 'user.password_changed', { type: 'user', id: user.id });
  });
}

/** Stores a new secret, not yet enabled: the user proves they saved it by entering a code. */
export async function setupTotp(ctx: Ctx): Promise<{ secret: string; otpauthUri: string }> {
  const user = await me(ctx);
  if (user.totp_enabled) throw new AppError(409, 'conflict', { detail: 'TOTP' });
  const secret = newTotpSecret();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set({ totp_secret: ctx.sealer.seal(secret) })
      .where('id', '=', user.id)
      .execute();
    await audit(ctx, trx, 'user.totp_setup_started', { type: 'user', id: user.id });
  });
  return { secret, otpauthUri: totpUri(secret, user.username) };
}

export async function setTotpEnabled(ctx: Ctx, code: string, enabled: boolean): Promise<void> {
  const user = await me(ctx);
  if (!user.totp_secret) throw new AppError(400, 'totp_not_set_up');
  const secret = ctx.sealer.open(user.totp_secret);
  await checkSecret(ctx, user.id, 'totp', () => consumeTotp(ctx.db.kysely, user.id, secret, code, ctx.clock()), new AppError(400, 'totp_invalid'));
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .updateTable('users')
      .set(enabled ? { totp_enabled: 1 } : { totp_enabled: 0, totp_secret: null })
      .where('id', '=', user.id)
      .execute();
    await audit(ctx, trx, enabled ? 'user.totp_enabled' : 'user.totp_disabled', { type: 'user', id: user.id });
  });
}
