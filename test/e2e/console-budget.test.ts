/**
 * The console's first load stays within issue 15's budget: at most 300 kB (1,000-byte kB) of
 * compressed JavaScript for the sign-in page and for a signed-in user's first page, counted from
 * what each version of index.html asks for (its entry script and `modulepreload` links) in the
 * brotli copies the platform serves. Timing on an emulated slow link is a benchmark
 * (bench/console/first-load.ts), not a test; the bytes are deterministic, so they are tested here.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureConsoleBuilt, root } from './console-build.js';

const BUDGET = 300_000;
const dist = path.join(root, 'dist', 'console');

/** The scripts one version of index.html makes the browser fetch before anything runs, and their brotli sizes. */
function firstLoad(html: string): { files: string[]; bytes: number } {
  const text = readFileSync(path.join(dist, html), 'utf8');
  const files = [...text.matchAll(/<(?:script type="module"[^>]*src|link rel="modulepreload"[^>]*href)="\/console\/([^"]+\.js)"/g)].map((m) => m[1] as string);
  const bytes = files.reduce((sum, f) => {
    const file = path.join(dist, f);
    return sum + statSync(existsSync(`${file}.br`) ? `${file}.br` : file).size;
  }, 0);
  return { files, bytes };
}

describe('console first load: compressed JavaScript within 300 kB', () => {
  it('holds for the sign-in page, the shell and the home page, and none of them carries antd', () => {
    ensureConsoleBuilt();
    const signIn = firstLoad('index.html');
    const shell = firstLoad('index.shell.html');
    const home = firstLoad('index.home.html');
    for (const [name, load] of Object.entries({ signIn, shell, home })) {
      expect(load.files.length, name).toBeGreaterThan(0);
      expect(load.bytes, `${name}: ${load.files.join(', ')}`).toBeLessThanOrEqual(BUDGET);
    }
    // the signed-in versions add the shell's chunk to what the sign-in page loads
    expect(shell.bytes).toBeGreaterThan(signIn.bytes);
    expect(home.bytes).toBeGreaterThanOrEqual(shell.bytes);
    const signInCode = signIn.files.map((f) => readFileSync(path.join(dist, f), 'utf8')).join('\n');
    // antd's style engine (@ant-design/cssinjs) marks the styles it injects; the sign-in page is plain HTML and CSS
    expect(signInCode).not.toContain('data-css-hash');
    // the shell and the home page are plain HTML and CSS too: antd loads with the first page that uses it
    const homeCode = home.files.map((f) => readFileSync(path.join(dist, f), 'utf8')).join('\n');
    expect(homeCode).not.toContain('data-css-hash');
    // …and it is still in the build (the check above would pass on a build that lost antd's styles)
    const all = readdirSync(path.join(dist, 'assets')).filter((f) => f.endsWith('.js'));
    expect(all.some((f) => readFileSync(path.join(dist, 'assets', f), 'utf8').includes('data-css-hash'))).toBe(true);
  });
});
