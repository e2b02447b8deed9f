import { sql } from 'kysely';
import { anonymous } from '../access/actor.js';
import { audit } from '../audit/audit.js';
import type { Deps } from '../context.js';
import { intakeKeys } from './keys.js';
import type { IntakeReportsTable } from './tables.js';

/**
 * The public status page: tracking code + PIN → coarse progress. A PIN has a million values and
 * the per-address limit (limits.ts) does not stop guesses spread over many addresses, so PIN
 * checks are also counted per report, in the database (the lock holds across restarts and every
 * web instance): `maxAttempts` checks per window, then the code is locked for `lockMs` — during
 * the lock even the right PIN is refused, with the same answer as a wrong one (a guesser learns
 * nothing from it). An attempt is reserved atomically BEFORE the PIN is compared, so concurrent
 * guesses cannot all slip in before the counter moves. A right PIN clears the count.
 */
export const STATUS_GUARD = { maxAttempts: 5, windowMs: 30 * 60_000, lockMs: 30 * 60_000 } as const;

export interface StatusFound {
  status: IntakeReportsTable['status'];
  /** Where case work stands once a ward or agency took the hand-over (coarse: open or finished). */
  caseStage: 'open' | 'finished' | null;
  createdAt: string;
  updatedAt: string;
}

type Guard = { maxAttempts: number; windowMs: number; lockMs: number };

/** Returns the report's progress, or null for "not found" (unknown code, wrong PIN, or locked). */
export async function lookUpStatus(deps: Deps, code: string, pin: string, guard: Guard = STATUS_GUARD): Promise<StatusFound | null> {
  const keys = intakeKeys(deps.sealer);
  const row = await deps.db.kysely
    .selectFrom('intake_reports')
    .select(['id', 'pin_hash', 'status', 'case_stage', 'created_at', 'updated_at', 'merged_into'])
    .where('tracking_code', '=', code)
    .executeTakeFirst();
  // Unknown codes are not counted: nothing to protect, and no row for every guessed code.
  if (!row) return null;
  if (!(await reserveAttempt(deps, row.id, guard))) return null;
  if (!keys.pinMatches(code, pin, row.pin_hash)) return null;
  await deps.db.kysely
    .updateTable('intake_status_attempts')
    .set({ attempts: 0, updated_at: deps.clock().toISOString() })
    .where('report_id', '=', row.id)
    .execute();

  // A merged report shows the progress of the one it was merged into.
  let cur = row;
  for (let i = 0; i < 5 && cur.status === 'merged' && cur.merged_into; i++) {
    const next = await deps.db.kysely
      .selectFrom('intake_reports')
      .select(['id', 'pin_hash', 'status', 'case_stage', 'created_at', 'updated_at', 'merged_into'])
      .where('id', '=', cur.merged_into)
      .executeTakeFirst();
    if (!next) break;
    cur = next;
  }
  return { status: cur.status, caseStage: cur.case_stage ?? null, createdAt: row.created_at, updatedAt: cur.updated_at };
}

/**
 * One upsert counts the attempt and decides, on both databases (the row is locked by the write,
 * so concurrent attempts are counted one after another). The attempt that goes over the limit
 * sets the lock and is audited in the same transaction.
 */
async function reserveAttempt(deps: Deps, reportId: string, guard: Guard): Promise<boolean> {
  const now = deps.clock();
  const nowIso = now.toISOString();
  const windowStart = new Date(now.getTime() - guard.windowMs).toISOString();
  const lockUntil = new Date(now.getTime() + guard.lockMs).toISOString();
  const t = sql.ref('intake_status_attempts');
  const locked = sql`(${t}.locked_until is not null and ${t}.locked_until > ${nowIso})`;
  const fresh = sql`(${t}.window_started_at <= ${windowStart} or (${t}.locked_until is not null and ${t}.locked_until <= ${nowIso}))`;
  return deps.db.kysely.transaction().execute(async (trx) => {
    const r = await trx
      .insertInto('intake_status_attempts')
      .values({ report_id: reportId, attempts: 1, window_started_at: nowIso, locked_until: null, updated_at: nowIso })
      .onConflict((oc) =>
        oc.column('report_id').doUpdateSet({
          // attempts during a lock are counted too: the one that set it is the only one at max + 1
          attempts: sql<number>`case when ${fresh} and not ${locked} then 1 else ${t}.attempts + 1 end`,
          window_started_at: sql<string>`case when ${locked} then ${t}.window_started_at when ${fresh} then ${nowIso} else ${t}.window_started_at end`,
          locked_until: sql<
            string | null
          >`case when ${locked} then ${t}.locked_until when ${fresh} then null when ${t}.attempts + 1 > ${guard.maxAttempts} then ${lockUntil} else null end`,
          updated_at: nowIso,
        }),
      )
      .returning(['attempts', 'locked_until'])
      .executeTakeFirstOrThrow();
    if (r.locked_until === null) return true;
    if (r.attempts === guard.maxAttempts + 1) {
      // whoever guessed stays anonymous: a reporter's address is never kept
      const guesser = { actor: anonymous, origin: { ip: null }, clock: deps.clock };
      await audit(guesser, trx, 'intake_report.status_locked', { type: 'intake_report', id: reportId }, { attempts: r.attempts, lockedUntil: lockUntil });
    }
    return false;
  });
}
