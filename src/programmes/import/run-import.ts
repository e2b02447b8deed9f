import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { AppError, notFound } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { jsonOr } from '../../shared/json.js';
import { cleanText, foldVietnamese } from '../../shared/text.js';
import { currentPeriodOf, type NamedPeriod } from '../coverage/periods.js';
import { readCoverageSettings } from '../coverage/settings.js';
import { hanoiToday } from '../dates.js';
import { sessionPolicy } from '../session.policy.js';
import type { ProgrammeImportsTable, ProgrammeSessionsTable } from '../tables.js';
import { type CheckedSession, checkRow, type RowRefusal } from './check-rows.js';
import { guardWorkbook, readImportRows } from './read-rows.js';

/** Refused cells kept with an import: enough to fix a file; the count says how many rows were refused in all. */
const MAX_KEPT_REFUSALS = 1000;
const INSERT_CHUNK = 500;

/** Imports still running in this process; the HTTP app waits for them before it closes. */
const running = new Set<Promise<void>>();
export const importsRunning = (): Promise<unknown> => Promise.all([...running]);

/**
 * Starts a bulk import of sessions from the .xlsx template. The cheap whole-file checks (size,
 * type, ZIP guard) answer at once as 4xx; then the import runs beside the request and its
 * progress is read with `readImport` (reading → checking → writing → done | refused | failed).
 * All or nothing: when any row is refused, nothing is written and every refusal is listed with
 * its sheet and line; otherwise every row is written in one transaction, with its audit entry and
 * the import's `done` state — acknowledged only once committed.
 */
export async function startImport(
  ctx: Ctx,
  bytes: Buffer,
  period: NamedPeriod | undefined,
  logError: (err: unknown) => void,
): Promise<{ id: string; period: NamedPeriod }> {
  sessionPolicy.authorize(ctx.actor, 'import');
  guardWorkbook(bytes);
  const p = period ?? currentPeriodOf(hanoiToday(ctx.clock), await readCoverageSettings(ctx.db.kysely));
  const now = ctx.clock().toISOString();
  const id = newId();
  await ctx.db.kysely
    .insertInto('programme_imports')
    .values({ id, created_by: ctx.actor.id, status: 'reading', done: 0, total: 0, result: null, created_at: now, updated_at: now })
    .execute();
  const run = runImport(ctx, id, bytes, p, logError).finally(() => running.delete(run));
  running.add(run);
  return { id, period: p };
}

async function runImport(ctx: Ctx, id: string, bytes: Buffer, period: NamedPeriod, logError: (err: unknown) => void): Promise<void> {
  const progress = (status: ProgrammeImportsTable['status'], done: number, total: number) =>
    ctx.db.kysely.updateTable('programme_imports').set({ status, done, total, updated_at: ctx.clock().toISOString() }).where('id', '=', id).execute();
  try {
    const rows = await readImportRows(bytes, (n) => progress('reading', n, 0).then(() => undefined));
    await progress('checking', 0, rows.length);
    const [schools, topics] = await Promise.all([
      ctx.db.kysely.selectFrom('schools').select(['id', 'code', 'unit_id', 'level']).execute(),
      ctx.db.kysely.selectFrom('programme_topics').select(['id', 'code', 'name', 'name_en']).where('active', '=', 1).execute(),
    ]);
    const cx = {
      schoolsByCode: new Map(schools.map((s) => [s.code.toUpperCase(), { school_id: s.id, unit_id: s.unit_id, level: s.level }])),
      topics: new Map(topics.flatMap((t) => [foldVietnamese(t.name), foldVietnamese(t.name_en), t.code].map((k) => [k, t.id] as const))),
      period,
      today: hanoiToday(ctx.clock),
      mayImport: (school: { school_id: string; unit_id: string }) => sessionPolicy.can(ctx.actor, 'import', school),
    };
    const ok: CheckedSession[] = [];
    const refused: RowRefusal[] = [];
    let refusedRows = 0;
    for (let i = 0; i < rows.length; i++) {
      const outcome = checkRow(rows[i] as (typeof rows)[number], cx);
      if (!Array.isArray(outcome)) ok.push(outcome);
      else {
        refusedRows++;
        if (refused.length < MAX_KEPT_REFUSALS) refused.push(...outcome);
      }
      if ((i + 1) % 2000 === 0) await progress('checking', i + 1, rows.length); // also yields to other requests
    }
    if (refused.length > 0) {
      await finish(ctx, id, 'refused', rows.length, { count: refusedRows, rejected: refused.slice(0, MAX_KEPT_REFUSALS) });
      return;
    }
    await progress('writing', 0, rows.length);
    await write(ctx, id, ok, period);
  } catch (err) {
    const { code, params } = err instanceof AppError ? err : { code: 'programme_import_failed', params: {} };
    if (!(err instanceof AppError)) logError(err);
    await finish(ctx, id, 'failed', 0, { code, params });
  }
}

