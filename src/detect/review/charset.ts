import { TextDecoder } from 'node:util';

/**
 * Bytes of a fetched page → text. Order of trust, as browsers do: a byte-order mark, then the
 * Content-Type header's charset, then a <meta charset> / http-equiv in the first 4 KiB, else
 * UTF-8. Vietnamese sites still serve windows-1258 (and 1252 mislabels), which Node 20's full ICU
 * decodes. Undeclared bytes that are not valid UTF-8 are read as windows-1258 when most of the
 * text is not UTF-8; otherwise invalid bytes become U+FFFD. Never throws.
 */
const BOMS: Array<[number[], string]> = [
  [[0xef, 0xbb, 0xbf], 'utf-8'],
  [[0xfe, 0xff], 'utf-16be'],
  [[0xff, 0xfe], 'utf-16le'],
];

function bomOf(b: Buffer): { charset: string; skip: number } | null {
  for (const [sig, charset] of BOMS) if (b.length >= sig.length && sig.every((x, i) => b[i] === x)) return { charset, skip: sig.length };
  return null;
}

/** <meta charset="x"> or <meta http-equiv="content-type" content="text/html; charset=x"> near the top. */
export function metaCharset(head: Buffer): string | null {
  const s = head.subarray(0, 4096).toString('latin1');
  const direct = /<meta[^>]{0,200}?\bcharset\s*=\s*["']?\s*([a-z0-9_:.-]{1,40})/i.exec(s);
  return direct ? (direct[1] as string).toLowerCase() : null;
}

// Node 20 decodes windows-1252 (and its aliases latin1, iso-8859-1, ascii) as ISO-8859-1: bytes
// 0x80–0x9F come out as C1 controls instead of € ‚ ƒ „ … “ ” – —. Mapped here, as browsers do.
const CP1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const fix1252 = (s: string) => s.replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80] as string);

function decoderOf(label: string | null): TextDecoder | null {
  if (!label) return null;
  try {
    return new TextDecoder(label.trim().toLowerCase());
  } catch {
    return null; // an unknown label: fall back as if none was given
  }
}

export interface Decoded {
  text: string;
  /** The encoding actually used (WHATWG name). */
  charset: string;
  /** Where it came from. */
  source: 'bom' | 'header' | 'meta' | 'guess' | 'default';
  /** Bytes that could not be decoded (shown as U+FFFD). */
  replaced: number;
}

const countReplacements = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('\ufffd'); i >= 0; i = s.indexOf('\ufffd', i + 1)) n++;
  return n;
};

export function decodeText(body: Buffer, headerCharset: string | null, isHtml: boolean): Decoded {
  const bom = bomOf(body);
  const pick = (d: TextDecoder, source: Decoded['source'], bytes: Buffer): Decoded => {
    // NFC: windows-1258 writes tones as combining marks; the classifier expects composed letters
    const raw = d.decode(bytes);
    const text = (d.encoding === 'windows-1252' ? fix1252(raw) : raw).normalize('NFC');
    return { text, charset: d.encoding, source, replaced: countReplacements(text) };
  };
  if (bom) return pick(new TextDecoder(bom.charset), 'bom', body.subarray(bom.skip));
  const fromHeader = decoderOf(headerCharset);
  if (fromHeader) return pick(fromHeader, 'header', body);
  const fromMeta = isHtml ? decoderOf(metaCharset(body)) : null;
  if (fromMeta) return pick(fromMeta, 'meta', body);
  const utf8 = pick(new TextDecoder('utf-8'), 'default', body);
  if (utf8.replaced === 0) return utf8;
  // Undeclared and not UTF-8. Mostly legacy (many replacements among the non-ASCII bytes): read
  // it as windows-1258; a few bad bytes in UTF-8 text (mixed encodings): keep UTF-8.
  let high = 0;
  for (const b of body) if (b >= 0x80) high++;
  if (utf8.replaced * 4 >= high) return pick(new TextDecoder('windows-1258'), 'guess', body);
  return utf8;
}
