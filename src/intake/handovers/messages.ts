import { registerMessages } from '../../shared/i18n.js';

registerMessages({
  intake_handover_taken: { vi: 'Hồ sơ bàn giao này đã được tiếp nhận.', en: 'This hand-over has already been taken.' },
});
