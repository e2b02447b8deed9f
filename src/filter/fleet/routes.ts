import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../context.js';
import { fleetPolicyRoutes } from './centre/policy-routes.js';
import { fleetAddressRoutes } from './nodes/address-routes.js';
import { fleetNodeRoutes } from './nodes/routes.js';

/**
 * /api/v1/fleet/…: the filter fleet (issue 16) — policy delivery to nodes (centre/) and the node
 * registry (nodes/). Listed in src/platform.ts.
 */
export async function fleetRoutes(app: FastifyInstance, deps: Deps): Promise<void> {
  await fleetPolicyRoutes(app, deps);
  await fleetNodeRoutes(app, deps);
  await fleetAddressRoutes(app, deps);
}
