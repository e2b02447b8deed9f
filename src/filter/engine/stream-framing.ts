import type { Socket } from 'node:net';

/**
 * DNS over a byte stream — TCP (server.ts) and TLS (dot.ts): messages prefixed with their length
 * in two bytes (RFC 1035 §4.2.2), several per connection, answered as they complete and so out of
 * order (RFC 7766 §6.2.1.1; the ID pairs them). One reading of the frames for both transports.
 *
 * A client that sends without reading is cut off once MAX_PENDING answers wait for the upstream,
 * and so is one that announces more than a DNS message can hold. DoH needs none of this: HTTP
 * frames its messages (doh.ts reads one body of at most MAX_DNS_MESSAGE bytes).
 */
export type Answerer = (msg: Buffer) => Buffer | null | Promise<Buffer | null>;

/** The largest DNS message: what two length bytes can say (RFC 1035; RFC 8484 §6). */
export const MAX_DNS_MESSAGE = 65_535;
const MAX_PENDING = 64;

export function serveDnsStream(sock: Socket, answer: Answerer): void {
  let buf: Buffer = Buffer.alloc(0);
  let pending = 0;
  const send = (b: Buffer | null) => {
    if (!b || sock.destroyed) return;
    const out = Buffer.allocUnsafe(2 + b.length);
    out.writeUInt16BE(b.length, 0);
    b.copy(out, 2);
    sock.write(out);
  };
  sock.on('data', (d: Buffer) => {
    buf = buf.length ? Buffer.concat([buf, d]) : d;
    while (buf.length >= 2) {
      const n = buf.readUInt16BE(0);
      if (buf.length < 2 + n) break;
      // a copy: the engine may keep the query (an upstream retry) after the read buffer is reused
      const msg = Buffer.from(buf.subarray(2, 2 + n));
      buf = buf.subarray(2 + n);
      if (pending >= MAX_PENDING) {
        sock.destroy();
        return;
      }
      let r: ReturnType<Answerer>;
      try {
        r = answer(msg);
      } catch {
        continue;
      }
      if (r instanceof Promise) {
        pending++;
        r.then(
          (b) => {
            pending--;
            send(b);
          },
          () => {
            pending--;
          },
        );
      } else send(r);
    }
    // one message is at most MAX_DNS_MESSAGE bytes: more than that unframed is not DNS
    if (buf.length > MAX_DNS_MESSAGE + 2) sock.destroy();
  });
}
