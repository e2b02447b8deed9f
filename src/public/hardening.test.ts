import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import type { Deps } from '../context.js';
import { onePage } from '../evidence/documents/pdf-fixtures.js';
import { evidenceStoreFor } from '../evidence/store.js';
import { pixelClaimPng, png } from '../evidence/test-files.js';
import { type App, buildHttpApp } from '../http/app.js';
import { seedOrg } from '../org/seed.js';
import { routeModules } from '../platform.js';
import { Sealer } from '../shared/secrets.js';
import { describeEachDb } from '../testing/databases.js';
import { multipart } from '../testing/multipart.js';
import { Browser, hidden } from './test-browser.js';

const basic: Array<[string, string]> = [
  ['reporter', 'parent_relative'],
  ['cat', 'cyberbullying'],
  ['description', 'Con tôi bị chế ảnh trong nhóm lớp'],
  ['age', '11_14'],
];

describeEachDb('public form: bad input, decode cost, PIN guessing', (db) => {
  let app: App;
  let deps: Deps;
  const now = { t: Date.parse('2026-05-04T02:00:00Z') };
  const count = async () => (await db().kysely.selectFrom('intake_reports').select('id').execute()).length;
  const evidenceFiles = () => {
    try {
      return readdirSync(path.join(deps.config.dataDir, 'evidence'), { recursive: true }).filter((f) => String(f).endsWith('.lce')).length;
    } catch {
      return 0;
    }
  };
  /** The form's hidden fields, then a multipart post with them plus `fields` and `files`. */
  async function sendWithFiles(b: Browser, files: Array<{ filename: string; content: Buffer }>, fields = basic) {
    const h = hidden((await b.get('/')).body);
    return b.postMultipart(
      '/bao-cao',
      multipart(
        [['_t', h._t as string], ['form_id', h.form_id as string], ['lang', 'vi'], ...fields],
        files.map((f) => ({ ...f, type: 'image/png' })),
      ),
    );
  }
  async function fileReport(b: Browser): Promise<{ code: string; pin: string }> {
    const h = hidden((await b.get('/')).body);
    const res = await b.post('/bao-cao', [['_t', h._t as string], ['form_id', h.form_id as string], ['lang', 'vi'], ...basic]);
    expect(res.statusCode).toBe(201);
    return { code: /class="code">(LC-[A-Z0-9-]+)</.exec(res.body)?.[1] as string, pin: /class="code">(\d{6})</.exec(res.body)?.[1] as string };
  }
  async function askStatus(b: Browser, code: string, pin: string) {
    const h = hidden((await b.get('/trang-thai')).body);
    return b.post('/trang-thai', [
      ['_t', h._t as string],
      ['code', code],
      ['pin', pin],
    ]);
  }

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-public-hard-'));
    const config = loadConfig({
      LACHAN_DATA_DIR: dataDir,
      LACHAN_LOG_LEVEL: 'silent',
      LACHAN_ADMIN_PASSWORD: 'public-test-password',
      LACHAN_INTAKE_IP_LIMIT: '30',
    });
    deps = { db: db(), config, sealer: new Sealer(Buffer.alloc(32, 7)), clock: () => new Date(now.t) };
    await seedOrg(deps);
    app = await buildHttpApp(deps, routeModules, { rateLimitPerMinute: 100_000 });
    await app.ready();
  });
  afterAll(() => app.close());

  it('answers a multipart post without a boundary, or cut off mid-way, with a clear 400 and stores nothing', async () => {
    const b = new Browser(app, '192.0.2.10');
    const before = await count();
    const files = evidenceFiles();
    const h = hidden((await b.get('/')).body);
    const full = multipart(
      [['_t', h._t as string], ['form_id', h.form_id as string], ...basic],
      [{ filename: 'anh.png', content: await png(), type: 'image/png' }],
    );

    const noBoundary = await b.postMultipart('/bao-cao', { body: full.body, contentType: 'multipart/form-data' });
    expect(noBoundary.statusCode).toBe(400);
    expect(noBoundary.headers['content-type']).toMatch(/^text\/html/);
    expect(noBoundary.body).toContain('bị thiếu hoặc hỏng');

    const cut = await b.postMultipart('/bao-cao', { body: full.body.subarray(0, full.body.length - 200), contentType: full.contentType });
    expect(cut.statusCode).toBe(400);
    expect(cut.body).toContain('Hãy gửi lại biểu mẫu');

    const garbledHeader = await b.postMultipart('/bao-cao', {
      body: Buffer.from(`--x\r\nContent-Disposition: form-data; name="a"\r\n`),
      contentType: 'multipart/form-data; boundary=x',
    });
    expect(garbledHeader.statusCode).toBe(400);
    // in words, never the parser's code
    for (const res of [noBoundary, cut, garbledHeader]) expect(res.body).not.toMatch(/FST_|_LIMIT|_VIOLATION/);

    const status = await b.postMultipart('/trang-thai', { body: full.body.subarray(0, 100), contentType: full.contentType });
    expect(status.statusCode).toBe(400);

    // the same request, whole, is filed: the refusals were about the body, nothing else
    expect((await b.postMultipart('/bao-cao', full)).statusCode).toBe(201);
    expect(await count()).toBe(before + 1);
    expect(evidenceFiles()).toBe(files + 1);
  });

  it('takes the hex-escaped JavaScript and Launch PDFs the old check let through, and stores them rewritten without them', async () => {
    const b = new Browser(app, '192.0.2.11');
    const sent = [
      onePage({ catalog: '/OpenAction << /S /J#61vaScript /JS (app.alert\\(1\\)) >>', extra: ['<< /Author (Nguyen Van Reporter) >>'], trailer: '/Info 6 0 R' }),
      onePage({ page: '/AA << /O << /S /L#61unch /F (cmd.exe) >> >>' }),
    ];
    const res = await sendWithFiles(
      b,
      sent.map((content, i) => ({ filename: `tep-${i}.pdf`, content })),
    );
    expect(res.statusCode).toBe(201);
    const rows = await db().kysely.selectFrom('intake_evidence').select(['kind', 'sha256']).where('kind', '=', 'pdf').execute();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const store = evidenceStoreFor(deps.config.dataDir, deps.sealer);
    for (const row of rows) {
      const stored = (await store.get(row.sha256 as string)).toString('latin1');
      expect(stored).toContain('(Evidence page) Tj');
      expect(stored).not.toMatch(/J#61vaScript|JavaScript|L#61unch|Launch|Author|Reporter|\/AA\b|OpenAction/);
    }
  });

  it('the partner API takes JSON only: multipart, with or without a boundary, is a 415 in the usual error shape', async () => {
    const body = multipart([['incidentTypes', 'other']], [{ filename: 'a.png', content: await png() }]);
    for (const contentType of [body.contentType, 'multipart/form-data']) {
      const res = await app.inject({
        method: 'POST',
        url: '/api/v1/intake/reports',
        headers: { 'content-type': contentType, 'idempotency-key': 'm1' },
        payload: body.body,
      });
      expect(res.statusCode).toBe(415);
      expect(res.json().error.code).toBe('unsupported_media_type');
    }
  });

  it('bounds decode cost: five 300 KB 6300×6300 16-bit PNGs are refused from their headers, without being decoded', async () => {
    const big = await sharp({ create: { width: 6300, height: 6300, channels: 3, background: { r: 10, g: 200, b: 30 } } })
      .toColourspace('rgb16')
      .png({ compressionLevel: 9 })
      .toBuffer();
    expect(big.length).toBeLessThan(600_000);
    expect((await sharp(big).metadata()).depth).toBe('ushort');
    const b = new Browser(app, '192.0.2.20');
    const before = await count();
    const cpu = process.cpuUsage();
    const res = await sendWithFiles(
      b,
      Array.from({ length: 5 }, (_, i) => ({ filename: `anh-${i}.png`, content: big })),
    );
    const used = process.cpuUsage(cpu);
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('có kích thước quá lớn');
    // decoding them took ~0.7 s of CPU each before; reading five headers takes milliseconds
    expect((used.user + used.system) / 1000).toBeLessThan(1000);
    expect(await count()).toBe(before);
  });

  it('bounds decode cost per report (all files together) and per address (ten minutes), with clear messages', async () => {
    // five 36-megapixel pictures, each under the per-file limit, are too many together
    const b = new Browser(app, '192.0.2.30');
    const claim = pixelClaimPng(6000, 6000);
    const together = await sendWithFiles(
      b,
      Array.from({ length: 5 }, (_, i) => ({ filename: `p${i}.png`, content: claim })),
    );
    expect(together.statusCode).toBe(413);
    expect(together.body).toContain('quá lớn khi mở ra');

    // four at a time pass the per-report check (and fail later as damaged, cheaply); the address's
    // budget (1,200 units in ten minutes) runs out on the ninth such report
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      const res = await sendWithFiles(
        b,
        Array.from({ length: 4 }, (_, j) => ({ filename: `q${i}-${j}.png`, content: claim })),
      );
      statuses.push(res.statusCode);
      if (res.statusCode === 429) expect(res.body).toContain('quá nhiều ảnh lớn');
    }
    expect(statuses.slice(0, 8).every((s) => s === 422)).toBe(true);
    expect(statuses[8]).toBe(429);
    // a report without pictures from the same address still gets through, and so do other addresses
    expect((await fileReport(b)).code).toMatch(/^LC-/);
    const other = await sendWithFiles(new Browser(app, '192.0.2.31'), [{ filename: 'ok.png', content: await png() }]);
    expect(other.statusCode).toBe(201);
    // ten minutes later the address may send pictures again
    now.t += 10 * 60_000 + 1000;
    expect((await sendWithFiles(b, [{ filename: 'ok.png', content: await png(42, 32) }])).statusCode).toBe(201);
  });

  it('locks a tracking code after 5 wrong PINs from any number of addresses, in the database, with the same answer', async () => {
    const { code, pin } = await fileReport(new Browser(app, '192.0.2.40'));
    const wrong = pin === '000000' ? '111111' : '000000';
    const notFound = (await askStatus(new Browser(app, '198.51.100.200'), 'LC-0000-0000', '123456')).body;
    for (let i = 0; i < 5; i++) {
      const res = await askStatus(new Browser(app, `203.0.113.${100 + i}`), code, wrong);
      expect(res.statusCode).toBe(404);
    }
    // the right PIN, from a fresh address: refused with the very same page as a wrong one
    const locked = await askStatus(new Browser(app, '203.0.113.150'), code, pin);
    expect(locked.statusCode).toBe(404);
    const strip = (s: string) => s.replace(/value="[^"]*"/g, '');
    expect(strip(locked.body)).toBe(strip((await askStatus(new Browser(app, '203.0.113.151'), code, wrong)).body).replace(/value="[^"]*"/g, ''));
    expect(strip(locked.body).replace(code, '')).toBe(strip(notFound).replace('LC-0000-0000', ''));
    const audit = await db().kysely.selectFrom('audit_log').select('action').where('action', '=', 'intake_report.status_locked').execute();
    expect(audit).toHaveLength(1);

    // the lock is in the database: a second instance (a restart, another server) sees it too
    const second = await buildHttpApp(deps, routeModules, { rateLimitPerMinute: 100_000 });
    await second.ready();
    try {
      expect((await askStatus(new Browser(second, '203.0.113.160'), code, pin)).statusCode).toBe(404);
    } finally {
      await second.close();
    }
    // after the lock the right PIN works again, and clears the count
    now.t += 30 * 60_000 + 1000;
    const ok = await askStatus(new Browser(app, '203.0.113.170'), code, pin);
    expect(ok.statusCode).toBe(200);
    const row = await db().kysely.selectFrom('intake_status_attempts').selectAll().executeTakeFirstOrThrow();
    expect(row.attempts).toBe(0);
  });

  it('counts concurrent guesses one by one: 40 at once from 40 addresses check at most 5 PINs', async () => {
    const { code, pin } = await fileReport(new Browser(app, '192.0.2.41'));
    const guesses = Array.from({ length: 40 }, (_, i) => String(i).padStart(6, '0')).filter((g) => g !== pin);
    const results = await Promise.all(guesses.map((g, i) => askStatus(new Browser(app, `198.18.0.${i + 1}`), code, g)));
    expect(results.every((r) => r.statusCode === 404)).toBe(true);
    const report = await db().kysely.selectFrom('intake_reports').select('id').where('tracking_code', '=', code).executeTakeFirstOrThrow();
    const row = await db().kysely.selectFrom('intake_status_attempts').selectAll().where('report_id', '=', report.id).executeTakeFirstOrThrow();
    expect(row.attempts).toBe(guesses.length); // every guess counted; five were checked, the sixth set the lock
    expect(row.locked_until).not.toBeNull();
    expect((await askStatus(new Browser(app, '198.18.1.1'), code, pin)).statusCode).toBe(404);
  });
});
