import type { Actor } from '../access/actor.js';
import type { JobRunner } from '../shared/jobs.js';

import type { HttpOptions } from './app.js';

declare module 'fastify' {
  interface FastifyInstance {
    httpOptions: HttpOptions;
    routeTable: Array<{ method: string; url: string }>;
    /** the background jobs of this process (shared/jobs.ts) */
    jobs: JobRunner;
  }
  interface FastifyRequest {
    /** Who is calling; `anonymous` until authentication says otherwise. */
    actor: Actor;
    /** Hash of the session cookie, when the caller is a signed-in staff member. */
    sessionId: string | null;
  }
  interface FastifyContextConfig {
    /** false on the few cookie-authenticated writes that cannot carry a CSRF token (login). */
    csrf?: boolean;
    /** true on routes whose bearer is not an API token (fleet filter nodes): they authenticate it themselves. */
    ownBearer?: boolean;
  }
}
