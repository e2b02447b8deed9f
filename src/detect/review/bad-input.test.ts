import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemActor } from '../../access/actor.js';
import type { Ctx } from '../../context.js';
import { truncatedJpeg } from '../../evidence/test-files.js';
import { createTestApp, type TestApp } from '../../testing/app.js';
import { describeEachDb } from '../../testing/databases.js';
import { bytes, endless, type Fixture, gzipBombBody, html, redImageJpeg, redirect, startFixture, VI_1258 } from './fixtures.js';
import { submitItem } from './items.js';
import { ReviewWorker } from './worker.js';

/**
 * Hostile and broken input, one item each, queued together: every item ends with a clear status
 * within bounded time, and the worker carries on with the next one (the last, good item is
 * analysed). Site names resolve to the local fixture through the fetcher's test resolver.
 */
describeEachDb('review worker: bad input gets a clear status and the queue moves on', (db) => {
  let t: TestApp;
  let f: Fixture;
  let ctx: Ctx;
  let worker: ReviewWorker;
  const url = (path: string, host = 'hostile.example') => `http://${host}:${f.port}${path}`;

  beforeAll(async () => {
    const good = await redImageJpeg(64);
    const cut = await truncatedJpeg();
    const mixed = Buffer.concat([
      Buffer.from('<title>Trẻ em '),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(' an toàn</title><p>Nội dung tiếng Việt đúng UTF-8 và vài byte hỏng</p>'),
    ]);
    f = await startFixture({
      '/giant': endless(64 * 1024 * 1024),
      '/r/*': redirect((q) => `/r/${Number(q.url?.split('/').pop()) + 1}`),
      '/bomb': bytes('text/html', gzipBombBody(), { 'content-encoding': 'gzip' }),
      '/garbage.jpg': bytes('image/jpeg', Buffer.from('this is not an image at all, only text pretending')),
      '/cut.jpg': bytes('image/jpeg', cut),
      '/good.jpg': bytes('image/jpeg', good),
      '/page-with-bad-images': html('<p>Có ảnh hỏng</p><img src="/cut.jpg"><img src="/garbage.jpg"><img src="/missing.jpg"><img src="/good.jpg">'),
      '/legacy': bytes(
        'text/html',
        Buffer.concat([Buffer.from('<html><head><title>'), VI_1258, Buffer.from('</title></head><body>'), VI_1258, Buffer.from('</body></html>')]),
      ),
      '/mixed': bytes('text/html', mixed),
      '/ten-mb.txt': bytes('text/plain; charset=utf-8', Buffer.alloc(10 * 1024 * 1024, 'chữ '.repeat(1))),
      '/slow': () => {},
      '/slow-images': html('<p>Trang có ảnh chậm</p><img src="/slow?1"><img src="/slow?2"><img src="/slow?3">'),
      '/fine': html('<title>Trang bình thường</title><p>Thời tiết hôm nay đẹp.</p>'),
    });
    t = await createTestApp(db());
    ctx = { ...t.deps, actor: systemActor('test'), origin: { ip: null } };
    worker = new ReviewWorker(t.deps, {
      fetch: {
        allowPrivateNetworks: ['127.0.0.1'],
        resolve: async (host) => (host === 'private.example' ? [{ address: '10.0.0.7', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]),
        totalTimeoutMs: 800,
        maxBytes: 2 * 1024 * 1024,
      },
      itemDeadlineMs: 5_000,
      maxAttempts: 2,
      backoffMs: [0],
    });
  }, 60_000);
  afterAll(async () => {
    await t.close();
    await f.close();
  });

  it('works through a queue of hostile items with bounded time and a clear status for each', async () => {
    const cases: Array<[string, string, string | null]> = [
      ['giant page', url('/giant'), 'too_large'],
      ['endless redirects', url('/r/0'), 'too_many_redirects'],
      ['gzip bomb', url('/bomb'), 'decompression_bomb'],
      ['a link to an image that is not one', url('/garbage.jpg'), 'invalid_image'],
      ['a link to a truncated image', url('/cut.jpg'), 'invalid_image'],
      ['10 MB of text', url('/ten-mb.txt'), 'too_large'],
      ['a name resolving to a private address', url('/fine', 'private.example'), 'blocked_address'],
      ['a literal loopback address', `http://127.0.0.2:${f.port}/fine`, 'blocked_address'],
      ['a server that never answers', url('/slow'), 'timeout'],
      ['a page with broken images', url('/page-with-bad-images'), null],
      ['undeclared windows-1258', url('/legacy'), null],
      ['mixed encodings', url('/mixed'), null],
      ['a good page, last in line', url('/fine', 'good.example'), null],
    ];
    const ids = new Map<string, string>();
    for (const [name, u] of cases) {
      const r = await submitItem(ctx, { kind: 'url', url: u });
      ids.set(name, r.id);
    }
    const t0 = Date.now();
    const results = await worker.drain(50);
    const took = Date.now() - t0;
    // the slow server is retried once (transient), everything else is done in one pass
    expect(results.filter((r) => r.status === 'queued').map((r) => r.failureCode)).toEqual(['timeout']);
    expect(results).toHaveLength(cases.length + 1);
    for (const r of results) expect(r.ms, r.id).toBeLessThan(5_500);
    expect(took).toBeLessThan(30_000);

    for (const [name, , code] of cases) {
      const row = await db()
        .kysely.selectFrom('detect_items')
        .selectAll()
        .where('id', '=', ids.get(name) as string)
        .executeTakeFirstOrThrow();
      if (code) expect({ name, status: row.status, code: row.failure_code }).toEqual({ name, status: 'failed', code });
      else expect({ name, status: row.status, code: row.failure_code }).toEqual({ name, status: 'analysed', code: null });
    }
    // broken images are recorded one by one, the good one is hashed
    const imgs = await db()
      .kysely.selectFrom('detect_item_images')
      .select(['position', 'error', 'pdq'])
      .where('item_id', '=', ids.get('a page with broken images') as string)
      .orderBy('position')
      .execute();
    expect(imgs.map((i) => [i.position, i.error, i.pdq ? 'pdq' : null])).toEqual([
      [0, 'invalid_image', null],
      [1, 'invalid_image', null],
      [2, 'http_error', null],
      [3, null, 'pdq'],
    ]);
    const open = (s: string | null) => (s ? t.deps.sealer.open(s) : null);
    const legacy = await db()
      .kysely.selectFrom('detect_items')
      .selectAll()
      .where('id', '=', ids.get('undeclared windows-1258') as string)
      .executeTakeFirstOrThrow();
    expect(open(legacy.sealed_title)).toBe('Tiếng Việt có dấu');
    expect(legacy.charset).toBe('windows-1258');
    const mixed = await db()
      .kysely.selectFrom('detect_items')
      .selectAll()
      .where('id', '=', ids.get('mixed encodings') as string)
      .executeTakeFirstOrThrow();
    expect(open(mixed.sealed_title)).toBe('Trẻ em \ufffd\ufffd an toàn');
    expect(mixed.charset).toBe('utf-8');
    // final failures are audited with their code
    const failed = await db().kysely.selectFrom('audit_log').select('detail').where('action', '=', 'detect_item.failed').execute();
    expect(failed).toHaveLength(cases.filter((c) => c[2]).length);
    // the giant page was not read to its end
    expect(f.hits.get('/giant')).toBe(1);
  });

  it('classifies 10 MB of text from an analyst in bounded time, keeping a truncated copy', async () => {
    const big = 'Trẻ em cần được bảo vệ trên mạng. '.repeat(300_000); // ~10 MB of UTF-8
    expect(Buffer.byteLength(big)).toBeGreaterThan(10_000_000);
    const { id } = await submitItem(ctx, { kind: 'text', text: big });
    const t0 = Date.now();
    const r = await worker.processNext();
    expect(r).toMatchObject({ id, status: 'analysed' });
    expect(Date.now() - t0).toBeLessThan(5_000);
    const row = await db().kysely.selectFrom('detect_items').select(['text_truncated', 'scores']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.text_truncated).toBe(1);
    expect(JSON.parse(row.scores as string).truncated).toBe(true);
  });

  it('retries a transient failure, then gives up with the code', async () => {
    const { id } = await submitItem(ctx, { kind: 'url', url: url('/slow', 'retry.example') });
    expect(await worker.processNext()).toMatchObject({ id, status: 'queued', failureCode: 'timeout' });
    expect(await worker.processNext()).toMatchObject({ id, status: 'failed', failureCode: 'timeout' });
    expect(await worker.processNext()).toBeNull();
    const row = await db().kysely.selectFrom('detect_items').select(['status', 'attempts', 'failure_code']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'failed', attempts: 2, failure_code: 'timeout' });
  });

  it('gives slow images what is left of the item’s time and keeps the page', async () => {
    const tight = new ReviewWorker(t.deps, {
      fetch: { allowPrivateNetworks: ['127.0.0.1'], resolve: async () => [{ address: '127.0.0.1', family: 4 }], totalTimeoutMs: 10_000 },
      itemDeadlineMs: 3_500,
    });
    const { id } = await submitItem(ctx, { kind: 'url', url: url('/slow-images') });
    const t0 = Date.now();
    expect(await tight.processNext()).toMatchObject({ id, status: 'analysed' });
    expect(Date.now() - t0).toBeLessThan(3_500);
    const imgs = await db().kysely.selectFrom('detect_item_images').select('error').where('item_id', '=', id).orderBy('position').execute();
    expect(imgs.map((i) => i.error)).toEqual(['timeout', 'skipped_deadline', 'skipped_deadline']);
  });

  it('hands the current item back untouched when the worker stops', async () => {
    const patient = new ReviewWorker(t.deps, {
      fetch: { allowPrivateNetworks: ['127.0.0.1'], resolve: async () => [{ address: '127.0.0.1', family: 4 }], totalTimeoutMs: 60_000 },
      itemDeadlineMs: 60_000,
    });
    const { id } = await submitItem(ctx, { kind: 'url', url: url('/slow', 'stop.example') });
    const running = patient.processNext();
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    await patient.stop();
    expect(await running).toMatchObject({ id, status: 'queued', failureCode: null });
    expect(Date.now() - t0).toBeLessThan(2_000);
    const row = await db().kysely.selectFrom('detect_items').select(['status', 'attempts', 'claimed_until']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'queued', attempts: 0, claimed_until: null });
    await db().kysely.deleteFrom('detect_items').where('id', '=', id).execute();
  });

  it('takes over an item whose worker died mid-way once its claim expires', async () => {
    const { id } = await submitItem(ctx, { kind: 'url', url: url('/fine', 'crash.example') });
    // a worker claimed it and vanished: the claim is in the past
    await db()
      .kysely.updateTable('detect_items')
      .set({ status: 'fetching', claimed_until: new Date(Date.now() - 1000).toISOString(), attempts: 1 })
      .where('id', '=', id)
      .execute();
    expect(await worker.processNext()).toMatchObject({ id, status: 'analysed' });
  });
});
