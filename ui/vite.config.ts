import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const uiRoot = fileURLToPath(new URL('.', import.meta.url));
const projectRoot = fileURLToPath(new URL('..', import.meta.url));
const backend = process.env.LACHAN_DEV_BACKEND ?? 'http://127.0.0.1:8080';

/**
 * The web console: `vite --config ui/vite.config.ts` serves it with hot reload on
 * http://localhost:5173/console/ and forwards API calls to a running platform;
 * `vite build --config ui/vite.config.ts` writes dist/console, which the platform serves at /console/.
 */
export default defineConfig({
  root: uiRoot,
  base: '/console/',
  plugins: [react()],
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
