import type { Config } from '../config.js';
import { AppError } from '../shared/errors.js';
import { type Lang, t } from '../shared/i18n.js';
import { progressBar } from '../shared/progress.js';
import { rotateKeys } from './rotate-keys.js';
import './messages.js';

/**
 * `lachan keys rotate [--batch N]`: re-seals every sealed field and evidence file under a new key
 * while the server keeps running (it reads the key ring from the same data dir), with progress
 * bars; run again after an interruption, it finishes the same rotation.
 */
export async function runKeysRotate(cfg: Config, opts: { batch?: string }, lang: Lang, out: (s: string) => void): Promise<void> {
  const batchSize = opts.batch === undefined ? 500 : Number(opts.batch);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new AppError(400, 'keys_batch_invalid');
  const { openPlatform } = await import('../platform.js');
  const p = await openPlatform(cfg, { seed: false });
  const bars = { fields: progressBar(t(lang, 'keys.rotate.fields')), files: progressBar(t(lang, 'keys.rotate.files')) };
  try {
    const r = await rotateKeys(p.deps, { batchSize, progress: (phase, done, total) => bars[phase].update(done, total) });
    bars.fields.stop();
    bars.files.stop();
    if (r.resumed) out(`${t(lang, 'keys.rotate.resumed', { keyId: r.keyId })}\n`);
    out(`${t(lang, 'keys.rotate.done', { ...r, removed: r.removed.join(', ') || '-' })}\n`);
  } finally {
    bars.fields.stop();
    bars.files.stop();
    await p.close();
  }
}
