/**
 * The one way this process runs work in the background (mail delivery, SLA sweeps, the review
 * worker, list refreshes, DNS statistics, the audit anchor). Before it, each loop was a
 * `setInterval(() => void run().catch(() => {}))`: a job that failed for a week looked exactly
 * like one that worked. Here every run ends as a success or a failure that is counted
 * (`lachan_job_runs_total{job,result}`), timed (`lachan_job_last_success_timestamp_seconds`),
 * logged with the job's name and shown per job on /readyz (metrics: http/job-metrics.ts).
 *
 * - Runs of one job never overlap: the next run is scheduled when the previous one has ended
 *   (`everyMs` is the pause between runs, not a metronome), and `runNow` waits for a run in flight.
 * - A failure is logged once per streak — when the job starts failing and when it recovers — so
 *   a database that is away for an hour gives two lines, not one per tick; the counter still
 *   counts every failed run.
 * - `start` (on listen) starts every job; a job added later starts at once. `stop` (on close)
 *   cancels the timers, interrupts long work and waits for the runs in flight.
 */
/**
 * Where runs are counted: the web app's Prometheus registry (http/job-metrics.ts). An interface
 * rather than prom-client here, so that the standalone DNS filter — which keeps its imports to
 * the minimum for its memory budget — can run jobs without loading it.
 */
export interface JobMetrics {
  registered(job: string): void;
  ran(job: string, result: JobResult, at: Date): void;
}

