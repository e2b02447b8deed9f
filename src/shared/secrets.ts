import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Field-level encryption for identifying data (AES-256-GCM). A sealed value is
 * "v1.<iv>.<tag>.<ciphertext>" in base64url, so a column can hold it as text on both databases.
 * The key lives in LACHAN_SECRET_KEY (base64, 32 bytes) or, for the embedded default,
 * in <data dir>/secret.key created with mode 0600 on first start.
 */
export class Sealer {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('secret key must be 32 bytes');
  }

  seal(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
  }

  open(sealed: string): string {
    const [v, iv, tag, ct] = sealed.split('.');
    if (v !== 'v1' || iv === undefined || tag === undefined || ct === undefined) throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  private readonly derived = new Map<string, string>();

  /** A second key derived for signing cookies, so one secret serves both. (Pure: computed once per label.) */
  derive(label: string): string {
    let k = this.derived.get(label);
    if (k === undefined) {
      k = createHash('sha256').update(this.key).update(label).digest('base64url');
      this.derived.set(label, k);
    }
    return k;
  }
}

export function loadOrCreateKey(dataDir: string, envKey: string | undefined): Buffer {
  if (envKey) {
    const key = Buffer.from(envKey, 'base64');
    if (key.length !== 32) throw new Error('LACHAN_SECRET_KEY must be 32 bytes, base64-encoded');
    return key;
  }
  const file = path.join(dataDir, 'secret.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}

export const sha256Hex = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');
