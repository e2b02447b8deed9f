import { existsSync, readFileSync } from 'node:fs';
import { fromRoot } from '../../shared/paths.js';
import { CATEGORY_THRESHOLD, TEXT_CATEGORY_CODES, type TextCategory } from './categories.js';
import { type Lexicon, shippedLexicon } from './lexicon.js';
import { LinearModel } from './model.js';
import { normalizeText } from './normalize.js';
import { matchRules } from './rules.js';

export type TextVerdict = {
  /** Only categories at or above the threshold, most likely first. */
  categories: { code: TextCategory; score: number; matches: string[] }[];
  /** The offensive-language model (ViHOS-trained), refined by the hate rules. */
  offensive: { label: 'clean' | 'offensive' | 'hate'; score: number };
  /** The folded, de-obfuscated text the verdict was computed on. */
  normalized: string;
  /** True when the text was longer than MAX_TEXT_CHARS and only its start was classified. */
  truncated: boolean;
};

export const TEXT_MODEL_FILE = fromRoot('src', 'detect', 'text', 'data', 'offensive.model');
/** Rules that make an offensive text hateful (aimed at a group, or wishing death), not just rude. */
const HATE_RULES = new Set(['slurs', 'death_wish', 'stupid']);
const MAX_MATCHES = 8;

let model: LinearModel | null | undefined;
/** The shipped offensive-language model, read once; null if the file is absent (then the lexicon alone decides). */
export function shippedModel(): LinearModel | null {
  if (model === undefined) model = existsSync(TEXT_MODEL_FILE) ? LinearModel.deserialize(readFileSync(TEXT_MODEL_FILE)) : null;
  return model;
}

export type Classifier = { lexicon: Lexicon; model: LinearModel | null };

/** Classifies one message: categories from the lexicon and rules, offensive label from the model. Never throws. */
export function classifyText(text: string, c: Classifier = { lexicon: shippedLexicon(), model: shippedModel() }): TextVerdict {
  const n = normalizeText(text);
  const miss = new Map<TextCategory, number>();
  const matches = new Map<TextCategory, string[]>();
  const note = (cat: TextCategory, weight: number, what: string) => {
    miss.set(cat, (miss.get(cat) ?? 1) * (1 - Math.min(0.99, weight)));
    const list = matches.get(cat) ?? [];
    if (list.length < MAX_MATCHES && !list.includes(what)) list.push(what);
    matches.set(cat, list);
  };
  for (const h of c.lexicon.match(n, n.lowerTokens)) note(h.entry.category, h.weight, h.entry.term);
  let hateRule = false;
  for (const h of matchRules(n.folded, n.accented ? n.lower : null)) {
    note(h.rule.category, h.weight, `${h.rule.name}: ${h.text}`);
    if (HATE_RULES.has(h.rule.name)) hateRule = true;
  }
  const categories: TextVerdict['categories'] = [];
  // Sextortion is about sexual images: it is reported once, as sextortion.
  const sextortion = 1 - (miss.get('sextortion') ?? 1) >= CATEGORY_THRESHOLD;
  for (const code of TEXT_CATEGORY_CODES) {
    const m = miss.get(code);
    if (code === 'sexual' && sextortion) continue;
    if (m === undefined) continue;
    const score = round(1 - m);
    if (score >= CATEGORY_THRESHOLD) categories.push({ code, score, matches: matches.get(code) ?? [] });
  }
  categories.sort((a, b) => b.score - a.score);

  const hateScore = 1 - (miss.get('hate') ?? 1);
  let pOffensive: number;
  if (c.model) {
    const p = c.model.probabilities(n);
    const clean = c.model.labels.indexOf('clean');
    pOffensive = clean >= 0 ? 1 - p[clean]! : 0;
  } else {
    pOffensive = hateScore;
  }
  // A strong lexicon match (a directed insult) is offensive whatever the model says.
  const score = Math.max(pOffensive, hateScore >= 0.75 ? hateScore : 0);
  const label: TextVerdict['offensive']['label'] = score < 0.5 ? 'clean' : hateRule ? 'hate' : 'offensive';
  return { categories, offensive: { label, score: round(score) }, normalized: n.folded, truncated: n.truncated };
}

const round = (x: number) => Math.round(x * 1000) / 1000;
