import { readFileSync } from 'node:fs';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { DIHEDRAL_NAMES, ImageDecodeError, pdqFromLuma, pdqHash, pdqHashDihedral } from '../../evidence/pdq.js';
import { pixelBombPng } from '../../evidence/test-files.js';
import { PDQ_DATA_DIR, type ReferenceImage, readDihedralReferences, referenceImages, referenceSpread } from './conformance.js';
import { hammingHex } from './hashes.js';

const read = (file: string) => readFileSync(path.join(PDQ_DATA_DIR, file));

/**
 * Conformance with the reference implementations (data/pdq/expected.csv: the subset of the
 * reference images shipped in the repository, see data/pdq/NOTICE.md). Criteria, exactly:
 *  1. quality ≥ 80 and a C++ reference: distance ≤ 10 (the bridge photo, and its seven rotations
 *     and flips through the dihedral hashes derived from it: the rotated files are not shipped,
 *     their reference hashes are, in dihedral.csv).
 *  2. every listed image, every reference R: distance ≤ S, S = 10 = the largest distance between
 *     two reference implementations on identical bytes in the file (C++ vs WASM on the bridge
 *     photo); I16.png handled in its own test (its reference decodes 16-bit grey by clipping at
 *     255, PIL's conversion; we scale).
 *  3. quality within ±2 where the file gives one (I16.png again in its own test).
 * Where no reference samples the image down (both sides ≤ 512) we agree with WASM bit for bit
 * (≤ 2 bits); on bigger photos the references part ways (C++ filters the full image,
 * Python/WASM a 512 sample) and we sample at 1024, between them (PDQ_DOWNSAMPLE).
 */
const CLIPPED_16BIT = 'threatexchange-python/I16.png';
const BRIDGE = 'reg-test-input/dih/bridge-1-original.jpg';
/** Our dihedral names → the reference file names of the rotated and flipped bridge photo. */
const DIHEDRAL_FILES: Record<string, string> = {
  original: '1-original',
  rotate90: '2-rotate-90',
  rotate180: '3-rotate-180',
  rotate270: '4-rotate-270',
  flipX: '5-flipx',
  flipY: '6-flipy',
  flipPlus1: '7-flip-plus-1',
  flipMinus1: '8-flip-minus-1',
};

describe('PDQ conformance with the reference implementations', () => {
  let images: ReferenceImage[];
  const ours = new Map<string, { hash: string; quality: number }>();
  let bridge: Awaited<ReturnType<typeof pdqHashDihedral>>;
  const dihedralRefs = readDihedralReferences();
  /** Our dihedral hash that corresponds to a rotated reference file. */
  const variantFor = (file: string) => {
    const name = DIHEDRAL_NAMES.find((n) => file === `reg-test-input/dih/bridge-${DIHEDRAL_FILES[n]}.jpg`);
    if (!name) throw new Error(`no dihedral variant for ${file}`);
    return bridge.hashes[name];
  };
  beforeAll(async () => {
    images = referenceImages();
    for (const img of images) ours.set(img.md5, await pdqHash(read(img.files[0]!)));
    bridge = await pdqHashDihedral(read(BRIDGE));
  });

  it('ships the subset NOTICE.md describes: 15 images, 19 rows, 14 rotated-photo rows', () => {
    expect(images.reduce((n, i) => n + i.files.length, 0)).toBe(15);
    expect(images.reduce((n, i) => n + i.refs.length, 0)).toBe(19);
    expect(dihedralRefs).toHaveLength(14);
  });

  it('is within 10 bits of the C++ reference for images of quality ≥ 80', () => {
    let checked = 0;
    for (const img of images) {
      const me = ours.get(img.md5)!;
      for (const ref of img.refs.filter((r) => r.source === 'cpp')) {
        if (me.quality < 80) continue;
        checked++;
        expect(hammingHex(me.hash, ref.hash), ref.file).toBeLessThanOrEqual(10);
      }
    }
    // The seven rotated/flipped bridge photos (quality 100 like the original): the C++ hash of
    // each file against the variant we derive from the original (measured 6–8 bits; hashing the
    // files themselves gave 2–8).
    expect(bridge.quality).toBeGreaterThanOrEqual(80);
    for (const ref of dihedralRefs.filter((r) => r.source === 'cpp')) {
      checked++;
      expect(hammingHex(variantFor(ref.file), ref.hash), ref.file).toBeLessThanOrEqual(10);
    }
    expect(checked).toBe(8);
  });

  it('is within the references’ own spread of every reference, for every listed image', () => {
    const spread = referenceSpread(images);
    expect(spread).toBe(10);
    for (const img of images) {
      if (img.files.includes(CLIPPED_16BIT)) continue;
      const me = ours.get(img.md5)!;
      for (const ref of img.refs) expect(hammingHex(me.hash, ref.hash), `${ref.source} ${ref.file}`).toBeLessThanOrEqual(spread);
    }
  });

  it('matches WASM exactly where it hashed the same pixels (≤ 2 bits; images no reference samples down)', async () => {
    let checked = 0;
    for (const img of images) {
      const { width = 0, height = 0 } = await sharp(read(img.files[0]!)).metadata();
      if (Math.max(width, height) > 512 || img.files.includes(CLIPPED_16BIT)) continue;
      const me = ours.get(img.md5)!;
      for (const ref of img.refs.filter((r) => r.source === 'wasm')) {
        checked++;
        expect(hammingHex(me.hash, ref.hash), ref.file).toBeLessThanOrEqual(2);
      }
    }
    // small, wee, shrink-a-lot, square-128x128, square-256x256
    expect(checked).toBe(5);
  });

  it('gives the reference quality within ±2 where the file lists one', () => {
    for (const img of images) {
      for (const ref of img.refs) {
        if (ref.quality === null || img.files.includes(CLIPPED_16BIT)) continue;
        expect(Math.abs(ours.get(img.md5)!.quality - ref.quality), ref.file).toBeLessThanOrEqual(2);
      }
    }
  });

  it('reproduces the 16-bit reference exactly when decoding as it does (values clipped at 255)', async () => {
    const ref = images.find((i) => i.files.includes(CLIPPED_16BIT))!.refs[0]!;
    const { data, info } = await sharp(read(CLIPPED_16BIT)).toColourspace('grey16').raw({ depth: 'ushort' }).toBuffer({ resolveWithObject: true });
    const u16 = new Uint16Array(data.buffer, data.byteOffset, data.length / 2);
    const luma = Float32Array.from(u16, (v) => Math.min(255, v));
    const r = pdqFromLuma({ data: luma, rows: info.height, cols: info.width });
    expect(hammingHex(r.hashes.original!, ref.hash)).toBeLessThanOrEqual(2);
    expect(Math.abs(r.quality - ref.quality!)).toBeLessThanOrEqual(2);
    // Our own decoding scales 16 bits to 8 (the picture as it looks), which is a different picture.
    expect(ours.get(images.find((i) => i.files.includes(CLIPPED_16BIT))!.md5)!.quality).toBeGreaterThan(80);
  });

  it('derives the 8 dihedral hashes from one pass, close to every reference’s hash of the rotated files', async () => {
    expect(Object.keys(bridge.hashes).sort()).toEqual([...DIHEDRAL_NAMES].sort());
    expect(bridge.hashes.original).toBe(ours.get(images.find((i) => i.files.includes(BRIDGE))!.md5)!.hash);
    // Every rotation and flip has a C++ and a Python reference.
    for (const name of DIHEDRAL_NAMES.filter((n) => n !== 'original')) {
      const file = `reg-test-input/dih/bridge-${DIHEDRAL_FILES[name]}.jpg`;
      expect(
        dihedralRefs
          .filter((r) => r.file === file)
          .map((r) => r.source)
          .sort(),
        name,
      ).toEqual(['cpp', 'python']);
    }
    // The references hashed the rotated files, which land on other pixels when brought to their
    // working size (nearest or filtered sampling is not mirror-symmetric): measured 6–8 bits from
    // C++, 4–16 from Python (which samples at 512); unrelated images are ~128 apart.
    for (const ref of dihedralRefs) expect(hammingHex(variantFor(ref.file), ref.hash), `${ref.source} ${ref.file}`).toBeLessThanOrEqual(20);
    // The eight variants of one picture are genuinely different hashes.
    expect(new Set(Object.values(bridge.hashes)).size).toBe(8);
  });
});

