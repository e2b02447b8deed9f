import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root, whether running from src/ (tsx, vitest) or from dist/ (npm start). */
export const projectRoot: string = (() => {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'lachan') return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the lachan project root');
    dir = up;
  }
})();

export const fromRoot = (...parts: string[]): string => path.join(projectRoot, ...parts);
