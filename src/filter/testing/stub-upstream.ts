import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';

/**
 * A real DNS server on loopback for the tests: answers from a small zone, NXDOMAIN with an SOA
 * otherwise, truncates over UDP like a real server, and can be told to go silent or to lie.
 */
export type StubRecord = { type: string; data: unknown; ttl?: number };

export interface StubUpstream {
  port: number;
  addr: string;
  /** questions received, "name TYPE" */
  seen: string[];
  zone: Map<string, StubRecord[]>;
  mode: 'normal' | 'silent' | 'wrong-id' | 'wrong-question' | 'servfail';
  delayMs: number;
  close(): Promise<void>;
}

export async function startStubUpstream(zone: Record<string, StubRecord[]> = {}): Promise<StubUpstream> {
  const stub: StubUpstream = {
    port: 0,
    addr: '',
    seen: [],
    zone: new Map(Object.entries(zone).map(([k, v]) => [k.toLowerCase(), v])),
    mode: 'normal',
    delayMs: 0,
    close: async () => {},
  };

  const answer = (msg: Buffer, maxSize: number | null): Buffer | null => {
    const q = dnsPacket.decode(msg);
    const question = q.questions?.[0];
    if (!question) return null;
    stub.seen.push(`${question.name.toLowerCase()} ${question.type}`);
    if (stub.mode === 'silent') return null;
    const opt = (q.additionals ?? []).find((a) => a.type === 'OPT') as dnsPacket.OptAnswer | undefined;
    const records = stub.zone.get(question.name.toLowerCase());
    const base = {
      id: stub.mode === 'wrong-id' ? (q.id! + 1) & 0xffff : q.id,
      type: 'response' as const,
      flags: dnsPacket.RECURSION_DESIRED | dnsPacket.RECURSION_AVAILABLE,
      questions: [stub.mode === 'wrong-question' ? { ...question, name: `evil.${question.name}` } : question],
      additionals: opt ? [{ type: 'OPT' as const, name: '.', udpPayloadSize: 4096, flags: 0, options: [] }] : [],
    };
    let out: Buffer;
    if (stub.mode === 'servfail') {
      out = dnsPacket.encode({ ...base, rcode: 'SERVFAIL', flags: base.flags | 2 } as unknown as dnsPacket.Packet);
    } else if (!records) {
      out = dnsPacket.encode({
        ...base,
        flags: base.flags | 3,
        authorities: [
          { name: 'test', type: 'SOA', ttl: 300, data: { mname: 'ns.test', rname: 'h.test', serial: 1, refresh: 60, retry: 60, expire: 60, minimum: 60 } },
        ],
      } as unknown as dnsPacket.Packet);
    } else {
      const answers = records
        .filter((r) => r.type === question.type || r.type === 'CNAME')
        .map((r) => ({ name: question.name, type: r.type, ttl: r.ttl ?? 300, data: r.data }));
      out = dnsPacket.encode({
        ...base,
        answers,
        authorities: answers.length
          ? []
          : [{ name: 'test', type: 'SOA', ttl: 300, data: { mname: 'ns.test', rname: 'h.test', serial: 1, refresh: 60, retry: 60, expire: 60, minimum: 30 } }],
      } as unknown as dnsPacket.Packet);
    }
    const limit = maxSize === null ? 65535 : opt ? Math.max(512, opt.udpPayloadSize ?? 512) : 512;
    if (out.length > limit) {
      const t = dnsPacket.encode({ ...base, flags: base.flags | dnsPacket.TRUNCATED_RESPONSE } as unknown as dnsPacket.Packet);
      return t;
    }
    return out;
  };

  const udp = dgram.createSocket('udp4');
  udp.on('message', (msg, rinfo) => {
    let out: Buffer | null = null;
    try {
      out = answer(msg, 0);
    } catch {
      return;
    }
    if (!out) return;
    const o = out;
    setTimeout(() => udp.send(o, rinfo.port, rinfo.address), stub.delayMs);
  });
  await new Promise<void>((r) => udp.bind(0, '127.0.0.1', () => r()));
  stub.port = udp.address().port;
  stub.addr = `127.0.0.1:${stub.port}`;
  const tcp = net.createServer((sock) => {
    let buf = Buffer.alloc(0);
    sock.on('error', () => {});
    sock.on('data', (d) => {
      buf = Buffer.concat([buf, d]);
      while (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
        const msg = buf.subarray(2, 2 + buf.readUInt16BE(0));
        buf = buf.subarray(2 + msg.length);
        const out = answer(Buffer.from(msg), null);
        if (!out) continue;
        const len = Buffer.alloc(2);
        len.writeUInt16BE(out.length);
        sock.write(Buffer.concat([len, out]));
      }
    });
  });
  await new Promise<void>((r) => tcp.listen(stub.port, '127.0.0.1', () => r()));
  stub.close = () =>
    new Promise<void>((resolve) => {
      udp.close();
      tcp.close(() => resolve());
    });
  return stub;
}
