import { registerMessages } from '../../shared/i18n.js';

registerMessages({
  detect_extra_not_json: { vi: '{file}:{line}: dòng không phải JSON', en: '{file}:{line}: not JSON' },
  detect_extra_bad_line: {
    vi: '{file}:{line}: cần "text" và "label" ({labels})',
    en: '{file}:{line}: needs "text" and "label" ({labels})',
  },
  detect_vihos_missing: { vi: 'Không tìm thấy ViHOS trong {dir}', en: 'ViHOS not found in {dir}' },
});
