import type { ExpressionBuilder } from 'kysely';
import { systemActor } from '../../access/actor.js';
import { appendAudit } from '../../audit/append.js';
import type { Deps } from '../../context.js';
import type { Tx } from '../../db/database.js';
import type { Database } from '../../db/schema.js';
import { type EvidenceStore, evidenceStoreFor } from '../../evidence/store.js';
import { newId } from '../../shared/ids.js';
import { type Analysis, analyseItem } from './analyse.js';
import { FetchFailure, type FetchOptions } from './fetch.js';
import { enqueueFromIntake } from './items.js';
import type { DetectItemAttemptsTable, DetectItemsTable } from './tables.js';

/**
 * The review worker: takes queued items one at a time and analyses each within a deadline.
 * A failure is recorded on the item with a clear code and the worker carries on with the next
 * one; transient failures (timeouts, DNS, the site down) are tried again later with back-off.
 * Several processes may run it: an item is claimed with a conditional update before work starts,
 * and a claim that outlives a crashed worker expires.
 */
export interface WorkerOptions {
  /** Overrides of the fetch limits (tests: allowPrivateNetworks, smaller caps and timeouts). */
  fetch?: Partial<FetchOptions>;
  /** Everything one item may take, fetches and hashing included. */
  itemDeadlineMs?: number;
  /** Tries in all before a transient failure becomes final. */
  maxAttempts?: number;
  /** Wait before the 2nd, 3rd… try. */
  backoffMs?: readonly number[];
}

export interface ProcessResult {
  id: string;
  status: 'analysed' | 'failed' | 'queued';
  failureCode: string | null;
  ms: number;
}

/**
 * Three tries, 15 s and then 60 s apart: a link that is down for good is "failed" about two minutes
 * after it arrived (plus the fetches themselves), never half an hour later; the analyst may decide
 * meanwhile on what is known, or press "retry now" (retry-item.ts). Stated in README.md.
 */
export const RETRY_BACKOFF_MS = [15_000, 60_000] as const;
const DEFAULTS = { itemDeadlineMs: 90_000, maxAttempts: 3, backoffMs: RETRY_BACKOFF_MS } as const;

export class ReviewWorker {
  private running: Promise<unknown> | null = null;
  private stopping = false;
  /** The item being analysed now: aborted by stop(). */
  private current: AbortController | null = null;
  private readonly store: EvidenceStore;
  private readonly o: Required<Omit<WorkerOptions, 'fetch'>> & Pick<WorkerOptions, 'fetch'>;

  constructor(
    private readonly deps: Deps,
    options: WorkerOptions = {},
  ) {
    this.o = { ...DEFAULTS, ...options };
    this.store = evidenceStoreFor(deps.config.dataDir, deps.sealer);
  }

  /** Queues the reporting centre's pending detection requests as items. */
  pollIntake(): Promise<{ requests: number; items: number; duplicates: number; skipped: number }> {
    return enqueueFromIntake(this.deps);
  }

