import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedFilter } from '../../filter/store.js';
import { newId } from '../../shared/ids.js';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../../testing/app.js';
import { describeEachDb } from '../../testing/databases.js';
import { matchHashes } from '../images/index.js';
import { bytes, type Fixture, html, redImageJpeg, startFixture } from './fixtures.js';
import { ReviewWorker } from './worker.js';

/**
 * The whole loop with local fixtures: a report's links sent to detection → claimed → fetched →
 * classified and hashed → an analyst decides "harmful" → the school filter blocks the domain, a
 * takedown request is recorded, the image hash is in the centre's bank; every step audited.
 * Site names resolve to the fixture on 127.0.0.1 through the fetcher's test resolver.
 */
const GROOMING_PAGE = `<!doctype html><html><head><title>Kết bạn bốn phương &amp; tâm sự</title>
<meta property="og:image" content="/img/a.jpg"><style>.x{color:red}</style><script>var secret = "không hiển thị";</script></head>
<body><!-- bình luận ẩn --><h1>Chào em</h1><p>Em bao nhiêu tuổi rồi? Gửi ảnh cho anh xem đi, đừng nói với bố mẹ nhé.</p>
<img src="/img/a.jpg" alt=""><a href="https://t.me/somebody">nhắn tin</a></body></html>`;

