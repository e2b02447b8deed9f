import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gzipBomb, jpegWithExif, jpegZipPolyglot, pixelBombPng, png, pngHtmlPolyglot, truncatedJpeg } from '../evidence/test-files.js';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';

const WARD_A = '00070';
const WARD_B = '00004';

describeEachDb('reporting centre: partner intake, triage, evidence', (db) => {
  let t: TestApp;
  let admin: Session;
  let officer: Session & { id: string };
  let secret: string;
  const now = { t: Date.parse('2026-03-02T08:00:00Z') };
  let n = 0;
  const partner = (body: unknown, key: string | null = `k-${++n}-${Math.random()}`, extra: Record<string, string> = {}) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/intake/reports',
      headers: { authorization: `Bearer ${secret}`, ...(key ? { 'idempotency-key': key } : {}), ...extra },
      payload: body as object,
    });
  const count = async (table: 'intake_reports' | 'intake_evidence' = 'intake_reports') => (await db().kysely.selectFrom(table).select('id').execute()).length;
  const evidenceFiles = () => {
    const dir = path.join(t.deps.config.dataDir, 'evidence');
    try {
      return readdirSync(dir, { recursive: true }).filter((f) => String(f).endsWith('.lce')).length;
    } catch {
      return 0;
    }
  };

  beforeAll(async () => {
    t = await createTestApp(db(), { clock: () => new Date(now.t) });
    admin = await t.login('admin', ADMIN_PASSWORD);
    officer = await t.staff('intake_officer');
    const tok = await admin.request('POST', '/api/v1/tokens', { name: 'Tổng đài 111', scopes: ['reports:write'] });
    expect(tok.statusCode).toBe(201);
    secret = tok.json().secret;
  });
  afterAll(() => t.close());

  it('takes a partner report, returns a tracking code and PIN, seals what identifies people, audits it', async () => {
    const res = await partner({
      incidentTypes: ['sextortion'],
      description: 'Một người lạ đe doạ tung ảnh của bé Lan nếu không chuyển tiền.',
      urls: ['https://www.facebook.com/some.profile?utm_source=x'],
      reportedAccounts: [{ platform: 'facebook', account: '@Ke.Xau' }],
      victim: { ageBand: '11_14', unitId: WARD_A },
      reporter: { kind: 'parent_relative', name: 'Chị Hoa', phone: '0912 345 678', consentToContact: true },
      partnerReference: '111-2026-0001',
    });
    expect(res.statusCode).toBe(201);
    const out = res.json();
    expect(out.trackingCode).toMatch(/^LC-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(out.pin).toMatch(/^\d{6}$/);
    expect(out).toMatchObject({ priority: 'p1', status: 'new', replayed: false });
    const row = await db().kysely.selectFrom('intake_reports').selectAll().where('id', '=', out.id).executeTakeFirstOrThrow();
    const raw = JSON.stringify(row);
    for (const secretText of ['bé Lan', 'Chị Hoa', '0912', 'Ke.Xau', 'facebook.com/some', out.pin]) expect(raw).not.toContain(secretText);
    expect(row.source).toBe('partner');
    const catp = await db().kysely.selectFrom('agencies').select('id').where('code', '=', 'CATP').executeTakeFirstOrThrow();
    expect(row.agency_id).toBe(catp.id);
    expect(row.ack_due_at).toBe(new Date(now.t + 15 * 60_000).toISOString());
    const audit = await db().kysely.selectFrom('audit_log').select(['action', 'detail']).where('subject_id', '=', out.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['intake_report.submitted']);
    expect(audit[0]?.detail).not.toContain('Lan');
  });

  it('creates exactly one report for concurrent retries with one idempotency key', async () => {
    const body = { incidentTypes: ['cyberbullying'], description: 'Bị chế ảnh trong nhóm lớp', victim: { ageBand: '11_14' } };
    const before = await count();
    const results = await Promise.all(Array.from({ length: 25 }, () => partner(body, 'retry-key-1')));
    expect(await count()).toBe(before + 1);
    const codes = results.map((r) => r.statusCode).sort();
    expect(codes.filter((c) => c === 201)).toHaveLength(1);
    expect(codes.filter((c) => c === 200)).toHaveLength(24);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
    // The PIN comes back on a retry: a helpline whose first response was lost still gets it.
    expect(new Set(results.map((r) => r.json().pin)).size).toBe(1);
    const other = await partner({ ...body, description: 'khác' }, 'retry-key-1');
    expect(other.statusCode).toBe(409);
    expect(await count()).toBe(before + 1);
    expect((await partner(body, null)).statusCode).toBe(400);
  });

  it('audits every use of the partner token once: by the report it files, or else by a token.used entry', async () => {
    const tokenId = (await db().kysely.selectFrom('api_tokens').select('id').where('name', '=', 'Tổng đài 111').executeTakeFirstOrThrow()).id;
    const entries = async () =>
      (
        await db().kysely.selectFrom('audit_log').select(['action', 'actor_id', 'ip', 'subject_id']).where('actor_id', '=', tokenId).orderBy('seq').execute()
      ).map((e) => `${e.action} ${e.ip}`);
    const body = { incidentTypes: ['cyberbullying'], description: 'Bị bêu riếu trong nhóm lớp', victim: { ageBand: '11_14' } };
    const before = (await entries()).length;
    // a new report: its own entry names the token and the partner's address, nothing else is written
    const filed = await partner(body, 'once-1');
    expect(filed.statusCode).toBe(201);
    expect((await entries()).slice(before)).toEqual(['intake_report.submitted 127.0.0.1']);
    // a replay writes no report entry, a refused call no report at all: each gets its token.used entry
    expect((await partner(body, 'once-1')).statusCode).toBe(200);
    expect((await partner({ incidentTypes: ['nope'] }, 'once-2')).statusCode).toBe(400);
    expect((await partner(body, null)).statusCode).toBe(400);
    expect((await entries()).slice(before)).toEqual([
      'intake_report.submitted 127.0.0.1',
      'token.used 127.0.0.1',
      'token.used 127.0.0.1',
      'token.used 127.0.0.1',
    ]);
    const tok = await db().kysely.selectFrom('api_tokens').select('last_used_at').where('id', '=', tokenId).executeTakeFirstOrThrow();
    expect(tok.last_used_at).toBe(new Date(now.t).toISOString());
  });

  it('stores HTML and script as text and gives it back unchanged (escaping is the renderer’s job)', async () => {
    const evil = `<script>alert('x')</script><img src=x onerror=alert(1)>"'&`;
    const res = await partner({ incidentTypes: ['other'], description: evil, reportedAccounts: [{ account: '<b>bold</b>' }] });
    expect(res.statusCode).toBe(201);
    const detail = await officer.request('GET', `/api/v1/intake/reports/${res.json().id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.headers['content-type']).toMatch(/application\/json/);
    expect(detail.json().description).toBe(evil);
    expect(detail.json().accounts).toEqual(['<b>bold</b>']);
  });

  it('refuses bad input with a clear 4xx and stores nothing', async () => {
    const before = await count();
    const cases: Array<[unknown, number]> = [
      [{ incidentTypes: [] }, 400],
      [{ incidentTypes: ['not_a_category'] }, 400],
      [{ incidentTypes: ['other'] }, 400], // nothing to act on
      [{ incidentTypes: ['other'], urls: ['javascript:alert(1)'] }, 400],
      [{ incidentTypes: ['other'], description: 'x', victim: { unitId: '99999' } }, 400],
      [{ incidentTypes: ['other'], description: 'x', reporter: { consentToContact: true } }, 400],
      [{ incidentTypes: ['other'], description: 'x', extra: 1 }, 400],
    ];
    for (const [body, status] of cases) {
      const res = await partner(body);
      expect(res.statusCode, JSON.stringify(body)).toBe(status);
      expect(Object.keys(res.json())).toEqual(['error']);
    }
    const wrongType = await t.app.inject({
      method: 'POST',
      url: '/api/v1/intake/reports',
      headers: { authorization: `Bearer ${secret}`, 'idempotency-key': 'ct', 'content-type': 'text/plain' },
      payload: 'hello',
    });
    expect(wrongType.statusCode).toBe(415);
    const huge = await t.app.inject({
      method: 'POST',
      url: '/api/v1/intake/reports',
      headers: { authorization: `Bearer ${secret}`, 'idempotency-key': 'big', 'content-type': 'application/json' },
      payload: JSON.stringify({ incidentTypes: ['other'], description: 'a'.repeat(61 * 1024 * 1024) }),
    });
    expect(huge.statusCode).toBe(413);
    const gz = await t.app.inject({
      method: 'POST',
      url: '/api/v1/intake/reports',
      headers: { authorization: `Bearer ${secret}`, 'idempotency-key': 'gz', 'content-type': 'application/json', 'content-encoding': 'gzip' },
      payload: gzipSync(Buffer.from(JSON.stringify({ incidentTypes: ['other'], description: 'x'.repeat(10_000_000) }))),
    });
    expect(gz.statusCode).toBeGreaterThanOrEqual(400);
    expect(gz.statusCode).toBeLessThan(500);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/intake/reports', payload: { incidentTypes: ['other'], description: 'x' } })).statusCode).toBe(
      401,
    );
    expect(await count()).toBe(before);
  });

  it('re-encodes images (metadata gone), stores them encrypted under their SHA-256, shows them blurred', async () => {
    const jpeg = await jpegWithExif();
    expect(jpeg.toString('latin1')).toContain('SecretPhoneMaker');
    const res = await partner({
      incidentTypes: ['sexual_abuse_material'],
      files: [
        { filename: 'anh.jpg', contentBase64: jpeg.toString('base64') },
        { sha256: 'a'.repeat(64), md5: 'b'.repeat(32) },
      ],
    });
    expect(res.statusCode).toBe(201);
    const ev = await db().kysely.selectFrom('intake_evidence').selectAll().where('report_id', '=', res.json().id).orderBy('kind').execute();
    expect(ev.map((e) => e.kind)).toEqual(['hash', 'image']);
    const img = ev.find((e) => e.kind === 'image');
    if (!img?.sha256) throw new Error('no image');
    const onDisk = readFileSync(path.join(t.deps.config.dataDir, 'evidence', img.sha256.slice(0, 2), `${img.sha256}.lce`));
    expect(onDisk.subarray(0, 4).toString()).toBe('LCE1');
    expect(onDisk.includes(Buffer.from([0xff, 0xd8, 0xff]))).toBe(false);
    expect(img.original_sha256).not.toBe(img.sha256);
    expect(JSON.stringify(img)).not.toContain('anh.jpg');

    const preview = await officer.request('GET', `/api/v1/intake/evidence/${img.id}/preview`);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toBe('image/jpeg');
    expect((await sharp(preview.rawPayload).metadata()).width).toBeLessThanOrEqual(360);

    expect((await officer.request('POST', `/api/v1/intake/evidence/${img.id}/reveal`, {})).statusCode).toBe(400);
    const clear = await officer.request('POST', `/api/v1/intake/evidence/${img.id}/reveal`, { reason: 'Xác minh nội dung để chuyển công an' });
    expect(clear.statusCode).toBe(200);
    const meta = await sharp(clear.rawPayload).metadata();
    expect(meta.exif).toBeUndefined();
    expect(clear.rawPayload.toString('latin1')).not.toContain('SecretPhoneMaker');
    const audit = await db().kysely.selectFrom('audit_log').select(['action', 'detail']).where('subject_id', '=', img.id).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['intake_evidence.previewed', 'intake_evidence.revealed']);
    expect(audit[1]?.detail).toContain('Xác minh');

    // Nobody outside the desk sees it unblurred, whatever they may read.
    const leader = await t.staff('city_leader');
    expect((await leader.request('POST', `/api/v1/intake/evidence/${img.id}/reveal`, { reason: 'tò mò muốn xem' })).statusCode).toBe(403);
    const workerB = await t.staff('case_worker', { unitId: WARD_B });
    expect((await workerB.request('GET', `/api/v1/intake/evidence/${img.id}/preview`)).statusCode).toBe(404);
  });

  it('refuses hostile files with a clear 4xx and leaves nothing behind', async () => {
    const reports = await count();
    const files = evidenceFiles();
    const good = (await png()).toString('base64');
    const cases: Array<[string, Buffer | string, number]> = [
      ['../../etc/passwd.png', good, 400],
      ['..\\..\\win.png', good, 400],
      ['bomb.jpg', gzipBomb(), 415],
      ['polyglot.jpg', await jpegZipPolyglot(), 415],
      ['polyglot.png', await pngHtmlPolyglot(), 415],
      ['truncated.jpg', await truncatedJpeg(), 422],
      ['huge.png', pixelBombPng(), 413],
      ['note.png', Buffer.from('just text pretending to be a PNG'), 415],
      ['page.pdf', Buffer.from('%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF'), 422], // parsed: no catalog, no pages
    ];
    for (const [filename, content, status] of cases) {
      // A good file first: it must not survive its report's failure.
      const res = await partner({
        incidentTypes: ['other'],
        description: 'tệp',
        files: [
          { filename: 'ok.png', contentBase64: (await png(41, 31)).toString('base64') },
          { filename, contentBase64: typeof content === 'string' ? content : content.toString('base64') },
        ],
      });
      expect(res.statusCode, filename).toBe(status);
      expect(Object.keys(res.json())).toEqual(['error']);
    }
    expect(await count()).toBe(reports);
    expect(evidenceFiles()).toBe(files);
  });

  it('sets priority and routing from rules that are data, and the console can change them', async () => {
    const bully = await partner({ incidentTypes: ['cyberbullying'], description: 'bắt nạt', victim: { unitId: WARD_B } });
    expect(bully.json().priority).toBe('p3');
    const danger = await partner({ incidentTypes: ['cyberbullying'], imminentDanger: true, description: 'bạn ấy nói sẽ tự tử tối nay' });
    expect(danger.json().priority).toBe('p1');
    const rules = await admin.request('GET', '/api/v1/intake/settings/priority-rules');
    const items = rules.json().items.map(({ id: _id, ...r }: { id: string }) => r);
    items.unshift({
      name: 'Bắt nạt là khẩn',
      nameEn: 'Bullying is urgent',
      categories: ['cyberbullying'],
      imminentOnly: false,
      ageBands: [],
      priority: 'p2',
      active: true,
    });
    expect((await officer.request('PUT', '/api/v1/intake/settings/priority-rules', { items })).statusCode).toBe(403);
    expect((await admin.request('PUT', '/api/v1/intake/settings/priority-rules', { items })).statusCode).toBe(200);
    expect((await partner({ incidentTypes: ['cyberbullying'], description: 'bắt nạt lần nữa' })).json().priority).toBe('p2');

    const routing = (await admin.request('GET', '/api/v1/intake/settings/routing-rules')).json().items.map(({ id: _id, ...r }: { id: string }) => r);
    routing.unshift({ name: 'Hoàn Kiếm: bắt nạt → Sở GD', categories: ['cyberbullying'], unitId: WARD_A, agencyCode: 'SGDDT', active: true });
    expect((await admin.request('PUT', '/api/v1/intake/settings/routing-rules', { items: [{ ...routing[0], agencyCode: 'NOPE' }] })).statusCode).toBe(400);
    const put = await admin.request('PUT', '/api/v1/intake/settings/routing-rules', { items: routing });
    expect(put.statusCode, put.body).toBe(200);
    const routed = await partner({ incidentTypes: ['cyberbullying'], description: 'bắt nạt ở Hoàn Kiếm', victim: { unitId: WARD_A } });
    const row = await db()
      .kysely.selectFrom('intake_reports')
      .innerJoin('agencies', 'agencies.id', 'intake_reports.agency_id')
      .select(['agencies.code', 'intake_reports.routed_unit_id'])
      .where('intake_reports.id', '=', routed.json().id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ code: 'SGDDT', routed_unit_id: WARD_A });
  });

  it('links duplicates by link (however it is spelled), file hash and account', async () => {
    const a = await partner({ incidentTypes: ['harmful_content'], urls: ['https://www.tiktok.com/@kenh/video/123?utm_source=zalo&is_from_webapp=1'] });
    const b = await partner({ incidentTypes: ['harmful_content'], urls: ['tiktok.com/@kenh/video/123/'] });
    const c = await partner({ incidentTypes: ['grooming'], files: [{ sha256: 'c'.repeat(64) }] });
    const d = await partner({ incidentTypes: ['grooming'], files: [{ sha256: 'C'.repeat(64) }] });
    const e = await partner({ incidentTypes: ['grooming'], platform: 'zalo', reportedAccounts: [{ account: '@Chu.Be' }] });
    const f = await partner({ incidentTypes: ['grooming'], platform: 'zalo', reportedAccounts: [{ account: 'chu.be' }] });
    const links = async (id: string) => (await officer.request('GET', `/api/v1/intake/reports/${id}`)).json().links;
    expect(await links(b.json().id)).toEqual([expect.objectContaining({ reportId: a.json().id, reason: 'url' })]);
    expect(await links(a.json().id)).toEqual([expect.objectContaining({ reportId: b.json().id, reason: 'url' })]);
    expect(await links(d.json().id)).toEqual([expect.objectContaining({ reportId: c.json().id, reason: 'file' })]);
    expect(await links(f.json().id)).toEqual([expect.objectContaining({ reportId: e.json().id, reason: 'account' })]);
    const list = (await officer.request('GET', '/api/v1/intake/reports?limit=500')).json();
    expect(list.items.find((r: { id: string }) => r.id === a.json().id).linkedCount).toBe(1);
  });

  it('runs the queue: accept, reject with a reason, merge, hand over, send to detection — each audited', async () => {
    const mk = async (body: object = {}) =>
      (
        await partner({
          incidentTypes: ['cyberbullying'],
          description: 'việc cần xử lý',
          urls: ['https://example.vn/bai-viet/1'],
          victim: { unitId: WARD_A },
          ...body,
        })
      ).json().id as string;
    const id1 = await mk();
    expect((await officer.request('POST', `/api/v1/intake/reports/${id1}/accept`)).json()).toMatchObject({ status: 'accepted' });
    expect((await officer.request('POST', `/api/v1/intake/reports/${id1}/accept`)).statusCode).toBe(409);

    const id2 = await mk();
    expect((await officer.request('POST', `/api/v1/intake/reports/${id2}/reject`, {})).statusCode).toBe(400);
    expect((await officer.request('POST', `/api/v1/intake/reports/${id2}/reject`, { reason: 'other' })).statusCode).toBe(400);
    expect(
      (await officer.request('POST', `/api/v1/intake/reports/${id2}/reject`, { reason: 'not_about_children', note: 'Nạn nhân là người lớn' })).json(),
    ).toMatchObject({ status: 'rejected' });

    const id3 = await mk({ incidentTypes: ['sextortion'] });
    expect((await officer.request('POST', `/api/v1/intake/reports/${id3}/merge`, { into: id3 })).statusCode).toBe(400);
    expect((await officer.request('POST', `/api/v1/intake/reports/${id3}/merge`, { into: id1 })).json()).toMatchObject({ status: 'merged' });
    const survivor = (await officer.request('GET', `/api/v1/intake/reports/${id1}`)).json();
    expect(survivor.summary.priority).toBe('p1');

    expect(
      (await officer.request('POST', `/api/v1/intake/reports/${id1}/handover`, { victimSupport: false, violationHandling: false, unitId: WARD_A })).statusCode,
    ).toBe(400);
    expect((await officer.request('POST', `/api/v1/intake/reports/${id1}/handover`, { victimSupport: true, violationHandling: false })).statusCode).toBe(400);
    const handed = await officer.request('POST', `/api/v1/intake/reports/${id1}/handover`, {
      victimSupport: true,
      violationHandling: true,
      unitId: WARD_A,
      note: 'Gia đình cần tư vấn tâm lý',
    });
    expect(handed.json()).toMatchObject({ status: 'handed_over', handoverUnitId: WARD_A });
    const det = await officer.request('POST', `/api/v1/intake/reports/${id1}/detection`);
    expect(det.statusCode).toBe(201);
    expect(det.json().urls).toBe(1);

    const detail = (await officer.request('GET', `/api/v1/intake/reports/${id1}`)).json();
    expect(detail.needsVictimSupport && detail.needsViolationHandling).toBe(true);
    expect(detail.handovers[0]).toMatchObject({ unitId: WARD_A, note: 'Gia đình cần tư vấn tâm lý', status: 'open' });
    expect(detail.events.map((e: { type: string }) => e.type)).toEqual(['submitted', 'accepted', 'handed_over', 'sent_to_detection']);
    const audit = await db().kysely.selectFrom('audit_log').select('action').where('subject_id', 'in', [id1, id2, id3]).orderBy('seq').execute();
    for (const a of [
      'intake_report.accepted',
      'intake_report.rejected',
      'intake_report.merged',
      'intake_report.handed_over',
      'intake_report.sent_to_detection',
      'intake_report.read',
    ]) {
      expect(audit.map((x) => x.action)).toContain(a);
    }

    // Scoping: the ward's case worker sees the handed-over report; another ward's gets 404; leaders only aggregates.
    const workerA = await t.staff('case_worker', { unitId: WARD_A });
    const workerB = await t.staff('case_worker', { unitId: WARD_B });
    expect((await workerA.request('GET', `/api/v1/intake/reports/${id1}`)).statusCode).toBe(200);
    expect((await workerA.request('GET', '/api/v1/intake/reports')).json().items.map((r: { id: string }) => r.id)).toEqual([id1]);
    const denied = await workerB.request('GET', `/api/v1/intake/reports/${id1}`);
    expect(denied.statusCode).toBe(404);
    expect(denied.body).not.toContain(id1);
    expect((await workerB.request('GET', '/api/v1/intake/reports')).json()).toEqual({ items: [], total: 0 });
    expect((await workerA.request('POST', `/api/v1/intake/reports/${id2}/accept`)).statusCode).toBe(404);
    expect((await workerA.request('POST', `/api/v1/intake/reports/${id1}/accept`)).statusCode).toBe(403);
    const leader = await t.staff('city_leader');
    expect((await leader.request('GET', `/api/v1/intake/reports/${id1}`)).statusCode).toBe(403);
    const stats = await leader.request('GET', '/api/v1/intake/stats');
    expect(stats.statusCode).toBe(200);
    expect(stats.json().total).toBeGreaterThan(5);
    expect(JSON.stringify(stats.json())).not.toContain('việc cần');
    // The agency the report was routed to sees it too.
    const syt = await db().kysely.selectFrom('agencies').select('id').where('code', '=', 'SYT').executeTakeFirstOrThrow();
    const agencyOfficer = await t.staff('agency_officer', { agencyId: syt.id });
    const seen = (await agencyOfficer.request('GET', '/api/v1/intake/reports?limit=500')).json().items;
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((r: { agencyId: string }) => r.agencyId === syt.id)).toBe(true);
  });

  it('keeps SLA clocks: overdue list and one notification per missed deadline', async () => {
    const id = (await partner({ incidentTypes: ['self_harm'], description: 'khẩn cấp' })).json().id;
    expect((await officer.request('GET', '/api/v1/intake/reports/overdue')).json().items.map((r: { id: string }) => r.id)).not.toContain(id);
    now.t += 20 * 60_000; // past the 15-minute acknowledgement of p1
    const overdue = (await officer.request('GET', '/api/v1/intake/reports/overdue?limit=500')).json().items;
    expect(overdue.map((r: { id: string }) => r.id)).toContain(id);
    expect(overdue.every((r: { overdue: boolean }) => r.overdue)).toBe(true);
    expect((await officer.request('POST', '/api/v1/intake/sla/sweep')).statusCode).toBe(403);
    await admin.request('POST', '/api/v1/intake/sla/sweep');
    await admin.request('POST', '/api/v1/intake/sla/sweep');
    const notes = (await officer.request('GET', '/api/v1/intake/notifications?limit=500')).json();
    const mine = notes.items.filter((x: { reportId: string; kind: string }) => x.reportId === id && x.kind === 'overdue');
    expect(mine).toHaveLength(1);
    expect(mine[0].message).toMatch(/quá hạn/);
    expect(notes.unread).toBeGreaterThan(0);
    expect((await officer.request('POST', `/api/v1/intake/notifications/${mine[0].id}/read`)).statusCode).toBe(204);
    const after = (await officer.request('GET', '/api/v1/intake/notifications?unread=true&limit=500')).json();
    expect(after.items.map((x: { id: string }) => x.id)).not.toContain(mine[0].id);
    const workerB = await t.staff('case_worker', { unitId: WARD_B });
    expect((await workerB.request('POST', `/api/v1/intake/notifications/${mine[0].id}/read`)).statusCode).toBe(404);
    now.t += 60 * 60_000;
    await admin.request('POST', '/api/v1/intake/sla/sweep');
    const again = (await officer.request('GET', '/api/v1/intake/notifications?limit=500'))
      .json()
      .items.filter((x: { reportId: string; kind: string }) => x.reportId === id && x.kind === 'overdue');
    expect(again).toHaveLength(2); // acknowledge, then first action
  });
});

describe('openapi', () => {
  it('documents the partner API', async () => {
    const { createTestDb } = await import('../testing/databases.js');
    const d = await createTestDb('sqlite');
    const t = await createTestApp(d);
    const spec = (await t.app.inject('/api/openapi.json')).json();
    expect(spec.paths['/api/v1/intake/reports'].post.requestBody).toBeDefined();
    expect(JSON.stringify(spec.paths['/api/v1/intake/reports'].post)).toContain('Idempotency-Key');
    await t.close();
    await d.drop();
  });
});
