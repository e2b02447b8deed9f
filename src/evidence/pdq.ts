/**
 * PDQ perceptual hashing (Facebook, 2019: "The TMK+PDQF and PDQ hashing algorithms"), written for
 * this project from the published description:
 *
 *   luminance (0.299 R + 0.587 G + 0.114 B, 0..255 floats)
 *   → two passes of a Jarosz box filter (window ≈ dimension / 128, rows then columns)
 *   → decimation to 64 × 64 by sampling the centre of each cell
 *   → quality from the 64 × 64 gradients
 *   → 2-D DCT keeping the 16 × 16 lowest frequencies above DC
 *   → one bit per coefficient: above the median → 1.
 *
 * The eight dihedral variants (rotations, flips) come from the same DCT: mirroring the image
 * negates the odd-index coefficients along that axis, a transpose transposes the matrix.
 *
 * Hex form (as the reference): bit k = 16·row + column; the 256 bits are 16 words of 16 bits,
 * word w holding bits 16w … 16w+15 (bit 16w at the least significant end), printed from word 15
 * down to word 0, four hex digits each. So the first four hex digits are DCT row 15.
 */
import sharp, { type OutputInfo } from 'sharp';

/**
 * Sides above this are first sampled down (bounded work for big images). The references differ
 * here: the C++ hasher filters the full image, the Python and WASM ones a 512-px sample, and on
 * the 1600-px reference photos they end up 10 bits apart. 1024 keeps every listed image within
 * 10 bits of every reference (C++ ≤ 8, Python and WASM ≤ 10; at 512 two were 12 bits from C++,
 * at full size one was 12 from Python) — see pdq.test.ts.
 */
export const PDQ_DOWNSAMPLE = 1024;
/** Below this on either side the reference gives up: all-zero hash, quality 0. */
const MIN_HASHABLE_DIM = 5;
export const PDQ_MAX_PIXELS = 40_000_000;

export const DIHEDRAL_NAMES = ['original', 'rotate90', 'rotate180', 'rotate270', 'flipX', 'flipY', 'flipPlus1', 'flipMinus1'] as const;
export type DihedralName = (typeof DIHEDRAL_NAMES)[number];

export interface PdqResult {
  hash: string;
  quality: number;
}
export interface PdqDihedralResult {
  quality: number;
  hashes: Record<DihedralName, string>;
}

/** Raised when the bytes are not a decodable image (the caller turns it into a 4xx). */
export class ImageDecodeError extends Error {
  constructor(
    readonly reason: 'not_image' | 'damaged' | 'too_large',
    message: string,
  ) {
    super(message);
    this.name = 'ImageDecodeError';
  }
}

/** DCT-II basis rows 1..16 over 64 samples (row 0, the DC term, carries no structure and is skipped). */
const DCT = (() => {
  const m = new Float64Array(16 * 64);
  const scale = Math.sqrt(2 / 64);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) m[i * 64 + j] = scale * Math.cos((Math.PI / 128) * (i + 1) * (2 * j + 1));
  }
  return m;
})();

export interface Luma {
  data: Float32Array;
  rows: number;
  cols: number;
}

/**
 * Decodes any image sharp reads into row-major luminance. An image with a side above
 * PDQ_DOWNSAMPLE is first brought to that size by nearest-neighbour sampling (output pixel x takes
 * input pixel ⌊x · width / PDQ_DOWNSAMPLE⌋), the way the Python/WASM references sample to 512.
 */
export async function decodeLuma(image: Buffer): Promise<Luma> {
  let decoded: { data: Buffer; info: OutputInfo };
  try {
    decoded = await sharp(image, { limitInputPixels: PDQ_MAX_PIXELS, failOn: 'error', animated: false })
      // Transparent pixels count as what they store, not as a background colour: drop alpha.
      .removeAlpha()
      .toColourspace('srgb')
      .raw({ depth: 'uchar' })
      .toBuffer({ resolveWithObject: true });
  } catch (e) {
    throw classify(e);
  }
  const { data, info } = decoded;
  const big = info.width > PDQ_DOWNSAMPLE || info.height > PDQ_DOWNSAMPLE;
  return lumaFromPixels(data, info.width, info.height, info.channels, big ? PDQ_DOWNSAMPLE : info.width, big ? PDQ_DOWNSAMPLE : info.height);
}

