import { audit } from '../audit/audit.js';
import type { Ctx, Deps } from '../context.js';
import type { Tx } from '../db/database.js';
import { badInput } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { cleanText } from '../shared/text.js';
import { cityFilterPolicy } from './filter.policy.js';
import { cleanDomains } from './lists/clean-domains.js';
import { publishSnapshot } from './service.js';
import { listFile, writeAtomic } from './store.js';

/**
 * "Harmful — confirmed by the centre": domains the analysts of the reporting centre decided are
 * harmful (detect/review). The filter is DNS, so a confirmation blocks the whole domain and its
 * subdomains, never one URL: `https://facebook.com/some.page` cannot be blocked without blocking
 * facebook.com — such decisions go to the takedown list instead (the caller decides which).
 *
 * The entries live in `filter_centre_entries` (the truth, written in the caller's transaction
 * with its audit entry); the list file the DNS engine compiles is written from them after the
 * commit by `publishConfirmed`, which then bumps the list's `updated_at` (the signature of the
 * city's small compiled table: store.ts compileDomains; the big table of third-party lists is not
 * rebuilt) and publishes a snapshot. The file is always written before the signature changes,
 * so no compiled table is ever cached under the new signature with old content.
 */
export const CONFIRMED_CATEGORY = 'confirmed_harmful';
export const CONFIRMED_LIST_CODE = 'centre_confirmed';

