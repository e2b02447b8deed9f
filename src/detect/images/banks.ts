import { audit } from '../../audit/audit.js';
import type { Ctx, Deps } from '../../context.js';
import type { Tx } from '../../db/database.js';
import { AppError, badInput } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { cleanText } from '../../shared/text.js';
import { nowIso } from '../../shared/time.js';
import { bankPolicy } from './bank.policy.js';
import { MAX_LABEL, parseHashCsv, type RejectedHashLine } from './csv.js';
import { type BankKind, canonicalHash, pdqWords, wordsToHex } from './hashes.js';
import { PdqIndex } from './matcher.js';
import './messages.js';
import { CENTRE_PDQ_BANK, CENTRE_SHA256_BANK, DEFAULT_PDQ_THRESHOLD } from './migrations.js';
import type { DetectBanksTable } from './tables.js';

export interface BankMatch {
  bankId: string;
  bankName: string;
  kind: BankKind;
  hash: string;
  distance: number;
  label: string | null;
}

export interface Bank {
  id: string;
  code: string;
  name: string;
  kind: BankKind;
  threshold: number;
  description: string | null;
  hashCount: number;
  createdAt: string;
  updatedAt: string;
}

export const toBank = (r: DetectBanksTable): Bank => ({
  id: r.id,
  code: r.code,
  name: r.name,
  kind: r.kind,
  threshold: r.threshold,
  description: r.description,
  hashCount: Number(r.hash_count),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** Most lines one import may carry (the CLI reads files of any size in several imports). */
export const MAX_IMPORT_LINES = 2_000_000;
const INSERT_BATCH = 500;
/** At most this many PDQ matches per bank per query (a flood of near-identical hashes is still bounded). */
const MAX_MATCHES_PER_BANK = 100;

export type BankRef = { id?: string | undefined; code?: string | undefined };

async function findBank(db: Tx, ref: BankRef): Promise<DetectBanksTable | undefined> {
  if (ref.id) return db.selectFrom('detect_banks').selectAll().where('id', '=', ref.id).executeTakeFirst();
  if (ref.code) return db.selectFrom('detect_banks').selectAll().where('code', '=', ref.code).executeTakeFirst();
  return undefined;
}

/** The centre's own banks are seeded by the migration; recreated here if someone removed them. */
async function ensureCentreBank(db: Tx, code: string, clock: Ctx['clock']): Promise<void> {
  if (code !== CENTRE_PDQ_BANK && code !== CENTRE_SHA256_BANK) return;
  const now = nowIso(clock);
  const pdq = code === CENTRE_PDQ_BANK;
  await db
    .insertInto('detect_banks')
    .values({
      id: newId(),
      code,
      name: pdq ? 'Xác nhận bởi Trung tâm (PDQ)' : 'Xác nhận bởi Trung tâm (SHA-256)',
      kind: pdq ? 'pdq' : 'sha256',
      threshold: pdq ? DEFAULT_PDQ_THRESHOLD : 0,
      description: null,
      hash_count: 0,
      version: 0,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('code').doNothing())
    .execute();
}

async function requireBank(db: Tx, ref: BankRef, clock: Ctx['clock']): Promise<DetectBanksTable> {
  let bank = await findBank(db, ref);
  if (!bank && ref.code) {
    await ensureCentreBank(db, ref.code, clock);
    bank = await findBank(db, ref);
  }
  if (!bank) throw new AppError(404, 'detect_bank_not_found', { bank: ref.code ?? ref.id ?? '' });
  return bank;
}

// ---------------------------------------------------------------- banks

export async function listBanks(ctx: Ctx): Promise<Bank[]> {
  bankPolicy.authorize(ctx.actor, 'count');
  return (await ctx.db.kysely.selectFrom('detect_banks').selectAll().orderBy('kind').orderBy('code').execute()).map(toBank);
}

export async function getBank(ctx: Ctx, ref: BankRef): Promise<Bank> {
  bankPolicy.authorize(ctx.actor, 'count');
  return toBank(await requireBank(ctx.db.kysely, ref, ctx.clock));
}

export interface BankInput {
  code: string;
  name: string;
  kind: BankKind;
  threshold?: number | undefined;
  description?: string | null | undefined;
}

export async function createBank(ctx: Ctx, input: BankInput): Promise<Bank> {
  bankPolicy.authorize(ctx.actor, 'manage');
  if (input.kind !== 'pdq' && input.threshold !== undefined && input.threshold !== 0) throw new AppError(400, 'detect_bank_threshold_pdq_only');
  const now = nowIso(ctx.clock);
  const row: DetectBanksTable = {
    id: newId(),
    code: input.code,
    name: cleanText(input.name),
    kind: input.kind,
    threshold: input.kind === 'pdq' ? (input.threshold ?? DEFAULT_PDQ_THRESHOLD) : 0,
    description: input.description ? cleanText(input.description) : null,
    hash_count: 0,
    version: 0,
    created_at: now,
    updated_at: now,
  };
  if (!row.name) throw badInput('name');
  return ctx.db.kysely.transaction().execute(async (tx) => {
    if (await findBank(tx, { code: input.code })) throw new AppError(409, 'detect_bank_code_taken', { code: input.code });
    await tx.insertInto('detect_banks').values(row).execute();
    await audit(ctx, tx, 'detect_bank.created', { type: 'detect_bank', id: row.id }, { code: row.code, kind: row.kind, threshold: row.threshold });
    return toBank(row);
  });
}

export async function updateBank(
  ctx: Ctx,
  ref: BankRef,
  patch: { name?: string | undefined; threshold?: number | undefined; description?: string | null | undefined },
): Promise<Bank> {
  bankPolicy.authorize(ctx.actor, 'manage');
  return ctx.db.kysely.transaction().execute(async (tx) => {
    const bank = await requireBank(tx, ref, ctx.clock);
    if (patch.threshold !== undefined && bank.kind !== 'pdq') throw new AppError(400, 'detect_bank_threshold_pdq_only');
    const changes: Partial<DetectBanksTable> = { updated_at: nowIso(ctx.clock) };
    if (patch.name !== undefined) {
      changes.name = cleanText(patch.name);
      if (!changes.name) throw badInput('name');
    }
    if (patch.threshold !== undefined) changes.threshold = patch.threshold;
    if (patch.description !== undefined) changes.description = patch.description ? cleanText(patch.description) : null;
    await tx.updateTable('detect_banks').set(changes).where('id', '=', bank.id).execute();
    await audit(
      ctx,
      tx,
      'detect_bank.updated',
      { type: 'detect_bank', id: bank.id },
      { code: bank.code, before: { name: bank.name, threshold: bank.threshold }, after: { ...changes, updated_at: undefined } },
    );
    return toBank({ ...bank, ...changes });
  });
}

// ---------------------------------------------------------------- adding hashes

/** Inserts new (bank, hash) rows, skipping those already there; bumps the bank's count and version. */
async function insertHashes(
  tx: Tx,
  bank: DetectBanksTable,
  rows: { hash: string; label: string | null }[],
  addedBy: string | null,
  now: string,
): Promise<{ added: number; duplicates: number }> {
  // Duplicates inside the batch count as duplicates too; the first label wins.
  const unique = new Map<string, string | null>();
  for (const r of rows) if (!unique.has(r.hash)) unique.set(r.hash, r.label);
  const values = [...unique].map(([hash, label]) => ({ bank_id: bank.id, hash, label, added_at: now, added_by: addedBy }));
  let added = 0;
  for (let i = 0; i < values.length; i += INSERT_BATCH) {
    const res = await tx
      .insertInto('detect_bank_hashes')
      .values(values.slice(i, i + INSERT_BATCH))
      .onConflict((oc) => oc.columns(['bank_id', 'hash']).doNothing())
      .executeTakeFirst();
    added += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  if (added > 0) {
    await tx
      .updateTable('detect_banks')
      .set((eb) => ({ hash_count: eb('hash_count', '+', added), version: eb('version', '+', 1), updated_at: now }))
      .where('id', '=', bank.id)
      .execute();
  }
  return { added, duplicates: rows.length - added };
}

function checkedHashes(bank: DetectBanksTable, hashes: { hash: string; label?: string | null | undefined }[]) {
  return hashes.map((h, i) => {
    const hash = canonicalHash(bank.kind, String(h.hash ?? ''));
    if (!hash) throw new AppError(400, 'detect_bank_kind_mismatch', { bank: bank.code, kind: bank.kind, index: i });
    const label = h.label ? cleanText(h.label).slice(0, MAX_LABEL) : null;
    return { hash, label: label || null };
  });
}

/**
 * Adds hashes to a bank inside the caller's transaction (the review desk adds the hashes of an
 * image an analyst confirmed). The centre's banks (`confirmed_by_centre`, `…_sha256`) are created
 * on first use if missing. Audited as one entry.
 */
export async function addHashesToBank(
  tx: Tx,
  ctx: Ctx,
  ref: BankRef,
  hashes: { hash: string; label?: string | null }[],
): Promise<{ added: number; duplicates: number }> {
  bankPolicy.authorize(ctx.actor, 'manage');
  const bank = await requireBank(tx, ref, ctx.clock);
  const rows = checkedHashes(bank, hashes);
  const r = await insertHashes(tx, bank, rows, ctx.actor.label, nowIso(ctx.clock));
  await audit(
    ctx,
    tx,
    'detect_bank.hashes_added',
    { type: 'detect_bank', id: bank.id },
    { code: bank.code, added: r.added, duplicates: r.duplicates, hashes: rows.slice(0, 20).map((h) => h.hash) },
  );
  return r;
}

/**
 * Takes hashes out of a bank inside the caller's transaction: the ones given (a false positive an
 * analyst found), or the ones added under one label (a reopened decision takes back what it put
 * in; a hash another source added first keeps that source's label and stays). Audited as one
 * entry; the bank's version moves on so every matcher rebuilds its index.
 */
export async function removeHashesFromBank(tx: Tx, ctx: Ctx, ref: BankRef, which: { hashes: string[] } | { label: string }): Promise<{ removed: number }> {
  bankPolicy.authorize(ctx.actor, 'manage');
  const bank = await findBank(tx, ref);
  if (!bank) return { removed: 0 };
  let hashes: string[];
  if ('hashes' in which) {
    hashes = which.hashes.map((h, i) => {
      const c = canonicalHash(bank.kind, String(h ?? ''));
      if (!c) throw new AppError(400, 'detect_bank_kind_mismatch', { bank: bank.code, kind: bank.kind, index: i });
      return c;
    });
  } else {
    hashes = (await tx.selectFrom('detect_bank_hashes').select('hash').where('bank_id', '=', bank.id).where('label', '=', which.label).execute()).map(
      (r) => r.hash,
    );
  }
  let removed = 0;
  for (let i = 0; i < hashes.length; i += INSERT_BATCH) {
    const res = await tx
      .deleteFrom('detect_bank_hashes')
      .where('bank_id', '=', bank.id)
      .where('hash', 'in', hashes.slice(i, i + INSERT_BATCH))
      .executeTakeFirst();
    removed += Number(res.numDeletedRows ?? 0);
  }
  if (removed === 0) return { removed };
  const now = nowIso(ctx.clock);
  await tx
    .updateTable('detect_banks')
    .set((eb) => ({ hash_count: eb('hash_count', '-', removed), version: eb('version', '+', 1), updated_at: now }))
    .where('id', '=', bank.id)
    .execute();
  await audit(ctx, tx, 'detect_bank.hashes_removed', { type: 'detect_bank', id: bank.id }, { code: bank.code, removed, hashes: hashes.slice(0, 20) });
  return { removed };
}

export interface ImportResult {
  bank: Bank;
  lines: number;
  added: number;
  duplicates: number;
  rejected: number;
  rejectedLines: RejectedHashLine[];
}

/** Imports a CSV of hex hashes (see csv.ts) in one transaction: all good lines or none. */
export async function importBankCsv(ctx: Ctx, ref: BankRef, content: string, onProgress?: (done: number, total: number) => void): Promise<ImportResult> {
  bankPolicy.authorize(ctx.actor, 'manage');
  const bank0 = await requireBank(ctx.db.kysely, ref, ctx.clock);
  const parsed = parseHashCsv(content, bank0.kind);
  if (parsed.lines > MAX_IMPORT_LINES) throw new AppError(413, 'detect_import_too_many', { limit: MAX_IMPORT_LINES });
  if (parsed.hashes.length === 0) throw new AppError(400, 'detect_import_empty', { rejected: parsed.rejected });
  const now = nowIso(ctx.clock);
  const totals = await ctx.db.kysely.transaction().execute(async (tx) => {
    const bank = await requireBank(tx, { id: bank0.id }, ctx.clock);
    let added = 0;
    const step = 20_000;
    for (let i = 0; i < parsed.hashes.length; i += step) {
      const r = await insertHashes(tx, bank, parsed.hashes.slice(i, i + step), ctx.actor.label, now);
      added += r.added;
      onProgress?.(Math.min(i + step, parsed.hashes.length), parsed.hashes.length);
    }
    await audit(
      ctx,
      tx,
      'detect_bank.imported',
      { type: 'detect_bank', id: bank.id },
      { code: bank.code, lines: parsed.lines, added, duplicates: parsed.hashes.length - added, rejected: parsed.rejected },
    );
    return { added, duplicates: parsed.hashes.length - added };
  });
  const bank = await requireBank(ctx.db.kysely, { id: bank0.id }, ctx.clock);
  return { bank: toBank(bank), lines: parsed.lines, ...totals, rejected: parsed.rejected, rejectedLines: parsed.rejectedLines };
}

// ---------------------------------------------------------------- reading hashes

export async function listBankHashes(ctx: Ctx, ref: BankRef, page: { limit: number; offset: number }) {
  bankPolicy.authorize(ctx.actor, 'read');
  const bank = await requireBank(ctx.db.kysely, ref, ctx.clock);
  const items = await ctx.db.kysely
    .selectFrom('detect_bank_hashes')
    .select(['hash', 'label', 'added_at', 'added_by'])
    .where('bank_id', '=', bank.id)
    .orderBy('added_at', 'desc')
    .orderBy('hash')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  await audit(
    ctx,
    ctx.db.kysely,
    'detect_bank.hashes_read',
    { type: 'detect_bank', id: bank.id },
    { code: bank.code, limit: page.limit, offset: page.offset, returned: items.length },
  );
  return {
    items: items.map((h) => ({ hash: h.hash, label: h.label, addedAt: h.added_at, addedBy: h.added_by })),
    total: Number(bank.hash_count),
  };
}

/** Every (hash, label) of a bank in hash order, a page at a time (keyset: no offset scans). */
export async function* bankRows(db: Tx, bankId: string, pageSize = 20_000): AsyncGenerator<{ hash: string; label: string | null }[]> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('detect_bank_hashes')
      .select(['hash', 'label'])
      .where('bank_id', '=', bankId)
      .where('hash', '>', after)
      .orderBy('hash')
      .limit(pageSize)
      .execute();
    if (rows.length === 0) return;
    yield rows;
    after = rows[rows.length - 1]!.hash;
    if (rows.length < pageSize) return;
  }
}

/** Audits the export, then hands back the bank and its rows. */
export async function exportBank(ctx: Ctx, ref: BankRef): Promise<{ bank: Bank; rows: AsyncGenerator<{ hash: string; label: string | null }[]> }> {
  bankPolicy.authorize(ctx.actor, 'read');
  const bank = await requireBank(ctx.db.kysely, ref, ctx.clock);
  await audit(ctx, ctx.db.kysely, 'detect_bank.exported', { type: 'detect_bank', id: bank.id }, { code: bank.code, hashes: Number(bank.hash_count) });
  return { bank: toBank(bank), rows: bankRows(ctx.db.kysely, bank.id) };
}

// ---------------------------------------------------------------- matching

interface CachedIndex {
  version: number;
  index: Promise<PdqIndex>;
}
/** One multi-index per PDQ bank per process, rebuilt when the bank's version moves. */
const indexes = new Map<string, CachedIndex>();

async function buildIndex(db: Tx, bankId: string, expected: number): Promise<PdqIndex> {
  let words = new Uint32Array(Math.max(8, expected * 8));
  let n = 0;
  for await (const rows of bankRows(db, bankId, 50_000)) {
    if ((n + rows.length) * 8 > words.length) {
      const bigger = new Uint32Array(Math.max((n + rows.length) * 8, words.length * 2));
      bigger.set(words);
      words = bigger;
    }
    for (const r of rows) pdqWords(r.hash, words, 8 * n++);
  }
  return new PdqIndex(words.subarray(0, n * 8), n);
}

export function pdqIndexFor(db: Tx, bank: Pick<DetectBanksTable, 'id' | 'version' | 'hash_count'>): Promise<PdqIndex> {
  const cached = indexes.get(bank.id);
  if (cached && cached.version === Number(bank.version)) return cached.index;
  const index = buildIndex(db, bank.id, Number(bank.hash_count));
  indexes.set(bank.id, { version: Number(bank.version), index });
  // A failed build is not cached.
  index.catch(() => indexes.delete(bank.id));
  return index;
}

/**
 * Matches a PDQ hash (within each PDQ bank's threshold) and exact SHA-256/MD5 hashes against
 * every bank. Closest first. Invalid inputs are ignored rather than thrown: callers pass what
 * they computed.
 */
export async function matchHashes(deps: Deps, q: { pdq?: string | undefined; sha256?: string | undefined; md5?: string | undefined }): Promise<BankMatch[]> {
  const out: BankMatch[] = [];
  const db = deps.db.kysely;
  const pdq = q.pdq ? canonicalHash('pdq', q.pdq) : null;
  if (pdq) {
    const banks = await db.selectFrom('detect_banks').selectAll().where('kind', '=', 'pdq').where('hash_count', '>', 0).execute();
    const qw = pdqWords(pdq);
    for (const bank of banks) {
      const index = await pdqIndexFor(db, bank);
      const hits = index
        .search(qw, bank.threshold)
        .sort((a, b) => a.distance - b.distance)
        .slice(0, MAX_MATCHES_PER_BANK);
      if (hits.length === 0) continue;
      const found = hits.map((h) => ({ hash: wordsToHex(index.words, h.index * 8), distance: h.distance }));
      const labels = new Map(
        (
          await db
            .selectFrom('detect_bank_hashes')
            .select(['hash', 'label'])
            .where('bank_id', '=', bank.id)
            .where(
              'hash',
              'in',
              found.map((f) => f.hash),
            )
            .execute()
        ).map((r) => [r.hash, r.label]),
      );
      // A hash removed since the index was built has no row any more: not a match.
      for (const f of found)
        if (labels.has(f.hash))
          out.push({ bankId: bank.id, bankName: bank.name, kind: 'pdq', hash: f.hash, distance: f.distance, label: labels.get(f.hash) ?? null });
    }
  }
  for (const kind of ['sha256', 'md5'] as const) {
    const raw = q[kind];
    const h = raw ? canonicalHash(kind, raw) : null;
    if (!h) continue;
    const rows = await db
      .selectFrom('detect_bank_hashes as h')
      .innerJoin('detect_banks as b', 'b.id', 'h.bank_id')
      .select(['b.id', 'b.name', 'h.hash', 'h.label'])
      .where('h.hash', '=', h)
      .where('b.kind', '=', kind)
      .execute();
    for (const r of rows) out.push({ bankId: r.id, bankName: r.name, kind, hash: r.hash, distance: 0, label: r.label });
  }
  return out.sort((a, b) => a.distance - b.distance);
}
