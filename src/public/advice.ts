import type { Category } from '../intake/vocab.js';
import type { Lang } from '../shared/i18n.js';

/**
 * The one source of safety advice on the public site: the guidance pages for children and for
 * parents (guidance.ts) and the advice shown after a report is sent (matched to what was
 * reported) both read these texts, so a correction made here reaches both.
 *
 * Written in short sentences a 10-year-old can follow (the child's lines) and as plain steps for a
 * parent. Facts only: 111 is the national child-protection hotline (free, 24/7), 113 the police.
 */
type Text = { vi: string; en: string };

export interface AdviceTopic {
  title: Text;
  /** What it looks like, so a child recognises it. */
  signs: Text[];
  child: Text[];
  parent: Text[];
}

export const ADVICE_TOPICS = ['grooming', 'sextortion', 'bullying', 'selfHarm', 'scam', 'privacy', 'harmfulContent'] as const;
export type AdviceTopicCode = (typeof ADVICE_TOPICS)[number];

const KEEP_EVIDENCE: Text = {
  vi: 'Giữ lại tin nhắn và chụp màn hình (tên tài khoản, thời gian). Đừng xoá cuộc trò chuyện.',
  en: 'Keep the messages and take screenshots (account name, time). Do not delete the chat.',
};
const TELL_ADULT: Text = {
  vi: 'Kể cho một người lớn em tin: bố mẹ, thầy cô, anh chị. Em không có lỗi.',
  en: 'Tell an adult you trust: a parent, a teacher, an older sibling. It is not your fault.',
};
const CALL_111: Text = {
  vi: 'Gọi 111 (miễn phí, cả ngày lẫn đêm) để được tư vấn, hỗ trợ.',
  en: 'Call 111 (free, day and night) for advice and support.',
};
const BLOCK: Text = { vi: 'Chặn và báo cáo tài khoản đó ngay trên ứng dụng.', en: 'Block and report the account in the app.' };
const PARENT_CALM: Text = {
  vi: 'Giữ bình tĩnh, lắng nghe, không trách mắng con. Cảm ơn con đã kể.',
  en: 'Stay calm, listen, do not blame your child. Thank them for telling you.',
};
const PARENT_EVIDENCE: Text = {
  vi: 'Chụp màn hình tin nhắn, tên tài khoản, đường dẫn; không chuyển tiếp ảnh nhạy cảm của trẻ cho ai, kể cả để làm bằng chứng.',
  en: 'Screenshot the messages, account names, links; never forward sensitive images of a child to anyone, even as evidence.',
};

