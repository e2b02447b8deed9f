// Lightweight fleet nodes for bench/fleet/run.ts: raw TCP sockets speaking just enough HTTP/1.1 to
// hold GET /api/v1/fleet/stream?since=N open and read its events (no policy is decoded or applied:
// this measures the centre). One process holds a few thousand; run.ts starts several. Each
// connection leaves from one of many loopback source addresses (127.0.0.x): one address has
// ~28,000 ephemeral ports, and the API's per-address limit (600/min) is meant for real clients.
// Reports over IPC: how many are connected, and per version the receipt times (epoch ms).
import net from 'node:net';

interface Start {
  port: number;
  tokens: string[];
  since: number;
  /** this process's share of the loopback source addresses: 127.0.0.<first> … */
  firstSource: number;
  sources: number;
}

interface Conn {
  latest: number;
  /** version → receipt time (ms since the epoch) */
  got: Map<number, number>;
  open: boolean;
}

const conns: Conn[] = [];
let start: Start | null = null;
let reconnects = 0;
let refused = 0;
/** the bytes of one event (data line decoded) for each version, from the first connection that got it */
const eventBytes = new Map<number, { wire: number; envelope: number }>();

function open(i: number, conn: Conn): void {
  if (!start) return;
  const s = start;
  const socket = net.connect({ host: '127.0.0.1', port: s.port, localAddress: `127.0.0.${s.firstSource + (i % s.sources)}` });
  socket.setNoDelay(true);
  let buf = '';
  let headerDone = false;
  socket.on('connect', () => {
    socket.write(
      `GET /api/v1/fleet/stream?since=${conn.latest || s.since} HTTP/1.1\r\nHost: centre\r\nAuthorization: Bearer ${s.tokens[i]}\r\nAccept: text/event-stream\r\n\r\n`,
    );
  });
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buf += chunk;
    if (!headerDone) {
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      const status = Number(buf.slice(9, 12));
      if (status !== 200) {
        refused++;
        socket.destroy();
        return;
      }
      headerDone = true;
      conn.open = true;
      buf = buf.slice(end + 4);
    }
    // events end with a blank line; the stream is chunked: chunk-size lines sit between, so match
    // the event fields wherever they are
    for (;;) {
      const at = buf.indexOf('\n\n');
      if (at < 0) break;
      const block = buf.slice(0, at);
      buf = buf.slice(at + 2);
      const id = /(?:^|\n)id: (\d+)/.exec(block);
      if (!id) continue;
      const v = Number(id[1]);
      const now = performance.timeOrigin + performance.now();
      if (v > conn.latest) conn.latest = v;
      if (!conn.got.has(v)) conn.got.set(v, now);
      if (!eventBytes.has(v)) {
        const data = /(?:^|\n)data: ([A-Za-z0-9+/=]+)/.exec(block)?.[1] ?? '';
        eventBytes.set(v, { wire: block.length + 2, envelope: Buffer.from(data, 'base64').length });
      }
    }
  });
  socket.on('error', () => {});
  socket.on('close', () => {
    conn.open = false;
    if (stopping) return;
    reconnects++;
    setTimeout(() => open(i, conn), 200 + Math.random() * 800);
  });
}

let stopping = false;
// the benchmark ended (or died): so does this process
process.on('disconnect', () => process.exit(0));

process.on('message', (m: { type: string } & Partial<Start> & { version?: number }) => {
  if (m.type === 'start') {
    start = m as Start;
    const s = start;
    let next = 0;
    // a few hundred handshakes in flight at a time: the centre's accept queue is not the test
    const batch = () => {
      const until = Math.min(s.tokens.length, next + 200);
      for (; next < until; next++) {
        const c: Conn = { latest: 0, got: new Map(), open: false };
        conns.push(c);
        open(next, c);
      }
      if (next < s.tokens.length) setTimeout(batch, 50);
    };
    batch();
  } else if (m.type === 'status') {
    const v = m.version ?? 0;
    process.send?.({
      type: 'status',
      connected: conns.filter((c) => c.open).length,
      atLeast: conns.filter((c) => c.latest >= v).length,
      reconnects,
      refused,
    });
  } else if (m.type === 'times') {
    // for each connection: when it first held `version` or newer (an event for a later version
    // brings it too: the stream coalesces)
    const v = m.version ?? 0;
    const times: number[] = [];
    let missing = 0;
    for (const c of conns) {
      let t = Number.POSITIVE_INFINITY;
      for (const [ver, at] of c.got) if (ver >= v && at < t) t = at;
      if (Number.isFinite(t)) times.push(t);
      else missing++;
    }
    const events = conns.map((c) => [...c.got.keys()].filter((ver) => ver >= v).length);
    process.send?.({ type: 'times', times, missing, events, bytes: eventBytes.get(v) ?? null });
  } else if (m.type === 'stop') {
    stopping = true;
    process.exit(0);
  }
});
