// Synthetic cases for bench/cases/run.ts: every case's state computed by the case core's reducer
// (which validates each event) and stored as the case store's projection, as createCase does.
// Deterministic for a seed. A case is opened in one of 126 wards and walked to a weighted stage
// of the victim track (registered … closed), 30 % with a violation track; the rest of its events
// are notes (sealed, as in production) up to the number asked.

import type { Insertable } from 'kysely';
import type { CaseEvent, CaseEventData } from '../../src/cases/events.js';
import { apply, opened } from '../../src/cases/reduce.js';
import { type NewCaseEvent, projection } from '../../src/cases/store.js';
import type { CaseEventsTable, CasesTable } from '../../src/cases/tables.js';
import { CLOSURE_REASONS, RISK_LEVELS, SERVICE_KINDS } from '../../src/cases/vocab.js';
import type { Ctx } from '../../src/context.js';
import { newId } from '../../src/shared/ids.js';
import { pick, rng, weighted } from '../lib/common.js';

const STAGES = [
  ['registered', 15],
  ['assessed', 15],
  ['planned', 15],
  ['in_service', 30],
  ['follow_up', 10],
  ['closed', 15],
] as const;
const ORDER = ['registered', 'assessed', 'planned', 'in_service', 'follow_up', 'closed'];
const DAY = 86_400_000;
const START = Date.parse('2021-09-01T00:00:00Z');
const SPAN = Date.parse('2026-09-01T00:00:00Z') - START;

/** One case's events after case_opened: the victim track walked to its stage, then notes. */
function caseEvents(r: () => number, unitId: string, openedAt: number, events: number, violation: boolean): NewCaseEvent[] {
  const stage = ORDER.indexOf(weighted(r, STAGES));
  let t = openedAt;
  const at = () => {
    t += Math.floor(r() * 3 * DAY) + 60_000;
    return new Date(t).toISOString();
  };
  const ev = (e: CaseEvent, sealed?: Record<string, unknown>): NewCaseEvent => ({ event: e, sealed });
  const out: NewCaseEvent[] = [
    ev(
      {
        type: 'victim_registered',
        at: at(),
        data: { ageBand: pick(r, ['6_10', '11_14', '15_17'] as const), gender: pick(r, ['female', 'male'] as const), unitId, schoolId: null },
      },
      { name: `Trẻ ${Math.floor(r() * 1e6)}`, safeContact: `09${Math.floor(r() * 1e8)}` },
    ),
  ];
  if (violation) out.push(ev({ type: 'subject_recorded', at: at(), data: { subjectKind: 'account', violationType: 'cyberbullying' } }));
  if (stage >= 1)
    out.push(
      ev({ type: 'risk_assessed', at: at(), data: { level: pick(r, Object.keys(RISK_LEVELS) as (keyof typeof RISK_LEVELS)[]), concerns: ['bullying'] } }),
    );
  if (stage >= 2) out.push(ev({ type: 'plan_set', at: at(), data: { needs: ['psychological'], goalCount: 1 } }, { goals: ['Trẻ đi học lại'] }));
  if (stage >= 3) {
    const started = at();
    out.push(
      ev({
        type: 'service_added',
        at: started,
        data: {
          serviceId: `s${Math.floor(r() * 1e9)}`,
          kind: pick(r, Object.keys(SERVICE_KINDS) as (keyof typeof SERVICE_KINDS)[]),
          provider: 'Trung tâm công tác xã hội',
          status: 'in_progress',
          startedAt: started,
          endedAt: null,
        },
      }),
    );
  }
  if (stage >= 4) out.push(ev({ type: 'follow_up_recorded', at: at(), data: {} }, { note: 'Đã gọi điện hỏi thăm' }));
  const closing =
    stage >= 5
      ? ev({
          type: 'victim_closed',
          at: '',
          data: { reason: pick(r, Object.keys(CLOSURE_REASONS).filter((k) => k !== 'other') as (keyof typeof CLOSURE_REASONS)[]) },
        })
      : null;
  while (out.length + 1 + (closing ? 1 : 0) < events) out.push(ev({ type: 'note_added', at: at(), data: {} }, { note: `Ghi chú công việc số ${out.length}` }));
  if (closing) out.push({ ...closing, event: { ...closing.event, at: at() } as CaseEvent });
  return out;
}

/**
 * Writes `n` cases of about `eventsPerCase` events each (case_opened included), `batch` cases per
 * transaction: each case's state is computed by the case core's own reducer (opened/apply) and
 * projection (store.ts), its rows inserted many at a time — the same rows createCase writes one
 * case at a time, which would take an hour for 100,000 cases on a loaded 2-core box.
 */
export async function generateCases(
  ctx: Ctx,
  wards: readonly string[],
  opts: {
    n: number;
    eventsPerCase: number;
    batch?: number;
    seed?: number;
    progress?: (done: number, total: number) => void;
    afterBatch?: () => Promise<void>;
  },
): Promise<void> {
  const r = rng(opts.seed ?? 13);
  const batch = opts.batch ?? 1000;
  const now = ctx.clock().toISOString();
  for (let done = 0; done < opts.n; ) {
    const size = Math.min(batch, opts.n - done);
    const cases: Insertable<CasesTable>[] = [];
    const events: Insertable<CaseEventsTable>[] = [];
    for (let i = 0; i < size; i++) {
      const unitId = pick(r, wards);
      // the spread of events per case: ±50 % around the mean, at least the walk's own events
      const count = Math.max(2, Math.round(opts.eventsPerCase * (0.5 + r())));
      const openedAt = START + Math.floor(r() * SPAN * 0.95);
      const violation = r() < 0.3;
      const open: CaseEventData['case_opened'] = {
        source: 'direct',
        victim: true,
        violation,
        unitId,
        agencyId: null,
        schoolId: null,
        approvals: { assessment: false, plan: false, closure: false },
      };
      const at = new Date(openedAt).toISOString();
      const more = caseEvents(r, unitId, openedAt, count - 1, violation);
      let state = opened(open, at);
      for (const e of more) state = apply(state, e.event);
      const id = newId();
      cases.push({
        id,
        code: `HS-B${String(done + i).padStart(7, '0')}`,
        source: 'direct',
        opened_by: ctx.actor.id,
        created_at: now,
        ...projection(state, now),
      });
      [{ event: { type: 'case_opened', at, data: open } as CaseEvent }, ...more].forEach((e, k) => {
        events.push({
          id: newId(),
          case_id: id,
          seq: k + 1,
          type: e.event.type,
          at: e.event.at,
          recorded_at: now,
          actor_id: ctx.actor.id,
          actor_role: 'case_worker',
          data: JSON.stringify(e.event.data),
          sealed: e.sealed ? ctx.sealer.seal(JSON.stringify(e.sealed)) : null,
        });
      });
    }
    await ctx.db.kysely.transaction().execute(async (trx) => {
      for (let k = 0; k < cases.length; k += 500)
        await trx
          .insertInto('cases')
          .values(cases.slice(k, k + 500))
          .execute();
      for (let k = 0; k < events.length; k += 1000)
        await trx
          .insertInto('case_events')
          .values(events.slice(k, k + 1000))
          .execute();
    });
    done += size;
    opts.progress?.(done, opts.n);
    await opts.afterBatch?.();
  }
}
