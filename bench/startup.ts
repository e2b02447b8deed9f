// Start-up benchmark: time from spawning `node bin/lachan.js start` to the first 200 on /readyz,
// on a fresh data dir (SQLite created, migrations, seed of 126 wards, first administrator) and on
// a data dir that already exists (a restart), against a bare Fastify app's time to answer its
// /readyz (the same runtime and framework, nothing else); RSS once ready. Interleaved, median of N.
//   npx tsx bench/startup.ts [--runs 5]
// Needs npm run build (bin/lachan.js runs dist/).
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { args, fmt, fmtX, launch, log, median, memoryOf, ROOT, ratio, sleep, stop, table, writeResult } from './lib/common.js';
import { compileScript } from './lib/compile.js';
import { built, freePort, startLachan, waitFor200 } from './lib/lachan.js';

const a = args();
const RUNS = Number(a.get('runs') ?? 5);
type Kind = 'bare' | 'fresh' | 'restart';
const LABEL: Record<Kind, string> = {
  bare: 'bare Fastify app (peer)',
  fresh: 'lachan start, fresh data dir',
  restart: 'lachan start, existing data dir',
};

async function once(kind: Kind, restartDir: string): Promise<{ readyMs: number; rssMB: number }> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const dir = kind === 'fresh' ? mkdtempSync(path.join(os.tmpdir(), 'lachan-bench-start-')) : restartDir;
  try {
    let readyMs: number;
    if (kind === 'bare') {
      const t0 = performance.now();
      child = launch(process.execPath, [compileScript(path.join(ROOT, 'bench', 'intake', 'bare.ts')), String(port)]);
      readyMs = await waitFor200(child, `http://127.0.0.1:${port}/readyz`, t0);
    } else {
      const s = await startLachan({ dataDir: dir, port });
      child = s.child;
      readyMs = s.readyMs;
    }
    await sleep(500);
    return { readyMs, rssMB: memoryOf(child.pid as number).rssMB };
  } finally {
    if (child) await stop(child, 10_000);
    if (kind === 'fresh') rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const kinds: Kind[] = built() ? ['bare', 'fresh', 'restart'] : ['bare'];
  if (!built()) log('dist/ missing: run npm run build; measuring the bare app only');
  const restartDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-bench-restart-'));
  const samples: { run: number; kind: Kind; readyMs: number; rssMB: number }[] = [];
  try {
    if (kinds.includes('restart')) {
      log('preparing a data dir for the restart runs');
      const s = await startLachan({ dataDir: restartDir, port: await freePort() });
      await stop(s.child, 10_000);
      compileScript(path.join(ROOT, 'bench', 'intake', 'bare.ts'));
    }
    for (let run = 1; run <= RUNS; run++) {
      for (const k of kinds) {
        const r = await once(k, restartDir);
        samples.push({ run, kind: k, ...r });
        log(`run ${run}/${RUNS} · ${LABEL[k]}: ${fmt(r.readyMs, 0)} ms, RSS ${fmt(r.rssMB, 0)} MB`);
      }
    }
  } finally {
    rmSync(restartDir, { recursive: true, force: true });
  }
  const byRun = (k: Kind, r: number) => samples.find((s) => s.kind === k && s.run === r)?.readyMs ?? Number.NaN;
  const runs = [...Array(RUNS).keys()].map((i) => i + 1);
  const summary = kinds.map((k) => {
    const mine = samples.filter((s) => s.kind === k);
    return {
      kind: k,
      label: LABEL[k],
      readyMsMedian: median(mine.map((s) => s.readyMs)),
      readyMsRuns: mine.map((s) => Math.round(s.readyMs)),
      vsBare: median(runs.map((r) => ratio(byRun(k, r), byRun('bare', r)))),
      rssMB: median(mine.map((s) => s.rssMB)),
    };
  });
  const text = table(
    ['process', 'ready ms (median)', 'runs', '× bare', 'RSS MB'],
    summary.map((s) => [s.label, fmt(s.readyMsMedian, 0), s.readyMsRuns.join(' / '), fmtX(s.vsBare), fmt(s.rssMB, 0)]),
  );
  process.stdout.write(`\nStart-up to a 200 on /readyz, median of ${RUNS}\n\n${text}\n`);
  const file = writeResult('startup', {
    command: `npx tsx bench/startup.ts${process.argv.length > 2 ? ` ${process.argv.slice(2).join(' ')}` : ''}`,
    runs: RUNS,
    summary,
    samples,
  });
  process.stdout.write(`\nresults: ${file}\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  },
);
