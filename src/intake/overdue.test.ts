import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';
import { isOverdue } from './overdue.js';
import type { ReportStatus } from './vocab.js';

/**
 * "Overdue" is asked in SQL (the queue filter) and in code (the summary flag, the statistics):
 * over every combination of state and deadlines the two must name the same reports.
 */
describeEachDb('overdue, one rule', (db) => {
  let t: TestApp;
  let admin: Session;
  const NOW = '2026-03-02T08:00:00.000Z';
  const PAST = '2026-03-02T07:59:59.999Z';
  const FUTURE = '2026-03-02T08:00:00.001Z';
  const DONE = '2026-03-02T07:00:00.000Z';

  beforeAll(async () => {
    t = await createTestApp(db(), { clock: () => new Date(NOW) });
    admin = await t.login('admin', ADMIN_PASSWORD);
  });
  afterAll(() => t.close());

  it('the queue filter, the summary flag, the statistics and isOverdue agree on every case, deadlines exactly now included', async () => {
    const statuses: ReportStatus[] = ['new', 'accepted', 'handed_over', 'rejected', 'merged'];
    const cases: Array<{ status: ReportStatus; acknowledged_at: string | null; first_action_at: string | null; ack_due_at: string; action_due_at: string }> =
      [];
    for (const status of statuses)
      for (const acknowledged_at of [null, DONE])
        for (const first_action_at of [null, DONE])
          for (const ack_due_at of [PAST, NOW, FUTURE])
            for (const action_due_at of [PAST, NOW, FUTURE]) cases.push({ status, acknowledged_at, first_action_at, ack_due_at, action_due_at });
    const ids: string[] = [];
    for (const c of cases) {
      const res = await admin.request('POST', '/api/v1/intake/reports', { incidentTypes: ['other'], description: 'kiểm tra quá hạn' });
      expect(res.statusCode).toBe(201);
      const id = res.json().id as string;
      await db().kysely.updateTable('intake_reports').set(c).where('id', '=', id).execute();
      ids.push(id);
    }
    const expected = new Set(ids.filter((_, i) => isOverdue(cases[i]!, NOW)));
    // the rule itself, by hand: open, and a deadline strictly before now unmet
    const byHand = ids.filter((_, i) => {
      const c = cases[i]!;
      const open = c.status === 'new' || c.status === 'accepted';
      return open && ((!c.acknowledged_at && c.ack_due_at < NOW) || (!c.first_action_at && c.action_due_at < NOW));
    });
    expect([...expected].sort()).toEqual(byHand.sort());
    expect(expected.size).toBeGreaterThan(0);
    expect(expected.size).toBeLessThan(ids.length);

    const all = (await admin.request('GET', '/api/v1/intake/reports?limit=500')).json().items as Array<{ id: string; overdue: boolean }>;
    const flagged = new Set(all.filter((r) => r.overdue).map((r) => r.id));
    const filtered = new Set(
      ((await admin.request('GET', '/api/v1/intake/reports?overdue=true&limit=500')).json().items as Array<{ id: string }>).map((r) => r.id),
    );
    const overdueRoute = new Set(
      ((await admin.request('GET', '/api/v1/intake/reports/overdue?limit=500')).json().items as Array<{ id: string }>).map((r) => r.id),
    );
    expect([...flagged].sort()).toEqual([...expected].sort());
    expect([...filtered].sort()).toEqual([...expected].sort());
    expect([...overdueRoute].sort()).toEqual([...expected].sort());
    expect((await admin.request('GET', '/api/v1/intake/stats')).json().overdue).toBe(expected.size);
  });
});
