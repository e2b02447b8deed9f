import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Migrator, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../access/actor.js';
import { loadConfig } from '../config.js';
import type { DialectName } from '../db/database.js';
import { collectMigrations, migrate } from '../db/migrate.js';
import { hasMessage } from '../shared/i18n.js';
import { JobRunner } from '../shared/jobs.js';
import { createTestDb, describeEachDb, type TestDb, testDialects } from '../testing/databases.js';
import { type AuditAnchor, parseAnchor, signAnchor } from './anchor.js';
import { anchorAuditHead, anchorDay } from './anchor-head.js';
import { auditAnchorJob } from './anchor-job.js';
import { appendAudit, GENESIS_HASH, keyAuditChain } from './append.js';
import { auditKeysOf, deriveAuditKeys, KEYED_ALG, keyedHash, LEGACY_ALG, legacyHash } from './chain-key.js';
import type { AuditLogTable } from './tables.js';
import { verifyAuditChain, verifyAuditChainAgainst } from './verify.js';

/**
 * The attacks of issue 10 item 6, done as someone with write access to the database would:
 * lift the append-only triggers, change the rows, recompute what can be recomputed, put the
 * triggers back. What stops them now is the key (HMAC), the TRUNCATE guard, and anchors.
 */

async function dropGuards(db: TestDb, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`drop trigger audit_log_no_update`.execute(db.kysely);
    await sql`drop trigger audit_log_no_delete`.execute(db.kysely);
  } else {
    await sql`drop trigger audit_log_no_change on audit_log`.execute(db.kysely);
    await sql`drop trigger audit_log_no_truncate on audit_log`.execute(db.kysely);
  }
}

