import { registerMessages } from '../../../shared/i18n.js';

registerMessages({
  // one message whatever was wrong with the token: no hint whether it exists, was used or expired
  'fleet.enrolment_refused': {
    vi: 'Mã ghi danh không dùng được (sai, đã dùng hoặc hết hạn). Hãy xin Thành phố một mã mới.',
    en: 'The enrolment token cannot be used (wrong, already used or expired). Ask the city for a new one.',
  },
  'fleet.node_unknown': {
    vi: 'Trạm lọc không được nhận ra: thiếu hoặc sai mã của trạm. Hãy ghi danh lại trạm.',
    en: 'Filter node not recognised: its token is missing or wrong. Enrol the node again.',
  },
  'fleet.node_revoked': {
    vi: 'Trạm lọc này đã bị Thành phố thu hồi: trạm không nhận thêm chính sách nào.',
    en: 'This filter node was revoked by the city: it receives nothing new.',
  },
  'fleet.idempotency_key_required': {
    vi: 'Thiếu tiêu đề Idempotency-Key (một UUID cho mỗi gói số liệu, gửi lại đúng mã đó khi thử lại).',
    en: 'Missing Idempotency-Key header (one UUID per stats batch, the same one again on a retry).',
  },
  'fleet.stats_foreign_school': {
    vi: 'Gói số liệu có trường {school} mà trạm này không phục vụ: không nhận gói nào.',
    en: 'The stats batch names school {school}, which this node does not serve: nothing was taken in.',
  },
  'fleet.stats_invalid': {
    vi: 'Gói số liệu không hợp lệ ({detail}): không nhận gói nào.',
    en: 'Invalid stats batch ({detail}): nothing was taken in.',
  },
  'fleet.school_unknown': {
    vi: 'Không có trường {school}.',
    en: 'No such school: {school}.',
  },
});
