import { AlignmentType, Document, Footer, Header, Packer, PageNumber, Paragraph, TextRun } from 'docx';
import { bodyElements } from './body.js';
import { headerTable, titleAndAddressees } from './header.js';
import { FONT, PAGE, SIZE } from './layout.js';
import type { OfficialDocument } from './model.js';
import { closingTable } from './signature.js';

/**
 * Builds the .docx of an official document in the Decree 30/2020 layout: header table, name or
 * "V/v" line, addressees, numbered body, "Nơi nhận" and signature. Page numbers are printed at the
 * top centre from the second page on (the decree does not number the first).
 */
export async function writeOfficialDocument(doc: OfficialDocument): Promise<Buffer> {
  const pageNumber = new Header({
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [new TextRun({ children: [PageNumber.CURRENT], font: FONT, size: SIZE.body })],
      }),
    ],
  });
  const document = new Document({
    creator: doc.agency.name,
    title: doc.title?.name ?? doc.letterSubject ?? doc.number.symbol,
    styles: { default: { document: { run: { font: FONT, size: SIZE.body } } } },
    sections: [
      {
        properties: {
          titlePage: true,
          page: {
            size: { width: PAGE.widthTwips, height: PAGE.heightTwips },
            margin: { ...PAGE.margin, header: 567, footer: 567 },
          },
        },
        headers: { default: pageNumber, first: new Header({ children: [] }) },
        footers: { first: new Footer({ children: [] }) },
        children: [
          headerTable(doc),
          ...titleAndAddressees(doc),
          new Paragraph({ children: [] }),
          ...bodyElements(doc.body),
          new Paragraph({ children: [] }),
          closingTable(doc),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
