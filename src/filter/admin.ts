import { rmSync } from 'node:fs';
import { appendAudit } from '../audit/append.js';
import type { Ctx } from '../context.js';
import { AppError, badInput, conflict, notFound } from '../shared/errors.js';
import { newId } from '../shared/ids.js';
import { parseUpstream } from './engine/upstream.js';
import { cityFilterPolicy, filterAlertPolicy, schoolFilterPolicy } from './filter.policy.js';
import { normalisedSink, parseList, type Rejected } from './lists/parse.js';
import { BANDS, type Band, type BandPolicyData, type FilterSettingsData, MAX_CATEGORY_BIT } from './model.js';
import { publishSnapshot } from './service.js';
import { listFile, readBandPolicies, readSettings } from './store.js';
import type { FilterListsTable } from './tables.js';

/**
 * The filter's use cases: each checks its policy, changes rows and appends to the audit trail in
 * one transaction, then publishes a new snapshot for the DNS engine.
 */
const now = (ctx: Ctx) => ctx.clock().toISOString();
const publish = (ctx: Ctx) => publishSnapshot(ctx.db.kysely, ctx.config.dataDir);

/** Cleans a list of domain entries typed in the console; rejects the whole list on a bad line. */
export function cleanDomains(entries: readonly string[], field: string): string[] {
  const out: string[] = [];
  const rejected: Rejected[] = [];
  const sink = normalisedSink();
  parseList(Buffer.from(entries.join('\n'), 'utf8'), sink, (r) => rejected.push(r));
  if (rejected.length) throw badInput(`${field}: '${rejected[0]!.text}' (${rejected[0]!.reason})`);
  for (const l of sink.result().toString('latin1').split('\n')) if (l && !out.includes(l)) out.push(l);
  return out;
}

// ── lists ──────────────────────────────────────────────────────────────────────────────────

export { MAX_LIST_BYTES } from './list-download.js';

// import, refresh (guard list, held refreshes): lists/import-list.ts and lists/refresh/ (issue 11)
export { type ImportResult, importList } from './lists/import-list.js';
export { refreshDueLists, refreshList } from './lists/refresh/refresh-list.js';

export async function updateList(ctx: Ctx, id: string, patch: { enabled?: boolean; name?: string; category?: string }): Promise<FilterListsTable> {
  cityFilterPolicy.authorize(ctx.actor, 'update');
  const row = await ctx.db.kysely.transaction().execute(async (trx) => {
    const l = await trx.selectFrom('filter_lists').selectAll().where('id', '=', id).executeTakeFirst();
    if (!l) throw notFound();
    if (patch.category && !(await trx.selectFrom('filter_categories').select('code').where('code', '=', patch.category).executeTakeFirst()))
      throw badInput(`category: ${patch.category}`);
    const next = {
      ...l,
      enabled: patch.enabled === undefined ? l.enabled : patch.enabled ? 1 : 0,
      name: patch.name ?? l.name,
      category_code: patch.category ?? l.category_code,
      updated_at: now(ctx),
    };
    await trx.updateTable('filter_lists').set(next).where('id', '=', id).execute();
    await appendAudit(
      trx,
      { actor: ctx.actor, origin: ctx.origin, action: 'filter_list.updated', subjectType: 'filter_list', subjectId: id, detail: patch },
      ctx.clock,
    );
    return next;
  });
  await publish(ctx);
  return row;
}

export async function deleteList(ctx: Ctx, id: string): Promise<void> {
  cityFilterPolicy.authorize(ctx.actor, 'update');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const l = await trx.selectFrom('filter_lists').selectAll().where('id', '=', id).executeTakeFirst();
    if (!l) throw notFound();
    await trx.deleteFrom('filter_lists').where('id', '=', id).execute();
    await appendAudit(
      trx,
      { actor: ctx.actor, origin: ctx.origin, action: 'filter_list.deleted', subjectType: 'filter_list', subjectId: id, detail: { name: l.name } },
      ctx.clock,
    );
  });
  rmSync(listFile(ctx.config.dataDir, id), { force: true });
  await publish(ctx);
}

// ── categories ─────────────────────────────────────────────────────────────────────────────

