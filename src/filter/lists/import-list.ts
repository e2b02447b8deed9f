import { existsSync, readFileSync, rmSync } from 'node:fs';
import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { AppError, badInput } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { cityFilterPolicy } from '../filter.policy.js';
import { type GuardHit, type GuardSet, guardAppliesTo } from '../guard/guard-set.js';
import { loadGuard } from '../guard/read-guard.js';
import { assertPlausibleList, downloadList, rejectsToShow } from '../list-download.js';
import { TAG_SUBDOMAINS_ONLY } from '../matcher.js';
import { publishSnapshot } from '../service.js';
import { listFile, readSettings, writeAtomic } from '../store.js';
import type { FilterListsTable } from '../tables.js';
import { normalisedSink, parseList, type Rejected, type RuleSink } from './parse.js';
import { changeShare, diffLists, type SkipLine } from './refresh/diff.js';
import { type HeldRefresh, holdRefresh } from './refresh/hold-refresh.js';

/** A rejected line; guarded ones name the guard entry and its reason. */
export interface ImportRejected extends Rejected {
  guard?: string;
  guardReasonVi?: string;
  guardReasonEn?: string;
}

export interface ImportResult {
  list: FilterListsTable;
  lines: number;
  accepted: number;
  exceptions: number;
  rejected: number;
  rejectedLines: ImportRejected[];
  /** the refresh was held for review (the previous version keeps serving) */
  held: HeldRefresh | null;
}

