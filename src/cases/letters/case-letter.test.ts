import { afterAll, beforeAll, expect, it } from 'vitest';
import { readDocx } from '../../documents/read-docx.js';
import { createTestApp, type Session, type TestApp } from '../../testing/app.js';
import { describeEachDb } from '../../testing/databases.js';

const WARD_A = '00070';
const WARD_B = '00004';
const CHILD = 'Đỗ Thị Hoài Thương';

describeEachDb('GET /cases/:id/letters/:kind — a case’s letters as .docx', (db) => {
  let t: TestApp;
  let worker: Session & { id: string };
  let otherWard: Session;
  let caseId: string;
  let bareCaseId: string;

  /** A report with two links, handed over to ward A for violation handling, taken into a case. */
  async function caseFromReport(intake: Session, subject: boolean): Promise<string> {
    const rep = await intake.request('POST', '/api/v1/intake/reports', {
      incidentTypes: ['sextortion'],
      description: `Có người đe doạ tung ảnh của ${CHILD}`,
      urls: ['https://social.example/p/1', 'https://social.example/u/ke-xau'],
      victim: { ageBand: '11_14', unitId: WARD_A },
    });
    expect(rep.statusCode).toBe(201);
    const reportId = rep.json().id as string;
    expect(
      (await intake.request('POST', `/api/v1/intake/reports/${reportId}/handover`, { victimSupport: false, violationHandling: true, unitId: WARD_A }))
        .statusCode,
    ).toBe(200);
    const h = await db().kysely.selectFrom('intake_handovers').select('id').where('report_id', '=', reportId).executeTakeFirstOrThrow();
    const taken = await worker.request('POST', `/api/v1/cases/handovers/${h.id}/take`, {});
    expect(taken.statusCode).toBe(201);
    const c = taken.json();
    if (subject) {
      const s = await worker.request('POST', `/api/v1/cases/${c.id}/subject`, { version: c.version, subjectKind: 'account', violationType: 'sextortion' });
      expect(s.statusCode).toBe(200);
    }
    return c.id;
  }

  beforeAll(async () => {
    t = await createTestApp(db(), { clock: () => new Date('2026-03-02T03:00:00Z') });
    const intake = await t.staff('intake_officer');
    worker = await t.staff('case_worker', { unitId: WARD_A });
    otherWard = await t.staff('case_worker', { unitId: WARD_B });
    caseId = await caseFromReport(intake, true);
    bareCaseId = await caseFromReport(intake, false);
  }, 60_000);
  afterAll(() => t.close());

  const takedown = `platform=${encodeURIComponent('Công ty TNHH Mạng Ví Dụ')}&replyTo=${encodeURIComponent('ubnd.hoankiem@hanoi.gov.vn')}`;

  it('writes the takedown request: ward as issuer, the case’s links, 24 hours, the worker signs; audited', async () => {
    const res = await worker.request('GET', `/api/v1/cases/${caseId}/letters/takedown?${takedown}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="HS-.*-de-nghi-go-bo\.docx"$/);
    const doc = readDocx(res.rawPayload);
    expect(doc.tables[0]?.[0]?.[0]).toBe('ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI\nỦY BAN NHÂN DÂN PHƯỜNG HOÀN KIẾM\n');
    expect(doc.tables[0]?.[1]?.[1]).toBe('Hà Nội, ngày 02 tháng 3 năm 2026');
    expect(doc.bodyParagraphs).toContain('- https://social.example/p/1');
    expect(doc.bodyParagraphs).toContain('- https://social.example/u/ke-xau');
    expect(doc.text).toContain('chậm nhất trong vòng 24 giờ');
    expect(doc.text).toContain('tống tiền tình dục');
    expect(doc.text).not.toContain(CHILD); // the case code, never the child
    expect(doc.tables.at(-1)?.[0]?.[1]).toMatch(/CÁN BỘ PHỤ TRÁCH VỤ VIỆC\n\n\n\n\nTest case_worker$/);
    const entry = await db()
      .kysely.selectFrom('audit_log')
      .select(['actor_id', 'detail'])
      .where('action', '=', 'case.letter_generated')
      .executeTakeFirstOrThrow();
    expect(entry.actor_id).toBe(worker.id);
    expect(JSON.parse(entry.detail ?? '{}')).toMatchObject({ kind: 'takedown', urls: 2 });
  });

  it('writes the referral letter to the police with the summary and the ask', async () => {
    const q = `target=police&recipient=${encodeURIComponent('Công an phường Hoàn Kiếm')}&summary=${encodeURIComponent('Tài khoản nhắn tin đe doạ học sinh.')}&replyTo=024`;
    const res = await worker.request('GET', `/api/v1/cases/${caseId}/letters/referral?${q}`);
    expect(res.statusCode).toBe(200);
    const doc = readDocx(res.rawPayload);
    expect(doc.bodyParagraphs).toContain('Kính gửi: Công an phường Hoàn Kiếm');
    expect(doc.bodyParagraphs).toContain('Tài khoản nhắn tin đe doạ học sinh.');
    expect(doc.text).toContain('kể cả khởi tố');
  });

  it('another ward gets 404 and nothing; bad or missing input gets a 4xx naming the field', async () => {
    const other = await otherWard.request('GET', `/api/v1/cases/${caseId}/letters/takedown?${takedown}`);
    expect(other.statusCode).toBe(404);
    expect(Object.keys(other.json())).toEqual(['error']);
    const bad: Array<[string, number, string]> = [
      [`/api/v1/cases/${caseId}/letters/invitation?${takedown}`, 400, 'kind'],
      [`/api/v1/cases/${caseId}/letters/takedown?replyTo=x`, 400, 'platform'],
      [`/api/v1/cases/${caseId}/letters/takedown?${takedown}&deadlineHours=72`, 400, 'deadlineHours'],
      [`/api/v1/cases/${caseId}/letters/takedown?${takedown}&deadlineHours=abc`, 400, 'deadlineHours'],
      [`/api/v1/cases/${caseId}/letters/referral?target=army&recipient=x&summary=y&replyTo=z`, 400, 'target'],
      [`/api/v1/cases/${caseId}/letters/referral?target=police&recipient=x&replyTo=z&summary=${'a'.repeat(2001)}`, 400, 'summary'],
      [`/api/v1/cases/${caseId}/letters/takedown?${takedown}&extra=1`, 400, 'extra'],
      [`/api/v1/cases/${bareCaseId}/letters/takedown?${takedown}`, 409, ''],
    ];
    const before = await db().kysely.selectFrom('audit_log').select('seq').where('action', '=', 'case.letter_generated').execute();
    for (const [url, status, field] of bad) {
      const res = await worker.request('GET', url);
      expect(res.statusCode, url).toBe(status);
      expect(JSON.stringify(res.json().error), url).toContain(field);
    }
    const after = await db().kysely.selectFrom('audit_log').select('seq').where('action', '=', 'case.letter_generated').execute();
    expect(after.length).toBe(before.length);
    // An anonymous caller is told to sign in before anything about the address is checked.
    for (const url of [`/api/v1/cases/${caseId}/letters/:kind`, `/api/v1/cases/${caseId}/letters/takedown?extra=1`]) {
      expect((await t.app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    }
    // The 409 says why in Vietnamese first.
    const noViolation = await worker.request('GET', `/api/v1/cases/${bareCaseId}/letters/takedown?${takedown}`);
    expect(noViolation.json().error.message).toContain('chưa có loại vi phạm');
  });
});
