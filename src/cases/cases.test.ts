import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';
import { hasConsentToShare } from './consent.js';
import type { CaseEvent } from './events.js';
import { replay } from './reduce.js';
import { eventLabel } from './vocab.js';

const WARD_A = '00070';
const WARD_B = '00004';
const CHILD_NAME = 'Nguyễn Thị Bé Hoa Sen';
const GUARDIAN_PHONE = '0987 654 321';

/**
 * The case core over HTTP on both databases: a hand-over taken into a case, both tracks worked
 * to closure with manager approval, stale versions refused, hostile input refused with nothing
 * written, identifying fields sealed and revealed only with a reason, consent to share.
 */
describeEachDb('cases: hand-over to closure', (db) => {
  let t: TestApp;
  let admin: Session;
  let intake: Session & { id: string };
  let worker: Session & { id: string };
  let manager: Session & { id: string };
  let otherWard: Session & { id: string };
  let police: Session & { id: string };
  let policeAgency: string;
  let cityLeader: Session;

  /** A report filed by the intake desk and handed over to ward A; returns the hand-over id. */
  async function handedOver(
    needs: { victimSupport: boolean; violationHandling: boolean },
    target: { unitId?: string; agencyId?: string } = { unitId: WARD_A },
  ) {
    const rep = await intake.request('POST', '/api/v1/intake/reports', {
      incidentTypes: ['sextortion'],
      description: `Có người đe doạ tung ảnh của ${CHILD_NAME}`,
      urls: ['https://example.vn/bai/1'],
      victim: { ageBand: '11_14', unitId: WARD_A },
    });
    expect(rep.statusCode).toBe(201);
    const reportId = rep.json().id as string;
    expect((await intake.request('POST', `/api/v1/intake/reports/${reportId}/handover`, { ...needs, ...target })).statusCode).toBe(200);
    const h = await db().kysely.selectFrom('intake_handovers').select('id').where('report_id', '=', reportId).executeTakeFirstOrThrow();
    return { reportId, handoverId: h.id };
  }
  const events = async (caseId: string) => db().kysely.selectFrom('case_events').selectAll().where('case_id', '=', caseId).orderBy('seq').execute();

  beforeAll(async () => {
    t = await createTestApp(db());
    admin = await t.login('admin', ADMIN_PASSWORD);
    intake = await t.staff('intake_officer');
    worker = await t.staff('case_worker', { unitId: WARD_A });
    manager = await t.staff('case_worker', { unitId: WARD_A });
    otherWard = await t.staff('case_worker', { unitId: WARD_B });
    policeAgency = (await db().kysely.selectFrom('agencies').select('id').where('code', '=', 'CATP').executeTakeFirstOrThrow()).id;
    police = await t.staff('agency_officer', { agencyId: policeAgency });
    cityLeader = await t.staff('city_leader');
    expect((await admin.request('PUT', `/api/v1/cases/managers/${manager.id}`)).statusCode).toBe(200);
  }, 60_000);
  afterAll(() => t.close());

  it('a ward taking a hand-over that also named an agency holds the case itself', async () => {
    const { handoverId } = await handedOver({ victimSupport: true, violationHandling: false }, { unitId: WARD_A, agencyId: policeAgency });
    const taken = await worker.request('POST', `/api/v1/cases/handovers/${handoverId}/take`, {});
    expect(taken.statusCode).toBe(201);
    expect(taken.json()).toMatchObject({ unitId: WARD_A, agencyId: null, assignedTo: worker.id });
  });

  it('labels case-work events on the timeline and in conflict messages by their own names', () => {
    expect(eventLabel('work_referral_sent', 'vi')).toBe('Gửi yêu cầu chuyển tuyến');
    expect(eventLabel('work_task_added', 'en')).toBe('Task added');
  });

  it('takes a hand-over into a case once; another ward neither sees nor takes it', async () => {
    const { reportId, handoverId } = await handedOver({ victimSupport: true, violationHandling: true });
    const inbox = (await worker.request('GET', '/api/v1/cases/handovers?status=open')).json();
    expect(inbox.items.map((i: { id: string }) => i.id)).toContain(handoverId);
    expect((await otherWard.request('GET', '/api/v1/cases/handovers')).json().items.map((i: { id: string }) => i.id)).not.toContain(handoverId);
    expect((await otherWard.request('POST', `/api/v1/cases/handovers/${handoverId}/take`, {})).statusCode).toBe(404);

    const taken = await worker.request('POST', `/api/v1/cases/handovers/${handoverId}/take`, {});
    expect(taken.statusCode).toBe(201);
    const c = taken.json();
    // the officer who took it is its worker; the child is not registered until the worker records it
    expect(c).toMatchObject({
      source: 'handover',
      victimState: 'registered',
      violationState: 'subject',
      unitId: WARD_A,
      ageBand: null,
      assignedTo: worker.id,
      version: 3,
    });
    expect(c.timeline.map((e: { type: string }) => e.type)).toEqual(['case_opened', 'report_linked', 'assigned']);
    expect(c.timeline.map((e: { label: string }) => e.label)).toEqual(['Mở hồ sơ', 'Gắn báo cáo', 'Phân công cán bộ']);
    expect(c.reports[0].id).toBe(reportId);
    expect(c.reports[0].trackingCode).toMatch(/^LC-/);
    expect(c.code).toMatch(/^HS-\d{4}-[2-9A-Z]{6}$/);
    const again = await manager.request('POST', `/api/v1/cases/handovers/${handoverId}/take`, {}, { 'accept-language': 'en' });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.message).toBe('This hand-over has already been taken.');
    expect(await db().kysely.selectFrom('cases').select('id').where('id', '!=', c.id).where('opened_at', '=', c.openedAt).execute()).toHaveLength(0);
    const h = await db().kysely.selectFrom('intake_handovers').selectAll().where('id', '=', handoverId).executeTakeFirstOrThrow();
    expect(h).toMatchObject({ status: 'taken', taken_by: worker.id });
    const report = await db().kysely.selectFrom('intake_reports').select('case_stage').where('id', '=', reportId).executeTakeFirstOrThrow();
    expect(report.case_stage).toBe('open');
    // the other ward's worker gets 404 on the case; the city leader reads no case at all (aggregates only)
    expect((await otherWard.request('GET', `/api/v1/cases/${c.id}`)).statusCode).toBe(404);
    expect((await cityLeader.request('GET', `/api/v1/cases/${c.id}`)).statusCode).toBe(403);
    expect((await cityLeader.request('GET', '/api/v1/cases')).statusCode).toBe(403);
    expect((await otherWard.request('GET', '/api/v1/cases')).json().items.map((i: { id: string }) => i.id)).not.toContain(c.id);
    expect((await worker.request('GET', `/api/v1/cases?victimState=registered&unitId=${WARD_A}`)).json().items.map((i: { id: string }) => i.id)).toContain(
      c.id,
    );
  });

  it('works both tracks to closure with manager approval; the state is a replay of the events', async () => {
    const { handoverId, reportId } = await handedOver({ victimSupport: true, violationHandling: true });
    let c = (await worker.request('POST', `/api/v1/cases/handovers/${handoverId}/take`, {})).json();
    const step = async (who: Session, path: string, body: Record<string, unknown>, status = 200) => {
      const res = await who.request('POST', `/api/v1/cases/${c.id}/${path}`, { version: c.version, ...body });
      expect(res.statusCode, `${path}: ${res.body}`).toBe(status);
      if (status === 200) c = res.json();
      return res;
    };
    await step(worker, 'registration', {
      ageBand: '11_14',
      gender: 'female',
      name: CHILD_NAME,
      guardians: [{ name: 'Mẹ', relation: 'mẹ', phone: GUARDIAN_PHONE }],
      safeContact: 'Gọi cô chủ nhiệm trước',
    });
    await step(worker, 'assessment', { level: 'high', concerns: ['sextortion', 'image_spread'], note: 'Trẻ sợ hãi, cần hỗ trợ ngay' });
    expect(c).toMatchObject({ victimState: 'registered', pendingApproval: 'assessment', riskLevel: 'high' });
    // the worker may not approve their own step; plans wait while the assessment does
    await step(worker, 'approvals', { step: 'assessment', decision: 'approve' }, 403);
    await step(worker, 'plan', { needs: ['psychological'], goals: ['Ổn định tâm lý'] }, 409);
    await step(manager, 'approvals', { step: 'assessment', decision: 'approve' });
    expect(c).toMatchObject({ victimState: 'assessed', pendingApproval: null });
    await step(worker, 'plan', { needs: ['psychological', 'online_safety'], goals: ['Ổn định tâm lý', 'Gỡ ảnh khỏi mạng'] });
    await step(manager, 'approvals', { step: 'plan', decision: 'approve' });
    expect(c.victimState).toBe('planned');
    await step(worker, 'services', { kind: 'counselling', provider: 'Trung tâm công tác xã hội', status: 'in_progress', startedAt: '2026-01-05T09:00:00Z' });
    expect(c).toMatchObject({ victimState: 'in_service', firstSupportAt: '2026-01-05T09:00:00.000Z' });
    const serviceId = c.services[0].id as string;
    const upd = await worker.request('POST', `/api/v1/cases/${c.id}/services/${serviceId}`, {
      version: c.version,
      status: 'delivered',
      endedAt: '2026-01-20T09:00:00Z',
    });
    expect(upd.statusCode).toBe(200);
    c = upd.json();
    await step(worker, 'follow-ups', { note: 'Trẻ đã đi học lại bình thường' });
    expect(c.victimState).toBe('follow_up');
    await step(worker, 'close', { reason: 'goals_met' });
    expect(c).toMatchObject({ victimState: 'follow_up', pendingApproval: 'closure', closedAt: null });
    await step(manager, 'approvals', { step: 'closure', decision: 'approve' });
    expect(c.victimState).toBe('closed');
    expect(c.closedAt).toBeNull(); // the violation track is still open

    // violation track
    await step(worker, 'evidence', { kind: 'report', refId: reportId }, 409); // no subject yet
    await step(worker, 'subject', { subjectKind: 'account', violationType: 'sextortion', description: 'Tài khoản @ke.xau tren mang' });
    await step(worker, 'evidence', { kind: 'report', refId: 'not-a-report-of-this-case' }, 400);
    await step(worker, 'evidence', { kind: 'report', refId: reportId });
    expect(c.violationState).toBe('evidence');
    await step(worker, 'violation/referral', { to: 'police', agencyId: policeAgency });
    await step(worker, 'violation/decision', { decision: 'administrative_sanction', amount: 7_500_000 }, 400);
    await step(worker, 'violation/decision', { decision: 'administrative_sanction', decisionNumber: '12/QĐ-XPHC', amount: 7_500_000 });
    expect(c).toMatchObject({ violationState: 'decided', decision: 'administrative_sanction' });
    await step(worker, 'violation/close', { outcome: 'sanction_executed' });
    expect(c.violationState).toBe('closed');
    expect(c.closedAt).not.toBeNull();
    expect((await db().kysely.selectFrom('intake_reports').select('case_stage').where('id', '=', reportId).executeTakeFirstOrThrow()).case_stage).toBe(
      'finished',
    );
    // closed: only reopening (and notes, consent) go on
    await step(worker, 'services', { kind: 'medical', provider: 'Bệnh viện', status: 'planned' }, 409);
    await step(worker, 'reopen', { reason: 'Trẻ bị đe doạ lại qua tài khoản mới' });
    expect(c).toMatchObject({ victimState: 'reopened', closedAt: null });
    expect((await db().kysely.selectFrom('intake_reports').select('case_stage').where('id', '=', reportId).executeTakeFirstOrThrow()).case_stage).toBe('open');

    // the stored projection equals a replay of the stored events
    const evs = await events(c.id);
    expect(evs.map((e) => e.seq)).toEqual(evs.map((_, i) => i + 1));
    const replayed = replay(evs.map((e) => ({ type: e.type, at: e.at, data: JSON.parse(e.data) }) as CaseEvent));
    const row = await db().kysely.selectFrom('cases').select(['state', 'version']).where('id', '=', c.id).executeTakeFirstOrThrow();
    expect(JSON.parse(row.state)).toEqual(replayed);
    expect(row.version).toBe(evs.length);
    // the timeline names every step in Vietnamese; the holders read the notes
    const page = (await worker.request('GET', `/api/v1/cases/${c.id}`)).json();
    expect(page.timeline.map((e: { label: string }) => e.label)).toContain('Đánh giá nguy cơ');
    expect(page.timeline.find((e: { type: string }) => e.type === 'risk_assessed').note).toBe('Trẻ sợ hãi, cần hỗ trợ ngay');
    expect(page.plan.goals).toEqual(['Ổn định tâm lý', 'Gỡ ảnh khỏi mạng']);
    // the audit trail has every step
    const actions = (await db().kysely.selectFrom('audit_log').select('action').where('subject_id', '=', c.id).execute()).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(['case.handover_taken', 'case.risk_assessed', 'case.approval_given', 'case.decision_recorded', 'case.read']),
    );
  });

  it('refuses a stale version with a message naming what changed, and overwrites nothing', async () => {
    const { handoverId } = await handedOver({ victimSupport: true, violationHandling: false });
    const c = (await worker.request('POST', `/api/v1/cases/handovers/${handoverId}/take`, {})).json();
    const [a, b] = await Promise.all([
      worker.request('POST', `/api/v1/cases/${c.id}/notes`, { version: c.version, text: 'Ghi chú của người thứ nhất' }),
      manager.request('POST', `/api/v1/cases/${c.id}/assessment`, { version: c.version, level: 'low', concerns: [] }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const late = await worker.request('POST', `/api/v1/cases/${c.id}/services`, { version: c.version, kind: 'counselling', provider: 'X', status: 'planned' });
    expect(late.statusCode).toBe(409);
    expect(late.json().error.code).toBe('case_version_conflict');
    expect(late.json().error.message).toMatch(/Ghi chú|Đánh giá nguy cơ/);
    const en = await worker.request('POST', `/api/v1/cases/${c.id}/notes`, { version: c.version, text: 'x' }, { 'accept-language': 'en' });
    expect(en.json().error.message).toMatch(/Changed since: (Note|Risk assessed)/);
    expect(await events(c.id)).toHaveLength(c.version + 1);
  });

  it('refuses hostile input with a 4xx naming the field and writes nothing', async () => {
    const { handoverId } = await handedOver({ victimSupport: true, violationHandling: true });
    const c = (await worker.request('POST', `/api/v1/cases/handovers/${handoverId}/take`, {})).json();
    const before = (await events(c.id)).length;
    const auditBefore = (await db().kysely.selectFrom('audit_log').select('seq').execute()).length;
    const future = new Date(Date.now() + 3 * 86_400_000).toISOString();
    const cases: Array<[string, Record<string, unknown>, string]> = [
      ['assessment', { level: 'apocalyptic', concerns: [] }, 'level'],
      ['assessment', { level: 'high', concerns: ['aliens'] }, 'concerns'],
      ['assessment', { level: 'high', concerns: [], at: future }, 'at'],
      ['registration', { ageBand: '11_14', gender: 'female', at: 'yesterday-ish' }, 'at'],
      ['registration', { ageBand: 42, gender: 'female' }, 'ageBand'],
      ['registration', { ageBand: '11_14', gender: 'female', name: 'x'.repeat(5000) }, 'name'],
      ['notes', { text: 'x'.repeat(1024 * 1024) }, 'text'],
      ['notes', { text: 'ok', extra: 'field' }, 'extra'],
      ['services', { kind: 'counselling', provider: 'A', status: 'delivered', startedAt: future }, 'startedAt'],
      ['services', { kind: 'teleportation', provider: 'A', status: 'planned' }, 'kind'],
      ['close', { reason: 'other' }, 'note'],
      ['close', { reason: 'bored' }, 'reason'],
      ['violation/decision', { decision: 'takedown' }, 'takedownId'],
      ['consents', { kind: 'share', given: true, by: 'child' }, 'agencyId'],
      ['consents', { kind: 'share', given: true, by: 'child', agencyId: 'no-such-agency' }, 'agencyId'],
      ['reopen', { reason: 'short' }, 'reason'],
    ];
    for (const [path, body, field] of cases) {
      const res = await worker.request('POST', `/api/v1/cases/${c.id}/${path}`, { version: c.version, ...body });
      expect(res.statusCode, `${path} ${JSON.stringify(body).slice(0, 80)} → ${res.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(res.statusCode).toBeLessThan(500);
      expect(res.json().error.message, path).toContain(field);
    }
    // wrong version type and a missing version
    expect((await worker.request('POST', `/api/v1/cases/${c.id}/notes`, { version: 'one', text: 'a' })).json().error.message).toContain('version');
    expect((await worker.request('POST', `/api/v1/cases/${c.id}/notes`, { text: 'a' })).json().error.message).toContain('version');
    expect(
      (await worker.request('POST', '/api/v1/cases', { source: 'telepathy', victim: true, violation: false, unitId: WARD_A })).json().error.message,
    ).toContain('source');
    expect(
      (await worker.request('POST', '/api/v1/cases', { source: 'direct', victim: true, violation: false, unitId: WARD_A, at: future })).json().error.message,
    ).toContain('at');
    expect(await events(c.id)).toHaveLength(before);
    expect((await db().kysely.selectFrom('audit_log').select('seq').execute()).length).toBe(auditBefore);
  });

  it('seals the child’s identity, reveals it only to holders with a reason (audited), and tracks consent to share', async () => {
    const opened = await worker.request('POST', '/api/v1/cases', { source: 'direct', victim: true, violation: false, unitId: WARD_A });
    expect(opened.statusCode).toBe(201);
    let c = opened.json();
    const reg = await worker.request('POST', `/api/v1/cases/${c.id}/registration`, {
      version: c.version,
      ageBand: '6_10',
      gender: 'male',
      name: CHILD_NAME,
      guardians: [{ name: 'Bố', phone: GUARDIAN_PHONE }],
    });
    c = reg.json();
    const raw = JSON.stringify([
      await db().kysely.selectFrom('case_events').selectAll().where('case_id', '=', c.id).execute(),
      await db().kysely.selectFrom('cases').selectAll().where('id', '=', c.id).execute(),
    ]);
    expect(raw).not.toContain('Bé Hoa');
    expect(raw).not.toContain('0987');
    expect(JSON.stringify(c)).not.toContain('Bé Hoa');
    expect((await worker.request('POST', `/api/v1/cases/${c.id}/reveal`, { reason: 'ngắn' })).statusCode).toBe(400);
    expect((await otherWard.request('POST', `/api/v1/cases/${c.id}/reveal`, { reason: 'Cần gọi cho gia đình để hẹn lịch tư vấn' })).statusCode).toBe(404);
    const shown = await worker.request('POST', `/api/v1/cases/${c.id}/reveal`, { reason: 'Cần gọi cho gia đình để hẹn lịch tư vấn' });
    expect(shown.json()).toMatchObject({ name: CHILD_NAME, guardians: [{ name: 'Bố', phone: GUARDIAN_PHONE }] });
    const entry = await db()
      .kysely.selectFrom('audit_log')
      .select('detail')
      .where('subject_id', '=', c.id)
      .where('action', '=', 'case.child_revealed')
      .executeTakeFirstOrThrow();
    expect(entry.detail).toContain('hẹn lịch tư vấn');
    expect(entry.detail).not.toContain('Bé Hoa');
    expect((await worker.request('POST', `/api/v1/cases/${c.id}/export`, { reason: '' })).statusCode).toBe(400);
    const exported = await worker.request('POST', `/api/v1/cases/${c.id}/export`, { reason: 'Toà án nhân dân yêu cầu hồ sơ' });
    expect(exported.json().child.name).toBe(CHILD_NAME);

    expect(await hasConsentToShare(db().kysely, c.id, policeAgency)).toBe(false);
    c = (
      await worker.request('POST', `/api/v1/cases/${c.id}/consents`, { version: c.version, kind: 'share', given: true, by: 'guardian', agencyId: policeAgency })
    ).json();
    expect(await hasConsentToShare(db().kysely, c.id, policeAgency)).toBe(true);
    c = (await worker.request('POST', `/api/v1/cases/${c.id}/consents/withdraw`, { version: c.version, kind: 'share', agencyId: policeAgency })).json();
    expect(await hasConsentToShare(db().kysely, c.id, policeAgency)).toBe(false);
    expect(c.consent.share).toEqual([{ agencyId: policeAgency, status: 'withdrawn' }]);
    // the police officer does not hold this ward case
    expect((await police.request('GET', `/api/v1/cases/${c.id}`)).statusCode).toBe(404);
  });
  it('decides a takedown by naming the detection desk’s own request, and shows its dates as the desk updates them', async () => {
    const analyst = await t.staff('analyst');
    const item = await analyst.request('POST', '/api/v1/detect/items', { url: 'https://www.facebook.com/ke.xau/posts/1' });
    expect(item.statusCode).toBeLessThan(300);
    const decided = await analyst.request('POST', `/api/v1/detect/items/${item.json().id}/decision`, {
      decision: 'harmful',
      category: 'grooming',
      blockDomain: false,
    });
    expect(decided.statusCode).toBe(200);
    const takedownId = decided.json().takedownId as string;
    expect(takedownId).toBeTruthy();

    const { handoverId } = await handedOver({ victimSupport: false, violationHandling: true });
    let c = (await worker.request('POST', `/api/v1/cases/handovers/${handoverId}/take`, {})).json();
    expect(c.victimState).toBeNull();
    const step = async (path: string, body: Record<string, unknown>, status = 200) => {
      const res = await worker.request('POST', `/api/v1/cases/${c.id}/${path}`, { version: c.version, ...body });
      expect(res.statusCode, res.body).toBe(status);
      if (status === 200) c = res.json();
      return res;
    };
    await step('subject', { subjectKind: 'account', violationType: 'grooming' });
    await step('evidence', { kind: 'detect_item', refId: item.json().id });
    await step('evidence', { kind: 'takedown', refId: 'no-such-takedown' }, 400);
    await step('violation/decision', { decision: 'takedown', takedownId: 'no-such-takedown' }, 400);
    await step('violation/decision', { decision: 'takedown', takedownId });
    expect(c.decisionDetail).toMatchObject({ decision: 'takedown', takedownId, takedown: { status: 'requested', platform: 'facebook', sentAt: null } });
    // one kind of takedown: the desk sends and confirms it, the case page shows the same request
    expect((await analyst.request('PATCH', `/api/v1/detect/takedowns/${takedownId}`, { status: 'sent', sentAt: '2026-01-03T08:00:00Z' })).statusCode).toBe(200);
    const page = (await worker.request('GET', `/api/v1/cases/${c.id}`)).json();
    expect(page.decisionDetail.takedown).toMatchObject({ status: 'sent', sentAt: '2026-01-03T08:00:00.000Z' });
    const links = await db().kysely.selectFrom('case_links').select(['kind', 'ref_id']).where('case_id', '=', c.id).execute();
    expect(links).toEqual(
      expect.arrayContaining([
        { kind: 'takedown', ref_id: takedownId },
        { kind: 'detect_item', ref_id: item.json().id },
      ]),
    );
    expect(await db().kysely.selectFrom('detect_takedowns').select('id').where('id', '=', takedownId).execute()).toHaveLength(1);
  });

  it('shows notes to the workers holding the case only; others read the case without them', async () => {
    const opened = (
      await worker.request('POST', '/api/v1/cases', { source: 'direct', victim: true, violation: false, unitId: WARD_A, note: 'Ghi chú ban đầu về hoàn cảnh' })
    ).json();
    const own = (await worker.request('GET', `/api/v1/cases/${opened.id}`)).json();
    expect(own.timeline.find((e: { type: string }) => e.type === 'note_added').note).toBe('Ghi chú ban đầu về hoàn cảnh');
    expect(own.can).toEqual({ work: true, approve: false, reveal: true });
    const asAdmin = (await admin.request('GET', `/api/v1/cases/${opened.id}`)).json();
    expect(asAdmin.timeline.every((e: { note: string | null }) => e.note === null)).toBe(true);
    expect(asAdmin.can).toEqual({ work: false, approve: false, reveal: false });
    expect((await admin.request('POST', `/api/v1/cases/${opened.id}/reveal`, { reason: 'Kiểm tra hệ thống theo yêu cầu' })).statusCode).toBe(403);
    expect((await manager.request('GET', `/api/v1/cases/${opened.id}`)).json().can.approve).toBe(true);
  });

  it('opens a case directly: a counsellor for their own school, the intake desk for a 111 call; reports about the same child join it', async () => {
    const schools = await db().kysely.selectFrom('schools').select(['id', 'unit_id']).execute();
    const own = schools.find((s) => s.unit_id === WARD_A) as { id: string; unit_id: string };
    const other = schools.find((s) => s.unit_id === WARD_B) as { id: string };
    const counsellor = await t.staff('school_admin', { schoolId: own.id });
    const mine = await counsellor.request('POST', '/api/v1/cases', { source: 'counsellor', victim: true, violation: false, schoolId: own.id });
    expect(mine.statusCode).toBe(201);
    expect(mine.json()).toMatchObject({ unitId: WARD_A, schoolId: own.id, source: 'counsellor' });
    expect((await counsellor.request('POST', '/api/v1/cases', { source: 'counsellor', victim: true, violation: false, schoolId: other.id })).statusCode).toBe(
      403,
    );
    expect((await counsellor.request('GET', `/api/v1/cases/${mine.json().id}`)).statusCode).toBe(200);
    expect((await counsellor.request('POST', `/api/v1/cases/${mine.json().id}/notes`, { version: 1, text: 'x' })).statusCode).toBe(403);
    // the ward sees the counsellor's case in its list
    expect((await worker.request('GET', '/api/v1/cases?open=true')).json().items.map((i: { id: string }) => i.id)).toContain(mine.json().id);

    const call = await intake.request('POST', '/api/v1/cases', {
      source: 'hotline_111',
      victim: true,
      violation: true,
      agencyId: policeAgency,
      note: 'Cuộc gọi 111 lúc 21:00',
    });
    expect(call.statusCode).toBe(201);
    expect((await police.request('GET', `/api/v1/cases/${call.json().id}`)).statusCode).toBe(200);

    // a second report about the same child: taken into the existing case rather than a new one
    const first = await handedOver({ victimSupport: true, violationHandling: false });
    let c = (await worker.request('POST', `/api/v1/cases/handovers/${first.handoverId}/take`, {})).json();
    const second = await handedOver({ victimSupport: false, violationHandling: true });
    const stale = await worker.request('POST', `/api/v1/cases/handovers/${second.handoverId}/take`, { joinCaseId: c.id, version: c.version - 1 });
    expect(stale.statusCode).toBe(409);
    expect((await db().kysely.selectFrom('intake_handovers').select('status').where('id', '=', second.handoverId).executeTakeFirstOrThrow()).status).toBe(
      'open',
    );
    c = (await worker.request('POST', `/api/v1/cases/handovers/${second.handoverId}/take`, { joinCaseId: c.id, version: c.version })).json();
    expect(c.reports.map((r: { id: string }) => r.id).sort()).toEqual([first.reportId, second.reportId].sort());
    expect(c.violationState).toBe('subject');
    const inbox = (await worker.request('GET', '/api/v1/cases/handovers?status=taken')).json();
    expect(inbox.items.find((i: { id: string }) => i.id === second.handoverId).caseId).toBe(c.id);
    // every report here names the same link, so intake links them: the inbox suggests an open case holding one
    const fourth = await handedOver({ victimSupport: true, violationHandling: false });
    const suggested = (await worker.request('GET', '/api/v1/cases/handovers?status=open')).json().items.find((i: { id: string }) => i.id === fourth.handoverId);
    expect(suggested).toMatchObject({ suggestedCaseId: expect.any(String), caseId: null });
    const otherInbox = (await otherWard.request('GET', '/api/v1/cases/handovers')).json().items;
    expect(otherInbox.every((i: { suggestedCaseId: string | null }) => i.suggestedCaseId === null)).toBe(true);
    // a third report joined from the case page; one the worker may not read is refused
    const third = await handedOver({ victimSupport: true, violationHandling: false });
    c = (await worker.request('POST', `/api/v1/cases/${c.id}/reports`, { version: c.version, reportId: third.reportId })).json();
    expect(c.reports).toHaveLength(3);
    const elsewhere = await handedOver({ victimSupport: true, violationHandling: false }, { unitId: WARD_B });
    expect(
      (await worker.request('POST', `/api/v1/cases/${c.id}/reports`, { version: c.version, reportId: elsewhere.reportId })).json().error.message,
    ).toContain('reportId');
  });
  it('refuses hostile input on taking, revealing, settings and managers, naming the field', async () => {
    const { handoverId } = await handedOver({ victimSupport: true, violationHandling: false });
    const bad: Array<[Session, string, string, unknown, string]> = [
      [worker, 'POST', `/api/v1/cases/handovers/${handoverId}/take`, { joinCaseId: 'x' }, 'version'],
      [worker, 'POST', `/api/v1/cases/handovers/${handoverId}/take`, { victim: 'yes' }, 'victim'],
      [worker, 'POST', `/api/v1/cases/handovers/${handoverId}/take`, { victim: false, violation: false }, 'victim'],
      [admin, 'PUT', `/api/v1/cases/settings/${WARD_A}`, { assessment: 'sometimes', plan: true, closure: true }, 'assessment'],
      [admin, 'PUT', `/api/v1/cases/settings/${WARD_A}`, { assessment: true, plan: true }, 'closure'],
      [worker, 'GET', '/api/v1/cases?victimState=happy', undefined, 'victimState'],
      [worker, 'GET', '/api/v1/cases?q=%25%27%20or%201%3D1', undefined, 'q'],
      [worker, 'GET', '/api/v1/cases?limit=100000', undefined, 'limit'],
    ];
    for (const [who, method, url, body, field] of bad) {
      const res = await who.request(method as 'GET', url, body);
      expect(res.statusCode, `${url} ${res.body}`).toBe(400);
      expect(res.json().error.message).toContain(field);
    }
    // nothing was taken or changed
    expect((await db().kysely.selectFrom('intake_handovers').select('status').where('id', '=', handoverId).executeTakeFirstOrThrow()).status).toBe('open');
    expect((await admin.request('GET', `/api/v1/cases/settings/${WARD_A}`)).json()).toMatchObject({ assessment: true, plan: true, closure: true });
    const c = (await worker.request('POST', `/api/v1/cases/handovers/${handoverId}/take`, {})).json();
    expect((await worker.request('POST', `/api/v1/cases/${c.id}/reveal`, { reason: 'x'.repeat(1024 * 1024) })).json().error.message).toContain('reason');
    expect((await worker.request('POST', `/api/v1/cases/${c.id}/export`, {})).json().error.message).toContain('reason');
    // managers: a worker cannot make themselves one; an agency officer only within their agency
    expect((await worker.request('PUT', `/api/v1/cases/managers/${worker.id}`)).statusCode).toBe(403);
    expect((await police.request('PUT', `/api/v1/cases/managers/${otherWard.id}`)).statusCode).toBe(404); // another holder's settings are not theirs to see
    expect((await admin.request('PUT', '/api/v1/cases/managers/no-such-user')).statusCode).toBe(404);
    expect((await admin.request('PUT', `/api/v1/cases/managers/${intake.id}`)).statusCode).toBeGreaterThanOrEqual(400);
    expect((await police.request('PUT', `/api/v1/cases/settings/${policeAgency}`, { assessment: false, plan: true, closure: true })).statusCode).toBe(200);
    expect((await police.request('PUT', `/api/v1/cases/settings/${WARD_A}`, { assessment: false, plan: true, closure: true })).statusCode).toBe(404);
  });
});
