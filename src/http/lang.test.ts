import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installLanguage } from './lang.js';

describe('req.lang', () => {
  const app = Fastify();
  beforeAll(async () => {
    installLanguage(app);
    app.get('/lang', async (req) => ({ lang: req.lang }));
    await app.ready();
  });
  afterAll(() => app.close());

  const langOf = async (header?: string) =>
    (await app.inject({ method: 'GET', url: '/lang', headers: header === undefined ? {} : { 'accept-language': header } })).json().lang;

  it('is Vietnamese unless English is preferred', async () => {
    expect(await langOf()).toBe('vi');
    expect(await langOf('')).toBe('vi');
    expect(await langOf('en')).toBe('en');
    expect(await langOf('en-GB,en;q=0.9')).toBe('en');
    expect(await langOf('vi-VN,vi;q=0.9,en;q=0.8')).toBe('vi');
    expect(await langOf('fr,en;q=0.5')).toBe('en');
    expect(await langOf('vi;q=0.2,en;q=0.8')).toBe('en');
  });

  it('falls back to Vietnamese on hostile or unknown headers', async () => {
    expect(await langOf('de,fr')).toBe('vi');
    expect(await langOf('en;q=0,fr')).toBe('vi');
    expect(await langOf('en;q=abc')).toBe('vi');
    expect(await langOf(`${'x,'.repeat(2000)}en`)).toBe('en');
    expect(await langOf(';;;,,,')).toBe('vi');
  });
});
