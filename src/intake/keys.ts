import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';
import type { Sealer } from '../shared/secrets.js';

/**
 * Secrets and keys of the reporting centre: tracking codes, PINs, and the keyed hashes through
 * which duplicate reports find each other without storing links or account names in clear.
 */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** LC-XXXX-XXXX: 40 random bits in Crockford base32 (no I, L, O, U: easy to read aloud on 111). */
export function newTrackingCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += CROCKFORD[randomInt(32)];
  return `LC-${s.slice(0, 4)}-${s.slice(4)}`;
}

/** Accepts what a person types: lower case, spaces, O for 0, I/L for 1, missing dashes. */
export function normaliseTrackingCode(input: string): string | null {
  const raw = input.toUpperCase().replace(/[\s-]/g, '').replace(/^LC/, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{8}$/.test(raw)) return null;
  return `LC-${raw.slice(0, 4)}-${raw.slice(4)}`;
}

export const newPin = (): string => String(randomInt(0, 1_000_000)).padStart(6, '0');

export class IntakeKeys {
  private readonly pinKey: Buffer;
  private readonly dupKey: Buffer;
  private readonly ipKey: Buffer;
  private readonly pinDeriveKey: Buffer;
  constructor(sealer: Sealer) {
    this.pinDeriveKey = Buffer.from(sealer.derive('intake-pin-derive-v1'), 'base64url');
    this.pinKey = Buffer.from(sealer.derive('intake-pin-v1'), 'base64url');
    this.dupKey = Buffer.from(sealer.derive('intake-dup-v1'), 'base64url');
    this.ipKey = Buffer.from(sealer.derive('intake-ip-v1'), 'base64url');
  }
  /** HMAC, not a slow hash: the PIN is useless without the 40-bit code, and guesses are rate-limited. */
  pinHash(code: string, pin: string): string {
    return createHmac('sha256', this.pinKey).update(`${code}:${pin}`).digest('hex');
  }
  pinMatches(code: string, pin: string, stored: string): boolean {
    const a = Buffer.from(this.pinHash(code, pin), 'hex');
    const b = Buffer.from(stored, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }
  /** The PIN of a report sent with an idempotency key: a retry whose first answer was lost gets it again. */
  derivedPin(scope: string, key: string): string {
    const h = createHmac('sha256', this.pinDeriveKey).update(`${scope}\n${key}`).digest();
    return String(h.readUInt32BE(0) % 1_000_000).padStart(6, '0');
  }
  dupKeyOf(kind: string, normalised: string): string {
    return createHmac('sha256', this.dupKey).update(`${kind}:${normalised}`).digest('hex');
  }
  ipKeyOf(ip: string): string {
    return createHmac('sha256', this.ipKey).update(ip).digest('hex').slice(0, 24);
  }
}

const keysCache = new WeakMap<Sealer, IntakeKeys>();
export function intakeKeys(sealer: Sealer): IntakeKeys {
  let k = keysCache.get(sealer);
  if (!k) {
    k = new IntakeKeys(sealer);
    keysCache.set(sealer, k);
  }
  return k;
}

// One spelling per link: shared with the detection desk, so it lives with the evidence module.
export { normaliseUrl } from '../evidence/links.js';

/** An account as typed ("@Ten.Nick ", "zalo: 0912…") → "platform:ten.nick". */
export function normaliseAccount(platform: string | null, input: string): string | null {
  const handle = input.trim().toLowerCase().replace(/^@+/, '').replace(/\s+/g, '');
  if (!handle) return null;
  return `${platform ?? 'any'}:${handle}`;
}
