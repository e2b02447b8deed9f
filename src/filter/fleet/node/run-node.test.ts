import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config.js';
import { selfSignedCertificate } from '../../testing/self-signed.js';
import { nodeFile } from './node-files.js';
import { runNode } from './run-node.js';

/**
 * Issue 16 QA: a filter station stops with one clear line, in the operator's language, before it
 * enrols or binds anything — when the centre cannot be reached and when the centre's address is
 * not a URL (DoH/DoT configured are no reason to stop any more: test/fleet-node-encrypted.test.ts).
 * Real sockets, real files; no database involved.
 */
const vi = (v: string) => v;
const en = (_v: string, e: string) => e;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
const canBind = (port: number): Promise<boolean> =>
  new Promise((resolve) => {
    const s = net.createServer().listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
    s.on('error', () => resolve(false));
  });

describe('lachan filter --central: refusals before anything starts', () => {
  let dataDir: string;
  let cert: ReturnType<typeof selfSignedCertificate>;
  const env = (more: Record<string, string> = {}) => ({ LACHAN_DATA_DIR: dataDir, LACHAN_LOG_LEVEL: 'silent', LACHAN_DNS_ADDR: '127.0.0.1:0', ...more });

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'lachan-node-'));
    cert = selfSignedCertificate();
  });
  afterAll(() => {
    cert.remove();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("with DoH/DoT configured, a station goes on to enrol (it serves them with its centre's tokens) and opens no port before that", async () => {
    const doh = await freePort();
    const dot = await freePort();
    const closed = await freePort();
    const cfg = loadConfig(
      env({ LACHAN_DOH_ADDR: `127.0.0.1:${doh}`, LACHAN_DOT_ADDR: `127.0.0.1:${dot}`, LACHAN_TLS_CERT: cert.certFile, LACHAN_TLS_KEY: cert.keyFile }),
    );
    // no longer the old refusal: what stops it is the centre it cannot reach
    await expect(runNode(cfg, { central: `http://127.0.0.1:${closed}`, token: 'lce_x' }, en)).rejects.toThrow(/^cannot reach the centre/);
    expect(await canBind(doh)).toBe(true);
    expect(await canBind(dot)).toBe(true);
    expect(existsSync(nodeFile(dataDir))).toBe(false);
  });

  it('names the centre and what to check when it cannot be reached, and when its address is not a URL', async () => {
    const closed = await freePort();
    const cfg = loadConfig(env());
    await expect(runNode(cfg, { central: `http://127.0.0.1:${closed}`, token: 'lce_x' }, vi)).rejects.toThrow(
      `không kết nối được trung tâm http://127.0.0.1:${closed}/ (ECONNREFUSED); kiểm tra địa chỉ --central, mạng và tường lửa của trường`,
    );
    await expect(runNode(cfg, { central: `http://127.0.0.1:${closed}`, token: 'lce_x' }, en)).rejects.toThrow(
      /^cannot reach the centre http:\/\/127\.0\.0\.1:\d+\/ \(ECONNREFUSED\)/,
    );
    for (const bad of ['lachan.hanoi.edu.vn', 'ftp://x.vn', ''])
      await expect(runNode(cfg, { central: bad, token: 'lce_x' }, vi)).rejects.toThrow(`địa chỉ trung tâm không hợp lệ: '${bad}'`);
    await expect(runNode(cfg, { central: 'http://127.0.0.1:9' }, vi)).rejects.toThrow(/^lần chạy đầu cần --token/);
    expect(existsSync(nodeFile(dataDir))).toBe(false);
  });
});
