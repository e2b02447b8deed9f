import { createHash } from 'node:crypto';
import { audit } from '../../audit/audit.js';
import type { Ctx } from '../../context.js';
import { DIHEDRAL_NAMES, type DihedralName, ImageDecodeError, PDQ_MAX_PIXELS, pdqHashDihedral } from '../../evidence/pdq.js';
import { AppError } from '../../shared/errors.js';
import { sha256Hex } from '../../shared/secrets.js';
import { bankPolicy } from './bank.policy.js';
import { type BankMatch, matchHashes } from './banks.js';

export interface ImageHashes {
  pdq: string;
  quality: number;
  sha256: string;
  md5: string;
  dihedral: Record<DihedralName, string>;
  /** Matches of the file (exact) and of any of its 8 rotations/flips (PDQ), closest first. */
  matches: (BankMatch & { variant: DihedralName | null })[];
}

/** Turns a decoder failure into the 4xx the caller sees. */
export function imageError(e: unknown): unknown {
  if (!(e instanceof ImageDecodeError)) return e;
  if (e.reason === 'too_large') return new AppError(413, 'detect_image_too_large', { pixels: PDQ_MAX_PIXELS });
  if (e.reason === 'not_image') return new AppError(415, 'detect_image_not_image');
  return new AppError(422, 'detect_image_damaged');
}

/**
 * Hashes an uploaded image (PDQ with its dihedral variants, SHA-256, MD5 of the bytes) and looks
 * it up in every bank. The image itself is not kept. Audited with the file's SHA-256 and the
 * number of matches.
 */
export async function hashImage(ctx: Ctx, bytes: Buffer): Promise<ImageHashes> {
  bankPolicy.authorize(ctx.actor, 'hash');
  let d: Awaited<ReturnType<typeof pdqHashDihedral>>;
  try {
    d = await pdqHashDihedral(bytes);
  } catch (e) {
    throw imageError(e);
  }
  const sha256 = sha256Hex(bytes);
  const md5 = createHash('md5').update(bytes).digest('hex');
  const best = new Map<string, BankMatch & { variant: DihedralName | null }>();
  for (const m of await matchHashes(ctx, { sha256, md5 })) best.set(`${m.bankId}:${m.hash}`, { ...m, variant: null });
  for (const variant of DIHEDRAL_NAMES) {
    for (const m of await matchHashes(ctx, { pdq: d.hashes[variant] })) {
      const key = `${m.bankId}:${m.hash}`;
      const seen = best.get(key);
      if (!seen || seen.distance > m.distance) best.set(key, { ...m, variant });
    }
  }
  const matches = [...best.values()].sort((a, b) => a.distance - b.distance);
  await audit(
    ctx,
    ctx.db.kysely,
    'detect_image.hashed',
    { type: 'detect_image', id: sha256 },
    { quality: d.quality, matches: matches.length, banks: [...new Set(matches.map((m) => m.bankId))] },
  );
  return { pdq: d.hashes.original, quality: d.quality, sha256, md5, dihedral: d.hashes, matches };
}
