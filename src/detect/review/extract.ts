/**
 * What the analyst and the classifier need from a fetched page: its visible text, title, the
 * images it shows and the hosts it links to. A single forward scan (indexOf, no backtracking
 * regular expressions over the whole page), so a hostile page costs time linear in its size;
 * every output is capped.
 */
export const EXTRACT_LIMITS = { textChars: 200_000, titleChars: 300, images: 10, linkHosts: 200, tagChars: 16_384 } as const;
export type ExtractLimits = { [K in keyof typeof EXTRACT_LIMITS]: number };

export interface Extracted {
  title: string | null;
  text: string;
  textTruncated: boolean;
  /** Absolute http(s) URLs of images (img src/srcset, og:image, twitter:image), first ones first. */
  images: string[];
  /** Hosts the page links to (lower case, unique). */
  linkHosts: string[];
}

const NAMED: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  laquo: '«',
  raquo: '»',
  lsquo: '‘',
  rsquo: '’',
  ldquo: '“',
  rdquo: '”',
  copy: '©',
  reg: '®',
  middot: '·',
  bull: '•',
  times: '×',
};
// Latin letters with accents that HTML names (Vietnamese pages use them): &agrave; &Ecirc; &otilde;…
const ACCENTS: Record<string, string> = { grave: '\u0300', acute: '\u0301', circ: '\u0302', tilde: '\u0303', uml: '\u0308' };

function named(name: string): string | null {
  const n = NAMED[name];
  if (n) return n;
  const m = /^([aeiouyAEIOUYnN])(grave|acute|circ|tilde|uml)$/.exec(name);
  if (m) return `${m[1]}${ACCENTS[m[2] as string]}`.normalize('NFC');
  return null;
}

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,8});?/gi, (all, body: string) => {
    if (body[0] === '#') {
      const cp = body[1] === 'x' || body[1] === 'X' ? Number.parseInt(body.slice(2), 16) : Number.parseInt(body.slice(1), 10);
      if (!Number.isFinite(cp) || cp <= 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(cp);
    }
    return named(body) ?? named(body.toLowerCase()) ?? all;
  });
}

const BLOCK = new Set([
  'p',
  'div',
  'br',
  'li',
  'ul',
  'ol',
  'tr',
  'td',
  'th',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'section',
  'article',
  'header',
  'footer',
  'nav',
  'aside',
  'main',
  'blockquote',
  'pre',
  'table',
  'form',
  'hr',
  'title',
  'figcaption',
  'dd',
  'dt',
]);
/** Elements whose content is never visible text. */
const RAW = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'textarea']);
const closers = new Map([...RAW].map((n) => [n, new RegExp(`</${n}\\s*>`, 'ig')]));

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  const re = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;
  for (let m = re.exec(tag); m; m = re.exec(tag)) {
    const k = (m[1] as string).toLowerCase();
    if (!out.has(k)) out.set(k, decodeEntities(m[2] ?? m[3] ?? m[4] ?? ''));
  }
  return out;
}

