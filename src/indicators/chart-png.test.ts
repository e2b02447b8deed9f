import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { barChartPng, wrapLabel } from './chart-png.js';

describe('bar chart labels', () => {
  it('breaks a long label at spaces, never mid-word (issue 14: "…an toàn trực tuy")', () => {
    const label = 'Trường, cơ sở được giáo dục an toàn trực tuyến';
    const lines = wrapLabel(label);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join(' ')).toBe(label);
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(36);
    expect(wrapLabel('Ngắn')).toEqual(['Ngắn']);
    // too long for three lines: cut at the end with an ellipsis, every kept word whole
    const long = wrapLabel('một hai ba bốn năm sáu bảy tám chín mười '.repeat(4));
    expect(long).toHaveLength(3);
    expect(long[2]?.endsWith('…')).toBe(true);
  });

  it('draws a row tall enough for a wrapped label', async () => {
    const one = await sharp(await barChartPng({ title: 't', bars: [{ label: 'Ngắn', value: 10 }] })).metadata();
    const wrapped = await sharp(
      await barChartPng({
        title: 't',
        bars: [{ label: 'Trường, cơ sở được giáo dục an toàn trực tuyến và nhiều chữ nữa', value: null, empty: 'ẩn (số nhỏ)' }],
      }),
    ).metadata();
    expect(wrapped.height).toBeGreaterThan(one.height as number);
  });
});
