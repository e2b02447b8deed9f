import { afterAll, beforeAll, expect, it } from 'vitest';
import { seedFilter } from '../../filter/store.js';
import { newId } from '../../shared/ids.js';
import { createTestApp, type Session, type TestApp } from '../../testing/app.js';
import { describeEachDb } from '../../testing/databases.js';
import { type Fixture, html, startFixture } from './fixtures.js';
import { RETRY_BACKOFF_MS, ReviewWorker } from './worker.js';

/**
 * Issue 15 item 7: an analyst is never locked out by the fetcher. A link whose fetch failed or is
 * waiting for its next try is decided on what is known; every try is listed with its time and its
 * error in Vietnamese; "retry now" makes a waiting item due at once; a reopen gives back the real
 * analysis state (failed stays failed) and shows the decision it took back; an item from a report
 * names it by tracking code.
 */
describeEachDb('review desk: never locked out', (db) => {
  let t: TestApp;
  let f: Fixture;
  let analyst: Session;
  let officer: Session;
  let worker: ReviewWorker;
  let down = true;
  const url = (path: string) => `http://flaky.example:${f.port}${path}`;
  const item = (id: string) => analyst.request('GET', `/api/v1/detect/items/${id}`).then((r) => r.json());
  const decide = (id: string, body: unknown) => analyst.request('POST', `/api/v1/detect/items/${id}/decision`, body);

  beforeAll(async () => {
    f = await startFixture({
      '/flaky': (_req, res) => (down ? res.writeHead(503).end('bảo trì') : html('<p>Trang đã hoạt động lại.</p>')(_req, res)),
      '/gone': (_req, res) => res.writeHead(404).end('không có'),
      // answers after a moment: long enough to decide while the worker is fetching
      '/slow': (_req, res) => {
        setTimeout(() => html('<p>Trang chậm nhưng có nội dung.</p>')(_req, res), 1_500);
      },
    });
    t = await createTestApp(db());
    // the filter's categories, so a harmful decision can block the domain
    await seedFilter(db(), t.deps.config.dataDir, new Date().toISOString(), newId);
    analyst = await t.staff('analyst');
    officer = await t.staff('intake_officer');
    worker = new ReviewWorker(t.deps, {
      fetch: { allowPrivateNetworks: ['127.0.0.1'], resolve: async () => [{ address: '127.0.0.1', family: 4 }] },
      itemDeadlineMs: 10_000,
    });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await f.close();
  });

  it('retries within about a minute and a quarter, never half an hour', () => {
    expect(RETRY_BACKOFF_MS.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(75_000);
  });

  it('decides on a link waiting for its next try, and lists each try with its time and a Vietnamese error', async () => {
    const rep = await officer.request('POST', '/api/v1/intake/reports', { incidentTypes: ['scam'], urls: [url('/flaky')] });
    expect(rep.statusCode).toBe(201);
    expect((await officer.request('POST', `/api/v1/intake/reports/${rep.json().id}/detection`)).statusCode).toBe(201);
    await worker.pollIntake();
    const first = await worker.processNext();
    expect(first).toMatchObject({ status: 'queued', failureCode: 'http_error' });
    const d = await item(first?.id as string);
    // the item names its report by tracking code, never by id
    expect(d.reportCode).toBe(rep.json().trackingCode);
    expect(d.status).toBe('queued');
    expect(Date.parse(d.nextAttemptAt) - Date.parse(d.tries[0].endedAt)).toBe(RETRY_BACKOFF_MS[0]);
    expect(d.tries).toEqual([
      expect.objectContaining({ outcome: 'retry', failureCode: 'http_error', failureMessage: 'Máy chủ trả lỗi HTTP', nextAttemptAt: d.nextAttemptAt }),
    ]);
    expect(d.tries[0].detail).toContain('503');
    // the list names the report too
    const list = (await analyst.request('GET', '/api/v1/detect/items?status=queued')).json();
    expect(list.items.find((i: { id: string }) => i.id === d.id)).toMatchObject({ reportCode: rep.json().trackingCode });

    // hostile decision bodies: refused with the field named, nothing changes
    for (const body of [
      { decision: 'maybe' },
      { decision: 'harmful' },
      { decision: 'harmful', category: 'x'.repeat(500) },
      { decision: 'not_harmful', note: 'x'.repeat(2001) },
      { decision: 'not_harmful', extra: true },
    ]) {
      const res = await decide(d.id, body);
      expect(res.statusCode, JSON.stringify(body).slice(0, 60)).toBe(400);
    }
    expect((await item(d.id)).status).toBe('queued');

    // decided on what is known while it waits
    const res = await decide(d.id, { decision: 'harmful', category: 'scam', note: 'Trang lừa đảo nạp thẻ, người báo gửi ảnh chụp' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ decision: 'harmful', domainBlocked: 'flaky.example' });
    // the worker does not take a decided item again
    expect(await worker.processNext()).toBeNull();
  });

  it('decides after a fetch failed for good; a reopen gives back "failed" and shows the earlier decision', async () => {
    const sub = await analyst.request('POST', '/api/v1/detect/items', { url: url('/gone') });
    const id = sub.json().id as string;
    expect(await worker.processNext()).toMatchObject({ id, status: 'failed', failureCode: 'http_error' });
    expect((await decide(id, { decision: 'not_harmful', note: 'Trang đã bị gỡ' })).statusCode).toBe(200);
    const reopened = await analyst.request('POST', `/api/v1/detect/items/${id}/reopen`, { reason: 'Người báo gửi thêm đường dẫn mới' });
    expect(reopened.statusCode).toBe(200);
    const d = await item(id);
    expect(d.status).toBe('failed');
    expect(d.failureMessage).toBe('Máy chủ trả lỗi HTTP');
    expect(d.decision).toBeNull();
    expect(d.previousDecision).toMatchObject({ decision: 'not_harmful', category: null, reason: 'Người báo gửi thêm đường dẫn mới' });
    expect(d.previousDecision.decidedByName).toEqual(expect.any(String));
    expect(d.previousDecision.decidedAt).toEqual(expect.any(String));
    expect(d.tries).toEqual([expect.objectContaining({ outcome: 'failed', failureCode: 'http_error' })]);
  });

  it('"retry now" makes a waiting item due at once; the worker takes it and the next try is listed', async () => {
    down = true;
    const sub = await analyst.request('POST', '/api/v1/detect/items', { url: url('/flaky?again') });
    const id = sub.json().id as string;
    expect(await worker.processNext()).toMatchObject({ id, status: 'queued' });
    // not due yet: the worker waits
    expect(await worker.processNext()).toBeNull();
    down = false;
    const retried = await analyst.request('POST', `/api/v1/detect/items/${id}/retry`);
    expect(retried.statusCode).toBe(200);
    expect(retried.json()).toMatchObject({ status: 'queued', attempts: 0 });
    expect((await officer.request('POST', `/api/v1/detect/items/${id}/retry`)).statusCode).toBe(403);
    expect(await worker.processNext()).toMatchObject({ id, status: 'analysed' });
    const d = await item(id);
    expect(d.tries.map((x: { outcome: string }) => x.outcome)).toEqual(['retry', 'analysed']);
    // an analysed item decided, then reopened, is "analysed" again
    expect((await decide(id, { decision: 'legal_review' })).statusCode).toBe(200);
    expect((await analyst.request('POST', `/api/v1/detect/items/${id}/reopen`, { reason: 'Cần xem lại với pháp chế' })).statusCode).toBe(200);
    expect(await item(id)).toMatchObject({ status: 'analysed', previousDecision: { decision: 'legal_review' } });
    // a decided item cannot be retried
    expect((await decide(id, { decision: 'not_harmful' })).statusCode).toBe(200);
    expect((await analyst.request('POST', `/api/v1/detect/items/${id}/retry`)).statusCode).toBe(409);
  });

  it('a decision taken while the worker is fetching stands: the worker records its try and leaves the item decided', async () => {
    const sub = await analyst.request('POST', '/api/v1/detect/items', { url: url('/slow') });
    const id = sub.json().id as string;
    const working = worker.processNext();
    await expect.poll(async () => (await item(id)).status, { timeout: 5_000, interval: 50 }).toBe('fetching');
    expect((await decide(id, { decision: 'not_harmful', note: 'Đã xem qua ảnh chụp người báo gửi' })).statusCode).toBe(200);
    expect(await working).toMatchObject({ id, status: 'analysed' });
    const d = await item(id);
    expect(d).toMatchObject({ status: 'decided', decision: 'not_harmful', analysedAt: null });
    expect(d.tries.map((x: { outcome: string }) => x.outcome)).toEqual(['analysed']);
  });
});
