import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A self-signed certificate for the DoH/DoT tests, made by the openssl CLI: for `*.dot.test` (the
 * DoT names), `dns.test` and 127.0.0.1. Clients in the tests do not verify it (kdig's
 * opportunistic profile, curl -k); what is tested is the DNS inside the TLS.
 */
export function selfSignedCertificate(): { dir: string; certFile: string; keyFile: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lachan-tls-'));
  const certFile = path.join(dir, 'cert.pem');
  const keyFile = path.join(dir, 'key.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=dns.test',
      '-addext',
      'subjectAltName=DNS:dns.test,DNS:*.dot.test,IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'ignore' },
  );
  return { dir, certFile, keyFile, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
