import { foldVietnamese } from '../../shared/text.js';

/**
 * Text normalisation for detection: the same function feeds the lexicon, the rules and the model,
 * so an obfuscated message ("đ.ị.t", "n g u", "nguuuu", "l0n", "djt") reaches all three in one
 * canonical form.
 *
 * Pipeline (each step linear in the input):
 *   truncate to MAX_TEXT_CHARS → drop lone surrogates and control characters → NFC → lower case →
 *   pull emoji out (kept as features) → join letters split by separators → collapse runs of one
 *   letter → leetspeak inside words → teencode tokens expanded → `lower` (diacritics kept) and
 *   `folded` (diacritics removed, đ→d).
 */

/** Texts longer than this (UTF-16 code units, ~64 KB of ASCII) are cut; the verdict says so. */
export const MAX_TEXT_CHARS = 65_536;
/** At most this many emoji are kept as features (a wall of emoji says nothing more). */
const MAX_EMOJI = 64;

export type NormalizedText = {
  /** Lower case, no diacritics, obfuscation and teencode undone, words separated by one space. */
  folded: string;
  /** `folded` split into words. */
  tokens: string[];
  /** `lower` split into words (same length as `tokens`). */
  lowerTokens: string[];
  /** As `folded` but with diacritics kept (NFC): tells "lồn" from "lon" (a can). */
  lower: string;
  /** True when the writer used Vietnamese diacritics: then a folded-only match of an ambiguous word is not trusted. */
  accented: boolean;
  /** Emoji found in the text (removed from `folded`/`lower`), in order, at most 64. */
  emoji: string[];
  /** True when the input was longer than MAX_TEXT_CHARS and only its start was read. */
  truncated: boolean;
};

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// C0/C1 controls separate words; zero-width and bidi characters are used to hide words ("đ\u200bịt"): removed.
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const INVISIBLE = /[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]|\ufe0e|\ufe0f/g;
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|[\u{1F3FB}-\u{1F3FF}]/gu;
// Single letters split by separators: "đ.ị.t", "d-i-t", "n g u", "l_ồ_n".
const SPLIT_LETTERS = /(?<![\p{L}\p{N}])\p{L}(?:[\s.\-_*+~|,'"`^:;/\\]+\p{L})+(?![\p{L}\p{N}])/gu;
const SEPARATOR_ONLY_SPACE = /^[\p{L}\s]+$/u;
const REPEATED_LETTER = /(\p{L})\1{2,}/gu;
// A run of letters, digits, @ and $ with a letter next to one of 0-9@$ is a leetspeak candidate.
// (Run first, then the pair test: one pattern doing both backtracks quadratically on a long word.)
const LEET_RUN = /[\p{L}0-9@$]+/gu;
const LEET_PAIR = /\p{L}[0-9@$]|[0-9@$]\p{L}/u;
// Numbers with units or codes are not leetspeak: 500k, 10tr, 18t, 2h, u23, f8, 4g, mp3.
const NOT_LEET = /^(?:\d+(?:k|tr|m|h|p|t|d|đ|g|s|x|cm|kg|km|mb|gb|vnd|th|ty|tuoi|tuổi)?|[a-z]{1,3}\d{2,}|mp\d|[45]g|f8|\d+[a-z]\d+)$/u;
const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '7': 't', '8': 'b', '@': 'a', $: 's' };
const NON_WORD = /[^\p{L}\p{N}]+/gu;
const HAS_DIACRITIC = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/u;

/**
 * Teencode and chat abbreviations, keyed by the folded token, expanded to Vietnamese with diacritics.
 * Only tokens written without diacritics are expanded ("ê" is not "em"). Kept to forms that are
 * unambiguous in chat; vulgar short forms are expanded so the lexicon sees one spelling.
 */
export const TEENCODE: Record<string, string> = {
  k: 'không',
  ko: 'không',
  kh: 'không',
  kg: 'không',
  hok: 'không',
  hong: 'không',
  hem: 'không',
  khum: 'không',
  j: 'gì',
  ji: 'gì',
  dc: 'được',
  dk: 'được',
  duoc: 'được',
  vs: 'với',
  mk: 'mình',
  mik: 'mình',
  mng: 'mọi người',
  ng: 'người',
  ny: 'người yêu',
  bme: 'bố mẹ',
  bm: 'bố mẹ',
  sdt: 'số điện thoại',
  dt: 'điện thoại',
  ib: 'inbox',
  r: 'rồi',
  rùi: 'rồi',
  z: 'vậy',
  v: 'vậy',
  iu: 'yêu',
  e: 'em',
  a: 'anh',
  t: 'tao',
  m: 'mày',
  mn: 'mọi người',
  bjo: 'bây giờ',
  bh: 'bây giờ',
  h: 'giờ',
  ck: 'chồng',
  vk: 'vợ',
  cj: 'chị',
  bit: 'biết',
  bik: 'biết',
  bt: 'biết',
  nc: 'nói chuyện',
  nt: 'nhắn tin',
  trai: 'trai',
  // vulgar short forms
  dm: 'địt mẹ',
  đm: 'địt mẹ',
  dmm: 'địt mẹ mày',
  đmm: 'địt mẹ mày',
  dcm: 'địt con mẹ',
  đcm: 'địt con mẹ',
  dkm: 'địt con mẹ',
  đkm: 'địt con mẹ',
  dcmm: 'địt con mẹ mày',
  djt: 'địt',
  đjt: 'địt',
  dis: 'địt',
  diz: 'địt',
  vl: 'vãi lồn',
  vkl: 'vãi lồn',
  vcl: 'vãi cả lồn',
  vcc: 'vãi con cặc',
  cl: 'cái lồn',
  clm: 'cái lồn mẹ',
  cmm: 'con mẹ mày',
  loz: 'lồn',
  lozz: 'lồn',
  lìn: 'lồn',
  cak: 'cặc',
  kak: 'cặc',
  cax: 'cặc',
  dcmn: 'địt con mẹ nó',
  clgt: 'cái lồn gì thế',
  sml: 'sấp mặt lồn',
  nstl: 'não tàn',
};

function joinSplitLetters(s: string): string {
  return s.replace(SPLIT_LETTERS, (m) => {
    // "n g u" (spaces only) needs three letters; "d.m", "đ-m" need two — ordinary prose has neither.
    if (SEPARATOR_ONLY_SPACE.test(m)) return m.length >= 5 ? m.replace(/\s+/g, '') : m;
    // With other separators, spaces still separate words: "d.m m.a.y" → "dm may".
    return m
      .split(/\s+/)
      .map((w) => w.replace(/[^\p{L}]+/gu, ''))
      .join(' ');
  });
}

function undoLeet(s: string): string {
  return s.replace(LEET_RUN, (w) => (!LEET_PAIR.test(w) || NOT_LEET.test(w) ? w : w.replace(/[0-9@$]/g, (c) => LEET[c] ?? c)));
}

// A Map, not the object: TEENCODE['constructor'] would be Object's constructor.
const TEENCODE_MAP = new Map(Object.entries(TEENCODE));

/** The teencode expansion of one word, or the word itself. */
function expandWord(w: string): string[] {
  const key = HAS_DIACRITIC.test(w) && !/^đ[a-z]*$/.test(w) ? null : w;
  const exp = key === null ? undefined : (TEENCODE_MAP.get(key) ?? TEENCODE_MAP.get(key.replace(/đ/g, 'd')));
  return exp ? exp.split(' ') : [w];
}

/** Cuts `s` to at most `max` UTF-16 units without splitting a surrogate pair. */
export function truncateText(s: string, max: number = MAX_TEXT_CHARS): { text: string; truncated: boolean } {
  if (s.length <= max) return { text: s, truncated: false };
  let end = max;
  const c = s.charCodeAt(end - 1);
  if (c >= 0xd800 && c <= 0xdbff) end -= 1;
  return { text: s.slice(0, end), truncated: true };
}

/**
 * The reference pipeline, regular expression by regular expression. `normalizeText` takes it for
 * text the fast path cannot vouch for (other scripts, combining marks, lone surrogates…); the tests
 * check that both give the same result on every input.
 */
export function normalizeTextReference(input: string): NormalizedText {
  const raw = typeof input === 'string' ? input : String(input ?? '');
  const { text, truncated } = truncateText(raw);
  let s = text.replace(LONE_SURROGATE, ' ').replace(CONTROL, ' ').replace(INVISIBLE, '').normalize('NFC').toLowerCase();
  const emoji: string[] = [];
  s = s.replace(EMOJI, (e) => {
    if (emoji.length < MAX_EMOJI) emoji.push(e);
    return ' ';
  });
  s = undoObfuscation(s);
  const words = s.split(NON_WORD).filter((w) => w.length > 0);
  const accentedWords = words.reduce((n, w) => n + (HAS_DIACRITIC.test(w) ? 1 : 0), 0);
  // Vietnamese prose written with diacritics has them on most words; a stray "đ" in teencode does not count.
  const accented = words.length > 0 && accentedWords / words.length >= 0.2;
  const lowerTokens = words.flatMap(expandWord);
  const lower = lowerTokens.join(' ');
  const folded = foldVietnamese(lower);
  return { folded, tokens: folded.length ? folded.split(' ') : [], lower, lowerTokens, accented, emoji, truncated };
}

/** Split letters joined, runs of one letter collapsed, leetspeak undone — in that order. */
function undoObfuscation(s: string): string {
  return undoLeet(joinSplitLetters(s).replace(REPEATED_LETTER, '$1'));
}

// ---- Fast path -------------------------------------------------------------------------------
// One table lookup per UTF-16 unit says what a character is. A text made only of characters the
// table vouches for (Latin letters, digits, punctuation, symbols, spaces, controls, invisibles,
// emoji) is already NFC and folds letter by letter, so the regular expressions above run only when
// the scan saw something they would change (a control character, an emoji, a lone letter next to
// another, a run of three, a digit inside a word).

const C_SLOW = 0; // not vouched for: the whole text takes the reference pipeline
const C_SEP = 1; // punctuation, symbols, spaces: separates words
const C_LETTER = 2;
const C_DIGIT = 3; // \p{N}
const C_CONTROL = 4; // replaced by a space
const C_INVISIBLE = 5; // removed
const C_EMOJI = 6; // pulled out as a feature
const C_HIGH = 7; // high surrogate: looked at with the next unit
/** Separators that may split a lone letter from the next one ("đ.ị.t"), as in SPLIT_LETTERS. */
const SPLIT_SEPARATOR = new Uint8Array(65536);

const CLASS = new Uint8Array(65536);
/** 1 when the letter (lower case) carries a Vietnamese diacritic, as HAS_DIACRITIC. */
const DIACRITIC = new Uint8Array(65536);
/** 1 for 0-9, @ and $: a letter next to one may be leetspeak. */
const LEET_CHAR = new Uint8Array(128);

function buildTables(): void {
  const invisible = new RegExp(INVISIBLE.source);
  const emoji = new RegExp(EMOJI.source, 'u');
  const letterRange = (c: number) => c <= 0x24f || (c >= 0x1e00 && c <= 0x1eff);
  for (let c = 0; c < 0xd800; c++) classify(c);
  for (let c = 0xe000; c < 0x10000; c++) classify(c);
  for (let c = 0xd800; c < 0xdc00; c++) CLASS[c] = C_HIGH;
  for (const ch of '0123456789@$') LEET_CHAR[ch.charCodeAt(0)] = 1;
  for (const ch of '.-_*+~|,\'"`^:;/\\') SPLIT_SEPARATOR[ch.charCodeAt(0)] = 1;
  for (const ch of ' \t\n\v\f\r\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff') SPLIT_SEPARATOR[ch.charCodeAt(0)] = 1;
  for (let c = 0x2000; c <= 0x200a; c++) SPLIT_SEPARATOR[c] = 1; // JavaScript's \s
  function classify(c: number): void {
    const ch = String.fromCharCode(c);
    if (c <= 0x1f || (c >= 0x7f && c <= 0x9f)) CLASS[c] = C_CONTROL;
    else if (invisible.test(ch)) CLASS[c] = C_INVISIBLE;
    else if (emoji.test(ch)) CLASS[c] = C_EMOJI;
    else if (ch.normalize('NFC') !== ch || /\p{M}/u.test(ch)) CLASS[c] = C_SLOW;
    else if (/\p{L}/u.test(ch)) {
      const lower = ch.toLowerCase();
      const ok = letterRange(c) && lower.length === 1 && letterRange(lower.charCodeAt(0)) && lower.normalize('NFC') === lower;
      CLASS[c] = ok && foldVietnamese(lower).length === 1 ? C_LETTER : C_SLOW;
      if (ok && HAS_DIACRITIC.test(lower)) DIACRITIC[lower.charCodeAt(0)] = 1;
    } else if (/\p{N}/u.test(ch)) CLASS[c] = letterRange(c) && ch.toLowerCase() === ch ? C_DIGIT : C_SLOW;
    // Punctuation, symbols and spaces neither compose nor change case (Hangul jamo and the like are letters above).
    else if (/[\p{P}\p{S}\p{Z}]/u.test(ch) && ch.toLowerCase() === ch) CLASS[c] = C_SEP;
    else CLASS[c] = C_SLOW;
  }
}
buildTables();

const emojiCodePoints = new Map<number, boolean>();
function isEmojiCodePoint(cp: number): boolean {
  let e = emojiCodePoints.get(cp);
  if (e === undefined) {
    e = new RegExp(`^(?:${EMOJI.source})$`, 'u').test(String.fromCodePoint(cp));
    emojiCodePoints.set(cp, e);
  }
  return e;
}

/** What one word becomes: its teencode expansion with and without diacritics, and whether it was written with them. */
type WordForm = { lower: string[]; folded: string[]; diacritic: boolean };
const WORD_CACHE_MAX = 50_000;
const wordCache = new Map<string, WordForm>();

function wordForm(w: string): WordForm {
  let f = wordCache.get(w);
  if (f === undefined) {
    const lower = expandWord(w);
    let diacritic = false;
    for (let i = 0; i < w.length && !diacritic; i++) diacritic = DIACRITIC[w.charCodeAt(i)] === 1;
    f = { lower, folded: lower.map(foldVietnamese), diacritic };
    if (wordCache.size >= WORD_CACHE_MAX) wordCache.clear();
    wordCache.set(w, f);
  }
  return f;
}

/** Normalises a message for detection. Never throws; work is bounded by MAX_TEXT_CHARS. */
export function normalizeText(input: string): NormalizedText {
  const raw = typeof input === 'string' ? input : String(input ?? '');
  const { text, truncated } = truncateText(raw);
  // Pass 1: is every character one the tables vouch for, and which rare steps are needed?
  let control = false;
  let invisible = false;
  let emoji = false;
  for (let i = 0; i < text.length; i++) {
    const k = CLASS[text.charCodeAt(i)]!;
    if (k <= C_DIGIT) {
      if (k === C_SLOW) return normalizeTextReference(raw);
      continue;
    }
    if (k === C_CONTROL) control = true;
    else if (k === C_INVISIBLE) invisible = true;
    else if (k === C_EMOJI) emoji = true;
    else {
      // A surrogate pair is vouched for only if it is an emoji.
      const lo = text.charCodeAt(i + 1);
      if (!(lo >= 0xdc00 && lo <= 0xdfff) || !isEmojiCodePoint(((text.charCodeAt(i) - 0xd800) << 10) + (lo - 0xdc00) + 0x10000))
        return normalizeTextReference(raw);
      emoji = true;
      i++;
    }
  }
  let s = text;
  if (control) s = s.replace(CONTROL, ' ');
  if (invisible) s = s.replace(INVISIBLE, '');
  s = s.toLowerCase();
  const found: string[] = [];
  if (emoji)
    s = s.replace(EMOJI, (e) => {
      if (found.length < MAX_EMOJI) found.push(e);
      return ' ';
    });
  if (needsUndo(s)) s = undoObfuscation(s);
  // Pass 2: words (runs of letters and digits), each expanded and folded through the word cache.
  const tokens: string[] = [];
  const lowerTokens: string[] = [];
  let words = 0;
  let accentedWords = 0;
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    const k = i < s.length ? CLASS[s.charCodeAt(i)]! : C_SEP;
    if (k === C_LETTER || k === C_DIGIT) {
      if (start < 0) start = i;
      continue;
    }
    if (start < 0) continue;
    const f = wordForm(s.slice(start, i));
    start = -1;
    words++;
    if (f.diacritic) accentedWords++;
    for (const p of f.lower) lowerTokens.push(p);
    for (const p of f.folded) tokens.push(p);
  }
  const accented = words > 0 && accentedWords / words >= 0.2;
  return { folded: tokens.join(' '), tokens, lower: lowerTokens.join(' '), lowerTokens, accented, emoji: found, truncated };
}

