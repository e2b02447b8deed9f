import type { Actor } from '../../access/actor.js';
import type { Tx } from '../../db/database.js';
import { displayNames } from '../../org/users/names.js';
import { forbidden } from '../../shared/errors.js';
import { presentReview, type Review, type ReviewStatus } from './present.js';
import { reviewPolicy } from './review.policy.js';

const CITY_ROLES = ['system_admin', 'analyst', 'city_leader'];
const isCity = (a: Actor) => a.kind === 'user' && CITY_ROLES.includes(a.role);
type Stored = 'open' | 'escalated' | 'allowed' | 'declined' | 'accepted' | 'rejected';
const STORED: Record<ReviewStatus, Stored[]> = {
  open: ['open'],
  escalated: ['escalated'],
  allowed: ['allowed', 'accepted'],
  declined: ['declined', 'rejected'],
};

/**
 * The review queue. A school's administrator: their school's requests. The city: what reached
 * it — requests ever escalated (also once answered) and those about city-mandatory categories
 * (only the city can change those) — or one school's with `schoolId`. `status` filters either way.
 */
export async function listReviews(db: Tx, actor: Actor, q: { status?: ReviewStatus | 'all'; schoolId?: string | undefined }): Promise<Review[]> {
  // through the policy: anonymous callers get 401 like on every other route, others 403
  reviewPolicy.authorize(actor, 'read');
  let sel = db.selectFrom('filter_review_requests').selectAll();
  if (isCity(actor)) {
    if (q.schoolId) sel = sel.where('school_id', '=', q.schoolId);
    // what ever reached the city — escalated once (it keeps its escalated_at after the city answers,
    // so the city's own declines and allows stay in its list) — or about a mandatory category
    else sel = sel.where((eb) => eb.or([eb('escalated_at', 'is not', null), eb('status', '=', 'escalated'), eb('mandatory', '=', 1)]));
  } else if (actor.kind === 'user' && actor.role === 'school_admin' && actor.schoolId) {
    sel = sel.where('school_id', '=', actor.schoolId);
  } else throw forbidden();
  const statuses: Stored[] | null = !q.status ? ['open', 'escalated'] : q.status === 'all' ? null : STORED[q.status];
  if (statuses) sel = sel.where('status', 'in', statuses);
  const rows = await sel.orderBy('created_at', 'desc').limit(500).execute();
  const schoolIds = [...new Set(rows.map((r) => r.school_id).filter((x): x is string => !!x))];
  const userIds = [...new Set(rows.map((r) => r.answered_by).filter((x): x is string => !!x))];
  const schools = new Map(
    (schoolIds.length ? await db.selectFrom('schools').select(['id', 'name']).where('id', 'in', schoolIds).execute() : []).map((s) => [s.id, s.name]),
  );
  const users = await displayNames(db, userIds);
  return rows.map((r) => presentReview(r, { schools, users }));
}

/** Counts for the home page's badge: open, escalated, and what waits for the caller to answer. */
export async function countReviews(db: Tx, actor: Actor): Promise<{ open: number; escalated: number; waiting: number }> {
  const rows = await listReviews(db, actor, {});
  const open = rows.filter((r) => r.status === 'open').length;
  const escalated = rows.filter((r) => r.status === 'escalated').length;
  const waiting = isCity(actor) ? rows.filter((r) => r.status === 'escalated' || r.mandatory).length : open;
  return { open, escalated, waiting };
}
