import type { Lang } from '../shared/i18n.js';

/**
 * Audit actions in words people read: "Xem danh sách người dùng", not `user.listed` (issue 15).
 * An action is `<kind of record>.<what happened>`; the two halves are named here and composed, so
 * a new action of a known kind reads well without an entry of its own, and an action of a kind
 * this list does not know yet reads "… bản ghi" (a record) rather than its code. Whole phrases
 * that do not compose ("Đăng nhập") are listed as they are.
 *
 * Reads (lists, opening a record, previews, token uses, reading this trail) are marked so the
 * audit view can hide them by default: they stay in the trail — reads of identifying data must be
 * audited — but no longer bury the changes people come to look for. Revealing clear evidence with a
 * reason is not a routine read: it stays visible.
 */
type Words = { vi: string; en: string };

/** Kinds of record (the action's first half, also the entry's subject type). */
const SUBJECTS: Record<string, Words> = {
  user: { vi: 'người dùng', en: 'user' },
  agency: { vi: 'cơ quan', en: 'agency' },
  unit: { vi: 'xã/phường', en: 'ward/commune' },
  school: { vi: 'trường học', en: 'school' },
  api_token: { vi: 'khoá API', en: 'API token' },
  token: { vi: 'khoá API', en: 'API token' },
  audit: { vi: 'nhật ký kiểm toán', en: 'audit trail' },
  intake_report: { vi: 'phản ánh', en: 'report' },
  intake_evidence: { vi: 'bằng chứng của phản ánh', en: 'report evidence' },
  intake_settings: { vi: 'quy tắc tiếp nhận', en: 'intake rules' },
  detect_item: { vi: 'mục rà soát', en: 'review item' },
  detect_takedown: { vi: 'yêu cầu gỡ bỏ', en: 'takedown request' },
  detect_bank: { vi: 'kho mã băm', en: 'hash bank' },
  filter_alert: { vi: 'cảnh báo bộ lọc', en: 'filter alert' },
  filter_band: { vi: 'cấp học của bộ lọc', en: 'filter school band' },
  filter_category: { vi: 'nhóm chặn', en: 'filter category' },
  filter_counsellor: { vi: 'người tư vấn của trường', en: 'school counsellor' },
  filter_guard: { vi: 'tên miền được bảo vệ', en: 'protected domain' },
  filter_list: { vi: 'danh sách chặn', en: 'block list' },
  filter_network: { vi: 'mạng của trường', en: 'school network' },
  filter_fleet_node: { vi: 'trạm lọc', en: 'filter node' },
  filter_fleet_enrolment: { vi: 'mã ghi danh trạm lọc', en: 'filter node enrolment token' },
  filter_range: { vi: 'dải địa chỉ mạng', en: 'address range' },
  filter_review: { vi: 'yêu cầu xem xét chặn', en: 'block review request' },
  filter_school_rules: { vi: 'quy tắc lọc của trường', en: "school's filter rules" },
  filter_settings: { vi: 'cài đặt bộ lọc', en: 'filter settings' },
  detect_image: { vi: 'ảnh rà soát', en: 'reviewed image' },
  case: { vi: 'hồ sơ vụ việc', en: 'case' },
  case_manager: { vi: 'người phụ trách vụ việc', en: 'case manager' },
  case_referral: { vi: 'chuyển gửi dịch vụ hỗ trợ', en: 'referral' },
  case_settings: { vi: 'cài đặt xử lý vụ việc', en: 'case settings' },
  case_sla_steps: { vi: 'thời hạn các bước xử lý vụ việc', en: 'case step deadlines' },
  case_task: { vi: 'việc cần làm của vụ việc', en: 'case task' },
  case_work: { vi: 'vụ việc', en: 'case work' },
  programme_outreach: { vi: 'hoạt động truyền thông', en: 'outreach activity' },
  programme_session: { vi: 'buổi tuyên truyền', en: 'awareness session' },
  programme_sessions: { vi: 'buổi tuyên truyền', en: 'awareness session' },
  programme_topic: { vi: 'chủ đề tuyên truyền', en: 'awareness topic' },
  programme_session_photo: { vi: 'ảnh buổi tuyên truyền', en: 'awareness session photo' },
  programme_training: { vi: 'lớp tập huấn', en: 'staff training' },
  programme_checklist: { vi: 'bảng kiểm an toàn thông tin', en: 'information-safety checklist' },
  programme_coverage: { vi: 'độ phủ tuyên truyền', en: 'awareness coverage' },
  programme_learning_platforms: { vi: 'danh sách nền tảng học tập được duyệt', en: 'approved learning platforms' },
  indicators: { vi: 'chỉ số của thành phố', en: "city's indicators" },
  indicator_report_issuer: { vi: 'cơ quan ban hành và người ký báo cáo chỉ số', en: 'issuer and signer of indicator reports' },
  keys: { vi: 'khoá mã hoá', en: 'encryption keys' },
};

