import { type AuditSubject, auditMany } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { newId } from '../../shared/ids.js';
import { foldVietnamese } from '../../shared/text.js';
import type { SchoolsTable, UnitsTable } from '../tables.js';
import { type RejectedRow, readSchoolFile, type UnitResolver } from './import-file.js';
import { schoolSearchKey } from './save-school.js';
import { schoolPolicy } from './school.policy.js';

export interface ImportResult {
  total: number;
  valid: number;
  created: number;
  updated: number;
  rejected: RejectedRow[];
}

/** Resolves "Phường Hoàn Kiếm", "hoan kiem", "Hoan Kiem" or "00070" to the unit; ambiguous names resolve to nothing. */
export function unitResolver(units: Pick<UnitsTable, 'id' | 'name' | 'full_name' | 'name_en' | 'kind'>[]): UnitResolver {
  const map = new Map<string, string | null>();
  const add = (key: string, id: string) => {
    const k = foldVietnamese(key);
    if (!k) return;
    map.set(k, map.has(k) && map.get(k) !== id ? null : id);
  };
  for (const u of units) {
    if (u.kind === 'city') continue;
    add(u.id, u.id);
    add(u.name, u.id);
    add(u.full_name, u.id);
    add(u.name_en, u.id);
  }
  return (text) => map.get(foldVietnamese(text)) ?? null;
}

/**
 * Keeps the good rows and reports the bad ones with their line; the good rows land in one
 * transaction, so a failure half-way leaves nothing behind. A row whose code exists updates it.
 */
export async function importSchools(
  ctx: Ctx,
  file: { filename: string; bytes: Buffer },
  options: { dryRun?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<ImportResult> {
  schoolPolicy.authorize(ctx.actor, 'import');
  const units = await ctx.db.kysely.selectFrom('units').select(['id', 'name', 'full_name', 'name_en', 'kind']).execute();
  const parsed = await readSchoolFile(file, unitResolver(units), options.onProgress);
  const result: ImportResult = { total: parsed.total, valid: parsed.rows.length, created: 0, updated: 0, rejected: parsed.rejected };
  if (options.dryRun || parsed.rows.length === 0) return result;

  const now = ctx.clock().toISOString();
  await ctx.db.kysely.transaction().execute(async (trx) => {
    const existing = new Map<string, SchoolsTable>();
    const codes = parsed.rows.map((r) => r.code);
    for (let i = 0; i < codes.length; i += 500) {
      for (const s of await trx
        .selectFrom('schools')
        .selectAll()
        .where('code', 'in', codes.slice(i, i + 500))
        .execute())
        existing.set(s.code, s);
    }
    const inserts: SchoolsTable[] = [];
    const events: Array<{ action: string; subject: AuditSubject; detail: Record<string, unknown> }> = [];
    for (const r of parsed.rows) {
      const before = existing.get(r.code);
      const fields = { name: r.name, level: r.level, unit_id: r.unitId, address: r.address, search_key: schoolSearchKey(r.name, r.code) };
      if (before) {
        if (before.name === fields.name && before.level === fields.level && before.unit_id === fields.unit_id && before.address === fields.address) continue;
        await trx
          .updateTable('schools')
          .set({ ...fields, updated_at: now })
          .where('id', '=', before.id)
          .execute();
        events.push({ action: 'school.updated', subject: { type: 'school', id: before.id }, detail: { code: r.code, via: 'import', line: r.line } });
        result.updated++;
      } else {
        const id = newId();
        inserts.push({ id, code: r.code, ...fields, is_demo: 0, created_at: now, updated_at: now });
        events.push({ action: 'school.created', subject: { type: 'school', id }, detail: { code: r.code, via: 'import', line: r.line } });
      }
    }
    for (let i = 0; i < inserts.length; i += 200)
      await trx
        .insertInto('schools')
        .values(inserts.slice(i, i + 200))
        .execute();
    result.created = inserts.length;
    events.push({
      action: 'school.import_completed',
      subject: { type: 'school_import' },
      detail: {
        filename: file.filename.slice(0, 200),
        total: result.total,
        created: result.created,
        updated: result.updated,
        rejected: result.rejected.length,
      },
    });
    await auditMany(ctx, trx, events);
  });
  return result;
}
