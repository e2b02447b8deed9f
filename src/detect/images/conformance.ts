import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../shared/paths.js';
import { hammingHex } from './hashes.js';

/**
 * The published reference hashes (`../shared/data/pdq/expected.csv`, BSD, from ThreatExchange):
 * source (cpp | python | wasm | threatexchange), file, hash, quality (threatexchange only).
 * Read in place from the shared data folder (present beside the project in CI); nothing copied.
 */
export const PDQ_DATA_DIR = path.join(projectRoot, '..', 'shared', 'data', 'pdq');

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

export function referenceDataPresent(): boolean {
  return existsSync(path.join(PDQ_DATA_DIR, 'expected.csv'));
}

export function readReferences(): ReferenceRow[] {
  return readFileSync(path.join(PDQ_DATA_DIR, 'expected.csv'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [source = '', file = '', hash = '', quality = ''] = l.split(',');
      return { source, file, hash: hash.toLowerCase(), quality: quality === '' ? null : Number(quality) };
    });
}

export function referenceImages(rows: ReferenceRow[] = readReferences()): ReferenceImage[] {
  const byMd5 = new Map<string, ReferenceImage>();
  for (const r of rows) {
    const md5 = createHash('md5')
      .update(readFileSync(path.join(PDQ_DATA_DIR, r.file)))
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
