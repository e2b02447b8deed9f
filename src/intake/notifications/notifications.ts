import type { UserActor } from '../../access/actor.js';
import type { Ctx } from '../../context.js';
import { AppError, notFound } from '../../shared/errors.js';
import type { NotificationsQuery } from '../api-schemas.js';

/** Notifications are for signed-in staff only: tokens and anonymous callers have none. */
function userOf(ctx: Ctx): UserActor {
  if (ctx.actor.kind !== 'user') throw new AppError(401, 'unauthenticated');
  return ctx.actor;
}

/** Audience filter for the signed-in user's notifications: their role, ward, agency or themselves. */
function audienceOf(u: UserActor) {
  return [
    { audience: 'role' as const, id: u.role },
    { audience: 'user' as const, id: u.id },
    ...(u.unitId ? [{ audience: 'unit' as const, id: u.unitId }] : []),
    ...(u.agencyId ? [{ audience: 'agency' as const, id: u.agencyId }] : []),
  ];
}

/** The caller's notifications, newest first, with how many are unread. */
export async function listNotifications(ctx: Ctx, query: typeof NotificationsQuery.static) {
  const u = userOf(ctx);
  const aud = audienceOf(u);
  const base = ctx.db.kysely
    .selectFrom('notifications as n')
    .leftJoin('notification_reads as r', (j) => j.onRef('r.notification_id', '=', 'n.id').on('r.user_id', '=', u.id))
    .where((eb) => eb.or(aud.map((a) => eb.and([eb('n.audience', '=', a.audience), eb('n.audience_id', '=', a.id)]))));
  let list = base.select(['n.id', 'n.kind', 'n.report_id', 'n.message', 'n.created_at', 'r.read_at']);
  if (query.unread) list = list.where('r.read_at', 'is', null);
  const [rows, unread] = await Promise.all([
    list
      .orderBy('n.created_at', 'desc')
      .limit(query.limit ?? 50)
      .offset(query.offset ?? 0)
      .execute(),
    base
      .where('r.read_at', 'is', null)
      .select((eb) => eb.fn.countAll<number>().as('c'))
      .executeTakeFirstOrThrow(),
  ]);
  return { rows, unread: Number(unread.c) };
}

/** Marks one of the caller's notifications as read (someone else's is "not found"); marking twice is harmless. */
export async function markNotificationRead(ctx: Ctx, id: string): Promise<void> {
  const u = userOf(ctx);
  const n = await ctx.db.kysely.selectFrom('notifications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!n || !audienceOf(u).some((a) => a.audience === n.audience && a.id === n.audience_id)) throw notFound();
  await ctx.db.kysely
    .insertInto('notification_reads')
    .values({ notification_id: n.id, user_id: u.id, read_at: ctx.clock().toISOString() })
    .onConflict((oc) => oc.doNothing())
    .execute();
}
