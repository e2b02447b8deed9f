import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemActor } from '../access/actor.js';
import type { Ctx } from '../context.js';
import { createTestApp, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';
import type { CaseEvent, CaseEventData } from './events.js';
import { victimSupportFeed, violationFeed } from './feed.js';
import { appendCaseEvents, createCase, loadCaseForUpdate } from './store.js';
import { takeHandover } from './take-handover.js';

const WARD_A = '00070';
const JAN = { from: '2026-01-01', to: '2026-02-01' };
const NO_APPROVAL = { assessment: false, plan: false, closure: false };

/**
 * The feeds against a fixture counted by hand (January 2026): cases opened in and out of the
 * period, support before and after its end, consent to be counted refused and withdrawn,
 * hand-overs not taken yet, a case taken from a report filed a day and a half before its first
 * service. Expected rows are written out below, not computed.
 */
describeEachDb('cases feeds (hand-computed fixture)', (db) => {
  let t: TestApp;
  let catp: string;
  const now = { t: Date.parse('2026-01-15T00:00:00Z') };
  const ctx = (): Ctx => ({ ...t.deps, actor: systemActor('feed fixture'), origin: { ip: null } });

  async function open(at: string, data: Partial<CaseEventData['case_opened']>, events: Array<Omit<CaseEvent, 'at'> & { at?: string }> = []) {
    const c = ctx();
    const base = { source: 'direct' as const, victim: false, violation: false, unitId: null, agencyId: null, schoolId: null, approvals: NO_APPROVAL };
    const { id } = await db()
      .kysely.transaction()
      .execute((trx) => createCase(trx, c, { at, data: { ...base, ...data } }));
    for (const e of events) {
      await db()
        .kysely.transaction()
        .execute(async (trx) => {
          const row = await loadCaseForUpdate(trx, c, id);
          await appendCaseEvents(trx, c, row, row.version, [{ event: { at, ...e } as CaseEvent }]);
        });
    }
    return id;
  }
  const service = (startedAt: string) =>
    ({
      type: 'service_added',
      data: { serviceId: `s-${startedAt}`, kind: 'counselling', provider: 'P', status: 'in_progress', startedAt, endedAt: null },
    }) as const;
  const decided = (decision: CaseEventData['decision_recorded']['decision'], at: string) => [
    { type: 'subject_recorded', data: { subjectKind: 'account', violationType: 'grooming' } } as const,
    { type: 'evidence_linked', data: { kind: 'detect_item', refId: 'd1' } } as const,
    {
      type: 'decision_recorded',
      at,
      data: {
        decision,
        decisionNumber: '5/QĐ-XPHC',
        amount: decision === 'administrative_sanction' ? 5_000_000 : null,
        takedownId: decision === 'takedown' ? 'td-1' : null,
      },
    } as const,
  ];

  beforeAll(async () => {
    t = await createTestApp(db(), { clock: () => new Date(now.t) });
    catp = (await db().kysely.selectFrom('agencies').select('id').where('code', '=', 'CATP').executeTakeFirstOrThrow()).id;
    const intake = await t.staff('intake_officer');
    const handOver = async (needs: { victimSupport: boolean; violationHandling: boolean }, target: Record<string, string>) => {
      const rep = await intake.request('POST', '/api/v1/intake/reports', {
        incidentTypes: ['grooming'],
        description: 'Có người dụ dỗ',
        victim: { ageBand: '11_14' },
      });
      await intake.request('POST', `/api/v1/intake/reports/${rep.json().id}/handover`, { ...needs, ...target });
      return (await db().kysely.selectFrom('intake_handovers').select('id').where('report_id', '=', rep.json().id).executeTakeFirstOrThrow()).id;
    };
    // Reports filed 15 Jan 00:00: H1 is taken on 16 Jan and supported at 12:00 (36 h); H2, H3 wait.
    const h1 = await handOver({ victimSupport: true, violationHandling: false }, { unitId: WARD_A });
    await handOver({ victimSupport: true, violationHandling: true }, { unitId: WARD_A });
    await handOver({ victimSupport: false, violationHandling: true }, { agencyId: catp });
    // a hand-over from December (out of the period), never taken
    now.t = Date.parse('2025-12-20T00:00:00Z');
    await handOver({ victimSupport: true, violationHandling: true }, { unitId: WARD_A });
    now.t = Date.parse('2026-01-16T00:00:00Z');
    const worker = {
      ...ctx(),
      actor: {
        kind: 'user' as const,
        id: (await t.staff('case_worker', { unitId: WARD_A })).id,
        label: 'w',
        role: 'case_worker' as const,
        unitId: WARD_A,
        agencyId: null,
        schoolId: null,
      },
    };
    const c6 = await takeHandover(worker, h1, {}, 'vi');
    await db()
      .kysely.transaction()
      .execute(async (trx) => {
        const row = await loadCaseForUpdate(trx, ctx(), c6.id);
        await appendCaseEvents(trx, ctx(), row, row.version, [
          { event: { at: '2026-01-16T12:00:00.000Z', ...service('2026-01-16T12:00:00.000Z') } as CaseEvent },
        ]);
      });
    now.t = Date.parse('2026-03-01T00:00:00Z');

    // ward A, victim track
    await open('2026-01-05T00:00:00.000Z', { victim: true, unitId: WARD_A }, [service('2026-01-05T06:00:00.000Z')]); // C1: 6 h
    await open('2026-01-10T00:00:00.000Z', { victim: true, unitId: WARD_A }); // C2: asked only
    await open('2026-01-12T00:00:00.000Z', { victim: true, unitId: WARD_A }, [
      { type: 'consent_recorded', data: { kind: 'count', given: false, by: 'guardian', agencyId: null } },
    ]); // C3: refused to be counted
    await open('2026-02-03T00:00:00.000Z', { victim: true, unitId: WARD_A }, [service('2026-02-03T01:00:00.000Z')]); // C4: February
    await open('2026-01-20T00:00:00.000Z', { victim: true, unitId: WARD_A }, [service('2026-02-02T00:00:00.000Z')]); // C5: supported after the period
    await open('2026-01-21T00:00:00.000Z', { victim: true, violation: true, unitId: WARD_A }, [
      { type: 'consent_recorded', data: { kind: 'count', given: true, by: 'child', agencyId: null } },
      { type: 'consent_withdrawn', data: { kind: 'count', agencyId: null } },
      service('2026-01-22T00:00:00.000Z'),
      ...decided('criminal_referral', '2026-01-25T00:00:00.000Z'),
    ]); // V4: withdrawn, left out of both feeds
    // the police, violation track
    await open('2026-01-08T00:00:00.000Z', { violation: true, agencyId: catp }, decided('administrative_sanction', '2026-01-20T00:00:00.000Z')); // V1
    await open('2026-01-09T00:00:00.000Z', { violation: true, agencyId: catp }, decided('takedown', '2026-01-25T00:00:00.000Z')); // V2
    await open('2026-01-10T00:00:00.000Z', { violation: true, agencyId: catp }); // V3: not decided
    await open('2026-01-11T00:00:00.000Z', { violation: true, agencyId: catp }, decided('no_violation', '2026-02-05T00:00:00.000Z')); // V5: decided after
    await open('2025-12-30T00:00:00.000Z', { violation: true, agencyId: catp }, decided('takedown', '2026-01-02T00:00:00.000Z')); // December case
  }, 120_000);
  afterAll(() => t.close());

  it('counts victims who asked, those supported and hours to first support, per holder', async () => {
    const rows = await victimSupportFeed(db().kysely, JAN);
    expect(rows.map((r) => ({ ...r, firstSupportHours: [...r.firstSupportHours].sort((a, b) => a - b) }))).toEqual([
      // C1, C2, C5, the case from H1, and H2 not taken yet; C3 and V4 excluded by consent
      { unitId: WARD_A, agencyId: null, asked: 5, supported: 2, firstSupportHours: [6, 36] },
    ]);
  });

  it('counts violations reported or found and those handled, by decision', async () => {
    const rows = await violationFeed(db().kysely, JAN);
    expect(rows).toEqual(
      [
        { unitId: null, agencyId: catp, reportedOrFound: 5, handled: 2, byDecision: { administrative_sanction: 1, takedown: 1 } },
        { unitId: WARD_A, agencyId: null, reportedOrFound: 1, handled: 0, byDecision: {} },
      ].sort((a, b) => `${a.unitId ?? ''}|${a.agencyId ?? ''}`.localeCompare(`${b.unitId ?? ''}|${b.agencyId ?? ''}`)),
    );
  });

  it('answers no rows for a period with nothing in it (never a made-up zero row)', async () => {
    expect(await victimSupportFeed(db().kysely, { from: '2024-01-01', to: '2024-02-01' })).toEqual([]);
    expect(await violationFeed(db().kysely, { from: '2024-01-01', to: '2024-02-01' })).toEqual([]);
  });
});
