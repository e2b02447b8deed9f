import type { Tx } from '../../db/database.js';
import { newId } from '../../shared/ids.js';

/** Where case work stands, as the reporter's status page shows it: a case is open, or finished. */
export type CaseStage = 'open' | 'finished';

/**
 * Case management tells the reports behind a case where it stands (taken → 'open', both tracks
 * closed → 'finished', reopened → 'open'). Only the coarse stage crosses over: no name, note or
 * step of the case reaches intake. Recorded as an intake event; the status page's "updated" date moves.
 */
export async function setReportsCaseStage(trx: Tx, reportIds: readonly string[], stage: CaseStage, now: string): Promise<void> {
  if (reportIds.length === 0) return;
  const rows = await trx
    .selectFrom('intake_reports')
    .select(['id', 'case_stage'])
    .where('id', 'in', [...reportIds])
    .execute();
  const changing = rows.filter((r) => r.case_stage !== stage).map((r) => r.id);
  if (changing.length === 0) return;
  await trx.updateTable('intake_reports').set({ case_stage: stage, updated_at: now }).where('id', 'in', changing).execute();
  await trx
    .insertInto('intake_events')
    .values(changing.map((id) => ({ id: newId(), report_id: id, at: now, actor_label: 'case management', type: `case_${stage}`, detail: '{}' })))
    .execute();
}
