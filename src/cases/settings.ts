import type { Static } from '@sinclair/typebox';
import { audit } from '../audit/audit.js';
import type { Ctx } from '../context.js';
import { AppError, notFound } from '../shared/errors.js';
import type { ApprovalSettings, ApprovalSettingsBody } from './api-schemas.js';
import { approvalsFor } from './approvals.js';
import { caseSettingsPolicy } from './case-settings.policy.js';

type Settings = Static<typeof ApprovalSettings>;

/** A ward's or agency's approval settings (the default, every step approved, when never set). */
export async function readApprovalSettings(ctx: Ctx, ownerId: string): Promise<Settings> {
  caseSettingsPolicy.authorize(ctx.actor, 'read', { owner_id: ownerId });
  const kind = await ownerKind(ctx, ownerId);
  const a = await approvalsFor(ctx.db.kysely, kind === 'unit' ? ownerId : null, kind === 'agency' ? ownerId : null);
  return { ownerId, ...a };
}

/** Replaces them; cases opened from now on carry the new settings (an open case keeps those it opened with). */
export async function saveApprovalSettings(ctx: Ctx, ownerId: string, body: Static<typeof ApprovalSettingsBody>): Promise<Settings> {
  caseSettingsPolicy.authorize(ctx.actor, 'update', { owner_id: ownerId });
  await ownerKind(ctx, ownerId);
  const now = ctx.clock().toISOString();
  const values = { assessment: body.assessment ? 1 : 0, plan: body.plan ? 1 : 0, closure: body.closure ? 1 : 0, updated_by: ctx.actor.id, updated_at: now };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx
      .insertInto('case_approval_settings')
      .values({ owner_id: ownerId, ...values })
      .onConflict((oc) => oc.column('owner_id').doUpdateSet(values))
      .execute();
    await audit(ctx, trx, 'case_settings.updated', { type: 'case_settings', id: ownerId }, { ...body });
  });
  return { ownerId, ...body };
}

async function ownerKind(ctx: Ctx, ownerId: string): Promise<'unit' | 'agency'> {
  if (await ctx.db.kysely.selectFrom('agencies').select('id').where('id', '=', ownerId).executeTakeFirst()) return 'agency';
  const u = await ctx.db.kysely.selectFrom('units').select('kind').where('id', '=', ownerId).executeTakeFirst();
  if (!u) throw notFound();
  if (u.kind === 'city') throw new AppError(400, 'case_bad_reference', { field: 'ownerId' });
  return 'unit';
}
