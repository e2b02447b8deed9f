import type { Tx } from '../db/database.js';

/**
 * The self-harm alert: when one school's self-harm look-ups in an hour rise well above its usual
 * level, its designated counsellor gets an alert with the numbers — never who looked.
 * Usual level = mean hourly count over the previous 7 days (hours with none count as zero).
 * Threshold = max(5, 3 × usual).
 */
export const ALERT_CATEGORY = 'self_harm';
export const ALERT_MIN = 5;
export const ALERT_FACTOR = 3;

export async function checkAlerts(db: Tx, hour: string, schoolIds: string[], now: string, newId: () => string): Promise<number> {
  let created = 0;
  const since = new Date(Date.parse(hour) - 7 * 24 * 3600_000).toISOString();
  for (const schoolId of schoolIds) {
    const rows = await db
      .selectFrom('filter_counters')
      .select(['hour', 'count'])
      .where('school_id', '=', schoolId)
      .where('category', '=', ALERT_CATEGORY)
      .where('hour', '>=', since)
      .where('hour', '<=', hour)
      .execute();
    const current = rows.filter((r) => r.hour === hour).reduce((n, r) => n + Number(r.count), 0);
    const before = rows.filter((r) => r.hour !== hour).reduce((n, r) => n + Number(r.count), 0);
    const baseline = before / (7 * 24);
    if (current < Math.max(ALERT_MIN, ALERT_FACTOR * baseline)) continue;
    const counsellor = await db.selectFrom('filter_school_settings').select('counsellor_user_id').where('school_id', '=', schoolId).executeTakeFirst();
    const res = await db
      .insertInto('filter_alerts')
      .values({
        id: newId(),
        school_id: schoolId,
        category: ALERT_CATEGORY,
        hour,
        count: current,
        baseline: Math.round(baseline * 100) / 100,
        recipient_user_id: counsellor?.counsellor_user_id ?? null,
        created_at: now,
        acknowledged_at: null,
      })
      .onConflict((oc) => oc.columns(['school_id', 'category', 'hour']).doUpdateSet({ count: current }))
      .executeTakeFirst();
    if (Number(res.numInsertedOrUpdatedRows ?? 0) > 0) created++;
  }
  return created;
}
