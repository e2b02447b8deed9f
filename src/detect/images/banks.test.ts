import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { systemActor } from '../../access/actor.js';
import { pixelBombPng, truncatedJpeg } from '../../evidence/test-files.js';
import { ADMIN_PASSWORD, createTestApp, type Session, type TestApp } from '../../testing/app.js';
import { describeEachDb } from '../../testing/databases.js';
import { multipart } from '../../testing/multipart.js';
import { PDQ_DATA_DIR } from './conformance.js';
import { hammingHex } from './hashes.js';
import { addHashesToBank, CENTRE_PDQ_BANK, CENTRE_SHA256_BANK, matchHashes, pdqHash } from './index.js';

const API = '/api/v1/detect';
const hex = (seed: number, len = 64) => Array.from({ length: len }, (_, i) => ((seed * 7 + i * 13) % 16).toString(16)).join('');
/** Flips the first `bits` bits of a hex hash. */
const flip = (h: string, bits: number) => {
  const digits = [...h];
  for (let b = 0; b < bits; b++) {
    const d = b >> 2;
    digits[d] = (Number.parseInt(digits[d]!, 16) ^ (1 << (b & 3))).toString(16);
  }
  return digits.join('');
};

/** A real photo (PDQ reference image, shipped with its licence in data/pdq). */
const photo = async (): Promise<Buffer> => readFileSync(path.join(PDQ_DATA_DIR, 'reg-test-input/labelme-subset/q0291.jpg'));

