import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { newId } from '../shared/ids.js';
import { LEGACY, type Sealer } from '../shared/secrets.js';

/** "LCE1": sealed with the key derived from the root secret (before the key ring); "LCE2" + key id: a ring key. */
const MAGIC = Buffer.from('LCE1');
const MAGIC_RING = Buffer.from('LCE2');
const KEY_ID_LEN = 8;

/** Content-addressed, encrypted, fsynced before the report that refers to it commits. */
export class EvidenceStore {
  constructor(
    readonly dir: string,
    private readonly sealer: Sealer,
  ) {}

  /** The file's bytes under the sealer's current key: header (magic, key id), iv, tag, ciphertext. */
  private encrypt(sha: string, plain: Buffer): Buffer {
    const id = this.sealer.currentKeyId();
    const header = id === LEGACY ? MAGIC : Buffer.concat([MAGIC_RING, Buffer.from(id, 'latin1')]);
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.sealer.fileKey(id), iv);
    cipher.setAAD(Buffer.from(sha));
    const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([header, iv, cipher.getAuthTag(), ct]);
  }

  /** Which key a stored file is encrypted with, and where its iv starts. */
  private static keyOf(raw: Buffer): { id: string; at: number } {
    const magic = raw.subarray(0, 4);
    if (magic.equals(MAGIC)) return { id: LEGACY, at: 4 };
    if (magic.equals(MAGIC_RING)) return { id: raw.toString('latin1', 4, 4 + KEY_ID_LEN), at: 4 + KEY_ID_LEN };
    throw new Error('not an evidence file');
  }

  private file(sha: string): string {
    if (!/^[0-9a-f]{64}$/.test(sha)) throw new Error('bad content address');
    return path.join(this.dir, sha.slice(0, 2), `${sha}.lce`);
  }

  /** Returns true when this call created the file (so a failed transaction may remove it). */
  async put(sha: string, plain: Buffer): Promise<boolean> {
    const target = this.file(sha);
    try {
      await fs.access(target, constants.F_OK);
      return false;
    } catch {
      /* not there yet */
    }
    await fs.mkdir(path.dirname(target), { recursive: true });
    await this.replace(target, this.encrypt(sha, plain));
    return true;
  }

  /** Writes a file whole or not at all: a temporary file, fsync, rename, fsync of the directory. */
  private async replace(target: string, bytes: Buffer): Promise<void> {
    const tmp = `${target}.${newId()}.tmp`;
    const fh = await fs.open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await fs.rename(tmp, target);
    const dirHandle = await fs.open(path.dirname(target), 'r');
    try {
      await dirHandle.sync();
    } finally {
      await dirHandle.close();
    }
  }

  async get(sha: string): Promise<Buffer> {
    const raw = await fs.readFile(this.file(sha));
    const { id, at } = EvidenceStore.keyOf(raw);
    const decipher = createDecipheriv('aes-256-gcm', this.sealer.fileKey(id), raw.subarray(at, at + 12));
    decipher.setAAD(Buffer.from(sha));
    decipher.setAuthTag(raw.subarray(at + 12, at + 28));
    return Buffer.concat([decipher.update(raw.subarray(at + 28)), decipher.final()]);
  }

  /**
   * Key rotation: re-encrypts the file under the current key when it is under another one
   * (atomically: a reader sees the old file or the new one). Returns whether it rewrote it.
   */
  async reencrypt(sha: string): Promise<boolean> {
    const raw = await fs.readFile(this.file(sha));
    if (EvidenceStore.keyOf(raw).id === this.sealer.currentKeyId()) return false;
    await this.replace(this.file(sha), this.encrypt(sha, await this.get(sha)));
    return true;
  }

  /** The content addresses of every stored file (for key rotation). */
  async *addresses(): AsyncGenerator<string> {
    let dirs: string[];
    try {
      dirs = (await fs.readdir(this.dir)).filter((d) => /^[0-9a-f]{2}$/.test(d)).sort();
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw e;
    }
    for (const d of dirs) {
      for (const f of (await fs.readdir(path.join(this.dir, d))).sort()) {
        const m = /^([0-9a-f]{64})\.lce$/.exec(f);
        if (m) yield m[1] as string;
      }
    }
  }

  async remove(sha: string): Promise<void> {
    await fs.rm(this.file(sha), { force: true });
  }

  async exists(sha: string): Promise<boolean> {
    try {
      await fs.access(this.file(sha), constants.F_OK);
      return true;
    } catch {
      return false;
    }
  }
}

const stores = new WeakMap<Sealer, Map<string, EvidenceStore>>();
/** The evidence store of a data dir (one per data dir and key: it holds nothing but its key). */
export function evidenceStoreFor(dataDir: string, sealer: Sealer): EvidenceStore {
  let byDir = stores.get(sealer);
  if (!byDir) {
    byDir = new Map();
    stores.set(sealer, byDir);
  }
  let store = byDir.get(dataDir);
  if (!store) {
    store = new EvidenceStore(path.join(dataDir, 'evidence'), sealer);
    byDir.set(dataDir, store);
  }
  return store;
}
