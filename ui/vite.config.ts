import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const uiRoot = fileURLToPath(new URL('.', import.meta.url));
const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const backend = process.env.LACHAN_DEV_BACKEND ?? 'http://127.0.0.1:8080';

/**
 * Writes `<file>.br` and `<file>.gz` beside every script, style sheet and image of the build (index.html, re-read on each visit, stays plain), at the highest levels
 * (done once per build, not per request), for the platform to serve to browsers that accept them
 * (`preCompressed` in src/http/console.ts). Files under 1 KiB gain nothing and are left alone.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'lachan-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = path.resolve(c.root, c.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]));
      for (const file of walk(outDir).filter((f) => /\.(js|css|svg|json)$/.test(f))) {
        const raw = readFileSync(file);
        if (raw.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }));
        writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }));
      }
    },
  };
}

/**
 * The web console: `vite --config ui/vite.config.ts` serves it with hot reload on
 * http://localhost:5173/console/ and forwards API calls to a running platform;
 * `vite build --config ui/vite.config.ts` writes dist/console, which the platform serves at /console/.
 */
export default defineConfig({
  root: uiRoot,
  base: '/console/',
  plugins: [react(), precompress()],
  build: {
    outDir: `${projectRoot}dist/console`,
    emptyOutDir: true,
    // React in its own long-cached chunk; admin pages load lazily and carry the antd parts only they use
    // (Table, DatePicker, Upload…), so the login page does not pay for them. antd's shared core is ~175 kB gzip.
    chunkSizeWarningLimit: 800,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|react-router-dom|scheduler|cookie|set-cookie-parser)[\\/]/, priority: 3 },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
    },
  },
  preview: { port: 4173 },
});
