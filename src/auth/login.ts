import { anonymous } from '../access/actor.js';
import { audit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { UsersTable } from '../org/tables.js';
import { AppError } from '../shared/errors.js';
import { type Attempt, currentLock, releaseAttempt, reserveAttempt } from './attempts.js';
import { burnPasswordCheck, verifyPassword } from './passwords.js';
import { createSession, userActor } from './sessions.js';
import { consumeTotp } from './totp.js';
import './messages.js';

export { MAX_FAILED_LOGINS } from './attempts.js';

export interface LoginInput {
  username: string;
  password: string;
  totp?: string | undefined;
}

export async function login(ctx: Ctx, input: LoginInput): Promise<{ token: string; sessionId: string; user: UsersTable }> {
  const username = input.username.trim().toLowerCase();
  const k = ctx.db.kysely;
  const now = ctx.clock();
  const user = await k.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  // the entry's actor is the account being signed in to (anonymous when there is none), not the caller
  const record = (action: string, detail: Record<string, unknown>, u?: UsersTable) =>
    audit({ ...ctx, actor: u ? userActor(u) : anonymous }, k, action, { type: 'user', id: u?.id ?? null }, detail);

  if (!user || user.disabled) {
    await burnPasswordCheck(input.password);
    await record('user.login_failed', { username: username.slice(0, 64), reason: user ? 'disabled' : 'unknown_user' }, user);
    throw new AppError(401, 'invalid_credentials');
  }
  // Counted before the password is checked (attempts.ts): a locked account checks nothing, and
  // concurrent guesses cannot all pass a lock test made before any of them was counted.
  const attempt = await reserveAttempt(k, user.id, now);
  if (!attempt) {
    const until = await currentLock(k, user.id);
    await record('user.login_refused', { reason: 'locked' }, user);
    throw new AppError(423, 'account_locked', { until });
  }

  const fail = async (reason: string, code: string, a: Attempt): Promise<never> => {
    const locked = a.lockedUntil !== null;
    await record('user.login_failed', { reason, failures: a.failures, locked }, user);
    if (locked) throw new AppError(423, 'account_locked', { until: a.lockedUntil });
    throw new AppError(401, code);
  };

  if (!(await verifyPassword(user.password_hash, input.password))) return fail('password', 'invalid_credentials', attempt);
  if (user.totp_enabled && user.totp_secret) {
    if (!input.totp) {
      // the right password with the code still to come is no guess
      await releaseAttempt(k, user.id, attempt);
      throw new AppError(401, 'totp_required');
    }
    if (!(await consumeTotp(k, user.id, ctx.sealer.open(user.totp_secret), input.totp, now))) return fail('totp', 'totp_invalid', attempt);
  }

  return k.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null, last_login_at: now.toISOString() }).where('id', '=', user.id).execute();
    const session = await createSession(trx, user.id, ctx.origin.ip, ctx.clock);
    await audit({ ...ctx, actor: userActor(user) }, trx, 'user.login', { type: 'user', id: user.id }, { totp: user.totp_enabled === 1 });
    return { token: session.token, sessionId: session.id, user };
  });
}
