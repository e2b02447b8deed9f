import { createHash } from 'node:crypto';
import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { Actor, RequestOrigin } from '../access/actor.js';
import type { Tx } from '../db/database.js';
import { type Deferred, deferUntilCommit } from '../db/group-commit.js';
import { prepared, preparedInsert } from '../db/prepared.js';
import { type Clock, nowIso, systemClock } from '../shared/time.js';
import type { AuditLogTable } from './tables.js';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEvent {
  actor: Actor;
  origin?: RequestOrigin | undefined;
  /** verb in the past tense, dotted by subject: 'school.created', 'user.login_failed', 'user.read' */
  action: string;
  subjectType: string;
  subjectId?: string | null | undefined;
  /** What changed. Never secrets: passwords, token values and TOTP secrets are left out by callers. */
  detail?: Record<string, unknown> | undefined;
}

type Entry = Omit<AuditLogTable, 'hash'>;

/** The hash covers every column but itself, in a fixed order, chained to the previous entry. */
export function entryHash(e: Entry): string {
  const canonical = JSON.stringify([e.seq, e.at, e.actor_type, e.actor_id, e.actor_label, e.action, e.subject_type, e.subject_id, e.ip, e.detail, e.prev_hash]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Appends entries inside the caller's transaction, so the audit entry commits with the change
 * it describes or not at all. Appends are serialised (PostgreSQL: advisory lock; SQLite: one writer).
 * Inside a group-commit job (src/db/group-commit.ts) the entry is stamped now and written with the
 * batch's other entries right before that same transaction commits: one read of the chain head
 * and one insert per batch instead of per entry.
 */
export async function appendAudit(trx: Tx, event: AuditEvent, clock: Clock = systemClock): Promise<void> {
  await appendAuditMany(trx, [event], clock);
}

/** Many entries in one go (bulk imports): one lock, one read of the chain head, batched inserts. */
export async function appendAuditMany(trx: Tx, events: AuditEvent[], clock: Clock = systemClock): Promise<void> {
  if (events.length === 0) return;
  const at = nowIso(clock);
  const stamped = events.map((event) => ({ event, at }));
  if (stamped.every((s) => deferUntilCommit(trx, batchedAudit, s))) return;
  if (!trx.isTransaction) {
    await trx.transaction().execute((t) => writeEntries(t, stamped));
    return;
  }
  await writeEntries(trx, stamped);
}

interface Stamped {
  event: AuditEvent;
  at: string;
}

const batchedAudit: Deferred<Stamped> = { name: 'audit_log', flush: (trx, items) => writeEntries(trx, items) };

/** Chains the entries to the head of the log and inserts them (the caller holds a transaction). */
async function writeEntries(trx: Tx, events: Stamped[]): Promise<void> {
  if (trx.getExecutor().adapter instanceof PostgresAdapter) await trx.executeQuery(PG_AUDIT_LOCK);
  const [last] = await chainHead(trx);
  let seq = last?.seq ?? 0;
  let prev = last?.hash ?? GENESIS_HASH;
  const rows: AuditLogTable[] = events.map(({ event, at }) => {
    const entry: Entry = {
      seq: ++seq,
      at,
      actor_type: event.actor.kind,
      actor_id: event.actor.id,
      actor_label: event.actor.label,
      action: event.action,
      subject_type: event.subjectType,
      subject_id: event.subjectId ?? null,
      ip: event.origin?.ip ?? null,
      detail: JSON.stringify(event.detail ?? {}),
      prev_hash: prev,
    };
    prev = entryHash(entry);
    return { ...entry, hash: prev };
  });
  await insertEntries(trx, rows);
}

const chainHead = prepared((db) => db.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1));
const insertEntries = preparedInsert('audit_log');

const PG_AUDIT_LOCK = CompiledQuery.raw('select pg_advisory_xact_lock(73616)');