async function write(ctx: Ctx, id: string, ok: CheckedSession[], period: NamedPeriod): Promise<void> {
  const now = ctx.clock().toISOString();
  const rows: ProgrammeSessionsTable[] = ok.map((s) => ({
    id: newId(),
    school_id: s.school.school_id,
    unit_id: s.school.unit_id,
    held_on: s.heldOn,
    topic_id: s.topicId,
    audience: s.audience,
    grades: JSON.stringify(s.grades),
    attendance: s.attendance,
    materials: s.materials ? cleanText(s.materials) || null : null,
    photo_sha256: null,
    import_id: id,
    created_by: ctx.actor.id,
    created_at: now,
    updated_at: now,
  }));
  await ctx.db.kysely.transaction().execute(async (trx) => {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK)
      await trx
        .insertInto('programme_sessions')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .execute();
    const schools = new Set(rows.map((r) => r.school_id)).size;
    await audit(ctx, trx, 'programme_sessions.imported', { type: 'programme_import', id }, { sessions: rows.length, schools, period: period.key });
    await trx
      .updateTable('programme_imports')
      .set({ status: 'done', done: rows.length, total: rows.length, result: JSON.stringify({ created: rows.length }), updated_at: now })
      .where('id', '=', id)
      .execute();
  });
}

async function finish(ctx: Ctx, id: string, status: 'refused' | 'failed', total: number, result: unknown): Promise<void> {
  await ctx.db.kysely
    .updateTable('programme_imports')
    .set({ status, done: total, total, result: JSON.stringify(result), updated_at: ctx.clock().toISOString() })
    .where('id', '=', id)
    .execute();
}

export interface ImportState {
  id: string;
  status: ProgrammeImportsTable['status'];
  done: number;
  total: number;
  created: number | null;
  /** how many rows were refused in all (the list keeps the first MAX_KEPT_REFUSALS refused cells, each row's every one) */
  refusedCount: number;
  rejected: RowRefusal[];
  error: { code: string; params: Record<string, unknown> } | null;
}

/** The state of one of the caller's own imports (another person's answers 404). */
export async function readImport(ctx: Ctx, id: string): Promise<ImportState> {
  sessionPolicy.authorize(ctx.actor, 'import');
  const row = await ctx.db.kysely.selectFrom('programme_imports').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row || row.created_by !== ctx.actor.id) throw notFound();
  const result = jsonOr<{ created?: number; count?: number; rejected?: RowRefusal[]; code?: string; params?: Record<string, unknown> }>(row.result, {});
  return {
    id: row.id,
    status: row.status,
    done: Number(row.done),
    total: Number(row.total),
    created: result.created ?? null,
    refusedCount: result.count ?? 0,
    rejected: result.rejected ?? [],
    error: row.status === 'failed' ? { code: result.code ?? 'programme_import_failed', params: result.params ?? {} } : null,
  };
}
