import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { FilterEngine } from '../../engine/engine.js';
import { filterDir } from '../../snapshot-file.js';
import { spoolDir } from '../../spool.js';

export interface NodeReportingOptions {
  central: string;
  nodeToken: string;
  dataDir: string;
  engine: FilterEngine;
  /** the policy version the node applies now */
  policyVersion: () => number;
  log: (line: string) => void;
  /** what the heartbeat says the node runs (package version); 'unknown' when not given */
  softwareVersion?: string;
  heartbeatMs?: number;
  /** how often spooled stats are looked for and sent */
  statsMs?: number;
}

/**
 * A heartbeat every 30 s, ±20 % (JITTER): 30,000 nodes are then 1,000 beats a second at the centre,
 * spread evenly — nodes that started together (a power cut, a centre back after an outage) drift
 * apart instead of beating in step. The console's "silent" is 2 minutes without a beat: at least
 * three missed beats, never a live node (list-nodes.ts).
 */
export const HEARTBEAT_MS = 30_000;
/** each wait is the interval ± this fraction, drawn afresh */
const JITTER = 0.2;
const STATS_MS = 20_000;
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Where a stats batch waits to be acknowledged: `<data>/filter/fleet-outbox/<uuid>.json`. The file
 * name IS the batch's idempotency key: a batch is renamed here from the spool (atomic) before it is
 * first sent, so a retry — after a dropped answer, a timeout, a restart of the node — sends the same
 * key and the centre counts it once. Batches the centre refuses for good go to `refused/`.
 */
export const outboxDir = (dataDir: string) => path.join(filterDir(dataDir), 'fleet-outbox');
const UUID_FILE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\.json$/;

type Outcome = 'sent' | 'refused' | 'stop' | 'retry';

/**
 * The node side of "stats back" (issue 16): aggregate counters from the spool (the node runtime
 * spools the engine's drain every minute, src/filter/spool.ts — never a query or a client address)
 * sent to POST /fleet/stats with an idempotency key kept on disk with the batch; and a heartbeat
 * every 30 s (HEARTBEAT_MS) with the policy version and the engine's health. Failures are logged once when they
 * start and once when they end, not on every try; batches wait on disk while the centre is away.
 */
