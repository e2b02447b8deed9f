import { readFileSync } from 'node:fs';
import { fromRoot } from '../../shared/paths.js';
import { foldVietnamese } from '../../shared/text.js';
import type { TextCategory } from './categories.js';
import { TEXT_CATEGORY_CODES } from './categories.js';
import type { NormalizedText } from './normalize.js';

/**
 * The reviewed lexicon (data/lexicon.tsv, see its header and README.md): words and short phrases,
 * each with a category and a weight, matched as whole-token sequences.
 */
export type LexiconEntry = {
  term: string;
  category: TextCategory;
  weight: number;
  /** Its folded form is also an ordinary word: matched on the accented form, and at half weight on unaccented text. */
  ambiguous: boolean;
  folded: string[];
  accentedTokens: string[];
};

export type LexiconHit = { entry: LexiconEntry; weight: number };

export const LEXICON_FILE = fromRoot('src', 'detect', 'text', 'data', 'lexicon.tsv');

export function parseLexicon(tsv: string): LexiconEntry[] {
  const byKey = new Map<string, LexiconEntry>();
  for (const line of tsv.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const [term = '', category = '', weight = '0', decision = ''] = line.split('\t');
    if (decision === 'drop' || !term) continue;
    if (!(TEXT_CATEGORY_CODES as readonly string[]).includes(category)) throw new Error(`lexicon: unknown category ${category} for ${term}`);
    const tokens = term
      .normalize('NFC')
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter(Boolean);
    const folded = tokens.map(foldVietnamese);
    const ambiguous = decision === 'ambiguous';
    const key = `${ambiguous ? term : folded.join(' ')}|${category}`;
    const prev = byKey.get(key);
    const w = Number(weight);
    if (!prev || prev.weight < w) byKey.set(key, { term, category: category as TextCategory, weight: w, ambiguous, folded, accentedTokens: tokens });
  }
  // A phrase that contains an ambiguous word ("đầu buồi" ~ "đầu buổi") is ambiguous too.
  const ambiguousWords = new Set([...byKey.values()].filter((e) => e.ambiguous && e.accentedTokens.length === 1).map((e) => e.accentedTokens[0]));
  for (const e of byKey.values()) if (!e.ambiguous && e.accentedTokens.some((t) => ambiguousWords.has(t))) e.ambiguous = true;
  return [...byKey.values()];
}

/** Token-sequence matcher over the lexicon, indexed by first folded token. */
export class Lexicon {
  private readonly byFirst = new Map<string, LexiconEntry[]>();
  constructor(readonly entries: LexiconEntry[]) {
    for (const e of entries) {
      const first = e.folded[0];
      if (first === undefined) continue;
      const list = this.byFirst.get(first);
      if (list) list.push(e);
      else this.byFirst.set(first, [e]);
    }
  }

  /** Every entry found in the text, with the weight it counts for here. */
  match(n: NormalizedText, lowerTokens: string[]): LexiconHit[] {
    const hits: LexiconHit[] = [];
    const t = n.tokens;
    for (let i = 0; i < t.length; i++) {
      const list = this.byFirst.get(t[i]!);
      if (!list) continue;
      for (const e of list) {
        if (i + e.folded.length > t.length) continue;
        let ok = true;
        for (let j = 1; j < e.folded.length && ok; j++) ok = t[i + j] === e.folded[j];
        if (!ok) continue;
        if (!e.ambiguous) {
          hits.push({ entry: e, weight: e.weight });
          continue;
        }
        if (n.accented) {
          let exact = true;
          for (let j = 0; j < e.accentedTokens.length && exact; j++) exact = lowerTokens[i + j] === e.accentedTokens[j];
          if (exact) hits.push({ entry: e, weight: e.weight });
        } else {
          // Without diacritics the word may be the ordinary one; a longer phrase is less likely to be.
          hits.push({ entry: e, weight: e.weight * (e.folded.length > 1 ? 0.75 : 0.5) });
        }
      }
    }
    return hits;
  }
}

let loaded: Lexicon | undefined;
/** The shipped lexicon, read once. */
export function shippedLexicon(): Lexicon {
  loaded ??= new Lexicon(parseLexicon(readFileSync(LEXICON_FILE, 'utf8')));
  return loaded;
}
