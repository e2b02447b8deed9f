/** Shapes of GET /api/v1/fleet/nodes and POST /api/v1/fleet/enrolments (src/filter/fleet/nodes/routes.ts). */
import type { NodeView } from '../../../../src/filter/fleet/nodes/list-nodes.js';

export type FleetNode = NodeView;

export interface FleetList {
  centreVersion: number;
  items: FleetNode[];
}

export interface Enrolment {
  id: string;
  name: string;
  schoolIds: string[];
  expiresAt: string;
  token: string;
  command: string;
}
