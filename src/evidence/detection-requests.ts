import type { Deps } from '../context.js';
import type { Tx } from '../db/database.js';

/**
 * The hand-off of a report's links from the reporting centre to the detection desk — the one place
 * where the two features meet, owned by neither so that neither imports the other. Intake queues
 * rows in intake_detection_requests (intake/reports/send-to-detection.ts); the detection desk never
 * reads that table itself: it calls claimDetectionRequests inside its own transaction, so the
 * request is marked taken exactly when the detection items are created — both commit, or neither does.
 */
export interface DetectionRequest {
  requestId: string;
  reportId: string;
  /** The links as the report gave them (unsealed). */
  urls: string[];
  createdAt: string;
}

/**
 * Takes up to `limit` pending requests, oldest first, and marks them `done` in `tx`. Safe with
 * several processes: a request another transaction took first is skipped (its conditional
 * update changes no row).
 */
export async function claimDetectionRequests(tx: Tx, deps: Pick<Deps, 'sealer'>, limit = 20): Promise<DetectionRequest[]> {
  const rows = await tx
    .selectFrom('intake_detection_requests')
    .select(['id', 'report_id', 'sealed_urls', 'created_at'])
    .where('status', '=', 'pending')
    .orderBy('created_at')
    .orderBy('id')
    .limit(Math.max(1, Math.min(limit, 500)))
    .execute();
  const out: DetectionRequest[] = [];
  for (const r of rows) {
    const res = await tx
      .updateTable('intake_detection_requests')
      .set({ status: 'done' })
      .where('id', '=', r.id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) continue;
    let urls: string[] = [];
    try {
      const parsed = JSON.parse(deps.sealer.open(r.sealed_urls)) as unknown;
      if (Array.isArray(parsed)) urls = parsed.filter((u): u is string => typeof u === 'string');
    } catch {
      // unreadable (key changed): the request is taken with no links rather than retried for ever
    }
    out.push({ requestId: r.id, reportId: r.report_id, urls, createdAt: r.created_at });
  }
  return out;
}

/** How many requests wait for detection (for status pages and tests). */
export async function pendingDetectionRequests(db: Tx): Promise<number> {
  const row = await db
    .selectFrom('intake_detection_requests')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
