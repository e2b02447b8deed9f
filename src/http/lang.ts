import type { FastifyInstance, FastifyRequest } from 'fastify';
import { type Lang, langFromHeader } from '../shared/i18n.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The caller's language from Accept-Language (Vietnamese unless English is preferred). */
    readonly lang: Lang;
  }
}

/**
 * Decorates every request with `req.lang`, so handlers stop reading the header themselves. A getter
 * rather than an onRequest hook: it holds even for requests that fail before any hook has run, and
 * costs nothing on the many requests that never ask (the header is a few bytes to scan).
 */
export function installLanguage(app: FastifyInstance): void {
  app.decorateRequest('lang', {
    getter(this: FastifyRequest) {
      return langFromHeader(this.headers['accept-language']);
    },
  });
}
