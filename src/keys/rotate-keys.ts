import { systemActor } from '../access/actor.js';
import { appendAudit } from '../audit/append.js';
import type { Deps } from '../context.js';
import { evidenceStoreFor } from '../evidence/store.js';
import { countStale, resealBatch } from './reseal-columns.js';
import { SEALED_TABLES } from './sealed-columns.js';

export interface RotateOptions {
  /** Rows per transaction. */
  batchSize?: number;
  /**
   * How long to wait, once everything is re-sealed, before the last pass and the removal of the old
   * keys: running processes re-read the ring within a second, but a transaction that sealed with the
   * old key just before may still commit. The last pass catches what they wrote.
   */
  graceMs?: number;
  progress?: (phase: 'fields' | 'files', done: number, total: number) => void;
  sleep?: (ms: number) => Promise<void>;
}

export interface RotateResult {
  keyId: string;
  /** True when an interrupted rotation was finished rather than a new key made. */
  resumed: boolean;
  values: number;
  files: number;
  /** Key ids removed from the ring ("legacy": the root key no longer opens fields). */
  removed: string[];
}

const MAX_PASSES = 5;

/**
 * `lachan keys rotate`: a new key becomes the one new values are sealed with (every process picks
 * it up from the ring file, no restart), every sealed column and every evidence file is re-sealed
 * under it in batches, and then the old keys are removed from the ring. Interrupted, it resumes:
 * a ring whose current key still has older keys beside it is a rotation to finish, not to restart.
 * The secret key (cookies, CSRF, the audit chain's HMAC and anchors, look-up hashes) is untouched,
 * so nobody is signed out and the audit chain still verifies.
 */
export async function rotateKeys(deps: Pick<Deps, 'db' | 'sealer' | 'config' | 'clock'>, opts: RotateOptions = {}): Promise<RotateResult> {
  const { sealer, db } = deps;
  const ring = sealer.ring;
  ring.refresh(true);
  const state = ring.state;
  const resumed = state.current !== null && (state.keys.length > 1 || state.legacy === 'open');
  const keyId = resumed ? (state.current as string) : ring.addCurrentKey(deps.clock());
  const prefix = `k1.${keyId}.`;
  const size = opts.batchSize ?? 500;
  const progress = opts.progress ?? (() => {});
  const sleep = opts.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const store = evidenceStoreFor(deps.config.dataDir, sealer);

  let values = 0;
  let files = 0;
  const pass = async (): Promise<number> => {
    let total = 0;
    for (const t of SEALED_TABLES) total += await countStale(db, t, prefix);
    let done = 0;
    progress('fields', 0, total);
    for (const t of SEALED_TABLES) {
      let after: string | null = '';
      while (after !== null) {
        const r = await resealBatch(db, sealer, t, prefix, after, size);
        done += r.resealed;
        after = r.lastId;
        progress('fields', Math.min(done, total), total);
      }
    }
    const shas: string[] = [];
    for await (const sha of store.addresses()) shas.push(sha);
    progress('files', 0, shas.length);
    let rewritten = 0;
    for (const [i, sha] of shas.entries()) {
      if (await store.reencrypt(sha)) rewritten++;
      progress('files', i + 1, shas.length);
    }
    values += done;
    files += rewritten;
    return done + rewritten;
  };

  await pass();
  await sleep(opts.graceMs ?? 5000);
  // Passes until one finds nothing left under an old key; then nothing needs the old keys.
  for (let i = 0; ; i++) {
    const left = await pass();
    let stale = 0;
    for (const t of SEALED_TABLES) stale += await countStale(db, t, prefix);
    if (left === 0 && stale === 0) break;
    if (i >= MAX_PASSES) throw new Error(`key rotation: ${stale} values are still sealed under old keys after ${MAX_PASSES} passes; run it again`);
  }

  const removed = ring.dropAllButCurrent();
  await db.kysely.transaction().execute((trx) =>
    appendAudit(
      trx,
      {
        actor: systemActor('cli:keys-rotate'),
        action: 'keys.rotated',
        subjectType: 'key_ring',
        subjectId: null,
        detail: { keyId, resumed, values, files, removed },
      },
      deps.clock,
    ),
  );
  return { keyId, resumed, values, files, removed };
}
