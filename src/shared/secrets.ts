import { createCipheriv, createDecipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { KeyRing } from './keyring.js';

/** The key id of values sealed with the root secret key before the ring existed ("v1."). */
export const LEGACY = 'legacy';

/**
 * Field-level encryption for identifying data (AES-256-GCM), as text a column holds on both
 * databases (base64url parts joined by dots):
 *  - "k1.<key id>.<iv>.<tag>.<ciphertext>": sealed with a key of the ring (shared/keyring.ts);
 *  - "v1.<iv>.<tag>.<ciphertext>": sealed before the ring existed, with the root secret key itself.
 * Values are sealed with the ring's current key (v1 while the ring has none) and opened with
 * whichever key they name, so a rotation can re-seal rows while the server keeps running.
 * The root secret key lives in LACHAN_SECRET_KEY (base64, 32 bytes) or, for the embedded default,
 * in <data dir>/secret.key created with mode 0600 on first start; it also derives the MAC keys
 * (derive()), which rotation leaves alone.
 */
export class Sealer {
  readonly ring: KeyRing;

  constructor(
    private readonly key: Buffer,
    ring?: KeyRing,
  ) {
    if (key.length !== 32) throw new Error('secret key must be 32 bytes');
    this.ring = ring ?? new KeyRing(key, null);
  }

  seal(plain: string): string {
    const current = this.ring.current();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', current?.key ?? this.key, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    const parts = [iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')];
    return (current ? ['k1', current.id, ...parts] : ['v1', ...parts]).join('.');
  }

  open(sealed: string): string {
    const parts = sealed.split('.');
    const kind = parts[0];
    const [iv, tag, ct] = kind === 'k1' ? parts.slice(2) : parts.slice(1);
    if ((kind !== 'v1' && kind !== 'k1') || parts.length !== (kind === 'k1' ? 5 : 4) || iv === undefined || tag === undefined || ct === undefined) {
      throw new Error('not a sealed value');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.keyFor(kind === 'k1' ? (parts[1] as string) : LEGACY), Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** The id of the key a sealed value names ("legacy" for v1 values). */
  keyIdOf(sealed: string): string {
    return sealed.startsWith('k1.') ? (sealed.split('.', 2)[1] ?? '') : LEGACY;
  }

  /** The id new values are sealed under now ("legacy" while the ring has no key). */
  currentKeyId(): string {
    return this.ring.current()?.id ?? LEGACY;
  }

  /**
   * A key for encrypting files at rest (evidence), tied to a ring key: derived from it with its
   * own label, so one ring key never serves two ciphers. "legacy" is the key evidence files had
   * before the ring (derived from the root secret), refused once legacy is closed.
   */
  fileKey(id: string): Buffer {
    if (id === LEGACY) {
      if (!this.ring.legacyOpen) throw new Error('the legacy key has been removed by a key rotation');
      return Buffer.from(this.derive('evidence-v1'), 'base64url');
    }
    return Buffer.from(hkdfSync('sha256', this.keyFor(id), 'lachan', 'evidence file v1', 32));
  }

  private keyFor(id: string): Buffer {
    if (id === LEGACY) {
      if (!this.ring.legacyOpen) throw new Error('the legacy key has been removed by a key rotation');
      return this.key;
    }
    const key = this.ring.key(id);
    if (key === undefined) throw new Error(`sealed with key ${id}, which is not in the key ring`);
    return key;
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

/** The secret key and the key ring of a data dir: what every process that seals or opens fields uses. */
export function openSealer(dataDir: string, envKey: string | undefined): { sealer: Sealer; secretKey: Buffer } {
  const secretKey = loadOrCreateKey(dataDir, envKey);
  return { sealer: new Sealer(secretKey, new KeyRing(secretKey, dataDir)), secretKey };
}

export const sha256Hex = (s: string | Buffer): string => createHash('sha256').update(s).digest('hex');

/**
 * The columns of a feature's tables that hold values sealed by a Sealer, declared beside the
 * tables (each feature's `tables.ts`) and composed in keys/sealed-columns.ts, so `lachan keys
 * rotate` re-seals all of them. The rows of every such table are found by their `id`.
 */
export type SealedColumns<T> = { readonly [K in keyof T]?: readonly Extract<keyof T[K], string>[] };
