import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { generate } from 'otplib';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { verifyAuditChain } from '../audit/verify.js';
import { png } from '../evidence/test-files.js';
import { KeyRing, RING_FILE } from '../shared/keyring.js';
import { Sealer } from '../shared/secrets.js';
import { ADMIN_PASSWORD, createTestApp, type Session, STAFF_PASSWORD, type TestApp } from '../testing/app.js';
import { describeEachDb, TEST_SECRET_KEY } from '../testing/databases.js';
import { rotateKeys } from './rotate-keys.js';
import { SEALED_TABLES } from './sealed-columns.js';

const WARD_A = '00070';

describeEachDb('lachan keys rotate: re-seal everything under a new key, old key gone, nothing else breaks', (db, dialect) => {
  let t: TestApp;
  let officer: Session & { id: string };
  let totpUser: { username: string; secret: string };
  let partnerToken: string;
  let reportId: string;
  let imageId: string;
  let caseId: string;
  let worker: Session;
  const now = { t: Date.parse('2026-03-02T08:00:00Z') };
  const clock = () => new Date(now.t);
  const dataDir = () => t.deps.config.dataDir;
  /** `lachan keys rotate` is another process: its own ring object over the same data dir. */
  const cli = () => ({ ...t.deps, sealer: new Sealer(TEST_SECRET_KEY, new KeyRing(TEST_SECRET_KEY, dataDir())) });
  /** Past the ring's once-a-second re-read: the app has seen the new key before old ones go. */
  const GRACE_MS = 1100;
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  const submit = (description: string) =>
    t.app.inject({
      method: 'POST',
      url: '/api/v1/intake/reports',
      headers: { authorization: `Bearer ${partnerToken}`, 'idempotency-key': `k-${Math.random()}` },
      payload: {
        incidentTypes: ['sextortion'],
        description,
        urls: ['https://social.example/p/42'],
        victim: { ageBand: '11_14', unitId: WARD_A },
        reporter: { kind: 'parent_relative', name: 'Chị Hoa', phone: '0912 345 678', consentToContact: true },
        files: [{ filename: 'anh-be-lan.png', contentBase64: (pngFile ?? Buffer.alloc(0)).toString('base64') }],
      },
    });
  let pngFile: Buffer | undefined;

  /** Every sealed value in the database, by table.column. */
  async function sealedValues(): Promise<string[]> {
    const out: string[] = [];
    for (const s of SEALED_TABLES) {
      const { rows } = await sql<Record<string, string | null>>`select ${sql.join(s.columns.map((c) => sql.ref(c)))} from ${sql.table(s.table)}`.execute(
        db().kysely,
      );
      for (const r of rows) for (const c of s.columns) if (r[c]) out.push(r[c] as string);
    }
    return out;
  }
  const evidenceHeaders = () => {
    const dir = path.join(dataDir(), 'evidence');
    return readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.lce'))
      .map((f) => readFileSync(path.join(dir, f)).subarray(0, 12).toString('latin1'));
  };
  const loginWithTotp = async () => {
    now.t += 60_000; // a fresh 30-second step: a TOTP code is good once
    const code = await generate({ secret: totpUser.secret, epoch: Math.floor(now.t / 1000) });
    return t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: totpUser.username, password: STAFF_PASSWORD, totp: code } });
  };

  /** What must hold after every rotation: the data reads back, sign-in with TOTP works, the chain verifies. */
  async function everythingStillWorks(): Promise<void> {
    const detail = await officer.request('GET', `/api/v1/intake/reports/${reportId}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json()).toMatchObject({ description: 'Bé Lan bị đe doạ tung ảnh', contact: { name: 'Chị Hoa', phone: '0912 345 678' } });
    expect(detail.json().handovers[0]).toMatchObject({ note: 'Gia đình cần tư vấn tâm lý' });
    const reveal = await officer.request('POST', `/api/v1/intake/evidence/${imageId}/reveal`, { reason: 'Kiểm tra sau khi thay khoá' });
    expect(reveal.statusCode).toBe(200);
    expect(reveal.rawPayload.subarray(1, 4).toString()).toBe('PNG');
    const child = await worker.request('POST', `/api/v1/cases/${caseId}/reveal`, { reason: 'Kiểm tra sau khi thay khoá' });
    expect(child.statusCode).toBe(200);
    expect(JSON.stringify(child.json())).toContain('Bé Lan');
    expect((await loginWithTotp()).statusCode).toBe(200);
    // sessions signed before the rotation still work (the cookie key is not the data key)
    expect((await officer.request('GET', '/api/v1/auth/me')).statusCode).toBe(200);
    expect(await verifyAuditChain(db())).toMatchObject({ ok: true });
  }

  beforeAll(async () => {
    pngFile = await png(40, 30);
    t = await createTestApp(db(), { clock });
    const admin = await t.login('admin', ADMIN_PASSWORD);
    officer = await t.staff('intake_officer');
    const tok = await admin.request('POST', '/api/v1/tokens', { name: 'Tổng đài 111', scopes: ['reports:write'] });
    partnerToken = tok.json().secret;

    const res = await submit('Bé Lan bị đe doạ tung ảnh');
    expect(res.statusCode).toBe(201);
    reportId = res.json().id;
    imageId = (
      await db().kysely.selectFrom('intake_evidence').select('id').where('report_id', '=', reportId).where('kind', '=', 'image').executeTakeFirstOrThrow()
    ).id;
    const handed = await officer.request('POST', `/api/v1/intake/reports/${reportId}/handover`, {
      victimSupport: true,
      violationHandling: false,
      unitId: WARD_A,
      note: 'Gia đình cần tư vấn tâm lý',
    });
    expect(handed.statusCode).toBe(200);

    // the hand-over taken into a case, the child registered: case_events.sealed holds the name
    worker = await t.staff('case_worker', { unitId: WARD_A });
    const h = await db().kysely.selectFrom('intake_handovers').select('id').where('report_id', '=', reportId).executeTakeFirstOrThrow();
    const taken = (await worker.request('POST', `/api/v1/cases/handovers/${h.id}/take`, {})).json();
    caseId = taken.id;
    const reg = await worker.request('POST', `/api/v1/cases/${caseId}/registration`, {
      version: taken.version,
      ageBand: '11_14',
      gender: 'female',
      name: 'Bé Lan',
      guardians: [{ name: 'Chị Hoa', relation: 'mẹ', phone: '0912 345 678' }],
    });
    expect(reg.statusCode).toBe(200);

    const s = await t.staff('intake_officer');
    const { secret } = (await s.request('POST', '/api/v1/auth/totp/setup')).json();
    expect((await s.request('POST', '/api/v1/auth/totp/enable', { code: await generate({ secret, epoch: Math.floor(now.t / 1000) }) })).statusCode).toBe(204);
    totpUser = { username: s.username, secret };
  });
  afterAll(() => t.close());

  it('starts with values sealed the old way (v1, root key) and evidence files LCE1', async () => {
    const values = await sealedValues();
    expect(values.length).toBeGreaterThanOrEqual(6); // detail, contact, file name, hand-over note, the child's registration, TOTP secret
    expect((await db().kysely.selectFrom('case_events').select('sealed').where('sealed', 'is not', null).execute()).length).toBeGreaterThanOrEqual(1);
    expect(values.every((v) => v.startsWith('v1.'))).toBe(true);
    expect(evidenceHeaders().every((h) => h.startsWith('LCE1'))).toBe(true);
  });

  it('first rotation: every field and file under the new key, legacy closed, everything readable', async () => {
    const progress: string[] = [];
    const r = await rotateKeys(cli(), { graceMs: GRACE_MS, batchSize: 2, progress: (phase, done, total) => progress.push(`${phase}:${done}/${total}`) });
    expect(r).toMatchObject({ resumed: false, removed: ['legacy'] });
    expect(r.values).toBeGreaterThanOrEqual(5);
    expect(r.files).toBe(1);
    expect(progress).toContain('files:1/1');
    expect((await sealedValues()).every((v) => v.startsWith(`k1.${r.keyId}.`))).toBe(true);
    expect(evidenceHeaders()).toEqual([`LCE2${r.keyId}`]);
    // the running app learns from the ring file (re-read at most once a second) that the root key opens no field now
    await pause(GRACE_MS);
    expect(() => t.deps.sealer.open(new Sealer(TEST_SECRET_KEY).seal('x'))).toThrow('removed by a key rotation');
    await everythingStillWorks();
    const entry = await db().kysely.selectFrom('audit_log').select('detail').where('action', '=', 'keys.rotated').executeTakeFirstOrThrow();
    expect(JSON.parse(entry.detail ?? '{}')).toMatchObject({ keyId: r.keyId, removed: ['legacy'] });
  });

  it('second rotation while the server writes with the old key: caught by the last pass, old key gone from disk', async () => {
    const ring = JSON.parse(readFileSync(path.join(dataDir(), RING_FILE), 'utf8'));
    const oldId = ring.current as string;
    const oldWrapped = ring.keys[0].wrapped as string;
    // The app's ring object has not re-read the file within the last second when the CLI adds
    // the new key, so a report filed during the grace period may be sealed with the old key.
    let lateId = '';
    const r = await rotateKeys(cli(), {
      graceMs: GRACE_MS,
      sleep: async (ms) => {
        const late = await submit('Báo cáo gửi trong lúc thay khoá');
        expect(late.statusCode).toBe(201);
        lateId = late.json().id;
        await pause(ms);
      },
    });
    expect(r.removed).toEqual([oldId]);
    const file = readFileSync(path.join(dataDir(), RING_FILE), 'utf8');
    expect(file).not.toContain(oldId);
    expect(file).not.toContain(oldWrapped);
    expect((await sealedValues()).every((v) => v.startsWith(`k1.${r.keyId}.`))).toBe(true);
    expect(evidenceHeaders().every((h) => h === `LCE2${r.keyId}`)).toBe(true);
    expect((await officer.request('GET', `/api/v1/intake/reports/${lateId}`)).json()).toMatchObject({ description: 'Báo cáo gửi trong lúc thay khoá' });
    await everythingStillWorks();
  });

  it('resumes an interrupted rotation with the same key instead of starting over', async () => {
    let seen = 0;
    await expect(
      rotateKeys(cli(), {
        graceMs: GRACE_MS,
        batchSize: 1,
        progress: (phase, done) => {
          if (phase === 'fields' && done > 0 && ++seen === 2) throw new Error('power cut');
        },
      }),
    ).rejects.toThrow('power cut');
    const mid = JSON.parse(readFileSync(path.join(dataDir(), RING_FILE), 'utf8'));
    expect(mid.keys).toHaveLength(2); // both keys: half the values are under each
    await everythingStillWorks();
    const r = await rotateKeys(cli(), { graceMs: GRACE_MS });
    expect(r).toMatchObject({ resumed: true, keyId: mid.current, removed: [mid.keys[0].id] });
    expect((await sealedValues()).every((v) => v.startsWith(`k1.${r.keyId}.`))).toBe(true);
    await everythingStillWorks();
  });

  it('every sealed column of the migrated database is declared for rotation', async () => {
    const { rows } =
      dialect === 'postgres'
        ? await sql<{ t: string; c: string }>`select table_name as t, column_name as c from information_schema.columns where table_schema = 'public'`.execute(
            db().kysely,
          )
        : await sql<{
            t: string;
            c: string;
          }>`select m.name as t, p.name as c from sqlite_master m join pragma_table_info(m.name) p where m.type = 'table'`.execute(db().kysely);
    const sealedLike = rows.filter((r) => r.c.startsWith('sealed') || r.c === 'totp_secret').map((r) => `${r.t}.${r.c}`);
    const declared = SEALED_TABLES.flatMap((s) => s.columns.map((c) => `${s.table}.${c}`));
    expect(sealedLike.sort()).toEqual([...declared].sort());
  });
});