function classify(e: unknown): ImageDecodeError {
  const msg = String((e as Error)?.message ?? e);
  if (/pixel limit/i.test(msg)) return new ImageDecodeError('too_large', msg);
  if (/unsupported image format|input buffer contains unsupported/i.test(msg)) return new ImageDecodeError('not_image', msg);
  return new ImageDecodeError('damaged', msg);
}

/**
 * 8-bit interleaved pixels (1–4 channels) → luminance floats, optionally sampled down (or up) to
 * outCols × outRows by nearest neighbour; grey stays as it is.
 */
export function lumaFromPixels(px: Uint8Array, cols: number, rows: number, channels: number, outCols = cols, outRows = rows): Luma {
  const out = new Float32Array(outRows * outCols);
  const colOffsets = new Int32Array(outCols);
  for (let x = 0; x < outCols; x++) colOffsets[x] = Math.floor((x * cols) / outCols) * channels;
  for (let y = 0, o = 0; y < outRows; y++) {
    const rowBase = Math.floor((y * rows) / outRows) * cols * channels;
    for (let x = 0; x < outCols; x++, o++) {
      const p = rowBase + colOffsets[x]!;
      out[o] = channels < 3 ? px[p]! : 0.299 * px[p]! + 0.587 * px[p + 1]! + 0.114 * px[p + 2]!;
    }
  }
  return { data: out, rows: outRows, cols: outCols };
}

/** Box-filter window so that two passes cover about one output cell: ceil(old / (2·new)). */
const jaroszWindow = (oldDim: number, newDim: number) => Math.floor((oldDim + 2 * newDim - 1) / (2 * newDim));

/**
 * One box-filter pass along a line of `len` values `stride` apart. The window is centred
 * (half to the right rounded up) and shrinks at both ends, so edges are averaged over the
 * samples that exist rather than padded.
 */
function box1d(src: Float32Array, dst: Float32Array, start: number, len: number, stride: number, window: number): void {
  const half = Math.floor((window + 2) / 2);
  let sum = 0;
  let count = 0;
  let r = start;
  let l = start;
  let o = start;
  for (let i = 0; i < half - 1 && i < len; i++, r += stride) {
    sum += src[r]!;
    count++;
  }
  for (let i = 0; i < window - half + 1; i++) {
    if (count < len) {
      sum += src[r]!;
      count++;
      r += stride;
    }
    if (o < start + len * stride) dst[o] = sum / count;
    o += stride;
  }
  for (let i = 0; i < len - window; i++) {
    sum += src[r]! - src[l]!;
    dst[o] = sum / count;
    l += stride;
    r += stride;
    o += stride;
  }
  for (let i = 0; i < half - 1 && o < start + len * stride; i++) {
    sum -= src[l]!;
    count--;
    dst[o] = sum / count;
    l += stride;
    o += stride;
  }
}

/** Two passes of rows-then-columns box filtering, then centre sampling to 64 × 64. */
export function downsample64(luma: Luma): Float32Array {
  const { rows, cols } = luma;
  const a = Float32Array.from(luma.data);
  const b = new Float32Array(rows * cols);
  const wRows = jaroszWindow(cols, 64);
  const wCols = jaroszWindow(rows, 64);
  for (let pass = 0; pass < 2; pass++) {
    for (let i = 0; i < rows; i++) box1d(a, b, i * cols, cols, 1, wRows);
    for (let j = 0; j < cols; j++) box1d(b, a, j, rows, cols, wCols);
  }
  const out = new Float32Array(64 * 64);
  for (let i = 0; i < 64; i++) {
    const si = Math.floor(((i + 0.5) * rows) / 64);
    for (let j = 0; j < 64; j++) out[i * 64 + j] = a[si * cols + Math.floor(((j + 0.5) * cols) / 64)]!;
  }
  return out;
}

/**
 * Quality 0..100: how much edge there is. Sum of |neighbour differences| in percent of full
 * scale (truncated to integers, as the reference), divided by 90 and capped. Flat or tiny
 * images score low; hashes below ~50 match poorly and callers may ignore them.
 */
