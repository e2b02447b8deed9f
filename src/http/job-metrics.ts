import { Counter, Gauge, type Registry } from 'prom-client';
import type { JobMetrics } from '../shared/jobs.js';

/**
 * The job runner's counts on /metrics: every run by result, the time of the last success (an
 * alert on `time() - lachan_job_last_success_timestamp_seconds` catches a job that stopped
 * succeeding, however it fails), and whether the last run failed.
 */
export function jobMetrics(registry: Registry): JobMetrics {
  const registers = [registry];
  const runs = new Counter({ name: 'lachan_job_runs_total', help: 'Background job runs by job and result', labelNames: ['job', 'result'] as const, registers });
  const lastSuccess = new Gauge({
    name: 'lachan_job_last_success_timestamp_seconds',
    help: 'Unix time of the last successful run of each background job (absent: never succeeded)',
    labelNames: ['job'] as const,
    registers,
  });
  const failing = new Gauge({ name: 'lachan_job_failing', help: '1 while the last run of a background job failed', labelNames: ['job'] as const, registers });
  return {
    registered(job) {
      // both series exist from the start, so a rate() or an alert sees 0 rather than nothing
      runs.inc({ job, result: 'success' }, 0);
      runs.inc({ job, result: 'failure' }, 0);
      failing.set({ job }, 0);
    },
    ran(job, result, at) {
      runs.inc({ job, result });
      failing.set({ job }, result === 'failure' ? 1 : 0);
      if (result === 'success') lastSuccess.set({ job }, at.getTime() / 1000);
    },
  };
}
