/** What the rest of the platform uses of the image side of detection (see README.md). */

export { ImageDecodeError, pdqHash } from '../../evidence/pdq.js';
export { addHashesToBank, type BankMatch, matchHashes, removeHashesFromBank } from './banks.js';

export { CENTRE_PDQ_BANK, CENTRE_SHA256_BANK } from './migrations.js';
