import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { AppError, badInput, notFound } from '../../shared/errors.js';
import { cleanText } from '../../shared/text.js';
import { addGuardEntry } from '../guard/add-guard-entry.js';
import type { Band } from '../model.js';
import { publishSnapshot } from '../service.js';
import type { FilterReviewRequestsTable } from '../tables.js';
import { addSchoolAllow } from './add-school-allow.js';
import { type AllowEffect, allowEffects } from './allow-effects.js';
import { reviewPolicy } from './review.policy.js';

const WAITING: string[] = ['open', 'escalated'];

async function waitingReview(trx: Tx, id: string): Promise<FilterReviewRequestsTable> {
  const r = await trx.selectFrom('filter_review_requests').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound();
  return r;
}

const rec = (r: FilterReviewRequestsTable) => ({ school_id: r.school_id ?? '' });

async function answered(
  trx: Tx,
  ctx: Ctx,
  r: FilterReviewRequestsTable,
  status: 'allowed' | 'declined' | 'escalated',
  reason: string | null,
  detail: Record<string, unknown> = {},
): Promise<FilterReviewRequestsTable> {
  const now = ctx.clock().toISOString();
  const patch =
    status === 'escalated'
      ? { status, escalated_at: now, answer_reason: reason ?? r.answer_reason, updated_at: now }
      : { status, answered_at: now, answered_by: ctx.actor.id, answer_reason: reason, updated_at: now };
  await trx.updateTable('filter_review_requests').set(patch).where('id', '=', r.id).execute();
  await audit(ctx, trx, `filter_review.${status}`, { type: 'filter_review', id: r.id }, { domain: r.domain, schoolId: r.school_id, reason, ...detail });
  return { ...r, ...patch } as FilterReviewRequestsTable;
}

/**
 * "Allow": for the school (its administrator, or a system administrator) — an allow entry for the
 * review's band, which the filter applies at the next snapshot reload; refused for a city-mandatory
 * category (a school's allow cannot override it: escalate). For the city (`scope: 'city'`) — the
 * name is added to the guard list, so no third-party list blocks it for anyone.
 */
export async function allowReview(
  ctx: Ctx,
  id: string,
  scope: 'school' | 'city' = 'school',
): Promise<{ review: FilterReviewRequestsTable; effect: AllowEffect }> {
  const db = ctx.db.kysely;
  const r0 = await waitingReview(db, id);
  reviewPolicy.authorize(ctx.actor, 'read', rec(r0));
  reviewPolicy.authorize(ctx.actor, scope === 'city' ? 'answer_city' : 'answer_school', rec(r0));
  if (!WAITING.includes(r0.status)) throw new AppError(409, 'filter.review_answered', { status: r0.status });
  const band = (r0.band as Band | null) ?? 'all';
  if (scope === 'city') {
    const existing = await db
      .selectFrom('filter_guard_entries')
      .select('domain')
      .where('domain', '=', r0.domain)
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    if (!existing)
      await addGuardEntry(ctx, {
        domain: r0.domain,
        group: 'review',
        reasonVi: `Yêu cầu xem xét ${r0.id}: chặn nhầm`,
        reasonEn: `Review ${r0.id}: a wrong block`,
      });
    const review = await db.transaction().execute(async (trx) => {
      const r = await waitingReview(trx, id);
      if (!WAITING.includes(r.status)) throw new AppError(409, 'filter.review_answered', { status: r.status });
      return answered(trx, ctx, r, 'allowed', null, { scope: 'city' });
    });
    const [effect] = r0.school_id ? await allowEffects(db, ctx.config.dataDir, r0.school_id, [{ band, domain: r0.domain }]) : [];
    return {
      review,
      effect: effect ?? {
        domain: r0.domain,
        band,
        effective: true,
        reason: null,
        category: null,
        categoryNameVi: null,
        categoryNameEn: null,
        messageVi: null,
        messageEn: null,
      },
    };
  }
  if (!r0.school_id) throw badInput('schoolId');
  if (Number(r0.mandatory ?? 0) === 1) throw new AppError(409, 'filter.review_mandatory', { domain: r0.domain });
  const review = await db.transaction().execute(async (trx) => {
    const r = await waitingReview(trx, id);
    if (!WAITING.includes(r.status)) throw new AppError(409, 'filter.review_answered', { status: r.status });
    await addSchoolAllow(trx, r.school_id!, band, r.domain, ctx.clock().toISOString());
    return answered(trx, ctx, r, 'allowed', null, { scope: 'school', band });
  });
  await publishSnapshot(db, ctx.config.dataDir);
  const [effect] = await allowEffects(db, ctx.config.dataDir, r0.school_id, [{ band, domain: r0.domain }]);
  return { review, effect: effect! };
}

/** The school passes the request to the city (e.g. a mandatory category only the city can change). */
export async function escalateReview(ctx: Ctx, id: string, note?: string): Promise<FilterReviewRequestsTable> {
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await waitingReview(trx, id);
    reviewPolicy.authorize(ctx.actor, 'answer_school', rec(r));
    if (r.status !== 'open') throw new AppError(409, 'filter.review_answered', { status: r.status });
    return answered(trx, ctx, r, 'escalated', note ? cleanText(note).slice(0, 500) || null : null);
  });
}

/** Declined, with the reason the console shows. */
export async function declineReview(ctx: Ctx, id: string, reason: string): Promise<FilterReviewRequestsTable> {
  const why = cleanText(reason ?? '').slice(0, 500);
  if (!why) throw badInput('reason');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    const r = await waitingReview(trx, id);
    reviewPolicy.authorize(ctx.actor, 'decline', rec(r));
    if (!WAITING.includes(r.status)) throw new AppError(409, 'filter.review_answered', { status: r.status });
    return answered(trx, ctx, r, 'declined', why);
  });
}
