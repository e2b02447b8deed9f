import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyText, shippedModel } from './classify.js';
import { loadEvalSet, scoreCategories } from './evaluate.js';
import { DEFAULT_FEATURES, FeatureExtractor } from './features.js';
import { DEFAULT_TRAIN, LinearModel, trainLinear } from './model.js';
import { MAX_TEXT_CHARS, normalizeText, normalizeTextReference } from './normalize.js';

const cats = (t: string) => classifyText(t).categories.map((c) => c.code);

describe('normalizeText', () => {
  it('undoes separators, repeats, leetspeak and teencode', () => {
    expect(normalizeText('Đ.Ị.T mẹ').folded).toBe('dit me');
    expect(normalizeText('n g u').folded).toBe('ngu');
    expect(normalizeText('d-i-t').folded).toBe('dit');
    expect(normalizeText('d.m m.a.y').folded).toBe('dit me may');
    expect(normalizeText('nguuuuu').folded).toBe('ngu');
    expect(normalizeText('l0n').folded).toBe('lon');
    expect(normalizeText('ko bit j').folded).toBe('khong biet gi');
    expect(normalizeText('djt').folded).toBe('dit');
  });
  it('keeps numbers with units, keeps emoji as features, tells accented text', () => {
    const n = normalizeText('nạp 500k cho u23 😡');
    expect(n.folded).toBe('nap 500k cho u23');
    expect(n.emoji).toEqual(['😡']);
    expect(n.accented).toBe(true);
    expect(normalizeText('uong lon bia').accented).toBe(false);
  });
});

describe('normalizeText fast path', () => {
  // The fast path skips regular expressions when its character tables say they would change
  // nothing; the reference pipeline runs every step. They must agree on every input.
  const tricky = [
    'Đ.Ị.T mẹ mày',
    'e a k bit j',
    'a . b',
    'x-y-z',
    'n g u',
    'ngu   vl',
    'yêu thầyyyy',
    'l0n m4 b@y 500k u23 mp3',
    '@Anh Nguyen',
    '$ex',
    'Ai mua cốc với tui hemmm',
    'ĐM THẰNG ÓC CHÓ',
    'đ\u200bịt',
    'tab\there\nnew line\r',
    'cười 😂😂 ❤️ ‼ ©',
    '👨\u200d👩\u200d👧 ok',
    '\ud83d',
    'abc\udc00',
    'e\u0301 combining',
    'İstanbul ΣΑΣ',
    'Привет 你好',
    'ǅemal ǈ',
    'Ⓐ circled',
    'constructor',
    'hasOwnProperty toString',
    '__proto__',
    '١٢٣ arabic digits',
    '½ ² ³',
    '\ufeffbom',
    'k.o b.i.t',
    'd m m',
    '',
  ];
  it.each(tricky)('same as the reference: %j', (t) => expect(normalizeText(t)).toEqual(normalizeTextReference(t)));
  it('same as the reference on random text made of the characters that matter', () => {
    const pieces = [
      'a',
      'đ',
      'Đ',
      'ệ',
      'Ơ',
      'k',
      'j',
      'n',
      'g',
      'u',
      '0',
      '1',
      '3',
      '@',
      '$',
      ' ',
      '.',
      '-',
      '_',
      '*',
      ',',
      "'",
      '\n',
      '\t',
      '\u00a0',
      '\u200b',
      '\u00ad',
      '\ufe0f',
      '😂',
      '❤',
      '🇻🇳',
      '\u0301',
      'Σ',
      '你',
      '\ud800',
      '\udc00',
      'İ',
      'ß',
      'ǅ',
    ];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const t = parts.join('');
        expect(normalizeText(t)).toEqual(normalizeTextReference(t));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 30 }), (t) => {
        expect(normalizeText(t)).toEqual(normalizeTextReference(t));
      }),
      { numRuns: 2000 },
    );
  });
  it('a word that is also an Object property is a word (was a crash)', () => {
    expect(normalizeText('constructor').folded).toBe('constructor');
    expect(classifyText('constructor toString').offensive.label).toBe('clean');
  });
});

