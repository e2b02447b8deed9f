import { anonymous } from '../../access/actor.js';
import { audit } from '../../audit/audit.js';
import type { Deps } from '../../context.js';
import { newId } from '../../shared/ids.js';
import { cleanText } from '../../shared/text.js';
import { ACTION } from '../engine/policy.js';
import { cleanDomains } from '../lists/clean-domains.js';
import type { FilterService } from '../service.js';

export type ReviewRequestResult = { result: 'stored'; id: string; merged: boolean } | { result: 'not_blocked' } | { result: 'bad_input' };

/**
 * "This is a mistake", from the block page, anonymously. The filter itself says what the caller's
 * network is (school and band, from the address — the address is not kept) and whether the name
 * is blocked there: a request for a name that is not blocked, or from outside every school
 * network, stores nothing. Repeats for the same name at the same school while it waits are one
 * request with a count. The category comes from the filter's decision, never from the form.
 */
export async function createReviewRequest(
  deps: Pick<Deps, 'db' | 'clock'>,
  service: FilterService | undefined,
  input: { ip: string; domain: string; note?: string | null },
): Promise<ReviewRequestResult> {
  let domain: string;
  try {
    const [d] = cleanDomains([String(input.domain).trim().toLowerCase().replace(/\.$/, '')], 'domain');
    if (!d || d.startsWith('@@') || d.startsWith('*.')) return { result: 'bad_input' };
    domain = d;
  } catch {
    return { result: 'bad_input' };
  }
  const client = service?.engine.identify(input.ip) ?? null;
  if (!service || !client?.schoolId) return { result: 'not_blocked' };
  const d = service.engine.check(domain, client.schoolId, client.band);
  if (d.action !== ACTION.BLOCK && d.action !== ACTION.CANARY) return { result: 'not_blocked' };
  const note = input.note ? cleanText(String(input.note)).slice(0, 500) || null : null;
  const schoolId = client.schoolId;
  return deps.db.kysely.transaction().execute(async (trx) => {
    const now = deps.clock().toISOString();
    const waiting = await trx
      .selectFrom('filter_review_requests')
      .select(['id', 'requests'])
      .where('school_id', '=', schoolId)
      .where('domain', '=', domain)
      .where('status', 'in', ['open', 'escalated'])
      .executeTakeFirst();
    if (waiting) {
      await trx
        .updateTable('filter_review_requests')
        .set({ requests: Number(waiting.requests ?? 1) + 1, updated_at: now })
        .where('id', '=', waiting.id)
        .execute();
      return { result: 'stored' as const, id: waiting.id, merged: true };
    }
    const id = newId();
    await trx
      .insertInto('filter_review_requests')
      .values({
        id,
        school_id: schoolId,
        domain,
        category: d.category.slice(0, 40),
        note,
        status: 'open',
        created_at: now,
        updated_at: now,
        band: client.band,
        mandatory: d.mandatory ? 1 : 0,
        answer_reason: null,
        answered_by: null,
        answered_at: null,
        escalated_at: null,
        requests: 1,
      })
      .execute();
    // The requester stays anonymous and unlocated: no address enters the trail.
    await audit(
      { actor: anonymous, origin: { ip: null }, clock: deps.clock },
      trx,
      'filter_review.requested',
      { type: 'filter_review', id },
      {
        domain,
        schoolId,
        band: client.band,
        category: d.category,
      },
    );
    return { result: 'stored' as const, id, merged: false };
  });
}
