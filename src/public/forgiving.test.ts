import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import type { Deps } from '../context.js';
import { png } from '../evidence/test-files.js';
import { type App, buildHttpApp } from '../http/app.js';
import { readableBytes } from '../http/errors.js';
import { seedOrg } from '../org/seed.js';
import { routeModules } from '../platform.js';
import { Sealer } from '../shared/secrets.js';
import { describeEachDb } from '../testing/databases.js';
import { multipart } from '../testing/multipart.js';
import { ADVICE, topicsFor } from './advice.js';
import { CONFIRMATION_WINDOW_MS, openConfirmation, sealConfirmation } from './confirmation.js';
import { readIncidentDate, vnDate } from './dates.js';
import { splitLinksAndAccounts } from './form-input.js';
import { Browser, hidden } from './test-browser.js';

const basic: Array<[string, string]> = [
  ['reporter', 'child'],
  ['cat', 'cyberbullying'],
  ['description', 'Các bạn lập nhóm chê bai em'],
];
const CODE = /class="code">(LC-[A-Z0-9-]+)</;
const PIN = /class="code">(\d{6})</;
const NAVIGATION = { 'sec-fetch-mode': 'navigate', 'sec-fetch-site': 'same-origin', 'sec-fetch-dest': 'document' };

describe('pieces of the forgiving form', () => {
  it('sorts what a child types in the "where" box: links to links, phone numbers and handles to accounts', () => {
    expect(splitLinksAndAccounts('0912 345 678\nnhóm Zalo lớp 7A\n+84 912.345.678\n@ten.nick\nhttps://zalo.me/g/abc\nfacebook.com/ten.nick\n\n')).toEqual({
      urls: ['https://zalo.me/g/abc', 'facebook.com/ten.nick'],
      accounts: ['0912 345 678', 'nhóm Zalo lớp 7A', '+84 912.345.678', '@ten.nick'],
    });
  });

  it('reads dd/mm/yyyy (and yyyy-mm-dd), refuses dates that do not exist, are in the future in Hanoi, or are absurd', () => {
    const now = new Date('2026-12-05T18:00:00Z'); // already 6 December in Hanoi
    expect(readIncidentDate('05/12/2026', now)).toBe('2026-12-05');
    expect(readIncidentDate('6/12/2026', now)).toBe('2026-12-06');
    expect(readIncidentDate('2026-11-30', now)).toBe('2026-11-30');
    expect(readIncidentDate('  ', now)).toBeNull();
    for (const bad of ['31/02/2026', '00/01/2026', '12/13/2026', 'hôm qua', '1'.repeat(5000), '01/01/1899'])
      expect(() => readIncidentDate(bad, now), bad).toThrow(expect.objectContaining({ code: 'public_bad_date' }));
    expect(() => readIncidentDate('07/12/2026', now)).toThrow(expect.objectContaining({ code: 'public_future_date' }));
    expect(vnDate('2026-12-05T20:30:00Z')).toBe('06/12/2026');
  });

  it('states limits in the units people read', () => {
    expect(readableBytes(8 * 1024 * 1024)).toBe('8 MB');
    expect(readableBytes(64 * 1024)).toBe('64 KB');
    expect(readableBytes(2.5 * 1024 * 1024)).toBe('2.5 MB');
  });

  it('matches advice to what was reported, most serious first, and gives every topic advice for a child and a parent', () => {
    expect(topicsFor(['cyberbullying', 'sextortion', 'sexual_abuse_material'])).toEqual(['sextortion', 'bullying']);
    expect(topicsFor(['other', 'nonsense'])).toEqual([]);
    for (const a of Object.values(ADVICE)) {
      expect(a.child.length).toBeGreaterThan(0);
      expect(a.parent.length).toBeGreaterThan(0);
    }
  });

  it('opens only its own, unexpired, untampered confirmation', () => {
    const sealer = new Sealer(Buffer.alloc(32, 3));
    const sealed = sealConfirmation(sealer, { code: 'LC-AAAA-BBBB', pin: '123456', categories: ['grooming'], until: 1000 });
    expect(sealed).not.toContain('123456');
    expect(openConfirmation(sealer, sealed, 999)?.pin).toBe('123456');
    expect(openConfirmation(sealer, sealed, 1000)).toBeNull();
    expect(openConfirmation(sealer, `${sealed.slice(0, -2)}AA`, 10)).toBeNull();
    expect(openConfirmation(new Sealer(Buffer.alloc(32, 4)), sealed, 10)).toBeNull();
    // another sealed value (a field of a report) is not a confirmation
    expect(openConfirmation(sealer, sealer.seal(JSON.stringify({ c: 'LC-AAAA-BBBB', n: '123456', k: [], u: 5000 })), 10)).toBeNull();
    expect(openConfirmation(sealer, 'x'.repeat(5000), 10)).toBeNull();
  });
});

