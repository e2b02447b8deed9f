import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { badInput, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { cleanText } from '../../shared/text.js';
import { cleanDomains } from '../lists/clean-domains.js';
import { liveViewPolicy } from '../reviews/review.policy.js';
import type { FilterReviewRequestsTable } from '../tables.js';

/**
 * "Report a wrong block" from the staff live view: a review request that goes straight to the
 * city (escalated), for blocks a school cannot lift itself (city-mandatory categories, bad lists).
 */
export async function reportFromLive(
  ctx: Ctx,
  input: { schoolId: string; domain: string; category: string; note?: string | undefined },
): Promise<FilterReviewRequestsTable> {
  liveViewPolicy.authorize(ctx.actor, 'read', { school_id: input.schoolId });
  const [domain] = cleanDomains([input.domain.trim().toLowerCase()], 'domain');
  if (!domain || domain.startsWith('@@') || domain.startsWith('*.')) throw badInput('domain');
  return ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await trx.selectFrom('schools').select('id').where('id', '=', input.schoolId).executeTakeFirst())) throw notFound();
    const cat = await trx.selectFrom('filter_categories').select(['code', 'mandatory']).where('code', '=', input.category).executeTakeFirst();
    const now = ctx.clock().toISOString();
    const row: FilterReviewRequestsTable = {
      id: newId(),
      school_id: input.schoolId,
      domain,
      category: cat?.code ?? cleanText(input.category).slice(0, 40),
      note: input.note ? cleanText(input.note).slice(0, 500) || null : null,
      status: 'escalated',
      created_at: now,
      updated_at: now,
      band: 'staff',
      mandatory: cat?.mandatory ?? 0,
      answer_reason: null,
      answered_by: null,
      answered_at: null,
      escalated_at: now,
      requests: 1,
    };
    await trx.insertInto('filter_review_requests').values(row).execute();
    await audit(ctx, trx, 'filter_review.reported', { type: 'filter_review', id: row.id }, { domain, schoolId: input.schoolId });
    return row;
  });
}
