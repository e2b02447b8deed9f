import { VIOLATION_TYPES } from '../vocab.js';

/** The office that sends a case letter and who signs it (from the case's unit or agency). */
export interface LetterIssuer {
  /** The parent body, e.g. "Ủy ban nhân dân thành phố Hà Nội"; optional. */
  parent?: string;
  agency: string;
  /** The agency's abbreviation for the number's symbol: "CV-<abbr>" (Số: …/CV-CAPHK). */
  abbreviation: string;
  place: string;
  signer: { authority?: string; post: string; name: string };
}

/** What every case letter names: the case (its code, never the child), the violation, the evidence. */
export interface CaseLetterFacts {
  issuer: LetterIssuer;
  /** When the letter is drawn up; dated by the calendar in Hanoi. */
  at: Date;
  caseCode: string;
  violationType: keyof typeof VIOLATION_TYPES;
  /** The addresses of the content (or account pages) concerned. */
  urls: string[];
}

/**
 * The legal basis every case letter cites. Laws by number and date; the decree on internet
 * services is the one that obliges platforms to remove unlawful content within 24 hours of a
 * competent authority's request.
 */
export const LEGAL_BASIS = {
  children: 'Luật Trẻ em số 102/2016/QH13 ngày 05 tháng 4 năm 2016',
  cybersecurity: 'Luật An ninh mạng số 24/2018/QH14 ngày 12 tháng 6 năm 2018',
  internetServices: 'Nghị định số 147/2024/NĐ-CP ngày 09 tháng 11 năm 2024 của Chính phủ về quản lý, cung cấp, sử dụng dịch vụ Internet và thông tin trên mạng',
} as const;

export const violationLabel = (code: keyof typeof VIOLATION_TYPES): string => VIOLATION_TYPES[code].vi;
