/**
 * Every word a user sees comes from a catalogue keyed by a stable code, Vietnamese first.
 * Messages may carry {placeholders}; missing English falls back to Vietnamese, never to the code.
 */
export type Lang = 'vi' | 'en';

export type Catalogue = Record<string, { vi: string; en: string }>;

/**
 * A word in both languages passed as a message parameter — a field's label, so an error names
 * `Mục "Ảnh"` / `Field "Photos"` in the reader's language rather than the API key ("photos").
 */
export interface Localized {
  vi: string;
  en: string;
}

const isLocalized = (v: unknown): v is Localized =>
  typeof v === 'object' && v !== null && typeof (v as Localized).vi === 'string' && typeof (v as Localized).en === 'string';

const catalogues: Catalogue[] = [];

/** Feature folders register their own messages so the catalogue lives beside the code that uses it. */
export function registerMessages(messages: Catalogue): void {
  catalogues.push(messages);
}

function lookup(code: string): { vi: string; en: string } | undefined {
  for (let i = catalogues.length - 1; i >= 0; i--) {
    const m = catalogues[i]![code];
    if (m) return m;
  }
  return undefined;
}

export function t(lang: Lang, code: string, params: Record<string, unknown> = {}): string {
  const m = lookup(code);
  const template = m ? m[lang] || m.vi : code;
  const show = (v: unknown) => (isLocalized(v) ? v[lang] || v.vi : String(v));
  return template.replace(/\{(\w+)\}/g, (_, k: string) => (k in params ? show(params[k]) : `{${k}}`));
}

export function hasMessage(code: string): boolean {
  return lookup(code) !== undefined;
}

/** Picks the caller's language from an Accept-Language header; Vietnamese unless English is preferred. */
export function langFromHeader(header: string | undefined | null): Lang {
  if (!header) return 'vi';
  const ranked = header
    .split(',')
    .map((part, i) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag.toLowerCase(), weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((x) => x.tag && x.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag.startsWith('vi')) return 'vi';
    if (tag.startsWith('en')) return 'en';
  }
  return 'vi';
}

/** Language for command-line output: LACHAN_LANG=en switches to English. */
export function cliLang(): Lang {
  return process.env.LACHAN_LANG === 'en' ? 'en' : 'vi';
}

registerMessages({
  internal_error: { vi: 'Lỗi hệ thống. Vui lòng thử lại sau.', en: 'Internal error. Please try again later.' },
  not_found: { vi: 'Không tìm thấy.', en: 'Not found.' },
  route_not_found: { vi: 'Không có đường dẫn {method} {url}.', en: 'No route {method} {url}.' },
  forbidden: { vi: 'Bạn không có quyền thực hiện thao tác này.', en: 'You are not allowed to do this.' },
  unauthenticated: { vi: 'Vui lòng đăng nhập.', en: 'Please sign in.' },
  validation_failed: { vi: 'Dữ liệu không hợp lệ: {detail}', en: 'Invalid input: {detail}' },
  body_too_large: { vi: 'Dữ liệu gửi lên quá lớn (tối đa {limit}).', en: 'Request body too large (limit {limit}).' },
  unsupported_media_type: { vi: 'Kiểu dữ liệu không được hỗ trợ: {type}.', en: 'Unsupported content type: {type}.' },
  invalid_json: { vi: 'Nội dung JSON không hợp lệ.', en: 'Malformed JSON body.' },
  rate_limited: { vi: 'Quá nhiều yêu cầu. Vui lòng thử lại sau {after}.', en: 'Too many requests. Try again in {after}.' },
  csrf_invalid: { vi: 'Phiên làm việc không hợp lệ (thiếu mã CSRF). Hãy tải lại trang.', en: 'Missing or invalid CSRF token. Reload the page.' },
  conflict: { vi: 'Dữ liệu đã tồn tại: {detail}', en: 'Already exists: {detail}' },
});
