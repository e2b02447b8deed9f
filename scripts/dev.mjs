#!/usr/bin/env node
// Development mode: the server restarts on change (tsx watch) and the console hot-reloads (Vite),
// proxying /api to the server. Stop both with Ctrl-C.
import { spawn } from 'node:child_process';

const procs = [
  spawn(process.execPath, ['--import', 'tsx', '--watch', 'src/main.ts', 'start'], { stdio: 'inherit', env: { ...process.env } }),
  spawn(process.execPath, ['node_modules/vite/bin/vite.js', '--config', 'ui/vite.config.ts'], { stdio: 'inherit' }),
];
const stop = () => {
  for (const p of procs) p.kill('SIGTERM');
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
for (const p of procs) p.on('exit', stop);
