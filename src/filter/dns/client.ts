import dgram from 'node:dgram';
import net from 'node:net';
import dnsPacket from 'dns-packet';
import { buildQuery, T } from './wire.js';

/**
 * A small DNS client: one question over UDP or TCP, the answer as raw bytes and decoded. Used by
 * the tests and by operators (`lachan filter query`) to look at what the filter answers.
 */
export interface ClientQuery {
  host: string;
  port: number;
  name: string;
  type?: number | keyof typeof T;
  tcp?: boolean;
  edns?: boolean;
  dnssecOk?: boolean;
  timeoutMs?: number;
}

export interface ClientAnswer {
  raw: Buffer;
  packet: dnsPacket.Packet;
  rcode: string;
  truncated: boolean;
  /** Extended DNS Error, when present */
  ede: { code: number; text: string } | null;
}

export function decodeAnswer(raw: Buffer): ClientAnswer {
  const packet = dnsPacket.decode(raw);
  let ede: ClientAnswer['ede'] = null;
  for (const a of packet.additionals ?? []) {
    if (a.type !== 'OPT') continue;
    for (const o of (a as dnsPacket.OptAnswer).options ?? []) {
      const opt = o as { code: number; data?: Buffer };
      if (opt.code === 15 && opt.data && opt.data.length >= 2) ede = { code: opt.data.readUInt16BE(0), text: opt.data.subarray(2).toString('utf8') };
    }
  }
  return { raw, packet, rcode: (packet as { rcode?: string }).rcode ?? 'NOERROR', truncated: ((packet.flags ?? 0) & 0x200) !== 0, ede };
}

export function rawQuery(q: ClientQuery): Buffer {
  const type = typeof q.type === 'string' ? T[q.type] : (q.type ?? T.A);
  const id = Math.floor(Math.random() * 65536);
  const msg = buildQuery(id, q.name, type, 1, q.dnssecOk === true);
  if (q.edns === false) {
    // no OPT record
    const noOpt = Buffer.from(msg.subarray(0, msg.length - 11));
    noOpt.writeUInt16BE(0, 10);
    return noOpt;
  }
  return msg;
}

export function exchange(host: string, port: number, msg: Buffer, tcp = false, timeoutMs = 3000): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    if (tcp) {
      const sock = net.connect({ host, port });
      let buf = Buffer.alloc(0);
      const timer = setTimeout(() => {
        sock.destroy();
        reject(new Error('timeout'));
      }, timeoutMs);
      sock.on('connect', () => {
        const len = Buffer.alloc(2);
        len.writeUInt16BE(msg.length);
        sock.write(Buffer.concat([len, msg]));
      });
      sock.on('data', (d) => {
        buf = Buffer.concat([buf, d]);
        if (buf.length >= 2 && buf.length >= 2 + buf.readUInt16BE(0)) {
          clearTimeout(timer);
          sock.destroy();
          resolve(buf.subarray(2, 2 + buf.readUInt16BE(0)));
        }
      });
      sock.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      return;
    }
    const s = dgram.createSocket(host.includes(':') ? 'udp6' : 'udp4');
    const timer = setTimeout(() => {
      s.close();
      reject(new Error('timeout'));
    }, timeoutMs);
    s.on('message', (m) => {
      if (m.length >= 2 && m.readUInt16BE(0) !== msg.readUInt16BE(0)) return;
      clearTimeout(timer);
      s.close();
      resolve(m);
    });
    s.send(msg, port, host);
  });
}

export async function query(q: ClientQuery): Promise<ClientAnswer> {
  return decodeAnswer(await exchange(q.host, q.port, rawQuery(q), q.tcp === true, q.timeoutMs));
}
