import { audit } from '../../../audit/audit.js';
import type { Ctx } from '../../../context.js';
import { newId } from '../../../shared/ids.js';
import { jsonOr } from '../../../shared/json.js';
import type { GuardHit } from '../../guard/guard-set.js';
import type { FilterHeldRefreshesTable } from '../../safety-tables.js';
import { listFile, writeAtomic } from '../../store.js';
import type { FilterListsTable } from '../../tables.js';
import type { ListDiff } from './diff.js';

export interface HeldRefresh {
  id: string;
  listId: string;
  listName: string;
  category: string;
  reasons: Array<'share' | 'guarded'>;
  entriesBefore: number;
  entriesAfter: number;
  added: number;
  removed: number;
  share: number;
  threshold: number;
  addedSample: string[];
  removedSample: string[];
  guardedAdded: Array<{ name: string; guard: string; reasonVi: string; reasonEn: string }>;
  createdAt: string;
}

export function presentHeld(r: FilterHeldRefreshesTable, list: Pick<FilterListsTable, 'name' | 'category_code'>): HeldRefresh {
  return {
    id: r.id,
    listId: r.list_id,
    listName: list.name,
    category: list.category_code,
    reasons: jsonOr(r.reasons, []),
    entriesBefore: Number(r.entries_before),
    entriesAfter: Number(r.entries_after),
    added: Number(r.added),
    removed: Number(r.removed),
    share: Math.max(Number(r.added), Number(r.removed)) / Math.max(Number(r.entries_before), 1),
    threshold: Number(r.threshold),
    addedSample: jsonOr(r.added_sample, []),
    removedSample: jsonOr(r.removed_sample, []),
    guardedAdded: jsonOr(r.guarded_added, []),
    createdAt: r.created_at,
  };
}

/**
 * Keeps a new version of a list aside instead of applying it: the file waits as `<id>.held`, the
 * row says why and what would change; the previous version keeps serving. A newer held version
 * replaces an older one. Audited.
 */
export async function holdRefresh(
  ctx: Ctx,
  list: FilterListsTable,
  content: Buffer,
  o: {
    diff: ListDiff;
    counts: { lines: number; accepted: number; exceptions: number; rejected: number };
    reasons: Array<'share' | 'guarded'>;
    threshold: number;
    guardedAdded: Array<{ name: string; hit: GuardHit }>;
  },
): Promise<HeldRefresh> {
  const now = ctx.clock().toISOString();
  writeAtomic(listFile(ctx.config.dataDir, `${list.id}.held`), content);
  const row: FilterHeldRefreshesTable = {
    id: newId(),
    list_id: list.id,
    reasons: JSON.stringify(o.reasons),
    entries_before: o.diff.before,
    // from the same diff as added/removed (distinct entries, guarded names left out): the numbers add up
    entries_after: o.diff.after,
    exceptions_after: o.counts.exceptions,
    rejected_after: o.counts.rejected,
    lines_after: o.counts.lines,
    added: o.diff.added,
    removed: o.diff.removed,
    threshold: o.threshold,
    added_sample: JSON.stringify(o.diff.addedSample),
    removed_sample: JSON.stringify(o.diff.removedSample),
    guarded_added: JSON.stringify(
      o.guardedAdded.slice(0, 50).map((g) => ({ name: g.name, guard: g.hit.guard.domain, reasonVi: g.hit.guard.reasonVi, reasonEn: g.hit.guard.reasonEn })),
    ),
    created_at: now,
  };
  await ctx.db.kysely.transaction().execute(async (trx) => {
    await trx.deleteFrom('filter_held_refreshes').where('list_id', '=', list.id).execute();
    await trx.insertInto('filter_held_refreshes').values(row).execute();
    // the source was read: the timed refresh waits its interval again instead of re-holding every 15 minutes
    await trx.updateTable('filter_lists').set({ last_refreshed_at: now, last_error: null }).where('id', '=', list.id).execute();
    await audit(
      ctx,
      trx,
      'filter_list.refresh_held',
      { type: 'filter_list', id: list.id },
      {
        reasons: o.reasons,
        before: o.diff.before,
        after: o.diff.after,
        added: o.diff.added,
        removed: o.diff.removed,
        guarded: o.guardedAdded.length,
      },
    );
  });
  return presentHeld(row, list);
}