export const ADVICE: Record<AdviceTopicCode, AdviceTopic> = {
  grooming: {
    title: { vi: 'Người lạ làm quen, dụ dỗ', en: 'A stranger befriends and tempts' },
    signs: [
      { vi: 'Khen em nhiều, tặng quà, thẻ game, hứa hẹn.', en: 'Lots of praise, gifts, game cards, promises.' },
      { vi: 'Bảo em giữ bí mật, đừng kể với bố mẹ.', en: 'Asks you to keep secrets from your parents.' },
      { vi: 'Đòi ảnh riêng tư, rủ gọi video hoặc gặp mặt.', en: 'Asks for private photos, video calls or to meet.' },
    ],
    child: [
      { vi: 'Không gửi ảnh, không gọi video, không đi gặp người quen trên mạng.', en: 'Do not send photos, video-call or go to meet someone you met online.' },
      BLOCK,
      KEEP_EVIDENCE,
      TELL_ADULT,
    ],
    parent: [
      PARENT_CALM,
      PARENT_EVIDENCE,
      {
        vi: 'Nếu người đó hẹn gặp trẻ hoặc biết nơi trẻ ở, gọi ngay 113.',
        en: 'If that person has arranged to meet your child or knows where they are, call 113 now.',
      },
      { vi: 'Xem lại cài đặt riêng tư và danh sách bạn bè cùng con.', en: 'Review privacy settings and friends lists together with your child.' },
    ],
  },
  sextortion: {
    title: { vi: 'Bị đe doạ tung ảnh riêng tư', en: 'Threats to share private images' },
    signs: [
      {
        vi: 'Có người có ảnh hoặc video riêng tư của em và doạ gửi cho người khác.',
        en: 'Someone has a private photo or video of you and threatens to send it to others.',
      },
      { vi: 'Họ đòi tiền, thẻ cào hoặc thêm ảnh.', en: 'They ask for money, top-up cards or more pictures.' },
    ],
    child: [
      {
        vi: 'Không gửi thêm ảnh. Không trả tiền, không nạp thẻ: trả rồi họ vẫn đòi tiếp.',
        en: 'Do not send more photos. Do not pay: people who are paid keep asking.',
      },
      { vi: 'Ngừng trả lời, nhưng đừng xoá tài khoản hay tin nhắn.', en: 'Stop replying, but do not delete your account or the messages.' },
      KEEP_EVIDENCE,
      BLOCK,
      TELL_ADULT,
      CALL_111,
    ],
    parent: [
      PARENT_CALM,
      { vi: 'Không trả tiền cho kẻ đe doạ. Báo ngay cho công an (113).', en: 'Do not pay the blackmailer. Report to the police at once (113).' },
      PARENT_EVIDENCE,
      {
        vi: 'Nhờ nền tảng gỡ ảnh: báo cáo bài đăng, và gửi báo cáo này để cán bộ yêu cầu gỡ bỏ.',
        en: 'Ask the platform to take images down: report the post, and send this report so officers request removal.',
      },
    ],
  },
  bullying: {
    title: { vi: 'Bị bắt nạt trên mạng', en: 'Bullied online' },
    signs: [{ vi: 'Bị chế ảnh, chê bai, doạ nạt, bị tách khỏi nhóm lớp.', en: 'Edited photos, mockery, threats, being pushed out of the class group.' }],
    child: [
      { vi: 'Đừng đáp trả lại bằng lời xấu. Em không đáng bị như vậy.', en: 'Do not answer back with mean words. You do not deserve this.' },
      BLOCK,
      KEEP_EVIDENCE,
      TELL_ADULT,
      CALL_111,
    ],
    parent: [
      PARENT_CALM,
      PARENT_EVIDENCE,
      {
        vi: 'Báo giáo viên chủ nhiệm và nhà trường nếu việc bắt nạt đến từ bạn cùng trường.',
        en: 'Tell the form teacher and the school if the bullying comes from schoolmates.',
      },
      { vi: 'Để ý giấc ngủ, việc ăn uống, tâm trạng của con những ngày sau.', en: "Watch your child's sleep, eating and mood in the days after." },
    ],
  },
  selfHarm: {
    title: { vi: 'Bị rủ rê tự làm đau bản thân', en: 'Urged to self-harm' },
    signs: [{ vi: 'Thử thách nguy hiểm, nhóm kín rủ làm đau bản thân.', en: 'Dangerous challenges, closed groups urging self-harm.' }],
    child: [
      {
        vi: 'Nếu em đang nghĩ đến việc làm đau bản thân, gọi ngay 111 hoặc nói với người lớn ở gần.',
        en: 'If you are thinking about hurting yourself, call 111 now or tell an adult near you.',
      },
      { vi: 'Không làm theo thử thách. Rời khỏi nhóm đó.', en: 'Do not do the challenge. Leave that group.' },
      BLOCK,
      TELL_ADULT,
    ],
    parent: [
      {
        vi: 'Ở bên con, hỏi thẳng và nhẹ nhàng con có ý định làm đau bản thân không.',
        en: 'Stay with your child; ask gently and directly whether they mean to hurt themselves.',
      },
      { vi: 'Nguy hiểm ngay: gọi 115 (cấp cứu) hoặc 113. Cần tư vấn: 111.', en: 'Immediate danger: call 115 (ambulance) or 113. For advice: 111.' },
      PARENT_EVIDENCE,
    ],
  },
  scam: {
    title: { vi: 'Lừa đảo', en: 'Scams' },
    signs: [
      {
        vi: 'Trúng thưởng, nạp thẻ game giá rẻ, việc nhẹ lương cao, đòi mã OTP.',
        en: 'Prizes, cheap game top-ups, easy-money jobs, requests for an OTP code.',
      },
    ],
    child: [
      {
        vi: 'Không chuyển tiền, không nạp thẻ, không gửi mã OTP hay mật khẩu cho ai.',
        en: 'Do not send money, top-up cards, OTP codes or passwords to anyone.',
      },
      BLOCK,
      KEEP_EVIDENCE,
      TELL_ADULT,
    ],
    parent: [
      {
        vi: 'Nếu đã chuyển tiền: gọi ngay ngân hàng để chặn giao dịch, rồi báo công an.',
        en: 'If money was sent: call the bank at once to stop it, then report to the police.',
      },
      { vi: 'Đổi mật khẩu các tài khoản của con, bật xác thực hai bước.', en: "Change your child's passwords and turn on two-step verification." },
      PARENT_EVIDENCE,
    ],
  },
  privacy: {
    title: { vi: 'Thông tin riêng bị đăng lên mạng', en: 'Private information posted' },
    signs: [{ vi: 'Tên, ảnh, trường, địa chỉ của em bị đăng khi em chưa đồng ý.', en: 'Your name, photo, school or address posted without your consent.' }],
    child: [KEEP_EVIDENCE, { vi: 'Báo bài đăng đó ngay trên ứng dụng.', en: 'Report the post in the app.' }, TELL_ADULT],
    parent: [
      PARENT_EVIDENCE,
      {
        vi: 'Yêu cầu người đăng hoặc nền tảng gỡ bỏ; gửi báo cáo này để cán bộ hỗ trợ.',
        en: 'Ask the poster or the platform to remove it; send this report so officers can help.',
      },
    ],
  },
  harmfulContent: {
    title: { vi: 'Nội dung độc hại', en: 'Harmful content' },
    signs: [{ vi: 'Khiêu dâm, bạo lực, cờ bạc, ma tuý.', en: 'Porn, violence, gambling, drugs.' }],
    child: [{ vi: 'Đóng trang đó lại. Em không có lỗi khi lỡ nhìn thấy.', en: 'Close the page. It is not your fault you saw it.' }, TELL_ADULT],
    parent: [
      {
        vi: 'Bật chế độ an toàn (SafeSearch, Chế độ hạn chế của YouTube) trên máy của con.',
        en: "Turn on safe modes (SafeSearch, YouTube Restricted Mode) on your child's devices.",
      },
      { vi: 'Báo đường dẫn qua biểu mẫu này để cán bộ xem xét, chặn.', en: 'Report the link through this form so officers can review and block it.' },
    ],
  },
};