export function startNodeReporting(o: NodeReportingOptions): { stop(): Promise<void>; revoked(): boolean } {
  const base = o.central.endsWith('/') ? o.central : `${o.central}/`;
  const url = (p: string) => new URL(`api/v1/fleet/${p}`, base);
  const outbox = outboxDir(o.dataDir);
  const refusedDir = path.join(outbox, 'refused');
  let stopped = false;
  const inFlight = new Set<AbortController>();
  const failing = { heartbeat: false, stats: false };
  // revoked by the centre: its counters are refused for good, so none are sent or spooled any more
  let revoked = false;

  // one line when a failure starts and one when it ends, in both languages as the filter's other
  // log lines; the reason in words (and the centre's address), not a bare status code
  const WHAT = {
    heartbeat: { vi: 'báo còn chạy', en: 'heartbeat' },
    stats: { vi: 'gửi thống kê', en: 'stats' },
  };
  const say = (what: keyof typeof failing, ok: boolean, why: Why) => {
    if (failing[what] === !ok) return;
    failing[what] = !ok;
    const w = WHAT[what];
    o.log(
      ok
        ? `fleet: ${w.vi} tới trung tâm đã thông lại / ${w.en} to the centre working again (${o.central})`
        : `fleet: ${w.vi} tới trung tâm ${o.central} không được: ${why.vi} / ${w.en} to the centre ${o.central} failing: ${why.en}`,
    );
  };

  const post = async (p: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; code: string | null }> => {
    const ac = new AbortController();
    inFlight.add(ac);
    const timer = setTimeout(() => ac.abort(), REQUEST_TIMEOUT_MS);
    try {
      const res = await fetch(url(p), {
        method: 'POST',
        headers: { authorization: `Bearer ${o.nodeToken}`, 'content-type': 'application/json', ...headers },
        body,
        signal: ac.signal,
      });
      const text = await res.text();
      let code: string | null = null;
      try {
        code = (JSON.parse(text) as { error?: { code?: string } }).error?.code ?? null;
      } catch {
        // 204, or not our JSON (a proxy's page)
      }
      return { status: res.status, code };
    } finally {
      clearTimeout(timer);
      inFlight.delete(ac);
    }
  };

  // ── heartbeat ────────────────────────────────────────────────────────────────────────────
  let last = { at: Date.now(), queries: o.engine.metrics.total(), hits: o.engine.metrics.cacheHits, misses: o.engine.metrics.cacheMisses };
  const health = () => {
    const m = o.engine.metrics;
    const now = Date.now();
    const q = m.total();
    const hits = m.cacheHits - last.hits;
    const lookups = hits + (m.cacheMisses - last.misses);
    const out = {
      upstreams: o.engine.upstreams.servers.slice(0, 16).map((u) => ({ server: `${u.host}:${u.port}`.slice(0, 100), up: u.downUntil <= now })),
      // over the last interval, not since start: a node's load now is what the console shows
      qps: Math.min(10_000_000, Math.max(0, Math.round(((q - last.queries) / Math.max(1, now - last.at)) * 1000 * 10) / 10)),
      cacheHitRatio: lookups > 0 ? Math.min(1, Math.max(0, hits / lookups)) : 0,
    };
    last = { at: now, queries: q, hits: m.cacheHits, misses: m.cacheMisses };
    return out;
  };
  const heartbeat = async () => {
    const body = JSON.stringify({ softwareVersion: (o.softwareVersion ?? 'unknown').slice(0, 64), policyVersion: o.policyVersion(), ...health() });
    try {
      const r = await post('heartbeat', body);
      if (r.status === 204) say('heartbeat', true, NONE);
      else say('heartbeat', false, answerWhy(r));
    } catch (e) {
      if (!stopped) say('heartbeat', false, networkWhy(e));
    }
  };

  // ── stats ───────────────────────────────────────────────────────────────────────────────
  /** spooled drains → outbox, each under a fresh key (a rename: a file is in one place or the other) */
  const claimSpool = () => {
    let files: string[];
    try {
      files = readdirSync(spoolDir(o.dataDir)).filter((f) => /^stats-.*\.json$/.test(f));
    } catch {
      return;
    }
    if (files.length) mkdirSync(outbox, { recursive: true });
    for (const f of files) {
      try {
        renameSync(path.join(spoolDir(o.dataDir), f), path.join(outbox, `${randomUUID()}.json`));
      } catch {
        // taken by another reader
      }
    }
  };
  const sendOne = async (file: string): Promise<Outcome> => {
    const full = path.join(outbox, file);
    let body: string;
    try {
      body = readFileSync(full, 'utf8');
      JSON.parse(body);
    } catch {
      // a torn file (disk full when it was written): nothing the centre could count
      mkdirSync(refusedDir, { recursive: true });
      renameSync(full, path.join(refusedDir, file));
      o.log(`fleet: lô thống kê ${file} hỏng, đã chuyển vào ${refusedDir} / stats batch ${file} unreadable, moved to ${refusedDir}`);
      return 'refused';
    }
    const r = await post('stats', body, { 'idempotency-key': file.slice(0, -'.json'.length) });
    if (r.status === 202 || r.status === 200) {
      rmSync(full, { force: true });
      return 'sent';
    }
    if (r.code === 'fleet.node_revoked') {
      revoked = true;
      const kept = readdirSync(outbox).filter((f) => UUID_FILE.test(f)).length;
      o.log(
        `fleet: trạm lọc này đã bị thu hồi: ngừng gửi và ghi tạm thống kê; ${kept} lô còn giữ trong ${outbox} / this filter node was revoked: no more stats are sent or spooled; ${kept} batch(es) kept in ${outbox}`,
      );
      return 'stop';
    }
    if (r.status === 401) {
      say('stats', false, answerWhy(r));
      return 'stop';
    }
    if (r.status === 400 || r.status === 403 || r.status === 413 || r.status === 422) {
      // the centre will never take this batch (too old, a school this node does not serve): keep it aside, go on
      mkdirSync(refusedDir, { recursive: true });
      renameSync(full, path.join(refusedDir, file));
      const why = answerWhy(r);
      o.log(
        `fleet: trung tâm không nhận lô thống kê (${why.vi}), giữ trong ${refusedDir} / stats batch refused by the centre (${why.en}), kept in ${refusedDir}`,
      );
      return 'refused';
    }
    say('stats', false, answerWhy(r));
    return 'retry';
  };
  const sendStats = async () => {
    if (revoked) return;
    claimSpool();
    let files: string[];
    try {
      files = readdirSync(outbox).filter((f) => UUID_FILE.test(f));
    } catch {
      return;
    }
    for (const f of files) {
      if (stopped) return;
      let outcome: Outcome;
      try {
        outcome = await sendOne(f);
      } catch (e) {
        if (!stopped) say('stats', false, networkWhy(e));
        return;
      }
      if (outcome === 'stop' || outcome === 'retry') return;
    }
    say('stats', true, NONE);
  };

  // ── timers: one run of each at a time ────────────────────────────────────────────────────
  const loops: Promise<void>[] = [];
  const every = (ms: number, run: () => Promise<void>) => {
    let wake: (() => void) | null = null;
    const loop = (async () => {
      while (!stopped) {
        await run();
        if (stopped) break;
        await new Promise<void>((r) => {
          const t = setTimeout(r, ms * (1 - JITTER + 2 * JITTER * Math.random()));
          wake = () => {
            clearTimeout(t);
            r();
          };
        });
      }
    })();
    loops.push(loop);
    return () => wake?.();
  };
  const wakes = [every(o.heartbeatMs ?? HEARTBEAT_MS, heartbeat), every(o.statsMs ?? STATS_MS, sendStats)];

  return {
    revoked: () => revoked,
    async stop() {
      stopped = true;
      for (const w of wakes) w();
      for (const ac of inFlight) ac.abort();
      await Promise.all(loops);
    },
  };
}

