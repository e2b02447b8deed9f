import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemActor } from '../../../access/actor.js';
import type { Ctx } from '../../../context.js';
import { newId } from '../../../shared/ids.js';
import { ADMIN_PASSWORD, createTestApp, type TestApp } from '../../../testing/app.js';
import { describeEachDb } from '../../../testing/databases.js';
import { addConfirmedHarmful, publishConfirmed, removeConfirmedHarmful, writeConfirmedList } from '../../confirmed.js';
import { FilterEngine } from '../../engine/engine.js';
import { ACTION } from '../../engine/policy.js';
import { addGuardDecision } from '../../guard/add-guard-decision.js';
import { revokeGuardDecision } from '../../guard/revoke-guard-decision.js';
import { importList } from '../../lists/import-list.js';
import { updateList } from '../../lists/update-list.js';
import { publishSnapshot } from '../../service.js';
import { readSnapshotJson } from '../../snapshot-file.js';
import { buildSnapshot, filterDir, loadSnapshot, seedFilter, snapshotFile } from '../../store.js';
import type { LastGood } from '../node/node-files.js';
import { PolicySync } from '../node/policy-sync.js';
import { decodeBody, decodeEnvelope, encodeEnvelope, publicKeyFromRaw } from '../protocol.js';
import { latestVersion, recordPolicyVersion } from './policy-versions.js';
import { fleetPublicKey, fleetSign } from './signing-key.js';

/**
 * The city's own sources (the centre's confirmed list, guard decisions) compile into a small table
 * of their own (store.ts compileDomains), so a confirmation costs the centre a small table, not
 * the big one of third-party lists: the big file is the same file afterwards (same inode, same
 * mtime), the fleet's version carries one entry, and an enrolled node — through its own checks
 * (PolicySync: signature, version, base, digest of its tables) — blocks the domain. Taking a
 * confirmation or a decision back, and disabling a list, unblock everywhere.
 */