/** Everyday habits, for the guidance pages. */
export const SAFE_RULES: { child: Text[]; parent: Text[] } = {
  child: [
    {
      vi: 'Không cho người quen trên mạng biết địa chỉ, trường, số điện thoại, mật khẩu.',
      en: 'Do not tell people you met online your address, school, phone number or passwords.',
    },
    {
      vi: 'Để tài khoản ở chế độ riêng tư. Chỉ kết bạn với người em biết ngoài đời.',
      en: 'Keep your accounts private. Only add friends you know in real life.',
    },
    {
      vi: 'Bí mật làm em thấy sợ hoặc khó chịu thì không phải giữ. Hãy kể cho người lớn.',
      en: 'A secret that makes you scared or uneasy is not one to keep. Tell an adult.',
    },
    { vi: 'Ảnh đã gửi đi thì không lấy lại được. Nghĩ kỹ trước khi gửi.', en: 'A photo once sent cannot be taken back. Think before you send.' },
  ],
  parent: [
    {
      vi: 'Trò chuyện với con thường xuyên về những gì con làm trên mạng, không chỉ khi có chuyện.',
      en: 'Talk with your child often about what they do online, not only when something goes wrong.',
    },
    {
      vi: 'Biết con dùng ứng dụng nào; cùng con đặt chế độ riêng tư và giới hạn người lạ nhắn tin.',
      en: 'Know which apps your child uses; set privacy and limit messages from strangers together.',
    },
    {
      vi: 'Trẻ nhỏ dùng máy ở phòng chung; bật chế độ an toàn, lọc nội dung.',
      en: 'Young children use devices in shared rooms; turn on safe modes and content filters.',
    },
    {
      vi: 'Nói rõ với con: con sẽ không bị phạt vì kể lại chuyện xảy ra trên mạng.',
      en: 'Tell your child clearly: they will not be punished for telling you what happened online.',
    },
  ],
};

/** General advice for anything reported, and the help numbers. */
export const GENERAL: { child: Text[]; parent: Text[] } = {
  child: [TELL_ADULT, KEEP_EVIDENCE, CALL_111],
  parent: [PARENT_CALM, PARENT_EVIDENCE, CALL_111],
};

const BY_CATEGORY: Record<Category, AdviceTopicCode[]> = {
  sexual_abuse_material: ['sextortion'],
  sextortion: ['sextortion'],
  grooming: ['grooming'],
  self_harm: ['selfHarm'],
  cyberbullying: ['bullying'],
  harmful_content: ['harmfulContent'],
  scam: ['scam'],
  privacy: ['privacy'],
  false_info: [],
  other: [],
};

/** The advice topics that match what was reported, most serious first, each once. */
export function topicsFor(categories: readonly string[]): AdviceTopicCode[] {
  const wanted = new Set<AdviceTopicCode>();
  for (const c of categories) for (const tpc of BY_CATEGORY[c as Category] ?? []) wanted.add(tpc);
  return ADVICE_TOPICS.filter((tpc) => wanted.has(tpc));
}

export const say = (lang: Lang, x: Text): string => x[lang];
