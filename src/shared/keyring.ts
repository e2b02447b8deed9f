import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

/**
 * The keys that seal identifying fields, by id, kept in `<data dir>/keyring.json` (mode 0600).
 *
 * Why a ring beside the secret key, not a new secret key: the secret key also derives the cookie,
 * CSRF, audit-chain and look-up-hash keys. Replacing it would sign everyone out, make every audit
 * entry look forged and lose the keyed hashes reports are matched by. So the secret key stays and
 * is the root that only wraps (encrypts) the ring's keys and derives those MAC keys; the data keys
 * in the ring rotate. Values sealed before the ring existed (`v1.`) were sealed with the root key
 * itself ("legacy"); the first rotation re-seals them and then closes legacy, after which the root
 * key opens no field any more.
 *
 * Several processes share the ring (the server, `lachan keys rotate`, the filter): each re-reads
 * the file when it changed (checked at most once a second) and whenever it meets a key id it does
 * not know, so a rotation needs no restart.
 */
export interface RingFile {
  version: 1;
  /** The key new values are sealed with; null: still sealing with the legacy root key. */
  current: string | null;
  /** Whether `v1.` values (sealed with the root key) may still be opened. */
  legacy: 'open' | 'closed';
  keys: { id: string; wrapped: string; created: string }[];
}

export const RING_FILE = 'keyring.json';
const REFRESH_MS = 1000;
const KEY_ID = /^[A-Za-z0-9_-]{8}$/;

const wrapKeyOf = (root: Buffer) => Buffer.from(hkdfSync('sha256', root, 'lachan', 'keyring wrap v1', 32));

function wrap(root: Buffer, id: string, key: Buffer): string {
  const iv = randomBytes(12);
  const c = createCipheriv('aes-256-gcm', wrapKeyOf(root), iv);
  c.setAAD(Buffer.from(id));
  const ct = Buffer.concat([c.update(key), c.final()]);
  return Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64url');
}

function unwrap(root: Buffer, id: string, wrapped: string): Buffer {
  const raw = Buffer.from(wrapped, 'base64url');
  const d = createDecipheriv('aes-256-gcm', wrapKeyOf(root), raw.subarray(0, 12));
  d.setAAD(Buffer.from(id));
  d.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([d.update(raw.subarray(28)), d.final()]);
}

const EMPTY: RingFile = { version: 1, current: null, legacy: 'open', keys: [] };

export class KeyRing {
  private ring: RingFile = EMPTY;
  private keys = new Map<string, Buffer>();
  /** inode and mtime of the file last read: an atomic replace always changes the inode. */
  private stamp = '';
  private checkedAt = 0;

  /** `dir` null: a ring only in memory (tests, or a process without a data dir): legacy only. */
  constructor(
    private readonly root: Buffer,
    private readonly dir: string | null,
  ) {
    this.refresh(true);
  }

  get file(): string | null {
    return this.dir === null ? null : path.join(this.dir, RING_FILE);
  }

  /** Re-reads the ring file when it changed; `force` skips the once-a-second throttle. */
  refresh(force = false): void {
    const file = this.file;
    if (file === null) return;
    const now = Date.now();
    if (!force && now - this.checkedAt < REFRESH_MS) return;
    this.checkedAt = now;
    if (!existsSync(file)) {
      if (this.stamp !== '') this.load(EMPTY);
      this.stamp = '';
      return;
    }
    const st = statSync(file);
    const stamp = `${st.ino}:${st.mtimeMs}`;
    if (stamp === this.stamp) return;
    this.load(JSON.parse(readFileSync(file, 'utf8')) as RingFile);
    this.stamp = stamp;
  }

  private load(ring: RingFile): void {
    const keys = new Map<string, Buffer>();
    for (const k of ring.keys) keys.set(k.id, unwrap(this.root, k.id, k.wrapped));
    this.ring = ring;
    this.keys = keys;
  }

  get state(): Readonly<RingFile> {
    return this.ring;
  }

  /** The key to seal with now, or null for the legacy root key. */
  current(): { id: string; key: Buffer } | null {
    this.refresh();
    const id = this.ring.current;
    const key = id === null ? undefined : this.keys.get(id);
    return id === null || key === undefined ? null : { id, key };
  }

  /** The key with this id, re-reading the file once if it is not known (another process added it). */
  key(id: string): Buffer | undefined {
    let key = this.keys.get(id);
    if (key === undefined) {
      this.refresh(true);
      key = this.keys.get(id);
    }
    return key;
  }

  get legacyOpen(): boolean {
    this.refresh();
    return this.ring.legacy === 'open';
  }

  // --- changes (made by `lachan keys rotate`; each one written to disk before it is used) ---

  /** Adds a new random key and makes it the one new values are sealed with. */
  addCurrentKey(now: Date): string {
    let id: string;
    do id = randomBytes(6).toString('base64url');
    while (this.keys.has(id) || !KEY_ID.test(id));
    const key = randomBytes(32);
    this.write({
      ...this.ring,
      current: id,
      keys: [...this.ring.keys, { id, wrapped: wrap(this.root, id, key), created: now.toISOString() }],
    });
    return id;
  }

  /** Removes every key but the current one and closes legacy: the old keys are gone from the file. */
  dropAllButCurrent(): string[] {
    const keep = this.ring.current;
    const dropped = this.ring.keys.filter((k) => k.id !== keep).map((k) => k.id);
    if (this.ring.legacy === 'open') dropped.push('legacy');
    this.write({ ...this.ring, legacy: 'closed', keys: this.ring.keys.filter((k) => k.id === keep) });
    return dropped;
  }

  /** Atomic replace (temporary file, fsync, rename), mode 0600, then used by this process at once. */
  private write(ring: RingFile): void {
    const file = this.file;
    if (file === null) throw new Error('this key ring has no file (no data dir)');
    const tmp = `${file}.${process.pid}.tmp`;
    const fd = openSync(tmp, 'w', 0o600);
    try {
      writeSync(fd, `${JSON.stringify(ring, null, 2)}\n`);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, file);
    const dirFd = openSync(path.dirname(file), 'r');
    try {
      fsyncSync(dirFd);
    } finally {
      closeSync(dirFd);
    }
    this.refresh(true);
  }
}
