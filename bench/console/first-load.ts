// Console first load on a slow link: compressed and uncompressed JavaScript bytes, and the time until
// the page is usable, in Chromium on an emulated "Fast 3G" link — DevTools' preset: 562.5 ms latency
// (150 ms × 3.75), 1.6 Mbit/s × 0.9 down, 750 kbit/s × 0.9 up — with a cold cache each run.
// Two first loads are measured: the sign-in page (nobody signed in) and a signed-in officer landing on
// the console's home (session cookie already set, nothing cached). "Usable" is the sign-in button, or
// the user's name in the header and the home page's content, visible.
//
// Each tree is the platform as built in that directory (`npm run build`, or `tsc -p tsconfig.build.json`
// and `vite build`), started with its own `bin/lachan.js`: the before tree is a clone of an earlier
// commit with node_modules linked, so before and after run on the same machine in the same run.
//   npx tsx bench/console/first-load.ts [--before /tmp/lachan-before] [--after /tmp/lachan-after] [--runs 5] [--link devtools|lighthouse]
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { args, fmt, fmtX, launch, log, median, ROOT, ratio, stop, table, writeResult } from '../lib/common.js';
import { freePort, lachanEnv, waitFor200 } from '../lib/lachan.js';

const a = args();
const RUNS = Number(a.get('runs') ?? 5);
const BEFORE = a.get('before');
/** The tree measured as "after": this checkout unless named (a clean clone keeps others' rebuilds of dist/ out of the run). */
const AFTER = a.get('after') ?? ROOT;
const PASSWORD = 'bench-admin-password-1234';

/**
 * Two links called "Fast 3G" (bytes per second, milliseconds). `devtools` (default): DevTools'
 * preset, 562.5 ms latency per request (150 ms × 3.75), 1.6 Mbit/s × 0.9 down, 750 kbit/s × 0.9 up.
 * `lighthouse`: Lighthouse's mobile throttling, which its documentation long called "Fast 3G" (now
 * "Slow 4G"): 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up. The console's HTML asks for its
 * scripts, the session and the home page's counts itself (preload), so a first load is two round
 * trips in a row (HTML, then everything side by side) plus the bytes at the link's speed; both links
 * are measured.
 */
const LINKS = {
  devtools: { offline: false, latency: 150 * 3.75, downloadThroughput: ((1.6 * 1000 * 1000) / 8) * 0.9, uploadThroughput: ((750 * 1000) / 8) * 0.9 },
  lighthouse: { offline: false, latency: 150, downloadThroughput: (1.6 * 1000 * 1000) / 8, uploadThroughput: (750 * 1000) / 8 },
} as const;
const LINK_NAME = (a.get('link') ?? 'devtools') as keyof typeof LINKS;
if (!(LINK_NAME in LINKS)) throw new Error(`--link must be one of ${Object.keys(LINKS).join(', ')}`);
const FAST_3G = LINKS[LINK_NAME];

interface Load {
  ms: number;
  /** Compressed JavaScript received by the time the page was usable. */
  jsUsable: number;
  /** …and once the network was idle (extras loaded after the page shows, such as the notification bell). */
  jsEncoded: number;
  jsDecoded: number;
  allEncoded: number;
  requests: number;
}

async function startTree(tree: string, dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const port = await freePort();
  const child = launch(process.execPath, [path.join(tree, 'bin', 'lachan.js'), 'start'], {
    env: lachanEnv({ dataDir, port, extra: { LACHAN_ADMIN_PASSWORD: PASSWORD, LACHAN_HTTP_RATE_LIMIT: '100000' } }),
    cwd: tree,
  });
  const url = `http://127.0.0.1:${port}`;
  await waitFor200(child, `${url}/readyz`, performance.now());
  return { child, url };
}

/** One cold load of /console/ on the emulated link; `signedIn` signs in through the API first (no cache filled). */
async function load(browser: Browser, url: string, signedIn: boolean): Promise<Load> {
  const context = await browser.newContext({ locale: 'vi-VN', viewport: { width: 390, height: 844 }, reducedMotion: 'reduce' });
  try {
    if (signedIn) {
      const res = await context.request.post(`${url}/api/v1/auth/login`, { data: { username: 'admin', password: PASSWORD } });
      if (!res.ok()) throw new Error(`sign-in: ${res.status()} ${await res.text()}`);
    }
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', FAST_3G);
    const types = new Map<string, string>();
    const decoded = new Map<string, number>();
    const out: Load = { ms: 0, jsUsable: 0, jsEncoded: 0, jsDecoded: 0, allEncoded: 0, requests: 0 };
    cdp.on('Network.responseReceived', (e) => types.set(e.requestId, e.type));
    cdp.on('Network.dataReceived', (e) => decoded.set(e.requestId, (decoded.get(e.requestId) ?? 0) + e.dataLength));
    cdp.on('Network.loadingFinished', (e) => {
      out.requests++;
      out.allEncoded += e.encodedDataLength;
      if (types.get(e.requestId) === 'Script') {
        out.jsEncoded += e.encodedDataLength;
        out.jsDecoded += decoded.get(e.requestId) ?? 0;
      }
    });
    const t0 = performance.now();
    await page.goto(`${url}/console/`, { waitUntil: 'commit', timeout: 120_000 });
    if (signedIn) {
      await page.getByTestId('user-name').waitFor({ timeout: 120_000 });
      await page.getByTestId('overview').waitFor({ timeout: 120_000 });
    } else {
      await page.getByRole('button', { name: 'Đăng nhập' }).waitFor({ timeout: 120_000 });
    }
    out.ms = performance.now() - t0;
    out.jsUsable = out.jsEncoded;
    // what is still in flight after "usable" (lazy chunks started by the page) is counted too
    await page.waitForLoadState('networkidle', { timeout: 120_000 }).catch(() => undefined);
    return out;
  } finally {
    await context.close();
  }
}

