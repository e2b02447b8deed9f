import type { Ctx } from '../context.js';
import type { Tx } from '../db/database.js';
import { appendAudit, appendAuditMany } from './append.js';

/** Who acts, from where, and when: the part of a use case's context an entry needs. */
export type AuditContext = Pick<Ctx, 'actor' | 'origin' | 'clock'>;

/** What an entry is about: the kind of record and, when there is one, its id. */
export interface AuditSubject {
  type: string;
  id?: string | null | undefined;
}

/**
 * Records an action of the context's caller: actor, origin and clock come from the context, so a
 * use case names only what happened. Pass the use case's transaction so the entry commits with the
 * change it describes (a plain connection opens a transaction of its own, for audited reads).
 */
export async function audit(ctx: AuditContext, trx: Tx, action: string, subject: AuditSubject, detail?: Record<string, unknown>): Promise<void> {
  await appendAudit(trx, { actor: ctx.actor, origin: ctx.origin, action, subjectType: subject.type, subjectId: subject.id ?? null, detail }, ctx.clock);
}

/** Many entries by the same caller in one go (bulk imports): one lock, one read of the chain head. */
export async function auditMany(
  ctx: AuditContext,
  trx: Tx,
  entries: ReadonlyArray<{ action: string; subject: AuditSubject; detail?: Record<string, unknown> }>,
): Promise<void> {
  await appendAuditMany(
    trx,
    entries.map((e) => ({
      actor: ctx.actor,
      origin: ctx.origin,
      action: e.action,
      subjectType: e.subject.type,
      subjectId: e.subject.id ?? null,
      detail: e.detail,
    })),
    ctx.clock,
  );
}