interface JobLog {
  error(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export interface JobSpec {
  /** a stable dotted name: the `job` label of the metrics and the key on /readyz */
  name: string;
  /** the pause between the end of one run and the start of the next; omitted: runs once at start */
  everyMs?: number;
  /** run as soon as the job starts (default true); false: the first run comes after everyMs */
  atStart?: boolean;
  run(): Promise<unknown>;
  /** called on stop before the run in flight is awaited: a long run can end early */
  interrupt?(): void | Promise<void>;
}

type JobResult = 'success' | 'failure';

interface JobStatus {
  state: 'not_run' | 'ok' | 'failing';
  runs: number;
  failures: number;
  /** failures since the last success */
  consecutiveFailures: number;
  lastSuccessAt: string | null;
  lastFailureAt: string | null;
  /** when the current streak of failures began; null while the job is ok */
  failingSince: string | null;
}

interface JobHandle {
  /** Runs the job now (after the run in flight, if any) and resolves with its result. Never rejects. */
  runNow(): Promise<JobResult>;
  /**
   * Stops this job alone: cancels its timer and waits for its run in flight; with `finalRun`, runs
   * it once more after that (a flush on close), counted and logged like any other run.
   */
  remove(options?: { finalRun?: boolean }): Promise<void>;
}

interface Entry {
  spec: JobSpec;
  status: JobStatus;
  timer: NodeJS.Timeout | null;
  inFlight: Promise<JobResult> | null;
  active: boolean;
}

export class JobRunner {
  private readonly jobs = new Map<string, Entry>();
  private started = false;
  private stopped = false;

  constructor(
    private readonly log: JobLog,
    private readonly metrics?: JobMetrics,
    private readonly now: () => Date = () => new Date(),
  ) {}

  add(spec: JobSpec): JobHandle {
    if (this.jobs.has(spec.name)) throw new Error(`job ${spec.name} is already registered`);
    const entry: Entry = {
      spec,
      status: { state: 'not_run', runs: 0, failures: 0, consecutiveFailures: 0, lastSuccessAt: null, lastFailureAt: null, failingSince: null },
      timer: null,
      inFlight: null,
      active: false,
    };
    this.jobs.set(spec.name, entry);
    this.metrics?.registered(spec.name);
    if (this.started && !this.stopped) this.activate(entry);
    return {
      runNow: () => this.runNow(spec.name),
      remove: async (options = {}) => {
        await this.deactivate(entry);
        if (options.finalRun) await this.runEntry(entry);
        this.jobs.delete(spec.name);
      },
    };
  }

  /** On listen. */
  start(): void {
    if (this.started || this.stopped) return;
    this.started = true;
    for (const entry of this.jobs.values()) this.activate(entry);
  }

  /** On close: no new run starts; the runs in flight end (interrupted where the job can be). */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.jobs.values()].map((e) => this.deactivate(e)));
  }

  async runNow(name: string): Promise<JobResult> {
    const entry = this.jobs.get(name);
    if (!entry) throw new Error(`no job named ${name}`);
    // never two runs of one job at once: wait for the one in flight, then run afresh
    while (entry.inFlight) await entry.inFlight;
    return this.runEntry(entry);
  }

  status(): Record<string, JobStatus> {
    return Object.fromEntries([...this.jobs].map(([name, e]) => [name, { ...e.status }]));
  }

  private activate(entry: Entry): void {
    entry.active = true;
    const { everyMs, atStart = true } = entry.spec;
    if (atStart) this.schedule(entry, 0);
    else if (everyMs !== undefined) this.schedule(entry, everyMs);
  }

  private async deactivate(entry: Entry): Promise<void> {
    entry.active = false;
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = null;
    if (entry.inFlight) {
      await entry.spec.interrupt?.();
      while (entry.inFlight) await entry.inFlight;
    }
  }

  private schedule(entry: Entry, delayMs: number): void {
    if (!entry.active) return;
    entry.timer = setTimeout(() => {
      entry.timer = null;
      void this.tick(entry);
    }, delayMs);
    // background work never keeps the process alive on its own; close() ends it properly
    entry.timer.unref();
  }

  private async tick(entry: Entry): Promise<void> {
    // a runNow may be running: wait for it rather than run twice at once
    while (entry.inFlight) await entry.inFlight;
    if (!entry.active) return;
    await this.runEntry(entry);
    if (entry.spec.everyMs !== undefined && !entry.timer) this.schedule(entry, entry.spec.everyMs);
  }

  private runEntry(entry: Entry): Promise<JobResult> {
    const run = (async (): Promise<JobResult> => {
      try {
        await entry.spec.run();
        this.succeeded(entry);
        return 'success';
      } catch (err) {
        this.failed(entry, err);
        return 'failure';
      }
    })();
    entry.inFlight = run;
    void run.finally(() => {
      if (entry.inFlight === run) entry.inFlight = null;
    });
    return run;
  }

  private succeeded(entry: Entry): void {
    const s = entry.status;
    const at = this.now();
    if (s.state === 'failing')
      this.log.info({ job: entry.spec.name, failures: s.consecutiveFailures, failingSince: s.failingSince }, `background job recovered: ${entry.spec.name}`);
    s.state = 'ok';
    s.runs++;
    s.consecutiveFailures = 0;
    s.failingSince = null;
    s.lastSuccessAt = at.toISOString();
    this.metrics?.ran(entry.spec.name, 'success', at);
  }

  private failed(entry: Entry, err: unknown): void {
    const s = entry.status;
    const now = this.now();
    const at = now.toISOString();
    // once per streak: the first failure says what broke; the recovery line says how long it lasted
    if (s.state !== 'failing') this.log.error({ job: entry.spec.name, err }, `background job failed: ${entry.spec.name}`);
    s.state = 'failing';
    s.runs++;
    s.failures++;
    s.consecutiveFailures++;
    s.failingSince ??= at;
    s.lastFailureAt = at;
    this.metrics?.ran(entry.spec.name, 'failure', now);
  }
}

/** For processes without a logger of their own (the standalone DNS filter): one line on stderr. */
export const stderrJobLog: JobLog = {
  error: (obj) => {
    const { job, err } = obj as { job?: string; err?: unknown };
    process.stderr.write(`Việc chạy nền lỗi / background job failed: ${job} — ${err instanceof Error ? err.message : String(err)}\n`);
  },
  info: (obj) => {
    const { job } = obj as { job?: string };
    process.stderr.write(`Việc chạy nền chạy lại bình thường / background job recovered: ${job}\n`);
  },
};
