import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { systemActor } from '../access/actor.js';
import { appendAudit } from '../audit/append.js';
import { verifyAuditChain } from '../audit/verify.js';
import { describeEachDb } from '../testing/databases.js';
import { sqliteOf } from './group-commit.js';
import { prepared, preparedInsert } from './prepared.js';

describeEachDb('group commit', (db) => {
  const insertSchool = (code: string) =>
    db().writes.run(async (trx) => {
      const now = new Date().toISOString();
      await trx
        .insertInto('schools')
        .values({
          id: `gc-${code}`,
          code,
          name: code,
          level: 'primary',
          unit_id: '01',
          address: null,
          is_demo: 0,
          search_key: code,
          created_at: now,
          updated_at: now,
        })
        .execute();
      await appendAudit(trx, { actor: systemActor(), action: 'school.created', subjectType: 'school', subjectId: `gc-${code}` });
      return code;
    });

  it('commits concurrent writes together, each acknowledged, the audit chain intact', async () => {
    await db()
      .kysely.insertInto('units')
      .values({ id: '01', name: 'HN', full_name: 'HN', name_en: 'HN', kind: 'city', parent_id: null, search_key: 'hn', created_at: 'x', updated_at: 'x' })
      .execute();
    const codes = Array.from({ length: 200 }, (_, i) => `GC-${i}`);
    expect(await Promise.all(codes.map(insertSchool))).toEqual(codes);
    expect((await db().kysely.selectFrom('schools').select('code').where('code', 'like', 'GC-%').execute()).length).toBe(200);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, entries: 200 });
  });

  it('rolls back only the job that fails; its neighbours in the batch commit', async () => {
    const results = await Promise.allSettled([insertSchool('GC-A'), insertSchool('GC-0'), insertSchool('GC-B')]); // GC-0 exists
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const codes = (await db().kysely.selectFrom('schools').select('code').where('code', 'in', ['GC-A', 'GC-B']).execute()).map((r) => r.code).sort();
    expect(codes).toEqual(['GC-A', 'GC-B']);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, entries: 202 });
  });
});

describeEachDb('group commit, prepared statements in a batch', (db, dialect) => {
  const insertUnits = preparedInsert('units');
  const unitNames = prepared((k, prefix: string) => k.selectFrom('units').select(['id', 'name']).where('id', 'like', prefix).orderBy('id'));
  const unit = (id: string) => ({
    id,
    name: id,
    full_name: id,
    name_en: id,
    kind: 'ward' as const,
    parent_id: null,
    search_key: id,
    created_at: 'x',
    updated_at: 'x',
  });

  it("run on the connection the batch holds (SQLite), see the batch's own rows, and roll back with a failing job", async () => {
    const seen: Array<string[]> = [];
    const results = await Promise.allSettled([
      db().writes.run(async (trx) => {
        // SQLite: straight on the batch's connection; PostgreSQL: through Kysely as always
        expect(sqliteOf(trx) !== undefined).toBe(dialect === 'sqlite');
        await insertUnits(trx, [unit('P-1'), unit('P-2')]);
        seen.push((await unitNames(trx, 'P-%')).map((r) => r.id));
      }),
      db().writes.run(async (trx) => {
        await insertUnits(trx, [unit('P-3')]);
        throw new Error('this job fails after its insert');
      }),
      db().writes.run(async (trx) => {
        await insertUnits(trx, [unit('P-4')]);
        seen.push((await unitNames(trx, 'P-%')).map((r) => r.id));
      }),
      // a duplicate key fails in the driver, on either path, and only this job
      db().writes.run(async (trx) => insertUnits(trx, [unit('P-1')])),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect(String((results[3] as PromiseRejectedResult).reason)).toMatch(/unique|duplicate/i);
    // the last run of the batch (with savepoints) is what the jobs saw last
    expect(seen.at(-2)).toEqual(['P-1', 'P-2']);
    expect(seen.at(-1)).toEqual(['P-1', 'P-2', 'P-4']);
    expect((await unitNames(db().kysely, 'P-%')).map((r) => r.id)).toEqual(['P-1', 'P-2', 'P-4']);
    // outside a batch there is no connection to borrow
    expect(sqliteOf(db().kysely)).toBeUndefined();
  });
});

describeEachDb('group commit, durability', (db, dialect) => {
  it('flushes the SQLite WAL before acknowledging, and leaves synchronous=FULL for every other write', async () => {
    await db()
      .kysely.insertInto('units')
      .values({ id: '01', name: 'HN', full_name: 'HN', name_en: 'HN', kind: 'city', parent_id: null, search_key: 'hn', created_at: 'x', updated_at: 'x' })
      .execute();
    const before = db().writes.stats.batches;
    const done = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        db().writes.run(async (trx) => {
          await appendAudit(trx, { actor: systemActor(), action: 'thing.done', subjectType: 'thing', subjectId: `d${i}` });
          return i;
        }),
      ),
    );
    expect(done).toHaveLength(20);
    // batched: fewer commits than jobs
    expect(db().writes.stats.batches - before).toBeLessThan(20);
    await db().writes.durable();
    if (dialect === 'sqlite') {
      const mode = await sql<{ synchronous: number }>`pragma synchronous`.execute(db().kysely);
      expect(mode.rows[0]?.synchronous).toBe(2); // FULL
      expect(db().writes.stats.walFlushes).toBeGreaterThan(0);
    }
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, entries: 20 });
  });
});
