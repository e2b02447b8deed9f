import type { KeyObject } from 'node:crypto';
import { decodeBody, decodeEnvelope, EnvelopeRefused } from '../protocol.js';
import { applyTableChange } from './apply-table.js';
import type { LastGood } from './node-files.js';

export interface PolicySyncOptions {
  central: string;
  nodeToken: string;
  /** the centre's key, pinned at enrolment */
  key: KeyObject;
  /** the policy in force (null before the first one) */
  current: () => LastGood | null;
  /** swaps a checked policy in (engine reload) and keeps it on disk; throws to refuse it */
  apply: (next: LastGood) => void;
  log: (line: string) => void;
  /** longest pause between reconnections (jittered) */
  backoffMaxMs?: number;
}

/** After this many streams in a row that gave nothing, a proxy is probably cutting them: long-poll for a while. */
const STREAM_FAILURES_BEFORE_POLLING = 2;
const POLLING_PERIOD_MS = 5 * 60_000;
/** the centre pings every 15 s: silence for longer means a dead connection */
const STREAM_IDLE_MS = 40_000;
const LONG_POLL_WAIT_S = 25;

/**
 * Keeps a node's policy up to date: holds a server-sent-event stream to the centre
 * (GET /fleet/stream?since=N), falls back to long polls (GET /fleet/policy?since=N&wait=25) when
 * streams keep being cut, reconnects with since = its version and a jittered backoff. Every
 * envelope is checked (signature, version, base, shape, table digest) before it is applied; one
 * that fails is refused with one log line and the node keeps the policy it has.
 */
export class PolicySync {
  private stopped = false;
  private abort: AbortController | null = null;
  private loop: Promise<void> | null = null;
  private streamFailures = 0;
  private pollUntil = 0;
  /** a delta did not fit (base or digest): ask for a full snapshot */
  private wantFull = false;
  private down = false;
  private revokedLogged = false;
  private wake: (() => void) | null = null;

  constructor(private readonly o: PolicySyncOptions) {}

  start(): void {
    this.loop ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.abort?.abort();
    this.wake?.();
    await this.loop;
  }

