import type { Lang } from '../shared/i18n.js';
import { jsonOr } from '../shared/json.js';
import type { ImportResult } from './lists/import-list.js';
import type { Band, CategoryDef } from './model.js';
import { presentRejected } from './safety-present.js';
import type { FilterAlertsTable, FilterCountersTable, FilterListsTable, FilterSchoolRulesTable, FilterTopBlockedTable } from './tables.js';

/** Row → API mapping of the filter's records (the false-positive loop's are in safety-present.ts). */

export const presentList = (l: FilterListsTable) => ({
  id: l.id,
  name: l.name,
  category: l.category_code,
  sourceType: l.source_type,
  source: l.source,
  enabled: l.enabled === 1,
  entries: Number(l.entry_count),
  exceptions: Number(l.exception_count),
  rejected: Number(l.rejected_count),
  lastRefreshedAt: l.last_refreshed_at,
  lastError: l.last_error,
});

/** An import or refresh: the list, its counts and the rejected lines in the caller's language. */
export const presentImport = (lang: Lang, r: ImportResult) => ({
  ...r,
  list: presentList(r.list),
  rejectedLines: r.rejectedLines.map((x) => presentRejected(lang, x)),
});

export const presentCategory = (c: CategoryDef, domains: number) => ({
  code: c.code,
  bit: c.bit,
  kind: c.kind,
  mandatory: c.mandatory,
  nameVi: c.vi,
  nameEn: c.en,
  domains,
});

export const presentSchoolRules = (r: FilterSchoolRulesTable) => ({
  band: r.band as Band | 'all',
  blockedCategories: jsonOr<string[]>(r.blocked_categories, []),
  blockDomains: jsonOr<string[]>(r.block_domains, []),
  allowDomains: jsonOr<string[]>(r.allow_domains, []),
});

export const presentStats = (s: { hours: FilterCountersTable[]; top: FilterTopBlockedTable[] }) => ({
  hours: s.hours.map((r) => ({ hour: r.hour, schoolId: r.school_id, band: r.band, category: r.category, count: Number(r.count) })),
  top: s.top.map((r) => ({ day: r.day, schoolId: r.school_id, domain: r.domain, category: r.category, count: Number(r.count) })),
});

export const presentAlert = (a: FilterAlertsTable) => ({
  id: a.id,
  schoolId: a.school_id,
  category: a.category,
  hour: a.hour,
  count: Number(a.count),
  baseline: Number(a.baseline),
  acknowledgedAt: a.acknowledged_at,
});
