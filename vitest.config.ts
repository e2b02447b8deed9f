import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Two files at a time: most tests wait on PostgreSQL, child processes and sockets, not the CPU,
    // and vitest's default (cores − 1) is one worker on the 2-core machines CI runs on. Measured on
    // the unit files: 408 s with two workers against ~730 s of test and import time run one by one.
    // The browser files too, two at a time: one of them (console-routes, every route × role × width)
    // takes ~160 s alone, and one by one they took 511 s of a 21-minute CI run on this box.
    maxWorkers: 2,
    globalSetup: ['test/global-setup.ts'],
  },
});