  private get since(): number {
    return this.wantFull ? 0 : (this.o.current()?.version ?? 0);
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      let progressed = false;
      try {
        progressed = Date.now() < this.pollUntil ? await this.longPoll() : await this.stream();
      } catch (e) {
        if (this.stopped) return;
        if (!this.down && !(e instanceof Revoked)) {
          this.down = true;
          this.o.log(
            `fleet: mất kết nối trung tâm, tiếp tục lọc với chính sách phiên bản ${this.o.current()?.version ?? 0} / centre unreachable (${(e as Error).message}); filtering on with policy version ${this.o.current()?.version ?? 0}`,
          );
        }
      }
      if (this.stopped) return;
      attempt = progressed ? 0 : attempt + 1;
      if (attempt > 0) await this.sleep(this.backoff(attempt));
    }
  }

  private backoff(attempt: number): number {
    const max = this.o.backoffMaxMs ?? 30_000;
    const cap = Math.min(max, 250 * 2 ** Math.min(attempt, 10));
    // full jitter: thousands of nodes returning to a restarted centre do not arrive in one burst
    return cap / 2 + Math.random() * (cap / 2);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const t = setTimeout(() => {
        this.wake = null;
        resolve();
      }, ms);
      this.wake = () => {
        clearTimeout(t);
        resolve();
      };
    });
  }

  private async request(pathAndQuery: string, accept: string, timeoutMs: number | null): Promise<Response> {
    this.abort = new AbortController();
    const timer = timeoutMs === null ? null : setTimeout(() => this.abort?.abort(new Error('timeout')), timeoutMs);
    try {
      const res = await fetch(new URL(`/api/v1${pathAndQuery}`, this.o.central), {
        headers: { authorization: `Bearer ${this.o.nodeToken}`, accept },
        signal: this.abort.signal,
      });
      if (res.status === 401 || res.status === 403) {
        await res.body?.cancel();
        if (!this.revokedLogged) {
          this.revokedLogged = true;
          this.o.log(
            res.status === 403
              ? 'fleet: trung tâm đã thu hồi trạm lọc này; tiếp tục lọc với chính sách cuối / this filter station was revoked by the centre; filtering on with its last policy'
              : 'fleet: trung tâm không nhận mã của trạm lọc; tiếp tục lọc với chính sách cuối / the centre refused this station token; filtering on with its last policy',
          );
        }
        throw new Revoked();
      }
      this.revokedLogged = false;
      if (this.down) {
        this.down = false;
        this.o.log(`fleet: kết nối lại trung tâm / centre reachable again (policy version ${this.o.current()?.version ?? 0})`);
      }
      return res;
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  /** One stream, until it ends; true when it delivered something. */
  private async stream(): Promise<boolean> {
    const res = await this.request(`/fleet/stream?since=${this.since}`, 'text/event-stream', 10_000);
    if (res.status !== 200 || !res.headers.get('content-type')?.startsWith('text/event-stream') || !res.body) {
      await res.body?.cancel();
      this.streamFailed();
      throw new Error(`stream: HTTP ${res.status}`);
    }
    const abort = this.abort!;
    let got = false;
    let idle = setTimeout(() => abort.abort(new Error('stream idle')), STREAM_IDLE_MS);
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    let buf = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        clearTimeout(idle);
        idle = setTimeout(() => abort.abort(new Error('stream idle')), STREAM_IDLE_MS);
        got = true;
        buf += value;
        let end = buf.indexOf('\n\n');
        while (end >= 0) {
          const event = buf.slice(0, end);
          buf = buf.slice(end + 2);
          if (this.onEvent(event)) {
            // a delta that did not fit: reconnect asking for a full snapshot
            abort.abort();
            return true;
          }
          end = buf.indexOf('\n\n');
        }
      }
    } catch (e) {
      if (this.stopped) return got;
      if (!got) this.streamFailed();
      throw e;
    } finally {
      clearTimeout(idle);
    }
    if (!got) this.streamFailed();
    else this.streamFailures = 0;
    // the centre (or a proxy) closed it: reconnect at once when it had been working
    if (!got) throw new Error('stream closed');
    return true;
  }

  private streamFailed(): void {
    if (++this.streamFailures >= STREAM_FAILURES_BEFORE_POLLING) {
      this.streamFailures = 0;
      this.pollUntil = Date.now() + POLLING_PERIOD_MS;
      this.o.log('fleet: luồng bị cắt, chuyển sang hỏi định kỳ / the stream keeps being cut: long-polling for 5 minutes');
    }
  }

  /** Handles one server-sent event; true when the node must ask for a full snapshot. */
  private onEvent(text: string): boolean {
    let event = 'message';
    let data = '';
    for (const line of text.split('\n')) {
      if (line.startsWith(':')) continue;
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data += line.slice(5).trim();
    }
    if (event !== 'policy' || !data) return false;
    return this.receive(Buffer.from(data, 'base64'));
  }

  /** One long poll; true when it delivered a policy. */
  private async longPoll(): Promise<boolean> {
    const res = await this.request(`/fleet/policy?since=${this.since}&wait=${LONG_POLL_WAIT_S}`, 'application/octet-stream', (LONG_POLL_WAIT_S + 15) * 1000);
    if (res.status === 204) return true;
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new Error(`policy: HTTP ${res.status}`);
    }
    this.receive(Buffer.from(await res.arrayBuffer()));
    return true;
  }

  /**
   * Checks and applies one envelope. A refusal is one log line and changes nothing; a delta that
   * does not fit this node's table makes it ask for a full snapshot. Returns whether it must.
   */
  receive(bytes: Buffer): boolean {
    const cur = this.o.current();
    try {
      const env = decodeEnvelope(bytes, this.o.key, cur?.version ?? 0);
      if (this.wantFull && env.kind === 'delta') throw new EnvelopeRefused('base', 'a delta while waiting for a full snapshot');
      const body = decodeBody(env.body);
      let next: LastGood;
      if (env.kind === 'full') {
        if (!body.policy || body.table.kind !== 'full') throw new EnvelopeRefused('malformed', 'a full snapshot without its policy or table');
        next = { version: env.version, policy: body.policy, tables: [body.table.table] };
      } else {
        if (!cur) throw new EnvelopeRefused('base', 'a delta but no policy yet');
        next = { version: env.version, policy: body.policy ?? cur.policy, tables: applyTableChange(cur.tables, body.table) };
      }
      this.o.apply(next);
      this.wantFull = false;
      return false;
    } catch (e) {
      if (!(e instanceof EnvelopeRefused)) throw e;
      this.o.log(
        `fleet: từ chối bản chính sách (${e.reason}: ${e.message}); giữ phiên bản ${cur?.version ?? 0} / policy envelope refused (${e.reason}: ${e.message}); keeping version ${cur?.version ?? 0}`,
      );
      if (e.reason === 'base' && !this.wantFull) {
        this.wantFull = true;
        return true;
      }
      return false;
    }
  }
}

class Revoked extends Error {
  constructor() {
    super('revoked');
  }
}
