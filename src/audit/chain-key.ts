import { createHash, createHmac, createPrivateKey, createPublicKey, hkdfSync, type KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Config } from '../config.js';
import type { Database } from '../db/schema.js';
import { loadOrCreateKey } from '../shared/secrets.js';
import type { AuditLogTable } from './tables.js';

/**
 * The audit chain is keyed with the platform's secret key, so that someone who can write the
 * database but does not hold the key cannot recompute valid hashes after editing, deleting or
 * renumbering entries. Two subkeys are derived with HKDF, each with its own label, so the
 * AES key that seals identifying fields is never used for anything else:
 *  - an HMAC-SHA256 key for the entries' hashes;
 *  - an Ed25519 key pair that signs the anchors (src/audit/anchor.ts). Ed25519 rather than HMAC
 *    so an anchor copied off the machine can be checked by anyone given the public key, without
 *    handing them the secret. The pair is derived, not stored: nothing extra to back up or lose.
 */
export interface AuditKeys {
  readonly hmac: Buffer;
  readonly signing: KeyObject;
  readonly verifying: KeyObject;
  /** the Ed25519 public key, raw 32 bytes in base64: what is published and written into anchors */
  readonly publicKey: string;
}

export type HashAlg = AuditLogTable['hash_alg'];
export const KEYED_ALG: HashAlg = 'hmac-sha256';
export const LEGACY_ALG: HashAlg = 'sha256';

// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): a fixed prefix, then the 32 bytes.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function subkey(secretKey: Buffer, label: string): Buffer {
  return Buffer.from(hkdfSync('sha256', secretKey, 'lachan', label, 32));
}

export function deriveAuditKeys(secretKey: Buffer): AuditKeys {
  if (secretKey.length !== 32) throw new Error('secret key must be 32 bytes');
  const signing = createPrivateKey({ key: Buffer.concat([ED25519_PKCS8_PREFIX, subkey(secretKey, 'audit-anchor ed25519 v1')]), format: 'der', type: 'pkcs8' });
  const verifying = createPublicKey(signing);
  const spki = verifying.export({ format: 'der', type: 'spki' });
  return { hmac: subkey(secretKey, 'audit-chain hmac v1'), signing, verifying, publicKey: spki.subarray(spki.length - 32).toString('base64') };
}

/**
 * Keys by database handle. Audit entries are appended from some ninety places that hold only a
 * transaction (`appendAudit(trx, …)`); threading the key through all of them would touch every
 * feature. A transaction shares its database's dialect adapter object (Kysely keeps it across
 * transactions and plugins; src/db/prepared.ts caches by it too), so the key is found from any
 * transaction of a database once that database has been bound, and never from another one.
 */
const bound = new WeakMap<object, AuditKeys>();

type Handle = Kysely<Database> | { kysely: Kysely<Database> };
const adapterOf = (h: Handle): object => ('kysely' in h ? h.kysely : h).getExecutor().adapter;

/** Called once where a database is opened with the platform's secret key (platform.ts, CLI, tests). */
export function bindAuditKey(db: Handle, secretKey: Buffer): AuditKeys {
  const keys = deriveAuditKeys(secretKey);
  bound.set(adapterOf(db), keys);
  return keys;
}

export function auditKeysOf(db: Handle): AuditKeys {
  const keys = bound.get(adapterOf(db));
  // Loud on purpose: writing an unkeyed entry would silently weaken the chain.
  if (!keys) throw new Error('audit chain key not bound to this database: call bindAuditKey after opening it');
  return keys;
}

/**
 * The secret key for commands that only read (audit verify): never creates one, because a new
 * key would make every entry look forged. Same sources as the platform: LACHAN_SECRET_KEY or the
 * 0600 file in the data dir.
 */
export function loadExistingSecretKey(cfg: Pick<Config, 'dataDir' | 'secretKey'>): Buffer | null {
  if (!cfg.secretKey && !existsSync(path.join(cfg.dataDir, 'secret.key'))) return null;
  return loadOrCreateKey(cfg.dataDir, cfg.secretKey ?? undefined);
}

type Entry = Omit<AuditLogTable, 'hash' | 'hash_alg'>;

const fields = (e: Entry) => [e.seq, e.at, e.actor_type, e.actor_id, e.actor_label, e.action, e.subject_type, e.subject_id, e.ip, e.detail, e.prev_hash];

/** Entries written before the chain was keyed (migration 0050): plain SHA-256, as they were. */
export function legacyHash(e: Entry): string {
  return createHash('sha256')
    .update(JSON.stringify(fields(e)))
    .digest('hex');
}

/** HMAC-SHA256 over every column but the hash, the algorithm's name first so an entry cannot change kind. */
export function keyedHash(key: Buffer, e: Entry): string {
  return createHmac('sha256', key)
    .update(JSON.stringify([KEYED_ALG, ...fields(e)]))
    .digest('hex');
}
