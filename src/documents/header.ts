import { AlignmentType, Paragraph, Table, TableBorders, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { FONT, SIZE } from './layout.js';
import type { OfficialDocument } from './model.js';
import { upperVi, xmlSafe } from './text.js';
import { placeAndDate } from './vn-date.js';

const run = (text: string, size: number, extra: { bold?: boolean; italics?: boolean } = {}) => new TextRun({ text: xmlSafe(text), font: FONT, size, ...extra });

const centred = (...children: TextRun[]) => new Paragraph({ alignment: AlignmentType.CENTER, children });

/**
 * The short rule under the agency name and under the motto (the decree draws a line there). An
 * empty paragraph whose top border is narrowed by indents: it stays a line of the right length
 * in Word and LibreOffice without drawing shapes.
 */
const rule = (indentTwips: number) =>
  new Paragraph({
    alignment: AlignmentType.CENTER,
    indent: { left: indentTwips, right: indentTwips },
    border: { top: { style: 'single', size: 6, color: '000000', space: 1 } },
    children: [],
  });

const cell = (widthPct: number, children: Paragraph[]) =>
  new TableCell({ width: { size: widthPct, type: WidthType.PERCENTAGE }, borders: TableBorders.NONE, children });

/** The unbordered two-column header: agency and number on the left, national name and date on the right. */
export function headerTable(doc: OfficialDocument): Table {
  const left: Paragraph[] = [];
  if (doc.agency.parent) left.push(centred(run(upperVi(doc.agency.parent), SIZE.header)));
  left.push(centred(run(upperVi(doc.agency.name), SIZE.header, { bold: true })), rule(1100));

  const seq = doc.number.seq === undefined ? '\u00a0'.repeat(6) : String(doc.number.seq);
  const numberLines = [centred(run(`Số: ${seq}/${doc.number.symbol}`, SIZE.header))];
  if (doc.letterSubject) numberLines.push(centred(run(`V/v ${doc.letterSubject}`, SIZE.recipientsLabel)));

  const right = [
    centred(run('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', SIZE.header, { bold: true })),
    centred(run('Độc lập - Tự do - Hạnh phúc', SIZE.body, { bold: true })),
    rule(1500),
  ];
  const date = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      children: [run(placeAndDate(doc.place, doc.date), SIZE.body, { italics: true })],
    }),
  ];

  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: TableBorders.NONE,
    rows: [new TableRow({ children: [cell(40, left), cell(60, right)] }), new TableRow({ children: [cell(40, numberLines), cell(60, date)] })],
  });
}

/** The document's name and summary, centred and bold under the header; or "Kính gửi:" for a letter. */
export function titleAndAddressees(doc: OfficialDocument): Paragraph[] {
  const out: Paragraph[] = [];
  if (doc.title) {
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { before: 360 },
        children: [run(upperVi(doc.title.name), SIZE.body, { bold: true })],
      }),
    );
    if (doc.title.summary) out.push(centred(run(doc.title.summary, SIZE.body, { bold: true })));
  }
  const to = doc.addressees ?? [];
  if (to.length > 0) {
    // One addressee on the same line as "Kính gửi:"; several as a list of "- …;" lines.
    const first = to.length === 1 ? `Kính gửi: ${to[0]}` : 'Kính gửi:';
    out.push(new Paragraph({ alignment: AlignmentType.CENTER, spacing: { before: 240, after: 120 }, children: [run(first, SIZE.body)] }));
    if (to.length > 1) {
      for (const a of to) out.push(new Paragraph({ indent: { left: 2835 }, children: [run(`- ${a};`, SIZE.body)] }));
    }
  }
  return out;
}