async function restoreGuards(db: TestDb, dialect: DialectName): Promise<void> {
  if (dialect === 'sqlite') {
    await sql`create trigger audit_log_no_update before update on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(db.kysely);
    await sql`create trigger audit_log_no_delete before delete on audit_log begin select raise(abort, 'audit_log is append-only'); end`.execute(db.kysely);
  } else {
    await sql`create trigger audit_log_no_change before update or delete on audit_log for each row execute function audit_log_append_only()`.execute(db.kysely);
    await sql`create trigger audit_log_no_truncate before truncate on audit_log for each statement execute function audit_log_append_only()`.execute(db.kysely);
  }
}

const allRows = (db: TestDb) => db.kysely.selectFrom('audit_log').selectAll().orderBy('seq').execute();

/** Replaces the whole trail with `rows`, triggers lifted for the moment and put back. */
async function replaceTrail(db: TestDb, dialect: DialectName, rows: AuditLogTable[]): Promise<void> {
  await dropGuards(db, dialect);
  await sql`delete from audit_log`.execute(db.kysely);
  for (let i = 0; i < rows.length; i += 100)
    await db.kysely
      .insertInto('audit_log')
      .values(rows.slice(i, i + 100))
      .execute();
  await restoreGuards(db, dialect);
}

/** Renumbers from 1 and recomputes every link and hash with `hash`, as the attacker would. */
function recompute(rows: AuditLogTable[], hash: (e: Omit<AuditLogTable, 'hash' | 'hash_alg'>) => string, alg: AuditLogTable['hash_alg']): AuditLogTable[] {
  let prev = GENESIS_HASH;
  return rows.map((r, i) => {
    const { hash: _h, hash_alg: _a, ...rest } = r;
    const entry = { ...rest, seq: i + 1, prev_hash: prev };
    prev = hash(entry);
    return { ...entry, hash: prev, hash_alg: alg };
  });
}

/** The issue's attack: two `…revealed` entries deleted, the rest renumbered. */
const withoutTwoReveals = (rows: AuditLogTable[]) => {
  const reveals = rows.filter((r) => r.action === 'intake_evidence.revealed').slice(0, 2);
  expect(reveals).toHaveLength(2);
  return rows.filter((r) => !reveals.includes(r));
};

/** Keys the attacker might try, none of them the platform's. */
const guessedKeys = [Buffer.alloc(32, 0), createHash('sha256').update('lachan').digest(), Buffer.alloc(32, 7), deriveAuditKeys(Buffer.alloc(32, 8)).hmac];

function dataDirConfig() {
  return loadConfig({ LACHAN_DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'lachan-anchor-')), LACHAN_LOG_LEVEL: 'silent' });
}

describeEachDb('audit trail against someone with database access', (db, dialect) => {
  let original: AuditLogTable[] = [];
  const config = dataDirConfig();
  const deps = () => ({ db: db(), config, clock: () => new Date() });

  it('is built: previews and reveals of evidence, keyed entries only', async () => {
    for (let i = 0; i < 12; i++) {
      const action = i % 4 === 3 ? 'intake_evidence.revealed' : 'intake_evidence.previewed';
      await appendAudit(db().kysely, { actor: systemActor('case-worker'), action, subjectType: 'intake_evidence', subjectId: `ev${i}`, detail: { i } });
    }
    original = await allRows(db());
    expect(original.map((r) => r.hash_alg)).toEqual(Array(12).fill(KEYED_ALG));
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, entries: 12 });
  });

  it('refuses TRUNCATE and a DELETE of everything in the database itself', async () => {
    if (dialect === 'postgres') await expect(sql`truncate audit_log`.execute(db().kysely)).rejects.toThrow(/append-only/);
    // SQLite has no TRUNCATE; its truncate shortcut for DELETE without WHERE is off on tables with triggers
    await expect(sql`delete from audit_log`.execute(db().kysely)).rejects.toThrow(/append-only/);
    expect(await allRows(db())).toHaveLength(12);
  });

  it('the rewrite attack with plain SHA-256 (what passed before) fails verify', async () => {
    // exactly as before the fix: hashes recomputed the old way, hash_alg left as it was
    await replaceTrail(db(), dialect, recompute(withoutTwoReveals(original), legacyHash, KEYED_ALG));
    expect(await allRows(db())).toHaveLength(10);
    expect(await verifyAuditChain(db())).toEqual({ ok: false, entries: 0, brokenAt: 1, reason: 'hash_mismatch' });
    // and marked as old-kind entries, so they would be checked the old way: refused as unkeyed
    await replaceTrail(db(), dialect, recompute(withoutTwoReveals(original), legacyHash, LEGACY_ALG));
    expect(await verifyAuditChain(db())).toEqual({ ok: false, entries: 0, brokenAt: 10, reason: 'unkeyed' });
    // an old-kind entry after keyed ones is refused too
    const { hash: _h, hash_alg: _a, ...last } = original[11]!;
    await replaceTrail(db(), dialect, [...original.slice(0, 11), { ...last, hash: legacyHash(last), hash_alg: LEGACY_ALG }]);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: false, brokenAt: 12, reason: 'unkeyed' });
    await replaceTrail(db(), dialect, original);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, entries: 12 });
  });

  it('the rewrite attack with a guessed key fails verify', async () => {
    for (const key of guessedKeys) {
      await replaceTrail(
        db(),
        dialect,
        recompute(withoutTwoReveals(original), (e) => keyedHash(key, e), KEYED_ALG),
      );
      expect(await verifyAuditChain(db())).toEqual({ ok: false, entries: 0, brokenAt: 1, reason: 'hash_mismatch' });
    }
    await replaceTrail(db(), dialect, original);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, entries: 12 });
  });

  it('with the real key the same rewrite passes the chain (the test rewrites faithfully) — and an anchor still catches it', async () => {
    const { anchor } = await anchorAuditHead(deps(), systemActor('test'));
    const anchored = await allRows(db()); // 13 entries: the 12 and the anchoring itself
    expect(anchor.seq).toBe(13);
    const real = (e: Omit<AuditLogTable, 'hash' | 'hash_alg'>) => keyedHash(auditKeysOf(db()).hmac, e);
    await replaceTrail(db(), dialect, recompute(withoutTwoReveals(anchored), real, KEYED_ALG));
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, entries: 11 });
    expect(await verifyAuditChainAgainst(db(), anchor)).toMatchObject({ ok: false, reason: 'chain_shorter', headSeq: 11, anchorSeq: 13 });
    // padded back to the anchor's length: the anchored entry is not the one anchored
    const padded = recompute([...withoutTwoReveals(anchored), anchored[11]!, anchored[12]!], real, KEYED_ALG);
    await replaceTrail(db(), dialect, padded);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, entries: 13 });
    expect(await verifyAuditChainAgainst(db(), anchor)).toMatchObject({ ok: false, reason: 'rewritten', anchorSeq: 13 });
    await replaceTrail(db(), dialect, anchored);
    expect(await verifyAuditChainAgainst(db(), anchor)).toMatchObject({ ok: true, entries: 13 });
    original = anchored;
  });

  it('truncation of the newest entries: unnoticed by the chain alone, caught by the anchor; growth after the anchor passes', async () => {
    const { anchor, file } = await anchorAuditHead(deps(), systemActor('test'));
    expect(path.basename(file)).toBe(`${anchorDay(new Date())}.json`);
    expect(parseAnchor(readFileSync(file, 'utf8'))).toEqual(anchor);
    for (let i = 0; i < 3; i++) await appendAudit(db().kysely, { actor: systemActor('later'), action: 'thing.created', subjectType: 'thing', detail: { i } });
    expect(await verifyAuditChainAgainst(db(), anchor)).toMatchObject({ ok: true, entries: anchor.seq + 3 });

    const before = await allRows(db());
    await replaceTrail(
      db(),
      dialect,
      before.filter((r) => r.seq < anchor.seq - 1),
    );
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true, entries: anchor.seq - 2 });
    expect(await verifyAuditChainAgainst(db(), anchor)).toEqual({
      ok: false,
      entries: anchor.seq - 2,
      brokenAt: anchor.seq - 1,
      reason: 'chain_shorter',
      headSeq: anchor.seq - 2,
      anchorSeq: anchor.seq,
    });
    // emptied altogether (what TRUNCATE did on PostgreSQL)
    await replaceTrail(db(), dialect, []);
    expect(await verifyAuditChain(db())).toEqual({ ok: true, entries: 0, head: GENESIS_HASH });
    expect(await verifyAuditChainAgainst(db(), anchor)).toMatchObject({ ok: false, reason: 'chain_shorter', headSeq: 0 });
    await replaceTrail(db(), dialect, before);
    expect(await verifyAuditChainAgainst(db(), anchor)).toMatchObject({ ok: true });
  });

  it('refuses an anchor that was altered, forged with another key, or re-signed under this key name', async () => {
    const { anchor } = await anchorAuditHead(deps(), systemActor('test'));
    const ok = await verifyAuditChainAgainst(db(), anchor);
    expect(ok.ok).toBe(true);
    // altered after signing: an earlier seq would let a truncation pass
    expect(await verifyAuditChainAgainst(db(), { ...anchor, seq: 1, hash: original[0]!.hash })).toMatchObject({ ok: false, reason: 'bad_signature' });
    expect(await verifyAuditChainAgainst(db(), { ...anchor, anchoredAt: '2020-01-01T00:00:00.000Z' })).toMatchObject({ ok: false, reason: 'bad_signature' });
    const other = deriveAuditKeys(Buffer.alloc(32, 9));
    const forged = signAnchor({ seq: 1, hash: original[0]!.hash, at: original[0]!.at }, anchor.anchoredAt, other.signing, other.publicKey);
    expect(await verifyAuditChainAgainst(db(), forged)).toMatchObject({ ok: false, reason: 'other_key', publicKey: other.publicKey });
    // signed with another key but claiming this platform's public key
    expect(await verifyAuditChainAgainst(db(), { ...forged, publicKey: anchor.publicKey })).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('anchors daily from a background job that writes once a day and logs its failures', async () => {
    const errors: unknown[] = [];
    const infos: unknown[] = [];
    const log = { error: (o: object) => errors.push(o), info: (o: object) => infos.push(o) };
    const cfg = dataDirConfig();
    const runner = new JobRunner(log);
    runner.add(auditAnchorJob({ ...deps(), config: cfg }, log, { checkEveryMs: 60_000 }));
    runner.start(); // the first check runs at start
    const today = path.join(cfg.dataDir, 'audit-anchors', `${anchorDay(new Date())}.json`);
    await expect.poll(() => infos.length, { timeout: 10_000 }).toBe(1);
    const anchor = parseAnchor(readFileSync(today, 'utf8'));
    expect(await verifyAuditChainAgainst(db(), anchor)).toMatchObject({ ok: true });
    expect(await runner.runNow('audit.anchor')).toBe('success'); // today's exists: nothing more today
    expect(infos).toHaveLength(1);
    await runner.stop();
    expect(errors).toEqual([]);

    // a data dir that cannot hold the anchor: the failure is logged, not swallowed
    const blocked = path.join(mkdtempSync(path.join(os.tmpdir(), 'lachan-anchor-')), 'file');
    writeFileSync(blocked, 'not a directory');
    const failing = new JobRunner(log);
    failing.add(auditAnchorJob({ ...deps(), config: { ...cfg, dataDir: blocked } }, log, { checkEveryMs: 60_000 }));
    failing.start();
    await expect.poll(() => errors.length, { timeout: 10_000 }).toBe(1);
    expect(await failing.runNow('audit.anchor')).toBe('failure');
    expect(failing.status()['audit.anchor']).toMatchObject({ state: 'failing', consecutiveFailures: 2, lastSuccessAt: null });
    expect(errors).toHaveLength(1); // once per streak, not once per hour
    await failing.stop();
    expect(String((errors[0] as { err: Error }).err)).toMatch(/ENOTDIR|EEXIST/);
  });
});

describe('anchor files are outside input', () => {
  const keys = deriveAuditKeys(Buffer.alloc(32, 7));
  const good: AuditAnchor = signAnchor(
    { seq: 5, hash: 'a'.repeat(64), at: '2026-12-05T01:02:03.456Z' },
    '2026-12-05T01:02:04.000Z',
    keys.signing,
    keys.publicKey,
  );
  const bad: [string, string][] = [
    ['not JSON', '{'],
    ['an array', '[]'],
    ['null', 'null'],
    ['another format', JSON.stringify({ ...good, format: 'x' })],
    ['another algorithm', JSON.stringify({ ...good, alg: 'rsa' })],
    ['seq as text', JSON.stringify({ ...good, seq: '5' })],
    ['seq zero', JSON.stringify({ ...good, seq: 0 })],
    ['seq negative', JSON.stringify({ ...good, seq: -3 })],
    ['seq fractional', JSON.stringify({ ...good, seq: 1.5 })],
    ['seq beyond integers', JSON.stringify({ ...good, seq: 2 ** 60 })],
    ['hash short', JSON.stringify({ ...good, hash: 'abc' })],
    ['hash upper case', JSON.stringify({ ...good, hash: 'A'.repeat(64) })],
    ['time not ISO', JSON.stringify({ ...good, at: 'yesterday' })],
    ['public key not base64', JSON.stringify({ ...good, publicKey: '<script>' })],
    ['public key too short', JSON.stringify({ ...good, publicKey: 'AAAA' })],
    ['signature wrong length', JSON.stringify({ ...good, signature: 'AAAA' })],
    ['too large', JSON.stringify({ ...good, pad: 'x'.repeat(70_000) })],
  ];
  it.each(bad)('refuses %s with one clear reason', (_name, text) => {
    expect(() => parseAnchor(text)).toThrow(expect.objectContaining({ status: 400, code: 'audit_anchor_invalid' }));
  });
  it('reads a good one and the message exists in both languages', () => {
    expect(parseAnchor(JSON.stringify(good))).toEqual(good);
    expect(hasMessage('audit_anchor_invalid')).toBe(true);
  });
});

/** Upgrade: a database whose trail was written with plain SHA-256 before migration 0050. */
for (const dialect of testDialects()) {
  describe(`audit trail written before keying, upgraded [${dialect}]`, () => {
    let db: TestDb;
    beforeAll(async () => {
      db = await createTestDb(dialect, { migrate: false });
    }, 30_000);
    afterAll(() => db.drop());

    it('keeps the old entries as they were, links them with a keyed entry, and catches a later rewrite of them', async () => {
      const all = collectMigrations(db.dialect);
      const before = Object.fromEntries(Object.entries(all).filter(([name]) => name < '0050'));
      const migrator = new Migrator({
        db: db.kysely,
        provider: { getMigrations: async () => before },
        migrationTableName: 'schema_migrations',
        migrationLockTableName: 'schema_migrations_lock',
      });
      expect((await migrator.migrateToLatest()).error).toBeUndefined();
      // entries as the previous version wrote them (no hash_alg column yet, plain SHA-256)
      let prev = GENESIS_HASH;
      const legacy = [];
      for (let seq = 1; seq <= 4; seq++) {
        const e = {
          seq,
          at: `2026-01-0${seq}T00:00:00.000Z`,
          actor_type: 'system',
          actor_id: null,
          actor_label: 'old',
          action: seq === 2 ? 'intake_evidence.revealed' : 'thing.created',
          subject_type: 'thing',
          subject_id: null,
          ip: null,
          detail: '{}',
          prev_hash: prev,
        };
        prev = legacyHash(e as Omit<AuditLogTable, 'hash' | 'hash_alg'>);
        legacy.push({ ...e, hash: prev });
      }
      await sql`insert into audit_log (seq, at, actor_type, actor_id, actor_label, action, subject_type, subject_id, ip, detail, prev_hash, hash) values ${sql.join(
        legacy.map(
          (e) =>
            sql`(${e.seq}, ${e.at}, ${e.actor_type}, ${e.actor_id}, ${e.actor_label}, ${e.action}, ${e.subject_type}, ${e.subject_id}, ${e.ip}, ${e.detail}, ${e.prev_hash}, ${e.hash})`,
        ),
      )}`.execute(db.kysely);
      // the previous version's verifier would pass this chain; before the upgrade this one names the unkeyed head
      expect(await verifyAuditChain(db)).toEqual({ ok: false, entries: 0, brokenAt: 4, reason: 'unkeyed' });

      await migrate(db);
      const migrated = await allRows(db);
      expect(migrated.map((r) => [r.hash, r.hash_alg])).toEqual(legacy.map((e) => [e.hash, LEGACY_ALG]));
      await keyAuditChain(db.kysely);
      await keyAuditChain(db.kysely); // once only
      await appendAudit(db.kysely, { actor: systemActor('new'), action: 'thing.created', subjectType: 'thing' });
      const rows = await allRows(db);
      expect(rows.map((r) => [r.action, r.hash_alg])).toEqual([
        ...legacy.map((e) => [e.action, LEGACY_ALG]),
        ['audit.chain_keyed', KEYED_ALG],
        ['thing.created', KEYED_ALG],
      ]);
      expect(JSON.parse(rows[4]!.detail)).toEqual({ alg: KEYED_ALG, legacyEntries: 4, legacyHead: legacy[3]!.hash });
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 6 });

      // the old entries are the easy target: rewritten with plain SHA-256 they still break the keyed link
      const rewritten = recompute(withoutTwoRevealsOrOne(rows.slice(0, 4)), legacyHash, LEGACY_ALG);
      await replaceTrail(db, dialect, [...rewritten, ...rows.slice(4).map((r, i) => ({ ...r, seq: rewritten.length + 1 + i }))]);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 4, reason: 'chain_broken' });
      // and the whole trail recomputed the old way (keying undone) is refused as unkeyed
      await replaceTrail(db, dialect, recompute(rows, legacyHash, LEGACY_ALG));
      expect(await verifyAuditChain(db)).toMatchObject({ ok: false, brokenAt: 6, reason: 'unkeyed' });
      await replaceTrail(db, dialect, rows);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, entries: 6 });
    });
  });
}

/** The old trail above has one reveal: it goes. */
function withoutTwoRevealsOrOne(rows: AuditLogTable[]): AuditLogTable[] {
  const out = rows.filter((r) => r.action !== 'intake_evidence.revealed');
  expect(out).toHaveLength(rows.length - 1);
  return out;
}