describe('PDQ dihedral variants', () => {
  it('equal the hashes of the rotated and flipped image where sampling is symmetric (320 × 320)', async () => {
    const svg = Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="320"><rect width="320" height="320" fill="#204060"/><circle cx="90" cy="80" r="50" fill="#f0c040"/><rect x="180" y="140" width="110" height="80" fill="#e04050"/><polygon points="30,300 120,150 150,310" fill="#60d080"/></svg>',
    );
    const src = await sharp(svg).blur(6).png().toBuffer();
    const d = await pdqHashDihedral(src);
    // sharp rotates clockwise; the reference names rotations counter-clockwise.
    const transforms: Record<string, (s: Sharp) => Sharp> = {
      original: (s) => s,
      rotate90: (s) => s.rotate(270),
      rotate180: (s) => s.rotate(180),
      rotate270: (s) => s.rotate(90),
      flipX: (s) => s.flip(),
      flipY: (s) => s.flop(),
      flipPlus1: (s) => s.rotate(90).flip(),
      flipMinus1: (s) => s.rotate(90).flop(),
    };
    for (const name of DIHEDRAL_NAMES) {
      const direct = await pdqHash(await transforms[name]!(sharp(src)).png().toBuffer());
      expect(hammingHex(d.hashes[name], direct.hash), name).toBeLessThanOrEqual(2);
    }
  });
});

describe('PDQ on hostile and odd input', () => {
  it('refuses bytes that are not an image, and truncated images', async () => {
    await expect(pdqHash(Buffer.from('hello, not an image'))).rejects.toMatchObject({ reason: 'not_image' });
    await expect(pdqHash(Buffer.alloc(0))).rejects.toBeInstanceOf(ImageDecodeError);
    const jpeg = await sharp({ create: { width: 300, height: 300, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    await expect(pdqHash(jpeg.subarray(0, jpeg.length >> 1))).rejects.toMatchObject({ reason: 'damaged' });
  });

  it('refuses a decompression bomb without decoding it', async () => {
    await expect(pdqHash(pixelBombPng())).rejects.toMatchObject({ reason: 'too_large' });
  });

  it('gives tiny images the all-zero hash with quality 0, as the reference', async () => {
    const tiny = await sharp({ create: { width: 4, height: 40, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    expect(await pdqHash(tiny)).toEqual({ hash: '0'.repeat(64), quality: 0 });
  });

  it('hashes a flat image with low quality, and transparency as the stored colour', async () => {
    const flat = await sharp({ create: { width: 100, height: 100, channels: 4, background: { r: 9, g: 9, b: 9, alpha: 0.2 } } })
      .png()
      .toBuffer();
    const r = await pdqHash(flat);
    expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.quality).toBe(0);
  });
});
