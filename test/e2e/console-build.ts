import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/**
 * Every console page in the browser tests: Vietnamese, a laptop-sized window, and the user's
 * "reduce motion" preference, which turns antd's animations off — so a click never lands on a
 * dialog still zooming in, and a closed dialog is gone at once.
 */
export const CONTEXT_OPTIONS = { locale: 'vi-VN', viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' } as const;
const builtIndex = path.join(root, 'dist', 'console', 'index.html');

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

const sleep = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds the console unless dist/console is there and newer than every file of ui/. Browser test
 * files run in parallel forks: a lock directory makes the second wait for the first's build.
 */
export function ensureConsoleBuilt(): void {
  const lock = path.join(root, 'dist', '.console-build.lock');
  mkdirSync(path.dirname(lock), { recursive: true });
  const started = Date.now();
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // a lock older than the longest build is left over from a killed run
      if (Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now()) > 300_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() - started > 300_000) throw new Error(`waited too long for ${lock}`);
      sleep(500);
    }
  }
  try {
    if (existsSync(builtIndex) && statSync(builtIndex).mtimeMs >= newestMtime(path.join(root, 'ui'))) return;
    // vitest sets NODE_ENV=test, which vite would honour: React and antd would build in development mode.
    execFileSync('npx', ['vite', 'build', '--config', 'ui/vite.config.ts', '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
      timeout: 240_000,
      env: { ...process.env, NODE_ENV: 'production' },
    });
    if (!existsSync(builtIndex)) throw new Error(`vite build did not produce ${builtIndex}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