/** What happened (the action's second half); {noun} is the kind of record. */
const VERBS: Record<string, Words> = {
  listed: { vi: 'Xem danh sách {noun}', en: 'Listed {noun}s' },
  read: { vi: 'Xem {noun}', en: 'Viewed a {noun}' },
  previewed: { vi: 'Xem ảnh làm mờ của {noun}', en: 'Viewed a blurred {noun}' },
  image_previewed: { vi: 'Xem ảnh làm mờ của {noun}', en: 'Viewed a blurred image of a {noun}' },
  revealed: { vi: 'Xem bản gốc (có lý do) của {noun}', en: 'Revealed the original {noun} (with a reason)' },
  image_revealed: { vi: 'Xem ảnh gốc (có lý do) của {noun}', en: 'Revealed an original image of a {noun} (with a reason)' },
  exported: { vi: 'Xuất {noun}', en: 'Exported a {noun}' },
  created: { vi: 'Tạo {noun}', en: 'Created a {noun}' },
  updated: { vi: 'Sửa {noun}', en: 'Updated a {noun}' },
  deleted: { vi: 'Xoá {noun}', en: 'Deleted a {noun}' },
  added: { vi: 'Thêm {noun}', en: 'Added a {noun}' },
  photos_added: { vi: 'Thêm ảnh cho {noun}', en: 'Added photos to an {noun}' },
  removed: { vi: 'Bỏ {noun}', en: 'Removed a {noun}' },
  set: { vi: 'Đặt {noun}', en: 'Set the {noun}' },
  imported: { vi: 'Nhập {noun} từ tệp', en: 'Imported a {noun}' },
  import_completed: { vi: 'Nhập danh sách {noun} từ tệp', en: 'Imported {noun}s from a file' },
  assigned: { vi: 'Gán {noun} cho trường', en: 'Assigned an {noun}' },
  unassigned: { vi: 'Bỏ gán {noun}', en: 'Unassigned an {noun}' },
  revoked: { vi: 'Thu hồi {noun}', en: 'Revoked an {noun}' },
  enrolled: { vi: 'Ghi danh {noun}', en: 'Enrolled a {noun}' },
  acknowledged: { vi: 'Xác nhận đã xem {noun}', en: 'Acknowledged a {noun}' },
  submitted: { vi: 'Gửi {noun} mới', en: 'Submitted a {noun}' },
  resubmitted: { vi: 'Gửi lại {noun} đã có', en: 'Submitted an existing {noun} again' },
  accepted: { vi: 'Nhận xử lý {noun}', en: 'Accepted a {noun}' },
  rejected: { vi: 'Loại {noun}', en: 'Rejected a {noun}' },
  merged: { vi: 'Gộp {noun}', en: 'Merged a {noun}' },
  handed_over: { vi: 'Bàn giao {noun}', en: 'Handed over a {noun}' },
  sent_to_detection: { vi: 'Gửi đường dẫn của {noun} sang rà soát', en: 'Sent the links of a {noun} for review' },
  status_locked: { vi: 'Khoá tra cứu {noun} (nhập sai mã PIN nhiều lần)', en: 'Locked the status look-up of a {noun} (too many wrong PINs)' },
  queued_from_report: { vi: 'Nhận {noun} từ phản ánh', en: 'Queued a {noun} from a report' },
  analysed: { vi: 'Phân tích xong {noun}', en: 'Analysed a {noun}' },
  failed: { vi: 'Không tải được {noun}', en: 'Could not fetch a {noun}' },
  retried: { vi: 'Thử lại {noun}', en: 'Retried a {noun}' },
  decided: { vi: 'Quyết định về {noun}', en: 'Decided on a {noun}' },
  reopened: { vi: 'Mở lại quyết định về {noun}', en: 'Reopened the decision on a {noun}' },
  hashes_removed: { vi: 'Bỏ mã băm khỏi {noun}', en: 'Removed hashes from a {noun}' },
  centre_entry_added: { vi: 'Trung tâm thêm tên miền vào {noun}', en: 'The centre added a domain to a {noun}' },
  centre_entry_removed: { vi: 'Trung tâm bỏ tên miền khỏi {noun}', en: 'The centre removed a domain from a {noun}' },
  decision_added: { vi: 'Ghi quyết định của thành phố cho {noun}', en: "Recorded the city's decision on a {noun}" },
  decision_revoked: { vi: 'Thu hồi quyết định của thành phố cho {noun}', en: "Revoked the city's decision on a {noun}" },
  allow_added: { vi: 'Cho phép thêm tên miền trong {noun}', en: 'Allowed a domain in the {noun}' },
  reported: { vi: 'Gửi {noun}', en: 'Sent a {noun}' },
  approved: { vi: 'Chấp thuận {noun}', en: 'Approved a {noun}' },
  escalated: { vi: 'Chuyển lên thành phố {noun}', en: 'Escalated a {noun}' },
  opened: { vi: 'Mở {noun}', en: 'Opened a {noun}' },
  child_revealed: { vi: 'Xem thông tin định danh của trẻ (có lý do) trong {noun}', en: "Revealed the child's identity (with a reason) in a {noun}" },
  handover_taken: { vi: 'Nhận bàn giao, mở {noun}', en: 'Took a hand-over as a {noun}' },
  designated: { vi: 'Chỉ định {noun}', en: 'Designated a {noun}' },
  sent: { vi: 'Gửi {noun}', en: 'Sent a {noun}' },
  declined: { vi: 'Từ chối {noun}', en: 'Declined a {noun}' },
  withdrawn: { vi: 'Rút lại {noun}', en: 'Withdrew a {noun}' },
  consent_overridden: { vi: 'Gửi {noun} khi chưa có sự đồng ý (có lý do)', en: 'Sent a {noun} without consent (with a reason)' },
  overdue_listed: { vi: 'Xem danh sách quá hạn của {noun}', en: 'Listed overdue {noun}' },
  hashes_added: { vi: 'Thêm mã băm vào {noun}', en: 'Added hashes to a {noun}' },
  hashes_read: { vi: 'Xem mã băm trong {noun}', en: 'Read the hashes of a {noun}' },
  hashed: { vi: 'Tính mã băm {noun}', en: 'Hashed a {noun}' },
  refreshed: { vi: 'Cập nhật {noun} từ nguồn', en: 'Refreshed a {noun} from its source' },
  refresh_held: { vi: 'Tạm giữ bản cập nhật {noun} (thay đổi bất thường)', en: 'Held back a {noun} refresh (unusual change)' },
  refresh_rejected: { vi: 'Từ chối bản cập nhật {noun}', en: 'Rejected a {noun} refresh' },
  raw_exported: { vi: 'Xuất số liệu gốc của {noun}', en: 'Exported the raw figures of the {noun}' },
  report_generated: { vi: 'Lập báo cáo {noun}', en: 'Generated a report of the {noun}' },
  letter_generated: { vi: 'Lập công văn cho {noun}', en: 'Generated a letter for a {noun}' },
  reviewed: { vi: 'Duyệt {noun}', en: 'Reviewed a {noun}' },
  reminded: { vi: 'Gửi nhắc nhở về {noun}', en: 'Sent a reminder about the {noun}' },
  settings_updated: { vi: 'Sửa cài đặt {noun}', en: 'Updated the {noun} settings' },
  rotated: { vi: 'Thay {noun}', en: 'Rotated the {noun}' },
  anchored: { vi: 'Neo {noun} (chữ ký số)', en: 'Anchored the {noun} (signed)' },
  chain_keyed: { vi: 'Chuyển {noun} sang chuỗi có khoá', en: 'Keyed the {noun} chain' },
};

