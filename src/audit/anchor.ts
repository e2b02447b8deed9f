import { type KeyObject, sign, verify } from 'node:crypto';
import { AppError } from '../shared/errors.js';
import './messages.js';

/**
 * An anchor: the head of the audit chain at one moment (its sequence number, hash and time),
 * signed with the platform's Ed25519 anchor key (src/audit/chain-key.ts). Kept outside the
 * database — one file a day in <data dir>/audit-anchors/, to be copied off the machine — it lets
 * `lachan audit verify --anchor FILE` notice a chain that was cut short or recomputed, which the
 * chain alone cannot show.
 */
export interface AuditAnchor {
  format: typeof ANCHOR_FORMAT;
  /** sequence number of the anchored entry */
  seq: number;
  /** that entry's hash */
  hash: string;
  /** that entry's time */
  at: string;
  /** when the anchor was made */
  anchoredAt: string;
  alg: 'ed25519';
  /** raw Ed25519 public key, base64: compare with the one published for this platform */
  publicKey: string;
  /** Ed25519 signature of `signedText(anchor)`, base64 */
  signature: string;
}

export const ANCHOR_FORMAT = 'lachan-audit-anchor/1';

/** One line per field, in a fixed order: what is signed can be re-created by hand (or with openssl) from the file. */
export function signedText(a: Pick<AuditAnchor, 'seq' | 'hash' | 'at' | 'anchoredAt'>): string {
  return `${ANCHOR_FORMAT}\nseq=${a.seq}\nhash=${a.hash}\nat=${a.at}\nanchoredAt=${a.anchoredAt}\n`;
}

export function signAnchor(head: { seq: number; hash: string; at: string }, anchoredAt: string, signing: KeyObject, publicKey: string): AuditAnchor {
  const body = { seq: head.seq, hash: head.hash, at: head.at, anchoredAt };
  const signature = sign(null, Buffer.from(signedText(body)), signing).toString('base64');
  return { format: ANCHOR_FORMAT, ...body, alg: 'ed25519', publicKey, signature };
}

export function anchorSignatureValid(anchor: AuditAnchor, verifying: KeyObject): boolean {
  return verify(null, Buffer.from(signedText(anchor)), verifying, Buffer.from(anchor.signature, 'base64'));
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;
const B64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * Reads an anchor file's text. It comes from outside (an operator's copy, possibly tampered
 * with): every field is checked for shape before anything is compared, and a file that is not
 * an anchor is refused with one clear reason.
 */
export function parseAnchor(text: string): AuditAnchor {
  const invalid = (detail: string) => new AppError(400, 'audit_anchor_invalid', { detail });
  if (text.length > 64 * 1024) throw invalid('too large');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw invalid('not JSON');
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw invalid('not a JSON object');
  const o = raw as Record<string, unknown>;
  if (o.format !== ANCHOR_FORMAT) throw invalid(`format is not ${ANCHOR_FORMAT}`);
  if (o.alg !== 'ed25519') throw invalid('alg is not ed25519');
  if (typeof o.seq !== 'number' || !Number.isSafeInteger(o.seq) || o.seq < 1) throw invalid('seq');
  if (typeof o.hash !== 'string' || !/^[0-9a-f]{64}$/.test(o.hash)) throw invalid('hash');
  for (const k of ['at', 'anchoredAt'] as const) if (typeof o[k] !== 'string' || !ISO.test(o[k] as string)) throw invalid(k);
  if (typeof o.publicKey !== 'string' || !B64.test(o.publicKey) || Buffer.from(o.publicKey, 'base64').length !== 32) throw invalid('publicKey');
  if (typeof o.signature !== 'string' || !B64.test(o.signature) || Buffer.from(o.signature, 'base64').length !== 64) throw invalid('signature');
  return {
    format: ANCHOR_FORMAT,
    seq: o.seq,
    hash: o.hash,
    at: o.at as string,
    anchoredAt: o.anchoredAt as string,
    alg: 'ed25519',
    publicKey: o.publicKey,
    signature: o.signature,
  };
}