describeEachDb('public form: nothing typed is lost, the confirmation is kept for 15 minutes only', (db) => {
  let app: App;
  let deps: Deps;
  const now = { t: Date.parse('2026-12-05T03:00:00Z') };
  const count = async () => (await db().kysely.selectFrom('intake_reports').select('id').execute()).length;

  /** As a browser submits a form: a same-origin navigation (answered post/redirect/get). */
  async function send(b: Browser, fields: Array<[string, string]>) {
    const h = hidden((await b.get('/')).body);
    return b.post('/bao-cao', [['_t', h._t as string], ['_t2', h._t2 as string], ['form_id', h.form_id as string], ['lang', 'vi'], ...fields], NAVIGATION);
  }

  beforeAll(async () => {
    const config = loadConfig({
      LACHAN_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'lachan-public-forgiving-')),
      LACHAN_LOG_LEVEL: 'silent',
      LACHAN_ADMIN_PASSWORD: 'public-test-password',
    });
    deps = { db: db(), config, sealer: new Sealer(Buffer.alloc(32, 5)), clock: () => new Date(now.t) };
    await seedOrg(deps);
    app = await buildHttpApp(deps, routeModules, { rateLimitPerMinute: 100_000 });
    await app.ready();
  });
  afterAll(() => app.close());

  it('keeps every field after a file over the limit, names the limit in MB, says the file was not kept, and files nothing', async () => {
    const b = new Browser(app, '198.51.100.60');
    const h = hidden((await b.get('/')).body);
    const before = await count();
    const fields: Array<[string, string]> = [
      ['_t', h._t as string],
      ['form_id', h.form_id as string],
      ['reporter', 'parent_relative'],
      ['cat', 'grooming'],
      ['cat', 'scam'],
      ['danger', '1'],
      ['description', 'Người lạ nhắn tin dụ dỗ con tôi'],
      ['urls', '0912 345 678\nnhóm Zalo lớp 7A'],
      ['date', '03/12/2026'],
      ['contact_phone', '0987 654 321'],
    ];
    // the file comes in the middle: fields after it are read too
    const body = multipart(fields.slice(0, 6), [{ filename: 'video.mp4', content: Buffer.concat([await png(), Buffer.alloc(9 * 1024 * 1024)]) }]);
    const tail = multipart(fields.slice(6));
    const boundary = body.contentType.split('boundary=')[1] as string;
    const merged = Buffer.concat([
      body.body.subarray(0, body.body.length - `--${boundary}--\r\n`.length),
      Buffer.from(tail.body.toString('latin1').replaceAll(tail.contentType.split('boundary=')[1] as string, boundary), 'latin1'),
    ]);
    const res = await b.postMultipart('/bao-cao', { body: merged, contentType: body.contentType });
    expect(res.statusCode).toBe(413);
    expect(res.body).toContain('tối đa 8 MB');
    expect(res.body).toContain('video.mp4');
    expect(res.body).toContain('không được giữ lại');
    expect(res.body).not.toMatch(/tối đa\s*byte/);
    for (const kept of [
      'value="parent_relative" checked',
      'value="grooming" checked',
      'value="scam" checked',
      'name="danger" value="1" checked',
      'Người lạ nhắn tin dụ dỗ con tôi',
      '0912 345 678\nnhóm Zalo lớp 7A',
      'value="03/12/2026"',
      'value="0987 654 321"',
    ])
      expect(res.body, kept).toContain(kept);
    expect(res.body).toMatch(/<details class="more" open>/);
    expect(res.body).toMatch(/id="files"[^>]* aria-invalid="true" aria-describedby="err-files files-dropped f-hint"/);
    expect(await count()).toBe(before);
  });

  it('marks the field of each refusal and keeps the rest: hostile and wrong values get a 4xx that names the field', async () => {
    const b = new Browser(app, '198.51.100.61');
    const before = await count();
    const cases: Array<{ fields: Array<[string, string]>; field: string; says: string }> = [
      {
        fields: [
          ['reporter', 'hacker'],
          ['cat', 'grooming'],
          ['description', 'x'],
        ],
        field: 'reporter',
        says: 'ai đang báo cáo',
      },
      {
        fields: [
          ['reporter', 'child'],
          ['cat', 'not_a_category'],
          ['description', 'Bị chê bai'],
        ],
        field: 'cat',
        says: 'ít nhất một việc',
      },
      { fields: [...basic, ['date', '01/01/2027']], field: 'date', says: 'không thể sau hôm nay' },
      { fields: [...basic, ['date', '31/02/2026']], field: 'date', says: 'ngày/tháng/năm' },
      { fields: [...basic, ['date', '9'.repeat(20_000)]], field: 'date', says: 'ngày/tháng/năm' },
      { fields: [...basic, ['unit', '99999']], field: 'unit', says: 'Phường/xã không có' },
      { fields: [...basic, ['contact_email', 'not-an-email']], field: 'contact_email', says: 'e-mail không hợp lệ' },
      { fields: [...basic, ['consent', '1']], field: 'contact_phone', says: 'số điện thoại hoặc e-mail' },
      {
        fields: [
          ['reporter', 'child'],
          ['cat', 'grooming'],
        ],
        field: 'description',
        says: 'Hãy kể ngắn gọn',
      },
    ];
    for (const c of cases) {
      const res = await send(b, c.fields);
      expect(res.statusCode, c.field).toBe(400);
      expect(res.body, c.field).toContain(c.says);
      expect(res.body, c.field).toContain(`id="err-${c.field}"`);
      expect(res.body, c.field).toMatch(new RegExp(`name="${c.field}"[^>]*aria-invalid="true" aria-describedby="err-${c.field}`));
      expect(res.body, c.field).not.toContain('không được giữ lại'); // no file was sent
    }
    expect(await count()).toBe(before);
  });

  it('takes phone numbers and group names in the links box as accounts, and dd/mm/yyyy dates', async () => {
    const b = new Browser(app, '198.51.100.62');
    const res = await send(b, [...basic, ['urls', '0912 345 678\nnhóm Zalo lớp 7A\nhttps://zalo.me/g/abc'], ['date', '03/12/2026']]);
    expect(res.statusCode).toBe(200);
    const code = CODE.exec(res.body)?.[1] as string;
    const row = await db()
      .kysely.selectFrom('intake_reports')
      .select(['sealed_detail', 'incident_date'])
      .where('tracking_code', '=', code)
      .executeTakeFirstOrThrow();
    const detail = JSON.parse(deps.sealer.open(row.sealed_detail)) as { urls: string[]; accounts: string[] };
    expect(detail.urls).toEqual(['https://zalo.me/g/abc']);
    expect(detail.accounts).toEqual(['0912 345 678', 'nhóm Zalo lớp 7A']);
    expect(row.incident_date).toBe('2026-12-03');
  });

  it('shows the code and PIN again on reload for 15 minutes, from a cookie only the confirmation page receives; "hide now" and the window end it', async () => {
    const b = new Browser(app, '198.51.100.63');
    const res = await send(b, [...basic, ['cat', 'sextortion']]);
    expect(res.redirected?.statusCode).toBe(303);
    expect(res.redirected?.headers.location).toBe('/da-gui?lang=vi');
    const setCookie = String(res.redirected?.headers['set-cookie']);
    expect(setCookie).toMatch(/lc_ok=[^;]+; Max-Age=900; Path=\/da-gui; HttpOnly; SameSite=Strict/);
    const code = CODE.exec(res.body)?.[1] as string;
    const pin = PIN.exec(res.body)?.[1] as string;
    expect(setCookie).not.toContain(pin);
    expect(res.headers['cache-control']).toBe('no-store');
    // advice for what was reported, for a child and a parent; the status link carries the code
    expect(res.body).toContain('Không gửi thêm ảnh');
    expect(res.body).toContain('Bị bắt nạt trên mạng');
    expect(res.body).toContain(`href="/trang-thai?ma=${code}"`);
    expect(res.body).toContain('đến 10:15');

    now.t += CONFIRMATION_WINDOW_MS - 60_000;
    const again = await b.get('/da-gui');
    expect(CODE.exec(again.body)?.[1]).toBe(code);
    expect(PIN.exec(again.body)?.[1]).toBe(pin);
    now.t += 60_000;
    const late = await b.get('/da-gui');
    expect(late.body).not.toContain(pin);
    expect(late.body).not.toContain(code);
    expect(late.body).toContain('đã hết hạn');

    // "I have written it down — hide the PIN now"
    now.t += 60_000;
    const b2 = new Browser(app, '198.51.100.64');
    const sent = await send(b2, basic);
    const pin2 = PIN.exec(sent.body)?.[1] as string;
    const forged = await b2.post('/da-gui', [['_t', `${now.t}.forged`]], NAVIGATION);
    expect(forged.statusCode).toBe(403);
    expect(PIN.exec((await b2.get('/da-gui')).body)?.[1]).toBe(pin2);
    const hide = await b2.post('/da-gui', [['_t', hidden(sent.body)._t as string]], NAVIGATION);
    expect(hide.redirected?.statusCode).toBe(303);
    expect(hide.body).toContain('đã được ẩn');
    expect(hide.body).not.toContain(pin2);
    expect((await b2.get('/da-gui')).body).not.toContain(pin2);
  });

  it('a client that is not navigating gets the confirmation in the answer; the same form sent again shows the PIN within the window, the code only after it', async () => {
    const b = new Browser(app, '198.51.100.65');
    const h = hidden((await b.get('/')).body);
    const fields: Array<[string, string]> = [['_t', h._t as string], ['form_id', h.form_id as string], ...basic];
    const first = await b.post('/bao-cao', fields);
    expect(first.statusCode).toBe(201);
    expect(first.redirected).toBeUndefined();
    const code = CODE.exec(first.body)?.[1];
    const pin = PIN.exec(first.body)?.[1];
    // a browser reloading a POST answer sends the form again: same code, same PIN, within the window
    now.t += CONFIRMATION_WINDOW_MS - 1000;
    const reload = await b.post('/bao-cao', fields);
    expect([CODE.exec(reload.body)?.[1], PIN.exec(reload.body)?.[1]]).toEqual([code, pin]);
    now.t += 2000;
    const second = await b.post('/bao-cao', fields);
    expect(second.statusCode).toBe(201);
    expect(CODE.exec(second.body)?.[1]).toBe(code);
    expect(PIN.exec(second.body)).toBeNull();
    expect(second.body).toContain('đã được gửi trước đó');
  });

  it('status: the link pre-fills a normalised code (anything else is dropped), dates read dd/mm/yyyy, a rejected report says what can still be done', async () => {
    const b = new Browser(app, '198.51.100.66');
    const sent = await send(b, basic);
    const code = CODE.exec(sent.body)?.[1] as string;
    const pin = PIN.exec(sent.body)?.[1] as string;
    const page = await b.get(`/trang-thai?ma=${encodeURIComponent(code.toLowerCase())}`);
    expect(page.body).toContain(`value="${code}"`);
    const evil = await b.get(`/trang-thai?ma=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(evil.body).not.toContain('<script>alert');
    expect(evil.body).toContain('id="code" name="code" required maxlength="20" autocomplete="off" autocapitalize="characters" value=""');

    const h = hidden(page.body);
    // the stage intake gives once case work finished (coarse: no detail of the case)
    await db().kysely.updateTable('intake_reports').set({ status: 'handed_over', case_stage: 'finished' }).where('tracking_code', '=', code).execute();
    const done = await b.post('/trang-thai', [
      ['_t', h._t as string],
      ['code', code],
      ['pin', pin],
    ]);
    expect(done.body).toContain('Đã hoàn tất xử lý, hỗ trợ');
    expect(done.body).not.toContain('Bạn vẫn có thể');

    await db().kysely.updateTable('intake_reports').set({ status: 'rejected', case_stage: null }).where('tracking_code', '=', code).execute();
    const res = await b.post('/trang-thai', [
      ['_t', h._t as string],
      ['code', code],
      ['pin', pin],
    ]);
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/Ngày nhận: \d{2}\/\d{2}\/\d{4}/);
    expect(res.body).toContain('Bạn vẫn có thể');
    expect(res.body).toContain('gửi báo cáo mới với thêm chi tiết');
    const wrong = await b.post('/trang-thai', [
      ['_t', h._t as string],
      ['code', code],
      ['pin', pin === '000000' ? '111111' : '000000'],
    ]);
    expect(wrong.statusCode).toBe(404);
    expect(wrong.body).toContain('aria-invalid="true"');
  });

  it('serves the guidance pages light and script-free in both languages, the icon, and the quick-exit script', async () => {
    const b = new Browser(app, '198.51.100.67');
    const css = (await b.get('/p/lachan.css')).body;
    for (const url of ['/huong-dan/tre-em', '/huong-dan/cha-me', '/huong-dan/tre-em?lang=en', '/huong-dan/cha-me?lang=en']) {
      const res = await b.get(url);
      expect(res.statusCode, url).toBe(200);
      expect(Buffer.byteLength(res.body) + Buffer.byteLength(css), url).toBeLessThan(50 * 1024);
      expect(res.body).toContain('href="tel:111"');
      expect(res.body).toContain('href="tel:113"');
      expect(res.body).toContain('id="quick-exit"');
    }
    const child = (await b.get('/huong-dan/tre-em?lang=vi')).body;
    // one source: the same sentence on the guidance page and after a sextortion report
    expect(child).toContain('Không gửi thêm ảnh. Không trả tiền');
    expect((await b.get('/huong-dan/cha-me?lang=en')).body).toContain('<html lang="en">');
    const icon = await b.get('/favicon.ico');
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toContain('image/svg+xml');
    const js = await b.get('/p/thoat.js');
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.body).toContain('location.replace');
  });
});
