import sharp from 'sharp';

/** Text inside SVG: & < > " escaped, control characters dropped. */
const esc = (s: string) =>
  [...s]
    .filter((ch) => ch.charCodeAt(0) >= 0x20)
    .join('')
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

export interface BarChart {
  title: string;
  bars: Array<{ label: string; value: number | null }>;
  /** the axis maximum (100 for a percentage); default: the largest bar */
  max?: number;
  /** a dashed line across the chart, e.g. the 100 % target */
  targetLine?: { value: number; label: string };
  unit?: string;
}

/**
 * A horizontal bar chart as PNG, drawn as SVG and rasterised by sharp — no browser on the server.
 * A bar without a value (no data) is drawn as an empty outline labelled "chưa có dữ liệu".
 */
export async function barChartPng(c: BarChart): Promise<Buffer> {
  const width = 1200;
  const left = 470;
  const right = 90;
  const rowH = 44;
  const top = 70;
  const height = top + c.bars.length * rowH + 40;
  const max = c.max ?? Math.max(1, ...c.bars.map((b) => b.value ?? 0));
  const x = (v: number) => left + ((width - left - right) * Math.min(v, max)) / max;
  const parts: string[] = [
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="20" y="40" font-family="DejaVu Sans, Arial, sans-serif" font-size="26" font-weight="bold" fill="#1f1f1f">${esc(c.title)}</text>`,
  ];
  c.bars.forEach((b, i) => {
    const y = top + i * rowH;
    parts.push(
      `<text x="${left - 12}" y="${y + 28}" text-anchor="end" font-family="DejaVu Sans, Arial, sans-serif" font-size="20" fill="#333">${esc(b.label.slice(0, 44))}</text>`,
    );
    if (b.value === null) {
      parts.push(`<rect x="${left}" y="${y + 8}" width="${width - left - right}" height="28" fill="none" stroke="#bbb" stroke-dasharray="6 4"/>`);
      parts.push(`<text x="${left + 10}" y="${y + 28}" font-family="DejaVu Sans, Arial, sans-serif" font-size="18" fill="#888">chưa có dữ liệu</text>`);
    } else {
      parts.push(`<rect x="${left}" y="${y + 8}" width="${Math.max(2, x(b.value) - left)}" height="28" fill="#1677ff"/>`);
      parts.push(
        `<text x="${x(b.value) + 8}" y="${y + 28}" font-family="DejaVu Sans, Arial, sans-serif" font-size="18" fill="#1f1f1f">${esc(`${b.value.toLocaleString('vi-VN')}${c.unit ?? ''}`)}</text>`,
      );
    }
  });
  if (c.targetLine) {
    const tx = x(c.targetLine.value);
    parts.push(`<line x1="${tx}" y1="${top - 6}" x2="${tx}" y2="${height - 30}" stroke="#d4380d" stroke-width="3" stroke-dasharray="10 6"/>`);
    parts.push(
      `<text x="${tx}" y="${height - 8}" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif" font-size="18" fill="#d4380d">${esc(c.targetLine.label)}</text>`,
    );
  }
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">${parts.join('')}</svg>`;
  return sharp(Buffer.from(svg)).png({ compressionLevel: 9 }).toBuffer();
}
