import { closeSync, openSync, readSync } from 'node:fs';

/**
 * Unpredictable 16-bit numbers (upstream query IDs: a guessable ID lets an off-path attacker forge
 * an answer into the cache) from the kernel's random source, read 4 KB at a time. node:crypto's
 * randomInt does the same job, but loading node:crypto initialises OpenSSL: 1.3 MB of the filter's
 * 64 MB budget for two bytes per cache miss.
 */
export class KernelRandom {
  private readonly pool = Buffer.alloc(4096);
  private at = this.pool.length;

  constructor(private readonly source = '/dev/urandom') {}

  /** An integer from 0 to 65535, every value equally likely. */
  uint16(): number {
    if (this.at + 2 > this.pool.length) this.refill();
    const v = this.pool.readUInt16BE(this.at);
    this.at += 2;
    return v;
  }

  private refill(): void {
    const fd = openSync(this.source, 'r');
    try {
      let got = 0;
      while (got < this.pool.length) {
        const n = readSync(fd, this.pool, got, this.pool.length - got, null);
        if (n <= 0) throw new Error(`${this.source}: no random bytes`);
        got += n;
      }
    } finally {
      closeSync(fd);
    }
    this.at = 0;
  }
}
