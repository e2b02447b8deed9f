// The runtime's ceiling: a bare Node.js UDP server that sends each query straight back with the QR
// bit set (a syntactically valid, empty answer). No parsing, no lookup, no cache: whatever a DNS
// filter written in Node.js does, it cannot answer faster than this on the same machine.
//   node --import tsx bench/dns/echo.ts PORT
import dgram from 'node:dgram';

const port = Number(process.argv[2] ?? 5398);
const sock = dgram.createSocket({ type: 'udp4', recvBufferSize: 4 << 20, sendBufferSize: 4 << 20 });
sock.on('message', (msg, rinfo) => {
  if (msg.length < 12) return;
  msg[2] = (msg[2] as number) | 0x80;
  sock.send(msg, rinfo.port, rinfo.address);
});
sock.bind(port, '127.0.0.1', () => process.stdout.write(`echo listening on 127.0.0.1:${port}\n`));
