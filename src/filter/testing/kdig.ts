import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * kdig (knot-dnsutils) — a real DNS client over UDP, DNS-over-HTTPS (+https) and DNS-over-TLS
 * (+tls) — reduced to what the filter decided: the status, the Extended DNS Error and the answer
 * records without their TTLs (which count down between two asks).
 */
export interface Dug {
  status: string;
  ede: string | null;
  answers: string[];
}

export async function kdig(server: string, port: number, name: string, ...args: string[]): Promise<Dug> {
  // EDNS on every transport (kdig pads DoH/DoT queries, hence uses EDNS there): the Extended DNS Error comes back
  const { stdout } = await run('kdig', [`@${server}`, '-p', String(port), '+retry=0', '+timeout=3', '+edns', ...args, name]);
  const status = /opcode: \w+; status: (\w+)/.exec(stdout)?.[1];
  if (!status) throw new Error(`kdig: no answer\n${stdout}`);
  const ede = /EDE: ([^\n]+)/.exec(stdout)?.[1]?.trim() ?? null;
  const answers: string[] = [];
  let inAnswer = false;
  for (const line of stdout.split('\n')) {
    if (line.startsWith(';; ANSWER SECTION')) inAnswer = true;
    else if (line.startsWith(';;')) inAnswer = false;
    else if (inAnswer && line.trim()) {
      const p = line.split(/\s+/);
      answers.push(`${p[0]} ${p[3]} ${p.slice(4).join(' ')}`);
    }
  }
  return { status, ede, answers };
}
