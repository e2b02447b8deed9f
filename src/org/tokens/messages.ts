import { registerMessages } from '../../shared/i18n.js';

registerMessages({
  token_limit_unsupported: {
    vi: 'Quyền {scope} không giới hạn được theo trường hoặc phường/xã: bỏ giới hạn, hoặc cấp quyền này bằng một mã riêng.',
    en: 'Scope {scope} cannot be limited to a school or ward: remove the limit, or issue this scope in a token of its own.',
  },
  token_school_outside_unit: {
    vi: 'Trường {school} không thuộc phường/xã {unit}: mã giới hạn như vậy sẽ không mở được gì.',
    en: 'School {school} is not in ward {unit}: a token limited so would open nothing.',
  },
});
