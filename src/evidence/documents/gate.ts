import os from 'node:os';
import { AppError } from '../../shared/errors.js';

/**
 * Decoding untrusted files (images through sharp, PDFs on a worker thread) costs CPU that the
 * same process needs for the API and the DNS filter. The gate lets at most `concurrency` decodes
 * run at once; the next ones wait in a short queue. A full queue, or a wait longer than
 * `maxWaitMs`, is answered at once with 503 "busy, try again" rather than piling up work — one
 * request (or one address) can then hold at most one decode slot at a time.
 */
export class DecodeGate {
  private running = 0;
  private readonly waiting: Array<{ start: () => void; timer: NodeJS.Timeout }> = [];
  /** For tests and metrics: how many were turned away, and the deepest the queue got. */
  readonly stats = { refused: 0, maxQueued: 0, ran: 0 };

  constructor(
    readonly concurrency: number,
    readonly maxQueued: number,
    readonly maxWaitMs: number,
  ) {}

  async run<T>(job: () => Promise<T>): Promise<T> {
    await this.enter();
    try {
      this.stats.ran++;
      return await job();
    } finally {
      this.leave();
    }
  }

  private enter(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxQueued) {
      this.stats.refused++;
      return Promise.reject(new AppError(503, 'intake_busy'));
    }
    return new Promise((resolve, reject) => {
      const entry = {
        start: () => {
          clearTimeout(entry.timer);
          this.running++;
          resolve();
        },
        timer: setTimeout(() => {
          const i = this.waiting.indexOf(entry);
          if (i >= 0) this.waiting.splice(i, 1);
          this.stats.refused++;
          reject(new AppError(503, 'intake_busy'));
        }, this.maxWaitMs),
      };
      this.waiting.push(entry);
      this.stats.maxQueued = Math.max(this.stats.maxQueued, this.waiting.length);
    });
  }

  private leave(): void {
    this.running--;
    this.waiting.shift()?.start();
  }
}

/**
 * One gate per process: on the 2-core machines the city runs, one decode at a time (the other core
 * stays free for requests and DNS); more cores, more at once, never more than 4.
 */
export const decodeGate = new DecodeGate(Math.min(4, Math.max(1, os.availableParallelism() - 1)), 16, 15_000);
