// The runtime's ceiling: a bare Node.js UDP server that sends each query straight back with the QR
// bit set (a syntactically valid, empty answer). No parsing, no lookup, no cache: whatever a DNS
// filter written in Node.js does, it cannot answer faster than this on the same machine.
// It sends the way the filter does (src/filter/engine/server.ts): the destination is the numeric
// source address, handed back by the socket's look-up at once, not through dns.lookup's extra tick.
//   node --import tsx bench/dns/echo.ts PORT
import dgram from 'node:dgram';

const port = Number(process.argv[2] ?? 5398);
const numeric = ((address: string, family: number, cb: (err: null, address: string, family: number) => void) =>
  cb(null, address, family)) as unknown as NonNullable<dgram.SocketOptions['lookup']>;
const sock = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20, sendBufferSize: 4 << 20, lookup: numeric });
sock.on('message', (msg, rinfo) => {
  if (msg.length < 12) return;
  msg[2] = (msg[2] as number) | 0x80;
  sock.send(msg, rinfo.port, rinfo.address);
});
sock.bind(port, '127.0.0.1', () => process.stdout.write(`echo listening on 127.0.0.1:${port}\n`));
