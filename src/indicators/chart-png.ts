import sharp from 'sharp';

/** Text inside SVG: & < > " escaped, control characters dropped. */
const esc = (s: string) =>
  [...s]
    .filter((ch) => ch.charCodeAt(0) >= 0x20)
    .join('')
    .replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c);

export interface BarChart {
  title: string;
  /** a bar without a value is drawn as an empty outline saying why: `empty` (default "chưa có dữ liệu") */
  bars: Array<{ label: string; value: number | null; empty?: string }>;
  /** the axis maximum (100 for a percentage); default: the largest bar */
  max?: number;
  /** a dashed line across the chart, e.g. the 100 % target */
  targetLine?: { value: number; label: string };
  unit?: string;
}

/** Characters of a 20 px DejaVu Sans label that fit the 458 px left of the bars (its widest letters measured, rounded down). */
const LABEL_CHARS = 36;
const LABEL_LINES = 3;

/**
 * A label broken at spaces into lines that fit beside the bar, never mid-word (the People's Committee
 * reads these); a word longer than a line is the only thing cut, and a label longer than three lines
 * ends with "…".
 */
export function wrapLabel(label: string, width = LABEL_CHARS, lines = LABEL_LINES): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const next = line === '' ? word : `${line} ${word}`;
    if (next.length <= width || line === '') line = next.slice(0, width);
    else {
      out.push(line);
      line = word.slice(0, width);
    }
  }
  if (line !== '') out.push(line);
  if (out.length <= lines) return out;
  const kept = out.slice(0, lines);
  kept[lines - 1] = `${(kept[lines - 1] as string).slice(0, width - 1)}…`;
  return kept;
}

/**
 * A horizontal bar chart as PNG, drawn as SVG and rasterised by sharp — no browser on the server.
 * A bar without a value is drawn as an empty outline labelled with its reason ("chưa có dữ liệu" unless
 * told, e.g. "ẩn (số nhỏ)" for a suppressed value). A row is as tall as its wrapped label needs.
 */
export async function barChartPng(c: BarChart): Promise<Buffer> {
  const width = 1200;
  const left = 470;
  const right = 90;
  const lineH = 24;
  const labels = c.bars.map((b) => wrapLabel(b.label));
  const rowHs = labels.map((l) => Math.max(44, 20 + l.length * lineH));
  const top = 70;
  const tops = rowHs.map((_, i) => top + rowHs.slice(0, i).reduce((a, h) => a + h, 0));
  const height = top + rowHs.reduce((a, h) => a + h, 0) + 40;
  const max = c.max ?? Math.max(1, ...c.bars.map((b) => b.value ?? 0));
  const x = (v: number) => left + ((width - left - right) * Math.min(v, max)) / max;
  const parts: string[] = [
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="20" y="40" font-family="DejaVu Sans, Arial, sans-serif" font-size="26" font-weight="bold" fill="#1f1f1f">${esc(c.title)}</text>`,
  ];
  c.bars.forEach((b, i) => {
    // the bar sits in the middle of its row, the label's lines centred on it
    const lines = labels[i] as string[];
    const y = (tops[i] as number) + ((rowHs[i] as number) - 44) / 2;
    const first = y + 28 - ((lines.length - 1) * lineH) / 2;
    parts.push(
      `<text text-anchor="end" font-family="DejaVu Sans, Arial, sans-serif" font-size="20" fill="#333">${lines
        .map((l, n) => `<tspan x="${left - 12}" y="${first + n * lineH}">${esc(l)}</tspan>`)
        .join('')}</text>`,
    );
    if (b.value === null) {
      parts.push(`<rect x="${left}" y="${y + 8}" width="${width - left - right}" height="28" fill="none" stroke="#bbb" stroke-dasharray="6 4"/>`);
      parts.push(
        `<text x="${left + 10}" y="${y + 28}" font-family="DejaVu Sans, Arial, sans-serif" font-size="18" fill="#888">${esc(b.empty ?? 'chưa có dữ liệu')}</text>`,
      );
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
