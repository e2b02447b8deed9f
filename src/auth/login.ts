import { anonymous } from '../access/actor.js';
import { appendAudit } from '../audit/append.js';
import type { Ctx } from '../context.js';
import type { UsersTable } from '../org/tables.js';
import { AppError } from '../shared/errors.js';
import { burnPasswordCheck, verifyPassword } from './passwords.js';
import { createSession, userActor } from './sessions.js';
import { consumeTotp } from './totp.js';
import './messages.js';

export const MAX_FAILED_LOGINS = 5;
const BASE_LOCK_MS = 15 * 60_000;
const MAX_LOCK_MS = 24 * 3600_000;

export interface LoginInput {
  username: string;
  password: string;
  totp?: string | undefined;
}

/** Lock grows 15 min, 30 min, 1 h … up to a day with each failure past the limit. */
export function lockDuration(failures: number): number {
  return Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** Math.max(0, failures - MAX_FAILED_LOGINS));
}

export async function login(ctx: Ctx, input: LoginInput): Promise<{ token: string; sessionId: string; user: UsersTable }> {
  const username = input.username.trim().toLowerCase();
  const k = ctx.db.kysely;
  const now = ctx.clock();
  const user = await k.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  const audit = (action: string, detail: Record<string, unknown>, u?: UsersTable) =>
    appendAudit(k, { actor: u ? userActor(u) : anonymous, origin: ctx.origin, action, subjectType: 'user', subjectId: u?.id ?? null, detail }, ctx.clock);

  if (!user || user.disabled) {
    await burnPasswordCheck(input.password);
    await audit('user.login_failed', { username: username.slice(0, 64), reason: user ? 'disabled' : 'unknown_user' }, user);
    throw new AppError(401, 'invalid_credentials');
  }
  if (user.locked_until && Date.parse(user.locked_until) > now.getTime()) {
    await audit('user.login_refused', { reason: 'locked' }, user);
    throw new AppError(423, 'account_locked', { until: user.locked_until });
  }

  const fail = async (reason: string, code: string) => {
    const failures = user.failed_logins + 1;
    const lockedUntil = failures >= MAX_FAILED_LOGINS ? new Date(now.getTime() + lockDuration(failures)).toISOString() : null;
    await k.transaction().execute(async (trx) => {
      await trx.updateTable('users').set({ failed_logins: failures, locked_until: lockedUntil }).where('id', '=', user.id).execute();
      await appendAudit(trx, { actor: userActor(user), origin: ctx.origin, action: 'user.login_failed', subjectType: 'user', subjectId: user.id, detail: { reason, failures, locked: lockedUntil !== null } }, ctx.clock);
    });
    if (lockedUntil) throw new AppError(423, 'account_locked', { until: lockedUntil });
    throw new AppError(401, code);
  };

  if (!(await verifyPassword(user.password_hash, input.password))) return fail('password', 'invalid_credentials');
  if (user.totp_enabled && user.totp_secret) {
    if (!input.totp) throw new AppError(401, 'totp_required');
    if (!(await consumeTotp(k, user.id, ctx.sealer.open(user.totp_secret), input.totp, now))) return fail('totp', 'totp_invalid');
  }

  return k.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ failed_logins: 0, locked_until: null, last_login_at: now.toISOString() }).where('id', '=', user.id).execute();
    const session = await createSession(trx, user.id, ctx.origin.ip, ctx.clock);
    await appendAudit(trx, { actor: userActor(user), origin: ctx.origin, action: 'user.login', subjectType: 'user', subjectId: user.id, detail: { totp: user.totp_enabled === 1 } }, ctx.clock);
    return { token: session.token, sessionId: session.id, user };
  });
}
