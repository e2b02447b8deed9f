// The few bytes of DNS wire format the benchmark needs: a query, and the rcode / first address of
// an answer (readiness probes), plus the question offsets the loopback upstream copies back.
// Benchmark tooling only; the product's codec is dns-packet.
import dgram from 'node:dgram';

export const TYPE = { A: 1, AAAA: 28 } as const;

export function encodeQuery(id: number, name: string, type: number): Buffer {
  const labels = name.replace(/\.$/, '').split('.');
  const q = Buffer.alloc(12 + labels.reduce((s, l) => s + l.length + 1, 0) + 1 + 4);
  q.writeUInt16BE(id, 0);
  q.writeUInt16BE(0x0100, 2); // RD
  q.writeUInt16BE(1, 4);
  let o = 12;
  for (const l of labels) {
    q[o++] = l.length;
    o += q.write(l, o, 'ascii');
  }
  q[o++] = 0;
  q.writeUInt16BE(type, o);
  q.writeUInt16BE(1, o + 2);
  return q;
}

/** End of the question section (offset after QTYPE/QCLASS), or -1 when malformed. */
export function questionEnd(msg: Buffer): number {
  let o = 12;
  while (o < msg.length) {
    const len = msg[o] as number;
    if (len === 0) return o + 5 <= msg.length ? o + 5 : -1;
    if (len >= 0xc0) return -1; // no compression in questions we send
    o += len + 1;
  }
  return -1;
}

function skipName(msg: Buffer, o: number): number {
  while (o < msg.length) {
    const len = msg[o] as number;
    if (len === 0) return o + 1;
    if (len >= 0xc0) return o + 2;
    o += len + 1;
  }
  return msg.length;
}

export interface Answer {
  id: number;
  rcode: number;
  /** first A/AAAA address in the answer section, if any */
  address: string | null;
}

export function decodeAnswer(msg: Buffer): Answer | null {
  if (msg.length < 12) return null;
  const id = msg.readUInt16BE(0);
  const rcode = (msg[3] as number) & 0x0f;
  const qd = msg.readUInt16BE(4);
  const an = msg.readUInt16BE(6);
  let o = 12;
  for (let i = 0; i < qd; i++) o = skipName(msg, o) + 4;
  for (let i = 0; i < an && o + 10 <= msg.length; i++) {
    o = skipName(msg, o);
    const type = msg.readUInt16BE(o);
    const rdlen = msg.readUInt16BE(o + 8);
    const rd = msg.subarray(o + 10, o + 10 + rdlen);
    o += 10 + rdlen;
    if (type === TYPE.A && rdlen === 4) return { id, rcode, address: [...rd].join('.') };
    if (type === TYPE.AAAA && rdlen === 16) {
      const parts: string[] = [];
      for (let j = 0; j < 16; j += 2) parts.push(rd.readUInt16BE(j).toString(16));
      return { id, rcode, address: parts.join(':') };
    }
  }
  return { id, rcode, address: null };
}

/** One UDP query; null on timeout. */
export function query(port: number, name: string, type: number = TYPE.A, timeoutMs = 300, host = '127.0.0.1'): Promise<Answer | null> {
  return new Promise((resolve) => {
    const sock = dgram.createSocket('udp4');
    const id = Math.floor(Math.random() * 65536);
    const done = (a: Answer | null) => {
      clearTimeout(timer);
      sock.close();
      resolve(a);
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    sock.on('error', () => done(null));
    sock.on('message', (m) => {
      const a = decodeAnswer(m);
      if (a && a.id === id) done(a);
    });
    sock.send(encodeQuery(id, name, type), port, host);
  });
}

export const RCODE = { NOERROR: 0, SERVFAIL: 2, NXDOMAIN: 3, REFUSED: 5 } as const;
