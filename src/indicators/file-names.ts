import { foldVietnamese } from '../shared/text.js';

/**
 * The Content-Disposition of a download named in Vietnamese: `filename` ASCII-folded for old
 * clients ("bao-cao-6-thang-dau-nam-2026.docx"), `filename*` the Vietnamese name itself (RFC 6266).
 */
export function attachment(title: string, ext: string): string {
  const ascii = foldVietnamese(title)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  const utf8 = `${title.replace(/[/\\"\u0000-\u001f]/g, '-')}.${ext}`;
  const encoded = encodeURIComponent(utf8).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii || 'tep'}.${ext}"; filename*=UTF-8''${encoded}`;
}