describe('FeatureExtractor', () => {
  // An independent count of the same features with strings and a Map.
  const FNV = (seed: number, codes: number[]) => codes.reduce((h, c) => Math.imul(h ^ c, 0x01000193), seed);
  function reference(text: string, cfg: typeof DEFAULT_FEATURES): Map<number, number> {
    const n = normalizeText(text);
    const mask = (1 << cfg.bits) - 1;
    const out = new Map<number, number>();
    const add = (h: number) => out.set(h & mask, (out.get(h & mask) ?? 0) + 1);
    const codes = (s: string) => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
    const hs = n.tokens.map((t) => FNV(0x811c9dc5, codes(t)));
    for (const h of hs) add(h);
    for (let k = 2; k <= cfg.wordMaxN; k++) for (let i = 0; i + k <= hs.length; i++) add(FNV(Math.imul(0x811c9dc5 ^ k, 0x01000193), hs.slice(i, i + k)));
    const chars = (s: string, seed: number) => {
      const padded = ` ${s} `;
      for (let i = 0; i < padded.length; i++)
        for (let k = cfg.charMinN; k <= cfg.charMaxN && i + k <= padded.length; k++) add(FNV(seed, codes(padded.slice(i, i + k))) ^ k);
    };
    chars(n.folded, 0x050c5d1f);
    if (cfg.charOnAccented && n.lower !== n.folded) chars(n.lower, 0x2f0c3a9b);
    for (const e of n.emoji) add(FNV(0x6b43a9b5, codes(e)));
    return out;
  }
  const cfg = { ...DEFAULT_FEATURES, wordMaxN: 3 };
  const fx = new FeatureExtractor(cfg);
  const counted = (text: string) => {
    fx.collect(normalizeText(text));
    return new Map(Array.from(fx.touched.subarray(0, fx.count), (b, i) => [b, fx.counts[i]!]));
  };
  it.each(['thằng này ngu vl 😡', 'chúc mừng sinh nhật bạn', 'a', '', 'ok ok ok ok ok'])('counts the same features as a plain re-count: %j', (t) => {
    expect(counted(t)).toEqual(reference(t, cfg));
  });
  it('a long text (the table grows) counts right, and the next short text starts clean', () => {
    // Under the 4,096 characters the char n-grams look at, over the 2,048 distinct features the small table holds.
    const long = Array.from({ length: 300 }, (_, i) => `từ${i} chữ${i % 37}`).join(' ');
    expect(long.length).toBeLessThan(4096);
    const counts = counted(long);
    expect(counts.size).toBeGreaterThan(2048);
    expect(counts).toEqual(reference(long, cfg));
    expect(counted('trời đẹp')).toEqual(reference('trời đẹp', cfg));
  });
});

describe('classifyText categories', () => {
  const positives: [string, string][] = [
    ['sexual', 'ai có phim sex không share với'],
    ['grooming', 'em bao nhiêu tuổi, nhà em ở đâu, đừng nói với bố mẹ nhé'],
    ['sextortion', 'không chuyển tiền thì tao đăng ảnh nóng của mày lên facebook'],
    ['self_harm', 'mình không muốn sống nữa'],
    ['violence', 'tao sẽ giết mày'],
    ['drugs', 'bán thuốc lắc giá rẻ'],
    ['gambling', 'cá độ bóng đá tỷ lệ cao'],
    ['scam', 'bạn đã trúng thưởng, vui lòng cung cấp mã OTP'],
    ['hate', 'đm thằng óc chó'],
  ];
  it.each(positives)('%s: %s', (cat, text) => expect(cats(text)).toContain(cat));
  const hardNegatives = [
    'chết cười với clip này',
    'cười muốn chết luôn',
    'cô giáo đánh giá bài của em rất cao',
    'Công an bắt giữ nhóm cá độ bóng đá qua mạng',
    'uống một lon bia',
    'mặc đồ ngủ đi ngủ sớm',
    'Đầu buổi sáng có tiết chào cờ',
    'Ngân hàng khuyến cáo không cung cấp mã OTP cho bất kỳ ai',
    'em đánh máy bài văn',
  ];
  it.each(hardNegatives)('no category: %s', (text) => expect(cats(text)).toEqual([]));
  it('obfuscated profanity is still hate', () => expect(cats('đ.ị.t m.ẹ m.à.y')).toContain('hate'));
});

