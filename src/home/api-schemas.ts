import { Type } from '@sinclair/typebox';
import { Nullable } from '../http/schemas.js';

const Count = Type.Integer({ minimum: 0 });
const Optional = Nullable(Count);

/**
 * GET /home: the caller's work, counted. Each part is null when the caller has no part in it
 * (their home page leaves it out), so one answer serves every role.
 */
export const HomeCounts = Type.Object({
  reports: Nullable(Type.Object({ open: Count, new: Count, p1: Count, overdue: Count })),
  handovers: Nullable(Type.Object({ open: Count })),
  detection: Nullable(Type.Object({ toDecide: Count, failed: Count, waiting: Count })),
  filter: Nullable(
    Type.Object({
      reviewsWaiting: Optional,
      networks: Optional,
      lookups24h: Optional,
      blocked24h: Optional,
      /** filter nodes silent or behind (issue 16): only for those who manage the fleet */
      fleetNodesNeedingLook: Type.Optional(Count),
    }),
  ),
  admin: Nullable(Type.Object({ lockedAccounts: Count, accountsWithout2fa: Count, tokensExpiringSoon: Count })),
  /** a school administrator's own school: sessions in the coverage page's period, covered with at least N */
  programmes: Nullable(Type.Object({ sessions: Count, minSessions: Count, covered: Type.Boolean(), from: Type.String(), to: Type.String() })),
  /** When the counts were taken (the overdue rule and the 24-hour window are judged at this instant). */
  at: Type.String(),
});
