import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { KernelRandom } from './kernel-random.js';

describe('kernel random numbers for upstream query IDs', () => {
  it('gives 16-bit values spread over the whole range, across refills of the pool', () => {
    const r = new KernelRandom();
    const counts = new Array(16).fill(0);
    const seen = new Set<number>();
    // 20,000 values: ten refills of the 4 KB pool
    for (let i = 0; i < 20_000; i++) {
      const v = r.uint16();
      expect(Number.isInteger(v) && v >= 0 && v <= 65535).toBe(true);
      counts[v >>> 12]++;
      seen.add(v);
    }
    // each sixteenth of the range gets its share (1,250 expected; a bias would show far outside this)
    for (const c of counts) expect(c).toBeGreaterThan(1000);
    for (const c of counts) expect(c).toBeLessThan(1500);
    // a stuck or repeating source would give far fewer distinct values (≈ 17,600 expected)
    expect(seen.size).toBeGreaterThan(16_000);
  });

  it('refuses a source that runs dry instead of repeating old bytes', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lachan-rand-'));
    try {
      const file = path.join(dir, 'short');
      writeFileSync(file, Buffer.alloc(100, 7));
      const r = new KernelRandom(file);
      expect(() => r.uint16()).toThrow(/no random bytes/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
