// Helpers shared by the benchmark scripts: seeded RNG, statistics, tables, process memory,
// child-process lifetimes and result files. Benchmarks are run by hand (never in CI) and every
// figure they print is a ratio against a peer measured in the same run.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(BENCH_DIR, '..');
export const RESULTS_DIR = path.join(BENCH_DIR, 'results');
queueMicrotask(() => machine());
/** Generated inputs and bundled helpers: under node_modules/.cache, out of git, the linter and the type checker. */
export const CACHE_DIR = path.join(ROOT, 'node_modules', '.cache', 'lachan-bench');

/** sfc32: small, fast, good enough for generating test data; the same seed gives the same data on every machine. */
export function rng(seed: number): () => number {
  let a = 0x9e3779b9 ^ seed;
  let b = 0x243f6a88 ^ (seed * 31);
  let c = 0xb7e15162;
  let d = seed | 0;
  const next = () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 16; i++) next();
  return next;
}

export const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

/** Picks from [value, weight] pairs. */
export function weighted<T>(r: () => number, table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [v, w] of table) {
    x -= w;
    if (x < 0) return v;
  }
  return (table[table.length - 1] as readonly [T, number])[0];
}

export function median(xs: readonly number[]): number {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return Number.NaN;
  const m = Math.floor(v.length / 2);
  return v.length % 2 ? (v[m] as number) : ((v[m - 1] as number) + (v[m] as number)) / 2;
}

export const ratio = (a: number, b: number): number => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? a / b : Number.NaN);

export function fmt(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

export const fmtK = (x: number): string => (Number.isFinite(x) ? `${fmt(x / 1000, 1)}k` : '—');
export const fmtX = (x: number): string => (Number.isFinite(x) ? `${fmt(x, 2)}×` : '—');

/** A plain-text table, also valid Markdown. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function log(msg: string): void {
  process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
}

/** Descendants of a process (children, grandchildren…), read from /proc. */
export function processTree(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(e));
      children.set(ppid, list);
    } catch {
      // the process ended while we looked
    }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) out.push(...(children.get(out[i] as number) ?? []));
  return out;
}