export async function saveCategory(
  ctx: Ctx,
  code: string,
  input: { nameVi?: string; nameEn?: string; mandatory?: boolean; kind?: 'block' | 'allow' },
  create = false,
): Promise<void> {
  cityFilterPolicy.authorize(ctx.actor, 'update');
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('filter_categories').selectAll().where('code', '=', code).executeTakeFirst();
    const t = now(ctx);
    if (create) {
      if (existing) throw conflict(`category ${code}`);
      const used = new Set((await trx.selectFrom('filter_categories').select('bit').execute()).map((r) => r.bit));
      let bit = 0;
      while (used.has(bit)) bit++;
      if (bit > MAX_CATEGORY_BIT) throw new AppError(409, 'conflict', { detail: 'too many categories' });
      await trx
        .insertInto('filter_categories')
        .values({
          code,
          bit,
          kind: input.kind ?? 'block',
          mandatory: input.mandatory ? 1 : 0,
          name_vi: input.nameVi ?? code,
          name_en: input.nameEn ?? input.nameVi ?? code,
          created_at: t,
          updated_at: t,
        })
        .execute();
    } else {
      if (!existing) throw notFound();
      await trx
        .updateTable('filter_categories')
        .set({
          name_vi: input.nameVi ?? existing.name_vi,
          name_en: input.nameEn ?? existing.name_en,
          mandatory: input.mandatory === undefined ? existing.mandatory : input.mandatory ? 1 : 0,
          updated_at: t,
        })
        .where('code', '=', code)
        .execute();
    }
    await appendAudit(
      trx,
      {
        actor: ctx.actor,
        origin: ctx.origin,
        action: create ? 'filter_category.created' : 'filter_category.updated',
        subjectType: 'filter_category',
        subjectId: code,
        detail: input,
      },
      ctx.clock,
    );
  });
  await publish(ctx);
}

// ── band policies ──────────────────────────────────────────────────────────────────────────

export async function saveBandPolicy(ctx: Ctx, band: Band, patch: Partial<Omit<BandPolicyData, 'band'>>): Promise<BandPolicyData> {
  cityFilterPolicy.authorize(ctx.actor, 'update');
  if (!BANDS.includes(band)) throw badInput(`band: ${band}`);
  const cats = new Set((await ctx.db.kysely.selectFrom('filter_categories').select('code').execute()).map((r) => r.code));
  for (const c of [...(patch.blockedCategories ?? []), ...(patch.schedules ?? []).flatMap((s) => s.categories ?? [])])
    if (!cats.has(c)) throw badInput(`category: ${c}`);
  for (const s of patch.schedules ?? []) {
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(s.from) || !/^([01]\d|2[0-4]):[0-5]\d$/.test(s.to) || s.days.some((d) => !(d >= 1 && d <= 7)))
      throw badInput(`schedule: ${s.from}-${s.to}`);
  }
  const next = await ctx.db.kysely.transaction().execute(async (trx) => {
    const current = (await readBandPolicies(trx)).find((b) => b.band === band)!;
    const merged: BandPolicyData = {
      ...current,
      ...patch,
      band,
      blockDomains: patch.blockDomains ? cleanDomains(patch.blockDomains, 'blockDomains') : current.blockDomains,
      allowDomains: patch.allowDomains ? cleanDomains(patch.allowDomains, 'allowDomains') : current.allowDomains,
    };
    const { band: _b, ...data } = merged;
    const t = now(ctx);
    await trx
      .insertInto('filter_band_policies')
      .values({ band, data: JSON.stringify(data), updated_at: t })
      .onConflict((oc) => oc.column('band').doUpdateSet({ data: JSON.stringify(data), updated_at: t }))
      .execute();
    await appendAudit(
      trx,
      {
        actor: ctx.actor,
        origin: ctx.origin,
        action: 'filter_band.updated',
        subjectType: 'filter_band',
        subjectId: band,
        detail: { fields: Object.keys(patch) },
      },
      ctx.clock,
    );
    return merged;
  });
  await publish(ctx);
  return next;
}

// ── schools: additions, networks, counsellor ───────────────────────────────────────────────

