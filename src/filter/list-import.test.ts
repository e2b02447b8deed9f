import { afterAll, beforeAll, expect, it } from 'vitest';
import { endlessText, type HostileEnds, redirectTo, startHostileEnds, text } from '../outbound/testing.js';
import { newId } from '../shared/ids.js';
import { createTestApp, type Session, type TestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';
import { downloadList, MAX_LIST_BYTES, URL_REJECT_CHARS, URL_REJECTS_SHOWN } from './list-download.js';
import { seedFilter } from './store.js';

/**
 * Issue 10, items 3 and 9: a block list imported by URL (analyst role) read the internal network
 * — loopback v4/v6, private ranges, a redirect to them — echoed what it read in
 * `rejectedLines[].text`, told ports apart by their error, and answered 500 for a port that
 * speaks garbage. Each attack is reproduced here against servers on this machine.
 */
const SECRET = 'db-password=hunter2 internal-admin-token=s3cr3t';

describeEachDb('filter list import by URL: no internal network, nothing echoed that is not a list', (db) => {
  let t: TestApp;
  let analyst: Session;
  let h: HostileEnds;
  const lists = async () => (await db().kysely.selectFrom('filter_lists').select('id').execute()).length;
  const imports = async () => (await db().kysely.selectFrom('audit_log').select('seq').where('action', 'like', 'filter_list.%').execute()).length;
  const post = (url: string) => analyst.request('POST', '/api/v1/filter/lists', { name: 'x', category: 'adult', url });

  beforeAll(async () => {
    t = await createTestApp(db());
    await seedFilter(db(), t.deps.config.dataDir, new Date().toISOString(), newId);
    analyst = await t.staff('analyst');
    const secretPage = [SECRET, ...Array.from({ length: 30 }, (_, i) => `line ${i} of the internal wiki: ${SECRET}`)].join('\n');
    h = await startHostileEnds({
      '/secret': text(secretPage),
      '/admin': text(`<html><body>${SECRET}</body></html>`, 'text/html'),
      '/binary': (_q, s) => s.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 1, 2, 3, 10, 0, 0])),
      '/list': text(
        [
          '# a list with a few bad lines',
          ...Array.from({ length: 60 }, (_, i) => `bad${i}.example`),
          ...Array.from({ length: 25 }, (_, i) => `http://x/${'y'.repeat(200)}${i}`),
        ].join('\n'),
      ),
      '/huge': endlessText(MAX_LIST_BYTES + 16 * 1024 * 1024),
      '/to-v6-loopback': (req, res) => redirectTo(`${h.url6 ?? 'http://[::1]:1'}/secret`)(req, res),
      '/to-v4-loopback': (req, res) => redirectTo(`${h.url}/secret`)(req, res),
      '/to-private': redirectTo('http://10.20.0.5/secret'),
    });
  }, 60_000);
  afterAll(async () => {
    await h.close();
    await t.close();
  });

  it('refuses loopback (v4, v6, v4-mapped), private and link-local addresses before connecting; nothing is stored', async () => {
    const [before, audited] = [await lists(), await imports()];
    const urls = [
      `${h.url}/secret`,
      `http://localhost:${h.port}/secret`,
      `http://[::ffff:127.0.0.1]:${h.port}/secret`,
      `http://2130706433:${h.port}/secret`,
      'http://10.20.0.5/secret',
      'http://192.168.1.1/',
      'http://172.16.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://[fd00::1]/',
    ];
    if (h.url6) urls.push(`${h.url6}/secret`);
    for (const url of urls) {
      const res = await post(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json().error.code, url).toBe('outbound.not_allowed');
      expect(res.body).not.toContain('hunter2');
    }
    expect(h.hits.get('/secret') ?? 0).toBe(0);
    expect([await lists(), await imports()]).toEqual([before, audited]);
    // other schemes and credentials: a clear 400 too
    for (const url of ['file:///etc/passwd', 'ftp://example.com/list.txt', 'http://user:pw@example.com/list.txt', 'not a url'])
      expect((await post(url)).json().error.code, url).toBe('outbound.invalid_url');
  });

  it('follows a redirect only to a checked address: a list server cannot bounce the import to loopback or private space', async () => {
    // the list server stands in for a public host: only its exact address is let through
    const asPublic = (address: string) => ({ allowPrivateNetworks: [address], resolve: async () => [{ address, family: address.includes(':') ? 6 : 4 }] });
    const port = (u: string) => new URL(u).port;
    const cases: [string, ReturnType<typeof asPublic>][] = [
      [`http://lists.example:${h.port}/to-private`, asPublic('127.0.0.1')],
      [`http://lists.example:${h.port}/to-v6-loopback`, asPublic('127.0.0.1')],
    ];
    if (h.url6) cases.push([`http://lists.example:${port(h.url6)}/to-v4-loopback`, asPublic('::1')]);
    for (const [url, o] of cases) {
      const e = await downloadList(url, { fetchPrivate: false }, undefined, o).then(
        () => null,
        (x: unknown) => x,
      );
      expect(e, url).toMatchObject({ status: 400, code: 'outbound.not_allowed' });
    }
    expect(h.hits.get('/to-private')).toBe(1);
    expect(h.hits.get('/secret') ?? 0).toBe(0);
  });

  it('on a closed demo network (LACHAN_FETCH_PRIVATE): garbage, a closed port and an error status all get one clear 4xx, never 500', async () => {
    const config = t.deps.config as { fetchPrivate: boolean };
    config.fetchPrivate = true;
    try {
      const [before, audited] = [await lists(), await imports()];
      const answers = [];
      for (const url of [`http://127.0.0.1:${h.garbagePort}/`, `http://127.0.0.1:${h.closedPort}/`, `${h.url}/no-such-list`]) {
        const res = await post(url);
        expect(res.statusCode, url).toBe(400);
        answers.push(res.body);
      }
      // the same words whatever answered: the import is no port scanner
      expect(new Set(answers).size).toBe(1);
      expect(JSON.parse(answers[0]!).error.code).toBe('outbound.unavailable');
      expect(answers[0]).not.toMatch(/SSH|ECONN|404|refused/i);
      expect([await lists(), await imports()]).toEqual([before, audited]);
    } finally {
      config.fetchPrivate = false;
    }
  });

  it('on a closed demo network: a page that is not a list is refused with counts only — its content never comes back', async () => {
    const config = t.deps.config as { fetchPrivate: boolean };
    config.fetchPrivate = true;
    try {
      const before = await lists();
      const page = await post(`${h.url}/secret`);
      expect(page.statusCode).toBe(422);
      expect(page.json().error.code).toBe('filter.not_a_list');
      expect(page.body).not.toContain('hunter2');
      const html = await post(`${h.url}/admin`);
      expect([html.statusCode, html.json().error.code]).toEqual([415, 'filter.list_not_text']);
      expect(html.body).not.toContain('hunter2');
      const binary = await post(`${h.url}/binary`);
      expect([binary.statusCode, binary.json().error.code]).toEqual([422, 'filter.not_a_list']);
      expect(await lists()).toBe(before);
      // a real list with bad lines: imported; a few bad lines shown, each cut short
      const ok = await post(`${h.url}/list`);
      expect(ok.statusCode).toBe(201);
      const body = ok.json();
      expect(body).toMatchObject({ accepted: 60, rejected: 25 });
      expect(body.rejectedLines.length).toBe(URL_REJECTS_SHOWN);
      expect(Math.max(...body.rejectedLines.map((r: { text: string }) => r.text.length))).toBeLessThanOrEqual(URL_REJECT_CHARS + 1);
      expect(await lists()).toBe(before + 1);
    } finally {
      config.fetchPrivate = false;
    }
  });

  it('on a closed demo network: a body past the size limit is cut off while it streams (413), nothing stored', async () => {
    const config = t.deps.config as { fetchPrivate: boolean };
    config.fetchPrivate = true;
    try {
      const before = await lists();
      const res = await post(`${h.url}/huge`);
      expect(res.statusCode).toBe(413);
      expect(res.json().error.code).toBe('outbound.too_large');
      await new Promise((r) => setTimeout(r, 100));
      expect(h.sent.get('/huge') ?? 0).toBeLessThan(MAX_LIST_BYTES + 8 * 1024 * 1024);
      expect(await lists()).toBe(before);
    } finally {
      config.fetchPrivate = false;
    }
  });
});
