import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * The security headers every answer carries, worked out by helmet once. Helmet's options are
 * static here (no per-request nonces), so its headers are the same for every request; the Fastify
 * plugin for helmet rebuilt its middleware — parsing the CSP directives again — on every request,
 * 5 % of the reporting centre's CPU per report. Names are lower case, as Node sends them.
 */
export function securityHeaders(options: HelmetOptions): Readonly<Record<string, string>> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()];
    },
  };
  let failed: unknown = null;
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (err?: unknown) => {
    failed = err ?? null;
  });
  if (failed) throw failed;
  return Object.freeze(headers);
}
