import { type BandToken, parseBandTokens, SchoolAddresses } from '../../engine/school-addresses.js';
import { loadAddressTokens, saveAddressTokens } from './node-files.js';

export interface AddressSyncOptions {
  central: string;
  nodeToken: string;
  dataDir: string;
  log: (line: string) => void;
  /** how often the tokens are asked for again (default an hour: a key the centre replaced reaches the node) */
  refreshMs?: number;
}

const REFRESH_MS = 3_600_000;
const REQUEST_TIMEOUT_MS = 10_000;

/**
 * A node's DoH/DoT addresses (issue 16): the tokens of its schools' bands from GET /fleet/addresses,
 * kept in `<data>/filter/node-policy/addresses.json` before they are served (a restart with the
 * centre down answers at the same addresses), asked for on start and every hour (a key replaced at
 * the centre reaches the node). The centre answers for every school the node was enrolled for —
 * fixed at enrolment, whether or not the policy names the school yet — so a policy change needs no
 * new ask. A failure keeps what the node has: the centre down, or this node revoked (403: nothing
 * new), never empties the addresses.
 */
export class NodeAddressSync {
  readonly addresses: SchoolAddresses;
  private running: Promise<void> | null = null;
  private failing = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly o: AddressSyncOptions) {
    let saved: BandToken[] | null = null;
    try {
      saved = loadAddressTokens(o.dataDir);
    } catch (e) {
      o.log(`fleet: địa chỉ DoH/DoT đã lưu hỏng, chờ trung tâm / saved DoH/DoT addresses damaged, waiting for the centre: ${(e as Error).message}`);
    }
    this.addresses = SchoolAddresses.fromTokens(saved ?? []);
  }

  /** Asks the centre now (one request at a time: a call during one waits for it). Never rejects. */
  refresh(): Promise<void> {
    this.running ??= this.once().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  start(): void {
    this.timer = setInterval(() => void this.refresh(), this.o.refreshMs ?? REFRESH_MS);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  private async once(): Promise<void> {
    const base = this.o.central.endsWith('/') ? this.o.central : `${this.o.central}/`;
    let tokens: BandToken[];
    try {
      const res = await fetch(new URL('api/v1/fleet/addresses', base), {
        headers: { authorization: `Bearer ${this.o.nodeToken}` },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (res.status === 403) return this.fail('trạm đã bị thu hồi, giữ địa chỉ đã có', 'this node was revoked, keeping the addresses it has');
      if (res.status !== 200) return this.fail(`trung tâm trả lời HTTP ${res.status}`, `the centre answered HTTP ${res.status}`);
      tokens = parseBandTokens(await res.json());
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause?.code ?? (e as Error).message;
      return this.fail(`không lấy được (${cause})`, `cannot fetch them (${cause})`);
    }
    // on disk before served: what the node answers at, it answers at after a restart too
    try {
      saveAddressTokens(this.o.dataDir, tokens);
    } catch (e) {
      return this.fail(`không lưu được (${(e as Error).message})`, `cannot keep them on disk (${(e as Error).message})`);
    }
    this.addresses.setTokens(tokens);
    if (this.failing) this.o.log(`fleet: địa chỉ DoH/DoT đã cập nhật lại / DoH/DoT addresses updated again (${this.o.central})`);
    this.failing = false;
  }

  /** One line when failures start, not one per try. */
  private fail(vi: string, en: string): void {
    if (!this.failing) this.o.log(`fleet: địa chỉ DoH/DoT từ trung tâm ${this.o.central}: ${vi} / DoH/DoT addresses from the centre ${this.o.central}: ${en}`);
    this.failing = true;
  }
}