/** The line number of each guarded name in the source (the parser's sink sees names, not lines). */
function lineNumbers(raw: Buffer, names: string[]): Map<string, number> {
  const out = new Map<string, number>();
  if (names.length === 0) return out;
  const text = raw.toString('latin1').toLowerCase();
  const nl: number[] = [];
  for (let p = text.indexOf('\n'); p >= 0; p = text.indexOf('\n', p + 1)) nl.push(p);
  const lineAt = (pos: number) => {
    let lo = 0;
    let hi = nl.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (nl[mid]! < pos) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  const label = (c: string | undefined) => c !== undefined && /[a-z0-9_-]/.test(c);
  for (const n of names) {
    const bare = n.startsWith('*.') ? n.slice(2) : n;
    for (let p = text.indexOf(bare); p >= 0; p = text.indexOf(bare, p + 1)) {
      // a whole name: not the tail of a longer one ('x.zalo.me'), nor the head of one ('zalo.me.vn')
      const before = text[p - 1];
      if (label(before) || (before === '.' && text[p - 2] !== '*')) continue;
      const after = p + bare.length;
      if (label(text[after]) || (text[after] === '.' && label(text[after + 1]))) continue;
      out.set(n, lineAt(p));
      break;
    }
  }
  return out;
}

const tee = (a: RuleSink, b: RuleSink): RuleSink => ({
  rule(buf, s, e, f) {
    a.rule(buf, s, e, f);
    b.rule(buf, s, e, f);
  },
  ruleName(n, f) {
    a.ruleName?.(n, f);
    b.ruleName?.(n, f);
  },
});

/**
 * Imports a list (a new one, or a new version of `listId`). Lines that hit the guard list are
 * refused and reported with the guard's reason (the stored file keeps what the source says; the
 * compiler refuses them at every build, so a guard added later applies too). A new version of an
 * existing list that adds or removes more than the configured share of its entries, or adds
 * guarded names, is held for review (`force` skips that: approving a held version).
 */
export async function importList(
  ctx: Ctx,
  input: { name: string; category: string; url?: string; file?: string; content?: Buffer; listId?: string; force?: boolean },
  onProgress?: (done: number, total: number) => void,
): Promise<ImportResult> {
  cityFilterPolicy.authorize(ctx.actor, 'import');
  const cat = await ctx.db.kysely.selectFrom('filter_categories').select(['code', 'kind']).where('code', '=', input.category).executeTakeFirst();
  if (!cat) throw badInput(`category: ${input.category}`);
  // a URL only through the outbound module (list-download.ts): no private address, capped, generic errors
  const raw = input.content ?? (input.url ? await downloadList(input.url, ctx.config, onProgress) : input.file ? readFileSync(input.file) : null);
  if (!raw) throw badInput('source');
  const id = input.listId ?? newId();
  const existing = await ctx.db.kysely.selectFrom('filter_lists').selectAll().where('id', '=', id).executeTakeFirst();
  const guard = await loadGuard(ctx.db.kysely);
  const guarded = guardAppliesTo({ code: existing?.code ?? null, source_type: existing?.source_type ?? (input.url ? 'url' : 'upload') }, cat.kind);

  const rejectedLines: ImportRejected[] = [];
  const hits: Array<{ name: string; hit: GuardHit }> = [];
  const sink = normalisedSink();
  const counting = guard.set.filter({ rule() {}, ruleName() {} }, (name, hit) => {
    if (hits.length < 1000) hits.push({ name, hit });
  });
  const stats = parseList(raw, guarded ? tee(sink, counting) : sink, (r) => rejectedLines.push(r), 1000);
  if (input.url) {
    // what a URL answered is shown sparingly (issue 10): a few lines, each cut short
    assertPlausibleList(raw, stats);
    rejectedLines.splice(0, rejectedLines.length, ...rejectsToShow(rejectedLines));
  }
  const refused = guarded ? counting.refused : 0;
  const lineOf = lineNumbers(
    raw,
    hits.map((h) => h.name),
  );
  for (const h of hits)
    rejectedLines.push({
      line: lineOf.get(h.name) ?? 0,
      text: h.name,
      reason: 'guarded',
      guard: h.hit.guard.domain,
      guardReasonVi: h.hit.guard.reasonVi,
      guardReasonEn: h.hit.guard.reasonEn,
    });
  rejectedLines.sort((a, b) => a.line - b.line);
  const accepted = stats.accepted - refused;
  if (accepted <= 0) throw new AppError(400, 'filter.list_empty', { rejected: stats.rejected + refused });
  const counts = { lines: stats.lines, accepted, exceptions: stats.exceptions, rejected: stats.rejected + refused };
  const content = sink.result();

  // a new version of an existing list: held for review when it changes too much or adds guarded names
  if (existing && !input.force) {
    const file = listFile(ctx.config.dataDir, id);
    const old = existsSync(file) ? readFileSync(file) : Buffer.alloc(0);
    // guarded lines are not entries (refused at every compile): they are reported in guardedAdded,
    // not counted in the diff, so before + added - removed = after
    const diff = diffLists(old, content, 50, guarded ? guardedLine(guard.set) : undefined);
    const settings = await readSettings(ctx.db.kysely);
    const known = new Set((await ctx.db.kysely.selectFrom('filter_list_guard_hits').select('name').where('list_id', '=', id).execute()).map((r) => r.name));
    const guardedAdded = hits.filter((h) => !known.has(h.name));
    const reasons: Array<'share' | 'guarded'> = [];
    if (changeShare(diff) > settings.refreshMaxChangeShare) reasons.push('share');
    if (guardedAdded.length) reasons.push('guarded');
    if (reasons.length) {
      const held = await holdRefresh(ctx, existing, content, { diff, counts, reasons, threshold: settings.refreshMaxChangeShare, guardedAdded });
      return { list: existing, ...counts, rejectedLines, held };
    }
  }

  const t = ctx.clock().toISOString();
  writeAtomic(listFile(ctx.config.dataDir, `${id}.next`), content);
  const list = await ctx.db.kysely.transaction().execute(async (trx) => {
    const row: FilterListsTable = {
      id,
      code: existing?.code ?? null,
      name: input.name,
      category_code: input.category,
      source_type: existing?.source_type ?? (input.url ? 'url' : 'upload'),
      source: input.url ?? existing?.source ?? (input.file ? input.file.split('/').pop()! : null),
      enabled: existing?.enabled ?? 1,
      entry_count: accepted,
      exception_count: stats.exceptions,
      rejected_count: counts.rejected,
      last_refreshed_at: t,
      last_error: null,
      created_at: existing?.created_at ?? t,
      updated_at: t,
    };
    if (existing) await trx.updateTable('filter_lists').set(row).where('id', '=', id).execute();
    else await trx.insertInto('filter_lists').values(row).execute();
    await trx.deleteFrom('filter_list_guard_hits').where('list_id', '=', id).execute();
    const seen = new Set<string>();
    const hitRows = hits.filter((h) => !seen.has(h.name) && seen.add(h.name)).map((h) => ({ list_id: id, name: h.name, guard_domain: h.hit.guard.domain }));
    for (let i = 0; i < hitRows.length; i += 500)
      await trx
        .insertInto('filter_list_guard_hits')
        .values(hitRows.slice(i, i + 500))
        .execute();
    // an applied version replaces any version that was waiting
    await trx.deleteFrom('filter_held_refreshes').where('list_id', '=', id).execute();
    await audit(
      ctx,
      trx,
      existing ? 'filter_list.refreshed' : 'filter_list.imported',
      { type: 'filter_list', id: id },
      { name: row.name, category: row.category_code, source: row.source, accepted, rejected: counts.rejected, guarded: refused },
    );
    return row;
  });
  // the new rules replace the old only once the row is committed
  writeAtomic(listFile(ctx.config.dataDir, id), readFileSync(listFile(ctx.config.dataDir, `${id}.next`)));
  rmSync(listFile(ctx.config.dataDir, `${id}.next`), { force: true });
  rmSync(listFile(ctx.config.dataDir, `${id}.held`), { force: true });
  await publishSnapshot(ctx.db.kysely, ctx.config.dataDir);
  return { list, ...counts, rejectedLines, held: null };
}

/** A normalised line (`name`, `*.name`, `@@name`) the guard refuses; `@@` exception lines never are. */
function guardedLine(set: GuardSet): SkipLine {
  return (buf, s, e) => {
    if (buf[s] === 0x40 && buf[s + 1] === 0x40) return false;
    if (buf[s] === 0x2a && buf[s + 1] === 0x2e) return set.hitsBytes(buf, s + 2, e, TAG_SUBDOMAINS_ONLY);
    return set.hitsBytes(buf, s, e, 0);
  };
}
