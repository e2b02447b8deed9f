import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { type RunningPlatform, startPlatform } from '../src/platform.js';
import { describeEachDb, TEST_SECRET_KEY } from '../src/testing/databases.js';
import { startTcpProxy, type TcpProxy } from '../src/testing/tcp-proxy.js';

/**
 * Issue 12's done-when for background jobs: the platform as `npm start` runs it (listening, its
 * job runner started), a job's database taken away under it, and the failure seen where an
 * operator looks — the log (once, with the job's name), /metrics and /readyz — and the job back
 * to normal once the database returns, without a restart.
 *
 * PostgreSQL: the platform reaches the server through a relay that then refuses every connection
 * (a server restarting or gone). SQLite lives in the process, so "gone" is the table the job reads
 * renamed away under it (a botched manual migration) and back.
 */
const JOB = 'filter.list-refresh';

interface LogLine {
  level: number;
  msg: string;
  job?: string;
  err?: { message?: string };
}

describeEachDb('a background job whose database goes away', (db, dialect) => {
  let platform: RunningPlatform;
  let proxy: TcpProxy | null = null;
  let dataDir: string;
  const lines: LogLine[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-jobs-'));
    let databaseUrl: Record<string, string> = {};
    if (dialect === 'postgres') {
      const u = new URL(db().url!);
      proxy = await startTcpProxy({ host: u.hostname, port: Number(u.port || 5432) });
      u.host = `127.0.0.1:${proxy.port}`;
      databaseUrl = { DATABASE_URL: u.toString() };
    }
    platform = await startPlatform(
      loadConfig({
        LACHAN_DATA_DIR: dataDir,
        LACHAN_HTTP_ADDR: '127.0.0.1:0',
        LACHAN_DNS_ADDR: '127.0.0.1:0',
        LACHAN_ADMIN_PASSWORD: 'test-admin-password-1',
        LACHAN_SECRET_KEY: TEST_SECRET_KEY.toString('base64'),
        LACHAN_LOG_LEVEL: 'info',
        ...databaseUrl,
      }),
      { http: { logStream: { write: (line) => lines.push(JSON.parse(line) as LogLine) } } },
    );
  }, 60_000);

  afterAll(async () => {
    await platform?.close();
    await proxy?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const linesOf = (job: string) => lines.filter((l) => l.job === job);
  const metrics = async () => (await fetch(`${platform.httpUrl}/metrics`)).text();
  const sample = (text: string, series: string) => {
    const m = new RegExp(`^${series.replace(/[{}"=.,]/g, (c) => `\\${c}`)} ([\\d.e+]+)$`, 'm').exec(text);
    return m ? Number(m[1]) : null;
  };
  const jobOnReadyz = async () => ((await (await fetch(`${platform.httpUrl}/readyz`)).json()) as { jobs: Record<string, Record<string, unknown>> }).jobs[JOB];

  it('is listed as soon as the platform listens, and succeeds while the database is there', async () => {
    expect(await platform.app.jobs.runNow(JOB)).toBe('success');
    expect(await jobOnReadyz()).toMatchObject({ state: 'ok', consecutiveFailures: 0, failingSince: null });
    // the jobs the platform runs, each with its name (mail is off: no SMTP configured)
    expect(Object.keys(platform.app.jobs.status()).sort()).toEqual(
      [
        'audit.anchor',
        'cases.work-sweep',
        'detect.publish-confirmed',
        'detect.review-worker',
        'filter.dns-stats',
        'filter.fleet-receipts-prune',
        'filter.fleet-versions',
        'filter.list-refresh',
        'indicators.rollup',
        'indicators.scheduled-reports',
        'intake.sla-sweep',
        'programmes.coverage-reminders',
        'programmes.photo-files',
      ].sort(),
    );
  });

  it('logs the failure once, counts every failed run, shows it on /readyz, and recovers when the database returns', async () => {
    const before = await metrics();
    const failedBefore = sample(before, `lachan_job_runs_total{job="${JOB}",result="failure"}`) ?? 0;
    const successAt = sample(before, `lachan_job_last_success_timestamp_seconds{job="${JOB}"}`);
    expect(successAt).not.toBeNull();

    // the dependency goes away
    if (proxy) proxy.refuse();
    else await sql`alter table filter_lists rename to filter_lists_away`.execute(platform.deps.db.kysely);
    try {
      expect(await platform.app.jobs.runNow(JOB)).toBe('failure');
      expect(await platform.app.jobs.runNow(JOB)).toBe('failure');
      expect(await platform.app.jobs.runNow(JOB)).toBe('failure');

      // logged once for the streak, at error level, with the job's name and what broke
      const failed = linesOf(JOB).filter((l) => l.msg === `background job failed: ${JOB}`);
      expect(failed).toHaveLength(1);
      expect(failed[0]!.level).toBe(50);
      expect(failed[0]!.err?.message).toMatch(dialect === 'postgres' ? /unavailable|ECONNRESET|terminated|connect|down since/i : /no such table: filter_lists/);

      // counted on every run
      const during = await metrics();
      expect(sample(during, `lachan_job_runs_total{job="${JOB}",result="failure"}`)).toBe(failedBefore + 3);
      expect(sample(during, `lachan_job_failing{job="${JOB}"}`)).toBe(1);
      expect(sample(during, `lachan_job_last_success_timestamp_seconds{job="${JOB}"}`)).toBe(successAt);

      // and shown on /readyz (which answers 503 on PostgreSQL now: the database is unreachable)
      expect(await jobOnReadyz()).toMatchObject({
        state: 'failing',
        consecutiveFailures: 3,
        failingSince: expect.any(String),
        lastFailureAt: expect.any(String),
      });
    } finally {
      // the dependency returns
      if (proxy) proxy.restore();
      else await sql`alter table filter_lists_away rename to filter_lists`.execute(platform.deps.db.kysely);
    }

    // no restart: the next runs succeed once the database answers again (PostgreSQL: the
    // connection guard checks every second)
    await expect.poll(() => platform.app.jobs.runNow(JOB), { timeout: 15_000, interval: 250 }).toBe('success');
    const recovered = linesOf(JOB).filter((l) => l.msg === `background job recovered: ${JOB}`);
    expect(recovered).toHaveLength(1);
    expect(recovered[0]!.level).toBe(30);
    expect(linesOf(JOB).filter((l) => l.msg === `background job failed: ${JOB}`)).toHaveLength(1);

    const after = await metrics();
    expect(sample(after, `lachan_job_failing{job="${JOB}"}`)).toBe(0);
    expect(sample(after, `lachan_job_last_success_timestamp_seconds{job="${JOB}"}`)).toBeGreaterThan(successAt!);
    expect(await jobOnReadyz()).toMatchObject({ state: 'ok', consecutiveFailures: 0, failingSince: null });
  }, 60_000);
});