/** Actions that are whole phrases of their own. */
const PHRASES: Record<string, Words> = {
  'user.login': { vi: 'Đăng nhập', en: 'Signed in' },
  'user.logout': { vi: 'Đăng xuất', en: 'Signed out' },
  'user.login_failed': { vi: 'Đăng nhập sai mật khẩu', en: 'Failed sign-in' },
  'user.login_refused': { vi: 'Từ chối đăng nhập (tài khoản bị khoá hoặc tắt)', en: 'Sign-in refused (account locked or disabled)' },
  'user.password_changed': { vi: 'Đổi mật khẩu', en: 'Changed a password' },
  'user.totp_setup_started': { vi: 'Bắt đầu cài xác thực hai bước', en: 'Started setting up two-step verification' },
  'user.totp_enabled': { vi: 'Bật xác thực hai bước', en: 'Turned on two-step verification' },
  'user.totp_disabled': { vi: 'Tắt xác thực hai bước', en: 'Turned off two-step verification' },
  'user.verification_failed': { vi: 'Nhập sai mã xác thực hai bước', en: 'Wrong two-step verification code' },
  'user.verification_refused': { vi: 'Từ chối mã xác thực hai bước', en: 'Two-step verification refused' },
  'token.used': { vi: 'Dùng khoá API (không ghi dữ liệu)', en: 'Used an API token (nothing written)' },
  'audit.read': { vi: 'Xem nhật ký kiểm toán', en: 'Viewed the audit trail' },
};

/** Second halves that mark a routine read (hidden by default in the audit view). */
const READ_VERBS = ['listed', 'overdue_listed', 'read', 'hashes_read', 'previewed', 'image_previewed', 'used'] as const;

