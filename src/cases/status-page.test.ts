import { afterAll, beforeAll, expect, it } from 'vitest';
import { Browser, hidden } from '../public/test-browser.js';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';

const WARD_A = '00070';
const CHILD = 'Trần Minh Anh';
const DESCRIPTION = `Một tài khoản lạ nhắn tin dụ dỗ em gái tôi là ${CHILD}`;
const HANDOVER_NOTE = 'Ghi chú nội bộ: gia đình đang rất lo';
const WORKER_NOTE = 'Ghi chú của cán bộ: đã gặp trẻ tại nhà';
const GUARDIAN_PHONE = '0911 222 333';

/**
 * The reporter's side of a case (issue 13 "done when"): a report filed on the public form,
 * handed over, taken, worked and closed shows the right coarse stage on the status page at each
 * step, and the page never shows a worker's name, a note, the case, or the child's data.
 */
describeEachDb('status page follows the case', (db) => {
  let t: TestApp;
  let intake: Session;
  let worker: Session & { id: string; username: string };
  const b = () => new Browser(t.app, '198.51.100.23');
  let browser: Browser;
  let code: string;
  let pin: string;

  async function stage(): Promise<string> {
    const h = hidden((await browser.get('/trang-thai')).body);
    const res = await browser.post('/trang-thai', [
      ['_t', h._t as string],
      ['code', code],
      ['pin', pin],
    ]);
    expect(res.statusCode).toBe(200);
    for (const secret of [CHILD, 'Minh Anh', HANDOVER_NOTE, WORKER_NOTE, GUARDIAN_PHONE, 'Test case_worker', worker.username, 'HS-', 'dụ dỗ em gái']) {
      expect(res.body, secret).not.toContain(secret);
    }
    return /<strong>[^<]*:<\/strong> ([^<]+)<\/p>/.exec(res.body)?.[1] ?? '';
  }

  beforeAll(async () => {
    t = await createTestApp(db());
    const admin = await t.login('admin', ADMIN_PASSWORD);
    intake = await t.staff('intake_officer');
    worker = await t.staff('case_worker', { unitId: WARD_A });
    // this ward works without manager approval, so the worker closes the case alone
    expect((await admin.request('PUT', `/api/v1/cases/settings/${WARD_A}`, { assessment: false, plan: false, closure: false })).statusCode).toBe(200);
    browser = b();
    const h = hidden((await browser.get('/')).body);
    const sent = await browser.post('/bao-cao', [
      ['_t', h._t as string],
      ['_t2', h._t2 as string],
      ['form_id', h.form_id as string],
      ['lang', 'vi'],
      ['reporter', 'parent_relative'],
      ['cat', 'grooming'],
      ['description', DESCRIPTION],
      ['age', '11_14'],
      ['unit', WARD_A],
      ['when', 'week'],
    ]);
    expect(sent.statusCode).toBe(201);
    code = /class="code">(LC-[A-Z0-9-]+)</.exec(sent.body)?.[1] as string;
    pin = /class="code">(\d{6})</.exec(sent.body)?.[1] as string;
    expect(code && pin).toBeTruthy();
  }, 60_000);
  afterAll(() => t.close());

  it('moves received → in review → handed over → being handled → finished, and reopens', async () => {
    expect(await stage()).toBe('Đã nhận — đang chờ cán bộ xem xét');
    const report = await db().kysely.selectFrom('intake_reports').select('id').where('tracking_code', '=', code).executeTakeFirstOrThrow();
    expect((await intake.request('POST', `/api/v1/intake/reports/${report.id}/accept`)).statusCode).toBe(200);
    expect(await stage()).toBe('Cán bộ đang xem xét');
    expect(
      (
        await intake.request('POST', `/api/v1/intake/reports/${report.id}/handover`, {
          victimSupport: true,
          violationHandling: false,
          unitId: WARD_A,
          note: HANDOVER_NOTE,
        })
      ).statusCode,
    ).toBe(200);
    expect(await stage()).toBe('Đã chuyển cơ quan có trách nhiệm xử lý, hỗ trợ');

    const inbox = (await worker.request('GET', '/api/v1/cases/handovers?status=open')).json();
    const handover = inbox.items.find((i: { reportId: string }) => i.reportId === report.id);
    let c = (await worker.request('POST', `/api/v1/cases/handovers/${handover.id}/take`, {})).json();
    expect(await stage()).toBe('Cơ quan có trách nhiệm đang xử lý, hỗ trợ');

    const step = async (path: string, body: Record<string, unknown>) => {
      const res = await worker.request('POST', `/api/v1/cases/${c.id}/${path}`, { version: c.version, ...body });
      expect(res.statusCode, res.body).toBe(200);
      c = res.json();
    };
    await step('registration', { ageBand: '11_14', gender: 'female', name: CHILD, guardians: [{ name: 'Chị gái', phone: GUARDIAN_PHONE }] });
    await step('notes', { text: WORKER_NOTE });
    await step('assessment', { level: 'medium', concerns: ['grooming'] });
    await step('plan', { needs: ['psychological'], goals: ['Trẻ biết cách chặn và báo cáo'] });
    await step('services', { kind: 'counselling', provider: 'Trung tâm công tác xã hội', status: 'delivered', startedAt: '2026-01-02T08:00:00Z' });
    expect(await stage()).toBe('Cơ quan có trách nhiệm đang xử lý, hỗ trợ');
    await step('close', { reason: 'goals_met', note: WORKER_NOTE });
    expect(c.closedAt).not.toBeNull();
    expect(await stage()).toBe('Đã hoàn tất xử lý, hỗ trợ');
    await step('reopen', { reason: 'Gia đình báo trẻ lại bị nhắn tin' });
    expect(await stage()).toBe('Cơ quan có trách nhiệm đang xử lý, hỗ trợ');
  });
});
