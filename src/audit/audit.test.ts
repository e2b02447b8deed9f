import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { systemActor } from '../access/actor.js';
import { describeEachDb } from '../testing/databases.js';
import { appendAudit } from './append.js';
import { verifyAuditChain } from './verify.js';

describeEachDb('audit trail', (db, dialect) => {
  it('chains entries and verifies an untouched log', async () => {
    for (let i = 0; i < 5; i++) {
      await appendAudit(db().kysely, { actor: systemActor(), action: 'thing.created', subjectType: 'thing', subjectId: `t${i}`, detail: { i } });
    }
    const result = await verifyAuditChain(db());
    expect(result).toMatchObject({ ok: true, entries: 5 });
  });

  it('refuses updates and deletes through the database itself', async () => {
    await expect(sql`update audit_log set action = 'x' where seq = 1`.execute(db().kysely)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = 1`.execute(db().kysely)).rejects.toThrow(/append-only/);
  });

  it('names the first entry edited behind its back, even with the trigger dropped', async () => {
    if (dialect === 'sqlite') await sql`drop trigger audit_log_no_update`.execute(db().kysely);
    else await sql`drop trigger audit_log_no_change on audit_log`.execute(db().kysely);
    await sql`update audit_log set detail = '{"i":99}' where seq = 3`.execute(db().kysely);
    const result = await verifyAuditChain(db());
    expect(result).toEqual({ ok: false, entries: 2, brokenAt: 3, reason: 'hash_mismatch' });
  });

  it('notices a deleted entry as a gap', async () => {
    if (dialect === 'sqlite') await sql`drop trigger audit_log_no_delete`.execute(db().kysely);
    await sql`update audit_log set detail = '{"i":2}' where seq = 3`.execute(db().kysely); // mend the edit first
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
    await sql`delete from audit_log where seq = 2`.execute(db().kysely);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, brokenAt: 2, reason: 'sequence_gap' });
  });
});
