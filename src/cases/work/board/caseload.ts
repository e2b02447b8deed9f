import { whereScope } from '../../../access/scope-sql.js';
import type { Ctx } from '../../../context.js';
import { displayNames } from '../../../org/users/names.js';
import type { Lang } from '../../../shared/i18n.js';
import type { CaseloadQuery } from '../api-schemas.js';
import { caseloadPolicy } from '../caseload.policy.js';
import { partyNames } from '../parties.js';
import { activeSlaSteps } from '../sla/sla-steps.js';
import { overdueCaseWhere } from '../sla-clocks.js';

type Load = { openCases: number; overdueCases: number; openTasks: number; overdueTasks: number };
const empty = (): Load => ({ openCases: 0, overdueCases: 0, openTasks: 0, overdueTasks: 0 });

/**
 * The caseload: per ward or agency holding cases (open cases, overdue ones, unassigned ones, open
 * and overdue tasks, referrals waiting for its answer) and per worker (cases assigned, tasks).
 * Counts only — no child's data — for the city's leaders across units and for a unit's own team.
 * "Open" is not closed; "overdue" is the SLA rule of sla-clocks.ts, as everywhere.
 */
export async function caseload(ctx: Ctx, lang: Lang, query: typeof CaseloadQuery.static) {
  caseloadPolicy.authorize(ctx.actor, 'read');
  const db = ctx.db.kysely;
  const now = ctx.clock().toISOString();
  const steps = await activeSlaSteps(db);
  const scope = caseloadPolicy.listScope(ctx.actor, 'read');
  let cases = whereScope(db.selectFrom('cases as c'), scope, 'c').where('c.closed_at', 'is', null);
  if (query.unitId) cases = cases.where('c.unit_id', '=', query.unitId);
  if (query.agencyId) cases = cases.where('c.agency_id', '=', query.agencyId);
  const overdue = overdueCaseWhere(steps, now);
  const [byUnit, byWorker, tasksByUnit, tasksByWorker] = await Promise.all([
    cases
      .select(['c.unit_id', 'c.agency_id'])
      .select((eb) => [
        eb.fn.countAll<number>().as('open'),
        eb.fn.sum<number>(eb.case().when('c.assigned_to', 'is', null).then(1).else(0).end()).as('unassigned'),
        eb.fn.sum<number>(eb.case().when(overdue).then(1).else(0).end()).as('overdue'),
      ])
      .groupBy(['c.unit_id', 'c.agency_id'])
      .execute(),
    cases
      .where('c.assigned_to', 'is not', null)
      .select(['c.assigned_to'])
      .select((eb) => [eb.fn.countAll<number>().as('open'), eb.fn.sum<number>(eb.case().when(overdue).then(1).else(0).end()).as('overdue')])
      .groupBy('c.assigned_to')
      .execute(),
    cases
      .innerJoin('case_tasks as t', 't.case_id', 'c.id')
      .where('t.status', '=', 'open')
      .select(['c.unit_id', 'c.agency_id'])
      .select((eb) => [eb.fn.countAll<number>().as('open'), eb.fn.sum<number>(eb.case().when('t.due_at', '<', now).then(1).else(0).end()).as('overdue')])
      .groupBy(['c.unit_id', 'c.agency_id'])
      .execute(),
    cases
      .innerJoin('case_tasks as t', 't.case_id', 'c.id')
      .where('t.status', '=', 'open')
      .where('t.assignee_id', 'is not', null)
      .select(['t.assignee_id'])
      .select((eb) => [eb.fn.countAll<number>().as('open'), eb.fn.sum<number>(eb.case().when('t.due_at', '<', now).then(1).else(0).end()).as('overdue')])
      .groupBy('t.assignee_id')
      .execute(),
  ]);
  const key = (u: string | null, a: string | null) => `${u ?? ''}|${a ?? ''}`;
  const units = new Map<string, Load & { unitId: string | null; agencyId: string | null; unassigned: number; referralsWaiting: number }>();
  const unitOf = (u: string | null, a: string | null) => {
    const k = key(u, a);
    const v = units.get(k) ?? { unitId: u, agencyId: a, ...empty(), unassigned: 0, referralsWaiting: 0 };
    units.set(k, v);
    return v;
  };
  for (const r of byUnit)
    Object.assign(unitOf(r.unit_id, r.agency_id), { openCases: Number(r.open), unassigned: Number(r.unassigned ?? 0), overdueCases: Number(r.overdue ?? 0) });
  for (const r of tasksByUnit) Object.assign(unitOf(r.unit_id, r.agency_id), { openTasks: Number(r.open), overdueTasks: Number(r.overdue ?? 0) });
  // referrals waiting for an answer from each unit already listed (a unit's own inbox)
  const listed = [...units.values()];
  if (listed.length > 0) {
    const waiting = await db
      .selectFrom('case_referrals')
      .select(['to_unit_id', 'to_agency_id'])
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'pending')
      .groupBy(['to_unit_id', 'to_agency_id'])
      .execute();
    for (const w of waiting) {
      for (const u of listed) {
        if ((w.to_agency_id && w.to_agency_id === u.agencyId) || (!w.to_agency_id && w.to_unit_id && w.to_unit_id === u.unitId && !u.agencyId))
          u.referralsWaiting += Number(w.n);
      }
    }
  }
  const workers = new Map<string, Load>();
  const workerOf = (id: string) => {
    const v = workers.get(id) ?? empty();
    workers.set(id, v);
    return v;
  };
  for (const r of byWorker) Object.assign(workerOf(r.assigned_to as string), { openCases: Number(r.open), overdueCases: Number(r.overdue ?? 0) });
  for (const r of tasksByWorker) Object.assign(workerOf(r.assignee_id as string), { openTasks: Number(r.open), overdueTasks: Number(r.overdue ?? 0) });
  const [parties, names, homes] = await Promise.all([
    partyNames(db, lang, listed),
    displayNames(db, [...workers.keys()]),
    workers.size
      ? db
          .selectFrom('users')
          .select(['id', 'unit_id', 'agency_id'])
          .where('id', 'in', [...workers.keys()])
          .execute()
      : [],
  ]);
  const homeNames = await partyNames(
    db,
    lang,
    homes.map((h) => ({ unitId: h.unit_id, agencyId: h.agency_id })),
  );
  const home = new Map(homes.map((h) => [h.id, homeNames.name(h.agency_id ? null : h.unit_id, h.agency_id)]));
  const byLoad = <T extends Load>(a: T, b: T) => b.overdueCases - a.overdueCases || b.openCases - a.openCases;
  return {
    units: listed.map((u) => ({ ...u, name: parties.name(u.agencyId ? null : u.unitId, u.agencyId) })).sort(byLoad),
    workers: [...workers.entries()]
      .map(([userId, load]) => ({ userId, name: names.get(userId) ?? '—', unitName: home.get(userId) ?? '—', ...load }))
      .sort(byLoad),
  };
}