  /** Claims the next due item; null when there is none. */
  private async claim(): Promise<DetectItemsTable | null> {
    const db = this.deps.db.kysely;
    for (let tries = 0; tries < 5; tries++) {
      const now = this.deps.clock();
      const nowIso = now.toISOString();
      const due = (eb: ExpressionBuilder<Database, 'detect_items'>) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('next_attempt_at', '<=', nowIso)]),
          eb.and([eb('status', '=', 'fetching'), eb('claimed_until', '<', nowIso)]),
        ]);
      const next = await db.selectFrom('detect_items').selectAll().where(due).orderBy('next_attempt_at').orderBy('created_at').limit(1).executeTakeFirst();
      if (!next) return null;
      const until = new Date(now.getTime() + this.o.itemDeadlineMs + 30_000).toISOString();
      const res = await db
        .updateTable('detect_items')
        .set({ status: 'fetching', claimed_until: until, attempts: next.attempts + 1, updated_at: nowIso })
        .where('id', '=', next.id)
        .where(due)
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 1) return { ...next, status: 'fetching', attempts: next.attempts + 1 };
    }
    return null;
  }

  /** Analyses one item within its deadline. */
  private async analyse(item: DetectItemsTable): Promise<Analysis> {
    const ac = new AbortController();
    this.current = ac;
    const deadlineAt = Date.now() + this.o.itemDeadlineMs;
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        const f = new FetchFailure('timeout', `item deadline ${this.o.itemDeadlineMs} ms`);
        ac.abort(f);
        reject(f);
      }, this.o.itemDeadlineMs);
    });
    try {
      // the race also ends work that ignores the signal (a decoder stuck on a hostile image)
      const stopped = new Promise<never>((_, reject) => ac.signal.addEventListener('abort', () => reject(ac.signal.reason), { once: true }));
      return await Promise.race([analyseItem(this.deps, this.store, item, { fetch: this.o.fetch, signal: ac.signal, deadlineAt }), deadline, stopped]);
    } finally {
      clearTimeout(timer);
      this.current = null;
    }
  }

  /** Processes the next due item; null when the queue is empty. Never throws for one bad item. */
  async processNext(): Promise<ProcessResult | null> {
    const item = await this.claim();
    if (!item) return null;
    const t0 = Date.now();
    const startedAt = this.deps.clock().toISOString();
    try {
      const a = await this.analyse(item);
      await this.saveAnalysis(item, a, startedAt);
      return { id: item.id, status: 'analysed', failureCode: null, ms: Date.now() - t0 };
    } catch (e) {
      if (this.stopping) {
        // shutting down: hand the item back untouched (no attempt counted) for the next run
        await this.deps.db.kysely
          .updateTable('detect_items')
          .set({ status: 'queued', attempts: item.attempts - 1, claimed_until: null })
          .where('id', '=', item.id)
          .execute();
        return { id: item.id, status: 'queued', failureCode: null, ms: Date.now() - t0 };
      }
      const f = e instanceof FetchFailure ? e : new FetchFailure('internal_error', String((e as Error)?.message ?? e).slice(0, 200));
      const status = await this.saveFailure(item, f, startedAt);
      return { id: item.id, status, failureCode: f.code, ms: Date.now() - t0 };
    }
  }

  /** Processes due items until none is left or `max` were done. */
  async drain(max = 100): Promise<ProcessResult[]> {
    const out: ProcessResult[] = [];
    for (let i = 0; i < max && !this.stopping; i++) {
      const r = await this.processNext();
      if (!r) break;
      out.push(r);
    }
    return out;
  }

  private async saveAnalysis(item: DetectItemsTable, a: Analysis, startedAt: string): Promise<void> {
    const { sealer, clock } = this.deps;
    const now = clock().toISOString();
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      const saved = await trx
        .updateTable('detect_items')
        .set({
          status: 'analysed',
          failure_code: null,
          failure_detail: null,
          claimed_until: null,
          score: a.score,
          match_count: a.matches.length,
          scores: a.verdict ? JSON.stringify(a.verdict) : null,
          matches: JSON.stringify(a.matches),
          sealed_title: a.title ? sealer.seal(a.title) : null,
          sealed_final_url: a.finalUrl ? sealer.seal(a.finalUrl) : null,
          link_hosts: JSON.stringify(a.linkHosts),
          http_status: a.httpStatus,
          ...(a.snapshot
            ? { snapshot_sha256: a.snapshot.sha256, snapshot_size: a.snapshot.size, snapshot_type: a.snapshot.type, fetched_at: a.snapshot.fetchedAt }
            : {}),
          charset: a.charset,
          analysed_at: now,
          updated_at: now,
        })
        .where('id', '=', item.id)
        // An analyst may have decided while the page was being fetched: the decision stands.
        .where('status', '=', 'fetching')
        .executeTakeFirst();
      await recordAttempt(trx, item.id, {
        started_at: startedAt,
        ended_at: now,
        outcome: 'analysed',
        failure_code: null,
        failure_detail: null,
        next_attempt_at: null,
      });
      if (Number(saved.numUpdatedRows) !== 1) return;
      await trx.deleteFrom('detect_item_images').where('item_id', '=', item.id).execute();
      if (a.images.length) {
        await trx
          .insertInto('detect_item_images')
          .values(
            a.images.map((i) => ({
              id: newId(),
              item_id: item.id,
              position: i.position,
              sealed_src: i.src ? sealer.seal(i.src) : null,
              mime: i.mime,
              size: i.size,
              width: i.width,
              height: i.height,
              sha256: i.sha256,
              md5: i.md5,
              pdq: i.pdq,
              quality: i.quality,
              matches: JSON.stringify(i.matches),
              error: i.error,
              created_at: now,
            })),
          )
          .execute();
      }
      await appendAudit(
        trx,
        {
          actor: systemActor('detect:worker'),
          action: 'detect_item.analysed',
          subjectType: 'detect_item',
          subjectId: item.id,
          detail: {
            score: a.score,
            categories: a.verdict?.categories.map((c) => c.code) ?? [],
            matches: a.matches.length,
            images: a.images.length,
            snapshot: a.snapshot?.sha256 ?? null,
          },
        },
        clock,
      );
    });
  }

  private async saveFailure(item: DetectItemsTable, f: FetchFailure, startedAt: string): Promise<'failed' | 'queued'> {
    const { clock } = this.deps;
    const now = clock();
    const retry = f.transient && item.attempts < this.o.maxAttempts;
    const wait = this.o.backoffMs[Math.min(item.attempts - 1, this.o.backoffMs.length - 1)] ?? 60_000;
    const nextAt = retry ? new Date(now.getTime() + wait).toISOString() : null;
    const detail = f.detail.slice(0, 300) || null;
    await this.deps.db.kysely.transaction().execute(async (trx) => {
      await recordAttempt(trx, item.id, {
        started_at: startedAt,
        ended_at: now.toISOString(),
        outcome: retry ? 'retry' : 'failed',
        failure_code: f.code,
        failure_detail: detail,
        next_attempt_at: nextAt,
      });
      const saved = await trx
        .updateTable('detect_items')
        .set({
          status: retry ? 'queued' : 'failed',
          failure_code: f.code,
          failure_detail: detail,
          claimed_until: null,
          next_attempt_at: nextAt ?? item.next_attempt_at,
          updated_at: now.toISOString(),
        })
        .where('id', '=', item.id)
        // decided meanwhile: the decision stands, the try is still on record
        .where('status', '=', 'fetching')
        .executeTakeFirst();
      if (!retry && Number(saved.numUpdatedRows) === 1) {
        await appendAudit(
          trx,
          {
            actor: systemActor('detect:worker'),
            action: 'detect_item.failed',
            subjectType: 'detect_item',
            subjectId: item.id,
            detail: { code: f.code, attempts: item.attempts },
          },
          clock,
        );
      }
    });
    return retry ? 'queued' : 'failed';
  }

  /** One round: take new requests from the reporting centre, then work the queue. */
  runOnce(): Promise<unknown> {
    this.running ??= (async () => {
      await this.pollIntake();
      await this.drain(20);
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /**
   * Ends the round in flight early: the item being analysed goes back to the queue untouched. The
   * job runner (detect.review-worker, see routes.ts) schedules the rounds and reports a failed
   * one; here we only wait for it to settle.
   */
  async stop(): Promise<void> {
    this.stopping = true;
    this.current?.abort(new FetchFailure('internal_error', 'shutdown'));
    await Promise.allSettled([this.running]);
  }
}

/** Appends one try to the item's record of tries (shown to the analyst with its time and error). */
async function recordAttempt(trx: Tx, itemId: string, a: Omit<DetectItemAttemptsTable, 'id' | 'item_id'>): Promise<void> {
  await trx
    .insertInto('detect_item_attempts')
    .values({ id: newId(), item_id: itemId, ...a })
    .execute();
}
