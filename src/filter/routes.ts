import type { FastifyInstance } from 'fastify';
import type { Deps } from '../context.js';
import './messages.js';
import { monitorRoutes } from './monitor-routes.js';
import { networkRoutes } from './networks/routes.js';
import { policyRoutes } from './policy-routes.js';
import { schoolRoutes } from './school-routes.js';

/**
 * /api/v1/filter/… — see src/filter/README.md for the shapes. Each group validates, authorises,
 * calls one use case and presents; the false-positive loop's routes are in safety-routes.ts.
 */
export async function filterRoutes(fastify: FastifyInstance, deps: Deps): Promise<void> {
  await policyRoutes(fastify, deps);
  await schoolRoutes(fastify, deps);
  // networks and the ranges the city assigns: src/filter/networks (ownership rules, issue 10)
  await networkRoutes(fastify, deps);
  await monitorRoutes(fastify, deps);
}
