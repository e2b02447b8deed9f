import { whereScope } from '../../../access/scope-sql.js';
import { audit } from '../../../audit/audit.js';
import type { Ctx } from '../../../context.js';
import { notFound } from '../../../shared/errors.js';
import type { Lang } from '../../../shared/i18n.js';
import { casePolicy } from '../../case.policy.js';
import type { ReferralListQuery } from '../api-schemas.js';
import { referralPolicy } from '../referral.policy.js';
import { namesFor, presentReferral, type ReferralRow, referralRows } from './referral-rows.js';

/**
 * The referrals inbox: those addressed to the caller's ward or agency (incoming), those it sent
 * (outgoing), or every one it may read. Waiting ones first, oldest deadline first. The notes are
 * opened for the reader, so the listing is audited.
 */
export async function listReferrals(ctx: Ctx, lang: Lang, query: typeof ReferralListQuery.static) {
  referralPolicy.authorize(ctx.actor, 'read');
  const db = ctx.db.kysely;
  const now = ctx.clock().toISOString();
  const { box = 'incoming', status, limit = 50, offset = 0 } = query;
  let qb = whereScope(db.selectFrom(referralRows(db).as('x')), referralPolicy.listScope(ctx.actor, 'read'));
  const a = ctx.actor;
  const mine = (prefix: 'to' | 'from') =>
    qb.where((eb) => {
      const ors = [];
      if (a.kind === 'user' && a.unitId) ors.push(eb(`${prefix}_unit_id`, '=', a.unitId));
      if (a.kind === 'user' && a.agencyId) ors.push(eb(`${prefix}_agency_id`, '=', a.agencyId));
      return ors.length ? eb.or(ors) : eb.val(false);
    });
  if (box !== 'all') qb = mine(box === 'incoming' ? 'to' : 'from');
  if (status) qb = qb.where('status', '=', status);
  const [rows, total] = await Promise.all([
    qb
      .selectAll()
      .orderBy((eb) => eb.case().when('status', '=', 'pending').then(0).else(1).end())
      .orderBy('answer_due_at')
      .orderBy('id')
      .limit(limit)
      .offset(offset)
      .execute() as Promise<ReferralRow[]>,
    qb.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  await audit(ctx, db, 'case_referral.listed', { type: 'case_referral' }, { count: rows.length, box, status: status ?? null });
  const names = await namesFor(db, lang, rows);
  return { items: rows.map((r) => presentReferral(r, names, ctx.sealer, lang, now)), total: Number(total.n) };
}

/** Every referral of one case, newest first, for whoever may read the case (audited: notes are opened). */
export async function caseReferrals(ctx: Ctx, lang: Lang, caseId: string) {
  casePolicy.authorize(ctx.actor, 'read');
  const db = ctx.db.kysely;
  const c = await db.selectFrom('cases').select(['id', 'unit_id', 'agency_id', 'school_id', 'opened_by']).where('id', '=', caseId).executeTakeFirst();
  if (!c) throw notFound();
  casePolicy.authorize(ctx.actor, 'read', c);
  const now = ctx.clock().toISOString();
  const rows = await referralRows(db).where('r.case_id', '=', caseId).orderBy('r.created_at', 'desc').orderBy('r.id').execute();
  await audit(ctx, db, 'case_referral.listed', { type: 'case', id: caseId }, { count: rows.length });
  const names = await namesFor(db, lang, rows);
  return { items: rows.map((r) => presentReferral(r, names, ctx.sealer, lang, now)), total: rows.length };
}
