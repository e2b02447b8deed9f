// PDQ hashing throughput and conformance (issue 5: "PDQ images/s on both cores and conformance
// distances"). Hashes the reference images (repeated) with src/evidence/pdq.ts (sharp decode
// + our PDQ), on one core and with one worker thread per core, then prints our distance to every
// reference hash in expected.csv.
//   npx tsx bench/detect/pdq.ts [--seconds 5] [--data DIR]
//   --data  a folder laid out like src/detect/images/data/pdq (expected.csv + images); default the
//           15-image subset shipped in the repository. The published figures (docs/PERFORMANCE.md)
//           used the full ThreatExchange set (33 images, 7.3 MB, mostly 360 KB photos), so images/s
//           is only comparable with the same --data.
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { PDQ_DATA_DIR, readReferences, referenceImages } from '../../src/detect/images/conformance.js';
import { hammingHex } from '../../src/detect/images/hashes.js';
import { pdqHash } from '../../src/evidence/pdq.js';
import { args, fmt, log, ROOT, table, writeResult } from '../lib/common.js';

async function hashFor(seconds: number, dir: string, files: string[]): Promise<number> {
  const bytes = files.map((f) => readFileSync(path.join(dir, f)));
  const end = Date.now() + seconds * 1000;
  let n = 0;
  while (Date.now() < end) await pdqHash(bytes[n++ % bytes.length]!);
  return n;
}

if (!isMainThread) {
  const { seconds, dir, files } = workerData as { seconds: number; dir: string; files: string[] };
  parentPort!.postMessage(await hashFor(seconds, dir, files));
} else {
  const a = args();
  const SECONDS = Number(a.get('seconds') ?? 5);
  const DATA = path.resolve(a.get('data') ?? PDQ_DATA_DIR);
  const refs = readReferences(DATA);
  const files = [...new Set(refs.map((r) => r.file))];
  // One libvips thread per hash: the workers, not libvips, use the cores.
  const sharp = (await import('sharp')).default;
  sharp.concurrency(1);
  log(`one core: ${files.length} images from ${DATA}, ${SECONDS} s`);
  const one = (await hashFor(SECONDS, DATA, files)) / SECONDS;
  const cores = Math.min(2, os.availableParallelism());
  log(`${cores} worker threads, ${SECONDS} s`);
  const counts = await Promise.all(
    Array.from(
      { length: cores },
      () =>
        new Promise<number>((resolve, reject) => {
          // The worker runs this same TypeScript file through tsx's loader.
          const boot = `import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); })`;
          const w = new Worker(boot, { eval: true, workerData: { seconds: SECONDS, dir: DATA, files } });
          w.once('message', resolve);
          w.once('error', reject);
        }),
    ),
  );
  const both = counts.reduce((s, n) => s + n, 0) / SECONDS;

  const rows: string[][] = [];
  const conformance: Record<string, unknown>[] = [];
  for (const img of referenceImages(refs, DATA)) {
    const ours = await pdqHash(readFileSync(path.join(DATA, img.files[0]!)));
    for (const r of img.refs) {
      const d = hammingHex(ours.hash, r.hash);
      rows.push([r.source, r.file, String(d), String(img.spread), String(ours.quality), r.quality === null ? '' : String(r.quality)]);
      conformance.push({ source: r.source, file: r.file, distance: d, referenceSpread: img.spread, quality: ours.quality, referenceQuality: r.quality });
    }
  }
  process.stdout.write(`${table(['reference', 'file', 'distance', 'spread of refs', 'our quality', 'ref quality'], rows)}\n\n`);
  process.stdout.write(
    `${table(
      ['', 'images/s'],
      [
        ['one core', fmt(one, 0)],
        [`${cores} worker threads`, fmt(both, 0)],
      ],
    )}\n`,
  );
  process.stdout.write(
    `${writeResult('detect-pdq', { seconds: SECONDS, data: path.relative(ROOT, DATA), images: files.length, imagesPerSecondOneCore: one, imagesPerSecondAllCores: both, workers: cores, conformance })}\n`,
  );
}
