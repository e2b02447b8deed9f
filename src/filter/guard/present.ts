import type { FilterGuardDecisionsTable, FilterGuardEntriesTable } from '../safety-tables.js';

export const presentGuardEntry = (r: FilterGuardEntriesTable) => ({
  domain: r.domain,
  group: r.group_code,
  reasonVi: r.reason_vi,
  reasonEn: r.reason_en,
  origin: r.origin,
  tenantSubdomains: Number(r.tenant_subdomains) === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export const presentGuardDecision = (r: FilterGuardDecisionsTable, names: Map<string, string> = new Map()) => ({
  id: r.id,
  domain: r.domain,
  category: r.category_code,
  reason: r.reason,
  guard: r.guard_domain,
  decidedBy: r.decided_by ? (names.get(r.decided_by) ?? r.decided_by) : null,
  decidedAt: r.decided_at,
  revokedAt: r.revoked_at,
  revokedReason: r.revoked_reason,
});
