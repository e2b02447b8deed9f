import type { Actor, UserActor } from '../access/actor.js';
import type { Db, Tx } from '../db/database.js';
import type { UsersTable } from '../org/tables.js';
import { randomToken } from '../shared/ids.js';
import { sha256Hex } from '../shared/secrets.js';
import type { Clock } from '../shared/time.js';

export const SESSION_COOKIE = 'lachan_session';
export const SESSION_ABSOLUTE_MS = 12 * 3600_000;
export const SESSION_IDLE_MS = 2 * 3600_000;
const TOUCH_EVERY_MS = 60_000;

export function userActor(u: Pick<UsersTable, 'id' | 'username' | 'role' | 'unit_id' | 'agency_id' | 'school_id'>): UserActor {
  return { kind: 'user', id: u.id, label: u.username, role: u.role, unitId: u.unit_id, agencyId: u.agency_id, schoolId: u.school_id };
}

/** Returns the cookie value; only its hash is stored. */
export async function createSession(trx: Tx, userId: string, ip: string | null, clock: Clock): Promise<{ token: string; id: string }> {
  const token = randomToken(32);
  const now = clock();
  const id = sha256Hex(token);
  await trx
    .insertInto('sessions')
    .values({
      id,
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_ABSOLUTE_MS).toISOString(),
      last_seen_at: now.toISOString(),
      ip,
    })
    .execute();
  return { token, id };
}

export interface ResolvedSession {
  sessionId: string;
  actor: Actor;
  user: UsersTable;
}

export async function resolveSession(db: Db, token: string, clock: Clock): Promise<ResolvedSession | null> {
  if (token.length < 20 || token.length > 100) return null;
  const id = sha256Hex(token);
  const row = await db.kysely
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .selectAll('users')
    .select(['sessions.expires_at as s_expires', 'sessions.last_seen_at as s_seen'])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
  if (!row) return null;
  const now = clock().getTime();
  const expired = Date.parse(row.s_expires) <= now || Date.parse(row.s_seen) + SESSION_IDLE_MS <= now;
  if (expired || row.disabled) {
    await db.kysely.deleteFrom('sessions').where('id', '=', id).execute();
    return null;
  }
  if (now - Date.parse(row.s_seen) > TOUCH_EVERY_MS) {
    await db.kysely
      .updateTable('sessions')
      .set({ last_seen_at: new Date(now).toISOString() })
      .where('id', '=', id)
      .execute();
  }
  const { s_expires: _e, s_seen: _s, ...user } = row;
  return { sessionId: id, actor: userActor(user), user };
}

export async function destroySession(db: Db | Tx, sessionId: string): Promise<void> {
  const k = 'kysely' in db ? db.kysely : db;
  await k.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

export async function destroyUserSessions(trx: Tx, userId: string): Promise<void> {
  await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
}
