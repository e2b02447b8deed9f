import { createPrivateKey, createPublicKey, type KeyObject, sign } from 'node:crypto';
import type { Deps } from '../../../context.js';

/**
 * The centre's Ed25519 key that signs every policy envelope (issue 16).
 *
 * Derived from the platform's root secret key (Sealer.derive, a label of its own), not stored in a
 * file of its own: every central instance of one city already shares that secret, so they all sign
 * with the same key and a node enrolled through instance A trusts what instance B sends, with no
 * key to copy between them and nothing new to back up. The root secret is never rotated (the data
 * keys are — src/keys), so rotating the data keys does not orphan the fleet's trust; a compromised
 * root secret means a new secret and re-enrolling the nodes anyway.
 */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');
const LABEL = 'fleet-policy-signing-v1';

const keys = new WeakMap<object, { privateKey: KeyObject; publicRaw: Buffer }>();

function keyPair(deps: Pick<Deps, 'sealer'>): { privateKey: KeyObject; publicRaw: Buffer } {
  let k = keys.get(deps.sealer);
  if (!k) {
    const seed = Buffer.from(deps.sealer.derive(LABEL), 'base64url');
    const privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
    k = { privateKey, publicRaw: Buffer.from(spki.subarray(spki.length - 32)) };
    keys.set(deps.sealer, k);
  }
  return k;
}

/** base64 of the raw 32-byte Ed25519 public key: what a node pins at enrolment. */
export function fleetPublicKey(deps: Pick<Deps, 'sealer'>): string {
  return keyPair(deps).publicRaw.toString('base64');
}

/** Ed25519 signature (64 bytes) over `data` with the centre's key. */
export function fleetSign(deps: Pick<Deps, 'sealer'>, data: Uint8Array): Buffer {
  return sign(null, data, keyPair(deps).privateKey);
}
