// Bundles a small TypeScript helper (echo server, upstream, bare HTTP app) to one plain .mjs file
// with esbuild, so the measured process is plain `node file.mjs`: no TypeScript loader in its
// memory or its start-up time, and no esbuild service process beside it.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { CACHE_DIR, ROOT } from './common.js';

export function compileScript(file: string): string {
  const out = path.join(CACHE_DIR, 'bin', `${path.relative(path.join(ROOT, 'bench'), file).replace(/[\\/]/g, '_').replace(/\.ts$/, '')}.mjs`);
  mkdirSync(path.dirname(out), { recursive: true });
  buildSync({
    entryPoints: [file],
    outfile: out,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // npm packages stay imports resolved from the project's node_modules
    packages: 'external',
    logLevel: 'error',
  });
  return out;
}
