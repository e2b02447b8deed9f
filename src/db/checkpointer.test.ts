import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { Checkpointer } from './checkpointer.js';

// SQLite only: PostgreSQL has no WAL file of ours to checkpoint (its own checkpointer does this).
describe('Checkpointer (SQLite WAL checkpoints on a worker thread)', () => {
  const dirs: string[] = [];
  const open = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'lachan-ckpt-'));
    dirs.push(dir);
    const file = path.join(dir, 'db.sqlite');
    const db = new SQLite(file);
    db.pragma('journal_mode = WAL');
    db.exec('create table t (id integer primary key, body text not null)');
    return { db, file };
  };
  /** `rows` rows of 1 KB in one transaction (each commit appends the pages it changed to the WAL) */
  const fill = (db: SQLite.Database, rows: number) => {
    const insert = db.prepare('insert into t (body) values (?)');
    db.transaction(() => {
      for (let i = 0; i < rows; i++) insert.run('x'.repeat(1000));
    })();
  };
  const until = async (ok: () => boolean, ms = 10_000) => {
    const end = Date.now() + ms;
    while (!ok()) {
      if (Date.now() > end) throw new Error('timed out');
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it('stops the main connection checkpointing and does it on the worker once the WAL has grown', async () => {
    const { db, file } = open();
    const ckpt = new Checkpointer(db, file, { intervalMs: 20, startBytes: 256 * 1024 });
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(0);
    fill(db, 100); // ~30 pages of WAL: below the start size, no thread yet
    expect(statSync(`${file}-wal`).size).toBeLessThan(256 * 1024);
    await new Promise((r) => setTimeout(r, 100));
    expect(ckpt.stats.runs).toBe(0);
    for (let i = 0; i < 10; i++) fill(db, 500); // ~1,300 pages: past SQLite's own 1,000-page threshold, left in the WAL
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(4_000_000);
    await until(() => ckpt.stats.runs > 0 && ckpt.stats.checkpointed === ckpt.stats.log && ckpt.stats.log > 1000);
    // the worker copied every frame into the database file: a fresh reader of the file alone sees the rows
    expect(ckpt.stats.fellBack).toBe(false);
    await ckpt.close();
    db.close();
    expect(existsSync(`${file}-wal`)).toBe(false);
    const again = new SQLite(file, { readonly: true });
    expect(again.prepare('select count(*) as n from t').get()).toEqual({ n: 5100 });
    again.close();
  });

  it('hands checkpoints back to the main connection if the worker cannot do them', async () => {
    const { db, file } = open();
    const errors: unknown[] = [];
    const ckpt = new Checkpointer(db, file, { intervalMs: 20, startBytes: 0, workerFile: '/nonexistent/dir/db.sqlite', onError: (e) => errors.push(e) });
    fill(db, 10);
    await until(() => ckpt.stats.fellBack);
    expect(errors).toHaveLength(1);
    expect(db.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    fill(db, 10); // writes go on
    await ckpt.close();
    db.close();
  });
});
