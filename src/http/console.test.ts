import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../testing/app.js';
import { describeEachDb } from '../testing/databases.js';
import { indexFileFor, installConsole, isConsoleAsset } from './console.js';

describe('console serving: compressed copies, long cache for hashed files', () => {
  let dir: string;
  let app: FastifyInstance;
  const js = `export const big = ${JSON.stringify('Lá Chắn '.repeat(2000))};\n`;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'lachan-console-'));
    mkdirSync(path.join(dir, 'assets'));
    writeFileSync(path.join(dir, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(dir, 'index.shell.html'), '<!doctype html><div id="root" data-v="shell"></div>');
    writeFileSync(path.join(dir, 'index.home.html'), '<!doctype html><div id="root" data-v="home"></div>');
    writeFileSync(path.join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
    const file = path.join(dir, 'assets', 'Shell-Ab12.js');
    writeFileSync(file, js);
    writeFileSync(`${file}.br`, brotliCompressSync(js));
    writeFileSync(`${file}.gz`, gzipSync(js));
    app = Fastify();
    // stands in for src/auth/authenticate.ts, which sets the session of a signed-in caller
    app.decorateRequest('sessionId', null);
    app.addHook('onRequest', async (req) => {
      req.sessionId = (req.headers['x-test-session'] as string | undefined) ?? null;
    });
    await installConsole(app, dir);
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, encoding?: string) => app.inject({ url, headers: encoding ? { 'accept-encoding': encoding } : {} });

  it('sends the brotli copy to a browser that accepts it, gzip to one that takes only gzip, the file to others', async () => {
    const br = await get('/console/assets/Shell-Ab12.js', 'gzip, deflate, br');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(br.rawPayload.length).toBeLessThan(js.length / 10);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(js);

    const gz = await get('/console/assets/Shell-Ab12.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(js);

    const plain = await get('/console/assets/Shell-Ab12.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(js);
  });

  it('caches hashed files for a year and makes index.html and the favicon revalidate', async () => {
    expect((await get('/console/assets/Shell-Ab12.js', 'br')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/console/')).headers['cache-control']).toBe('no-cache');
    expect((await get('/console/favicon.svg')).headers['cache-control']).toBe('no-cache');
  });

  it('answers a console address with index.html, a missing file with 404, and never serves the compressed copy by its own name as a page', async () => {
    for (const encoding of ['br', 'gzip', undefined]) {
      const root = await get('/console/', encoding);
      expect(root.statusCode, encoding).toBe(200);
      expect(root.body).toContain('id="root"');
    }
    const deep = await get('/console/reports/123');
    expect(deep.statusCode).toBe(200);
    expect(deep.body).toContain('id="root"');
    expect((await get('/console/assets/Missing-0000.js', 'br')).statusCode).toBe(404);
    expect((await get('/console')).statusCode).toBe(302);
  });

  it('sends the page that also preloads the shell (and at the root the home page) to a signed-in caller only, never cached for another', async () => {
    const variant = async (url: string, session?: string) => {
      const res = await app.inject({ url, headers: { 'accept-encoding': 'br', ...(session ? { 'x-test-session': session } : {}) } });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers.vary).toMatch(/cookie/i);
      expect(res.headers['cache-control']).toBe('no-cache');
      return /data-v="(\w+)"/.exec(res.body)?.[1] ?? 'plain';
    };
    expect(await variant('/console/')).toBe('plain');
    expect(await variant('/console/reports/123')).toBe('plain');
    expect(await variant('/console/', 's1')).toBe('home');
    expect(await variant('/console/reports/123', 's1')).toBe('shell');
    expect(await variant('/console/admin/users', 's1')).toBe('shell');
  });

  it('falls back to index.html when a build has no variants', () => {
    const none = () => false;
    expect(indexFileFor(true, '', none)).toBe('index.html');
    expect(indexFileFor(true, 'reports', none)).toBe('index.html');
    expect(indexFileFor(false, '', () => true)).toBe('index.html');
  });

  it('names the hashed files, and only them, as exempt from the rate limit', () => {
    expect(isConsoleAsset('/console/assets/Shell-Ab12.js')).toBe(true);
    for (const url of ['/console/', '/console/reports', '/api/v1/auth/login', '/console/assets/../../api/v1/users', '/assets/x.js'])
      expect(isConsoleAsset(url), url).toBe(false);
  });
});

describeEachDb('console files and the rate limit', (db) => {
  it('never answers 429 for the console’s files, while the API beside them is limited', async () => {
    const t = await createTestApp(db(), { http: { rateLimitPerMinute: 5 } });
    try {
      for (let i = 0; i < 20; i++) {
        const res = await t.app.inject({ url: `/console/assets/Chunk-${i}.js`, headers: { 'accept-encoding': 'br' } });
        expect(res.statusCode, `file ${i}`).not.toBe(429);
      }
      const api = [];
      for (let i = 0; i < 8; i++) api.push((await t.app.inject({ url: '/api/v1/units' })).statusCode);
      expect(api).toContain(429);
    } finally {
      await t.close();
    }
  });
});
