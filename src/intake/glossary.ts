import type { Lang } from '../shared/i18n.js';
import type { Label } from './vocab.js';

/**
 * The reporting centre's glossary: the one place the words for its states and steps are written,
 * Vietnamese first. The server words notifications, e-mails and the report's history from it, and
 * the console reads the same words from GET /intake/vocabulary (the console may not import server
 * code, so it fetches them instead of keeping a copy that could drift). Issue 15 found P2 called
 * "khẩn" in notifications but "Cao" in the queue, and "Tiếp nhận" meaning both "intake" and
 * "accept"; here each word has one meaning:
 *   - "tiếp nhận" is only the intake desk (trung tâm tiếp nhận, cán bộ tiếp nhận, kênh tiếp nhận);
 *   - taking a new report into work is "nhận xử lý" (accept), its state "Đã nhận xử lý";
 *   - a ward or an agency taking a hand-over "nhận bàn giao";
 *   - staff call a report "phản ánh" everywhere (the public pages speak to children of "báo cáo");
 *   - "khẩn cấp" is P1 only; P2 is "Cao".
 * Needs and deadlines are lower case: they are used inside sentences ("… để hỗ trợ nạn nhân").
 */
export const GLOSSARY = {
  priorities: {
    p1: { vi: 'P1 — Khẩn cấp', en: 'P1 — Urgent' },
    p2: { vi: 'P2 — Cao', en: 'P2 — High' },
    p3: { vi: 'P3 — Trung bình', en: 'P3 — Medium' },
    p4: { vi: 'P4 — Thấp', en: 'P4 — Low' },
  },
  statuses: {
    new: { vi: 'Mới', en: 'New' },
    accepted: { vi: 'Đã nhận xử lý', en: 'Accepted' },
    handed_over: { vi: 'Đã bàn giao', en: 'Handed over' },
    rejected: { vi: 'Đã loại', en: 'Rejected' },
    merged: { vi: 'Đã gộp', en: 'Merged' },
  },
  /** What a hand-over asks the receiving unit to do. */
  needs: {
    victim_support: { vi: 'hỗ trợ nạn nhân', en: 'victim support' },
    violation_handling: { vi: 'xử lý vi phạm', en: 'violation handling' },
  },
  /** The two SLA clocks of a report. */
  deadlines: {
    acknowledge: { vi: 'xác nhận', en: 'acknowledgement' },
    first_action: { vi: 'xử lý đầu tiên', en: 'first action' },
  },
  /** Steps in a report's history. */
  events: {
    submitted: { vi: 'Phản ánh được gửi đến', en: 'Report received' },
    accepted: { vi: 'Nhận xử lý', en: 'Accepted' },
    rejected: { vi: 'Loại', en: 'Rejected' },
    merged: { vi: 'Gộp vào phản ánh khác', en: 'Merged into another report' },
    handed_over: { vi: 'Bàn giao', en: 'Handed over' },
    sent_to_detection: { vi: 'Gửi đường dẫn sang rà soát', en: 'Links sent for review' },
    handover_taken: { vi: 'Đơn vị nhận bàn giao', en: 'Hand-over taken' },
    case_open: { vi: 'Đang xử lý hồ sơ vụ việc', en: 'Case work under way' },
    case_finished: { vi: 'Hồ sơ vụ việc đã kết thúc', en: 'Case work finished' },
  },
  /** Why two reports are linked. */
  linkReasons: {
    url: { vi: 'trùng đường dẫn', en: 'same link' },
    account: { vi: 'trùng tài khoản', en: 'same account' },
    file: { vi: 'trùng tệp', en: 'same file' },
    merged: { vi: 'đã gộp', en: 'merged' },
  },
  rejectReasons: {
    not_about_children: { vi: 'Không liên quan đến trẻ em', en: 'Not about children' },
    not_online: { vi: 'Không xảy ra trên môi trường mạng', en: 'Did not happen online' },
    no_information: { vi: 'Không đủ thông tin', en: 'Not enough information' },
    spam: { vi: 'Tin rác', en: 'Spam' },
    other: { vi: 'Lý do khác', en: 'Another reason' },
  },
  sources: {
    web: { vi: 'Trang công khai', en: 'Public site' },
    partner: { vi: 'Đối tác (API)', en: 'Partner (API)' },
  },
  /** The words themselves, for labels and sentences that name them. */
  terms: {
    report: { vi: 'phản ánh', en: 'report' },
    intake: { vi: 'tiếp nhận', en: 'intake' },
    accept: { vi: 'nhận xử lý', en: 'accept' },
    handover: { vi: 'bàn giao', en: 'hand over' },
    /** What a ward or an agency does with a hand-over (not "tiếp nhận", which is the intake desk). */
    take_over: { vi: 'nhận bàn giao', en: 'take over' },
    merge: { vi: 'gộp', en: 'merge' },
    overdue: { vi: 'quá hạn', en: 'overdue' },
  },
} as const satisfies Record<string, Record<string, Label>>;

export type GlossarySection = keyof typeof GLOSSARY;

/**
 * A term in the reader's language. An unknown code (a value a newer version wrote) reads as a
 * neutral word, never as the raw code.
 */
export function term(lang: Lang, section: GlossarySection, code: string | null | undefined): string {
  const entry = code ? (GLOSSARY[section] as Record<string, Label>)[code] : undefined;
  return entry ? entry[lang] : lang === 'vi' ? 'khác' : 'other';
}

/** Several terms joined as a sentence joins them: "hỗ trợ nạn nhân và xử lý vi phạm". */
export function terms(lang: Lang, section: GlossarySection, codes: readonly string[]): string {
  const words = codes.map((c) => term(lang, section, c));
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} ${lang === 'vi' ? 'và' : 'and'} ${words.at(-1)}`;
}

/** Every section as [{ code, label }] for the console (GET /intake/vocabulary). */
export function glossaryFor(lang: Lang): Record<GlossarySection, { code: string; label: string }[]> {
  const out = {} as Record<GlossarySection, { code: string; label: string }[]>;
  for (const [section, entries] of Object.entries(GLOSSARY) as [GlossarySection, Record<string, Label>][]) {
    out[section] = Object.entries(entries).map(([code, l]) => ({ code, label: l[lang] }));
  }
  return out;
}
