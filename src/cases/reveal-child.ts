import type { Static } from '@sinclair/typebox';
import { audit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import type { Tx } from '../db/database.js';
import { notFound } from '../shared/errors.js';
import type { ChildIdentity } from './api-schemas.js';
import { casePolicy } from './case.policy.js';
import { reason as statedReason } from './input.js';

type Identity = Static<typeof ChildIdentity>;

/** The child's identifying fields as last registered (sealed in the `victim_registered` event), opened. */
export async function childIdentity(trx: Tx, ctx: Pick<Ctx, 'sealer'>, caseId: string): Promise<Identity> {
  const ev = await trx
    .selectFrom('case_events')
    .select('sealed')
    .where('case_id', '=', caseId)
    .where('type', '=', 'victim_registered')
    .where('sealed', 'is not', null)
    .orderBy('seq', 'desc')
    .limit(1)
    .executeTakeFirst();
  const s = ev?.sealed
    ? (JSON.parse(ctx.sealer.open(ev.sealed)) as { name?: string | null; guardians?: Identity['guardians']; safeContact?: string | null })
    : {};
  return { name: s.name ?? null, guardians: s.guardians ?? [], safeContact: s.safeContact ?? null };
}

/**
 * The child's name, guardians and safe contact, for a worker holding the case who states why.
 * The reason is kept in the audit entry written in the same transaction as the read.
 */
export async function revealChild(ctx: Ctx, caseId: string, reasonText: string): Promise<Identity> {
  const why = statedReason(reasonText);
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('cases').selectAll().where('id', '=', caseId).executeTakeFirst();
    if (!row) throw notFound();
    casePolicy.authorize(ctx.actor, 'reveal', row);
    await audit(ctx, trx, 'case.child_revealed', { type: 'case', id: caseId }, { reason: why });
    return childIdentity(trx, ctx, caseId);
  });
}