/**
 * True when joinSplitLetters, the repeated-letter collapse or undoLeet could change `s` (lower
 * case, fast-path characters only): two one-letter words apart only by split separators, a letter
 * three times in a row, or a letter next to a digit, @ or $.
 */
function needsUndo(s: string): boolean {
  let prev = -1;
  let prev2 = -1;
  let prevK = C_SEP;
  let runStart = -1; // start of the current word
  let lastLoneEnd = -2; // index after the last one-letter word, if only split separators follow it
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const k = CLASS[c]!;
    const word = k === C_LETTER || k === C_DIGIT;
    if (k === C_LETTER) {
      if (c === prev && c === prev2) return true;
      if (prev >= 0 && prev < 128 && LEET_CHAR[prev] === 1) return true;
    } else if (c < 128 && LEET_CHAR[c] === 1 && prevK === C_LETTER) return true;
    if (word) {
      if (runStart < 0) {
        runStart = i;
        const next = i + 1 < s.length ? CLASS[s.charCodeAt(i + 1)]! : C_SEP;
        const lone = k === C_LETTER && next !== C_LETTER && next !== C_DIGIT;
        if (lone && lastLoneEnd >= 0) return true;
        lastLoneEnd = lone ? i + 1 : -2;
      } else lastLoneEnd = -2;
    } else {
      runStart = -1;
      // '@' and '$' are leet characters but not split separators; anything else outside the set breaks the chain.
      if (lastLoneEnd >= 0 && SPLIT_SEPARATOR[c] !== 1) lastLoneEnd = -2;
    }
    prev2 = prev;
    prev = c;
    prevK = k;
  }
  return false;
}
