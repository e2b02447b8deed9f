import { Parser } from 'htmlparser2';
import { unzip } from './unzip.js';

/** What a test needs to check in a written .docx, read from the file itself. */
export interface DocxContent {
  /** Every paragraph's text in document order, table cells' paragraphs included. */
  paragraphs: string[];
  /** Paragraphs outside any table, in order. */
  bodyParagraphs: string[];
  /** Every table (nested ones after their parent), as rows of cell texts (a cell's paragraphs joined by "\n"). */
  tables: string[][][];
  /** Files under word/media (the pictures). */
  images: string[];
  /** Fonts and sizes (in points) named by any run. */
  fonts: Set<string>;
  sizesPt: Set<number>;
  /** Page size and margins of the (last) section, in millimetres, rounded to 0.1. */
  page: { width: number; height: number; top: number; bottom: number; left: number; right: number } | undefined;
  /** The whole text, paragraphs joined by "\n". */
  text: string;
}

const mm = (twips: string | undefined) => Math.round((Number(twips) / 1440) * 25.4 * 10) / 10;

/** Reads back a .docx: word/document.xml parsed as XML (not matched with regular expressions). */
export function readDocx(file: Buffer): DocxContent {
  const parts = unzip(file);
  const xml = parts.get('word/document.xml');
  if (!xml) throw new Error('no word/document.xml: not a .docx');

  const out: DocxContent = {
    paragraphs: [],
    bodyParagraphs: [],
    tables: [],
    images: [...parts.keys()].filter((k) => k.startsWith('word/media/')),
    fonts: new Set(),
    sizesPt: new Set(),
    page: undefined,
    text: '',
  };
  // Open tables, each with its rows; the current cell collects its paragraphs.
  const tables: { rows: string[][]; cell: string[] | undefined }[] = [];
  let para: string[] | undefined;
  let inText = false;

  const parser = new Parser(
    {
      onopentag(name, attrs) {
        switch (name) {
          case 'w:tbl': {
            // The table's slot is taken when it opens, so a nested table comes after its parent.
            const rows: string[][] = [];
            out.tables.push(rows);
            tables.push({ rows, cell: undefined });
            break;
          }
          case 'w:tr':
            tables.at(-1)?.rows.push([]);
            break;
          case 'w:tc': {
            const t = tables.at(-1);
            if (t) t.cell = [];
            break;
          }
          case 'w:p':
            para = [];
            break;
          case 'w:t':
            inText = true;
            break;
          case 'w:tab':
            para?.push('\t');
            break;
          case 'w:rFonts':
            if (attrs['w:ascii']) out.fonts.add(attrs['w:ascii']);
            break;
          case 'w:sz':
            if (attrs['w:val']) out.sizesPt.add(Number(attrs['w:val']) / 2);
            break;
          case 'w:pgSz':
            out.page = { width: mm(attrs['w:w']), height: mm(attrs['w:h']), top: 0, bottom: 0, left: 0, right: 0 };
            break;
          case 'w:pgMar':
            if (out.page) {
              Object.assign(out.page, {
                top: mm(attrs['w:top']),
                bottom: mm(attrs['w:bottom']),
                left: mm(attrs['w:left']),
                right: mm(attrs['w:right']),
              });
            }
            break;
        }
      },
      ontext(text) {
        if (inText) para?.push(text);
      },
      onclosetag(name) {
        switch (name) {
          case 'w:t':
            inText = false;
            break;
          case 'w:p': {
            const text = (para ?? []).join('');
            out.paragraphs.push(text);
            const t = tables.at(-1);
            if (t?.cell) t.cell.push(text);
            else out.bodyParagraphs.push(text);
            para = undefined;
            break;
          }
          case 'w:tc': {
            const t = tables.at(-1);
            if (t?.cell) t.rows.at(-1)?.push(t.cell.join('\n'));
            if (t) t.cell = undefined;
            break;
          }
          case 'w:tbl':
            tables.pop();
            break;
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(xml.toString('utf8'));
  out.text = out.paragraphs.join('\n');
  return out;
}
