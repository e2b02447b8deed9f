import { readFileSync } from 'node:fs';
import { systemActor } from '../../access/actor.js';
import type { Config } from '../../config.js';
import type { Ctx } from '../../context.js';
import { type Lang, t } from '../../shared/i18n.js';
import { progressBar } from '../../shared/progress.js';
import { createBank, exportBank, importBankCsv } from './banks.js';
import { csvLine } from './csv.js';
import { imageError } from './hash-image.js';
import type { BankKind } from './hashes.js';
import './messages.js';
import { DIHEDRAL_NAMES, pdqHashDihedral } from '../../evidence/pdq.js';

type Out = (s: string) => void;

async function withCtx<T>(cfg: Config, label: string, run: (ctx: Ctx) => Promise<T>): Promise<T> {
  const p = await (await import('../../platform.js')).openPlatform(cfg);
  try {
    return await run({ ...p.deps, actor: systemActor(label), origin: { ip: null } });
  } finally {
    await p.close();
  }
}

/** `lachan detect hash IMAGE...`: `<pdq> <quality> <file>` per image; with --all the 8 dihedral hashes too. No database. */
export async function runHash(files: string[], opts: { all?: boolean }, out: Out): Promise<void> {
  for (const file of files) {
    let r: Awaited<ReturnType<typeof pdqHashDihedral>>;
    try {
      r = await pdqHashDihedral(readFileSync(file));
    } catch (e) {
      throw imageError(e);
    }
    out(`${r.hashes.original} ${r.quality} ${file}\n`);
    if (opts.all) for (const name of DIHEDRAL_NAMES) out(`  ${name.padEnd(10)} ${r.hashes[name]}\n`);
  }
}

/** Lines per import call: the API's own limit is 2M; smaller parts keep each transaction modest. */
const PART_LINES = 500_000;

/** `lachan banks import FILE --bank CODE [--kind pdq] [--name N]`: creates the bank if needed. */
export async function runBanksImport(cfg: Config, file: string, opts: { bank: string; kind?: string; name?: string }, lang: Lang, out: Out): Promise<void> {
  const kind = (opts.kind ?? 'pdq') as BankKind;
  if (!['pdq', 'sha256', 'md5'].includes(kind)) throw new Error(`--kind pdq | sha256 | md5 (${opts.kind})`);
  const content = readFileSync(file, 'utf8');
  await withCtx(cfg, 'cli:banks', async (ctx) => {
    const existing = await ctx.db.kysely.selectFrom('detect_banks').select('id').where('code', '=', opts.bank).executeTakeFirst();
    if (!existing) await createBank(ctx, { code: opts.bank, name: opts.name ?? opts.bank, kind });
    const lines = content.split('\n');
    const bar = progressBar(file);
    let added = 0;
    let duplicates = 0;
    let rejected = 0;
    try {
      for (let start = 0; start < lines.length; start += PART_LINES) {
        const part = lines.slice(start, start + PART_LINES).join('\n');
        let r: Awaited<ReturnType<typeof importBankCsv>>;
        try {
          r = await importBankCsv(ctx, { code: opts.bank }, part, (done, total) =>
            bar.update(start + Math.round((done / total) * Math.min(PART_LINES, lines.length - start)), lines.length),
          );
        } catch (e) {
          // A part with nothing valid (e.g. only comments) is not an error when others had hashes.
          if ((e as { code?: string }).code === 'detect_import_empty' && start > 0) continue;
          throw e;
        }
        added += r.added;
        duplicates += r.duplicates;
        rejected += r.rejected;
        for (const x of r.rejectedLines)
          out(`${t(lang, 'detect_cli.rejected_line', { line: x.line + start, reason: t(lang, `detect_reject.${x.reason}`), text: x.text })}\n`);
      }
    } finally {
      bar.stop();
    }
    out(`${t(lang, 'detect_cli.imported', { added, duplicates, rejected, bank: opts.bank })}\n`);
  });
}

/** `lachan banks export CODE`: CSV (`hash,label`) on stdout. */
export async function runBanksExport(cfg: Config, code: string, out: Out): Promise<void> {
  await withCtx(cfg, 'cli:banks', async (ctx) => {
    const { rows } = await exportBank(ctx, { code });
    out('hash,label\n');
    for await (const page of rows) out(`${page.map((r) => csvLine(r.hash, r.label)).join('\n')}\n`);
  });
}
