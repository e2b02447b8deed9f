import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';

/** What every route promises: one error shape, the caller's language, 4xx for bad input and nothing written. */
describeEachDb('HTTP conventions', (db) => {
  let t: TestApp;
  let admin: Session;
  const countSchools = async () => (await db().kysely.selectFrom('schools').select('id').execute()).length;
  const countAudit = async () => (await db().kysely.selectFrom('audit_log').select('seq').execute()).length;

  beforeAll(async () => {
    t = await createTestApp(db());
    admin = await t.login('admin', ADMIN_PASSWORD);
  });
  afterAll(() => t.close());

  it('answers bad input with 400, a clear message in Vietnamese or English, and writes nothing', async () => {
    const schools = await countSchools();
    const audit = await countAudit();
    const hostile: Array<[unknown, RegExp]> = [
      [{}, /thiếu trường 'code'/],
      [{ code: 'A1', name: 'X', level: 'university', unitId: '00070' }, /'level'/],
      [{ code: '../../etc/passwd', name: 'X', level: 'primary', unitId: '00070' }, /'code' sai định dạng/],
      [{ code: 'A1', name: 'x'.repeat(201), level: 'primary', unitId: '00070' }, /'name' dài quá 200/],
      [{ code: 'A1', name: 'X', level: 'primary', unitId: '00070', isDemo: true }, /'isDemo' không được phép/],
      [{ code: 'A1', name: 'X', level: 'primary', unitId: '01' }, /unitId: 01/], // the city is not a ward
      [{ code: 'A1', name: 'X', level: 'primary', unitId: 'nowhere' }, /unitId: nowhere/],
      [[1, 2, 3], /kiểu object/],
      [{ code: { $ne: null }, name: 'X', level: 'primary', unitId: '00070' }, /'code' phải có kiểu string/],
    ];
    for (const [body, message] of hostile) {
      const res = await admin.request('POST', '/api/v1/schools', body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.json())).toEqual(['error']);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.message).toMatch(message);
    }
    const en = await admin.request('POST', '/api/v1/schools', {}, { 'accept-language': 'en-US,en;q=0.9' });
    expect(en.json().error.message).toBe("Invalid input: missing field 'code'");
    expect(await countSchools()).toBe(schools);
    expect(await countAudit()).toBe(audit);
  });

  it('answers malformed bodies, wrong types and oversize bodies with 4xx, never 500', async () => {
    const send = (payload: string, contentType: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/schools',
        headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, 'content-type': contentType },
        payload,
      });
    const broken = await send('{"code": "A1", ', 'application/json');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('invalid_json');
    const proto = await send('{"__proto__": {"isAdmin": true}, "code": "P1"}', 'application/json');
    expect(proto.statusCode).toBe(400);
    const xml = await send('<school/>', 'application/xml');
    expect(xml.statusCode).toBe(415);
    expect(xml.json().error.code).toBe('unsupported_media_type');
    const huge = await send(JSON.stringify({ code: 'A1', name: 'x'.repeat(2 * 1024 * 1024) }), 'application/json');
    expect(huge.statusCode).toBe(413);
    expect(huge.json().error.code).toBe('body_too_large');
    const longId = await admin.request('GET', `/api/v1/schools/${'x'.repeat(500)}`);
    expect(longId.statusCode).toBe(414);
    expect(longId.json().error.code).toBe('uri_too_long');
    const badId = await admin.request('GET', `/api/v1/schools/${'x'.repeat(80)}`);
    expect(badId.statusCode).toBe(400);
    const badUrl = await admin.request('GET', '/api/v1/schools/%E0%A4%A');
    expect(badUrl.statusCode).toBe(400);
    expect(Object.keys(badUrl.json())).toEqual(['error']);
    const badQuery = await admin.request('GET', '/api/v1/schools?limit=-1');
    expect(badQuery.statusCode).toBe(400);
    const nothing = await admin.request('GET', '/api/v1/no-such-thing');
    expect(nothing.statusCode).toBe(404);
    expect(nothing.json().error).toEqual({ code: 'route_not_found', message: 'Không có đường dẫn GET /api/v1/no-such-thing.' });
  });

  it('stores HTML as text and returns it as JSON data, not markup', async () => {
    const name = '<script>alert(1)</script> Trường "Thử" & Co';
    const res = await admin.request('POST', '/api/v1/schools', { code: 'XSS-1', name, level: 'primary', unitId: '00070' });
    expect(res.statusCode).toBe(201);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.json().name).toBe(name);
  });

  it('finds schools and wards without diacritics, and treats LIKE wildcards as text', async () => {
    const wards = await admin.request('GET', '/api/v1/units?q=hoan%20kiem');
    expect(wards.json().items.map((u: { name: string }) => u.name)).toContain('Hoàn Kiếm');
    const pct = await admin.request('GET', '/api/v1/schools?q=%25');
    expect(pct.json().total).toBe(0);
    const all = await admin.request('GET', '/api/v1/units?kind=ward&limit=500');
    const communes = await admin.request('GET', '/api/v1/units?kind=commune&limit=500');
    expect([all.json().total, communes.json().total]).toEqual([51, 75]);
  });

  it('conflicts on a duplicate code instead of failing', async () => {
    const body = { code: 'DUP-1', name: 'Trùng', level: 'primary', unitId: '00070' };
    expect((await admin.request('POST', '/api/v1/schools', body)).statusCode).toBe(201);
    const again = await admin.request('POST', '/api/v1/schools', body);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('conflict');
  });

  it('serves health, readiness, Prometheus metrics and the OpenAPI document', async () => {
    expect((await t.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    // the background jobs are listed (not run: this app never listens), readiness does not wait for them
    expect((await t.app.inject('/readyz')).json()).toEqual({
      status: 'ready',
      database: 'ok',
      jobs: expect.objectContaining({
        'intake.sla-sweep': expect.objectContaining({ state: 'not_run', runs: 0 }),
        'detect.review-worker': expect.objectContaining({ state: 'not_run' }),
      }),
    });
    expect((await t.app.inject('/metrics')).body).toContain('lachan_job_runs_total{job="intake.sla-sweep",result="failure"} 0');
    const metrics = await t.app.inject('/metrics');
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/lachan_http_requests_total\{method="POST",route="\/api\/v1\/schools",status="400"\} \d+/);
    const spec = (await t.app.inject('/api/openapi.json')).json();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/schools', '/api/v1/schools/{id}', '/api/v1/auth/login', '/api/v1/audit']));
    const docs = await t.app.inject('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('serves the console as a single-page app: index re-read on every visit, hashed assets cached for good', async () => {
    expect((await t.app.inject('/')).headers['content-type']).toMatch(/^text\/html/); // the public reporting page
    const index = await t.app.inject('/console/');
    expect(index.statusCode).toBe(200);
    expect(index.headers['cache-control']).toBe('no-cache');
    // files sent by @fastify/static carry the security headers too
    expect(index.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    const asset = /src="\/console\/(assets\/[^"]+\.js)"/.exec(index.body)?.[1];
    expect(asset).toBeDefined();
    expect((await t.app.inject(`/console/${asset}`)).headers['cache-control']).toContain('immutable');
    const deep = await t.app.inject('/console/admin/schools');
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toBe(index.body);
    expect((await t.app.inject('/console/assets/missing.js')).statusCode).toBe(404);
  });

  it('sends security headers', async () => {
    const res = await t.app.inject('/healthz');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    // HSTS only when the deployment says it is served over HTTPS (secure cookies)
    expect(res.headers['strict-transport-security']).toBeUndefined();
    // errors carry them too, and a page that sets its own stricter policy keeps it
    const missing = await t.app.inject('/api/v1/no-such-thing');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['x-content-type-options']).toBe('nosniff');
    const page = await t.app.inject('/');
    expect(page.headers['content-security-policy']).not.toBe(res.headers['content-security-policy']);
    expect(page.headers['content-security-policy']).toContain("base-uri 'none'");
  });

  it('rate-limits a flood from one address with 429 in the error shape', async () => {
    const small = await createTestApp(db(), { http: { rateLimitPerMinute: 5 } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 7; i++) codes.push((await small.app.inject('/api/v1/units')).statusCode);
      expect(codes.slice(5)).toEqual([429, 429]);
      const res = await small.app.inject({ url: '/api/v1/units', headers: { 'accept-language': 'en' } });
      expect(res.json().error.code).toBe('rate_limited');
      expect(res.json().error.message).toMatch(/^Too many requests/);
      expect((await small.app.inject('/healthz')).statusCode).toBe(200); // probes are never limited
    } finally {
      await small.close();
    }
  });
});
