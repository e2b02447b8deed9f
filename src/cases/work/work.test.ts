import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../access/actor.js';
import type { Ctx } from '../../context.js';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../../testing/app.js';
import { describeEachDb } from '../../testing/databases.js';
import { appendCaseEvents, createCase, loadCaseForUpdate } from '../store.js';

/**
 * Case work over HTTP on both databases: referrals and transfers (consent to share, manager
 * override, accept/decline, who sees what), tasks and their reminders through the bell and the
 * outbox, SLA clocks and the overdue board, the caseload, stale versions, and hostile input —
 * each refusal a 4xx naming the field with nothing written.
 */
const WARD_A = '00070';
const WARD_B = '00004';
const START = Date.parse('2026-03-02T02:00:00.000Z');

/** What case work's messages call the fields they point at (work/messages.ts). */
const FIELD_WORDS_VI: Record<string, string> = { dueAt: 'hạn hoàn thành', remindAt: 'thời điểm nhắc việc', assigneeId: 'người được giao' };

describeEachDb('case work', (db) => {
  let t: TestApp;
  let now = START;
  let ward: Session & { id: string; username: string };
  let manager: Session & { id: string; username: string };
  let otherWard: Session & { id: string; username: string };
  let agencyX: { id: string; name: string };
  let agencyY: { id: string };
  let officerX: Session & { id: string; username: string };
  let officerY: Session & { id: string; username: string };
  let admin: Session;

  /** Moves the clock; sessions expire after 2 idle hours, so everyone signs in again. */
  async function advance(ms: number): Promise<void> {
    now += ms;
    for (const s of [ward, manager, otherWard, officerX, officerY] as Array<Session & { username: string }>) Object.assign(s, await t.login(s.username));
    Object.assign(admin, await t.login('admin', ADMIN_PASSWORD));
  }
  const sys = (): Ctx => ({ ...t.deps, actor: systemActor('test'), origin: { ip: null } });
  const iso = (ms = now) => new Date(ms).toISOString();

  async function openCase(unitId: string, agencyId: string | null = null): Promise<{ id: string; code: string }> {
    return db()
      .kysely.transaction()
      .execute((trx) =>
        createCase(trx, sys(), {
          at: iso(),
          data: {
            source: 'direct',
            victim: true,
            violation: true,
            unitId,
            agencyId,
            schoolId: null,
            approvals: { assessment: false, plan: false, closure: false },
          },
        }),
      );
  }
  async function recordShareConsent(caseId: string, agencyId: string): Promise<void> {
    await db()
      .kysely.transaction()
      .execute(async (trx) => {
        const row = await loadCaseForUpdate(trx, sys(), caseId);
        await appendCaseEvents(trx, sys(), row, row.version, [
          { event: { type: 'consent_recorded', at: iso(), data: { kind: 'share', given: true, by: 'guardian', agencyId } } },
        ]);
      });
  }
  const version = async (caseId: string) =>
    (await db().kysely.selectFrom('cases').select('version').where('id', '=', caseId).executeTakeFirstOrThrow()).version;
  const count = async (table: 'case_referrals' | 'case_tasks' | 'case_events' | 'notifications' | 'mail_outbox') =>
    Number(
      (
        await db()
          .kysely.selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const auditActions = async (action: string) =>
    Number(
      (
        await db()
          .kysely.selectFrom('audit_log')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('action', '=', action)
          .executeTakeFirstOrThrow()
      ).n,
    );

  beforeAll(async () => {
    t = await createTestApp(db(), { clock: () => new Date(now) });
    const agencies = await db().kysely.selectFrom('agencies').select(['id', 'name']).orderBy('code').limit(2).execute();
    agencyX = agencies[0] as { id: string; name: string };
    agencyY = agencies[1] as { id: string };
    ward = await t.staff('case_worker', { unitId: WARD_A });
    manager = await t.staff('case_worker', { unitId: WARD_A });
    await db().kysely.insertInto('case_managers').values({ user_id: manager.id, created_by: null, created_at: iso() }).execute();
    otherWard = await t.staff('case_worker', { unitId: WARD_B });
    officerX = await t.staff('agency_officer', { agencyId: agencyX.id });
    officerY = await t.staff('agency_officer', { agencyId: agencyY.id });
    await db().kysely.updateTable('users').set({ email: 'officer-x@example.vn' }).where('id', '=', officerX.id).execute();
    admin = await t.login('admin', ADMIN_PASSWORD);
  }, 60_000);
  afterAll(() => t.close());

  describe('referrals', () => {
    it('refuses a referral to an agency without consent to share, writing nothing; a manager overrides with a reason, audited', async () => {
      const c = await openCase(WARD_A);
      const v = await version(c.id);
      const before = { referrals: await count('case_referrals'), events: await count('case_events'), mails: await count('mail_outbox') };
      const body = { version: v, kind: 'referral', purpose: 'counselling', toAgencyId: agencyX.id };

      const refused = await ward.request('POST', `/api/v1/cases/${c.id}/referrals`, body);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('case_work_consent_missing');
      // the field in words, never its code
      expect(refused.json().error.message).toContain('lý do chuyển khi chưa có sự đồng ý');
      expect(refused.json().error.message).not.toContain('consentOverrideReason');
      // a worker who is not a manager cannot override
      const notManager = await ward.request('POST', `/api/v1/cases/${c.id}/referrals`, {
        ...body,
        consentOverrideReason: 'Trẻ đang gặp nguy hiểm, cần tư vấn ngay',
      });
      expect(notManager.statusCode).toBe(403);
      expect(notManager.json().error.code).toBe('case_work_not_manager');
      expect({ referrals: await count('case_referrals'), events: await count('case_events'), mails: await count('mail_outbox') }).toEqual(before);
      expect(await version(c.id)).toBe(v);

      const overridden = await manager.request('POST', `/api/v1/cases/${c.id}/referrals`, {
        ...body,
        consentOverrideReason: 'Trẻ đang gặp nguy hiểm, cần tư vấn ngay',
      });
      expect(overridden.statusCode).toBe(201);
      expect(overridden.json().caseVersion).toBe(v + 1);
      const row = await db().kysely.selectFrom('case_referrals').selectAll().where('id', '=', overridden.json().id).executeTakeFirstOrThrow();
      expect(row.consent_override).toBe(1);
      // the reason is sealed, never in clear
      expect(row.sealed_override_reason).not.toContain('nguy hiểm');
      expect(t.deps.sealer.open(row.sealed_override_reason as string)).toContain('nguy hiểm');
      const entry = await db()
        .kysely.selectFrom('audit_log')
        .select(['actor_id', 'detail'])
        .where('action', '=', 'case_referral.consent_overridden')
        .where('subject_id', '=', row.id)
        .executeTakeFirstOrThrow();
      expect(entry.actor_id).toBe(manager.id);
      expect(entry.detail).not.toContain('nguy hiểm');
    });

    it('sends with consent, tells the receiving agency (bell + mail), which accepts; the sender is told', async () => {
      const c = await openCase(WARD_A);
      await recordShareConsent(c.id, agencyX.id);
      const mailsBefore = await count('mail_outbox');
      const sent = await ward.request('POST', `/api/v1/cases/${c.id}/referrals`, {
        version: await version(c.id),
        kind: 'referral',
        purpose: 'legal_aid',
        toAgencyId: agencyX.id,
        note: 'Gia đình cần luật sư tư vấn về việc gỡ ảnh',
      });
      expect(sent.statusCode).toBe(201);
      expect(await count('mail_outbox')).toBeGreaterThan(mailsBefore);
      const mail = await db()
        .kysely.selectFrom('mail_outbox')
        .select(['subject', 'body'])
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      expect(mail.body).toContain(c.code);
      expect(mail.body).not.toContain('luật sư'); // the note stays in the console

      const bell = await officerX.request('GET', '/api/v1/intake/notifications');
      expect(bell.json().items.map((n: { message: string }) => n.message)).toContain(`Vụ việc ${c.code} được chuyển đến đơn vị của bạn: Trợ giúp pháp lý`);

      const inbox = await officerX.request('GET', '/api/v1/cases/referrals?box=incoming&status=pending');
      expect(inbox.statusCode).toBe(200);
      const item = inbox.json().items.find((r: { caseCode: string }) => r.caseCode === c.code);
      expect(item).toMatchObject({ purposeLabel: 'Trợ giúp pháp lý', statusLabel: 'Chờ trả lời', note: 'Gia đình cần luật sư tư vấn về việc gỡ ảnh' });
      expect(item.to.name).toBe(agencyX.name);
      expect(item.from.name).not.toMatch(/^\d+$/);

      // another agency and another ward neither see nor answer it
      expect((await officerY.request('GET', '/api/v1/cases/referrals?box=all')).json().items.some((r: { id: string }) => r.id === item.id)).toBe(false);
      expect((await otherWard.request('GET', '/api/v1/cases/referrals?box=all')).json().items.some((r: { id: string }) => r.id === item.id)).toBe(false);
      const foreign = await officerY.request('POST', `/api/v1/cases/referrals/${item.id}/answer`, { version: item.caseVersion, answer: 'accept' });
      expect(foreign.statusCode).toBe(404);
      // the sender may not answer its own referral
      expect((await ward.request('POST', `/api/v1/cases/referrals/${item.id}/answer`, { version: item.caseVersion, answer: 'accept' })).statusCode).toBe(403);

      const accepted = await officerX.request('POST', `/api/v1/cases/referrals/${item.id}/answer`, { version: item.caseVersion, answer: 'accept' });
      expect(accepted.statusCode).toBe(200);
      expect(accepted.json().caseVersion).toBe(item.caseVersion + 1);
      const again = await officerX.request('POST', `/api/v1/cases/referrals/${item.id}/answer`, {
        version: accepted.json().caseVersion,
        answer: 'decline',
        declineReason: 'no_capacity',
      });
      expect(again.statusCode).toBe(409);
      const senderBell = await ward.request('GET', '/api/v1/intake/notifications', undefined, { 'accept-language': 'en' });
      expect(
        senderBell
          .json()
          .items.map((n: { message: string }) => n.message)
          .join('\n'),
      ).toContain(`Case ${c.code}:`);
      // the timeline holds the referral's events
      const types = (await db().kysely.selectFrom('case_events').select('type').where('case_id', '=', c.id).orderBy('seq').execute()).map((e) => e.type);
      expect(types.slice(-2)).toEqual(['work_referral_sent', 'work_referral_accepted']);
    });

    it('moves the case on an accepted transfer: the receiver holds it, the sender no longer reads it', async () => {
      const c = await openCase(WARD_A);
      const sent = await ward.request('POST', `/api/v1/cases/${c.id}/referrals`, {
        version: await version(c.id),
        kind: 'transfer',
        purpose: 'case_management',
        toUnitId: WARD_B,
      });
      expect(sent.statusCode).toBe(201);
      expect((await ward.request('GET', `/api/v1/cases/${c.id}/clocks`)).statusCode).toBe(200);
      expect((await otherWard.request('GET', `/api/v1/cases/${c.id}/clocks`)).statusCode).toBe(404);
      const ans = await otherWard.request('POST', `/api/v1/cases/referrals/${sent.json().id}/answer`, { version: sent.json().caseVersion, answer: 'accept' });
      expect(ans.statusCode).toBe(200);
      const row = await db().kysely.selectFrom('cases').select(['unit_id', 'agency_id', 'version']).where('id', '=', c.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ unit_id: WARD_B, agency_id: null, version: ans.json().caseVersion });
      expect((await otherWard.request('GET', `/api/v1/cases/${c.id}/clocks`)).statusCode).toBe(200);
      expect((await ward.request('GET', `/api/v1/cases/${c.id}/clocks`)).statusCode).toBe(404);
      // the sending ward still sees what it sent (outgoing)
      const out = await ward.request('GET', '/api/v1/cases/referrals?box=outgoing');
      expect(out.json().items.find((r: { id: string }) => r.id === sent.json().id)?.statusLabel).toBe('Đã nhận');
    });

    it('declines only with a reason ("other" needs a note); the sender may withdraw one still waiting', async () => {
      const c = await openCase(WARD_A);
      await recordShareConsent(c.id, agencyY.id);
      const sent = await ward.request('POST', `/api/v1/cases/${c.id}/referrals`, {
        version: await version(c.id),
        kind: 'referral',
        purpose: 'medical',
        toAgencyId: agencyY.id,
      });
      const v = sent.json().caseVersion;
      const noReason = await officerY.request('POST', `/api/v1/cases/referrals/${sent.json().id}/answer`, { version: v, answer: 'decline' });
      expect(noReason.statusCode).toBe(400);
      expect(noReason.json().error.message).toContain('lý do từ chối');
      expect(noReason.json().error.message).not.toContain('declineReason');
      const otherNoNote = await officerY.request('POST', `/api/v1/cases/referrals/${sent.json().id}/answer`, {
        version: v,
        answer: 'decline',
        declineReason: 'other',
      });
      expect(otherNoNote.statusCode).toBe(400);
      expect(otherNoNote.json().error.message).toContain('ghi chú');
      expect(await version(c.id)).toBe(v);
      const declined = await officerY.request('POST', `/api/v1/cases/referrals/${sent.json().id}/answer`, {
        version: v,
        answer: 'decline',
        declineReason: 'not_competent',
      });
      expect(declined.statusCode).toBe(200);
      const list = await ward.request('GET', `/api/v1/cases/${c.id}/referrals`);
      expect(list.json().items[0]).toMatchObject({ status: 'declined', declineReasonLabel: 'Không thuộc thẩm quyền' });

      const second = await ward.request('POST', `/api/v1/cases/${c.id}/referrals`, {
        version: declined.json().caseVersion,
        kind: 'referral',
        purpose: 'medical',
        toAgencyId: agencyY.id,
      });
      expect(second.statusCode).toBe(201);
      const dup = await ward.request('POST', `/api/v1/cases/${c.id}/referrals`, {
        version: second.json().caseVersion,
        kind: 'referral',
        purpose: 'medical',
        toAgencyId: agencyY.id,
      });
      expect(dup.statusCode).toBe(409);
      const withdrawn = await ward.request('POST', `/api/v1/cases/referrals/${second.json().id}/withdraw`, { version: second.json().caseVersion });
      expect(withdrawn.statusCode).toBe(200);
    });
  });

  describe('concurrency', () => {
    it('refuses the second of two writes based on the same version, naming what changed; nothing is overwritten', async () => {
      const c = await openCase(WARD_A);
      await recordShareConsent(c.id, agencyX.id);
      const v = await version(c.id);
      const [a, b] = await Promise.all([
        ward.request('POST', `/api/v1/cases/${c.id}/tasks`, { version: v, title: 'Gọi điện cho gia đình', dueAt: iso(now + 86_400_000) }),
        manager.request('POST', `/api/v1/cases/${c.id}/referrals`, { version: v, kind: 'referral', purpose: 'counselling', toAgencyId: agencyX.id }),
      ]);
      const codes = [a.statusCode, b.statusCode].sort();
      expect(codes).toEqual([201, 409]);
      const loser = a.statusCode === 409 ? a : b;
      expect(loser.json().error.code).toBe('case_version_conflict');
      expect(loser.json().error.message).toMatch(/Giao việc|Gửi yêu cầu chuyển tuyến|Hoạt động xử lý hồ sơ/);
      expect(await version(c.id)).toBe(v + 1);
      const tasks = Number(
        (
          await db()
            .kysely.selectFrom('case_tasks')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('case_id', '=', c.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
      const refs = Number(
        (
          await db()
            .kysely.selectFrom('case_referrals')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('case_id', '=', c.id)
            .executeTakeFirstOrThrow()
        ).n,
      );
      expect(tasks + refs).toBe(1);
    });
  });

  describe('tasks and reminders', () => {
    it('reminds the assignee once (bell + e-mail), then tells them once when it is overdue; done closes it', async () => {
      const c = await openCase(WARD_A);
      await db().kysely.updateTable('users').set({ email: 'ward-worker@example.vn' }).where('id', '=', manager.id).execute();
      const added = await ward.request('POST', `/api/v1/cases/${c.id}/tasks`, {
        version: await version(c.id),
        title: 'Đến trường gặp giáo viên chủ nhiệm',
        dueAt: iso(now + 3 * 3_600_000),
        remindAt: iso(now + 3_600_000),
        assigneeId: manager.id,
      });
      expect(added.statusCode).toBe(201);
      const stored = await db().kysely.selectFrom('case_tasks').selectAll().where('id', '=', added.json().id).executeTakeFirstOrThrow();
      expect(stored.sealed_title).not.toContain('giáo viên');

      const bellFor = async () =>
        (await manager.request('GET', '/api/v1/intake/notifications')).json().items.map((n: { message: string }) => n.message) as string[];
      expect((await bellFor()).filter((m) => m.startsWith(`Nhắc việc vụ ${c.code}`))).toHaveLength(0);
      await advance(3_600_000 + 1000);
      await admin.request('POST', '/api/v1/cases/work-sweep');
      await admin.request('POST', '/api/v1/cases/work-sweep');
      expect((await bellFor()).filter((m) => m.startsWith(`Nhắc việc vụ ${c.code}`))).toHaveLength(1);
      const mails = await db().kysely.selectFrom('mail_outbox').select(['sealed_to', 'subject', 'body']).where('subject', 'like', `%${c.code}%`).execute();
      const toManager = mails.filter((m) => t.deps.sealer.open(m.sealed_to) === 'ward-worker@example.vn');
      expect(toManager).toHaveLength(1);
      expect(toManager[0]?.body).not.toContain('giáo viên');

      await advance(2 * 3_600_000);
      await admin.request('POST', '/api/v1/cases/work-sweep');
      await admin.request('POST', '/api/v1/cases/work-sweep');
      expect((await bellFor()).filter((m) => m.startsWith(`Công việc của vụ ${c.code} đã quá hạn`))).toHaveLength(1);
      const overdue = await ward.request('GET', '/api/v1/cases/tasks?overdue=true');
      expect(overdue.json().items.map((x: { id: string }) => x.id)).toContain(added.json().id);
      const mine = await manager.request('GET', '/api/v1/cases/tasks?mine=true');
      expect(mine.json().items.find((x: { id: string }) => x.id === added.json().id)).toMatchObject({
        title: 'Đến trường gặp giáo viên chủ nhiệm',
        overdue: true,
        statusLabel: 'Đang mở',
      });
      expect((await otherWard.request('GET', '/api/v1/cases/tasks')).json().items.some((x: { id: string }) => x.id === added.json().id)).toBe(false);
      expect((await otherWard.request('PATCH', `/api/v1/cases/tasks/${added.json().id}`, { version: 1, status: 'done' })).statusCode).toBe(404);

      const done = await manager.request('PATCH', `/api/v1/cases/tasks/${added.json().id}`, { version: await version(c.id), status: 'done' });
      expect(done.statusCode).toBe(200);
      const closedAgain = await manager.request('PATCH', `/api/v1/cases/tasks/${added.json().id}`, { version: done.json().caseVersion, status: 'cancelled' });
      expect(closedAgain.statusCode).toBe(409);
    });
  });

  describe('SLA clocks, overdue board and caseload', () => {
    it('computes a step overdue from the events, lists it on the board and counts it in the caseload until the stopping event', async () => {
      const c = await openCase(WARD_B);
      const clocks = await otherWard.request('GET', `/api/v1/cases/${c.id}/clocks`);
      expect(clocks.json().overdue).toBe(false);
      expect(clocks.json().items.find((k: { step: string }) => k.step === 'first_contact')).toMatchObject({
        state: 'running',
        label: 'Liên hệ, đăng ký trẻ lần đầu',
      });
      await advance(25 * 3_600_000);
      const later = await otherWard.request('GET', `/api/v1/cases/${c.id}/clocks`);
      expect(later.json().overdue).toBe(true);
      const listed = async () => (await otherWard.request('GET', '/api/v1/cases?overdue=true&limit=500')).json().items.map((x: { id: string }) => x.id);
      expect(await listed()).toContain(c.id);
      const board = await otherWard.request('GET', '/api/v1/cases/overdue');
      const onBoard = board.json().cases.find((x: { caseId: string }) => x.caseId === c.id);
      expect(onBoard.steps.map((s: { step: string }) => s.step)).toContain('first_contact');
      expect((await ward.request('GET', '/api/v1/cases/overdue')).json().cases.some((x: { caseId: string }) => x.caseId === c.id)).toBe(false);
      const load = await otherWard.request('GET', '/api/v1/cases/caseload');
      const unit = load.json().units.find((u: { unitId: string | null }) => u.unitId === WARD_B);
      expect(unit.overdueCases).toBeGreaterThanOrEqual(1);
      expect(unit.name).not.toMatch(/^\d+$/);
      expect(load.json().units.every((u: { unitId: string | null }) => u.unitId === WARD_B)).toBe(true);

      await db()
        .kysely.transaction()
        .execute(async (trx) => {
          const row = await loadCaseForUpdate(trx, sys(), c.id);
          await appendCaseEvents(trx, sys(), row, row.version, [
            { event: { type: 'victim_registered', at: iso(), data: { ageBand: '11_14', gender: 'female', unitId: WARD_B, schoolId: null } } },
          ]);
        });
      const after = await otherWard.request('GET', `/api/v1/cases/${c.id}/clocks`);
      expect(await listed()).not.toContain(c.id);
      expect(after.json().items.find((k: { step: string }) => k.step === 'first_contact').state).toBe('missed');
    });

    it('lets administrators set the steps (checked, audited) and no one else', async () => {
      const steps = (await ward.request('GET', '/api/v1/cases/sla-steps')).json();
      expect(steps.items.length).toBeGreaterThan(0);
      expect(steps.events.find((e: { code: string }) => e.code === 'risk_assessed').label).toBe('Đánh giá nguy cơ');
      const items = steps.items.map(({ label: _l, ...s }: { label: string }) => s);
      expect((await ward.request('PUT', '/api/v1/cases/sla-steps', { items })).statusCode).toBe(403);
      const bad = await admin.request('PUT', '/api/v1/cases/sla-steps', { items: [{ ...items[0], startEvent: 'made_up_event' }] });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.message).toContain('items[0].startEvent');
      const before = await auditActions('case_sla_steps.updated');
      const ok = await admin.request('PUT', '/api/v1/cases/sla-steps', {
        items: items.map((s: { limitHours: number }) => ({ ...s, limitHours: s.limitHours + 1 })),
      });
      expect(ok.statusCode).toBe(200);
      expect(await auditActions('case_sla_steps.updated')).toBe(before + 1);
    });
  });

  describe('hostile input: a 4xx naming the field, nothing written', () => {
    it('names the field of a refused referral in words, never by its code', async () => {
      const c = await openCase(WARD_A);
      const v = await version(c.id);
      const own = await ward.request('POST', `/api/v1/cases/${c.id}/referrals`, { version: v, kind: 'referral', purpose: 'medical', toUnitId: WARD_A });
      expect(own.statusCode).toBe(409);
      expect(own.json().error.message).toContain('phường/xã nhận');
      const sent = await ward.request('POST', `/api/v1/cases/${c.id}/referrals`, { version: v, kind: 'referral', purpose: 'medical', toUnitId: WARD_B });
      expect(sent.statusCode).toBe(201);
      const again = await ward.request(
        'POST',
        `/api/v1/cases/${c.id}/referrals`,
        { version: sent.json().caseVersion, kind: 'referral', purpose: 'medical', toUnitId: WARD_B },
        { 'accept-language': 'en' },
      );
      expect(again.statusCode).toBe(409);
      expect(again.json().error.message).toContain('receiving ward/commune');
      for (const res of [own, again]) expect(res.json().error.message).not.toMatch(/toUnitId|toAgencyId/);
    });

    it('refuses each bad body', async () => {
      const c = await openCase(WARD_A);
      const v = await version(c.id);
      const before = { referrals: await count('case_referrals'), tasks: await count('case_tasks'), events: await count('case_events') };
      const cases: Array<[string, string, unknown, string]> = [
        ['POST', 'referrals', { version: v, kind: 'referral', purpose: 'haircut', toUnitId: WARD_B }, 'purpose'],
        ['POST', 'referrals', { version: v, kind: 'adoption', purpose: 'medical', toUnitId: WARD_B }, 'kind'],
        ['POST', 'referrals', { version: v, kind: 'referral', purpose: 'medical', toUnitId: WARD_B, note: 'x'.repeat(1_000_000) }, 'note'],
        ['POST', 'referrals', { version: 'latest', kind: 'referral', purpose: 'medical', toUnitId: WARD_B }, 'version'],
        ['POST', 'referrals', { version: v, kind: 'referral', purpose: 'medical', toUnitId: WARD_B, toAgencyId: agencyX.id }, 'toAgencyId'],
        ['POST', 'referrals', { version: v, kind: 'referral', purpose: 'medical' }, 'toUnitId'],
        ['POST', 'referrals', { version: v, kind: 'referral', purpose: 'medical', toUnitId: '99999' }, 'toUnitId'],
        ['POST', 'referrals', { version: v, kind: 'referral', purpose: 'medical', toUnitId: '01' }, 'toUnitId'],
        ['POST', 'referrals', { version: v, kind: 'referral', purpose: 'medical', toUnitId: WARD_B, answerWithinHours: 100000 }, 'answerWithinHours'],
        [
          'POST',
          'referrals',
          { version: v, kind: 'referral', purpose: 'medical', toUnitId: WARD_B, consentOverrideReason: 'vì cần gấp lắm' },
          'consentOverrideReason',
        ],
        ['POST', 'tasks', { version: v, title: 'Gọi điện', dueAt: iso(now - 60_000) }, 'dueAt'],
        ['POST', 'tasks', { version: v, title: 'Gọi điện', dueAt: iso(now + 400 * 86_400_000) }, 'dueAt'],
        ['POST', 'tasks', { version: v, title: 'Gọi điện', dueAt: iso(now + 86_400_000), remindAt: iso(now + 2 * 86_400_000) }, 'remindAt'],
        ['POST', 'tasks', { version: v, title: 'Gọi điện', dueAt: 'ngày mai' }, 'dueAt'],
        ['POST', 'tasks', { version: v, title: 'x'.repeat(1_000_000), dueAt: iso(now + 86_400_000) }, 'title'],
        ['POST', 'tasks', { version: v, title: 'Gọi điện', dueAt: iso(now + 86_400_000), assigneeId: otherWard.id }, 'assigneeId'],
        ['POST', 'tasks', { version: v, title: 'Gọi điện', dueAt: iso(now + 86_400_000), priority: 'high' }, 'priority'],
      ];
      // case work's own checks name the field in words (a person reads them); schema checks by its code
      const named = (message: string, field: string) => message.includes(field) || message.includes(FIELD_WORDS_VI[field] ?? field);
      for (const [method, what, body, field] of cases) {
        const res = await ward.request(method as 'POST', `/api/v1/cases/${c.id}/${what}`, body);
        expect(res.statusCode, `${what} ${field}`).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, `${what} ${field}`).toBeLessThan(500);
        expect(named(res.json().error.message, field), `${what} ${field}: ${res.json().error.message}`).toBe(true);
      }
      const task = await ward.request('POST', `/api/v1/cases/${c.id}/tasks`, { version: v, title: 'Gọi điện', dueAt: iso(now + 86_400_000) });
      expect(task.statusCode).toBe(201);
      const after = task.json().caseVersion;
      for (const [body, field] of [
        [{ version: after, status: 'deleted' }, 'status'],
        [{ version: after, dueAt: iso(now - 1000) }, 'dueAt'],
        [{ version: after }, 'status'],
      ] as const) {
        const res = await ward.request('PATCH', `/api/v1/cases/tasks/${task.json().id}`, body);
        expect(res.statusCode, field).toBe(400);
        expect(named(res.json().error.message, field), field).toBe(true);
      }
      const unknownBox = await ward.request('GET', '/api/v1/cases/referrals?box=everything');
      expect(unknownBox.statusCode).toBe(400);
      expect(unknownBox.json().error.message).toContain('box');
      expect({ referrals: await count('case_referrals'), tasks: await count('case_tasks'), events: await count('case_events') }).toEqual({
        ...before,
        tasks: before.tasks + 1,
        events: before.events + 1,
      });
    });
  });
});
