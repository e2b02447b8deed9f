import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import path from 'node:path';
import { newId } from '../shared/ids.js';
import type { Sealer } from '../shared/secrets.js';

const MAGIC = Buffer.from('LCE1');

/** Content-addressed, encrypted, fsynced before the report that refers to it commits. */
export class EvidenceStore {
  private readonly key: Buffer;
  constructor(
    readonly dir: string,
    sealer: Sealer,
  ) {
    this.key = Buffer.from(sealer.derive('evidence-v1'), 'base64url');
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
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(sha));
    const ct = Buffer.concat([cipher.update(plain), cipher.final()]);
    const tmp = `${target}.${newId()}.tmp`;
    const fh = await fs.open(tmp, 'wx', 0o600);
    try {
      await fh.writeFile(Buffer.concat([MAGIC, iv, cipher.getAuthTag(), ct]));
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
    return true;
  }

  async get(sha: string): Promise<Buffer> {
    const raw = await fs.readFile(this.file(sha));
    if (!raw.subarray(0, 4).equals(MAGIC)) throw new Error('not an evidence file');
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(4, 16));
    decipher.setAAD(Buffer.from(sha));
    decipher.setAuthTag(raw.subarray(16, 32));
    return Buffer.concat([decipher.update(raw.subarray(32)), decipher.final()]);
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
