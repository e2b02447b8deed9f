import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { beforeAll, expect, it } from 'vitest';
import { systemActor } from '../access/actor.js';
import { loadConfig } from '../config.js';
import type { Ctx } from '../context.js';
import { AppError } from '../shared/errors.js';
import { Sealer } from '../shared/secrets.js';
import { systemClock } from '../shared/time.js';
import { describeEachDb } from '../testing/databases.js';
import { evidenceStoreFor } from './store.js';
import { jpegWithExif } from './test-files.js';
import { evidenceExists, previewEvidence, revealEvidence, revealReason } from './view.js';

describeEachDb('evidence: blurred preview and reveal with reason, audited', (db) => {
  let ctx: Ctx;
  let sha: string;
  let clear: Buffer;
  const entries = (subjectId: string) =>
    db()
      .kysely.selectFrom('audit_log')
      .select(['action', 'subject_type', 'subject_id', 'detail', 'ip'])
      .where('subject_id', '=', subjectId)
      .orderBy('seq')
      .execute();
  const view = (subjectId: string, sha256 = sha) => ({ sha256, action: 'test_evidence.viewed', subjectType: 'test_evidence', subjectId, detail: { n: 3 } });

  beforeAll(async () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-evidence-'));
    const config = loadConfig({ LACHAN_DATA_DIR: dataDir, LACHAN_LOG_LEVEL: 'silent' });
    ctx = { db: db(), config, sealer: new Sealer(Buffer.alloc(32, 7)), clock: systemClock, actor: systemActor('test'), origin: { ip: '203.0.113.9' } };
    clear = await jpegWithExif(1200, 900);
    sha = 'a'.repeat(64);
    await evidenceStoreFor(config.dataDir, ctx.sealer).put(sha, clear);
  });

  it('previews a stored image small and blurred, and audits who looked, from where, at what', async () => {
    const blurred = await previewEvidence(ctx, view('p1'));
    const meta = await sharp(blurred).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width ?? 0, meta.height ?? 0)).toBe(360);
    expect(blurred.equals(clear)).toBe(false);
    const log = await entries('p1');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ action: 'test_evidence.viewed', subject_type: 'test_evidence', ip: '203.0.113.9' });
    expect(JSON.parse(log[0]!.detail)).toEqual({ n: 3 });
  });

  it('reveals the clear file, byte for byte, audited with the reason', async () => {
    const bytes = await revealEvidence(ctx, view('r1'), revealReason('  Đối chiếu với báo cáo  ', 'test_reason_required'));
    expect(bytes.equals(clear)).toBe(true);
    const log = await entries('r1');
    expect(log).toHaveLength(1);
    expect(JSON.parse(log[0]!.detail)).toEqual({ n: 3, reason: 'Đối chiếu với báo cáo' });
  });

  it('refuses a reason that is blanks or control characters once cleaned, with the caller’s code', () => {
    for (const raw of ['     ', '\u0000\u0000\u0000\u0000\u0000\u0000', '\u0001\u0002\u0003abcd', 'ab\u0007\u0007\u0007']) {
      let err: unknown;
      try {
        revealReason(raw, 'test_reason_required');
      } catch (e) {
        err = e;
      }
      expect(err, JSON.stringify(raw)).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(400);
      expect((err as AppError).code).toBe('test_reason_required');
    }
  });

  it('writes no audit entry when the file is missing or not an image; the caller chooses the answer', async () => {
    const missing = 'b'.repeat(64);
    expect(await evidenceExists(ctx, missing)).toBe(false);
    await expect(previewEvidence(ctx, view('m1', missing))).rejects.toThrow(/ENOENT/);
    const gone = new AppError(404, 'not_found');
    await expect(previewEvidence(ctx, { ...view('m2', missing), unreadable: () => gone })).rejects.toBe(gone);

    const notImage = 'c'.repeat(64);
    await evidenceStoreFor(ctx.config.dataDir, ctx.sealer).put(notImage, Buffer.from('%PDF-1.4 not an image at all'));
    await expect(previewEvidence(ctx, { ...view('m3', notImage), unreadable: () => gone })).rejects.toBe(gone);

    for (const id of ['m1', 'm2', 'm3']) expect(await entries(id)).toHaveLength(0);
  });
});
