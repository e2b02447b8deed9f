import { randomToken } from '../../../shared/ids.js';
import { sha256Hex } from '../../../shared/secrets.js';

/**
 * The two secrets of a node's life. Prefixes tell them apart from each other and from API tokens
 * (`lct_`) in a log or a leaked paste; only their SHA-256 is stored.
 *  - enrolment token (`lce_`): handed to the school's technician once, in a command line; one use;
 *  - node token (`lcn_`): given to the node at enrolment, sent as `Authorization: Bearer` ever after.
 */
export const ENROLMENT_PREFIX = 'lce_';
export const NODE_TOKEN_PREFIX = 'lcn_';
/** longer than any token we issue, shorter than anything worth hashing */
const MAX_SECRET_LENGTH = 100;

export const newEnrolmentSecret = () => `${ENROLMENT_PREFIX}${randomToken(32)}`;
export const newNodeSecret = () => `${NODE_TOKEN_PREFIX}${randomToken(32)}`;

/** The stored hash of a presented secret, or null when it cannot be one of ours (no lookup then). */
export function secretHash(secret: unknown, prefix: string): string | null {
  if (typeof secret !== 'string' || !secret.startsWith(prefix) || secret.length > MAX_SECRET_LENGTH) return null;
  return sha256Hex(secret);
}