function absolute(ref: string, base: URL): URL | null {
  const r = ref.trim();
  if (!r || r.length > 2048) return null;
  try {
    const u = new URL(r, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

/** The largest candidate of a srcset ("a.jpg 1x, b.jpg 2x" → b.jpg). */
function bestOfSrcset(srcset: string): string | null {
  let best: { url: string; w: number } | null = null;
  for (const part of srcset.split(',').slice(0, 20)) {
    const [url, size] = part.trim().split(/\s+/);
    if (!url) continue;
    const w = size ? Number.parseFloat(size) || 1 : 1;
    if (!best || w > best.w) best = { url, w };
  }
  return best?.url ?? null;
}

const squash = (s: string) =>
  s
    .replace(/[ \t\f\v\u00a0]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();

export function extractHtml(html: string, pageUrl: string, limits: ExtractLimits = EXTRACT_LIMITS): Extracted {
  let base: URL;
  try {
    base = new URL(pageUrl);
  } catch {
    base = new URL('http://invalid.invalid/');
  }
  const parts: string[] = [];
  let textLen = 0;
  let truncated = false;
  let title: string | null = null;
  const images: string[] = [];
  const metaImages: string[] = [];
  const hosts = new Set<string>();
  const pushText = (s: string) => {
    if (truncated || !s) return;
    if (textLen + s.length > limits.textChars) {
      parts.push(s.slice(0, limits.textChars - textLen));
      textLen = limits.textChars;
      truncated = true;
      return;
    }
    parts.push(s);
    textLen += s.length;
  };
  const addImage = (list: string[], ref: string | undefined | null) => {
    if (!ref || list.length >= limits.images) return;
    const u = absolute(ref, base);
    if (u && !list.includes(u.href)) list.push(u.href);
  };

  let i = 0;
  const n = html.length;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) {
      pushText(html.slice(i));
      break;
    }
    if (lt > i) pushText(html.slice(i, lt));
    if (html.startsWith('<!--', lt)) {
      const end = html.indexOf('-->', lt + 4);
      i = end < 0 ? n : end + 3;
      continue;
    }
    const c = html.charCodeAt(lt + 1);
    const isLetter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
    const closing = html[lt + 1] === '/';
    if (html[lt + 1] === '!' || html[lt + 1] === '?') {
      const end = html.indexOf('>', lt + 2);
      i = end < 0 ? n : end + 1;
      continue;
    }
    if (!isLetter && !closing) {
      pushText('<');
      i = lt + 1;
      continue;
    }
    // the end of the tag, outside quotes, within a bounded window
    let j = lt + 1;
    let quote = 0;
    const stop = Math.min(n, lt + limits.tagChars);
    for (; j < stop; j++) {
      const ch = html.charCodeAt(j);
      if (quote) {
        if (ch === quote) quote = 0;
      } else if (ch === 34 || ch === 39) quote = ch;
      else if (ch === 62) break;
    }
    const tag = html.slice(lt + 1, j);
    i = j + 1;
    const name = (/^\/?\s*([a-zA-Z][a-zA-Z0-9-]*)/.exec(tag)?.[1] ?? '').toLowerCase();
    if (BLOCK.has(name)) pushText('\n');
    if (closing) continue;
    if (RAW.has(name)) {
      const re = closers.get(name) as RegExp;
      re.lastIndex = i;
      const m = re.exec(html);
      i = m ? m.index + m[0].length : n;
      continue;
    }
    if (name === 'title' && title === null) {
      const closeRe = /<\/title/gi;
      closeRe.lastIndex = i;
      const end = closeRe.exec(html)?.index ?? -1;
      const raw = html.slice(i, end < 0 ? Math.min(n, i + limits.titleChars * 4) : end);
      title = squash(decodeEntities(raw.replace(/<[^>]{0,200}>/g, ' '))).slice(0, limits.titleChars) || null;
      if (end >= 0) i = end;
      continue;
    }
    if (name === 'img' || name === 'meta' || name === 'a' || name === 'base' || name === 'source') {
      const a = attributes(tag.slice(name.length));
      if (name === 'img' || name === 'source') {
        addImage(images, a.get('src') || a.get('data-src') || bestOfSrcset(a.get('srcset') ?? a.get('data-srcset') ?? ''));
      } else if (name === 'meta') {
        const prop = (a.get('property') ?? a.get('name') ?? '').toLowerCase();
        if (prop === 'og:image' || prop === 'og:image:url' || prop === 'og:image:secure_url' || prop === 'twitter:image')
          addImage(metaImages, a.get('content'));
      } else if (name === 'a') {
        const u = absolute(a.get('href') ?? '', base);
        if (u && hosts.size < limits.linkHosts) hosts.add(u.hostname.toLowerCase());
      } else if (name === 'base') {
        const u = absolute(a.get('href') ?? '', base);
        if (u) base = u;
      }
    }
  }
  // og:image first: it is the picture the page chooses to be shared with
  const all: string[] = [];
  for (const u of [...metaImages, ...images]) if (!all.includes(u) && all.length < limits.images) all.push(u);
  return { title, text: squash(decodeEntities(parts.join(''))), textTruncated: truncated, images: all, linkHosts: [...hosts] };
}

export function extractPlain(text: string, limits: ExtractLimits = EXTRACT_LIMITS): Extracted {
  const truncated = text.length > limits.textChars;
  return { title: null, text: squash(truncated ? text.slice(0, limits.textChars) : text), textTruncated: truncated, images: [], linkHosts: [] };
}
