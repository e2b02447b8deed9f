import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemActor } from '../../access/actor.js';
import type { Ctx } from '../../context.js';
import { newId } from '../../shared/ids.js';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { describeEachDb } from '../../testing/databases.js';
import { createCase } from '../store.js';
import { clockOf, clocksOf, overdueCaseWhere, type SlaStep } from './sla-clocks.js';
import { DEFAULT_SLA_STEPS } from './sla-defaults.js';

/**
 * "Overdue" has two forms — clockOf in code (the case page, the board's step list) and
 * overdueCaseWhere in SQL (the board's and the caseload's filters) — and they must agree on any
 * history: random events, track states and limits, checked on SQLite and PostgreSQL.
 */
const TYPES = ['case_opened', 'victim_registered', 'risk_assessed', 'plan_set', 'subject_recorded', 'decision_recorded', 'service_added', 'note_added'];
const BASE = Date.parse('2026-01-01T00:00:00.000Z');
const iso = (h: number) => new Date(BASE + h * 3_600_000).toISOString();

describeEachDb('SLA clocks: code and SQL agree', (db) => {
  let t: TestApp;
  let ctx: Ctx;
  beforeAll(async () => {
    t = await createTestApp(db());
    ctx = { ...t.deps, actor: systemActor('test'), origin: { ip: null } };
  }, 60_000);
  afterAll(() => t.close());

  it('finds the same cases overdue, whatever the events', async () => {
    const history = fc.record({
      events: fc.array(fc.record({ type: fc.constantFrom(...TYPES), hour: fc.integer({ min: 0, max: 30 }) }), { maxLength: 12 }),
      victim: fc.constantFrom(null, 'registered', 'closed'),
      violation: fc.constantFrom(null, 'subject', 'closed'),
      closed: fc.boolean(),
      limits: fc.array(fc.integer({ min: 1, max: 24 }), { minLength: DEFAULT_SLA_STEPS.length, maxLength: DEFAULT_SLA_STEPS.length }),
      nowHour: fc.integer({ min: 0, max: 60 }),
    });
    await fc.assert(
      fc.asyncProperty(history, async (h) => {
        const steps: SlaStep[] = DEFAULT_SLA_STEPS.map((s, i) => ({ ...s, limitHours: h.limits[i] as number }));
        const c = await db()
          .kysely.transaction()
          .execute((trx) =>
            createCase(trx, ctx, {
              at: iso(0),
              data: {
                source: 'direct',
                victim: true,
                violation: true,
                unitId: '00070',
                agencyId: null,
                schoolId: null,
                approvals: { assessment: false, plan: false, closure: false },
              },
            }),
          );
        // the states and events as given (the clocks read only types and times, not the reducer's rules)
        await db()
          .kysely.updateTable('cases')
          .set({ victim_state: h.victim as never, violation_state: h.violation as never, closed_at: h.closed ? iso(40) : null })
          .where('id', '=', c.id)
          .execute();
        if (h.events.length > 0) {
          await db()
            .kysely.insertInto('case_events')
            .values(
              h.events.map((e, i) => ({
                id: newId(),
                case_id: c.id,
                seq: i + 2,
                type: e.type,
                at: iso(e.hour),
                recorded_at: iso(e.hour),
                actor_id: null,
                actor_role: 'system',
                data: '{}',
                sealed: null,
              })),
            )
            .execute();
        }
        const now = iso(h.nowHour);
        const events = await db().kysely.selectFrom('case_events').select(['type', 'at']).where('case_id', '=', c.id).execute();
        const states = { victim_state: h.victim, violation_state: h.violation, closed_at: h.closed ? iso(40) : null };
        for (const step of steps) {
          const inCode = clockOf(step, states, events, now).state === 'overdue';
          const inSql = await db()
            .kysely.selectFrom('cases as c')
            .select('c.id')
            .where('c.id', '=', c.id)
            .where(overdueCaseWhere([step], now))
            .executeTakeFirst();
          expect(inSql !== undefined, `${step.code} at ${now}`).toBe(inCode);
        }
        const anyInCode = clocksOf(steps, states, events, now).some((k) => k.state === 'overdue');
        const anyInSql = await db()
          .kysely.selectFrom('cases as c')
          .select('c.id')
          .where('c.id', '=', c.id)
          .where(overdueCaseWhere(steps, now))
          .executeTakeFirst();
        expect(anyInSql !== undefined).toBe(anyInCode);
      }),
      { numRuns: 40 },
    );
  }, 120_000);

  it('reads a finished run as met or missed, and a closed track stops the clock', () => {
    const step: SlaStep = { code: 'x', track: 'victim', startEvent: 'case_opened', stopEvents: ['risk_assessed'], limitHours: 10 };
    const open = { victim_state: 'registered', violation_state: null, closed_at: null };
    expect(clockOf(step, open, [{ type: 'case_opened', at: iso(0) }], iso(5)).state).toBe('running');
    expect(clockOf(step, open, [{ type: 'case_opened', at: iso(0) }], iso(11))).toMatchObject({ state: 'overdue', dueAt: iso(10) });
    expect(
      clockOf(
        step,
        open,
        [
          { type: 'case_opened', at: iso(0) },
          { type: 'risk_assessed', at: iso(4) },
        ],
        iso(50),
      ),
    ).toMatchObject({ state: 'met', stoppedAt: iso(4) });
    expect(
      clockOf(
        step,
        open,
        [
          { type: 'case_opened', at: iso(0) },
          { type: 'risk_assessed', at: iso(12) },
        ],
        iso(50),
      ).state,
    ).toBe('missed');
    expect(clockOf(step, { ...open, victim_state: 'closed' }, [{ type: 'case_opened', at: iso(0) }], iso(50)).state).toBe('stopped');
    expect(clockOf(step, open, [], iso(50)).state).toBe('not_started');
  });
});
