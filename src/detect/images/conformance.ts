import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fromRoot } from '../../shared/paths.js';
import { hammingHex } from './hashes.js';

/**
 * The published reference hashes (`data/pdq/expected.csv`, BSD, from ThreatExchange):
 * source (cpp | python | wasm | threatexchange), file, hash, quality (threatexchange only).
 * A 690 KB subset of the reference images ships in the repository (data/pdq/NOTICE.md says which
 * and why) so that a bare clone runs the conformance tests; the benchmark can point `dir` at the
 * full set.
 */
export const PDQ_DATA_DIR = fromRoot('src', 'detect', 'images', 'data', 'pdq');

/** Reads a comma-separated reference file, `#` lines being comments. */
function rowsOf(file: string): string[][] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => l.split(','));
}

export interface ReferenceRow {
  source: string;
  file: string;
  hash: string;
  quality: number | null;
}

export interface ReferenceImage {
  /** MD5 of the bytes: the same picture listed under two names (bridge-1-original = aaa-orig) is one image. */
  md5: string;
  files: string[];
  refs: ReferenceRow[];
  /** Largest distance between two reference implementations on this image (0 with one reference). */
  spread: number;
}

export function readReferences(dir: string = PDQ_DATA_DIR): ReferenceRow[] {
  return rowsOf(path.join(dir, 'expected.csv')).map(([source = '', file = '', hash = '', quality = '']) => ({
    source,
    file,
    hash: hash.toLowerCase(),
    quality: quality === '' ? null : Number(quality),
  }));
}

/**
 * The references' hashes of the rotated and flipped copies of the bridge photo
 * (`data/pdq/dihedral.csv`): the photos themselves are not shipped (360 KB each), their hashes
 * are enough to check the dihedral hashes we derive from the original.
 */
export function readDihedralReferences(dir: string = PDQ_DATA_DIR): { source: string; file: string; hash: string }[] {
  return rowsOf(path.join(dir, 'dihedral.csv')).map(([source = '', file = '', hash = '']) => ({ source, file, hash: hash.toLowerCase() }));
}

export function referenceImages(rows: ReferenceRow[] = readReferences(), dir: string = PDQ_DATA_DIR): ReferenceImage[] {
  const byMd5 = new Map<string, ReferenceImage>();
  for (const r of rows) {
    const md5 = createHash('md5')
      .update(readFileSync(path.join(dir, r.file)))
      .digest('hex');
    const img = byMd5.get(md5) ?? { md5, files: [], refs: [], spread: 0 };
    byMd5.set(md5, img);
    if (!img.files.includes(r.file)) img.files.push(r.file);
    img.refs.push(r);
  }
  for (const img of byMd5.values()) {
    for (const a of img.refs) for (const b of img.refs) img.spread = Math.max(img.spread, hammingHex(a.hash, b.hash));
  }
  return [...byMd5.values()];
}

/**
 * The largest disagreement between two reference implementations hashing the very same bytes
 * anywhere in the file: C++ and WASM on bridge-1-original.jpg = bridge-mods/aaa-orig.jpg
 * (10 bits). Their JPEG decoders differ; this is how far "the same algorithm" can land.
 */
export const referenceSpread = (images: ReferenceImage[]) => Math.max(...images.map((i) => i.spread));
