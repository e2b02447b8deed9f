import { Tokenizer, type TokenizerCallbacks } from 'htmlparser2';

/**
 * What the analyst and the classifier need from a fetched page: its visible text, title, the
 * images it shows and the hosts it links to.
 *
 * htmlparser2's Tokenizer does the HTML: tags, attributes in every quoting, comments, raw-text
 * elements (script, style, textarea, title…) and every named and numeric entity of the HTML
 * standard (through the `entities` package's decoder). We drive the Tokenizer, not its Parser:
 * the Parser keeps the open elements in an array it `unshift`s on every open tag and searches
 * on every close tag, which is quadratic on hostile nesting — measured here on Node 20 (one core
 * of a shared 2-core machine), 200,000 unclosed `<div>` (1 MB) took 42 s in the Parser and 1 MB
 * of `<div>` + `</span>` 169 s. The page only needs "inside a hidden element or not", which a
 * counter per element name answers, so the whole pass stays linear (the hostile cases in
 * extract.test.ts). Every output is capped.
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
const HIDDEN = new Set(['script', 'style', 'noscript', 'template', 'svg', 'math', 'iframe', 'object', 'textarea', 'noembed', 'noframes', 'xmp']);
/** Foreign content: inside it `<title>` or `<style>` are ordinary elements, and `<svg/>` closes itself. */
const FOREIGN = new Set(['svg', 'math']);
/** The attributes we read, on the elements we read them from. */
const WANTED = new Set(['img', 'source', 'meta', 'a', 'base']);

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
  const titleParts: string[] = [];
  let titleLen = 0;
  let titleState: 'before' | 'inside' | 'done' = 'before';
  const images: string[] = [];
  const metaImages: string[] = [];
  const hosts = new Set<string>();

  /** Open hidden elements by name (a counter each: nesting is all that matters). */
  const hiddenOpen = new Map<string, number>();
  let hidden = 0;
  let foreign = 0;
  // the tag being read
  let tagName = '';
  let attribs: Map<string, string> | null = null;
  let attrName = '';
  let attrValue = '';

  const pushText = (s: string) => {
    if (hidden > 0 || !s) return;
    if (titleState === 'inside') {
      if (titleLen < limits.titleChars * 4) {
        titleParts.push(s.slice(0, limits.titleChars * 4 - titleLen));
        titleLen += s.length;
      }
      return;
    }
    if (truncated) return;
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
  const hide = (name: string, by: 1 | -1) => {
    const n = hiddenOpen.get(name) ?? 0;
    if (by < 0 && n === 0) return; // a stray close tag
    hiddenOpen.set(name, n + by);
    hidden += by;
    if (FOREIGN.has(name)) foreign += by;
  };

  const readAttributes = (name: string, a: Map<string, string>) => {
    if (name === 'img' || name === 'source') {
      addImage(images, a.get('src') || a.get('data-src') || bestOfSrcset(a.get('srcset') ?? a.get('data-srcset') ?? ''));
    } else if (name === 'meta') {
      const prop = (a.get('property') ?? a.get('name') ?? '').toLowerCase();
      if (prop === 'og:image' || prop === 'og:image:url' || prop === 'og:image:secure_url' || prop === 'twitter:image') addImage(metaImages, a.get('content'));
    } else if (name === 'a') {
      const u = absolute(a.get('href') ?? '', base);
      if (u && hosts.size < limits.linkHosts) hosts.add(u.hostname.toLowerCase());
    } else if (name === 'base') {
      const u = absolute(a.get('href') ?? '', base);
      if (u) base = u;
    }
  };

  /** The open tag is complete: `selfClosing` matters only in foreign content, as in a browser. */
  const endOpenTag = (selfClosing: boolean) => {
    const name = tagName;
    if (attribs && hidden === 0) readAttributes(name, attribs);
    attribs = null;
    if (BLOCK.has(name) && hidden === 0) pushText('\n');
    if (selfClosing && (foreign > 0 || FOREIGN.has(name))) return;
    if (HIDDEN.has(name)) hide(name, 1);
    else if (name === 'title') {
      // the first title is the page's; any other is not shown either
      if (titleState === 'before' && hidden === 0) titleState = 'inside';
      else hide(name, 1);
    }
  };

  const cbs: TokenizerCallbacks = {
    ontext: (start, end) => pushText(html.slice(start, end)),
    ontextentity: (cp) => pushText(String.fromCodePoint(cp)),
    onopentagname: (start, end) => {
      tagName = html.slice(start, end).toLowerCase();
      attribs = WANTED.has(tagName) ? new Map() : null;
    },
    onattribname: (start, end) => {
      attrName = html.slice(start, end).toLowerCase();
      attrValue = '';
    },
    // values are capped: a hostile page may open a quote and never close it
    onattribdata: (start, end) => {
      if (attribs && attrValue.length < limits.tagChars) attrValue += html.slice(start, Math.min(end, start + limits.tagChars));
    },
    onattribentity: (cp) => {
      if (attribs && attrValue.length < limits.tagChars) attrValue += String.fromCodePoint(cp);
    },
    onattribend: () => {
      if (attribs && !attribs.has(attrName)) attribs.set(attrName, attrValue.slice(0, limits.tagChars));
      attrValue = '';
    },
    onopentagend: () => endOpenTag(false),
    onselfclosingtag: () => endOpenTag(true),
    onclosetag: (start, end) => {
      const name = html.slice(start, end).toLowerCase();
      if (HIDDEN.has(name)) hide(name, -1);
      else if (name === 'title') {
        if (titleState === 'inside') titleState = 'done';
        else hide(name, -1);
      }
      if (BLOCK.has(name)) pushText('\n');
    },
    oncdata: () => {},
    oncomment: () => {},
    ondeclaration: () => {},
    onprocessinginstruction: () => {},
    onend: () => {},
    isInForeignContext: () => foreign > 0,
  };
  const tokenizer = new Tokenizer({ decodeEntities: true }, cbs);
  tokenizer.write(html);
  tokenizer.end();

  const title = squash(titleParts.join('')).slice(0, limits.titleChars) || null;
  // og:image first: it is the picture the page chooses to be shared with
  const all: string[] = [];
  for (const u of [...metaImages, ...images]) if (!all.includes(u) && all.length < limits.images) all.push(u);
  return { title, text: squash(parts.join('')), textTruncated: truncated, images: all, linkHosts: [...hosts] };
}

export function extractPlain(text: string, limits: ExtractLimits = EXTRACT_LIMITS): Extracted {
  const truncated = text.length > limits.textChars;
  return { title: null, text: squash(truncated ? text.slice(0, limits.textChars) : text), textTruncated: truncated, images: [], linkHosts: [] };
}
