import { expect, it } from 'vitest';
import type { UserActor } from '../access/actor.js';
import { describeEachDb } from '../testing/databases.js';
import { type AuditContext, audit, auditMany } from './audit.js';
import { verifyAuditChain } from './verify.js';

const officer: UserActor = { kind: 'user', id: 'u-1', label: 'Cán bộ tiếp nhận', role: 'intake_officer', unitId: null, agencyId: null, schoolId: null };
const at = new Date('2026-03-01T08:30:00.000Z');
const ctx: AuditContext = { actor: officer, origin: { ip: '203.0.113.7' }, clock: () => at };

describeEachDb('audit from the context', (db) => {
  const entries = () => db().kysely.selectFrom('audit_log').selectAll().orderBy('seq').execute();

  it('takes actor, address and time from the context; the caller names only the action, subject and detail', async () => {
    await audit(ctx, db().kysely, 'school.updated', { type: 'school', id: 's-9' }, { fields: ['name'] });
    const [e] = await entries();
    expect(e).toMatchObject({
      at: at.toISOString(),
      actor_type: 'user',
      actor_id: 'u-1',
      actor_label: 'Cán bộ tiếp nhận',
      ip: '203.0.113.7',
      action: 'school.updated',
      subject_type: 'school',
      subject_id: 's-9',
    });
    expect(JSON.parse(e!.detail)).toEqual({ fields: ['name'] });
  });

  it('writes a subject without id and without detail as null and {}', async () => {
    await audit({ ...ctx, origin: { ip: null } }, db().kysely, 'user.listed', { type: 'user' });
    const e = (await entries()).at(-1)!;
    expect(e).toMatchObject({ subject_id: null, ip: null, detail: '{}' });
  });

  it('commits with the change it describes or not at all', async () => {
    const before = (await entries()).length;
    await expect(
      db()
        .kysely.transaction()
        .execute(async (trx) => {
          await audit(ctx, trx, 'school.deleted', { type: 'school', id: 's-9' });
          throw new Error('the change failed');
        }),
    ).rejects.toThrow('the change failed');
    expect(await entries()).toHaveLength(before);
  });

  it('auditMany writes every entry for the same caller, in order, on one chain', async () => {
    const before = (await entries()).length;
    await db()
      .kysely.transaction()
      .execute((trx) =>
        auditMany(ctx, trx, [
          { action: 'school.created', subject: { type: 'school', id: 'a' }, detail: { line: 2 } },
          { action: 'school.created', subject: { type: 'school', id: 'b' }, detail: { line: 3 } },
          { action: 'school.import_completed', subject: { type: 'school_import' } },
        ]),
      );
    const added = (await entries()).slice(before);
    expect(added.map((e) => [e.action, e.subject_id, e.actor_id, e.ip])).toEqual([
      ['school.created', 'a', 'u-1', '203.0.113.7'],
      ['school.created', 'b', 'u-1', '203.0.113.7'],
      ['school.import_completed', null, 'u-1', '203.0.113.7'],
    ]);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, entries: before + 3 });
  });
});
