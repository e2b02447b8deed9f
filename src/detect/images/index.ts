/** What the rest of the platform uses of the image side of detection (see README.md). */

export { DIHEDRAL_NAMES, type DihedralName, ImageDecodeError, pdqHash, pdqHashDihedral } from '../../evidence/pdq.js';
export { addHashesToBank, type Bank, type BankMatch, matchHashes, removeHashesFromBank } from './banks.js';
export { hashImage, type ImageHashes } from './hash-image.js';
export { type BankKind, canonicalHash, hammingHex } from './hashes.js';
export { CENTRE_PDQ_BANK, CENTRE_SHA256_BANK } from './migrations.js';
