import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { AppError } from '../../shared/errors.js';
import { fromRoot } from '../../shared/paths.js';
import { DEFAULT_FEATURES, type FeatureConfig } from './features.js';
import './messages.js';
import { DEFAULT_TRAIN, type Example, type LinearModel, type Progress, type TrainOptions, trainLinear } from './model.js';

/**
 * Training data for the shipped model: ViHOS (MIT) — comments with character spans of hateful or
 * offensive words. ViHOS does not tell hate from offence, so a comment is `offensive` when it has
 * any span and `clean` otherwise. Extra project examples (JSONL {text, label}) may be added.
 * Shipped in the repository (data/vihos, licence and provenance beside it) so that anyone with a
 * clone can retrain the shipped model and get the same bytes.
 */
export const VIHOS_DIR = fromRoot('src', 'detect', 'text', 'data', 'vihos');
export const SHIPPED_LABELS = ['clean', 'offensive'];

export function readViHOS(file: string): Example[] {
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true, relax_quotes: true }) as Record<string, string>[];
  return rows
    .filter((r) => typeof r.content === 'string' && r.content.trim())
    .map((r) => {
      const spans = JSON.parse(r.index_spans || '[]') as number[];
      return { text: r.content!, label: spans.length > 0 ? 1 : 0 };
    });
}

/** Extra examples: one JSON object per line, {"text": "...", "label": "clean" | "offensive"}. Bad lines are reported, not skipped silently. */
export function readExtra(file: string, labels: string[]): Example[] {
  const out: Example[] = [];
  readFileSync(file, 'utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      let o: { text?: unknown; label?: unknown };
      try {
        o = JSON.parse(line);
      } catch {
        throw new AppError(400, 'detect_extra_not_json', { file, line: i + 1 });
      }
      const label = labels.indexOf(String(o.label));
      if (typeof o.text !== 'string' || label < 0) throw new AppError(400, 'detect_extra_bad_line', { file, line: i + 1, labels: labels.join('|') });
      out.push({ text: o.text, label });
    });
  return out;
}

export type TrainRun = { model: LinearModel; examples: number; perLabel: Record<string, number> };

/** Trains the shipped offensive-language model on ViHOS train+dev (test kept for evaluation) and extra examples. */
export function trainShipped(opts: { vihosDir?: string; extra?: string[]; features?: FeatureConfig; train?: TrainOptions }, onProgress?: Progress): TrainRun {
  const dir = opts.vihosDir ?? VIHOS_DIR;
  if (!existsSync(path.join(dir, 'train.csv'))) throw new AppError(400, 'detect_vihos_missing', { dir });
  const examples = [...readViHOS(path.join(dir, 'train.csv')), ...readViHOS(path.join(dir, 'dev.csv'))];
  for (const f of opts.extra ?? []) examples.push(...readExtra(f, SHIPPED_LABELS));
  const model = trainLinear(opts.features ?? DEFAULT_FEATURES, SHIPPED_LABELS, examples, opts.train ?? DEFAULT_TRAIN, onProgress);
  const perLabel: Record<string, number> = {};
  for (const e of examples) perLabel[SHIPPED_LABELS[e.label]!] = (perLabel[SHIPPED_LABELS[e.label]!] ?? 0) + 1;
  return { model, examples: examples.length, perLabel };
}

export function saveModel(model: LinearModel, file: string): number {
  const bytes = model.serialize();
  writeFileSync(file, bytes);
  return bytes.length;
}
