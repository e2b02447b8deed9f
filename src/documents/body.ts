import { AlignmentType, ImageRun, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { FONT, PARAGRAPH, SIZE, TEXT_WIDTH_MM } from './layout.js';
import type { Block, Run } from './model.js';
import { pngSize } from './png-size.js';
import { xmlSafe } from './text.js';

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII', 'XIII', 'XIV', 'XV'];
const LETTERS = 'abcdefghiklmnopqrstuvxy'; // the Vietnamese alphabet's order, as legal texts letter points (no j, w, z)

/** Heading number by depth: parts in Roman numerals, then Arabic, then letters (I. → 1. → a)). */
export function sectionNumber(depth: number, index: number): string {
  if (depth === 0) return `${ROMAN[index] ?? String(index + 1)}.`;
  if (depth === 1) return `${index + 1}.`;
  return `${LETTERS[index] ?? String(index + 1)})`;
}

const runs = (text: string | Run[], extra: { bold?: boolean } = {}): TextRun[] =>
  (typeof text === 'string' ? [{ text }] : text).map(
    (r) => new TextRun({ text: xmlSafe(r.text), font: FONT, size: SIZE.body, bold: r.bold ?? extra.bold, italics: r.italic }),
  );

const bodyParagraph = (children: TextRun[]) =>
  new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    indent: { firstLine: PARAGRAPH.firstLineTwips },
    spacing: { after: PARAGRAPH.afterTwips, line: PARAGRAPH.lineTwips },
    children,
  });

const caption = (text: string) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: 120, after: 60 },
    children: [new TextRun({ text: xmlSafe(text), font: FONT, size: SIZE.body, bold: true })],
  });

function tableCell(value: string | number | null, header: boolean): TableCell {
  const numeric = typeof value === 'number';
  const text = value === null ? '-' : numeric ? value.toLocaleString('vi-VN') : value;
  return new TableCell({
    children: [
      new Paragraph({
        alignment: header ? AlignmentType.CENTER : numeric ? AlignmentType.RIGHT : AlignmentType.LEFT,
        children: [new TextRun({ text: xmlSafe(text), font: FONT, size: SIZE.table, bold: header })],
      }),
    ],
  });
}

function table(columns: string[], rows: (string | number | null)[][]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: columns.map((c) => tableCell(c, true)) }),
      ...rows.map((r) => new TableRow({ children: columns.map((_, i) => tableCell(r[i] ?? null, false)) })),
    ],
  });
}

/** Pixels at 96 dpi, the unit docx sizes images in. */
const mmToPx = (mm: number) => Math.round((mm / 25.4) * 96);

function image(png: Buffer, widthMm: number | undefined): Paragraph {
  const { width, height } = pngSize(png);
  const w = mmToPx(Math.min(widthMm ?? TEXT_WIDTH_MM, TEXT_WIDTH_MM));
  const h = Math.round((w * height) / width);
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new ImageRun({ type: 'png', data: png, transformation: { width: w, height: h } })],
  });
}

/** The body blocks in order, sections numbered by depth. */
export function bodyElements(blocks: Block[], depth = 0): (Paragraph | Table)[] {
  const out: (Paragraph | Table)[] = [];
  let section = 0;
  for (const b of blocks) {
    switch (b.kind) {
      case 'section': {
        const number = sectionNumber(depth, section++);
        out.push(bodyParagraph(runs(`${number} ${b.heading}`, { bold: true })), ...bodyElements(b.blocks, depth + 1));
        break;
      }
      case 'paragraph':
        out.push(bodyParagraph(runs(b.text)));
        break;
      case 'list':
        for (const item of b.items) out.push(bodyParagraph(runs(`- ${item}`)));
        break;
      case 'table':
        if (b.caption) out.push(caption(b.caption));
        out.push(table(b.columns, b.rows), new Paragraph({ children: [] }));
        break;
      case 'image':
        out.push(image(b.png, b.widthMm));
        if (b.caption) out.push(caption(b.caption));
        break;
    }
  }
  return out;
}
