import { createHash } from 'node:crypto';
import { PostgresAdapter, sql } from 'kysely';
import type { Actor, RequestOrigin } from '../access/actor.js';
import type { Tx } from '../db/database.js';
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
  const canonical = JSON.stringify([
    e.seq,
    e.at,
    e.actor_type,
    e.actor_id,
    e.actor_label,
    e.action,
    e.subject_type,
    e.subject_id,
    e.ip,
    e.detail,
    e.prev_hash,
  ]);
  return createHash('sha256').update(canonical).digest('hex');
}

/**
 * Appends entries inside the caller's transaction, so the audit entry commits with the change
 * it describes or not at all. Appends are serialised (PostgreSQL: advisory lock; SQLite: one writer).
 */
export async function appendAudit(trx: Tx, event: AuditEvent, clock: Clock = systemClock): Promise<void> {
  await appendAuditMany(trx, [event], clock);
}

/** Many entries in one go (bulk imports): one lock, one read of the chain head, batched inserts. */
export async function appendAuditMany(trx: Tx, events: AuditEvent[], clock: Clock = systemClock): Promise<void> {
  if (events.length === 0) return;
  if (!trx.isTransaction) {
    await trx.transaction().execute((t) => appendAuditMany(t, events, clock));
    return;
  }
  if (trx.getExecutor().adapter instanceof PostgresAdapter) await sql`select pg_advisory_xact_lock(73616)`.execute(trx);
  const last = await trx.selectFrom('audit_log').select(['seq', 'hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  let seq = last?.seq ?? 0;
  let prev = last?.hash ?? GENESIS_HASH;
  const at = nowIso(clock);
  const rows: AuditLogTable[] = events.map((event) => {
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
  for (let i = 0; i < rows.length; i += 200) await trx.insertInto('audit_log').values(rows.slice(i, i + 200)).execute();
}
