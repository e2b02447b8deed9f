import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import type { Deps } from '../context.js';
import { jpegZipPolyglot, png } from '../evidence/test-files.js';
import { type App, buildHttpApp } from '../http/app.js';
import { seedOrg } from '../org/seed.js';
import { routeModules } from '../platform.js';
import { Sealer } from '../shared/secrets.js';
import { describeEachDb } from '../testing/databases.js';
import { multipart } from '../testing/multipart.js';
import { Browser, hidden } from './test-browser.js';

const basic: Array<[string, string]> = [
  ['reporter', 'child'],
  ['cat', 'cyberbullying'],
  ['description', 'Các bạn trong lớp lập nhóm chê bai em'],
  ['age', '11_14'],
  ['unit', '00070'],
  ['when', 'week'],
];

describeEachDb('public reporting pages', (db) => {
  let app: App;
  let deps: Deps;
  const count = async () => (await db().kysely.selectFrom('intake_reports').select('id').execute()).length;

  async function fill(b: Browser, fields: Array<[string, string]> = basic, path = '/') {
    const page = await b.get(path);
    const h = hidden(page.body);
    return b.post('/bao-cao', [['_t', h._t as string], ['_t2', h._t2 as string], ['form_id', h.form_id as string], ['lang', h.lang as string], ...fields]);
  }

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-public-'));
    const config = loadConfig({
      LACHAN_DATA_DIR: dataDir,
      LACHAN_LOG_LEVEL: 'silent',
      LACHAN_ADMIN_PASSWORD: 'public-test-password',
      LACHAN_INTAKE_IP_LIMIT: '30',
      LACHAN_INTAKE_GLOBAL_LIMIT: '80',
    });
    deps = { db: db(), config, sealer: new Sealer(Buffer.alloc(32, 9)), clock: () => new Date() };
    await seedOrg(deps);
    app = await buildHttpApp(deps, routeModules, { rateLimitPerMinute: 100_000 });
    await app.ready();
  });
  afterAll(() => app.close());

  it('serves a small, accessible reporting page at the root that needs no script, Vietnamese first', async () => {
    const b = new Browser(app, '198.51.100.1');
    const res = await b.get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.body).toContain('<html lang="vi">');
    expect(res.body).toMatch(/href="tel:113"/);
    expect(res.body).toMatch(/href="tel:111"/);
    // one script, from our own address, only to make the quick exit leave no history; no inline code or style
    expect(res.body.match(/<script[^>]*>/g)).toEqual(['<script src="/p/thoat.js" defer>']);
    expect(res.body).toMatch(/<a class="exit" id="quick-exit" href="https:\/\/www\.google\.com\/[^"]*" rel="noreferrer"/);
    expect(res.body).not.toMatch(/\sstyle=|\son[a-z]+=/i);
    // Every control has a label; the 126 wards and communes are all in the picker.
    const ids = [...res.body.matchAll(/<(?:input|select|textarea)[^>]*\sid="([^"]+)"/g)].map((m) => m[1]);
    for (const id of ids) expect(res.body, id).toContain(`for="${id}"`);
    expect([...res.body.matchAll(/<option value="\d{5}"/g)]).toHaveLength(126);
    const css = await b.get('/p/lachan.css');
    expect(css.headers['content-type']).toMatch(/^text\/css/);
    const bytes = Buffer.byteLength(res.body) + Buffer.byteLength(css.body);
    expect(bytes).toBeLessThan(50 * 1024);

    const en = await b.get('/?lang=en');
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Report harm to a child online');
    expect((await b.get('/trang-thai')).body).toContain('<html lang="en">'); // the choice sticks (cookie)
  });

  it('files a report from the form, shows a tracking code and PIN once, and the status page shows coarse progress only', async () => {
    const b = new Browser(app, '198.51.100.2');
    const before = await count();
    const res = await fill(b, [...basic, ['contact_name', 'Bé Mai'], ['contact_phone', '0987654321'], ['consent', '1']]);
    expect(res.statusCode).toBe(201);
    expect(res.headers['cache-control']).toBe('no-store');
    const code = /class="code">(LC-[A-Z0-9-]+)</.exec(res.body)?.[1] as string;
    const pin = /class="code">(\d{6})</.exec(res.body)?.[1] as string;
    expect(code).toBeDefined();
    expect(pin).toBeDefined();
    expect(await count()).toBe(before + 1);

    const status = await b.get('/trang-thai');
    const h = hidden(status.body);
    const ok = await b.post('/trang-thai', [
      ['_t', h._t as string],
      ['_t2', h._t2 as string],
      ['code', code.toLowerCase().replace(/-/g, ' ')],
      ['pin', pin],
    ]);
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Đã nhận');
    for (const personal of ['Bé Mai', '0987654321', 'chê bai', 'Hoàn Kiếm']) expect(ok.body).not.toContain(personal);
    const wrong = await b.post('/trang-thai', [
      ['_t', h._t as string],
      ['_t2', h._t2 as string],
      ['code', code],
      ['pin', pin === '000000' ? '111111' : '000000'],
    ]);
    expect(wrong.statusCode).toBe(404);
    expect(wrong.body).not.toContain('Đã nhận —');
  });

  it('files one report when the same form is sent twice, and both answers show its code and PIN', async () => {
    const b = new Browser(app, '198.51.100.3');
    const page = await b.get('/');
    const h = hidden(page.body);
    const fields: Array<[string, string]> = [['_t', h._t as string], ['_t2', h._t2 as string], ['form_id', h.form_id as string], ...basic];
    const before = await count();
    const [first, second] = await Promise.all([b.post('/bao-cao', fields), b.post('/bao-cao', fields)]);
    expect([first.statusCode, second.statusCode]).toEqual([201, 201]);
    expect(await count()).toBe(before + 1);
    const codes = [first.body, second.body].map((x) => /class="code">(LC-[A-Z0-9-]+)</.exec(x)?.[1]);
    expect(codes[0]).toBe(codes[1]);
    // the child whose first answer never showed (a second press) still sees the PIN, within the window
    const pins = [first.body, second.body].map((x) => /class="code">(\d{6})</.exec(x)?.[1]);
    expect(pins[0]).toMatch(/^\d{6}$/);
    expect(pins[1]).toBe(pins[0]);
  });

  it('refuses a post without a valid form token (CSRF), storing nothing', async () => {
    const b = new Browser(app, '198.51.100.4');
    await b.get('/');
    const before = await count();
    const forged = await b.post('/bao-cao', [['form_id', 'A'.repeat(22)], ['_t', `${Date.now()}.forged`], ...basic]);
    expect(forged.statusCode).toBe(403);
    // A cross-site page cannot use the no-cookie token either.
    const stranger = new Browser(app, '198.51.100.4');
    const page = await b.get('/');
    const h = hidden(page.body);
    const cross = await stranger.post('/bao-cao', [['_t', h._t as string], ['_t2', h._t2 as string], ['form_id', h.form_id as string], ...basic], {
      origin: 'https://evil.example',
      'sec-fetch-site': 'cross-site',
    });
    expect(cross.statusCode).toBe(403);
    // …while our own page works without cookies (a phone that blocks them): the browser says same-origin.
    const same = await stranger.post('/bao-cao', [['_t', h._t as string], ['_t2', h._t2 as string], ['form_id', h.form_id as string], ...basic], {
      'sec-fetch-site': 'same-origin',
    });
    expect(same.statusCode).toBe(201);
    expect(await count()).toBe(before + 1);
  });

  it('escapes HTML and script everywhere it shows what a reporter typed', async () => {
    const b = new Browser(app, '198.51.100.5');
    const evil = `"><script>alert(1)</script><img src=x onerror=alert(2)>`;
    // No category chosen: the form comes back with the error and what was typed, escaped.
    const res = await fill(b, [
      ['reporter', 'child'],
      ['description', evil],
      ['urls', evil],
      ['contact_name', evil],
    ]);
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('role="alert"');
    expect(res.body).not.toContain('<script>alert(1)');
    expect(res.body).not.toContain('<img src=x');
    expect(res.body).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    const ok = await fill(b, [...basic, ['description', evil]]);
    expect(ok.statusCode).toBe(201);
    expect(ok.body).not.toContain('<script>alert');
  });

  it('takes evidence files with the form and refuses hostile ones with a clear 4xx page', async () => {
    const b = new Browser(app, '198.51.100.6');
    const page = await b.get('/');
    const h = hidden(page.body);
    const fields: Array<[string, string]> = [['_t', h._t as string], ['_t2', h._t2 as string], ['form_id', h.form_id as string], ...basic];
    const before = await count();
    const bad = await b.postMultipart('/bao-cao', multipart(fields, [{ filename: 'anh.jpg', content: await jpegZipPolyglot(), type: 'image/jpeg' }]));
    expect(bad.statusCode).toBe(415);
    expect(bad.headers['content-type']).toMatch(/^text\/html/);
    expect(bad.body).toContain('role="alert"');
    const six = await b.postMultipart(
      '/bao-cao',
      multipart(fields, await Promise.all(Array.from({ length: 6 }, async (_, i) => ({ filename: `a${i}.png`, content: await png(10 + i, 10) })))),
    );
    expect(six.statusCode).toBe(413);
    expect(six.body).toContain('Quá nhiều tệp (tối đa 5)');
    expect(six.body).toContain('Các bạn trong lớp lập nhóm chê bai em'); // what was typed is kept
    expect(six.body).not.toMatch(/FST_|_LIMIT/);
    const big = await b.postMultipart(
      '/bao-cao',
      multipart(fields, [{ filename: 'big.png', content: Buffer.concat([await png(), Buffer.alloc(9 * 1024 * 1024)]) }]),
    );
    expect(big.statusCode).toBe(413);
    expect(await count()).toBe(before);
    const good = await b.postMultipart(
      '/bao-cao',
      multipart(fields, [
        { filename: 'chup-man-hinh.png', content: await png() },
        { name: 'files', filename: '', content: Buffer.alloc(0) },
      ]),
    );
    expect(good.statusCode).toBe(201);
    expect(await count()).toBe(before + 1);
    const ev = await db().kysely.selectFrom('intake_evidence').select(['kind', 'mime']).orderBy('created_at', 'desc').limit(1).execute();
    expect(ev).toEqual([{ kind: 'image', mime: 'image/png' }]);
    // A name that tries to be a path is cut to its last part by the form parser and never used as a path:
    // files are stored under their SHA-256 only.
    const again = hidden((await b.get('/')).body);
    const trick = await b.postMultipart(
      '/bao-cao',
      multipart(
        [['_t', again._t as string], ['_t2', again._t2 as string], ['form_id', again.form_id as string], ...basic],
        [{ filename: '../../../etc/cron.d/x.png', content: await png(12, 12) }],
      ),
    );
    expect(trick.statusCode).toBe(201);
    const names = await db().kysely.selectFrom('intake_evidence').select('sealed_name').orderBy('created_at', 'desc').limit(1).execute();
    expect(deps.sealer.open(names[0]?.sealed_name as string)).toBe('x.png');
  });

  it('does not count refused tries as repeated text: a child sending again after a refusal is not flagged as spam', async () => {
    const child = new Browser(app, '192.0.2.77');
    const text = ['description', 'Một người lạ trên Facebook đòi em gửi ảnh riêng tư, em rất sợ'] as [string, string];
    const withText = basic.map((f) => (f[0] === 'description' ? text : f));
    // Consent to be contacted without a phone or e-mail: refused twice, then sent properly.
    for (let i = 0; i < 2; i++) expect((await fill(child, [...withText, ['consent', '1']])).statusCode).toBe(400);
    expect((await fill(child, withText)).statusCode).toBe(201);
    const rows = await db().kysely.selectFrom('intake_reports').select('spam_reasons').orderBy('created_at', 'desc').limit(1).execute();
    expect(JSON.parse(rows[0]?.spam_reasons ?? '[]')).not.toContain('repeated_text');
  });

  it('lets a school send a burst of real reports from one address but stops a flood, and flags spam rather than dropping it', async () => {
    const school = new Browser(app, '192.0.2.50');
    const codes: number[] = [];
    for (let i = 0; i < 24; i++) codes.push((await fill(school, [...basic, ['description', `Học sinh số ${i} bị bắt nạt qua Zalo nhóm lớp 7A`]])).statusCode);
    expect(codes.every((c) => c === 201)).toBe(true);
    // Same text over and over: kept, but flagged for the officer.
    for (let i = 0; i < 3; i++)
      expect((await fill(school, [...basic, ['description', 'mua ngay thẻ cào giá rẻ tại shop-xyz ngay hôm nay']])).statusCode).toBe(201);
    const flagged = await db().kysely.selectFrom('intake_reports').select(['spam_score', 'spam_reasons']).where('spam_score', '>', 0).execute();
    expect(flagged.some((r) => r.spam_reasons.includes('repeated_text'))).toBe(true);
    // The flood from one address: stopped at its bucket (30), with a clear page.
    const flood: number[] = [];
    for (let i = 0; i < 10; i++) flood.push((await fill(school)).statusCode);
    expect(flood.filter((c) => c === 429).length).toBeGreaterThan(0);
    const blocked = await fill(school);
    expect(blocked.statusCode).toBe(429);
    expect(blocked.body).toContain('113');
    // Others are not blocked by one address's flood…
    expect((await fill(new Browser(app, '192.0.2.51'))).statusCode).toBe(201);
    // …until the global bucket (80/min here) is empty: then a distributed flood is stopped too.
    const spread: number[] = [];
    for (let i = 0; i < 60; i++) spread.push((await fill(new Browser(app, `10.9.${Math.floor(i / 250)}.${i % 250}`))).statusCode);
    expect(spread).toContain(429);
  });
});
