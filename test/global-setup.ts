import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * Tests that run `lachan` as a process use the built CLI (bin/lachan.js → dist/), as operators do.
 * Compile once before the run so they always test the current source.
 */
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  try {
    execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'inherit' });
  } catch {
    // tsc still writes dist/ when it reports type errors. The build (`npm run build`, run by
    // `npm ci`) is the gate for those; here they must not stop the tests of unrelated modules.
    console.warn('global-setup: tsc reported type errors (printed above); testing the emitted code');
  }
  // The console is built by `npm ci` (prepare); build it here only if a checkout skipped that.
  if (!existsSync(path.join(root, 'dist/console/index.html'))) {
    execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'ui/vite.config.ts'], {
      cwd: root,
      stdio: 'inherit',
      // vitest has set NODE_ENV=test, which vite honours: React and antd would be built in development mode.
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
}
