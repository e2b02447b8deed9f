import type { BankKind } from './hashes.js';

/** A bank of hashes of known harmful images (PDQ: near matches; SHA-256/MD5: exact files). */
export interface DetectBanksTable {
  id: string;
  /** Stable handle for imports and code, e.g. `confirmed_by_centre`. */
  code: string;
  name: string;
  kind: BankKind;
  /** PDQ only: the largest Hamming distance that counts as a match (0..64). */
  threshold: number;
  description: string | null;
  hash_count: number;
  /** Bumped on every change of the bank's hashes: in-memory indexes rebuild when it moves. */
  version: number;
  created_at: string;
  updated_at: string;
}

export interface DetectBankHashesTable {
  bank_id: string;
  /** Lower-case hex (pdq/sha256: 64 digits, md5: 32). Unique within a bank. */
  hash: string;
  label: string | null;
  added_at: string;
  /** Who added it: the actor's label (user name, token name or `system`). */
  added_by: string | null;
}

export interface ImagesTables {
  detect_banks: DetectBanksTable;
  detect_bank_hashes: DetectBankHashesTable;
}
