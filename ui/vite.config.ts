import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type Rolldown } from 'vite';

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

const SHELL = path.join(uiRoot, 'src', 'pages', 'Shell.tsx');
const HOME = path.join(uiRoot, 'src', 'pages', 'Overview.tsx');
const ENTRY = path.join(uiRoot, 'src', 'main.tsx');

/** What a module brings in by static imports, itself included (dynamic imports are left out: they load later). */
function staticClosure(start: string, imports: (id: string) => readonly string[]): Set<string> {
  const seen = new Set<string>();
  const todo = [start];
  for (let id = todo.pop(); id !== undefined; id = todo.pop()) {
    if (seen.has(id)) continue;
    seen.add(id);
    todo.push(...imports(id));
  }
  return seen;
}

type ModuleInfoOf = (id: string) => { importedIds: readonly string[]; code: string | null } | null;

/**
 * `import { Button, Menu } from 'antd'` reaches every antd component through the package's index,
 * and the bundler drops the unused ones only later: followed as is, the shell's imports would take
 * the tables and date pickers of every page along. Such an import is followed to the components it
 * names instead (antd/es/button/index.js, @ant-design/icons/es/icons/UserOutlined.js).
 */
const BARRELS: readonly { index: RegExp; from: string; file: (name: string) => string }[] = [
  { index: /[\\/]node_modules[\\/]antd[\\/]es[\\/]index\.js$/, from: 'antd', file: (n) => `${n.replace(/[A-Z]/g, (c, i) => (i ? '-' : '') + c.toLowerCase())}/index.js` },
  { index: /[\\/]node_modules[\\/]@ant-design[\\/]icons[\\/]es[\\/]index\.js$/, from: '@ant-design/icons', file: (n) => `icons/${n}.js` },
];

function importsThroughBarrels(info: ModuleInfoOf): (id: string) => string[] {
  return (id) => {
    const m = info(id);
    if (!m) return [];
    return m.importedIds.flatMap((dep) => {
      const barrel = BARRELS.find((b) => b.index.test(dep));
      if (!barrel) return [dep];
      const names = [...(m.code ?? '').matchAll(new RegExp(`import\\s*\\{([^}]*)\\}\\s*from\\s*["']${barrel.from}["']`, 'g'))].flatMap((x) =>
        (x[1] ?? '').split(',').map((n) => n.trim().split(/\s+as\s+/)[0] ?? '').filter((n) => /^[A-Za-z]\w*$/.test(n)),
      );
      return names.map((n) => path.join(path.dirname(dep), barrel.file(n))).filter((f) => info(f));
    });
  };
}

/**
 * Names the chunk of every module the signed-in shell and the home page need at once and the entry
 * does not already hold: one file instead of ~25 small ones. On a slow link a browser opens six
 * connections per server and each request waits a full round trip (562.5 ms on DevTools' Fast 3G),
 * so 25 files cost four or five round trips in a row where one costs one.
 */
function firstLoadChunk(): (id: string, ctx: { getModuleInfo: ModuleInfoOf }) => string | null {
  let shell: Set<string> | null = null;
  return (id, ctx) => {
    if (!shell) {
      const imports = importsThroughBarrels((m) => ctx.getModuleInfo(m));
      const entry = staticClosure(ENTRY, imports);
      shell = new Set([...staticClosure(SHELL, imports), ...staticClosure(HOME, imports)].filter((m) => !entry.has(m)));
    }
    return shell.has(id) ? 'shell' : null;
  };
}

/**
 * Three versions of index.html, picked by the platform per request (src/http/console.ts):
 * - `index.html`, nobody signed in: the entry (with the sign-in page), marked as without a session;
 * - `index.shell.html`, a session cookie is present: also the shell's files;
 * - `index.home.html`, the same at the console's root: also the home page's files and its counts.
 * Everything a first paint needs is asked for by the HTML itself (`modulepreload`, and `preload` of
 * the API answers the page will fetch), so the files and the API calls load side by side instead of
 * each waiting for the script before it to run.
 */
function firstLoadHtml(): Plugin {
  let outDir = '';
  const closures = { shell: new Set<string>(), home: new Set<string>() };
  return {
    name: 'lachan-first-load-html',
    apply: 'build',
    configResolved(c) {
      outDir = path.resolve(c.root, c.build.outDir);
    },
    generateBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c): c is Rolldown.OutputChunk => c.type === 'chunk');
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      const closureOf = (facade: string) => {
        const start = chunks.find((c) => c.moduleIds.includes(facade));
        if (!start) throw new Error(`no chunk for ${facade}`);
        return staticClosure(start.fileName, (f) => byFile.get(f)?.imports ?? []);
      };
      const entry = chunks.find((c) => c.isEntry);
      if (!entry) throw new Error('no entry chunk');
      const inEntry = staticClosure(entry.fileName, (f) => byFile.get(f)?.imports ?? []);
      closures.shell = new Set([...closureOf(SHELL)].filter((f) => !inEntry.has(f)));
      closures.home = new Set([...closures.shell, ...[...closureOf(HOME)].filter((f) => !inEntry.has(f))]);
    },
    writeBundle() {
      const file = path.join(outDir, 'index.html');
      const html = readFileSync(file, 'utf8');
      // `crossorigin` (anonymous): the same mode and credentials as the console's own fetch(), so the
      // browser hands the preloaded answer to it instead of asking again
      const api = (p: string) => `<link rel="preload" as="fetch" crossorigin href="/api/v1${p}">`;
      const modules = (files: Set<string>) => [...files].map((f) => `<link rel="modulepreload" crossorigin href="/console/${f}">`);
      const write = (name: string, links: string[]) => writeFileSync(path.join(outDir, name), html.replace('  </head>', `    ${links.join('\n    ')}\n  </head>`));
      // sent when no session cookie came with the request: nobody can be signed in, so the page neither
      // preloads nor asks /auth/me (whose expected 401 the browser would log as an error on every visit)
      write('index.html', ['<meta name="lachan-session" content="none">']);
      write('index.shell.html', [api('/auth/me'), ...modules(closures.shell)]);
      write('index.home.html', [api('/auth/me'), api('/home'), ...modules(closures.home)]);
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
  plugins: [react(), firstLoadHtml(), precompress()],
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
            // the entry's own modules stay in the entry: the shell's chunk holds only what it adds
            { name: firstLoadChunk(), debugName: 'shell', priority: 2, includeDependenciesRecursively: false },
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