/** The centre's list row, made on first use (category `confirmed_harmful`, mandatory for every band). */
async function ensureList(tx: Tx, now: string): Promise<string> {
  const row = await tx.selectFrom('filter_lists').select('id').where('code', '=', CONFIRMED_LIST_CODE).executeTakeFirst();
  if (row) return row.id;
  const id = newId();
  await tx
    .insertInto('filter_lists')
    .values({
      id,
      code: CONFIRMED_LIST_CODE,
      name: 'Trung tâm đã xác nhận độc hại / Confirmed harmful by the centre',
      category_code: CONFIRMED_CATEGORY,
      source_type: 'centre',
      source: null,
      enabled: 1,
      entry_count: 0,
      exception_count: 0,
      rejected_count: 0,
      last_refreshed_at: now,
      last_error: null,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
  return (await tx.selectFrom('filter_lists').select('id').where('code', '=', CONFIRMED_LIST_CODE).executeTakeFirstOrThrow()).id;
}

/** A host as the filter stores it ('WWW.Example.COM.' → 'www.example.com'); refuses IP addresses and junk. */
export function confirmedDomainOf(input: string): string {
  const host = input.trim().toLowerCase().replace(/\.$/, '');
  if (!host || /^[\d.]+$/.test(host) || host.includes(':')) throw badInput(`domain: ${input.slice(0, 80)}`);
  const [domain] = cleanDomains([host], 'domain');
  if (!domain || domain.startsWith('@@') || domain.startsWith('*.')) throw badInput(`domain: ${input.slice(0, 80)}`);
  return domain;
}

/**
 * Adds a domain inside the caller's transaction (audited there). Call `publishConfirmed` after
 * the commit so the DNS engines block it. Adding a domain twice keeps the first entry.
 */
export async function addConfirmedHarmful(
  tx: Tx,
  ctx: Ctx,
  input: { domain: string; note?: string | null; ref?: string | null },
): Promise<{ listId: string; domain: string; added: boolean }> {
  cityFilterPolicy.authorize(ctx.actor, 'update');
  const domain = confirmedDomainOf(input.domain);
  const now = ctx.clock().toISOString();
  const listId = await ensureList(tx, now);
  const res = await tx
    .insertInto('filter_centre_entries')
    .values({
      list_id: listId,
      domain,
      note: input.note ? cleanText(input.note).slice(0, 500) : null,
      ref: input.ref ?? null,
      created_by: ctx.actor.id,
      created_at: now,
    })
    .onConflict((oc) => oc.columns(['list_id', 'domain']).doNothing())
    .executeTakeFirst();
  const added = Number(res.numInsertedOrUpdatedRows ?? 0) > 0;
  await audit(ctx, tx, 'filter_list.centre_entry_added', { type: 'filter_list', id: listId }, { domain, ref: input.ref ?? null, added });
  return { listId, domain, added };
}

/**
 * Takes back the domains a decision added (`ref`, e.g. `detect_item:<id>`), inside the caller's
 * transaction (audited there) — an analyst reopening a decision made in error. A domain that
 * another decision confirmed first keeps its entry (the first confirmation owns it). Call
 * `publishConfirmed` after the commit so the DNS engines stop blocking it.
 */
export async function removeConfirmedHarmful(tx: Tx, ctx: Ctx, input: { ref: string }): Promise<{ domains: string[] }> {
  cityFilterPolicy.authorize(ctx.actor, 'update');
  const list = await tx.selectFrom('filter_lists').select('id').where('code', '=', CONFIRMED_LIST_CODE).executeTakeFirst();
  if (!list) return { domains: [] };
  const rows = await tx.selectFrom('filter_centre_entries').select('domain').where('list_id', '=', list.id).where('ref', '=', input.ref).execute();
  if (rows.length === 0) return { domains: [] };
  await tx.deleteFrom('filter_centre_entries').where('list_id', '=', list.id).where('ref', '=', input.ref).execute();
  const domains = rows.map((r) => r.domain);
  await audit(ctx, tx, 'filter_list.centre_entry_removed', { type: 'filter_list', id: list.id }, { domains, ref: input.ref });
  return { domains };
}

/** The confirmed domains, newest first (for the console and tests). */
export async function listConfirmedHarmful(db: Tx): Promise<Array<{ domain: string; note: string | null; ref: string | null; createdAt: string }>> {
  const rows = await db
    .selectFrom('filter_centre_entries as e')
    .innerJoin('filter_lists as l', 'l.id', 'e.list_id')
    .select(['e.domain', 'e.note', 'e.ref', 'e.created_at'])
    .where('l.code', '=', CONFIRMED_LIST_CODE)
    .orderBy('e.created_at', 'desc')
    .execute();
  return rows.map((r) => ({ domain: r.domain, note: r.note, ref: r.ref, createdAt: r.created_at }));
}

/**
 * The first half of a publish: writes the centre list file from the database, then bumps the
 * list's signature. Returns the number of domains, or null when there is no list yet.
 */
export async function writeConfirmedList(deps: Pick<Deps, 'db' | 'config'>): Promise<number | null> {
  const db = deps.db.kysely;
  const list = await db.selectFrom('filter_lists').select(['id', 'updated_at']).where('code', '=', CONFIRMED_LIST_CODE).executeTakeFirst();
  if (!list) return null;
  const rows = await db.selectFrom('filter_centre_entries').select('domain').where('list_id', '=', list.id).orderBy('domain').execute();
  writeAtomic(listFile(deps.config.dataDir, list.id), rows.map((r) => `${r.domain}\n`).join(''));
  // strictly later than before, so the compiled table's signature changes even within one millisecond
  const at = new Date(Math.max(Date.now(), Date.parse(list.updated_at) + 1)).toISOString();
  await db.updateTable('filter_lists').set({ entry_count: rows.length, updated_at: at, last_refreshed_at: at }).where('id', '=', list.id).execute();
  return rows.length;
}

// Publishes run one after another in this process: each reads the committed entries afresh, so
// the last one to finish always writes the newest state.
let chain: Promise<unknown> = Promise.resolve();

/**
 * After the commit: writes the centre list file from the database, bumps the list's signature,
 * publishes a filter snapshot (engines in this process reload; `lachan filter` polls the file).
 * Also safe to call at start, to repair a file left stale by a crash between commit and publish.
 */
export function publishConfirmed(deps: Pick<Deps, 'db' | 'config'>): Promise<{ domains: number }> {
  const run = chain.then(async () => {
    const written = await writeConfirmedList(deps);
    if (written === null) return { domains: 0 };
    await publishSnapshot(deps.db.kysely, deps.config.dataDir);
    return { domains: written };
  });
  // Not swallowed: `run` (returned below) carries the failure to the caller — the decision's use
  // case, or the detect.publish-confirmed job, which logs and counts it. The chain only orders
  // publishes, and one that failed must not stop the next.
  chain = run.catch(() => undefined);
  return run;
}