export function quality64(b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < 63; i++) {
    for (let j = 0; j < 64; j++) sum += Math.abs(Math.trunc(((b[i * 64 + j]! - b[(i + 1) * 64 + j]!) * 100) / 255));
  }
  for (let i = 0; i < 64; i++) {
    for (let j = 0; j < 63; j++) sum += Math.abs(Math.trunc(((b[i * 64 + j]! - b[i * 64 + j + 1]!) * 100) / 255));
  }
  return Math.min(100, Math.floor(sum / 90));
}

/** 16 × 16 low-frequency DCT coefficients: D · A · Dᵀ with D the 16 × 64 basis above. */
export function dct16(a: Float32Array): Float64Array {
  const t = new Float64Array(16 * 64);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 64; j++) {
      let s = 0;
      for (let k = 0; k < 64; k++) s += DCT[i * 64 + k]! * a[k * 64 + j]!;
      t[i * 64 + j] = s;
    }
  }
  const out = new Float64Array(256);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      let s = 0;
      for (let k = 0; k < 64; k++) s += t[i * 64 + k]! * DCT[j * 64 + k]!;
      out[i * 16 + j] = s;
    }
  }
  return out;
}

/** Bits above the median (the 128th smallest of 256, as the reference's Torben median) → hex. */
export function bitsToHex(c: Float64Array): string {
  const median = Float64Array.from(c).sort()[127]!;
  let hex = '';
  for (let w = 15; w >= 0; w--) {
    let word = 0;
    for (let b = 0; b < 16; b++) if (c[w * 16 + b]! > median) word |= 1 << b;
    hex += word.toString(16).padStart(4, '0');
  }
  return hex;
}

/**
 * The DCT of a transformed image from the DCT of the original. A mirror along an axis flips the
 * sign of the coefficients whose frequency index along that axis is even (our index i stands
 * for frequency i+1, so "even i" = odd frequency); a transpose swaps the axes.
 */
function dihedral(c: Float64Array, name: DihedralName): Float64Array {
  const out = new Float64Array(256);
  for (let i = 0; i < 16; i++) {
    for (let j = 0; j < 16; j++) {
      const v = c[i * 16 + j]!;
      const oddI = (i & 1) === 1;
      const oddJ = (j & 1) === 1;
      switch (name) {
        case 'original':
          out[i * 16 + j] = v;
          break;
        case 'rotate90':
          out[j * 16 + i] = oddJ ? v : -v;
          break;
        case 'rotate180':
          out[i * 16 + j] = oddI !== oddJ ? -v : v;
          break;
        case 'rotate270':
          out[j * 16 + i] = oddI ? v : -v;
          break;
        case 'flipX':
          out[i * 16 + j] = oddI ? v : -v;
          break;
        case 'flipY':
          out[i * 16 + j] = oddJ ? v : -v;
          break;
        case 'flipPlus1':
          out[j * 16 + i] = v;
          break;
        case 'flipMinus1':
          out[j * 16 + i] = oddI !== oddJ ? -v : v;
          break;
      }
    }
  }
  return out;
}

const ZERO_HASH = '0'.repeat(64);

/** Hash and quality from luminance (no I/O): the part workers and tests call directly. */
export function pdqFromLuma(luma: Luma, variants: readonly DihedralName[] = ['original']): { quality: number; hashes: Partial<Record<DihedralName, string>> } {
  const hashes: Partial<Record<DihedralName, string>> = {};
  if (luma.rows < MIN_HASHABLE_DIM || luma.cols < MIN_HASHABLE_DIM) {
    for (const v of variants) hashes[v] = ZERO_HASH;
    return { quality: 0, hashes };
  }
  const small = downsample64(luma);
  const quality = quality64(small);
  const coeffs = dct16(small);
  for (const v of variants) hashes[v] = bitsToHex(v === 'original' ? coeffs : dihedral(coeffs, v));
  return { quality, hashes };
}

export async function pdqHash(image: Buffer): Promise<PdqResult> {
  const r = pdqFromLuma(await decodeLuma(image));
  return { hash: r.hashes.original!, quality: r.quality };
}

export async function pdqHashDihedral(image: Buffer): Promise<PdqDihedralResult> {
  const r = pdqFromLuma(await decodeLuma(image), DIHEDRAL_NAMES);
  return { quality: r.quality, hashes: r.hashes as Record<DihedralName, string> };
}