export async function saveSchoolRules(
  ctx: Ctx,
  schoolId: string,
  band: Band | 'all',
  input: { blockedCategories?: string[]; blockDomains?: string[]; allowDomains?: string[] },
): Promise<void> {
  schoolFilterPolicy.authorize(ctx.actor, 'update', { school_id: schoolId });
  if (band !== 'all' && !BANDS.includes(band)) throw badInput(`band: ${band}`);
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (!(await trx.selectFrom('schools').select('id').where('id', '=', schoolId).executeTakeFirst())) throw notFound();
    const cats = await trx.selectFrom('filter_categories').select(['code', 'kind']).execute();
    for (const c of input.blockedCategories ?? []) if (!cats.some((x) => x.code === c && x.kind === 'block')) throw badInput(`category: ${c}`);
    const values = {
      blocked_categories: JSON.stringify(input.blockedCategories ?? []),
      block_domains: JSON.stringify(cleanDomains(input.blockDomains ?? [], 'blockDomains')),
      allow_domains: JSON.stringify(cleanDomains(input.allowDomains ?? [], 'allowDomains')),
      updated_at: now(ctx),
    };
    await trx
      .insertInto('filter_school_rules')
      .values({ id: newId(), school_id: schoolId, band, ...values })
      .onConflict((oc) => oc.columns(['school_id', 'band']).doUpdateSet(values))
      .execute();
    await appendAudit(
      trx,
      { actor: ctx.actor, origin: ctx.origin, action: 'filter_school_rules.updated', subjectType: 'school', subjectId: schoolId, detail: { band, ...input } },
      ctx.clock,
    );
  });
  await publish(ctx);
}

// networks: src/filter/networks (claim-network.ts, release-network.ts)

export async function setCounsellor(ctx: Ctx, schoolId: string, userId: string | null): Promise<void> {
  schoolFilterPolicy.authorize(ctx.actor, 'update', { school_id: schoolId });
  await ctx.db.kysely.transaction().execute(async (trx) => {
    if (userId) {
      const u = await trx.selectFrom('users').select(['id', 'school_id', 'role']).where('id', '=', userId).executeTakeFirst();
      // the counsellor must belong to the school (or be a city-wide account)
      if (!u || (u.school_id !== null && u.school_id !== schoolId)) throw badInput(`userId: ${userId}`);
    }
    const t = now(ctx);
    await trx
      .insertInto('filter_school_settings')
      .values({ school_id: schoolId, counsellor_user_id: userId, updated_at: t })
      .onConflict((oc) => oc.column('school_id').doUpdateSet({ counsellor_user_id: userId, updated_at: t }))
      .execute();
    await appendAudit(
      trx,
      { actor: ctx.actor, origin: ctx.origin, action: 'filter_counsellor.set', subjectType: 'school', subjectId: schoolId, detail: { userId } },
      ctx.clock,
    );
  });
}

// ── settings ───────────────────────────────────────────────────────────────────────────────

export async function saveSettings(ctx: Ctx, patch: Partial<FilterSettingsData>): Promise<FilterSettingsData> {
  cityFilterPolicy.authorize(ctx.actor, 'update');
  if (patch.upstreams && (patch.upstreams.length === 0 || patch.upstreams.some((u) => !parseUpstream(u))))
    throw badInput(`upstreams: ${patch.upstreams.join(',')}`);
  const next = await ctx.db.kysely.transaction().execute(async (trx) => {
    const merged = { ...(await readSettings(trx)), ...patch };
    const t = now(ctx);
    await trx
      .insertInto('filter_settings')
      .values({ key: 'settings', value: JSON.stringify(merged), updated_at: t })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(merged), updated_at: t }))
      .execute();
    await appendAudit(
      trx,
      { actor: ctx.actor, origin: ctx.origin, action: 'filter_settings.updated', subjectType: 'filter_settings', detail: patch },
      ctx.clock,
    );
    return merged;
  });
  await publish(ctx);
  return next;
}

// ── alerts and review requests ─────────────────────────────────────────────────────────────

export async function acknowledgeAlert(ctx: Ctx, id: string): Promise<void> {
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const a = await trx.selectFrom('filter_alerts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!a) throw notFound();
    filterAlertPolicy.authorize(ctx.actor, 'acknowledge', a);
    await trx
      .updateTable('filter_alerts')
      .set({ acknowledged_at: now(ctx) })
      .where('id', '=', id)
      .execute();
    await appendAudit(
      trx,
      { actor: ctx.actor, origin: ctx.origin, action: 'filter_alert.acknowledged', subjectType: 'filter_alert', subjectId: id },
      ctx.clock,
    );
  });
}

// review requests ("this is a mistake"): reviews/ — create-review-request.ts, answer-review.ts (issue 11)