function statusKb(pid: number, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

function pssKb(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export interface Memory {
  /** VmRSS summed over the process and its descendants (shared pages counted once per process) */
  rssMB: number;
  /** proportional set size summed over the tree: shared pages split between the processes */
  pssMB: number;
  /** VmHWM (peak RSS) summed over the tree */
  peakMB: number;
  processes: number;
}

export function memoryOf(pid: number): Memory {
  const pids = processTree(pid);
  const sum = (f: (p: number) => number) => pids.reduce((s, p) => s + f(p), 0) / 1024;
  return { rssMB: sum((p) => statusKb(p, 'VmRSS')), pssMB: sum(pssKb), peakMB: sum((p) => statusKb(p, 'VmHWM')), processes: pids.length };
}

/** Child processes started by a benchmark; all are ended (by their own pid) when the script exits. */
const started = new Set<ChildProcess>();
let hooked = false;

export function launch(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; logFile?: string } = {}): ChildProcess {
  if (!hooked) {
    hooked = true;
    const stopAll = () => {
      for (const c of started) if (c.exitCode === null && c.pid) killTree(c.pid, 'SIGKILL');
    };
    process.on('exit', stopAll);
    for (const sig of ['SIGINT', 'SIGTERM'] as const)
      process.on(sig, () => {
        stopAll();
        process.exit(130);
      });
  }
  const child = spawn(cmd, args, { env: opts.env ?? process.env, cwd: opts.cwd ?? ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const out: Buffer[] = [];
  let size = 0;
  const keep = (b: Buffer) => {
    if (size < 1_000_000) {
      out.push(b);
      size += b.length;
    }
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  child.on('exit', () => {
    started.delete(child);
    if (opts.logFile) writeFileSync(opts.logFile, Buffer.concat(out));
  });
  (child as ChildProcess & { output: () => string }).output = () => Buffer.concat(out).toString('utf8');
  started.add(child);
  return child;
}

export const outputOf = (c: ChildProcess): string => (c as ChildProcess & { output?: () => string }).output?.() ?? '';

function killTree(pid: number, sig: NodeJS.Signals): void {
  for (const p of processTree(pid).reverse()) {
    try {
      process.kill(p, sig);
    } catch {
      // already gone
    }
  }
}

/** SIGTERM, then SIGKILL after a grace period; resolves when the process has exited. */
export async function stop(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const pid = child.pid;
  const tree = processTree(pid);
  child.kill('SIGTERM');
  const timer = setTimeout(() => {
    for (const p of tree.reverse()) {
      try {
        process.kill(p, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }, graceMs);
  await exited;
  clearTimeout(timer);
  // workers of a multi-process server must not outlive it
  for (const p of tree.slice(1)) {
    try {
      process.kill(p, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export function which(cmd: string): string | null {
  try {
    return execFileSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Taken when the benchmark starts (the commit and load then, not when it ends). */
let atStart: Record<string, unknown> | null = null;
export function machine(): Record<string, unknown> {
  atStart ??= describeMachine();
  return atStart;
}

function describeMachine(): Record<string, unknown> {
  const cpus = os.cpus();
  let commit = '';
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    commit = 'unknown';
  }
  return {
    node: process.version,
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memGB: Math.round(os.totalmem() / 2 ** 30),
    loadavgAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    commit,
  };
}

/** Writes bench/results/<name>.json (kept, the latest run) and a timestamped copy (ignored by git). */
export function writeResult(name: string, data: Record<string, unknown>): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const body = `${JSON.stringify({ benchmark: name, date: new Date().toISOString(), machine: machine(), ...data }, null, 2)}\n`;
  const latest = path.join(RESULTS_DIR, `${name}.json`);
  writeFileSync(latest, body);
  writeFileSync(path.join(RESULTS_DIR, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`), body);
  return path.relative(ROOT, latest);
}

/** Parses `--name value` / `--flag` arguments. */
export function args(argv = process.argv.slice(2)): Map<string, string> {
  const m = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (!a.startsWith('--')) continue;
    const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
    if (v !== undefined) m.set(k, v);
    else if (argv[i + 1] !== undefined && !(argv[i + 1] as string).startsWith('--')) m.set(k, argv[++i] as string);
    else m.set(k, 'true');
  }
  return m;
}

/** A hand-written horizontal bar chart (SVG, no library): one bar per label, value printed at its end. */
export function svgBarChart(opts: {
  title: string;
  subtitle: string;
  unit: string;
  bars: { label: string; value: number; note?: string; highlight?: boolean }[];
  /** How a value is printed at the end of its bar (default: thousands, "12.3k"). */
  format?: (value: number) => string;
}): string {
  const show = opts.format ?? ((v: number) => `${fmt(v / 1000, 1)}k`);
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const bars = opts.bars.filter((b) => Number.isFinite(b.value));
  const max = Math.max(1, ...bars.map((b) => b.value));
  const labelW = 250;
  const plotW = 420;
  const rowH = 30;
  const top = 62;
  const width = labelW + plotW + 210;
  const height = top + bars.length * rowH + 30;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="${width}" height="${height}" fill="#fff"/>`,
    `<text x="12" y="22" font-size="16" font-weight="bold">${esc(opts.title)}</text>`,
    `<text x="12" y="42" fill="#555">${esc(opts.subtitle)}</text>`,
  ];
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    const w = Math.max(1, (b.value / max) * plotW);
    parts.push(
      `<text x="${labelW - 8}" y="${y + 17}" text-anchor="end">${esc(b.label)}</text>`,
      `<rect x="${labelW}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowH - 10}" fill="${b.highlight ? '#c0392b' : '#2e86c1'}"/>`,
      `<text x="${(labelW + w + 6).toFixed(1)}" y="${y + 17}">${esc(`${show(b.value)} ${opts.unit}${b.note ? `  ${b.note}` : ''}`)}</text>`,
    );
  });
  parts.push(`<line x1="${labelW}" y1="${top}" x2="${labelW}" y2="${top + bars.length * rowH}" stroke="#333"/>`, '</svg>');
  return `${parts.join('\n')}\n`;
}
