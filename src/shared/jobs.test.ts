import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { jobMetrics } from '../http/job-metrics.js';
import { JobRunner } from './jobs.js';

function recorder() {
  const lines: Array<{ level: 'error' | 'info'; obj: Record<string, unknown>; msg: string }> = [];
  return {
    lines,
    log: {
      error: (obj: object, msg: string) => lines.push({ level: 'error', obj: obj as Record<string, unknown>, msg }),
      info: (obj: object, msg: string) => lines.push({ level: 'info', obj: obj as Record<string, unknown>, msg }),
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('job runner', () => {
  it('logs a failure once per streak, counts every run and reports the recovery', async () => {
    const { lines, log } = recorder();
    const registry = new Registry();
    const runner = new JobRunner(log, jobMetrics(registry));
    let broken = true;
    runner.add({
      name: 'test.flaky',
      run: async () => {
        if (broken) throw new Error('database away');
      },
    });
    expect(runner.status()['test.flaky']).toMatchObject({ state: 'not_run', runs: 0 });
    for (let i = 0; i < 3; i++) expect(await runner.runNow('test.flaky')).toBe('failure');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'error', obj: { job: 'test.flaky' }, msg: 'background job failed: test.flaky' });
    expect(String(lines[0]!.obj.err)).toContain('database away');
    expect(runner.status()['test.flaky']).toMatchObject({ state: 'failing', runs: 3, failures: 3, consecutiveFailures: 3, lastSuccessAt: null });
    let metrics = await registry.metrics();
    expect(metrics).toContain('lachan_job_runs_total{job="test.flaky",result="failure"} 3');
    expect(metrics).toContain('lachan_job_runs_total{job="test.flaky",result="success"} 0');
    expect(metrics).toContain('lachan_job_failing{job="test.flaky"} 1');

    broken = false;
    expect(await runner.runNow('test.flaky')).toBe('success');
    expect(await runner.runNow('test.flaky')).toBe('success');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ level: 'info', obj: { job: 'test.flaky', failures: 3 }, msg: 'background job recovered: test.flaky' });
    const s = runner.status()['test.flaky']!;
    expect(s).toMatchObject({ state: 'ok', runs: 5, failures: 3, consecutiveFailures: 0, failingSince: null });
    expect(Date.parse(s.lastSuccessAt!)).toBeGreaterThanOrEqual(Date.parse(s.lastFailureAt!));
    metrics = await registry.metrics();
    expect(metrics).toContain('lachan_job_runs_total{job="test.flaky",result="success"} 2');
    expect(metrics).toContain('lachan_job_failing{job="test.flaky"} 0');
    const ts = Number(/lachan_job_last_success_timestamp_seconds\{job="test.flaky"\} ([\d.]+)/.exec(metrics)?.[1]);
    expect(Math.abs(ts - Date.now() / 1000)).toBeLessThan(5);

    // a new streak is logged again
    broken = true;
    await runner.runNow('test.flaky');
    expect(lines.map((l) => l.level)).toEqual(['error', 'info', 'error']);
  });

  it('runs on its interval once started, never two runs of one job at once, and waits for the run in flight on stop', async () => {
    const { log } = recorder();
    const runner = new JobRunner(log);
    let active = 0;
    let most = 0;
    let runs = 0;
    let release: () => void = () => {};
    runner.add({
      name: 'test.slow',
      everyMs: 5,
      run: async () => {
        active++;
        most = Math.max(most, active);
        runs++;
        await new Promise<void>((r) => {
          release = r;
          setTimeout(r, 30);
        });
        active--;
      },
    });
    await sleep(50);
    expect(runs).toBe(0); // nothing before start (listen)
    runner.start();
    // runNow while the timer's runs go on: they queue behind each other
    const extra = Promise.all([runner.runNow('test.slow'), runner.runNow('test.slow')]);
    await sleep(200);
    await extra;
    expect(runs).toBeGreaterThanOrEqual(4);
    expect(most).toBe(1);
    // stop waits for the run in flight and no run starts after it
    const stopping = runner.stop();
    release();
    await stopping;
    expect(active).toBe(0);
    const after = runs;
    await sleep(60);
    expect(runs).toBe(after);
  });

  it('interrupts long work on stop; a job added after start starts at once; one-shot jobs run once', async () => {
    const { log } = recorder();
    const runner = new JobRunner(log);
    runner.start();
    let once = 0;
    runner.add({ name: 'test.once', run: async () => void once++ });
    let abort: () => void = () => {};
    runner.add({
      name: 'test.long',
      everyMs: 60_000,
      run: () => new Promise<void>((_, reject) => (abort = () => reject(new Error('interrupted')))),
      interrupt: () => abort(),
    });
    await sleep(30);
    expect(once).toBe(1);
    const t0 = Date.now();
    await runner.stop();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(runner.status()['test.long']).toMatchObject({ state: 'failing', runs: 1 });
    expect(runner.status()['test.once']).toMatchObject({ state: 'ok', runs: 1 });
    expect(() => runner.add({ name: 'test.once', run: async () => {} })).toThrow(/already registered/);
    await expect(runner.runNow('no.such')).rejects.toThrow(/no job named/);
  });

  it('runs a removed job once more when asked (the DNS statistics flush on close)', async () => {
    const { log } = recorder();
    const runner = new JobRunner(log);
    let runs = 0;
    const handle = runner.add({ name: 'test.flush', everyMs: 60_000, atStart: false, run: async () => void runs++ });
    runner.start();
    await sleep(20);
    expect(runs).toBe(0); // atStart: false
    await handle.remove({ finalRun: true });
    expect(runs).toBe(1);
    expect(runner.status()).toEqual({});
  });
});