const UNKNOWN_SUBJECT: Words = { vi: 'bản ghi', en: 'record' };
const UNKNOWN_VERB: Words = { vi: 'Thao tác khác trên {noun}', en: 'Other action on a {noun}' };

function split(action: string): [string, string] {
  const dot = action.indexOf('.');
  return dot < 0 ? [action, ''] : [action.slice(0, dot), action.slice(dot + 1)];
}

/** The kind of record in words ("người dùng"); "bản ghi" for a kind not listed. */
export function subjectLabel(lang: Lang, subjectType: string | null | undefined): string {
  return (subjectType && SUBJECTS[subjectType]?.[lang]) || UNKNOWN_SUBJECT[lang];
}

/** An action in words, in the reader's language. Never the code itself. */
export function actionLabel(lang: Lang, action: string): string {
  const phrase = PHRASES[action];
  if (phrase) return phrase[lang];
  const [subject, verb] = split(action);
  const template = (VERBS[verb] ?? UNKNOWN_VERB)[lang];
  return template.replace('{noun}', subjectLabel(lang, subject));
}

/** True for routine reads: lists, opening a record, blurred previews, token uses, reading the trail. */
export function isReadAction(action: string): boolean {
  const verb = split(action)[1];
  return (READ_VERBS as readonly string[]).includes(verb);
}

/** SQL LIKE patterns matching the routine reads, for filtering the trail in the database. */
export const READ_ACTION_PATTERNS: readonly string[] = READ_VERBS.map((v) => `%.${v}`);

/** Whether a verb or a kind of record is named here (the test checks every action the code writes). */
export function isNamed(action: string): boolean {
  if (PHRASES[action]) return true;
  const [subject, verb] = split(action);
  return subject in SUBJECTS && verb in VERBS;
}

/**
 * System actors (scheduled jobs, the command line, first start) are recorded under a code
 * (`indicators.schedule`, `audit:anchor`); the trail keeps the code, the reader sees words. A code
 * not listed here reads "Hệ thống" (the system), never the code itself.
 */
const SYSTEM_ACTORS: Record<string, Words> = {
  'indicators.schedule': { vi: 'lịch báo cáo chỉ tiêu', en: 'indicator report schedule' },
  'audit:anchor': { vi: 'neo nhật ký kiểm toán', en: 'audit trail anchoring' },
  'fleet:enrolment': { vi: 'ghi danh trạm lọc', en: 'filter node enrolment' },
  'cli:audit-anchor': { vi: 'neo nhật ký kiểm toán (dòng lệnh)', en: 'audit trail anchoring (command line)' },
  audit: { vi: 'nhật ký kiểm toán', en: 'audit trail' },
  'first-start': { vi: 'khởi tạo lần đầu', en: 'first start' },
  seed: { vi: 'dữ liệu khởi tạo', en: 'initial data' },
  cli: { vi: 'dòng lệnh quản trị', en: 'admin command line' },
  'cli:import': { vi: 'nhập dữ liệu bằng dòng lệnh', en: 'command-line import' },
  'cli:banks': { vi: 'kho mã băm (dòng lệnh)', en: 'hash banks (command line)' },
  'cli:filter-conflicts': { vi: 'kiểm tra xung đột bộ lọc (dòng lệnh)', en: 'filter conflict check (command line)' },
  'cli:lists-import': { vi: 'nhập danh sách chặn (dòng lệnh)', en: 'block list import (command line)' },
  'cli:keys-rotate': { vi: 'thay khoá mã hoá (dòng lệnh)', en: 'encryption key rotation (command line)' },
  'detect:worker': { vi: 'rà soát tự động', en: 'automatic review' },
  'detect:intake': { vi: 'nhận mục rà soát từ phản ánh', en: 'review items from reports' },
  'filter:refresh': { vi: 'cập nhật danh sách chặn', en: 'block list refresh' },
  'programmes.coverage-reminders': { vi: 'nhắc nhở độ phủ tuyên truyền', en: 'awareness coverage reminders' },
};

const SYSTEM: Words = { vi: 'Hệ thống', en: 'System' };

/**
 * Who acted, as the audit view shows it: a person's or token's name as recorded; a system actor in
 * words ("Hệ thống — lịch báo cáo chỉ tiêu"), or just "Hệ thống" for a code not listed.
 */
export function actorLabel(lang: Lang, actorType: string, label: string): string {
  if (actorType !== 'system') return label;
  const known = SYSTEM_ACTORS[label];
  return known ? `${SYSTEM[lang]} — ${known[lang]}` : SYSTEM[lang];
}

/** Kinds of record and actions as [{ code, label }] for the audit view's filters. */
export function auditVocabulary(lang: Lang) {
  return {
    subjects: Object.entries(SUBJECTS)
      .filter(([code]) => code !== 'token')
      .map(([code, w]) => ({ code, label: w[lang] })),
  };
}
