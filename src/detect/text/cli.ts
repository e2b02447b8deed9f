import { readFileSync } from 'node:fs';
import { progressBar } from '../../shared/progress.js';
import { TEXT_CATEGORIES } from './categories.js';
import { classifyText, TEXT_MODEL_FILE } from './classify.js';
import { MAX_TEXT_CHARS } from './normalize.js';
import { saveModel, trainShipped } from './train.js';

type Say = (vi: string, en: string) => string;
type Out = (s: string) => void;

/** `lachan detect train`: trains the offensive-language model on ViHOS (+ extra JSONL) and writes the weights file. */
export function runTrain(opts: { out?: string; extra?: string[] }, say: Say, out: Out): void {
  const bar = progressBar(say('Huấn luyện', 'Training'));
  const started = Date.now();
  try {
    const run = trainShipped({ extra: opts.extra ?? [] }, bar.update);
    bar.stop();
    const file = opts.out ?? TEXT_MODEL_FILE;
    const bytes = saveModel(run.model, file);
    const counts = Object.entries(run.perLabel)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    out(
      `${say('Đã huấn luyện trên', 'Trained on')} ${run.examples} ${say('câu', 'texts')} (${counts}) ${say('trong', 'in')} ${((Date.now() - started) / 1000).toFixed(1)} s → ${file} (${(bytes / 1048576).toFixed(1)} MB)\n`,
    );
  } finally {
    bar.stop();
  }
}

/** `lachan detect classify TEXT|-`: prints categories, scores and the offensive label. `-` reads stdin. */
export function runClassify(text: string, lang: 'vi' | 'en', say: Say, out: Out): void {
  const input = text === '-' ? readFileSync(0, 'utf8') : text;
  const v = classifyText(input);
  const name = (code: string) => {
    const c = TEXT_CATEGORIES.find((x) => x.code === code);
    return c ? (lang === 'en' ? c.en : c.vi) : code;
  };
  if (v.categories.length === 0) out(`${say('Không phát hiện nhóm nội dung có hại nào', 'No harmful category detected')}\n`);
  for (const c of v.categories) out(`${c.code}\t${c.score.toFixed(3)}\t${name(c.code)}\t${c.matches.join(' | ')}\n`);
  const labels = { clean: say('sạch', 'clean'), offensive: say('xúc phạm', 'offensive'), hate: say('thù ghét', 'hate') };
  out(`offensive\t${v.offensive.score.toFixed(3)}\t${v.offensive.label} (${labels[v.offensive.label]})\n`);
  if (v.truncated)
    out(`${say(`Văn bản dài quá, chỉ xét ${MAX_TEXT_CHARS} ký tự đầu`, `Text too long: only the first ${MAX_TEXT_CHARS} characters were classified`)}\n`);
}
