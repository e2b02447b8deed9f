import { CompiledQuery, PostgresAdapter } from 'kysely';
import { type Actor, type RequestOrigin, systemActor } from '../access/actor.js';
import type { Tx } from '../db/database.js';
import { type Deferred, deferUntilCommit } from '../db/group-commit.js';
import { prepared, preparedInsert } from '../db/prepared.js';
import { type Clock, nowIso, systemClock } from '../shared/time.js';
import { auditKeysOf, KEYED_ALG, keyedHash } from './chain-key.js';
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

type Entry = Omit<AuditLogTable, 'hash' | 'hash_alg'>;

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
    await trx.transaction().execute(async (t) => {
      await writeEntries(t, stamped);
    });
    return;
  }
  await writeEntries(trx, stamped);
}

interface Stamped {
  event: AuditEvent;
  at: string;
}

const batchedAudit: Deferred<Stamped> = {
  name: 'audit_log',
  flush: async (trx, items) => {
    await writeEntries(trx, items);
  },
};

/**
 * Chains the entries to the head of the log and inserts them (the caller holds a transaction).
 * Each hash is an HMAC keyed with the platform's secret key (src/audit/chain-key.ts). When the
 * head is still an entry hashed the old way (plain SHA-256, before migration 0050), the first
 * keyed entry says so: `audit.chain_keyed`, naming how many entries came before and the head it
 * links to. From then on a change to those older entries breaks that keyed link.
 * Returns the last entry written (null when there was nothing to write).
 */
async function writeEntries(trx: Tx, events: Stamped[]): Promise<AuditLogTable | null> {
  const { hmac } = auditKeysOf(trx);
  if (trx.getExecutor().adapter instanceof PostgresAdapter) await trx.executeQuery(PG_AUDIT_LOCK);
  const [last] = await chainHead(trx);
  if (last && last.hash_alg !== KEYED_ALG) {
    const at = events[0]?.at ?? nowIso();
    const marker: AuditEvent = {
      actor: systemActor('audit'),
      action: 'audit.chain_keyed',
      subjectType: 'audit',
      detail: { alg: KEYED_ALG, legacyEntries: last.seq, legacyHead: last.hash },
    };
    events = [{ event: marker, at }, ...events];
  }
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
    prev = keyedHash(hmac, entry);
    return { ...entry, hash: prev, hash_alg: KEYED_ALG };
  });
  await insertEntries(trx, rows);
  return rows.at(-1) ?? null;
}

/**
 * At upgrade time (platform start, right after migrating): a chain whose head is still hashed
 * the old way gets its `audit.chain_keyed` entry now rather than at the next action, so the old
 * entries are covered by a keyed link from the first start of this version on.
 */
export async function keyAuditChain(db: Tx): Promise<void> {
  await db.transaction().execute(async (t) => {
    await writeEntries(t, []);
  });
}

/** Appends one entry in its own transaction and returns it as written (anchoring names the head it wrote). */
export async function appendAuditReturning(db: Tx, event: AuditEvent, clock: Clock = systemClock): Promise<AuditLogTable> {
  return db.transaction().execute(async (t) => {
    const row = await writeEntries(t, [{ event, at: nowIso(clock) }]);
    if (!row) throw new Error('audit entry not written');
    return row;
  });
}

const chainHead = prepared((db) => db.selectFrom('audit_log').select(['seq', 'hash', 'hash_alg']).orderBy('seq', 'desc').limit(1));
const insertEntries = preparedInsert('audit_log');

const PG_AUDIT_LOCK = CompiledQuery.raw('select pg_advisory_xact_lock(73616)');