interface Why {
  vi: string;
  en: string;
}
const NONE: Why = { vi: '', en: '' };

/** The centre's answer in words; the status and code stay in brackets for whoever reads the centre's logs. */
function answerWhy(r: { status: number; code: string | null }): Why {
  const raw = `HTTP ${r.status}${r.code ? ` ${r.code}` : ''}`;
  if (r.code === 'fleet.node_revoked')
    return { vi: `trạm lọc này đã bị thu hồi, hỏi quản trị viên (${raw})`, en: `this filter node was revoked, ask the administrator (${raw})` };
  if (r.status === 401) return { vi: `trung tâm không nhận mã của trạm lọc (${raw})`, en: `the centre refused the node token (${raw})` };
  if (r.status === 429) return { vi: `trung tâm đang bận, sẽ thử lại (${raw})`, en: `the centre is busy, will retry (${raw})` };
  if (r.status >= 500) return { vi: `trung tâm đang lỗi, sẽ thử lại (${raw})`, en: `the centre has an error, will retry (${raw})` };
  return { vi: `trung tâm trả lời ${raw}`, en: `the centre answered ${raw}` };
}

/** fetch says only "fetch failed": the cause's code (ECONNREFUSED, ENOTFOUND) says what to check. */
function networkWhy(e: unknown): Why {
  const cause = (e as { cause?: { code?: string } }).cause;
  const detail = cause?.code ?? (e as Error).message;
  return {
    vi: `không kết nối được (${detail}); kiểm tra mạng, tường lửa và địa chỉ trung tâm`,
    en: `cannot connect (${detail}); check the network, the firewall and the centre's address`,
  };
}
