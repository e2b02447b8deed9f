import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors.js';
import { DecodeGate } from './gate.js';

const later = () => {
  let done = () => {};
  const p = new Promise<void>((r) => {
    done = r;
  });
  return { p, done };
};

describe('decode gate', () => {
  it('runs at most `concurrency` decodes at once, queues a few, and turns the rest away with 503 at once', async () => {
    const gate = new DecodeGate(1, 2, 10_000);
    let running = 0;
    let most = 0;
    const holds = [later(), later(), later()];
    const job = (i: number) =>
      gate.run(async () => {
        running++;
        most = Math.max(most, running);
        await holds[i]?.p;
        running--;
        return i;
      });
    const a = job(0);
    const b = job(1);
    const c = job(2);
    const refused = await job(3).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).status).toBe(503);
    expect((refused as AppError).code).toBe('intake_busy');
    for (const h of holds) h.done();
    expect(await Promise.all([a, b, c])).toEqual([0, 1, 2]);
    expect(most).toBe(1);
    expect(gate.stats).toMatchObject({ refused: 1, maxQueued: 2, ran: 3 });
  });

  it('gives up on a wait longer than maxWaitMs, and a failing job frees its slot', async () => {
    const gate = new DecodeGate(1, 5, 50);
    const hold = later();
    const first = gate.run(() => hold.p);
    await expect(gate.run(async () => 1)).rejects.toMatchObject({ status: 503 });
    hold.done();
    await first;
    await expect(gate.run(async () => Promise.reject(new Error('bad file')))).rejects.toThrow('bad file');
    expect(await gate.run(async () => 'next')).toBe('next');
  });
});
