import { AlignmentType, Paragraph, Table, TableBorders, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { FONT, SIZE } from './layout.js';
import type { OfficialDocument } from './model.js';
import { upperVi, xmlSafe } from './text.js';

const para = (text: string, size: number, opts: { bold?: boolean; italics?: boolean; centre?: boolean } = {}) =>
  new Paragraph({
    alignment: opts.centre ? AlignmentType.CENTER : AlignmentType.LEFT,
    children: [new TextRun({ text: xmlSafe(text), font: FONT, size, bold: opts.bold, italics: opts.italics })],
  });

/**
 * The closing row: "Nơi nhận:" (bold italic 12 pt, then "- …;" lines at 11 pt, the last ending
 * with a full stop) on the left; on the right the authority and post in capitals, room for the
 * signature and seal, and the signer's name in bold.
 */
export function closingTable(doc: OfficialDocument): Table {
  const copies = doc.copiesTo.map((c, i) => {
    const line = c.replace(/[;.]\s*$/, '');
    return para(`- ${line}${i === doc.copiesTo.length - 1 ? '.' : ';'}`, SIZE.recipientsList);
  });
  const left = [para('Nơi nhận:', SIZE.recipientsLabel, { bold: true, italics: true }), ...copies];

  const { authority, post, name } = doc.signature;
  const right: Paragraph[] = [];
  if (authority) right.push(para(upperVi(authority), SIZE.body, { bold: true, centre: true }));
  right.push(para(upperVi(post), SIZE.body, { bold: true, centre: true }));
  for (let i = 0; i < 4; i++) right.push(para('', SIZE.body, { centre: true }));
  right.push(para(name, SIZE.body, { bold: true, centre: true }));

  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: TableBorders.NONE,
    rows: [
      new TableRow({
        cantSplit: true,
        children: [
          new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE }, borders: TableBorders.NONE, children: left }),
          new TableCell({ width: { size: 50, type: WidthType.PERCENTAGE }, borders: TableBorders.NONE, children: right }),
        ],
      }),
    ],
  });
}
