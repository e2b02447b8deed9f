import type { CalendarDate } from './vn-date.js';

/**
 * What an official document says; the writer decides how it looks (Decree 30/2020 layout).
 * Everything here is plain data so that case letters and the city's reports build it the same way.
 */
export interface OfficialDocument {
  /** Issuing agency, upper-cased by the writer: the parent body (optional) and the agency itself. */
  agency: { parent?: string; name: string };
  /**
   * "Số: 12/CV-CAH". `seq` left out prints blank space for the clerk to fill in when registering
   * the outgoing document, as offices do for drafts.
   */
  number: { seq?: string | number; symbol: string };
  place: string;
  date: CalendarDate;
  /**
   * A document with a name (BÁO CÁO, QUYẾT ĐỊNH…): the name and its summary line, centred under
   * the header. A letter without a name (công văn) gives `letterSubject` instead: "V/v …" under
   * the number.
   */
  title?: { name: string; summary?: string };
  letterSubject?: string;
  /** "Kính gửi:" — one line per addressee. */
  addressees?: string[];
  body: Block[];
  /** The signature block: authority line (e.g. "TM. ỦY BAN NHÂN DÂN", "KT. GIÁM ĐỐC"), post, signer. */
  signature: { authority?: string; post: string; name: string };
  /** "Nơi nhận:" — the list printed left of the signature ("Như trên;", "Lưu: VT, …"). */
  copiesTo: string[];
}

/** A run of text inside a paragraph; plain strings are the common case. */
export interface Run {
  text: string;
  bold?: boolean;
  italic?: boolean;
}

export type Block =
  /** Numbered by depth: I., II. → 1., 2. → a), b). The heading is bold. */
  | { kind: 'section'; heading: string; blocks: Block[] }
  | { kind: 'paragraph'; text: string | Run[] }
  /** Lines that start with "- ", e.g. a list of URLs. */
  | { kind: 'list'; items: string[] }
  /** A bordered table; number cells are right-aligned, a `null` cell prints as a dash. */
  | { kind: 'table'; caption?: string; columns: string[]; rows: (string | number | null)[][] }
  /** A PNG (a chart), scaled to `widthMm` (default: the text width) keeping its proportions. */
  | { kind: 'image'; png: Buffer; widthMm?: number; caption?: string };
