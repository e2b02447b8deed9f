import type { Tx } from '../../db/database.js';
import type { Sealer } from '../../shared/secrets.js';

/**
 * The reported links of reports a case is linked to, for the case's letters (a takedown request
 * lists them). The caller has authorised the case; a report joined to it is part of its file.
 * Links only — never the description or the reporter's contact.
 */
export async function reportUrlsForCase(db: Tx, sealer: Sealer, reportIds: readonly string[]): Promise<string[]> {
  if (reportIds.length === 0) return [];
  const rows = await db
    .selectFrom('intake_reports')
    .select(['id', 'sealed_detail'])
    .where('id', 'in', [...reportIds])
    .orderBy('created_at')
    .execute();
  const urls = new Set<string>();
  for (const r of rows) {
    const detail = JSON.parse(sealer.open(r.sealed_detail)) as { urls?: unknown };
    if (Array.isArray(detail.urls)) for (const u of detail.urls) if (typeof u === 'string') urls.add(u);
  }
  return [...urls];
}
