/** Shapes of GET /api/v1/fleet/nodes and POST /api/v1/fleet/enrolments (src/filter/fleet/nodes/routes.ts). */
export type NodeAlert = 'silent' | 'behind';

export interface FleetNode {
  id: string;
  name: string;
  schools: Array<{ id: string; code: string; name: string }>;
  address: string | null;
  enrolledAt: string;
  lastSeenAt: string | null;
  softwareVersion: string | null;
  policyVersion: number | null;
  lag: number | null;
  behindSince: string | null;
  health: { upstreams: Array<{ server: string; up: boolean }>; qps: number; cacheHitRatio: number } | null;
  revokedAt: string | null;
  revokeReason: string | null;
  alerts: NodeAlert[];
}

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
