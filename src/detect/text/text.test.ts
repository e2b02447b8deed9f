import { describe, expect, it } from 'vitest';
import { classifyText, shippedModel } from './classify.js';
import { loadEvalSet, scoreCategories } from './evaluate.js';
import { DEFAULT_FEATURES } from './features.js';
import { DEFAULT_TRAIN, LinearModel, trainLinear } from './model.js';
import { MAX_TEXT_CHARS, normalizeText } from './normalize.js';

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