describeEachDb('fleet: the city table beside the big one', (db) => {
  let t: TestApp;
  let ctx: Ctx;
  let nodeToken: string;
  let schoolA: string;
  let node: { sync: PolicySync; current: () => LastGood | null; logs: string[] };

  const bigFile = () => {
    const name = (JSON.parse(readFileSync(snapshotFile(t.deps.config.dataDir), 'utf8')) as { domainsFile: string }).domainsFile;
    const st = statSync(path.join(filterDir(t.deps.config.dataDir), name));
    return { name, ino: st.ino, mtimeMs: st.mtimeMs };
  };
  const verdict = (engine: FilterEngine, name: string, schoolId: string | null) => {
    try {
      const a = engine.check(name, schoolId, 'primary').action;
      return a === ACTION.BLOCK ? 'block' : a === ACTION.ALLOW ? 'allow' : `action ${a}`;
    } finally {
      engine.close();
    }
  };
  /** What the node serves now for a name (primary band of its school). */
  const onNode = (name: string) => verdict(new FilterEngine(node.current()!.policy, node.current()!.tables), name, schoolA);
  /** What a DNS process of the centre serves after reading snapshot.json. */
  const onCentre = (name: string) => {
    const loaded = loadSnapshot(t.deps.config.dataDir)!;
    return verdict(new FilterEngine(loaded.snapshot, loaded.tables), name, null);
  };
  /** The node asks the centre for what it lacks (the long poll's request) and applies it through its own checks. */
  const sync = async () => {
    const since = node.current()?.version ?? 0;
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/fleet/policy?since=${since}`, headers: { authorization: `Bearer ${nodeToken}` } });
    expect(res.statusCode, res.body).toBe(200);
    const env = decodeEnvelope(res.rawPayload, publicKeyFromRaw(fleetPublicKey(t.deps)), since);
    const mustAskFull = node.sync.receive(res.rawPayload);
    expect(mustAskFull, node.logs.join('\n')).toBe(false);
    return { kind: env.kind, body: decodeBody(env.body) };
  };

  beforeAll(async () => {
    t = await createTestApp(db());
    ctx = { ...t.deps, actor: systemActor('test'), origin: { ip: null } };
    await seedFilter(db(), t.deps.config.dataDir, new Date().toISOString(), newId);
    const admin = await t.login('admin', ADMIN_PASSWORD);
    const schools = await db().kysely.selectFrom('schools').select(['id', 'code']).execute();
    schoolA = schools.find((s) => s.code === 'DEMO-TH-01')!.id;
    const enrolment = await admin.request('POST', '/api/v1/fleet/enrolments', { schoolIds: [schoolA], name: 'Trạm A' });
    const enrolled = await t.app.inject({ method: 'POST', url: '/api/v1/fleet/enrol', payload: { token: enrolment.json().token, softwareVersion: 't' } });
    expect(enrolled.statusCode, enrolled.body).toBe(201);
    nodeToken = enrolled.json().nodeToken;
    // a third-party list in the confirmed category holding a name the centre also confirms (below)
    await importList(ctx, { name: 'third party', category: 'confirmed_harmful', content: Buffer.from('listed.example\nboth.example\n') });
    await publishSnapshot(db().kysely, t.deps.config.dataDir);
    let current: LastGood | null = null;
    const logs: string[] = [];
    const policySync = new PolicySync({
      central: 'http://127.0.0.1:1',
      nodeToken,
      key: publicKeyFromRaw(fleetPublicKey(t.deps)),
      current: () => current,
      apply: (next) => {
        current = next;
      },
      log: (l) => logs.push(l),
    });
    node = { sync: policySync, current: () => current, logs };
    expect((await sync()).kind).toBe('full');
  }, 120_000);
  afterAll(() => t.close());

  it('a domain confirmed rebuilds the small table only; the version is one entry; the node blocks it', async () => {
    const big = bigFile();
    const v = await latestVersion(db().kysely);
    expect(onNode('harm.example')).toBe('allow');
    await db()
      .kysely.transaction()
      .execute((trx) => addConfirmedHarmful(trx, ctx, { domain: 'harm.example', ref: 'test:1' }));
    await publishConfirmed(t.deps);
    expect(bigFile()).toEqual(big);
    const snap = JSON.parse(readFileSync(snapshotFile(t.deps.config.dataDir), 'utf8'));
    expect(snap.cityDomainsFile).toMatch(/^city-[0-9a-f]+\.bin$/);
    expect(await latestVersion(db().kysely)).toBe(v + 1);
    const got = await sync();
    expect(got.kind).toBe('delta');
    expect(got.body.table.kind === 'diff' && [got.body.table.added.tags.length, got.body.table.removed.tags.length]).toEqual([1, 0]);
    for (const name of ['harm.example', 'www.harm.example']) {
      expect(onNode(name), name).toBe('block');
      expect(onCentre(name), name).toBe('block');
    }
    expect(onNode('listed.example')).toBe('block');
  });

  it('a name both a third-party list and the centre block is in one table only, and stays blocked when the list goes', async () => {
    const big = bigFile();
    await db()
      .kysely.transaction()
      .execute((trx) => addConfirmedHarmful(trx, ctx, { domain: 'both.example', ref: 'test:2' }));
    const v = await latestVersion(db().kysely);
    await publishConfirmed(t.deps);
    expect(bigFile()).toEqual(big);
    // the big table has it already: the small one leaves it out (the union's digest adds up), and
    // the nodes' tables did not change: no version
    expect(await latestVersion(db().kysely)).toBe(v);
    expect(onNode('both.example')).toBe('block');

    const list = await db().kysely.selectFrom('filter_lists').select('id').where('name', '=', 'third party').executeTakeFirstOrThrow();
    await updateList(ctx, list.id, { enabled: false });
    expect(bigFile().name).not.toBe(big.name);
    await sync();
    expect(onNode('listed.example')).toBe('allow');
    expect(onCentre('listed.example')).toBe('allow');
    // moved from the big table to the small one: blocked all along
    expect(onNode('both.example')).toBe('block');
    expect(onNode('harm.example')).toBe('block');
  });

  it('taking a confirmation back unblocks the domain on the node; the big file is untouched', async () => {
    const big = bigFile();
    await db()
      .kysely.transaction()
      .execute((trx) => removeConfirmedHarmful(trx, ctx, { ref: 'test:1' }));
    await publishConfirmed(t.deps);
    expect(bigFile()).toEqual(big);
    const got = await sync();
    expect(got.body.table.kind === 'diff' && got.body.table.removed.tags.length).toBe(1);
    expect(onNode('harm.example')).toBe('allow');
    expect(onCentre('harm.example')).toBe('allow');
    expect(onNode('both.example')).toBe('block');
  });

  it('a guard decision blocks a guarded name on the node and revoking it unblocks it; the big file is untouched', async () => {
    const big = bigFile();
    expect(onNode('x.zalo.me')).toBe('allow');
    const decision = await addGuardDecision(ctx, { domain: 'x.zalo.me', category: 'scam', reason: 'trang lừa đảo giả Zalo' });
    expect(bigFile()).toEqual(big);
    await sync();
    expect(onNode('x.zalo.me')).toBe('block');
    expect(onNode('zalo.me')).toBe('allow');
    await revokeGuardDecision(ctx, decision.id, 'nhầm');
    expect(bigFile()).toEqual(big);
    await sync();
    expect(onNode('x.zalo.me')).toBe('allow');
    expect(onCentre('x.zalo.me')).toBe('allow');
  });

  it('a publish by another process (the CLI, another instance) is recorded by the watch from snapshot.json alone, as one entry', async () => {
    const big = bigFile();
    const v = await latestVersion(db().kysely);
    await db()
      .kysely.transaction()
      .execute((trx) => addConfirmedHarmful(trx, ctx, { domain: 'elsewhere.example', ref: 'test:4' }));
    // what `lachan filter snapshot` does: the list file, then a snapshot — no publish hook in this process
    await writeConfirmedList(t.deps);
    await buildSnapshot(db().kysely, t.deps.config.dataDir, new Date().toISOString());
    expect(await latestVersion(db().kysely)).toBe(v);
    // the watch's step (policy-routes.ts job filter.fleet-versions): the JSON, no table handed over
    const snap = readSnapshotJson(t.deps.config.dataDir)!.snapshot;
    expect(await recordPolicyVersion(db(), t.deps.config.dataDir, snap, null, new Date().toISOString())).toBe(v + 1);
    // a second instance's watch reading the same snapshot.json: nothing new
    expect(await recordPolicyVersion(db(), t.deps.config.dataDir, snap, null, new Date().toISOString())).toBeNull();
    expect(bigFile()).toEqual(big);
    const got = await sync();
    expect(got.body.table.kind === 'diff' && [got.body.table.added.tags.length, got.body.table.removed.tags.length]).toEqual([1, 0]);
    expect(onNode('elsewhere.example')).toBe('block');
  });

  it('a delta whose entries do not add up to the centre digest is refused and the node keeps its tables', async () => {
    const cur = node.current()!;
    // signed by the centre, but the entry is not the one the digest was computed with
    await db()
      .kysely.transaction()
      .execute((trx) => addConfirmedHarmful(trx, ctx, { domain: 'harm3.example', ref: 'test:3' }));
    await publishConfirmed(t.deps);
    const res = await t.app.inject({ method: 'GET', url: `/api/v1/fleet/policy?since=${cur.version}`, headers: { authorization: `Bearer ${nodeToken}` } });
    const env = decodeEnvelope(res.rawPayload, publicKeyFromRaw(fleetPublicKey(t.deps)), cur.version);
    const body = decodeBody(env.body);
    if (body.table.kind !== 'diff') throw new Error('expected a diff');
    body.table.added.h2[0]! ^= 1;
    const forged = encodeEnvelope({ ...env, body }, (b) => fleetSign(t.deps, b));
    expect(node.sync.receive(forged)).toBe(true);
    expect(node.logs.at(-1)).toMatch(/refused \(base: table digest/);
    expect(node.current()).toBe(cur);
    expect(onNode('harm3.example')).toBe('allow');
  });

  it('a snapshot.json written before the city table (one domainsFile) still loads', () => {
    const dir = t.deps.config.dataDir;
    const snap = JSON.parse(readFileSync(snapshotFile(dir), 'utf8'));
    const { cityDomainsFile: _c, ...old } = snap;
    writeFileSync(snapshotFile(dir), JSON.stringify(old));
    const loaded = loadSnapshot(dir)!;
    expect(loaded.tables).toHaveLength(1);
    // the small table is not named: a name only it holds is not blocked, one of the big table is
    expect(verdict(new FilterEngine(loaded.snapshot, loaded.tables), 'harm3.example', null)).toBe('allow');
    expect(onCentre('facebook.com')).toBe('block');
  });
});
