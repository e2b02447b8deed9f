import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../db/database.js';

/**
 * Failed checks of what a staff member knows (password, TOTP code) lock the account. The count is
 * kept in users.failed_logins and moved only by single conditional statements, never by reading
 * it and writing it back: concurrent attempts (100 at once, from many addresses) each see the
 * count the ones before them left, and none is checked once the account is locked.
 *
 * An attempt is reserved before its secret is checked: the statement that counts it also refuses
 * it when the account is locked, and locks the account when it is the attempt that reaches the
 * limit. So at most MAX_FAILED_LOGINS secrets are checked before a lock, whatever the
 * concurrency, and after a lock runs out one more check relocks it, for twice as long.
 * Only a complete sign-in (and an administrator's unlock) clears the count: a correct code or
 * password inside a session does not, or a session thief could reset the count between guesses.
 */
export const MAX_FAILED_LOGINS = 5;
const BASE_LOCK_MS = 15 * 60_000;
const MAX_LOCK_MS = 24 * 3600_000;

/** Lock grows 15 min, 30 min, 1 h … up to a day with each failure past the limit. */
export function lockDuration(failures: number): number {
  return Math.min(MAX_LOCK_MS, BASE_LOCK_MS * 2 ** Math.max(0, failures - MAX_FAILED_LOGINS));
}

export interface Attempt {
  /** This attempt's number since the count was last cleared. */
  failures: number;
  /** The lock this attempt set (it reached the limit), or null. */
  lockedUntil: string | null;
}

/**
 * The end of the lock for each count at or past the limit, worked out here and chosen by the
 * database from the count it holds (the count is only known inside the statement).
 */
function lockEndFor(count: RawBuilder<number>, now: Date): RawBuilder<string> {
  const ends: Array<[number, string]> = [];
  for (let n = MAX_FAILED_LOGINS; lockDuration(n) < MAX_LOCK_MS; n++) ends.push([n, new Date(now.getTime() + lockDuration(n)).toISOString()]);
  const longest = new Date(now.getTime() + MAX_LOCK_MS).toISOString();
  const whens = sql.join(
    ends.map(([n, end]) => sql`WHEN ${sql.lit(n)} THEN CAST(${end} AS TEXT)`),
    sql` `,
  );
  return sql<string>`CASE ${count} ${whens} ELSE CAST(${longest} AS TEXT) END`;
}

/** Counts one attempt, or returns null (counting nothing) when the account is locked now. */
export async function reserveAttempt(db: Tx, userId: string, now: Date): Promise<Attempt | null> {
  const next = sql<number>`failed_logins + 1`;
  const row = await db
    .updateTable('users')
    .set({
      failed_logins: next,
      locked_until: sql<string | null>`CASE WHEN ${next} >= ${sql.lit(MAX_FAILED_LOGINS)} THEN ${lockEndFor(next, now)} ELSE locked_until END`,
    })
    .where('id', '=', userId)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now.toISOString())]))
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirst();
  if (!row) return null;
  const failures = Number(row.failed_logins);
  return { failures, lockedUntil: failures >= MAX_FAILED_LOGINS ? row.locked_until : null };
}

/**
 * Gives back an attempt that turned out to be no guess (the right password, with the TOTP code
 * still to come), and the lock it set, if it set one and it still stands.
 */
export async function releaseAttempt(db: Tx, userId: string, attempt: Attempt): Promise<void> {
  await db
    .updateTable('users')
    .set({
      failed_logins: sql<number>`CASE WHEN failed_logins > 0 THEN failed_logins - 1 ELSE 0 END`,
      locked_until:
        attempt.lockedUntil === null
          ? sql<string | null>`locked_until`
          : sql<string | null>`CASE WHEN locked_until = ${attempt.lockedUntil} THEN NULL ELSE locked_until END`,
    })
    .where('id', '=', userId)
    .execute();
}

/** The account's current lock, for the refusal's message. */
export async function currentLock(db: Tx, userId: string): Promise<string | null> {
  const row = await db.selectFrom('users').select('locked_until').where('id', '=', userId).executeTakeFirst();
  return row?.locked_until ?? null;
}
