// The local upstream every resolver under test forwards to: a tiny authoritative UDP responder on
// loopback. It answers every name at once: A 198.51.100.x / AAAA 2001:db8::x (documentation
// ranges, x from a hash of the name), TTL 1 day, so forwarded answers stay cached for the whole run;
// any other type gets NOERROR with no data. It copies the question back byte for byte and echoes
// an EDNS OPT record when the query had one. It sees only the warm-up: after it, allowed names are
// answered from the resolvers' caches and blocked names never leave the resolver.
//   node --import tsx bench/dns/upstream.ts PORT
import dgram from 'node:dgram';
import { questionEnd } from './wire.js';

const port = Number(process.argv[2] ?? 5399);
const sock = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 });
const OPT = Buffer.from([0, 0, 41, 0x10, 0, 0, 0, 0, 0, 0, 0]); // root, type OPT, 4096, no flags, rdlen 0
let answered = 0;

sock.on('message', (msg, rinfo) => {
  const qend = questionEnd(msg);
  if (qend < 0 || msg.readUInt16BE(4) !== 1) return;
  const qtype = msg.readUInt16BE(qend - 4);
  const hadOpt = msg.readUInt16BE(10) > 0;
  let h = 2166136261;
  for (let i = 12; i < qend - 4; i++) h = Math.imul(h ^ ((msg[i] as number) | 0x20), 16777619);
  const x = ((h >>> 0) % 250) + 1;
  const rdata = qtype === 1 ? Buffer.from([198, 51, 100, x]) : qtype === 28 ? Buffer.from([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, x]) : null;
  const parts: Buffer[] = [msg.subarray(0, qend)];
  if (rdata) {
    const rr = Buffer.alloc(12);
    rr.writeUInt16BE(0xc00c, 0); // name: pointer to the question
    rr.writeUInt16BE(qtype, 2);
    rr.writeUInt16BE(1, 4);
    rr.writeUInt32BE(86400, 6);
    rr.writeUInt16BE(rdata.length, 10);
    parts.push(rr, rdata);
  }
  if (hadOpt) parts.push(OPT);
  const out = Buffer.concat(parts);
  out[2] = 0x84 | ((msg[2] as number) & 0x01); // QR, AA, keep RD
  out[3] = 0x80; // RA, NOERROR
  out.writeUInt16BE(rdata ? 1 : 0, 6);
  out.writeUInt16BE(0, 8);
  out.writeUInt16BE(hadOpt ? 1 : 0, 10);
  sock.send(out, rinfo.port, rinfo.address);
  answered++;
});
sock.bind(port, '127.0.0.1', () => process.stdout.write(`upstream listening on 127.0.0.1:${port}\n`));
process.on('SIGTERM', () => {
  process.stdout.write(`upstream answered ${answered}\n`);
  process.exit(0);
});