describe('hostile input', () => {
  it('10 MB of text is cut, bounded and flagged', () => {
    const big = 'địt mẹ '.repeat(1_500_000);
    const t0 = Date.now();
    const v = classifyText(big);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(v.truncated).toBe(true);
    expect(v.normalized.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
  });
  it('lone surrogates, control characters, mixed scripts, empty: no throw', () => {
    for (const s of [
      '\ud800abc\udc00',
      '\u0000\u001b[31mđ\u200bịt\u202e',
      'Привет 你好 مرحبا ngu',
      '',
      ' '.repeat(1000),
      '🙂'.repeat(100000),
      'a.'.repeat(50000),
    ]) {
      const v = classifyText(s);
      expect(typeof v.normalized).toBe('string');
      expect(v.normalized).not.toMatch(/[\ud800-\udfff\u0000-\u001f]/);
    }
    expect(normalizeText('đ\u200bịt').folded).toBe('dit');
  });
  it('long chains and long words stay linear (the leetspeak pattern once backtracked quadratically: 2 s)', () => {
    for (const s of [`\u0000 ${'n g u '.repeat(20_000)}`, 'a'.repeat(65_536), 'a1'.repeat(32_768), 'đ.'.repeat(32_768), '😂a'.repeat(30_000)]) {
      const t0 = performance.now();
      const v = classifyText(s);
      expect(performance.now() - t0, s.slice(0, 12)).toBeLessThan(1500);
      expect(v.normalized.length).toBeLessThanOrEqual(MAX_TEXT_CHARS);
    }
  });
});

describe('evaluation set', () => {
  const set = loadEvalSet();
  it('has at least 300 labelled examples, a held-out part and hard negatives', () => {
    expect(set.length).toBeGreaterThanOrEqual(300);
    expect(set.filter((e) => e.split === 'heldout').length).toBeGreaterThanOrEqual(100);
    expect(set.filter((e) => e.categories.length === 0).length).toBeGreaterThanOrEqual(80);
  });
  // Floors a little under what was measured (dev 0.992, held-out 0.860; see README.md).
  it('macro-F1 floors on dev and held-out', () => {
    expect(
      scoreCategories(
        set.filter((e) => e.split === 'dev'),
        (t) => classifyText(t),
      ).macroF1,
    ).toBeGreaterThanOrEqual(0.95);
    expect(
      scoreCategories(
        set.filter((e) => e.split === 'heldout'),
        (t) => classifyText(t),
      ).macroF1,
    ).toBeGreaterThanOrEqual(0.82);
  });
});

describe('model', () => {
  const tiny = [
    { text: 'đồ ngu óc chó', label: 1 },
    { text: 'thằng mất dạy', label: 1 },
    { text: 'vl thật sự', label: 1 },
    { text: 'hôm nay trời đẹp', label: 0 },
    { text: 'cảm ơn bạn nhiều', label: 0 },
    { text: 'đi học vui lắm', label: 0 },
  ];
  const cfg = { ...DEFAULT_FEATURES, bits: 12 };
  it('trains on a tiny set, deterministically, and survives a round trip', () => {
    const a = trainLinear(cfg, ['clean', 'offensive'], tiny, { ...DEFAULT_TRAIN, epochs: 30 });
    const b = trainLinear(cfg, ['clean', 'offensive'], tiny, { ...DEFAULT_TRAIN, epochs: 30 });
    expect(Buffer.compare(a.serialize(), b.serialize())).toBe(0);
    expect(a.predict('đồ ngu').label).toBe('offensive');
    expect(a.predict('trời đẹp quá').label).toBe('clean');
    const c = LinearModel.deserialize(a.serialize());
    expect(Array.from(c.predict('thằng mất dạy').probabilities)).toEqual(Array.from(a.predict('thằng mất dạy').probabilities));
  });
  it('rejects a damaged file', () => {
    expect(() => LinearModel.deserialize(Buffer.from('not a model'))).toThrow();
    const good = trainLinear(cfg, ['clean', 'offensive'], tiny, { ...DEFAULT_TRAIN, epochs: 1 }).serialize();
    expect(() => LinearModel.deserialize(good.subarray(0, good.length - 3))).toThrow();
  });
  it('the shipped model loads and gives the same answer twice', () => {
    const m = shippedModel();
    expect(m).not.toBeNull();
    const p1 = m!.predict('thằng này ngu vl');
    expect(m!.predict('thằng này ngu vl').probabilities).toEqual(p1.probabilities);
    expect(p1.label).toBe('offensive');
    expect(m!.predict('chúc mừng sinh nhật bạn').label).toBe('clean');
  });
});
