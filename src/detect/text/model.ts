import { type FeatureConfig, FeatureExtractor, type SparseVector, sublinearTf } from './features.js';
import { type NormalizedText, normalizeText } from './normalize.js';

/**
 * A multinomial logistic-regression model over hashed TF-IDF features, trained by the project's own
 * SGD (seeded, so the same data gives the same bytes). Weights are stored bucket-major
 * (weights[bucket * classes + class]) so one feature touches one cache line.
 */
export type TrainOptions = {
  epochs: number;
  /** L2 regularisation strength. */
  lambda: number;
  /** Initial learning rate. */
  eta0: number;
  /** Class weights: 0 = none, 1 = fully balanced (n / (k · n_c)); values between soften it. */
  classBalance: number;
  seed: number;
};

export const DEFAULT_TRAIN: TrainOptions = { epochs: 12, lambda: 2e-6, eta0: 0.5, classBalance: 0.5, seed: 20240905 };

export type Example = { text: string; label: number };

const MAGIC = 0x4d54434c; // "LCTM" little-endian
const VERSION = 1;

export class LinearModel {
  private extractor: FeatureExtractor | undefined;
  /** idf and the class weights of each bucket side by side ([idf, w₀, …, w_{k−1}] per bucket): one cache line per feature. */
  private packed: Float32Array | undefined;
  constructor(
    readonly config: FeatureConfig,
    readonly labels: string[],
    readonly idf: Float32Array,
    readonly weights: Float32Array,
    readonly bias: Float32Array,
  ) {}

  private fx(): FeatureExtractor {
    this.extractor ??= new FeatureExtractor(this.config);
    return this.extractor;
  }

  vector(n: NormalizedText): SparseVector {
    return this.fx().extract(n, this.idf);
  }

  /** idf and the class weights of each bucket side by side ([idf, w₀, …, w_{k−1}]): one cache line per feature. */
  private table(): Float32Array {
    if (!this.packed) {
      const k = this.labels.length;
      const t = new Float32Array(this.idf.length * (k + 1));
      for (let b = 0; b < this.idf.length; b++) {
        t[b * (k + 1)] = this.idf[b]!;
        for (let c = 0; c < k; c++) t[b * (k + 1) + 1 + c] = this.weights[b * k + c]!;
      }
      this.packed = t;
    }
    return this.packed;
  }

  /**
   * Class scores before the softmax, in one pass over the buckets the text touched: the L2 norm
   * of the TF-IDF vector is a common factor, so it divides the k sums at the end.
   */
  scores(n: NormalizedText): Float64Array {
    const fx = this.fx();
    const t = this.table();
    const k = this.labels.length;
    const stride = k + 1;
    fx.collect(n);
    const s = new Float64Array(k);
    let norm = 0;
    const { touched, counts } = fx;
    for (let i = 0; i < fx.count; i++) {
      const base = touched[i]! * stride;
      const v = sublinearTf(counts[i]!) * t[base]!;
      norm += v * v;
      for (let c = 0; c < k; c++) s[c]! += t[base + 1 + c]! * v;
    }
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let c = 0; c < k; c++) s[c] = this.bias[c]! + s[c]! * inv;
    return s;
  }

  /** Class probabilities (softmax), in `labels` order. */
  probabilities(n: NormalizedText): Float64Array {
    return softmax(this.scores(n));
  }

  predict(text: string): { label: string; index: number; probabilities: Float64Array } {
    const p = this.probabilities(normalizeText(text));
    let best = 0;
    for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
    return { label: this.labels[best]!, index: best, probabilities: p };
  }

  /** Binary layout: magic, version, feature config, labels (JSON), idf, bias, weights — all little-endian Float32. */
  serialize(): Buffer {
    const labels = Buffer.from(JSON.stringify(this.labels), 'utf8');
    const header = Buffer.alloc(4 * 8);
    const c = this.config;
    [MAGIC, VERSION, c.bits, c.wordMaxN, c.charMinN, c.charMaxN, (c.charOnAccented ? 1 : 0) | (c.wordsOnAccented ? 2 : 0), labels.length].forEach((v, i) => {
      header.writeUInt32LE(v, i * 4);
    });
    const f32 = (a: Float32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    return Buffer.concat([header, labels, f32(this.idf), f32(this.bias), f32(this.weights)]);
  }

  static deserialize(buf: Buffer): LinearModel {
    if (buf.length < 32 || buf.readUInt32LE(0) !== MAGIC) throw new Error('not a lachan text model');
    if (buf.readUInt32LE(4) !== VERSION) throw new Error(`unsupported text model version ${buf.readUInt32LE(4)}`);
    const u = (i: number) => buf.readUInt32LE(i * 4);
    const flags = u(6);
    if (flags > 3) throw new Error('text model: unknown feature flags');
    const config: FeatureConfig = {
      bits: u(2),
      wordMaxN: u(3),
      charMinN: u(4),
      charMaxN: u(5),
      charOnAccented: (flags & 1) === 1,
      wordsOnAccented: (flags & 2) === 2,
    };
    if (config.wordMaxN < 1 || config.wordMaxN > 4 || config.charMinN < 1 || config.charMaxN > 8) throw new Error('text model: bad feature config');
    if (config.bits < 8 || config.bits > 24) throw new Error('text model: bad feature size');
    const labelLen = u(7);
    const labels = JSON.parse(buf.subarray(32, 32 + labelLen).toString('utf8')) as string[];
    const d = 1 << config.bits;
    const k = labels.length;
    const expected = 32 + labelLen + 4 * (d + k + d * k);
    if (buf.length !== expected) throw new Error(`text model: expected ${expected} bytes, found ${buf.length}`);
    // Copy into aligned arrays (the file buffer's offset need not be a multiple of 4).
    const floats = (offset: number, count: number) => {
      const out = new Float32Array(count);
      Buffer.from(out.buffer).set(buf.subarray(offset, offset + count * 4));
      return out;
    };
    let off = 32 + labelLen;
    const idf = floats(off, d);
    off += d * 4;
    const bias = floats(off, k);
    off += k * 4;
    return new LinearModel(config, labels, idf, floats(off, d * k), bias);
  }
}

