import { createHash } from 'node:crypto';
import type { Deps } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { evidenceStoreFor } from '../../evidence/store.js';
import type { JobSpec } from '../../shared/jobs.js';

/**
 * Where a session photo lives in the evidence store. The store is shared with intake and the
 * detection desk and is content-addressed: a byte-identical file sent with a child's report would
 * share a plain SHA-256 address, and deleting a session would then delete that report's evidence.
 * So each photo row gets an address of its own, derived from its id and its content: the file
 * belongs to that row alone and can go with it.
 */
export function photoAddress(photoId: string, contentSha256: string): string {
  return createHash('sha256').update(`programme_session_photo\0${photoId}\0${contentSha256}`).digest('hex');
}

/**
 * Queues the files of photo rows being deleted, inside the caller's transaction: the queue commits
 * with the deletion or not at all, so a file is removed only once no row refers to it, and a crash
 * after the commit leaves a queued address (removed by the next drain), never a forgotten file.
 */
export async function queuePhotoFiles(trx: Tx, addresses: string[], now: string): Promise<void> {
  if (addresses.length === 0) return;
  await trx
    .insertInto('programme_photo_deletions')
    .values(addresses.map((address) => ({ address, requested_at: now })))
    .onConflict((oc) => oc.column('address').doNothing())
    .execute();
}

const DRAIN_BATCH = 500;

/** Removes queued files from disk, then their queue rows; returns how many. A failure leaves the rest queued. */
export async function removeQueuedPhotoFiles(deps: Pick<Deps, 'db' | 'config' | 'sealer'>): Promise<number> {
  const store = evidenceStoreFor(deps.config.dataDir, deps.sealer);
  let removed = 0;
  for (;;) {
    const batch = await deps.db.kysely
      .selectFrom('programme_photo_deletions')
      .select('address')
      .orderBy('requested_at')
      .orderBy('address')
      .limit(DRAIN_BATCH)
      .execute();
    for (const { address } of batch) {
      await store.remove(address);
      await deps.db.kysely.deleteFrom('programme_photo_deletions').where('address', '=', address).execute();
      removed++;
    }
    if (batch.length < DRAIN_BATCH) return removed;
  }
}

/** Hourly, and at start: the files of deleted sessions a crash or a full disk left queued. */
export function photoFilesJob(deps: Deps): JobSpec {
  return {
    name: 'programmes.photo-files',
    everyMs: 3_600_000,
    async run() {
      return { removed: await removeQueuedPhotoFiles(deps) };
    },
  };
}
