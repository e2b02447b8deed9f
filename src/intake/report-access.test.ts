import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';

const WARD_A = '00070';

/**
 * Issue 10, item 10: a case worker of an agency was told "Report … was routed to your agency"
 * and then got 404 opening it. Whoever works for the agency a report is routed to may read it;
 * nobody of another agency or ward may.
 */
describeEachDb('who of an agency reads a report routed to it', (db) => {
  let t: TestApp;
  let reportId: string;
  let catp: string;
  let syt: string;

  beforeAll(async () => {
    t = await createTestApp(db());
    const admin = await t.login('admin', ADMIN_PASSWORD);
    const token = await admin.request('POST', '/api/v1/tokens', { name: 'Tổng đài 111', scopes: ['reports:write'] });
    const agencies = await db().kysely.selectFrom('agencies').select(['id', 'code']).execute();
    catp = agencies.find((a) => a.code === 'CATP')?.id as string;
    syt = agencies.find((a) => a.code === 'SYT')?.id as string;
    // sextortion is routed to the city police (CATP) by the seeded rules
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/intake/reports',
      headers: { authorization: `Bearer ${token.json().secret}`, 'idempotency-key': 'routed-1' },
      payload: { incidentTypes: ['sextortion'], description: 'Một người lạ đe doạ tung ảnh của bé.', victim: { ageBand: '11_14', unitId: WARD_A } },
    });
    expect(res.statusCode, res.body).toBe(201);
    reportId = res.json().id;
    const row = await db().kysely.selectFrom('intake_reports').select(['agency_id', 'handover_agency_id']).where('id', '=', reportId).executeTakeFirstOrThrow();
    expect(row).toEqual({ agency_id: catp, handover_agency_id: null });
  });
  afterAll(() => t.close());

  const listed = async (s: Session) => ((await s.request('GET', '/api/v1/intake/reports?limit=500')).json().items as Array<{ id: string }>).map((r) => r.id);

  it('lets a case worker of the agency open the report they were notified of', async () => {
    const worker = await t.staff('case_worker', { agencyId: catp });
    const notes = (await worker.request('GET', '/api/v1/intake/notifications')).json().items as Array<{ kind: string; reportId: string | null }>;
    expect(notes.some((n) => n.kind === 'routed' && n.reportId === reportId)).toBe(true);
    const res = await worker.request('GET', `/api/v1/intake/reports/${reportId}`);
    expect(res.statusCode).toBe(200);
    expect(res.json().summary.id).toBe(reportId);
    expect(await listed(worker)).toContain(reportId);
    // reading is audited like every read of one report
    const reads = await db()
      .kysely.selectFrom('audit_log')
      .select('actor_id')
      .where('subject_id', '=', reportId)
      .where('action', '=', 'intake_report.read')
      .execute();
    expect(reads.map((r) => r.actor_id)).toContain(worker.id);
    // reading, not triage: that stays with the intake desk
    expect((await worker.request('POST', `/api/v1/intake/reports/${reportId}/accept`)).statusCode).toBe(403);
  });

  it('still answers 404 to other agencies and to the ward’s case worker the report was not handed to', async () => {
    for (const [role, scope] of [
      ['case_worker', { agencyId: syt }],
      ['agency_officer', { agencyId: syt }],
      ['case_worker', { unitId: WARD_A }],
    ] as const) {
      const other = await t.staff(role, scope);
      const res = await other.request('GET', `/api/v1/intake/reports/${reportId}`);
      expect(res.statusCode, `${role} ${JSON.stringify(scope)}`).toBe(404);
      expect(res.body).not.toContain(reportId);
      expect(await listed(other)).not.toContain(reportId);
    }
    // the agency's officer, as before
    const officer = await t.staff('agency_officer', { agencyId: catp });
    expect((await officer.request('GET', `/api/v1/intake/reports/${reportId}`)).statusCode).toBe(200);
  });
});
