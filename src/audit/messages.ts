import { registerMessages } from '../shared/i18n.js';

registerMessages({
  audit_range_reversed: { vi: 'Khoảng thời gian không hợp lệ: "từ" (from) phải trước "đến" (to).', en: 'Invalid time range: "from" must be before "to".' },
  audit_anchor_invalid: {
    vi: 'Tệp neo nhật ký không hợp lệ ({detail}): cần một tệp do lachan audit anchor tạo ra.',
    en: 'Invalid audit anchor file ({detail}): expected a file written by lachan audit anchor.',
  },
  audit_anchor_unreadable: {
    vi: 'Không đọc được tệp neo nhật ký {file}: {detail}',
    en: 'Cannot read the audit anchor file {file}: {detail}',
  },
  audit_key_missing: {
    vi: 'Không tìm thấy khoá bí mật (LACHAN_SECRET_KEY hoặc secret.key trong thư mục dữ liệu): không thể kiểm tra chuỗi nhật ký có khoá.',
    en: 'No secret key found (LACHAN_SECRET_KEY or secret.key in the data dir): the keyed audit chain cannot be checked.',
  },
  // `lachan audit verify`: one line per outcome
  'audit.verify.intact': { vi: 'Nhật ký nguyên vẹn: {entries} mục, head {head}', en: 'Audit trail intact: {entries} entries, head {head}' },
  'audit.verify.intact_anchor': {
    vi: 'Nhật ký nguyên vẹn: {entries} mục, head {head}; khớp mốc neo #{anchorSeq} ({anchoredAt})',
    en: 'Audit trail intact: {entries} entries, head {head}; matches the anchor at #{anchorSeq} ({anchoredAt})',
  },
  'audit.verify.broken': {
    vi: 'NHẬT KÝ BỊ SỬA: mục #{brokenAt} ({reason}); {entries} mục trước đó hợp lệ',
    en: 'AUDIT TRAIL BROKEN: entry #{brokenAt} ({reason}); {entries} earlier entries valid',
  },
  'audit.verify.unkeyed': {
    vi: 'NHẬT KÝ CHƯA CÓ KHOÁ: mục #{brokenAt} băm không khoá (sha256), ai có quyền ghi cơ sở dữ liệu cũng tính lại được (unkeyed)',
    en: 'AUDIT TRAIL NOT KEYED: entry #{brokenAt} has an unkeyed hash (sha256) anyone who can write the database could recompute (unkeyed)',
  },
  'audit.verify.chain_shorter': {
    vi: 'NHẬT KÝ BỊ CẮT: chuỗi chỉ còn đến mục #{headSeq}, nhưng mốc neo đã ghi mục #{anchorSeq} (chain_shorter)',
    en: 'AUDIT TRAIL CUT SHORT: the chain ends at entry #{headSeq}, but the anchor recorded entry #{anchorSeq} (chain_shorter)',
  },
  'audit.verify.rewritten': {
    vi: 'NHẬT KÝ BỊ VIẾT LẠI: mục #{anchorSeq} khác với mục đã neo (rewritten)',
    en: 'AUDIT TRAIL REWRITTEN: entry #{anchorSeq} differs from the anchored one (rewritten)',
  },
  'audit.verify.bad_signature': {
    vi: 'MỐC NEO GIẢ: chữ ký của tệp neo không hợp lệ (bad_signature)',
    en: "FORGED ANCHOR: the anchor file's signature does not hold (bad_signature)",
  },
  'audit.verify.other_key': {
    vi: 'MỐC NEO KHÔNG KHỚP: tệp neo được ký bằng khoá khác ({publicKey}), không phải khoá của nền tảng này (other_key)',
    en: "ANCHOR MISMATCH: the anchor was signed with another key ({publicKey}), not this platform's (other_key)",
  },
  'audit.anchor.written': {
    vi: 'Đã neo nhật ký: mục #{seq}, hash {hash} → {file}; khoá công khai Ed25519: {publicKey}',
    en: 'Audit trail anchored: entry #{seq}, hash {hash} → {file}; Ed25519 public key: {publicKey}',
  },
});
