import type { Db } from '../../../db/database.js';
import { AppError } from '../../../shared/errors.js';
import type { StatsDrain } from '../../engine/metrics.js';
import { storeDrain } from '../../service.js';
import './messages.js';

/** Receipts older than this are pruned: a node retries a batch for minutes or days, not weeks. */
export const RECEIPT_DAYS = 7;
/**
 * How far back a batch's hour may be: no further than the receipts reach. A batch of hour H was
 * first received at or after H, so while H is within RECEIPT_DAYS its receipt, if any, is still
 * here — a retry can never be counted twice. A node away longer loses those older counters.
 */
const OLDEST_HOUR_MS = RECEIPT_DAYS * 24 * 3_600_000;
/** clocks differ a little; an hour ahead of the centre is a broken clock */
const NEWEST_HOUR_MS = 3_600_000;

const invalid = (detail: string) => new AppError(400, 'fleet.stats_invalid', { detail });

/**
 * Takes in one stats batch from a node: the receipt (node, idempotency key) and the counters in one
 * transaction. A retry after a dropped answer finds the receipt and adds nothing (`duplicate`); a
 * batch that failed left neither. Counters go through the filter's own `storeDrain`, so the school
 * and city charts and the self-harm alert read them like the local filter's. A node sends only its
 * own schools' counters, in categories the centre knows: otherwise the whole batch is refused.
 */
export async function ingestStats(
  db: Db,
  node: { nodeId: string; schoolIds: string[] },
  key: string,
  drain: StatsDrain,
  now: Date,
): Promise<{ duplicate: boolean }> {
  const hourMs = Date.parse(drain.hour);
  if (!(hourMs > now.getTime() - OLDEST_HOUR_MS && hourMs < now.getTime() + NEWEST_HOUR_MS)) throw invalid(`hour ${drain.hour}`);
  const served = new Set(node.schoolIds);
  const foreign = [...drain.counters, ...drain.top].find((c) => !served.has(c.schoolId));
  if (foreign) throw new AppError(403, 'fleet.stats_foreign_school', { school: foreign.schoolId });
  return db.writes.run(async (trx) => {
    const categories = new Set((await trx.selectFrom('filter_categories').select('code').execute()).map((c) => c.code));
    categories.add('all');
    const unknown = [...drain.counters, ...drain.top].find((c) => !categories.has(c.category));
    if (unknown) throw invalid(`category ${unknown.category}`);
    const taken = await trx
      .insertInto('filter_fleet_stats_receipts')
      .values({ node_id: node.nodeId, idempotency_key: key, received_at: now.toISOString() })
      .onConflict((oc) => oc.columns(['node_id', 'idempotency_key']).doNothing())
      .returning('idempotency_key')
      .execute();
    if (taken.length === 0) return { duplicate: true };
    await storeDrain(trx, drain);
    return { duplicate: false };
  });
}

export async function pruneReceipts(db: Db, now: Date): Promise<void> {
  const before = new Date(now.getTime() - RECEIPT_DAYS * 24 * 3_600_000).toISOString();
  await db.kysely.deleteFrom('filter_fleet_stats_receipts').where('received_at', '<', before).execute();
}