function softmax(s: Float64Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of s) if (v > max) max = v;
  let sum = 0;
  for (let c = 0; c < s.length; c++) {
    s[c] = Math.exp(s[c]! - max);
    sum += s[c]!;
  }
  for (let c = 0; c < s.length; c++) s[c]! /= sum;
  return s;
}

/** mulberry32: a small seeded PRNG, so training order is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Progress = (done: number, total: number) => void;

/** Normalises and vectorises examples once, learning the IDF table. */
export function vectorize(config: FeatureConfig, texts: string[], onProgress?: Progress): { idf: Float32Array; vectors: SparseVector[] } {
  const fx = new FeatureExtractor(config);
  const d = 1 << config.bits;
  const normalized = texts.map((t) => normalizeText(t));
  const df = new Uint32Array(d);
  for (const n of normalized) for (const b of fx.extract(n, null).idx) df[b]! += 1;
  const idf = new Float32Array(d);
  const total = normalized.length;
  for (let b = 0; b < d; b++) idf[b] = Math.log((1 + total) / (1 + df[b]!)) + 1;
  const vectors: SparseVector[] = [];
  for (let i = 0; i < normalized.length; i++) {
    vectors.push(fx.extract(normalized[i]!, idf));
    if (onProgress && (i % 500 === 0 || i === normalized.length - 1)) onProgress(i + 1, normalized.length);
  }
  return { idf, vectors };
}

/**
 * Multinomial logistic regression by SGD with L2 (weights kept as scale × v so decay is O(1) per
 * step), learning rate η_t = η0 / (1 + η0·λ·t), examples shuffled each epoch with a seeded PRNG.
 */
export function trainLinear(
  config: FeatureConfig,
  labels: string[],
  examples: Example[],
  opts: TrainOptions,
  onProgress?: Progress,
  pre?: { idf: Float32Array; vectors: SparseVector[] },
): LinearModel {
  const k = labels.length;
  const d = 1 << config.bits;
  const { idf, vectors } =
    pre ??
    vectorize(
      config,
      examples.map((e) => e.text),
    );
  const y = examples.map((e) => e.label);
  for (const l of y) if (!(l >= 0 && l < k)) throw new Error(`label ${l} outside 0..${k - 1}`);
  const counts = new Array<number>(k).fill(0);
  for (const l of y) counts[l]! += 1;
  const cw = counts.map((n) => (n === 0 ? 0 : (y.length / (k * n)) ** opts.classBalance));
  const v = new Float32Array(d * k);
  const bias = new Float64Array(k);
  let scale = 1;
  const rand = seededRandom(opts.seed);
  const order = Array.from(y.keys());
  const total = opts.epochs * y.length;
  let t = 0;
  const s = new Float64Array(k);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const ex of order) {
      const eta = opts.eta0 / (1 + opts.eta0 * opts.lambda * t);
      const x = vectors[ex]!;
      for (let c = 0; c < k; c++) s[c] = bias[c]!;
      for (let i = 0; i < x.idx.length; i++) {
        const base = x.idx[i]! * k;
        const xv = x.val[i]! * scale;
        for (let c = 0; c < k; c++) s[c]! += v[base + c]! * xv;
      }
      softmax(s);
      scale *= 1 - eta * opts.lambda;
      const w = cw[y[ex]!]!;
      for (let c = 0; c < k; c++) {
        const g = (s[c]! - (c === y[ex] ? 1 : 0)) * w;
        if (g === 0) continue;
        bias[c]! -= eta * g * 0.1;
        const step = (eta * g) / scale;
        for (let i = 0; i < x.idx.length; i++) v[x.idx[i]! * k + c]! -= step * x.val[i]!;
      }
      if (scale < 1e-6) {
        for (let i = 0; i < v.length; i++) v[i]! *= scale;
        scale = 1;
      }
      t++;
      if (onProgress && t % 1000 === 0) onProgress(t, total);
    }
  }
  for (let i = 0; i < v.length; i++) v[i]! *= scale;
  onProgress?.(total, total);
  return new LinearModel(config, labels, idf, v, Float32Array.from(bias));
}
