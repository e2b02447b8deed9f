import { convertMillimetersToTwip } from 'docx';

/**
 * The page and type of an administrative document, from Decree 30/2020/NĐ-CP, Appendix I:
 * A4 paper; margins 20–25 mm top and bottom, 30–35 mm left, 15–20 mm right; Times New Roman;
 * body text 13–14 pt. We take one value inside each range so every document looks the same.
 */
export const PAGE = {
  widthTwips: convertMillimetersToTwip(210),
  heightTwips: convertMillimetersToTwip(297),
  margin: {
    top: convertMillimetersToTwip(20),
    bottom: convertMillimetersToTwip(20),
    left: convertMillimetersToTwip(30),
    right: convertMillimetersToTwip(15),
  },
} as const;

/** Width of the text column in millimetres (A4 minus the left and right margins). */
export const TEXT_WIDTH_MM = 210 - 30 - 15;

export const FONT = 'Times New Roman';

/** Sizes in half-points, as docx wants them. */
export const SIZE = {
  /** Body text, titles, the motto, the signature block: 14 pt (13–14). */
  body: 28,
  /** The national name, the agency, the number: 13 pt (12–13). */
  header: 26,
  /** Tables: 13 pt, the low end of the body range, so wide tables fit. */
  table: 26,
  /** "Nơi nhận:" 12 pt; its list 11 pt. */
  recipientsLabel: 24,
  recipientsList: 22,
} as const;

/** First-line indent of a body paragraph: 1–1.27 cm; spacing after a paragraph ≥ 6 pt (in twentieths). */
export const PARAGRAPH = { firstLineTwips: convertMillimetersToTwip(12.7), afterTwips: 120, lineTwips: 300 } as const;
