import type { OfficialDocument } from '../../documents/model.js';
import { hanoiDate } from '../../documents/vn-date.js';
import { type CaseLetterFacts, LEGAL_BASIS, violationLabel } from './letter-input.js';

export interface TakedownLetterInput extends CaseLetterFacts {
  /** The platform's operator as addressed, e.g. "Công ty TNHH Meta Platforms". */
  platform: string;
  /** Hours the platform has to remove the content (Decree 147/2024: at most 24). */
  deadlineHours: number;
  /** Where the platform confirms removal (the unit's official e-mail or phone). */
  replyTo: string;
}

/**
 * A request to a platform to remove content harming a child: the content's addresses, why it is
 * unlawful, the legal basis and the deadline. It names the case by its code only — never the
 * child, whose identity the platform does not need to remove the content.
 */
export function takedownLetter(input: TakedownLetterInput): OfficialDocument {
  const { issuer } = input;
  return {
    agency: { parent: issuer.parent, name: issuer.agency },
    number: { symbol: `CV-${issuer.abbreviation}` },
    place: issuer.place,
    date: hanoiDate(input.at),
    letterSubject: 'đề nghị ngăn chặn, gỡ bỏ nội dung vi phạm quyền trẻ em trên môi trường mạng',
    addressees: [input.platform],
    body: [
      {
        kind: 'paragraph',
        text: `Căn cứ ${LEGAL_BASIS.children}; ${LEGAL_BASIS.cybersecurity}; ${LEGAL_BASIS.internetServices};`,
      },
      {
        kind: 'paragraph',
        text: `Trong quá trình giải quyết vụ việc số ${input.caseCode}, ${issuer.agency} xác định các nội dung tại những địa chỉ dưới đây có dấu hiệu vi phạm pháp luật về bảo vệ trẻ em (${violationLabel(input.violationType).toLocaleLowerCase('vi')}):`,
      },
      { kind: 'list', items: input.urls },
      {
        kind: 'paragraph',
        text: `Đề nghị ${input.platform} ngăn chặn, gỡ bỏ các nội dung nêu trên chậm nhất trong vòng ${input.deadlineHours} giờ kể từ khi nhận được văn bản này, lưu giữ dữ liệu liên quan phục vụ công tác điều tra, xử lý theo quy định của pháp luật và thông báo kết quả về ${input.replyTo}.`,
      },
      { kind: 'paragraph', text: `Trân trọng./.` },
    ],
    signature: issuer.signer,
    copiesTo: ['Như trên', `Lưu: VT, hồ sơ vụ việc ${input.caseCode}`],
  };
}