describeEachDb('review desk: report → fetch → classify/hash → decision → filter, takedown, bank', (db) => {
  let t: TestApp;
  let f: Fixture;
  let admin: Session;
  let analyst: Session & { id: string };
  let officer: Session & { id: string };
  let worker: ReviewWorker;
  let schoolId: string;
  let image: Buffer;
  const site = (host: string, path = '/page') => `http://${host}:${f.port}${path}`;

  beforeAll(async () => {
    image = await redImageJpeg(128);
    f = await startFixture({
      '/page': html(GROOMING_PAGE),
      '/img/a.jpg': bytes('image/jpeg', image),
      '/same-image': html('<p>Ảnh này lại xuất hiện</p><img src="/img/a.jpg">'),
      '/plain': html('<p>Trang tin thời tiết Hà Nội hôm nay.</p>'),
    });
    t = await createTestApp(db());
    await seedFilter(db(), t.deps.config.dataDir, new Date().toISOString(), newId);
    admin = await t.login('admin', ADMIN_PASSWORD);
    analyst = await t.staff('analyst');
    officer = await t.staff('intake_officer');
    schoolId = (await db().kysely.selectFrom('schools').select('id').where('code', '=', 'DEMO-TH-01').executeTakeFirstOrThrow()).id;
    worker = new ReviewWorker(t.deps, {
      fetch: { allowPrivateNetworks: ['127.0.0.1'], resolve: async () => [{ address: '127.0.0.1', family: 4 }] },
      itemDeadlineMs: 20_000,
    });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await f.close();
  });

  let itemId: string;

  it('takes the links a report sent to detection, fetches, classifies, hashes and keeps the evidence', async () => {
    const rep = await officer.request('POST', '/api/v1/intake/reports', {
      incidentTypes: ['grooming'],
      description: 'Một trang web dụ dỗ trẻ gửi ảnh',
      urls: [site('bad-site.example'), site('bad-site.example')],
    });
    expect(rep.statusCode).toBe(201);
    const reportId = rep.json().id as string;
    expect((await officer.request('POST', `/api/v1/intake/reports/${reportId}/detection`)).statusCode).toBe(201);

    expect(await worker.pollIntake()).toMatchObject({ requests: 1, items: 1, skipped: 0 });
    expect(await worker.pollIntake()).toMatchObject({ requests: 0 });
    const row = await db().kysely.selectFrom('detect_items').selectAll().executeTakeFirstOrThrow();
    itemId = row.id;
    expect(row).toMatchObject({ kind: 'url', source: 'report', report_id: reportId, status: 'queued', domain: 'bad-site.example' });
    // the full URL is sealed; only the domain is in clear
    expect(JSON.stringify(row)).not.toContain('/page');

    const r = await worker.processNext();
    expect(r).toMatchObject({ id: itemId, status: 'analysed', failureCode: null });
    expect(await worker.processNext()).toBeNull();

    const detail = await analyst.request('GET', `/api/v1/detect/items/${itemId}`);
    expect(detail.statusCode).toBe(200);
    const d = detail.json();
    expect(d).toMatchObject({ status: 'analysed', url: site('bad-site.example'), title: 'Kết bạn bốn phương & tâm sự', httpStatus: 200 });
    expect(d.categories[0]).toMatchObject({ code: 'grooming' });
    expect(d.score).toBeGreaterThan(0.5);
    expect(d.linkHosts).toEqual(['t.me']);
    expect(d.evidence).toMatchObject({ type: 'text/html', charset: 'utf-8', size: Buffer.byteLength(GROOMING_PAGE) });
    expect(d.evidence.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(d.images).toHaveLength(1);
    expect(d.images[0]).toMatchObject({ n: 0, src: site('bad-site.example', '/img/a.jpg'), mime: 'image/jpeg', width: 128, height: 128, error: null });
    expect(d.images[0].pdq).toMatch(/^[0-9a-f]{64}$/);
    expect(d.images[0].quality).toBeGreaterThanOrEqual(50);
    // the snapshot is the page as fetched, encrypted at rest under its SHA-256
    const { evidenceStoreFor } = await import('../../evidence/store.js');
    const store = evidenceStoreFor(t.deps.config.dataDir, t.deps.sealer);
    expect((await store.get(d.evidence.sha256)).toString()).toBe(GROOMING_PAGE);
    const { readFileSync } = await import('node:fs');
    const { default: path } = await import('node:path');
    const onDisk = readFileSync(path.join(t.deps.config.dataDir, 'evidence', d.evidence.sha256.slice(0, 2), `${d.evidence.sha256}.lce`));
    expect(onDisk.toString('latin1')).not.toContain('bao nhi');

    // images: blurred by default; the clear image needs a reason and is audited
    const prev = await analyst.request('GET', `/api/v1/detect/items/${itemId}/images/0/preview`);
    expect(prev.statusCode).toBe(200);
    expect(prev.headers['content-type']).toBe('image/jpeg');
    expect((await analyst.request('POST', `/api/v1/detect/items/${itemId}/images/0/reveal`, { reason: 'x' })).statusCode).toBe(400);
    const clear = await analyst.request('POST', `/api/v1/detect/items/${itemId}/images/0/reveal`, { reason: 'Đối chiếu với ảnh trong báo cáo' });
    expect(clear.statusCode).toBe(200);
    expect(clear.rawPayload.equals(image)).toBe(true);
    expect((await analyst.request('GET', `/api/v1/detect/items/${itemId}/images/5/preview`)).statusCode).toBe(404);
    expect((await officer.request('POST', `/api/v1/detect/items/${itemId}/images/0/reveal`, { reason: 'Muốn xem ảnh gốc' })).statusCode).toBe(403);
  });

  it('keeps one open item per URL', async () => {
    const again = await analyst.request('POST', '/api/v1/detect/items', { url: `${site('BAD-SITE.example')}?utm_source=zalo` });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ id: itemId, created: false });
  });

  it('turns a "harmful" decision into a filter block, a takedown request and bank hashes, in one audited step', async () => {
    expect((await analyst.request('POST', `/api/v1/detect/items/${itemId}/decision`, { decision: 'harmful' })).statusCode).toBe(400);
    expect((await analyst.request('POST', `/api/v1/detect/items/${itemId}/decision`, { decision: 'harmful', category: 'nope' })).statusCode).toBe(400);
    expect((await officer.request('POST', `/api/v1/detect/items/${itemId}/decision`, { decision: 'harmful', category: 'grooming' })).statusCode).toBe(403);
    const check = async () => (await admin.request('GET', `/api/v1/filter/check?domain=www.bad-site.example&band=upper_secondary&schoolId=${schoolId}`)).json();
    expect(await check()).toMatchObject({ decision: 'allowed' });

    const res = await analyst.request('POST', `/api/v1/detect/items/${itemId}/decision`, {
      decision: 'harmful',
      category: 'grooming',
      note: 'Dụ dỗ trẻ gửi ảnh',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ decision: 'harmful', category: 'grooming', domainBlocked: 'bad-site.example', hashesAdded: 2 });
    const takedownId = res.json().takedownId as string;

    // (a) the school filter blocks the domain and its subdomains, as mandatory
    expect(await check()).toMatchObject({ decision: 'blocked', category: 'confirmed_harmful', mandatory: true });
    // (c) the image is now known to the centre's banks
    const pdq = (await db().kysely.selectFrom('detect_item_images').select(['pdq', 'sha256']).where('item_id', '=', itemId).executeTakeFirstOrThrow()) as {
      pdq: string;
      sha256: string;
    };
    const matches = await matchHashes(t.deps, { pdq: pdq.pdq, sha256: pdq.sha256 });
    expect(matches.map((m) => `${m.kind}:${m.distance}`).sort()).toEqual(['pdq:0', 'sha256:0']);
    // (b) the takedown request, with its dates to come
    const list = (await analyst.request('GET', '/api/v1/detect/takedowns')).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({
      id: takedownId,
      itemId,
      platform: 'website',
      urls: [site('bad-site.example')],
      status: 'requested',
      sentAt: null,
      note: 'Dụ dỗ trẻ gửi ảnh',
    });
    expect(list.items[0].legalBasis).toContain('Luật Trẻ em');
    expect((await analyst.request('PATCH', `/api/v1/detect/takedowns/${takedownId}`, { status: 'removed' })).statusCode).toBe(409);
    const sent = await analyst.request('PATCH', `/api/v1/detect/takedowns/${takedownId}`, { status: 'sent', sentAt: '2026-03-02T09:00:00+07:00' });
    expect(sent.json()).toMatchObject({ status: 'sent', sentAt: '2026-03-02T02:00:00.000Z' });
    const removed = await analyst.request('PATCH', `/api/v1/detect/takedowns/${takedownId}`, { status: 'removed' });
    expect(removed.json()).toMatchObject({ status: 'removed' });
    expect(removed.json().removedAt).toBeTruthy();
    expect((await officer.request('GET', '/api/v1/detect/takedowns')).statusCode).toBe(403);

    // decided: closed, and no second decision
    expect((await analyst.request('POST', `/api/v1/detect/items/${itemId}/decision`, { decision: 'not_harmful' })).statusCode).toBe(409);
    const detail = (await analyst.request('GET', `/api/v1/detect/items/${itemId}`)).json();
    expect(detail).toMatchObject({
      status: 'decided',
      decision: 'harmful',
      decisionCategory: 'grooming',
      decidedBy: analyst.id,
      decidedByName: 'Test analyst',
      sharedPlatform: false,
      note: 'Dụ dỗ trẻ gửi ảnh',
    });
    expect(detail.takedowns).toHaveLength(1);

    const actions = (await db().kysely.selectFrom('audit_log').select('action').execute()).map((a) => a.action);
    for (const a of [
      'intake_report.sent_to_detection',
      'detect_item.queued_from_report',
      'detect_item.analysed',
      'detect_item.read',
      'detect_item.image_previewed',
      'detect_item.image_revealed',
      'detect_item.decided',
      'filter_list.centre_entry_added',
      'detect_bank.hashes_added',
      'detect_takedown.updated',
    ])
      expect(actions, a).toContain(a);
    const decided = await db().kysely.selectFrom('audit_log').select('detail').where('action', '=', 'detect_item.decided').executeTakeFirstOrThrow();
    expect(decided.detail).not.toContain('/page');
  });

  it('finds the same image again on another site: bank match, first in the queue', async () => {
    const plain = await analyst.request('POST', '/api/v1/detect/items', { url: site('weather.example', '/plain') });
    const same = await analyst.request('POST', '/api/v1/detect/items', { url: site('mirror.example', '/same-image') });
    expect([plain.statusCode, same.statusCode]).toEqual([201, 201]);
    expect((await worker.drain()).map((r) => r.status)).toEqual(['analysed', 'analysed']);
    const queue = (await analyst.request('GET', '/api/v1/detect/items?status=analysed')).json();
    expect(queue.items.map((i: { id: string }) => i.id)).toEqual([same.json().id, plain.json().id]);
    expect(queue.items[0].matchCount).toBe(2);
    const d = (await analyst.request('GET', `/api/v1/detect/items/${same.json().id}`)).json();
    expect(d.images[0].matches.map((m: { bankName: string; distance: number }) => m.distance)).toEqual([0, 0]);
    // not harmful: nothing reaches the filter
    const ok = await analyst.request('POST', `/api/v1/detect/items/${plain.json().id}/decision`, { decision: 'not_harmful' });
    expect(ok.json()).toMatchObject({ domainBlocked: null, takedownId: null, hashesAdded: 0 });
    expect((await admin.request('GET', `/api/v1/filter/check?domain=weather.example&band=primary&schoolId=${schoolId}`)).json().decision).toBe('allowed');
    const legal = await analyst.request('POST', `/api/v1/detect/items/${same.json().id}/decision`, { decision: 'legal_review', note: 'Cần ý kiến pháp chế' });
    expect(legal.json()).toMatchObject({ decision: 'legal_review', domainBlocked: null });
  });

  it('never blocks a shared platform by domain: a takedown instead', async () => {
    const fb = await analyst.request('POST', '/api/v1/detect/items', { url: 'https://www.facebook.com/ke.xau.123' });
    expect(fb.statusCode).toBe(201);
    // nothing answers on 127.0.0.1:443: the item fails, and may still be decided
    const r = await new ReviewWorker(t.deps, {
      fetch: { allowPrivateNetworks: ['127.0.0.1'], resolve: async () => [{ address: '127.0.0.1', family: 4 }] },
      maxAttempts: 1,
    }).processNext();
    expect(r).toMatchObject({ status: 'failed', failureCode: 'connect_failed' });
    const body = { decision: 'harmful', category: 'sextortion' };
    expect((await analyst.request('POST', `/api/v1/detect/items/${fb.json().id}/decision`, { ...body, blockDomain: true })).statusCode).toBe(400);
    const res = await analyst.request('POST', `/api/v1/detect/items/${fb.json().id}/decision`, body);
    expect(res.json()).toMatchObject({ domainBlocked: null });
    expect((await analyst.request('GET', `/api/v1/detect/items/${fb.json().id}`)).json()).toMatchObject({ sharedPlatform: true, domain: 'www.facebook.com' });
    // a failed item can be queued again by an analyst (audited); a decided one cannot
    const retryMe = await analyst.request('POST', '/api/v1/detect/items', { url: 'https://retry-me.example/x' });
    await new ReviewWorker(t.deps, {
      fetch: { allowPrivateNetworks: ['127.0.0.1'], resolve: async () => [{ address: '127.0.0.1', family: 4 }] },
      maxAttempts: 1,
    }).processNext();
    const again = await analyst.request('POST', `/api/v1/detect/items/${retryMe.json().id}/retry`);
    expect(again.json()).toMatchObject({ status: 'queued', attempts: 0, failureCode: null });
    expect((await analyst.request('POST', `/api/v1/detect/items/${itemId}/retry`)).statusCode).toBe(409);
    expect((await officer.request('POST', `/api/v1/detect/items/${retryMe.json().id}/retry`)).statusCode).toBe(403);
    // (deciding while queued or after a failed fetch: never-locked-out.test.ts)
    const td = (await analyst.request('GET', '/api/v1/detect/takedowns?platform=facebook')).json();
    expect(td.items[0]).toMatchObject({ platform: 'facebook', urls: ['https://www.facebook.com/ke.xau.123'], domain: 'www.facebook.com' });
    expect((await admin.request('GET', `/api/v1/filter/check?domain=facebook.com&band=primary&schoolId=${schoolId}`)).json().category).not.toBe(
      'confirmed_harmful',
    );
  });

  it('takes texts and images from analysts; intake officers send links only and read items from reports', async () => {
    const text = await analyst.request('POST', '/api/v1/detect/items', { text: 'Em bao nhiêu tuổi? Đừng nói với bố mẹ nhé.' });
    const img = await analyst.request('POST', '/api/v1/detect/items', { imageBase64: image.toString('base64') });
    expect([text.statusCode, img.statusCode]).toEqual([201, 201]);
    expect((await analyst.request('POST', '/api/v1/detect/items', { imageBase64: Buffer.from('<svg onload=alert(1)>').toString('base64') })).statusCode).toBe(
      415,
    );
    expect((await analyst.request('POST', '/api/v1/detect/items', { url: 'javascript:alert(1)' })).statusCode).toBe(400);
    expect((await analyst.request('POST', '/api/v1/detect/items', { url: 'https://a.example', text: 'x' })).statusCode).toBe(400);
    expect((await analyst.request('POST', '/api/v1/detect/items', {})).statusCode).toBe(400);
    const big = await analyst.request('POST', '/api/v1/detect/items', {
      imageBase64: Buffer.concat([image, Buffer.alloc(8.5 * 1024 * 1024)]).toString('base64'),
    });
    expect(big.statusCode).toBe(413);
    expect(big.json().error.code).toBe('file_too_large');
    const huge = await analyst.request('POST', '/api/v1/detect/items', { text: 'a'.repeat(17 * 1024 * 1024) });
    expect(huge.statusCode).toBe(413);
    await worker.drain();
    const tItem = (await analyst.request('GET', `/api/v1/detect/items/${text.json().id}`)).json();
    expect(tItem).toMatchObject({ kind: 'text', status: 'analysed', text: 'Em bao nhiêu tuổi? Đừng nói với bố mẹ nhé.' });
    expect(tItem.categories[0].code).toBe('grooming');
    const iItem = (await analyst.request('GET', `/api/v1/detect/items/${img.json().id}`)).json();
    expect(iItem).toMatchObject({ kind: 'image', status: 'analysed', matchCount: 2 });

    expect((await officer.request('POST', '/api/v1/detect/items', { text: 'văn bản' })).statusCode).toBe(403);
    const own = await officer.request('POST', '/api/v1/detect/items', { url: site('officer.example', '/plain') });
    expect(own.statusCode).toBe(201);
    const seen = (await officer.request('GET', '/api/v1/detect/items?limit=500')).json();
    expect(seen.items.every((i: { source: string }) => i.source === 'report')).toBe(true);
    expect(seen.total).toBe(1);
    expect((await officer.request('GET', `/api/v1/detect/items/${text.json().id}`)).statusCode).toBe(404);
    expect((await officer.request('GET', `/api/v1/detect/items/${itemId}`)).statusCode).toBe(200);

    const leader = await t.staff('city_leader');
    expect((await leader.request('GET', '/api/v1/detect/items')).statusCode).toBe(403);
    const stats = await leader.request('GET', '/api/v1/detect/stats');
    expect(stats.statusCode).toBe(200);
    expect(stats.json()).toMatchObject({
      byDecision: { harmful: 2, not_harmful: 1, legal_review: 1 },
      byCategory: { grooming: 1, sextortion: 1 },
      takedowns: { removed: 1, requested: 1 },
    });
    const worker2 = await t.staff('case_worker', { unitId: '00070' });
    expect((await worker2.request('GET', '/api/v1/detect/items')).statusCode).toBe(403);
    expect((await worker2.request('GET', '/api/v1/detect/stats')).statusCode).toBe(403);
    const vocab = (await analyst.request('GET', '/api/v1/detect/vocabulary', undefined, { 'accept-language': 'en' })).json();
    expect(vocab.categories.map((c: { code: string }) => c.code)).toEqual(expect.arrayContaining(['csam', 'grooming', 'other']));
    expect(vocab.failureCodes.find((c: { code: string }) => c.code === 'decompression_bomb').label).toBe('Decompression bomb, stopped');
  });
  it('reopens a decision made in error: the filter, the takedown list and the banks take back what it added', async () => {
    const check = async (domain: string) =>
      (await admin.request('GET', `/api/v1/filter/check?domain=${domain}&band=upper_secondary&schoolId=${schoolId}`)).json().decision;
    const reopen = (s: Session, id: string, body: unknown) => s.request('POST', `/api/v1/detect/items/${id}/reopen`, body);
    expect(await check('bad-site.example')).toBe('blocked');
    const text = (await db().kysely.selectFrom('detect_items').select('id').where('kind', '=', 'text').executeTakeFirstOrThrow()).id;

    // hostile or missing input: a clear error, nothing changes
    for (const body of [{}, { reason: '' }, { reason: '  \u0000\u200b ' }, { reason: 'x'.repeat(1001) }, { reason: 'đủ dài rồi', extra: 1 }])
      expect((await reopen(analyst, itemId, body)).statusCode, JSON.stringify(body).slice(0, 40)).toBe(400);
    expect((await reopen(analyst, itemId, { reason: 'ab' })).json().error.message).toBe('Cần nêu lý do (ít nhất 5 ký tự).');
    expect((await reopen(officer, itemId, { reason: 'Không có quyền' })).statusCode).toBe(403);
    expect((await reopen(analyst, text, { reason: 'Chưa quyết định' })).statusCode).toBe(409);
    expect((await reopen(analyst, newId(), { reason: 'Không tồn tại' })).statusCode).toBe(404);
    expect(await check('bad-site.example')).toBe('blocked');

    // the grooming site: unblocked, its image hashes out of the banks; its takedown was already sent
    const res = await reopen(analyst, itemId, { reason: 'Nhầm trang: đây là trang của trường' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      id: itemId,
      previous: 'harmful',
      domainsUnblocked: ['bad-site.example'],
      takedownsWithdrawn: 0,
      takedownsAlreadySent: 1,
      hashesRemoved: 2,
    });
    expect(await check('www.bad-site.example')).toBe('allowed');
    const img = await db().kysely.selectFrom('detect_item_images').select(['pdq', 'sha256']).where('item_id', '=', itemId).executeTakeFirstOrThrow();
    expect(await matchHashes(t.deps, { pdq: img.pdq as string, sha256: img.sha256 as string })).toEqual([]);
    const detail = (await analyst.request('GET', `/api/v1/detect/items/${itemId}`)).json();
    expect(detail).toMatchObject({ status: 'analysed', decision: null, decisionCategory: null });
    expect(detail.previousDecision).toMatchObject({ decision: 'harmful', category: 'grooming', reason: 'Nhầm trang: đây là trang của trường' });
    expect((await reopen(analyst, itemId, { reason: 'Mở lại lần nữa' })).statusCode).toBe(409);
    const audit = await db().kysely.selectFrom('audit_log').select('detail').where('action', '=', 'detect_item.reopened').executeTakeFirstOrThrow();
    expect(JSON.parse(audit.detail as string)).toMatchObject({ previous: 'harmful', category: 'grooming', reason: 'Nhầm trang: đây là trang của trường' });
    const actions = (await db().kysely.selectFrom('audit_log').select('action').execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['filter_list.centre_entry_removed', 'detect_bank.hashes_removed']));
    // decided anew
    expect((await analyst.request('POST', `/api/v1/detect/items/${itemId}/decision`, { decision: 'not_harmful' })).statusCode).toBe(200);

    // the shared-platform page: its takedown request had not gone out yet, so it is withdrawn, for good
    const fb = (await db().kysely.selectFrom('detect_items').select('id').where('domain', '=', 'www.facebook.com').executeTakeFirstOrThrow()).id;
    expect((await reopen(analyst, fb, { reason: 'Tài khoản đã được xác minh là của cơ quan' })).json()).toMatchObject({
      previous: 'harmful',
      domainsUnblocked: [],
      takedownsWithdrawn: 1,
      takedownsAlreadySent: 0,
    });
    const td = (await analyst.request('GET', '/api/v1/detect/takedowns?status=withdrawn')).json();
    expect(td.items.map((i: { itemId: string }) => i.itemId)).toEqual([fb]);
    expect((await analyst.request('PATCH', `/api/v1/detect/takedowns/${td.items[0].id}`, { status: 'sent' })).statusCode).toBe(409);

    // a newer item for the same link is open: decide that one instead
    const weather = (await db().kysely.selectFrom('detect_items').select('id').where('domain', '=', 'weather.example').executeTakeFirstOrThrow()).id;
    const twin = await analyst.request('POST', '/api/v1/detect/items', { url: site('weather.example', '/plain') });
    expect(twin.statusCode).toBe(201);
    const refused = await reopen(analyst, weather, { reason: 'Xem lại trang thời tiết' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('detect_review_reopen_open_twin');
  });
});
