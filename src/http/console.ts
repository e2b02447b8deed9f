import { existsSync } from 'node:fs';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { fromRoot } from '../shared/paths.js';

/** Hashed file names (`assets/Shell-Bh--Bw7M.js`) never change content: cached for a year, never revalidated. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * Which version of index.html to send (ui/vite.config.ts writes three): with a live session the HTML
 * also asks for the shell's files — and at the console's root for the home page's files and counts —
 * so a phone on a slow link fetches them side by side with the entry instead of one round trip after
 * another. Nobody signed in gets the sign-in page's files only. A build without the variants (an older
 * one) falls back to index.html.
 */
export function indexFileFor(signedIn: boolean, page: string, has: (file: string) => boolean): string {
  if (!signedIn) return 'index.html';
  const file = page === '' ? 'index.home.html' : 'index.shell.html';
  return has(file) ? file : 'index.html';
}

/** A built file of the console (`/console/assets/…`): static, hashed, never rate-limited. */
export const isConsoleAsset = (url: string): boolean => url.startsWith('/console/assets/') && !url.includes('..');

/**
 * Serves the built console under /console/, with the single-page app's fallback to index.html.
 * The build writes a brotli and a gzip copy beside each text file (ui/vite.config.ts), so a
 * browser that accepts them gets the small one with no compression work per request
 * (`preCompressed`, with `Vary: Accept-Encoding`); others get the file itself.
 */
export async function installConsole(app: FastifyInstance, root = fromRoot('dist', 'console')): Promise<void> {
  const built = existsSync(`${root}/index.html`);
  const variants = new Set(['index.home.html', 'index.shell.html'].filter((f) => existsSync(`${root}/${f}`)));
  if (built) {
    await app.register(fastifyStatic, {
      root,
      prefix: '/console/',
      // index.html is sent by the fallback below, for /console/ too: @fastify/static's own index answers 404
      // to a browser that accepts brotli when the build left no index.html.br beside it.
      index: false,
      wildcard: false,
      cacheControl: false,
      preCompressed: true,
      // index.html must be re-read so a new build is picked up at once; favicon.svg keeps its name across builds
      setHeaders: (res, file) => void res.header('cache-control', /[\\/]assets[\\/]/.test(file) ? IMMUTABLE : 'no-cache'),
    });
  }
  // The site root belongs to the public reporting pages (public/routes.ts).
  app.get('/console', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/console/'));
  app.get('/console/*', { schema: { hide: true } }, async (req, reply) => {
    if (!built) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('Giao diện quản trị chưa được xây dựng: chạy `npm run build`.\nThe console has not been built: run `npm run build`.');
    }
    const file = (req.params as { '*': string })['*'];
    if (file && /\.[a-z0-9]+$/i.test(file)) {
      // Only existing asset files reach here via @fastify/static; anything else with an extension is a 404.
      return reply.callNotFound();
    }
    // the answer depends on the session cookie: never reused for another caller
    const index = indexFileFor(req.sessionId != null, file ?? '', (f) => variants.has(f));
    return reply.header('cache-control', 'no-cache').header('vary', 'Cookie').sendFile(index);
  });
}
