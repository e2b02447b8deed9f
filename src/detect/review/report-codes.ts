import type { Tx } from '../../db/database.js';

/**
 * Tracking codes of the reports items came from, so the analyst sees "LC-…" and follows a link to
 * the report instead of an id. Read from the reporting centre's table by column only (no intake
 * code is imported: detection knows intake's records through evidence/ and the database, as the
 * detection requests themselves are read). The code is not personal data.
 */
export async function reportCodes(db: Tx, reportIds: ReadonlyArray<string | null>): Promise<Map<string, string>> {
  const ids = [...new Set(reportIds.filter((x): x is string => x !== null))];
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('intake_reports').select(['id', 'tracking_code']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.tracking_code]));
}
