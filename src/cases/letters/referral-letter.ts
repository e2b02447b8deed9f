import type { OfficialDocument } from '../../documents/model.js';
import { hanoiDate } from '../../documents/vn-date.js';
import type { REFERRAL_TARGETS } from '../vocab.js';
import { type CaseLetterFacts, LEGAL_BASIS, violationLabel } from './letter-input.js';

export interface ReferralLetterInput extends CaseLetterFacts {
  target: keyof typeof REFERRAL_TARGETS;
  /** The receiving office as addressed, e.g. "Công an phường Hoàn Kiếm". */
  recipient: string;
  /** What the sender found, in its own words (no child's name: the case code identifies the file). */
  summary: string;
  /** The sender's contact for the receiving officer. */
  contact: string;
}

const ASK: Record<keyof typeof REFERRAL_TARGETS, string> = {
  police: 'xem xét, xác minh, xử lý theo thẩm quyền (kể cả khởi tố nếu có dấu hiệu tội phạm)',
  inspectorate: 'thanh tra, kiểm tra và xử phạt vi phạm hành chính theo thẩm quyền',
  platform: 'phối hợp ngăn chặn, gỡ bỏ nội dung và cung cấp thông tin theo yêu cầu của cơ quan có thẩm quyền',
};

/**
 * A referral of a case's violation to the police, an inspectorate or a platform: what was found,
 * where, the legal basis, and what the receiver is asked to do. Evidence stays in the platform
 * and is handed over through the case (the letter lists its addresses, not files).
 */
export function referralLetter(input: ReferralLetterInput): OfficialDocument {
  const { issuer } = input;
  return {
    agency: { parent: issuer.parent, name: issuer.agency },
    number: { symbol: `CV-${issuer.abbreviation}` },
    place: issuer.place,
    date: hanoiDate(input.at),
    letterSubject: `chuyển thông tin vụ việc ${input.caseCode} để xử lý theo thẩm quyền`,
    addressees: [input.recipient],
    body: [
      {
        kind: 'paragraph',
        text: `Căn cứ ${LEGAL_BASIS.children}; ${LEGAL_BASIS.cybersecurity}; ${LEGAL_BASIS.internetServices};`,
      },
      {
        kind: 'paragraph',
        text: `${issuer.agency} chuyển đến ${input.recipient} thông tin vụ việc số ${input.caseCode} có dấu hiệu vi phạm: ${violationLabel(input.violationType).toLocaleLowerCase('vi')}.`,
      },
      { kind: 'section', heading: 'Nội dung vụ việc', blocks: [{ kind: 'paragraph', text: input.summary }] },
      {
        kind: 'section',
        heading: 'Địa chỉ nội dung liên quan',
        blocks: input.urls.length > 0 ? [{ kind: 'list', items: input.urls }] : [{ kind: 'paragraph', text: 'Không có.' }],
      },
      {
        kind: 'section',
        heading: 'Đề nghị',
        blocks: [
          {
            kind: 'paragraph',
            text: `Đề nghị ${input.recipient} ${ASK[input.target]}; bảo đảm giữ bí mật thông tin của trẻ em theo quy định của pháp luật và thông báo kết quả cho ${issuer.agency} qua ${input.contact}.`,
          },
        ],
      },
      { kind: 'paragraph', text: 'Trân trọng./.' },
    ],
    signature: issuer.signer,
    copiesTo: ['Như trên', `Lưu: VT, hồ sơ vụ việc ${input.caseCode}`],
  };
}