async function main() {
  const trees: [string, string][] = [];
  if (BEFORE) trees.push(['before', path.resolve(BEFORE)]);
  trees.push(['after', path.resolve(AFTER)]);
  for (const [, t] of trees) if (!existsSync(path.join(t, 'dist', 'console', 'index.html'))) throw new Error(`${t}: not built (npm run build)`);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic'] });
  const servers: { name: string; child: ChildProcess; url: string; dir: string }[] = [];
  const samples: { run: number; tree: string; kind: string; load: Load }[] = [];
  try {
    for (const [name, tree] of trees) {
      const dir = mkdtempSync(path.join(os.tmpdir(), `lachan-bench-console-${name}-`));
      servers.push({ name, dir, ...(await startTree(tree, dir)) });
    }
    for (let run = 1; run <= RUNS; run++) {
      for (const s of servers) {
        for (const kind of ['sign-in page', 'signed-in home']) {
          const l = await load(browser, s.url, kind === 'signed-in home');
          samples.push({ run, tree: s.name, kind, load: l });
          log(
            `run ${run} ${s.name} ${kind}: ${fmt(l.ms, 0)} ms, JS ${fmt(l.jsUsable / 1024)} KiB on the wire when usable, ${fmt(l.jsEncoded / 1024)} KiB at idle (${fmt(l.jsDecoded / 1024)} KiB unpacked)`,
          );
        }
      }
    }
  } finally {
    await browser.close();
    for (const s of servers) {
      await stop(s.child, 10_000);
      rmSync(s.dir, { recursive: true, force: true });
    }
  }
  const rows: string[][] = [];
  const summary: Record<string, Record<string, Record<string, number>>> = {};
  for (const kind of ['sign-in page', 'signed-in home']) {
    const med = (tree: string, f: (l: Load) => number) => median(samples.filter((x) => x.tree === tree && x.kind === kind).map((x) => f(x.load)));
    for (const s of servers) {
      const m = {
        ms: med(s.name, (l) => l.ms),
        jsUsableKiB: med(s.name, (l) => l.jsUsable) / 1024,
        jsKiB: med(s.name, (l) => l.jsEncoded) / 1024,
        jsDecodedKiB: med(s.name, (l) => l.jsDecoded) / 1024,
        allKiB: med(s.name, (l) => l.allEncoded) / 1024,
        requests: med(s.name, (l) => l.requests),
      };
      const byTree = summary[kind] ?? {};
      byTree[s.name] = m;
      summary[kind] = byTree;
      const before = byTree.before;
      rows.push([
        kind,
        s.name,
        fmt(m.jsUsableKiB),
        fmt(m.jsKiB),
        fmt(m.jsDecodedKiB),
        fmt(m.allKiB),
        fmt(m.requests, 0),
        fmt(m.ms / 1000, 2),
        before && s.name !== 'before' ? fmtX(ratio(before.ms ?? Number.NaN, m.ms)) : '',
      ]);
    }
  }
  const out = table(
    [
      'first load',
      'tree',
      'JS on the wire until usable KiB',
      'JS on the wire at idle KiB',
      'JS unpacked KiB',
      'all on the wire KiB',
      'requests',
      'usable s (Fast 3G)',
      'faster',
    ],
    rows,
  );
  const link = `${FAST_3G.latency} ms latency, ${((FAST_3G.downloadThroughput * 8) / 1e6).toFixed(2)} Mbit/s down, ${Math.round((FAST_3G.uploadThroughput * 8) / 1e3)} kbit/s up`;
  process.stdout.write(`${out}\n(median of ${RUNS}; Fast 3G as ${LINK_NAME} defines it = ${link}; 390×844 window, cold cache)\n`);
  writeResult(LINK_NAME === 'devtools' ? 'console-first-load' : `console-first-load-${LINK_NAME}`, {
    runs: RUNS,
    link: LINK_NAME,
    fast3g: FAST_3G,
    summary,
    samples,
  });
}

await main();
