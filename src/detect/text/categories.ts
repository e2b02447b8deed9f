/** The child-safety categories the text classifier reports. */
export type TextCategory = 'sexual' | 'grooming' | 'sextortion' | 'self_harm' | 'violence' | 'drugs' | 'gambling' | 'scam' | 'hate';

export const TEXT_CATEGORIES: { code: TextCategory; vi: string; en: string }[] = [
  { code: 'sexual', vi: 'Nội dung tình dục', en: 'Sexual content' },
  { code: 'grooming', vi: 'Dụ dỗ, tiếp cận trẻ em', en: 'Grooming' },
  { code: 'sextortion', vi: 'Tống tiền bằng hình ảnh nhạy cảm', en: 'Sextortion' },
  { code: 'self_harm', vi: 'Tự hại, tự tử', en: 'Self-harm, suicide' },
  { code: 'violence', vi: 'Bạo lực', en: 'Violence' },
  { code: 'drugs', vi: 'Ma tuý, chất cấm', en: 'Drugs' },
  { code: 'gambling', vi: 'Cờ bạc, cá độ', en: 'Gambling' },
  { code: 'scam', vi: 'Lừa đảo', en: 'Scams' },
  { code: 'hate', vi: 'Thù ghét, lăng mạ, chửi tục', en: 'Hate, insults, profanity' },
];

export const TEXT_CATEGORY_CODES: readonly TextCategory[] = TEXT_CATEGORIES.map((c) => c.code);

/** A category is reported when its score reaches this. */
export const CATEGORY_THRESHOLD = 0.5;
