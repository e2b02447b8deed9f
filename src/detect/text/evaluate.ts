import { readFileSync } from 'node:fs';
import { fromRoot } from '../../shared/paths.js';
import { TEXT_CATEGORY_CODES, type TextCategory } from './categories.js';
import type { TextVerdict } from './classify.js';

/** The project's own labelled evaluation set (see README.md for how it was written). */
export type EvalExample = { id: string; split: 'dev' | 'heldout'; text: string; categories: TextCategory[] };

export const EVAL_FILE = fromRoot('src', 'detect', 'text', 'data', 'eval.jsonl');

export function loadEvalSet(file: string = EVAL_FILE): EvalExample[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as EvalExample);
}

export type CategoryScore = { code: TextCategory; support: number; tp: number; fp: number; fn: number; precision: number; recall: number; f1: number };
export type EvalReport = { examples: number; perCategory: CategoryScore[]; macroF1: number; microF1: number; exactMatch: number };

/** Precision/recall/F1 per category (multi-label), macro- and micro-averaged. */
export function scoreCategories(examples: EvalExample[], classify: (text: string) => TextVerdict): EvalReport {
  const counts = new Map<TextCategory, { tp: number; fp: number; fn: number; support: number }>();
  for (const c of TEXT_CATEGORY_CODES) counts.set(c, { tp: 0, fp: 0, fn: 0, support: 0 });
  let exact = 0;
  for (const ex of examples) {
    const got = new Set(classify(ex.text).categories.map((c) => c.code));
    const want = new Set(ex.categories);
    let same = got.size === want.size;
    for (const c of TEXT_CATEGORY_CODES) {
      const k = counts.get(c)!;
      if (want.has(c)) k.support++;
      if (got.has(c) && want.has(c)) k.tp++;
      else if (got.has(c)) {
        k.fp++;
        same = false;
      } else if (want.has(c)) {
        k.fn++;
        same = false;
      }
    }
    if (same) exact++;
  }
  const perCategory: CategoryScore[] = [];
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [code, k] of counts) {
    const precision = k.tp + k.fp === 0 ? 0 : k.tp / (k.tp + k.fp);
    const recall = k.tp + k.fn === 0 ? 0 : k.tp / (k.tp + k.fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    perCategory.push({ code, ...k, precision, recall, f1 });
    tp += k.tp;
    fp += k.fp;
    fn += k.fn;
  }
  const macroF1 = perCategory.reduce((s, c) => s + c.f1, 0) / perCategory.length;
  const microF1 = tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  return { examples: examples.length, perCategory, macroF1, microF1, exactMatch: exact / Math.max(1, examples.length) };
}

export function formatReport(title: string, r: EvalReport): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)}`;
  const lines = [`${title} (${r.examples} examples)`, '| category | support | precision % | recall % | F1 % |', '|---|---:|---:|---:|---:|'];
  for (const c of r.perCategory) lines.push(`| ${c.code} | ${c.support} | ${pct(c.precision)} | ${pct(c.recall)} | ${pct(c.f1)} |`);
  lines.push(`| **macro** | | | | **${pct(r.macroF1)}** |`, `micro-F1 ${pct(r.microF1)} %, exact match ${pct(r.exactMatch)} %`);
  return lines.join('\n');
}