describeEachDb('hash banks: import/export, matching, policy, hostile input', (db) => {
  let t: TestApp;
  let admin: Session;
  let analyst: Session;
  let leader: Session;
  let worker: Session;
  let bankId: string;

  beforeAll(async () => {
    t = await createTestApp(db());
    admin = await t.login('admin', ADMIN_PASSWORD);
    analyst = await t.staff('analyst');
    leader = await t.staff('city_leader');
    worker = await t.staff('case_worker', { unitId: '00070' });
  });
  afterAll(() => t.close());

  it('seeds the centre banks and lets an analyst create a PDQ bank (audited)', async () => {
    const list = await analyst.request('GET', `${API}/banks`);
    expect(list.statusCode).toBe(200);
    expect(
      list
        .json()
        .map((b: { code: string }) => b.code)
        .sort(),
    ).toEqual([CENTRE_PDQ_BANK, CENTRE_SHA256_BANK].sort());
    const res = await analyst.request('POST', `${API}/banks`, { code: 'iwf_test', name: 'Danh sách thử', kind: 'pdq' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ code: 'iwf_test', kind: 'pdq', threshold: 31, hashCount: 0 });
    bankId = res.json().id;
    expect((await analyst.request('POST', `${API}/banks`, { code: 'iwf_test', name: 'Trùng', kind: 'pdq' })).statusCode).toBe(409);
    const audit = await db().kysely.selectFrom('audit_log').select('action').where('subject_id', '=', bankId).execute();
    expect(audit.map((a) => a.action)).toEqual(['detect_bank.created']);
  });

  it('imports a ThreatExchange-style CSV, reports bad lines by number, counts duplicates, exports it back', async () => {
    const good = [hex(1), hex(2).toUpperCase(), hex(3)];
    const csv = [
      'hash,label',
      `${good[0]},series-a`,
      `${good[1]}`,
      '# a comment',
      'not-a-hash,oops',
      `${hex(4).slice(0, 60)},short`,
      `${good[2]},"label, with comma"`,
      `${good[0]},again`,
      `${hex(5)},${'x'.repeat(300)}`,
      '',
    ].join('\n');
    const res = await analyst.request('POST', `${API}/banks/${bankId}/import`, csv, { 'content-type': 'text/csv' });
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r).toMatchObject({ added: 3, duplicates: 1, rejected: 3 });
    expect(r.rejectedLines.map((x: { line: number }) => x.line)).toEqual([5, 6, 9]);
    expect(r.rejectedLines[0].reason).toBe('không phải mã hex hợp lệ');
    expect(r.bank.hashCount).toBe(3);
    // JSON body, the same hashes again: all duplicates, nothing added.
    const again = await analyst.request('POST', `${API}/banks/${bankId}/import`, { content: good.join('\n') });
    expect(again.json()).toMatchObject({ added: 0, duplicates: 3, rejected: 0 });
    const exp = await analyst.request('GET', `${API}/banks/${bankId}/export`);
    expect(exp.statusCode).toBe(200);
    expect(exp.headers['content-type']).toContain('text/csv');
    const lines = exp.body.trim().split('\n');
    expect(lines[0]).toBe('hash,label');
    expect(lines.slice(1).sort()).toEqual([`${good[0]},series-a`, `${good[1]!.toLowerCase()},`, `${good[2]},"label, with comma"`].sort());
    // The export imports back unchanged into a fresh bank.
    const copy = await analyst.request('POST', `${API}/banks`, { code: 'copy_bank', name: 'Bản sao', kind: 'pdq' });
    const back = await analyst.request('POST', `${API}/banks/${copy.json().id}/import`, exp.body, { 'content-type': 'text/csv' });
    expect(back.json()).toMatchObject({ added: 3, rejected: 0 });
    const page = await analyst.request('GET', `${API}/banks/${bankId}/hashes?limit=2&offset=0`);
    expect(page.json().total).toBe(3);
    expect(page.json().items).toHaveLength(2);
    const actions = (await db().kysely.selectFrom('audit_log').select('action').where('subject_id', '=', bankId).execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['detect_bank.imported', 'detect_bank.exported', 'detect_bank.hashes_read']));
  });

  it('refuses hostile imports with a clear 4xx and keeps the bank as it was', async () => {
    const before = (await analyst.request('GET', `${API}/banks/${bankId}`)).json().hashCount;
    const onlyBad = await analyst.request('POST', `${API}/banks/${bankId}/import`, 'zz\nqq\n', { 'content-type': 'text/csv' });
    expect(onlyBad.statusCode).toBe(400);
    expect(onlyBad.json().error.code).toBe('detect_import_empty');
    // sha256-length hashes into an md5 bank: wrong kind, every line rejected.
    const md5 = await analyst.request('POST', `${API}/banks`, { code: 'md5_bank', name: 'MD5', kind: 'md5' });
    const wrongKind = await analyst.request('POST', `${API}/banks/${md5.json().id}/import`, `${hex(9)}\n`, { 'content-type': 'text/csv' });
    expect(wrongKind.statusCode).toBe(400);
    expect((await analyst.request('POST', `${API}/banks`, { code: 'md5_b', name: 'x', kind: 'md5', threshold: 5 })).statusCode).toBe(400);
    const huge = `${hex(1)}\n`.repeat(Math.ceil((33 * 1024 * 1024) / 65));
    const tooBig = await analyst.request('POST', `${API}/banks/${bankId}/import`, huge, { 'content-type': 'text/csv' });
    expect(tooBig.statusCode).toBe(413);
    const xml = await analyst.request('POST', `${API}/banks/${bankId}/import`, '<x/>', { 'content-type': 'application/xml' });
    expect(xml.statusCode).toBe(415);
    const longLine = await analyst.request('POST', `${API}/banks/${bankId}/import`, `${'a'.repeat(5000)}\n${hex(77)}`, { 'content-type': 'text/csv' });
    expect(longLine.json()).toMatchObject({ added: 1, rejected: 1 });
    expect(longLine.json().rejectedLines[0]).toMatchObject({ line: 1 });
    expect((await analyst.request('GET', `${API}/banks/${bankId}`)).json().hashCount).toBe(before + 1);
    expect((await analyst.request('POST', `${API}/banks`, { code: 'Bad Code!', name: 'x', kind: 'pdq' })).statusCode).toBe(400);
    expect((await analyst.request('PATCH', `${API}/banks/${bankId}`, { threshold: 500 })).statusCode).toBe(400);
  });

  it('matches PDQ within the bank threshold (rebuilt after a change), exact SHA-256, and the threshold is editable', async () => {
    const base = hex(21);
    await analyst.request('POST', `${API}/banks/${bankId}/import`, `${base},planted\n`, { 'content-type': 'text/csv' });
    let m = await matchHashes(t.deps, { pdq: flip(base, 30) });
    expect(m.find((x) => x.hash === base)).toMatchObject({ bankId, distance: 30, label: 'planted', kind: 'pdq' });
    expect((await matchHashes(t.deps, { pdq: flip(base, 40) })).find((x) => x.hash === base)).toBeUndefined();
    const patched = await analyst.request('PATCH', `${API}/banks/${bankId}`, { threshold: 45, name: 'Danh sách thử (đổi)' });
    expect(patched.json()).toMatchObject({ threshold: 45, name: 'Danh sách thử (đổi)' });
    m = await matchHashes(t.deps, { pdq: flip(base, 40) });
    expect(m.find((x) => x.hash === base)?.distance).toBe(40);
    const sha = hex(33);
    const ctx = { ...t.deps, actor: systemActor('test'), origin: { ip: null } };
    const added = await db()
      .kysely.transaction()
      .execute((tx) => addHashesToBank(tx, ctx, { code: CENTRE_SHA256_BANK }, [{ hash: sha, label: 'ca-1' }]));
    expect(added).toEqual({ added: 1, duplicates: 0 });
    expect(await matchHashes(t.deps, { sha256: sha.toUpperCase() })).toMatchObject([{ kind: 'sha256', distance: 0, label: 'ca-1' }]);
    await expect(
      db()
        .kysely.transaction()
        .execute((tx) => addHashesToBank(tx, ctx, { code: CENTRE_SHA256_BANK }, [{ hash: 'abc' }])),
    ).rejects.toMatchObject({
      status: 400,
    });
    expect(await matchHashes(t.deps, { pdq: 'nonsense', md5: 'x' })).toEqual([]);
  });

  it('hashes an uploaded image (multipart or raw) and finds it in a bank, also rotated', async () => {
    const img = await photo();
    const { hash } = await pdqHash(img);
    const ctx = { ...t.deps, actor: systemActor('test'), origin: { ip: null } };
    await db()
      .kysely.transaction()
      .execute((tx) => addHashesToBank(tx, ctx, { code: CENTRE_PDQ_BANK }, [{ hash, label: 'confirmed-1' }]));
    const form = multipart([], [{ name: 'file', filename: 'a.jpg', content: img, type: 'image/jpeg' }]);
    const res = await analyst.request('POST', `${API}/hash`, form.body, { 'content-type': form.contentType });
    expect(res.statusCode).toBe(200);
    const out = res.json();
    expect(out.pdq).toBe(hash);
    expect(Object.keys(out.dihedral)).toHaveLength(8);
    expect(out.matches[0]).toMatchObject({ hash, distance: 0, label: 'confirmed-1', variant: 'original' });
    const rotated = await sharp(img).rotate(90).png().toBuffer();
    const raw = await analyst.request('POST', `${API}/hash`, rotated, { 'content-type': 'image/png' });
    expect(raw.statusCode).toBe(200);
    expect(hammingHex(raw.json().pdq, hash)).toBeGreaterThan(31);
    const rotMatch = raw.json().matches.find((x: { hash: string }) => x.hash === hash);
    expect(rotMatch?.variant).toBe('rotate90');
    const audit = await db().kysely.selectFrom('audit_log').select('action').where('action', '=', 'detect_image.hashed').execute();
    expect(audit.length).toBeGreaterThanOrEqual(2);
  });

  it('refuses non-images, truncated images, pixel bombs and empty uploads with clear 4xx', async () => {
    const send = (content: Buffer, type = 'application/octet-stream') => analyst.request('POST', `${API}/hash`, content, { 'content-type': type });
    expect((await send(Buffer.from('%PDF-1.4 not an image'))).statusCode).toBe(415);
    expect((await send(await truncatedJpeg(), 'image/jpeg')).statusCode).toBe(422);
    expect((await send(pixelBombPng(), 'image/png')).statusCode).toBe(413);
    expect((await send(Buffer.alloc(9 * 1024 * 1024, 1))).statusCode).toBe(413);
    const empty = multipart([['x', 'y']]);
    expect((await analyst.request('POST', `${API}/hash`, empty.body, { 'content-type': empty.contentType })).statusCode).toBe(400);
    const text = await analyst.request('POST', `${API}/hash`, { file: 'x' });
    expect(text.statusCode).toBe(415);
    expect(text.json().error.message).toBeTruthy();
  });

  it('gives city leaders the counts only, and case workers nothing', async () => {
    const list = await leader.request('GET', `${API}/banks`);
    expect(list.statusCode).toBe(200);
    expect(list.json().find((b: { id: string }) => b.id === bankId).hashCount).toBeGreaterThan(0);
    for (const url of [`${API}/banks/${bankId}/hashes`, `${API}/banks/${bankId}/export`]) expect((await leader.request('GET', url)).statusCode, url).toBe(403);
    expect((await leader.request('POST', `${API}/banks/${bankId}/import`, `${hex(50)}\n`, { 'content-type': 'text/csv' })).statusCode).toBe(403);
    expect((await leader.request('PATCH', `${API}/banks/${bankId}`, { threshold: 10 })).statusCode).toBe(403);
    const form = multipart([], [{ name: 'file', filename: 'a.jpg', content: await photo() }]);
    expect((await leader.request('POST', `${API}/hash`, form.body, { 'content-type': form.contentType })).statusCode).toBe(403);
    for (const url of [`${API}/banks`, `${API}/banks/${bankId}`, `${API}/banks/${bankId}/hashes`])
      expect((await worker.request('GET', url)).statusCode, url).toBe(403);
    expect((await admin.request('GET', `${API}/banks/${bankId}/hashes`)).statusCode).toBe(200);
  });
});
